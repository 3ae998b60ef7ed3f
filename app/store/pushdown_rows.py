"""A count of rows computed by the database (`plots.counted_rows`): the chart's relation given a
column of 1s named `rows`, which agg=count counts as it counts any column, one a row, so that a
source's chart, or a big stored dataset's, counts the rows a frame's counts, split or not."""
from __future__ import annotations

import dataclasses

from sqlalchemy import BigInteger, literal_column

from plots import ChartSpec
from plots.counted_rows import ROWS, rows_counted

from .source_conditions import Relation
from .types import Column


def with_counted_rows(relation: Relation, spec: ChartSpec) -> Relation:
    """`relation` with a 1 a row under `ROWS` where `spec` counts rows; else `relation` itself. A column
    of that name of the dataset's own is left out: a count of rows reads none (`plots.counted_rows`)."""
    if not rows_counted(spec):
        return relation
    if any(column.name == ROWS for column in relation.columns):
        relation = dataclasses.replace(relation, columns=tuple(c for c in relation.columns if c.name != ROWS))
    # A literal, not a bound parameter: the same expression wherever a statement names it.
    return relation.with_columns([(Column(ROWS, "integer"), literal_column("1", BigInteger))], relation.split_by)
