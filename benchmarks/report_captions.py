"""What long captions cost a dashboard's PDF report: the report of charts with long captions and a
long description against the same report without them, in one run.

    python benchmarks/report_captions.py [--charts 12] [--caption 9000] [--description 16000] [--rounds 3]

The charts are line charts of 21 days of one station of the `stations` sample (a dashboard over a
three-week range), two a row, as `render_report_pdf` draws them in a render worker. Captions and the
description are words of varied lengths, few repeated (`caption_words`). Each report is drawn cold:
the wrapped text a process keeps (`plots.pdf._wrapped`) and every text measurement are forgotten
first. The two ways take turns, after one of each to warm up. Printed: median wall and CPU seconds of
each way, the ratio with / without, and the CPU seconds the text took for each 10,000 characters
(what the report's 503 counts on: `app.reports.REPORT_TEXT_A_SECOND`).
"""
from __future__ import annotations

import argparse
import statistics
import sys
import time
import warnings
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

import pandas as pd  # noqa: E402

from plots import chart_artists, layout, line_breaks, parse_spec, pdf, render_report_pdf  # noqa: E402


def caption_words(characters: int, seed: int) -> str:
    """About `characters` characters of words of 1 to 14 letters, numbered so that few repeat."""
    stems = ("the", "of", "station", "readings", "a", "measured", "temperature", "between", "calibration")
    words, total, n = [], 0, 0
    while total < characters:
        word = f"{stems[(n * 7 + seed) % len(stems)]}{n + seed}"
        words.append(word)
        total += len(word) + 1
        n += 1
    return " ".join(words)[:characters]


def forget_text() -> None:
    """Forget every wrapped text and text measurement, as a worker drawing a new report has them."""
    pdf._wrapped.cache_clear()
    layout.line_extent.cache_clear()
    layout.text_metrics.cache_clear()
    line_breaks._advance.cache_clear()
    chart_artists._layouts.clear()


def report(charts: int, caption: int, description: int) -> tuple[str, list[str], list[tuple]]:
    """The report's title, header lines and charts: 21 days of one station, each with a caption."""
    frame = pd.read_csv(ROOT / "site" / "data" / "stations.csv", parse_dates=["date"])
    frame = frame[(frame["station"] == frame["station"].iloc[0]) & (frame["date"] >= "2025-01-01")].head(21)
    spec = parse_spec({"x": ["date"], "y": ["temperature_c"], "title": ["Temperature"]},
                      {"date": "datetime", "station": "text", "temperature_c": "float"})
    lines = [caption_words(description, 0)] if description else []
    return "Long captions", lines, [(spec, frame, caption_words(caption, n + 1) if caption else "")
                                   for n in range(charts)]


def drawn(job: tuple) -> tuple[float, float, int]:
    """Wall and CPU seconds of one cold report, and its pages' bytes."""
    forget_text()
    started, cpu = time.perf_counter(), time.process_time()
    body = render_report_pdf(*job)
    return time.perf_counter() - started, time.process_time() - cpu, len(body)


def main(argv: list[str] | None = None) -> int:
    """Measure and print."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--charts", type=int, default=12)
    parser.add_argument("--caption", type=int, default=9000, help="characters of each chart's caption")
    parser.add_argument("--description", type=int, default=16000, help="characters of the description")
    parser.add_argument("--rounds", type=int, default=3)
    args = parser.parse_args(argv)
    warnings.simplefilter("ignore")
    ways = {"with captions": report(args.charts, args.caption, args.description),
            "without": report(args.charts, 0, 0)}
    for job in ways.values():
        drawn(job)  # a warm-up: fonts found, code loaded
    times: dict[str, list[tuple[float, float, int]]] = {name: [] for name in ways}
    for _ in range(args.rounds):
        for name, job in ways.items():
            times[name].append(drawn(job))
    print(f"a report of {args.charts} charts of 21 rows, captions of {args.caption:,} characters and a description "
          f"of {args.description:,}, cold, median of {args.rounds} rounds")
    print(f"{'way':15} {'wall s':>8} {'CPU s':>8} {'KB':>7}")
    medians = {}
    for name, runs in times.items():
        medians[name] = [statistics.median(run[i] for run in runs) for i in range(3)]
        wall, cpu, size = medians[name]
        print(f"{name:15} {wall:8.2f} {cpu:8.2f} {size / 1024:7.0f}")
    (wall, cpu, _), (base_wall, base_cpu, _) = medians["with captions"], medians["without"]
    print(f"with / without: wall {wall / base_wall:.2f}×, CPU {cpu / base_cpu:.2f}×")
    characters = args.charts * args.caption + args.description
    print(f"the text: {characters:,} characters, {cpu - base_cpu:.2f} CPU s more, "
          f"{(cpu - base_cpu) / characters * 10_000:.2f} s for each 10,000 characters")
    return 0


if __name__ == "__main__":
    sys.exit(main())
