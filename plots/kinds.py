"""The built-in chart kinds: one `Kind` record each, registered in the order forms list them.

Adding a kind is one record here, and its drawing function beside those of its family: points
along x (`line_kinds`: line, area, scatter), bars by category (`bar_kinds`: bar, barh), or the
distribution of the values (`distribution_kinds`: hist, box).
"""
from __future__ import annotations

from .bar_kinds import draw_bar, draw_barh, fit_bars_to_pixels
from .distribution_kinds import draw_box, draw_hist, fit_bins_to_pixels
from .kind import CHART_KINDS, Kind, register_kind
from .line_kinds import draw_area, draw_line, draw_scatter

# The order is the order forms list them in.
for _kind in (
    Kind("line", "Line chart", draw_line, series=True),
    Kind("bar", "Bar chart", draw_bar, x_axis="categories", stacks=True, fit_to_pixels=fit_bars_to_pixels),
    Kind("barh", "Horizontal bar chart", draw_barh, x_axis="categories", horizontal=True, stacks=True,
         fit_to_pixels=fit_bars_to_pixels),
    Kind("scatter", "Scatter plot", draw_scatter),
    Kind("area", "Area chart", draw_area, series=True, filled=True, log_values=False, stacks=True),
    Kind("hist", "Histogram", draw_hist, x_axis="values", x_bounds="values", resample=False, bins=True,
         fit_to_pixels=fit_bins_to_pixels, log_values=False),
    Kind("box", "Box plot", draw_box, x_axis="series", legend=False, x_bounds=None, resample=False),
):
    register_kind(_kind)
del _kind

# The names of the built-in kinds; kinds registered later are in CHART_KINDS (and kind_names()).
KINDS: tuple[str, ...] = tuple(CHART_KINDS)
