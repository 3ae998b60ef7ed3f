"""A big stored dataset's line under x bounds whose rows are not all drawn (a split's rows of no
series value or of a value past the series cap, a filter's rows left out) runs on to the rows beyond
its bounds that the frame path's line runs on to; on SQLite, where x is in row order, found from
the row ids the search for its window found, not by a query ordering every row by x."""
from __future__ import annotations

import re

import numpy as np
import pandas as pd
import pytest

from plots import Limits
from tests.conftest import described
from tests.source_data import BIG_STORES, path_clients
from tests.statements import rows_reads, statements_run

SENSORS = ["a", "b", "c", " ", "d"]  # a blank one, and a fourth past a cap of 3 series
WINDOWS = ["xmin=2024-01-01T02:00:30&xmax=2024-01-01T07:59:30",
           "xmin=2024-01-01T02:00:30&xmax=2024-01-01T07:59:30&width=100",
           "xmin=2024-01-01T09:00:30&width=2000", "xmax=2024-01-01T00:30:30"]


def sensors_among_others(each_minute: bool) -> pd.DataFrame:
    """600 minutes of `SENSORS`' readings in that order: one a minute, or all of them each minute. The
    last row before any minute is then the fourth sensor's, the one before it the blank one's."""
    minutes = pd.date_range("2024-01-01", periods=600, freq="min")
    times = np.repeat(minutes, len(SENSORS)) if each_minute else pd.date_range(minutes[0], periods=600, freq="12s")
    return pd.DataFrame({"t": times, "sensor": SENSORS * (len(times) // len(SENSORS)),
                         "reading": np.sin(np.arange(len(times)) / 7.0)})


def with_ids_alike(svg: bytes) -> bytes:
    """A chart's whole SVG, its words too, with its ids' prefix, made of the whole SVG's bytes, written alike."""
    prefix = re.search(rb'aria-labelledby="([^"]+)-desc"', svg).group(1)
    return svg.replace(prefix, b"ID")


def by_x(run: list[str]) -> list[str]:
    """The statements of `run` reading the rows table's rows in an order other than row ids'."""
    return [statement for statement in rows_reads(run) if re.search(r"ORDER BY rows_\d+\.(?!rowid\b)", statement)]


@pytest.mark.parametrize("query", [*(f"x=t&y=reading&series=sensor&{window}" for window in WINDOWS),
                                   f"x=t&y=reading&series=sensor&{WINDOWS[0]}&filter.sensor=a&filter.sensor=c",
                                   f"x=t&y=reading&{WINDOWS[0]}&filter.sensor=b"])
def test_a_bounded_line_of_rows_not_all_drawn_runs_on_to_the_frame_path_s_rows_beyond_its_bounds(
        postgres_url, tmp_path, query):
    # One reading a time: the nearest row beyond a bound the frame path's line runs on to is a drawn
    # series' row alone, as the database's, which the rows of no series or of `d` lie nearer than.
    frame = sensors_among_others(each_minute=False)
    paths = ("data folder", *BIG_STORES)
    with path_clients(postgres_url, tmp_path, frame, frame.to_csv(index=False), paths,
                      settings={"RENDER_CACHE_BYTES": 0, "LIMITS": Limits(max_series=3)}) as made:
        expected = made["data folder"].get(f"/plot/t.svg?{query}")
        assert expected.status_code == 200, expected.get_data(as_text=True)[:300]
        for path in BIG_STORES:
            assert made[path].get("/plot/t.svg?x=t&y=reading&width=100").status_code == 200  # x's order, known
            with statements_run() as run:
                answer = made[path].get(f"/plot/t.svg?{query}")
            assert with_ids_alike(answer.data) == with_ids_alike(expected.data), (path, described(answer.data),
                                                                    described(expected.data))
            if path == "sqlite big store":  # the rows table has no index on x: ordered by it, every row is read
                assert by_x(run) == [], by_x(run)


@pytest.mark.parametrize("window", WINDOWS)
def test_a_bounded_split_line_of_readings_sharing_a_time_is_drawn_alike_by_both_big_stores(postgres_url, tmp_path,
                                                                                           window):
    # SQLite finds the row beyond each bound from the row ids its search found, PostgreSQL by x: the same row.
    frame = sensors_among_others(each_minute=True)
    query = f"/plot/t.svg?x=t&y=reading&series=sensor&{window}"
    with path_clients(postgres_url, tmp_path, frame, frame.to_csv(index=False), BIG_STORES,
                      settings={"RENDER_CACHE_BYTES": 0, "LIMITS": Limits(max_series=3)}) as made:
        assert made["sqlite big store"].get("/plot/t.svg?x=t&y=reading&width=100").status_code == 200
        with statements_run() as run:
            ours = made["sqlite big store"].get(query)
        theirs = made["postgresql big store"].get(query)
    assert ours.status_code == 200 and with_ids_alike(ours.data) == with_ids_alike(theirs.data), (described(ours.data),
                                                                                     described(theirs.data))
    assert by_x(run) == [], by_x(run)


# One station's rows after the other's: B's start inside the windows, A's end inside them, and the
# windows hold more rows than a chart 100 pixels wide draws whole.
STATIONS_IN_TURN = pd.DataFrame({"t": range(5000), "station": ["A"] * 2500 + ["B"] * 2500,
                                 "reading": np.cos(np.arange(5000) / 90.0)})


@pytest.mark.parametrize("query", ["filter.station=B&xmin=1500.5&xmax=3500.5",
                                   "filter.station=A&xmin=1500.5&xmax=3500.5",
                                   "filter.station=B&xmin=500.5&xmax=1500.5",
                                   "filter.station=A&xmin=3500.5&xmax=4000.5"])
def test_a_bounded_line_whose_filter_leaves_no_row_beyond_a_bound_runs_on_to_the_other_side_alone(
        postgres_url, tmp_path, query):
    # No row of the station lies beyond one bound: on SQLite, whose search by row id found the row
    # beyond it of another station, the line runs on past the other bound alone, as the frame
    # path's, and a window holding none of its rows draws nothing: no row within the window is
    # taken for the one beyond the bound.
    frame = STATIONS_IN_TURN
    with path_clients(postgres_url, tmp_path, frame, frame.to_csv(index=False), ("data folder", "sqlite big store"),
                      settings={"RENDER_CACHE_BYTES": 0}) as made:
        expected = made["data folder"].get(f"/plot/t.svg?x=t&y=reading&width=100&{query}")
        assert expected.status_code == 200, expected.get_data(as_text=True)[:300]
        big = made["sqlite big store"]
        assert big.get("/plot/t.svg?x=t&y=reading&width=100").status_code == 200  # x's order, known
        with statements_run() as run:
            answer = big.get(f"/plot/t.svg?x=t&y=reading&width=100&{query}")
        assert with_ids_alike(answer.data) == with_ids_alike(expected.data), (described(answer.data),
                                                                              described(expected.data))
        assert by_x(run) == [], by_x(run)
