"""A workbook's cell as the CSV Excel would save of its sheet holds it: a number as Python writes it back
exactly (a whole one without a point), a date or time as ISO 8601 (a midnight as a date), a duration as Excel
shows it, a boolean as `true` or `false`, text as it is, and an error value (`#DIV/0!`) empty, kept aside."""
from __future__ import annotations

import datetime


def cell_text(cell: dict, errors: list[tuple[int, int, str]]) -> str:
    """A cell as the CSV holds it; an error value is empty, and kept in `errors` (its row, column and value)."""
    value = cell["value"]
    if value is None:
        return ""
    if cell["data_type"] == "e":
        errors.append((cell["row"], cell["column"], str(value)))
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        # A whole number as Excel's CSV writes it, without a point, where a float holds it exactly.
        return str(int(value)) if value.is_integer() and abs(value) <= 2 ** 53 else repr(value)
    if isinstance(value, datetime.datetime):
        if value.time() == datetime.time(0):
            return value.date().isoformat()
        return value.isoformat()
    if isinstance(value, (datetime.date, datetime.time)):
        return value.isoformat()
    if isinstance(value, datetime.timedelta):
        return duration_text(value)
    return str(value)


def duration_text(value: datetime.timedelta) -> str:
    """A duration (a cell of the format `[h]:mm:ss`) as Excel shows it: its hours, minutes and seconds."""
    seconds = value.total_seconds()
    sign = "-" if seconds < 0 else ""
    minutes, second = divmod(abs(seconds), 60)
    hours, minute = divmod(int(minutes), 60)
    whole = f"{sign}{hours}:{minute:02d}:{int(second):02d}"
    fraction = second - int(second)
    return whole if not fraction else f"{whole}{f'{fraction:.3f}'[1:]}"
