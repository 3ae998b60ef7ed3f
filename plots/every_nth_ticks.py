"""Tick labels thinned to every n-th tick where fewer ticks asked of the axis' locator still run
together (`every_nth_apart`), and the least n at which they may stand apart (`least_step`), which
a date axis' last resort (`date_ticks.several_dates_apart`) starts from too.
"""
from __future__ import annotations

import itertools
import math
import re
from collections.abc import Callable, Iterator, Sequence
from dataclasses import replace

import numpy as np
from matplotlib.axis import Axis, XAxis
from matplotlib.ticker import FixedLocator

from .tick_hints import kept_tick_labels, reads_apart, tick_counts
from .ticks import LABEL_GAP, LINE_HEIGHT, TICK_SIZE, AxisTicks, labels_apart, round_steps, tick_places


def every_nth_apart(axis: Axis, ticks: AxisTicks) -> AxisTicks:
    """`ticks` with only every n-th kept, n the smallest that sets their labels apart.

    Ticks that count (`tick_hints.count_ticks`: periods) keep those on multiples of one of their steps, as do
    labels that count in whole numbers (years, an integer column's values) of a round step
    (`round_steps`: 1900, 1905, 1910, not 1900, 1903, 1906); others every n-th from the first,
    and bars of dates or numbers (`_labels_the_last`) the last one too (`_fewer_kept`). Those
    a round step would leave with one label keep two or more at a step of their own where they
    fit (`several_every_nth`). Every n-th from the first is labelled among those kept where labels
    leave out what a tick thinned away writes (`tick_hints.label_kept_ticks`): bars of moments of
    two years "2024-12-31 22:00", "12-31 23:00", "2025-01-01 00:00", "01-01 01:00" kept every
    other, "2024-12-31 22:00", "2025-01-01 00:00", not "01-01 01:00" read as a day of 2024.
    """
    counted = tick_counts(axis)
    stepped = _step_values(ticks, counted)
    labels_of = kept_tick_labels(axis) if stepped is None else None
    for kept in _fewer_kept(ticks, stepped, _labels_the_last(axis)):
        thinned = _labelled_anew(ticks.only(kept), labels_of)
        if kept and labels_apart(axis, thinned):
            break
    else:
        thinned = _labelled_anew(ticks.only([0]), labels_of)
    if stepped is not None and len(thinned.shown_labels()) < 2 <= len(ticks.shown_labels()):
        return several_every_nth(axis, ticks, thinned)
    return thinned


def _step_values(ticks: AxisTicks, counted: tuple[dict[float, int], tuple[int, ...]] | None,
                 ) -> tuple[list[int], list[int]] | None:
    """What `ticks` count and the steps larger than 1 they may be thinned to, for ticks that count
    (`counted`, as `tick_hints.count_ticks` gave it) or labels that count in whole numbers; None for others."""
    if counted is not None and all(loc in counted[0] for loc in ticks.locs):
        return [counted[0][loc] for loc in ticks.locs], [step for step in counted[1] if step > 1]
    if (numbers := _counted(ticks.labels)) is not None:
        values, unit = numbers
        span = (values[-1] - values[0]) // unit + 1
        return values, [step * unit for step in itertools.takewhile(lambda step: step <= span,
                                                                     itertools.islice(round_steps(), 1, None))]
    return None


def _labels_the_last(axis: Axis) -> bool:
    """Whether `axis`' ticks thinned every n-th keep the last too: a tick per bar (a fixed one) of
    dates or numbers (`tick_hints.thin_rather_than_turn`), whose labels say what the bars span,
    read from the first to the last. Names thinned every n-th stay evenly so, each its own."""
    return reads_apart(axis) and isinstance(axis.get_major_locator(), FixedLocator)


def _fewer_kept(ticks: AxisTicks, stepped: tuple[list[int], list[int]] | None,
                ends: bool = False) -> Iterator[list[int]]:
    """The indices of ever fewer of `ticks`: for ticks that count (`stepped`, their values and
    steps), those on multiples of ever larger steps (none for a step with no multiple among them);
    for others every second, third, … from the first.

    With `ends` (bars of dates or numbers), every n-th from the first and the last as well, else the
    last in place of the n-th before it: bars of irregular dates thinned to every 4th from the
    first of 30 left the last two bars, and what the chart ends with, unlabelled. Between the
    last two kept lie n to 2n - 1 ticks; a tick's label names its own category, whatever the step."""
    if stepped is None:
        count = len(ticks.labels)
        for step in range(2, count + 1):
            yield from _with_last(list(range(0, count, step)), count) if ends else [list(range(0, count, step))]
        return
    values, steps = stepped
    for step in steps:
        yield [i for i, value in enumerate(values) if value % step == 0]


def _with_last(kept: list[int], count: int) -> Iterator[list[int]]:
    """`kept`, indices of every n-th of `count` ticks from the first, with the last tick as well,
    then with the last in place of the one before it (n to 2n - 1 ticks after the one before
    that), for labels that would run into its own; as they are where they hold the last."""
    if kept[-1] == count - 1:
        yield kept
        return
    yield [*kept, count - 1]
    yield [*kept[:-1], count - 1] if len(kept) > 1 else kept


def several_every_nth(axis: Axis, ticks: AxisTicks, lone: AxisTicks) -> AxisTicks:
    """Two or more of `ticks` whose labels stand apart, every n-th, in place of `lone`, what their
    round steps leave (one label, or the first where none stand apart): else `lone`.

    Round steps jump (the 1st, 8th, 15th and 22nd of a month to the 1st; every year to every
    second), and a label alone does not say what the axis spans, nor how far apart its ticks are.
    n is the least that sets them apart, counted from the first tick (the most labels) or, as
    many, from the lone one. Labels that leave out what a tick thinned away writes are labelled
    among themselves (`tick_hints.label_kept_ticks`): every 18th month "2024-01", "2025-07", not "2024-01", "07".
    """
    labels_of = kept_tick_labels(axis)
    shown = [loc for loc, label in zip(lone.locs, lone.labels) if label]
    anchor = ticks.locs.index(shown[0]) if shown else 0
    count = len(ticks.locs)
    for step in range(least_step(axis, ticks, labels_of is not None), count):
        from_lone = anchor % step
        # The most labels first; as many, those of the lone tick.
        for start in sorted({0, from_lone}, key=lambda start: (-len(range(start, count, step)), start != from_lone)):
            several = _labelled_anew(ticks.only(range(start, count, step)), labels_of)
            if len(several.shown_labels()) >= 2 and labels_apart(axis, several):
                return several
    return lone


def _labelled_anew(kept: AxisTicks, labels_of: Callable[[Sequence[float]], Sequence[str]] | None) -> AxisTicks:
    """`kept`, some of an axis' ticks, labelled among themselves by `labels_of` (`tick_hints.kept_tick_labels`),
    or as they are where it is None."""
    return kept if labels_of is None else replace(kept, labels=tuple(labels_of(kept.locs)))


def least_step(axis: Axis, ticks: AxisTicks, relabelled: bool) -> int:
    """The least n from 2 at which every n-th of `ticks` may have its labels apart (`labels_apart`):
    at a smaller one no two ticks n apart lie far enough apart for even the narrowest label beside
    another. `relabelled`: the kept ticks are labelled anew (`tick_hints.label_kept_ticks`).

    Written along the axis, a label takes at least its least width (`least_width`; any label,
    where they are labelled anew, at least a point), and LABEL_GAP besides; turned across it, a
    line's height. Steps below this one need no label measured: on a narrow chart of thousands
    of bars they were most of the steps tried. Where a label is empty its neighbours stand further
    apart than n ticks, and every step from 2 is tried.
    """
    count = len(ticks.locs)
    if count < 3 or not all(ticks.labels):
        return 2
    from .layout import least_width  # here, as `layout` imports this module

    if isinstance(axis, XAxis) == (ticks.rotation % 180 == 0):
        narrowest = 1.0 if relabelled else min(least_width(label, TICK_SIZE) for label in ticks.labels)
        need = narrowest + LABEL_GAP
    else:
        need = TICK_SIZE * LINE_HEIGHT
    places = tick_places(axis, ticks.locs)
    need -= 1e-6  # points: the places of a few ticks, as `labels_apart` finds them, may round otherwise

    def reaches(step: int) -> bool:  # the farthest apart of any two ticks `step` apart; rises with it
        return bool(np.max(np.abs(places[step:] - places[:-step])) >= need)

    low, high = 2, count  # the least step that reaches lies in [low, high], `count` for none
    while low < high:
        middle = (low + high) // 2
        if reaches(middle):
            high = middle
        else:
            low = middle + 1
    return low


# A whole number as a label writes it: negative with the minus sign (or a hyphen-minus).
WHOLE_NUMBER = re.compile("[-\N{MINUS SIGN}]?[0-9]{1,18}")


def _counted(labels: Sequence[str]) -> tuple[list[int], int] | None:
    """The labels' whole numbers and the step they count in, when every label is a whole number,
    each larger than the one before and all on multiples of that step (1900, 1901, 1903: 1; 1900,
    1910, 1920: 10); else None."""
    if not all(WHOLE_NUMBER.fullmatch(label) for label in labels):
        return None
    values = [int(label.replace("\N{MINUS SIGN}", "-")) for label in labels]
    rises = [later - earlier for earlier, later in zip(values, values[1:])]
    if not rises or min(rises) <= 0:
        return None
    unit = math.gcd(*rises)
    return (values, unit) if values[0] % unit == 0 else None
