"""A sorted bar chart's categories ranked by numpy's sorts (`plots.bar_order._ranks`) in the order the loop
of Python before ranked them (`benchmarks/bar_ranks.py`, `looped_ranks`): numbers and dates by value, a
whole number past 2**53 exactly, text as a person sorts a list then by code point, a missing value apart."""
from __future__ import annotations

from datetime import datetime

import numpy as np
import pandas as pd
from hypothesis import example, given, settings
from hypothesis import strategies as st

from benchmarks.bar_ranks import looped_ranks
from plots.bar_order import _ranks, _sorted_positions
from plots.spec import ChartSpec

# Text of few letters, so that values repeat and differ by case or by a trailing NUL alone.
WORDS = st.lists(st.sampled_from(["a", "A", "b", "ß", "SS", "ss", "\x00", "é", "e\u0301", "İ", " "]),
                 max_size=3).map("".join)
WHOLE = st.integers(min_value=-2**63, max_value=2**63 - 1)
DATES = st.datetimes(min_value=datetime(1900, 1, 1), max_value=datetime(2100, 1, 1))


def columns() -> st.SearchStrategy[pd.Series]:
    """Columns a bar chart may be sorted by: its values or its categories, some missing."""
    def of(values: st.SearchStrategy, dtype=None, missing=None) -> st.SearchStrategy[pd.Series]:
        cell = values if missing is None else st.one_of(values, st.just(missing))
        return st.lists(cell, max_size=30).map(lambda cells: pd.Series(cells, dtype=dtype))
    near = st.integers(min_value=2**53 - 3, max_value=2**53 + 3)  # whole numbers doubles cannot tell apart
    return st.one_of(
        of(st.floats(allow_nan=True), "float64"),
        of(st.sampled_from([0.0, -0.0, 1.5, -1.5, float("inf"), float("-inf")]), "float64", float("nan")),
        of(WHOLE, "int64"),
        of(near, "int64"),
        of(near, "Int64", pd.NA),
        of(st.integers(min_value=-2**70, max_value=2**70), object),  # past 64 bits: Python's ints
        of(DATES, "datetime64[us]", pd.NaT),
        of(WORDS, object, None),
        of(WORDS, "str", None),
        of(st.one_of(WORDS, WHOLE), object, None),  # text among numbers: all ranked as text
        of(st.booleans(), "bool"),
    )


@settings(max_examples=400, deadline=None, derandomize=True)
@given(columns())
@example(pd.Series(["a", "a\x00", "A", "a\x00\x00", None], dtype=object))
@example(pd.Series([2**53, 2**53 + 1, 2**53 - 1, 2**53 + 1], dtype="int64"))
@example(pd.Series([], dtype=object))
def test_ranks_are_those_the_loop_before_gave(column):
    ranks, missing = _ranks(column)
    before_ranks, before_missing = looped_ranks(column)
    assert missing.tolist() == before_missing.tolist()
    assert ranks.tolist() == before_ranks.tolist()


@settings(max_examples=150, deadline=None, derandomize=True)
@given(columns(), st.sampled_from(["x", "-x"]))
def test_a_chart_sorted_by_x_puts_its_rows_in_the_order_the_loop_before_did(column, sort):
    data = pd.DataFrame({"c": column, "v": np.arange(len(column), dtype=float)})
    spec = ChartSpec(kind="bar", x="c", y=("v",), sort=sort)
    ranks, missing = looped_ranks(column)
    before = np.lexsort((np.arange(len(data)), -ranks if sort == "-x" else ranks, missing))
    assert _sorted_positions(data, spec).tolist() == before.tolist()
