"""The rendering engine: ChartSpec in, chart bytes out in any registered format. Knows nothing of Flask or storage."""
from . import style  # noqa: F401  (sets matplotlib's process-wide settings once, first)
from .data import chart_frame
from .describe import describe
from .spec_words import spec_summary
from .error_png import error_png
from .errors import error_svg
from .formats import FORMATS, Format, UnknownFormat, format_named, register_format, render_chart
from .kind import CHART_KINDS, Kind, kind_of, register_kind
from .kinds import KINDS
from .pdf import ReportChart, render_pdf, render_report_pdf
from .render import build_figure, render_png, render_svg
from .spec import DEFAULT_LIMITS, ChartSpec, Limits, SpecError
from .spec_parser import parse_spec
from .toml_values import normalise_fields

__all__ = [
    "CHART_KINDS", "DEFAULT_LIMITS", "FORMATS", "KINDS", "ChartSpec", "Format", "Kind", "Limits", "ReportChart",
    "SpecError", "UnknownFormat", "build_figure", "chart_frame", "describe", "error_png", "error_svg", "format_named", "kind_of",
    "normalise_fields", "parse_spec", "register_format", "register_kind", "render_chart", "render_pdf",
    "render_png", "render_report_pdf", "render_svg", "spec_summary",
]
