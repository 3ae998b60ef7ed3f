"""The rows M4 keeps of each series of a big stored dataset's line over ranges of row ids, its pixel
columns where its x never decreases by row id (`pushdown_row_ranges`): per pixel column the first
and last rows with a value and the first holding its lowest and its highest value, and where a
series has rows without a value, the first of them where its whole line breaks, as
`plots.downsample.thin_line` keeps them of the frame sorted by x.
"""
from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np
from sqlalchemy import CTE, BigInteger, ColumnElement, Executable, bindparam, func, select

from .row_searches import Listed

if TYPE_CHECKING:
    from .stored_pushdown import StoredChartQuery


def kept_rows(query: StoredChartQuery, runs: list[tuple[int, int]]) -> list[np.ndarray]:
    """The row ids `thin_line` keeps of each series over `runs` (ranges of row ids: the pixel
    columns), and of a stacked area's total (`ChartQuery.thinned_values`): per run the first and
    last rows with a value within the WHERE clauses and the first holding its lowest and its highest
    value; and where a series has rows without a value, the first of them between two runs' rows
    with one (where its whole line breaks), and the last run's last row (within the WHERE clauses)
    where it has none (where the whole line ends before its rows); of a stacked area, each run's
    first and last rows without a value instead (`plots.downsample.thinned_stack`).

    One statement a run finds each series' extremes in one pass over its rows (one statement
    grouping every run's rows took longer: SQLite sorts them by run first); then statements for
    each series find the rows holding them, each stopping at the first it finds."""
    spec, table = query.spec, query.relation.selectable
    rowid = table.c.rowid
    # Each y as stored: an integer column's values compared as integers, as `thin_line` compares them
    # (`compared_values`); as doubles, 2**53 + 1 read as 2**53 and tied with it. A stacked area's
    # total last (`plots.downsample.thinned_stack`).
    ys = query.thinned_values(spec.y)
    # A stacked area's runs with rows without a value are counted in the same pass: their first and
    # last such rows are kept (`plots.downsample.thinned_stack`).
    counts = [func.count(), *map(func.count, ys)] if query.stacked_area else []
    per_run = select(*(f(y) for y in ys for f in (func.min, func.max)), *counts).where(
        rowid.between(bindparam("a"), bindparam("b")), *query.where)
    extremes = [[] for _ in ys]  # per series, (first, last, lowest, highest) of each run with a value
    lacking = [[] for _ in ys]  # per series, (first, last) of each run with rows without a value (a stack's)
    for a, b in runs:
        found = query.conn.execute(per_run, {"a": a, "b": b}).one()
        for j in range(len(ys)):
            lowest, highest = found[2 * j:2 * j + 2]
            if lowest is not None:
                extremes[j].append((a, b, lowest, highest))
            if counts and found[2 * len(ys) + 1 + j] < found[2 * len(ys)]:
                lacking[j].append((a, b))
    last = runs[-1][1]
    without = query.conn.execute(select(*(y.is_(None) for y in ys)).where(rowid == last)).one()
    kept = []
    for y, runs_of, ends_without, runs_lacking in zip(ys, extremes, without, lacking):
        rows = _rows_holding(query, y, runs_of)
        if counts:
            kept.append(np.unique(np.array([r for found in rows for r in found] + _without_at_ends(query, y, runs_lacking),
                                           dtype=np.int64)))
            continue
        gaps = [(one[1], other[0]) for one, other in zip(rows, rows[1:]) if other[0] - one[1] > 1]
        end = [last] if ends_without and rows else []
        kept.append(np.unique(np.array([r for found in rows for r in found] + _first_without(query, y, gaps) + end,
                                       dtype=np.int64)))
    return kept


def _rows_holding(query: StoredChartQuery, y: ColumnElement, runs: list[tuple]) -> list[tuple[int, int, int, int]]:
    """Per run (its first and last row id, and its lowest and highest value of `y`), the row ids of
    its first and last rows with a value of `y` within the WHERE clauses and of the first holding
    each extreme. The extremes are given to the statement as values of `y`'s own type."""
    rowid = query.relation.selectable.c.rowid

    def found_in(at: CTE) -> Executable:
        def first(*where: ColumnElement, last: bool = False) -> ColumnElement:
            return (select(rowid).where(rowid.between(at.c.a, at.c.b), *where, *query.where)
                    .order_by(rowid.desc() if last else rowid).limit(1).scalar_subquery())

        valued = y.is_not(None)
        return select(at.c.a, first(valued), first(valued, last=True), first(y == at.c.lo), first(y == at.c.hi))

    listed = Listed("runs", {"a": BigInteger(), "b": BigInteger(), "lo": y.type, "hi": y.type}, found_in)
    found = {}
    for statement, parameters in listed.runs(runs):
        found.update((row[0], tuple(row[1:])) for row in query.conn.execute(statement, parameters))
    return [found[run[0]] for run in runs]


def _without_at_ends(query: StoredChartQuery, y: ColumnElement, runs: list[tuple[int, int]]) -> list[int]:
    """Per run (its first and last row id), its first and last rows within the WHERE clauses without a
    value of `y`."""
    if not runs:
        return []
    rowid = query.relation.selectable.c.rowid

    def found_in(at: CTE) -> Executable:
        def first(last: bool = False) -> ColumnElement:
            return (select(rowid).where(rowid.between(at.c.a, at.c.b), y.is_(None), *query.where)
                    .order_by(rowid.desc() if last else rowid).limit(1).scalar_subquery())

        return select(first(), first(last=True)).select_from(at)

    found = set()
    for statement, parameters in Listed("lacking", {"a": BigInteger(), "b": BigInteger()}, found_in).runs(runs):
        found.update(r for row in query.conn.execute(statement, parameters) for r in row if r is not None)
    return sorted(found)


def _first_without(query: StoredChartQuery, y: ColumnElement, gaps: list[tuple[int, int]]) -> list[int]:
    """Per gap (two row ids), the first row between them within the WHERE clauses without a value of `y`."""
    if not gaps:
        return []
    rowid = query.relation.selectable.c.rowid

    def first_in(at: CTE) -> Executable:
        return select(select(rowid).where(rowid > at.c.p, rowid < at.c.q, y.is_(None), *query.where)
                      .order_by(rowid).limit(1).scalar_subquery()).select_from(at)

    found = set()
    for statement, parameters in Listed("gaps", {"p": BigInteger(), "q": BigInteger()}, first_in).runs(gaps):
        found.update(r for (r,) in query.conn.execute(statement, parameters) if r is not None)
    return sorted(found)
