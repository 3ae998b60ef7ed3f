"""Where the labels of reference lines (`reference_lines`) stand: a yline's above its line at the plot's
right end, an xline's up its left side from the plot's top, each inside the plot and clear of the
labels placed before it. A label that would leave the plot or run into another goes on the other side
of its line; where that does too, it moves past the labels it meets (a yline's up or down, an xline's
down its line); only a plot too small for them all leaves two overlapping, still inside it.

Where each goes depends on the plot's size in the figure, known only as it is drawn: the first label
drawn places them all (`LineLabel.draw`).
"""
from __future__ import annotations

from matplotlib.axes import Axes
from matplotlib.transforms import Bbox, blended_transform_factory, offset_copy

from .chart_artists import ChartText

LABEL_SIZE = 8.0
LABEL_INSET = 3.0  # points between a label and the plot's frame
LABEL_GAP = 1.0  # points between two labels moved apart
_SLACK = 0.01  # pixels a label may reach past the frame by rounding


class LineLabel(ChartText):
    """The label of a reference line at `at` on its axis, one of `peers` (the chart's labels, this one
    among them, in the order they are placed); `across`: its line runs up the plot."""

    def __init__(self, ax: Axes, at: float, text: str, across: bool, ink: str, peers: list[LineLabel]):
        super().__init__(at if across else 1.0, 1.0 if across else at, text, fontsize=LABEL_SIZE, color=ink,
                         rotation=90 if across else 0)
        self._ax, self._across, self._peers = ax, across, peers
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

    def draw(self, renderer) -> None:
        """Draw the label where `place_labels` puts it (all of its peers placed by the first drawn)."""
        if self is self._peers[0]:
            place_labels(self._peers, renderer)
        super().draw(renderer)


def _overlap(one: Bbox, other: Bbox) -> bool:
    return one.x0 < other.x1 and other.x0 < one.x1 and one.y0 < other.y1 and other.y0 < one.y1


def _inside(box: Bbox, plot: Bbox) -> bool:
    return (box.x0 >= plot.x0 - _SLACK and box.x1 <= plot.x1 + _SLACK and box.y0 >= plot.y0 - _SLACK
            and box.y1 <= plot.y1 + _SLACK)


def place_labels(labels: list[LineLabel], renderer) -> None:
    """Put each of `labels` inside the plot, clear of those before it where the plot has room."""
    plot = labels[0]._ax.bbox
    per_point = renderer.points_to_pixels(1.0)
    gap = LABEL_GAP * per_point
    placed: list[Bbox] = []
    for label in labels:
        tries = [(0, 0.0), (1, 0.0)]  # (side, shift in points): the first inside the plot and clear of the others
        for side in (0, 1):
            for direction in ((-1,) if label._across else (1, -1)):
                shift = 0.0
                for _ in range(len(placed) + 1):
                    label._put(side, shift)
                    box = label.get_window_extent(renderer)
                    met = [other for other in placed if _overlap(box, other)]
                    if not met:
                        break
                    step = (max(o.y1 for o in met) - box.y0 + gap) if direction > 0 else \
                        (min(o.y0 for o in met) - box.y1 - gap)
                    shift += step / per_point
                tries.append((side, shift))
        chosen = None
        for side, shift in tries:
            label._put(side, shift)
            box = label.get_window_extent(renderer)
            if _inside(box, plot) and not any(_overlap(box, other) for other in placed):
                chosen = box
                break
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
