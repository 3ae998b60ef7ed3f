"""How to write a cell whose number or date the type rule (`csv_types`) does not read, told by its
form: a decimal comma, thousands separators, a percent, currency or unit sign, a Unicode minus,
accounting brackets for a negative, a thousand or a million as `k` or `M`, a bound or an estimate
(`<1`), a dash or another mark for a missing value, a spreadsheet's error, a number as program code
writes it (`coded_numbers`), a date in another order than YYYY-MM-DD (`written_dates`).

Locales are not guessed: `1,234` is a thousand and more in one and one and a bit in another, and
`01/02/2024` the 1st of February or the 2nd of January, so a hint gives both readings.
"""
from __future__ import annotations

import re
from decimal import Decimal, localcontext

from plots.iso_dates import ISO_DATE, year_range_advice
from plots.text import SHOWN_CHARACTERS, quoted_cut
from plots.unit_ticks import named_unit
from plots.written_digits import (BRACKETED, GROUPING, OTHER_MINUS, number_words, readings_of,
                                  script_hint)

from .coded_numbers import coded_hint
from .numbers_and_dates import is_number, unreal_moment
from .written_dates import date_hint
from .written_units import CURRENCY_CODES, CURRENCY_WORDS, is_unit

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
# A run of characters a hint may rewrite a cell's number or date into: no space, punctuation or quote.
HINT_RUN = re.compile(r"[^\s,;()'\"]{%d,}" % (SHOWN_CHARACTERS + 2))


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
        return number_words(sign, bracketed is not None, match["digits"], readings, unit=bool(unit),
                            percent=match["after"] == "%", currency=_charted_currency(text))
    readings = [_in_full(reading, multiplier[0]) for reading in readings]
    written = f"the number in full, taking {match['after']} for {multiplier[1]}"
    return number_words(sign, bracketed is not None, match["digits"], readings, written, bool(unit),
                        currency=_charted_currency(text))


def currency_of(text: str) -> str | None:
    """The currency sign or code a stripped number written another way is written with (`$` of
    `$(1,200.00)`, `EUR` of `1200 EUR`), or None for one without a currency (`1,5`, `12 kg`, `5%`). The
    letters before a sign are left out (`US$` and `C$` are `$`): where `$` alone stands beside them, which
    dollar it is the sign does not say."""
    bracketed = BRACKETED.fullmatch(text)
    if bracketed is not None:
        text = bracketed["before"] + bracketed["amount"] + bracketed["after"]
    match = NUMBER_WRITTEN.fullmatch(text.strip())
    if match is None:
        return None
    for unit in (match["before"], match["after"]):
        if unit and (re.search(f"[{CURRENCY}]", unit) or unit in CURRENCY_CODES or unit in CURRENCY_WORDS):
            return unit.lstrip("ABCDEFGHIJKLMNOPQRSTUVWXYZ") or unit
    return None


def _charted_currency(text: str) -> str | None:
    """The currency sign or code of an amount (`currency_of`) that a column's name can give its charts
    (`unit_ticks.named_unit`: `$`, `€`, `USD`; not a word, `kr`), or None."""
    currency = currency_of(text)
    return currency if currency is not None and named_unit(f"({currency})") == currency else None


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


def mark_hint(text: str) -> str | None:
    """What to do about a mark for "no value" or a spreadsheet's error, or None for any other text."""
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
    return ((ISO_DATE.fullmatch(text) is not None and unreal_moment(text) is not None) or date_hint(text) is not None
            or year_range_advice(text) is not None)


def form_hint(value: str) -> str | None:
    """How to write a cell whose number or date the type rule does not read, chosen by its form (a
    decimal comma, a thousands separator, a unit or currency sign, a Unicode minus, accounting
    brackets, `k` for a thousand, a bound, a mark for a missing value or a spreadsheet's error, a
    hexadecimal number or one grouped by underscores, a date in another order); None for a cell of no such form (a word, say)."""
    text = value.strip()
    if ISO_DATE.fullmatch(text):
        return unreal_moment(text)
    outside = year_range_advice(text)
    if outside is not None:
        return outside
    hint = mark_hint(text) or number_hint(text) or coded_hint(text) or date_hint(text)
    return None if hint is None else runs_cut(hint)


def runs_cut(words: str) -> str:
    """`words` with each run of over SHOWN_CHARACTERS characters between spaces, punctuation and quotes
    (a long cell's number as a hint rewrites it) cut to them, with "…" and its length, as a message
    quotes a long value ('1111…' (131072 characters) without the quotes): a hint tells the form, and
    the cell is the rows' to give whole."""
    return HINT_RUN.sub(lambda run: quoted_cut(run[0], str), words)
