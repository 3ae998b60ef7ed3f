"""A dashboard of many charts as a site that has just started shows it: a team's wall of 48 charts
of three stored datasets (`polls.py`'s wall, opening on the last 24 hours), its first view after a
start, a warm view, a poll of its versions.json answered from the site's caches and the first poll
once the clock has moved a minute on (the relative range's moments moved with it).

    python benchmarks/dashboard_first_view.py [--rounds 5] [--rows 6000] [--profile]

The requests are asked in-process through Flask's test client (RENDER_WORKERS=0), the clock stopped,
each round on a new app over the same store (what a start reads anew: every dataset's rows). The
baseline, measured in the same rounds, the two taking turns: the same requests of a dashboard of three
of those charts (the first of each dataset), on an app of its own. Printed: median milliseconds of the
wall clock and of the process's CPU (which other work on a shared machine moves less), and the ratio
of each to the baseline's. `--profile`: where a first view of the wall
spends its time (cProfile, the functions that took longest with what they called).
"""
from __future__ import annotations

import argparse
import re
import sys
import tempfile
from datetime import timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from app import create_app  # noqa: E402
from benchmarks.dashboard_sites import get_ms, median_ms, medians, profiled, stored_site  # noqa: E402
from benchmarks.polls import NOW, energy_csv, readings_csv, sales_csv, wall_board  # noqa: E402
from tests.conftest import Clock  # noqa: E402

RANGE = 'from = "now-24h"'


def boards() -> dict[str, str]:
    """The wall of 48 charts and the baseline's dashboard of three of them, the first of each dataset,
    both over the last 24 hours."""
    # Each chart a title of its own, as a wall's charts have: 48 charts, not the same 8 five times over.
    wall = wall_board().replace('from = "now-30d"', RANGE)
    wall = re.sub(r'id = "([^"]+)"', lambda m: f'id = "{m[1]}"\ntitle = "{m[1].title()}"', wall)
    head, _, charts = wall.partition("[[charts]]")
    firsts = {}
    for chart in charts.split("[[charts]]"):
        firsts.setdefault(re.search(r'dataset = "(\w+)"', chart).group(1), "[[charts]]" + chart)
    return {"wall": wall, "three": head.replace('title = "Wall"', 'title = "Three"') + "".join(firsts.values())}


def make_folder(folder: Path, rows: int) -> dict:
    """The settings of a site over `folder`: its store holding the three datasets (readings of `rows`
    rows, a fifth of that of sales and of energy) and its dashboards."""
    datasets = {"readings": readings_csv(rows, NOW), "sales": sales_csv(rows // 5), "energy": energy_csv(rows // 5)}
    return stored_site(folder, datasets, boards())


def one_round(settings: dict, board: str, warm: int = 5) -> dict[str, tuple[float, float]]:
    """The milliseconds, wall clock and CPU, of each kind of request of dashboard `board` on a new app."""
    clock = Clock(NOW)
    app = create_app({**settings, "CLOCK": clock})
    client = app.test_client()
    page, poll = f"/d/{board}", f"/d/{board}/versions.json"
    found = {"first view after a start": get_ms(client, page)}
    found["warm view"] = median_ms(client, page, warm)
    get_ms(client, poll)
    found["poll, nothing changed"] = median_ms(client, poll, warm)
    steps = []
    for _ in range(warm):
        clock.now += timedelta(minutes=1)
        steps.append(get_ms(client, poll))
    found["poll, a minute later"] = medians(steps)
    app.extensions["svgplots"].store.close()
    return found


def profile(settings: dict) -> str:
    """Where a first view of the wall after a start spends its time, as cProfile finds it."""
    app = create_app({**settings, "CLOCK": Clock(NOW)})
    client = app.test_client()
    found = profiled(lambda: client.get("/d/wall"), 45)
    app.extensions["svgplots"].store.close()
    return found


def main(argv: list[str] | None = None) -> int:
    """Make the site, measure and print."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--rows", type=int, default=6000, help="rows of the readings dataset")
    parser.add_argument("--profile", action="store_true")
    args = parser.parse_args(argv)
    found: dict[str, list[dict[str, tuple[float, float]]]] = {"wall": [], "three": []}
    with tempfile.TemporaryDirectory() as folder:
        settings = make_folder(Path(folder), args.rows)
        one_round(settings, "three")  # the process's own first time: imports, fonts
        for number in range(args.rounds):
            for board in ("wall", "three") if number % 2 == 0 else ("three", "wall"):
                found[board].append(one_round(settings, board))
        if args.profile:
            print(profile(settings))
    print(f"a dashboard of 48 charts of 3 datasets ({args.rows:,}, {args.rows // 5:,} and {args.rows // 5:,} rows), "
          f"median of {args.rounds} rounds, each on a new app")
    print(f"{'':28} {'48 charts':>19} {'3 charts':>19} {'ratio':>12}")
    print(f"{'':28} {'wall ms':>9} {'CPU ms':>9} {'wall ms':>9} {'CPU ms':>9} {'wall':>5} {'CPU':>6}")
    for kind in found["wall"][0]:
        wall, cpu = medians([r[kind] for r in found["wall"]])
        three_wall, three_cpu = medians([r[kind] for r in found["three"]])
        print(f"{kind:28} {wall:9.1f} {cpu:9.1f} {three_wall:9.1f} {three_cpu:9.1f} "
              f"{wall / three_wall:4.1f}x {cpu / three_cpu:5.1f}x")
    return 0


if __name__ == "__main__":
    sys.exit(main())
