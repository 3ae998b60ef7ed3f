"""A chart stopped at a render limit is logged once, at WARNING, in a line naming its URL (the query
cut as a failure's log line cuts it), its dataset and version, and the limit: its 503 alone leaves
an access line that says nothing of why."""
from __future__ import annotations

import functools
import logging
import re
import time

import pytest

import app.reports
from app import rendering
from app.errors import LOGGED_QUERY_CHARACTERS
from tests.chart_jobs import greedy_render_chart, slow_render_chart
from tests.conftest import CSV_WRITE, writable_app
from tests.report_jobs import slow_report_pdf
from tests.test_report_render_limit import CHART_SECONDS, dashboard_of, site_of

LIMIT = 1.0


@pytest.fixture
def slow_site(data_dir, monkeypatch):
    site = writable_app(data_dir, RENDER_WORKERS=1, RENDER_TIMEOUT=LIMIT)
    client = site.test_client()
    assert client.post("/api/datasets?name=pairs", data="i,v\n1,1\n2,4\n", headers=CSV_WRITE).status_code == 201
    # Every chart drawn takes a minute: stopped at the render limit.
    monkeypatch.setattr(rendering, "render_chart", functools.partial(slow_render_chart, 60.0))
    return site


def said_in_its_request(record: logging.LogRecord) -> str:
    """A log record's message, once it is found to carry the id of the request it was logged in (`request_watch`)."""
    assert re.fullmatch(r"[0-9a-f]{16}", record.request_id or ""), record.request_id
    return record.getMessage()


def stop_lines(caplog) -> list[logging.LogRecord]:
    return [record for record in caplog.records if record.name == "app.made_once"]


def test_a_chart_stopped_at_the_time_limit_is_logged_once_naming_its_url_dataset_and_limit(slow_site, caplog):
    caplog.set_level(logging.INFO)
    client = slow_site.test_client()
    version = client.get("/api/datasets/pairs").get_json()["dataset"]["version"]
    assert client.get("/plot/pairs.svg?y=v&title=slow").status_code == 503
    assert client.get("/plot/pairs.svg?y=v&title=slow").status_code == 503  # answered again, not stopped again
    lines = stop_lines(caplog)
    assert [record.levelno for record in lines] == [logging.WARNING]
    assert said_in_its_request(lines[0]) == (f"/plot/pairs.svg?y=v&title=slow, of dataset 'pairs' (version "
                                                      f"{version}), stopped at the render time limit of 1 s")


def test_a_long_query_is_cut_in_the_line_of_a_stop(slow_site, caplog):
    caplog.set_level(logging.INFO)
    # As long as a title may be, each letter six characters of the query as it is sent: 1,200 of them.
    assert slow_site.test_client().get("/plot/pairs.svg?y=v&title=" + "%C3%A9" * 200).status_code == 503
    [line] = stop_lines(caplog)
    message = line.getMessage()
    assert "/plot/pairs.svg?y=v&title=%C3%A9%C3%A9" in message and "%C3%A9" * 100 not in message
    assert len(message) < LOGGED_QUERY_CHARACTERS + 200
    assert "stopped at the render time limit of 1 s" in message


def test_the_data_of_a_chart_stopped_at_the_time_limit_is_logged_too(slow_site, caplog, monkeypatch):
    caplog.set_level(logging.INFO)
    shaped = rendering.chart_frame

    def slow(*args, **kwargs):
        time.sleep(LIMIT * 3)  # longer than the limit, and done soon after the test
        return shaped(*args, **kwargs)

    monkeypatch.setattr(rendering, "chart_frame", slow)
    assert slow_site.test_client().get("/plot/pairs.csv?y=v").status_code == 503
    [line] = stop_lines(caplog)
    assert line.getMessage().startswith("/plot/pairs.csv?y=v, of dataset 'pairs' (version ")
    assert said_in_its_request(line).endswith("stopped at the render time limit of 1 s")


def test_a_chart_stopped_at_the_memory_limit_is_logged_naming_that_limit(data_dir, caplog, monkeypatch):
    caplog.set_level(logging.INFO)
    site = writable_app(data_dir, RENDER_WORKERS=1, RENDER_TIMEOUT=30.0, RENDER_MEMORY=1024**3)
    client = site.test_client()
    assert client.post("/api/datasets?name=pairs", data="i,v\n1,1\n", headers=CSV_WRITE).status_code == 201
    monkeypatch.setattr(rendering, "render_chart", functools.partial(greedy_render_chart, 4096))
    assert client.get("/plot/pairs.svg?y=v").status_code == 503
    [line] = stop_lines(caplog)
    assert line.levelno == logging.WARNING
    assert line.getMessage().startswith("/plot/pairs.svg?y=v, of dataset 'pairs' (version ")
    assert said_in_its_request(line).endswith(f"stopped at the render memory limit of {1024**3} bytes")


def test_a_report_stopped_at_its_time_limit_is_logged_naming_its_dashboard(tmp_path, data_dir, caplog, monkeypatch):
    caplog.set_level(logging.INFO)
    boards = dashboard_of(tmp_path / "boards", 2)
    monkeypatch.setattr(app.reports, "render_report_pdf", functools.partial(slow_report_pdf, 30.0))
    assert site_of(boards, data_dir).test_client().get("/d/slow.pdf").status_code == 503
    [line] = stop_lines(caplog)
    assert line.levelno == logging.WARNING
    assert said_in_its_request(line) == (f"/d/slow.pdf, of dashboard 'slow', stopped at the render time limit "
                                                  f"of {2 * CHART_SECONDS:g} s")
