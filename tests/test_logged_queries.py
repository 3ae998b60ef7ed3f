"""What the logs keep of a request's query (LOG_QUERIES): the whole query by default, the parameters' names
with their values written [hidden], or none, alike in run.py's access log, gunicorn's and the app's own
line of an unexpected failure; any other value stops the start naming the three."""
from __future__ import annotations

import subprocess
import sys
from datetime import timedelta

import pytest

from app import SettingError, create_app
from app.client_addresses import gunicorn_logger
from app.logged_queries import logged_queries, query_names
from tests.conftest import ROOT, writable_app
from tests.test_privacy import logged_line
from tests.test_serving_gunicorn_settings import CONFIG_FILE, environment

FILTERED = b"/d/sales?filter.region=Alice%20Smith&from=now-7d"


def test_run_py_logs_the_whole_query_by_default(caplog):
    assert '"GET /d/sales?filter.region=Alice%20Smith&from=now-7d HTTP/1.1" 200' in logged_line(caplog, FILTERED)


def test_run_py_logs_the_querys_names_with_their_values_hidden(caplog):
    line = logged_line(caplog, FILTERED, queries="names")
    assert '"GET /d/sales?filter.region=[hidden]&from=[hidden] HTTP/1.1" 200' in line
    assert "Alice" not in line and "now-7d" not in line


def test_run_py_logs_no_query_when_told_off(caplog):
    line = logged_line(caplog, FILTERED, queries="off")
    assert '"GET /d/sales HTTP/1.1" 200' in line and "?" not in line


def test_run_py_hides_a_token_whatever_the_query_setting(caplog):
    line = logged_line(caplog, b"/api/datasets?token=s3cret&name=a", queries="full")
    assert '"GET /api/datasets?token=[hidden]&name=a HTTP/1.1"' in line


@pytest.mark.parametrize(("query", "logged"), [
    ("region=Alice&from=now-7d", "region=[hidden]&from=[hidden]"),
    ("title=Smith;John", "title=[hidden]"),  # a ; is part of the value, as the site reads it
    ("Alice", "[hidden]"),  # no =: a value, maybe
    ("region%3DAlice&y=Bear", "[hidden]&y=[hidden]"),  # its = percent-encoded
    ("title=&y=a=b", "title=&y=[hidden]"),  # a blank value hides nothing; a value's own = is hidden with it
    ("a=1&&b=2", "a=[hidden]&&b=[hidden]"),
])
def test_names_keep_each_parameters_name_alone(query, logged):
    assert query_names(query) == logged


def test_a_url_without_a_query_is_logged_as_it_is():
    for choice in ("full", "names", "off"):
        assert logged_queries("GET /d/sales HTTP/1.1", choice) == "GET /d/sales HTTP/1.1"
    # werkzeug colours a refused request's line on a terminal: the colour's end is kept.
    assert logged_queries("\x1b[31mGET /x?a=b\x1b[0m", "names") == "\x1b[31mGET /x?a=[hidden]\x1b[0m"


def test_gunicorns_access_log_writes_the_query_as_told():
    from gunicorn.config import Config as GunicornConfig

    class Answer:
        status, sent, headers = "200 OK", 5, []

    environ = {"REMOTE_ADDR": "203.0.113.77", "REQUEST_METHOD": "GET", "RAW_URI": "/d/sales?region=Alice&token=s",
               "QUERY_STRING": "region=Alice&token=s", "SERVER_PROTOCOL": "HTTP/1.1"}
    for choice, line, query in (("full", "GET /d/sales?region=Alice&token=[hidden] HTTP/1.1", "region=Alice&token=[hidden]"),
                                ("names", "GET /d/sales?region=[hidden]&token=[hidden] HTTP/1.1",
                                 "region=[hidden]&token=[hidden]"),
                                ("off", "GET /d/sales HTTP/1.1", "")):
        atoms = gunicorn_logger("full", choice)(GunicornConfig()).atoms(Answer(), {}, environ, timedelta(0))
        assert (atoms["r"], atoms["q"]) == (line, query), choice


def gunicorn_config_run(code: str, **settings: str) -> subprocess.CompletedProcess:
    """`code` run after gunicorn's config file was read under `settings` (its settings in `settings`)."""
    return subprocess.run([sys.executable, "-c", f"import runpy; settings = runpy.run_path({str(CONFIG_FILE)!r}); {code}"],
                          cwd=ROOT, capture_output=True, text=True, timeout=120, env=environment(**settings))


def test_gunicorn_config_takes_the_query_setting_from_the_environment():
    done = gunicorn_config_run(
        "from gunicorn.config import Config; "
        "print(settings['logger_class'](Config()).atoms(type('A', (), {'status': '200', 'sent': 1, 'headers': []})(), {}, "
        "{'REMOTE_ADDR': '203.0.113.77', 'REQUEST_METHOD': 'GET', 'RAW_URI': '/d/sales?region=Alice', "
        "'QUERY_STRING': 'region=Alice', 'SERVER_PROTOCOL': 'HTTP/1.1'}, __import__('datetime').timedelta(0))['r'])",
        LOG_QUERIES="names")
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip().splitlines()[-1] == "GET /d/sales?region=[hidden] HTTP/1.1"


def test_an_unknown_query_choice_stops_gunicorns_start_in_one_line_naming_the_choices():
    done = gunicorn_config_run("print('started')", LOG_QUERIES="hidden")
    assert done.returncode != 0 and "started" not in done.stdout
    [line] = done.stderr.strip().splitlines()
    assert line.startswith("error: LOG_QUERIES must be") and line.endswith("got 'hidden'")
    assert all(f'"{choice}"' in line for choice in ("full", "names", "off"))


def test_an_unknown_query_choice_stops_the_apps_start(data_dir):
    with pytest.raises(SettingError) as refused:
        create_app({"TESTING": True, "DATA_DIR": str(data_dir), "LOG_QUERIES": "none"})
    assert "LOG_QUERIES must be" in str(refused.value) and "got 'none'" in str(refused.value)


@pytest.mark.parametrize(("choice", "logged"), [
    ("full", "/plot/animals.svg?y=Bear&title=Alice"),
    ("names", "/plot/animals.svg?y=[hidden]&title=[hidden]"),
    ("off", "/plot/animals.svg"),
])
def test_an_unexpected_failures_log_line_writes_the_query_as_told(data_dir, monkeypatch, caplog, choice, logged):
    def broken(*args, **kwargs):
        raise RuntimeError("a bug")

    site = writable_app(data_dir, LOG_QUERIES=choice)
    for read in ("names", "info", "infos", "version"):
        monkeypatch.setattr(site.extensions["svgplots"].store, read, broken)
    assert site.test_client().get("/plot/animals.svg?y=Bear&title=Alice").status_code == 500
    assert f"unhandled error: GET {logged} → 500" in caplog.text
