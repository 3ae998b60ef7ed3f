"""A CSV column's cells of dates and times read as moments (`parsed_times`), and the words refusing
one that is none: finer than a microsecond, or no real date or time (`cell_values` refuses an
upload's with them, and reads a data-folder file's column holding one as text).
"""
from __future__ import annotations

import numpy as np
import pandas as pd

from plots.iso_dates import TOO_FINE, date_text, midnight_advice, year_range_advice
from plots.text import quoted

from .csv_types import LONG_FRACTION


def parsed_times(texts: np.ndarray) -> pd.Series:
    """ISO 8601 texts (None for missing) as UTC times, NaT where a text is no real date or time."""
    parsed = pd.to_datetime(pd.Series(texts, dtype=object), format="ISO8601", utc=True, errors="coerce")
    if parsed.dt.unit == "ns":
        # pandas holds nanoseconds within 1677-2262 only: cut the fractions to microseconds (what
        # is stored) and read again, so that a time to the nanosecond leaves the others in range.
        texts = np.array([v if v is None else LONG_FRACTION.sub(r"\1", v) for v in texts], dtype=object)
        parsed = pd.to_datetime(pd.Series(texts, dtype=object), format="ISO8601", utc=True, errors="coerce")
    return _with_upper_case_read(texts, parsed)


def _with_upper_case_read(texts: np.ndarray, parsed: pd.Series) -> pd.Series:
    """`parsed` (`parsed_times` of `texts`), read again where a text it could not read writes a
    lower-case `t` or `z` (`date_text`), which pandas does not read: a column without one is read once."""
    unread = [row for row in np.flatnonzero(parsed.isna().to_numpy()).tolist()
              if texts[row] is not None and date_text(texts[row]) != texts[row]]
    if not unread:
        return parsed
    texts = texts.copy()
    texts[unread] = [date_text(texts[row]) for row in unread]
    # Read whole again, so that pandas gives every value one unit, as fine as the finest needs.
    return parsed_times(texts)


def too_fine_cell(text: str) -> str:
    """The refusal of a cell's time with a fraction finer than a microsecond, which is not stored."""
    return f"{quoted(text)}: {TOO_FINE}"


def unreal_cell(text: str) -> str:
    """The refusal of a cell's date or time that is none in the calendar or on the clock
    (`2024-02-30`, an offset of `+24`); of a time of 24:00, with the next day's 00:00 to write; of a
    year outside 1 to 9999 (`0000-01-01`, `10000-01-01`), with the years the site takes."""
    outside = year_range_advice(text)
    if outside is not None:
        return f"{quoted(text)}: {outside}"
    advice = midnight_advice(text)
    return f"{quoted(text)} is not a real date or time{'' if advice is None else f'; {advice}'}"
