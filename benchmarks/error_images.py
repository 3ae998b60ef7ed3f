"""What a flood of bad chart URLs costs as PNGs: a `.png` URL's error image (a PNG of the drawing)
against an `.svg` URL's (the SVG every image URL answered before), in one run.

    python benchmarks/error_images.py [--hits 200] [--rounds 5] [--sizes 640x360@1,640x360@2,2000x2000@3]

In-process WSGI calls (no socket) of `/plot/weather.<ext>?kind=pie<n>&…`, each refusing another value,
so that nothing of one answer is kept for the next, at each size; the two formats take turns in each
round. Printed: median ms per answer of each, and the ratio png / svg.
"""
from __future__ import annotations

import argparse
import io
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from werkzeug.test import EnvironBuilder  # noqa: E402

from app import create_app  # noqa: E402


def seconds_each(app, extension: str, size: str, hits: int, first: int) -> float:
    """Seconds per WSGI call of a refused chart URL of `extension` at `size` (`640x360@2`), each
    refusing another kind, numbered from `first`."""
    dimensions, _, scale = size.partition("@")
    width, _, height = dimensions.partition("x")
    statuses = []

    def start_response(status, headers):
        statuses.append(status)

    total = 0.0
    for n in range(first, first + hits):
        query = f"kind=pie{n}&width={width}&height={height}" + (f"&scale={scale}" if extension == "png" else "")
        environ = EnvironBuilder(path=f"/plot/weather.{extension}", query_string=query).get_environ()
        started = time.perf_counter()
        for _ in app.wsgi_app({**environ, "wsgi.input": io.BytesIO()}, start_response):
            pass
        total += time.perf_counter() - started
    assert set(statuses) == {"400 BAD REQUEST"}, statuses[-1]
    return total / hits


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--hits", type=int, default=200, help="answers per round, format and size")
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--sizes", default="640x360@1,640x360@2,2000x2000@3",
                        help="width x height @ a PNG's scale, comma-separated")
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory() as data_dir:
        app = create_app({"DATA_DIR": data_dir, "RENDER_WORKERS": 0})
        print(f"{'size':>14} | {'svg ms':>7} | {'png ms':>7} | png / svg")
        first = 0
        for size in args.sizes.split(","):
            figures: dict[str, list[float]] = {"svg": [], "png": []}
            seconds_each(app, "png", size, 3, 10**9)  # fonts loaded, the first answer's imports made
            for _ in range(args.rounds):
                for extension in figures:
                    figures[extension].append(seconds_each(app, extension, size, args.hits, first))
                    first += args.hits
            svg, png = (statistics.median(figures[e]) * 1e3 for e in ("svg", "png"))
            print(f"{size:>14} | {svg:7.2f} | {png:7.2f} | {png / svg:.2f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
