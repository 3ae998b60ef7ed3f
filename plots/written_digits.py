"""The digits of a number written another way (an upload's cells, `app/store/written_forms.py`, and a
URL's number fields, `field_values`): groups of thousands, three digits each or as India groups them,
a decimal comma, and digits and separators of other scripts, with the numbers they may mean, as the
type rule (`app/store/csv_types.py`) and a URL write them."""
from __future__ import annotations

import re

from .text import latin_digits

# Digits with at most one decimal point: a number as the type rule's FLOAT_TEXT and a URL's NUMBER
# (`field_values`) both read it, where it holds no sign and no exponent, as written digits do not.
PLAIN_DIGITS = re.compile(r"[0-9]+\.?[0-9]*|\.[0-9]+")

# Characters that separate groups of three digits, and never mark the decimals: spaces (the no-break
# and thin ones too), apostrophes (as in Switzerland) and the Arabic thousands separator (`1٬234`).
GROUPING = " \u00a0\u202f\u2009'\u2019\u066c"
# What separates India's groups of two digits (lakhs, crores: `1,23,456`).
INDIAN_GROUPING = frozenset(",\u066c")
# Separators of other scripts between a number's digits, as the ASCII ones they stand for: the Arabic
# decimal separator (`١٫٥`), and the full-width comma and full stop of Chinese and Japanese text
# (`１，５`, `１．５`). The Arabic thousands separator (`١٬٢٣٤`) is one of GROUPING.
OTHER_SEPARATORS = {"\u066b": ".", "\uff0c": ",", "\uff0e": "."}


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


def written_number_hint(text: str, whole: bool = False) -> str | None:
    """How to write stripped text that is a number written as the upload's rule reads one
    (`readings_of`, `latin_number`) and a URL's number field does not: a decimal comma (`1,5`: "write
    1.5"), thousands separators (`1.234,5`: "write 1234.5"; `1,234`, both readings), digits or
    separators of another script (`٨٠٠`, `１，５`, `١٫٥`: "write the digits 0–9: 1.5"), after a minus
    sign or not. Only whole numbers where the field takes one alone (`whole`). None for any other text."""
    sign = "-" if text.startswith("-") else ""
    if sign and whole:
        return None  # no field of whole numbers takes one below 0
    digits = text[len(sign):]
    latin = latin_number(digits)
    readings = [reading for reading in readings_of(latin) if not whole or reading.isdigit()]
    if not readings or readings == [digits]:
        return None
    written = [sign + reading for reading in readings]
    example = " or ".join(written) + (" (whichever is meant)" if len(written) > 1 else "")
    return f"write the digits 0–9: {example}" if latin_digits(digits) != digits else f"write {example}"
