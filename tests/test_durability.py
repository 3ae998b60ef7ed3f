"""Real servers on one store: kill -9 mid-append, writers and readers at once, two processes.

Each server is `python run.py` on 127.0.0.1 and a free port, in its own session so that it and its
render workers stop together. Every test runs on both backends: the default SQLite file in the
data folder, and a fresh PostgreSQL database (SVGPLOTS_DATABASE_URL). Every loop here runs for a
bounded time.
"""
from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
import sys
import threading
import time
from collections import Counter
from pathlib import Path

import pytest
import requests

from tests.conftest import ROOT, free_port

TOKEN = "durability-token-0123456789"
BATCH = 200
# Batches each writer stores in the test of writers and readers at once.
BATCHES_EACH = 10


class Server:
    """`python run.py --data-dir DIR` on a free port, its output in a log file; on `database_url`
    when given, else on the SQLite file in DIR."""

    def __init__(self, data_dir: Path, log: Path, token: str | None = TOKEN, database_url: str | None = None):
        self.port = free_port()
        self.base = f"http://127.0.0.1:{self.port}"
        self.log = log
        env = {key: value for key, value in os.environ.items()
               if key not in ("SVGPLOTS_WRITE_TOKENS", "SVGPLOTS_DATABASE_URL")}
        if token:
            env["SVGPLOTS_WRITE_TOKENS"] = token
        if database_url:
            env["SVGPLOTS_DATABASE_URL"] = database_url
        with log.open("w") as out:
            self.process = subprocess.Popen(
                [sys.executable, "run.py", "--port", str(self.port), "--data-dir", str(data_dir)],
                cwd=ROOT, env=env, stdout=out, stderr=subprocess.STDOUT, start_new_session=True)

    def wait_until_up(self, seconds: float = 30) -> None:
        deadline = time.monotonic() + seconds
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise AssertionError(f"server exited with {self.process.returncode}: {self.log.read_text()[-2000:]}")
            try:
                requests.get(self.base + "/api/datasets", timeout=2)
                return
            except requests.ConnectionError:
                time.sleep(0.1)
        raise AssertionError(f"server did not answer within {seconds} s")

    def printed_token(self) -> str:
        lines = [line for line in self.log.read_text().splitlines() if line.startswith("Write token: ")]
        assert len(lines) == 1, self.log.read_text()
        return lines[0].removeprefix("Write token: ")

    def kill_9(self) -> None:
        os.killpg(self.process.pid, signal.SIGKILL)
        self.process.wait(timeout=10)

    def stop(self) -> None:
        if self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGTERM)
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.kill_9()


@pytest.fixture(params=["sqlite", "postgresql"])
def database_url(request) -> str | None:
    """None: the default SQLite file in the data folder; else a fresh PostgreSQL database."""
    return None if request.param == "sqlite" else request.getfixturevalue("postgres_database_url")


@pytest.fixture
def servers(tmp_path, database_url):
    """Start `count` servers at once on one data folder and database; every one is stopped at the
    end of the test."""
    started: list[Server] = []

    def start(data_dir: Path, count: int = 1, token: str | None = TOKEN) -> list[Server]:
        new = [Server(data_dir, tmp_path / f"server-{len(started) + i}.log", token, database_url)
               for i in range(count)]
        started.extend(new)
        for server in new:
            server.wait_until_up()
        return new

    yield start
    for server in started:
        server.stop()


def create(server: Server, name: str, csv_text: str, token: str = TOKEN) -> None:
    response = requests.post(f"{server.base}/api/datasets", params={"name": name}, data=csv_text.encode(),
                             headers={"Authorization": f"Bearer {token}", "Content-Type": "text/csv"}, timeout=10)
    assert response.status_code == 201, response.text


def rows_of(server: Server, name: str) -> list[list]:
    response = requests.get(f"{server.base}/datasets/{name}.json", timeout=10)
    assert response.status_code == 200, response.text
    return response.json()["rows"]


def append_until_killed(server: Server, token: str, writer: int, acknowledged: set, refused: list) -> None:
    """Append batches of BATCH rows to `log` through `server` until it stops answering; note each
    acknowledged (writer, batch) and every answer that is neither a 200 nor a 503."""
    for batch in range(1, 10_000):
        rows = [{"writer": writer, "batch": batch, "seq": seq, "value": seq / 2} for seq in range(BATCH)]
        try:
            response = requests.post(f"{server.base}/api/datasets/log/rows", json=rows, timeout=10,
                                     headers={"Authorization": f"Bearer {token}"})
        except requests.RequestException:
            return
        if response.status_code == 200:
            acknowledged.add((writer, batch))
        elif response.status_code != 503:
            refused.append(f"append {response.status_code}: {response.text[:200]}")


def test_kill_9_during_appends_loses_no_acknowledged_row_and_leaves_no_half_batch(servers, tmp_path, database_url):
    data_dir = tmp_path / "data"
    data_dir.mkdir()
    (server,) = servers(data_dir, token=None)
    token = server.printed_token()
    create(server, "log", "writer,batch,seq,value\n-1,0,0,0.5\n", token)
    acknowledged: set[tuple[int, int]] = set()
    refused: list[str] = []

    writers = [threading.Thread(target=append_until_killed, args=(server, token, w, acknowledged, refused))
               for w in range(2)]
    for thread in writers:
        thread.start()
    # Kill once a dozen batches are acknowledged, however long that takes on a busy machine (the
    # bound only stops a hung server from hanging the suite).
    deadline = time.monotonic() + 120
    while len(acknowledged) < 12 and time.monotonic() < deadline and any(t.is_alive() for t in writers):
        time.sleep(0.01)
    server.kill_9()
    for thread in writers:
        thread.join(timeout=15)
    assert not refused and len(acknowledged) >= 12

    if database_url is None:
        assert sqlite3.connect(data_dir / "svgplots.sqlite").execute("PRAGMA integrity_check").fetchone() == ("ok",)
    (restarted,) = servers(data_dir)
    rows = rows_of(restarted, "log")[1:]
    batches = Counter((writer, batch) for writer, batch, _, _ in rows)
    assert acknowledged <= set(batches), "an acknowledged batch is missing after the restart"
    assert set(batches.values()) == {BATCH}, "a batch was half-written"
    assert len(rows) == len(set((w, b, s) for w, b, s, _ in rows))


def test_kill_9_of_one_instance_mid_appends_loses_nothing_and_the_other_serves_throughout(servers, tmp_path):
    data_dir = tmp_path / "data"
    data_dir.mkdir()
    doomed, survivor = servers(data_dir, count=2)
    create(doomed, "log", "writer,batch,seq,value\n-1,0,0,0.5\n")
    acknowledged: set[tuple[int, int]] = set()
    failures: list[str] = []
    killed = threading.Event()

    def read_from_the_survivor() -> None:
        # Reads go on through the kill and for a few requests after it.
        after_kill = 0
        while after_kill < 5:
            try:
                response = requests.get(f"{survivor.base}/api/datasets/log", timeout=30)
            except requests.RequestException as error:
                failures.append(f"survivor did not answer: {error}")
                return
            if response.status_code != 200:
                failures.append(f"survivor {response.status_code}: {response.text[:200]}")
            after_kill += killed.is_set()

    writers = [threading.Thread(target=append_until_killed, args=(doomed, TOKEN, w, acknowledged, failures))
               for w in range(3)]
    reader = threading.Thread(target=read_from_the_survivor)
    for thread in writers + [reader]:
        thread.start()
    deadline = time.monotonic() + 120
    while len(acknowledged) < 12 and time.monotonic() < deadline and any(t.is_alive() for t in writers):
        time.sleep(0.01)
    doomed.kill_9()
    killed.set()
    for thread in writers + [reader]:
        thread.join(timeout=60)
    assert not failures, failures[:5]
    assert len(acknowledged) >= 12
    rows = rows_of(survivor, "log")[1:]
    batches = Counter((writer, batch) for writer, batch, _, _ in rows)
    assert acknowledged <= set(batches), "an acknowledged batch is missing"
    assert set(batches.values()) == {BATCH}, "a batch was half-written"
    assert len(rows) == len(set((w, b, s) for w, b, s, _ in rows)), "a row was stored twice"


def test_writers_and_readers_at_once_lose_no_row_and_never_leak_a_lock(servers, tmp_path):
    data_dir = tmp_path / "data"
    data_dir.mkdir()
    pair = servers(data_dir, count=2)
    create(pair[0], "events", "writer,seq,value\n-1,0,0.5\n")
    acknowledged: set[tuple[int, int]] = set()
    problems: list[str] = []
    writing = threading.Event()
    writing.set()

    def check(response: requests.Response) -> None:
        if "locked" in response.text or response.status_code >= 500 and response.status_code != 503:
            problems.append(f"{response.status_code} {response.url}: {response.text[:200]}")
        if response.status_code == 503 and not response.headers.get("Retry-After"):
            problems.append(f"503 without Retry-After: {response.url}")

    def write(writer: int) -> None:
        # A fixed number of batches, each sent again after a 503 (busy) until it is stored.
        seq, server = 0, pair[writer % 2]
        for _ in range(BATCHES_EACH * 20):
            if seq == BATCHES_EACH * 5:
                return
            rows = [{"writer": writer, "seq": seq + i, "value": i * 1.5} for i in range(5)]
            response = requests.post(f"{server.base}/api/datasets/events/rows", json=rows, timeout=30,
                                     headers={"Authorization": f"Bearer {TOKEN}"})
            check(response)
            if response.status_code == 200:
                acknowledged.update((writer, seq + i) for i in range(5))
                seq += 5

    def read(reader: int) -> None:
        server = pair[reader % 2]
        urls = ["/plot/events.svg?y=value", "/datasets/events.json", "/api/datasets/events", "/d/animals/versions.json"]
        turn = 0
        while writing.is_set():
            check(requests.get(server.base + urls[turn % len(urls)], timeout=30))
            turn += 1

    writers = [threading.Thread(target=write, args=(w,)) for w in range(4)]
    readers = [threading.Thread(target=read, args=(r,)) for r in range(8)]
    for thread in writers + readers:
        thread.start()
    for thread in writers:
        thread.join(timeout=120)
    writing.clear()
    for thread in readers:
        thread.join(timeout=60)
    assert not problems, problems[:5]
    assert len(acknowledged) == 4 * BATCHES_EACH * 5
    for server in pair:
        stored = {(writer, seq) for writer, seq, _ in rows_of(server, "events")[1:]}
        assert stored == acknowledged


def test_an_append_through_one_process_is_drawn_by_the_other_on_its_next_request(servers, tmp_path):
    data_dir = tmp_path / "data"
    data_dir.mkdir()
    first, second = servers(data_dir, count=2)
    chart = "/d/animals/all.svg"
    before = requests.get(second.base + chart, timeout=30)
    assert before.status_code == 200
    response = requests.post(f"{first.base}/api/datasets/animals/rows", timeout=10,
                             json=[{"year": 2022, "Bear": 90, "Deer": 10, "Wolf": 40}],
                             headers={"Authorization": f"Bearer {TOKEN}"})
    assert response.status_code == 200
    version = response.json()["version"]
    after = requests.get(second.base + chart, timeout=30)
    assert after.status_code == 200
    assert after.headers["Server"] == "svgplots"  # no server or Python versions
    assert after.headers["ETag"] != before.headers["ETag"] and after.content != before.content
    assert after.content == requests.get(first.base + chart, timeout=30).content
    versions = requests.get(f"{second.base}/d/animals/versions.json", timeout=10).json()
    assert versions["charts"]["all"]["version"] == version
    assert f"v={version}" in requests.get(f"{second.base}/d/animals", timeout=10).text
