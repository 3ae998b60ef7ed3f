"""Place the axes inside the figure from measured text extents, without a layout engine.

matplotlib's constrained/tight layout and `bbox_inches="tight"` draw every text twice; here each
label is measured once with the font's own metrics and the margins follow from that.
"""
from __future__ import annotations

import functools

from matplotlib.axes import Axes
from matplotlib.figure import Figure
from matplotlib.font_manager import FontProperties
from matplotlib.textpath import TextToPath

PAD = 6.0  # points of white space at the figure's edge
_measurer = TextToPath()


@functools.lru_cache(maxsize=4096)
def _extent(text: str, size: float, weight: str) -> tuple[float, float]:
    """Width and height in points of one line of `text`."""
    prop = FontProperties(size=size, weight=weight)
    width, height, _ = _measurer.get_text_width_height_descent(text, prop, ismath=False)
    # Outline metrics run a little narrower than hinted raster text and browsers' own layout.
    return width * 1.07 + 1.0, height


def text_size(text: str, size: float, weight: str = "normal") -> tuple[float, float]:
    """Width and height in points of `text`, which may hold several lines."""
    lines = text.split("\n")
    width = max(_extent(line or " ", size, weight)[0] for line in lines)
    # A line of DejaVu Sans is 1.17 em from ascender to descender; matplotlib spaces lines 1.2 apart.
    return width, size * 1.17 * (1 + 1.2 * (len(lines) - 1))


def _tick_labels(axis) -> list[str]:
    """The labels matplotlib will draw on `axis`, computed without drawing."""
    texts = [t.get_text() for t in axis.get_majorticklabels()]
    return [t for t in texts if t]


def wrap_text(text: str, size: float, max_width: float, weight: str = "normal") -> str:
    """`text` broken into lines of at most `max_width` points (long words are split)."""
    lines: list[str] = []
    for paragraph in text.split("\n"):
        line = ""
        for word in paragraph.split(" "):
            candidate = f"{line} {word}" if line else word
            if _extent(candidate, size, weight)[0] <= max_width:
                line = candidate
                continue
            if line:
                lines.append(line)
            line = ""
            while _extent(word, size, weight)[0] > max_width and len(word) > 1:
                cut = max(1, int(len(word) * max_width / _extent(word, size, weight)[0]))
                lines.append(word[:cut])
                word = word[cut:]
            line = word
        lines.append(line)
    return "\n".join(lines)


def fit_axes(fig: Figure, ax: Axes, header: float = 0.0) -> None:
    """Set the axes position so that ticks, labels and offsets fit inside the figure.

    `header` is the height in points taken at the top by the title and legend.
    """
    fig_w, fig_h = fig.get_size_inches() * 72.0
    tick_size = ax.xaxis.get_majorticklabels()[0].get_fontsize() if ax.xaxis.get_majorticklabels() else 9.0
    tick_gap = 3.5 + 3.5 + 1.0  # tick length + pad + rounding

    ylabels = _tick_labels(ax.yaxis)
    xlabels = _tick_labels(ax.xaxis)
    y_rot = _rotation(ax.get_yticklabels())
    x_rot = _rotation(ax.get_xticklabels())
    y_width = max((_label_extent(t, tick_size, y_rot)[0] for t in ylabels), default=0.0)
    x_height = max((_label_extent(t, tick_size, x_rot)[1] for t in xlabels), default=0.0)
    x_last_w = _label_extent(xlabels[-1], tick_size, x_rot)[0] / 2 if xlabels and x_rot == 0 else 0.0
    x_first_w = _label_extent(xlabels[0], tick_size, x_rot)[0] / 2 if xlabels and x_rot == 0 else 0.0

    left = PAD + y_width + tick_gap
    bottom = PAD + x_height + tick_gap
    top = PAD
    right = PAD + max(0.0, x_last_w - 4.0)
    left = max(left, PAD + x_first_w)

    ylabel = ax.yaxis.label.get_text()
    if ylabel:
        left += text_size(ylabel, ax.yaxis.label.get_fontsize())[1] + 4.0
    xlabel = ax.xaxis.label.get_text()
    if xlabel:
        bottom += text_size(xlabel, ax.xaxis.label.get_fontsize())[1] + 4.0
    x_offset = ax.xaxis.get_major_formatter().get_offset()
    if x_offset:
        bottom += text_size(x_offset, tick_size)[1] + 2.0
    y_offset = ax.yaxis.get_major_formatter().get_offset()
    if y_offset:
        top += text_size(y_offset, tick_size)[1] + 2.0
    top += header if header else 4.0

    width = max(fig_w - left - right, fig_w * 0.2)
    height = max(fig_h - top - bottom, fig_h * 0.2)
    ax.set_position([left / fig_w, bottom / fig_h, width / fig_w, height / fig_h])


def _rotation(labels) -> float:
    return labels[0].get_rotation() if labels else 0.0


def _label_extent(text: str, size: float, rotation: float) -> tuple[float, float]:
    w, h = text_size(text, size)
    return (h, w) if rotation % 180 == 90 else (w, h)
