"""The error image of a PNG chart's URL as a PNG: the drawing `error_svg` makes, rasterised.

E-mail clients (Gmail, Outlook) show no SVG, which is why a chart page's e-mail snippet embeds the
PNG: an error answered there as an SVG showed as a broken image. The same layout (`error_layout`) is
drawn here with Pillow, which matplotlib draws its own PNGs through, in the font a chart's text is in
(DejaVu Sans, as matplotlib finds it): a rectangle and a few lines of text need no Figure, so a bad
URL costs a few milliseconds at a chart's usual size rather than a render; its cost grows with its
pixels, some 0.16 s at the largest, 2000×2000 at scale 3 (`benchmarks/error_images.py`).
"""
from __future__ import annotations

import io
from functools import lru_cache

from matplotlib.font_manager import FontProperties, findfont
from PIL import Image, ImageColor, ImageDraw, ImageFont
from PIL.PngImagePlugin import PngInfo

from .errors import error_colours, error_layout, error_size
from .style import FONT_FAMILY

# zlib's fastest level: an error image is a flat box and a few lines of text, which it packs
# nearly as small as the default level does, in a fraction of the time.
COMPRESS_LEVEL = 1


# The palette's index of the ink at full coverage, and of the border past it.
INK = 254
BORDER = 255


@lru_cache(maxsize=8)
def _palette(fill: str, ink: str, stroke: str) -> bytes:
    """RGB triples: `fill` blended into `ink` over indices 0 to INK, then `stroke` at BORDER."""
    box, text = ImageColor.getrgb(fill), ImageColor.getrgb(ink)
    shades = [tuple(round(b + (t - b) * i / INK) for b, t in zip(box, text)) for i in range(INK + 1)]
    return bytes(channel for colour in [*shades, ImageColor.getrgb(stroke)] for channel in colour)


@lru_cache(maxsize=64)
def _font(weight: str, pixels: int) -> ImageFont.FreeTypeFont:
    """DejaVu Sans of `weight` at `pixels` device pixels to the em, loaded once."""
    path = findfont(FontProperties(family=FONT_FAMILY, weight=weight), fallback_to_default=True)
    return ImageFont.truetype(path, pixels)


def error_png(status: int, title: str, message: str, width: int = 640, height: int = 360,
              theme: str = "light", scale: int = 1) -> bytes:
    """A PNG of `width`×`height` CSS pixels at `scale` device pixels each, drawing what `error_svg`
    draws of the same error in `theme` ("auto" light, as a PNG chart of it is).

    Its Title text chunk holds the status, title and whole message, as an SVG's `<title>` does, and
    its Chart-Error chunk the status, as an SVG's root's `data-status`: a script tells it from a chart.
    """
    colours = error_colours(theme)
    width, height = error_size(width, height)
    laid = error_layout(status, title, message, width, height)
    # Drawn as coverage of the ink over the box (0 to INK), then written as a palette of those shades
    # and the border's colour: a byte a pixel rather than three, which zlib packs in a third of the time.
    image = Image.new("L", (width * scale, height * scale), 0)
    draw = ImageDraw.Draw(image)
    # The SVG's 1-pixel border centred half a pixel in: its whole width inside the image.
    draw.rectangle((0, 0, width * scale - 1, height * scale - 1), outline=BORDER, width=scale)
    x = laid.pad * scale
    draw.text((x, laid.heading_baseline * scale), laid.heading, fill=INK, anchor="ls",
              font=_font("bold", round(laid.heading_size * scale)))
    font = _font("normal", round(laid.message_size * scale))
    for i, line in enumerate(laid.lines):
        draw.text((x, (laid.first_baseline + laid.step * i) * scale), line, fill=INK, anchor="ls", font=font)
    image.putpalette(_palette(colours.fill, colours.ink, colours.stroke))  # the L image made P in place
    info = PngInfo()
    info.add_text("Chart-Error", laid.status)
    info.add_itxt("Title", laid.title)
    buffer = io.BytesIO()
    image.save(buffer, format="png", compress_level=COMPRESS_LEVEL, pnginfo=info)
    return buffer.getvalue()
