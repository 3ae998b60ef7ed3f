"""Row ids searched for where a property of a big stored dataset's rows first holds, reading the x of a
few rows by their row id at a time, for a line whose x never decreases by row id
(`pushdown_row_ranges`).

A stored dataset's rows are numbered as they are added (their row id) and only ever appended, and
a time series is most often appended in time order: its x then never decreases by row id. The
rows within the chart's x bounds are then one range of row ids, and so are the rows of each pixel
column: both are found by searching row ids (`RowSearch`), a few dozen statements that each read
the x of a few hundred rows by their row id, where reading the rows in x order meant reading (or
sorting) every row. The row ids each statement starts from are given to it as a table (`Listed`),
so that it is compiled once for any rows.
"""
from __future__ import annotations

import itertools
from collections.abc import Callable, Iterator, Mapping, Sequence
from typing import TYPE_CHECKING

import numpy as np
from sqlalchemy import CTE, BigInteger, ColumnElement, Executable, bindparam, case, literal, select, union_all
from sqlalchemy.types import TypeEngine

from plots.downsample import axis_numbers

if TYPE_CHECKING:
    from .stored_pushdown import StoredChartQuery

# The rows of values one statement takes as a table (`Listed`): the first of these that holds
# them all, else the last, a compound SELECT of 300 rows (SQLite takes up to 500) and up to 1,200
# parameters (SQLite takes up to 32,766). A few rows are not run as 300.
LISTED_ROWS = (16, 300)


class Listed:
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


class RowSearch:
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

        self.first_after = Listed("starts", {"m": BigInteger()}, first_after)

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

