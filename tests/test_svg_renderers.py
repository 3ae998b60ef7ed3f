"""A chart's SVG in constructs that renderers besides browsers draw as Chromium does: librsvg (wikis,
GNOME, thumbnailers, ImageMagick), CairoSVG (Python's documentation tools) and resvg."""
from __future__ import annotations

import base64
import io
import xml.etree.ElementTree as ET

import numpy as np
import pandas as pd
from PIL import Image

from plots import ChartSpec, render_svg

SVG = "{http://www.w3.org/2000/svg}"
XLINK_HREF = "{http://www.w3.org/1999/xlink}href"


def dense_scatter(theme: str = "light") -> ET.Element:
    """The SVG of a scatter plot of two series dense enough to be drawn as a raster."""
    rng = np.random.default_rng(7)
    frame = pd.DataFrame({"t": rng.normal(size=6000), "Bear": rng.normal(size=6000), "Wolf": rng.normal(1, 1, 6000)})
    return ET.fromstring(render_svg(ChartSpec(kind="scatter", x="t", y=("Bear", "Wolf"), theme=theme), frame))


def test_a_dense_scatters_masks_are_white_of_the_points_opacity():
    # A browser masks by luminance times alpha; CairoSVG by alpha alone, and drew the rect under a
    # grey mask whole: a block of the series' colour over the plot.
    images = dense_scatter().findall(f".//{SVG}mask/{SVG}image")
    assert len(images) == 2
    for image in images:
        href = image.get(XLINK_HREF)
        pixels = np.asarray(Image.open(io.BytesIO(base64.b64decode(href.split(",", 1)[1]))).convert("RGBA"))
        assert (pixels[..., :3] == 255).all()
        assert pixels[..., 3].min() == 0 and pixels[..., 3].max() > 100


def test_a_dense_scatters_layers_lie_at_the_origin_of_a_group_moved_to_the_plot():
    # CairoSVG moves a mask's content by the corner of the shape it masks: the points were drawn
    # that far off towards the plot's lower right. A flip as a transform is left out too.
    root = dense_scatter("auto")
    parents = {child: parent for parent in root.iter() for child in parent}
    rects = [r for r in root.iter(f"{SVG}rect") if r.get("mask")]
    assert len(rects) == 2
    for rect in rects:
        image = root.find(f".//{SVG}mask[@id='{rect.get('mask')[5:-1]}']/{SVG}image")
        for element in (rect, image):
            assert {"x", "y", "transform"}.isdisjoint(element.attrib)
            assert (element.get("width"), element.get("height")) == (rects[0].get("width"), rects[0].get("height"))
        assert parents[rect].get("transform", "").startswith("translate(")
        assert parents[parents[image]] is parents[rect]  # the mask beside its rect


def test_every_right_to_left_text_is_anchored_at_its_middle():
    # Right-aligned bar names, a left-aligned title and legend: a start or end anchor of a text
    # written right to left is read as a left-to-right text's by CairoSVG and resvg, which drew
    # each a text's width off its place.
    frame = pd.DataFrame({"עיר": ["תל אביב", "حيفا", "ירושלים"], "גשם": [5, 6, 2], "שמש": [1, 2, 3]})
    root = ET.fromstring(render_svg(ChartSpec(kind="barh", x="עיר", y=("גשם", "שמש"), title="גשם לפי עיר"), frame))
    written = {t.text: t.attrib for t in root.iter(f"{SVG}text") if t.get("direction") == "rtl"}
    assert {"תל אביב", "حيفا", "ירושלים", "גשם", "שמש", "גשם לפי עיר"} <= set(written)
    assert {attrib.get("text-anchor") for attrib in written.values()} == {"middle"}


def test_a_charts_size_is_in_css_pixels_over_a_view_box_in_points():
    # resvg-py refused a size in points ("SVG has an invalid size"), and ImageMagick drew 480pt
    # as 480 pixels; browsers draw either the same.
    frame = pd.DataFrame({"year": [2010, 2011, 2012], "Bear": [36, 23, 36]})
    for (width, height), size, view in (((640, 360), ("640", "360"), "0 0 480 270"),
                                        ((100, 2000), ("100", "2000"), "0 0 75 1500")):
        root = ET.fromstring(render_svg(ChartSpec(x="year", y=("Bear",), width=width, height=height), frame))
        assert (root.get("width"), root.get("height")) == size
        assert root.get("viewBox") == view
