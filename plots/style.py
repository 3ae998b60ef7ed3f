"""Process-wide matplotlib settings (set once, at import) and the light, dark, auto and print themes."""
from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date, datetime

import matplotlib
import numpy as np
from matplotlib import units

from .date_ticks import ChartDateConverter

# Agg is the only backend we use; selecting it before anything else imports a GUI toolkit.
matplotlib.use("Agg")

FONT_FAMILY = "DejaVu Sans"
CSS_DPI = 96.0  # a CSS pixel is 1/96 inch: a chart's width and height are CSS pixels

# Set once at import and never per request: rcParams are process-global, not thread-local.
matplotlib.rcParams.update(
    {
        "font.family": "sans-serif",
        "font.sans-serif": [FONT_FAMILY],
        "font.size": 10,
        # A "$" in a user's title is literal text; mathtext could also raise on it.
        "text.parse_math": False,
        "axes.unicode_minus": True,
        # Fixed salt and no dates make the SVG bytes depend only on what is drawn.
        "svg.hashsalt": "svgplots",
        "svg.fonttype": "none",
        "svg.image_inline": True,
        "path.simplify": True,
        "agg.path.chunksize": 10000,
        # Tick labels are drawn at their own size (`ticks`), but their rcParams size still decides
        # how many ticks an axis has room for (Axis.get_tick_space). The title, legend and axis
        # titles are drawn with sizes of their own, so their rcParams would change nothing.
        "xtick.labelsize": 9,
        "ytick.labelsize": 9,
    }
)
# matplotlib's unit registry gives an axis of values of these types its converter, and with it its
# locator and formatter: ours, rather than the one the rcParam date.converter chooses among
# matplotlib's own.
units.registry[np.datetime64] = units.registry[date] = units.registry[datetime] = ChartDateConverter()


@dataclass(frozen=True)
class Theme:
    """Colours of one look; applied to each figure's artists, never to rcParams."""

    background: str
    foreground: str
    muted: str
    grid: str
    # One colour per series, as many as a chart may have (Limits.max_series); every two are
    # told apart and each stands out from the background by 3:1 (WCAG's contrast for graphics).
    palette: tuple[str, ...]
    # Whether series are told apart without colour too, for gray print and e-ink: each line's dashes
    # and markers, each scatter's marker and each series of bars' hatch (`series_looks`).
    patterned: bool = False


THEMES = {
    "light": Theme(
        background="#ffffff",
        foreground="#1f2328",
        muted="#57606a",
        grid="#e4e7eb",
        # matplotlib's ten (orange, pink, olive and cyan darkened to 3:1 against white), then ten more.
        palette=("#1f77b4", "#e5720d", "#2ca02c", "#d62728", "#9467bd",
                 "#8c564b", "#d46fb5", "#7f7f7f", "#96971b", "#14a1b0",
                 "#2d4b0f", "#a5004b", "#1e9669", "#1e87ff", "#875a00",
                 "#692d5a", "#960087", "#2d3cb4", "#d2694b", "#f03c96"),
    ),
    "dark": Theme(
        background="#16181d",
        foreground="#e6e8eb",
        muted="#a4abb5",
        grid="#30343c",
        palette=("#58a6ff", "#ffa657", "#56d364", "#ff7b72", "#d2a8ff",
                 "#e3b341", "#f778ba", "#8b949e", "#c9d05a", "#39c5cf",
                 "#5a874b", "#2ee8b0", "#b44bc3", "#a5e1b4", "#a5784b",
                 "#b46978", "#6969e1", "#e12d69", "#f0d296", "#5a9600"),
    ),
}
# "auto" draws the light theme; an SVG then carries the dark colours for readers who prefer a dark
# colour scheme (`auto_theme`), and the other formats stay light.
THEMES["auto"] = THEMES["light"]
# "print" is the light theme with each series told apart in gray too (`series_looks`): in gray the
# palette's first colours fall together (blue L* 48 and red 47, orange 61 and green 58).
THEMES["print"] = replace(THEMES["light"], patterned=True)


def apply_theme(fig, ax, theme: Theme) -> None:
    """Colour a drawn figure's background and frame (title and legend: `header`; ticks and grid: `ticks`)."""
    fig.set_facecolor(theme.background)
    # The figure paints the background; the plot's own patch would only repeat it.
    ax.patch.set_visible(False)
    for name, spine in ax.spines.items():
        spine.set_visible(name in ("left", "bottom"))
        spine.set_color(theme.muted)
