"""Source databases for the tests: the same tables in an SQLite file and in a PostgreSQL database.

- `weather`: the weather sample (dates, numbers), as the site's own `weather` dataset holds it;
- `walk`: 100,000 minutes of a random walk (`value`) and of spiky noise (`spiky`), with gaps
  (`gappy` is missing now and then), over a timestamp `t`;
- `orders`: a few hundred orders (`day`, `region`, `total`), `updated_at` for a version query.

`source_client` makes a test client of the site over a source database of any tables, and `app_over`
the app over any sources and datasets (and dashboards); `slow_query` is a query of each system that
runs past a short timeout; `held_missing_source` and `tried_again_twice` hold a source down and try it
again as its hold ends; `path_clients` gives a test client of the site on each path one table's rows
may reach it by (both stores, the data folder, an SQLite and a PostgreSQL source).
"""
from __future__ import annotations

import contextlib
import io
import logging
import re
import sqlite3
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from app import create_app
from app.config import SAMPLE_DATA_DIR
from app.store import infer_column_type, load_sources
from app.store.sources import SourceStore
from app.store.types import SourceUnavailable
from tests.postgres import Statement, database, set_up
from tests.sample_store import app_on_samples

WALK_ROWS = 100_000
SQL_TYPES = {"sqlite": {"integer": "INTEGER", "float": "REAL", "datetime": "DATETIME", "text": "TEXT"},
             "postgresql": {"integer": "bigint", "float": "double precision", "datetime": "timestamp",
                            "text": "text"}}


def weather_frame() -> pd.DataFrame:
    frame = pd.read_csv(SAMPLE_DATA_DIR / "weather.csv")
    frame["date"] = pd.to_datetime(frame["date"])
    return frame


def walk_frame(rows: int = WALK_ROWS, seed: int = 7) -> pd.DataFrame:
    rng = np.random.default_rng(seed)
    spiky = rng.normal(0, 1, rows)
    spikes = rng.random(rows) < 0.001
    spiky[spikes] += rng.normal(0, 40, spikes.sum())
    gappy = np.cumsum(rng.normal(0, 1, rows))
    gappy[rng.random(rows) < 0.0005] = np.nan
    return pd.DataFrame({"t": pd.date_range("2024-01-01", periods=rows, freq="min"),
                         "value": np.cumsum(rng.normal(0, 1, rows)), "spiky": spiky, "gappy": gappy})


def orders_frame() -> pd.DataFrame:
    rng = np.random.default_rng(11)
    days = pd.date_range("2024-01-01", periods=90, freq="D")
    rows = 400
    return pd.DataFrame({"day": days[rng.integers(0, len(days), rows)],
                         "region": rng.choice(["north", "south", "east", "west"], rows),
                         "total": rng.integers(1, 500, rows),
                         "updated_at": pd.Timestamp("2024-04-01")})


# A dashboard of one bar chart of the dataset "codes" (columns code, n), with a filter on code.
CODES_BOARD = """\
title = "Codes"

[[filters]]
column = "code"

[[charts]]
id = "bars"
dataset = "codes"
kind = "bar"
x = "code"
y = ["n"]
"""


TABLES = {"weather": weather_frame, "walk": walk_frame, "orders": orders_frame}


def _values(frame: pd.DataFrame) -> list[tuple]:
    """Rows as plain Python values: datetimes as ISO text (what SQLite stores), a missing value (NaT,
    NaN, None) as NULL."""
    columns = []
    for name in frame.columns:
        series = frame[name]
        if pd.api.types.is_datetime64_any_dtype(series):
            columns.append([None if pd.isna(v) else v.isoformat(sep=" ") for v in series])
        else:
            columns.append([None if pd.isna(v) else v.item() if hasattr(v, "item") else v for v in series])
    return list(zip(*columns))


def sql_name(name: str) -> str:
    """A table or column name as SQL quotes it: in double quotes, each one in it written twice."""
    return '"' + name.replace('"', '""') + '"'


def write_sqlite(path: Path, tables: Mapping[str, pd.DataFrame]) -> str:
    """An SQLite file holding `tables`; returns its URL."""
    with sqlite3.connect(path) as conn:
        for name, frame in tables.items():
            columns = ", ".join(f'{sql_name(c)} {SQL_TYPES["sqlite"][infer_column_type(frame[c])]}' for c in frame.columns)
            conn.execute(f'CREATE TABLE {sql_name(name)} ({columns})')
            conn.executemany(f'INSERT INTO {sql_name(name)} VALUES ({", ".join("?" * len(frame.columns))})', _values(frame))
    conn.close()
    return f"sqlite:///{path}"


def postgres_tables(tables: Mapping[str, pd.DataFrame]) -> list[Statement]:
    """The statements that create `tables` in PostgreSQL (filled with COPY), for `database` or `set_up`."""
    statements: list[Statement] = []
    for name, frame in tables.items():
        columns = ", ".join(f'{sql_name(c)} {SQL_TYPES["postgresql"][infer_column_type(frame[c])]}'
                            for c in frame.columns)
        statements += [f'CREATE TABLE {sql_name(name)} ({columns})', (f'COPY {sql_name(name)} FROM STDIN', _values(frame))]
    if "walk" in tables:
        statements.append('CREATE INDEX ON "walk" (t)')
    return statements


def write_postgres(url: str, tables: Mapping[str, pd.DataFrame]) -> None:
    """Create `tables` in the PostgreSQL database of `url` (with COPY)."""
    set_up(url, *postgres_tables(tables))


def write_tables(request, path: Path, tables: Mapping[str, pd.DataFrame]) -> str:
    """A database of `tables` in the system a parametrized fixture's `request.param` names: an
    SQLite file at `path` ("sqlite"), or the test's own PostgreSQL database ("postgresql"); its URL."""
    if request.param == "sqlite":
        return write_sqlite(path, tables)
    url = request.getfixturevalue("postgres_database_url")
    write_postgres(url, tables)
    return url


@dataclass(frozen=True)
class SourceDb:
    """A source database of the tests' tables: its URL and which system it is."""

    url: str
    backend: str


@contextlib.contextmanager
def module_tables(request, tmp_path_factory, tables: Mapping[str, pd.DataFrame]) -> Iterator[str]:
    """The URL of a database of `tables` in the system a module-scoped parametrized fixture's
    `request.param` names: an SQLite file of its own ("sqlite"), or a PostgreSQL database named after
    the test module, dropped as the block ends ("postgresql")."""
    module = request.module.__name__.rsplit('.', 1)[-1]
    if request.param == "sqlite":
        yield write_sqlite(tmp_path_factory.mktemp(module) / "tables.db", tables)
        return
    with database(request.getfixturevalue("postgres_url"), f"svgplots_source_{module}", *postgres_tables(tables)) as url:
        yield url


@pytest.fixture(scope="module", params=["sqlite", "postgresql"])
def source_db(request, tmp_path_factory) -> Iterator[SourceDb]:
    """The tests' tables in an SQLite file, then in a PostgreSQL database (read only by the tests)."""
    with module_tables(request, tmp_path_factory, {name: make() for name, make in TABLES.items()}) as url:
        yield SourceDb(url, request.param)


@pytest.fixture
def source_client(closing):
    """`source_client(tmp_path, url, tables, datasets=None, files=None)`: a test client of the site
    over the source "db" at `url`, each of `tables` a dataset of its name (and `datasets` besides),
    and `files` (name → text) in the data folder; its connections are closed when the test ends."""

    def make(tmp_path: Path, url: str, tables: list[str], datasets: dict | None = None,
             files: dict[str, str] | None = None):
        sources = sources_toml(tmp_path / "sources.toml", {"db": {"url": url}},
                               {**{name: {"source": "db", "table": name} for name in tables}, **(datasets or {})})
        data = tmp_path / "data"
        data.mkdir(exist_ok=True)
        for name, text in (files or {}).items():
            (data / name).write_text(text, encoding="utf-8")
        return closing(app_on_samples({"TESTING": True, "DATA_DIR": str(data), "SOURCES": str(sources),
                                   "RENDER_WORKERS": 0})).test_client()

    return make


@pytest.fixture
def app_over(tmp_path: Path, closing):
    """Make the app over `sources` and `datasets` (dashboards in `boards`), closed when the test ends."""

    def make(sources: dict, datasets: dict, boards: Path | None = None, **settings):
        path = sources_toml(tmp_path / "sources.toml", sources, datasets)
        data = tmp_path / "data"
        data.mkdir(exist_ok=True)
        extra = {"DASHBOARD_DIRS": [str(boards)]} if boards else {}
        return closing(create_app({"TESTING": True, "DATA_DIR": str(data), "SOURCES": str(path),
                                   "RENDER_WORKERS": 0, **extra, **settings}))

    return make


def slow_query(backend: str) -> str:
    """A query that takes seconds on `backend` ("sqlite" or "postgresql"), giving columns x and y."""
    if backend == "postgresql":
        return "SELECT s.i AS x, s.i AS y FROM generate_series(1, 10) AS s(i), pg_sleep(3)"
    return ("WITH RECURSIVE c(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM c LIMIT 200000000) "
            "SELECT i AS x, i AS y FROM c")


def sources_toml(path: Path, sources: Mapping[str, Mapping], datasets: Mapping[str, Mapping]) -> Path:
    """Write a sources file of `sources` and `datasets` (their settings as TOML values)."""

    def value(v) -> str:
        if isinstance(v, str):
            return '"' + v.replace("\\", "\\\\").replace('"', '\\"') + '"'
        if isinstance(v, list):
            return "[" + ", ".join(value(i) for i in v) + "]"
        return str(v).lower() if isinstance(v, bool) else str(v)

    lines = []
    for kind, entries in (("sources", sources), ("datasets", datasets)):
        for name, settings in entries.items():
            lines.append(f"[{kind}.{name}]")
            lines += [f"{key} = {value(v)}" for key, v in settings.items()]
            lines.append("")
    path.write_text("\n".join(lines), encoding="utf-8")
    return path


def refused_twice_without_retry_after(client, url: str, said: str) -> str:
    """`url` is a 503 saying `said` without Retry-After both as the source is found so and as it is held
    down (no wait mends it); the words, which the caller may look into further."""
    for attempt in range(2):  # found, then held down
        response = client.get(url)
        assert response.status_code == 503, (attempt, response.data[:300])
        assert "Retry-After" not in response.headers, attempt
        assert response.json["error"] == said, attempt
    return said


def held_missing_source(tmp_path: Path, caplog) -> tuple[SourceStore, Path]:
    """A store whose dataset `orders` reads the SQLite file `later.db` (in `tmp_path`) of the source `later`,
    which is not there: read once, held down for it, its log line taken (INFO and up), and tried again at
    once whenever its hold is ended. The store, and the file's path, to put something else there."""
    path = tmp_path / "later.db"
    config = load_sources(sources_toml(tmp_path / "sources.toml", {"later": {"url": f"sqlite:///{path}"}},
                                       {"orders": {"source": "later", "table": "orders"}}))
    store = SourceStore(config, timeout=2, down_for=600)
    caplog.set_level(logging.INFO)
    with pytest.raises(SourceUnavailable, match="is not there"):
        store.info("orders")
    store.held.seconds = 0
    return store, path


def tried_again_twice(store: SourceStore, caplog, said: str) -> list[str]:
    """The source `later` of `held_missing_source` tried again twice as its hold ends, its 503 saying `said`
    (a regular expression) each time; the lines its connections logged, from the first."""
    for _ in range(2):
        store.held.hold(("source", "later"))  # its time is up
        with pytest.raises(SourceUnavailable, match=said):
            store.info("orders")
        store.held.wait(5)
    return [record.getMessage() for record in caplog.records if record.name == "app.store.source_connections"]


# The paths one table's rows may reach the site by, the data folder's first (the rows as a file holds them).
PATHS = ("data folder", "sqlite store", "postgresql store", "sqlite source", "postgresql source")
# A stored dataset past the pushdown row threshold (0 rows here), charted by the database that keeps
# it, beside the paths above, whose stores chart it from its frame unless `pushdown_above_rows` says otherwise.
BIG_STORES = ("sqlite big store", "postgresql big store")


@contextlib.contextmanager
def path_clients(postgres_url: str, folder: Path, frame: pd.DataFrame, text: str, paths: tuple[str, ...] = PATHS,
                 settings: Mapping | None = None, pushdown_above_rows: int | None = None) -> Iterator[dict]:
    """A test client of each path's site (no samples, no dashboards), its dataset `t` holding `frame`'s
    rows (`text`, its CSV): uploaded to the SQLite or PostgreSQL store (charted by the database past
    `pushdown_above_rows` where given; a big store's, `BIG_STORES`, past 0 rows), a CSV file in the data
    folder, or table `t` of an SQLite or a PostgreSQL source; the databases it makes (those `paths` name
    alone) are dropped as it ends."""
    from tests.conftest import CSV_WRITE, WRITE_TOKEN
    (folder / "no_samples").mkdir()
    made = {}
    with contextlib.ExitStack() as stack:
        tag = folder.name
        stores = {"postgresql store": "store", "postgresql big store": "big_store"}
        store_urls = {path: stack.enter_context(database(postgres_url, f"svgplots_{tag}_{name}"))
                      for path, name in stores.items() if path in paths}
        source_url = (stack.enter_context(database(postgres_url, f"svgplots_{tag}_source", *postgres_tables({"t": frame})))
                      if "postgresql source" in paths else None)
        sqlite_url = write_sqlite(folder / "source.db", {"t": frame}) if "sqlite source" in paths else None
        for path in paths:
            data = folder / path.replace(" ", "_")
            data.mkdir()
            app_settings = {"TESTING": True, "DATA_DIR": str(data), "RENDER_WORKERS": 0, "WRITE_TOKENS": WRITE_TOKEN,
                            "SAMPLE_DATA_DIR": str(folder / "no_samples"), "DASHBOARD_DIRS": [], **(settings or {})}
            if path in store_urls:
                app_settings["DATABASE_URL"] = store_urls[path]
            elif path == "data folder":
                (data / "t.csv").write_text(text, encoding="utf-8")
            elif path.endswith("source"):
                url = sqlite_url if path == "sqlite source" else source_url
                app_settings["SOURCES"] = str(sources_toml(data / "sources.toml", {"db": {"url": url}},
                                                           {"t": {"source": "db", "table": "t"}}))
            app = create_app(app_settings)
            stack.callback(app.extensions["svgplots"].store.close)  # before its database is dropped
            made[path] = app.test_client()
            if path.endswith("store"):
                answer = made[path].post("/api/datasets?name=t", data=text, headers=CSV_WRITE)
                assert answer.status_code == 201, answer.get_data(as_text=True)
                if path in BIG_STORES:
                    app.extensions["svgplots"].store.database.pushdown_above_rows = 0
                elif pushdown_above_rows is not None:
                    app.extensions["svgplots"].store.database.pushdown_above_rows = pushdown_above_rows
        yield made


def csv_of(answer) -> pd.DataFrame:
    """A chart's `.csv` answer (a 200) as a frame."""
    assert answer.status_code == 200, answer.get_data(as_text=True)
    return pd.read_csv(io.BytesIO(answer.data))


def y_title(answer) -> str:
    """The value axis title of a chart drawn with `text=font`, its lines joined by a space."""
    assert answer.status_code == 200, answer.get_data(as_text=True)
    return " ".join(re.findall(r'<text [^>]*rotate\(-90[ )][^>]*>([^<]*)</text>', answer.get_data(as_text=True)))
