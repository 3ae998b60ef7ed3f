"""A small SVG that shows an error message, so a broken embedded chart explains itself."""
from __future__ import annotations

import hashlib
import textwrap
from xml.sax.saxutils import escape

from .data import printable

_ID = "\x00"  # where the ids' prefix goes, once the content it is a hash of is known


def error_svg(status: int, title: str, message: str, width: int = 640, height: int = 360) -> bytes:
    """An SVG of `width`×`height` CSS pixels with the status, title and wrapped message.

    Like a chart it is an image with a `<title>` (the status, title and message) and a `<desc>`
    (what the image is) for screen readers, and its ids are named after a hash of its content,
    so that two errors pasted into one page do not share them.
    """
    width = max(200, min(int(width), 2000))
    height = max(100, min(int(height), 2000))
    heading, message = printable(f"{status} {title}"), printable(message)
    desc = f"An image in place of a chart that could not be drawn, showing the error {heading}."
    chars = max(20, int((width - 40) / 7.2))
    lines = textwrap.wrap(message, chars)[: max(1, (height - 70) // 18)] or [""]
    text = "\n".join(
        f'  <text x="20" y="{64 + 18 * i}" font-size="13">{escape(line)}</text>' for i, line in enumerate(lines)
    )
    body = (
        f' <title id="{_ID}-title">{escape(f"{heading}: {message}")}</title>\n'
        f' <desc id="{_ID}-desc">{escape(desc)}</desc>\n'
        f' <rect x="0.5" y="0.5" width="{width - 1}" height="{height - 1}" fill="#fff5f5" stroke="#d1242f"/>\n'
        f' <g font-family="DejaVu Sans, sans-serif" fill="#82071e">\n'
        f'  <text x="20" y="36" font-size="16" font-weight="bold">{escape(heading)}</text>\n'
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
