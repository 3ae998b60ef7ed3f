"""What it costs an answer that reads nothing of an SQLite source to look whether its tables changed.

    python benchmarks/source_shapes.py [--hits 500] [--rounds 15] [--datasets 20]

An answer of a source dataset that needs no read (a chart's image answered from the render cache ahead
of Flask, its `.json` from the rows kept under its version, `/api/datasets`) uses the description kept
of the dataset. Since a table made anew with other columns must be seen at once, in every process, the
site looks at the file's change signal first (`sqlite_changes.change_signal`: a stat() and two reads of
a few bytes) and asks the database only where it moved. Measured in-process (WSGI calls, no sockets), on
one site of `--datasets` tables in one SQLite file, in rollback-journal and in WAL mode, four ways taking
turns in each round: the site before (the kept description used as it is: the baseline), the site now,
`PRAGMA schema_version` asked on a pooled connection at each answer, and a whole read's transaction at
each answer (what the site does once the signal moved). Then the site now right after a commit by
another program, each hit the first after one (the commit not timed). Prints median µs and the ratio of
each to the baseline. Takes about a minute.
"""
from __future__ import annotations

import argparse
import sqlite3
import statistics
import sys
import tempfile
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from app import create_app  # noqa: E402
from app.store.source_descriptions import SourceDescriptions  # noqa: E402
from app.store.source_unreachable import sqlite_path  # noqa: E402
from benchmarks.version_token import seconds_each  # noqa: E402
from tests.source_data import sources_toml  # noqa: E402

CHART = "/plot/t0.svg?y=v"
DATA = "/plot/t0.json?y=v"
LIST = "/api/datasets"
SITE_NOW = SourceDescriptions.known


def before(self: SourceDescriptions, name: str):
    """The kept description used as it is, without a look at the file (the site before)."""
    version = self.version(name, None)
    kept = None if version is None else self._current(name, version)
    return None if kept is None else kept.described


def schema_asked(sources) -> Callable:
    """A `known` that asks PRAGMA schema_version on a pooled connection and compares it with the kept one's."""
    def known(self: SourceDescriptions, name: str):
        version = self.version(name, None)
        kept = None if version is None else self._current(name, version)
        if kept is None:
            return None
        engine = sources._engine(self.config.sources[self.config.datasets[name].source])
        connection = engine.raw_connection()
        try:
            schema = connection.execute("PRAGMA schema_version").fetchone()[0]
        finally:
            connection.close()
        return kept.described if schema == kept.schema else None
    return known


def always_read(self: SourceDescriptions, name: str):
    """No kept description used without a read: each answer reads, as one does once the signal moved."""
    return None


def make_file(path: Path, tables: int, journal: str) -> None:
    """An SQLite file of `tables` tables t0, t1 … of 200 rows (x, v), in the `journal` mode."""
    with sqlite3.connect(path) as conn:
        conn.execute(f"PRAGMA journal_mode = {journal}")
        for n in range(tables):
            conn.execute(f"CREATE TABLE t{n} (x INTEGER, v REAL)")
            conn.executemany(f"INSERT INTO t{n} VALUES (?, ?)", [(i, (i * i) % 97) for i in range(200)])
    conn.close()


def site_on(folder: Path, tables: int, journal: str):
    """The site over the file, every table a dataset, its chart drawn and its data read once."""
    db = folder / "shop.db"
    make_file(db, tables, journal)
    sources = sources_toml(folder / "sources.toml", {"db": {"url": f"sqlite:///{db}", "cache_seconds": 3600}},
                           {f"t{n}": {"source": "db", "table": f"t{n}"} for n in range(tables)})
    (folder / "data").mkdir()
    app = create_app({"DATA_DIR": str(folder / "data"), "SOURCES": str(sources), "RENDER_WORKERS": 0,
                      "DASHBOARD_DIRS": []})
    client = app.test_client()
    for url in (CHART, CHART, DATA, LIST):
        assert client.get(url).status_code == 200, url
    return app, db


def measure(folder: Path, journal: str, hits: int, rounds: int, tables: int) -> dict[tuple[str, str], float]:
    """Median µs of each (url, way), the ways taking turns in each round on one site."""
    app, db = site_on(folder, tables, journal)
    sources = app.extensions["svgplots"].store.sources
    assert sqlite_path(sources.config.sources["db"]) is not None
    ways = {"before": before, "now": SITE_NOW, "schema asked": schema_asked(sources), "read": always_read}
    writer = sqlite3.connect(db, isolation_level=None)
    writer.execute("CREATE TABLE IF NOT EXISTS other (n INTEGER)")
    count = [0]

    def commit() -> None:
        count[0] += 1
        writer.execute("INSERT INTO other VALUES (?)", (count[0],))

    figures: dict[tuple[str, str], list[float]] = {}
    try:
        for _ in range(rounds):
            for way, known in ways.items():
                SourceDescriptions.known = known
                for url, share in ((CHART, 1), (DATA, 1), (LIST, 10)):
                    seconds_each(app, url, 1)  # any read it takes, once
                    figures.setdefault((url, way), []).append(seconds_each(app, url, max(1, hits // share)))
            SourceDescriptions.known = SITE_NOW
            figures.setdefault((CHART, "now, after a commit"), []).append(
                seconds_each(app, CHART, max(1, hits // 10), commit))
    finally:
        SourceDescriptions.known = SITE_NOW
        writer.close()
        app.extensions["svgplots"].store.close()
    return {key: statistics.median(seconds) * 1e6 for key, seconds in figures.items()}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--hits", type=int, default=500, help="hits per round and way (a tenth of them for the list)")
    parser.add_argument("--rounds", type=int, default=15)
    parser.add_argument("--datasets", type=int, default=20, help="tables of the file, each a dataset")
    args = parser.parse_args(argv)
    print(f"µs per answer, medians of {args.rounds} rounds; ratio to the site before (the kept description "
          "used without a look)")
    print(f"{'journal':8} {'answer':32} {'way':20} {'µs':>9} {'÷ before':>9}")
    with tempfile.TemporaryDirectory() as folder:
        for journal in ("DELETE", "WAL"):
            (Path(folder) / journal).mkdir()
            us = measure(Path(folder) / journal, journal, args.hits, args.rounds, args.datasets)
            for (url, way), value in us.items():
                shown = url if url != LIST else f"{LIST} ({args.datasets} datasets)"
                print(f"{journal:8} {shown:32} {way:20} {value:9.1f} {value / us[(url, 'before')]:9.2f}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
