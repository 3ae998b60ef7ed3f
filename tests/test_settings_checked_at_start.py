"""Every number, switch and limit setting is checked when the site starts: a value out of its range
stops the start with one line naming the setting, the value and what it may be, rather than failing
the first request that reads it."""
from __future__ import annotations

import logging
import os
import subprocess
import sys

import pandas as pd
import pytest

from app import SettingError, create_app, create_app_or_exit, read_settings
from app.config import Config, unknown_settings
from plots.text import listed_value
from tests.conftest import ROOT
from tests.source_data import sources_toml, write_sqlite

# Bad values of each setting, as a mapping of settings gives them; the environment's text is read as
# JSON where it parses, so these are what SVGPLOTS_<NAME>=lots, =-1, =true, =[5] give too.
BAD_VALUES = {
    "STORE_BUSY_TIMEOUT": ["lots", -1, -0.5, True, None, float("inf"), float("nan"), 2147484, [5]],
    "STORE_ANSWER_TIMEOUT": ["lots", -1, 0, True, None, float("inf"), float("nan"), 2147484, [5]],
    "FRAME_CACHE_BYTES": ["lots", -1, 1.5, True, None, [5]],
    "BIG_DATASET_CACHE_BYTES": ["lots", -1, 1.5, True, None, [5]],
    "CHOSEN_ROWS_CACHE_BYTES": ["lots", -1, 1.5, True, None, [5]],
    "SOURCE_TIMEOUT": ["lots", -1, 0, 0.0009, True, None, float("inf"), 2147484, [5]],
    "SOURCE_CHART_CACHE_BYTES": ["lots", -1, 1.5, True, None, [5]],
    "MAX_CONTENT_LENGTH": ["lots", 0, -1, 1024.5, True, None, [5]],
    "MAX_FORM_MEMORY_SIZE": ["lots", 0, -1, 1024.5, True, [5]],
    "RENDER_CACHE_BYTES": ["lots", -1, 1.5, True, None, [5]],
    "DESCRIBE_WAIT": ["lots", -1, True, None, float("nan"), 1e300, [5]],
    "DASHBOARD_CHECK_SECONDS": ["lots", -1, -0.5, True, None, float("inf"), float("nan"), 86401, [5]],
    "FILTER_VALUES_CACHE_BYTES": ["lots", -1, 1.5, True, None, [5]],
    "TABLE_ROWS": ["lots", -1, 10.5, True, None, 2**63, [5]],
    "CHART_MAX_AGE": ["lots", -1, 60.5, True, None, 2**31 + 1, [5]],
    "FAST_HITS": ["no", "false", 0, 1, None, [5]],
    "RENDER_MEMORY": ["lots", "2GB", -1, 1.5e9, True, None, 2**63, [5]],
    "LIMITS": [{"max_categories": 5}, "lots", 5, None],
    "UPLOAD_LIMITS": [{"max_rows": 5}, "lots", 5, None],
    "CLOCK": ["lots", 5, True, [5], "2025-01-01T00:00:00"],
    "MAX_FORM_PARTS": ["lots", 0, -1, 10.5, True, [5]],
    "MAX_COOKIE_SIZE": ["lots", -1, 4093.5, True, None, [5]],
    "SEND_FILE_MAX_AGE_DEFAULT": ["lots", -1, 60.5, True, 2**31 + 1, [5]],
    "APPLICATION_ROOT": [-1, True, None, [5]],
    "SERVER_NAME": [-1, True, [5]],
    "TRUSTED_HOSTS": ["charts.example.org", -1, True, [5]],
    "DEBUG": ["no", "True", 0, 1, [5]],
    "TESTING": ["no", "True", 0, 1, None, [5]],
    "PROPAGATE_EXCEPTIONS": ["abc", "False", 0, 1, [5]],
}


def bad_settings():
    for name, values in BAD_VALUES.items():
        for value in values:
            yield pytest.param(name, value, id=f"{name}={value!r}")


@pytest.mark.parametrize(("name", "value"), bad_settings())
def test_a_setting_out_of_its_range_stops_the_start_in_one_line_naming_it(data_dir, name, value):
    with pytest.raises(SystemExit) as exited:
        create_app_or_exit({"TESTING": True, "DATA_DIR": str(data_dir), name: value})
    said = exited.value.code
    assert said.startswith(f"error: {name} must be ") and said.endswith(f"; got {value!r}")
    assert "\n" not in said


@pytest.mark.parametrize(("name", "value"), bad_settings())
def test_read_settings_refuses_what_the_app_refuses(name, value):
    # gunicorn's config file sizes itself by read_settings: it stops there, in the app's words.
    with pytest.raises(SettingError, match=f"^{name} must be "):
        read_settings({"TESTING": True, name: value})


@pytest.mark.parametrize(("name", "text", "refusal"), [
    ("RENDER_MEMORY", "lots", "RENDER_MEMORY must be the bytes of memory one render may take, a whole number from "
                              "0 (no limit) to 9223372036854775807; got 'lots'"),
    ("SOURCE_TIMEOUT", "-1", "SOURCE_TIMEOUT must be the seconds one query to a source database may run, a number "
                             "from 0.001 to 2147483 (PostgreSQL's statement_timeout, whole milliseconds from 1; 0 "
                             "would be none); got -1"),
    ("CHART_MAX_AGE", "true", "CHART_MAX_AGE must be the seconds of a chart's Cache-Control max-age, a whole number "
                              "from 0 to 2147483648; got True"),
    ("FAST_HITS", "no", "FAST_HITS must be true or false; got 'no'"),
    ("MAX_FORM_PARTS", "abc", "MAX_FORM_PARTS must be the parts one form may be sent in (its fields and files), a "
                              "whole number from 1, or None for no limit; got 'abc'"),
    ("CLOCK", "abc", "CLOCK must be a function that returns now as a naive UTC datetime, set in code (the environment "
                     "cannot give one), or None for the system's clock; got 'abc'"),
    ("PROPAGATE_EXCEPTIONS", "abc", "PROPAGATE_EXCEPTIONS must be true or false, or None for Flask's default (true "
                                    "where TESTING or DEBUG is); got 'abc'"),
    ("DEBUG", "False", "DEBUG must be true or false, or None (false); got 'False'"),
])
def test_a_bad_setting_from_the_environment_is_said_in_these_words(data_dir, monkeypatch, name, text, refusal):
    monkeypatch.setenv(f"SVGPLOTS_{name}", text)
    with pytest.raises(SettingError) as caught:
        create_app({"TESTING": True, "DATA_DIR": str(data_dir)})
    assert str(caught.value) == refusal


@pytest.mark.parametrize(("environ", "overrides", "refusal"), [
    # A decomposed accent, which Python's repr wrote as the composed word it looks like.
    ({"SVGPLOTS_FAST_HITS": "ou\u0301i"}, {}, "FAST_HITS must be true or false; got 'ou\\u0301i'"),
    ({"SVGPLOTS_ENV": "de\u0301veloppement"}, {},
     "unknown environment 'de\\u0301veloppement'; use one of development, testing, production"),
    ({}, {"TRUSTED_HOSTS": ["cafe\u0301.example", 5]}, "TRUSTED_HOSTS must be the host names requests may name, a "
                                                       "list of texts (as JSON: [\"charts.example.org\"]), or None for "
                                                       "any; got ['cafe\\u0301.example', 5]"),
])
def test_a_setting_s_refusal_quotes_its_text_as_the_site_s_refusals_do(data_dir, monkeypatch, environ, overrides,
                                                                       refusal):
    for name, text in environ.items():
        monkeypatch.setenv(name, text)
    with pytest.raises(SettingError) as caught:
        create_app({"TESTING": True, "DATA_DIR": str(data_dir), **overrides})
    assert str(caught.value) == refusal


@pytest.mark.parametrize("text", [" 2", "2 ", "2\n", "\t2", "+2", "2_0", "\u0662"])
def test_a_number_from_the_environment_in_more_than_the_digits_0_9_is_refused_as_run_py_s_port_is(data_dir, monkeypatch,
                                                                                                  text):
    # JSON took white space around the digits: SVGPLOTS_PROXIES=" 2" was 2, as int() took --port " 80".
    monkeypatch.setenv("SVGPLOTS_PROXIES", text)
    with pytest.raises(SettingError) as caught:
        create_app({"TESTING": True, "DATA_DIR": str(data_dir)})
    assert str(caught.value) == ("PROXIES must be the number of reverse proxies in front of the site, 0 to 10; "
                                 f"got {listed_value(text)}")


@pytest.mark.parametrize(("name", "text", "value"), [("FAST_HITS", " false", False),
                                                     ("TRUSTED_HOSTS", ' ["a.example"] ', ["a.example"])])
def test_white_space_around_a_switch_or_a_list_from_the_environment_is_json_s_and_taken(monkeypatch, name, text,
                                                                                         value):
    monkeypatch.setenv(f"SVGPLOTS_{name}", text)
    assert read_settings("production")[name] == value


def test_a_folder_setting_s_refusal_quotes_its_path_as_the_site_s_refusals_do(tmp_path):
    folder = tmp_path / "cafe\u0301"
    with pytest.raises(SettingError) as caught:
        create_app({"TESTING": True, "DATA_DIR": str(tmp_path / "data"), "SAMPLE_DATA_DIR": str(folder)})
    assert f"SAMPLE_DATA_DIR names '{tmp_path}/cafe\\u0301', which is no folder" in str(caught.value)



@pytest.mark.parametrize("name", ["DEBUG", "TESTING", "PROPAGATE_EXCEPTIONS"])
@pytest.mark.parametrize(("text", "value"), [("true", True), ("false", False)])
def test_flasks_switches_are_taken_from_the_environment_as_true_or_false(monkeypatch, name, text, value):
    monkeypatch.setenv(f"SVGPLOTS_{name}", text)
    assert read_settings("production")[name] is value


def run_site(data_dir, **settings: str) -> subprocess.CompletedProcess:
    """`run.py --data-dir DATA_DIR --port 0` with `settings` as SVGPLOTS_<NAME>, stopped after a while
    if it does start."""
    env = {**os.environ, **{f"SVGPLOTS_{name}": value for name, value in settings.items()}}
    return subprocess.run([sys.executable, "run.py", "--data-dir", str(data_dir), "--port", "0"], cwd=ROOT,
                          env=env, capture_output=True, text=True, timeout=120)


@pytest.mark.parametrize(("name", "text", "refusal"), [
    ("RENDER_MEMORY", "lots", "error: RENDER_MEMORY must be the bytes of memory one render may take, a whole number "
                              "from 0 (no limit) to 9223372036854775807; got 'lots'"),
    ("SOURCE_TIMEOUT", "-1", "error: SOURCE_TIMEOUT must be the seconds one query to a source database may run, a "
                             "number from 0.001 to 2147483 (PostgreSQL's statement_timeout, whole milliseconds "
                             "from 1; 0 would be none); got -1"),
    ("MAX_FORM_PARTS", "abc", "error: MAX_FORM_PARTS must be the parts one form may be sent in (its fields and files), "
                              "a whole number from 1, or None for no limit; got 'abc'"),
    ("CLOCK", "abc", "error: CLOCK must be a function that returns now as a naive UTC datetime, set in code (the "
                     "environment cannot give one), or None for the system's clock; got 'abc'"),
])
def test_run_py_stops_with_the_one_line(tmp_path, name, text, refusal):
    done = run_site(tmp_path, **{name: text})
    assert done.returncode == 1
    assert done.stderr.strip() == refusal
    assert "Serving on" not in done.stdout


def source_app(tmp_path, **settings):
    """The app with a source dataset `readings` (an SQLite file) beside the samples."""
    frame = pd.DataFrame({"day": pd.date_range("2024-01-01", periods=3), "v": [1.0, 2.0, 3.0]})
    url = write_sqlite(tmp_path / "shop.db", {"readings": frame})
    sources = sources_toml(tmp_path / "sources.toml", {"shop": {"url": url}},
                           {"readings": {"source": "shop", "table": "readings"}})
    (tmp_path / "data").mkdir()
    return create_app({"TESTING": True, "DATA_DIR": str(tmp_path / "data"), "SOURCES": str(sources), **settings})


# Each setting at the lowest and at the highest value it may take.
LOWEST = {"STORE_BUSY_TIMEOUT": 0, "FRAME_CACHE_BYTES": 0, "BIG_DATASET_CACHE_BYTES": 0, "CHOSEN_ROWS_CACHE_BYTES": 0,
          "SOURCE_TIMEOUT": 0.001,
          "SOURCE_CHART_CACHE_BYTES": 0, "MAX_CONTENT_LENGTH": 1, "MAX_FORM_MEMORY_SIZE": 1, "RENDER_CACHE_BYTES": 0,
          "DESCRIBE_WAIT": 0, "FILTER_VALUES_CACHE_BYTES": 0, "TABLE_ROWS": 0, "CHART_MAX_AGE": 0, "FAST_HITS": False,
          "RENDER_WORKERS": 0, "RENDER_MEMORY": 0, "RENDER_OVERRUN_SECONDS": 0, "RENDER_OVERRUN_KEYS": 0, "PROXIES": 0,
          "DASHBOARD_CHECK_SECONDS": 0}
HIGHEST = {"STORE_BUSY_TIMEOUT": 2147483, "FRAME_CACHE_BYTES": 2**63, "BIG_DATASET_CACHE_BYTES": 2**63,
           "CHOSEN_ROWS_CACHE_BYTES": 2**63,
           "SOURCE_TIMEOUT": 2147483, "SOURCE_CHART_CACHE_BYTES": 2**63, "MAX_CONTENT_LENGTH": 2**63 - 1,
           "MAX_FORM_MEMORY_SIZE": 2**63, "RENDER_CACHE_BYTES": 2**63, "DESCRIBE_WAIT": 9223372036,
           "FILTER_VALUES_CACHE_BYTES": 2**63, "TABLE_ROWS": 2**63 - 1, "CHART_MAX_AGE": 2**31, "FAST_HITS": True,
           "RENDER_WORKERS": 1, "RENDER_MEMORY": 2**63 - 1, "RENDER_OVERRUN_SECONDS": 86400,
           "RENDER_OVERRUN_KEYS": 2**63, "PROXIES": 10, "DASHBOARD_CHECK_SECONDS": 86400}


def served(client, url: str) -> bool:
    """Whether `url` is answered 200, or 503 for a source that took longer than SOURCE_TIMEOUT (1 ms
    may be too short for any query): an answer the setting asks for, not a failure of the site."""
    response = client.get(url)
    timed_out = response.status_code == 503 and "took longer than the" in response.get_data(as_text=True)
    return response.status_code == 200 or timed_out


@pytest.mark.parametrize("edges", [LOWEST, HIGHEST], ids=["lowest", "highest"])
def test_every_setting_at_the_edge_of_its_range_starts_and_serves(tmp_path, edges):
    app = source_app(tmp_path, **edges)
    try:
        client = app.test_client()
        for url in ["/", "/upload", "/datasets/weather", "/plot/weather.svg", "/plot/weather.csv",
                    "/datasets/readings", "/plot/readings.svg", "/plot/readings.csv"]:
            assert served(client, url), url
    finally:
        app.extensions["svgplots"].store.close()


@pytest.mark.parametrize("url", ["mysql://user:secret@db.example/site", "not a url"])
def test_a_database_url_of_another_kind_stops_the_start_in_one_line_without_its_password(data_dir, url):
    with pytest.raises(SystemExit) as exited:
        create_app_or_exit({"TESTING": True, "DATA_DIR": str(data_dir), "DATABASE_URL": url})
    said = exited.value.code
    assert said.startswith("error: the database URL ") and "SVGPLOTS_DATABASE_URL" in said
    assert "sqlite:///" in said and "postgresql+psycopg://" in said
    assert "\n" not in said and "secret" not in said



def test_a_postgresql_url_option_the_driver_does_not_take_stops_the_start_in_one_line(data_dir):
    # It stopped the start with psycopg's traceback ("invalid connection option"), the one line at its end.
    url = "postgresql+psycopg://user:secret@127.0.0.1:1/site?sslmode=require&sslmod=require"
    with pytest.raises(SystemExit) as exited:
        create_app_or_exit({"TESTING": True, "DATA_DIR": str(data_dir), "DATABASE_URL": url})
    assert exited.value.code == (
        "error: the database URL's option 'sslmod' is none PostgreSQL takes; its options are libpq's connection "
        "parameters (sslmode, connect_timeout, application_name, …) (--database-url or SVGPLOTS_DATABASE_URL)")

def test_a_host_trusted_hosts_does_not_name_is_a_400_saying_so(data_dir):
    # Its error page could build no URL (its stylesheet's), and failed as a 500.
    client = create_app({"TESTING": True, "DATA_DIR": str(data_dir), "TRUSTED_HOSTS": ["charts.example.org"]}).test_client()
    for url in ["/", "/nope", "/healthz", "/plot/weather.svg"]:
        refused = client.get(url)
        assert refused.status_code == 400, url
        assert "Host 'localhost' is not trusted" in refused.get_data(as_text=True), url
    assert client.get("/", headers={"Host": "charts.example.org"}).status_code == 200


def test_a_cached_chart_is_refused_to_a_host_trusted_hosts_does_not_name(data_dir):
    # A cache hit is answered ahead of Flask's routing, which checks the host: it checks it too.
    site = create_app({"TESTING": True, "DATA_DIR": str(data_dir), "TRUSTED_HOSTS": ["charts.example.org"],
                       "RENDER_WORKERS": 0})
    client = site.test_client()
    for _ in range(2):  # drawn, then a hit answered ahead of Flask
        assert client.get("/plot/weather.svg", headers={"Host": "charts.example.org"}).status_code == 200
    assert site.extensions["svgplots.fasthits"].remembers("/plot/weather.svg")
    refused = client.get("/plot/weather.svg", headers={"Host": "elsewhere.example"})
    assert refused.status_code == 400
    assert "Host 'elsewhere.example' is not trusted" in refused.get_data(as_text=True)


def test_an_environment_variable_that_names_no_setting_is_warned_of_naming_the_one_it_may_mean(data_dir, monkeypatch,
                                                                                               caplog, closing):
    # A misspelt name left its setting as it was, unsaid: SVGPLOTS_WRITE_TOKEN=… gave no write token.
    monkeypatch.setenv("SVGPLOTS_WRITE_TOKEN", "abc")
    monkeypatch.setenv("SVGPLOTS_TEST_PROCESSES", "1")  # the tests' own, as SVGPLOTS_BENCH_… are the benchmarks'
    monkeypatch.setenv("SVGPLOTS_ENV", "testing")
    monkeypatch.setenv("SVGPLOTS_RENDER_WORKERS", "0")
    monkeypatch.setenv("SVGPLOTS_MAX_CONTENT_LENGTH", "1000000")  # Flask's own
    with caplog.at_level(logging.WARNING):
        closing(create_app({"TESTING": True, "DATA_DIR": str(data_dir)}))
    assert [r.getMessage() for r in caplog.records if "SVGPLOTS_" in r.getMessage()] == [
        "SVGPLOTS_WRITE_TOKEN names no setting, and the site does not read it (did you mean SVGPLOTS_WRITE_TOKENS?)"]


def test_a_setting_no_check_covers_given_broken_json_is_warned_of_naming_what_was_taken(data_dir, monkeypatch, caplog,
                                                                                        closing):
    # Flask's own SESSION_COOKIE_NAME keeps any text: one meant as JSON but broken was kept unsaid.
    monkeypatch.setenv("SVGPLOTS_SESSION_COOKIE_NAME", '{"a": 1,')
    monkeypatch.setenv("SVGPLOTS_PREFERRED_URL_SCHEME", '"https"')  # JSON that parses: the text https
    with caplog.at_level(logging.WARNING):
        app = closing(create_app({"TESTING": True, "DATA_DIR": str(data_dir)}))
    assert app.config["SESSION_COOKIE_NAME"] == '{"a": 1,' and app.config["PREFERRED_URL_SCHEME"] == "https"
    assert [r.getMessage() for r in caplog.records if "SVGPLOTS_" in r.getMessage()] == [
        "SVGPLOTS_SESSION_COOKIE_NAME starts with { but is no JSON (line 1, column 9, the end of the setting: a name in "
        "double quotes is expected), so SESSION_COOKIE_NAME was taken as the text itself, '{\"a\": 1,'"]


def test_a_variable_misspelt_in_lower_case_is_warned_of_naming_the_setting_in_capitals():
    # The names were matched as written: SVGPLOTS_data_dir was told of no setting it may mean, and
    # SVGPLOTS___doc__, a name of the Config class rather than a setting, was taken as one.
    known = ["ENV", *vars(Config), "DATA_DIR", "WRITE_TOKENS"]
    assert unknown_settings(["data_dir", "__doc__"], known) == [
        "SVGPLOTS___doc__ names no setting, and the site does not read it",
        "SVGPLOTS_data_dir names no setting, and the site does not read it (did you mean SVGPLOTS_DATA_DIR?)"]
