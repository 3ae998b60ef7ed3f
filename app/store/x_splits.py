"""How the text columns of a dataset split the rows that share an x (`XSplits`), which tells a
dataset's page whether to draw a line per value of one (`app.views.dataset_charts.shared_x`): of any
dataset's frame (`frame_x_splits`), and, in the same terms, counted by the database for a stored
dataset of many rows (`stored_summaries.x_splits`)."""
from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import pandas as pd


@dataclass(frozen=True)
class TextSplit:
    """What a text column tells of the rows that share an x: `pairs`, how many distinct (x, value)
    its rows with an x hold (a missing value one of them); `values`, its distinct values (missing
    ones aside), sorted; `missing`, whether some row has none. Where it holds more values than
    asked for, it is `cut_short`, and neither is known (none, None)."""

    column: str
    pairs: int
    values: tuple[str, ...]
    cut_short: bool
    missing: bool | None


@dataclass(frozen=True)
class XSplits:
    """The rows of a dataset that have an x (`rows`), the distinct x they hold (`xs`), and what each
    text column tells of them (`texts`; none when no x repeats)."""

    rows: int
    xs: int
    texts: tuple[TextSplit, ...]


def frame_x_splits(frame: pd.DataFrame, x: str, texts: Sequence[str], most: int) -> XSplits:
    """The `XSplits` of the frame's x column and text columns `texts` (but x), each cut short past `most` values."""
    x_codes, x_values = pd.factorize(frame[x])  # a missing x is -1: a row no chart places
    placed = x_codes >= 0
    rows = int(placed.sum())
    if len(x_values) == rows:
        return XSplits(rows, rows, ())
    splits = []
    for t in texts:
        if t == x:
            continue
        codes, values = pd.factorize(frame[t])  # a missing value is -1, told apart from every other
        pairs = len(pd.unique(x_codes[placed].astype("int64") * (len(values) + 1) + codes[placed] + 1))
        distinct = sorted(str(value) for value in values)
        if len(distinct) > most:
            splits.append(TextSplit(t, pairs, (), True, None))
        else:
            splits.append(TextSplit(t, pairs, tuple(distinct), False, bool((codes < 0).any())))
    return XSplits(rows, len(x_values), tuple(splits))
