"""Dense scatters drawn as a raster.

A scatter of a million points would be a million SVG elements (about 100 MB). Past a threshold
its points are instead counted per pixel of the plot, at the resolution the output is drawn at,
and the counts are turned into colour and opacity the way stacked translucent markers would be:
an image made when the figure is drawn, so that it lines up with the plot. The chart's SVG gets
each series' opacity as a mask over a rect of its colour, which theme=auto repaints.
"""
from __future__ import annotations

import numpy as np
from matplotlib.artist import Artist, allow_rasterization
from matplotlib.colors import to_hex, to_rgb

from .legend_entries import series_entry

# A scatter with more points than this, over all its series, is drawn as a raster layer.
SCATTER_VECTOR_POINTS = 5000
# Rows of the density image are made this many pixels at a time (8 MB per plane of floats).
BAND_PIXELS = 1 << 20
# Above this share of a band's pixels holding points, shifting the whole grid once per kernel cell
# is quicker than stamping the kernel at each occupied pixel (`stamped_sum`).
SHIFT_ABOVE_SHARE = 1 / 8


def add_dense_scatter(ax, x, series: list[tuple[str, np.ndarray]], size: float, alpha: float) -> None:
    """Draw large scatter series as one DensityLayer, with legend entries and the usual limits.

    The view limits are what matplotlib's autoscale gives a scatter: the data's range and 5 %
    margins. `size` is the marker area in points², as `Axes.scatter` takes it.
    """
    ax.xaxis.update_units(x)
    xs = np.asarray(ax.xaxis.convert_units(x), dtype=np.float64)
    layers, lows, highs = [], [], []
    for name, y in series:
        # An empty scatter takes the next colour and gives the legend its entry.
        proxy = series_entry(ax.scatter([], [], s=size, alpha=alpha, linewidths=0, label=name))
        layers.append((y, proxy.get_facecolor()[0][:3]))
        finite = np.isfinite(xs) & np.isfinite(y)
        if finite.any():
            lows.append((xs[finite].min(), y[finite].min()))
            highs.append((xs[finite].max(), y[finite].max()))
    if lows:
        # The layer's extent as data limits, as a scatter's points give them: matplotlib's
        # autoscale then adds its margins, and a caller may widen them as for any scatter.
        ax.update_datalim([np.min(lows, axis=0), np.max(highs, axis=0)])
    ax.add_artist(DensityLayer(xs, layers, alpha, float(np.sqrt(size))))


class DensityLayer(Artist):
    """Scatter points drawn as an image: per pixel, the colour stacked translucent markers would give.

    Made at draw time over the axes' own pixels (at the renderer's image resolution), so the
    image lines up with the plot in SVG and PNG alike.
    """

    zorder = 1.5

    def __init__(self, x: np.ndarray, series: list[tuple[np.ndarray, str]], alpha: float, marker_points: float):
        super().__init__()
        self._x = x
        self._series = series
        self._alpha = alpha
        self._marker = marker_points  # marker diameter in points

    @allow_rasterization
    def draw(self, renderer) -> None:
        if not self.get_visible():
            return
        ax = self.axes
        bbox = ax.bbox
        scale = renderer.get_image_magnification()
        width = max(1, int(round(bbox.width * scale)))
        height = max(1, int(round(bbox.height * scale)))
        (x0, x1), (y0, y1) = ax.get_xlim(), ax.get_ylim()
        radius = self._marker / 2 * ax.get_figure(root=True).dpi / 72 * scale  # in image pixels
        kernel = np.log1p(-self._alpha * _disc_weights(radius))
        gc = renderer.new_gc()
        gc.set_clip_rectangle(bbox)
        draw_colour_layers = getattr(renderer, "draw_colour_layers", None)
        if draw_colour_layers is not None:
            # The chart's SVG: each series' opacity as a mask over its colour, which a style can
            # repaint as it repaints the legend (theme=auto).
            opacities = density_opacities(self._x, self._series, (x0, x1), (y0, y1), width, height, kernel)
            draw_colour_layers(gc, bbox.x0, bbox.y0, [(opacity, to_hex(colour)) for opacity, (_, colour)
                                                      in zip(opacities, self._series) if opacity.any()])
        else:
            rgba = density_image(self._x, self._series, (x0, x1), (y0, y1), width, height, kernel)
            renderer.draw_image(gc, bbox.x0, bbox.y0, rgba)  # rows from the bottom up, as matplotlib draws images
        gc.restore()


def density_image(x: np.ndarray, series, xlim, ylim, width: int, height: int, log_clear_kernel: np.ndarray) -> np.ndarray:
    """The `height`×`width` RGBA image (rows from the bottom up) of scatter `series` ((y, colour)
    pairs over `x`): per pixel, the colour and opacity its stacked translucent markers give.

    `log_clear_kernel` is log(1 - a·w) around a marker's centre pixel, for markers of opacity a
    that cover a pixel by fraction w: a pixel's markers stack to 1 - Π(1 - a·w), whose log is
    the kernel summed over the points around it (`stamped_sum`). The image is made in bands of
    rows, so that the memory it takes besides the image itself stays small at any size.
    """
    rgba = np.zeros((height, width, 4), dtype=np.uint8)
    for top, rows, sums in _bands_of_sums(x, series, xlim, ylim, width, height, log_clear_kernel):
        # Only pixels some marker reaches are coloured; the others stay clear.
        reached = np.zeros((rows, width), dtype=bool)
        for log_clear in sums:
            reached |= log_clear != 0
        reached = np.nonzero(reached)
        rgb = np.zeros((len(reached[0]), 3))
        coverage = np.zeros(len(reached[0]))
        for log_clear, (_, colour) in zip(sums, series):
            alpha = -np.expm1(log_clear[reached])
            clear = 1 - alpha
            rgb *= clear[:, None]
            rgb += np.multiply.outer(alpha, to_rgb(colour))
            coverage *= clear
            coverage += alpha
        shown = coverage > 0
        band_rgba = rgba[top:top + rows]
        band_rgba[reached[0][shown], reached[1][shown], :3] = np.round(
            255 * rgb[shown] / coverage[shown, None]).astype(np.uint8)
        band_rgba[reached[0], reached[1], 3] = np.round(255 * coverage).astype(np.uint8)
    return rgba


def density_opacities(x: np.ndarray, series, xlim, ylim, width: int, height: int,
                      log_clear_kernel: np.ndarray) -> list[np.ndarray]:
    """Each of scatter `series`' opacity alone, as a `height`×`width` uint8 image (rows from the
    bottom up): what `density_image` stacks, one series over the other, to colour its pixels."""
    opacities = [np.zeros((height, width), dtype=np.uint8) for _ in series]
    for top, rows, sums in _bands_of_sums(x, series, xlim, ylim, width, height, log_clear_kernel):
        for opacity, log_clear in zip(opacities, sums):
            opacity[top:top + rows] = np.round(-255 * np.expm1(log_clear))
    return opacities


def _bands_of_sums(x: np.ndarray, series, xlim, ylim, width: int, height: int, log_clear_kernel: np.ndarray):
    """Per band of rows of the image, its first row, its rows and each series' `stamped_sum` over it."""
    occupied = [_occupied_pixels(x, y, xlim, ylim, width, height) for y, _ in series]
    band = max(1, BAND_PIXELS // width)
    for top in range(0, height, band):
        rows = min(band, height - top)
        yield top, rows, [stamped_sum(pixels, counts, log_clear_kernel, top, rows, width) for pixels, counts in occupied]


def _occupied_pixels(x: np.ndarray, y: np.ndarray, xlim, ylim, width: int, height: int) -> tuple[np.ndarray, np.ndarray]:
    """The pixels of a `height`×`width` grid over the view limits that hold points, as sorted flat
    indices (row × width + column), and how many points each holds (as floats)."""
    (x0, x1), (y0, y1) = xlim, ylim
    col = (x - x0) * (width / (x1 - x0))
    row = (y - y0) * (height / (y1 - y0))
    inside = (col >= 0) & (col < width) & (row >= 0) & (row < height)  # NaN compares False
    flat = row[inside].astype(np.int64) * width + col[inside].astype(np.int64)
    if width * height <= max(8 * len(flat), 1 << 22):  # counting into the grid is the quicker way
        counts = np.bincount(flat, minlength=width * height)
        pixels = np.flatnonzero(counts)
        return pixels, counts[pixels].astype(np.float64)
    pixels, counts = np.unique(flat, return_counts=True)
    return pixels, counts.astype(np.float64)


def _disc_weights(radius: float) -> np.ndarray:
    """How much of each pixel around a marker's centre pixel a disc of `radius` pixels covers."""
    reach = int(np.ceil(radius + 0.5))
    fine = 8  # sub-samples per pixel side
    offsets = (np.arange(fine) + 0.5) / fine - 0.5
    grid = np.arange(-reach, reach + 1)
    dx = (grid[:, None] + offsets[None, :]).ravel()
    inside = (dx[:, None] ** 2 + dx[None, :] ** 2) <= radius**2
    size = len(grid)
    weights = inside.reshape(size, fine, size, fine).mean(axis=(1, 3))
    weights[reach, reach] = max(weights[reach, reach], 1.0)
    return weights


def stamped_sum(pixels: np.ndarray, counts: np.ndarray, kernel: np.ndarray, top: int, rows: int, width: int) -> np.ndarray:
    """Rows `top` to `top + rows` of the sum of `kernel` times the point counts around each pixel:
    `counts` at the sorted flat `pixels` of a grid `width` wide, none elsewhere (the kernel is
    small, odd-sized and symmetric).

    Each pixel's terms are added in the same order, kernel cell by kernel cell, whether the kernel
    is stamped at the occupied pixels alone (points are usually sparse on the grid: the work grows
    with the points, not with the grid) or the grid is shifted and added whole (when most pixels
    hold points), so both give the same floats.
    """
    reach = kernel.shape[0] // 2
    first, last = np.searchsorted(pixels, [(top - reach) * width, (top + rows + reach) * width])
    near, near_counts = pixels[first:last] - (top - reach) * width, counts[first:last]
    cells = [(i, j, kernel[i, j]) for i in range(kernel.shape[0]) for j in range(kernel.shape[1]) if kernel[i, j]]
    if len(near) > SHIFT_ABOVE_SHARE * (rows + 2 * reach) * width:
        padded = np.zeros((rows + 2 * reach, width + 2 * reach))
        padded[near // width, reach + near % width] = near_counts
        out = np.zeros((rows, width))
        for i, j, weight in cells:
            out += weight * padded[i:i + rows, j:j + width]
        return out
    # A point at (r, c) adds kernel[i, j] × its count to the pixel at (r - i + reach, c - j + reach).
    # The stamps go on a grid with room for all of them, 2 × reach rows above and below the band and
    # reach columns each side, which is then cut to the band.
    wide = width + 2 * reach
    base = (near // width) * wide + near % width
    out = np.zeros((rows + 4 * reach) * wide)
    for i, j, weight in cells:  # within one cell no two points stamp the same pixel
        out[base + (2 * reach - i) * wide + (2 * reach - j)] += weight * near_counts
    return out.reshape(rows + 4 * reach, wide)[2 * reach:2 * reach + rows, reach:reach + width]
