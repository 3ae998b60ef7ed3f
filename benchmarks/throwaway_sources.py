"""What the benchmarks of source datasets share: a throwaway database holding their table on SQLite or
PostgreSQL, a sources file naming its tables as datasets, and their common command-line arguments.

A benchmark gives two functions that fill the database, one writing an SQLite file and giving its URL,
one filling the PostgreSQL database of a URL; `database_url` makes the one its backend asks for and
removes it when done.
"""
from __future__ import annotations

import argparse
import contextlib
import tempfile
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path

from tests.postgres import read_only_database


def add_arguments(parser: argparse.ArgumentParser, rows: int = 1_000_000) -> None:
    """The arguments every such benchmark takes: its rows, rounds, backends and PostgreSQL server."""
    parser.add_argument("--rows", type=int, default=rows)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--backends", default="sqlite,postgresql")
    parser.add_argument("--postgres-url", help="a server to make the benchmark's database on (default: a throwaway one)")


@contextlib.contextmanager
def database_url(backend: str, given_url: str | None, database: str, sqlite_file: str,
                 fill_sqlite: Callable[[Path], str], fill_postgres: Callable[[str], None]) -> Iterator[str]:
    """The URL of a database `fill_sqlite` (given the file's path, giving its URL) or `fill_postgres`
    (given the URL of a new database named `database` on `given_url`'s server, or on a throwaway one)
    filled, removed when done."""
    if backend == "sqlite":
        with tempfile.TemporaryDirectory() as folder:
            yield fill_sqlite(Path(folder) / sqlite_file)
        return
    with read_only_database(given_url, database) as url:
        fill_postgres(url)
        yield url


def sources_file(folder: Path, url: str, tables: Iterable[str]) -> Path:
    """A sources.toml in `folder` whose source `bench` is the database at `url` and whose datasets are
    its `tables`, each under its own name."""
    path = folder / "sources.toml"
    datasets = "".join(f'\n[datasets.{table}]\nsource = "bench"\ntable = "{table}"\n' for table in tables)
    path.write_text(f'[sources.bench]\nurl = "{url}"\n{datasets}', encoding="utf-8")
    return path
