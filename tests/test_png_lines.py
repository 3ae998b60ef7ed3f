"""A dense line's PNG: Agg draws it in pieces that meet, and it looks as the line drawn whole."""
from __future__ import annotations

import io

import numpy as np
import pandas as pd
import pytest
from matplotlib.backends.backend_agg import RendererAgg
from PIL import Image

from plots import parse_spec, render_png

COLUMNS = {"x": "float", "y": "float"}


@pytest.fixture(scope="module")
def noise() -> pd.DataFrame:
    """200,000 rows of normal noise: M4 keeps some four a pixel column, each column's line crossing itself."""
    rng = np.random.default_rng(1)
    return pd.DataFrame({"x": np.arange(200_000, dtype=float), "y": rng.normal(size=200_000)})


def noise_spec(width: int, height: int):
    return parse_spec({"kind": ["line"], "x": ["x"], "y": ["y"], "width": [str(width)], "height": [str(height)]},
                      COLUMNS)


def pixels(png: bytes) -> np.ndarray:
    return np.asarray(Image.open(io.BytesIO(png)).convert("RGB")).astype(int)


def test_a_dense_line_is_drawn_in_pieces_each_starting_where_the_last_ended(monkeypatch, noise):
    drawn = []
    draw_path = RendererAgg.draw_path

    def recorded(self, gc, path, transform, rgbFace=None):
        if rgbFace is None and len(path.vertices) > 100:
            drawn.append(path.vertices.copy())
        return draw_path(self, gc, path, transform, rgbFace)

    monkeypatch.setattr(RendererAgg, "draw_path", recorded)
    render_png(noise_spec(2000, 300), noise)
    assert len(drawn) > 1
    assert max(len(piece) for piece in drawn) <= 2000
    for before, after in zip(drawn, drawn[1:]):
        assert np.array_equal(before[-1], after[0])
    # Together the pieces hold the whole thinned line, some four vertices a pixel column.
    assert sum(len(piece) - 1 for piece in drawn) + 1 > 3 * 2000


def test_a_dense_line_drawn_in_pieces_looks_as_drawn_whole(monkeypatch, noise):
    from plots import png_canvas

    spec = noise_spec(2000, 1500)
    pieces = render_png(spec, noise)
    monkeypatch.setattr(png_canvas, "LINE_PIECE", 10**12)
    whole = render_png(spec, noise)
    assert pieces != whole
    off = (np.abs(pixels(pieces) - pixels(whole)).max(axis=2) > 64).mean()
    assert off <= 0.0002
