"""The canvas a chart's PNG is drawn on: Agg, drawing a long line in pieces that meet."""
from __future__ import annotations

from matplotlib.backends.backend_agg import FigureCanvasAgg, RendererAgg
from matplotlib.path import Path

from .fallback_glyphs import drawn_alone

# Vertices of a line Agg draws at once. Agg's time on one path grows faster than its vertices where
# its segments cross one another: a line of 200,000 rows of noise, M4-thinned to some 8,000
# vertices, took 12 to 14 s as a PNG 2000 pixels wide at scale 3 drawn whole (past the render
# limit) and some 3.8 s in pieces of 2,000; a random walk's line is no slower in pieces
# (`benchmarks/png_lines.py`, figures in benchmarks/README.md).
LINE_PIECE = 2000


class PiecewiseRendererAgg(RendererAgg):
    """Agg, drawing a long unfilled line as pieces of at most LINE_PIECE vertices, each starting
    where the one before ends.

    matplotlib's own chunking (agg.path.chunksize) leaves out the vertex before each chunk, and with
    it the two segments around it: a column's highest or lowest point an M4-thinned line keeps."""

    def draw_path(self, gc, path, transform, rgbFace=None):
        count = len(path.vertices)
        # A filled or hatched path cannot be split; a dashed line's pattern would start again in each piece.
        if (count <= LINE_PIECE or rgbFace is not None or gc.get_hatch() is not None
                or not path.should_simplify or gc.get_dashes()[1] is not None):
            return super().draw_path(gc, path, transform, rgbFace)
        for start in range(0, count - 1, LINE_PIECE - 1):
            stop = min(start + LINE_PIECE, count)
            codes = None if path.codes is None else path.codes[start:stop].copy()
            if codes is not None:
                codes[0] = Path.MOVETO
            piece = Path(path.vertices[start:stop], codes)
            piece.simplify_threshold = path.simplify_threshold
            piece.should_simplify = True
            super().draw_path(gc, piece, transform, rgbFace)

    def get_text_width_height_descent(self, s, prop, ismath):
        # Measured as drawn: a combining mark's box above the line made a text taller than its ink.
        return super().get_text_width_height_descent(s if ismath else drawn_alone(s, prop), prop, ismath)

    def draw_text(self, gc, x, y, s, prop, angle, ismath=False, mtext=None):
        # A variation selector or a combining mark after a character the font lacks is drawn as a box
        # (`drawn_alone`).
        return super().draw_text(gc, x, y, s if ismath else drawn_alone(s, prop), prop, angle, ismath, mtext)


class PngCanvas(FigureCanvasAgg):
    """matplotlib's Agg canvas, drawing with `PiecewiseRendererAgg`."""

    def get_renderer(self):
        # FigureCanvasAgg's own, with the renderer class swapped.
        width, height = self.get_width_height(physical=True)
        key = width, height, self.figure.dpi
        if self._lastKey != key:
            self.renderer = PiecewiseRendererAgg(width, height, self.figure.dpi)
            self._lastKey = key
        return self.renderer
