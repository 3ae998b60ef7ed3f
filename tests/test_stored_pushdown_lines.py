"""Lines of a big stored dataset thinned by its database, on SQLite and PostgreSQL, drawn as the frame
path draws them: the statements a line sends its rows table (counting, then reading; no count of
rows without an x where a range on x chooses none), over ranges of row ids where its x is in row
order (SQLite: its rows within its bounds, and those beyond them, found by row id), from every row
where its x goes back, and what rows appended since in or out of order change of that.

The sites and their datasets are test_stored_pushdown.py's, made once for this module too.
"""
from __future__ import annotations

import re
from collections.abc import Iterator

import pytest
from sqlalchemy import Column, Float, MetaData, String, Table, create_engine

from app.store import pushdown_m4, pushdown_row_ranges, stored_pushdown
from app.store.stored_values import StoredSqliteFunctions
from tests.conftest import CSV_WRITE
from tests.postgres import sites_on_each_backend
from tests import test_stored_pushdown as stored_pushdown_tests
from tests.test_stored_pushdown import rows_table_statements, series_csv, series_urls, two_sites


@pytest.fixture(scope="module", params=["sqlite", "postgresql"])
def shared_sites(request, tmp_path_factory) -> Iterator[tuple]:
    """The two sites over one database of each backend, for the module's tests that do not write."""
    yield from sites_on_each_backend(request, tmp_path_factory, "stored_pushdown_lines", two_sites)


# test_stored_pushdown.py's fixtures of clients, over this module's `shared_sites`.
sites = stored_pushdown_tests.sites
own_sites = stored_pushdown_tests.own_sites


def test_a_line_whose_x_repeats_reads_the_rows_table_twice_counting_then_reading(sites, shared_sites):
    # Four stations share each time: M4 would not keep the frame path's rows, and is not asked for
    # them (nor are they checked for repeated times afterwards). On SQLite the times go back by row
    # id, which a line of this version found once: its row ids are only counted for it (the first
    # statement).
    frame_client, pushdown_client = sites
    assert pushdown_client.get("/plot/readings.svg?y=reading").status_code == 200
    with rows_table_statements(shared_sites) as statements:
        ours = pushdown_client.get("/plot/readings.svg?y=reading&width=200")
    assert ours.status_code == 200 and ours.data == frame_client.get("/plot/readings.svg?y=reading&width=200").data
    if over_row_ranges(shared_sites):
        assert "max(" in statements.pop(0), statements
    # The rows without a time, which the chart's words count as the frame path's do, were counted for
    # the chart asked first at this version: kept by version, x and the other conditions, not again.
    assert len(statements) == 2 and not any("IS NULL" in statement for statement in statements), statements


def test_a_chart_of_a_time_range_on_its_x_sends_no_second_count_of_rows_without_one(sites, shared_sites):
    # A range on x chooses no row without an x, but its words count those its other conditions chose,
    # as the chart without the range does: counted for that chart, at this version, and not again.
    frame_client, pushdown_client = sites
    url = "/plot/readings.svg?y=reading&width=200&from=2024-01-02&to=2024-01-06"
    # The line's first chart at this version looks once for times going back by row id (a statement
    # with an IS NULL of its own), whichever test asks first: asked here, the test stands alone.
    assert pushdown_client.get("/plot/readings.svg?y=reading").status_code == 200
    with rows_table_statements(shared_sites) as statements:
        ours = pushdown_client.get(url)
    assert ours.status_code == 200 and ours.data == frame_client.get(url).data
    assert statements and not any("IS NULL" in statement for statement in statements), statements


# Ranges over x choosing no more rows than four a pixel column: 576 of `readings` (its times go back
# by row id), 1,920 of `series` at 600 pixel columns; and 1,920 of `series` at 200, more than four
# a pixel column but few enough to read and thin here (`READ_ROWS_PER_COLUMN`).
FEW_ROWS_RANGES = ["/plot/readings.svg?y=reading&width=200&from=2024-01-02T00:00:00&to=2024-01-02T23:50:00",
                   "/plot/series.svg?y=a&width=600&from=2024-03-01T10:00:00&to=2024-03-02T18:00:00",
                   "/plot/series.svg?y=a&width=200&from=2024-03-01T10:00:00&to=2024-03-02T18:00:00"]


@pytest.mark.parametrize("url", FEW_ROWS_RANGES)
def test_a_chart_of_a_time_range_choosing_few_rows_reads_them_uncounted(sites, shared_sites, url):
    # A count of the rows the range chose decided whether to read them whole: it scanned them all
    # (x has no index), and the read scanned them again. Where they are few the read itself tells:
    # it stops at one more than drawing keeps whole (on SQLite, where x is in row order, than it
    # reads and thins here).
    frame_client, pushdown_client = sites
    # The line's first chart at this version looks for times going back by row id and counts the
    # rows without one: asked here, the test stands alone.
    assert pushdown_client.get(url.split("&")[0]).status_code == 200
    with rows_table_statements(shared_sites) as statements:
        ours = pushdown_client.get(url)
    assert ours.status_code == 200 and ours.data == frame_client.get(url).data
    thinned_here = "width=200" in url and "series" in url
    counts = [statement for statement in statements if "count(" in statement]
    if thinned_here and not over_row_ranges(shared_sites):
        # More than four a pixel column: PostgreSQL counts them (and their distinct x), for M4.
        assert len(counts) == 1, statements
    else:
        assert not counts, statements


def read_every_row(*args, **kwargs):
    raise AssertionError("every row of the line was read")


def over_row_ranges(shared_sites) -> bool:
    """Whether the site that computes charts thins a line whose x is in row order over ranges of
    row ids (SQLite), rather than from every row (PostgreSQL: M4 where no x repeats)."""
    return shared_sites[1].extensions["svgplots"].store.database._engine.dialect.name == "sqlite"


@pytest.mark.parametrize("read_per_column", [0, pushdown_row_ranges.READ_ROWS_PER_COLUMN])
def test_a_line_whose_x_never_decreases_by_row_id_is_thinned_over_row_ranges(sites, shared_sites, monkeypatch,
                                                                             read_per_column):
    # On SQLite, neither every row read and thinned here nor thinned per pixel column worked out
    # from every row's x: only the rows within its bounds, and where they are many, not even those.
    frame_client, pushdown_client = sites
    monkeypatch.setattr(pushdown_row_ranges, "READ_ROWS_PER_COLUMN", read_per_column)
    if over_row_ranges(shared_sites):
        if not read_per_column:
            monkeypatch.setattr(stored_pushdown.StoredChartQuery, "thinned_here", read_every_row)
        monkeypatch.setattr(pushdown_m4, "line", read_every_row)
    differ = []
    for url in series_urls() + ["/plot/weather.svg?kind=line&x=date&y=temperature_c,rainfall_mm&width=150"]:
        ours, theirs = pushdown_client.get(url), frame_client.get(url)
        assert theirs.status_code == 200, url
        if (ours.status_code, ours.data) != (theirs.status_code, theirs.data):
            differ.append(url)
    assert differ == []


def test_a_bounded_line_over_rows_in_x_order_finds_the_rows_beyond_its_bounds_by_row_id(sites, shared_sites):
    # The rows table has no index on x: a query of the nearest row beyond a bound by x reads every
    # row. Where x is in row order the search for the window's rows finds them, and they are read
    # by their row id: the nearest rows with an x (row 96 has none), with a value or without.
    frame_client, pushdown_client = sites
    assert pushdown_client.get("/plot/series.svg?y=a&width=100").status_code == 200  # the order of x, known
    for window in ["xmin=2024-03-01T01:22:30&xmax=2024-03-01T14:16:30",
                   "xmin=2024-03-01T14:17:30&xmax=2024-03-01T15:07:30",
                   "xmin=2024-03-01T10:00:30&xmax=2024-03-01T12:00:30&width=100", "xmin=2024-02-01T00:00:30",
                   "xmax=2024-03-01T01:22:30", "xmin=2025-01-01&xmax=2025-02-01"]:
        url = f"/plot/series.svg?y=a&{window}"
        with rows_table_statements(shared_sites) as statements:
            ours = pushdown_client.get(url)
        assert ours.status_code == 200 and ours.data == frame_client.get(url).data, url
        if over_row_ranges(shared_sites):
            by_x = [s for s in statements if re.search(r"ORDER BY (?!\S*rowid\b)", s)]
            assert by_x == [], (url, by_x)


@pytest.fixture
def thinned_here(monkeypatch) -> list[tuple[str, ...]]:
    """The y of each line read and thinned in memory (`StoredChartQuery.thinned_here`), as it is drawn."""
    thinned = []
    computed = stored_pushdown.StoredChartQuery.thinned_here

    def counted(self, pixels, narrower=()):
        thinned.append(self.spec.y)
        return computed(self, pixels, narrower)

    monkeypatch.setattr(stored_pushdown.StoredChartQuery, "thinned_here", counted)
    return thinned


def test_a_line_whose_x_goes_back_by_row_id_is_thinned_from_every_row(sites, thinned_here):
    frame_client, pushdown_client = sites
    url = "/plot/readings.svg?y=reading&width=200"  # appended out of time order
    assert pushdown_client.get(url).data == frame_client.get(url).data
    assert thinned_here == [("reading",)]


def test_rows_appended_out_of_order_are_seen_by_the_next_line(own_sites, thinned_here, monkeypatch):
    # Whether x is in row order is remembered for the rows checked, and checked again for the rows
    # appended since: in order, they keep it; out of order, the line is thinned from every row
    # (as on PostgreSQL where an x repeats, as here, whatever the order).
    frame_client, pushdown_client, pushed = own_sites
    ranges = pushed._engine.dialect.name == "sqlite"
    monkeypatch.setattr(pushdown_row_ranges, "READ_ROWS_PER_COLUMN", 0)  # read only when out of order
    url = "/plot/series.svg?y=a&width=200"
    # The last rows go back in time after a row without one (the 97th rows have none).
    for start, count, appended in [(3000, 400, False), (3400, 5, False), (96, 300, True)]:
        before = pushdown_client.get(url).data
        assert frame_client.post("/api/datasets/series/rows", data=series_csv(start, count, start),
                                 headers=CSV_WRITE).status_code == 200
        ours, theirs = pushdown_client.get(url), frame_client.get(url)
        assert ours.status_code == 200 and ours.data == theirs.data != before
        assert bool(thinned_here) == (appended or not ranges), (start, thinned_here)


def test_a_stored_sqlite_line_is_never_thinned_by_sqlite_m4_which_reads_moments_as_microseconds():
    # Its moments are the stored text (`moment_key`), which SQLite's M4 took for whole microseconds.
    engine = create_engine("sqlite://")
    table = Table("rows", MetaData(), Column("x", String), Column("y", Float))
    with engine.begin() as conn:
        table.create(conn)
        conn.execute(table.insert(), [{"x": f"2024-01-0{day}T00:00:00", "y": day} for day in (1, 2, 3)])
        with pytest.raises(NotImplementedError, match="thinned over ranges of row ids"):
            StoredSqliteFunctions().thinned_line(conn, table, table.c.x, [table.c.y], [], "datetime", 2, None, None)


@pytest.mark.parametrize("read_per_column", [0, pushdown_row_ranges.READ_ROWS_PER_COLUMN])
def test_a_thinned_line_whose_last_time_repeats_keeps_the_margin_of_the_whole_line(own_sites, monkeypatch,
                                                                                  read_per_column):
    # Two readings share the last time: the whole line's axis keeps a margin for the run at its end.
    # Of the rows thinned by the database (over row ranges on SQLite, or read and thinned here) the
    # last pixel column keeps one of them, which alone told no run.
    frame_client, pushdown_client, _ = own_sites
    monkeypatch.setattr(pushdown_row_ranges, "READ_ROWS_PER_COLUMN", read_per_column)
    assert frame_client.post("/api/datasets/series/rows", data=series_csv(3000, 3),
                             headers=CSV_WRITE).status_code == 200
    url = "/plot/series.svg?y=a&width=200"
    ours, theirs = pushdown_client.get(url), frame_client.get(url)
    assert ours.status_code == 200 and ours.data == theirs.data
