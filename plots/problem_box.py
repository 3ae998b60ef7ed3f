"""The box a PDF report shows in a chart's place when the chart cannot be drawn: a heading naming
the chart, then the reason, in a red frame.

A report sizes each cell before it draws anything (`pdf`), so the box is measured first
(`problem_height`: how tall it must be to say it all) and drawn at the size its cell gives it
(`problem_figure`), where a box too short for both shortens the chart's title in its heading
first, then cuts the reason to the lines that fit. Sizes are in points.
"""
from __future__ import annotations

import math

from matplotlib.figure import Figure
from matplotlib.patches import Rectangle

from .fitted_text import clip_lines, wrap_text
from .layout import text_size
from .pdf_writer import POINTS_PER_INCH

PROBLEM_INK = "#82071e"
PROBLEM_FILL = "#fff5f5"
PROBLEM_TITLE_SIZE = 11.0
PROBLEM_REASON_SIZE = 9.0  # the size of a caption under a chart too (`pdf` takes it as its CAPTION_SIZE)
PROBLEM_PAD = 12.0  # points between a problem box's edge and its text
PROBLEM_GAP = 6.0  # points between a problem box's heading and its reason


def problem_figure(title: str, problem: str, width: float, height: float) -> Figure:
    """A box `width`×`height` points that says the chart titled `title` cannot be drawn, and why (`problem`)."""
    fig = Figure(figsize=(width / POINTS_PER_INCH, height / POINTS_PER_INCH), dpi=POINTS_PER_INCH)
    fig.set_facecolor(PROBLEM_FILL)
    fig.add_artist(Rectangle((0, 0), 1, 1, transform=fig.transFigure, facecolor="none", edgecolor=PROBLEM_INK,
                             linewidth=0.75))
    heading, message = _problem_text(title, problem, width, height)
    fig.text(PROBLEM_PAD / width, 1 - PROBLEM_PAD / height, heading, fontsize=PROBLEM_TITLE_SIZE, fontweight="bold",
             color=PROBLEM_INK, ha="left", va="top", linespacing=1.2)
    below = PROBLEM_PAD + text_size(heading, PROBLEM_TITLE_SIZE, "bold")[1] + PROBLEM_GAP
    fig.text(PROBLEM_PAD / width, 1 - below / height, message, fontsize=PROBLEM_REASON_SIZE, color=PROBLEM_INK,
             ha="left", va="top", linespacing=1.2)
    return fig


def problem_height(title: str, problem: str, width: float) -> float:
    """How tall a box `width` points wide must be, in points, to say in full why the chart titled
    `title` cannot be drawn."""
    heading, message = _problem_text(title, problem, width)
    return (2 * PROBLEM_PAD + text_size(heading, PROBLEM_TITLE_SIZE, "bold")[1] + PROBLEM_GAP
            + text_size(message, PROBLEM_REASON_SIZE)[1])


def _problem_text(title: str, problem: str, width: float, height: float = math.inf) -> tuple[str, str]:
    """The heading and the reason of a box `width`×`height` points, each wrapped to its width.

    In a box too short for both, the chart's title in the heading is shortened first (the heading
    still says "this chart cannot be drawn"), then the reason is cut to the lines that fit.
    """
    text_width = width - 2 * PROBLEM_PAD
    room = height - 2 * PROBLEM_PAD - PROBLEM_GAP
    message = wrap_text(problem, PROBLEM_REASON_SIZE, text_width)
    heading_room = room - text_size(message, PROBLEM_REASON_SIZE)[1]
    heading = _problem_heading(title, text_width)
    while title and text_size(heading, PROBLEM_TITLE_SIZE, "bold")[1] > heading_room:
        title = _without_last_word(title)
        heading = _problem_heading(f"{title}…" if title else "", text_width)
    if height != math.inf:
        message_room = room - text_size(heading, PROBLEM_TITLE_SIZE, "bold")[1]
        message = clip_lines(message, PROBLEM_REASON_SIZE, max(PROBLEM_REASON_SIZE, message_room), text_width)
    return heading, message


def _without_last_word(text: str) -> str:
    """`text` without its last word; a single word loses its second half."""
    words = text.rstrip(" …").split(" ")
    shorter = " ".join(words[:-1]) if len(words) > 1 else words[0][: len(words[0]) // 2]
    return shorter.rstrip(" :,;")


def _problem_heading(title: str, width: float) -> str:
    """A problem box's heading, wrapped to `width` points."""
    heading = f"{title}: this chart cannot be drawn" if title else "This chart cannot be drawn"
    return wrap_text(heading, PROBLEM_TITLE_SIZE, width, "bold")
