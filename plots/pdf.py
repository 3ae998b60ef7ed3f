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
from .series_split import drawn_spec
from .fitted_text import shorten, wrap_text
from .layout import text_height
from .pdf_writer import PDF_SETTINGS, POINTS_PER_INCH, PdfWriter
from .problem_box import PROBLEM_REASON_SIZE as CAPTION_SIZE  # a problem box's reason is as large as a caption
from .problem_box import problem_figure
from .render import CSS_DPI, build_figure, render_lock
from .spec import DEFAULT_LIMITS, ChartSpec, Limits, SpecError
from .report_sizes import A4_LANDSCAPE, CELL_PAD, GAP, MARGIN, cell_width, natural_height, sized
from .sized_lru import kept_within_bytes

TITLE_SIZE = 16.0
LINE_SIZE = 9.5
FOOTER_SIZE = 8.0
# A row's long captions squeeze its charts down to this share of a page's height at most; what of
# them is taller still continues at the top of the next page, in a cell of the same column.
CAPTION_SQUEEZE = 0.5
# A row's charts may shrink to this share of their height to fit one more row on the first page
# (their captions keep theirs).
FIRST_PAGE_SHRINK = 0.85
BORDER = "#d0d7de"
# The bytes of wrapped text a render worker keeps (`_wrapped`), each text with its lines (`held_bytes`):
# a caption of 20,000 characters holds some 40 KB of Latin text, 80 KB of other scripts' and 160 KB
# of emoji, so some 100, 50 or 25 of them are kept; a report draws some 100,000 characters of text at
# most within its render limit (some 10,000 a second).
WRAPPED_BYTES = 4 * 1024 * 1024


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
    spec = drawn_spec(spec, data)
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

    The first page starts with `title` and `lines` (each wrapped and whole, over as many pages as
    they take; say, a description's paragraphs and the data version of each dataset), and the
    charts start under them, or on the next page when their first row does not fit there; every
    page ends with the title, on one line shortened with "…" to half the page's width, and its page
    number. Each chart fills its cell's width (drawn that wide, so its text keeps its size, or
    scaled down from `report_sizes.MIN_DRAW_WIDTH` in a narrow cell) in its own proportions as far as the page allows, with its caption whole under it; each row of cells is
    as tall as its own tallest chart and caption, and a caption taller than a page holds under its
    chart continues at the top of the next page, in a cell of the same column. A chart
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
        frame = chart_frame(chart.spec, chart.frame, limits)
        return chart._replace(spec=drawn_spec(chart.spec, frame), frame=frame)
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
                if cell.continued:
                    continue  # the rest of a caption: no chart
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
    continued: bool = False  # the rest of the chart's caption, under no chart


@dataclass(frozen=True)
class _Grid:
    """A report laid out: the wrapped title, the title each page ends with, the header's blocks of
    lines on each of its pages, and the cells of each page."""

    title: str  # wrapped, whole
    footer: str  # the title on one line, shortened to half the page's width
    headers: tuple[tuple[str, ...], ...]  # each header page's blocks of lines, wrapped; the first under the title
    pages: tuple[tuple[_Cell, ...], ...]

    @classmethod
    def plan(cls, title: str, lines: Sequence[str], charts: list[ReportChart], columns: int,
             limits: Limits) -> "_Grid":
        """Size the cells and fill the pages: each row of cells as tall as its tallest chart and
        caption, as many rows a page as fit."""
        page_w, page_h = A4_LANDSCAPE
        content_w = page_w - 2 * MARGIN
        content_h = page_h - 2 * MARGIN
        # Whole, as the dashboard's page shows it: a word too long for a line is split across lines.
        wrapped_title = _wrapped(title, TITLE_SIZE, content_w, "bold")
        footer = shorten(title.replace("\t", " ").replace("\n", " "), FOOTER_SIZE, page_w / 2)
        headers, header_h = _header_pages(wrapped_title, [line for line in lines if line], content_w, content_h)
        cell_w = cell_width(columns)
        inner_w = cell_w - 2 * CELL_PAD
        captions = [_caption_lines(c, inner_w) for c in charts]
        rows = [range(start, min(start + columns, len(charts))) for start in range(0, len(charts), columns)]
        caption_hs = [max((_caption_height(captions[i]) for i in row if captions[i]), default=0.0) for row in rows]
        # What of each row is not its charts: its captions and the cells' padding.
        fixed = [caption_h + 2 * CELL_PAD for caption_h in caption_hs]
        # A row taller than a page is made to fit one: its charts are drawn as tall as the page allows
        # beside its captions, down to CAPTION_SQUEEZE of it; a caption taller still continues.
        naturals = []
        for row, fixed_h in zip(rows, fixed):
            natural = max(natural_height(charts[i], inner_w, limits) for i in row)
            naturals.append(max(0.0, min(natural, max(content_h - fixed_h, CAPTION_SQUEEZE * content_h))))
        row_hs = _shrunk_to_fill_first_page(naturals, fixed, content_h, content_h - header_h)

        pages: list[tuple[_Cell, ...]] = [() for _ in headers[1:]]  # pages of the header alone
        cells: list[_Cell] = []
        page_bottom = page_h - MARGIN - content_h
        top = page_h - MARGIN - header_h
        # Each row: its charts, each one's caption lines, and the height its charts are drawn.
        queue = [(row, [captions[i].split("\n") if captions[i] else [] for i in row], row_h - fixed_h, False)
                 for row, row_h, fixed_h in zip(rows, row_hs, fixed)]
        while queue:
            row, parts, chart_h, continued = queue.pop(0)
            whole_h = chart_h + _row_caption_height(parts) + 2 * CELL_PAD
            fresh = top >= page_h - MARGIN - 0.001
            # A row that fits on a page of its own starts one rather than be cut; one taller than a
            # page starts here when its charts and a few of its captions' lines fit.
            if not fresh and top - whole_h < page_bottom - 0.001 and (
                    whole_h <= content_h + 0.001 or top - page_bottom < chart_h + _lines_height(3) + 2 * CELL_PAD):
                pages.append(tuple(cells))
                cells, top = [], page_h - MARGIN
            room = top - page_bottom
            rest = []
            if whole_h > room + 0.001:  # the captions continue on the next page
                kept = _lines_fitting(room - chart_h - 2 * CELL_PAD)
                parts, rest = [part[:kept] for part in parts], [part[kept:] for part in parts]
            caption_h = _row_caption_height(parts)
            row_h = chart_h + caption_h + 2 * CELL_PAD
            for column, (index, part) in enumerate(zip(row, parts)):
                x = MARGIN + column * (cell_w + GAP)
                if continued:
                    if part:
                        cells.append(_Cell(index, charts[index], charts[index].spec, 1.0, x, top, cell_w, row_h,
                                           0.0, "\n".join(part), continued=True))
                    continue
                spec, scale = sized(charts[index], inner_w, chart_h, limits)
                chart_height = spec.height * scale * POINTS_PER_INCH / CSS_DPI
                cells.append(_Cell(index, charts[index], spec, scale, x, top, cell_w, row_h, chart_height,
                                   "\n".join(part)))
            top -= row_h + GAP
            if any(rest):
                queue.insert(0, (row, rest, 0.0, True))
        pages.append(tuple(cells))
        return cls(wrapped_title, footer, headers, tuple(pages))


def _caption_lines(chart: ReportChart, width: float) -> str:
    """The chart's caption, then each of its notes, each from a new line, wrapped to `width` points."""
    return "\n".join(_wrapped(text, CAPTION_SIZE, width) for text in (chart.caption, *chart.notes) if text)


@kept_within_bytes(WRAPPED_BYTES)
def _wrapped(text: str, size: float, width: float, weight: str = "normal") -> str:
    """`text` wrapped to `width` points (`wrap_text`), once for a report drawn again (a chart that
    failed while drawn, its cell then saying why) and for the next report of the same dashboard."""
    return wrap_text(text, size, width, weight)


def _caption_height(caption: str) -> float:
    """How tall a cell's caption is, with the room above it, in points."""
    return text_height(caption, CAPTION_SIZE) + 4.0


def _lines_height(count: int) -> float:
    """How tall `count` lines of a caption are, with the room above them, in points."""
    return _caption_height("\n" * (count - 1)) if count else 0.0


def _row_caption_height(parts: Sequence[Sequence[str]]) -> float:
    """How tall the tallest of a row's captions, each given as its lines, is in points."""
    return _lines_height(max((len(part) for part in parts), default=0))


def _lines_fitting(height: float) -> int:
    """How many lines of a caption, with the room above them, fit in `height` points (one at least)."""
    count = 1
    while _lines_height(count + 1) <= height + 0.001:
        count += 1
    return count


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


def _header_pages(title: str, lines: Sequence[str], width: float,
                  room: float) -> tuple[tuple[tuple[str, ...], ...], float]:
    """The header's `lines`, each wrapped to `width` points, as the blocks of lines on each page it
    takes (the first under `title`) in `room` points a page, and how tall it is on its last page,
    with the gap under it. A block too long for the room left on its page continues on the next."""
    pages: list[list[str]] = [[]]
    used = text_height(title, TITLE_SIZE) + 6.0
    for line in lines:
        wrapped = _wrapped(line, LINE_SIZE, width).split("\n")
        while wrapped:
            kept = len(wrapped)
            while kept and used + text_height("\n" * (kept - 1), LINE_SIZE) + 3.0 > room + 0.001:
                kept -= 1
            if not kept and used > 0:
                pages.append([])
                used = 0.0
                continue
            block = "\n".join(wrapped[:max(kept, 1)])
            pages[-1].append(block)
            used += text_height(block, LINE_SIZE) + 3.0
            wrapped = wrapped[max(kept, 1):]
    return tuple(tuple(page) for page in pages), used + GAP


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

    top = page_h - MARGIN
    if number == 1:
        text(MARGIN, top, grid.title, TITLE_SIZE, theme.foreground, fontweight="bold")
        top -= text_height(grid.title, TITLE_SIZE) + 6.0
    for block in grid.headers[number - 1] if number <= len(grid.headers) else ():
        text(MARGIN, top, block, LINE_SIZE, theme.muted)
        top -= text_height(block, LINE_SIZE) + 3.0
    for cell in cells:
        fig.add_artist(Rectangle((cell.x / page_w, (cell.top - cell.height) / page_h), cell.width / page_w,
                                 cell.height / page_h, transform=fig.transFigure, facecolor="none",
                                 edgecolor=BORDER, linewidth=0.75))
        if cell.caption:
            text(cell.x + CELL_PAD, cell.top - CELL_PAD - cell.chart_height - 4.0, cell.caption, CAPTION_SIZE,
                 theme.muted)
    footer = MARGIN / 2
    pages = len(grid.pages)
    text(MARGIN, footer, grid.footer, FOOTER_SIZE, theme.muted, va="baseline")
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
