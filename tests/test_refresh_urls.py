"""A refreshing dashboard's image URLs under a range relative to now: they change only when the
range's step moves on (or the data does), and a chart the range cannot narrow has none in its URL;
what the charts draw is still the range asked, its newest row and all."""
from __future__ import annotations

import re
from datetime import datetime, timedelta
from html import unescape
from urllib.parse import parse_qsl, urlsplit

import pytest

from app import create_app
from tests.conftest import Clock, json_rows

# A board that polls every 5 s over the last 30 days: two charts of dated rows, one of the animals
# sample, whose `year` is a number, not a date, so that the range cannot narrow it.
BOARD = """\
title = "Readings"
refresh = 5
from = "now-30d"

[[charts]]
id = "level"
dataset = "readings"
x = "time"
y = ["level"]

[[charts]]
id = "flow"
dataset = "readings"
kind = "scatter"
x = "time"
y = ["flow"]

[[charts]]
id = "bears"
dataset = "animals"
kind = "bar"
y = ["Bear"]
"""
NOW = datetime(2026, 11, 11, 13, 48, 9)
# A reading every six hours for 40 days before NOW, and the newest one a few seconds before it.
NEWEST = datetime(2026, 11, 11, 13, 48, 5)
TIMES = [NOW - timedelta(hours=6 * n) for n in range(160, 0, -1)] + [NEWEST]


@pytest.fixture
def clock() -> Clock:
    return Clock(NOW)


@pytest.fixture
def client(tmp_path, data_dir, clock):
    (data_dir / "readings.csv").write_text("time,level,flow\n" + "".join(
        f"{time.isoformat()},{n},{n % 7}\n" for n, time in enumerate(TIMES)))
    boards = tmp_path / "boards"
    boards.mkdir()
    (boards / "readings.toml").write_text(BOARD)
    return create_app({"TESTING": True, "DATA_DIR": str(data_dir), "DASHBOARD_DIRS": [str(boards)],
                       "CLOCK": clock}).test_client()


def sources(client) -> dict[str, str]:
    """Each chart's image URL as the board's versions.json gives it now."""
    response = client.get("/d/readings/versions.json")
    assert response.status_code == 200
    return {chart: answer["src"] for chart, answer in response.get_json()["charts"].items()}


def query_of(url: str) -> dict[str, str]:
    return dict(parse_qsl(urlsplit(url).query, keep_blank_values=True))


def test_polls_within_the_range_s_step_give_every_chart_the_url_the_page_shows(client, clock):
    page = client.get("/d/readings").get_data(as_text=True)
    shown = dict((chart, unescape(src)) for src, chart in re.findall(r'<img src="([^"]*)"[^>]*data-chart="([^"]*)"',
                                                                    page))
    assert set(shown) == {"level", "flow", "bears"}
    for seconds in (5, 10, 15, 20):  # four polls of a board refreshed every 5 s
        clock.now = NOW + timedelta(seconds=seconds)
        assert sources(client) == shown, f"{seconds} s later"


def test_a_range_of_days_moves_on_with_the_hour(client, clock):
    first = sources(client)
    assert query_of(first["level"])["from"] == "2026-10-12T13:00:00"
    clock.now = datetime(2026, 11, 11, 14, 0, 0)
    later = sources(client)
    assert query_of(later["level"])["from"] == "2026-10-12T14:00:00"
    assert later["flow"] != first["flow"]


def test_the_page_writes_the_moment_percent_encoded_before_the_version_as_the_readme_shows(client):
    page = client.get("/d/readings").get_data(as_text=True)
    [src] = re.findall(r'<img src="([^"]*)"[^>]*data-chart="level"', page)
    assert re.fullmatch(r"/d/readings/level\.svg\?from=2026-10-12T13%3A00%3A00&v=[0-9a-f]+_[0-9a-f]{8}", unescape(src)), src


def test_a_chart_the_range_cannot_narrow_has_no_range_in_its_url(client, clock):
    first = sources(client)["bears"]
    assert query_of(first)["from"] == "", "the board's range is not undone in the URL"
    clock.now = NOW + timedelta(days=3)
    assert sources(client)["bears"] == first
    drawn = client.get(first)
    assert drawn.status_code == 200 and drawn.headers["Cache-Control"] == "public, max-age=31536000, immutable"
    assert drawn.data == client.get(f"/d/readings/bears.svg?v={query_of(first)['v']}").data
    page = client.get("/d/readings").get_data(as_text=True)
    assert "Drawn whole: animals has no date column for the time range." in page


@pytest.mark.parametrize("query", ["", "?from=now-24h", "?from=now-7d&to=now", "?from=now-1y"])
def test_the_charts_still_draw_the_range_asked_and_its_newest_row(client, query):
    src = client.get(f"/d/readings/versions.json{query}").get_json()["charts"]["level"]["src"]
    times = [row[0] for row in json_rows(client, src.replace(".svg", ".json", 1))]
    assert times[-1] == NEWEST.isoformat() + "Z"
    asked = {"": timedelta(days=30), "?from=now-24h": timedelta(hours=24), "?from=now-7d&to=now": timedelta(days=7),
             "?from=now-1y": timedelta(days=365)}[query]
    oldest = datetime.fromisoformat(times[0].rstrip("Z"))
    # No row older than the range, and the range's start at most one step (here an hour) before it.
    expected = [time for time in TIMES if time >= NOW - asked - timedelta(hours=1)]
    assert oldest == expected[0] and len(times) == len(expected)


def test_a_filter_on_a_column_named_range_leaves_the_time_range_in_the_url(tmp_path, data_dir, clock):
    # The readings have no column `range`: the filter is left out of their chart, the time range is not.
    (data_dir / "readings.csv").write_text("time,level\n" + "".join(
        f"{time.isoformat()},{n}\n" for n, time in enumerate(TIMES)))
    (data_dir / "zones.csv").write_text("time,range,level\n" + "".join(
        f"{time.isoformat()},{'North' if n % 2 else 'South'},{n}\n" for n, time in enumerate(TIMES)))
    boards = tmp_path / "boards"
    boards.mkdir()
    (boards / "ranges.toml").write_text('title = "Ranges"\nfrom = "now-30d"\n\n[[filters]]\ncolumn = "range"\n\n'
                                        '[[charts]]\nid = "level"\ndataset = "readings"\nx = "time"\ny = ["level"]\n\n'
                                        '[[charts]]\nid = "zones"\ndataset = "zones"\nx = "time"\ny = ["level"]\n')
    client = create_app({"TESTING": True, "DATA_DIR": str(data_dir), "DASHBOARD_DIRS": [str(boards)],
                         "CLOCK": clock}).test_client()
    response = client.get("/d/ranges/versions.json?filter.range=North")
    assert response.status_code == 200, response.get_data(as_text=True)
    src = response.get_json()["charts"]["level"]["src"]
    assert query_of(src)["from"] == "2026-10-12T13:00:00", src
    page = client.get("/d/ranges?filter.range=North").get_data(as_text=True)
    assert "Not filtered by range: readings has no text column 'range'." in unescape(page)
    assert "has no date column" not in page
