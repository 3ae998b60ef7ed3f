"""PostgreSQL for the tests: a throwaway server, a fresh empty database per test, URLs of both backends.

`SVGPLOTS_TEST_DATABASE_URL` (a server URL such as postgresql+psycopg://user:pw@host:5432/postgres,
whose user may create databases) is used when set; otherwise a server is started from Debian's
PostgreSQL binaries in a temporary folder on a free port of 127.0.0.1 and stopped at the end.
"""
from __future__ import annotations

import contextlib
import gc
import glob
import itertools
import os
import shutil
import sqlite3
import subprocess
import tempfile
import traceback
import warnings
import weakref
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path

import psycopg
import pytest
from sqlalchemy import event
from sqlalchemy.engine import make_url
from sqlalchemy.pool import Pool

from tests.conftest import ROOT, free_port

ENV_URL = "SVGPLOTS_TEST_DATABASE_URL"


def postgres_bin() -> Path:
    """The folder of PostgreSQL's server programs (initdb, pg_ctl), newest version first."""
    found = sorted(glob.glob("/usr/lib/postgresql/*/bin/initdb"), key=lambda p: int(Path(p).parts[-3]))
    if not found:
        raise RuntimeError("PostgreSQL is not installed: apt-get install postgresql (tests/run.sh does)")
    return Path(found[-1]).parent


class ThrowawayPostgres:
    """A PostgreSQL server in a temporary folder, on a free port of 127.0.0.1, trusting local users.

    `durable=False` turns off fsync for speed: the tests never pull the plug on it.
    """

    def __init__(self, durable: bool = False):
        self.bin = postgres_bin()
        self.port = free_port()
        self.folder = Path(tempfile.mkdtemp(prefix="svgplots-pg-"))
        self.data = self.folder / "data"
        self.durable = durable
        self._as_root = os.geteuid() == 0
        if self._as_root:
            # PostgreSQL refuses to run as root: the folder belongs to the postgres user.
            shutil.chown(self.folder, "postgres", "postgres")
        self._run("initdb", "-D", str(self.data), "-U", "postgres", "-A", "trust", "--no-sync", "-E", "UTF8")

    @property
    def url(self) -> str:
        """The server's URL for SQLAlchemy, on the `postgres` database."""
        return f"postgresql+psycopg://postgres@127.0.0.1:{self.port}/postgres"

    def _run(self, program: str, *args: str) -> None:
        command = [str(self.bin / program), *args]
        if self._as_root:
            command = ["runuser", "-u", "postgres", "--", *command]
        done = subprocess.run(command, capture_output=True, text=True, timeout=120)
        if done.returncode != 0:
            raise RuntimeError(f"{program} failed ({done.returncode}): {done.stdout[-2000:]}{done.stderr[-2000:]}")

    def start(self) -> None:
        """Start the server and wait until it accepts connections."""
        options = [f"-p {self.port}", f"-k {self.folder}", "-c listen_addresses=127.0.0.1", "-c max_connections=200"]
        if not self.durable:
            options += ["-c fsync=off", "-c synchronous_commit=off", "-c full_page_writes=off"]
        self._run("pg_ctl", "-D", str(self.data), "-o", " ".join(options), "-l", str(self.folder / "server.log"),
                  "-w", "start")

    def stop(self) -> None:
        """Stop the server (fast shutdown: open connections are ended)."""
        self._run("pg_ctl", "-D", str(self.data), "-m", "fast", "-w", "stop")

    def remove(self) -> None:
        """Stop the server if it runs and delete its folder."""
        try:
            self.stop()
        except RuntimeError:
            pass
        shutil.rmtree(self.folder, ignore_errors=True)


@contextmanager
def postgres_server(given_url: str | None = None, durable: bool = True) -> Iterator[str]:
    """The URL of a server to make databases on: `given_url`, or a throwaway server started here
    and removed when the block ends (for benchmarks, which measure with fsync on by default)."""
    if given_url:
        yield given_url
        return
    server = ThrowawayPostgres(durable=durable)
    try:
        server.start()
        yield server.url
    finally:
        server.remove()


def libpq_url(url: str) -> str:
    """A SQLAlchemy URL as psycopg takes it (no +driver part), password included."""
    return make_url(url).set(drivername="postgresql").render_as_string(hide_password=False)


def create_database(server_url: str, name: str) -> str:
    """Create an empty database on the server and return its URL."""
    with psycopg.connect(libpq_url(server_url), autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{name}"')
    return make_url(server_url).set(database=name).render_as_string(hide_password=False)


def drop_database(server_url: str, name: str) -> None:
    """Drop a database, ending any connection still open to it."""
    with psycopg.connect(libpq_url(server_url), autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@contextmanager
def read_only_database(given_url: str | None, name: str) -> Iterator[str]:
    """The URL of a database `name` made afresh on the server of `given_url` or on a throwaway one,
    dropped when done: a benchmark's, whose data is made once and only read after (a throwaway
    server needs no fsync for it)."""
    with postgres_server(given_url, durable=False) as server_url:
        drop_database(server_url, name)
        try:
            yield create_database(server_url, name)
        finally:
            drop_database(server_url, name)


# A statement of SQL, or one with the rows it takes: `(INSERT … VALUES (%s, …), rows)` or
# `(COPY … FROM STDIN, rows)`.
Statement = str | tuple[str, Iterable[Sequence]]


def set_up(url: str, *statements: Statement) -> None:
    """Run SQL `statements` on the database of `url`, in one transaction.

    A pair (SQL, rows) inserts the rows: a `COPY … FROM STDIN` is sent them through COPY (fast for
    many rows), any other statement is run once a row (executemany).
    """
    with psycopg.connect(libpq_url(url)) as conn:
        for statement in statements:
            if isinstance(statement, str):
                conn.execute(statement)
                continue
            sql, rows = statement
            if sql.lstrip().upper().startswith("COPY"):
                with conn.cursor().copy(sql) as copy:
                    for row in rows:
                        copy.write_row(row)
            else:
                conn.cursor().executemany(sql, rows)


@contextmanager
def database(server_url: str, name: str, *statements: Statement) -> Iterator[str]:
    """The URL of a new database on the server, set up by `statements` (see `set_up`); dropped when done."""
    url = create_database(server_url, name)
    try:
        set_up(url, *statements)
        yield url
    finally:
        drop_database(server_url, name)


def sites_on_each_backend(request, tmp_path_factory, name: str, make_sites) -> Iterator[tuple]:
    """For a module-scoped fixture parametrised by "sqlite" and "postgresql": the sites
    `make_sites(data_dir, store_url)` makes over one new database of that backend (an SQLite file,
    or a database `name` on the run's server), their stores closed at the end."""
    folder = tmp_path_factory.mktemp(name)
    (folder / "data").mkdir()
    with contextlib.ExitStack() as stack:
        if request.param == "sqlite":
            url = f"sqlite:///{folder / 'store.sqlite'}"
        else:
            url = stack.enter_context(database(request.getfixturevalue("postgres_url"), f"svgplots_test_{name}"))
        sites = make_sites(folder / "data", url)
        try:
            yield sites
        finally:
            for site in sites:
                site.extensions["svgplots"].store.close()


@pytest.fixture(scope="session")
def postgres_url() -> Iterator[str]:
    """A PostgreSQL server for the whole run: $SVGPLOTS_TEST_DATABASE_URL, or a throwaway one."""
    with postgres_server(os.environ.get(ENV_URL), durable=False) as url:
        yield url


_numbers = itertools.count(1)


@pytest.fixture
def postgres_database_url(postgres_url: str) -> Iterator[str]:
    """A new empty database for one test, dropped at its end: tests never share state."""
    name = f"svgplots_test_{os.getpid()}_{next(_numbers)}"
    url = create_database(postgres_url, name)
    try:
        yield url
    finally:
        drop_database(postgres_url, name)


@pytest.fixture(params=["sqlite", "postgresql"])
def store_url(request, tmp_path: Path) -> str:
    """A fresh, empty database URL of each backend: an SQLite file, or a new PostgreSQL database."""
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path / 'store.sqlite'}"
    return request.getfixturevalue("postgres_database_url")


# A PostgreSQL connection left open (an engine nobody disposed) is closed by the garbage collector
# whenever it next runs, and psycopg's ResourceWarning then lands in whichever test runs at that
# moment, failing one that asks for no warnings. So every pooled connection is watched from its
# opening: collected while still open, it is closed before psycopg can warn, and the test module
# that opened it fails when it ends, saying where. (Here, not in conftest.py, which is imported
# twice, as `conftest` and as `tests.conftest`: the watch must be kept once.)
_collected_open: list[str] = []  # where each connection collected while open was opened
_opening_module = ["(no test module)"]


def _connection_collected(pgconn, opened: str, pid: int) -> None:
    # A forked child lets go of its parent's connections without closing them (they are the parent's).
    if pid == os.getpid() and pgconn.status == psycopg.pq.ConnStatus.OK:
        pgconn.finish()
        _collected_open.append(opened)


@event.listens_for(Pool, "connect")
def _watch_connection(dbapi_connection, connection_record) -> None:
    if not isinstance(dbapi_connection, psycopg.Connection):
        return
    frames = [frame for frame in traceback.extract_stack()[:-1]
              if frame.filename.startswith(str(ROOT)) and "site-packages" not in frame.filename]
    in_tests = [frame for frame in frames if frame.filename.startswith(str(ROOT / "tests"))][-3:]
    shown = in_tests + [frame for frame in frames[-2:] if frame not in in_tests]
    opened = f"opened in {_opening_module[0]} at:\n" + "".join(traceback.format_list(shown))
    weakref.finalize(dbapi_connection, _connection_collected, dbapi_connection.pgconn, opened,
                     os.getpid()).atexit = False


@pytest.fixture(scope="module", autouse=True)
def no_connection_left_open(request) -> Iterator[None]:
    """Fail a test module that leaves PostgreSQL connections for the garbage collector to close."""
    _opening_module[0] = request.node.nodeid
    yield
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always", ResourceWarning)
        gc.collect()
    left = list(_collected_open)
    _collected_open.clear()
    for found in caught:
        if issubclass(found.category, ResourceWarning) and "psycopg" in str(found.message):
            left.append(str(found.message))  # psycopg.connect outside an engine
        else:
            warnings.warn_explicit(found.message, found.category, found.filename, found.lineno, source=found.source)
    if left:
        pytest.fail(f"{request.node.nodeid} left {len(left)} PostgreSQL connection(s) open for the garbage "
                    "collector to close: close what opened them (the `closing` fixture closes an app or a "
                    "store when the test ends; an engine: dispose()).\n" + "\n".join(left),
                    pytrace=False)


@contextmanager
def write_lock_held(url: str, dataset: str) -> Iterator[None]:
    """Another connection holding what an append to `dataset` waits for: SQLite's write lock, or
    the dataset's catalog row on PostgreSQL."""
    if make_url(url).get_backend_name() == "sqlite":
        holder = sqlite3.connect(make_url(url).database, isolation_level=None)
        holder.execute("BEGIN IMMEDIATE")
    else:
        holder = psycopg.connect(libpq_url(url))
        holder.execute("SELECT id FROM datasets WHERE name = %s FOR UPDATE", (dataset,))
    try:
        yield
    finally:
        holder.rollback()
        holder.close()
