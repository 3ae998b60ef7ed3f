"""A line of a big stored dataset whose x never decreases in the order its rows were added, thinned
over ranges of row ids.

A stored dataset's rows are numbered as they are added (their row id) and only ever appended, and
a time series is most often appended in time order: its x then never decreases by row id. The
rows within the chart's x bounds are then one range of row ids, and so are the rows of each pixel
column: both are found by searching row ids (`_RowSearch`), a few dozen statements that each read
the x of a few hundred rows by their row id, where reading the rows in x order meant reading (or
sorting) every row. Per pixel column one statement then finds, over its range of row ids, the
rows M4 keeps of each series (its first and last row with a value, the first holding its lowest
and its highest value), and per gap between two columns the first row without a value: the rows
`plots.downsample.thin_line` keeps of the frame sorted by x, which is the frame in the order its
rows were added. Only those rows leave the database.

Whether x is in row order is found by one pass over the rows (`row_order.x_in_row_order`),
remembered for the store's engine and the rows table's column, and carried on over the rows
appended since: a later version's first chart checks only the rows it adds. Used where the
database's functions say so (`thins_over_row_ranges`: SQLite's), by
`stored_pushdown.StoredChartQuery._line`, which it hands the rows it finds and the rows beyond the
chart's bounds (`RowRangeLine`).
"""
from __future__ import annotations

import itertools
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

import numpy as np
import pandas as pd
from sqlalchemy import (
    CTE,
    BigInteger,
    ColumnElement,
    Double,
    Executable,
    and_,
    bindparam,
    case,
    cast,
    func,
    literal,
    select,
    true,
    union_all,
)
from sqlalchemy.types import TypeEngine

from plots.downsample import THIN_ABOVE_POINTS_PER_COLUMN, axis_numbers, column_scale, epoch_of, rows_of_series
from plots.rows import Drawn, as_drawn

from .row_order import x_in_row_order
from .source_conditions import spec_conditions, where_clauses

if TYPE_CHECKING:
    from .stored_pushdown import StoredChartQuery

# The rows of values one statement takes as a table (`_Listed`): the first of these that holds
# them all, else the last, a compound SELECT of 300 rows (SQLite takes up to 500) and up to 1,200
# parameters (SQLite takes up to 32,766). A few rows are not run as 300.
LISTED_ROWS = (16, 300)
# A line of no more rows than this a pixel column is read and thinned in memory
# (`StoredChartQuery.thinned_here`), as quick as a statement a pixel column: with 640 columns,
# both took 0.5 s for 200,000 rows of a line of 2,000,000 (benchmarks/stored_pushdown.py's
# dataset); 60,000 rows took 0.15 s read, 0.4 s by columns.
READ_ROWS_PER_COLUMN = 200


class _Listed:
    """Rows of values given to a statement as a table (a CTE of bound parameters, `LISTED_ROWS`
    rows at a time): the same statement for any rows, which SQLAlchemy and the database compile
    once (a VALUES list of other rows is a new statement every time). `make` makes the statement
    over the table; the rows it is run with (`runs`) fill the table, its last rows repeated up to
    the table's size."""

    def __init__(self, name: str, columns: Mapping[str, TypeEngine], make: Callable[[CTE], Executable]):
        self.name, self.columns, self.make = name, columns, make
        self.made: dict[int, tuple[Executable, list[list[str]]]] = {}

    def runs(self, rows: Sequence[tuple]) -> Iterator[tuple[Executable, dict]]:
        """The statement and its parameters for each part of `rows`."""
        most = LISTED_ROWS[-1]
        for i in range(0, len(rows), most):
            part = list(rows[i:i + most])
            statement, names = self._statement(next(size for size in LISTED_ROWS if size >= len(part)))
            part += part[-1:] * (len(names) - len(part))
            yield statement, {n: v for row_names, row in zip(names, part) for n, v in zip(row_names, row)}

    def _statement(self, size: int) -> tuple[Executable, list[list[str]]]:
        if size not in self.made:
            names = [[f"{self.name}{i}_{c}" for c in self.columns] for i in range(size)]
            table = union_all(*(select(*(bindparam(n, type_=t).label(c) for n, (c, t) in zip(row, self.columns.items())))
                                for row in names)).cte(self.name)
            self.made[size] = self.make(table), names
        return self.made[size]


class _RowSearch:
    """The rows with an x looked at so far, by row id, to find where a property that holds from
    some row on (by row id) first holds: rows in x order, any property that never turns false
    again as x grows (within a bound, in a pixel column past the k-th).

    Each row looked at is read with its x (as epoch seconds, `axis_numbers`) and `flags` (SQL
    conditions, each read as 0 or 1). A search round asks, for each property not yet pinned down,
    for the first row with an x at or after one row id between the last row known not to hold it
    and the first known to hold it, all of them in one statement: its middle, or every other round
    where x there would cross the property's `guide` if x grew evenly between the two (a time
    series' x mostly does: a few rounds then pin down hundreds of pixel columns' edges).
    """

    def __init__(self, query: StoredChartQuery, flags: Sequence[ColumnElement]):
        self.query = query
        self.table = query.relation.selectable
        self.x = query.col(query.spec.x)
        self.read = [self.table.c.rowid, query.loaded(query.spec.x),
                     *(case((flag, literal(1)), else_=literal(0)) for flag in flags)]
        self.known: dict[int, tuple] = {}  # row id -> (epoch seconds, *flags)
        self.looked: set[int] = set()  # row ids after which the first row with an x was read
        inner = self.table.alias("after")

        def first_after(at: CTE) -> Executable:
            first = (select(inner.c.rowid).where(inner.c.rowid >= at.c.m, inner.c[self.x.key].is_not(None))
                     .order_by(inner.c.rowid).limit(1).scalar_subquery())
            return select(*self.read).where(self.table.c.rowid.in_(select(first).select_from(at)))

        self.first_after = _Listed("starts", {"m": BigInteger()}, first_after)

    def end_row(self, where: Sequence[ColumnElement], last: bool = False) -> int | None:
        """The row id of the first (or `last`) row with an x within `where`, now known; None for none."""
        rowid = self.table.c.rowid
        query = select(*self.read).where(self.x.is_not(None), *where).order_by(rowid.desc() if last else rowid)
        found = self._read(query.limit(1))
        return found[0] if found else None

    def epoch(self, rowid: int) -> float:
        """The x of a known row, as epoch seconds."""
        return self.known[rowid][0]

    def find(self, targets: Sequence[tuple[Callable[[np.ndarray, np.ndarray], np.ndarray], np.ndarray, np.ndarray]]
             ) -> list[tuple[np.ndarray, np.ndarray]]:
        """For each target (a function of the known rows' epoch seconds and flags giving a value that
        never decreases by row id, the values it is to reach, and for each the x it is guessed to be
        reached at), the row ids of the last row with an x whose value is below each and of the first
        whose value reaches it (-1 where there is none), with no row with an x between the two.
        Found together, in rounds of one statement each (or one per `LISTED_ROWS[-1]` rows)."""
        for round_ in itertools.count():  # ends: see the end of a round
            ids = np.array(sorted(self.known), dtype=np.int64)
            known = np.array([self.known[i] for i in ids], dtype=np.float64).reshape(len(ids), -1)
            # Where a row id looked after lies between the two rows, the rows from it on have no x.
            looked = np.array([*sorted(self.looked), np.iinfo(np.int64).max], dtype=np.int64)
            found, probes = [], []
            for value_of, reach, guide in targets:
                at = np.searchsorted(value_of(known[:, 0], known[:, 1:]), reach, side="left")
                below = np.where(at > 0, ids[np.maximum(at - 1, 0)], -1)
                holds = np.where(at < len(ids), ids[np.minimum(at, len(ids) - 1)], -1)
                found.append((below, holds))
                unknown = np.minimum(looked[np.searchsorted(looked, below, side="right")], holds)
                open_ = (below >= 0) & (holds >= 0) & (below + 1 < unknown)
                if not open_.any():
                    continue
                lo, hi, end = below[open_], holds[open_], unknown[open_]
                probe = (lo + end) // 2
                if round_ % 2 == 0:  # where x would reach the guide, growing evenly from `lo` to `hi`
                    x_lo, x_hi = known[np.searchsorted(ids, lo), 0], known[np.searchsorted(ids, hi), 0]
                    share = np.divide(guide[open_] - x_lo, x_hi - x_lo, out=np.full(len(lo), 0.5), where=x_hi > x_lo)
                    guessed = lo + np.ceil(np.clip(np.nan_to_num(share, nan=0.5), 0, 1) * (hi - lo))
                    probe = guessed.astype(np.int64)
                probes.append(np.clip(probe, lo + 1, end - 1))
            if not probes:
                return found
            # Each row id looked after lies where the rows are unknown: the first row with an x
            # from it on is new, or it is `hi`, and the unknown rows end before the id. Either
            # way fewer are left, so that the rounds end.
            self._look(np.unique(np.concatenate(probes)).tolist())

    def _look(self, starts: list[int]) -> None:
        """Read the first row with an x at or after each of `starts` (row ids)."""
        for statement, parameters in self.first_after.runs([(m,) for m in starts]):
            self._read(statement, parameters)
        self.looked.update(starts)

    def _read(self, query, parameters: Mapping | None = None) -> list[int]:
        """Read rows of `self.read` (row id, x, flags) into `known`; returns their row ids."""
        with self.query.conn.execute(query, parameters) as result:
            rows = result.cursor.fetchall()
        name = self.query.spec.x
        xs = self.query.frame_of([name], [row[1:2] for row in rows])[name].to_numpy()  # as the frame reads them
        for row, seconds in zip(rows, axis_numbers(xs)):
            self.known[row[0]] = (float(seconds), *row[2:])
        return [row[0] for row in rows]


@dataclass(frozen=True)
class RowRangeLine:
    """A line's rows as `line` found them, and the row ids of the rows with an x just before its
    window and just after it (-1: none), where its row-id search found them for the chart's own
    conditions (None: not found so), for `StoredChartQuery._nearest` to read them by."""

    rows: pd.DataFrame
    rows_beyond: tuple[int, int] | None = None


def line(query: StoredChartQuery, pixels: int) -> RowRangeLine | None:
    """The rows of a line or area chart `pixels` pixel columns wide whose x never decreases by row
    id (`x_in_row_order`), as `StoredChartQuery._line` gives them: every row when there are no
    more than four a pixel column, else those `thin_line` keeps of each series; None where x is
    not in row order. The rows within the bounds are read and thinned in memory where they are
    few (`READ_ROWS_PER_COLUMN`), or where the first or last one's x lies beyond its bound's epoch
    seconds (a double's seconds far from 1970 tell no microseconds apart, and `thin_line` then
    leaves rows out).

    Raises SpecError (422) for more rows than the chart may draw values of, as the frame path does.
    """
    spec, table = query.spec, query.relation.selectable
    names = list(spec.columns())
    if not x_in_row_order(query.conn, table, query.col(spec.x)):
        return None
    # The conditions on x itself (the chart's bounds, a time range on it) hold from some row on, or
    # up to some row; the others (filters) are for the WHERE clauses alone.
    bounds = {op: [c for c in query.conditions if c.column == spec.x and c.op == op] for op in (">=", "<=")}
    flags = [and_(*where_clauses(query.relation, query.functions, bounds[op])) if bounds[op] else true()
             for op in (">=", "<=")]
    search = _RowSearch(query, flags)
    if search.end_row([]) is None:  # the first and last rows with an x: where the searches start
        return RowRangeLine(query.frame_of(names, []))
    search.end_row([], last=True)
    guides = [np.array([max((epoch_of(c.value) for c in bounds[op]), default=np.nan) if op == ">="
                        else min((epoch_of(c.value) for c in bounds[op]), default=np.nan)]) for op in (">=", "<=")]
    # The first row within the lower bounds and the last within the upper ones, and the rows with
    # an x just beyond them: those a line runs on to where no other condition chooses rows.
    ((before,), (start,)), ((end,), (after,)) = search.find([(lambda xs, f: f[:, 0], np.array([1.0]), guides[0]),
                                                             (lambda xs, f: 1 - f[:, 1], np.array([1.0]), guides[1])])
    beyond = (int(before), int(after)) if query.conditions == spec_conditions(spec) else None
    return RowRangeLine(_rows_between(query, search, pixels, int(start), int(end)), beyond)


def _rows_between(query: StoredChartQuery, search: _RowSearch, pixels: int, start: int, end: int) -> pd.DataFrame:
    """`line`'s rows within the row ids `start` to `end`, those of the chart's bounds (none where
    either is -1 or `start` is past `end`)."""
    spec = query.spec
    names = list(spec.columns())
    rowid = query.relation.selectable.c.rowid
    if start < 0 or end < 0 or start > end:
        return query.frame_of(names, [])
    span = [rowid.between(start, end)]
    if end - start < THIN_ABOVE_POINTS_PER_COLUMN * pixels:
        return query.fetch(names, pixels, [], span)
    if end - start < READ_ROWS_PER_COLUMN * pixels:
        # No more rows than the span holds, few enough to read and thin here: read once, and counted
        # as they are read, where a count of them first scanned the span twice.
        cap = query.cap(pixels)
        rows = query.plain_rows(names, span, cap + 1)
        if len(rows) > cap:
            raise query.over(pixels, span)
        if len(rows) <= THIN_ABOVE_POINTS_PER_COLUMN * pixels:
            return query.frame_of(names, rows)
        return query.thinned_here(pixels, span, rows)
    total = query.count_within(span)
    if total > query.cap(pixels):
        raise query.over(pixels, rows=total)
    if total <= THIN_ABOVE_POINTS_PER_COLUMN * pixels:
        return query.fetch(names, pixels, [], span)
    if total <= READ_ROWS_PER_COLUMN * pixels:
        return query.thinned_here(pixels, span)
    first, last = search.end_row([*query.where, *span]), search.end_row([*query.where, *span], last=True)
    lo = epoch_of(spec.xmin) if spec.xmin is not None else search.epoch(first)
    hi = epoch_of(spec.xmax) if spec.xmax is not None else search.epoch(last)
    if search.epoch(first) < lo or search.epoch(last) > hi:
        return query.thinned_here(pixels, span)
    per_second = column_scale(lo, hi, pixels)

    def pixel_column(xs: np.ndarray, flags: np.ndarray | None = None) -> np.ndarray:
        # As `thin_line` places the rows (`column_starts`), which places none outside the columns here.
        return np.floor((xs - lo) * per_second)

    # The first row of each pixel column after the first row's: where the one before ends.
    columns = np.arange(pixel_column(search.epoch(first)) + 1, pixel_column(search.epoch(last)) + 1)
    ((_, starts),) = search.find([(pixel_column, columns, lo + columns / per_second if len(columns) else columns)])
    edges = np.unique(np.concatenate(([first], starts)))
    kept = _kept_rows(query, list(zip(edges.tolist(), (np.append(edges[1:], last + 1) - 1).tolist())))
    union = rows_of_series(kept, pixels)
    if union is None:  # every row, for drawing to thin (`StoredChartQuery.thinned_here`)
        return query.frame_of(names, query.plain_rows(names, span))
    rows = []
    loaded = [query.loaded(n) for n in names]
    for i in range(0, len(union), LISTED_ROWS[-1]):
        part = union[i:i + LISTED_ROWS[-1]].tolist()
        with query.conn.execute(select(*loaded).where(rowid.in_(part)).order_by(rowid)) as result:
            rows += result.cursor.fetchall()
    runs = _end_runs(query, search, [*query.where, *span], first, last)
    return as_drawn(query.frame_of(names, rows), Drawn(rows=total, end_runs=runs))


def _end_runs(query: StoredChartQuery, search: _RowSearch, where: list[ColumnElement], first: int,
              last: int) -> tuple[bool, bool]:
    """Whether the row with an x within `where` after the `first` one shares its x, and the one
    before the `last` shares that one's: x never decreases by row id, so several rows sharing the
    line's first or last x follow one another (`Drawn.end_runs`, which the rows kept no longer tell)."""
    rowid = query.relation.selectable.c.rowid
    second = search.end_row([*where, rowid > first])
    next_to_last = search.end_row([*where, rowid < last], last=True)
    ids = [first, last, *(i for i in (second, next_to_last) if i is not None)]
    x = query.spec.x
    with query.conn.execute(select(rowid, query.loaded(x)).where(rowid.in_(ids))) as result:
        found = result.cursor.fetchall()
    xs = dict(zip((row[0] for row in found), query.frame_of([x], [row[1:] for row in found])[x]))
    return (second is not None and xs[second] == xs[first],
            next_to_last is not None and xs[next_to_last] == xs[last])


def _kept_rows(query: StoredChartQuery, runs: list[tuple[int, int]]) -> list[np.ndarray]:
    """The row ids `thin_line` keeps of each series over `runs` (ranges of row ids: the pixel
    columns): per run the first and last rows with a value within the WHERE clauses and the first
    holding its lowest and its highest value; and where a series has rows without a value, the
    first of them between two runs' rows with one (where its whole line breaks), and the last run's
    last row (within the WHERE clauses) where it has none (where the whole line ends before its rows).

    One statement a run finds each series' extremes in one pass over its rows (one statement
    grouping every run's rows took longer: SQLite sorts them by run first); then statements for
    each series find the rows holding them, each stopping at the first it finds."""
    spec, table = query.spec, query.relation.selectable
    rowid = table.c.rowid
    ys = [_as_float(query.value(name), query.relation.type_of(name)) for name in spec.y]
    per_run = select(*(f(y) for y in ys for f in (func.min, func.max))).where(
        rowid.between(bindparam("a"), bindparam("b")), *query.where)
    extremes = [[] for _ in ys]  # per series, (first, last, lowest, highest) of each run with a value
    for a, b in runs:
        found = query.conn.execute(per_run, {"a": a, "b": b}).one()
        for j in range(len(ys)):
            lowest, highest = found[2 * j:2 * j + 2]
            if lowest is not None:
                extremes[j].append((a, b, lowest, highest))
    last = runs[-1][1]
    without = query.conn.execute(select(*(y.is_(None) for y in ys)).where(rowid == last)).one()
    kept = []
    for y, runs_of, ends_without in zip(ys, extremes, without):
        rows = _rows_holding(query, y, runs_of)
        gaps = [(one[1], other[0]) for one, other in zip(rows, rows[1:]) if other[0] - one[1] > 1]
        end = [last] if ends_without and rows else []
        kept.append(np.unique(np.array([r for found in rows for r in found] + _first_without(query, y, gaps) + end,
                                       dtype=np.int64)))
    return kept


def _rows_holding(query: StoredChartQuery, y: ColumnElement, runs: list[tuple]) -> list[tuple[int, int, int, int]]:
    """Per run (its first and last row id, and its lowest and highest value of `y`), the row ids of
    its first and last rows with a value of `y` within the WHERE clauses and of the first holding
    each extreme."""
    rowid = query.relation.selectable.c.rowid

    def found_in(at: CTE) -> Executable:
        def first(*where: ColumnElement, last: bool = False) -> ColumnElement:
            return (select(rowid).where(rowid.between(at.c.a, at.c.b), *where, *query.where)
                    .order_by(rowid.desc() if last else rowid).limit(1).scalar_subquery())

        valued = y.is_not(None)
        return select(at.c.a, first(valued), first(valued, last=True), first(y == at.c.lo), first(y == at.c.hi))

    listed = _Listed("runs", {"a": BigInteger(), "b": BigInteger(), "lo": Double(), "hi": Double()}, found_in)
    found = {}
    for statement, parameters in listed.runs(runs):
        found.update((row[0], tuple(row[1:])) for row in query.conn.execute(statement, parameters))
    return [found[run[0]] for run in runs]


def _first_without(query: StoredChartQuery, y: ColumnElement, gaps: list[tuple[int, int]]) -> list[int]:
    """Per gap (two row ids), the first row between them within the WHERE clauses without a value of `y`."""
    if not gaps:
        return []
    rowid = query.relation.selectable.c.rowid

    def first_in(at: CTE) -> Executable:
        return select(select(rowid).where(rowid > at.c.p, rowid < at.c.q, y.is_(None), *query.where)
                      .order_by(rowid).limit(1).scalar_subquery()).select_from(at)

    found = set()
    for statement, parameters in _Listed("gaps", {"p": BigInteger(), "q": BigInteger()}, first_in).runs(gaps):
        found.update(r for (r,) in query.conn.execute(statement, parameters) if r is not None)
    return sorted(found)


def _as_float(value: ColumnElement, column_type: str) -> ColumnElement:
    """A y column's values as `thin_line` compares them: as doubles (an integer past 2**53 is one
    it shares with its neighbours)."""
    return cast(value, Double) if column_type == "integer" else value
