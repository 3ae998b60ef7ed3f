"""A dashboard's report may take the render limit for each of its charts, and past that says what
the report's own URL takes."""
from __future__ import annotations

import functools
import re
from pathlib import Path

import app.reports
from app import create_app
from tests.report_jobs import slow_report_pdf

# One chart's render limit (seconds) in these tests: small, so that a report of a few charts that
# each take half of it runs past it as one render, and one whose charts take longer is stopped soon.
CHART_SECONDS = 2.0
ANIMALS_CHART = '[[charts]]\nid = "c{i}"\ndataset = "animals"\ny = ["Bear"]\n\n'
# A dashboard of dates that offers a filter: its report takes from, to and filter.station.
STATIONS = 'time_column = "date"\n\n[[filters]]\ncolumn = "station"\n\n'
STATIONS_CHART = '[[charts]]\nid = "c{i}"\ndataset = "stations"\nx = "date"\ny = ["temperature_c"]\n\n'


def dashboard_of(folder: Path, count: int, chart: str = ANIMALS_CHART, head: str = "") -> Path:
    """A folder holding `slow.toml`, a dashboard of `count` charts written as `chart` says."""
    folder.mkdir()
    charts = "".join(chart.format(i=i) for i in range(count))
    (folder / "slow.toml").write_text('title = "Slow"\n' + head + charts)
    return folder


def site_of(boards: Path, data_dir: Path, **settings):
    return create_app({"TESTING": True, "DATA_DIR": str(data_dir), "DASHBOARD_DIRS": [str(boards)],
                       "RENDER_TIMEOUT": CHART_SECONDS, **settings})


def test_a_report_whose_charts_each_fit_the_render_limit_is_drawn_as_in_process(tmp_path, data_dir, monkeypatch):
    boards = dashboard_of(tmp_path / "boards", 4)
    drawn_here = site_of(boards, data_dir, RENDER_WORKERS=0).test_client().get("/d/slow.pdf")
    assert drawn_here.status_code == 200
    # Each chart takes half a chart's limit: twice the limit in all.
    monkeypatch.setattr(app.reports, "render_report_pdf", functools.partial(slow_report_pdf, CHART_SECONDS / 2))
    response = site_of(boards, data_dir).test_client().get("/d/slow.pdf")
    assert response.status_code == 200, response.data[:300]
    assert response.data == drawn_here.data


def test_a_report_past_its_limit_names_the_report_s_parameters_and_promises_no_retry(tmp_path, data_dir,
                                                                                      monkeypatch):
    boards = dashboard_of(tmp_path / "boards", 2, STATIONS_CHART, STATIONS)
    # Each chart takes longer than a chart may.
    monkeypatch.setattr(app.reports, "render_report_pdf", functools.partial(slow_report_pdf, 30.0))
    response = site_of(boards, data_dir).test_client().get("/d/slow.pdf")
    assert response.status_code == 503
    assert "Retry-After" not in response.headers
    message = response.get_data(as_text=True)
    assert f"the report of 2 charts took longer than the {2 * CHART_SECONDS:g} s render limit" in message
    assert f"{CHART_SECONDS:g} s for each of its charts" in message
    assert "fewer rows (from, to, filter.station)" in message
    assert "/d/slow/c0.pdf" in message
    for chart_parameter in ("resample", "width", "scale", "kind"):
        assert chart_parameter not in message


def test_a_report_without_dates_is_not_told_to_narrow_a_range(tmp_path, data_dir):
    site = site_of(dashboard_of(tmp_path / "boards", 3), data_dir, RENDER_WORKERS=0)
    board = site.extensions["svgplots"].dashboard("slow")
    overrun = app.reports.report_overrun(board, CHART_SECONDS)
    most = CHART_SECONDS * app.reports.REPORT_MOST_CHARTS_TIME
    assert overrun.less_time == (f"that is {CHART_SECONDS:g} s for each of its charts, at most {most:g} s: "
                                 "ask for each chart as a PDF of its own (such as /d/slow/c0.pdf)")
    assert overrun.retry_after is None


def test_a_report_of_many_charts_is_stopped_at_its_most_time(tmp_path, data_dir, monkeypatch):
    """A report's limit grows with its charts up to REPORT_MOST_CHARTS_TIME of them, so that no report
    holds a worker longer than the server in front of it waits (gunicorn's `timeout`)."""
    monkeypatch.setattr(app.reports, "REPORT_MOST_CHARTS_TIME", 2)
    boards = dashboard_of(tmp_path / "boards", 3)
    monkeypatch.setattr(app.reports, "render_report_pdf", functools.partial(slow_report_pdf, 30.0))
    response = site_of(boards, data_dir).test_client().get("/d/slow.pdf")
    assert response.status_code == 503
    message = response.get_data(as_text=True)
    assert f"the report of 3 charts took longer than the {2 * CHART_SECONDS:g} s render limit" in message
    assert f"{CHART_SECONDS:g} s for each of its charts, at most {2 * CHART_SECONDS:g} s" in message


def test_a_report_stopped_at_its_limit_is_answered_again_at_once(tmp_path, data_dir, monkeypatch):
    """As a chart is: the same report of the same data takes as long again, so while the render
    cache remembers it, asking again is the same 503 without drawing."""
    boards = dashboard_of(tmp_path / "boards", 1)
    monkeypatch.setattr(app.reports, "render_report_pdf", functools.partial(slow_report_pdf, 30.0))
    client = site_of(boards, data_dir).test_client()
    first = client.get("/d/slow.pdf")
    assert first.status_code == 503 and "Retry-After" not in first.headers
    drawn = []
    monkeypatch.setattr(app.reports, "render_report_pdf", lambda *job: drawn.append(job))
    again = client.get("/d/slow.pdf")
    assert again.status_code == 503 and "Retry-After" not in again.headers
    assert "stopped at the limit a moment ago" in again.get_data(as_text=True)
    assert drawn == []


def test_a_report_of_long_captions_over_few_rows_names_its_text_not_fewer_rows(tmp_path, data_dir, monkeypatch):
    # 40 charts of 9,000-character captions over 21 days were told to "ask for fewer rows".
    caption = " ".join(f"reading{n}" for n in range(1500))  # 14,390 characters
    chart = STATIONS_CHART.replace('y = ["temperature_c"]', f'y = ["temperature_c"]\ncaption = "{caption}"')
    boards = dashboard_of(tmp_path / "boards", 2, chart, STATIONS)
    monkeypatch.setattr(app.reports, "render_report_pdf", functools.partial(slow_report_pdf, 30.0))
    response = site_of(boards, data_dir).test_client().get("/d/slow.pdf?from=2025-01-01&to=2025-01-21")
    assert response.status_code == 503
    message = response.get_data(as_text=True)
    said = re.search(r"its text of ([\d,]+) characters \(description, captions and notes\)", message)
    assert said and 2 * len(caption) < int(said[1].replace(",", "")) < 2 * len(caption) + 200, message
    assert "ask for each chart as a PDF of its own (such as /d/slow/c0.pdf), which prints no caption" in message
    assert "fewer rows" not in message and "from, to" not in message


def test_a_report_of_few_rows_and_little_text_is_not_told_to_ask_for_fewer_rows(tmp_path, data_dir):
    site = site_of(dashboard_of(tmp_path / "boards", 2, STATIONS_CHART, STATIONS), data_dir, RENDER_WORKERS=0)
    board = site.extensions["svgplots"].dashboard("slow")
    few = app.reports.report_overrun(board, CHART_SECONDS, text=100, rows=42)
    assert few.less_time.endswith(": ask for each chart as a PDF of its own (such as /d/slow/c0.pdf)")
    many = app.reports.report_overrun(board, CHART_SECONDS, text=100, rows=200_000)
    assert "ask for fewer rows (from, to, filter.station), or for each chart" in many.less_time
