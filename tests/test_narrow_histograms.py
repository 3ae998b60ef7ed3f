"""A PNG histogram of many bins at a small width is fitted to its pixels as bars are, but its bins
touch: each bin on whole pixels, none lost where there are pixels enough, the lines parting them
whole pixels or none (never a lighter column smeared over two), and where bins are narrower than a
pixel, drawn unsnapped so that no bin's count goes missing."""
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
FULL = 0.9  # a histogram of one series is drawn at this opacity


def histogram_file(counts: list[int]) -> str:
    """A CSV of one column whose histogram of len(counts) bins counts `counts[i]` in bin i: the
    values 0 to n - 1, one a bin, each written its count of times."""
    return "v\n" + "".join(f"{value}\n" * count for value, count in enumerate(counts))


@pytest.fixture
def client(data_dir: Path):
    """A test client of the site with `flat` (60 bins of 10) and `spikes` (200 bins of 10, every
    tenth of 100)."""
    (data_dir / "flat.csv").write_text(histogram_file([10] * 60))
    (data_dir / "spikes.csv").write_text(histogram_file([100 if i % 10 == 0 else 10 for i in range(200)]))
    return create_app({"TESTING": True, "DATA_DIR": str(data_dir)}).test_client()


def cover(client, dataset: str, bins: int, query: str) -> np.ndarray:
    """How much of each pixel of the PNG histogram the bins cover (0: background, FULL: a bin's
    colour; 0 too for a pixel of another colour: text, axes, grid lines), over its columns from the
    first the bins reach to the last."""
    response = client.get(f"/plot/{dataset}.png?kind=hist&y=v&bins={bins}&height=150&{query}")
    assert response.status_code == 200, response.data[:300]
    pixels = np.asarray(Image.open(io.BytesIO(response.data)).convert("RGB")) / 255.0
    towards = BAR - BACKGROUND
    share = (pixels - BACKGROUND) @ towards / (towards @ towards)
    off = np.linalg.norm(pixels - BACKGROUND - share[..., None] * towards, axis=2)
    covered = np.where(off < 0.05, np.clip(share, 0, 1), 0)
    columns = np.flatnonzero(covered.max(axis=0) > 0.5 * FULL)
    return covered[:, columns[0]:columns[-1] + 1]


def body_row(covered: np.ndarray) -> np.ndarray:
    """Across a histogram of bins of one count: over the rows its bins fill, the median of each column."""
    filled = covered.sum(axis=1)
    return np.median(covered[filled > 0.5 * filled.max()], axis=0)


@pytest.mark.parametrize("query", ["width=200", "width=150&scale=2"])
def test_bins_a_few_pixels_wide_fill_whole_pixels_with_no_lighter_columns_between(client, query):
    # Bins about two device pixels wide: the lines parting them, a fraction of a pixel wide, were
    # smeared into every column as a lighter tint, unevenly; they are left out, and bins of one
    # count read as one even block.
    row = body_row(cover(client, "flat", 60, query))
    assert len(row) >= 60
    assert (row > FULL - 0.03).all(), np.round(row, 2).tolist()


@pytest.mark.parametrize("query", ["width=400", "width=300&scale=2"])
def test_wide_bins_are_parted_by_whole_pixels_evenly(client, query):
    # Bins about six device pixels wide are parted by a line of a whole pixel at each inner edge,
    # taken from the bin before, and every bin keeps as many pixels as the others, or one more.
    row = body_row(cover(client, "flat", 60, query))
    assert ((row > FULL - 0.03) | (row < 0.03)).all(), np.round(row, 2).tolist()
    dark = row > FULL / 2
    starts = np.flatnonzero(dark & ~np.concatenate([[False], dark[:-1]]))
    ends = np.flatnonzero(dark & ~np.concatenate([dark[1:], [False]]))
    widths = ends - starts + 1
    assert len(widths) == 60, widths.tolist()
    assert widths.max() - widths.min() <= 1, widths.tolist()
    assert (starts[1:] - ends[:-1] == 2).all()  # one pixel between each two


@pytest.mark.parametrize("query", ["width=200", "width=150&scale=2"])
def test_bins_narrower_than_a_pixel_lose_none_of_their_counts(client, query):
    # 200 bins in about 120 device pixels: snapped, a bin could round to nothing, and the tall
    # bin among short ones with it. Every tenth bin counts ten times the others: each shows.
    covered = cover(client, "spikes", 200, query)
    inked = (covered > 0.2).sum(axis=0)  # how high each column is inked
    tall = inked > (inked.min() + inked.max()) / 2
    runs = int(tall[0]) + int(np.count_nonzero(tall[1:] & ~tall[:-1]))
    assert runs == 20, np.flatnonzero(tall).tolist()
