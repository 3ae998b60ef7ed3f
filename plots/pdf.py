"""Charts and dashboards as PDF: vector pages, fonts embedded as TrueType subsets, the same bytes every time.

A chart is one page of the chart's own size. A dashboard is a report on A4 landscape pages: its
title, header lines (description, data versions, whatever else says what the report shows), then
its charts in a grid with their captions, over as many pages as they need.

Each chart on a report page is a Figure of its own, drawn by `build_figure` as for SVG and PNG,
and placed in its cell by `PdfWriter` (`pdf_writer.py`): the page stays vector throughout, and
every page shares one set of embedded fonts. A chart that cannot be drawn has a box saying why in
its place (`problem_box.py`).

The bytes depend only on what is drawn: no dates or ids in the file, a fixed producer, font
subsets named from the glyphs they hold.
"""
from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass, replace
from typing import NamedTuple

import matplotlib
import pandas as pd
from matplotlib.figure import Figure
from matplotlib.patches import Rectangle

from . import style
from .data import chart_frame
from .describe import describe
from .fitted_text import fitted_lines, shorten
from .layout import text_size
from .pdf_writer import PDF_SETTINGS, POINTS_PER_INCH, PdfWriter
from .problem_box import PROBLEM_REASON_SIZE as CAPTION_SIZE  # a problem box's reason is as large as a caption
from .problem_box import problem_figure, problem_height
from .render import CSS_DPI, build_figure, render_lock
from .spec import DEFAULT_LIMITS, ChartSpec, Limits, SpecError

A4_LANDSCAPE = (297 / 25.4 * POINTS_PER_INCH, 210 / 25.4 * POINTS_PER_INCH)  # 841.9 × 595.3 points

MARGIN = 32.0  # points around the page's content
GAP = 12.0  # points between cells
CELL_PAD = 6.0  # points between a cell's border and what it holds
TITLE_SIZE = 16.0
LINE_SIZE = 9.5
FOOTER_SIZE = 8.0
# A caption wraps to at most this many lines, and so does each note under it: a caption of 40 words
# is whole in a cell of six columns, and only one of a paragraph's length or more is cut.
CAPTION_LINES = 12
HEADER_LINES = 4  # each header line wraps to at most this many lines
# A chart in a narrower cell is drawn this wide and scaled down to fit, as a page's grid scales
# its images: below it a chart's title, legend and ticks leave its plot no room.
MIN_DRAW_WIDTH = 400  # CSS pixels
# A row's charts may shrink to this share of their height to fit one more row on the first page
# (their captions keep theirs).
FIRST_PAGE_SHRINK = 0.85
BORDER = "#d0d7de"


class ReportChart(NamedTuple):
    """One chart of a report: its spec, the dataset's rows it reads, its caption.

    `problem`, when set, is why the chart cannot be drawn; its cell shows that instead. `notes`
    say what else a reader must know to read the chart right (say, that a filter the report names
    did not apply to it): each from a new line under the caption, kept whole however long the
    caption is.
    """

    spec: ChartSpec
    frame: pd.DataFrame
    caption: str = ""
    problem: str = ""
    notes: tuple[str, ...] = ()


def render_pdf(spec: ChartSpec, frame: pd.DataFrame, limits: Limits = DEFAULT_LIMITS) -> bytes:
    """The chart as a one-page PDF of the chart's size, its alt text as the document's title and subject."""
    data = chart_frame(spec, frame, limits)
    title, desc = describe(spec, data)
    with render_lock, matplotlib.rc_context(PDF_SETTINGS):
        pdf = PdfWriter({"Title": title, "Subject": desc})
        fig = build_figure(spec, data, dpi=POINTS_PER_INCH)
        width, height = fig.get_size_inches() * POINTS_PER_INCH
        pdf.new_page(width, height)
        pdf.draw(fig, 0.0, 0.0)
        return pdf.finish()


def render_report_pdf(title: str, lines: Sequence[str], charts: Sequence[ReportChart | tuple],
                      columns: int = 2, limits: Limits = DEFAULT_LIMITS) -> bytes:
    """A report of `charts` on A4 landscape pages, `columns` charts a row, as PDF bytes.

    The first page starts with `title` and `lines` (each wrapped; say, a description and the data
    version of each dataset); every page ends with the title and its page number. Each chart
    fills its cell's width (drawn that wide, so its text keeps its size, or scaled down from
    MIN_DRAW_WIDTH in a narrow cell) in its own proportions as far as the page allows, with its
    caption under it; each row of cells is as tall as its own tallest chart and caption. A chart
    that cannot be drawn (its `problem`, or a SpecError such as too many categories) shows the
    reason in its cell, in a box tall enough to say it, and the others still draw. `charts` may
    be plain (spec, frame, caption) tuples.
    """
    charts = [_shaped(ReportChart(*chart), limits) for chart in charts]
    while True:
        try:
            return _report_pdf(title, lines, charts, max(1, columns), limits)
        except _ChartFailed as failed:
            # Drawn again with that chart's cell saying why: a half-drawn chart cannot be taken back.
            # Only a chart that fails while it is drawn comes here; one that fails to build is
            # replaced in place (`_cell_figure`).
            charts[failed.index] = charts[failed.index]._replace(problem=failed.message)


class _ChartFailed(Exception):
    """The report's chart at `index` cannot be drawn, for the reason `message`."""

    def __init__(self, index: int, message: str):
        super().__init__(message)
        self.index = index
        self.message = message


_DRAWING_ERRORS = (ValueError, OverflowError, FloatingPointError, ZeroDivisionError)


def _failure_message(error: Exception) -> str:
    """Why a chart cannot be drawn, as render_chart says it for a chart on its own."""
    if isinstance(error, SpecError):
        return error.message
    return f"the chart cannot be drawn from these values ({error}); check the range parameters or the data"


def _shaped(chart: ReportChart, limits: Limits) -> ReportChart:
    """The chart with the rows it draws (`chart_frame`), or with why it cannot be drawn: known
    before the report is laid out, so that a cell that says why is made tall enough to say it."""
    if chart.problem:
        return chart
    try:
        return chart._replace(frame=chart_frame(chart.spec, chart.frame, limits))
    except _DRAWING_ERRORS as error:  # SpecError among them: say, more categories than allowed
        return chart._replace(problem=_failure_message(error))


def _report_pdf(title: str, lines: Sequence[str], charts: list[ReportChart], columns: int, limits: Limits) -> bytes:
    """The report's bytes; raises _ChartFailed for the first chart that fails while it is drawn."""
    grid = _Grid.plan(title, lines, charts, columns, limits)
    with render_lock, matplotlib.rc_context(PDF_SETTINGS):
        pdf = PdfWriter({"Title": title})
        for number, cells in enumerate(grid.pages, start=1):
            pdf.new_page(*A4_LANDSCAPE)
            pdf.draw(_page_figure(grid, number, cells), 0.0, 0.0)
            for cell in cells:
                fig = _cell_figure(cell)
                bottom = cell.top - CELL_PAD - fig.get_size_inches()[1] * POINTS_PER_INCH * cell.scale
                try:
                    pdf.draw(fig, cell.x + CELL_PAD, bottom, cell.scale)
                except _DRAWING_ERRORS as error:
                    if cell.chart.problem:
                        raise  # the box that says why failed: nothing left to show instead
                    raise _ChartFailed(cell.index, _failure_message(error)) from None
        return pdf.finish()


def _cell_figure(cell: _Cell) -> Figure:
    """The cell's chart, or a box that says why it cannot be drawn. Nothing of the report is
    written while a figure is built, so a chart that fails here costs no second draw."""
    if cell.chart.problem:
        return _problem_figure(cell)
    try:
        return _chart_figure(cell)
    except _DRAWING_ERRORS as error:
        return _problem_figure(replace(cell, chart=cell.chart._replace(problem=_failure_message(error))))


@dataclass(frozen=True)
class _Cell:
    """Where one chart goes: its cell's left edge, top and size in points, and what it holds."""

    index: int  # of the chart in the report
    chart: ReportChart
    spec: ChartSpec  # the chart's spec at the size it is drawn, before `scale`
    scale: float  # of the drawn chart, to fit the cell's width
    x: float
    top: float
    width: float
    height: float
    chart_height: float  # the chart's own height; the caption goes under it
    caption: str  # wrapped


@dataclass(frozen=True)
class _Grid:
    """A report laid out: the wrapped header, and the cells of each page."""

    title: str  # wrapped
    lines: tuple[str, ...]  # each header line, wrapped
    pages: tuple[tuple[_Cell, ...], ...]

    @classmethod
    def plan(cls, title: str, lines: Sequence[str], charts: list[ReportChart], columns: int,
             limits: Limits) -> "_Grid":
        """Size the cells and fill the pages: each row of cells as tall as its tallest chart and
        caption, as many rows a page as fit."""
        page_w, page_h = A4_LANDSCAPE
        content_w = page_w - 2 * MARGIN
        content_h = page_h - 2 * MARGIN
        title = fitted_lines(title, TITLE_SIZE, content_w, 2 * TITLE_SIZE * 1.4, "bold")
        wrapped = tuple(fitted_lines(line, LINE_SIZE, content_w, HEADER_LINES * LINE_SIZE * 1.4) for line in lines if line)
        header_h = _header_height(title, wrapped)
        cell_w = _cell_width(columns)
        inner_w = cell_w - 2 * CELL_PAD
        captions = [_caption_lines(c, inner_w) for c in charts]
        rows = [range(start, min(start + columns, len(charts))) for start in range(0, len(charts), columns)]
        caption_hs = [max((text_size(captions[i], CAPTION_SIZE)[1] + 4.0 for i in row if captions[i]), default=0.0)
                      for row in rows]
        # What of each row is not its charts: its captions and the cells' padding.
        fixed = [caption_h + 2 * CELL_PAD for caption_h in caption_hs]
        # A row taller than a page is made to fit one: its charts are drawn as tall as the page allows.
        naturals = [max(0.0, min(content_h - fixed_h, max(_natural_height(charts[i], inner_w, limits) for i in row)))
                    for row, fixed_h in zip(rows, fixed)]
        row_hs = _shrunk_to_fill_first_page(naturals, fixed, content_h, content_h - header_h)

        pages: list[tuple[_Cell, ...]] = []
        cells: list[_Cell] = []
        page_bottom = page_h - MARGIN - content_h
        top = page_h - MARGIN - header_h
        for row, caption_h, row_h in zip(rows, caption_hs, row_hs):
            if cells and top - row_h < page_bottom - 0.001:
                pages.append(tuple(cells))
                cells, top = [], page_h - MARGIN
            # Cuts only a first row taller than the room under the header: later pages hold any row.
            row_h = min(row_h, top - page_bottom)
            for column, index in enumerate(row):
                spec, scale = _sized(charts[index], inner_w, row_h - caption_h - 2 * CELL_PAD, limits)
                chart_height = spec.height * scale * POINTS_PER_INCH / CSS_DPI
                cells.append(_Cell(index, charts[index], spec, scale, MARGIN + column * (cell_w + GAP), top,
                                   cell_w, row_h, chart_height, captions[index]))
            top -= row_h + GAP
        pages.append(tuple(cells))
        return cls(title, wrapped, tuple(pages))


def _cell_width(columns: int) -> float:
    """How many points wide each cell of a row of `columns` is."""
    return (A4_LANDSCAPE[0] - 2 * MARGIN - (columns - 1) * GAP) / columns


def report_chart_pixels(columns: int, limits: Limits = DEFAULT_LIMITS) -> int:
    """How many pixels wide `render_report_pdf` draws each chart of a report of `columns` charts a
    row: what a line's rows are thinned for (the pixel columns it is drawn in) before it is drawn."""
    return _drawn_width(_cell_width(max(1, columns)) - 2 * CELL_PAD, limits)[0]


def _caption_lines(chart: ReportChart, width: float) -> str:
    """The chart's caption, then each of its notes, wrapped to `width` points, each cut to CAPTION_LINES."""
    room = CAPTION_LINES * CAPTION_SIZE * 1.4
    parts = [fitted_lines(text, CAPTION_SIZE, width, room) for text in (chart.caption, *chart.notes) if text]
    return "\n".join(parts)


def _shrunk_to_fill_first_page(naturals: Sequence[float], fixed: Sequence[float], page_room: float,
                               first_room: float) -> list[float]:
    """The rows' heights: each row's charts' height, `naturals`, and the height of the rest of it
    (captions and padding), `fixed`. Every row's charts shrink alike (to no less than
    FIRST_PAGE_SHRINK of their height) when that fits one more row under the header of the first
    page, whose room is `first_room` where a page's is `page_room`; captions never shrink, so a
    long one does not squeeze its chart further."""
    fitted, used_shrunk, used = 0, -GAP, -GAP
    for natural, fixed_h in zip(naturals, fixed):
        used_shrunk += natural * FIRST_PAGE_SHRINK + fixed_h + GAP
        used += natural + fixed_h + GAP
        if used_shrunk > first_room or used > page_room:
            break
        fitted += 1
    if fitted == 0:  # the first row is taller than the first page's room: cut to it, alone
        return [natural + fixed_h for natural, fixed_h in zip(naturals, fixed)]
    charts_room = first_room - (fitted - 1) * GAP - sum(fixed[:fitted])
    shrink = min(1.0, charts_room / sum(naturals[:fitted]))
    return [natural * shrink + fixed_h for natural, fixed_h in zip(naturals, fixed)]


def _natural_height(chart: ReportChart, width: float, limits: Limits) -> float:
    """How tall the chart is, in points, drawn `width` points wide in its own proportions, but no
    shorter than the smallest chart the limits allow (`_sized`); a box saying why it cannot be
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


def _sized(chart: ReportChart, width: float, max_height: float, limits: Limits) -> tuple[ChartSpec, float]:
    """The chart's spec sized to fill `width` points, `_natural_height` high but at most
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


def _header_height(title: str, lines: Sequence[str]) -> float:
    height = text_size(title, TITLE_SIZE, "bold")[1] + 6.0
    height += sum(text_size(line, LINE_SIZE)[1] + 3.0 for line in lines)
    return height + GAP


def _page_figure(grid: _Grid, number: int, cells: Sequence[_Cell]) -> Figure:
    """One report page without its charts: header (first page), cell borders, captions, footer."""
    theme = style.THEMES["light"]
    page_w, page_h = A4_LANDSCAPE
    fig = Figure(figsize=(page_w / POINTS_PER_INCH, page_h / POINTS_PER_INCH), dpi=POINTS_PER_INCH)
    fig.set_facecolor("#ffffff")

    def text(x: float, y: float, value: str, size: float, color: str, **kwargs) -> None:
        # Positions in points from the page's lower left corner; `va` top unless said otherwise.
        fig.text(x / page_w, y / page_h, value, fontsize=size, color=color, linespacing=1.2,
                 **{"ha": "left", "va": "top", **kwargs})

    if number == 1:
        top = page_h - MARGIN
        text(MARGIN, top, grid.title, TITLE_SIZE, theme.foreground, fontweight="bold")
        top -= text_size(grid.title, TITLE_SIZE, "bold")[1] + 6.0
        for line in grid.lines:
            text(MARGIN, top, line, LINE_SIZE, theme.muted)
            top -= text_size(line, LINE_SIZE)[1] + 3.0
    for cell in cells:
        fig.add_artist(Rectangle((cell.x / page_w, (cell.top - cell.height) / page_h), cell.width / page_w,
                                 cell.height / page_h, transform=fig.transFigure, facecolor="none",
                                 edgecolor=BORDER, linewidth=0.75))
        if cell.caption:
            text(cell.x + CELL_PAD, cell.top - CELL_PAD - cell.chart_height - 4.0, cell.caption, CAPTION_SIZE,
                 theme.muted)
    footer = MARGIN / 2
    pages = len(grid.pages)
    text(MARGIN, footer, shorten(grid.title.replace("\n", " "), FOOTER_SIZE, page_w / 2), FOOTER_SIZE,
         theme.muted, va="baseline")
    text(page_w - MARGIN, footer, f"page {number} of {pages}", FOOTER_SIZE, theme.muted, ha="right",
         va="baseline")
    return fig


def _chart_figure(cell: _Cell) -> Figure:
    """The cell's chart, from its shaped rows, at the size it is drawn before its scale."""
    return build_figure(cell.spec, cell.chart.frame, dpi=POINTS_PER_INCH)


def _problem_figure(cell: _Cell) -> Figure:
    """A box the size the cell's chart is drawn at that says why the chart cannot be drawn."""
    width, height = (size * POINTS_PER_INCH / CSS_DPI for size in (cell.spec.width, cell.spec.height))
    return problem_figure(cell.chart.spec.title, cell.chart.problem, width, height)
