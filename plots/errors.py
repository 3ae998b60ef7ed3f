"""A small SVG that shows an error message, so a broken embedded chart explains itself."""
from __future__ import annotations

import textwrap
from xml.sax.saxutils import escape


def error_svg(status: int, title: str, message: str, width: int = 640, height: int = 360) -> bytes:
    """An SVG of `width`×`height` CSS pixels with the status, title and wrapped message."""
    width = max(200, min(int(width), 2000))
    height = max(100, min(int(height), 2000))
    chars = max(20, int((width - 40) / 7.2))
    lines = textwrap.wrap(message, chars)[: max(1, (height - 70) // 18)] or [""]
    text = "\n".join(
        f'  <text x="20" y="{64 + 18 * i}" font-size="13">{escape(line)}</text>' for i, line in enumerate(lines)
    )
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" '
        f'viewBox="0 0 {width} {height}" role="img" aria-labelledby="error-title">\n'
        f' <title id="error-title">{escape(f"{status} {title}: {message}")}</title>\n'
        f' <rect x="0.5" y="0.5" width="{width - 1}" height="{height - 1}" fill="#fff5f5" stroke="#d1242f"/>\n'
        f' <g font-family="DejaVu Sans, sans-serif" fill="#82071e">\n'
        f'  <text x="20" y="36" font-size="16" font-weight="bold">{escape(f"{status} {title}")}</text>\n'
        f"{text}\n"
        f" </g>\n"
        f"</svg>\n"
    ).encode("utf-8")
