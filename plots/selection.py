"""Which rows a chart draws: a time range and values of text columns, chosen before it is shaped.

A `SelectionQuery` is what a URL asks (`from=now-7d&filter.station=North`), for any dataset; a
`Selection` is what that means for one dataset: the time column it narrows, the range as moments
and the filters on columns the dataset has. `select_rows` applies a Selection to a frame before
`chart_frame` shapes it, so a store that holds the rows elsewhere can turn the same value into a
WHERE clause instead.
"""
from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime

import pandas as pd

from .field_values import check_text
from .kind import kind_of
from .refusals import Checks
from .rows import Mark, mark_of, with_mark, with_rows_without_x
from .spec import ChartSpec, SpecError
from .text import line_feeds, looking_like
from .timerange import RANGE_PARAMS, TimeRange, parse_range
from .value_text import moment_text

FILTER_PREFIX = "filter."
# Characters in one filter value: the most a stored text value holds (the csv module's field size
# limit, which every upload and every export of a stored dataset passes through). A filter value is
# any text a column may hold, whatever characters it has: it is matched, never drawn as it is (a value
# is shown through `shown_value`, its hidden characters escaped), so it needs no rule of its own.
MAX_FILTER_VALUE = 131_072
MAX_FILTER_COLUMN = 200  # characters in the column name of a `filter.<column>`


def choosable(value: str) -> bool:
    """Whether a filter value can be asked for: a blank one (an empty form field, as the "All"
    option sends) asks for nothing, so a text of only white space cannot be chosen."""
    return bool(value.strip())


def is_selection_param(name: str) -> bool:
    """Whether a query parameter chooses rows (from, to, filter.<column>) rather than drawing."""
    return name in RANGE_PARAMS or name.startswith(FILTER_PREFIX)


@dataclass(frozen=True)
class Selection:
    """The rows one chart draws: `time_column` within [start, end] (naive UTC, as the stores keep
    moments) and each filter's column holding one of its values. Empty, it selects every row. Its
    fields are its identity (a cache key)."""

    time_column: str | None = None
    start: datetime | None = None
    end: datetime | None = None
    filters: tuple[tuple[str, tuple[str, ...]], ...] = ()  # (column, values), sorted

    @property
    def empty(self) -> bool:
        """Whether every row is selected."""
        return self.time_column is None and not self.filters

    def columns(self) -> tuple[str, ...]:
        """The columns the selection reads."""
        time = (self.time_column,) if self.time_column else ()
        return time + tuple(column for column, _ in self.filters if column != self.time_column)

    def key(self) -> tuple:
        """A hashable identity of the rows chosen."""
        return (self.time_column, self.start, self.end, self.filters)

    def as_dict(self) -> dict:
        """The selection as JSON-ready values (moments as ISO text in UTC, with a Z as the rows have:
        JavaScript's Date would read them as local time without it; `value_text.moment_text`)."""
        return {
            "time_column": self.time_column,
            "from": moment_text(self.start) if self.start else None,
            "to": moment_text(self.end) if self.end else None,
            "filters": {column: list(values) for column, values in self.filters},
        }


NO_SELECTION = Selection()

# The mark (in a frame's `attrs`, which travel with it to a render worker) of rows a non-empty
# selection chose, and by what: a chart of none of them says what left none (in this range, for
# this filter), not that there are none.
SELECTED_KEY = "svgplots.selected"
# What a selection chooses rows by, as the mark records it: its time range, and one filter or several.
BY_RANGE, BY_FILTER, BY_FILTERS = "range", "filter", "filters"


def by_filters(count: int) -> tuple[str, ...]:
    """What `count` filters choose rows by, as the mark records it: nothing, a filter or filters."""
    return () if not count else (BY_FILTER,) if count == 1 else (BY_FILTERS,)


@dataclass(frozen=True)
class Selected(Mark):
    """What a non-empty selection chose a frame's rows by (`mark_selected`): a record, never changed,
    that the frames and columns taken from it share rather than copy."""

    by: tuple[str, ...]


def mark_selected(frame: pd.DataFrame, by: tuple[str, ...]) -> pd.DataFrame:
    """`frame`, marked as rows a non-empty selection chose `by` its range and filters (of
    BY_RANGE, BY_FILTER, BY_FILTERS; a store that chose them elsewhere marks them too). Where
    it chose none, `by` is what left none, where that is known: the range alone, say."""
    return with_mark(frame, SELECTED_KEY, Selected(tuple(by)))


def chosen_by(frame: pd.DataFrame) -> tuple[str, ...]:
    """What a selection chose the rows of `frame` by (`mark_selected`); empty when none narrowed them."""
    selected = mark_of(frame, SELECTED_KEY, Selected)
    return () if selected is None else selected.by


# The mark of rows a time range over a column other than the chart's x chose none of where none of
# the rows its filters chose has a time there: the column, which the chart names ("No rows have a
# when"), not the range, as though rows had times outside it.
UNTIMED_KEY = "svgplots.untimed"


def mark_untimed(frame: pd.DataFrame, column: str) -> pd.DataFrame:
    """`frame`, marked as rows a range over `column` chose none of, none of those its filters chose
    holding a time there (`untimed_column`)."""
    return with_mark(frame, UNTIMED_KEY, column)


def untimed_column(frame: pd.DataFrame) -> str | None:
    """The column a range chose rows of `frame` by where none of the rows held a time there
    (`mark_untimed`); None otherwise."""
    return mark_of(frame, UNTIMED_KEY, str)


def carry_selection_mark(source: pd.DataFrame, shaped: pd.DataFrame) -> pd.DataFrame:
    """`shaped`, marked as chosen by a selection as the frame it was shaped from was."""
    by, untimed = chosen_by(source), untimed_column(source)
    if untimed is not None:
        mark_untimed(shaped, untimed)
    return mark_selected(shaped, by) if by else shaped


def select_rows(selection: Selection, frame: pd.DataFrame, spec: ChartSpec | None) -> pd.DataFrame:
    """The rows of `frame` that `selection` chooses for a chart of `spec` (None: rows for no chart),
    all of them when it is empty.

    A row without a time is outside every range; one without a value matches no filter. The rows
    chosen are marked so (`mark_selected`), by what left none where none are: the range alone or
    the filters alone where either leaves none by itself, else both together; a range over another
    column than x where none of the rows the filters chose has a time there, with that column too
    (`mark_untimed`). Rows chosen none of
    which has an x, the column the chart places its rows by, name nothing: they have no place on
    the chart whatever chose them, and it says "No rows to draw", as it does of them unchosen. So
    does a range over x that left out no row of the filters' holding an x where the filters chose
    rows; where they chose none, they alone are named. Under a range over x, whatever it left, the
    rows the filters chose without an x are counted as left out for having no x
    (`with_rows_without_x`), as they are without the range.
    """
    if selection.empty:
        return frame
    x = marks_key(spec)
    in_range = pd.Series(True, index=frame.index)
    if selection.time_column is not None:
        times = frame[selection.time_column]
        if selection.start is not None:
            in_range &= times >= pd.Timestamp(selection.start)
        if selection.end is not None:
            in_range &= times <= pd.Timestamp(selection.end)
    matching = pd.Series(True, index=frame.index)
    for column, values in selection.filters:
        matching &= frame[column].isin(values)
    keep = in_range & matching
    ranged = (BY_RANGE,) if selection.time_column is not None else ()
    by = ranged + by_filters(len(selection.filters))
    if ranged and selection.filters and not keep.any():
        by = ranged if not in_range.any() else by_filters(len(selection.filters)) if not matching.any() else by
    without_x = 0
    if x is not None and x in frame.columns:
        if keep.any() and not (keep & frame[x].notna()).any():
            by = ()
        elif ranged and x == selection.time_column and not keep.any() and not (matching & frame[x].notna()).any():
            by = () if matching.any() else by_filters(len(selection.filters))
        if ranged and x == selection.time_column:
            # A range over x chooses no row without an x: those the filters chose are counted as left
            # out for having no x, as the chart without the range counts them.
            without_x = int((matching & frame[x].isna()).sum())
    chosen = with_rows_without_x(mark_selected(frame[keep], by), without_x)
    if ranged and x != selection.time_column and not keep.any() and matching.any() and not (
            matching & frame[selection.time_column].notna()).any():
        mark_selected(mark_untimed(chosen, selection.time_column), ranged + by_filters(len(selection.filters)))
    return chosen


def marks_key(spec: ChartSpec | None) -> str | None:
    """What of `spec` the rows `select_rows` chooses for it, and its marks, depend on: the column the
    chart places its rows by (None where it places them by none), whose values say whether the rows
    chosen have a place on it. Charts of a dataset alike in that share the rows one selection chose
    (`app/store/chosen_rows.py`)."""
    return spec.x if spec is not None and kind_of(spec).uses_x else None


def time_column_of(columns: Mapping[str, str], x: str | None, preferred: str | None = None) -> str | None:
    """The column a time range narrows: x when it holds dates, else `preferred` when the dataset has
    it as dates, else the first date column; None when the dataset has no dates."""
    if x is not None and columns.get(x) == "datetime":
        return x
    if preferred is not None and columns.get(preferred) == "datetime":
        return preferred
    return next((name for name, kind in columns.items() if kind == "datetime"), None)


@dataclass(frozen=True)
class SelectionQuery:
    """The rows a URL asks for, for any dataset: a time range (maybe relative to now) and the values
    wanted per text column, in the order given. `time_column` is the column to prefer for the range
    when x holds no dates (a dashboard may name one).

    As parsed, a filter whose values were all blank (`filter.station=`) is there with none: it asks
    for no rows, but its column is still one to check; a checked query holds none such."""

    range: TimeRange = TimeRange()
    filters: tuple[tuple[str, tuple[str, ...]], ...] = ()
    time_column: str | None = None

    @property
    def active(self) -> bool:
        """Whether the query leaves any row out."""
        return self.range.bounded or bool(self.filters)

    def resolved(self, now: datetime, at_least: str | None = None) -> SelectionQuery:
        """The same query with its range as moments at `now` (a relative bound taken to `at_least`
        that unit: `TimeRange.stepped`); raises SpecError when from is after to."""
        if not self.range.relative:
            self.range.resolved(now)  # checks the order of the bounds
            return self
        return SelectionQuery(self.range.resolved(now, at_least), self.filters, self.time_column)

    def selection_for(self, columns: Mapping[str, str], x: str | None) -> Selection:
        """What the query means for a dataset of `columns` (name -> type) drawn along `x`.

        The range applies to the dataset's time column (`time_column_of`) and each filter to a
        text column of that name; the parts the dataset cannot take are left out (`range_left_out`,
        `filters_left_out`). The range must be resolved first.
        """
        if self.range.relative:
            raise ValueError("resolve the range against a clock before applying it")
        time_column = start = end = None
        if self.range.bounded:
            time_column = time_column_of(columns, x, self.time_column)
            if time_column is not None:
                start = self.range.start.moment if self.range.start else None
                end = self.range.end.moment if self.range.end else None
        # A filter's column as the dataset spells it: written in another Unicode form (é as e and U+0301)
        # by another dataset of its dashboard, it is the same column (`looking_like`), as an x or y is.
        texts = [name for name, kind in columns.items() if kind == "text"]
        chosen: dict[str, set[str]] = {}
        for column, values in self.filters:
            named = looking_like(column, texts)
            if named is not None:
                chosen.setdefault(named, set()).update(values)
        filters = tuple(sorted((column, tuple(sorted(values))) for column, values in chosen.items()))
        return Selection(time_column, start, end, filters)

    def range_left_out(self, selection: Selection) -> bool:
        """Whether the query's time range could not apply to `selection`: its dataset has no time column."""
        return self.range.bounded and selection.time_column is None

    def filters_left_out(self, selection: Selection) -> tuple[str, ...]:
        """The columns of the query's filters that `selection` could not apply (its dataset lacks them);
        apart from the range (`range_left_out`), as a text column may be named "range"."""
        applied = [column for column, _ in selection.filters]
        return tuple(column for column, _ in self.filters if looking_like(column, applied) is None)

    def params(self, default: TimeRange = TimeRange()) -> list[tuple[str, str]]:
        """The query parameters that ask for this query over a `default` range: a bound equal to the
        default's is left out, and a bound the default has but this query has not is blank."""
        out = []
        for name, bound, default_bound in zip(RANGE_PARAMS, (self.range.start, self.range.end),
                                              (default.start, default.end)):
            if bound != default_bound:
                out.append((name, bound.text if bound is not None else ""))
        out += [(FILTER_PREFIX + column, value) for column, values in self.filters for value in values]
        return out


def filter_value(name: str, value: str) -> str:
    """`value` of the parameter `name` (`filter.<column>`) as a filter value: any text a stored value
    may hold, so a value the site offers or draws can be chosen, but for NUL, which no database's text
    holds, and one longer than the longest a stored value is; raises SpecError saying so."""
    if "\0" in value:
        raise SpecError(f"{name} contains the character U+0000 (NULL), which no text value holds", name)
    if len(value) > MAX_FILTER_VALUE:
        raise SpecError(f"{name} must be at most {MAX_FILTER_VALUE:,} characters (the longest text value a dataset "
                        f"holds), got {len(value):,}", name)
    return value


def parse_selection_query(fields: Mapping[str, list[str]], default: TimeRange = TimeRange(),
                          time_column: str | None = None) -> SelectionQuery:
    """The selection parameters of a query string (name -> values): `from`, `to` (over `default`)
    and `filter.<column>` (repeated: rows holding any of the values; blank values are ignored, and
    a column given only blank ones is kept with no values, for the caller to check it). A value's
    CRLF and lone CR are read as LF, as titles are: a browser sends a line break in a select's
    option as CRLF.

    Raises SpecError naming each malformed parameter at once; whether the columns and values exist is
    for the caller to check, against what the dataset or dashboard holds.
    """
    checks = Checks(fields)
    time = TimeRange()
    with checks.check():
        time = parse_range({name: list(values) for name, values in fields.items() if name in RANGE_PARAMS}, default)
    filters: dict[str, list[str]] = {}
    for name, values in fields.items():
        if name.startswith(FILTER_PREFIX):
            with checks.check():
                column, chosen = _filter_read(name, values)
                filters[column] = chosen
    checks.tell()
    return SelectionQuery(time, tuple((c, tuple(v)) for c, v in filters.items()), time_column)


def _filter_read(name: str, values: list[str]) -> tuple[str, list[str]]:
    """The column a `filter.<column>` parameter `name` names and the values it chooses (`values`, but
    blank ones, each once); raises SpecError for a name without a column, or a malformed one or value."""
    column = name[len(FILTER_PREFIX):]
    if not column:
        raise SpecError(f"{name} names no column; write filter.<column>=<value>, e.g. filter.station=North", name)
    check_text(name, column, MAX_FILTER_COLUMN)
    chosen: list[str] = []
    for value in values:
        value = filter_value(name, line_feeds(value))
        if choosable(value) and value not in chosen:
            chosen.append(value)
    return column, chosen
