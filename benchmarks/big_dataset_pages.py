"""The pages of a stored dataset of 2,000,000 rows: what each asks of the database, against reading
the whole dataset into a frame (what they did before), on SQLite and PostgreSQL, in the same run.

    python benchmarks/big_dataset_pages.py [--rows 2000000] [--rounds 3]
        [--backends sqlite,postgresql] [--postgres-url URL]

The dataset is made through `SqlStore.create`, as an upload stores it: a time every 10 seconds
shared by four stations (their rows side by side, so that its page draws a line per station), a
random walk, the station's name, and a text column of numbers one of which is written `1,5` (a
warning on its page). SQLite in a temporary file; PostgreSQL on a throwaway server started from
Debian's binaries, or on a new database of `--postgres-url`'s server. Each part is measured cold
(a new store or site: nothing kept in memory; the database's own caches warm for both ways alike):

- first rows: the page's first 100 rows and those that show each date column's format
  (`SqlStore.head`, against `site_reads.head_rows` of the whole frame);
- splits: how the station splits the rows sharing a time (`SqlStore.x_splits`, against
  `x_splits.frame_x_splits` of the frame of the time and the text columns);
- warnings: what the page warns of (`column_warnings.create_warnings`: the text columns' cells read a
  piece at a time as far as each rule looks, the float columns' values counted, against the text
  and float columns read whole);
- report: the PDF of a dashboard of a line of the walk and a bar of each station's highest value
  (`/d/walk.pdf`: the charts computed by the database in one snapshot, against the columns read
  whole and the charts drawn from them; not a mean, which the database sums otherwise than pandas:
  over 500,000 values the two differ in their 13th digit, and the PDF in a byte);
- page: the whole dataset page (`/datasets/walk`): the parts above and its charts' alt texts,
  whose rows the database computes both ways (`stored_pushdown`), as it did before.

The frame way is the site before: the same store, asking its database for none of what the pages
show (`ASKED`), reads the dataset whole instead.

Printed: the median wall time of each way and the speed-up; the peak of memory traced
(tracemalloc, in a run of its own) while each runs. Both ways give the same answer, checked each
round: the same frames, the same warnings, the same PDF and HTML bytes. Rounds alternate the ways.
"""
from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
import tracemalloc
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

import numpy as np  # noqa: E402

from app import create_app  # noqa: E402
from app.column_warnings import create_warnings  # noqa: E402
from app.store import Column, CsvStore, SiteStore  # noqa: E402
from app.store.site_reads import head_rows  # noqa: E402
from app.store.sql_store import SqlStore  # noqa: E402
from app.store.x_splits import frame_x_splits  # noqa: E402
from app.store.tables import Table  # noqa: E402
from tests.postgres import read_only_database  # noqa: E402

DATABASE = "svgplots_bench_big_dataset_pages"
COLUMNS = (Column("t", "datetime"), Column("station", "text"), Column("value", "float"), Column("level", "text"))
STATIONS = ("North", "South", "East", "West")
START = np.datetime64("2020-01-01T00:00:00")
STEP_SECONDS = 10
TABLE_ROWS = 100
# What a store asks its database about a dataset of many rows for its pages: the frame way's store
# answers None to each, and reads the dataset whole instead, as the site did before.
ASKED = ("head", "x_splits", "value_counts", "column_cells", "charts_rows")
DASHBOARD = """title = "Walk"
columns = 2

[[charts]]
id = "line"
dataset = "walk"
kind = "line"
x = "t"
y = ["value"]

[[charts]]
id = "stations"
dataset = "walk"
kind = "bar"
x = "station"
y = ["value"]
agg = "max"
"""


def make_dataset(url: str, rows: int) -> float:
    """Store the dataset `walk` of `rows` rows; returns the seconds it took."""
    rng = np.random.default_rng(42)
    at = START + (np.arange(rows) // len(STATIONS)) * np.timedelta64(STEP_SECONDS, "s")
    times = np.datetime_as_string(at, unit="s").tolist()
    stations = [STATIONS[i % len(STATIONS)] for i in range(rows)]
    walk = np.cumsum(rng.random(rows) - 0.5).tolist()
    levels = ["1,5" if i == 2 else str(i % 50) for i in range(rows)]
    store = SqlStore(url)
    try:
        started = time.perf_counter()
        store.create("walk", "Walk", Table(COLUMNS, list(zip(times, stations, walk, levels))))
        return time.perf_counter() - started
    finally:
        store.close()


def as_before(store: SqlStore, way: str) -> SqlStore:
    """`store` as the `way` asks: "asked", as it is; "frame", asking nothing of what `ASKED` names
    (its charts still computed by the database, as they were before)."""
    if way == "frame":
        for name in ASKED:
            setattr(store, name, lambda *args, **kwargs: None)
    return store


def parts(url: str, folder: Path) -> dict[str, dict[str, Callable[[], object]]]:
    """Each part's two ways: a function doing it cold, returning what it found. Both ways' stores
    take every dataset for one of many rows (`pushdown_above_rows=0`): `--rows` below the threshold
    measures the same."""
    def stored(way: str) -> SiteStore:
        return SiteStore(as_before(SqlStore(url, pushdown_above_rows=0), way), CsvStore([]))

    def closing(store: SiteStore, work: Callable[[SiteStore], object]) -> object:
        try:
            return work(store)
        finally:
            store.close()

    def first_rows(store: SiteStore) -> object:
        return store.head("walk", TABLE_ROWS).frame

    def frame_first_rows(store: SiteStore) -> object:
        return head_rows(store.read("walk").frame, TABLE_ROWS)

    def splits(store: SiteStore) -> object:
        return store.x_splits(store.info("walk"), "t", ["station", "level"], 6)

    def frame_splits(store: SiteStore) -> object:
        return frame_x_splits(store.read("walk", ["t", "station", "level"]).frame, "t", ["station", "level"], 6)

    def warnings(store: SiteStore) -> object:
        return create_warnings(store, store.info("walk"))

    def site_answer(way: str, path: str) -> bytes:
        app = create_app({"DATA_DIR": str(folder / "data"), "DATABASE_URL": url, "RENDER_WORKERS": 0,
                          "DASHBOARD_DIRS": [str(folder / "dashboards")], "SAMPLE_DATA_DIR": str(folder / "none")})
        store = app.extensions["svgplots"].store
        store.database.pushdown_above_rows = 0
        as_before(store.database, way)
        try:
            answer = app.test_client().get(path)
            assert answer.status_code == 200, answer.data[:300]
            return answer.data
        finally:
            store.close()

    ours, theirs = "asked", "frame"
    return {
        "first rows": {"asked": lambda: closing(stored(ours), first_rows),
                       "frame": lambda: closing(stored(theirs), frame_first_rows)},
        "splits": {"asked": lambda: closing(stored(ours), splits), "frame": lambda: closing(stored(theirs), frame_splits)},
        "warnings": {"asked": lambda: closing(stored(ours), warnings),
                     "frame": lambda: closing(stored(theirs), warnings)},
        "report": {"asked": lambda: site_answer(ours, "/d/walk.pdf"), "frame": lambda: site_answer(theirs, "/d/walk.pdf")},
        "page": {"asked": lambda: site_answer(ours, "/datasets/walk"),
                 "frame": lambda: site_answer(theirs, "/datasets/walk")},
    }


def same(a: object, b: object) -> bool:
    """Whether two ways found the same: frames alike (but their index), anything else equal."""
    if hasattr(a, "reset_index"):
        return a.reset_index(drop=True).equals(b.reset_index(drop=True))
    return a == b


def measure(url: str, folder: Path, args: argparse.Namespace) -> dict:
    """Each part's figures of both ways: the median seconds of `args.rounds` rounds (the ways taking
    turns), and the peak traced memory of one run more."""
    ways = parts(url, folder)
    figures = {}
    for name, both in ways.items():
        seconds: dict[str, list[float]] = {"asked": [], "frame": []}
        for round_ in range(args.rounds):
            found = {}
            for way in (["asked", "frame"] if round_ % 2 == 0 else ["frame", "asked"]):
                started = time.perf_counter()
                found[way] = both[way]()
                seconds[way].append(time.perf_counter() - started)
                print(f"  round {round_ + 1}, {name}, {way}: {seconds[way][-1]:.2f} s", flush=True)
            assert same(found["asked"], found["frame"]), f"{name}: the two ways found different answers"
        peaks = {}
        for way in ("asked", "frame"):
            tracemalloc.start()
            both[way]()
            peaks[way] = tracemalloc.get_traced_memory()[1]
            tracemalloc.stop()
        figures[name] = {way: (statistics.median(seconds[way]), min(seconds[way]), max(seconds[way]), peaks[way])
                         for way in ("asked", "frame")}
    return figures


def report(backend: str, figures: dict, args: argparse.Namespace) -> None:
    print(f"\n{backend}: {args.rows:,} rows, median of {args.rounds} rounds (min–max), peak traced memory")
    print(f"{'part':11} {'asked':>24} {'whole frame':>24} {'speed-up':>9} {'memory':>8}")
    for name, ways in figures.items():
        cells = []
        for way in ("asked", "frame"):
            median, low, high, peak = ways[way]
            cells.append(f"{median:6.2f} s ({low:.2f}–{high:.2f}) {peak / 2**20:5.0f} MB")
        ratio = ways["frame"][0] / ways["asked"][0]
        memory = ways["frame"][3] / max(ways["asked"][3], 1)
        print(f"{name:11} {cells[0]:>24} {cells[1]:>24} {ratio:8.1f}x {memory:7.1f}x")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--rows", type=int, default=2_000_000)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--backends", default="sqlite,postgresql")
    parser.add_argument("--postgres-url",
                        help="a server to make the benchmark's database on (default: a throwaway one)")
    args = parser.parse_args(argv)
    backends = args.backends.split(",")
    figures = {}
    with tempfile.TemporaryDirectory() as folder:
        folder = Path(folder)
        for made in ("data", "dashboards", "none"):
            (folder / made).mkdir()
        (folder / "dashboards" / "walk.toml").write_text(DASHBOARD, encoding="utf-8")
        if "sqlite" in backends:
            url = f"sqlite:///{folder}/bench.sqlite"
            print(f"sqlite: stored {args.rows:,} rows in {make_dataset(url, args.rows):.0f} s")
            figures["sqlite"] = measure(url, folder, args)
        if "postgresql" in backends:
            with read_only_database(args.postgres_url, DATABASE) as url:
                print(f"postgresql: stored {args.rows:,} rows in {make_dataset(url, args.rows):.0f} s")
                figures["postgresql"] = measure(url, folder, args)
    for backend, measured in figures.items():
        report(backend, measured, args)
    return 0


if __name__ == "__main__":
    sys.exit(main())
