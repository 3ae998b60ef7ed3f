"""What a dashboard author reads: where to add a dashboard, a page naming no folder of the server's and
its log naming them, text quoted as the site's refusals quote it and other values written as TOML writes
them, and which files of a dashboard folder are read."""
from __future__ import annotations

import html
import logging
import re
from pathlib import Path

import pytest

from app import DashboardError, create_app
from app.config import DEFAULT_DASHBOARD_DIR
from plots import SpecError
from plots.timerange import ACCEPTED, parse_range
from tests.source_data import sources_toml

GOOD_CHART = '[[charts]]\nid = "c"\ndataset = "animals"\ny = ["Bear"]\n'


def start(folders: list[Path], **settings):
    return create_app({"TESTING": True, "DASHBOARD_DIRS": [str(folder) for folder in folders], **settings})


def boards_folder(tmp_path: Path, files: dict[str, str] | None = None) -> Path:
    folder = tmp_path / "boards"
    folder.mkdir(exist_ok=True)
    for name, text in (files or {}).items():
        (folder / name).write_text(text)
    return folder


def refusal_of(tmp_path: Path, text: str) -> str:
    with pytest.raises(DashboardError) as caught:
        start([boards_folder(tmp_path, {"board.toml": text})])
    return str(caught.value)


def test_the_front_page_without_dashboards_says_where_to_add_one_naming_no_path_which_the_log_names(tmp_path,
                                                                                                   caplog):
    folder = boards_folder(tmp_path)
    with caplog.at_level(logging.WARNING):
        page = html.unescape(start([folder]).test_client().get("/").get_data(as_text=True))
    assert ("No dashboards yet: add a TOML file to the site's dashboard folder, which the server's log names as the "
            "site starts.") in page
    assert str(tmp_path) not in page and "site/dashboards" not in page
    assert f"no dashboard file in {folder}/: the front page shows no dashboard; add a <name>.toml file there to " \
           "serve /d/<name>" in caplog.text


def test_the_front_page_of_several_dashboard_folders_names_none_and_the_log_names_each(tmp_path, caplog):
    folder = boards_folder(tmp_path)
    empty = tmp_path / "more"
    empty.mkdir()
    with caplog.at_level(logging.WARNING):
        page = html.unescape(start([folder, empty]).test_client().get("/").get_data(as_text=True))
    assert "No dashboards yet: add a TOML file to one of the site's dashboard folders, which" in page
    assert str(tmp_path) not in page
    assert f"no dashboard file in {folder}/ or {empty}/: the front page" in caplog.text


def test_every_start_logs_the_dashboard_folders_it_reads(tmp_path, caplog):
    folder = boards_folder(tmp_path, {"fundraising.toml": GOOD_CHART})
    with caplog.at_level(logging.INFO):
        start([folder])
    assert f"dashboard folders: {folder}/ (dashboards read: 1)" in caplog.text


def test_a_site_whose_settings_name_no_dashboard_folder_says_so_and_promises_no_file_served(caplog):
    with caplog.at_level(logging.INFO):
        client = start([]).test_client()
    assert "dashboard folders: none (DASHBOARD_DIRS is empty)" in caplog.text
    page = html.unescape(client.get("/").get_data(as_text=True))
    assert ("No dashboards: the site's settings name no dashboard folder (DASHBOARD_DIRS is empty), so it serves "
            "none.") in page and "add a TOML file" not in page
    answer = client.get("/d/sales")
    assert answer.status_code == 404
    text = html.unescape(answer.get_data(as_text=True))
    assert "the site's settings name no dashboard folder (DASHBOARD_DIRS is empty), so it serves none" in text
    assert "is served" not in text


def test_an_unknown_dashboard_s_404_names_the_dashboards_and_no_folder_of_the_server(tmp_path):
    folder = boards_folder(tmp_path, {"fundraising.toml": GOOD_CHART})
    answer = start([folder]).test_client().get("/d/fundrasing")
    assert answer.status_code == 404
    text = answer.get_data(as_text=True)
    assert ("no dashboard &#39;fundrasing&#39; (did you mean &#39;fundraising&#39;?); the dashboards are fundraising "
            "(a dashboard file added to the site&#39;s dashboard folder is served within a second, with no restart)"
            ) in text
    assert str(tmp_path) not in text
    assert "site/dashboards" not in start([DEFAULT_DASHBOARD_DIR]).test_client().get("/d/nope").get_data(as_text=True)


def test_a_chart_without_an_id_is_said_to_miss_it(tmp_path):
    message = refusal_of(tmp_path, GOOD_CHART.replace('id = "c"\n', ""))
    assert message.startswith("board.toml: chart 1: id is missing: give each chart an id of ")
    assert "None" not in message


def test_a_chart_without_a_dataset_is_said_to_miss_it_naming_the_datasets(tmp_path):
    assert refusal_of(tmp_path, GOOD_CHART.replace('dataset = "animals"\n', "")) == (
        "board.toml: chart 'c': dataset is missing: name the dataset the chart draws; the datasets are animals, "
        "stations, weather")


@pytest.mark.parametrize(("value", "shown"), [('["animals"]', "['animals']"), ("{ name = \"animals\" }",
                                                                              '{name = "animals"}'), ("5", "5")])
def test_a_chart_s_dataset_that_is_no_text_is_said_to_be_what_it_is_naming_the_datasets(tmp_path, value, shown):
    assert refusal_of(tmp_path, GOOD_CHART.replace('"animals"', value)) == (
        f"board.toml: chart 'c': dataset must be a dataset's name, as text, got {shown}; the datasets are animals, "
        "stations, weather")


def test_a_chart_that_is_no_table_is_said_to_be_what_it_is(tmp_path):
    assert refusal_of(tmp_path, 'charts = ["bears"]\n') == (
        "board.toml: chart 1: must be a [[charts]] table of the chart's fields (id, dataset, kind, …), got 'bears'")


def test_a_filter_that_is_no_table_is_said_to_be_what_it_is(tmp_path):
    assert refusal_of(tmp_path, 'filters = ["station"]\n' + GOOD_CHART) == (
        "board.toml: filter 1: must be a [[filters]] table of a column and its label, got 'station'")


def test_a_time_of_day_as_the_dashboard_s_range_is_said_to_be_one(tmp_path):
    message = refusal_of(tmp_path, "from = 08:00:00\n" + GOOD_CHART)
    assert message == f"board.toml: from must be {ACCEPTED}; got 08:00:00, a time of day with no date"
    # In the words a URL's from is refused with.
    with pytest.raises(SpecError) as refused:
        parse_range({"from": ["08:00:00"]})
    assert refused.value.message == f"from must be {ACCEPTED}; got '08:00:00'"


def test_true_as_a_number_is_said_to_be_no_number(tmp_path):
    message = refusal_of(tmp_path, "refresh = true\n" + GOOD_CHART)
    assert message == "board.toml: refresh must be a whole number from 0 to 86400, got true, which is not a number"


@pytest.mark.parametrize(("text", "message"), [
    ('columns = "2"\n' + GOOD_CHART, "board.toml: columns must be a whole number from 1 to 6, got '2', which is text"),
    ("columns = 2.5\n" + GOOD_CHART, "board.toml: columns must be a whole number from 1 to 6, got 2.5"),
    ("title = false\n" + GOOD_CHART, "board.toml: title must be text, got false"),
    ("description = [1, 2]\n" + GOOD_CHART, "board.toml: description must be text, got [1, 2]"),
    ('theme = "neon"\n' + GOOD_CHART, "board.toml: theme must be one of light, dark, auto, print; got 'neon'"),
    ('to = ""\n' + GOOD_CHART, f"board.toml: to must be {ACCEPTED}; got ''"),
    # A chart's field, read as a URL's text, quoted a TOML number or true as text written in quotes.
    (GOOD_CHART + "width = 500.5\n", "board.toml: chart 'c': width must be a whole number of CSS pixels from 100 to "
                                     "2000, written with the digits 0 to 9 only, got 500.5"),
    (GOOD_CHART + "height = -inf\n", "board.toml: chart 'c': height must be a whole number of CSS pixels from 100 to "
                                     "2000, written with the digits 0 to 9 only, got -inf"),
    (GOOD_CHART + "width = true\n", "board.toml: chart 'c': width must be a whole number of CSS pixels from 100 to "
                                    "2000, written with the digits 0 to 9 only, got true"),
    (GOOD_CHART + "ymin = nan\n", "board.toml: chart 'c': ymin must be a finite number between -1e150 and 1e150, "
                                  "got nan"),
    (GOOD_CHART + "kind = 5\n", "board.toml: chart 'c': kind must be one of line, bar, barh, scatter, area, hist, "
                                "box; got 5"),
    (GOOD_CHART + 'theme = "neon"\n', "board.toml: chart 'c': theme must be one of light, dark, auto, print; got 'neon'"),
    (GOOD_CHART.replace('id = "c"', "id = 7"), "board.toml: chart 1: id must be"),
    ('[[filters]]\nlabel = "Where"\n' + GOOD_CHART, "board.toml: filter 1: column is missing: name a text column"),
    ('[[filters]]\ncolumn = true\n' + GOOD_CHART, "board.toml: filter 1: column must name a text column of this "
                                                  "dashboard's datasets, got true;"),
])
def test_a_refused_value_is_written_as_toml_writes_it(tmp_path, text, message):
    refused = refusal_of(tmp_path, text)
    assert refused.startswith(message)
    for python in ("None", "True", "False", "datetime.", "'<"):
        assert python not in refused


def test_each_of_several_refused_numbers_is_written_as_toml_writes_it(tmp_path):
    # Refused at once, each field's value is written as the file wrote it, not the first alone.
    refused = refusal_of(tmp_path, GOOD_CHART + "width = 500.5\nheight = -inf\n")
    assert "2 fields are refused" in refused
    assert "got 500.5;" in refused and refused.endswith("got -inf")
    assert "'-inf'" not in refused and "'500.5'" not in refused


@pytest.mark.parametrize(("text", "told"), [
    (GOOD_CHART + "width = 50\nheight = 5000\n", "board.toml: chart 'c': 2 fields are refused: (1) width must be"),
    ('from = "yesterday"\nto = "later"\n[[charts]]\nid = "w"\ndataset = "weather"\ny = ["temperature_c"]\n',
     "board.toml: 2 fields are refused: (1) from must be"),
])
def test_several_refused_fields_of_a_dashboard_file_are_told_as_fields_not_parameters(tmp_path, text, told):
    refused = refusal_of(tmp_path, text)
    assert refused.startswith(told) and "parameters" not in refused


# "cafe" and a combining accent, which a TOML string wrote as the café it looks like: text is quoted as the
# sources file's refusals and a URL's quote it, in Python's quotes, not a TOML string's double ones.
@pytest.mark.parametrize(("text", "message"), [
    ('theme = "cafe\\u0301"\n' + GOOD_CHART, "board.toml: theme must be one of light, dark, auto, print; got 'cafe\\u0301'"),
    ('columns = "a\\\\b"\n' + GOOD_CHART, "board.toml: columns must be a whole number from 1 to 6, got 'a\\\\b', which is text"),
    ('columns = "it\'s"\n' + GOOD_CHART, 'board.toml: columns must be a whole number from 1 to 6, got "it\'s", which is text'),
    ('description = ["cafe\\u0301", 1]\n' + GOOD_CHART, "board.toml: description must be text, got ['cafe\\u0301', 1]"),
    (GOOD_CHART.replace('id = "c"', 'id = "cafe\\u0301"'), "(not 'versions'), got 'cafe\\u0301'"),
])
def test_a_refused_text_value_is_quoted_as_the_site_s_refusals_quote_it(tmp_path, text, message):
    refused = refusal_of(tmp_path, text)
    assert message in refused
    assert "cafe\u0301" not in refused and '"cafe' not in refused


def test_a_chart_that_cannot_be_drawn_has_no_data_version_as_versions_json_gives_none(tmp_path):
    data_dir = tmp_path / "data"
    data_dir.mkdir()
    (data_dir / "zoo.csv").write_text("year,lions,tigers\n2020,1,2\n2021,3,4\n")
    folder = boards_folder(tmp_path, {"zoo.toml": 'refresh = 30\n[[charts]]\nid = "lions"\ndataset = "zoo"\n'
                                                  'y = ["lions"]\n[[charts]]\nid = "tigers"\ndataset = "zoo"\n'
                                                  'y = ["tigers"]\n'})
    client = start([folder], DATA_DIR=str(data_dir)).test_client()
    (data_dir / "zoo.csv").write_text("year,tigers\n2020,2\n2021,4\n2022,6\n")
    page = client.get("/d/zoo").get_data(as_text=True)
    versions = client.get("/d/zoo/versions.json").get_json()["charts"]
    assert versions["lions"]["version"] is None
    [lions] = re.findall(r'<img [^>]*data-chart="lions"[^>]*>', page)
    assert "data-version" not in lions and "None" not in page
    [tigers] = re.findall(r'<img [^>]*data-chart="tigers"[^>]*>', page)
    assert f'data-version="{versions["tigers"]["version"]}"' in tigers


def test_an_empty_y_list_is_refused_naming_file_chart_and_key(tmp_path):
    message = refusal_of(tmp_path, GOOD_CHART.replace('y = ["Bear"]', "y = []"))
    assert message == ("board.toml: chart 'c': y = [] names no column: name one or more numeric columns "
                       "(y = [\"a\", \"b\"]), or leave y out to draw every numeric column")


def test_an_empty_list_as_another_chart_field_is_refused(tmp_path):
    message = refusal_of(tmp_path, GOOD_CHART + "kind = []\n")
    assert message == "board.toml: chart 'c': kind = [] gives no value: give one, or leave kind out for its default"


def test_hidden_files_of_a_dashboard_folder_are_skipped(tmp_path):
    folder = boards_folder(tmp_path, {"mine.toml": GOOD_CHART, ".hidden.toml": "not = toml = at all"})
    (folder / "._mine.toml").write_bytes(b"\x00\x05\x16\x07\x00\x02\x00\x00Mac OS X        ")  # a macOS sidecar
    (folder / ".#mine.toml").symlink_to("someone@host.1234:1700000000")  # an Emacs lock: a link to nowhere
    assert list(start([folder]).extensions["svgplots"].dashboards) == ["mine"]


def test_a_dashboard_file_ending_in_upper_case_toml_is_named_at_start_as_not_read(tmp_path, caplog):
    folder = boards_folder(tmp_path, {"mine.toml": GOOD_CHART, "x.TOML": GOOD_CHART, ".y.Toml": GOOD_CHART})
    with caplog.at_level(logging.WARNING):
        app = start([folder])
    assert list(app.extensions["svgplots"].dashboards) == ["mine"]
    assert [record.getMessage() for record in caplog.records if "TOML" in record.getMessage()] == [
        f"dashboard file {folder / 'x.TOML'} is not read: only names ending in .toml, in lower case, are; "
        "rename it x.toml to serve it"]


def test_a_folder_named_like_a_dashboard_file_is_skipped_and_named_at_start_as_no_file(tmp_path, caplog):
    folder = boards_folder(tmp_path, {"mine.toml": GOOD_CHART})
    (folder / "old.toml").mkdir()
    (folder / "old.toml" / "board.toml").write_text(GOOD_CHART)
    (folder / "aside.TOML").mkdir()  # a folder first: renaming it would not make it a dashboard
    with caplog.at_level(logging.WARNING):
        app = start([folder])
    assert list(app.extensions["svgplots"].dashboards) == ["mine"]
    assert [record.getMessage() for record in caplog.records if "is not read" in record.getMessage()] == [
        f"{folder / name} in a dashboard folder is not read: it is a folder, and only files are dashboards"
        for name in ("aside.TOML", "old.toml")]


@pytest.mark.parametrize("y", ['[""]', '["Bear", ""]', '["Bear", "  "]', '""'])
def test_a_blank_column_name_in_y_is_refused_naming_file_chart_and_key(tmp_path, y):
    # Left out as a URL's blank value is, it drew other columns than the file seems to name.
    message = refusal_of(tmp_path, GOOD_CHART.replace('y = ["Bear"]', f"y = {y}"))
    assert message == (f"board.toml: chart 'c': y = {y} names a blank column: name one or more numeric columns "
                       "(y = [\"a\", \"b\"]), or leave y out to draw every numeric column")


@pytest.mark.parametrize("x", ['""', '" "', '[""]'])
def test_a_blank_column_name_as_x_is_refused_naming_file_chart_and_key(tmp_path, x):
    message = refusal_of(tmp_path, GOOD_CHART + f"x = {x}\n")
    assert message == (f"board.toml: chart 'c': x = {x} names a blank column: name a column (x = \"date\"), "
                       "or leave x out to place the rows by the first column")


@pytest.mark.parametrize("blank", ['""', '" "'])
def test_a_blank_time_column_is_refused_though_a_dataset_cannot_be_reached_now(tmp_path, blank):
    # A dataset of a source that is down may have any date column, but none named blank, as no filter's
    # column is: the file was taken, and its range narrowed nothing while it seemed to name a column.
    sources = sources_toml(tmp_path / "sources.toml", {"gone": {"url": f"sqlite:///{tmp_path / 'missing.db'}"}},
                           {"orders": {"source": "gone", "table": "orders"}})
    folder = boards_folder(tmp_path, {"board.toml": f"time_column = {blank}\n" + GOOD_CHART.replace('"animals"',
                                                                                                    '"orders"')})
    with pytest.raises(DashboardError) as caught:
        start([folder], SOURCES=str(sources), DATA_DIR=str(tmp_path / "data"), RENDER_WORKERS=0)
    assert str(caught.value) == (f"board.toml: time_column: this dashboard's datasets have no date column "
                                 f"{blank.replace(chr(34), chr(39))}; the date columns are (none)")


@pytest.mark.parametrize(("line", "words"), [
    ('title = ["a", "b"]', "title holds a list of 2 values, ['a', 'b'], where it takes one value: text of at most 200 "
                           "characters (blank for none)"),
    ('kind = ["line", "bar", "area", "box"]', "kind holds a list of 4 values, ['line', 'bar', 'area', …], where it "
                                              "takes one value: one of line, bar, barh, scatter, area, hist, box"),
    ("ymin = [1, 2]", "ymin holds a list of 2 values, [1, 2], where it takes one value: a number, or auto to fit the "
                      "data"),
])
def test_a_list_in_a_chart_field_that_takes_one_value_is_refused_saying_it_holds_a_list(tmp_path, line, words):
    # Read as a URL's field given twice, it was told "title was given 2 times", which a file's never is.
    assert refusal_of(tmp_path, f"{GOOD_CHART}{line}\n") == f"board.toml: chart 'c': {words}"


def test_a_list_of_one_value_in_a_chart_field_is_still_that_value(tmp_path):
    app = start([boards_folder(tmp_path, {"board.toml": f'{GOOD_CHART}title = ["Bears"]\n'})])
    assert app.test_client().get("/d/board/c.svg").status_code == 200


def test_a_bound_too_small_for_a_float_is_refused_at_start_in_the_words_of_a_url_s(tmp_path):
    # Python's TOML parser reads 1e-400 as 0.0: the chart would start bounded at 0, which the URL refuses.
    url = start([boards_folder(tmp_path)]).test_client().get("/plot/animals.json?y=Bear&ymin=1e-400")
    assert url.status_code == 400
    said = url.get_json()["error"]
    assert said.startswith("ymin '1e-400' is too small for a 64-bit float, which would hold it as 0")
    assert refusal_of(tmp_path, GOOD_CHART + "ymin = 1e-400\n") == \
        "board.toml: chart 'c': " + said.replace("'1e-400'", "1e-400")


@pytest.mark.parametrize("written, said", [
    ("ymin = +1_0e-400", "ymin +1_0e-400 is too small for a 64-bit float"),
    ("ymax = -1e400", "ymax must be a finite number between -1e150 and 1e150, got -1e400"),
    ("width = 1e400", "width must be a whole number of CSS pixels from 100 to 2000, written with the digits 0 to 9 "
                      "only, got 1e400"),
    ("columns = 1e400", "columns must be a whole number from 1 to 6, got 1e400"),
])
def test_a_float_beyond_a_64_bit_float_is_quoted_as_the_file_wrote_it(tmp_path, written, said):
    # Not as the 0 or inf it is read as.
    refusal = refusal_of(tmp_path, f"{written}\n{GOOD_CHART}" if written.startswith("columns") else
                         f"{GOOD_CHART}{written}\n")
    assert said in refusal and "inf" not in refusal
