"""Render time of bar charts of 100 long names: their labels cut by a search against cut by
measuring each shorter start in turn (the way before), in one run.

    python benchmarks/long_labels.py [--repeat 3]

Charts: 100 names of about 60 characters, Chinese and Japanese with a few Latin letters (where
the fonts hold no CJK glyphs, each is measured and drawn as the missing glyph's box), plain
Latin and Arabic (whose letters join, and may narrow a text as one is added), each name ending in
its row number, as a bar chart of 640×360 and of 2000×100 (the smallest height, where the names
are cut to a few characters). Names are cut to 28 characters before they are measured, as every
bar chart's are.

Each render starts with the text measurements forgotten (`layout.line_extent`, `layout.text_metrics`
and the remembered text layouts), as a render worker meets names it has not drawn; the two ways
take turns, after a render each to warm up, and must write the same bytes. Prints the median and
the slowest render of each way in milliseconds and the ratio of each median to the way before's.
"""
from __future__ import annotations

import argparse
import random
import statistics
import string
import sys
import time
import warnings
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

import pandas as pd  # noqa: E402

from plots import chart_artists, fitted_text, layout, parse_spec, render_svg  # noqa: E402

TARGET_MS = 1000.0  # the CJK chart at 640×360, cut by the search
SIZES = (("640", "360"), ("2000", "100"))


def _ended_one_by_one(text: str, size: float, max_width: float, weight: str) -> str:
    """The cut before: each shorter start of `text` measured with "…", the longest first."""
    while len(text) > 1 and layout.line_extent(text + "…", size, weight)[0] > max_width:
        text = text[:-1]
    return text.rstrip() + "…"


def names(characters: str) -> list[str]:
    """100 names of 60 random `characters` (seeded), each ending in its row number."""
    rng = random.Random(3)
    return ["".join(rng.choice(characters) for _ in range(60)).strip() + str(i) for i in range(100)]


def forget_measurements() -> None:
    """Forget every text measured so far, as a worker drawing new names has them."""
    layout.line_extent.cache_clear()
    layout.text_metrics.cache_clear()
    chart_artists._layouts.clear()


def way(frame: pd.DataFrame, width: str, height: str, one_by_one: bool) -> Callable[[], bytes]:
    """A cold render of the bar chart of `frame`, its names cut by the search or `one_by_one`."""
    spec = parse_spec({"kind": ["bar"], "x": ["name"], "y": ["v"], "width": [width], "height": [height]},
                      {"name": "text", "v": "float"})
    searched = fitted_text._ended

    def render() -> bytes:
        forget_measurements()
        fitted_text._ended = _ended_one_by_one if one_by_one else searched
        try:
            return render_svg(spec, frame)
        finally:
            fitted_text._ended = searched

    return render


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--repeat", type=int, default=3, help="renders per way and chart (default 3)")
    args = parser.parse_args(argv)
    warnings.simplefilter("ignore", UserWarning)  # a missing glyph warns each time it is measured

    charts = {"CJK": names("日本語中文abc "), "Latin": names(string.ascii_letters + "     "),
              "Arabic": names("ابتثجحخدذرسشصضطظعغفقكلمنهوي     ")}
    print(f"bar charts of 100 names of 60 characters, cold text measurements, {args.repeat} renders per way")
    print(f"{'chart':22} {'way':12} {'median ms':>10} {'max ms':>8} {'÷ one by one':>13}")
    cjk_ms = None
    for label, texts in charts.items():
        frame = pd.DataFrame({"name": texts, "v": [float(i) for i in range(len(texts))]})
        for width, height in SIZES:
            ways = {"search": way(frame, width, height, False), "one by one": way(frame, width, height, True)}
            times: dict[str, list[float]] = {name: [] for name in ways}
            svgs = {name: render() for name, render in ways.items()}  # a warm-up: fonts found, code loaded
            for _ in range(args.repeat):
                for name, render in ways.items():
                    started = time.perf_counter()
                    svgs[name] = render()
                    times[name].append(time.perf_counter() - started)
            if svgs["search"] != svgs["one by one"]:
                raise SystemExit(f"the {label} chart at {width}×{height} differs between the two ways")
            base = statistics.median(times["one by one"])
            for name, seconds in times.items():
                median = statistics.median(seconds)
                print(f"{label + ' ' + width + '×' + height:22} {name:12} {median * 1000:10.1f} "
                      f"{max(seconds) * 1000:8.1f} {median / base:13.2f}")
            if label == "CJK" and (width, height) == SIZES[0]:
                cjk_ms = statistics.median(times["search"]) * 1000
    verdict = "met" if cjk_ms <= TARGET_MS else "not met"
    print(f"target: the CJK chart at 640×360 ≤ {TARGET_MS:g} ms median: {verdict} ({cjk_ms:.1f} ms)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
