"""A histogram of a source dataset counted by its database: counts per bin, as numpy counts them.

The bins are those `draw_hist` makes (the values' shared range or xmin/xmax, `bins` equal parts,
`plots.histogram_bins.hist_edges`); each value is counted in the bin numpy.histogram puts it in, by
arithmetic where a double tells the edges apart, else by comparing it with each edge. The chart's
data (JSON, CSV) is the rows holding a value the bins count.
"""
from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import numpy as np
import pandas as pd
from sqlalchemy import (BigInteger, ColumnElement, Double, FromClause, Select, Subquery, and_, case, cast, func,
                        literal, or_, select)

from plots.histogram_bins import WHOLE_EDGES_BELOW, hist_edges, with_rows_without_values
from plots.rows import Drawn, as_drawn

if TYPE_CHECKING:
    from .pushdown_query import ChartQuery


def histogram(query: ChartQuery) -> pd.DataFrame:
    """Counts per bin for each series, the bins as `draw_hist` makes them (the values' shared range
    or xmin/xmax, `bins` equal parts) and each value counted where numpy.histogram counts it.
    The rows and each series' range the alt text gives are those of the values the bins count,
    and it counts those xmin/xmax leave out."""
    spec = query.spec
    ys = [query.value(name) for name in spec.y]
    edges, rows, extremes = _edges(query, ys)
    holding = rows  # the rows holding a value, within the bins or not
    counts = {name: _bin_counts(query, y, edges) for name, y in zip(spec.y, ys)}
    frame = pd.DataFrame({name: counts[name] for name in spec.y})
    outside: tuple[tuple[str, int, int], ...] = ()
    if spec.xmin is not None or spec.xmax is not None:  # else the bins span every value
        rows, extremes, beyond = _extent(query, ys, [within_bins(y, edges) for y in ys], _outside(ys, edges))
        outside = tuple((name, int(beyond[2 * i]), int(beyond[2 * i + 1])) for i, name in enumerate(spec.y))
    described = tuple((name, _exact(extremes[2 * i]), _exact(extremes[2 * i + 1]))
                      for i, name in enumerate(spec.y))
    drawn = as_drawn(frame, Drawn(rows=rows, bins=tuple(float(e) for e in edges), ranges=described, outside=outside))
    if holding == 0:  # no row holds a value: say how many were chosen, as a dataset's histogram does
        chosen = query.conn.execute(select(func.count()).select_from(query.relation.selectable).where(*query.where))
        with_rows_without_values(drawn, int(chosen.scalar_one()))
    return drawn


def counted_rows(query: ChartQuery) -> pd.DataFrame:
    """The rows holding a value a histogram's bins count: the chart's data as JSON or CSV
    (`chart_frame` blanks each series' values outside the bins, as for any dataset), at most the cap's.

    A split's rows (`Relation.split_by`) are those of its series drawn, each with its series value
    (`_split_rows`): set side by side, the n-th of each series on one row, they pair as the wide
    table pivoted by hand pairs them; the rows of values in the bins alone would pair values of
    different rows of it."""
    ys = [query.value(name) for name in query.spec.y]
    edges, holding, _ = _edges(query, ys)
    if query.relation.split_by is not None:
        bounded = query.spec.xmin is not None or query.spec.xmax is not None
        return _split_rows(query, ys, edges, None if bounded else holding)
    return query.fetch(list(query.spec.columns()), None, [], [or_(*(within_bins(y, edges) for y in ys))])


def _split_rows(query: ChartQuery, ys: Sequence[ColumnElement], edges: np.ndarray,
                in_bins: int | None = None) -> pd.DataFrame:
    """A split histogram's data (`counted_rows`): the rows of its wide table's rows holding a value in
    the bins, the n-th of each series at an x (none: of all) in the order the rows were added or read,
    a value outside and a missing y among them; at most the cap's, read to one past it, then refused
    as `chart_frame` refuses its values, of those wide rows times the series (`ChartQuery.over`).

    One statement: each row numbered among those of its x and series, a wide row kept where one of
    its rows holds a value in the bins (windows over every row chosen, a sort); the others, blank once
    set side by side, are no row of the answer. A wide row left out is one less of each series holding
    a row after it, so the rows read pair as before. Where more rows than the cap's hold a value in the
    bins (`in_bins`, counted already where given), each in a wide row kept, none is read: refused, as
    an answer read past the cap is, by those wide rows counted where its words count them
    (`WideRows.kept_count`, a GROUP BY of the rows numbered, no row marked; a source's say its cap)."""
    spec, split_by = query.spec, query.relation.split_by
    names = list(dict.fromkeys([*spec.columns(), split_by]))
    marked = wide_rows_in_bins(query.relation.selectable, query.where,
                               {name: query.loaded(name) for name in names}, spec.x, split_by, query.row_order,
                               or_(*(within_bins(y, edges) for y in ys)))
    cap = query.cap(None)
    if in_bins is None or in_bins <= cap:
        rows, kept = marked.kept()
        found = query.conn.execute(select(*(rows.c[name] for name in names)).where(kept)
                                   .order_by(rows.c[marked.read.name]).limit(cap + 1)).all()
        if len(found) <= cap:
            return query.frame_of(names, [tuple(row) for row in found])
    # Counted only where the refusal's words say them (a big stored dataset's), not a source's cap of rows.
    raise query.over(None, rows=lambda: int(query.conn.execute(marked.kept_count()).scalar_one()) * len(spec.y))


@dataclass(frozen=True)
class WideRows:
    """A split histogram's rows chosen, each numbered among those of its x and series in the order
    they were read (`wide_rows_in_bins`): the n-th of each series of an x is one wide row."""

    rows: Subquery  # of the columns carried, `read`, `inside` (1 for a value in the bins) and `n`
    keys: list[ColumnElement]  # the x a wide row is of, where there is one
    read: ColumnElement
    inside: ColumnElement
    n: ColumnElement
    taken: frozenset[str]  # the names of its columns

    def kept(self) -> tuple[Subquery, ColumnElement]:
        """The rows of wide rows holding a value in the bins, marked in a subquery by a window over
        every row (a split histogram's data, `counted_rows`): it, and whether a row is of such a wide row."""
        kept = _free("kept", set(self.taken))
        marked = select(*self.rows.c, func.max(self.inside).over(partition_by=[*self.keys, self.n])
                        .label(kept)).subquery()
        return marked, marked.c[kept] == 1

    def kept_count(self) -> Select:
        """How many wide rows hold a value in the bins: the rows grouped by wide row, which takes less
        than `kept`'s window, marking each row."""
        held = select(self.n).group_by(*self.keys, self.n).having(func.max(self.inside) == 1).subquery()
        return select(func.count()).select_from(held)


def wide_rows_in_bins(selectable: FromClause, where: Sequence[ColumnElement], carried: Mapping[str, ColumnElement],
                      x: str | None, series: str, order: ColumnElement | None, inside: ColumnElement) -> WideRows:
    """The rows of `selectable` that `where` chooses, of their `carried` columns (by name, `x` and
    `series` among them), each numbered among those of its x (none: of all) and series in the order
    they were added or read (`order`; None: as the database reads them), and marked whether it holds a
    value in the bins (`inside`, a condition): a split histogram's data keeps the rows of the wide rows
    holding one (`counted_rows`), and its rows are those wide rows counted
    (`pushdown_series._rows_within_bins`), each a sort of the rows chosen."""
    taken = set(carried)
    read, within, n = (_free(word, taken) for word in ("read", "inside", "n"))
    # A source's rows in the order they are read, which a window's partitions would sort otherwise.
    order = order if order is not None else func.row_number().over()
    chosen = (select(*(column.label(name) for name, column in carried.items()), order.label(read),
                     case((inside, literal(1)), else_=literal(0)).label(within))
              .select_from(selectable).where(*where).subquery())
    keys = [chosen.c[x]] if x else []
    numbered = select(*chosen.c, func.row_number().over(partition_by=[*keys, chosen.c[series]],
                                                         order_by=chosen.c[read]).label(n)).subquery()
    return WideRows(numbered, [numbered.c[x]] if x else [], numbered.c[read], numbered.c[within], numbered.c[n],
                    frozenset(taken))


def _free(word: str, taken: set[str]) -> str:
    """`word`, or it after as many underscores as make it no name of `taken`, which it is then added to."""
    while word in taken:
        word = "_" + word
    taken.add(word)
    return word


def _edges(query: ChartQuery, ys: Sequence[ColumnElement]) -> tuple[np.ndarray, int, Sequence[Any]]:
    """The histogram's bin edges (`hist_edges`), how many rows hold a value of some series, and
    each series' lowest and highest value (lowest and highest of the first, then of the next …).

    One pass: whether every value is a whole number (`_not_whole`), which `hist_edges` asks of a chart
    without xmin or xmax, is counted in it, not looked for in a statement of its own."""
    ask_whole = query.spec.xmin is None and query.spec.xmax is None
    not_whole = _not_whole(query, ys) if ask_whole else None
    rows, extremes, counted = _extent(query, ys, [y.is_not(None) for y in ys], [] if not_whole is None else [not_whole])
    edges = hist_edges(query.spec, [(float(extremes[2 * i]), float(extremes[2 * i + 1])) for i in range(len(ys))
                                    if extremes[2 * i] is not None],
                       whole=lambda: not_whole is None or counted[0] == 0)
    return edges, rows, extremes


def _not_whole(query: ChartQuery, ys: Sequence[ColumnElement]) -> ColumnElement | None:
    """Whether a row holds a value of the series that is no whole number, as `hist_edges` asks before
    binning them by whole numbers: never where every series is an integer column's (None)."""
    floats = [cast(y, Double) for name, y in zip(query.spec.y, ys) if query.relation.type_of(name) != "integer"]
    if not floats:
        return None
    # Asked only where every value chosen lies below 2**51; one far larger, which the database may
    # come to, is no 64-bit integer, so is never cast.
    small = [(func.abs(value) < literal(WHOLE_EDGES_BELOW), value) for value in floats]
    return or_(*(case((below, value != cast(cast(value, BigInteger), Double)), else_=False)
                 for below, value in small))


def _extent(query: ChartQuery, ys: Sequence[ColumnElement], keeps: Sequence[ColumnElement],
            counted: Sequence[ColumnElement] = ()) -> tuple[int, Sequence[Any], Sequence[Any]]:
    """In one pass: how many rows hold a value some series keeps (`keeps`: a condition per series),
    each series' lowest and highest kept value (as `_edges` orders them), and how many rows meet
    each of the conditions `counted`."""
    found = query.conn.execute(select(func.count(case((or_(*keeps), 1))),
                                      *(agg(case((keep, y))) for y, keep in zip(ys, keeps)
                                        for agg in (func.min, func.max)),
                                      *(func.count(case((condition, 1))) for condition in counted))
                               .select_from(query.relation.selectable).where(*query.where)).one()
    extremes = 2 * len(ys)
    return int(found[0]), found[1:1 + extremes], found[1 + extremes:]


def _outside(ys: Sequence[ColumnElement], edges: np.ndarray) -> list[ColumnElement]:
    """For each series, whether a value of it lies below the first of `edges` and whether above the
    last: the values xmin/xmax leave out of the bins (`within_bins`'s others)."""
    values = [cast(y, Double) for y in ys]
    return [condition for value in values
            for condition in (value < literal(float(edges[0])), value > literal(float(edges[-1])))]


def _bin_counts(query: ChartQuery, y: ColumnElement, edges: np.ndarray) -> np.ndarray:
    """How many values of `y` fall in each bin between `edges` (the last bin holds its upper
    edge too), each value counted where numpy.histogram counts it."""
    bins, lo, hi = len(edges) - 1, float(edges[0]), float(edges[-1])
    value = cast(y, Double)
    within = (within_bins(y, edges),)
    step = (hi - lo) / bins
    if 0 < step < math.inf and np.isfinite(bins / (hi - lo)):
        exact = _bin_of_value(query, value, within, lo, hi, bins)
    else:
        # Edges a double cannot tell apart (values of 2**53 and more, a range of subnormals) or
        # a range wider than the largest double (whose width is infinite): the value against
        # each edge, as numpy.histogram places it.
        inner = (select(value.label("v")).select_from(query.relation.selectable)
                 .where(*query.where, *within).subquery())
        if bins == 1:  # no edge between: every value is in the one bin
            return np.array([query.conn.execute(select(func.count()).select_from(inner)).scalar_one()],
                            dtype=np.int64)
        exact = case(*((inner.c.v < literal(float(edge)), i) for i, edge in enumerate(edges[1:-1])),
                     else_=bins - 1)
    counts = np.zeros(bins, dtype=np.int64)
    for bin_, count in query.conn.execute(select(exact, func.count()).group_by(exact)):
        counts[min(max(int(bin_), 0), bins - 1)] += count
    return counts


def _bin_of_value(query: ChartQuery, value: ColumnElement, within: Sequence[ColumnElement], lo: float, hi: float,
                  bins: int) -> ColumnElement:
    """The bin of each value within [lo, hi] (a column of a subquery), computed by arithmetic:
    each edge as numpy.linspace computes it, k * step + lo."""
    step = (hi - lo) / bins
    rough = query.functions.floor((value - lo) * (bins / (hi - lo)))
    inner = (select(value.label("v"), rough.label("k")).select_from(query.relation.selectable)
             .where(*query.where, *within).subquery())
    # The rough bin may be one off where a value sits on an edge: compare with the edges themselves.
    return case((inner.c.v < inner.c.k * step + lo, inner.c.k - 1),
                (inner.c.v >= (inner.c.k + 1) * step + lo, inner.c.k + 1), else_=inner.c.k)


def within_bins(y: ColumnElement, edges: np.ndarray | Sequence[float]) -> ColumnElement:
    """Whether a value of `y` is one the bins between `edges` count: present, and within the first
    and the last edge (both included, as numpy.histogram counts)."""
    value = cast(y, Double)
    return and_(y.is_not(None), value >= literal(float(edges[0])), value <= literal(float(edges[-1])))


def _exact(value: Any) -> float | int | None:
    """A lowest or highest value as the alt text says it: an integer whole, as a CSV file's integer
    column has it (past 2**53 a float would round it), anything else a float."""
    if value is None or isinstance(value, int):
        return value
    return float(value)
