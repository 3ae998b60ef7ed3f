"""A source dataset's chart split by a text column (`series=region`), computed by its database, and a
big stored dataset's alike (`stored_pushdown`).

The database finds the series: the distinct values of the column among the rows the range and the
filters choose, blank ones left out, the first `max_series` in code-point order (`COLLATE "C"` in
PostgreSQL, SQLite's BINARY), how many there are and how many rows hold none. The chart is then
asked of a relation holding, beside the source's columns, a column per series: the y of the rows of
that value (`CASE WHEN region = :value THEN sales END`, each value a bound parameter, each column
labelled by SQLAlchemy; `Relation.with_columns`: a source's a subquery, a stored dataset's the
expression over its rows table), as the wide chart of those columns (`wide_chart`, which
`pushdown.chart_rows` asks the database for, then has `split_frame` set its rows): a resample's
GROUP BY of the x bucket aggregates each series apart, bars are grouped by x under the category cap,
a histogram counts each series' bins and a line is thinned to M4 per pixel column and series. Rows
read as they are (a scatter's, a line's drawn whole or thinned) hold one series each, and are set
side by side as `plots.series_split` sets a frame's.
"""
from __future__ import annotations

import dataclasses
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import pandas as pd
from sqlalchemy import (Connection, Integer, and_, case, cast, false, func, literal, not_, or_, select,
                        true)

from plots import ChartSpec, Limits, kind_of
from plots.rows import as_drawn, drawn_of, with_mark
from plots.selection import mark_selected
from plots.series_split import SPLIT_KEY, SeriesSplit, series_names, split_rows, split_x
from plots.sized_lru import Kept, SizedLRU, kept_under
from plots.text import NAMES_NAMED
from plots.x_window import NEIGHBOURS_KEY, bounds_in_zone, neighbours_of, with_neighbours

from .pushdown_histograms import wide_rows_in_bins, within_bins
from .source_conditions import Condition, Relation, rows_where, spec_conditions, where_clauses
from .source_sql import SqlFunctions
from .source_values import rows_frame, text_of
from .types import Column

# How the columns of the series are named in a statement: none of the source's own names.
LABEL = "series_{}"
# The byte order each database sorts the values in, which Python's sort of the text gives.
BYTE_ORDER = {"postgresql": "C", "sqlite": "BINARY"}
# The bytes of the series of splits a store keeps (`series_kept_in`): a few hundred each, with the
# values (at most 25 named) and the conditions they were found by.
SERIES_MEMO_BYTES = 1024 * 1024

# Series kept by what they depend on (a hashable key), else found by the function given and kept;
# found anew (and kept) where `again` is true (`plots.sized_lru.kept_under`).
KeptSeries = Kept[SeriesSplit]


def series_kept_in(memo: SizedLRU[SeriesSplit], name: str, version: str, generation: int | None = None) -> KeptSeries:
    """The series of dataset `name`'s splits at `version`, kept in `memo` by what they depend on (the
    series column, the range's and filters' conditions, the series cap), whatever the chart's x
    bounds, kind or y: a split chart of another x window of that version finds them there rather
    than in a pass over the rows. Those found since `memo`'s `generation` was cleared (a store
    replaced meanwhile) are not kept."""
    return kept_under(memo, (name, version), generation)


@dataclass(frozen=True)
class WideChart:
    """A split chart asked of its database as the wide chart of a column per series: the series
    found (`found`), their columns' names (`labels`), the relation holding those columns beside the
    source's (`relation`) and the chart of them (`spec`: x as the rows set side by side have it,
    `split_x`, and the labels as its y)."""

    found: SeriesSplit
    labels: tuple[str, ...]
    relation: Relation
    spec: ChartSpec


def wide_chart(conn: Connection, relation: Relation, functions: SqlFunctions, spec: ChartSpec, limits: Limits,
               conditions: Sequence[Condition], kept: KeptSeries | None = None) -> WideChart:
    """The wide chart that the chart `spec`, split by its series column, is asked of its database as
    (`pushdown.chart_rows` asks it, then `split_frame` sets its rows side by side): its series found,
    or kept by `kept` where given, by what they depend on at the dataset's version (`series_kept_in`)."""
    found = _series_of(conn, relation, functions, spec, conditions, limits, kept)
    if not found.drawn:
        # No series among the rows chosen: the chart of y unsplit over none of them, as `split_rows` sets a
        # frame's; where they hold no value of the column, none of them read (`split_frame` marks them so).
        unsplit = dataclasses.replace(spec, series=None)
        if found.without:
            relation = dataclasses.replace(relation, rows_of=(*relation.rows_of, false()))
        return WideChart(found, (), relation, unsplit)
    labels = tuple(_labels(relation, len(found.drawn)))
    # Set by x as the rows set side by side are (`split_x`): a histogram's own x that is its y sets none.
    wide = dataclasses.replace(spec, x=split_x(spec), y=labels, series=None)
    return WideChart(found, labels, _split_relation(relation, spec, found, labels), wide)


def split_frame(conn: Connection, relation: Relation, functions: SqlFunctions, spec: ChartSpec, limits: Limits,
                conditions: Sequence[Condition], chart: WideChart, frame: pd.DataFrame) -> pd.DataFrame:
    """The rows of the chart `spec` splits by its series column, from `frame`, the rows of its wide
    `chart` the database gave: set side by side, named by the values and marked with them
    (`plots.series_split.SeriesSplit`)."""
    found, labels = chart.found, list(chart.labels)
    if not found.drawn:
        # The chart unsplit over no rows (`wide_chart`), marked as none chosen where rows had no series value.
        return with_mark(mark_selected(frame, ()) if found.without else frame, SPLIT_KEY, found)
    if _one_row_a_period(spec, frame):
        # A histogram's data, the rows its bins count, are rows of the source, set side by side as a line's.
        names = dict(zip(labels, series_names(found.drawn, split_x(spec), spec.series)))
        named = frame.rename(columns=names)
        named.attrs = dict(frame.attrs)
        drawn = drawn_of(frame)
        if drawn is not None and drawn.bins is not None:
            # A histogram's counts stand for the rows of the wide table, as a frame's do: one an x.
            rows = (_rows_within_bins(conn, relation, functions, spec, conditions, found, drawn.bins)
                    if spec.xmin is not None or spec.xmax is not None
                    else _rows_side_by_side(conn, relation, functions, spec, conditions, found))
            as_drawn(named, dataclasses.replace(
                drawn, rows=rows, ranges=tuple((names.get(name, name), *rest) for name, *rest in drawn.ranges),
                outside=tuple((names.get(name, name), *rest) for name, *rest in drawn.outside)))
        return with_mark(named, SPLIT_KEY, found)
    x = split_x(spec)
    unheld = None
    if spec.series not in frame.columns and x in frame.columns and (blank := frame[labels].isna().all(axis=1)).any():
        unheld = _series_without_y(conn, relation, functions, spec, conditions, found, x, _beyond(spec, frame[x], blank))
    wide = _set_side_by_side(frame, spec, labels, found, limits, unheld)
    drawn = drawn_of(frame)
    if drawn is None or x not in wide.columns:
        return wide
    # A line the database thinned: its rows, and those it runs on to beyond its bounds, as the wide table's;
    # the runs of rows at its ends as the wide rows kept tell them, where each series' own row made one.
    # Its words count the values its series draw, which the rows kept no longer tell (`plots.describe`).
    rows, drawn_rows = _wide_and_series_rows(conn, relation, functions, spec, (*spec_conditions(spec), *conditions),
                                             found)
    counted = dataclasses.replace(found, rows=drawn_rows)
    thinned = with_mark(_neighbours_side_by_side(frame, wide, x), SPLIT_KEY, counted)
    return as_drawn(thinned, dataclasses.replace(drawn, rows=rows, end_runs=None))


def _neighbours_side_by_side(frame: pd.DataFrame, wide: pd.DataFrame, x: str) -> pd.DataFrame:
    """`wide`, a thinned line's rows set side by side from `frame`'s, with of the wide rows at the x
    beyond each bound that `frame` runs on to (`plots.x_window.Neighbours`, counted in long rows, each
    series' own) the one a frame's line runs on to, as `plots.x_window.rows_in_window` keeps it: the last
    before xmin and the first after xmax, marked so."""
    marked = neighbours_of(frame)
    wide.attrs.pop(NEIGHBOURS_KEY, None)  # counted in `frame`'s rows
    if marked.counts == (0, 0) or wide.empty:
        return wide
    keep, ends = np.ones(len(wide), dtype=bool), []
    for count, at, end in ((marked.before, frame[x].iloc[0], -1), (marked.after, frame[x].iloc[-1], 0)):
        rows = np.flatnonzero((wide[x] == at).to_numpy()) if count else []
        if len(rows):
            keep[np.delete(rows, end)] = False
        ends.append(int(len(rows) > 0))
    kept = wide if keep.all() else wide.loc[keep].reset_index(drop=True)
    return with_neighbours(kept, x, *ends)


def _beyond(spec: ChartSpec, xs: pd.Series, blank: pd.Series) -> tuple[bool, bool]:
    """Whether a row holding no y lies before xmin, and whether one lies after xmax, among the rows at
    `xs` (`blank`: those holding none): the rows a line runs on to beyond its bounds."""
    window = bounds_in_zone(spec, xs)
    return (window.xmin is not None and bool((xs[blank] < window.xmin).any()),
            window.xmax is not None and bool((xs[blank] > window.xmax).any()))


def _series_without_y(conn: Connection, relation: Relation, functions: SqlFunctions, spec: ChartSpec,
                      conditions: Sequence[Condition], found: SeriesSplit, x: str,
                      beyond: tuple[bool, bool] = (False, False)) -> pd.DataFrame:
    """x and the series value of each row of a series drawn that holds no y, among those the chart's
    bounds, range and filters choose, in the order they were added (a source's by x and series): a
    row read without y holds no value in any series' column, and is set in its own series' column
    by these, as a frame keeps it. Where such a row lies before xmin or after xmax (`beyond`), those
    of the nearest x beyond that bound too, the row a line runs on to there (`ChartQuery._nearest`).
    One statement more, only where rows without y were read."""
    series = relation.column(spec.series)
    drawn = or_(*(relation.holds(spec.series, v) for v in found.drawn))
    chosen = [*rows_where(relation, functions, (*spec_conditions(dataclasses.replace(spec, xmin=None, xmax=None)),
                                                 *conditions)), drawn]
    # A source's dates by their moment, as `ChartQuery.x_order` finds the row beyond a bound.
    key = relation.column(x)
    if relation.row_order is None and relation.type_of(x) == "datetime":
        key = functions.moment_key(key)
    nearest = [select(key).select_from(relation.selectable)
               .where(*chosen, not_(and_(*where_clauses(relation, functions, [Condition(x, op, bound)]))))
               .order_by(key.desc() if op == ">=" else key.asc()).limit(1).correlate(None).scalar_subquery()
               for op, bound, asked in ((">=", spec.xmin, beyond[0]), ("<=", spec.xmax, beyond[1])) if asked]
    within = and_(true(), *where_clauses(relation, functions, spec_conditions(spec)))
    order = [relation.row_order] if relation.row_order is not None else [relation.column(x), series]
    query = (select(relation.loaded(functions, x), series.label(LABEL.format("value")))
             .select_from(relation.selectable)
             .where(*chosen, relation.column(spec.y[0]).is_(None), or_(within, *(key == end for end in nearest)))
             .order_by(*order))
    return rows_frame([Column(x, relation.type_of(x)), Column(spec.series, "text")], conn.execute(query).all())


def _rows_side_by_side(conn: Connection, relation: Relation, functions: SqlFunctions, spec: ChartSpec,
                       conditions: Sequence[Condition], found: SeriesSplit) -> int:
    """How many rows the wide table of the split's series has, as `plots.series_split.split_rows` sets
    them: one an x (and n-th row of it in a series), or without x as many as the longest series.

    An x's rows are as many as its longest series has there: the greatest of the series' counts,
    each a count of the rows holding its value, in one GROUP BY of x (without x, of all the rows
    chosen), added up over the x: a window numbering each x's rows of each series sorted every row
    chosen, 4 times the time on SQLite and 1.5 times on PostgreSQL, and counts by x and series then
    by x grouped each row apart, 2.8 and 3.7 times (1,000,000 rows of 4 series,
    `benchmarks/stored_split.py`). Asked of a split that found series (`split_frame`)."""
    return _wide_and_series_rows(conn, relation, functions, spec, conditions, found)[0]


def _wide_and_series_rows(conn: Connection, relation: Relation, functions: SqlFunctions, spec: ChartSpec,
                          conditions: Sequence[Condition], found: SeriesSplit) -> tuple[int, int]:
    """The wide table's rows (`_rows_side_by_side`) and, of the same statement, how many rows of the split's
    series drawn `conditions` choose, as a frame's split counts them: within x bounds those holding a y
    alone, else every row of a series drawn (`plots.series_split.split_rows`)."""
    holding = [relation.holds(spec.series, value) for value in found.drawn]
    longest = functions.greatest([func.count(case((held, literal(1)))) for held in holding])
    bounded = spec.xmin is not None or spec.xmax is not None
    series_rows = func.count(relation.column(spec.y[0])) if bounded else func.count()
    where = (*where_clauses(relation, functions, conditions), or_(*holding))
    counted = select(longest.label("n"), series_rows.label("m")).select_from(relation.selectable).where(*where)
    x = split_x(spec)
    if x is not None:
        each = counted.group_by(relation.column(x)).subquery()
        counted = select(func.coalesce(func.sum(each.c.n), 0), func.coalesce(func.sum(each.c.m), 0))
    wide, drawn = conn.execute(counted).one()
    return int(wide), int(drawn)


def _rows_within_bins(conn: Connection, relation: Relation, functions: SqlFunctions, spec: ChartSpec,
                      conditions: Sequence[Condition], found: SeriesSplit, bins: Sequence[float]) -> int:
    """How many rows of the wide table of a histogram's series (`_rows_side_by_side`) hold a value its
    bins count, between xmin and xmax, as `plots.histogram_bins.counted_values` keeps a frame's: a row
    whose values all lie outside is none of them, where the wide table's every row was counted.

    Each row of a series is numbered among those of its x (a window, in the order the rows were added,
    or read), and the wide rows of one x and number holding a value in the bins are counted, as a split
    histogram's data reads them (`pushdown_histograms.wide_rows_in_bins`, which both ask): a sort of the
    rows chosen, on a bounded histogram alone."""
    if not found.drawn:
        return 0
    x = split_x(spec)
    carried = {"series": relation.column(spec.series), **({"x": relation.column(x)} if x is not None else {})}
    where = (*where_clauses(relation, functions, conditions),
             or_(*(relation.holds(spec.series, value) for value in found.drawn)))
    wide = wide_rows_in_bins(relation.selectable, where, carried, "x" if x is not None else None, "series",
                             relation.row_order, within_bins(relation.column(spec.y[0]), bins))
    return int(conn.execute(wide.kept_count()).scalar_one())


def _one_row_a_period(spec: ChartSpec, frame: pd.DataFrame) -> bool:
    """Whether the database gave `frame` as one row per x (a resample's period, a bar's category grouped)
    or per bin, each holding every series: else a row of the source each, holding one (a histogram's
    data, bars read as they are, `pushdown_groups.categories`)."""
    kind = kind_of(spec)
    if drawn_of(frame) is None:
        return bool(spec.x and kind.uses_x and spec.resample)
    return bool(spec.x and (kind.uses_x and spec.resample or kind.categorical)) or kind.values_on_x


def _set_side_by_side(frame: pd.DataFrame, spec: ChartSpec, labels: list[str], found: SeriesSplit,
                      limits: Limits, unheld: pd.DataFrame | None = None) -> pd.DataFrame:
    """Rows of the source, each holding its y in the column of its series (`labels`), as the long
    rows they are set side by side from (`split_rows`), which keep their marks: the row a line runs
    on to beyond a bound, the rows a database thinned. Rows read with their series value (a
    histogram's data, `pushdown_histograms.counted_rows`) keep those of no y in its series, as the
    rows set side by side keep them; others without y are kept in the series `unheld` gives them, x
    by x (`_series_without_y`), those it gives none left out."""
    x = split_x(spec) if split_x(spec) in frame.columns else None
    held = frame[labels].notna().to_numpy()
    which = held.argmax(axis=1)
    keep = held.any(axis=1)
    if spec.series in frame.columns:
        places = {value: i for i, value in enumerate(found.drawn)}
        of = [places.get(text_of(value)) if value is not None else None for value in frame[spec.series]]
        unheld = [i for i, place in enumerate(of) if not keep[i] and place is not None]
        which[unheld] = [of[i] for i in unheld]
        keep[unheld] = True
    elif unheld is not None and x is not None:  # rows without y, each in its series (`_series_without_y`)
        places = {value: i for i, value in enumerate(found.drawn)}
        waiting: dict = {}
        for at, value in zip(unheld[x], unheld[spec.series]):
            waiting.setdefault(at, []).append(places[text_of(value)])
        for i in np.flatnonzero(~keep):
            queue = waiting.get(frame[x].iloc[i])
            if queue:
                which[i], keep[i] = queue.pop(0), True
    values = frame[labels].to_numpy()[range(len(frame)), which] if len(frame) else []
    long = pd.DataFrame({**({x: frame[x]} if x is not None else {}),
                         spec.series: pd.Series([found.drawn[i] for i in which], index=frame.index, dtype=object),
                         spec.y[0]: pd.Series(values, index=frame.index)}).loc[keep]
    if len(frame) and all(pd.api.types.is_integer_dtype(frame[label]) for label in labels):
        long[spec.y[0]] = long[spec.y[0]].astype(frame[labels[0]].dtype)
    long.attrs = dict(frame.attrs)
    return split_rows(spec, long, limits, found)


def _series_of(conn: Connection, relation: Relation, functions: SqlFunctions, spec: ChartSpec,
               conditions: Sequence[Condition], limits: Limits, kept: KeptSeries | None) -> SeriesSplit:
    """The series of `spec`'s split (`series_found`), kept by `kept` where given: they depend on the
    series column, the conditions and the cap alone, not on the x bounds (so that colours stay as a
    reader zooms) nor on y, which they are named with. A chart with x bounds takes those kept; one
    without, whose own statements read every row chosen as the search does, finds them anew, and
    keeps them for the windows read after it."""
    def find() -> SeriesSplit:
        return series_found(conn, relation, functions, spec, conditions, limits)

    if kept is None:
        return find()
    bounded = spec.xmin is not None or spec.xmax is not None
    found = kept((spec.series, tuple(conditions), limits.max_series), find, not bounded)
    return found if found.measure == spec.y[0] else dataclasses.replace(found, measure=spec.y[0])


def series_found(conn: Connection, relation: Relation, functions: SqlFunctions, spec: ChartSpec,
                 conditions: Sequence[Condition], limits: Limits) -> SeriesSplit:
    """The series of `spec`'s split among the rows `conditions` choose (a range, filters), found by
    the database: the first `max_series` values in code-point order, those after them (at most 5 of
    them named, all counted), and how many of the rows hold no value.

    One statement, one pass over the rows: their values grouped with a count each, then, over the
    groups, the first values and (a window over them all) how many groups hold a value and how many
    rows those that hold none (missing or blank, told once a group, not once a row) add up to."""
    column = relation.column(spec.series)
    groups = (select(column.label("value"), func.count().label("rows")).select_from(relation.selectable)
              .where(*where_clauses(relation, functions, conditions)).group_by(column).subquery())
    value = groups.c.value
    # 1 for a group holding a value, 0 for one of none: a number, so that sums count either.
    held = cast(value.is_not(None) & ~functions.is_blank(value), Integer)
    order = BYTE_ORDER.get(conn.dialect.name)
    most = limits.max_series + NAMES_NAMED
    found = conn.execute(
        select(value, held, func.sum(held).over(), func.sum(groups.c.rows * (1 - held)).over())
        .order_by(held.desc(), value.collate(order) if order else value).limit(most)).all()
    count, without = (int(found[0][2]), int(found[0][3])) if found else (0, 0)
    first = sorted(text for text in (text_of(row[0]) for row in found if row[1]) if text is not None)
    left_out = tuple(first[limits.max_series:])
    return SeriesSplit(spec.series, tuple(first[:limits.max_series]), left_out, limits.max_series, without,
                       more=max(0, count - limits.max_series - len(left_out)), measure=spec.y[0])


def _labels(relation: Relation, count: int) -> list[str]:
    """The names of `count` series' columns, none of them a column of the source."""
    taken = {column.name for column in relation.columns}
    prefix = LABEL
    while any(prefix.format(n) in taken for n in range(count)):
        prefix = "_" + prefix
    return [prefix.format(n) for n in range(count)]


def _split_relation(relation: Relation, spec: ChartSpec, found: SeriesSplit, labels: Sequence[str]) -> Relation:
    """`relation` with a column per series (`labels`, of the values `found.drawn`): the y of its rows,
    NULL elsewhere; and of its rows those of the series drawn alone, where some hold none of them (no
    value, or one past the cap), as `plots.series_split.split_rows` keeps them: those others are no
    cell of the wide table, and count toward none of its values (`Limits.max_points`)."""
    measure, measured = relation.column(spec.y[0]), relation.type_of(spec.y[0])
    split = relation.with_columns([(Column(label, measured), case((relation.holds(spec.series, value), measure),
                                                                  else_=None))
                                   for value, label in zip(found.drawn, labels)], split_by=spec.series)
    if not (found.without or found.left_out or found.more):
        return split  # every row holds a series drawn: no clause to work out a row
    return dataclasses.replace(split, rows_of=(or_(false(), *(split.holds(spec.series, value)
                                                              for value in found.drawn)),))
