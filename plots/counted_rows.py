"""A count of rows: `agg=count` over bars or a resample's periods, of no y named, counts the rows of
each category or period, drawn as one series named `rows` (`ROWS`), where it counted each numeric
column's values, a series each. `y=rows` names that count where the chart counts rows, beside
columns whose values it counts (`y=rows,latency_ms`), whether or not the dataset has a column of that
name: a count of rows reads none of its columns but x (and a split's column), on every path, a
frame's rows each given a 1 to count (`with_counted_rows`), a database's counted as a column of 1s
(`app.store.pushdown_rows`)."""
from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING

import numpy as np

from .kind import CHART_KINDS

if TYPE_CHECKING:
    import pandas as pd

    from .spec import ChartSpec

# The series a count of rows draws, and the y that names it.
ROWS = "rows"


def counts_rows(spec: ChartSpec) -> bool:
    """Whether `spec` combines its rows by count: agg=count over bars or a resample's periods (a
    count elsewhere combines nothing, refused or, as a dashboard chart's, left unused)."""
    kind = CHART_KINDS.get(spec.kind)
    return spec.agg == "count" and (spec.resample is not None or (kind is not None and kind.categorical))


def rows_counted(spec: ChartSpec) -> bool:
    """Whether `spec` draws the count of its rows (`ROWS` among its y, counted)."""
    return ROWS in spec.y and counts_rows(spec)


def dataset_y(spec: ChartSpec) -> tuple[str, ...]:
    """The y columns of `spec` read from its dataset: all but the count of rows."""
    return tuple(name for name in spec.y if name != ROWS) if rows_counted(spec) else spec.y


def counted_y(spec: ChartSpec) -> tuple[str, ...]:
    """The y of `spec` that no dataset column holds: the count of rows, where it draws one."""
    return (ROWS,) if rows_counted(spec) else ()


def with_rows_column(columns: Mapping[str, str]) -> dict[str, str]:
    """A dataset's columns (name -> type) with the count of rows among them, a column of integers, as
    a y of a count reads it."""
    return {**columns, ROWS: "integer"}


def with_counted_rows(frame: pd.DataFrame, spec: ChartSpec) -> pd.DataFrame:
    """`frame` (a dataset's rows) with each row's 1 under `ROWS`, which a count of them counts, where
    `spec` counts rows; else `frame` itself. A column of that name the dataset has is not read."""
    if not rows_counted(spec):
        return frame
    return frame.assign(**{ROWS: np.ones(len(frame), dtype=np.int64)})
