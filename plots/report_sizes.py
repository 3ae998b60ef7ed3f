"""A dashboard report's page geometry, and the size each of its charts is drawn at in its cell."""
from __future__ import annotations

import math
from dataclasses import replace
from typing import TYPE_CHECKING

from .pdf_writer import POINTS_PER_INCH
from .problem_box import problem_height
from .render import CSS_DPI
from .spec import DEFAULT_LIMITS, ChartSpec, Limits

if TYPE_CHECKING:
    from .pdf import ReportChart

A4_LANDSCAPE = (297 / 25.4 * POINTS_PER_INCH, 210 / 25.4 * POINTS_PER_INCH)  # 841.9 × 595.3 points

MARGIN = 32.0  # points around the page's content
GAP = 12.0  # points between cells
CELL_PAD = 6.0  # points between a cell's border and what it holds
# A chart in a narrower cell is drawn this wide and scaled down to fit, as a page's grid scales
# its images: below it a chart's title, legend and ticks leave its plot no room.
MIN_DRAW_WIDTH = 400  # CSS pixels


def cell_width(columns: int) -> float:
    """How many points wide each cell of a row of `columns` is."""
    return (A4_LANDSCAPE[0] - 2 * MARGIN - (columns - 1) * GAP) / columns


def report_chart_pixels(columns: int, limits: Limits = DEFAULT_LIMITS) -> int:
    """How many pixels wide `render_report_pdf` draws each chart of a report of `columns` charts a
    row: what a line's rows are thinned for (the pixel columns it is drawn in) before it is drawn."""
    return _drawn_width(cell_width(max(1, columns)) - 2 * CELL_PAD, limits)[0]


def natural_height(chart: ReportChart, width: float, limits: Limits) -> float:
    """How tall the chart is, in points, drawn `width` points wide in its own proportions, but no
    shorter than the smallest chart the limits allow (`sized`); a box saying why it cannot be
    drawn is at least as tall as its text."""
    pixels, scale = _drawn_width(width, limits)
    height = max(width * chart.spec.height / chart.spec.width, limits.min_size * scale * POINTS_PER_INCH / CSS_DPI)
    if chart.problem:
        height = max(height, _problem_box_pixels(chart, pixels) * scale * POINTS_PER_INCH / CSS_DPI)
    return height


def _problem_box_pixels(chart: ReportChart, pixels: int) -> int:
    """How many pixels tall a box `pixels` wide must be to say in full why `chart` cannot be drawn."""
    height = problem_height(chart.spec.title, chart.problem, pixels * POINTS_PER_INCH / CSS_DPI)
    return math.ceil(height * CSS_DPI / POINTS_PER_INCH)


def _drawn_width(width: float, limits: Limits) -> tuple[int, float]:
    """How many pixels wide a chart filling `width` points is drawn, and the scale that fits it to them:
    below 1 when the width is under MIN_DRAW_WIDTH."""
    to_pixels = CSS_DPI / POINTS_PER_INCH
    pixels = _clamp(max(round(width * to_pixels), MIN_DRAW_WIDTH), limits)
    return pixels, min(1.0, width * to_pixels / pixels)


def sized(chart: ReportChart, width: float, max_height: float, limits: Limits) -> tuple[ChartSpec, float]:
    """The chart's spec sized to fill `width` points, `natural_height` high but at most
    `max_height` points, and the scale it is drawn at (`_drawn_width`).

    The smallest chart the limits allow still draws, spilling past its cell if it must.
    """
    to_pixels = CSS_DPI / POINTS_PER_INCH
    pixels, scale = _drawn_width(width, limits)
    spec = chart.spec
    natural = round(pixels * spec.height / spec.width)
    if chart.problem:
        natural = max(natural, _problem_box_pixels(chart, pixels))
    # Rounding error must not cost a box its last pixel, that of its text's last line.
    height = min(natural, math.floor(max_height * to_pixels / scale + 1e-6))
    return replace(spec, width=pixels, height=_clamp(height, limits)), scale


def _clamp(pixels: int, limits: Limits) -> int:
    return max(limits.min_size, min(limits.max_size, pixels))
