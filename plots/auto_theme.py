"""theme=auto: one SVG that follows the reader's colour scheme.

The chart is drawn with the light theme; a `<style>` then repaints each light colour it uses with
its dark counterpart inside `@media (prefers-color-scheme: dark)`. The chart's SVG writes colours
as presentation attributes (`fill="#1f77b4"`, short hex where it can: `#fff`), which any CSS rule
overrides, or, for translucent shapes, inside a `style` attribute (`style="fill: #1f77b4; ..."`),
which a rule with `!important` overrides. A rule per colour selects on the attribute, so the
drawing itself is untouched: in a light scheme, or where CSS is not applied, the SVG is the light
chart. A dense scatter's points, a raster layer, are drawn as a rect of each series' colour under a
mask of its opacity (`CompactRendererSVG.draw_colour_layers`), so their colour is a fill attribute
too and follows the legend.
"""
from __future__ import annotations

import re

from .style import THEMES, Theme

# The opening tags of an SVG as matplotlib writes it: attribute values never hold "<" or ">", and
# text content cannot start a tag, so a colour in a user's title is never repainted.
_OPENING_TAG = re.compile(rb"<[^<>!?/][^<>]*>")
_STYLE_ATTRIBUTE = re.compile(rb'\sstyle="([^"]*)"')
_COLOUR = re.compile(rb"(fill|stroke): (#[0-9a-f]{6})")
# A colour as a presentation attribute, as the chart's SVG writer puts it.
_COLOUR_ATTRIBUTE = re.compile(rb'\s(fill|stroke)="(#[0-9a-f]{3}|#[0-9a-f]{6})"')


def _long_hex(colour: str) -> str:
    """#abc as #aabbcc; a six-digit colour as it is."""
    return "#" + "".join(c * 2 for c in colour[1:]) if len(colour) == 4 else colour


def colour_pairs(light: Theme, dark: Theme) -> dict[str, str]:
    """Each colour of the light theme and the dark theme's colour in the same role."""
    pairs = {light.background: dark.background, light.foreground: dark.foreground, light.muted: dark.muted,
             light.grid: dark.grid}
    pairs.update(zip(light.palette, dark.palette))
    return {a.lower(): b.lower() for a, b in pairs.items()}


def dark_scheme_style(svg: bytes, pairs: dict[str, str]) -> bytes:
    """A `<style>` element repainting the light colours `svg` uses in a dark colour scheme ("" when none)."""
    # Colours in style attributes, and presentation attributes by the colour as written (short or
    # long) and as a long colour.
    used: set[tuple[bytes, bytes]] = set()
    written: dict[tuple[str, str], set[str]] = {}
    for tag in _OPENING_TAG.finditer(svg):
        style = _STYLE_ATTRIBUTE.search(tag.group())
        if style:
            used.update(_COLOUR.findall(style.group(1)))
        for prop, colour in _COLOUR_ATTRIBUTE.findall(tag.group()):
            text = colour.decode()
            written.setdefault((prop.decode(), _long_hex(text)), set()).add(text)
    # The rules reach this chart alone, also when it is pasted inline into a page with others.
    root = re.search(rb'<svg[^>]*\saria-labelledby="([^"]+)"', svg)
    scope = f'[aria-labelledby="{root.group(1).decode()}"] ' if root else ""
    rules = []
    # In the order of the pairs (theme roles, then palette), fill before stroke: the same bytes every time.
    for light, dark in pairs.items():
        for prop in ("fill", "stroke"):
            for as_written in sorted(written.get((prop, light), ())):
                rules.append(f'{scope}[{prop}="{as_written}"]{{{prop}:{dark}}}')
            if (prop.encode(), light.encode()) in used:
                rules.append(f'{scope}[style*="{prop}: {light}"]{{{prop}:{dark}!important}}')
    if not rules:
        return b""
    return ("<style>@media (prefers-color-scheme: dark){" + "".join(rules) + "}</style>").encode("ascii")


def follow_colour_scheme(svg: bytes, light: str = "light", dark: str = "dark") -> bytes:
    """`svg`, drawn with the `light` theme, with a style that shows it in the `dark` theme's colours
    when the reader prefers a dark colour scheme; put right after matplotlib's own `<style>`."""
    style = dark_scheme_style(svg, colour_pairs(THEMES[light], THEMES[dark]))
    if not style:
        return svg
    anchor = svg.find(b"</style>")
    if anchor >= 0:
        anchor += len(b"</style>")
    elif b"</desc>" in svg:
        anchor = svg.index(b"</desc>") + len(b"</desc>")  # after the accessible title and description
    else:
        anchor = svg.index(b">", svg.index(b"<svg")) + 1
    return svg[:anchor] + style + svg[anchor:]
