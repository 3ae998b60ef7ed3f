"""A PNG of many narrow bars keeps them apart as far as its pixels allow, where snapping each side
to whole pixels would merge neighbours into blocks or lose a bar; wide bars stay crisp."""
from __future__ import annotations

import io
from pathlib import Path

import numpy as np
import pytest
from matplotlib.colors import to_rgb
from PIL import Image

from app import create_app
from plots.style import THEMES

YEARS = 30
BAR = np.array(to_rgb(THEMES["light"].palette[0]))
BACKGROUND = np.array(to_rgb(THEMES["light"].background))


@pytest.fixture
def client(data_dir: Path):
    """A test client of the site with `years`: 30 yearly rows of one value, bars of one height."""
    rows = "".join(f"{year},10\n" for year in range(1995, 1995 + YEARS))
    (data_dir / "years.csv").write_text("year,sales\n" + rows)
    return create_app({"TESTING": True, "DATA_DIR": str(data_dir)}).test_client()


def bar_row(client, query: str) -> np.ndarray:
    """How much of each pixel the bars cover (0: background, 1: bar colour) across the bars of the
    PNG, from its first pixel mostly of bar to its last: over the rows the bars fill, the median of
    each column (a grid line behind the bars crosses one of those rows)."""
    response = client.get(f"/plot/years.png?kind=bar&x=year&y=sales&{query}")
    assert response.status_code == 200, response.data[:300]
    pixels = np.asarray(Image.open(io.BytesIO(response.data)).convert("RGB")) / 255.0
    # Where a pixel lies between background and bar colour; 0 for one of another colour (text,
    # axes), which lies off the line from one to the other.
    towards = BAR - BACKGROUND
    share = (pixels - BACKGROUND) @ towards / (towards @ towards)
    off = np.linalg.norm(pixels - BACKGROUND - share[..., None] * towards, axis=2)
    cover = np.where(off < 0.05, np.clip(share, 0, 1), 0)
    filled = cover.sum(axis=1)
    row = np.median(cover[filled > 0.5 * filled.max()], axis=0)
    inked = np.flatnonzero(row > 0.5)
    return row[inked[0]:inked[-1] + 1]


def bars_seen(row: np.ndarray) -> int:
    """The bars told apart along `row`: runs of pixels with a lighter pixel between each two."""
    dark = row > 0.9
    return int(dark[0]) + int(np.count_nonzero(dark[1:] & ~dark[:-1]))


@pytest.mark.parametrize("query", ["width=200", "width=100&scale=2"])
def test_a_png_of_bars_under_a_pixel_apart_shows_a_lighter_column_between_each_two(client, query):
    # Bars about 3.5 device pixels wide and 0.9 apart, or 1.4 and 0.4: snapped, some gaps shut.
    assert bars_seen(bar_row(client, query)) == YEARS


def test_a_png_of_bars_narrower_than_a_pixel_loses_none_of_them(client):
    # 30 bars across about 30 pixels: snapped, some round to nothing, leaving the background.
    row = bar_row(client, "width=100")
    assert row.min() > 0.4


@pytest.mark.parametrize("query", ["width=640", "width=300&scale=2"])
def test_a_png_of_bars_a_pixel_apart_or_more_draws_them_crisp(client, query):
    row = bar_row(client, query)
    assert bars_seen(row) == YEARS
    # Every pixel is bar or gap (the background, or a grid line drawn in it): no anti-aliased sides.
    assert ((row > 0.99) | (row < 0.2)).all()
