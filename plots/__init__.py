"""The rendering engine: ChartSpec in, SVG or PNG bytes out. Knows nothing of Flask or storage."""
from . import style  # noqa: F401  (sets matplotlib's process-wide settings once, first)
from .data import chart_frame
from .describe import describe
from .errors import error_svg
from .kind import CHART_KINDS, Kind, kind_of, register_kind
from .kinds import KINDS
from .render import build_figure, render_png, render_svg
from .spec import DEFAULT_LIMITS, ChartSpec, Limits, SpecError, normalise_fields, parse_spec

__all__ = [
    "CHART_KINDS", "DEFAULT_LIMITS", "KINDS", "ChartSpec", "Kind", "Limits", "SpecError", "build_figure",
    "chart_frame", "describe", "error_svg", "kind_of", "normalise_fields", "parse_spec", "register_kind",
    "render_png", "render_svg",
]
