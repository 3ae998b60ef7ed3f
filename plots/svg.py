"""Compact SVG from matplotlib: the renderer behind `render_svg`'s bytes.

matplotlib's SVG backend writes a DOCTYPE, an RDF metadata block, a page-wide `<style>`, a
`<g id=…>` around every artist and a `<use>` per tick mark. `CompactRendererSVG` draws the same
calls through `svg_writer.CompactWriter` without those: a root carrying the chart's title and
description, tick marks as one path, texts written with styles made once per font.
"""
from __future__ import annotations

import base64
import io

import numpy as np
from matplotlib import _path, font_manager
from matplotlib.backends.backend_svg import RendererSVG, _generate_css, _short_float_fmt
from matplotlib.colors import rgb2hex
from matplotlib.path import Path
from matplotlib.transforms import Affine2D
from PIL import Image

from .spec_words import desc_repeats_title
from .svg_writer import DECIMALS, SVG_NS, XLINK_NS, CompactWriter, compact_path, right_to_left, short_number
from .chart_artists import font_key
from .fallback_glyphs import drawn_alone

class CompactRendererSVG(RendererSVG):
    """matplotlib's SVG renderer writing through a `CompactWriter`, with a root that carries the
    chart's title and description and no page-wide style.

    The root is labelled by the title and the description, or by the description alone when it
    starts with the title (`desc_repeats_title`): a screen reader reads the elements
    `aria-labelledby` names one after the other. The <title> stays, for the tooltip."""

    def __init__(self, width: float, height: float, title: str, desc: str, image_dpi: float = 72,
                 text_as_paths: bool = False) -> None:
        # matplotlib's constructor writes its prolog and root element; they go to a scratch buffer.
        super().__init__(width, height, io.StringIO(), image_dpi=image_dpi)
        self.text_as_paths = text_as_paths
        self._groups: list[bool] = []
        self._text_styles: dict[tuple, str] = {}
        self.writer = CompactWriter()
        w, h = f"{width:g}", f"{height:g}"
        # The size in CSS pixels (4/3 of a point), as the chart's URL asks for it: drawn the same by
        # browsers, where resvg-py refused points ("SVG has an invalid size") and ImageMagick drew
        # 480pt as 480 pixels.
        self._start_id = self.writer.start("svg", {
            "width": short_number(width * 4 / 3), "height": short_number(height * 4 / 3), "viewBox": f"0 0 {w} {h}", "role": "img",
            "aria-labelledby": "desc" if desc_repeats_title(title, desc) else "title desc", "stroke-linejoin": "round"})
        self.writer.element("title", title, id="title")
        self.writer.element("desc", desc, id="desc")

    def _write_metadata(self, metadata) -> None:
        pass  # no RDF block: the bytes carry no tool name or date

    def _write_default_style(self) -> None:
        # matplotlib's "*{stroke-linejoin: round; stroke-linecap: butt}" would style a whole page
        # the chart is pasted into; the root's stroke-linejoin does it for the chart alone
        # (butt is SVG's own default cap).
        pass

    def open_group(self, s, gid=None) -> None:
        # matplotlib wraps every artist in <g id="text_3">; without a gid that draws nothing.
        self._groups.append(bool(gid))
        if gid:
            self.writer.start("g", id=gid)

    def close_group(self, s) -> None:
        if self._groups.pop():
            self.writer.end("g")

    def _convert_path(self, path, transform=None, clip=None, simplify=None, sketch=None) -> str:
        clip_box = (0.0, 0.0, self.width, self.height) if clip else None
        data = _path.convert_to_string(path, transform, clip_box, simplify, sketch, DECIMALS,
                                       [b"M", b"L", b"Q", b"C", b"z"], False)
        return compact_path(data.decode("ascii"))

    def draw_markers(self, gc, marker_path, marker_trans, path, trans, rgbFace=None) -> None:
        """Markers that are line segments (tick marks, "+", "x", "|") as one path; others as matplotlib does."""
        positions = self._segment_marker_positions(gc, path, trans)
        segments = None if positions is None else _segments(marker_path, marker_trans + Affine2D().scale(1.0, -1.0))
        # A segment encloses nothing, so its fill draws nothing: the path is a stroke only.
        style = self._get_style_dict(gc, None)
        if segments is None or any(k.endswith("opacity") for k in style):
            # (Translucent markers that overlap darken each other; one path would not.)
            super().draw_markers(gc, marker_path, marker_trans, path, trans, rgbFace)
            return
        moves = []
        for (ax, ay), (bx, by) in segments:
            dx, dy = short_number(bx - ax), short_number(by - ay)
            moves.append((ax, ay, f"v{dy}" if dx == "0" else f"h{dx}" if dy == "0" else f"l{dx} {dy}"))
        data = "".join(f"M{short_number(x + ax)} {short_number(y + ay)}{step}"
                       for x, y in positions for ax, ay, step in moves)
        self.writer.element("path", d=data.replace(" -", "-"), **self._get_clip_attrs(gc),
                            style="; ".join(f"{k}: {v}" for k, v in style.items()))

    def draw_colour_layers(self, gc, x: float, y: float, layers: list[tuple[np.ndarray, str]]) -> None:
        """Layers of one colour each, drawn one over the other where `draw_image` would draw one image
        at (x, y): each a rect filled with its colour under a mask of its opacity (a uint8 image,
        rows from the bottom up, as `draw_image` takes them).

        The colour is a fill like any other, so a style repaints it (`auto_theme`). The mask is
        white, its alpha the opacity (a PNG of 256 whites, each of its own alpha): a browser masks by
        luminance times alpha, and CairoSVG, which masks by alpha alone, drew a grey mask's rect
        whole, a block of colour over the plot. The mask's image holds its rows from the top down,
        unflipped, and it and its rect lie at the origin of a group moved to their place: CairoSVG
        moves a mask's content by the corner of the shape it masks, and drew the points that much
        off towards the plot's lower right, clipped there.
        """
        if not layers:
            return
        rows, columns = layers[0][0].shape
        width, height = 72.0 * columns / self.image_dpi, 72.0 * rows / self.image_dpi
        top = self.height - y - height
        size = {"width": _short_float_fmt(width), "height": _short_float_fmt(height)}
        clip_attrs = self._get_clip_attrs(gc)
        if clip_attrs:
            self.writer.start("g", **clip_attrs)
        self.writer.start("g", transform=f"translate({_short_float_fmt(x)} {_short_float_fmt(top)})")
        for opacity, colour in layers:
            png = alpha_mask_png(opacity[::-1])
            mask = self._make_id("mask", png)
            self.writer.start("mask", id=mask)
            self.writer.element("image", attrib={
                **size, "xlink:href": "data:image/png;base64," + base64.b64encode(png).decode("ascii")})
            self.writer.end("mask")
            self.writer.element("rect", attrib={**size, "fill": colour, "mask": f"url(#{mask})"})
        self.writer.end("g")
        if clip_attrs:
            self.writer.end("g")

    def _segment_marker_positions(self, gc, path, trans) -> np.ndarray | None:
        """Where markers go, when they can be drawn as one path: all inside the figure, no links."""
        if gc.get_url() is not None or gc.get_hatch() is not None or not len(path.vertices):
            return None
        if path.codes is not None and not np.isin(path.codes, (Path.MOVETO, Path.LINETO)).all():
            return None
        positions = self._make_flip_transform(trans).transform(path.vertices)
        inside = (np.isfinite(positions).all() and (positions >= 0).all()
                  and (positions[:, 0] <= self.width).all() and (positions[:, 1] <= self.height).all())
        return positions if inside else None

    def draw_text(self, gc, x, y, s, prop, angle, ismath=False, mtext=None) -> None:
        """Text as `<text>`, or as glyph outlines when the chart asks for text=path."""
        if not self.text_as_paths:
            if not ismath and gc.get_url() is None and right_to_left(s):
                self._draw_right_to_left_text(gc, x, y, s, prop, angle)
            elif ismath or mtext is None or gc.get_url() is not None or self._get_clip_attrs(gc) or not (
                    angle == 0 or mtext.get_rotation_mode() == "anchor"):
                super().draw_text(gc, x, y, s, prop, angle, ismath, mtext)
            else:
                self._draw_anchored_text(gc, x, y, s, prop, angle, mtext)
            return
        # As matplotlib's draw_text with svg.fonttype=path, without changing that global setting.
        clip_attrs = self._get_clip_attrs(gc)
        if clip_attrs:
            self.writer.start("g", **clip_attrs)
        self._draw_text_as_path(gc, x, y, s if ismath else drawn_alone(s, prop), prop, angle, ismath, mtext)
        if clip_attrs:
            self.writer.end("g")

    def _draw_right_to_left_text(self, gc, x, y, s, prop, angle) -> None:
        """A line laid out right to left (`write_right_to_left_text`), clipped as `gc` clips."""
        alpha = gc.get_alpha() if gc.get_forced_alpha() else gc.get_rgb()[3]
        clip_attrs = self._get_clip_attrs(gc)
        if clip_attrs:
            self.writer.start("g", **clip_attrs)
        self.write_right_to_left_text(rgb2hex(gc.get_rgb()), alpha, x, y, s, prop, angle)
        if clip_attrs:
            self.writer.end("g")

    def write_right_to_left_text(self, color: str, alpha: float, x: float, y: float, s: str, prop,
                                 angle: float) -> None:
        """A line laid out right to left, its left end at (x, y) (y down), anchored at its middle.

        A start or end anchor is the right or the left end by the text's direction, and librsvg and
        browsers place it so; CairoSVG and resvg read it as a left-to-right text's, and drew a
        title whose end lay at the chart's left edge off the chart. The middle is the middle either way."""
        width = self.get_text_width_height_descent(s, prop, ismath=False)[0]
        turn = np.deg2rad(angle)
        self.writer.text(self._text_style(prop, color, alpha, "center"),
                         x + width / 2 * np.cos(turn), y - width / 2 * np.sin(turn), -angle, s)

    def _text_style(self, prop, color: str, alpha: float, ha: str) -> str:
        """The CSS of a text in `prop`, `color` and `alpha` anchored by `ha`, made once."""
        key = (font_key(prop), color, alpha, ha)
        style = self._text_styles.get(key)
        if style is None:
            style = self._text_styles[key] = _text_css(prop, color, alpha, ha)
        return style

    def _draw_anchored_text(self, gc, x, y, s, prop, angle, mtext) -> None:
        alpha = gc.get_alpha() if gc.get_forced_alpha() else gc.get_rgb()[3]
        anchor = mtext.get_transform().transform(mtext.get_unitless_position())
        self.write_anchored_text(rgb2hex(gc.get_rgb()), alpha, x, y, s, prop, angle, mtext, anchor)

    def write_anchored_text(self, color: str, alpha: float, x: float, y: float, s: str, prop, angle: float,
                            mtext, anchor) -> None:
        """What matplotlib's `_draw_text_as_text` writes for one line of `mtext` laid out at (x, y)
        (y down) and anchored at its own position, `anchor` in display units (y up); its style
        is made once per font and colour; a line laid out right to left is anchored at its middle
        (`write_right_to_left_text`)."""
        if right_to_left(s):
            self.write_right_to_left_text(color, alpha, x, y, s, prop, angle)
            return
        style = self._text_style(prop, color, alpha, mtext.get_ha())
        # The anchor, moved along the text's vertical to the baseline matplotlib laid out.
        ax, ay = anchor
        ay = self.height - ay
        angle_rad = np.deg2rad(angle)
        dir_vert = np.array([np.sin(angle_rad), np.cos(angle_rad)])
        v_offset = np.dot(dir_vert, [(x - ax), (y - ay)])
        ax = ax + v_offset * dir_vert[0]
        ay = ay + v_offset * dir_vert[1]
        self.writer.text(style, ax, ay, -angle, s)

    def svg(self) -> str:
        """The document written so far, with ids still marked (call after `finalize`)."""
        self.writer.flush()
        lines = self.writer.lines
        root = lines[0]
        if self.writer.font_family is not None:
            root += f' font-family="{self.writer.font_family}"'
        body = "".join(lines[1:])
        namespaces = f'<svg xmlns="{SVG_NS}"' + (f' xmlns:xlink="{XLINK_NS}"' if "xlink:" in body else "")
        return root.replace("<svg", namespaces, 1) + body


_ANCHORS = {"left": "start", "right": "end", "center": "middle"}
# A palette of white alone, its entry n of alpha n: a mask's image of one byte a pixel, as a grey
# image is, that masks the same by luminance and by alpha.
_WHITE_PALETTE = [255, 255, 255] * 256
_ALPHA_BY_INDEX = bytes(range(256))


def alpha_mask_png(opacity: np.ndarray) -> bytes:
    """A PNG of `opacity` (a uint8 image, rows from the top down) as white of that alpha."""
    image = Image.frombytes("P", (opacity.shape[1], opacity.shape[0]), np.ascontiguousarray(opacity).tobytes())
    image.putpalette(_WHITE_PALETTE)
    buffer = io.BytesIO()
    image.save(buffer, format="png", transparency=_ALPHA_BY_INDEX)
    return buffer.getvalue()


def _text_css(prop, color: str, alpha: float, ha: str) -> str:
    """The style matplotlib's SVG backend gives a text in `prop` (font names quoted, generic
    families expanded to the configured fonts), anchored by `ha`."""
    font: dict[str, str] = {}
    if prop.get_style() != "normal":
        font["font-style"] = prop.get_style()
    if prop.get_variant() != "normal":
        font["font-variant"] = prop.get_variant()
    weight = font_manager.weight_dict.get(prop.get_weight(), prop.get_weight())
    if weight != 400:
        font["font-weight"] = f"{weight}"
    font["font-size"] = f"{_short_float_fmt(prop.get_size())}px"
    names = []
    for entry in prop.get_family():
        entry = "sans-serif" if entry in ("sans", "sans serif") else entry
        if entry in font_manager.font_family_aliases:
            names += ["sans-serif" if n in ("sans", "sans serif") else n
                      for n in font_manager.FontManager._expand_aliases(entry)]
        names.append(entry)
    font["font-family"] = ", ".join(dict.fromkeys(
        n if n in font_manager.font_family_aliases else repr(n) for n in names))
    if prop.get_stretch() != "normal":
        font["font-stretch"] = prop.get_stretch()
    font["text-anchor"] = _ANCHORS[ha]
    if color != "#000000":
        font["fill"] = color
    if alpha != 1:
        font["opacity"] = _short_float_fmt(alpha)
    return _generate_css(font)


def _segments(marker_path, transform) -> list | None:
    """The marker's straight segments, transformed, when it is nothing else (so it has no area)."""
    codes = marker_path.codes
    vertices = transform.transform(marker_path.vertices)
    if codes is None:
        codes = [Path.MOVETO] + [Path.LINETO] * (len(vertices) - 1)
    if len(vertices) == 0 or len(vertices) % 2 or not np.isfinite(vertices).all():
        return None
    pairs = []
    for i in range(0, len(vertices), 2):
        if codes[i] != Path.MOVETO or codes[i + 1] != Path.LINETO:
            return None
        pairs.append((tuple(vertices[i]), tuple(vertices[i + 1])))
    return pairs
