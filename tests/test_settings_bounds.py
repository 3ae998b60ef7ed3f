"""The largest value of each setting, and the type of each one code may give, are checked at start: a
value past what the site can use stops the start with one line naming the setting, the value and what
it may be, rather than failing the first request that reads it."""
from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from app import SettingError, create_app, create_app_or_exit, read_settings
from tests.conftest import ROOT

CONFIG_FILE = ROOT / "app" / "gunicorn_config.py"
A_DAY = 24 * 60 * 60
RENDER_TIMEOUT_WORDS = "RENDER_TIMEOUT must be the seconds one chart may take to draw, a number above 0 up to 86400 (a day)"


def refused_start(data_dir: Path, **settings) -> str:
    """The one line `create_app_or_exit` ends the process with under `settings`."""
    with pytest.raises(SystemExit) as exited:
        create_app_or_exit({"TESTING": True, "DATA_DIR": str(data_dir), **settings})
    return exited.value.code


def boards_of(folder: Path, count: int) -> Path:
    """A folder holding `many.toml`, a dashboard of `count` bar charts of the animals."""
    folder.mkdir()
    charts = "".join(f'[[charts]]\nid = "c{i}"\ndataset = "animals"\ny = ["Bear"]\n\n' for i in range(count))
    (folder / "many.toml").write_text('title = "Many"\n' + charts)
    return folder


@pytest.mark.parametrize("seconds", [A_DAY + 0.5, 2_147_484, 9_223_372_037, 1e10, 1e300])
def test_a_render_timeout_past_a_day_stops_the_start_in_one_line(data_dir, seconds):
    # Past 2,147,484 s one chart's wait overflowed select.poll, past threading.TIMEOUT_MAX every wait:
    # each chart was a 500.
    assert refused_start(data_dir, RENDER_TIMEOUT=seconds) == f"error: {RENDER_TIMEOUT_WORDS}; got {seconds!r}"


def test_read_settings_refuses_a_render_timeout_past_a_day():
    with pytest.raises(SettingError, match=r"^RENDER_TIMEOUT must be .* up to 86400 \(a day\); got 86401$"):
        read_settings({"TESTING": True, "RENDER_TIMEOUT": 86401})


def test_a_render_timeout_of_a_day_draws_charts_their_data_and_a_report_of_many_charts(tmp_path, data_dir):
    # A report of 12 charts or more waits for 12 charts' time: 12 days, within every wait it goes through.
    app = create_app({"TESTING": True, "DATA_DIR": str(data_dir), "RENDER_WORKERS": 1, "RENDER_TIMEOUT": A_DAY,
                      "DASHBOARD_DIRS": [str(boards_of(tmp_path / "boards", 13))]})
    client = app.test_client()
    for url in ["/plot/weather.svg", "/plot/weather.csv", "/d/many/c0.svg", "/d/many.pdf"]:
        assert client.get(url).status_code == 200, url


def gunicorn_check(**settings: str) -> subprocess.CompletedProcess:
    """`gunicorn -c app/gunicorn_config.py --check-config` with `settings` as SVGPLOTS_<NAME> (a render
    server named, so that reading the config file forks none)."""
    env = {name: value for name, value in os.environ.items() if not name.startswith("SVGPLOTS_RENDER")}
    env["SVGPLOTS_RENDER_SERVER"] = "unused"
    env.update({f"SVGPLOTS_{name}": value for name, value in settings.items()})
    command = [sys.executable, "-m", "gunicorn", "-c", str(CONFIG_FILE), "--check-config", "-b", "127.0.0.1:0",
               "app:create_app_or_exit()"]
    return subprocess.run(command, cwd=ROOT, env=env, capture_output=True, text=True, timeout=120)


def test_gunicorn_refuses_a_render_timeout_whose_restart_grace_no_wait_takes(tmp_path):
    # 13 times it, gunicorn's graceful_timeout, is past threading.TIMEOUT_MAX: a worker's restart failed.
    done = gunicorn_check(RENDER_TIMEOUT="1e10", DATA_DIR=str(tmp_path))
    assert done.returncode != 0
    assert done.stderr.strip().splitlines()[-1] == f"error: {RENDER_TIMEOUT_WORDS}; got 10000000000.0"


@pytest.mark.parametrize("size", [2**63, 10**400], ids=["2**63", "10**400"])
def test_a_body_limit_past_the_longest_content_length_stops_the_start(data_dir, size):
    # Past a float's range the upload form, which says the limit in MB, was a 500.
    assert refused_start(data_dir, MAX_CONTENT_LENGTH=size) == (
        "error: MAX_CONTENT_LENGTH must be the bytes one request body may hold, a whole number from 1 to "
        f"9223372036854775807; got {size!r}")


def test_the_largest_body_limit_is_said_by_the_upload_form_and_the_api(data_dir):
    app = create_app({"TESTING": True, "DATA_DIR": str(data_dir), "MAX_CONTENT_LENGTH": 2**63 - 1})
    client = app.test_client()
    form = client.get("/upload")
    assert form.status_code == 200 and "8.79609e+12 MB" in form.get_data(as_text=True)
    assert "at most 9223372036854775807 bytes" in client.get("/api/openapi.json").get_data(as_text=True)


# Values of the wrong type for each path and text setting, as code gives them (create_app(config={…}));
# the environment gives them as text. Each failed the start with a traceback (Path(5), list(5)), or
# started: a mapping of tokens wrote with its keys, a render server's address of 5 made each chart a 500.
WRONG_TYPES = {
    "DATA_DIR": [5, False, b"data", ["data"]],
    "DATABASE_URL": [5, b"sqlite:///x.sqlite"],
    "SOURCES": [5, ["sources.toml"]],
    "WRITE_TOKENS": [5, True, b"token", [1, 2], ["token", None], {"token": 1}],
    "SAMPLE_DATA_DIR": [5, None, "", b"site/data", ["site/data"]],
    "RENDER_SERVER": [5, ["@svgplots"]],
}


def wrong_types():
    for name, values in WRONG_TYPES.items():
        for value in values:
            yield pytest.param(name, value, id=f"{name}={value!r}")


@pytest.mark.parametrize(("name", "value"), wrong_types())
def test_a_setting_of_the_wrong_type_stops_the_start_in_one_line_naming_it(data_dir, name, value):
    said = refused_start(data_dir, **{name: value})
    assert said.startswith(f"error: {name} must be ") and said.endswith(f"; got {value!r}")
    assert "\n" not in said


@pytest.mark.parametrize(("name", "value"), wrong_types())
def test_read_settings_refuses_the_types_the_app_refuses(name, value):
    with pytest.raises(SettingError, match=f"^{name} must be "):
        read_settings({"TESTING": True, name: value})


def test_write_tokens_of_the_wrong_type_are_said_in_these_words(data_dir):
    assert refused_start(data_dir, WRITE_TOKENS=5) == (
        "error: WRITE_TOKENS must be the tokens that may write: a list of texts, one text of them comma-separated, "
        "or None (writes refused); got 5")


def test_write_tokens_as_one_text_are_split_at_commas_only(data_dir):
    app = create_app({"TESTING": True, "DATA_DIR": str(data_dir), "WRITE_TOKENS": "abc, de"})
    assert app.config["WRITE_TOKENS"] == ["abc", "de"]
    app = create_app({"TESTING": True, "DATA_DIR": str(data_dir), "WRITE_TOKENS": ("abc", "d,e")})
    assert app.config["WRITE_TOKENS"] == ["abc", "d,e"]


def test_paths_may_be_given_as_path_objects(tmp_path, data_dir):
    boards = boards_of(tmp_path / "boards", 1)
    app = create_app({"TESTING": True, "DATA_DIR": data_dir, "SAMPLE_DATA_DIR": ROOT / "site" / "data",
                      "SOURCES": None, "DASHBOARD_DIRS": [boards], "RENDER_SERVER": None})
    assert app.test_client().get("/plot/animals.svg").status_code == 200


def test_the_sample_folder_from_the_environment_is_a_path_as_written(tmp_path, data_dir, monkeypatch):
    # Read as JSON, SVGPLOTS_SAMPLE_DATA_DIR=2024 was the number 2024, and the start a traceback.
    samples = tmp_path / "2024"
    samples.mkdir()
    (samples / "trees.csv").write_text("year,height\n2023,1.5\n2024,2.0\n")
    boards = tmp_path / "boards"
    boards.mkdir()
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("SVGPLOTS_SAMPLE_DATA_DIR", "2024")
    client = create_app({"TESTING": True, "DATA_DIR": str(data_dir), "DASHBOARD_DIRS": [str(boards)]}).test_client()
    assert client.get("/datasets/trees").status_code == 200
    assert client.get("/datasets/animals").status_code == 404
