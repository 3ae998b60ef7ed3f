"""Compact SVG from matplotlib: the renderer behind `render_svg`'s bytes.

matplotlib's SVG backend writes a DOCTYPE, an RDF metadata block, a page-wide `<style>`, a
`<g id=…>` around every artist and a `<use>` per tick mark. `CompactRendererSVG` draws the same
calls through `svg_writer.CompactWriter` without those: a root carrying the chart's title and
description, and tick marks as one path.
"""
from __future__ import annotations

import io

import numpy as np
from matplotlib import _path
from matplotlib.backends.backend_svg import RendererSVG
from matplotlib.path import Path
from matplotlib.transforms import Affine2D

from .svg_writer import DECIMALS, SVG_NS, XLINK_NS, CompactWriter, compact_path, short_number

class CompactRendererSVG(RendererSVG):
    """matplotlib's SVG renderer writing through a `CompactWriter`, with a root that carries the
    chart's title and description and no page-wide style."""

    def __init__(self, width: float, height: float, title: str, desc: str, image_dpi: float = 72,
                 text_as_paths: bool = False) -> None:
        # matplotlib's constructor writes its prolog and root element; they go to a scratch buffer.
        super().__init__(width, height, io.StringIO(), image_dpi=image_dpi)
        self.text_as_paths = text_as_paths
        self._groups: list[bool] = []
        self.writer = CompactWriter()
        w, h = f"{width:g}", f"{height:g}"
        self._start_id = self.writer.start("svg", {
            "width": f"{w}pt", "height": f"{h}pt", "viewBox": f"0 0 {w} {h}", "role": "img",
            "aria-labelledby": "title desc", "stroke-linejoin": "round"})
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
            super().draw_text(gc, x, y, s, prop, angle, ismath, mtext)
            return
        # As matplotlib's draw_text with svg.fonttype=path, without changing that global setting.
        clip_attrs = self._get_clip_attrs(gc)
        if clip_attrs:
            self.writer.start("g", **clip_attrs)
        self._draw_text_as_path(gc, x, y, s, prop, angle, ismath, mtext)
        if clip_attrs:
            self.writer.end("g")

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
