"""Long rows drawn as one series per value of a text column (`series=region`): the checks of the field,
and the rows read for it set side by side, one column per value, as a wide table holds them.

A chart of `y=sales&series=region` over rows `day, region, sales` draws what a chart of the columns
`East, West …` draws over the same rows pivoted by hand: the split is made once, on the rows read
(`split_rows`), and the chart is then drawn, worded and written out as that wide chart
(`drawn_spec`), whatever the kind, the resample or the bounds.

The values are the series' names, sorted as text (code points), the first `max_series` drawn: an
append that adds rows keeps each series' place, and its colour, as long as it adds no value sorted
before it. A row without a value of the column (empty, NULL) belongs to no series and is left out.
"""
from __future__ import annotations

import dataclasses
from collections.abc import Mapping
from dataclasses import dataclass
from urllib.parse import quote

import numpy as np
import pandas as pd

from .kind import CHART_KINDS, Kind
from .rows import Mark, drawn_of, mark_of, with_mark
from .selection import mark_selected
from .spec import ChartSpec, Limits, SpecError, listed
from .text import names_counted, quoted_name
from .values_titles import change_since, combined_by, values_title

# Where the rows set side by side carry the values they were split by (`SeriesSplit`).
SPLIT_KEY = "svgplots.series_split"


@dataclass(frozen=True)
class SeriesSplit(Mark):
    """The values of the column `column` a chart's rows were split by (`drawn`, in their order), those
    past the cap (`cap`) left out (`left_out`, and `more` of them not named: a database names the
    first few), how many rows held no value of it, the y column split (`measure`), which the words
    name, and how many rows of the series drawn were set side by side (`rows`; None: not counted)."""

    column: str
    drawn: tuple[str, ...]
    left_out: tuple[str, ...]
    cap: int
    without: int
    more: int = 0
    measure: str = ""
    rows: int | None = None


def series_refused(spec: ChartSpec, columns: Mapping[str, str]) -> SpecError | None:
    """The error for a `series` that cannot split the chart: a column that holds no text, the x or
    the y column itself, or a y of more than one column; None where it can (or where none is asked).
    The x of a kind that places no rows by x (a histogram's, a box plot's: the dataset's first column
    by default) is not used, and may be the series column."""
    if spec.series is None:
        return None
    column = spec.series
    kind = CHART_KINDS.get(spec.kind)
    x_used = kind is None or kind.uses_x
    if column == spec.x and x_used or column in spec.y:
        role = "x" if column == spec.x and x_used else "y"
        return SpecError(f"series={column} is the chart's {role} column; series names another text column, whose "
                         f"values name the series drawn of y", "series")
    if columns.get(column) != "text":
        texts = [quoted_name(name) for name, type_ in columns.items() if type_ == "text" and name != spec.x]
        takes = f"the text columns are {listed(texts)}" if texts else "this dataset has no other text column"
        return SpecError(f"series takes a text column, whose values name the series, and "
                         f"{quoted_name(column)} holds {_held(columns.get(column))}; {takes}", "series")
    if len(spec.y) != 1:
        return SpecError(f"series splits one y column into a series per value of {quoted_name(column)}, and y names "
                         f"{len(spec.y)}: {listed([quoted_name(name) for name in spec.y])}; name one of them", "series")
    return None


def _held(type_: str | None) -> str:
    """What a column of the site's type `type_` holds, in words."""
    return {"datetime": "dates", "integer": "numbers", "float": "numbers"}.get(type_ or "", "no text")


def split_rows(spec: ChartSpec, frame: pd.DataFrame, limits: Limits, found: SeriesSplit | None = None) -> pd.DataFrame:
    """`frame`, rows of `spec`'s x, y and series columns, set side by side: x, then a column per value
    of the series column holding its rows' y, as a wide table holds them (rows of one x given more
    than once in a series, the n-th of each series on one row). `found`: the values a database found
    (`pushdown_series`), else those of `frame`. `frame` as it is where the spec splits nothing or it
    was split already; no rows, marked with the split (`SPLIT_KEY`), where it finds no series, drawn as
    the chart of y unsplit."""
    if spec.series is None or mark_of(frame, SPLIT_KEY, SeriesSplit) is not None or spec.series not in frame:
        return frame
    column, measure = spec.series, spec.y[0]
    names = frame[column]
    present = names.notna().to_numpy() & (names.astype(str).str.strip() != "").to_numpy()
    if found is None:
        values = sorted({str(value) for value in names[present]})
        found = SeriesSplit(column, tuple(values[:limits.max_series]), tuple(values[limits.max_series:]),
                            limits.max_series, int(len(frame) - present.sum()), measure=measure)
    if not found.drawn:  # no series to set side by side: the rows of none, drawn as the chart of y unsplit
        none = with_mark(frame.iloc[:0], SPLIT_KEY, found)
        # Rows chosen, none of them of a series: no range or filter left none, and none is named.
        return mark_selected(none, ()) if len(frame) else none
    x = split_x(spec) if spec.x in frame.columns else None
    drawn = present & names.astype(str).isin(found.drawn).to_numpy()
    wide = side_by_side(frame.loc[drawn], x, column, measure, found.drawn)
    wide.attrs.update(frame.attrs)
    return with_mark(wide, SPLIT_KEY, dataclasses.replace(found, rows=int(drawn.sum())))


def split_x(spec: ChartSpec) -> str | None:
    """The column a split chart's wide table is set by (`side_by_side`): its x, but none where x is the
    series column, or the y column split by a kind that places no rows by x, as a histogram's or a box
    plot's own x, the dataset's first column, may be: a wide table of those columns pivoted by hand has
    no such x either. A line's x that is its y sets each value's row, as it places it."""
    kind = CHART_KINDS.get(spec.kind)
    placed = kind is not None and kind.uses_x
    return spec.x if spec.x != spec.series and (placed or spec.x not in spec.y[:1]) else None


def series_names(values: tuple[str, ...], x: str | None, column: str) -> tuple[str, ...]:
    """The names the series of `values` go by (columns, legend, words): each value, but one that is the
    x column's name, which is named with the series column after it, "day (region)", to be told from x."""
    names = []
    for value in values:
        name = value
        while name == x or name in values and name != value:
            name = f"{name} ({column})"
        names.append(name)
    return tuple(names)


def side_by_side(rows: pd.DataFrame, x: str | None, column: str, measure: str, drawn: tuple[str, ...]) -> pd.DataFrame:
    """`rows` of x (None: none), `column` and `measure` as x, then a column per value of `drawn` holding
    the measure of its rows: one row per x and n-th row of that x in a series, in the order they first
    come; a whole-number measure stays whole in a column that misses no cell."""
    series = rows[column].astype(str)
    keys = [rows[x]] if x is not None else []
    nth = pd.Series(np.zeros(len(rows), dtype=np.int64), index=rows.index)
    nth = nth.groupby([*keys, series], sort=False, dropna=False).cumcount()
    codes, uniques = pd.factorize(pd.MultiIndex.from_arrays([*keys, nth]) if keys else nth, sort=False)
    wide = pd.DataFrame({x: uniques.get_level_values(0)}) if x is not None else pd.DataFrame(index=range(len(uniques)))
    measured = rows[measure].to_numpy()
    for value, name in zip(drawn, series_names(drawn, x, column)):
        held = (series == value).to_numpy()
        cells = np.full(len(uniques), np.nan)
        cells[codes[held]] = measured[held]
        whole = pd.api.types.is_integer_dtype(rows[measure]) and held.sum() == len(uniques)
        wide[name] = pd.Series(cells).astype(rows[measure].dtype) if whole else cells
    return wide


def drawn_spec(spec: ChartSpec, frame: pd.DataFrame) -> ChartSpec:
    """The spec of the wide chart `spec` draws of `frame` (rows `split_rows` set side by side): its y
    the values, its value axis titled by the y split (unless titled; "sum of sales" where rows were
    combined, as a chart of that one column titles it; of stacked shares, as the wide chart's), the
    series column titling a box plot's series, and a legend naming even one series. `spec` as it is where it splits nothing; where
    it found no series among its rows (a range or filters choosing none), the chart of its y unsplit,
    which draws none of them as that chart draws an empty range."""
    split = mark_of(frame, SPLIT_KEY, SeriesSplit)
    if spec.series is None or split is None:
        return spec
    if not split.drawn:
        return dataclasses.replace(spec, series=None)
    kind: Kind | None = CHART_KINDS.get(spec.kind)
    titles = {"xlabel": spec.xlabel, "ylabel": spec.ylabel}
    # Said as the value axis of one column says it: "mean of sales" where rows were combined.
    measure = values_title(spec, combined_by(spec, frame), spec.y[0], change_since(frame))
    # Stacked shares (`stacking.is_stacked`) are no amounts of y: left untitled, the value axis is titled
    # as the wide chart's, by what the stacks' heights are ("percent of each total").
    shares = spec.stack == "percent" and len(split.drawn) > 1
    if kind is not None:
        axes = ("values", "counts") if kind.values_on_x else ("series", "values") if not kind.uses_x else (
            "rows", "values")  # barh's ylabel titles its values too, across
        for axis, content in zip(titles, axes):
            if titles[axis] is None and content == "values" and not shares:
                titles[axis] = measure
            elif titles[axis] is None and content == "series":
                titles[axis] = spec.series
    legend = spec.legend if spec.legend is not None or kind is None or not kind.legend else True
    return dataclasses.replace(spec, y=series_names(split.drawn, split_x(spec), split.column), series=None,
                               legend=legend, **titles)


def table_heads(spec: ChartSpec, frame: pd.DataFrame, heads: list[str]) -> list[str]:
    """The heads a page's table of a split chart's rows (`frame`, the wide table it draws) gives its
    columns, named `heads` in its data (`plots.data.data_columns`): each series as the legend names it,
    with what its values are after it where rows were combined or run, "Airport (mean of
    temperature_c)", where its data names it "mean of Airport" as a wide chart's would, which reads
    as a mean of a column Airport. `heads` as they are where `spec` splits nothing."""
    split = split_of(frame)
    if spec.series is None or split is None:
        return heads
    named = set(series_names(split.drawn, split_x(spec), split.column))
    measure = values_title(spec, combined_by(spec, frame), spec.y[0], change_since(frame))
    return [f"{name} ({measure})" if name in named and head != name else head
            for name, head in zip(frame.columns, heads)]


def split_rows_drawn(spec: ChartSpec, data: pd.DataFrame) -> int | None:
    """How many rows a split histogram or box plot of `data` draws, as the chart of its y unsplit counts
    them, where the wide table's rows (one an x) are no rows of its values: a histogram's, the values its
    bins count (a database's counts per bin added up); a box plot's, the rows of the series drawn, as
    set side by side. None for other kinds, a chart split by nothing, and a histogram of no values,
    whose rows chosen are counted as every chart's are."""
    split = mark_of(data, SPLIT_KEY, SeriesSplit)
    kind = CHART_KINDS.get(spec.kind)
    if split is None or not split.drawn or kind is None or kind.uses_x:
        return None
    if kind.x_axis == "values":
        columns = data[[name for name in spec.y if name in data.columns]]
        counted = int(columns.sum().sum()) if getattr(drawn_of(data), "bins", None) is not None else int(
            columns.notna().sum().sum())
        return counted or None
    return split.rows


def split_words(data: pd.DataFrame) -> str | None:
    """What a split chart's words say of the values its cap leaves out and of the rows of no value,
    or None where it leaves none out."""
    split = mark_of(data, SPLIT_KEY, SeriesSplit)
    if split is None:
        return None
    said = []
    if split.left_out:
        count = len(split.left_out) + split.more
        shown = names_counted(split.left_out, count)  # the first few named, the others counted
        one = count == 1
        said.append(f"{count} more {'value' if one else 'values'} of {split.column} {'is' if one else 'are'} not "
                     f"drawn, as at most {split.cap} series are: {listed(shown)}; choose the values to draw with "
                     f"filter.{quote(split.column, safe='')}")
    if split.without:
        rows = "row has" if split.without == 1 else "rows have"
        said.append(f"{split.without:,} {rows} no {split.column} and {'is' if split.without == 1 else 'are'} "
                    f"in no series")
    return ". ".join(said) if said else None


def split_of(frame: pd.DataFrame) -> SeriesSplit | None:
    """The values `frame`'s rows were split by (`split_rows`), or None where they were not."""
    return mark_of(frame, SPLIT_KEY, SeriesSplit)


def is_split(frame: pd.DataFrame) -> bool:
    """Whether `frame` holds rows a split set side by side (`split_rows`)."""
    return mark_of(frame, SPLIT_KEY, SeriesSplit) is not None


def own_rows(frame: pd.DataFrame, name: str, series: tuple[str, ...]) -> pd.DataFrame:
    """The rows of a split chart's `frame` a line of the series `name` joins: those holding a value of
    it, and those holding no value of any of `series` (a break: a gap). A series without a row at an
    x where another has one joins its rows either side, as a line of its rows alone does, where a wide
    table's empty cell breaks a line. Not asked of a resampled chart's periods, which are every
    series' alike: a period empty of one breaks its line (`line_kinds`)."""
    keep = frame[name].notna().to_numpy() | frame[list(series)].isna().all(axis=1).to_numpy()
    return frame if keep.all() else frame.loc[keep]
