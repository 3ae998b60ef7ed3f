"""A small SVG that shows an error message, so a broken embedded chart explains itself."""
from __future__ import annotations

import functools
import hashlib
import io
import textwrap
from xml.sax.saxutils import escape

from .data import printable

_ID = "\x00"  # where the ids' prefix goes, once the content it is a hash of is known


# The drawing, in CSS pixels: text baselines from the top, font sizes, colours.
HEADING_TOP, HEADING_SIZE = 36, 16
LINES_TOP, LINE_STEP, TEXT_SIZE = 64, 18, 13
FILL, STROKE, INK = "#fff5f5", "#d1242f", "#82071e"


def _layout(status: int, title: str, message: str, width: int, height: int) -> tuple[int, int, str, str, list[str]]:
    """The error's size (within bounds), heading, message and the message's lines that fit."""
    width = max(200, min(int(width), 2000))
    height = max(100, min(int(height), 2000))
    heading, message = printable(f"{status} {title}"), printable(message)
    chars = max(20, int((width - 40) / 7.2))
    lines = textwrap.wrap(message, chars)[: max(1, (height - 70) // LINE_STEP)] or [""]
    return width, height, heading, message, lines


def error_svg(status: int, title: str, message: str, width: int = 640, height: int = 360) -> bytes:
    """An SVG of `width`×`height` CSS pixels with the status, title and wrapped message.

    Like a chart it is an image with a `<title>` (the status, title and message) and a `<desc>`
    (what the image is) for screen readers, and its ids are named after a hash of its content,
    so that two errors pasted into one page do not share them.
    """
    width, height, heading, message, lines = _layout(status, title, message, width, height)
    desc = f"An image in place of a chart that could not be drawn, showing the error {heading}."
    text = "\n".join(
        f'  <text x="20" y="{LINES_TOP + LINE_STEP * i}" font-size="{TEXT_SIZE}">{escape(line)}</text>'
        for i, line in enumerate(lines)
    )
    body = (
        f' <title id="{_ID}-title">{escape(f"{heading}: {message}")}</title>\n'
        f' <desc id="{_ID}-desc">{escape(desc)}</desc>\n'
        f' <rect x="0.5" y="0.5" width="{width - 1}" height="{height - 1}" fill="{FILL}" stroke="{STROKE}"/>\n'
        f' <g font-family="DejaVu Sans, sans-serif" fill="{INK}">\n'
        f'  <text x="20" y="{HEADING_TOP}" font-size="{HEADING_SIZE}" font-weight="bold">{escape(heading)}</text>\n'
        f"{text}\n"
        f" </g>\n"
        f"</svg>\n"
    )
    # printable() turned any NUL of the text into U+FFFD: only the ids hold _ID.
    prefix = "e" + hashlib.sha256(f"{width}x{height}\n{body}".encode("utf-8")).hexdigest()[:8]
    root = (f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" '
            f'viewBox="0 0 {width} {height}" role="img" '
            f'aria-labelledby="{_ID}-title" aria-describedby="{_ID}-desc">\n')
    return (root + body).replace(_ID, prefix).encode("utf-8")


@functools.lru_cache(maxsize=64)
def error_png(status: int, title: str, message: str, width: int = 640, height: int = 360, scale: int = 1) -> bytes:
    """The drawing of `error_svg` as a PNG of `scale` device pixels per CSS pixel, for places that
    show no SVG (e-mail clients, office documents) when a PNG chart cannot be drawn."""
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure

    from .render import _render_lock
    from .style import CSS_DPI

    width, height, heading, message, lines = _layout(status, title, message, width, height)
    points = 72 / CSS_DPI  # a CSS pixel in points, as font sizes are given
    with _render_lock:
        # The figure's own edge, twice as wide as the SVG's rectangle: its outer half is cut off.
        fig = Figure(figsize=(width / CSS_DPI, height / CSS_DPI), dpi=CSS_DPI * scale, facecolor=FILL,
                     edgecolor=STROKE, linewidth=2 * points)

        def text(top: float, value: str, size: float, **kwargs) -> None:
            fig.text(20 / width, 1 - top / height, value, fontsize=size * points, color=INK, va="baseline",
                     **kwargs)

        text(HEADING_TOP, heading, HEADING_SIZE, fontweight="bold")
        for i, line in enumerate(lines):
            text(LINES_TOP + LINE_STEP * i, line, TEXT_SIZE)
        buffer = io.BytesIO()
        FigureCanvasAgg(fig).print_png(buffer, metadata={"Software": None})
    return buffer.getvalue()
