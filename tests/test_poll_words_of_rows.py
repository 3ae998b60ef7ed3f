"""A poll after a relative range moved on gives each chart's words of the rows it now draws: worked
out again only where the range chose other rows than before."""
from __future__ import annotations

from datetime import datetime, timedelta

import pytest

from app.store import chosen_rows
from app.views import chart_alt
from tests.conftest import Clock, dashboard_site

NOW = datetime(2026, 12, 1, 12, 0, 0)
BOARD = """title = "Last day"
from = "now-24h"

[[charts]]
id = "temperature"
dataset = "hourly"
kind = "line"
x = "date"
y = ["temperature"]

[[charts]]
id = "by-station"
dataset = "hourly"
kind = "bar"
x = "station"
y = ["temperature"]
agg = "sum"
"""


def hourly() -> str:
    """A reading an hour back from NOW, for three days, of two stations."""
    return "date,station,temperature\n" + "".join(
        f"{NOW - timedelta(hours=row):%Y-%m-%dT%H:%M:%S},{'North' if row % 2 else 'South'},{row}\n" for row in range(72))


@pytest.fixture
def described(monkeypatch) -> list[str]:
    """The charts whose words were worked out from their rows, by title, each time."""
    titles: list[str] = []

    def counting(spec, frame):
        titles.append(spec.title)
        return describe(spec, frame)

    describe = chart_alt.describe
    monkeypatch.setattr(chart_alt, "describe", counting)
    return titles


@pytest.fixture
def taken(monkeypatch) -> list[tuple[str, ...]]:
    """The columns a chart took of the rows its selection chose, each time."""
    columns: list[tuple[str, ...]] = []

    def counting(frame, names):
        columns.append(tuple(names))
        return columns_taken(frame, names)

    columns_taken = chosen_rows.columns_taken
    monkeypatch.setattr(chosen_rows, "columns_taken", counting)
    return columns


def polled(client) -> dict[str, str]:
    """Each chart's alt text in a poll of the dashboard."""
    answer = client.get("/d/m/versions.json")
    assert answer.status_code == 200
    return {chart: fields["alt"] for chart, fields in answer.get_json()["charts"].items()}


def site_at(folder, now: datetime) -> tuple:
    """A test client of the dashboard's site made in `folder`, and the clock it reads, set to `now`."""
    folder.mkdir()
    app = dashboard_site(folder, {"hourly.csv": hourly()}, BOARD)
    clock = Clock(now)
    app.config["CLOCK"] = clock
    return app.test_client(), clock


def fresh_words(tmp_path, now: datetime) -> dict[str, str]:
    """The words a site started at `now` gives in its first poll."""
    return polled(site_at(tmp_path / f"fresh-{now:%H%M}", now)[0])


def test_a_range_moved_on_over_the_same_rows_gives_their_words_without_working_them_out(tmp_path, described):
    client, clock = site_at(tmp_path / "site", NOW - timedelta(minutes=2))
    first = polled(client)
    assert len(described) == 2
    clock.now += timedelta(minutes=1)  # from 11:59 the day before, not 11:58: the same readings
    moved = polled(client)
    assert len(described) == 2  # no chart's rows were described again
    assert moved != first and all("11:59" in words for words in moved.values())
    assert moved == fresh_words(tmp_path, NOW - timedelta(minutes=1))


def test_a_range_moved_on_over_other_rows_works_their_words_out(tmp_path, described):
    client, clock = site_at(tmp_path / "site", NOW)
    first = polled(client)
    clock.now = NOW + timedelta(minutes=1)  # from 12:01 the day before: the reading of 12:00 left out
    moved = polled(client)
    assert len(described) == 4
    assert moved["temperature"].replace("12:01", "12:00") != first["temperature"]
    assert moved == fresh_words(tmp_path, NOW + timedelta(minutes=1))


def test_a_range_moved_on_over_the_same_rows_reads_their_marks_without_taking_the_charts_columns(tmp_path, taken):
    client, clock = site_at(tmp_path / "site", NOW - timedelta(minutes=2))
    polled(client)
    assert sorted(taken) == [("date", "temperature"), ("station", "temperature")]
    clock.now += timedelta(minutes=1)  # the same readings: their words are kept, by which rows they are
    moved = polled(client)
    assert len(taken) == 2  # neither chart took its columns of the rows again
    assert moved == fresh_words(tmp_path, NOW - timedelta(minutes=1))


def test_a_chart_whose_words_are_worked_out_asks_the_store_for_its_rows_once(tmp_path, monkeypatch):
    asked = []
    chosen = chosen_rows.ChosenRows.chosen

    def counting(self, whole, part, selection, spec, wanted):
        asked.append(spec.x)
        return chosen(self, whole, part, selection, spec, wanted)

    monkeypatch.setattr(chosen_rows.ChosenRows, "chosen", counting)
    assert polled(site_at(tmp_path / "site", NOW)[0]) == fresh_words(tmp_path, NOW)
    assert sorted(asked[:2]) == ["date", "station"] and len(asked) == 4  # two charts, each of two polls once
