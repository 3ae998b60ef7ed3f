"""Big series drawn within pixel bounds: lines thinned per pixel column (M4), dense scatters as a raster.

A line of a million points crosses each of the plot's few hundred pixel columns thousands of
times; what a screen shows of it in one column is a vertical stroke from the column's lowest to
its highest value, joined to its neighbours. M4 (Jugel et al., "M4: A Visualization-Oriented Time
Series Data Aggregation", VLDB 2014) keeps, per pixel column, the points with the first and the
last x and those with the lowest and the highest y: at most four points per column, which draw
the strokes and the joins between columns as the whole series does. Source databases compute the
same per column (`app/store/pushdown_m4.py`), so only those rows leave the database.

A scatter of a million points would be a million SVG elements (about 100 MB). Past a threshold
its points are instead counted per pixel of the plot, at the resolution the output is drawn at,
and the counts are turned into colour and opacity the way stacked translucent markers would be:
an image made when the figure is drawn, so that it lines up with the plot. The chart's SVG gets
each series' opacity as a mask over a rect of its colour, which theme=auto repaints.
"""
from __future__ import annotations

import datetime as dt

import numpy as np
import pandas as pd
from matplotlib.artist import Artist, allow_rasterization
from matplotlib.colors import to_hex, to_rgb

from .legend_entries import series_entry
from .style import CSS_DPI

# A line is thinned when it has more than this many points per pixel column of the figure: M4
# keeps at most four.
THIN_ABOVE_POINTS_PER_COLUMN = 4
# A scatter with more points than this, over all its series, is drawn as a raster layer.
SCATTER_VECTOR_POINTS = 5000
# Rows of the density image are made this many pixels at a time (8 MB per plane of floats).
BAND_PIXELS = 1 << 20
# Above this share of a band's pixels holding points, shifting the whole grid once per kernel cell
# is quicker than stamping the kernel at each occupied pixel (`stamped_sum`).
SHIFT_ABOVE_SHARE = 1 / 8
# Dates are binned as seconds since this moment (naive moments are UTC), as databases count them.
EPOCH = pd.Timestamp(1970, 1, 1)


def axis_numbers(values: np.ndarray) -> np.ndarray | None:
    """`values` as float64 for binning, or None if they are neither numbers nor dates.

    Dates become epoch seconds computed from their whole microseconds, as a database computes a
    timestamp's epoch (`app/store/source_sql_dialects.py`), so that both put a row in the same column.
    Missing dates (NaT) become NaN.
    """
    if np.issubdtype(values.dtype, np.datetime64):
        seconds = values.astype("datetime64[us]").view("int64") / 1e6
        missing = np.isnat(values)
        if missing.any():
            seconds[missing] = np.nan
        return seconds
    if np.issubdtype(values.dtype, np.number) or values.dtype == bool:
        return values.astype(np.float64, copy=False)
    return None


def epoch_of(value) -> float:
    """A bound on the x axis as `axis_numbers` counts it: a number, or a moment as epoch seconds
    (naive moments are UTC)."""
    if isinstance(value, (dt.datetime, dt.date, np.datetime64, pd.Timestamp)):
        moment = pd.Timestamp(value)
        if moment.tzinfo is not None:
            moment = moment.tz_convert("UTC").tz_localize(None)
        return (moment - EPOCH).total_seconds()
    return float(value)


# The share of its pixel columns a span of x fills (`column_scale`): just under all of them, so that
# x = hi falls in the last column and not one past it.
COLUMN_SHARE = 1 - 1e-9


def column_scale(lo: float, hi: float, columns: int) -> float:
    """Pixel columns per unit of x when `columns` columns span `lo` to `hi`: the column of x is
    floor((x - lo) * scale), in memory and in a database alike (SQLite's thinned line writes this
    rule in SQL, `app/store/sqlite_m4.py`, where its range is worked out in the same statement)."""
    return columns * COLUMN_SHARE / (hi - lo) if hi > lo else 0.0


def pixel_columns(width: int, scale: float = 1.0) -> int:
    """The pixel columns across a chart `width` CSS pixels wide drawn at `scale` device pixels per
    CSS pixel (PNG `scale`); at least one per CSS pixel (an SVG is drawn by the browser)."""
    return max(int(width), int(round(width * scale)))


def pixel_columns_at(width: int, dpi: float) -> int:
    """`pixel_columns` of a figure drawn at `dpi` (a PNG at scale 2 is drawn at 192 dpi)."""
    return pixel_columns(width, dpi / CSS_DPI)


def thin_line(x: np.ndarray, y: np.ndarray, columns: int, lo=None, hi=None) -> np.ndarray | None:
    """Indices of the points of a line over sorted `x` that draw it in `columns` pixel columns (M4).

    The columns split the x axis from `lo` to `hi` when the chart sets them (numbers or datetimes)
    and else from the data's first to its last x into equal parts (`column_scale`), as the
    database does for a source dataset (`app/store/pushdown_m4.py`); per column the points with the
    first and last x and the first ones with the lowest and the highest y are kept (`m4`).
    Points beyond the bounds are left out but for one on each side, so that the line runs to the
    edge. None when the line is small enough to draw whole, or `x` holds neither numbers nor
    dates. Missing values are kept where the whole line shows them, between columns
    (`gaps_between_columns`).
    """
    if len(x) <= THIN_ABOVE_POINTS_PER_COLUMN * columns:
        return None
    x = np.asarray(x)
    xs = axis_numbers(x)
    if xs is None:
        return None
    first, last = 0, len(xs)
    if not np.isfinite(xs[-1]):  # rows without an x draw nothing; sorting put them last
        last = int(np.searchsorted(~np.isfinite(xs), True))
    if lo is not None:
        first = max(first, int(np.searchsorted(xs[:last], epoch_of(lo), side="left")) - 1)
    if hi is not None:
        last = min(last, int(np.searchsorted(xs[:last], epoch_of(hi), side="right")) + 1)
    if last - first <= THIN_ABOVE_POINTS_PER_COLUMN * columns:
        return np.arange(first, last)
    xs = xs[first:last]
    ys = np.asarray(y[first:last], dtype=np.float64)
    start = epoch_of(lo) if lo is not None else xs[0]
    end = epoch_of(hi) if hi is not None else xs[-1]
    scale = column_scale(start, end, columns)
    # The point kept beyond each bound falls in a column of its own (-1, or `columns`).
    chosen = m4(ys, column_starts(xs, start, scale, columns))
    if chosen is None:  # missing values: M4 of those present, and the breaks the whole line shows
        present = np.flatnonzero(~np.isnan(ys))
        chosen = present[m4(ys[present], column_starts(xs[present], start, scale, columns))]
        chosen = gaps_between_columns(chosen, ys, np.floor((xs - start) * scale))
    return first + chosen


def rows_of_series(kept: list[np.ndarray], columns: int) -> np.ndarray | None:
    """The rows to draw of lines whose series `thin_line` thinned to the rows `kept` (indices, one
    array per series): those some series keeps, or None for every row where they are no more than
    four a pixel column and some series keeps fewer (drawn whole, each series would pass through rows
    only another keeps; drawing thins every row to the same rows again)."""
    union = np.unique(np.concatenate(kept))
    if len(union) <= THIN_ABOVE_POINTS_PER_COLUMN * columns and any(len(k) < len(union) for k in kept):
        return None
    return union


def column_starts(x: np.ndarray, start: float, scale: float, columns: int) -> np.ndarray:
    """Where each pixel column's points begin in sorted `x` (the first at 0), the column of a point
    being floor((x - start) * scale) (`column_scale`); columns without points are left out, and
    the points before the first column or after the last (`columns`) form one column each side.

    Found by bisection on the columns' edges and corrected with the formula itself where rounding
    put an edge on the other side of a point, so that no column of every point is computed.
    """
    n = len(x)
    if not n:
        return np.zeros(0, dtype=np.int64)

    def column(at):
        return np.clip(np.floor((x[at] - start) * scale), -1, columns)

    ks = np.arange(column(0) + 1, column(n - 1) + 1)  # the columns after the first point's
    at = np.searchsorted(x, start + ks / scale) if len(ks) else np.zeros(0, dtype=np.int64)
    while True:  # floor((x - start) * scale) never decreases with x: step over runs of equal x
        late = (at > 0) & (column(np.maximum(at - 1, 0)) >= ks)
        early = (at < n) & (column(np.minimum(at, n - 1)) < ks)
        if not (late.any() or early.any()):
            break
        at[late] = np.searchsorted(x, x[at[late] - 1], side="left")
        at[early] = np.searchsorted(x, x[at[early]], side="right")
    return np.unique(np.concatenate(([0], at[at < n])))


def m4(y: np.ndarray, starts: np.ndarray) -> np.ndarray | None:
    """The indices M4 keeps of points split into runs at `starts` (`column_starts`): per run its
    first and last points and the first ones holding its lowest and its highest `y`, sorted; None
    if `y` has NaN.

    A source's database finds every row of the x these are at, and this keeps the same of them
    (`app/store/pushdown_m4.py`).
    """
    if not len(y):
        return np.zeros(0, dtype=np.int64)
    counts = np.diff(starts, append=len(y))
    picked = [starts, starts + (counts - 1)]
    for reduce in (np.minimum, np.maximum):
        extremes = reduce.reduceat(y, starts)
        if np.isnan(extremes).any():  # minimum and maximum keep a NaN
            return None
        hits = np.flatnonzero(y == np.repeat(extremes, counts))
        run = np.searchsorted(starts, hits, side="right")
        picked.append(hits[np.concatenate(([True], run[1:] != run[:-1]))])
    return np.unique(np.concatenate(picked))


def gaps_between_columns(chosen: np.ndarray, y: np.ndarray, column: np.ndarray) -> np.ndarray:
    """`chosen` (sorted indices of present values) with the missing values the whole line shows.

    Where two chosen points of different pixel columns have a missing value between them, the
    whole line breaks between the columns: the first such missing value is kept. Inside a column
    the whole line's other points cover a break, so one there is left out, and so are the missing
    values among `chosen` that no break needs. The last point is kept where it is missing and some
    value is not: the whole line ends before its points do, as the chart's words say ("last value:
    v 9.45 at x 1992"), and a database thinning the line finds that point (its last x) too.
    `column` is every point's pixel column.
    """
    missing = np.flatnonzero(np.isnan(y))
    kept = chosen[~np.isnan(y[chosen])]
    if not len(missing) or not len(kept):
        return kept
    end = [len(y) - 1] if missing[-1] == len(y) - 1 else []
    before, after = kept[:-1], kept[1:]
    first_missing = np.searchsorted(missing, before, side="right")
    candidate = missing[np.minimum(first_missing, len(missing) - 1)]
    breaks = (first_missing < len(missing)) & (candidate < after) & (column[before] != column[after])
    return np.unique(np.concatenate((kept, candidate[breaks], end))).astype(kept.dtype)


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
