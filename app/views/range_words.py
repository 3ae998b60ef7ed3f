"""A time range in words, as a page's "Showing:" line and a chart's notes say it: each bound as asked
and as the moment it stands for."""
from __future__ import annotations

from plots.timerange import TimeBound, TimeRange, written_bound


def range_text(asked: TimeRange, resolved: TimeRange) -> str:
    """The range in words: "2025-01-01 to 2025-06-30", "now-7d (2026-11-11 10:00:00 UTC) onwards", "all rows"."""
    return "".join(part["text"] for part in range_parts(asked, resolved))


def range_parts(asked: TimeRange, resolved: TimeRange) -> list[dict]:
    """The range in words (`range_text`) in parts, each its text and whether it is a value (`value`): a bound
    as asked relative to now (`now-7d`) and each moment, which a page writes in an element a browser's
    translation leaves as it is (it would write "now-7d" or a date its own way), the words around them
    ("onwards", "to", "up to") translated."""
    def bound(raw: TimeBound, moment: TimeBound) -> list[tuple[str, bool]]:
        shown = written_bound(moment)
        return [(raw.text, True), (" (", False), (shown, True), (")", False)] if raw.relative else [(shown, True)]

    start = bound(asked.start, resolved.start) if asked.start else None
    end = bound(asked.end, resolved.end) if asked.end else None
    if start and end:
        parts = [*start, (" to ", False), *end]
    elif start:
        parts = [*start, (" onwards", False)]
    else:
        parts = [("up to ", False), *end] if end else [("all rows", False)]
    merged: list[dict] = []
    for text, value in parts:
        if merged and not value and not merged[-1]["value"]:
            merged[-1]["text"] += text
        else:
            merged.append({"text": text, "value": value})
    return merged
