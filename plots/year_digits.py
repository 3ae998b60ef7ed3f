"""Years on a date axis too narrow for two of them in four digits: written in two ("'00", "'25"
under "2000"), judged on the plot they leave, at a smaller size where only that fits."""
from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from matplotlib.axis import Axis, XAxis

from .layout import plot_width_with_last_x_label, text_size
from .ticks import TICK_SIZE, AxisTicks, labels_apart


def _plot_width(axis: Axis) -> float:
    """The width in points of the plot `axis` belongs to, as laid out now."""
    return axis.axes.get_position().width * axis.get_figure(root=True).get_size_inches()[0] * 72.0


def apart_on_widest_plot(axis: Axis, ticks: AxisTicks) -> bool:
    """Whether the labels of `ticks` would stand apart on the widest plot `axis` may have: no x tick
    label past its right edge, or the plot now where that is wider."""
    return labels_apart(axis, ticks, max(1.0, plot_width_with_last_x_label(axis.axes, 0.0) / _plot_width(axis)))


def _scale_they_leave(axis: Axis, ticks: AxisTicks) -> float:
    """How many times as wide as now the plot is that `ticks` leave, written across an x axis, their
    last label on its right edge (narrower where that label is wider than the one there now)."""
    wider = plot_width_with_last_x_label(axis.axes, text_size(ticks.shown_labels()[-1], ticks.size)[0])
    return wider / _plot_width(axis)


def apart_where_drawn(axis: Axis, ticks: AxisTicks) -> bool:
    """Whether the labels of `ticks` stand apart on the plot they leave, their last on its right
    edge (`layout.plot_box`), wider or narrower than the plot now: a lone "2000", wider than "'25",
    left a plot 100 pixels wide too narrow for "'00" and "'25", which left one wide enough; and
    "1890", "1910", judged on the plot "'90", "'10" left, were drawn on a narrower one, ran
    together, and a chart 112 pixels wide kept "1900" alone."""
    if not isinstance(axis, XAxis) or ticks.rotation % 180 != 0 or not ticks.shown_labels():
        return labels_apart(axis, ticks)
    return labels_apart(axis, ticks, _scale_they_leave(axis, ticks))


def two_digit_years(axis: Axis, kept: tuple[float, ...], moments: Sequence[datetime], level: int,
                     rotation: float, size: float = TICK_SIZE) -> AxisTicks | None:
    """Ticks at `kept`, years (`level` 0) less than a century apart across an x axis, labelled by
    their last two digits ("'00", "'25") under an offset naming the first in full ("2000"), as the
    offset of ticks within a year names it, where they stand apart where drawn (`apart_where_drawn`).

    None for ticks of other units, a century apart or more (whose two digits could repeat), down a
    y axis (where a label takes its height, which two digits leave as it is), whose two digits at
    `size` run together where drawn, or whose years in four digits (at TICK_SIZE, whatever `size`
    the two digits take) stand apart where drawn, on the plot four digits leave. Judged on the
    wider plot two digits leave, "1890", "1910" fit there, ran together under themselves, and the
    axis of a chart 112 pixels wide kept "1900" alone.

    Where no two years in four digits stand apart (dates 1996 to 2025 on a plot 30 points wide),
    "2000" alone did not say what the axis spans."""
    if (not isinstance(axis, XAxis) or level != 0 or moments[-1].year - moments[0].year >= 100
            or rotation % 180 != 0):
        return None
    # Each judged on the plot it leaves, from where the plot stands, whatever its last label now:
    # four digits judged on the plot two digits leave fit there, not under themselves, and the
    # axis kept one label.
    whole = AxisTicks(tuple(kept), tuple(f"{moment.year:04d}" for moment in moments), rotation=rotation)
    if apart_where_drawn(axis, whole):
        return None
    two = AxisTicks(tuple(kept), tuple(f"'{moment.year % 100:02d}" for moment in moments),
                    f"{moments[0].year:04d}", rotation, size)
    return two if apart_where_drawn(axis, two) else None
