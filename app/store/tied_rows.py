"""A source's rows of one x put in one order once read (`rows_of_one_x_ordered`): a database gives
rows it sorts as equal in any order, which differs between SQLite and PostgreSQL and from one run to
the next. A line's are ordered by the database itself (`pushdown_query.ChartQuery.tie_order`), as a
line joins them in the order they come; a scatter plot's are ordered here, which costs a fraction of
what sorting them in the database did.
"""
from __future__ import annotations

import numpy as np
import pandas as pd


def rows_of_one_x_ordered(frame: pd.DataFrame, x: str) -> pd.DataFrame:
    """`frame`, its rows already in the order of `x`, with the rows of one x (a run of equal values,
    missing ones one run) ordered by the other columns in turn, each ascending with its missing
    values last, as `pushdown_query.ChartQuery.tie_order` orders a line's, and -0.0 before 0.0. The runs
    keep their order, which is the database's (text by its collation). Where no two rows share an x,
    `frame` itself, unsorted."""
    xs = frame[x]
    same = (xs.eq(xs.shift()) | (xs.isna() & xs.shift().isna())).to_numpy(dtype=bool)
    if len(frame) < 2 or not same[1:].any():
        return frame
    runs = np.cumsum(~same)
    keys: list[np.ndarray] = []  # np.lexsort's: its last key first
    for name in reversed([c for c in frame.columns if c != x]):
        keys.extend(_ascending_keys(frame[name]))
    order = np.lexsort((*keys, runs))
    if (order == np.arange(len(order))).all():
        return frame
    return frame.take(order).reset_index(drop=True)  # numbered 0, 1 … as read


def _ascending_keys(values: pd.Series) -> list[np.ndarray]:
    """What orders a column's values ascending, its missing values last and -0.0 before 0.0, as
    np.lexsort's keys, the least significant first."""
    if isinstance(values.dtype, np.dtype) and values.dtype.kind == "f":
        numbers = values.to_numpy()
        return [~np.signbit(numbers), np.nan_to_num(numbers, nan=0.0), np.isnan(numbers)]
    if isinstance(values.dtype, np.dtype) and values.dtype.kind in "iub":
        return [values.to_numpy()]
    if isinstance(values.dtype, np.dtype) and values.dtype.kind == "M":
        moments = values.to_numpy()
        return [moments.view("i8"), np.isnat(moments)]
    codes, found = pd.factorize(values, sort=True)  # text, and integers with missing values
    return [np.where(codes < 0, len(found), codes)]
