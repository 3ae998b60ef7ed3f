"""A million points: render time and SVG size of line, area and scatter charts, thinned against whole.

    python benchmarks/bigdata.py [--rows 1000000] [--repeat 5] [--whole-rows 100000] [--read-csv]
    python benchmarks/bigdata.py --fidelity
    python benchmarks/bigdata.py --raster [--sizes 640x360@1,1280x720@3,2000x2000@3]

Ours is `plots.render_svg` as the site runs it: lines thinned to M4 per pixel column, big
scatters drawn as one raster layer inside the SVG. The baseline, in the same run, is the same
chart drawn whole (every point a vertex or a marker), as matplotlib would without down-sampling.
Drawing a million scatter markers whole takes many seconds and ~100 MB, so the whole baseline
runs on `--whole-rows` rows (default 100,000) and its time and size are also shown scaled
linearly to `--rows`; pass `--whole-rows 1000000` to measure it at full size.
Targets at a million rows: line ≤ 70 ms and ≤ 50 KB; scatter ≤ 300 ms and ≤ 300 KB.

`--fidelity` measures instead how far an M4-thinned line is from the whole line, on the random
walks and spiky noise of tests/test_downsample.py (50,000 points, PNG at scale 1 and 2): the share
of pixels off by more than 64, for M4 as drawn (four rows per pixel column) and for M4 over 2, 4
and 8 times as many columns; the whole line drawn without matplotlib's path simplification; and,
on a bare plot, the whole line and the M4 line against the line's geometry (drawn at 8x and
averaged down).

`--raster` times a dense scatter (the weather sample's humidity against temperature, 10,958
points) as a PNG at big sizes and scales, and the peak memory Python allocates for it (traced with
tracemalloc, on for both ways), against the raster layer made the old way in the same run: the
marker kernel shifted over the whole pixel grid in floats, one array of the grid per step, instead
of stamped at the occupied pixels in bands of rows.

With `--read-csv`, it also times reading the points as a CSV file of the data folder (`CsvStore`,
column types by the site's rule), against pandas' `read_csv` alone on the same bytes.
"""
from __future__ import annotations

import argparse
import io
import statistics
import sys
import tempfile
import time
import tracemalloc
from contextlib import contextmanager
from pathlib import Path

import matplotlib as mpl
import numpy as np
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.colors import to_rgb
from matplotlib.figure import Figure
from PIL import Image

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

import pandas as pd  # noqa: E402

from app.store import CsvStore  # noqa: E402
from benchmarks.datasets import big_series, weather  # noqa: E402
from plots import dense_scatter, downsample, line_kinds, parse_spec, render_png, render_svg  # noqa: E402

COLUMNS = {"t": "float", "value": "float"}
TARGETS = {"line": (70.0, 50_000), "scatter": (300.0, 300_000)}


@contextmanager
def drawn_whole():
    """Turn the down-sampling off, as matplotlib would draw the chart."""
    saved = downsample.THIN_ABOVE_POINTS_PER_COLUMN, line_kinds.SCATTER_VECTOR_POINTS
    downsample.THIN_ABOVE_POINTS_PER_COLUMN = line_kinds.SCATTER_VECTOR_POINTS = 10**12
    try:
        yield
    finally:
        downsample.THIN_ABOVE_POINTS_PER_COLUMN, line_kinds.SCATTER_VECTOR_POINTS = saved


def timed(spec, frame, repeat: int) -> tuple[float, int]:
    """Median milliseconds and bytes of `repeat` renders."""
    times, size = [], 0
    for _ in range(repeat):
        started = time.perf_counter()
        size = len(render_svg(spec, frame))
        times.append(time.perf_counter() - started)
    return statistics.median(times) * 1000, size


@contextmanager
def columns_times(factor: int):
    """Thin lines to `factor` times as many pixel columns as the chart has."""
    saved = line_kinds.pixel_columns_at
    line_kinds.pixel_columns_at = lambda width, dpi: saved(width, dpi) * factor
    try:
        yield
    finally:
        line_kinds.pixel_columns_at = saved


def pixels(png) -> np.ndarray:
    return np.asarray(Image.open(io.BytesIO(png)).convert("RGB"), dtype=np.int16)


def off(a: np.ndarray, b: np.ndarray) -> float:
    """Percent of pixels of which a channel differs by more than 64 (the tests' measure)."""
    return 100 * float((np.abs(a - b).max(axis=2) > 64).mean())


def fidelity() -> int:
    from tests.test_downsample import COLUMNS as TEST_COLUMNS, spiky, walk

    factors = (1, 2, 4, 8)
    print("Pixels off by > 64 against the whole line (50,000 points; rows kept per pixel column in brackets)")
    print(f"{'data':6} {'size':8} {'scale':>5} " + " ".join(f"{f'M4 x{f}':>14}" for f in factors)
          + f" {'whole, unsimplified':>20}")
    for name, make in (("walk", walk), ("spiky", spiky)):
        frame = make(50_000)
        for width, height in ((300, 200), (640, 360)):
            spec = parse_spec({"y": ["value"], "width": [str(width)], "height": [str(height)]}, TEST_COLUMNS)
            for scale in (1, 2):
                with drawn_whole():
                    whole = pixels(render_png(spec, frame, scale))
                    with mpl.rc_context({"path.simplify": False}):
                        unsimplified = pixels(render_png(spec, frame, scale))
                cells = []
                for factor in factors:
                    columns = downsample.pixel_columns(width, scale)
                    kept = downsample.thin_line(frame["t"].to_numpy(), frame["value"].to_numpy(), columns * factor)
                    with columns_times(factor):
                        thinned = pixels(render_png(spec, frame, scale))
                    rows = len(frame) if kept is None else len(kept)
                    cells.append(f"{off(thinned, whole):.3f} % ({rows / columns:4.1f})")
                print(f"{name:6} {width}x{height:<4} {scale:5} " + " ".join(f"{c:>14}" for c in cells)
                      + f" {off(unsimplified, whole):18.3f} %", flush=True)
    print("\nOn a bare plot, against the line's geometry (the whole line drawn at 8x, averaged down): percent")
    print("of the plot's pixels off by > 64")
    for name, make in (("walk", walk), ("spiky", spiky)):
        y = make(50_000)["value"].to_numpy()
        for width, height in ((210, 150), (550, 290)):
            x = (np.arange(len(y)) + 0.5) * (width / len(y))
            kept = downsample.thin_line(x, y, width)
            geometry = bare_plot(x, y, width, height, 8)
            geometry = geometry.reshape(height, 8, width, 8, 3).mean(axis=(1, 3))
            whole, thinned = bare_plot(x, y, width, height), bare_plot(x[kept], y[kept], width, height)
            print(f"{name:6} {width}x{height:<4} whole line {off(whole, geometry):.3f} %, "
                  f"M4 {off(thinned, geometry):.3f} %, whole against M4 {off(whole, thinned):.3f} %", flush=True)
    return 0


def bare_plot(x: np.ndarray, y: np.ndarray, width: int, height: int, scale: int = 1) -> np.ndarray:
    """The line alone, as a chart draws it (1.6 points wide), over a plot `width`x`height` CSS pixels."""
    fig = Figure(figsize=(width / 96, height / 96), dpi=96 * scale)
    FigureCanvasAgg(fig)
    ax = fig.add_axes((0, 0, 1, 1))
    ax.set_axis_off()
    ax.plot(x, y, linewidth=1.6, color="#1f77b4")
    ax.set_xlim(0, width)
    ax.set_ylim(y.min() - 0.05 * np.ptp(y), y.max() + 0.05 * np.ptp(y))
    fig.canvas.draw()
    return np.asarray(fig.canvas.buffer_rgba())[..., :3].astype(np.int16)


def old_density_image(x, series, xlim, ylim, width, height, log_clear_kernel) -> np.ndarray:
    """The raster layer as it was made before: per series, the points counted on the whole grid and
    the kernel shifted over all of it, in float arrays of the whole grid (the same bytes)."""
    rgb = np.zeros((height, width, 3))
    coverage = np.zeros((height, width))
    (x0, x1), (y0, y1) = xlim, ylim
    reach = log_clear_kernel.shape[0] // 2
    for y, colour in series:
        col = (x - x0) * (width / (x1 - x0))
        row = (y - y0) * (height / (y1 - y0))
        inside = (col >= 0) & (col < width) & (row >= 0) & (row < height)
        flat = row[inside].astype(np.int64) * width + col[inside].astype(np.int64)
        counts = np.bincount(flat, minlength=width * height).reshape(height, width).astype(np.float64)
        padded = np.pad(counts, reach)
        log_clear = np.zeros_like(counts)
        for i in range(log_clear_kernel.shape[0]):
            for j in range(log_clear_kernel.shape[1]):
                if log_clear_kernel[i, j]:
                    log_clear += log_clear_kernel[i, j] * padded[i:i + height, j:j + width]
        alpha = -np.expm1(log_clear)
        rgb = rgb * (1 - alpha[..., None]) + np.multiply.outer(alpha, to_rgb(colour))
        coverage = coverage * (1 - alpha) + alpha
    rgba = np.zeros((height, width, 4), dtype=np.uint8)
    shown = coverage > 0
    rgba[..., :3][shown] = np.round(255 * rgb[shown] / coverage[shown, None]).astype(np.uint8)
    rgba[..., 3] = np.round(255 * coverage).astype(np.uint8)
    return rgba


def traced_render(spec, frame, scale: int) -> tuple[float, float, bytes]:
    """Seconds and peak traced MB of one PNG render, and its bytes."""
    tracemalloc.start()
    try:
        started = time.perf_counter()
        png = render_png(spec, frame, scale)
        seconds = time.perf_counter() - started
        peak = tracemalloc.get_traced_memory()[1] / 1024**2
    finally:
        tracemalloc.stop()
    return seconds, peak, png


def raster(sizes: str) -> int:
    frame = weather()
    columns = {"date": "datetime", **{name: "float" for name in frame.columns if name != "date"}}
    print(f"Dense scatter PNG, {len(frame):,} points (weather: humidity_pct against temperature_c); "
          "seconds and peak traced MB per render")
    render_png(parse_spec({"kind": ["scatter"], "x": ["temperature_c"], "y": ["humidity_pct"]}, columns), frame)  # warm-up
    print(f"{'size':16} {'ours s':>7} {'ours MB':>8} {'old s':>7} {'old MB':>8} {'time ratio':>11} {'MB ratio':>9} same bytes")
    for size in sizes.split(","):
        dimensions, _, scale = size.partition("@")
        width, height = dimensions.split("x")
        spec = parse_spec({"kind": ["scatter"], "x": ["temperature_c"], "y": ["humidity_pct"],
                           "width": [width], "height": [height]}, columns)
        ours_s, ours_mb, ours = traced_render(spec, frame, int(scale or 1))
        saved = dense_scatter.density_image
        dense_scatter.density_image = old_density_image
        try:
            old_s, old_mb, old = traced_render(spec, frame, int(scale or 1))
        finally:
            dense_scatter.density_image = saved
        print(f"{size:16} {ours_s:7.2f} {ours_mb:8.0f} {old_s:7.2f} {old_mb:8.0f} {ours_s / old_s:11.3f} "
              f"{ours_mb / old_mb:9.3f} {'yes' if ours == old else 'NO'}", flush=True)
    return 0


def read_csv_times(frame, repeat: int) -> tuple[float, float]:
    """Median milliseconds of reading `frame` written as CSV: as a data-folder file (a new
    `CsvStore` each time, so nothing is cached), and by pandas' `read_csv` alone, taking turns."""
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "big.csv"
        frame.to_csv(path, index=False)
        raw = path.read_bytes()
        store, plain = [], []
        for _ in range(repeat):
            started = time.perf_counter()
            CsvStore([Path(folder)]).read("big")
            store.append(time.perf_counter() - started)
            started = time.perf_counter()
            pd.read_csv(io.BytesIO(raw))
            plain.append(time.perf_counter() - started)
    return statistics.median(store) * 1000, statistics.median(plain) * 1000


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--whole-rows", type=int, default=100_000, help="rows of the drawn-whole baseline")
    parser.add_argument("--fidelity", action="store_true", help="measure M4 against the whole line instead")
    parser.add_argument("--raster", action="store_true",
                        help="time a dense scatter's raster layer at big sizes against the old way instead")
    parser.add_argument("--sizes", default="640x360@1,1280x720@2,1280x720@3,2000x2000@2,2000x2000@3",
                        help="for --raster: WIDTHxHEIGHT@SCALE, comma-separated")
    parser.add_argument("--read-csv", action="store_true",
                        help="also time reading the rows as a data-folder CSV file, against pandas.read_csv")
    args = parser.parse_args(argv)
    if args.fidelity:
        return fidelity()
    if args.raster:
        return raster(args.sizes)

    frame = big_series(args.rows)
    whole_frame = frame.iloc[: args.whole_rows]
    scale = args.rows / len(whole_frame)
    print(f"{args.rows:,} rows, 640×360 SVG; whole = every point drawn, measured on {len(whole_frame):,} rows"
          + (f" and scaled ×{scale:g}" if scale != 1 else ""))
    print(f"{'kind':8} {'ours ms':>8} {'ours KB':>8} {'whole ms':>9} {'whole KB':>9} {'ms ratio':>9} {'size ratio':>11}")
    verdicts = []
    for kind in ("line", "area", "scatter"):
        spec = parse_spec({"kind": [kind], "y": ["value"]}, COLUMNS)
        render_svg(spec, frame.iloc[:1000])  # warm-up
        ours_ms, ours_bytes = timed(spec, frame, args.repeat)
        with drawn_whole():
            whole_ms, whole_bytes = timed(spec, whole_frame, max(1, min(args.repeat, 2)))
        whole_ms, whole_bytes = whole_ms * scale, whole_bytes * scale
        print(f"{kind:8} {ours_ms:8.0f} {ours_bytes / 1024:8.0f} {whole_ms:9.0f} {whole_bytes / 1024:9.0f} "
              f"{ours_ms / whole_ms:9.3f} {ours_bytes / whole_bytes:11.4f}")
        if kind in TARGETS:
            limit_ms, limit_bytes = TARGETS[kind]
            met = ours_ms <= limit_ms and ours_bytes <= limit_bytes
            verdicts.append(f"{kind} ≤ {limit_ms:g} ms and ≤ {limit_bytes // 1000} KB: {'met' if met else 'not met'}")
    print("targets: " + "; ".join(verdicts))
    if args.read_csv:
        store_ms, plain_ms = read_csv_times(frame, args.repeat)
        print(f"reading the rows as a data-folder CSV file: {store_ms:.0f} ms; pandas.read_csv alone "
              f"{plain_ms:.0f} ms; ratio {store_ms / plain_ms:.2f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
