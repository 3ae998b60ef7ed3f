"""A PostgreSQL store whose server hangs (its processes stopped, SIGSTOP): each request that needs it
answers 503 within STORE_ANSWER_TIMEOUT, saying the database did not answer in time; a write cut so
stores nothing; and the site answers again once the server goes on. A start whose server hangs ends
in one line saying so, and keeps nothing."""
from __future__ import annotations

import contextlib
import os
import signal
import tempfile
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import psycopg
import pytest
from sqlalchemy import Engine, event

from app import create_app, create_app_or_exit
from tests.conftest import JSON_WRITE, WRITE_TOKEN
from tests.postgres import ThrowawayPostgres, database, libpq_url
from tests.statements import once_before, statements_run

# The longest the server is left stopped: a site that waited for it without limit answers then.
MOST_STOPPED_SECONDS = 15
ROW = {"year": 2030, "Bear": 1, "Deer": 2, "Wolf": 3}
START = "error: the dataset database (--data-dir, --database-url or SVGPLOTS_DATABASE_URL) cannot be opened: "


@pytest.fixture(scope="module")
def server() -> Iterator[ThrowawayPostgres]:
    """A server of this module's own: stopping it stops no other test's."""
    made = ThrowawayPostgres()
    try:
        made.start()
        yield made
    finally:
        made.remove()


@pytest.fixture
def site(server, data_dir, closing):
    """A site on the server, given 1 s for its database's answers (and 2 s, libpq's least, to connect)."""
    return closing(create_app({"TESTING": True, "DATA_DIR": str(data_dir), "DATABASE_URL": server.url,
                               "RENDER_WORKERS": 0, "WRITE_TOKENS": WRITE_TOKEN, "STORE_ANSWER_TIMEOUT": 1,
                               "STORE_BUSY_TIMEOUT": 2}))


def refused_start(url: str, answer_seconds: float = 1) -> str:
    """The one line a start on the database of `url`, given `answer_seconds` for its answers and 2 s to
    connect, ends with."""
    with tempfile.TemporaryDirectory() as data_dir, pytest.raises(SystemExit) as exited:
        create_app_or_exit({"TESTING": True, "DATA_DIR": data_dir, "DATABASE_URL": url, "RENDER_WORKERS": 0,
                            "STORE_ANSWER_TIMEOUT": answer_seconds, "STORE_BUSY_TIMEOUT": 2})
    assert "\n" not in exited.value.code
    return exited.value.code


def children(pid: int) -> list[int]:
    """The processes whose parent is `pid`."""
    found = []
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rpartition(")")[2].split()
        except OSError:
            continue  # ended meanwhile
        if int(fields[1]) == pid:
            found.append(int(stat.parent.name))
    return found


class Stopped:
    """The server's processes stopped (SIGSTOP): the postmaster first, so that it forks no other
    meanwhile, then its children; resumed (SIGCONT) by `resume`, and after MOST_STOPPED_SECONDS
    whatever the test does."""

    def __init__(self, server: ThrowawayPostgres):
        self.postmaster = int((server.data / "postmaster.pid").read_text().split()[0])
        self.pids: list[int] = []
        self._timer = threading.Timer(MOST_STOPPED_SECONDS, self.resume)

    def stop(self) -> None:
        self._timer.start()
        self.pids = [self.postmaster]  # noted first, so that whatever stops resumes
        os.kill(self.postmaster, signal.SIGSTOP)
        for pid in children(self.postmaster):
            self.pids.append(pid)
            with contextlib.suppress(ProcessLookupError):  # ended meanwhile
                os.kill(pid, signal.SIGSTOP)

    def resume(self) -> None:
        self._timer.cancel()
        for pid in self.pids:
            with contextlib.suppress(ProcessLookupError):
                os.kill(pid, signal.SIGCONT)


@contextlib.contextmanager
def stopped_server(server: ThrowawayPostgres, now: bool = True) -> Iterator[Stopped]:
    """A `Stopped` of the server (stopped at once where `now`, else by the test), always resumed at the end."""
    stopped = Stopped(server)
    try:
        if now:
            stopped.stop()
        yield stopped
    finally:
        stopped.resume()


def timed(ask):
    """`ask()`'s answer and the seconds it took."""
    began = time.monotonic()
    answer = ask()
    return answer, time.monotonic() - began


def test_a_read_of_a_database_that_hangs_is_a_503_within_the_answer_timeout(site, server):
    client = site.test_client()
    assert client.get("/api/datasets/animals").status_code == 200  # a connection left in the pool
    with stopped_server(server):
        # Rows this site never read, which it cannot answer from what it keeps: 1 s for the pooled
        # connection's check, and 2 s, libpq's least, for a new connection that the read, asked
        # again, gives up opening.
        response, seconds = timed(lambda: client.get("/datasets/weather.json"))
        assert response.status_code == 503, response.data[:300]
        assert seconds < 5
        assert response.headers["Retry-After"]
        assert response.get_json()["error"] == ("the dataset database did not answer within 1 second; "
                                                "try again in a moment")
    assert client.get("/datasets/weather.json").status_code == 200


def questions_asked() -> list[threading.Thread]:
    return [thread for thread in threading.enumerate() if thread.name == "healthz"]


def test_a_health_check_of_a_database_that_hangs_holds_its_thread_no_longer_than_the_answer_timeout(site, server):
    client = site.test_client()
    assert client.get("/healthz").status_code == 200  # a connection left in the pool
    with stopped_server(server):
        assert client.get("/healthz").status_code == 503  # in its own 2 s
        for thread in questions_asked():
            thread.join(timeout=3)
        assert questions_asked() == []
    assert client.get("/healthz").status_code == 200


def rows_of(client) -> list:
    return client.get("/datasets/animals.json").get_json()["rows"]


def test_a_write_cut_at_the_answer_timeout_stores_nothing(site, server):
    client = site.test_client()
    before = rows_of(client)
    with stopped_server(server, now=False) as stopped:
        # After its rows were sent, as it writes the dataset's new version: a write half done.
        with statements_run(once_before(r"^UPDATE datasets\b", stopped.stop)):
            response, seconds = timed(lambda: client.post("/api/datasets/animals/rows", json=[ROW],
                                                          headers=JSON_WRITE))
        assert response.status_code == 503, response.data[:300]
        assert seconds < 6
        assert response.get_json()["error"] == ("the dataset database did not answer within 1 second; nothing was "
                                                "stored by this request; send it again in a moment")
    assert rows_of(client) == before  # the server, gone on, rolled the write back
    assert client.post("/api/datasets/animals/rows", json=[ROW], headers=JSON_WRITE).status_code == 200
    assert rows_of(client) == [*before, [2030, 1, 2, 3]]


def test_a_write_cut_as_it_commits_says_it_may_have_been_stored(site, server):
    client = site.test_client()
    before = rows_of(client)
    with stopped_server(server, now=False) as stopped:
        def commit(conn) -> None:
            if stopped.pids == [] and conn.get_execution_options().get("isolation_level") == "READ COMMITTED":
                stopped.stop()

        event.listen(Engine, "commit", commit)
        try:
            response = client.post("/api/datasets/animals/rows", json=[ROW], headers=JSON_WRITE)
        finally:
            event.remove(Engine, "commit", commit)
        assert response.status_code == 503, response.data[:300]
        assert response.get_json()["error"] == (
            "the dataset database did not answer within 1 second as it was committing this request's changes: "
            "they may have been stored or not; look at the dataset before sending the request again (an append "
            "sent again with the same Idempotency-Key is stored once)")
    assert rows_of(client) == [*before, [2030, 1, 2, 3]]  # its COMMIT was sent: the server, gone on, committed


def test_a_start_whose_server_hangs_as_it_migrates_ends_in_one_line_naming_the_server_and_keeps_nothing(server):
    # The start waited without limit: its migrations were watched by no deadline.
    with database(server.url, "svgplots_hung_start") as url, stopped_server(server, now=False) as stopped:
        with statements_run(once_before(r"^INSERT INTO schema_migrations\b", stopped.stop)):
            said, seconds = timed(lambda: refused_start(url))
        stopped.resume()
        assert said == (f"{START}its server at 127.0.0.1:{server.port} did not answer within 1 second "
                        "(STORE_ANSWER_TIMEOUT); see that it runs, not stopped or paused, or correct the URL, then run "
                        "this again")
        assert seconds < 4
        with psycopg.connect(libpq_url(url)) as conn:  # the server, gone on, rolled the migration back
            assert conn.execute("SELECT count(*) FROM pg_tables WHERE schemaname = 'public'").fetchone() == (0,)


def test_a_start_whose_server_hangs_before_it_connects_names_the_server_and_the_connect_timeout(server):
    # The connect timeout, 2 s, runs out before the answer timeout, 3 s.
    with database(server.url, "svgplots_unanswered_start") as url, stopped_server(server):
        said, seconds = timed(lambda: refused_start(url, answer_seconds=3))
    assert said == (f"{START}its server at 127.0.0.1:{server.port} did not answer within 2 seconds (connect_timeout); "
                    "see that it runs, not stopped or paused, or correct the URL, then run this again")
    assert seconds < 5


def test_a_start_whose_server_hangs_as_it_loads_the_samples_names_the_server_too(server):
    with database(server.url, "svgplots_hung_samples") as url, stopped_server(server, now=False) as stopped:
        with statements_run(once_before(r"^INSERT INTO datasets\b", stopped.stop)):
            said, seconds = timed(lambda: refused_start(url))
    assert said == (f"{START}its server at 127.0.0.1:{server.port} did not answer within 1 second "
                    "(STORE_ANSWER_TIMEOUT); see that it runs, not stopped or paused, or correct the URL, then run "
                    "this again")
    assert seconds < 4
