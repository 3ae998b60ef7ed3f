"""A dense scatter's raster layer: the marker kernel summed around each pixel, made in bands of rows,
the same at every size, and small enough in memory at the largest legal size and scale."""
from __future__ import annotations

import tracemalloc

import numpy as np
import pandas as pd

from plots import dense_scatter, parse_spec, render_png
from plots.dense_scatter import _disc_weights, density_image, stamped_sum

HEIGHT, WIDTH = 23, 31
KERNEL = np.log1p(-0.8 * _disc_weights(2.3))


def window_sums(counts: np.ndarray, kernel: np.ndarray) -> np.ndarray:
    """Per pixel, the kernel times the counts of the window centred on it (zero beyond the grid)."""
    reach = kernel.shape[0] // 2
    padded = np.pad(counts, reach)
    out = np.zeros(counts.shape)
    for row in range(counts.shape[0]):
        for col in range(counts.shape[1]):
            out[row, col] = np.sum(kernel * padded[row:row + kernel.shape[0], col:col + kernel.shape[1]])
    return out


def some_counts(points: int, seed: int = 5) -> np.ndarray:
    rng = np.random.default_rng(seed)
    counts = np.zeros(HEIGHT * WIDTH)
    np.add.at(counts, rng.integers(0, HEIGHT * WIDTH, points), 1.0)
    return counts.reshape(HEIGHT, WIDTH)


def in_bands(counts: np.ndarray, kernel: np.ndarray, band: int) -> np.ndarray:
    pixels = np.flatnonzero(counts)
    flat = counts.ravel()[pixels]
    return np.concatenate([stamped_sum(pixels, flat, kernel, top, min(band, HEIGHT - top), WIDTH)
                           for top in range(0, HEIGHT, band)])


def test_the_stamped_kernel_sums_equal_each_pixels_window_sum_in_any_bands():
    counts = some_counts(25)  # points at the edges and corners too, with some pixels holding two
    expected = window_sums(counts, KERNEL)
    for band in (HEIGHT, 7, 1):
        np.testing.assert_allclose(in_bands(counts, KERNEL, band), expected, rtol=1e-12, atol=1e-15)


def test_stamping_at_the_points_and_shifting_the_whole_grid_give_the_same_floats(monkeypatch):
    for points in (10, 600):  # sparse, and most pixels holding points
        counts = some_counts(points)
        monkeypatch.setattr(dense_scatter, "SHIFT_ABOVE_SHARE", 2.0)  # always stamp
        stamped = in_bands(counts, KERNEL, 6)
        monkeypatch.setattr(dense_scatter, "SHIFT_ABOVE_SHARE", 0.0)  # always shift
        shifted = in_bands(counts, KERNEL, 6)
        assert np.array_equal(stamped, shifted)
        np.testing.assert_allclose(stamped, window_sums(counts, KERNEL), rtol=1e-12, atol=1e-15)


def test_the_density_image_is_the_same_made_in_bands_of_any_height(monkeypatch):
    rng = np.random.default_rng(2)
    x = rng.normal(size=400)
    series = [(rng.normal(size=400), "#1f77b4"), (rng.normal(1, 1, size=400), "#ff7f0e")]
    whole = density_image(x, series, (-3, 3), (-3, 4), WIDTH, HEIGHT, KERNEL)
    assert whole[..., 3].any() and whole[..., 3].min() == 0
    for band_rows in (1, 4, 10):
        monkeypatch.setattr(dense_scatter, "BAND_PIXELS", band_rows * WIDTH)
        assert np.array_equal(density_image(x, series, (-3, 3), (-3, 4), WIDTH, HEIGHT, KERNEL), whole)


def test_a_dense_scatter_at_the_largest_size_and_scale_takes_little_memory_beyond_its_image():
    rng = np.random.default_rng(4)
    frame = pd.DataFrame({"t": rng.normal(20, 8, 11_000), "value": rng.normal(70, 15, 11_000)})
    spec = parse_spec({"kind": ["scatter"], "x": ["t"], "y": ["value"], "width": ["2000"], "height": ["2000"]},
                      {"t": "float", "value": "float"})
    tracemalloc.start()
    try:
        png = render_png(spec, frame, 3)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert png.startswith(b"\x89PNG")
    # The 6000×6000 image itself is 144 MB of RGBA (and the figure's canvas as much again, not
    # traced here); drawn over the whole grid in floats, the layer took 2.7 GB.
    assert peak < 600 * 1024**2, f"{peak / 1024**2:.0f} MB"
