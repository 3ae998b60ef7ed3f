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
    return _merged(parts)


def stepped_parts(resolved: TimeRange, stepped: TimeRange, charts: str) -> list[dict]:
    """Where `stepped`, a relative range as `charts` ("hourly charts") take it to their step
    (`TimeRange.stepped`), starts or ends at another moment than `resolved`, the range as the rest take
    it, those moments in parts as `range_parts` writes them, to follow its words: " · hourly charts
    from 2024-03-31 21:00:00 UTC" (to 21:37 the rest start at, a line of hourly charts that start at
    21:00 would not say); none where they are the same."""
    start = stepped.start if stepped.start is not None and stepped.start != resolved.start else None
    end = stepped.end if stepped.end is not None and stepped.end != resolved.end else None
    if start is None and end is None:
        return []
    parts = [(f" · {charts} ", False)]
    if start is not None:
        parts += [("from ", False), (written_bound(start), True)]
    if end is not None:
        parts += [(" to " if start is not None else "up to ", False), (written_bound(end), True)]
    return _merged(parts)


def _merged(parts: list[tuple[str, bool]]) -> list[dict]:
    """`parts` (text, whether a value) as dicts, the words between values joined into one part."""
    merged: list[dict] = []
    for text, value in parts:
        if merged and not value and not merged[-1]["value"]:
            merged[-1]["text"] += text
        else:
            merged.append({"text": text, "value": value})
    return merged
