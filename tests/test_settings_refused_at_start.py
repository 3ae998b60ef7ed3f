"""Settings the site could start with but never use as meant stop the start in one line naming the
setting, its value and what it may be: a form field limit too small to hold a form's part headers."""
from __future__ import annotations

import io

import pytest

from app import SettingError, create_app, create_app_or_exit, read_settings
from app.usable_cpus import usable_cpus
from tests.conftest import WRITE_TOKEN, csrf_at, names, writable_app

FORM_LIMIT_WORDS = ("MAX_FORM_MEMORY_SIZE must be the bytes of a form's fields but its files, a whole number from "
                    "{least} (a multipart form's boundary line and each part's headers, a file's name among them, "
                    "are held within it too: 1024 bytes, or the request body's limit, MAX_CONTENT_LENGTH, where that "
                    "is less); got {value}")


def refused_start(data_dir, **settings) -> str:
    """The one line `create_app_or_exit` ends the process with under `settings`."""
    with pytest.raises(SystemExit) as exited:
        create_app_or_exit({"TESTING": True, "DATA_DIR": str(data_dir), **settings})
    return exited.value.code


@pytest.mark.parametrize("size", [1, 100, 1023])
def test_a_form_field_limit_below_1024_bytes_stops_the_start_naming_the_least_and_why(data_dir, size):
    # Below it every multipart form was refused, an empty one too, as cut short or for its headers.
    assert refused_start(data_dir, MAX_FORM_MEMORY_SIZE=size) == "error: " + FORM_LIMIT_WORDS.format(least=1024,
                                                                                                     value=size)
    with pytest.raises(SettingError, match="^MAX_FORM_MEMORY_SIZE must be .* from 1024 "):
        read_settings({"TESTING": True, "MAX_FORM_MEMORY_SIZE": size})


def test_a_form_field_limit_below_a_smaller_body_limit_stops_the_start_naming_that_limit(data_dir):
    assert refused_start(data_dir, MAX_CONTENT_LENGTH=500, MAX_FORM_MEMORY_SIZE=400) == (
        "error: " + FORM_LIMIT_WORDS.format(least=500, value=400))


@pytest.mark.parametrize("body", [20, 1000])
def test_a_body_limit_below_1024_bytes_starts_with_the_form_field_limit_unset_or_as_large(data_dir, body):
    assert writable_app(data_dir, MAX_CONTENT_LENGTH=body).config["MAX_FORM_MEMORY_SIZE"] == body
    assert writable_app(data_dir, MAX_CONTENT_LENGTH=body, MAX_FORM_MEMORY_SIZE=body).config["MAX_CONTENT_LENGTH"] == body


def test_at_the_least_form_field_limit_the_upload_form_takes_a_file_of_a_long_name(data_dir):
    client = writable_app(data_dir, MAX_FORM_MEMORY_SIZE=1024).test_client()
    filename = "数" * 251 + ".csv"  # 255 characters, 757 bytes in UTF-8
    response = client.post("/upload", content_type="multipart/form-data", data={
        "csrf_token": csrf_at(client, "/upload"), "token": WRITE_TOKEN, "name": "longname",
        "file": (io.BytesIO(b"a,b\n1,2\n"), filename)})
    assert response.status_code == 303, response.get_data(as_text=True)
    assert "longname" in names(client)


# What the machine lets this process keep busy, as the site counts it (tests/test_usable_cpus.py).
CPUS = usable_cpus()
RENDER_WORKERS_WORDS = (f"RENDER_WORKERS must be a whole number of render processes, 0 (charts drawn in the web process) "
                        f"to {4 * CPUS} (4 for each of the {CPUS} CPUs this process may run on: a render keeps one CPU "
                        "busy, and more renders than that wait for one, each holding its worker's memory); got {value}")


@pytest.mark.parametrize("workers", [4 * CPUS + 1, 10_000, 2**63])
def test_more_render_workers_than_4_a_cpu_stop_the_start_in_one_line(data_dir, workers):
    # Each was forked, a thread of every gunicorn worker each, until the machine ran out of memory.
    assert refused_start(data_dir, RENDER_WORKERS=workers) == "error: " + RENDER_WORKERS_WORDS.format(value=workers)
    with pytest.raises(SettingError, match=f"^RENDER_WORKERS must be .* to {4 * CPUS} "):
        read_settings({"TESTING": True, "RENDER_WORKERS": workers})


def test_4_render_workers_a_cpu_are_taken(monkeypatch):
    monkeypatch.setenv("SVGPLOTS_RENDER_WORKERS", str(4 * CPUS))
    assert read_settings({"TESTING": True})["RENDER_WORKERS"] == 4 * CPUS


def sample_folder_words(folder) -> str:
    return (f"error: SAMPLE_DATA_DIR names {str(folder)!r}, which is no folder; name the folder that holds the "
            "sample datasets' CSV files and workbooks (an empty folder loads none)")


@pytest.mark.parametrize("made", ["nothing", "a file"])
def test_a_sample_folder_that_is_not_there_stops_the_start_naming_it(tmp_path, made):
    # It loaded no sample, and said nothing: the site started without the datasets meant (or, with
    # the site's own dashboards, stopped for a chart's dataset missing).
    folder = tmp_path / "samples"
    if made == "a file":
        folder.write_text("animals,bears\n")
    (tmp_path / "boards").mkdir()
    data_dir = tmp_path / "data"
    said = refused_start(data_dir, SAMPLE_DATA_DIR=str(folder), DASHBOARD_DIRS=[str(tmp_path / "boards")])
    assert said == sample_folder_words(folder)
    assert refused_start(data_dir, SAMPLE_DATA_DIR=str(folder)) == sample_folder_words(folder)
    assert not (data_dir / "svgplots.sqlite").exists()


def test_an_empty_sample_folder_starts_the_site_without_samples(tmp_path):
    for folder in ("samples", "boards"):
        (tmp_path / folder).mkdir()
    app = writable_app(tmp_path / "data", SAMPLE_DATA_DIR=str(tmp_path / "samples"),
                       DASHBOARD_DIRS=[str(tmp_path / "boards")])  # the site's own draw the samples
    assert names(app.test_client()) == []


def token_words(number: int, count: int, character: str, offset: int) -> str:
    return (f"error: WRITE_TOKENS: token {number} of {count} holds the character U+{ord(character):04X} at offset "
            f"{offset}, which an Authorization header cannot carry (it carries Latin-1 characters, no control "
            "character but a tab); set tokens of visible ASCII, as python3 run.py makes them (the token itself is "
            "not shown)")


@pytest.mark.parametrize("tokens, number, count, character, offset", [
    ("write\u20actoken", 1, 1, "\u20ac", 5),         # the euro sign: no Latin-1 character
    ("good-token,bad\x01token", 2, 2, "\x01", 3),   # a control character
    (["good-token", "line\nbreak"], 2, 2, "\n", 4),
    ("delete\x7f", 1, 1, "\x7f", 6),
    ("\u200bhidden", 1, 1, "\u200b", 0),            # a zero width space, which no strip takes away
])
def test_a_write_token_a_header_cannot_carry_stops_the_start_without_showing_it(data_dir, tokens, number, count,
                                                                                character, offset):
    # Each was taken, and no Authorization header could ever match it.
    said = refused_start(data_dir, WRITE_TOKENS=tokens)
    assert said == token_words(number, count, character, offset)
    for token in (tokens.split(",") if isinstance(tokens, str) else tokens):
        assert token.strip() not in said
    with pytest.raises(SettingError, match=f"^WRITE_TOKENS: token {number} of {count} holds "):
        read_settings({"TESTING": True, "WRITE_TOKENS": tokens})


def test_a_write_token_of_latin_1_letters_and_spaces_is_taken_from_a_header(data_dir):
    client = writable_app(data_dir, WRITE_TOKENS=" café token\t").test_client()
    response = client.post("/api/datasets/animals/rows", data="year,Bear,Deer,Wolf\n2031,1,2,3\n",
                           headers={"Authorization": "Bearer café token".encode("latin-1").decode("latin-1"),
                                    "Content-Type": "text/csv"})
    assert response.status_code == 200, response.get_data(as_text=True)


@pytest.mark.parametrize("name, words", [
    ("DATA_DIR", "give the data folder's path, or unset it for the app's instance folder (./instance)"),
    ("DATABASE_URL", "give a database URL, or unset it for the data folder's SQLite file"),
    ("SOURCES", "give the sources file's path, or unset it for site/sources.toml when there is one"),
])
@pytest.mark.parametrize("blank", ["", "  "])
def test_a_blank_path_or_url_in_the_environment_stops_the_start_saying_what_it_takes(tmp_path, monkeypatch, name,
                                                                                     words, blank):
    # As a compose file's SVGPLOTS_SOURCES=${SOURCES} sets it where SOURCES is unset: it read as the default, unsaid.
    monkeypatch.setenv(f"SVGPLOTS_{name}", blank)
    given = {"DATABASE_URL": f"sqlite:///{tmp_path / 'store.sqlite'}"} if name == "DATA_DIR" else {
        "DATA_DIR": str(tmp_path)}
    with pytest.raises(SystemExit) as exited:
        create_app_or_exit({"TESTING": True, **given})
    assert exited.value.code == f"error: SVGPLOTS_{name} is set but blank: {words}"


def test_a_blank_environment_variable_the_command_line_overrides_is_not_read(tmp_path, monkeypatch):
    monkeypatch.setenv("SVGPLOTS_DATA_DIR", "")
    assert read_settings({"TESTING": True, "DATA_DIR": str(tmp_path)})["DATA_DIR"] == str(tmp_path)


@pytest.mark.parametrize("name", ["DATA_DIR", "SOURCES", "DATABASE_URL"])
def test_an_empty_path_or_url_given_in_code_is_refused_as_a_setting(name):
    with pytest.raises(SettingError, match=rf"^{name} must be .*; got ''$"):
        read_settings({"TESTING": True, name: ""})


@pytest.mark.parametrize(("name", "text", "refusal"), [
    ("DASHBOARD_DIRS", '["site/dashboards",', "DASHBOARD_DIRS names '[\"site/dashboards\",', which is no folder; name "
     "the folders that hold the dashboard files; SVGPLOTS_DASHBOARD_DIRS starts with [ but is no JSON (line 1, column "
     "20, the end of the setting: a value is expected: a number, text in double quotes, true, false, null, a list or "
     "an object), so it was read as the text itself"),
    ("TRUSTED_HOSTS", '["a.example" "b.example"]', "TRUSTED_HOSTS must be the host names requests may name, a list "
     "of texts (as JSON: [\"charts.example.org\"]), or None for any; got '[\"a.example\" \"b.example\"]'; "
     "SVGPLOTS_TRUSTED_HOSTS starts with [ but is no JSON (line 1, column 14, where it reads '\"b.example\"]': a "
     "comma is expected, or the end of the list (]) or object (})), so it was read as the text itself"),
    ("FAST_HITS", ' {"on": true,}', "FAST_HITS must be true or false; got ' {\"on\": true,}'; SVGPLOTS_FAST_HITS "
     "starts with { but is no JSON (line 1, column 14, where it reads '}': a name in double quotes is expected (JSON "
     "takes no comma before a closing })), so it was read as the text itself"),
], ids=["folders", "hosts", "object"])
def test_a_setting_from_the_environment_meant_as_json_but_broken_stops_the_start_saying_where(data_dir, monkeypatch,
                                                                                            name, text, refusal):
    monkeypatch.setenv(f"SVGPLOTS_{name}", text)
    with pytest.raises(SettingError) as caught:
        create_app({"TESTING": True, "DATA_DIR": str(data_dir)})
    assert str(caught.value) == refusal


@pytest.mark.parametrize("name", ["[drafts", "[drafts]"])
def test_a_dashboard_folder_whose_name_starts_as_json_does_is_still_taken(tmp_path, monkeypatch, name):
    (tmp_path / name).mkdir()
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("SVGPLOTS_DASHBOARD_DIRS", name)
    app = create_app({"TESTING": True, "DATA_DIR": str(tmp_path / "data")})
    assert app.config["DASHBOARD_DIRS"] == name


@pytest.mark.parametrize(("made", "words"), [
    (False, "; read as the list [\"drafts\"] it looks like, it names 'drafts', which is no folder either"),
    (True, "; 'drafts' is a folder: write the list as JSON, [\"drafts\"], or the folder alone, drafts"),
], ids=["missing", "there"])
def test_a_dashboard_folders_list_without_quotes_is_told_as_no_json_and_what_its_folders_are(tmp_path, monkeypatch,
                                                                                           made, words):
    if made:
        (tmp_path / "drafts").mkdir()
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("SVGPLOTS_DASHBOARD_DIRS", "[drafts]")
    with pytest.raises(SettingError) as caught:
        create_app({"TESTING": True, "DATA_DIR": str(tmp_path / "data")})
    said = str(caught.value)
    assert said.startswith("DASHBOARD_DIRS names '[drafts]', which is no folder; ") and "is no JSON" in said, said
    assert said.endswith(f"so it was read as the text itself{words}"), said
