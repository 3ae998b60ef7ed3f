"""Writing a PDF page by page, several matplotlib Figures a page, the same bytes every time.

PDF charts and reports (`pdf.py`) write through `PdfWriter`: each Figure drawn where it goes on
its page, every page sharing one set of embedded fonts (TrueType subsets while PDF_SETTINGS are
set), no creation date and a fixed producer.
"""
from __future__ import annotations

import io
from collections.abc import Iterator

from matplotlib.artist import Artist
from matplotlib.axis import Axis
from matplotlib.backends.backend_mixed import MixedModeRenderer
from matplotlib.backends.backend_pdf import Op, PdfFile, RendererPdf
from matplotlib.figure import Figure
from matplotlib.text import Text

from . import style
from .fallback_glyphs import drawn_alone

POINTS_PER_INCH = 72.0
# Rasterised parts (dense scatters) at twice a screen's resolution: sharp when printed or zoomed.
RASTER_DPI = 2 * style.CSS_DPI
PRODUCER = "svgplots"
# TrueType (Type 42) subsets: text a viewer draws with the font's own hinting, selectable and
# searchable; matplotlib's default (Type 3) draws each glyph as a procedure, which viewers blur.
# matplotlib's PDF writer sizes its subsets by ps.fonttype: at 3, characters past code 255 (the
# minus sign of negative ticks, "–") go into a second copy of the font. Both are set only while a
# PDF is written (under the render lock), and only PDF and PostScript output read them, so SVG and
# PNG bytes cannot change.
PDF_SETTINGS = {"pdf.fonttype": 42, "ps.fonttype": 42}


def _drop_byte_order_marks(fig: Figure) -> None:
    """U+FEFF (a byte-order mark left at the start of a cell or title, or a zero-width no-break
    space) draws nothing, but matplotlib's PDF font subsetting fails on it: it is left out."""
    for text in _texts(fig):
        if "\ufeff" in text.get_text():
            text.set_text(text.get_text().replace("\ufeff", ""))


def _texts(artist: Artist) -> Iterator[Text]:
    """Every Text under `artist`, an axis' ticks as it holds them: its get_children, which findobj
    reads, makes a tick for each of its locator's places first (a line of 5,000 text categories,
    thinned to a few labels when drawn, took 8 s of the render limit making 5,000)."""
    children = ([artist.label, artist.offsetText, *artist.majorTicks, *artist.minorTicks]
                if isinstance(artist, Axis) else artist.get_children())
    for child in children:
        if isinstance(child, Text):
            yield child
        yield from _texts(child)


class _RendererPdf(RendererPdf):
    """matplotlib's PDF renderer, drawing text as the PNG does (`drawn_alone`)."""

    def draw_text(self, gc, x, y, s, prop, angle, ismath=False, mtext=None):
        return super().draw_text(gc, x, y, s if ismath else drawn_alone(s, prop), prop, angle, ismath, mtext)


class PdfWriter:
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
        renderer = MixedModeRenderer(fig, width, height, RASTER_DPI, _RendererPdf(self.file, RASTER_DPI, height, width))
        _drop_byte_order_marks(fig)
        fig.draw(renderer)
        renderer.finalize()
        self.file.output(Op.grestore)

    def finish(self) -> bytes:
        """Write the fonts, images and cross references; the whole file's bytes."""
        self.file.finalize()
        self.file.close()
        return self.buffer.getvalue()
