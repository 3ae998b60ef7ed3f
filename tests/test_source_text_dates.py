"""A source's text column whose values are ISO 8601 dates or times (an SQLite table's `taken_at TEXT`):
its dataset's page, an x bound's refusal and a chart's 503 at the render limit each say how its
entry makes them dates, to chart it over time."""
from __future__ import annotations

from html import unescape

import pytest

from app import rendering
from app.chart_requests import dataset_chart
from app.render_limits import CHART_OVERRUN, past_time_limit
from tests import held_rows
from tests.test_source_values import sqlite_file

# Far above what writing the rows of a few dozen readings takes, however busy the machine.
LIMIT = 3.0
READINGS = ("sensor TEXT, taken_at TEXT, temperature REAL, day TEXT",
            [(sensor, f"2026-03-{20 + hour // 24:02d}T{hour % 24:02d}:30:00+01:00", 10 + hour / 10,
              f"2026-03-{20 + hour // 24:02d}")
             for hour in range(48) for sensor in ("a", "b")])
# How the entry makes the column dates, as the refusal of resample says it.
ADVICE = ('to chart it over time, in SQLite, make the entry a query, sql = "SELECT taken_at, … FROM …", whose '
          "columns are typed from their values (a CAST to DATE gives the year alone), or declare the column "
          "DATETIME or DATE; in PostgreSQL, select taken_at::timestamptz AS taken_at in the entry's sql")

# A chart's rows held back until the event it gives is set: its data not written within the render limit.
slow_rows = held_rows.slow_rows


@pytest.fixture
def lab(tmp_path, source_client):
    url = sqlite_file(tmp_path / "lab.db", {"readings": READINGS})
    return source_client(tmp_path, url, ["readings"])


def test_the_dataset_page_says_a_text_column_of_times_is_charted_over_time_once_its_entry_makes_them_dates(lab):
    page = unescape(lab.get("/datasets/readings").get_data(as_text=True))
    assert ("column 'taken_at' holds times written as text, in a column the database declares as text: "
            "a chart places them as text, in the order the database sorts them, and takes no resample or x "
            f"bounds (xmin, xmax) of it; {ADVICE}") in page


def test_the_dataset_page_says_dates_of_a_text_column_of_days_and_nothing_of_one_of_words(lab):
    page = unescape(lab.get("/datasets/readings").get_data(as_text=True))
    assert "column 'day' holds dates written as text" in page
    assert "column 'sensor'" not in page


def test_x_bounds_of_a_text_column_of_times_advise_a_query_not_a_cast_to_real(lab):
    # CAST(taken_at AS REAL) reads '2026-03-29T01:30:00+01:00' as 2026.0.
    response = lab.get("/plot/readings.json?x=taken_at&y=temperature&xmin=2026-03-20&xmax=2026-03-21")
    assert response.status_code == 400
    error = response.get_json()["error"]
    assert "its first 96 rows hold times, in a column the database declares as text" in error
    assert 'sql = "SELECT taken_at, … FROM …"' in error and "taken_at::timestamptz AS taken_at" in error
    assert "AS REAL" not in error


def test_x_bounds_of_a_text_column_of_days_say_it_holds_dates(lab):
    error = lab.get("/plot/readings.json?x=day&y=temperature&xmin=2026-03-20").get_json()["error"]
    assert "its first 96 rows hold dates, in a column the database declares as text" in error
    assert 'sql = "SELECT day, … FROM …"' in error


def test_x_bounds_of_a_text_column_of_numbers_still_advise_a_cast_to_real(tmp_path, source_client):
    url = sqlite_file(tmp_path / "lab.db", {"depths": ("depth TEXT, v REAL", [("1.5", 1.0), ("2", 2.0)])})
    error = source_client(tmp_path, url, ["depths"]).get("/plot/depths.json?x=depth&y=v&xmin=1").get_json()["error"]
    assert "its first 2 rows hold numbers" in error and "CAST(depth AS REAL) AS depth" in error


@pytest.fixture
def pooled_lab(tmp_path, app_over):
    url = sqlite_file(tmp_path / "lab.db", {"readings": READINGS})
    return app_over({"db": {"url": url}}, {"readings": {"source": "db", "table": "readings"}}, DASHBOARD_DIRS=[],
                    RENDER_WORKERS=1, RENDER_TIMEOUT=LIMIT)


def test_data_past_the_render_limit_of_a_text_x_of_times_is_told_to_make_them_dates_not_to_narrow_by_them(
        pooled_lab, slow_rows):
    response = pooled_lab.test_client().get("/plot/readings.json?x=taken_at&y=temperature&series=sensor")
    assert response.status_code == 503
    error = response.get_json()["error"]
    assert error.startswith("the chart's data took longer than the 3 s render limit; column 'taken_at' holds times "
                            "written as text")
    # No range narrows a dataset of no date column, nor resample or x bounds a text x.
    assert error.endswith(f"{ADVICE}; until then, ask for fewer rows (filter.<column>)")


def test_a_chart_past_the_render_limit_of_a_text_x_of_times_is_told_to_make_them_dates(pooled_lab):
    with pooled_lab.test_request_context():
        overrun = rendering.overrun_of(dataset_chart("readings", {"x": ["taken_at"], "y": ["temperature"]}),
                                       CHART_OVERRUN)
        words = past_time_limit(LIMIT, overrun).description
    assert words.startswith("the chart took longer than the 3 s render limit; column 'taken_at' holds times")
    assert words.endswith(f"{ADVICE}; until then, ask for less data (filter.<column>) or a smaller picture "
                          "(width, height, scale), or a simpler kind")


def test_a_chart_past_the_render_limit_of_an_x_of_words_asks_for_nothing_a_text_x_refuses(pooled_lab):
    with pooled_lab.test_request_context():
        overrun = rendering.overrun_of(dataset_chart("readings", {"x": ["sensor"], "y": ["temperature"]}),
                                       CHART_OVERRUN)
        words = past_time_limit(LIMIT, overrun).description
    assert words == ("the chart took longer than the 3 s render limit; ask for less data (filter.<column>) or a "
                     "smaller picture (width, height, scale), or a simpler kind")


def test_a_chart_past_the_render_limit_of_no_x_is_told_as_before(pooled_lab):
    with pooled_lab.test_request_context():
        overrun = rendering.overrun_of(dataset_chart("readings", {"y": ["temperature"], "kind": ["hist"]}),
                                       CHART_OVERRUN)
        words = past_time_limit(LIMIT, overrun).description
    assert words == past_time_limit(LIMIT, CHART_OVERRUN).description


def test_the_dataset_page_says_a_source_text_column_of_months_alone_is_written_another_way(tmp_path, source_client):
    # A dataset's cell reads 2024-01 as its first day; a source's database reads it as text.
    url = sqlite_file(tmp_path / "lab.db", {"sales": ("month TEXT, amount REAL",
                                                      [(f"2024-{m:02d}", float(m)) for m in range(1, 13)])})
    page = unescape(source_client(tmp_path, url, ["sales"]).get("/datasets/sales").get_data(as_text=True))
    assert "row 1 holds '2024-01' (write dates as YYYY-MM-DD" in page
