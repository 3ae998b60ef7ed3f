"""Numbers and dates written in forms the type rule (`csv_types`) does not read, which make their
column text: a decimal comma, thousands separators, a percent, currency or unit sign, a Unicode
minus, accounting brackets for a negative, a thousand or a million as `k` or `M`, a dash or another
mark for a missing value, a spreadsheet's error, a date in another order than YYYY-MM-DD (dates:
`written_dates`). Here a refusal finds the first such cell of a column and says how to write it,
and a new dataset's column typed text although most of its values are numbers or dates is pointed
out, at its first cells that are not, whatever they hold: a word, a totals row, the header again.

Locales are not guessed: `1,234` is a thousand and more in one and one and a bit in another, and
`01/02/2024` the 1st of February or the 2nd of January, so a hint gives both readings.
"""
from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, timezone
from decimal import Decimal, localcontext

from plots.iso_dates import ISO_DATE, midnight_advice, read_moment
from plots.spec import DATES, NUMBERS, NUMBERS_OR_DATES
from plots.text import SHOWN_CHARACTERS, looks, quoted, quoted_cut
from plots.written_digits import (BRACKETED, GROUPING, OTHER_MINUS, number_words, readings_of,
                                  script_hint)

from .coded_numbers import coded_hint
from .csv_types import FLOAT_TEXT, INTEGER_TEXT, LONG_FRACTION, NOT_FINITE, has_leading_zero
from .distinct_cells import Answers, CellTexts, first_values, present
from .written_dates import date_hint
from .written_units import is_unit

# What a column is refused for not holding (a chart's y wants numbers, resample's x dates, xmin's x either).
WANTED = (NUMBERS, DATES, NUMBERS_OR_DATES)

# A cell of only a dash (or two hyphens), as tables write for "no value".
DASHES = frozenset({"-", "--", "\u2013", "\u2014", "\u2212", "\u2012"})
# Other marks for "no value" (compared in lower case): `\N`, as psql and MySQL export NULL; `.` and
# `..` (SAS, Stata, the World Bank); `?` (Weka); `nil`; `n.a.`; a pivot table's `(blank)`.
MISSING_MARKS = frozenset({"\\n", ".", "..", "...", "?", "??", "nil", "n.a.", "n.a", "n.v.", "(blank)", "(null)",
                           "(empty)", "(none)"})
# A spreadsheet's error in place of a formula's value: Excel's (`#DIV/0!`, `#VALUE!`) and LibreOffice's (`Err:502`).
SPREADSHEET_ERROR = re.compile(r"#(?:DIV/0|VALUE|REF|NAME|NUM|NULL|SPILL|CALC|FIELD|BLOCKED|UNKNOWN|BUSY|CONNECT"
                               r"|GETTING_DATA|EXTERNAL)[!?]?|Err:[0-9]{3}", re.IGNORECASE)
MISSING_ADVICE = "leave the cell empty for a missing value"
# Currency signs (Unicode's Sc characters in common use), before or after the amount.
CURRENCY = "$\u00a2-\u00a5\u058f\u060b\u09f2\u09f3\u0e3f\u17db\u20a0-\u20c0\ufdfc\ufe69\uff04\uffe0\uffe1\uffe5\uffe6"
# Before an amount: a currency sign (`$`, `US$`) or code (`USD 1,200`, with a space). A unit or currency
# code of letters (`kg`, `EUR`: the groups `letters` and `code`) is one `written_units` must know: letters it
# does not know beside a number are a code's (`1A`, `3rd`, `1011AB`).
NUMBER_WRITTEN = re.compile(
    rf"(?P<sign>[+\-{OTHER_MINUS}]?)\s*(?P<before>(?:[A-Z]{{1,2}})?[{CURRENCY}]|(?P<code>[A-Z]{{3}})(?=\s))?\s*"
    rf"(?P<inner>[+\-{OTHER_MINUS}]?)"
    rf"(?P<digits>[0-9](?:[0-9.,{GROUPING}]*[0-9])?|[.,][0-9]+)"
    rf"\s*(?P<after>%|\u2030|[{CURRENCY}]|°\s*[CFK]|(?P<letters>[A-Za-zµ][A-Za-z²³/]{{0,5}}))?")
# Letters after a number that stand for a thousand, a million or a billion of it (`1.5k`, `$2M`,
# `3 bn`): a unit they are not, and the number alone would be a thousand times too small.
MULTIPLIERS = {"k": (10**3, "a thousand"), "K": (10**3, "a thousand"), "M": (10**6, "a million"),
               "MM": (10**6, "a million"), "mn": (10**6, "a million"), "Mn": (10**6, "a million"),
               "B": (10**9, "a billion"), "bn": (10**9, "a billion"), "Bn": (10**9, "a billion"),
               "BN": (10**9, "a billion")}
# A bound or an estimate before a number: `<1` (below a limit of detection), `~5`, `>= 10`.
BOUNDED = re.compile(r"(?P<bound>~|\u2248|<=?|>=?|\u2264|\u2265)\s*(?P<number>.+)")
# How many cells with a value `mostly_values` looks at: enough to tell what a column holds.
LOOKED_AT = 10_000
# The share of a column's values (marks for "no value" aside) that must be numbers, or dates, for
# its column to be pointed out whatever its other cells hold; and how many texts those may be (a
# totals row, the header again, a word for "no value": not a column of codes, some of digits alone).
MOSTLY = 0.8
OTHER_TEXTS = 3
# How many of a column's cells that are not numbers or dates a warning names, each another problem.
NAMED_CELLS = 3
# A run of characters a hint may rewrite a cell's number or date into: no space, punctuation or quote.
HINT_RUN = re.compile(r"[^\s,;()'\"]{%d,}" % (SHOWN_CHARACTERS + 2))
# A totals row's first cell: `Total`, `Grand total`, `Subtotal`, `Totals:`, `Sum`.
TOTAL = re.compile(r"(?:grand\s+|sub-?)?totals?:?(?:\s.*)?|sum:?", re.IGNORECASE)


@dataclass(frozen=True)
class Cell:
    """A cell of a column: its row (1 for the first, as a refusal of an upload counts them) and text."""

    row: int
    value: str

    def words(self) -> str:
        """The cell as a message names it, with how to write it where its form says: "row 2 holds
        '1,5' (write numbers with a point: 1.5, no thousands separators, units or currency signs)"."""
        hint = form_hint(self.value)
        return f"row {self.row} holds {quoted(self.value)}" + (f" ({hint})" if hint else "")


def is_number(text: str) -> bool:
    """Whether stripped text is a number as the type rule reads it."""
    return FLOAT_TEXT.fullmatch(text) is not None or text.lower() in NOT_FINITE


def is_date(text: str) -> bool:
    """Whether stripped text is a date (or date and time) as the type rule reads it: ISO 8601, of a real
    day and time (`unreal_moment`)."""
    return ISO_DATE.fullmatch(text) is not None and unreal_moment(text) is None


def _real_day(text: str) -> bool:
    try:
        date.fromisoformat(text)
    except ValueError:
        return False
    return True


def _reads(text: str) -> bool:
    try:
        read_moment(text)
    except ValueError:
        return False
    return True


def unreal_moment(text: str) -> str | None:
    """What keeps stripped text ISO_DATE matches from being a date or time the type rule reads, which
    makes a data-folder file's column of it text (an upload's is refused, `cell_values.unreal_cell`):
    no such day (`2024-02-30`), a time of 24:00 and the next day's 00:00 to write, as an upload's cell is
    told, no such time (`25:00`, `10:61`), no such UTC offset (`+24:00`), or a moment outside the years
    1 to 9999 once in UTC. None for a date or time it reads, to the microsecond (a file's finer
    fraction is cut to it)."""
    if not _real_day(text[:10]):
        return "there is no such day"
    text = LONG_FRACTION.sub(r"\1", text)
    try:
        moment = read_moment(text)
    except ValueError:
        offset = ISO_DATE.fullmatch(text)["offset"]
        if offset is not None and _reads(text[:-len(offset)]):
            return "there is no such UTC offset"
        return midnight_advice(text) or "there is no such time"
    try:
        moment.astimezone(timezone.utc)
    except OverflowError:
        return "out of the range of dates once converted to UTC"
    return None


def fits(text: str, wanted: str) -> bool:
    """Whether stripped text is one of what is `wanted` (NUMBERS, DATES or NUMBERS_OR_DATES)."""
    return (wanted != DATES and is_number(text)) or (wanted != NUMBERS and is_date(text))


def first_unfit(values: Iterable[object], wanted: str) -> Cell | None:
    """The first cell of `values` (a column's, in row order; None or NaN where missing) that holds
    a value and is not one of what is `wanted`; None when there is none."""
    for row, value in enumerate(values, start=1):
        text = present(value)
        if text is not None and not fits(text, wanted):
            return Cell(row, str(value))
    return None


def _in_full(reading: str, times: int) -> str:
    """A number (as the type rule writes it) times `times`, as the type rule writes it: 1.5 × 1000 is 1500,
    every digit kept (Decimal's default 28 digits would round a longer number)."""
    with localcontext() as context:
        context.prec = len(reading) + len(str(times))
        whole = format((Decimal(reading) * times).normalize(), "f")
    return whole.rstrip("0").rstrip(".") if "." in whole else whole


def _number_hint(text: str) -> str | None:
    """How to write a number written another way, its digits or separators those of another script
    too (`script_hint`; None: `text` is no such number, or is one as it is)."""
    return script_hint(text, _written_hint, is_number)


def _written_hint(text: str) -> str | None:
    """How to write a number of digits 0–9 written another way (None: `text` is no such number, or is
    one as it is)."""
    bracketed = BRACKETED.fullmatch(text)
    if bracketed is not None:
        text = bracketed["before"] + bracketed["amount"] + bracketed["after"]
    match = NUMBER_WRITTEN.fullmatch(text)
    if match is None or (match["sign"] and match["inner"]) or (bracketed and (match["sign"] or match["inner"])):
        return None
    sign = "-" if bracketed else match["sign"] or match["inner"]
    readings = readings_of(match["digits"])
    if not readings:
        return None
    multiplier = MULTIPLIERS.get(match["after"] or "")
    unit = match["before"] or (match["after"] if multiplier is None else "")
    if unit and unit in (match["code"], match["letters"]) and not is_unit(unit):
        return None  # a code (`1A`, `3rd`), not a number with its unit
    if multiplier is None:
        return number_words(sign, bracketed is not None, match["digits"], readings, unit=bool(unit))
    readings = [_in_full(reading, multiplier[0]) for reading in readings]
    written = f"the number in full, taking {match['after']} for {multiplier[1]}"
    return number_words(sign, bracketed is not None, match["digits"], readings, written, bool(unit))


def _bound_hint(text: str) -> str | None:
    """How to write a number with a bound or an estimate before it (`<1`, `~5`)."""
    match = BOUNDED.fullmatch(text)
    if match is None or not is_number(match["number"]):
        return None
    return (f"a bound or an estimate, not a value: write the number alone ({match['number']}) where it stands for "
            f"the value, else {MISSING_ADVICE}")


def is_missing_mark(text: str) -> bool:
    """Whether stripped text is a mark for "no value" where numbers or dates are: a dash, `\\N`, `n.a.`,
    a spreadsheet's error (`#DIV/0!`)."""
    return text in DASHES or text.lower() in MISSING_MARKS or SPREADSHEET_ERROR.fullmatch(text) is not None


def _mark_hint(text: str) -> str | None:
    if SPREADSHEET_ERROR.fullmatch(text):
        return f"a spreadsheet's error, not a value: mend its formula, or {MISSING_ADVICE}"
    return MISSING_ADVICE if is_missing_mark(text) else None


def number_hint(text: str) -> str | None:
    """How to write stripped text that is a number written another way (`1,5`, `5%`, `(100)`,
    `1.5k`, `<1`), or None for any other text."""
    return _number_hint(text) or _bound_hint(text)


def number_form(text: str) -> bool:
    """Whether stripped text is a number written another way (`number_hint`)."""
    return number_hint(text) is not None


def date_form(text: str) -> bool:
    """Whether stripped text is a date written another way (`31.01.2024`, `Jan 5, 2024`), or of no real day
    or time (`unreal_moment`)."""
    return (ISO_DATE.fullmatch(text) is not None and unreal_moment(text) is not None) or date_hint(text) is not None


def form_hint(value: str) -> str | None:
    """How to write a cell whose number or date the type rule does not read, chosen by its form (a
    decimal comma, a thousands separator, a unit or currency sign, a Unicode minus, accounting
    brackets, `k` for a thousand, a bound, a mark for a missing value or a spreadsheet's error, a
    hexadecimal number or one grouped by underscores, a date in another order); None for a cell of no such form (a word, say)."""
    text = value.strip()
    if ISO_DATE.fullmatch(text):
        return unreal_moment(text)
    hint = _mark_hint(text) or number_hint(text) or coded_hint(text) or date_hint(text)
    return None if hint is None else runs_cut(hint)


def runs_cut(words: str) -> str:
    """`words` with each run of over SHOWN_CHARACTERS characters between spaces, punctuation and quotes
    (a long cell's number as a hint rewrites it) cut to them, with "…" and its length, as a message
    quotes a long value ('1111…' (131072 characters) without the quotes): a hint tells the form, and
    the cell is the rows' to give whole."""
    return HINT_RUN.sub(lambda run: quoted_cut(run[0], str), words)


def without_leading_zeros_shown(value: str) -> str:
    """A cell's whole number as a message writes it out without its leading zeros
    (`without_leading_zeros`), cut as `runs_cut` cuts one."""
    return quoted_cut(without_leading_zeros(value), str)


HEADER_AGAIN = "the header line again, as where two files are joined: remove that line"
TOTAL_ROW = "a totals row: remove it, a chart adds rows up itself with agg=sum"


def _as_name(text: str) -> str:
    # As a name looks (the byte-order mark a second file joined on begins with draws as nothing), in any case.
    return looks(text).strip().casefold()


def same_name(text: str, name: str) -> bool:
    """Whether a cell is a column's name, as it looks and whatever its case."""
    return _as_name(text) == _as_name(name)


def is_totals_row(cell: str) -> bool:
    """Whether a cell, its spaces aside, names its row a total ("Total", "Grand total:", "Sum")."""
    return TOTAL.fullmatch(cell.strip()) is not None


def line_hint(cell: str, row: Sequence[str], names: Sequence[str]) -> str | None:
    """What to do about the row of CSV cells `row` under the header `names`, refused for its `cell`
    that is no value written another way (`form_hint` says nothing of it): the header line again
    (its names in any order) or a totals row; None for any other."""
    if form_hint(cell) is not None:
        return None
    if sorted(_as_name(text) for text in row) == sorted(_as_name(name) for name in names):
        return HEADER_AGAIN
    return TOTAL_ROW if is_totals_row(cell) else None


@dataclass(frozen=True)
class MostlyValues:
    """A text column whose values are mostly numbers, or mostly dates (`wanted`), and its first
    cells that are not (`cells`, in row order: the first, then the first of each other problem),
    each named with how to write it or what to do; `header` is the column's name, which a cell
    holds where the header line comes again (two files joined)."""

    wanted: str
    cells: tuple[Cell, ...]
    header: str | None = None

    def hint(self, cell: Cell) -> str:
        """How to write `cell` (`form_hint`), or else what to do about it: a header line again (its
        name as it looks: the byte-order mark a second file joined on begins with draws as nothing), a
        totals row, a word where a number or date should be."""
        text = cell.value.strip()
        hint = form_hint(text)
        if hint is not None:
            return hint
        if self.header is not None and same_name(text, self.header):
            return HEADER_AGAIN
        if is_totals_row(text):
            return TOTAL_ROW
        what = "a number" if self.wanted == NUMBERS else "a date (YYYY-MM-DD)"
        return f"not {what}: write one, or {MISSING_ADVICE}"

    def words(self) -> str:
        """The cells as a message names them: "row 3 holds '\\\\N' (leave the cell empty …); row 13 holds
        'Total' (…)"."""
        return "; ".join(f"row {cell.row} holds {quoted(cell.value)} ({self.hint(cell)})" for cell in self.cells)


def _problem(text: str, wanted: str) -> str:
    """What is wrong with a cell that is not `wanted`, as far as naming it goes: cells written
    another way are one problem (one shows how to write them all), each mark for "no value" and
    each other text another."""
    if (number_form(text) if wanted == NUMBERS else date_form(text)):
        return "written another way"
    hint = _mark_hint(text)
    return hint if hint is not None else text.casefold()


def _kind(text: str) -> tuple[bool, bool, bool, bool]:
    """What `mostly_values` counts of a stripped text: whether it is a mark for "no value", a number
    (read or written another way), a date (likewise), a whole number with a leading zero."""
    return (is_missing_mark(text), is_number(text) or number_form(text), is_date(text) or date_form(text),
            INTEGER_TEXT.fullmatch(text) is not None and has_leading_zero(text))


def mostly_values(values: Iterable[object], header: str | None = None) -> MostlyValues | None:
    """A text column (its cells in row order; None or NaN where missing) whose values are mostly
    numbers or mostly dates, with its first cells that are not (`MostlyValues`); None when it
    holds text (or is no text column).

    Among its first LOOKED_AT cells with a value, marks for "no value" aside (`is_missing_mark`),
    those of one kind, read or written another way (`form_hint`), must be more than half, with a
    cell written another way, a mark or a totals row among the others; or, whatever the others hold, at least
    MOSTLY of them and two at the least, the others few texts (at most OTHER_TEXTS), as a totals
    row, a header line again or a word for "no value" are. A column of whole numbers one of which
    has a leading zero (codes, kept as text for their zeros) is not pointed out for its other
    cells, which would leave it text.
    """
    cells, counts = first_values(values, LOOKED_AT)
    # Each distinct text is looked at once, and counted as often as it comes.
    counted = numbers = dates = 0
    marked = zeros = False
    for text, times in counts.items():
        mark, number, day, zero = _kind(text)
        if mark:
            marked = True
            continue
        counted += times
        numbers += times * number
        dates += times * day
        zeros = zeros or zero
    wanted, fit = (NUMBERS, numbers) if numbers >= dates else (DATES, dates)
    if 2 * fit <= counted:
        return None  # text, mostly: its cells need no other look
    read = is_number if wanted == NUMBERS else is_date
    formed = number_form if wanted == NUMBERS else date_form
    unread_texts = [text for text in counts if not read(text)]
    if not unread_texts:
        return None
    others = {text.casefold() for text in unread_texts if not formed(text) and not is_missing_mark(text)}
    # A totals row says what the column holds as a mark does: a quarter's three months and their total
    # are a column of dates, though one in four of its cells is no date.
    some_formed = marked or any(formed(text) or is_totals_row(text) for text in unread_texts)
    if not ((some_formed and 2 * fit > counted)
            or (fit >= MOSTLY * counted and fit >= 2 and len(others) <= OTHER_TEXTS and not zeros)):
        return None
    unread, texts = set(unread_texts), CellTexts()
    problem_of = Answers(lambda text: _problem(text, wanted))
    named, problems = [], set()
    for row, value in enumerate(cells, start=1):
        text = texts.of(value)
        if text is None or text not in unread:
            continue
        problem = problem_of[text]
        if problem not in problems:
            problems.add(problem)
            named.append(Cell(row, str(value)))
        if len(named) == NAMED_CELLS:
            break
    return MostlyValues(wanted, tuple(named), header)


def written_otherwise(values: Iterable[object]) -> Cell | None:
    """The first cell of a text column whose values are mostly numbers or dates (`mostly_values`)
    that is not one; None when the column holds text."""
    found = mostly_values(values)
    return None if found is None else found.cells[0]


def without_leading_zeros(value: str) -> str:
    """A whole number's text as a number writes it: `01234` is `1234`, `-007` is `-7`."""
    text = value.strip()
    sign = text[0] if text[0] in "+-" else ""
    return sign.lstrip("+") + (text.lstrip("+-").lstrip("0") or "0")


def leading_zero(values: Iterable[object]) -> Cell | None:
    """The first cell with a leading zero (`01234`) of a text column whose values are all whole
    numbers, which the type rule keeps as text so that the zeros are not lost; None for any other
    column."""
    texts, integer, zero, first = CellTexts(), Answers(_is_integer), Answers(has_leading_zero), None
    for row, value in enumerate(values, start=1):
        text = texts.of(value)
        if text is None:
            continue
        if not integer[text]:
            return None
        if first is None and zero[text]:
            first = Cell(row, str(value))
    return first


def _is_integer(text: str) -> bool:
    return INTEGER_TEXT.fullmatch(text) is not None
