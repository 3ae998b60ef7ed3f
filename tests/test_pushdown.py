"""The query builder of source charts: values always bound, conditions that narrow rows, histogram
bins counted as numpy counts them, the category cap, aggregates equal to pandas', lines thinned to
the rows thinning in memory keeps."""
from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from sqlalchemy import select

from app.export import frame_json_rows
from app.store import RowsOverLimit, load_sources
from app.store.pushdown import chart_rows
from app.store.source_conditions import Condition, where_clauses
from app.store.source_sql_dialects import functions_for
from app.store.sources import SourceStore
from plots import SpecError, chart_frame, describe, downsample, parse_spec, render_svg
from plots.bar_order import TOP_ADVICE
from plots.rows import drawn_of
from plots.selection import Selection, select_rows
from plots.series_split import split_of
from tests.source_data import (
    SourceDb,
    orders_frame,
    sources_toml,
    walk_frame,
    weather_frame,
)

ORDERS = orders_frame()


@pytest.fixture
def store(tmp_path: Path, source_db: SourceDb) -> Iterator[SourceStore]:
    datasets = {"orders": {"source": "shop", "table": "orders"}, "walk": {"source": "shop", "table": "walk"},
                "weather": {"source": "shop", "table": "weather"}}
    # A statement timeout far above the default, as test_sources' apps have: the 100,000-row walk
    # may take a busy machine longer than 10 s to thin.
    opened = SourceStore(load_sources(sources_toml(tmp_path / "s.toml", {"shop": {"url": source_db.url}}, datasets)),
                         timeout=120.0)
    yield opened
    opened.close()


def spec_of(store: SourceStore, name: str, **fields):
    return parse_spec({k: [v] for k, v in fields.items()}, store.info(name).column_types())


def test_a_condition_names_its_operation():
    with pytest.raises(ValueError, match="op must be one of >=, <=, in, not null"):
        Condition("region", "like", "n%")


def test_every_value_of_a_condition_is_a_bound_parameter(store):
    with store._reading("orders") as conn:
        relation = store._describe("orders", conn).relation
        hostile = "north'; DROP TABLE orders; --"
        clauses = where_clauses(relation, functions_for(conn.dialect.name),
                                [Condition("region", "in", (hostile, "south")), Condition("total", ">=", 7),
                                 Condition("day", "<=", dt.datetime(2024, 2, 1))])
        compiled = select(relation.column("total")).select_from(relation.selectable).where(*clauses).compile(conn)
        assert hostile not in str(compiled) and "2024" not in str(compiled) and " 7" not in str(compiled)
        assert hostile in repr(compiled.params)
        assert conn.execute(select(relation.column("total")).select_from(relation.selectable).where(*clauses)).all() \
            is not None


def test_conditions_narrow_the_rows_a_chart_draws(store):
    spec = spec_of(store, "orders", kind="bar", x="region", y="total", agg="sum")
    narrowed = store.chart_rows("orders", spec, _limits(), 640,
                                [Condition("region", "in", ("north", "east")),
                                 Condition("day", ">=", dt.datetime(2024, 2, 1))]).frame
    shaped = chart_frame(spec, narrowed)
    expected = ORDERS[ORDERS.region.isin(["north", "east"]) & (ORDERS.day >= "2024-02-01")]
    assert dict(zip(shaped["region"], shaped["total"])) == expected.groupby("region")["total"].sum().to_dict()


@pytest.mark.parametrize("kind", ["line", "area"])
def test_rows_of_the_same_x_come_in_one_order_whatever_order_the_database_keeps_them_in(store, kind):
    # A database returns rows it sorts as equal in any order (PostgreSQL's sort is not stable), and
    # a line joins rows of the same x in the order they come: they come ordered by their y.
    spec = spec_of(store, "orders", kind=kind, x="day", y="total")
    rows = store.chart_rows("orders", spec, _limits(), 640, []).frame
    assert len(rows) == len(ORDERS) and rows["day"].duplicated().any()
    assert list(zip(rows["day"], rows["total"])) == sorted(zip(ORDERS["day"], ORDERS["total"]))
    thinned = store.chart_rows("orders", spec, _limits(), 20, []).frame  # M4: 400 rows over 20 columns
    kept = list(zip(thinned["day"], thinned["total"]))
    assert len(kept) < len(ORDERS) and kept == sorted(kept)


def _limits():
    from plots import Limits

    return Limits()


# The totals are whole numbers, which bins of their own range would part halfway between two: bins
# of equal parts of a range xmin and xmax set have totals on their edges.
LOWEST, HIGHEST = str(ORDERS.total.min()), str(ORDERS.total.max())


@pytest.mark.parametrize("fields", [{"bins": "20", "xmin": LOWEST, "xmax": HIGHEST},
                                    {"bins": "7", "xmin": "10", "xmax": "400"},
                                    {"bins": "49", "xmin": LOWEST, "xmax": HIGHEST}])
def test_histogram_bins_count_values_on_an_edge_as_numpy_does(store, fields):
    spec = spec_of(store, "orders", kind="hist", y="total", **fields)
    frame = store.chart_rows("orders", spec, _limits(), 640).frame
    drawn = drawn_of(frame)
    expected, edges = np.histogram(ORDERS["total"], bins=np.linspace(
        float(fields.get("xmin", ORDERS.total.min())), float(fields.get("xmax", ORDERS.total.max())),
        int(fields["bins"]) + 1))
    assert drawn is not None and np.array_equal(np.asarray(drawn.bins), edges)
    assert frame["total"].tolist() == expected.tolist()
    # The alt text's rows and range are those of the values the bins count.
    counted = ORDERS.total[ORDERS.total.between(edges[0], edges[-1])]
    assert drawn.rows == len(counted) == expected.sum()
    assert drawn.ranges == (("total", float(counted.min()), float(counted.max())),)


def test_a_bar_chart_of_too_many_categories_is_422_after_one_past_the_cap(store):
    spec = spec_of(store, "walk", kind="bar", x="t", y="value")
    with pytest.raises(SpecError, match="at most 100 categories and this one has 100,000;") as raised:
        store.chart_rows("walk", spec, _limits(), 640)
    assert raised.value.status == 422


@pytest.mark.parametrize("fields", [{"x": "temperature_c", "agg": "sum"}, {"x": "temperature_c", "agg": "median"},
                                    {"x": "date", "resample": "month", "agg": "sum"},
                                    {"x": "date", "resample": "month", "agg": "mean"},
                                    {"x": "date", "resample": "week", "agg": "median"},
                                    {"x": "date", "resample": "month", "agg": "max", "xmin": "2001-01-01"}])
def test_too_many_bar_categories_are_counted_as_a_stored_datasets_are(store, fields):
    # The database's count stopped one past the cap: "has more than 100", where a stored dataset's
    # chart says how many.
    spec = spec_of(store, "weather", kind="bar", y="rainfall_mm,humidity_pct", **fields)
    with pytest.raises(SpecError) as raised:
        store.chart_rows("weather", spec, _limits(), 640)
    with pytest.raises(SpecError) as in_memory:
        chart_frame(spec, weather_frame())
    assert raised.value.message == in_memory.value.message
    assert "this one has more than" not in raised.value.message


def test_too_many_resampled_bar_categories_suggest_only_longer_steps_in_chart_frames_words(store):
    # Thirty years by month: 360 categories. The database's advice once offered resample=month again.
    spec = spec_of(store, "weather", kind="bar", x="date", y="rainfall_mm", resample="month", agg="sum")
    with pytest.raises(SpecError) as raised:
        store.chart_rows("weather", spec, _limits(), 640)
    with pytest.raises(SpecError) as in_memory:
        chart_frame(spec, weather_frame())
    assert raised.value.status == 422
    advice = ("; resample it by a longer step than month ({}), narrow its time range (from/to), filter the data "
              "or use kind=line")
    # The rows' span shows that only years bring thirty years under the cap (120 quarters): the
    # database measures it as chart_frame does, and gives the same advice (its count stops past the cap).
    assert in_memory.value.message.endswith(advice.format("resample=year: 30 bars"))
    assert raised.value.message.split("; ")[1:] == in_memory.value.message.split("; ")[1:]


def test_too_many_bar_categories_of_numbers_do_not_suggest_resampling_which_needs_dates(store):
    spec = spec_of(store, "weather", kind="bar", x="temperature_c", y="rainfall_mm", agg="sum")
    with pytest.raises(SpecError) as raised:
        store.chart_rows("weather", spec, _limits(), 640)
    with pytest.raises(SpecError) as in_memory:
        chart_frame(spec, weather_frame())
    assert raised.value.message.endswith(f"; {TOP_ADVICE}, filter the data or use kind=line")
    assert in_memory.value.message.endswith(f"; {TOP_ADVICE}, filter the data or use kind=line")


@pytest.mark.parametrize("agg", ["mean", "sum", "min", "max", "median", "count"])
def test_resampled_aggregates_are_pandas_own(store, agg):
    spec = spec_of(store, "orders", kind="line", x="day", y="total", resample="week", agg=agg)
    ours = chart_frame(spec, store.chart_rows("orders", spec, _limits(), 640).frame)
    theirs = chart_frame(spec, ORDERS)
    pd.testing.assert_frame_equal(ours.reset_index(drop=True), theirs.reset_index(drop=True), check_dtype=False,
                                  check_exact=False, rtol=1e-12)


@pytest.mark.parametrize("agg", ["mean", "sum", "min", "max", "median", "count"])
@pytest.mark.parametrize("rule", ["week", "month", "quarter", "year"])
def test_every_resample_period_groups_as_pandas_does(store, rule, agg):
    # Thirty years of days: a period that kept only its first month (SQLite's quarter once divided
    # months as reals) gives other sums, means, extremes and counts.
    spec = spec_of(store, "weather", kind="line", x="date", y="temperature_c,humidity_pct", resample=rule, agg=agg)
    ours = chart_frame(spec, store.chart_rows("weather", spec, _limits(), 640).frame)
    theirs = chart_frame(spec, weather_frame())
    pd.testing.assert_frame_equal(ours.reset_index(drop=True), theirs.reset_index(drop=True), check_dtype=False,
                                  check_exact=False, rtol=1e-12)


def _chart_of_at_most(store: SourceStore, name: str, spec, max_rows: int, pixels: int | None):
    """The chart's rows through the module's own entry point, an answer holding at most `max_rows`."""
    with store._reading(name) as conn:
        relation = store._describe(name, conn).relation
        return chart_rows(conn, relation, functions_for(conn.dialect.name), spec, _limits(), name, max_rows, pixels)


def test_the_module_s_own_entry_point_splits_a_chart_by_a_text_column(store):
    # A source's store and a big stored dataset's ask `chart_rows` alone, a split chart's rows too:
    # the monthly sums, a column per region.
    spec = spec_of(store, "orders", kind="bar", x="day", y="total", series="region", resample="month", agg="sum")
    ours = _chart_of_at_most(store, "orders", spec, 100, 640)
    months = ORDERS.assign(day=ORDERS.day.dt.to_period("M").dt.to_timestamp())
    expected = months.pivot_table(index="day", columns="region", values="total", aggfunc="sum").reset_index()
    assert list(ours.columns) == ["day", "east", "north", "south", "west"]
    pd.testing.assert_frame_equal(ours, expected[list(ours.columns)].rename_axis(columns=None), check_dtype=False)
    assert split_of(ours).drawn == ("east", "north", "south", "west")


@pytest.mark.parametrize("fields", [{"name": "walk", "x": "t", "y": "value,spiky", "resample": "day"},
                                    {"name": "walk", "kind": "bar", "x": "t", "y": "value", "resample": "week"},
                                    {"name": "orders", "kind": "bar", "x": "region", "y": "total"}])
def test_a_median_of_more_rows_than_an_answer_holds_is_an_answer_of_its_groups(store, fields):
    # The cap on an answer's rows is on the groups it holds, SQLite's medians (found by ranking
    # each group's values, having no median aggregate) as PostgreSQL's.
    name, fields = fields["name"], {k: v for k, v in fields.items() if k != "name"}
    spec = spec_of(store, name, agg="median", **fields)
    # A source's bars come in x's order as its database sorts it, a stored dataset's as its rows do.
    stored = chart_frame(spec, walk_frame() if name == "walk" else ORDERS.sort_values("region", kind="stable"))
    assert len(stored) < 100
    for pixels in (None, 640):
        ours = _chart_of_at_most(store, name, spec, 100, pixels)
        pd.testing.assert_frame_equal(ours.reset_index(drop=True), stored.reset_index(drop=True),
                                      check_dtype=False, check_exact=False, rtol=1e-12)
        assert describe(spec, ours) == describe(spec, stored)


def test_a_median_of_more_groups_than_an_answer_holds_is_refused(store):
    spec = spec_of(store, "walk", y="value", resample="day", agg="median")
    days = len(chart_frame(spec, walk_frame()))
    assert len(_chart_of_at_most(store, "walk", spec, days, None)) == days
    with pytest.raises(RowsOverLimit, match=f"this chart of walk has more than {days - 1} rows"):
        _chart_of_at_most(store, "walk", spec, days - 1, None)


@pytest.mark.parametrize(("kind", "advice"), [
    ("hist", "narrow it with xmin/xmax"),
    ("box", "choose fewer rows with from/to (by a date column) or filter.<column> (by a text column's value)"),
])
def test_an_answer_of_too_many_rows_of_a_hist_or_box_suggests_only_what_its_kind_takes(store, kind, advice):
    # Neither takes resample, and a box plot takes no xmin/xmax: both are a 400 for it.
    spec = spec_of(store, "walk", kind=kind, y="value")
    with pytest.raises(RowsOverLimit) as caught:
        _chart_of_at_most(store, "walk", spec, 1000, None)
    assert str(caught.value).endswith(f"the most one answer of a source dataset holds; {advice}")


def test_a_window_of_a_timestamp_column_is_read_by_its_bounds(store):
    spec = spec_of(store, "walk", y="value", xmin="2024-01-10T00:00", xmax="2024-01-10T00:09:30")
    frame = store.chart_rows("walk", spec, _limits(), 640).frame
    walk = walk_frame()
    # The rows within, and the first after xmax, which the line runs on to (a row lies on xmin).
    expected = walk[(walk.t >= "2024-01-10") & (walk.t <= "2024-01-10T00:10")]
    assert frame["t"].tolist() == expected["t"].tolist() and len(frame) == 11
    with store._reading("walk") as conn:  # the same rows through the module's own entry point
        relation = store._describe("walk", conn).relation
        again = chart_rows(conn, relation, functions_for(conn.dialect.name), spec, _limits(), "walk", 100, 640)
    assert again["value"].tolist() == frame["value"].tolist()


# Bounds between rows and past the data's end: the columns split [xmin, xmax], not the rows' range.
@pytest.mark.parametrize("bounds", [{}, {"xmin": "2024-01-10T00:00:30", "xmax": "2024-05-01T07:00"}])
@pytest.mark.parametrize("y", ["value", "spiky"])
def test_a_line_is_thinned_in_the_database_to_the_rows_thinning_in_memory_keeps(store, source_db, y, bounds):
    spec = spec_of(store, "walk", y=y, width="300", **bounds)
    walk = chart_frame(spec, walk_frame())  # the rows within the bounds, as a stored dataset's chart has them
    for pixels in (300, 600):
        ours = store.chart_rows("walk", spec, _limits(), pixels).frame
        kept = downsample.thin_line(walk["t"].to_numpy(), walk[y].to_numpy(), pixels, spec.xmin, spec.xmax)
        assert len(ours) < len(walk) / 10
        assert ours["t"].tolist() == walk["t"].iloc[kept].tolist()
        assert ours[y].tolist() == walk[y].iloc[kept].tolist()


@pytest.mark.parametrize("kind", ["line", "area"])
@pytest.mark.parametrize("y", ["value,spiky", "spiky,value"])
def test_a_thinned_line_whose_y_names_x_draws_its_other_y_from_their_own_columns(store, kind, y):
    # The database's rows held x's own value once more (as the y that names it), which the frame,
    # whose columns name x once, took for the next y: spiky was drawn as a copy of x.
    spec = spec_of(store, "walk", kind=kind, x="value", y=y, width="300")
    walk = walk_frame()
    ours = store.chart_rows("walk", spec, _limits(), 300).frame
    assert len(ours) < len(walk) / 10
    rows = set(zip(walk["value"], walk["spiky"]))
    assert all(pair in rows for pair in zip(ours["value"], ours["spiky"]))
    assert describe(spec, ours) == describe(spec, chart_frame(spec, walk))


# Histograms with bounds: the data and the words are those of the values the bins count.
@pytest.mark.parametrize("fields", [{"xmin": "0", "xmax": "10"}, {"xmin": "15", "bins": "4"},
                                    {"xmax": "-2", "bins": "3"}, {}])
def test_a_source_histograms_data_and_words_are_those_of_a_stored_datasets(store, fields):
    spec = spec_of(store, "weather", kind="hist", y="temperature_c,rainfall_mm", **fields)
    stored = chart_frame(spec, weather_frame())
    data = chart_frame(spec, store.chart_rows("weather", spec, _limits(), None).frame)
    assert list(data.columns) == list(stored.columns) == ["date", "temperature_c", "rainfall_mm"]
    assert frame_json_rows(data) == frame_json_rows(stored)
    drawn = store.chart_rows("weather", spec, _limits(), 640).frame
    assert describe(spec, drawn) == describe(spec, stored)
    assert render_svg(spec, drawn) == render_svg(spec, stored)


def test_a_source_histograms_data_holds_only_the_values_its_bars_count(store):
    spec = spec_of(store, "weather", kind="hist", y="temperature_c", xmin="0", xmax="10", bins="10")
    data = chart_frame(spec, store.chart_rows("weather", spec, _limits(), None).frame)
    counts = store.chart_rows("weather", spec, _limits(), 640).frame["temperature_c"]
    assert len(data) == counts.sum() and data["temperature_c"].between(0, 10).all()
    assert describe(spec, data)[1] == f"Histogram of temperature_c, {len(data)} rows. temperature_c from 0 to 10."


@pytest.mark.parametrize("kind", ["line", "bar", "scatter", "hist", "box"])
def test_a_sources_rows_a_range_chooses_none_of_draw_the_note_of_a_stored_datasets(store, kind):
    spec = spec_of(store, "weather", kind=kind, y="temperature_c")
    after = dt.datetime(2030, 1, 1)
    source = store.chart_rows("weather", spec, _limits(), 640, [Condition("date", ">=", after)]).frame
    stored = select_rows(Selection("date", after), weather_frame(), spec)
    assert describe(spec, source)[1].endswith(", 0 rows. No rows in this range.")
    assert render_svg(spec, source) == render_svg(spec, stored)


# A line's x bounds bound its axis: it runs on to the nearest row beyond each, found by the database.

@pytest.mark.parametrize("kind", ["line", "area"])
@pytest.mark.parametrize(("xmin", "xmax", "pixels"), [
    ("2024-01-01T06:00:00", "2024-01-01T18:00:00", 640),  # between two rows
    ("2020-01-01T12:00:00", "2024-06-30T12:00:00", 640),  # every row within read
    ("2020-01-01T12:00:00", "2024-06-30T12:00:00", 100),  # M4 per pixel column
    ("2020-01-01T12:00:00", "2024-06-30T12:00:00", None),  # the chart's data
    ("2025-06-01T12:00:00", "2040-01-01", 640),  # no row after xmax
])
def test_a_source_line_runs_on_to_the_rows_beyond_its_bounds_as_a_frames_does(store, kind, xmin, xmax, pixels):
    spec = spec_of(store, "weather", kind=kind, y="temperature_c", xmin=xmin, xmax=xmax)
    source = chart_frame(spec, store.chart_rows("weather", spec, _limits(), pixels).frame)
    stored = chart_frame(spec, weather_frame())
    if pixels is None or drawn_of(source) is None:
        assert frame_json_rows(source) == frame_json_rows(stored)
    assert source["date"].iloc[0] < pd.Timestamp(xmin) and len(source) > 1
    assert describe(spec, source) == describe(spec, stored)
    if pixels == 640:
        assert render_svg(spec, source) == render_svg(spec, stored)


@pytest.mark.parametrize("kind", ["line", "area"])
@pytest.mark.parametrize(("agg", "xmin", "xmax"), [("sum", "2024-01-15", "2024-03-15"), ("mean", "2024-02-10", "2024-02-20"),
                                                   ("mean", "2025-11-15", None), ("count", None, "1996-03-01")])
def test_a_source_resampled_line_runs_on_to_the_whole_periods_beyond_its_bounds(store, kind, agg, xmin, xmax):
    bounds = {name: value for name, value in (("xmin", xmin), ("xmax", xmax)) if value is not None}
    spec = spec_of(store, "weather", kind=kind, y="temperature_c", resample="month", agg=agg, **bounds)
    stored = chart_frame(spec, weather_frame())
    # Each period is made of all its rows, as in the line of every row: January's sum is the whole month's.
    whole = chart_frame(spec_of(store, "weather", kind=kind, y="temperature_c", resample="month", agg=agg),
                        weather_frame()).set_index("date")["temperature_c"]
    assert stored["temperature_c"].to_numpy() == pytest.approx(whole[stored["date"]].to_numpy(), rel=1e-12)
    for pixels in (640, None):
        source = chart_frame(spec, store.chart_rows("weather", spec, _limits(), pixels).frame)
        assert source["date"].tolist() == stored["date"].tolist() and len(source) > 1
        assert source["temperature_c"].to_numpy() == pytest.approx(stored["temperature_c"].to_numpy(), rel=1e-12)
        assert describe(spec, source) == describe(spec, stored)


def test_a_source_line_from_a_row_on_its_bound_reads_no_row_beyond_it(store):
    spec = spec_of(store, "weather", y="temperature_c", xmin="2024-01-01", xmax="2024-03-01")
    source = chart_frame(spec, store.chart_rows("weather", spec, _limits(), 100).frame)
    assert source["date"].iloc[0] == pd.Timestamp("2024-01-01") and source["date"].iloc[-1] == pd.Timestamp("2024-03-01")
    assert frame_json_rows(source) == frame_json_rows(chart_frame(spec, weather_frame()))
