"""A refreshing dashboard's poll of its versions.json, the site's most frequent request: every open
dashboard that refreshes asks it every few seconds. The dashboard: 8 charts of two stored datasets
(30,000 and 6,000 rows), three filters (40 stations and 12 regions, each offered in a select, and
3,000 sensors, too many to list), a range. Measured: polls of its dashboard's range, of a relative
range (`from=now-30d`), of a station and a sensor chosen, of a chart of a deleted dataset and a
chart in error beside the others, and of a team's wall of 48 charts of three datasets (the eight five
times over, and eight of a third dataset) opening on the last 30 days, each answered from the site's
caches (the data unchanged since the last poll, as between most polls); then a poll after an append
to one dataset.

    python benchmarks/polls.py [--polls 200] [--rounds 5] [--profile]

The requests are asked in-process through Flask's test client (RENDER_WORKERS=0), the clock stopped.
Printed: the median milliseconds of a request of each kind, of the wall clock and of the process's
CPU, over `--rounds` rounds, each of `--polls` requests, against `/healthz` and a cached chart image
(a hit answered ahead of Flask), measured in the same rounds, the kinds taking turns; and the ratios
of their CPU milliseconds, which other work on a shared machine moves less than the wall clock's. `--profile`: where one poll's time goes
(cProfile over the polls of the dashboard's range, the functions that took longest, with what they
called).
"""
from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
from datetime import datetime, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from app import create_app  # noqa: E402
from benchmarks.dashboard_sites import get_ms, median_ms, medians, profiled, stored_site  # noqa: E402
from tests.conftest import CSV_WRITE, Clock  # noqa: E402

NOW = datetime(2026, 12, 1, 12, 0, 0)
STATIONS, SENSORS, REGIONS = 40, 3000, 12

BOARD = """title = "Polled"
refresh = 5
time_column = "date"
from = 2026-06-01

[[filters]]
column = "station"
label = "Station"

[[filters]]
column = "sensor"
label = "Sensor"

[[filters]]
column = "region"
label = "Region"

[[charts]]
id = "temperature"
dataset = "readings"
kind = "line"
x = "date"
y = ["temperature"]
resample = "day"

[[charts]]
id = "humidity"
dataset = "readings"
kind = "line"
x = "date"
y = ["humidity"]
resample = "week"

[[charts]]
id = "spread"
dataset = "readings"
kind = "hist"
y = ["temperature"]

[[charts]]
id = "against"
dataset = "readings"
kind = "scatter"
x = "temperature"
y = ["humidity"]

[[charts]]
id = "by-station"
dataset = "readings"
kind = "bar"
x = "station"
y = ["temperature"]
agg = "mean"

[[charts]]
id = "sales"
dataset = "sales"
kind = "line"
x = "date"
y = ["total"]
resample = "week"
agg = "sum"

[[charts]]
id = "by-region"
dataset = "sales"
kind = "bar"
x = "region"
y = ["total"]
agg = "sum"

[[charts]]
id = "monthly"
dataset = "sales"
kind = "bar"
x = "date"
y = ["total"]
resample = "month"
agg = "sum"
"""

# The same dashboard with a chart of a dataset deleted since the site started and a chart in error
# (a bar chart of more categories than a bar chart may draw).
TROUBLED = BOARD.replace('title = "Polled"', 'title = "Troubled"') + """
[[charts]]
id = "gone"
dataset = "doomed"
kind = "line"
x = "date"
y = ["value"]

[[charts]]
id = "too-many-bars"
dataset = "readings"
kind = "bar"
x = "sensor"
y = ["temperature"]
"""

# A team's wall of many charts: the eight charts above five times over, and eight of a third dataset,
# 48 in all, of the same filters, opening on a range relative to now.
WALL_ROUNDS = 5
ENERGY_CHARTS = """
[[charts]]
id = "kwh-{n}"
dataset = "energy"
kind = "{kind}"
x = "{x}"
y = ["kwh"]
"""


def wall_board() -> str:
    """The dashboard file of the wall: BOARD's charts WALL_ROUNDS times, each round's ids numbered, and
    eight charts of `energy`, opening on the last 30 days."""
    head, _, charts = BOARD.partition("[[charts]]")
    head = head.replace('title = "Polled"', 'title = "Wall"').replace("from = 2026-06-01", 'from = "now-30d"')
    rounds = ["[[charts]]" + charts.replace('id = "', f'id = "r{n}-') for n in range(WALL_ROUNDS)]
    energy = [ENERGY_CHARTS.format(n=n, kind=kind, x=x) for n, (kind, x) in
              enumerate([("line", "date"), ("bar", "station"), ("area", "date"), ("line", "date")] * 2)]
    return head + "".join(rounds) + "".join(energy)


def readings_csv(rows: int, start: datetime) -> str:
    """`rows` readings, one an hour back from `start`, of STATIONS stations and SENSORS sensors."""
    lines = ["date,station,sensor,temperature,humidity"]
    for row in range(rows):
        at = start - timedelta(hours=row)
        lines.append(f"{at:%Y-%m-%dT%H:%M:%S},S{row % STATIONS:02d},sensor-{row % SENSORS:04d},"
                     f"{(row * 7) % 35 - 5},{(row * 13) % 100}")
    return "\n".join(lines) + "\n"


def sales_csv(rows: int) -> str:
    """`rows` sales, four a day back from NOW, in REGIONS regions."""
    lines = ["date,region,total"]
    for row in range(rows):
        lines.append(f"{NOW - timedelta(hours=6 * row):%Y-%m-%dT%H:%M:%S},R{row % REGIONS:02d},{(row * 37) % 500}")
    return "\n".join(lines) + "\n"


def energy_csv(rows: int) -> str:
    """`rows` readings of a meter, one every two hours back from NOW, of STATIONS stations."""
    lines = ["date,station,kwh"]
    for row in range(rows):
        lines.append(f"{NOW - timedelta(hours=2 * row):%Y-%m-%dT%H:%M:%S},S{row % STATIONS:02d},{(row * 19) % 700}")
    return "\n".join(lines) + "\n"


def make_site(folder: Path):
    """The app of the dashboards above, the clock stopped at NOW: its three datasets stored, the
    troubled dashboard's fourth a data-folder file removed once the site has started."""
    settings = stored_site(folder, {"readings": readings_csv(30_000, NOW), "sales": sales_csv(6_000),
                                    "energy": energy_csv(4_000)},
                           {"polled": BOARD, "troubled": TROUBLED, "wall": wall_board()})
    doomed = Path(settings["DATA_DIR"]) / "doomed.csv"
    doomed.write_text("date,value\n2026-11-01,1\n", encoding="utf-8")
    app = create_app({**settings, "CLOCK": Clock(NOW)})
    doomed.unlink()
    return app


POLLS = {
    "poll, the dashboard's range": "/d/polled/versions.json",
    "poll, from=now-30d": "/d/polled/versions.json?from=now-30d",
    "poll, a station and a sensor": "/d/polled/versions.json?filter.station=S07&filter.sensor=sensor-0007",
    "poll, a deleted dataset and a chart in error": "/d/troubled/versions.json",
    "poll, a wall of 48 charts, from=now-30d": "/d/wall/versions.json",
}


def appended_poll(client, polls: int) -> tuple[float, float]:
    """Median milliseconds, wall and CPU, of the first poll after a row appended to `sales`, `polls` times."""
    times = []
    for number in range(polls):
        body = f"date,region,total\n{NOW:%Y-%m-%dT%H:%M:%S},R00,{number}\n"
        answer = client.post("/api/datasets/sales/rows", data=body, headers=CSV_WRITE)
        assert answer.status_code in (200, 201), answer.get_data(as_text=True)[:300]
        times.append(get_ms(client, POLLS["poll, the dashboard's range"]))
    return medians(times)


def profile(client, polls: int) -> str:
    """Where the polls of the dashboard's range spend their time, as cProfile finds it."""
    return profiled(lambda: [client.get(POLLS["poll, the dashboard's range"]) for _ in range(polls)], 40)


def main(argv: list[str] | None = None) -> int:
    """Make the site, measure and print."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--polls", type=int, default=200)
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--profile", action="store_true")
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory() as folder:
        app = make_site(Path(folder))
        client = app.test_client()
        image = client.get(POLLS["poll, the dashboard's range"]).get_json()["charts"]["temperature"]["src"]
        baselines = {"/healthz": "/healthz", "a cached chart image": image}
        for url in [*POLLS.values(), *baselines.values()]:
            client.get(url)  # every cache filled: the words, the values, the image
        kinds = {**baselines, **POLLS}
        found: dict[str, list[tuple[float, float]]] = {name: [] for name in kinds}
        for number in range(args.rounds):
            order = list(kinds.items())
            for name, url in order if number % 2 == 0 else reversed(order):
                found[name].append(median_ms(client, url, args.polls))
        after_append = appended_poll(client, max(args.polls // 10, 5))
        if args.profile:
            print(profile(client, args.polls))
        app.extensions["svgplots"].store.close()
    median = {name: tuple(statistics.median(figures) for figures in zip(*values)) for name, values in found.items()}
    median["poll after an append"] = after_append
    health, hit = median["/healthz"][1], median["a cached chart image"][1]
    print(f"{'':48} {'wall ms':>8} {'CPU ms':>8} {'CPU, against /healthz':>22} {'image hit':>10}")
    for name, (wall, cpu) in median.items():
        print(f"{name:48} {wall:8.2f} {cpu:8.2f} {cpu / health:21.1f}x {cpu / hit:9.1f}x")
    return 0


if __name__ == "__main__":
    sys.exit(main())
