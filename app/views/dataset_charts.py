"""The charts of a dataset's page, which the front page's thumbnails draw too: a line of each numeric
column by the first column, a histogram, or a line per value of the text column that splits rows
sharing an x."""
from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import pandas as pd
from flask import current_app

from plots import SpecError
from plots.field_values import check_text
from plots.selection import FILTER_PREFIX, choosable
from plots.spec import NUMERIC_TYPES
from plots.text import line_feeds, shown_value

from ..chart_requests import ChartRequest, chart_of_dataset, with_selection
from ..context import bytes_memo, clock_now, current_site
from ..selection_queries import dataset_query
from ..store import DatasetInfo, Snapshot, StoreError
from ..store.x_splits import XSplits, frame_x_splits
from .chart_versions import chart_url

# The most values of a text column that splits a dataset's rows (several per x, as four stations'
# per date) for its page to draw a chart per value of it, per numeric column; with more, a scatter plot.
SPLIT_MOST_VALUES = 6
# The bytes of datasets' versions the memo of `rows_sharing_x`'s answers holds (`held_bytes`): the
# front page asks it of every dataset at every visit, so it holds every dataset of a big site (past
# that, the least recently used are dropped first). An entry is a name, a version and at most
# SPLIT_MOST_VALUES values short enough for a title: about 600 bytes, near 4 KB at the default
# longest title (LIMITS.max_title), so some 7,000 datasets.
SHARED_X_MEMO_BYTES = 4 * 1024 * 1024


@dataclass(frozen=True)
class PageChart:
    """One chart of a dataset's page: its spec fields as its URL gives them, and the rows it
    draws (filter.<column>=<value> pairs)."""

    column: str
    fields: dict[str, str]
    filters: tuple[tuple[str, str], ...] = ()

    def sized_fields(self, size: Mapping[str, str] | None = None) -> dict[str, str]:
        """Its spec fields, at `size` (a width and height) where they give none."""
        return {**(size or {}), **self.fields}


@dataclass(frozen=True, slots=True)
class SharedX:
    """Rows that share an x and differ in a text column (the stations' rows of one date): `column`
    and its `values` when a line per value draws them honestly, else None (drawn as points)."""

    column: str | None = None
    values: tuple[str, ...] = ()


def rows_sharing_x(frame: pd.DataFrame, x: str, texts: Sequence[str], complete: bool) -> SharedX | None:
    """How a text column splits the rows of `frame` that share an x (`shared_x` of what the frame holds)."""
    return shared_x(frame_x_splits(frame, x, texts, SPLIT_MOST_VALUES), complete)


def shared_x(splits: XSplits, complete: bool) -> SharedX | None:
    """How a text column splits the rows that share an x (`splits`: what a dataset's x and text
    columns hold): None when no x is repeated, else the column whose values (sorted) each draw a
    line honestly: each x at most once per value, at most SPLIT_MOST_VALUES of them, none missing or
    blank (a filter cannot choose those) and `splits` of every row (`complete`); the one of fewest
    values; with none (no text column tells the rows of an x apart, or none does so honestly), a
    SharedX of no column: points. A line through all the rows would zig-zag from one value to the
    next at every x."""
    if splits.xs == splits.rows:
        return None
    candidates = [SharedX(text.column, text.values) for text in splits.texts
                  if (complete and text.pairs == splits.rows and not text.cut_short and not text.missing
                      and all(choosable(value) and _fits_title(text.column, value) for value in text.values))]
    return min(candidates, key=lambda found: len(found.values), default=SharedX())


def split_title(column: str, value: str) -> str:
    """The title of the chart of a dataset's page that draws the rows holding `value` in `column`:
    `value` as `shown_value` writes it, so that values differing in white space at their ends alone
    (`x`, `x `) title their charts apart."""
    return f"{column}: {shown_value(value)}"


def _fits_title(column: str, value: str) -> bool:
    """Whether `split_title` of `value` is a title a chart takes (not too long, nothing it refuses)."""
    try:
        check_text("title", line_feeds(split_title(column, value)), current_site().limits.max_title)
    except SpecError:
        return False
    return True


def drawn_numbers(info: DatasetInfo) -> list[str]:
    """The numeric columns a dataset's own charts draw (its page's, its thumbnail's): every number but
    its first column, which is a chart's x by default (animals' year drawn against itself would be a
    diagonal), or that one when it is the only number."""
    numeric = [c.name for c in info.columns if c.type in NUMERIC_TYPES]
    return [name for name in numeric if name != info.columns[0].name] or numeric


def page_charts(info: DatasetInfo, snapshot: Snapshot | None) -> list[PageChart]:
    """The charts of a dataset's page: a line of each numeric column by the first column, but a
    histogram of the first column when it is the only number (against itself it would draw a
    diagonal), and for rows that share an x (`rows_sharing_x`) a line per value of the text column
    that splits them (titled with it), or else a scatter plot. Of a source dataset, whose whole
    table the page does not read, the page's first rows are all it looks at: `snapshot`'s when the
    page has them, else (the front page's thumbnails) those of x and the text columns alone, read
    here; a source that cannot give them is taken as no x repeated, and its chart then says what is
    wrong."""
    x = info.columns[0].name
    numbers = drawn_numbers(info)
    texts = [c.name for c in info.columns if c.type == "text"]
    groups = None
    if numbers != [x]:
        def look() -> tuple[str, SharedX | None]:
            """The version the rows were read at, and how the rows that share an x are drawn."""
            store, columns = current_site().store, list(dict.fromkeys([x, *texts]))
            if info.source is None:
                # Counted by the database for a stored dataset of many rows, at the version `info`
                # describes; else found in its frame.
                splits = store.x_splits(info, x, texts, SPLIT_MOST_VALUES)
                if splits is not None:
                    return info.version, shared_x(splits, True)
                read = store.read(info.name, columns)
                return read.info.version, rows_sharing_x(read.frame, x, texts, True)
            rows = current_app.config["TABLE_ROWS"]
            first = snapshot.frame.head(rows) if snapshot is not None else store.first_rows(info.name, columns, rows)
            return (snapshot.info.version if snapshot is not None else info.version,
                    rows_sharing_x(first, x, texts, False))

        # Kept per data version, the one the rows were read at, which rows appended since `info` was
        # read make newer (a 1-tuple: the memo takes None for "not there yet").
        shared = bytes_memo("shared_x", SHARED_X_MEMO_BYTES)
        kept = shared.get((info.name, info.version))
        if kept is not None:
            [groups] = kept
        else:
            try:
                version, groups = look()
            except StoreError:
                groups = None
            else:
                shared.put((info.name, version), (groups,))
    charts = []
    for column in numbers:
        if column == x:
            charts.append(PageChart(column, {"kind": "hist", "y": column}))
        elif groups is not None and groups.column is not None:
            charts.extend(PageChart(column, {"y": column, "title": split_title(groups.column, value)},
                                    ((groups.column, value),)) for value in groups.values)
        elif groups is not None:
            charts.append(PageChart(column, {"kind": "scatter", "y": column}))
        else:
            charts.append(PageChart(column, {"y": column}))
    return charts


def page_chart_request(info: DatasetInfo, chart: PageChart, size: Mapping[str, str] | None = None) -> ChartRequest:
    """What `chart` draws, as its URL asks for it (`size`: its width and height, where not the
    chart's own, as `page_chart_src` takes them); raises SpecError."""
    request = chart_of_dataset(info, {name: [value] for name, value in chart.sized_fields(size).items()})
    if not chart.filters:
        return request
    filters = {FILTER_PREFIX + column: [value] for column, value in chart.filters}
    return with_selection(request, dataset_query(info, filters), clock_now())


def page_chart_src(info: DatasetInfo, chart: PageChart, size: Mapping[str, str] | None = None,
                   extension: str = "svg") -> str:
    """The image URL of `chart`, one of the charts of the page of the dataset `info` describes, as an
    SVG or the format `extension` names (`size`: its width and height, and a PNG's scale, where not the
    chart's own)."""
    return chart_url("charts.plot_file", chart.sized_fields(size), info.version,
                     [(FILTER_PREFIX + column, value) for column, value in chart.filters], dataset=info.name,
                     fmt=extension)
