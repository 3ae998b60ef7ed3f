"""What a chart's words say of what its bounds leave out of its plot or cut: bars and boxes
beyond ymin or ymax, each marked by a triangle (`marks_beyond`, `marks_beyond_words`), a box
plot's outliers beyond them, off the plot (`outliers_beyond_words`), series
lying wholly beyond them (`series_beyond_words`), and the values a histogram's xmin and xmax leave
out of its bins (`outside_words`, `all_outside_note`); and the rows beyond a line's x bounds it runs
on to (`neighbours_words`, `line_between_words`), or that holds the rows within them
(`period_holding_words`)."""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from .bound_marks import beyond_bounds, lying_beyond
from .mark_extents import mark_spans
from .bound_notes import WrittenBounds, beyond_words
from .histogram_bins import ValuesOutside
from .kind import kind_of
from .rows import MarkSpans
from .spec import ChartSpec, listed
from .text import names_listed
from .x_window import Neighbours


# The shortest form of the note over a histogram whose values all lie outside its bins, by where
# they lie: an arrow pointing there, as for values beyond the y bounds (`BEYOND_ARROWS`).
OUTSIDE_ARROWS = {"below": "\u2190", "above": "\u2192", "both": "\u2194"}


def all_outside_note(outside: ValuesOutside, bounds: WrittenBounds) -> tuple[str, ...]:
    """The note over a histogram none of whose values lie within the bins xmin/xmax gave it, and
    shorter forms of it: "All 5 values lie above xmax 10", "All above xmax", "All above", "→";
    "All 5 values lie outside the bins, 3 below xmin 0 and 2 above xmax 10", "None between xmin
    and xmax", "↔"."""
    below = sum(n for _, n, _ in outside.series)
    above = sum(n for _, _, n in outside.series)
    if below and above:
        return (f"All {outside_words(below, above, bounds, more=False)}", "None between xmin and xmax",
                OUTSIDE_ARROWS["both"])
    side, bound = ("below", "xmin") if below else ("above", "xmax")
    return (f"All {_values_lie(below + above, more=False)} {_outside_on(side, bounds)}", f"All {side} {bound}",
            f"All {side}", OUTSIDE_ARROWS[side])


def outside_words(below: int, above: int, bounds: WrittenBounds, more: bool) -> str:
    """Where the values of a histogram's series that its xmin/xmax leave out of its bins lie, `below`
    xmin and `above` xmax: "2 more values lie below xmin 0, outside the bins", "3 more values lie
    outside the bins, 2 below xmin 0 and 1 above xmax 10" (without `more`, where the bins count
    none of the series' values: "5 values lie …")."""
    values = _values_lie(below + above, more)
    if below and above:
        return (f"{values} outside the bins, {below} {_outside_on('below', bounds)} and {above} "
                f"{_outside_on('above', bounds)}")
    return f"{values} {_outside_on('below' if below else 'above', bounds)}, outside the bins"


def _values_lie(count: int, more: bool) -> str:
    """"1 value lies", "5 values lie", "2 more values lie"."""
    return f"{count} {'more ' if more else ''}{'value lies' if count == 1 else 'values lie'}"


def _outside_on(side: str, bounds: WrittenBounds) -> str:
    """Where values left out of a histogram's bins on `side` lie: "below xmin 0", "above xmax 10"."""
    return f"below xmin {bounds.xmin}" if side == "below" else f"above xmax {bounds.xmax}"


@dataclass(frozen=True)
class Beyond:
    """The marks of a chart reaching beyond ymin or ymax, each marked by a triangle on that edge:
    what they are ("bar", "box"), how many of each series' lie wholly below ymin and above ymax
    (drawing nothing in the plot), and how many of each series are cut at ymin and at ymax (drawn
    to the plot's edge, a bar's value or a box's whisker past it; a box may be cut at both); the
    series with none left out."""

    mark: str
    below: tuple[tuple[str, int], ...]
    above: tuple[tuple[str, int], ...]
    cut_below: tuple[tuple[str, int], ...] = ()
    cut_above: tuple[tuple[str, int], ...] = ()


def marks_beyond(spec: ChartSpec, data: pd.DataFrame, spans: MarkSpans | None = None) -> Beyond | None:
    """The marks a chart of `data` (as `chart_frame` shaped it) draws as triangles on the plot's
    edges for reaching beyond its y bounds: bars, a histogram's bars, box plots (`mark_spans`);
    None when there are none (always, without bounds).

    A bar reaching past a bound by its value either lies beyond it, none of its length in the plot
    (5 under ymin=10, -3 under ymin=0), or is cut at it (20 under ymax=10, -9 under ymin=-5); a
    box reaching past one by a whisker likewise lies wholly beyond it or is cut at it
    (`beyond_bounds`). `spans`: where the marks lie, where they were found already (a stack's,
    `stacking.stacked_spans`); by default `mark_spans` of `data`."""
    if spec.ymin is None and spec.ymax is None:
        return None
    spans = mark_spans(spec, data) if spans is None else spans
    if spans is None:
        return None
    counts: tuple[list, list, list, list] = ([], [], [], [])
    for name, lowest, highest in zip(spec.y, spans.lowest, spans.highest):
        below, above = beyond_bounds(lowest, highest, spec)
        lying_below, lying_above = lying_beyond(lowest, highest, spec)
        lying_below, lying_above = below & lying_below, above & lying_above
        for marks, counted in zip((lying_below, lying_above, below & ~lying_below, above & ~lying_above), counts):
            if marks.any():
                counted.append((name, int(marks.sum())))
    mark = "box" if kind_of(spec).x_axis == "series" else "bar"
    return Beyond(mark, *(tuple(counted) for counted in counts)) if any(counts) else None


def marks_beyond_words(beyond: Beyond, bounds: WrittenBounds) -> str:
    """What lies beyond the y bounds, as the plot's edges mark it: "3 bars lie below ymin 30
    (marked by triangles)", "2 bars are cut off at ymax 750 (marked by triangles)", "1 bar lies
    below ymin 10 and 2 are cut off at ymax 40 (marked by triangles)"; boxes, one per series, by
    the series' names, those lying beyond first: "The box of b lies below ymin 50 and the box of c
    above ymax 90 (marked by triangles)", "The box of a is cut off at ymin 5 and the box of c at
    ymax 110", "The boxes of a and b are cut off at ymin 3 and at ymax 8". A clause says its verb
    where the one before said another, and its boxes where the one before named others."""
    clauses = []
    total = 0
    said = None
    named = None
    parts = ((beyond.below, "below", False), (beyond.cut_below, "below", True),
             (beyond.above, "above", False), (beyond.cut_above, "above", True))
    if beyond.mark == "box":  # those lying beyond first: a box cut at both ends is named once
        parts = (parts[0], parts[2], parts[1], parts[3])
    for counted, side, cut in parts:
        if not counted:
            continue
        count = sum(n for _, n in counted)
        total += count
        if beyond.mark == "box":
            names = [name for name, _ in counted]
            subject = "" if names == named else f"the {'box' if count == 1 else 'boxes'} of {listed(names_listed(names))}"
            named = names
        else:
            subject = f"{count} {beyond.mark}{'' if count == 1 else 's'}" if not clauses else str(count)
        if cut:
            verb = "" if said == "cut" else (" is" if count == 1 else " are") + " cut off"
            where = f"at ymin {bounds.ymin}" if side == "below" else f"at ymax {bounds.ymax}"
        else:
            verb = "" if said == "lie" else (" lies" if count == 1 else " lie")
            where = beyond_words(side, bounds)
        said = "cut" if cut else "lie"
        clauses.append(f"{subject}{verb} {where}".lstrip())  # "and at ymax 8", of the boxes just named
    marks = "a triangle" if total == 1 else "triangles"
    words = " and ".join(clauses)
    return f"{words[0].upper()}{words[1:]} (marked by {marks})"


def outliers_beyond_words(spec: ChartSpec, data: pd.DataFrame, bounds: WrittenBounds) -> str | None:
    """How many outliers of a box plot of `data` lie beyond its y bounds, off the plot, by series:
    "1 outlier of b lies below ymin 0, off the plot", "3 outliers of a and b lie below ymin 0 and 1
    of b above ymax 50, off the plot"; None where none do (always, without bounds, and for other kinds).

    A box or whisker beyond a bound is marked by a triangle (`marks_beyond`); an outlier there is
    left out of the plot as a missing value is, and without these words nothing would tell of it."""
    if kind_of(spec).x_axis != "series" or (spec.ymin is None and spec.ymax is None):
        return None
    spans = mark_spans(spec, data)
    if spans is None:
        return None
    clauses = []
    for side, bound in (("below", spec.ymin), ("above", spec.ymax)):
        if bound is None:
            continue
        counted = []
        for name, stats in zip(spec.y, spans.stats):
            fliers = np.asarray(stats["fliers"], dtype=float)
            count = int((fliers < float(bound)).sum() if side == "below" else (fliers > float(bound)).sum())
            if count:
                counted.append((name, count))
        if not counted:
            continue
        count = sum(n for _, n in counted)
        names = listed(names_listed([name for name, _ in counted]))
        if clauses:
            clauses.append(f"{count} of {names} {beyond_words(side, bounds)}")
        else:
            lie = "outlier of {} lies" if count == 1 else "outliers of {} lie"
            clauses.append(f"{count} {lie.format(names)} {beyond_words(side, bounds)}")
    return f"{' and '.join(clauses)}, off the plot" if clauses else None


def series_beyond_words(series: dict[str, str], bounds: WrittenBounds) -> str:
    """Which series lie wholly beyond the y bounds (`series_beyond`), in the words of the bars'
    sentence (`marks_beyond_words`): "Wolf lies below ymin 25", "Deer and Wolf lie below ymin 25 and
    Bear above ymax 40"."""
    clauses = []
    for side in ("below", "above", "both"):
        names = [name for name, lies in series.items() if lies == side]
        if not names:
            continue
        verb = "" if clauses else (" lies" if len(names) == 1 else " lie")
        clauses.append(f"{listed(names_listed(names))}{verb} {beyond_words(side, bounds)}")
    return "; ".join(clauses) if len(clauses) > 2 else " and ".join(clauses)


def line_joins(spec: ChartSpec, rows: pd.DataFrame) -> bool:
    """Whether a line of `rows` (a chart's, one after another) is drawn through them all: where a
    series has a value at each (a missing one breaks it there)."""
    return any(bool(rows[name].notna().all()) for name in dict.fromkeys(spec.y))


def drawn_neighbours(spec: ChartSpec, whole: pd.DataFrame, marked: Neighbours) -> Neighbours:
    """The rows beyond the x bounds a line of `whole` (`marked` as holding them) is drawn on to:
    those it joins to the nearest row within (`line_joins`), which the words say it runs on to."""
    before = bool(marked.before) and line_joins(spec, whole.iloc[:2])
    after = bool(marked.after) and line_joins(spec, whole.iloc[-2:])
    return Neighbours(int(before), int(after), marked.rows)


def neighbours_words(marked: Neighbours, point: str = "row") -> str:
    """What the words add after the x a line spans where it runs on to rows beyond its x bounds
    (`Neighbours`): "; the line runs on to the nearest row before xmin"; nothing where it does not.
    `point`: what each of its points is, a row or, resampled, a period ("the nearest month")."""
    ends = [end for end, count in (("before xmin", marked.before), ("after xmax", marked.after)) if count]
    return f"; the line runs on to the nearest {point} {' and the one '.join(ends)}" if ends else ""


def line_between_words(x_name: str, before: str, after: str, point: str = "row") -> str:
    """What the words say of a line's window no row lies in, between the rows `before` and `after`
    (their x as the words write it) that it runs between; `point` as `neighbours_words` has it."""
    return f"The line between the nearest {point}s either side of this range, {x_name} {before} and {after}"


def period_holding_words(start: str, point: str) -> str:
    """What the words say of a resampled line's window no period starts in, whose rows all belong
    to the one xmin falls in (`x_window.period_holding`), starting at `start` (as the words write
    it): "The rows in this range belong to the month of 2024-02, which starts before xmin"."""
    return f"The rows in this range belong to the {point} of {start}, which starts before xmin"
