"""What a chart kind says of its axes' ticks before they are chosen (`ticks.axis_ticks`): labels
turned, names or read apart, turned when crowded, what the ticks count and how the labels of those
kept read, and ticks on whole numbers only.

Each is kept per Axis until the ticks are computed or thinned, which ask it of the functions here
(`tick_rotation`, `labels_are_names`, `reads_apart`, `turns_when_crowded`, `tick_counts`,
`kept_tick_labels`).
"""
from __future__ import annotations

import weakref
from collections.abc import Callable, Mapping, Sequence

from matplotlib.axis import Axis
from matplotlib.ticker import MaxNLocator

# Rotation asked for by a chart kind, per Axis; read when the ticks are computed.
_rotations: weakref.WeakKeyDictionary[Axis, float] = weakref.WeakKeyDictionary()
# Axes whose tick labels are names (`turn_rather_than_thin`); read when the ticks are computed.
_names: weakref.WeakSet[Axis] = weakref.WeakSet()
# Axes whose tick labels are dates, numbers or row numbers (`thin_rather_than_turn`), read from
# their neighbours; read when the ticks are computed.
_read_apart: weakref.WeakSet[Axis] = weakref.WeakSet()
# Axes whose tick labels are dates or numbers turned upwards once where written across they run
# together (`turn_when_crowded`); read when the ticks are computed.
_turned_when_crowded: weakref.WeakSet[Axis] = weakref.WeakSet()
# What a chart kind says its ticks count, per Axis (`count_ticks`); read when the ticks are thinned.
_counts: weakref.WeakKeyDictionary[Axis, tuple[dict[float, int], tuple[int, ...]]] = weakref.WeakKeyDictionary()
# How some of an axis' tick labels read kept at a step of their own (`label_kept_ticks`), per Axis;
# read when the ticks are thinned.
_kept_labels: weakref.WeakKeyDictionary[Axis, Callable[[Sequence[float]], Sequence[str]]] = weakref.WeakKeyDictionary()


def rotate_tick_labels(axis: Axis, degrees: float) -> None:
    """Draw `axis`' tick labels turned by `degrees` (90: reading upwards)."""
    _rotations[axis] = float(degrees)


def tick_rotation(axis: Axis) -> float:
    """The degrees `axis`' tick labels are turned by (`rotate_tick_labels`), 0 where none was asked."""
    return _rotations.get(axis, 0.0)


def turn_rather_than_thin(axis: Axis) -> None:
    """Say that `axis`' tick labels are names (text categories), which cannot be told from their
    neighbours: an x axis' labels that do not all stand apart written across are turned upwards,
    and thinned only if turned they still do not."""
    _names.add(axis)


def labels_are_names(axis: Axis) -> bool:
    """Whether `axis`' tick labels are names (`turn_rather_than_thin`)."""
    return axis in _names


def thin_rather_than_turn(axis: Axis) -> None:
    """Say that `axis`' tick labels are not names but dates, numbers or row numbers (bars of days,
    of years, of rows), which a reader tells from their neighbours: thinned every n-th, they keep the
    last too (`every_nth_ticks.every_nth_apart`), on either axis; an x axis' labels turned upwards
    are written across again, and thinned,
    where turned they leave the plot only its least height (`layout.MIN_PLOT`).

    Such a plot has risen into the room of the title and legend above it, which would be drawn
    again smaller, or not at all, to make room for the labels."""
    _read_apart.add(axis)


def reads_apart(axis: Axis) -> bool:
    """Whether `axis`' tick labels are dates, numbers or row numbers (`thin_rather_than_turn`)."""
    return axis in _read_apart


def turn_when_crowded(axis: Axis) -> None:
    """Say that `axis`' tick labels, dates or numbers (`thin_rather_than_turn`) few enough to be
    written across all of them and short enough to be turned whole, are turned upwards where,
    measured under the plot, written across they do not all stand apart, as names are.

    Before the plot is laid out, `category_axis.turn_crowded_labels` guesses from the figure's
    width and the labels' sum: six bars of months across a new year ("2024-10", "11", "12",
    "2025-01", …) seemed to fit, ran together and were thinned to three, where turned all six fit.
    Turned, they may still leave the plot its least height, and are then written across again and
    thinned, for good."""
    _turned_when_crowded.add(axis)


def turns_when_crowded(axis: Axis) -> bool:
    """Whether `axis`' tick labels are turned upwards where crowded (`turn_when_crowded`), and were
    not yet (`turn_crowded_once`)."""
    return axis in _turned_when_crowded


def turn_crowded_once(axis: Axis) -> None:
    """Turn `axis`' crowded tick labels upwards (`turn_when_crowded`), once: brought back across
    under a plot they leave its least height, they stay across."""
    _turned_when_crowded.discard(axis)
    rotate_tick_labels(axis, 90)


def count_ticks(axis: Axis, counts: Mapping[float, int], steps: Sequence[int]) -> None:
    """Say what `axis`' ticks count: `counts` gives each tick's place (by where it is) as a whole
    number, and `steps` the steps, smallest first, whose multiples its ticks may be thinned to when
    their labels run together (bars of quarters, counted in quarters: every 2nd or 4th)."""
    _counts[axis] = (dict(counts), tuple(steps))


def tick_counts(axis: Axis) -> tuple[dict[float, int], tuple[int, ...]] | None:
    """What `axis`' ticks count and the steps they may be thinned to (`count_ticks`); None where
    no chart kind said."""
    return _counts.get(axis)


def label_kept_ticks(axis: Axis, labels_of: Callable[[Sequence[float]], Sequence[str]]) -> None:
    """Say how `axis`' tick labels read where only some of its ticks are kept at a step of no round
    number (`every_nth_ticks.several_every_nth`): `labels_of` gives the labels of the ticks at the places given.

    Labels that leave out what a tick thinned away writes (bars of dates naming their year on the
    first bar of it, "2024-11", "12", "2025-01", "02") name it again among those kept. A label
    `labels_of` gives is empty only where the tick's own is."""
    _kept_labels[axis] = labels_of


def kept_tick_labels(axis: Axis) -> Callable[[Sequence[float]], Sequence[str]] | None:
    """How `axis`' tick labels read where only some ticks are kept (`label_kept_ticks`); None where
    no chart kind said."""
    return _kept_labels.get(axis)


def count_in_whole_numbers(axis: Axis) -> None:
    """Put `axis`' ticks on whole numbers only, for an axis whose values all are (an integer column,
    counts): left to itself matplotlib ticks years as 2018.5 and counts as 0.5 when there are few.

    Only a number locator is told; category and date axes place their ticks otherwise.
    """
    locator = axis.get_major_locator()
    if isinstance(locator, MaxNLocator):
        locator.set_params(integer=True)

