"""How a date or time is written, one rule for a dataset's cells and a URL's dates: ISO 8601 as RFC
3339 writes it (`2024-05-01`, `2024-05-01 12:30`, `2024-05-01T12:30:00.5+02:00`, `2024-05-01t12:30:00z`),
and its text as pandas and Python's fromisoformat read it."""
from __future__ import annotations

import re
from datetime import datetime

# A zone (`Z` or a UTC offset) only after a time: a date with one (`2024-01-31Z`, `2024-01-31+02:00`,
# as XML Schema writes a day) is no ISO 8601 date and no date pandas reads, so its column is text.
# An offset may be hours alone (`+02`), as PostgreSQL writes a timestamptz; pandas, Python's
# fromisoformat (the JSON path's and a `from=` bound's reader) and ISO 8601 all read it. A lower-case
# `t` or `z` is one too, as RFC 3339 (§5.6) allows: pandas and fromisoformat do not read it, so a
# date's text is read in upper case (`date_text`).
ISO_DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}(?P<time>[Tt ][0-9]{2}:[0-9]{2}(:[0-9]{2}(\.[0-9]+)?)?"
                      r"(?P<offset>[Zz]|[+-][0-9]{2}(:?[0-9]{2})?)?)?")


def date_text(value: str) -> str:
    """A (stripped) date or time ISO_DATE matches, as pandas and fromisoformat read it: its `t` and `z`
    in upper case."""
    return value.upper()


def read_moment(text: str) -> datetime:
    """A date or time written as fromisoformat reads it, or as ISO_DATE allows (RFC 3339's lower-case
    `t` and `z`: `date_text`); raises ValueError otherwise."""
    return datetime.fromisoformat(date_text(text) if ISO_DATE.fullmatch(text) else text)
