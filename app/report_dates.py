"""When the data a dashboard's report draws is of, in the words the report prints under its title.

A stored dataset's data is as of its last write (`DatasetInfo.updated`), a data-folder file's as of its
file's modification time. A source dataset's database tells no time its rows changed, so its data is
as of when the site read them: the start of the period of its source's `cache_seconds` (its
`max_age`) the report asks for them in, a period through which its charts' rows are reused, so that
every report drawn in the period says the same moment and none says a later one than its rows are of.
A source dataset versioned by its `version_sql` value keeps that version across periods, and a report
of it is kept as long: its line says no time of it, which would differ between reports of the same rows.
Each moment is said to the minute, in UTC; none is the moment the report is drawn, which a report
kept in the render cache would say wrongly.
"""
from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Collection, Mapping
from dataclasses import dataclass
from pathlib import Path

from .store import DatasetInfo

UTC = dt.timezone.utc
MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
          "November", "December")


@dataclass(frozen=True)
class DataMoment:
    """When a dataset's data is of, to the minute in UTC (None where that cannot be told), and whether
    that is when its rows were read (a source dataset's) rather than when they last changed; `timed`
    is false for a source dataset versioned by its `version_sql` value, of which no time is said."""

    at: dt.datetime | None
    read: bool = False
    timed: bool = True


def data_moments(infos: Mapping[str, DatasetInfo], file_path: Callable[[str], Path | None],
                 now: float, untimed: Collection[str] = ()) -> dict[str, DataMoment]:
    """When each dataset of `infos` is of: a source dataset's the start of its `max_age` period that
    `now` (seconds since the epoch) falls in, none for one of `untimed` (versioned by its `version_sql`
    value); a data-folder file's (`file_path` gives its path) its modification time; a stored
    dataset's its last write."""
    moments = {}
    for name, info in infos.items():
        if name in untimed:
            moments[name] = DataMoment(None, read=True, timed=False)
            continue
        if info.source is not None:
            seconds = info.max_age or 1
            moments[name] = DataMoment(_minute(dt.datetime.fromtimestamp(now // seconds * seconds, UTC)), read=True)
            continue
        path = file_path(name)
        moments[name] = DataMoment(_file_changed(path) if path is not None else _written(info.updated))
    return moments


def data_line(moments: Mapping[str, DataMoment]) -> str:
    """The report's line of when its datasets' data is of, in their order: one moment for all where
    they share it (`Data as of 7 December 2026, 14:03 UTC: monthly, customers`), the day once where
    they share that (`Data as of 7 December 2026: monthly 14:03 UTC; orders read 14:05 UTC`), else
    each its own (`Data as of: monthly 7 December 2026, 14:03 UTC; customers 1 December 2026, 09:12 UTC`).
    A source's rows are said to be read then (`orders (read from its database then)`); a source whose
    rows could not be read, one whose database tells no time, and a moment not known are said so. "" for none."""
    if not moments:
        return ""
    known = [moment.at for moment in moments.values()]
    if None not in known and len(set(known)) == 1:
        names = ", ".join(f"{name} (read from its database then)" if moment.read else name for name, moment in moments.items())
        return f"Data as of {moment_words(known[0])}: {names}"
    days = {at.date() for at in known if at is not None}
    one_day = None not in known and len(days) == 1
    said = "; ".join(_dataset_words(name, moment, with_day=not one_day) for name, moment in moments.items())
    return f"Data as of {_day_words(known[0])}: {said}" if one_day else f"Data as of: {said}"


def moment_words(at: dt.datetime, with_day: bool = True) -> str:
    """A moment as a report says it, to the minute: `7 December 2026, 14:03 UTC` (`14:03 UTC` without its day)."""
    time = f"{at:%H:%M} UTC"
    return f"{_day_words(at)}, {time}" if with_day else time


def _day_words(at: dt.datetime) -> str:
    """A day as a report says it, its month in words: `7 December 2026`, read alike wherever the reader is."""
    return f"{at.day} {MONTHS[at.month - 1]} {at.year}"


def _dataset_words(name: str, moment: DataMoment, with_day: bool) -> str:
    """One dataset's part of the line: `monthly 14:03 UTC`, `orders read 14:05 UTC`, each with its day before
    its time where `with_day`; `orders could not be read`, `orders (its database tells no time)`,
    `monthly (when it last changed is not known)`."""
    if moment.at is None:
        if not moment.timed:
            return f"{name} (its database tells no time)"
        return f"{name} could not be read" if moment.read else f"{name} (when it last changed is not known)"
    return f"{name}{' read' if moment.read else ''} {moment_words(moment.at, with_day)}"


def _minute(at: dt.datetime) -> dt.datetime:
    """`at` in UTC, to the minute it falls in."""
    return at.astimezone(UTC).replace(second=0, microsecond=0)


def _written(updated: str) -> dt.datetime | None:
    """A stored dataset's last write (`DatasetInfo.updated`, ISO 8601 in UTC), None where it has none."""
    try:
        at = dt.datetime.fromisoformat(updated.replace("Z", "+00:00"))
    except ValueError:
        return None
    return _minute(at if at.tzinfo is not None else at.replace(tzinfo=UTC))


def _file_changed(path: Path) -> dt.datetime | None:
    """When the file at `path` was last modified, None where it cannot be asked (removed since it was read)."""
    try:
        return _minute(dt.datetime.fromtimestamp(path.stat().st_mtime, UTC))
    except (OSError, OverflowError, ValueError):
        return None
