"""Big series drawn within pixel bounds: lines thinned per pixel column (M4), dense scatters as a raster.

A line of a million points crosses each of the plot's few hundred pixel columns thousands of
times; what a screen shows of it in one column is a vertical stroke from the column's lowest to
its highest value, joined to its neighbours. M4 (Jugel et al., "M4: A Visualization-Oriented Time
Series Data Aggregation", VLDB 2014) keeps, per pixel column, the points with the first and the
last x and those with the lowest and the highest y: at most four points per column, which draw
the strokes and the joins between columns as the whole series does. Source databases compute the
same per column (`app/store/pushdown.py`), so only those rows leave the database.

A scatter of a million points would be a million SVG elements (about 100 MB). Past a threshold
its points are instead counted per pixel of the plot, at the resolution the output is drawn at,
and the counts are turned into colour and opacity the way stacked translucent markers would be:
an image inside the SVG, made when the figure is drawn, so that it lines up with the plot.
"""
from __future__ import annotations

import numpy as np
from matplotlib.artist import Artist, allow_rasterization
from matplotlib.colors import to_rgb
from tsdownsample import M4Downsampler

# A line is thinned when it has more than this many points per pixel column of the figure: M4
# keeps at most four.
THIN_ABOVE_POINTS_PER_COLUMN = 4
# CSS pixels per inch: a PNG drawn at 192 dpi has two device pixels per CSS pixel.
CSS_PIXELS_PER_INCH = 96.0
# A scatter with more points than this, over all its series, is drawn as a raster layer.
SCATTER_VECTOR_POINTS = 5000


def as_numbers(values: np.ndarray) -> np.ndarray | None:
    """`values` as float64 for binning (dates as their integer time), or None if not numeric."""
    if np.issubdtype(values.dtype, np.datetime64):
        return values.view("int64").astype(np.float64)
    if np.issubdtype(values.dtype, np.number) or values.dtype == bool:
        return values.astype(np.float64, copy=False)
    return None


def pixel_columns(width: int, scale: float = 1.0) -> int:
    """The pixel columns across a chart `width` CSS pixels wide drawn at `scale` device pixels per
    CSS pixel (PNG `scale`); at least one per CSS pixel (an SVG is drawn by the browser)."""
    return max(int(width), int(round(width * scale)))


def pixel_columns_at(width: int, dpi: float) -> int:
    """`pixel_columns` of a figure drawn at `dpi` (a PNG at scale 2 is drawn at 192 dpi)."""
    return pixel_columns(width, dpi / CSS_PIXELS_PER_INCH)


def thin_line(x: np.ndarray, y: np.ndarray, columns: int, lo=None, hi=None) -> np.ndarray | None:
    """Indices of the points of a line over sorted `x` that draw it in `columns` pixel columns (M4).

    The columns split the x axis, from `lo` to `hi` when the chart sets them (numbers or datetimes)
    and else the data's own range, into equal parts; per part the points with the first and last x
    and the lowest and highest y are kept. Points beyond the bounds are left out but for one on
    each side, so that the line runs to the edge. None when the line is small enough to draw whole,
    or `x` holds neither numbers nor dates. Missing values are kept where the whole line shows
    them, between columns (`gaps_between_columns`).
    """
    if len(x) <= THIN_ABOVE_POINTS_PER_COLUMN * columns:
        return None
    x = np.asarray(x)
    xs = as_numbers(x)
    if xs is None:
        return None
    first, last = 0, len(xs)
    finite = np.isfinite(xs)
    if not finite[-1]:  # rows without an x draw nothing; sorting put them last
        last = int(np.searchsorted(~finite, True))
    if lo is not None:
        first = max(first, int(np.searchsorted(xs[:last], _bound(lo, x.dtype), side="left")) - 1)
    if hi is not None:
        last = min(last, int(np.searchsorted(xs[:last], _bound(hi, x.dtype), side="right")) + 1)
    if last - first <= THIN_ABOVE_POINTS_PER_COLUMN * columns:
        return np.arange(first, last)
    xs = np.ascontiguousarray(xs[first:last])
    ys = np.ascontiguousarray(y[first:last], dtype=np.float64)
    # The data may span less of the axis than the bounds do: as many parts as columns it covers.
    start = _bound(lo, x.dtype) if lo is not None else xs[0]
    end = _bound(hi, x.dtype) if hi is not None else xs[-1]
    covered = (xs[-1] - xs[0]) / (end - start) if end > start else 1.0
    parts = max(1, int(np.ceil(columns * min(1.0, covered))))
    present = np.flatnonzero(~np.isnan(ys))
    if len(present) == len(ys):
        chosen = M4Downsampler().downsample(xs, ys, n_out=THIN_ABOVE_POINTS_PER_COLUMN * parts).astype(np.int64)
    elif len(present) > THIN_ABOVE_POINTS_PER_COLUMN * parts:
        chosen = present[M4Downsampler().downsample(xs[present], ys[present],
                                                    n_out=THIN_ABOVE_POINTS_PER_COLUMN * parts).astype(np.int64)]
    else:
        chosen = present
    chosen = np.unique(np.concatenate(([0], chosen, [len(xs) - 1])))
    if len(present) < len(ys):
        span = xs[-1] - xs[0]
        column = np.floor((xs - xs[0]) * (parts / span)) if span > 0 else np.zeros(len(xs))
        chosen = gaps_between_columns(chosen, ys, column)
    return first + chosen


def gaps_between_columns(chosen: np.ndarray, y: np.ndarray, column: np.ndarray) -> np.ndarray:
    """`chosen` (sorted indices of present values) with the missing values the whole line shows.

    Where two chosen points of different pixel columns have a missing value between them, the
    whole line breaks between the columns: the first such missing value is kept. Inside a column
    the whole line's other points cover a break, so one there is left out, and so are the missing
    values among `chosen` that no break needs. `column` is every point's pixel column.
    """
    missing = np.flatnonzero(np.isnan(y))
    kept = chosen[~np.isnan(y[chosen])]
    if not len(missing) or len(kept) < 2:
        return kept
    before, after = kept[:-1], kept[1:]
    first_missing = np.searchsorted(missing, before, side="right")
    candidate = missing[np.minimum(first_missing, len(missing) - 1)]
    breaks = (first_missing < len(missing)) & (candidate < after) & (column[before] != column[after])
    return np.unique(np.concatenate((kept, candidate[breaks])))


def _bound(value, dtype) -> float:
    if np.issubdtype(dtype, np.datetime64):
        return float(np.datetime64(value).astype(dtype).view("int64"))
    return float(value)


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
        proxy = ax.scatter([], [], s=size, alpha=alpha, linewidths=0, label=name)
        layers.append((y, proxy.get_facecolor()[0][:3]))
        finite = np.isfinite(xs) & np.isfinite(y)
        if finite.any():
            lows.append((xs[finite].min(), y[finite].min()))
            highs.append((xs[finite].max(), y[finite].max()))
    if lows:
        (x0, y0), (x1, y1) = np.min(lows, axis=0), np.max(highs, axis=0)
        ax.set_xlim(*_with_margins(x0, x1))
        ax.set_ylim(*_with_margins(y0, y1))
    ax.add_artist(DensityLayer(xs, layers, alpha, float(np.sqrt(size))))


def _with_margins(lo: float, hi: float, margin: float = 0.05) -> tuple[float, float]:
    if not hi > lo:  # one value: widen around it, as matplotlib does
        spread = abs(lo) * 0.05 or 0.05
        lo, hi = lo - spread, hi + spread
    pad = (hi - lo) * margin
    return lo - pad, hi + pad


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
        kernel = _disc_weights(radius)
        rgb = np.zeros((height, width, 3))
        coverage = np.zeros((height, width))
        for y, colour in self._series:
            counts = _pixel_counts(self._x, y, (x0, x1), (y0, y1), width, height)
            # Markers of opacity a that cover a pixel by fraction w stack to 1 - Π(1 - a·w).
            log_clear = _convolve(counts, np.log1p(-self._alpha * kernel))
            alpha = -np.expm1(log_clear)
            rgb = rgb * (1 - alpha[..., None]) + np.multiply.outer(alpha, to_rgb(colour))
            coverage = coverage * (1 - alpha) + alpha
        rgba = np.zeros((height, width, 4), dtype=np.uint8)
        shown = coverage > 0
        rgba[..., :3][shown] = np.round(255 * rgb[shown] / coverage[shown, None]).astype(np.uint8)
        rgba[..., 3] = np.round(255 * coverage).astype(np.uint8)
        gc = renderer.new_gc()
        gc.set_clip_rectangle(bbox)
        renderer.draw_image(gc, bbox.x0, bbox.y0, rgba)  # rows from the bottom up, as matplotlib draws images
        gc.restore()


def _pixel_counts(x: np.ndarray, y: np.ndarray, xlim, ylim, width: int, height: int) -> np.ndarray:
    """How many points fall in each pixel of a `height`×`width` grid over the view limits."""
    (x0, x1), (y0, y1) = xlim, ylim
    col = (x - x0) * (width / (x1 - x0))
    row = (y - y0) * (height / (y1 - y0))
    inside = (col >= 0) & (col < width) & (row >= 0) & (row < height)  # NaN compares False
    flat = row[inside].astype(np.int64) * width + col[inside].astype(np.int64)
    return np.bincount(flat, minlength=width * height).reshape(height, width).astype(np.float64)


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


def _convolve(counts: np.ndarray, kernel: np.ndarray) -> np.ndarray:
    """Sum of `counts` times `kernel` around each pixel (the kernel is small and symmetric)."""
    reach = kernel.shape[0] // 2
    height, width = counts.shape
    padded = np.pad(counts, reach)
    out = np.zeros_like(counts)
    for i in range(kernel.shape[0]):
        for j in range(kernel.shape[1]):
            if kernel[i, j]:
                out += kernel[i, j] * padded[i:i + height, j:j + width]
    return out
