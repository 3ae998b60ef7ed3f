"""The rendering engine: ChartSpec in, SVG or PNG bytes out. Knows nothing of Flask or storage."""
from . import style  # noqa: F401  (sets matplotlib's process-wide settings once, first)
from .data import chart_frame
from .describe import describe
from .errors import error_svg
from .kinds import CHART_KINDS
from .render import build_figure, render_png, render_svg
from .spec import DEFAULT_LIMITS, KINDS, ChartSpec, Limits, SpecError, normalise_fields, parse_spec

__all__ = [
    "CHART_KINDS", "DEFAULT_LIMITS", "KINDS", "ChartSpec", "Limits", "SpecError", "build_figure",
    "chart_frame", "describe", "error_svg", "normalise_fields", "parse_spec", "render_png", "render_svg",
]
