"""A workbook's cell as the CSV Excel would save of its sheet holds it: a number as Excel keeps and shows it, to
15 significant digits (a whole one without a point), a percent cell as the number it shows (15 for 15%), a date
or time as ISO 8601 (a midnight as a date), a duration as Excel shows it, a boolean as `true` or `false`, text as
it is, and an error value (`#DIV/0!`) empty, kept aside."""
from __future__ import annotations

import datetime
import re

# The significant digits Excel keeps of a number, and shows: a formula's result past them is float noise
# (5258.66 calculated as 5258.660000000002).
EXCEL_DIGITS = 15
# What a number format holds that is no mark of a percent: quoted text, an escaped character, a colour or a
# condition in brackets, the width of a character (`_%`) or its repetition (`*%`).
NOT_FORMAT_MARKS = re.compile(r'"[^"]*"|\\.|\[[^\]]*\]|[_*].')


def cell_text(cell: dict, errors: list[tuple[int, int, str]], percent_styles: frozenset[int] = frozenset()) -> str:
    """A cell as the CSV holds it; an error value is empty, and kept in `errors` (its row, column and value); a
    number of one of `percent_styles` (`is_percent_cell`) as the number its percent shows."""
    value = cell["value"]
    if value is None:
        return ""
    if cell["data_type"] == "e":
        errors.append((cell["row"], cell["column"], str(value)))
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if percent_styles and is_percent_cell(cell, percent_styles):
        value = value * 100
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        return number_text(value)
    if isinstance(value, datetime.datetime):
        if value.time() == datetime.time(0):
            return value.date().isoformat()
        return value.isoformat()
    if isinstance(value, (datetime.date, datetime.time)):
        return value.isoformat()
    if isinstance(value, datetime.timedelta):
        return duration_text(value)
    return str(value)


def is_percent_cell(cell: dict, percent_styles: frozenset[int]) -> bool:
    """Whether a cell is a number formatted as a percent (its style one of `percent_styles`), which Excel shows
    100 times the number it holds."""
    value = cell["value"]
    return (cell.get("style_id", 0) in percent_styles and isinstance(value, (int, float))
            and not isinstance(value, bool) and cell["data_type"] == "n")


def number_text(value: float) -> str:
    """A float as Excel keeps and shows it, to 15 significant digits, written as Python writes that number back
    exactly: a whole one as Excel's CSV writes it, without a point, where a float holds it exactly."""
    shown = float(f"{value:.{EXCEL_DIGITS}g}")
    return str(int(shown)) if shown.is_integer() and abs(shown) <= 2 ** 53 else repr(shown)


def is_percent_format(code: str) -> bool:
    """Whether a number format (`0%`, `0.0%;[Red]-0.0%`) shows a number as a percent: a `%` of its own, not in
    quoted text, escaped or in brackets."""
    return "%" in NOT_FORMAT_MARKS.sub("", code)


def percent_styles(workbook) -> frozenset[int]:
    """The cell styles (by their index, a cell's `style_id`) of an openpyxl workbook whose number format is a
    percent (`is_percent_format`)."""
    from openpyxl.styles.numbers import BUILTIN_FORMATS_MAX_SIZE, builtin_format_code

    found = set()
    for index, style in enumerate(workbook._cell_styles):
        number = style.numFmtId
        code = (builtin_format_code(number) if number < BUILTIN_FORMATS_MAX_SIZE
                else workbook._number_formats[number - BUILTIN_FORMATS_MAX_SIZE])
        if code and is_percent_format(code):
            found.add(index)
    return frozenset(found)


def duration_text(value: datetime.timedelta) -> str:
    """A duration (a cell of the format `[h]:mm:ss`) as Excel shows it: its hours, minutes and seconds."""
    seconds = value.total_seconds()
    sign = "-" if seconds < 0 else ""
    minutes, second = divmod(abs(seconds), 60)
    hours, minute = divmod(int(minutes), 60)
    whole = f"{sign}{hours}:{minute:02d}:{int(second):02d}"
    fraction = second - int(second)
    return whole if not fraction else f"{whole}{f'{fraction:.3f}'[1:]}"
