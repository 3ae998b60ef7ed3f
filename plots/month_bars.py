"""Bars of months labelled with the months' names, as a date axis writes them ("Jan", "Feb", …), each
year written once (`month_names`)."""
from __future__ import annotations

import re
from collections.abc import Sequence

from .date_bars import BarCounts

# The months' names a bar of a month is labelled with where they fit across (`month_names`), as a date axis
# writes them (matplotlib's concise formatter: "Jan", "Feb", …).
MONTH_NAMES = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")
MONTH_LABEL = re.compile(r"(?P<year>[0-9]{4})-(?P<month>[0-9]{2})")


def month_names(labels: Sequence[str], counted: BarCounts | None) -> tuple[list[str], str] | None:
    """Labels of bars of months (2024-01, 2024-02, …) written as a date axis writes months, "Jan",
    "Feb", …, the first bar's year written once as the axis' offset ("2024") and each later year on
    its January, as a line's first tick of a new year names it ("Nov", "Dec", "2025", "Feb"); None
    for other labels, for months that thinning (`counted`, `period_counts`) may keep without their
    January, or for a year whose first bar is no January, which no label would name.

    "2024-01" is twice as wide as "Jan": twelve of them were turned upwards under a bar chart 640
    pixels wide, where the names fit across."""
    found = [MONTH_LABEL.fullmatch(label) if label else None for label in labels]
    if counted is None or not all(found) or len(labels) < 2:
        return None
    if 12 not in counted[1]:  # thinned by another step, a January may go where its months stay
        return None
    written, year = [], found[0]["year"]
    for at, match in enumerate(found):
        month = int(match["month"])
        if match["year"] != year:
            if month != 1:
                return None
            year = match["year"]
            written.append(year)
        else:
            written.append(MONTH_NAMES[month - 1])
    return written, found[0]["year"]
