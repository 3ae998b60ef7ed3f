"""The digits of a number written another way (an upload's cells, `app/store/form_hints.py`, and a
URL's number fields, `field_values`): groups of thousands, three digits each or as India groups them,
a decimal comma, a minus written another way or as accounting's brackets, and digits and separators
of other scripts, with the numbers they may mean, as the type rule (`app/store/csv_types.py`) and a URL
write them, and the words that say how to write them, the same for both."""
from __future__ import annotations

import re
from collections.abc import Callable

from .text import latin_digits

# Digits with at most one decimal point: a number as the type rule's FLOAT_TEXT and a URL's NUMBER
# (`field_values`) both read it, where it holds no sign and no exponent, as written digits do not.
PLAIN_DIGITS = re.compile(r"[0-9]+(?:\.[0-9]*)?|\.[0-9]+")

# Characters that separate groups of three digits, and never mark the decimals: spaces (the no-break
# and thin ones too), apostrophes (as in Switzerland) and the Arabic thousands separator (`1٬234`).
GROUPING = " \u00a0\u202f\u2009'\u2019\u066c"
# What separates India's groups of two digits (lakhs, crores: `1,23,456`).
INDIAN_GROUPING = frozenset(",\u066c")
# Separators of other scripts between a number's digits, as the ASCII ones they stand for: the Arabic
# decimal separator (`١٫٥`), and the full-width comma and full stop of Chinese and Japanese text
# (`１，５`, `１．５`). The Arabic thousands separator (`١٬٢٣٤`) is one of GROUPING.
OTHER_SEPARATORS = {"\u066b": ".", "\uff0c": ",", "\uff0e": "."}
# Signs a minus is written with besides the ASCII hyphen-minus: the minus sign, the en and figure
# dashes, and the small and fullwidth hyphen-minus, as word processors and spreadsheets write them.
OTHER_MINUS = "\u2212\u2013\u2012\ufe63\uff0d"
# Accounting's negative amounts: `(100)`, `$(1,200.00)`, `($5)`.
BRACKETED = re.compile(r"(?P<before>[^()]*)\((?P<amount>[^()]+)\)(?P<after>[^()]*)")
# A number's written digits, a sign before them or not (`signed_hint`).
SIGNED = re.compile(rf"(?P<sign>[+\-{OTHER_MINUS}]?)\s*(?P<digits>[0-9](?:[0-9.,{GROUPING}]*[0-9])?|[.,][0-9]+)")
# How a number written another way is to be written, and what it is to be written without.
WITH_POINT = "numbers with a point"
NUMBER_ADVICE = "no thousands separators, units or currency signs"


def _grouped(whole: str, separator: str) -> str | None:
    """The digits of a whole number written in groups of three (`1,234,567`, `1 234`), or with
    commas as India groups them, the last three digits, then twos (`1,23,456`), or None when its
    groups are not so (the first of one to three digits, not starting with 0, the others of three)."""
    pattern = f"[{re.escape(separator)}]"
    groups = re.split(pattern, whole)
    if len(groups) < 2 or not groups[0] or groups[0].startswith("0") or not all(map(str.isdigit, groups)):
        return None
    sizes = [len(group) for group in groups]
    indian = (sizes[0] <= 2 and sizes[-1] == 3 and all(size == 2 for size in sizes[1:-1])
              and set(re.findall(pattern, whole)) <= INDIAN_GROUPING)
    if not indian and (sizes[0] > 3 or any(size != 3 for size in sizes[1:])):
        return None
    return "".join(groups)


def readings_of(digits: str) -> list[str]:
    """The numbers (as the type rule writes them) that digits written with separators may mean:
    one, or two where a lone comma before three digits may separate thousands or mark the decimals
    (`1,234`); none when the separators fit no way of writing numbers."""
    if PLAIN_DIGITS.fullmatch(digits):
        return [digits]
    if digits.startswith(","):
        return ["0." + digits[1:]]
    spaced = any(ch in GROUPING for ch in digits)
    marks = [ch for ch in digits if ch in ".,"]
    if not marks:
        whole = _grouped(digits, GROUPING)
        return [whole] if whole else []
    last = digits.rfind(marks[-1])
    before, after = digits[:last], digits[last + 1:]
    if not after.isdigit():
        return []
    others = set(marks[:-1])
    if not others and not spaced:
        if marks[-1] == ".":
            return []  # two points, or a point among other separators: no number
        if len(after) == 3 and _grouped(digits, ",") is not None:
            return [before + after, f"{before}.{after}"]
        return [f"{before}.{after}"] if before.isdigit() else []
    if marks.count(marks[-1]) > 1:
        # The same mark between every group (`1.234.567`, `1,234,567`): thousands, no decimals.
        whole = _grouped(digits, marks[-1] + GROUPING)
        return [whole] if whole and not others - {marks[-1]} else []
    if len(others) > 1:
        return []
    whole = _grouped(before, "".join(others) + GROUPING)
    return [f"{whole}.{after}"] if whole else []


def latin_number(text: str) -> str:
    """`text` with the digits of other scripts written 0–9 (`latin_digits`) and the separators of
    other scripts written as the ASCII ones they stand for (`OTHER_SEPARATORS`): `١٫٥` is 1.5."""
    if text.isascii():
        return text
    return "".join(OTHER_SEPARATORS.get(ch, ch) for ch in latin_digits(text))


def number_words(sign: str, bracketed: bool, digits: str, readings: list[str], written: str = WITH_POINT,
                 unit: bool = False, percent: bool = False, currency: str | None = None) -> str | None:
    """How to write a number of `digits` that may mean `readings` (`readings_of`), the `sign` written
    before it (`+`, `-` or another minus, `OTHER_MINUS`) or `bracketed` as accounting writes a negative
    one: "write numbers with a point: 1.5, no thousands separators…", "write a minus as '-': -5";
    `written`: how it is to be written where not with a point (in full, after a multiplier), `unit`:
    whether a unit or currency was written with it, `percent`: whether that unit is a percent sign, whose
    number is the percentage as written (12.5 of `12.5%`, not 0.125), `currency`: the currency sign that
    unit is, which a column's name can give its charts (`unit_ticks`). None where it is a number as it is."""
    other_minus = bool(sign) and sign in OTHER_MINUS
    plain = written == WITH_POINT and not unit
    if plain and not (other_minus or bracketed) and readings == [digits]:
        return None  # a number as it is (with spaces inside the sign?): nothing to say
    signed = ["-" + reading if sign and sign != "+" else reading for reading in readings]
    example = " or ".join(signed) + (" (whichever is meant)" if len(signed) > 1 else "")
    minus = "write a minus as '-'" + (", not brackets," if bracketed else "")
    if (other_minus or bracketed) and plain and readings == [digits]:
        return f"{minus.rstrip(',')}: {example}"
    lead = f"{minus} and {written}" if other_minus or bracketed else f"write {written}"
    tail = " (a column's name can say its unit)" if unit else ""
    charts = "which its charts then write beside each value"
    if percent:
        shown = f", {signed[0]} for {signed[0]}%" if len(signed) == 1 else ""
        tail = (f" (the percentage as written{shown}, not a fraction of one; a column's name can say its unit, "
                f"{charts}: 'share (%)')")
    elif currency is not None:
        tail = f" (a column's name can say its currency, {charts}: 'amount ({currency})')"
    return f"{lead}: {example}, {NUMBER_ADVICE}{tail}"


def signed_hint(text: str, whole: bool = False) -> str | None:
    """How to write stripped text of digits 0–9 that is a number written another way (`readings_of`),
    a sign before it or brackets around it or neither (`number_words`): `1,5`, `(5)`, `−1,234`. Only
    whole numbers, without a sign, where only they are taken (`whole`). None for any other text."""
    bracketed = BRACKETED.fullmatch(text)
    if bracketed is not None:
        if bracketed["before"] or bracketed["after"]:
            return None
        text = bracketed["amount"]
    match = SIGNED.fullmatch(text)
    if match is None or (bracketed and match["sign"]) or (whole and (bracketed or match["sign"])):
        return None
    readings = [reading for reading in readings_of(match["digits"]) if not whole or reading.isdigit()]
    if not readings:
        return None
    return number_words("-" if bracketed else match["sign"], bracketed is not None, match["digits"], readings)


def script_hint(text: str, hint: Callable[[str], str | None], is_number: Callable[[str], object]) -> str | None:
    """How to write stripped text that is a number written another way, its digits or separators
    those of another script too (`latin_number`): `١٫٥`, "write digits 0–9 and a decimal point '.', not
    '٫': 1.5"; `١,٥`, "write digits 0–9 and numbers with a point: 1.5, …"; `1,5`, as `hint` says of
    text of digits 0–9. `is_number`: whether text of digits 0–9 is a number as it is, as the caller
    takes one. None for any other text."""
    latin = latin_number(text)
    if latin == text:
        return hint(text)
    digits = ["digits 0–9"] if latin_digits(text) != text else []
    if is_number(latin):
        points = [f"a decimal point '.', not '{mark}'" for mark in dict.fromkeys(text) if mark in OTHER_SEPARATORS]
        return f"write {' and '.join(digits + points)}: {latin}"
    advice = hint(latin)
    if advice is None or not advice.startswith("write "):
        return None
    return f"write digits 0–9 and {advice[len('write '):]}" if digits else advice
