"""Reading one chart field's raw text (a URL's or a dashboard file's) into its value: whole
numbers, bounds, dates, choices, free text and column names. A value refused raises SpecError
naming the field and what it allows."""
from __future__ import annotations

import math
import re
from collections.abc import Callable, Iterable, Mapping, Sequence
from datetime import datetime, timezone
from decimal import Decimal
from typing import Any
from urllib.parse import quote

from .iso_dates import moment_hint, read_moment
from .name_guesses import unit_left_off
from .spec import AUTO, DATE_FIELDS, NONE_WORD, SpecError
from .text import (SHOWN_CHARACTERS, column_list, line_feeds, listed_value, looking_like, quoted_name, text_length, text_problem,
                   typed_column_list)
from .written_digits import script_hint, signed_hint

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
# The white space a number may have around it, in every number field alike (a form's field, a + that a
# query string turns into a space): ASCII only, as its digits are.
ASCII_SPACE = " \t\n\r\f\v"
# How a date or a date and time is written, in a URL or a dashboard file (read by `read_moment`, then
# `naive_utc`): in the words of what a field of dates takes, here and in `timerange.ACCEPTED`.
DATE_FORMS = "a date (2024-01-31), a date and time (2024-01-31T08:00:00, UTC unless it names an offset)"
# How a time relative to now is written, which a range's from and to take (`timerange`) and an x bound
# does not: now, an optional offset and an optional rounding (now-7d, now-7d/d).
RELATIVE = re.compile(r"now(?:(?P<sign>[+-])(?P<count>[0-9]+)(?P<unit>[smhdwMy]))?(?:/(?P<round>[smhdwMy]))?")
# The smallest 64-bit float above 0: a number nearer 0 than half of it is held as 0, which a bound is refused as.
SMALLEST_FLOAT = 5e-324
# What float() reads as no finite number, which a bound is refused as.
NOT_FINITE = ("inf", "infinity", "nan")
# How a number that is not a whole one is written (`NUMBER`), in the words a bad one is refused with.
NUMBER_WRITTEN = "written with the digits 0 to 9, an optional minus sign, decimal point and exponent (-2.5, 1e6)"


def text_takes(limit: int) -> str:
    """What `check_text` takes of a field, in words: "text of at most 200 characters"."""
    return f"text of at most {limit} characters"


def check_text(field_name: str, value: str, limit: int) -> str:
    """Return user text that is safe to draw, or raise naming the field and the character (see `text`)."""
    problem = text_problem(value, allow="\t\n")
    if problem:
        raise SpecError(f"{field_name} {problem}; only printable text, tabs and line breaks are allowed",
                        field_name)
    if text_length(value) > limit:  # composed: "e" and a combining accent count one, as "é" does
        raise SpecError(f"{field_name} must be at most {limit} characters, got {text_length(value)}", field_name)
    return value


def whole_number_takes(lo: int, hi: int, unit: str = "") -> str:
    """What `int_in` takes, in the words it refuses a value with: "a whole number of CSS pixels from
    100 to 2000" (`unit`: what it counts, if it is to be named)."""
    counted = f" of {unit}" if unit else ""
    return f"a whole number{counted} from {lo} to {hi}"


def int_in(field_name: str, raw: str, lo: int, hi: int, unit: str = "") -> int:
    """`raw` as a whole number from `lo` to `hi` (`unit`: what it counts, to name in a message),
    written in the digits 0 to 9 only (`WHOLE_NUMBER`); raises SpecError naming the field."""
    text = raw.strip(ASCII_SPACE)
    if not WHOLE_NUMBER.fullmatch(text):
        raise SpecError(f"{field_name} must be {whole_number_takes(lo, hi, unit)}, written with the digits 0 to 9 "
                        f"only, got {listed_value(raw)}{written_hint(text, whole=True)}", field_name)
    between = f"between {lo} and {hi}{f' {unit}' if unit else ''}"
    digits = text.lstrip("0") or "0"
    if len(digits) > len(str(hi)):  # too large already; int() of thousands of digits is slow, then refused
        # Written as a number is, as any other out of range (got 0), where it is short enough to show whole.
        got = digits if len(digits) <= SHOWN_CHARACTERS else listed_value(raw)
        raise SpecError(f"{field_name} must be {between}, got {got}", field_name)
    value = int(digits)
    if not lo <= value <= hi:
        raise SpecError(f"{field_name} must be {between}, got {value}", field_name)
    return value


def int_or_none(field_name: str, raw: str, lo: int, hi: int, none_does: str) -> int | None:
    """`raw` as `int_in` reads it, or None for `none` (any case: undoing a dashboard chart's); a refusal
    ends saying what none does (`none_does`: "draws every category")."""
    if raw.strip().lower() == NONE_WORD:
        return None
    try:
        return int_in(field_name, raw, lo, hi)
    except SpecError as error:
        raise SpecError(f"{error.message}; none {none_does}", field_name) from None


def true_or_false(field_name: str, raw: str, takes: str) -> bool:
    """`raw` as true or false (any case; 1, yes, on and 0, no, off alike); raises SpecError saying the
    field must be what it `takes`."""
    value = raw.strip().lower()
    if value in TRUE_WORDS:
        return True
    if value in FALSE_WORDS:
        return False
    raise SpecError(f"{field_name} must be {takes}, got {listed_value(raw)}", field_name)


def one_of(allowed: Iterable[str]) -> str:
    """What `choice_of` takes of a field allowing `allowed`, in the words it refuses a value with:
    "one of line, bar, …"."""
    return f"one of {', '.join(allowed)}"


def choice_of(field_name: str, raw: str, allowed: Iterable[str]) -> str:
    allowed = tuple(allowed)
    value = raw.strip().lower()
    if value not in allowed:
        raise SpecError(f"{field_name} must be {one_of(allowed)}; got {listed_value(raw)}", field_name)
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


def written_hint(text: str, whole: bool = False) -> str:
    """What to add to a message about the (stripped) text of a number field where it is a number
    written another way, in the words an upload's cell is told (`script_hint`, `signed_hint`: `1,5`,
    `١٫٥`, `(5)`), only whole ones without a sign for a field of whole numbers (`whole`): "; write
    numbers with a point: 1.5, …". Empty otherwise."""
    is_number = str.isdigit if whole else NUMBER.fullmatch
    hint = script_hint(text, lambda latin: signed_hint(latin, whole), is_number)
    return f"; {hint}" if hint is not None else ""


def ascii_float(raw: str) -> float:
    """`raw` as a float when it is a number written as `NUMBER` says (white space around it aside);
    raises ValueError otherwise."""
    text = raw.strip(ASCII_SPACE)
    if not NUMBER.fullmatch(text):
        raise ValueError(f"not a number written with the digits 0 to 9: {listed_value(raw)}")
    return float(text)


def _float(field_name: str, raw: str) -> float:
    return finite_number(field_name, raw, f"a number (or {AUTO} to fit the data) {NUMBER_WRITTEN}", MAX_BOUND)


def finite_number(name: str, raw: str, takes: str, most: float = math.inf) -> float:
    """`raw`, the text of `name`, as a finite float written as `NUMBER` says, of at most `most` either side
    of 0; raises SpecError naming it and what it `takes` when it is not one so written, when float()
    would read it as none finite (`inf`, `nan`, 1e400) or beyond `most`, and when it is not 0 but too
    small for a 64-bit float, which would hold it as 0 (1e-400): a bound so written is not 0."""
    try:
        value = ascii_float(raw)
    except ValueError:
        if raw.strip(ASCII_SPACE).lstrip("+-").lower() in NOT_FINITE:
            value = math.inf  # refused below as not finite, as float() would read it
        else:
            raise SpecError(f"{name} must be {takes}, got {listed_value(raw)}"
                            f"{written_hint(raw.strip(ASCII_SPACE)) or plus_hint(name, raw, ascii_float)}",
                            name) from None
    if not math.isfinite(value) or abs(value) > most:
        between = "" if most == math.inf else f" between -{most:g} and {most:g}".replace("e+", "e")
        raise SpecError(f"{name} must be a finite number{between}, got {listed_value(raw)}", name)
    if value == 0 and Decimal(raw.strip(ASCII_SPACE)) != 0:
        raise SpecError(f"{name} {listed_value(raw)} is too small for a 64-bit float, which would hold it as 0 (the smallest "
                        f"number above 0 it holds is about {SMALLEST_FLOAT:.2g}); write 0 if zero is meant", name)
    return value


def bound_takes(field_name: str) -> str:
    """What the bound `field_name` takes, in words: a number, or for an x bound a date where x holds
    dates (`bound_value` reads one or the other by x's type, which a refusal of the field given twice
    does not know yet)."""
    dates = "a date where x holds dates, " if field_name in DATE_FIELDS else ""
    return f"a number, {dates}or {AUTO} to fit the data"


def bound_value(field_name: str, raw: str, axis_type: str | None) -> float | datetime:
    """A bound read from `raw`: a date on an axis of dates (`axis_type`, the type of the column
    it shows), else a number."""
    if axis_type == "datetime":
        try:
            moment = read_moment(raw.strip())
        except ValueError:
            raise SpecError(f"{field_name} must be a date like 2020-01-31 (the x column holds dates; or {AUTO} to fit "
                            f"the data), got {listed_value(raw)}{moment_hint(raw.strip())}"
                            f"{plus_hint(field_name, raw, read_moment)}{_relative_hint(field_name, raw.strip())}",
                            field_name) from None
        return naive_utc(field_name, raw, moment)
    return _float(field_name, raw)


def _relative_hint(field_name: str, text: str) -> str:
    """What to add to the refusal of the x bound `text` where it is a time relative to now (`now-7d`),
    which an x bound does not take: the range that chooses the rows of that time, `from` for `xmin`
    and `to` for `xmax`. Empty otherwise."""
    if field_name not in ("xmin", "xmax") or not RELATIVE.fullmatch(text):
        return ""
    bound = "from" if field_name == "xmin" else "to"
    return (f"; {field_name} takes no time relative to now, but {bound} does: {bound}={quote(text, safe='/')} "
            "chooses the rows of that time, and the x axis fits them")


def naive_utc(field_name: str, raw: str, moment: datetime) -> datetime:
    """`moment` (read from the text `raw` of `field_name`) as naive UTC, as times are stored: one
    with a zone is converted. Raises SpecError naming the field when that leaves the range of dates."""
    if moment.tzinfo is None:
        return moment
    try:
        return moment.astimezone(timezone.utc).replace(tzinfo=None)
    except OverflowError:
        raise SpecError(f"{field_name} {listed_value(raw)} is out of the range of dates (years 1 to 9999) once converted to UTC", field_name) from None


# What legend takes, in the words `legend_choice` refuses a value with.
LEGEND_TAKES = f"true, false or {AUTO} (shown for more than one series)"


def legend_choice(raw: str) -> bool | None:
    """`legend` as given: true or false as `true_or_false` reads them, or None for auto."""
    return None if is_auto(raw) else true_or_false("legend", raw, LEGEND_TAKES)


def is_auto(raw: str) -> bool:
    return raw.strip().lower() == AUTO


# What a field naming one column takes (x, read by `column_named`), and one naming several (y, read by
# `split_columns`), in words.
COLUMN_TAKES = "a column's name"
COLUMNS_TAKES = "one or more numeric columns' names"


def no_column_words(name: str, columns: Iterable[str], why: str | None = None, kind: str = "",
                    written: Callable[[str], str] | None = None) -> str:
    """"no column 'w'; the columns are a, b": the one wording of a refusal of a column a dataset has
    not, a chart's field's (`NoColumn`), a URL's filter's and a source's sources file's, `name` as a
    refusal quotes one (`quoted_name`) and the columns as it lists them (`column_list`); of a `kind`
    of column, the columns of that kind ("no text column 'w'; the text columns are a, b"). Where `why`
    says why no column is named so (a PostgreSQL source's name longer than it keeps), "no column
    'w': " and `why` in place of the list. A column of `name` in another case is named before the
    list (`_in_another_case`), as `written` writes it where it is given (`y=UPPER`); else one it names but for
    a unit in brackets, `amount` of `amount (£)` (`_unit_left_off`)."""
    said = f"no {kind} column" if kind else "no column"
    if why is not None:
        return f"{said} {quoted_name(name)}: {why}"
    columns = tuple(columns)
    hint = _in_another_case(name, columns, written) or _unit_left_off(name, columns)
    return (f"{said} {quoted_name(name)}{hint}; "
            f"the {kind + ' ' if kind else ''}columns are {column_list(columns)}")


def in_another_case(name: str, columns: Iterable[str]) -> list[str]:
    """The columns of `columns` that `name` names in another case (`UPPER`, `Upper` for `upper`): a
    column's name is matched as it is written, so these are the ones a refusal of `name` names."""
    return [each for each in columns if each != name and each.casefold() == name.casefold()]


def _in_another_case(name: str, columns: Sequence[str], written: Callable[[str], str] | None = None) -> str:
    """" (a column is named in its own case: y=UPPER)": the column, or columns, of `columns` that
    `name` names in another case, the one as `written` writes it where there is one and `written` is
    given, else quoted; "" where there is none. A column's name is matched as the dataset writes it,
    upper and lower case alike, as a sources file's `columns` are."""
    alike = in_another_case(name, columns)
    if not alike:
        return ""
    shown = written(alike[0]) if written is not None and len(alike) == 1 else " or ".join(map(quoted_name, alike))
    return f" (a column is named in its own case: {shown})"


def _unit_left_off(name: str, columns: Sequence[str]) -> str:
    """" (did you mean 'amount (£)'?)": the column, or columns, of `columns` that `name` names but for a unit
    in brackets at the end of either, whatever its case and spaces (`unit_left_off`); "" where there is none."""
    alike = unit_left_off(name, columns)
    return f" (did you mean {' or '.join(map(quoted_name, alike))}?)" if alike else ""


def no_kind_words(kind: str, columns: Iterable[tuple[str, str]]) -> str:
    """"no date column; the columns are a (text), b (integer)": a dataset's lack of any column of a
    `kind` a URL's field needs, in the words of `no_column_words`, its `columns` (each a name and its
    type) as a refusal lists them (`typed_column_list`)."""
    return f"no {kind} column; the columns are {typed_column_list(columns)}"


class NoColumn(SpecError):
    """The 404 of a field naming a column the dataset has not (`column_named`): `name` as asked, and
    the dataset's `columns`, for the app to say why where its store knows more (`explained`)."""

    def __init__(self, field_name: str, name: str, columns: Iterable[str]):
        self.name, self.columns = name, tuple(columns)
        words = no_column_words(name, self.columns, written=lambda column: f"{field_name}={quote(column, safe=':/')}")
        said = f"{field_name}: {words}{_parameter_joined(name, self.columns)}"
        super().__init__(said, field_name, status=404)

    def __reduce__(self):
        return (type(self), (self.field, self.name, self.columns))

    def explained(self, why: str) -> SpecError:
        """The refusal saying `why` there is no such column in place of the list of columns."""
        return SpecError(f"{self.field}: {no_column_words(self.name, self.columns, why)}", self.field, self.status)


def _parameter_joined(name: str, columns: Iterable[str]) -> str:
    """What a column's `name` holds past a column, where a parameter follows it joined by what a query
    reads as part of a value (`Bear&width=300`: an & that came percent-encoded, as %26, or a second
    ?, `y=Bear?width=300`); "" for any other name."""
    for mark, joined in (("&", "an '&' that came percent-encoded, as %26"), ("?", "a second '?'")):
        column, found, rest = name.partition(mark)
        parameter, equals, _ = rest.partition("=")
        if found and equals and parameter and column in columns:
            return (f" ({quoted_name(column)} is one, then {parameter}=…, a parameter joined to it by {joined}, "
                    "which makes it part of the value: join parameters with a plain '&')")
    return ""


def column_named(field_name: str, name: str, columns: Mapping[str, str]) -> str:
    """The column `name` names, as the dataset spells it: a URL may write it in another Unicode
    form (e + U+0301 for é), which no header may use for a second column (`looking_like`)."""
    stored = looking_like(name, columns)
    if stored is None:
        raise NoColumn(field_name, name, columns)
    return stored


def split_columns(values: list[str], columns: Mapping[str, str]) -> list[str]:
    """Column names from repeated values, each of one or more lines: a line that is exactly a
    column's name (which may hold a comma or spaces) is taken whole, any other is split at its commas.

    A line break thus separates names as repeating the value does, and is how a spec writes several
    where one holds a comma (`format_value`): no column name holds one, where `a,b` may be a column's
    name or two.
    """
    names: list[str] = []
    for value in values:
        for line in line_feeds(value).split("\n"):
            if looking_like(line, columns) is not None:
                names.append(line)
            else:
                names.extend(part.strip() for part in line.split(",") if part.strip())
    return names
