"""A PNG histogram of more bins than the plot has pixel columns draws its body in the colour a
histogram of a few bins has: bins under a pixel wide, each anti-aliased on its own, let the
background through where they share a column, and lightened the body to about 0.7 opaque."""
from __future__ import annotations

import io
from pathlib import Path

import numpy as np
import pytest
from matplotlib.colors import to_rgb
from PIL import Image

from app import create_app
from plots.style import THEMES

BAR = np.array(to_rgb(THEMES["light"].palette[0]))
BACKGROUND = np.array(to_rgb(THEMES["light"].background))


@pytest.fixture
def client(data_dir: Path):
    """A test client of the site with `flat`: the values 0 to 199, ten of each, so that 200 bins
    and 10 bins alike count the same in every bin."""
    (data_dir / "flat.csv").write_text("v\n" + "".join(f"{value}\n" * 10 for value in range(200)))
    return create_app({"TESTING": True, "DATA_DIR": str(data_dir)}).test_client()


def body_colour(client, bins: int, query: str) -> np.ndarray:
    """The median colour of the pixels of the histogram's body: of those of the bars' hue (between
    the background and the bars' colour) and nearer the bars' colour than the background."""
    response = client.get(f"/plot/flat.png?kind=hist&y=v&bins={bins}&height=150&{query}")
    assert response.status_code == 200, response.data[:300]
    pixels = np.asarray(Image.open(io.BytesIO(response.data)).convert("RGB")) / 255.0
    towards = BAR - BACKGROUND
    share = (pixels - BACKGROUND) @ towards / (towards @ towards)
    off = np.linalg.norm(pixels - BACKGROUND - share[..., None] * towards, axis=2)
    body = pixels[(off < 0.05) & (share > 0.5)]
    assert len(body) > 500, len(body)
    return np.median(body, axis=0)


@pytest.mark.parametrize("query", ["width=100", "width=200", "width=150&scale=2"])
def test_bins_narrower_than_a_pixel_draw_the_body_as_opaque_as_a_few_bins(client, query):
    # 200 bins in some 25 to 140 device pixels.
    few, many = body_colour(client, 10, query), body_colour(client, 200, query)
    assert np.abs(many - few).max() < 0.02, (np.round(few * 255), np.round(many * 255))
