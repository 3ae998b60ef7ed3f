"""Memory over many renders: RSS growth of ours against the seed's way, each in a fresh process.

    python benchmarks/memory.py [--renders 10000] [--seed-renders 300]

Ours: `plots.render_svg` (and every tenth render `render_png`) of varied specs: every kind, both
themes, text as font or paths, widths from 300 to 900 pixels, a new title each time, over the
`animals` and `weather` samples. The seed's way: `plt.figure(); plt.plot(...); plt.savefig(...)`
with no `plt.close`, as the first version did, on the 12-point chart; it leaks every figure, so
it runs fewer renders (`--seed-renders`) and its growth per render is shown as well.
RSS is read from /proc after a warm-up of 50 renders (matplotlib's lazy set-up and the font
cache) and then every 10 % of the run. Target: ours grows < 20 MB over 10,000 renders.
"""
from __future__ import annotations

import argparse
import io
import json
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
WARM_UP = 50


def rss_mb() -> float:
    """This process' resident set size in MB."""
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    raise RuntimeError("no VmRSS in /proc/self/status")


def our_renders():
    """An endless sequence of varied renders, our way."""
    import pandas as pd

    from plots import KINDS, parse_spec, render_png, render_svg

    animals = pd.read_csv(ROOT / "site" / "data" / "animals.csv")
    weather = pd.read_csv(ROOT / "site" / "data" / "weather.csv", parse_dates=["date"])
    datasets = [
        (animals, {"year": "integer", "Bear": "integer", "Deer": "integer", "Wolf": "integer"}, {}),
        (weather, {"date": "datetime", "temperature_c": "float", "rainfall_mm": "float", "wind_kmh": "float"},
         {"bar": {"resample": ["year"]}, "barh": {"resample": ["year"]}}),
    ]
    n = 0
    while True:
        frame, columns, extra = datasets[n % 2]
        kind = KINDS[(n // 2) % len(KINDS)]
        fields = {"kind": [kind], "title": [f"Chart number {n} of many"], "theme": ["dark" if n % 3 else "light"],
                  "text": ["path" if n % 5 == 0 else "font"], "width": [str(300 + (n * 37) % 600)],
                  **extra.get(kind, {})}
        spec = parse_spec(fields, columns)
        if n % 10 == 9:
            render_png(spec, frame)
        else:
            render_svg(spec, frame)
        n += 1
        yield


def seed_renders():
    """An endless sequence of the first version's renders, figures never closed."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt
    import pandas as pd

    frame = pd.read_csv(ROOT / "site" / "data" / "animals.csv")
    while True:
        plt.figure()
        plt.plot(frame["year"], frame["Bear"])
        plt.title("Bear sightings per year")
        buffer = io.BytesIO()
        plt.savefig(buffer, format="svg", bbox_inches="tight")
        yield


def measure(way: str, renders: int) -> dict:
    """Run `renders` renders in this process and report RSS along the way."""
    import warnings

    warnings.filterwarnings("ignore")  # pyplot warns about more than 20 open figures
    steps = our_renders() if way == "ours" else seed_renders()
    for _ in range(WARM_UP):
        next(steps)
    start = rss_mb()
    samples = []
    for i in range(1, renders + 1):
        next(steps)
        if i % max(1, renders // 10) == 0:
            samples.append(round(rss_mb() - start, 1))
    return {"way": way, "renders": renders, "start_mb": round(start, 1), "growth_mb": samples}


def run_in_fresh_process(way: str, renders: int) -> dict:
    out = subprocess.run([sys.executable, __file__, "--measure", way, "--renders", str(renders)],
                         cwd=ROOT, capture_output=True, text=True, check=True).stdout
    return json.loads(out.strip().splitlines()[-1])


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--renders", type=int, default=10_000, help="renders of ours (default 10,000)")
    parser.add_argument("--seed-renders", type=int, default=300, help="renders of the seed's way (default 300)")
    parser.add_argument("--measure", choices=("ours", "seed"), help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.measure:
        sys.path.insert(0, str(ROOT))
        print(json.dumps(measure(args.measure, args.renders)))
        return 0

    results = [run_in_fresh_process("ours", args.renders), run_in_fresh_process("seed", args.seed_renders)]
    print(f"{'way':6} {'renders':>8} {'RSS at start MB':>16} {'growth MB':>10} {'KB/render':>10}  growth at each 10 %")
    for r in results:
        growth = r["growth_mb"][-1]
        print(f"{r['way']:6} {r['renders']:8d} {r['start_mb']:16.1f} {growth:10.1f} "
              f"{growth * 1024 / r['renders']:10.1f}  {r['growth_mb']}")
    ours = results[0]["growth_mb"][-1]
    print(f"target: ours grows < 20 MB over {args.renders} renders: {'met' if ours < 20 else 'not met'} ({ours:.1f} MB)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
