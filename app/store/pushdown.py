"""The rows a chart of a source dataset draws, computed by the database that holds them.

Each chart kind asks the database for only what it draws, in SQLAlchemy Core with every value a
bound parameter:
- x bounds (and any other `Condition`, such as a dashboard's time range) become WHERE clauses
  (`source_conditions`); a line or area runs on to the nearest row beyond each x bound, one
  query each (`ChartQuery.with_neighbours`);
- `resample` + `agg` become a GROUP BY of the truncated date, and bar categories are grouped by x,
  fetched up to one past the category cap (`pushdown_groups`); a bounded resampled line asks one
  statement more at most: where rows lie beyond its bounds and within them (`_periods_in_window`);
- a line or area with more rows than four per pixel column becomes M4: per pixel column the rows
  with the first and last x and each series' lowest and highest y, at most four rows per column a
  series (`pushdown_m4`);
- a histogram becomes counts per bin, grouped by the bin each value falls in; its data (JSON,
  CSV) the rows holding a value the bins count (`pushdown_histograms`).
Scatter and box plots read their columns within the WHERE clauses, at most as many values as a
chart may draw. The result is a frame: either one `chart_frame` shapes as for any dataset, or one
marked `as_drawn` (the database shaped it), which is drawn as it is.

This module holds `chart_rows`, which asks the chart's `ChartQuery` (`pushdown_query`: what every
kind shares, its connection, relation, WHERE clauses and caps, and the plain fetch of its columns)
for its rows, and marks what they say besides: the rows a range or filter chose, a bounded resampled
line's periods within its bounds, the rows without an x, and why a chart draws none. A chart split by
a text column (`series=region`), a source's or a big stored dataset's, is the wide chart of a column
per series (`pushdown_series.wide_chart`), which `chart_rows` asks itself for and has
`pushdown_series.split_frame` set side by side: its callers call it alone, and `pushdown_series` calls
nothing here.
"""
from __future__ import annotations

from collections.abc import Callable, Hashable, Sequence

import pandas as pd
from sqlalchemy import Connection, func, select

from plots import ChartSpec, Limits
from plots.histogram_bins import rows_without_values
from plots.data import marked_bounded_out, periods_filled_to
from plots.resampling import FILLED_AGGREGATES
from plots.rows import Drawn, as_drawn, drawn_of, with_rows_without_x
from plots.selection import BY_RANGE, by_filters, mark_selected, mark_untimed
from plots.x_window import (bounds_passed, joins_neighbours, neighbours_of, periods_around, periods_crossing,
                            periods_in_window, rows_around_periods, values_missing, values_missing_within)

from . import pushdown_groups, pushdown_series
from .pushdown_chosen import named_of_none
from .pushdown_query import ChartQuery
from .pushdown_rows import with_counted_rows
from .pushdown_series import KeptSeries
from .source_conditions import Condition, Relation, rows_where, spec_conditions, unranged
from .source_sql import SqlFunctions

# A count kept by what it depends on (a hashable key), else made by the function given and kept.
Counted = Callable[[Hashable, Callable[[], int]], int]


def chart_rows(conn: Connection, relation: Relation, functions: SqlFunctions, spec: ChartSpec, limits: Limits,
               label: str, max_rows: int | None, pixels: int | None, conditions: Sequence[Condition] = (),
               query_class: type[ChartQuery] = ChartQuery, counted: Counted | None = None,
               kept: KeptSeries | None = None) -> pd.DataFrame:
    """The rows a chart of a source dataset draws, computed by its database (see the module's docstring).

    `pixels` is the number of pixel columns across the image being drawn (None: the chart's data
    for JSON or CSV, at most `max_rows` rows: see `ChartQuery`). Raises SpecError (422) for too many
    categories or values and RowsOverLimit past `max_rows`. Rows chosen by `conditions` are marked
    so (`plots.selection.mark_selected`), as `select_rows` marks those it chooses; a chart whose x
    bounds left none of them with an x is marked so too (`plots.data.marked_bounded_out`). `query_class`
    asks the database (a stored dataset's: `stored_pushdown`); `counted` keeps the count of its rows
    without an x by what it depends on, at the dataset's version (`_rows_without_x`). A chart split by
    a text column (`series=region`) is the wide chart of a column per series (`pushdown_series`), its
    series kept by `kept` where given, at the dataset's version (`pushdown_series.series_kept_in`).
    """
    relation = with_counted_rows(relation, spec)  # a column of 1s, where agg=count counts rows
    if spec.series is not None:
        wide = pushdown_series.wide_chart(conn, relation, functions, spec, limits, conditions, kept)
        frame = chart_rows(conn, wide.relation, functions, wide.spec, limits, label, max_rows, pixels, conditions,
                           query_class, counted)
        return pushdown_series.split_frame(conn, relation, functions, spec, limits, conditions, wide, frame)
    around = periods_around(spec)
    query = query_class(conn, relation, functions, rows_around_periods(spec) if around else spec, limits, label,
                        max_rows, conditions, window=spec)
    frame = query.rows(pixels)
    if around:
        periods = _periods_in_window(query, frame)
        within = len(periods) - sum(neighbours_of(periods).counts)
        query.refuse_periods(pixels, within)
        frame = as_drawn(periods.reset_index(drop=True), Drawn(rows=within))
    elif joins_neighbours(spec):
        frame = query.with_neighbours(frame)
    if spec.resample and frame.empty and not values_missing_within(frame) and not around:
        # Rows none of whose values make a period say "No values", as a stored dataset's frame does
        # (`plots.data.chart_frame`): asked of the database only when there are no periods, and not of
        # a bounded resampled line, whose window `_periods_in_window` asked about already (`periods_around`).
        if query.any_within():
            frame = values_missing(frame)
    # Said in a chart's words, which its data (JSON, CSV) does not carry: None where not counted.
    without_x = _rows_without_x(conn, relation, functions, spec, conditions, counted) if pixels is not None else None
    frame = with_rows_without_x(frame, without_x or 0)
    # Why a chart draws no rows, and has none within lacking values, is asked of the database.
    none_drawn = frame.empty and not values_missing_within(frame)
    # One query applies the range and the filters: which of them left no rows, where none are, is
    # asked of the database for a chart of none (`named_of_none`), both named till then.
    by = ((BY_RANGE,) if any(condition.op != "in" for condition in conditions) else ()) + by_filters(
        sum(condition.op == "in" for condition in conditions))
    if none_drawn and _bounds_left_none(query):
        frame = marked_bounded_out(frame)
    elif none_drawn or _counts_no_row(frame):
        by, untimed = named_of_none(query, conditions, by, without_x)
        frame = mark_untimed(frame, untimed) if untimed is not None else frame
    return mark_selected(frame, by) if by else frame


def _counts_no_row(frame: pd.DataFrame) -> bool:
    """Whether `frame` is a histogram's counts per bin of no row chosen (its bins count none)."""
    drawn = drawn_of(frame)
    return drawn is not None and drawn.bins is not None and drawn.rows == 0 and not rows_without_values(frame)


def _bounds_left_none(query: ChartQuery) -> bool:
    """Whether the chart's x bounds left none of the rows its range and filters chose with an x, as
    `plots.data.chart_frame` finds of a frame: its note then says "in this range", where rows of no
    x at all, which no bound leaves out, say "No rows to draw". Asked only where the chart has no
    rows and no rows within lacking values, and of the database only where it has x bounds."""
    bounds = any(condition.op in (">=", "<=") for condition in spec_conditions(query.window))
    return bounds and query.any_where(query.where_unbounded)


def _periods_in_window(query: ChartQuery, periods: pd.DataFrame) -> pd.DataFrame:
    """A resampled line's `periods` (of the rows of `query.spec`'s bounds, widened by
    `rows_around_periods`) within the chart's own bounds (`query.window`), as `plots.data.chart_frame`
    keeps them (`periods_in_window`): by sum or count filled out first to the bounds the rest of
    the rows lie beyond (`plots.data.periods_filled_to`). Whether rows lie within the chart's bounds
    is asked where no period starts within them and the line crosses them to none, one statement at
    most answering both: for sum and count, the first and last x of the rows whatever the bounds,
    with an EXISTS of the rows within (`exists_within`) where the periods unfilled leave it to be
    asked (`periods_crossing`; periods filled cross a window they cross unfilled); for another
    aggregate, that EXISTS alone, when asked (`any_within`). (An EXISTS of the rows beyond each
    bound cost two scans where x has no index a comparison serves, a source's dates on SQLite among
    them, where min and max cost one.)"""
    cut, window = query.spec, query.window
    if cut.agg not in FILLED_AGGREGATES:
        return periods_in_window(periods, window, query.any_within)
    crossing = periods_crossing(periods, window)
    asks = not crossing[1]
    span, found = pushdown_groups.span_and_values(query, [query.exists_within()] if asks else [])
    passed = bounds_passed(*(span or (None, None)), cut)
    filled = periods_filled_to(periods, cut, passed, query.limits, query.kind.categorical)
    return periods_in_window(filled, window, lambda: bool(found[0]) if asks else query.any_within(),
                             crossing if filled is periods else None)


def _rows_without_x(conn: Connection, relation: Relation, functions: SqlFunctions, spec: ChartSpec,
                    conditions: Sequence[Condition], counted: Counted | None = None) -> int | None:
    """How many of the rows `conditions` choose have no x, which a chart placing rows by x leaves out
    (`spec_conditions`), as `plots.data.chart_frame` counts them for its words; 0 for other charts,
    None for a source's chart, which counts none.

    A time range over x chooses no row without one: the rows the rest of `conditions` choose are
    counted, as the chart without the range counts them (`plots.selection.select_rows`). One more
    statement a chart, a count: a scan of the rows chosen where x has no index. It is sent for a
    stored dataset only (`Relation.row_order`), whose frame path says the same words: a source's
    (its x often unindexed, or a query's) would pay up to a sixth more for a chart of a million
    rows. Not sent either for an integer x, which a stored dataset holds no missing value of, nor
    where a filter is on x, which chooses no row without one. The count depends on x and the other
    conditions alone, whatever range over x a chart has (a relative one, "from=now-30d", another at
    each poll): `counted`, where given, keeps it by them for the version the chart is read at."""
    if relation.row_order is None:
        return None
    if not spec_conditions(spec) or relation.type_of(spec.x) == "integer":
        return 0
    if any(condition.column == spec.x and condition.op == "in" for condition in conditions):
        return 0
    others = unranged(conditions, spec.x)

    def count() -> int:
        return count_without_x(conn, relation, functions, spec.x, others)

    return count() if counted is None else counted((spec.x, others), count)


def count_without_x(conn: Connection, relation: Relation, functions: SqlFunctions, x: str,
                    conditions: Sequence[Condition]) -> int:
    """How many of the rows `conditions` but a range over `x` choose have no x, in one statement (a count)."""
    where = (*rows_where(relation, functions, unranged(conditions, x)), relation.column(x).is_(None))
    return int(conn.execute(select(func.count()).select_from(relation.selectable).where(*where)).scalar_one())
