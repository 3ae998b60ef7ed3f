"""matplotlib's `Axes` and `Text` made cheaper for charts: axes that make no per-tick artists
(`tick_artists.draw_ticks` draws the ticks) and text whose layout is remembered across renders."""
from __future__ import annotations

import numpy as np
from matplotlib.artist import allow_rasterization
from matplotlib.axes import Axes
from matplotlib.axis import XAxis, YAxis
from matplotlib.colors import rgb2hex, to_rgba
from matplotlib.font_manager import FontProperties
from matplotlib.patches import Rectangle
from matplotlib.text import Text
from matplotlib.transforms import Bbox

# The corners of a Rectangle's own path, which its patch transform takes to the data's.
_UNIT_SQUARE = np.array([[0.0, 0.0], [1.0, 0.0], [1.0, 1.0], [0.0, 1.0]])


class _TicklessXAxis(XAxis):
    def reset_ticks(self) -> None:
        # matplotlib starts each tick list with one Tick (five artists), then restyles it on every
        # clip, grid and tick_params call; ours are drawn by `draw_ticks`, so the lists start empty.
        # Anything that still asks matplotlib for ticks gets them made on demand as usual.
        self.majorTicks = []
        self.minorTicks = []
        if getattr(self, "axes", None) is not None and getattr(self.axes, "patch", None) is not None:
            self.set_clip_path(self.axes.patch)


class _TicklessYAxis(YAxis):
    reset_ticks = _TicklessXAxis.reset_ticks


class ChartAxes(Axes):
    """Axes whose x and y axes make no per-tick artists (`draw_ticks` draws the ticks), and whose
    data limits take a bar's corners as they are."""

    def _init_axis(self) -> None:
        self.xaxis = _TicklessXAxis(self, clear=False)
        self.spines.bottom.register_axis(self.xaxis)
        self.spines.top.register_axis(self.xaxis)
        self.yaxis = _TicklessYAxis(self, clear=False)
        self.spines.left.register_axis(self.yaxis)
        self.spines.right.register_axis(self.yaxis)

    def _update_patch_limits(self, patch) -> None:
        # matplotlib finds any patch's extent from the extrema of each Bezier segment of its path
        # and a transform composed and taken apart for it: most of drawing a bar. A rectangle in
        # data coordinates (a bar) reaches its corners, which its own transform gives as
        # matplotlib's way does (the same points, so the same limits).
        if type(patch) is not Rectangle or patch.get_data_transform() is not self.transData:
            super()._update_patch_limits(patch)
        elif patch.get_width() or patch.get_height():  # matplotlib leaves out a rectangle of no size
            self.update_datalim(patch.get_patch_transform().transform(_UNIT_SQUARE))


def font_key(prop: FontProperties) -> tuple:
    """What of a font decides the size of a text in it, as a hashable key."""
    return (tuple(prop.get_family()), prop.get_style(), prop.get_variant(), prop.get_weight(),
            prop.get_stretch(), prop.get_size_in_points(), prop.get_file())


# The longest line whose measure (`layout.kept_for_short_lines`) or layout (`ChartText`) is kept: a
# chart's titles, labels and legend entries are shorter; a longer one (a long value measured before
# it is cut) is measured each time, where 4,096 lines kept of a value's 131,072 characters would hold
# some 2 GB.
KEPT_LINE = 256

# Text layouts remembered across renders (see ChartText), at most this many, each of a text of at
# most KEPT_LINE characters (a longer one is laid out anew each time): some 1.4 KB an entry of Latin
# text, 2.9 KB of emoji (measured), so some 12 MB at most.
_LAYOUTS_KEPT = 4096
_layouts: dict[tuple, tuple] = {}


class ChartText(Text):
    """A `Text` whose layout is remembered across renders, written straight by the compact SVG
    renderer.

    matplotlib lays a text out (measures its lines, aligns and rotates its box) each time it is
    drawn, and the layout depends only on the text, its font, alignment, rotation and line
    spacing, the figure's resolution and the kind of renderer measuring it; tick labels, axis
    titles and offsets repeat from chart to chart.
    """

    def _get_layout(self, renderer):
        if self.get_usetex() or self.get_wrap():
            return super()._get_layout(renderer)
        measuring = getattr(renderer, "_renderer", renderer)  # inside a MixedModeRenderer
        font = self._fontproperties  # mutable: the key holds what of it matters, not the object
        key = (self.get_text(), font_key(font), font.get_math_fontfamily(), self._linespacing,
               self._get_multialignment(), self.get_rotation(), self._horizontalalignment, self._verticalalignment,
               self.get_rotation_mode(), self.get_parse_math(), self.get_figure(root=True).dpi, type(measuring))
        found = _layouts.get(key)
        if found is None:
            bbox, info, corner = super()._get_layout(renderer)
            if len(key[0]) > KEPT_LINE:
                return bbox, info, corner
            if len(_layouts) >= _LAYOUTS_KEPT:
                _layouts.clear()
            found = _layouts[key] = (bbox.bounds, tuple(info), corner)
        bounds, info, corner = found
        return Bbox.from_bounds(*bounds), list(info), corner

    @allow_rasterization
    def draw(self, renderer) -> None:
        """Draw as `Text` does; a plain line of text on a renderer that writes text itself (the
        compact SVG one) goes to it straight, without a graphics context."""
        write = getattr(renderer, "write_anchored_text", None)
        if (write is None or renderer.text_as_paths or not self.get_visible() or not self.get_text()
                or self.get_gid() is not None or self._bbox_patch or self.get_path_effects() or self.get_usetex()
                or self.get_url() is not None or self.get_clip_on() or self.get_alpha() is not None
                or self.get_wrap() or (self.get_rotation() != 0 and self.get_rotation_mode() != "anchor")):
            super().draw(renderer)
            return
        self._renderer = renderer
        _, info, _ = self._get_layout(renderer)
        posx, posy = self.get_transform().transform(
            (float(self.convert_xunits(self._x)), float(self.convert_yunits(self._y))))
        if (len(info) != 1 or not (np.isfinite(posx) and np.isfinite(posy))
                or self._preprocess_math(info[0][0])[1]):
            super().draw(renderer)
            return
        line, _, (x, y) = info[0]
        rgba = to_rgba(self.get_color())
        write(rgb2hex(rgba), rgba[3], x + posx, renderer.get_canvas_width_height()[1] - (y + posy), line,
              self._fontproperties, self.get_rotation(), self, (posx, posy))
        self.stale = False
