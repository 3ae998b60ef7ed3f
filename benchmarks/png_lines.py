"""PNG of a dense line: seconds with the line drawn in pieces (the site's way) against drawn whole.

    python benchmarks/png_lines.py [--rows 200000] [--pieces 1000,1500,2000,2500,3000]
                                   [--sizes 640x480@1,640x480@2,2000x1500@1,2000x1500@2,2000x1500@3] [--repeat 1]

A line chart of `--rows` rows of normal noise and of a random walk, M4-thinned as the site thins
it (some four rows a pixel column), drawn by `plots.render_png` at each size and scale: whole (one
path, as Agg drew it before), in pieces of each of `--pieces` vertices (`png_canvas.LINE_PIECE`,
the site's now marked *), and with matplotlib's own chunking (agg.path.chunksize) at the site's
piece size, which leaves out the vertex before each chunk. Each way's seconds (the median of
`--repeat`), its ratio to whole in the same run, and the share of pixels of which a channel is off
by more than 64 from whole (the tests' screenshot tolerance).
"""
from __future__ import annotations

import argparse
import io
import statistics
import sys
import time
from pathlib import Path

import matplotlib as mpl
import numpy as np
import pandas as pd
from PIL import Image

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from plots import parse_spec, png_canvas, render_png  # noqa: E402

COLUMNS = {"x": "float", "y": "float"}
WHOLE = 10**12  # a piece longer than any line: drawn whole


def lines(rows: int) -> dict[str, pd.DataFrame]:
    rng = np.random.default_rng(1)
    x = np.arange(rows, dtype=float)
    return {"noise": pd.DataFrame({"x": x, "y": rng.normal(size=rows)}),
            "walk": pd.DataFrame({"x": x, "y": np.cumsum(rng.normal(size=rows))})}


def drawn(spec, frame, scale: int, piece: int, chunksize: int, repeat: int) -> tuple[float, np.ndarray]:
    """Median seconds of the PNG drawn in pieces of `piece` vertices, and its pixels."""
    site_piece = png_canvas.LINE_PIECE
    png_canvas.LINE_PIECE = piece
    try:
        with mpl.rc_context({"agg.path.chunksize": chunksize}):
            times = []
            for _ in range(repeat):
                started = time.perf_counter()
                png = render_png(spec, frame, scale)
                times.append(time.perf_counter() - started)
    finally:
        png_canvas.LINE_PIECE = site_piece
    return statistics.median(times), np.asarray(Image.open(io.BytesIO(png)).convert("RGB")).astype(int)


def off(a: np.ndarray, b: np.ndarray) -> float:
    return float((np.abs(a - b).max(axis=2) > 64).mean())


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--rows", type=int, default=200_000)
    parser.add_argument("--pieces", default="1000,1500,2000,2500,3000")
    parser.add_argument("--sizes", default="640x480@1,640x480@2,2000x1500@1,2000x1500@2,2000x1500@3",
                        help="WIDTHxHEIGHT@SCALE, comma-separated")
    parser.add_argument("--repeat", type=int, default=1)
    args = parser.parse_args(argv)
    pieces = [int(piece) for piece in args.pieces.split(",")]
    site = png_canvas.LINE_PIECE
    print(f"{args.rows:,} rows, M4-thinned; seconds, ratio to whole, pixels off by > 64 from whole; "
          f"* the site's piece ({site:,}); mpl = agg.path.chunksize {site:,}, whole otherwise")
    for name, frame in lines(args.rows).items():
        for size in args.sizes.split(","):
            dims, scale = size.split("@")
            width, height = dims.split("x")
            spec = parse_spec({"kind": ["line"], "x": ["x"], "y": ["y"], "width": [width], "height": [height]},
                              COLUMNS)
            render_png(spec, frame.iloc[:1000])  # warm-up
            whole_s, whole = drawn(spec, frame, int(scale), WHOLE, 0, args.repeat)
            cells = [f"whole {whole_s:.2f}s"]
            for piece in pieces:
                seconds, pixels = drawn(spec, frame, int(scale), piece, 0, args.repeat)
                cells.append(f"{piece}{'*' if piece == site else ''} {seconds:.2f}s {seconds / whole_s:.2f}× "
                             f"{off(pixels, whole) * 100:.3f}%")
            seconds, pixels = drawn(spec, frame, int(scale), WHOLE, site, args.repeat)
            cells.append(f"mpl {seconds:.2f}s {seconds / whole_s:.2f}× {off(pixels, whole) * 100:.3f}%")
            print(f"{name:5} {size:12} " + " | ".join(cells), flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
