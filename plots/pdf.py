"""Charts as PDF: a vector page of the chart's size, fonts embedded as TrueType subsets, the same bytes every time.

The bytes depend only on what is drawn: no dates or ids in the file, a fixed producer, font
subsets named from the glyphs they hold.
"""
from __future__ import annotations

import io

import matplotlib
import pandas as pd
from matplotlib.backends.backend_mixed import MixedModeRenderer
from matplotlib.backends.backend_pdf import Op, PdfFile, RendererPdf
from matplotlib.figure import Figure

from .data import chart_frame
from .describe import describe
from .render import CSS_DPI, _render_lock, build_figure
from .spec import DEFAULT_LIMITS, ChartSpec, Limits

POINTS_PER_INCH = 72.0
# Rasterised parts (dense scatters) at twice a screen's resolution: sharp when printed or zoomed.
RASTER_DPI = 2 * CSS_DPI
PRODUCER = "svgplots"
# TrueType (Type 42) subsets: text a viewer draws with the font's own hinting, selectable and
# searchable; matplotlib's default (Type 3) draws each glyph as a procedure, which viewers blur.
# matplotlib's PDF writer sizes its subsets by ps.fonttype: at 3, characters past code 255 (the
# minus sign of negative ticks, "–") go into a second copy of the font. Both are set only while a
# PDF is written (under the render lock), and only PDF and PostScript output read them, so SVG and
# PNG bytes cannot change.
PDF_SETTINGS = {"pdf.fonttype": 42, "ps.fonttype": 42}


def render_pdf(spec: ChartSpec, frame: pd.DataFrame, limits: Limits = DEFAULT_LIMITS) -> bytes:
    """The chart as a one-page PDF of the chart's size, its alt text as the document's title and subject."""
    data = chart_frame(spec, frame, limits)
    title, desc = describe(spec, data)
    with _render_lock, matplotlib.rc_context(PDF_SETTINGS):
        pdf = _PdfWriter({"Title": title, "Subject": desc})
        fig = build_figure(spec, data, dpi=POINTS_PER_INCH)
        width, height = fig.get_size_inches() * POINTS_PER_INCH
        pdf.new_page(width, height)
        pdf.draw(fig, 0.0, 0.0)
        return pdf.finish()


class _PdfWriter:
    """One PDF being written: pages, and Figures drawn onto them at an offset, in points.

    matplotlib's own print_pdf writes one Figure per page; this draws each Figure into the page's
    content stream inside a saved graphics state moved (and scaled) to where it goes (`q … cm … Q`),
    so that several can share a page.
    """

    def __init__(self, metadata: dict[str, str]):
        self.buffer = io.BytesIO()
        # No creation date and a fixed producer (matplotlib's names its version): same data, same bytes.
        self.file = PdfFile(self.buffer, metadata={**metadata, "Creator": None, "Producer": PRODUCER,
                                                   "CreationDate": None, "ModDate": None})

    def new_page(self, width: float, height: float) -> None:
        """Start a page of `width`×`height` points."""
        self.file.newPage(width / POINTS_PER_INCH, height / POINTS_PER_INCH)

    def draw(self, fig: Figure, x: float, y: float, scale: float = 1.0) -> None:
        """Draw `fig`, scaled by `scale`, with its lower left corner at (`x`, `y`) points of the current page."""
        fig.dpi = POINTS_PER_INCH  # PDF user space is in points, as in matplotlib's print_pdf
        width, height = fig.get_size_inches()
        self.file.output(Op.gsave)
        self.file.output(scale, 0, 0, scale, x, y, Op.concat_matrix)
        renderer = MixedModeRenderer(fig, width, height, RASTER_DPI, RendererPdf(self.file, RASTER_DPI, height, width))
        fig.draw(renderer)
        renderer.finalize()
        self.file.output(Op.grestore)

    def finish(self) -> bytes:
        """Write the fonts, images and cross references; the whole file's bytes."""
        self.file.finalize()
        self.file.close()
        return self.buffer.getvalue()
