"""ChartSpec: what to draw, parsed once from a query string or a dashboard entry.

The spec's fields, the values they allow and the limits on them, and SpecError with the wording of
its messages. `spec_parser.parse_spec` builds a spec: each field read by `field_values`, then the
fields checked together by `spec_checks`.
"""
from __future__ import annotations

import ast
import dataclasses
import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING, Any

from .counted_rows import dataset_y
from .kind import CHART_KINDS, Kind, kind_names

if TYPE_CHECKING:
    from .line_gaps import Gap
    from .reference_lines import RefLine
from .text import SHOWN_CHARACTERS, quoted

THEMES = ("light", "dark", "auto", "print")
# How the value axis is drawn: evenly (the default) or on a base-10 log scale (`log_axis`).
YSCALES = ("linear", "log")
TEXT_MODES = ("font", "path")
AGGREGATES = ("mean", "sum", "min", "max", "median", "count")
# Shortest step first: a bar chart with too many categories suggests the steps after its own.
RESAMPLE_RULES = {"hour": "h", "day": "D", "week": "W-MON", "month": "MS", "quarter": "QS", "year": "YS"}
# The value asking a field for none of what it adds, in any case, undoing a base spec's: no resample,
# gap, top, split, rolling mean, percent change or reference line (`unset_value`), no stack or sort.
NONE_WORD = "none"
NO_RESAMPLE = NONE_WORD
# How a bar, barh or area chart's series stand (`stacking`): apart, stacked, or stacked as shares of each x's total.
STACKS = (NONE_WORD, "stacked", "percent")
# A line's values as they are, or as their percent change since the first drawn (`percent_change`).
PERCENT_CHANGE = "percent"
CHANGES = (NONE_WORD, PERCENT_CHANGE)
# The value of a bound (xmin …) or of legend that undoes a base spec's: fit the data, show the
# legend for more than one series. A blank value keeps the base's, but for the free texts (title,
# xlabel, ylabel), where it asks for no text.
AUTO = "auto"
BOUNDS = ("xmin", "xmax", "ymin", "ymax")
# The fields that take a date (when x holds dates): a dashboard file may write one as a TOML date.
DATE_FIELDS = ("xmin", "xmax")

# The column types (as the store reports them) that hold numbers.
NUMERIC_TYPES = ("integer", "float")
# A value as a message quotes it, its repr: in single or double quotes, with backslash escapes. An
# apostrophe after a letter (the dashboard's page) starts none.
QUOTED = re.compile(r"""(?<!\w)(?:'(?:[^'\\\n]|\\.)*'|"(?:[^"\\\n]|\\.)*")""")


def short_quotes(message: str, field: str | None = None, limit: int = SHOWN_CHARACTERS) -> str:
    """`message` with each value it quotes (`QUOTED`) over `limit` characters cut as `quoted` cuts it,
    and the name of the `field` it is about, which it names unquoted, cut to `limit` characters and "…".

    SpecError's messages quote the values they refuse in Python's quotes (`quoted`, `listed_value`:
    got 'x'), in plots and in the app alike, and start with the parameter's name, which a URL chooses too (filter.<column>): cut
    here, each is cut once, whatever builds the message.
    """
    if len(message) <= limit:  # nothing it names can be longer
        return message

    def cut(found: re.Match[str]) -> str:
        text = found.group()
        if len(text) <= limit + 3:  # the quotes, and a "…" it was cut with already
            return text
        try:
            value = ast.literal_eval(text)
        except (ValueError, SyntaxError):
            return text
        if not isinstance(value, str) or len(value) <= limit + 1:
            # Short enough, or cut already (`quoted_cut`): quoted as written, a column's name escaped
            # apart from one it looks like ('cafe\u0301', `quoted_name`), which `quoted` would not.
            return text
        return quoted(value, limit)

    message = QUOTED.sub(cut, message)
    if field is not None and len(field) > limit:
        message = message.replace(field, field[:limit] + "…")
    return message


class SpecError(ValueError):
    """A chart request that cannot be drawn; the message says what and what is allowed.

    A value the message quotes, and the field's name, are cut to SHOWN_CHARACTERS (`short_quotes`).
    """

    def __init__(self, message: str, field: str | None = None, status: int = 400):
        message = short_quotes(message, field)
        super().__init__(message)
        self.message = message
        self.field = field
        self.status = status

    def __reduce__(self):
        # Keep field and status when the error crosses a process boundary (render workers).
        return (type(self), (self.message, self.field, self.status))


# What a column refused for holding text was wanted to hold (`TextColumnRefused`).
NUMBERS, DATES, NUMBERS_OR_DATES = "numbers", "dates", "numbers or dates"


class TextColumnRefused(SpecError):
    """A text column refused where `wanted` (NUMBERS, DATES or NUMBERS_OR_DATES) are: the message is
    `problem` then `rest`, and whoever can read the column's cells names the first that is none
    between them (`naming`), as the spec's checks see its columns' types only."""

    def __init__(self, problem: str, rest: str, field: str | None, column: str, wanted: str):
        super().__init__(problem + rest, field)
        self.problem, self.rest, self.column, self.wanted = problem, rest, column, wanted

    def __reduce__(self):
        return (type(self), (self.problem, self.rest, self.field, self.column, self.wanted))

    def naming(self, cell: str | None) -> SpecError:
        """The refusal with `cell`, words naming the column's first cell that is not wanted (None: as it is)."""
        if cell is None:
            return self
        return SpecError(f"{self.problem}: {cell}{self.rest}", self.field, self.status)


@dataclass(frozen=True)
class Limits:
    """Bounds on what one chart may ask for; the app may tighten or loosen them."""

    min_size: int = 100
    max_size: int = 2000
    max_series: int = 20
    max_title: int = 200
    max_label: int = 100
    max_bins: int = 200
    max_categories: int = 100
    # Values one chart may draw (rows × series): dense scatters are rasterised and long lines
    # thinned per pixel, but the data still has to be read, shipped and binned.
    max_points: int = 5_000_000
    # Periods one resample may make: sum and count make one for every period from the first row to
    # the last, rows or none, so a row dated 9999-12-31 ("no end") would make millions of days.
    max_periods: int = 100_000
    min_scale: int = 1
    max_scale: int = 3


DEFAULT_LIMITS = Limits()


@dataclass(frozen=True)
class ChartSpec:
    """A validated chart request: every field has a legal value."""

    kind: str = "line"
    x: str | None = None
    y: tuple[str, ...] = ()
    title: str = ""
    xlabel: str | None = None
    ylabel: str | None = None
    width: int = 640
    height: int = 360
    theme: str = "light"
    xmin: float | datetime | None = None
    xmax: float | datetime | None = None
    ymin: float | None = None
    ymax: float | None = None
    legend: bool | None = None
    text: str = "font"
    bins: int = 20
    resample: str | None = None
    agg: str = "mean"
    yscale: str = "linear"
    # Where x holds dates, a duration; a number where it holds numbers (`line_gaps`): None joins every row.
    gap: Gap | None = None
    stack: str = NONE_WORD
    sort: str = NONE_WORD  # a bar chart's categories by value or x (`bar_order`), the first `top` of them drawn
    top: int | None = None
    series: str | None = None  # a text column: one series of y per value (`series_split`)
    rolling: int | None = None  # a line's values as the mean of each and those before (`running_values`)
    cumulative: bool = False  # a line's values as the sum of each and all before it (`running_values`)
    change: str = NONE_WORD  # a line's values as their percent change since the first drawn (`percent_change`)
    yline: tuple[RefLine, ...] = ()
    xline: tuple[RefLine, ...] = ()

    def columns(self) -> tuple[str, ...]:
        """The dataset columns this chart reads, x first."""
        cols = (self.x,) if self.x else ()  # a count of rows reads none (`counted_rows`)
        return cols + tuple(c for c in (*dataset_y(self), *filter(None, [self.series])) if c != self.x)

    def show_legend(self) -> bool:
        """Whether to draw a legend: as asked, else when there is more than one series."""
        return len(self.y) > 1 if self.legend is None else self.legend

    def to_query(self, defaults: "ChartSpec | None" = None) -> dict[str, str]:
        """The query parameters that rebuild this spec over `defaults` (fields equal to it are left out)."""
        # The labels `defaults` gives this chart (moved to another kind's axes, dropped for another x
        # or y: `labels_for_chart`) are rebuilt by parse_spec: a query that names them pins them.
        base = labels_for_chart(defaults, self) if defaults else ChartSpec()
        out: dict[str, str] = {}
        for f in dataclasses.fields(self):
            value = getattr(self, f.name)
            if value == getattr(base, f.name):
                continue
            out[f.name] = unset_value(f.name) if value in (None, ()) else format_value(value)
        return out

    def key(self) -> tuple:
        """A hashable identity of everything that changes the drawing, made once per spec."""
        # A spec is frozen, and every field is immutable (text, numbers, datetimes, a tuple of names):
        # the identity made once holds for its life. A page asks it of each chart a hundred times or
        # so (the memos of its rows, words and image), each time a tuple of every field otherwise.
        # Kept in the instance's own dict, which neither its fields nor its equality read.
        kept = self.__dict__.get(_KEY)
        if kept is None:
            kept = tuple(getattr(self, name) for name in FIELDS)
            object.__setattr__(self, _KEY, kept)
        return kept


def _axis_contents(kind: Kind) -> tuple[str, str]:
    """What xlabel and ylabel title under `kind`: the values (the y columns'; a barh's across, as its
    ymin and yscale), the rows placed along x, a histogram's counts or a box plot's series."""
    if kind.values_on_x:
        return "values", "counts"
    if not kind.uses_x:
        return "series", "values"
    return "rows", "values"  # barh's too: its xlabel titles its categories down the side, as x names them


def labels_for_chart(base: ChartSpec, chart: ChartSpec) -> ChartSpec:
    """`base` with its xlabel and ylabel as they title `chart`: moved to the axes that hold what they
    title under `chart`'s kind (a line's ylabel titles its values, which a histogram has
    across), and dropped (None: the axis' default title, its column's name) where no axis holds it (a
    line's xlabel on a histogram) or where `chart` holds something else there: the title of the rows
    placed along x once x is another column or its rows are resampled otherwise (a `week` over days or
    months), or once bars of periods, which their names name, become a line or area, whose dates its
    ticks name at a step of their own ("year" over ticks of months); that of the values or of a box
    plot's series once y is another set of columns. A histogram's count title stays whatever the y.

    A dashboard chart's labels follow a kind, x, y or resample a URL switches to, where a label the
    URL gives itself stays where it puts it. `base` as it is when either kind is not registered
    (refused elsewhere).
    """
    before, after = CHART_KINDS.get(base.kind), CHART_KINDS.get(chart.kind)
    if before is None or after is None:
        return base
    titles = dict(zip(_axis_contents(before), (base.xlabel, base.ylabel)))
    if chart.x != base.x or chart.resample != base.resample:
        titles.pop("rows", None)
    elif chart.resample is not None and before.categorical and not after.categorical:
        # Bars of periods are named by their periods ("2024"), which a title of them ("year") says;
        # a line's ticks of the same periods name dates of any step (years over months, months over
        # weeks), under which that title would name what no tick shows.
        titles.pop("rows", None)
    if set(chart.y) != set(base.y):  # the same columns in another order hold the same values
        titles.pop("values", None)
        titles.pop("series", None)
    xlabel, ylabel = (titles.get(content) for content in _axis_contents(after))
    if (xlabel, ylabel) == (base.xlabel, base.ylabel):
        return base
    return dataclasses.replace(base, xlabel=xlabel, ylabel=ylabel)


FIELDS = tuple(f.name for f in dataclasses.fields(ChartSpec))
# Where a spec keeps its `key()` once made: no field's name.
_KEY = "_key"
FIELD_NAMES = frozenset(FIELDS)
TEXT_FIELDS = ("title", "xlabel", "ylabel")
LINE_FIELDS = ("yline", "xline")  # reference lines (`reference_lines`): `none` undoes a base's


def is_changed(spec: ChartSpec) -> bool:
    """Whether a chart of `spec` draws its values as their percent change (`percent_change`)."""
    return spec.change == PERCENT_CHANGE


def unset_value(name: str) -> str:
    """The value of field `name` that makes it unset over a base that sets it (a blank one keeps
    the base's, but for free text)."""
    if name in ("resample", "gap", "top", "series", "rolling", "change", *LINE_FIELDS):
        return NONE_WORD
    if name in BOUNDS or name == "legend":
        return AUTO
    return ""


def format_value(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, tuple) and value and not isinstance(value[0], str):
        return "\n".join(map(str, value))  # reference lines, one a line, as `line_texts` reads them
    if isinstance(value, tuple):
        # Column names (y), comma-separated as people write them; one a line where a name holds a
        # comma (`a,b` and c), which `split_columns` reads back whole. No name holds a line break.
        return ("\n" if any("," in name for name in value) else ",").join(value)
    if isinstance(value, datetime):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer() and abs(value) < 1e16:
        return str(int(value))
    if isinstance(value, float):
        # Beyond, a float's whole digits are false precision (1e100 as 10000000000000000159…): its
        # shortest form is written, without the "+" of its exponent, which a URL reads as a space
        # ("1e100", read back as the same float).
        return repr(value).replace("e+", "e")
    return str(value)


def refuse_repeated(field_name: str, values: Sequence[str], allowed: str = "") -> None:
    """Raise SpecError naming `field_name` when `values`, all it was given, are more than one
    (`allowed`: what it takes, to end the message)."""
    if len(values) > 1:
        ending = f": {allowed}" if allowed else ""
        raise SpecError(f"{field_name} was given {len(values)} times; give it once{ending}", field_name)


def or_list(names: list[str]) -> str:
    """The names joined as in "a, b or c"."""
    if len(names) <= 1:
        return "".join(names) or "(none)"
    return f"{', '.join(names[:-1])} or {names[-1]}"


def listed(names: list[str]) -> str:
    """The names joined as in "a", "a and b", "a, b and c"."""
    return names[0] if len(names) == 1 else f"{', '.join(names[:-1])} and {names[-1]}"


def __getattr__(name: str) -> Any:
    # KINDS was defined here before the kind registry; it still names the registered kinds.
    if name == "KINDS":
        return kind_names()
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
