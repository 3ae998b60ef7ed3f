"""SQLite's medians and percentiles of a group: aggregates of the site's own, which SQLite lacks,
registered on every SQLite connection the site opens (`register_rank_aggregates`: its store's,
`SqliteBackend.create_engine`, and its sources', `source_connections.make_engine`).

`site_median(value, exact)` and `site_percentile(value, k, exact)` gather a group's values (NULLs left
out), sort them once and read the two the median or the k-th percentile lies between, at the ranks
`plots.percentiles.ranks` names, and make them the group's answer as the site made it of those two
when SQLite numbered every row of each group by a window function: a median their mean in doubles
(`median_of_doubles`, `pushdown_medians.middle_mean`'s sums), an integer column's their exact mean
(`plots.aggregates.mean_of_middles`), a percentile as `plots.percentiles.interpolated` makes it
(`group_percentile`, its form for one group); NULL for a group without values. One pass over the
rows, which the numbering sorted and buffered group by group: 0.25× to 0.37× of its CPU time for
1,000,000 rows in 12 to 100,000 groups (benchmarks/percentiles.py).
"""
from __future__ import annotations

import sqlite3
from array import array

import numpy as np

from sqlalchemy import ColumnElement, Double, func, literal_column
from sqlalchemy.types import NullType

from plots.aggregates import mean_of_middles
from plots.percentiles import HALVED_ABOVE, group_percentile

# What a chart's value reaches the aggregates as (`SqlFunctions.typed`: a number or NULL); anything
# else, which it never is, would be left out as a missing value.
_NUMBERS = (int, float)


def site_median(value: ColumnElement, exact: bool) -> ColumnElement:
    """A group's median of `value` (`SqliteMedian`): of an integer column's values exactly (`exact`:
    an int where it is whole, else the nearest double), else a double."""
    return func.site_median(value, _flag(exact), type_=NullType() if exact else Double())


def site_percentile(value: ColumnElement, k: int, exact: bool) -> ColumnElement:
    """A group's k-th percentile of `value` (`SqlitePercentile`), exact for an integer column as
    `site_median`'s median."""
    return func.site_percentile(value, literal_column(str(int(k))), _flag(exact),
                                type_=NullType() if exact else Double())


def _flag(exact: bool) -> ColumnElement:
    # Written in the statement, not bound: the same SQL for every chart of the same aggregate.
    return literal_column("1" if exact else "0")


def median_of_doubles(lower: int | float, upper: int | float) -> float:
    """The mean of two middle values as doubles, as `pushdown_medians.middle_mean` takes it in SQL:
    their sum halved, or each halved before they are added where either lies past half the largest
    double (a -0.0 kept, as there)."""
    a, b = float(lower), float(upper)
    return a / 2.0 + b / 2.0 if abs(a) > HALVED_ABOVE or abs(b) > HALVED_ABOVE else (a + b) / 2.0


class _GroupValues:
    """A group's values as an aggregate's steps give them, NULLs left out, sorted once at its end: in an
    array of doubles (8 bytes a value, where a list of floats takes some 32), or of an integer column's
    ints while each fits 64 bits (`exact`); in a list, compared exactly as SQLite compares them, where
    an integer column's group meets a double (a value SQLite's INTEGER affinity kept as REAL) or an int
    past 64 bits (which SQLite never gives)."""

    def __init__(self) -> None:
        self.values: array | list | None = None
        self.exact = False  # whether the group is an integer column's, its answer exact

    def add(self, value: int | float, exact: bool) -> None:
        """Hold one value of the group (`exact`: of an integer column, held as it is)."""
        if self.values is None:
            self.values = array("d") if not exact else array("q") if isinstance(value, int) else []
        if isinstance(self.values, list):
            self.values.append(value)
        elif self.values.typecode == "d":
            self.values.append(float(value))  # the same order and the same doubles read back
        else:
            try:
                self.values.append(value)
            except (TypeError, OverflowError):
                self.values = [*self.values, value]

    def sorted_values(self) -> array | list:
        if self.values is None:
            return []
        if isinstance(self.values, list):
            self.values.sort()
        elif len(self.values) > 1:
            # Sorted in place through a view of the array's own memory; stable, as a list's sort, so a
            # -0.0 beside a 0.0 keeps its place.
            np.frombuffer(self.values, dtype=np.float64 if self.values.typecode == "d" else np.int64).sort(kind="stable")
        return self.values


class SqliteMedian(_GroupValues):
    """`site_median(value, exact)`: the mean of the group's two middle values (the middle one twice for
    an odd count), exact where `exact` (`mean_of_middles`), else in doubles (`median_of_doubles`)."""

    def step(self, value, exact) -> None:
        if isinstance(value, _NUMBERS):
            self.add(value, bool(exact))
        self.exact = bool(exact)

    def finalize(self) -> int | float | None:
        values = self.sorted_values()
        if not values:
            return None
        count = len(values)
        lower, upper = values[(count - 1) // 2], values[count // 2]
        return mean_of_middles(lower, upper) if self.exact else median_of_doubles(lower, upper)


class SqlitePercentile(_GroupValues):
    """`site_percentile(value, k, exact)`: the group's k-th percentile (`group_percentile`)."""

    def __init__(self) -> None:
        super().__init__()
        self.k = 50  # the percentile asked, as every step gives it

    def step(self, value, k, exact) -> None:
        if isinstance(value, _NUMBERS):
            self.add(value, bool(exact))
        self.k, self.exact = k, bool(exact)

    def finalize(self) -> int | float | None:
        values = self.sorted_values()
        if not values:
            return None
        return group_percentile(values, self.k, self.exact)


def register_rank_aggregates(connection: sqlite3.Connection) -> None:
    """Make `site_median` and `site_percentile` known to an SQLite connection (a "connect" hook's)."""
    connection.create_aggregate("site_median", 2, SqliteMedian)
    connection.create_aggregate("site_percentile", 3, SqlitePercentile)
