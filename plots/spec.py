"""ChartSpec: what to draw, parsed once from a query string or a dashboard entry."""
from __future__ import annotations

import ast
import dataclasses
import functools
import math
import re
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime, time, timezone
from typing import Any
from urllib.parse import quote

from .kind import CHART_KINDS, Kind, kind_names
from .text import SHOWN_CHARACTERS, did_you_mean, line_feeds, looking_like, quoted, text_problem

THEMES = ("light", "dark", "auto")
TEXT_MODES = ("font", "path")
AGGREGATES = ("mean", "sum", "min", "max", "median", "count")
# Shortest step first: a bar chart with too many categories suggests the steps after its own.
RESAMPLE_RULES = {"day": "D", "week": "W-MON", "month": "MS", "quarter": "QS", "year": "YS"}
NO_RESAMPLE = "none"
# The value of a bound (xmin …) or of legend that undoes a base spec's: fit the data, show the
# legend for more than one series. A blank value keeps the base's, but for the free texts (title,
# xlabel, ylabel), where it asks for no text.
AUTO = "auto"
BOUNDS = ("xmin", "xmax", "ymin", "ymax")
# The fields that take a date (when x holds dates): a dashboard file may write one as a TOML date.
DATE_FIELDS = ("xmin", "xmax")
TRUE_WORDS = ("1", "true", "yes", "on")
FALSE_WORDS = ("0", "false", "no", "off")
# Axis bounds beyond this overflow when matplotlib takes their difference.
MAX_BOUND = 1e150
# How a number is written in a URL or a dashboard file: ASCII digits only. Python's int() and float()
# take more (full-width digits "８００", a leading "+", underscores "1_0"), which no form or link
# writes and which would make two URLs of one chart. A size or a count is a whole number; a bound
# may have a minus sign, a decimal point and an exponent (a dashboard file's 1e+20).
WHOLE_NUMBER = re.compile(r"[0-9]+")
NUMBER = re.compile(r"-?(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+)(?:[eE][-+]?[0-9]+)?")
# The white space a value may have around it (a form's field): ASCII only, as its digits are.
ASCII_SPACE = " \t\n\r\f\v"
# What float() reads as no finite number, which a bound is refused as.
NOT_FINITE = ("inf", "infinity", "nan")

# The column types (as the store reports them) that hold numbers.
NUMERIC_TYPES = ("integer", "float")


# A value as a message quotes it, its repr: in single or double quotes, with backslash escapes. An
# apostrophe after a letter (the dashboard's page) starts none.
QUOTED = re.compile(r"""(?<!\w)(?:'(?:[^'\\\n]|\\.)*'|"(?:[^"\\\n]|\\.)*")""")


def short_quotes(message: str, field: str | None = None, limit: int = SHOWN_CHARACTERS) -> str:
    """`message` with each value it quotes (`QUOTED`) over `limit` characters cut as `quoted` cuts it,
    and the name of the `field` it is about, which it names unquoted, cut to `limit` characters and "…".

    SpecError's messages quote the values they refuse with repr (`got {raw!r}`), in plots and in the
    app alike, and start with the parameter's name, which a URL chooses too (filter.<column>): cut
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
        return quoted(value, limit) if isinstance(value, str) else text

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

    def columns(self) -> tuple[str, ...]:
        """The dataset columns this chart reads, x first."""
        cols = (self.x,) if self.x else ()
        return cols + tuple(c for c in self.y if c != self.x)

    def show_legend(self) -> bool:
        """Whether to draw a legend: as asked, else when there is more than one series."""
        return len(self.y) > 1 if self.legend is None else self.legend

    def to_query(self, defaults: "ChartSpec | None" = None) -> dict[str, str]:
        """The query parameters that rebuild this spec over `defaults` (fields equal to it are left out)."""
        base = defaults or ChartSpec()
        out: dict[str, str] = {}
        for f in dataclasses.fields(self):
            value = getattr(self, f.name)
            if value == getattr(base, f.name):
                continue
            out[f.name] = _unset_value(f.name) if value is None else _format_value(value)
        return out

    def key(self) -> tuple:
        """A hashable identity of everything that changes the drawing."""
        # Every field is immutable (text, numbers, datetimes, a tuple of names): no deep copy needed.
        return tuple(getattr(self, name) for name in FIELDS)


FIELDS = tuple(f.name for f in dataclasses.fields(ChartSpec))
FIELD_NAMES = frozenset(FIELDS)
TEXT_FIELDS = ("title", "xlabel", "ylabel")


def _unset_value(name: str) -> str:
    """The value of field `name` that makes it unset over a base that sets it (a blank one keeps
    the base's, but for free text)."""
    if name == "resample":
        return NO_RESAMPLE
    if name in BOUNDS or name == "legend":
        return AUTO
    return ""


def _format_value(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, tuple):
        return ",".join(value)
    if isinstance(value, datetime):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def refuse_repeated(field_name: str, values: Sequence[str], allowed: str = "") -> None:
    """Raise SpecError naming `field_name` when `values`, all it was given, are more than one
    (`allowed`: what it takes, to end the message)."""
    if len(values) > 1:
        ending = f": {allowed}" if allowed else ""
        raise SpecError(f"{field_name} was given {len(values)} times; give it once{ending}", field_name)


def _one(field_name: str, values: list[str]) -> str:
    """The one value of a field given at least once."""
    refuse_repeated(field_name, values)
    return values[0]


def check_text(field_name: str, value: str, limit: int) -> str:
    """Return user text that is safe to draw, or raise naming the field and the character (see `text`)."""
    problem = text_problem(value, allow="\t\n")
    if problem:
        raise SpecError(f"{field_name} {problem}; only printable text, tabs and line breaks are allowed",
                        field_name)
    if len(value) > limit:
        raise SpecError(f"{field_name} must be at most {limit} characters, got {len(value)}", field_name)
    return value


def _int_in(field_name: str, raw: str, lo: int, hi: int, what: str = "") -> int:
    """`raw` as a whole number from `lo` to `hi` (`what`: its unit, to name in a message), written
    in the digits 0 to 9 only (`WHOLE_NUMBER`); raises SpecError naming the field."""
    text = raw.strip(ASCII_SPACE)
    if not WHOLE_NUMBER.fullmatch(text):
        raise SpecError(f"{field_name} must be a whole number{what} between {lo} and {hi}, written with the "
                        f"digits 0 to 9 only, got {raw!r}", field_name)
    digits = text.lstrip("0") or "0"
    if len(digits) > len(str(hi)):  # too large already; int() of thousands of digits is slow, then refused
        raise SpecError(f"{field_name} must be between {lo} and {hi}{what}, got {raw!r}", field_name)
    value = int(digits)
    if not lo <= value <= hi:
        raise SpecError(f"{field_name} must be between {lo} and {hi}{what}, got {value}", field_name)
    return value


def _choice(field_name: str, raw: str, allowed: Iterable[str]) -> str:
    allowed = tuple(allowed)
    value = raw.strip().lower()
    if value not in allowed:
        raise SpecError(f"{field_name} must be one of {', '.join(allowed)}; got {raw!r}", field_name)
    return value


def plus_hint(field_name: str, raw: str, reads: Callable[[str], Any]) -> str:
    """What to add to a message about `raw` when it has a space where a `+` would let `reads` take it
    (an offset's `08:00:00 02:00`, an exponent's `1e 5`): a + in a URL's query string arrives as a
    space. Empty when no `+` would mend it."""
    before, space, after = raw.strip().rpartition(" ")
    if not space:
        return ""
    mended = f"{before}+{after}"
    try:
        reads(mended)
    except ValueError:
        return ""
    return (f"; a + in a URL's query string arrives as a space: write it as %2B, "
            f"as in {field_name}={quote(mended, safe=':/')}")


def ascii_float(raw: str) -> float:
    """`raw` as a float when it is a number written as `NUMBER` says (white space around it aside);
    raises ValueError otherwise."""
    text = raw.strip(ASCII_SPACE)
    if not NUMBER.fullmatch(text):
        raise ValueError(f"not a number written with the digits 0 to 9: {raw!r}")
    return float(text)


def _float(field_name: str, raw: str) -> float:
    try:
        value = ascii_float(raw)
    except ValueError:
        if raw.strip(ASCII_SPACE).lstrip("+-").lower() in NOT_FINITE:
            value = math.inf  # refused below as not finite, as float() would read it
        else:
            raise SpecError(f"{field_name} must be a number (or {AUTO} to fit the data) written with the digits 0 to "
                            f"9, an optional minus sign, decimal point and exponent (-2.5, 1e6), got {raw!r}"
                            f"{plus_hint(field_name, raw, ascii_float)}", field_name) from None
    if not math.isfinite(value) or abs(value) > MAX_BOUND:
        raise SpecError(f"{field_name} must be a finite number between -1e150 and 1e150, got {raw!r}", field_name)
    return value


def _bound(field_name: str, raw: str, axis_type: str | None) -> float | datetime:
    """A bound read from `raw`: a date on an axis of dates (`axis_type`, the type of the column
    it shows), else a number."""
    if axis_type == "datetime":
        try:
            moment = datetime.fromisoformat(raw.strip())
        except ValueError:
            raise SpecError(f"{field_name} must be a date like 2020-01-31 (the x column holds dates; or {AUTO} to fit "
                            f"the data), got {raw!r}{plus_hint(field_name, raw, datetime.fromisoformat)}",
                            field_name) from None
        return naive_utc(field_name, raw, moment)
    return _float(field_name, raw)


def naive_utc(field_name: str, raw: str, moment: datetime) -> datetime:
    """`moment` (read from the text `raw` of `field_name`) as naive UTC, as times are stored: one
    with a zone is converted. Raises SpecError naming the field when that leaves the range of dates."""
    if moment.tzinfo is None:
        return moment
    try:
        return moment.astimezone(timezone.utc).replace(tzinfo=None)
    except OverflowError:
        raise SpecError(f"{field_name} {raw!r} is out of the range of dates", field_name) from None


def _legend(raw: str) -> bool | None:
    value = raw.strip().lower()
    if value in TRUE_WORDS:
        return True
    if value in FALSE_WORDS:
        return False
    if value == AUTO:
        return None
    raise SpecError(f"legend must be true, false or {AUTO} (shown for more than one series), got {raw!r}", "legend")


def _is_auto(raw: str) -> bool:
    return raw.strip().lower() == AUTO


def _column(field_name: str, name: str, columns: Mapping[str, str]) -> str:
    """The column `name` names, as the dataset spells it: a URL may write it in another Unicode
    form (e + U+0301 for é), which no header may use for a second column (`looking_like`)."""
    stored = looking_like(name, columns)
    if stored is None:
        listed = ", ".join(columns) or "(none)"
        raise SpecError(f"{field_name}: no column {name!r}; the columns are {listed}", field_name, status=404)
    return stored


def _split_columns(values: list[str], columns: Mapping[str, str]) -> list[str]:
    """Column names from repeated or comma-separated values; a value that is exactly a column's
    name (which may hold a comma or spaces) is taken whole."""
    names: list[str] = []
    for value in values:
        if looking_like(value, columns) is not None:
            names.append(value)
        else:
            names.extend(part.strip() for part in value.split(",") if part.strip())
    return names


def normalise_fields(entry: Mapping[str, Any]) -> dict[str, list[str]]:
    """Turn a dashboard entry's TOML values (str, int, float, bool, list; a date or date-time in a
    field of DATE_FIELDS) into query-string shape: a date as the text a URL would give (2024-01-31,
    2024-01-31T08:00:00+02:00). Raises SpecError naming the field for a value of another type."""
    return {key: [_query_text(key, item) for item in (value if isinstance(value, list) else [value])]
            for key, value in entry.items()}


def _query_text(field_name: str, value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (str, int, float)) or field_name not in FIELDS:
        return str(value)  # a misspelt field is for parse_spec to refuse by name, whatever its value
    if field_name in DATE_FIELDS:
        if isinstance(value, date):  # a datetime is a date too
            return value.isoformat()
        raise SpecError(f"{field_name} must be a number, a date like 2024-01-31, a date and time like "
                        f"2024-01-31T08:00:00, or {AUTO} to fit the data; got {type(value).__name__} {value}",
                        field_name)
    # TOML reads 2024-05-01 written without quotes as a date, which no other field takes.
    quote_it = f'; write it in quotes ("{value}") to have it as text' if isinstance(value, (date, time)) else ""
    raise SpecError(f"{field_name} must be text, a number or a list of them, got {type(value).__name__} {value}"
                    f"{quote_it}", field_name)


def parse_spec(
    fields: Mapping[str, list[str]],
    columns: Mapping[str, str],
    base: ChartSpec | None = None,
    limits: Limits = DEFAULT_LIMITS,
    others: Sequence[str] | Callable[[], Sequence[str]] = (),
) -> ChartSpec:
    """Build a ChartSpec from `fields` (name -> list of raw strings) over `base`.

    `columns` maps the dataset's column names to their types (integer, float, datetime, text).
    `others` names what else the place the fields come from takes, which its caller reads itself
    and leaves out of `fields` (a URL's v, from, to …; a dashboard file's id, dataset, caption), or
    is a function that names them, called only when a field is refused: a field that is no chart
    field is refused naming the chart fields, then those, and the one it looks like a typo of.
    Raises SpecError naming the first bad field; unknown columns carry status 404.
    """
    if not FIELD_NAMES.issuperset(fields):
        # Checked before the cache, whose key then needs no `others`: they name no chart field, so
        # the same spec asked by URLs that take other parameters (an SVG's, a PNG's, a page's) is
        # parsed once.
        unknown = next(name for name in fields if name not in FIELD_NAMES)
        raise _unknown_parameter(unknown, others() if callable(others) else others)
    # Parsing is a pure function of its inputs and specs are immutable, so the answer for a
    # chart asked again (every cache hit parses its URL) is remembered.
    key = (tuple((name, tuple(values)) for name, values in fields.items()), tuple(columns.items()), base, limits)
    return _parse_spec_remembered(key)


@functools.lru_cache(maxsize=1024)
def _parse_spec_remembered(key: tuple) -> ChartSpec:
    fields, columns, base, limits = key
    return _parse_spec({name: list(values) for name, values in fields}, dict(columns), base, limits)


def _unknown_parameter(name: str, others: Sequence[str] = ()) -> SpecError:
    """The error for `name`, which is no chart field nor one of `others` (what else the place it was
    written takes), as `unknown_parameter` words it."""
    return unknown_parameter(name, [*FIELDS, *others])


def unknown_parameter(name: str, taken: Sequence[str]) -> SpecError:
    """The error for `name`, which is none of `taken` (every name the place it was written takes)."""
    return SpecError(unknown_name(name, taken), name)


def unknown_name(name: str, taken: Sequence[str], noun: str = "parameter") -> str:
    """The message for `name`, a `noun` that is none of `taken`: those names, and the one `name`
    looks like a typo of, if any, whatever its case (FROM: from). A name holding "<" stands for many
    (filter.<column>) and is never guessed."""
    taken = list(dict.fromkeys(taken))
    if name.startswith("amp;") and noun == "parameter":
        # A URL copied out of HTML source, its "&" still written "&amp;".
        return (f"unknown {noun} {name!r}: the URL writes '&' as '&amp;', as HTML does; in a URL write '&' "
                f"alone (…&{name[4:]}=…)")
    return f"unknown {noun} {name!r}{did_you_mean(name, taken)}; the {noun}s are {', '.join(taken)}"


def _parse_spec(
    fields: Mapping[str, list[str]],
    columns: Mapping[str, str],
    base: ChartSpec | None,
    limits: Limits,
) -> ChartSpec:
    # A blank value (an empty form field) means "as the base has it", except for free text,
    # where an empty title is a request for no title.
    fields = {
        name: values if name in TEXT_FIELDS else [v for v in values if v.strip()]
        for name, values in fields.items()
    }
    fields = {name: values for name, values in fields.items() if values}
    spec = base or ChartSpec()
    changes: dict[str, Any] = {}
    get = fields.get

    if get("kind"):
        changes["kind"] = _choice("kind", _one("kind", fields["kind"]), CHART_KINDS)

    if "x" in fields:
        raw = _one("x", fields["x"])
        raw = raw if raw in columns else raw.strip()
        changes["x"] = _column("x", raw, columns) if raw else None
    if "y" in fields:
        names = _split_columns(fields["y"], columns)
        changes["y"] = tuple(_column("y", name, columns) for name in names)

    for name, limit in (("title", limits.max_title), ("xlabel", limits.max_label), ("ylabel", limits.max_label)):
        if name in fields:
            text = check_text(name, line_feeds(_one(name, fields[name])), limit)
            # Only white space (a textarea cleared but for its line break) is no text: drawn, it
            # would take room, show nothing and leave the chart without an accessible name.
            changes[name] = text if text.strip() else ""

    for name in ("width", "height"):
        if get(name):
            changes[name] = _int_in(name, _one(name, fields[name]), limits.min_size, limits.max_size, " CSS pixels")
    if get("theme"):
        changes["theme"] = _choice("theme", _one("theme", fields["theme"]), THEMES)
    if get("text"):
        changes["text"] = _choice("text", _one("text", fields["text"]), TEXT_MODES)
    if get("bins"):
        changes["bins"] = _int_in("bins", _one("bins", fields["bins"]), 1, limits.max_bins)
    if "legend" in fields:
        raw = _one("legend", fields["legend"])
        changes["legend"] = _legend(raw)
    if "resample" in fields:
        # "none" undoes a dashboard's resample (a blank value keeps it, as for every field).
        raw = _choice("resample", _one("resample", fields["resample"]), (*RESAMPLE_RULES, NO_RESAMPLE))
        changes["resample"] = None if raw == NO_RESAMPLE else raw
    if get("agg"):
        changes["agg"] = _choice("agg", _one("agg", fields["agg"]), AGGREGATES)

    spec = dataclasses.replace(spec, **changes)
    kind = CHART_KINDS[_choice("kind", spec.kind, CHART_KINDS)]  # a base spec's kind is checked too
    spec = _fill_columns(spec, columns, limits)

    bounds: dict[str, Any] = {}
    # A y bound is a number; an x bound is a date when x holds dates, but when the x axis holds the
    # y values (a histogram), where it is a number whatever x holds.
    x_type = "float" if kind.values_on_x or not spec.x else columns.get(spec.x)
    for name in BOUNDS:
        if name in fields:
            raw = _one(name, fields[name])
            bounds[name] = None if _is_auto(raw) else _bound(name, raw, x_type if name in DATE_FIELDS else "float")
    spec = dataclasses.replace(spec, **bounds)
    # The values a refusal says come from the base (a dashboard's chart), with how to undo them.
    inherited = frozenset(name for name in (*DATE_FIELDS, "resample")
                          if base is not None and getattr(spec, name) is not None
                          and getattr(spec, name) == getattr(base, name))
    _check_consistent(spec, kind, columns, inherited)
    if "bins" in fields and not kind.bins:
        # Only a bins the request names: every spec has one, and a kind that draws none ignores it.
        binning = [f"kind={name}" for name, other in CHART_KINDS.items() if other.bins]
        raise SpecError(f"bins does not apply to kind={spec.kind}, which draws no bins; use it with "
                        f"{or_list(binning)}", "bins")
    if "agg" in fields and not (spec.resample or kind.categorical) and spec.agg != (base or ChartSpec()).agg:
        # As bins: only an agg the request names, and only one that asks for a change: every spec
        # has one, and a chart page's form sends the one it shows whatever the kind.
        raise _agg_refused(spec, kind)
    return spec


def _agg_refused(spec: ChartSpec, kind: Kind) -> SpecError:
    """The error for an agg asked of a chart that combines no rows: one neither resampled nor of
    categories (bar, barh), where it is refused as bins is off a histogram, naming where it applies."""
    categorical = [f"kind={name}" for name, other in CHART_KINDS.items() if other.categorical]
    if kind.resample:
        return SpecError(f"agg does not apply to kind={spec.kind} without resample, which draws each row as it is; "
                         f"use it with resample ({or_list(list(RESAMPLE_RULES))}, when x holds dates) or with "
                         f"{or_list(categorical)}", "agg")
    resampling = [f"kind={name}" for name, other in CHART_KINDS.items() if other.resample and not other.categorical]
    return SpecError(f"agg does not apply to kind={spec.kind}, which combines no rows; use it with "
                     f"{or_list(categorical)}, or with resample on {or_list(resampling)}", "agg")


def _fill_columns(spec: ChartSpec, columns: Mapping[str, str], limits: Limits) -> ChartSpec:
    """Default x to the first column and y to the numeric columns other than x."""
    x = spec.x
    if x is None and columns:
        x = next(iter(columns))
    y = spec.y
    if not y:
        y = tuple(n for n, t in columns.items() if t in NUMERIC_TYPES and n != x)[: limits.max_series]
    if len(y) > limits.max_series:
        raise SpecError(f"y names {len(y)} columns; at most {limits.max_series} series are allowed", "y")
    repeated = next((name for at, name in enumerate(y) if name in y[:at]), None)
    if repeated is not None:
        raise SpecError(f"y names the column {repeated!r} twice; name each column once", "y")
    return dataclasses.replace(spec, x=x, y=y)


def _from_base(problem: str, advice: str, names: Sequence[str], spec: ChartSpec, inherited: frozenset[str]) -> str:
    """The message refusing the fields `names` (`problem`, then `advice`): when some of them hold the
    base's value (`inherited`: a dashboard's chart sets them, whatever the URL says), it says so and
    how to undo them (resample=none, xmin=auto) in place of the advice."""
    came = [name for name in names if name in inherited]
    if not came:
        return f"{problem}; {advice}"
    values = " and ".join(f"{name}={_format_value(getattr(spec, name))}" for name in came)
    undo = "&".join(f"{name}={_unset_value(name)}" for name in came)
    them = "it" if len(came) == 1 else "them"
    return f"{problem}; {values} {'comes' if len(came) == 1 else 'come'} from the dashboard's chart: {undo} removes {them}"


def _check_consistent(spec: ChartSpec, kind: Kind, columns: Mapping[str, str],
                      inherited: frozenset[str] = frozenset()) -> None:
    """Refuse fields that contradict each other or the kind (`inherited`: those holding the base's
    value, which a refusal says where they come from)."""
    numeric = [n for n, t in columns.items() if t in NUMERIC_TYPES]
    if not spec.y:
        raise SpecError(
            f"y: the chart needs at least one numeric column and this dataset has none; its columns are {', '.join(columns)}",
            "y",
        )
    for name in spec.y:
        if columns.get(name) not in NUMERIC_TYPES:
            raise SpecError(
                f"y: column {name!r} holds {columns.get(name)}, not numbers; numeric columns are {', '.join(numeric) or '(none)'}",
                "y",
            )
    if kind.categorical and spec.x in spec.y:
        raise SpecError(f"y: column {spec.x!r} is the x of this {kind.label.lower()}, whose values are its categories "
                        "(rows of the same category are combined by agg); choose another x or other y columns", "y")
    x_bounds = [name for name in DATE_FIELDS if getattr(spec, name) is not None]
    if x_bounds and kind.x_bounds == "rows" and columns.get(spec.x) not in NUMERIC_TYPES + ("datetime",):
        raise SpecError(_from_base(f"xmin and xmax need x to be a number or date column; {spec.x!r} holds text",
                                   "choose another x", x_bounds, spec, inherited), x_bounds[0])
    if spec.resample and not kind.resample:
        resampling = [name for name, other in CHART_KINDS.items() if other.resample]
        raise SpecError(_from_base(f"resample does not apply to a {spec.kind} chart, which draws every value",
                                   f"use it with {or_list(resampling)}", ["resample"], spec, inherited), "resample")
    if x_bounds and kind.x_bounds is None:
        raise SpecError(_from_base(f"xmin and xmax do not apply to a {kind.label.lower()}",
                                   "bound its values with ymin and ymax", x_bounds, spec, inherited), x_bounds[0])
    if spec.resample and (not spec.x or columns.get(spec.x) != "datetime"):
        raise SpecError(_from_base("resample needs x to be a date column", "choose one as x",
                                   ["resample"], spec, inherited), "resample")
    # A bound the URL gives is read as the axis takes it; a base's was read for the base's axis (a
    # date, where the URL's x or kind now places numbers there: a histogram's values).
    dates_on_x = not kind.values_on_x and columns.get(spec.x) == "datetime"
    for name in x_bounds:
        if isinstance(getattr(spec, name), datetime) != dates_on_x:
            if kind.values_on_x:
                problem = f"{name} must be a number on a {kind.label.lower()}, whose x axis holds the values it counts"
            else:
                problem = f"{name} must be a {'date' if dates_on_x else 'number'} here: x {spec.x!r} holds " + (
                    "dates" if dates_on_x else "numbers")
            raise SpecError(_from_base(problem, f"give {name} as one", [name], spec, inherited), name)
    for lo, hi in (("xmin", "xmax"), ("ymin", "ymax")):
        a, b = getattr(spec, lo), getattr(spec, hi)
        if a is not None and b is not None and type(a) is type(b) and a >= b:
            raise SpecError(f"{lo} must be less than {hi}, got {lo}={_format_value(a)} and {hi}={_format_value(b)}", lo)


def or_list(names: list[str]) -> str:
    """The names joined as in "a, b or c"."""
    if len(names) <= 1:
        return "".join(names) or "(none)"
    return f"{', '.join(names[:-1])} or {names[-1]}"


def __getattr__(name: str) -> Any:
    # KINDS was defined here before the kind registry; it still names the registered kinds.
    if name == "KINDS":
        return kind_names()
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
