"""Where the labels of reference lines (`reference_lines`) stand: a yline's above its line at the plot's
right end, an xline's up its left side from the plot's top, each inside the plot and clear of the
labels placed before it, and of the other lines where it has room. A label that would leave the plot
or run into another goes on the other side of its line; where that does too, it moves past what it
meets (a yline's up or down, an xline's down its line); only a plot too small for them all leaves two
overlapping, still inside it. A line's number or moment longer than the plot is wide (an xline's, high)
is written shorter, a number rounded and a moment as its date, or left out; a text label is wrapped.
Over filled marks (bars, boxes, an area) a label stands on a box of the plot's background.

Where each goes depends on the plot's size in the figure, known only as it is drawn: the first label
drawn places them all (`LineLabel.draw`).
"""
from __future__ import annotations

import re
from collections.abc import Sequence
from datetime import datetime

from matplotlib.axes import Axes
from matplotlib.text import Text
from matplotlib.transforms import Bbox, blended_transform_factory, offset_copy

from .chart_artists import ChartText
from .fitted_text import fitted_lines
from .layout import text_size
from .unit_ticks import MINUS, SHORT_AMOUNTS, SHORT_AMOUNTS_BELOW, SHORT_DECIMALS, with_unit
from .value_text import grouped_by_thousands

LABEL_SIZE = 8.0
LABEL_INSET = 3.0  # points between a label and the plot's frame
LABEL_GAP = 1.0  # points between two labels moved apart
BACKING_PAD = 1.0  # points of a label's box about its text, within LABEL_INSET / 2 of its line: the line shows
MOST_LABEL_LINES = 3  # a label longer than the plot is wide (high, an xline's) is wrapped into as many, then cut with "…"
_SLACK = 0.01  # pixels a label may reach past the frame by rounding


class LineLabel(ChartText):
    """The label of a reference line at `at` on its axis, one of `peers` (the chart's labels, this one
    among them, in the order they are placed); `across`: its line runs up the plot. `paper`, where
    given, is the plot's background colour, which the label stands on in a box of it (BACKING_PAD
    points about its text): over filled marks, bars, boxes or an area, its ink ran across them."""

    def __init__(self, ax: Axes, at: float, text: str, across: bool, ink: str, peers: list[LineLabel],
                 paper: str | None = None, forms: Sequence[str] | None = None):
        super().__init__(at if across else 1.0, 1.0 if across else at, text, fontsize=LABEL_SIZE, color=ink,
                         rotation=90 if across else 0)
        self._forms = None if forms is None else tuple(forms)  # a number's shorter forms (`number_forms`)
        if paper is not None:
            self.set_bbox({"facecolor": paper, "edgecolor": "none", "pad": BACKING_PAD})
        self._ax, self._across, self._peers, self._at = ax, across, peers, at
        self._put(0, 0.0)
        peers.append(self)

    def _put(self, side: int, shift: float) -> None:
        """Stand on `side` of the line (0 the first choice, 1 the other), moved `shift` points up."""
        ax, figure = self._ax, self._ax.get_figure(root=True)
        if self._across:  # up the line's left side (right side) from the plot's top
            base = blended_transform_factory(ax.transData, ax.transAxes)
            x, y = (-LABEL_INSET / 2, LABEL_INSET / 2)[side], -LABEL_INSET
            self.set_horizontalalignment(("right", "left")[side])
            self.set_verticalalignment("top")
        else:  # above the line (below it), in from the plot's right end
            base = blended_transform_factory(ax.transAxes, ax.transData)
            x, y = -LABEL_INSET, (LABEL_INSET / 2, -LABEL_INSET / 2)[side]
            self.set_horizontalalignment("right")
            self.set_verticalalignment(("bottom", "top")[side])
        self.set_transform(offset_copy(base, figure, x=x, y=y + shift if shift else y, units="points"))

    def set_text(self, s) -> None:
        """Set the label's whole text (a PDF's drops what no font subset holds), which `place_labels` fits."""
        super().set_text(s)
        self._whole = self.get_text()

    def _line_box(self, plot: Bbox) -> Bbox:
        """Its line's place in the figure (pixels), a pixel thick."""
        if self._across:
            x = self._ax.transData.transform((self._at, 0.0))[0]
            return Bbox([[x - 0.5, plot.y0], [x + 0.5, plot.y1]])
        y = self._ax.transData.transform((0.0, self._at))[1]
        return Bbox([[plot.x0, y - 0.5], [plot.x1, y + 0.5]])

    def draw(self, renderer) -> None:
        """Draw the label where `place_labels` puts it (all of its peers placed by the first drawn)."""
        if self is self._peers[0]:
            place_labels(self._peers, renderer)
        super().draw(renderer)


def _fitted(text: str, across: bool, width: float, height: float, forms: Sequence[str] | None = None) -> str:
    """`text` as it fits along its line in a plot `width`×`height` points (wrapped, cut with "…"
    past MOST_LABEL_LINES or half the plot across its line): a phone's narrow plot cut a long label at
    its frame. A value (`forms` its shorter forms, `value_forms`) is never wrapped nor cut, which
    would write other numbers ("$1,", "00", "1…" of $1,001,000; "20", "2", "4…" of 2024-03-01T12:30):
    the first of its forms that fits, else none, the line unlabelled (its alt text says its value)."""
    along, other = (height, width) if across else (width, height)
    room = along - 2 * LABEL_INSET
    if text_size(text, LABEL_SIZE)[0] <= room:
        return text
    if forms is not None:
        return next((form for form in forms if text_size(form, LABEL_SIZE)[0] <= room), "")
    most = min(text_size("\n".join("A" * MOST_LABEL_LINES), LABEL_SIZE)[1], max(other / 2, 1.0))
    return fitted_lines(text, LABEL_SIZE, room, most)


def value_forms(value: float | int | datetime, written: str, unit: str | None) -> tuple[str, ...]:
    """Shorter forms of `written`, a line's `value` as its unlabelled label writes it: a number's
    (`number_forms`), or a moment's date alone (`2024-03-01` of `2024-03-01T12:30`); none for a date."""
    if isinstance(value, datetime):
        date = written.partition("T")[0]
        return (date,) if date != written else ()
    return number_forms(value, written, unit)


def number_forms(value: float | int, written: str, unit: str | None) -> tuple[str, ...]:
    """Shorter forms of `written`, a line's `value` as its axis writes a number with its `unit`, each the
    value rounded as the axis would write it so: an amount of a thousand or more short in its power, in
    SHORT_DECIMALS decimals down to none (`$1.001M`, `$1.00M`, `$1.0M`, `$1M`; `$1.00M` of $999,999, which
    `$1000.00k` would write), another number written with a point in fewer decimals (`1015.12`, `1015.1`,
    `1015`); none for one of an exponent (`1e20`), and none that rounds a value not 0 to 0 (`0.0`, `−0`)."""
    if "e" in written:
        return ()
    magnitude, sign = abs(float(value)), MINUS if value < 0 else ""
    if unit not in (None, "%") and 1000 <= magnitude < SHORT_AMOUNTS_BELOW:
        forms = _short_amounts(magnitude)
    else:
        point = written.find(".")
        decimals = len(re.match(r"\.[0-9]*", written[point:])[0]) - 1 if point >= 0 else 0
        forms = [form for form in (f"{magnitude:.{fewer}f}" for fewer in range(decimals - 1, -1, -1))
                 if float(form) != 0 or magnitude == 0]
        if unit not in (None, "%"):
            forms = [grouped_by_thousands(form) for form in forms]
    shorter = (with_unit(sign + form, unit) for form in forms)
    return tuple(form for form in dict.fromkeys(shorter) if len(form) < len(written))


def _short_amounts(magnitude: float) -> list[str]:
    """`magnitude`, a thousand or more, written short in its power (`SHORT_AMOUNTS`) in SHORT_DECIMALS
    decimals down to none; one that rounds to a thousand of its power in the next (`1.00M`, not `1000.00k`),
    and none past the last letter's thousands, which its axis writes under a power of ten."""
    index = next(index for index, (power, _) in enumerate(SHORT_AMOUNTS) if magnitude >= 10**power)
    forms = []
    for decimals in range(SHORT_DECIMALS, -1, -1):
        at = index
        form = f"{magnitude / 10**SHORT_AMOUNTS[at][0]:.{decimals}f}"
        if float(form) >= 1000:
            if at == 0:
                continue
            at -= 1
            form = f"{magnitude / 10**SHORT_AMOUNTS[at][0]:.{decimals}f}"
        forms.append(form + SHORT_AMOUNTS[at][1])
    return forms


def _overlap(one: Bbox, other: Bbox) -> bool:
    return one.x0 < other.x1 and other.x0 < one.x1 and one.y0 < other.y1 and other.y0 < one.y1


def _inside(box: Bbox, plot: Bbox) -> bool:
    return (box.x0 >= plot.x0 - _SLACK and box.x1 <= plot.x1 + _SLACK and box.y0 >= plot.y0 - _SLACK
            and box.y1 <= plot.y1 + _SLACK)


def place_labels(labels: list[LineLabel], renderer) -> None:
    """Put each of `labels` inside the plot, clear of the labels before it and of the other lines where the
    plot has room, else clear of the labels alone (lines closer than a label's height)."""
    plot = labels[0]._ax.bbox
    per_point = renderer.points_to_pixels(1.0)
    lines = [label._line_box(plot) for label in labels]
    placed: list[Bbox] = []
    for label in labels:
        Text.set_text(label, _fitted(label._whole, label._across, plot.width / per_point, plot.height / per_point,
                                     label._forms))
        chosen = _clear_place(label, placed + lines, plot, renderer, per_point)
        if chosen is None:
            chosen = _clear_place(label, placed, plot, renderer, per_point)
        if chosen is None:  # no room clear of the others: a side inside the plot, else the first moved into it
            for side in (0, 1):
                label._put(side, 0.0)
                chosen = label.get_window_extent(renderer)
                if _inside(chosen, plot):
                    break
            else:
                label._put(0, 0.0)
                box = label.get_window_extent(renderer)
                below, above = plot.y0 - box.y0, plot.y1 - box.y1
                label._put(0, (below if below > 0 else min(above, 0.0)) / per_point)
                chosen = label.get_window_extent(renderer)
        placed.append(chosen)


def _clear_place(label: LineLabel, others: list[Bbox], plot: Bbox, renderer, per_point: float) -> Bbox | None:
    """Put `label` on the first of its line's sides, else moved past what it meets there, where it is
    inside the plot and meets none of `others`; its box, or None where there is no such place."""
    gap = LABEL_GAP * per_point
    tries = [(0, 0.0), (1, 0.0)]  # (side, shift in points)
    for side in (0, 1):
        for direction in ((-1,) if label._across else (1, -1)):
            shift = 0.0
            for _ in range(len(others) + 1):
                label._put(side, shift)
                box = label.get_window_extent(renderer)
                met = [other for other in others if _overlap(box, other)]
                if not met:
                    break
                step = (max(o.y1 for o in met) - box.y0 + gap) if direction > 0 else \
                    (min(o.y0 for o in met) - box.y1 - gap)
                shift += step / per_point
            tries.append((side, shift))
    for side, shift in tries:
        label._put(side, shift)
        box = label.get_window_extent(renderer)
        if _inside(box, plot) and not any(_overlap(box, other) for other in others):
            return box
    return None
