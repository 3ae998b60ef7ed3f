"""Render time and size of the first version's chart: the seed's way against ours, in one run.

    python benchmarks/render.py [--repeat 60] [--check]

The chart is the `animals` dataset's 12 yearly Bear counts as a 640×360 line chart with a title,
as `/animal.svg?type=Bear` draws it. Ways, timed in interleaved rounds so that a noisy machine
slows them alike:

- seed: `plt.figure(); plt.plot(...); plt.savefig(buf, format="svg", bbox_inches="tight")` with
  matplotlib's default settings, the first version's way (here each figure is closed, so that the
  seed does not slow down as its leaked figures pile up; `benchmarks/memory.py` measures the leak);
- ours: `plots.render_svg`, the same spec each time, as a render worker sees a dashboard's chart;
- ours, new title: a different title on every render, so that nothing measured before is reused;
- vl-convert (Vega-Lite) and pygal, when those packages are installed (benchmarks/requirements.txt).

Then a chart of many bars: the weather sample's first 100 days as a 640×360 bar chart, ours against
ours with matplotlib's own data limits of a patch (each bar's extent found from the Bezier extrema
of its path), in interleaved rounds; both must write the same bytes.

Prints the median and 90th percentile in milliseconds, the SVG's size in bytes and the ratio of
each median to the seed's; then our SVG's size as brotli (quality 5, as the site sends it, and 11)
and what svgo with its default settings makes of it, when `--svgo` names an svgo command (or one
is on the PATH; install it outside the project: `npm install --prefix DIR svgo`, then
`--svgo DIR/node_modules/.bin/svgo`). `--check` exits 1 when ours is slower than the seed's way.
"""
from __future__ import annotations

import argparse
import io
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

import brotli  # noqa: E402
import matplotlib  # noqa: E402
import pandas as pd  # noqa: E402

from matplotlib.axes import Axes  # noqa: E402

from plots import ChartSpec, render_svg  # noqa: E402  (sets our settings and the Agg backend)
from plots.chart_artists import ChartAxes  # noqa: E402

TITLE = "Bear sightings per year"
TARGET_MS = 20.0
TARGET_RATIO = 0.10  # of the seed's time
TARGET_BYTES = 6000
TARGET_BROTLI = 2000
# svgo should find little left to take out: less than this share of our bytes.
TARGET_SVGO_SAVING = 0.15


def animals() -> pd.DataFrame:
    """The sample dataset as the site reads it."""
    return pd.read_csv(ROOT / "site" / "data" / "animals.csv")


def seed_way(frame: pd.DataFrame) -> Callable[[], bytes]:
    """The first version's render, with matplotlib's default settings."""
    import matplotlib.pyplot as plt

    defaults = {k: v for k, v in matplotlib.rcParamsDefault.items() if k != "backend"}

    def render() -> bytes:
        with matplotlib.rc_context(defaults):
            fig = plt.figure(figsize=(6.4, 3.6))
            plt.plot(frame["year"], frame["Bear"])
            plt.title(TITLE)
            buffer = io.BytesIO()
            plt.savefig(buffer, format="svg", bbox_inches="tight")
            plt.close(fig)
        return buffer.getvalue()

    return render


def our_way(frame: pd.DataFrame, new_title: bool = False) -> Callable[[], bytes]:
    """`plots.render_svg` of the spec `/animal.svg?type=Bear` builds."""
    count = iter(range(10**9))

    def render() -> bytes:
        title = f"{TITLE} ({next(count)})" if new_title else TITLE
        spec = ChartSpec(kind="line", x="year", y=("Bear",), title=title)
        return render_svg(spec, frame)

    return render


def hundred_days() -> pd.DataFrame:
    """The weather sample's first 100 days."""
    return pd.read_csv(ROOT / "site" / "data" / "weather.csv", parse_dates=["date"], nrows=100)


def bars_way(frame: pd.DataFrame, matplotlibs_limits: bool = False) -> Callable[[], bytes]:
    """`plots.render_svg` of a bar chart of each row's rainfall; with `matplotlibs_limits`, each bar
    widens the data limits as matplotlib's own Axes has it do."""
    spec = ChartSpec(kind="bar", x="date", y=("rainfall_mm",), title="Rainfall, the first 100 days")
    ours = ChartAxes.__dict__["_update_patch_limits"]

    def render() -> bytes:
        if not matplotlibs_limits:
            return render_svg(spec, frame)
        ChartAxes._update_patch_limits = Axes._update_patch_limits
        try:
            return render_svg(spec, frame)
        finally:
            ChartAxes._update_patch_limits = ours

    return render


def print_bars(repeat: int) -> None:
    """A chart of 100 bars: ours against matplotlib's own patch limits, measured in the same run."""
    frame = hundred_days()
    ways = {"ours (render_svg)": bars_way(frame), "matplotlib's patch limits": bars_way(frame, True)}
    svgs = {name: render() for name, render in ways.items()}
    if len(set(svgs.values())) != 1:
        raise SystemExit("the 100-bar chart's bytes differ between the two ways")
    print(f"\n100-bar chart, 640×360, {repeat} renders per way")
    print_times(measure(ways, repeat), "matplotlib's patch limits", "÷ mpl limits")


def vl_convert_way(frame: pd.DataFrame) -> Callable[[], bytes] | None:
    """The same chart as a Vega-Lite spec rendered by vl-convert, when it is installed."""
    try:
        import vl_convert
    except ImportError:
        return None
    spec = {
        "$schema": "https://vega.github.io/schema/vega-lite/v5.json",
        "title": TITLE,
        "width": 560,
        "height": 280,
        "data": {"values": frame[["year", "Bear"]].to_dict("records")},
        "mark": "line",
        "encoding": {"x": {"field": "year", "type": "quantitative", "scale": {"zero": False}},
                     "y": {"field": "Bear", "type": "quantitative"}},
    }
    return lambda: vl_convert.vegalite_to_svg(spec).encode("utf-8")


def pygal_way(frame: pd.DataFrame) -> Callable[[], bytes] | None:
    """The same chart drawn by pygal, when it is installed."""
    try:
        import pygal
    except ImportError:
        return None
    years = [str(y) for y in frame["year"]]
    values = [int(v) for v in frame["Bear"]]

    def render() -> bytes:
        chart = pygal.Line(width=640, height=360, title=TITLE, show_legend=False)
        chart.x_labels = years
        chart.add("Bear", values)
        return chart.render()

    return render


def first_render_ms() -> float:
    """Milliseconds of the first render in a fresh process that has imported `plots` already."""
    script = (
        "import time, pandas as pd; from plots import ChartSpec, render_svg;"
        f"f = pd.read_csv({str(ROOT / 'site' / 'data' / 'animals.csv')!r});"
        f"s = ChartSpec(kind='line', x='year', y=('Bear',), title={TITLE!r});"
        "t = time.perf_counter(); render_svg(s, f); print((time.perf_counter() - t) * 1000)"
    )
    out = subprocess.run([sys.executable, "-c", script], cwd=ROOT, capture_output=True, text=True, check=True)
    return float(out.stdout.strip())


def svgo_bytes(svg: bytes, command: str) -> bytes:
    """`svg` as svgo with its default settings writes it."""
    with tempfile.TemporaryDirectory() as folder:
        source, target = Path(folder) / "in.svg", Path(folder) / "out.svg"
        source.write_bytes(svg)
        subprocess.run([command, str(source), "-o", str(target), "--quiet"], check=True, capture_output=True)
        return target.read_bytes()


def print_sizes(ours: bytes, seed: bytes, svgo: str | None) -> None:
    """Our SVG's bytes, as brotli and after svgo, against the targets."""

    def verdict(met: bool) -> str:
        return "met" if met else "not met"

    q5, q11 = len(brotli.compress(ours, quality=5)), len(brotli.compress(ours, quality=11))
    print(f"\nours: {len(ours)} bytes (target ≤ {TARGET_BYTES}: {verdict(len(ours) <= TARGET_BYTES)}); "
          f"brotli q5 {q5} bytes (target ≤ {TARGET_BROTLI}: {verdict(q5 <= TARGET_BROTLI)}), q11 {q11}")
    if svgo is None:
        print("(svgo: not found; install it with `npm install --prefix DIR svgo` and pass "
              "--svgo DIR/node_modules/.bin/svgo)")
        return
    ours_svgo, seed_svgo = len(svgo_bytes(ours, svgo)), len(svgo_bytes(seed, svgo))
    saving = 1 - ours_svgo / len(ours)
    print(f"svgo (default settings): ours {len(ours)} → {ours_svgo} bytes, ratio {ours_svgo / len(ours):.3f}, "
          f"saves {saving:.1%} (target < {TARGET_SVGO_SAVING:.0%}: {verdict(saving < TARGET_SVGO_SAVING)}); "
          f"seed {len(seed)} → {seed_svgo} bytes, saves {1 - seed_svgo / len(seed):.1%}")


def measure(ways: dict[str, Callable[[], bytes]], repeat: int, batch: int = 3) -> dict[str, list[float]]:
    """Seconds per render of each way, in interleaved batches after a warm-up."""
    for render in ways.values():
        for _ in range(3):
            render()
    times: dict[str, list[float]] = {name: [] for name in ways}
    for _ in range(max(1, repeat // batch)):
        for name, render in ways.items():
            for _ in range(batch):
                started = time.perf_counter()
                render()
                times[name].append(time.perf_counter() - started)
    return times


def print_times(times: dict[str, list[float]], base: str, ratio: str, sizes: dict[str, int] | None = None) -> None:
    """A table of each way's median and p90 milliseconds (and bytes, given `sizes`), with its median
    as a ratio of the `base` way's, headed `ratio`."""
    base_ms = statistics.median(times[base]) * 1000
    print(f"{'way':34} {'median ms':>10} {'p90 ms':>8}" + (f" {'bytes':>8}" if sizes else "") + f" {ratio:>12}")
    for name, seconds in times.items():
        median = statistics.median(seconds) * 1000
        p90 = sorted(seconds)[int(0.9 * (len(seconds) - 1))] * 1000
        size = f" {sizes[name]:8d}" if sizes else ""
        print(f"{name:34} {median:10.1f} {p90:8.1f}{size} {median / base_ms:12.2f}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--repeat", type=int, default=60, help="renders per way (default 60)")
    parser.add_argument("--check", action="store_true", help="exit 1 when ours is slower than the seed's way")
    parser.add_argument("--svgo", default=shutil.which("svgo"),
                        help="an svgo command to compare our bytes with (default: svgo on the PATH)")
    args = parser.parse_args(argv)

    frame = animals()
    ways: dict[str, Callable[[], bytes]] = {
        "seed (pyplot, bbox_inches=tight)": seed_way(frame),
        "ours (render_svg)": our_way(frame),
        "ours, new title each render": our_way(frame, new_title=True),
    }
    for name, way in (("vl-convert (Vega-Lite)", vl_convert_way(frame)), ("pygal", pygal_way(frame))):
        if way is not None:
            ways[name] = way
        else:
            print(f"({name}: not installed, skipped)")
    sizes = {name: len(render()) for name, render in ways.items()}
    times = measure(ways, args.repeat)

    print(f"\n12-point line chart, 640×360, {args.repeat} renders per way (matplotlib {matplotlib.__version__})")
    print_times(times, "seed (pyplot, bbox_inches=tight)", "÷ seed", sizes)
    print(f"ours, first render in a fresh process: {first_render_ms():.1f} ms")
    print_sizes(ways["ours (render_svg)"](), ways["seed (pyplot, bbox_inches=tight)"](), args.svgo)

    seed_ms = statistics.median(times["seed (pyplot, bbox_inches=tight)"]) * 1000
    ours_ms = statistics.median(times["ours (render_svg)"]) * 1000
    verdict = "met" if ours_ms <= TARGET_MS else "not met"
    print(f"target: ours ≤ {TARGET_MS:g} ms median: {verdict} ({ours_ms:.1f} ms); "
          f"ours is {seed_ms / ours_ms:.1f}× the seed's speed")
    for name in ("ours (render_svg)", "ours, new title each render"):
        ratio = statistics.median(times[name]) * 1000 / seed_ms
        print(f"target: {name} ≤ {TARGET_RATIO:g}× the seed's time: "
              f"{'met' if ratio <= TARGET_RATIO else 'not met'} ({ratio:.3f}×)")
    print_bars(args.repeat)
    return 1 if args.check and ours_ms > seed_ms else 0


if __name__ == "__main__":
    sys.exit(main())
