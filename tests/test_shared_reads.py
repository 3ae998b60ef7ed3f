"""The charts of a page read the rows of each dataset held in memory once, at the version the page read
of it, and share them (`shared_reads`): a wall of many charts of a few datasets reads each dataset's
rows once, not once for each of its charts, at its first view and at a poll once its range has moved on."""
from __future__ import annotations

from datetime import datetime, timedelta

import pytest

from app.store.csv_store import CsvStore
from app.store.shared_reads import rows_shared, shared_read
from app.store.sql_reads import SqlReads
from tests.conftest import Clock, dashboard_site

CHARTS = 6  # of each dataset
STATIONS = "".join(f"2024-01-{day:02},{name},{day}.5,{day % 3}.0,{day % 5}.0\n"
                   for day in range(1, 29) for name in ("Airport", "Harbour"))


def wall(filtered: bool) -> str:
    """A dashboard of CHARTS line charts of the stored weather dataset and as many of the file `gauges`,
    opening on a range, by a filter of the stations' too where `filtered`."""
    charts = "".join(f'[[charts]]\nid = "w{n}"\ndataset = "weather"\nx = "date"\ny = ["temperature_c"]\n'
                     f'title = "Weather {n}"\n\n'
                     f'[[charts]]\nid = "s{n}"\ndataset = "gauges"\nx = "date"\ny = ["rainfall_mm"]\n'
                     f'title = "Stations {n}"\n\n' for n in range(CHARTS))
    filters = '[[filters]]\ncolumn = "station"\n\n' if filtered else ""
    return f'title = "Wall"\ntime_column = "date"\nfrom = "now-24h"\n\n{filters}{charts}'


@pytest.fixture
def reads(monkeypatch) -> list[str]:
    """The reads of a dataset's rows held in memory, each noted by the dataset's name: a stored
    dataset's kept frame (`SqlReads.small_read`) and a data-folder file's (`CsvStore.read`)."""
    noted: list[str] = []
    small_read, file_read = SqlReads.small_read, CsvStore.read
    monkeypatch.setattr(SqlReads, "small_read",
                        lambda store, known, *args: noted.append(known.name) or small_read(store, known, *args))
    monkeypatch.setattr(CsvStore, "read", lambda store, name, *args: noted.append(name) or file_read(store, name, *args))
    return noted


@pytest.mark.parametrize("filtered", [False, True], ids=["range", "range-and-filter"])
def test_a_dashboard_s_charts_read_each_dataset_s_rows_once_at_its_first_view_and_a_later_poll(
        tmp_path, reads, filtered):
    header = "date,station,temperature_c,rainfall_mm,sunshine_h\n"
    app = dashboard_site(tmp_path, {"gauges.csv": header + STATIONS}, wall(filtered))
    clock = Clock(datetime(2024, 1, 20, 12))
    app.config["CLOCK"] = clock
    client = app.test_client()
    answer = client.get("/d/m")
    assert answer.status_code == 200
    # The page's form reads the filter's values from the rows its charts read: each dataset read once.
    assert sorted(reads) == ["gauges", "weather"]
    reads.clear()
    clock.now += timedelta(minutes=1)  # the range moved on: each chart's words looked up by its rows again
    assert client.get("/d/m/versions.json").status_code == 200
    assert sorted(reads) == ["gauges", "weather"]


def test_a_read_is_shared_within_a_block_alone_and_a_failed_one_is_tried_again():
    made: list[str] = []

    def read(what: str) -> str:
        made.append(what)
        return what

    def failing() -> str:
        made.append("failed")
        raise LookupError

    assert shared_read("a", lambda: read("a")) == "a" and shared_read("a", lambda: read("a")) == "a"
    assert made == ["a", "a"]  # outside a block, each read reads
    made.clear()
    with rows_shared():
        for _ in range(2):
            with pytest.raises(LookupError):
                shared_read("b", failing)
        with rows_shared():  # a block inside another is part of it
            assert shared_read("a", lambda: read("a")) == "a"
        assert shared_read("a", lambda: read("again")) == "a"
        assert shared_read(None, lambda: read("unkeyed")) == "unkeyed"
    assert made == ["failed", "failed", "a", "unkeyed"]
    with rows_shared():
        assert shared_read("a", lambda: read("next block")) == "next block"


def test_a_filter_s_values_read_outside_a_page_s_block_read_their_column_alone(client, monkeypatch):
    # A dashboard chart's own page checks its filter's value against the values of the stored dataset
    # `stations` (small: its rows kept in memory) outside a page's block of reads: those of the one
    # column, where its kept rows were taken whole; the chart's rows, chosen by the filter, whole.
    noted: list[tuple[str, tuple[str, ...] | None]] = []
    small_read = SqlReads.small_read

    def noting(store, known, columns=None):
        noted.append((known.name, None if columns is None else tuple(columns)))
        return small_read(store, known, columns)

    monkeypatch.setattr(SqlReads, "small_read", noting)
    answer = client.get("/d/stations/temperature?filter.station=Airport")
    assert answer.status_code == 200
    assert sorted(noted, key=str) == [("stations", ("station",)), ("stations", None)]
