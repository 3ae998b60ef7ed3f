"""An SQLite source's file replaced by a rename (how a new database file is published), removed, or
one the site may not open: the next request reads the file its path names now, or answers 503, and
never creates the file."""
from __future__ import annotations

import contextlib
import json
import os
import socket
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from app import create_app
from tests.source_data import refused_twice_without_retry_after, sources_toml


def write_events(path: Path, rows: int, table: str = "ev") -> None:
    """An SQLite file at `path` holding `rows` rows in `table` (day, v)."""
    with sqlite3.connect(path) as conn:
        conn.execute(f"CREATE TABLE {table} (day TEXT, v INTEGER)")
        conn.executemany(f"INSERT INTO {table} VALUES (?, ?)",
                         [(f"2024-01-{d:02d}", d * 10) for d in range(1, rows + 1)])
    conn.close()


@pytest.fixture
def site(tmp_path: Path, closing):
    """(client, path): the site over the SQLite file at `path` (10 rows), its table a dataset with a
    `version_sql`, and the same as a query whose version is the clock's."""
    path = tmp_path / "src.db"
    write_events(path, 10)
    sources = sources_toml(tmp_path / "sources.toml", {"db": {"url": f"sqlite:///{path}", "cache_seconds": 3600}},
                           {"ev": {"source": "db", "table": "ev", "version_sql": "SELECT count(*) FROM ev"},
                            "ev_query": {"source": "db", "sql": "SELECT day, v FROM ev"}})
    (tmp_path / "data").mkdir()
    app = closing(create_app({"TESTING": True, "DATA_DIR": str(tmp_path / "data"), "SOURCES": str(sources),
                              "RENDER_WORKERS": 0}))
    return app.test_client(), path


def values(client, name: str) -> list:
    response = client.get(f"/plot/{name}.json?kind=bar&x=day&y=v")
    assert response.status_code == 200, response.data[:300]
    return [row[1] for row in response.json["rows"]]


@pytest.mark.parametrize("name", ["ev", "ev_query"])
def test_a_file_moved_in_over_the_source_is_read_on_the_next_request(site, tmp_path, name):
    client, path = site
    assert len(values(client, name)) == 10
    version = client.get(f"/api/datasets/{name}").json["dataset"]["version"]
    write_events(tmp_path / "new.db", 3)
    os.replace(tmp_path / "new.db", path)
    assert values(client, name) == [10, 20, 30]
    assert client.get(f"/api/datasets/{name}").json["dataset"]["version"] != version


def test_a_removed_file_is_503_saying_it_is_not_there_and_what_to_do_without_retry_after(site, tmp_path):
    # Waiting brings no removed file back: the 503 says to put it back or correct the path, not to
    # try again in a moment, and names the dataset and source, never the path.
    client, path = site
    assert len(values(client, "ev")) == 10
    path.unlink()
    said = refused_twice_without_retry_after(client, "/plot/ev.json?kind=bar&x=day&y=v", (
        "the source 'db' of dataset 'ev' cannot be opened: its SQLite file is not there: put the file back, or "
        "correct its path in the sources file (a ? or # in it written %3F or %23); it is read again once it "
        "is there"))
    assert "src.db" not in said and "try again" not in said
    assert not path.exists()  # not made anew, empty, by opening it
    write_events(path, 4)  # put back: read again without a restart, once its hold is up
    sources = client.application.extensions["svgplots"].store.sources
    sources.descriptions.versions.reuse = 0  # as a second later: the file put back may have the old one's inode
    held = sources.held
    held.seconds = 0
    held.hold(("source", "db"))
    client.get("/plot/ev.json?kind=bar&x=day&y=v")  # starts the try
    held.wait(10)
    assert values(client, "ev") == [10, 20, 30, 40]


def test_a_file_the_site_may_not_open_is_503_saying_so_and_what_to_do_without_retry_after(tmp_path, closing,
                                                                                          monkeypatch):
    # No file to read at its path (a socket), as a file of no read permission is refused: waiting does not mend
    # it (a folder the site may not enter: below).
    path = tmp_path / "src.db"
    with contextlib.ExitStack() as stack:
        monkeypatch.chdir(tmp_path)  # a socket's path is short: bound by its name in its folder
        stack.enter_context(socket.socket(socket.AF_UNIX)).bind(path.name)
        sources = sources_toml(tmp_path / "sources.toml", {"db": {"url": f"sqlite:///{path}"}},
                               {"ev": {"source": "db", "table": "ev"}})
        (tmp_path / "data").mkdir()
        client = closing(create_app({"TESTING": True, "DATA_DIR": str(tmp_path / "data"), "SOURCES": str(sources),
                                     "RENDER_WORKERS": 0})).test_client()
        refused_twice_without_retry_after(client, "/plot/ev.json?kind=bar&x=day&y=v", (
            "the source 'db' of dataset 'ev' cannot be opened: the site may not open its SQLite file (its "
            "permissions, or its folder's), or its path names no file to read (a socket, say): let the site read "
            "the file and its folder, or correct its path in the sources file (a ? or # in it written %3F or "
            "%23); it is read again once it can be"))


# Root, who runs the tests here, enters and reads whatever the permissions say: a process started without
# CAP_DAC_OVERRIDE and CAP_DAC_READ_SEARCH in its bounding set (setpriv, of util-linux) is held to them, as
# the site's own user is.
HELD_TO_PERMISSIONS = ["setpriv", "--bounding-set", "-dac_override,-dac_read_search"] if os.geteuid() == 0 else []
# A site over the sources file argv[2] asked for a chart twice, its answers printed as JSON.
ASKED_TWICE = """
import json, sys
from app import create_app
app = create_app({"TESTING": True, "DATA_DIR": sys.argv[1], "SOURCES": sys.argv[2], "RENDER_WORKERS": 0})
client = app.test_client()
answers = [client.get("/plot/ev.json?kind=bar&x=day&y=v") for _ in range(2)]
app.extensions["svgplots"].store.close()
print(json.dumps([[answer.status_code, "Retry-After" in answer.headers, answer.json["error"]] for answer in answers]))
"""


def test_a_file_in_a_folder_the_site_may_not_enter_is_503_saying_the_site_may_not_open_it(tmp_path):
    # Its file was not found either, and was said not to be there: to put it back, which it is.
    folder = tmp_path / "shut"
    folder.mkdir()
    write_events(folder / "src.db", 3)
    sources = sources_toml(tmp_path / "sources.toml", {"db": {"url": f"sqlite:///{folder / 'src.db'}"}},
                           {"ev": {"source": "db", "table": "ev"}})
    (tmp_path / "data").mkdir()
    folder.chmod(0)
    try:
        asked = subprocess.run([*HELD_TO_PERMISSIONS, sys.executable, "-c", ASKED_TWICE, str(tmp_path / "data"),
                                str(sources)], capture_output=True, text=True, timeout=120,
                               cwd=Path(__file__).resolve().parent.parent)
    finally:
        folder.chmod(0o755)
    assert asked.returncode == 0, asked.stderr[-2000:]
    said = ("the source 'db' of dataset 'ev' cannot be opened: the site may not open its SQLite file (its "
            "permissions, or its folder's), or its path names no file to read (a socket, say): let the site read "
            "the file and its folder, or correct its path in the sources file (a ? or # in it written %3F or "
            "%23); it is read again once it can be")
    assert json.loads(asked.stdout.splitlines()[-1]) == [[503, False, said]] * 2  # found so, then held down
    assert "the site may not open its SQLite file" in asked.stderr  # warned of at start


def test_a_dataset_refused_for_a_missing_table_reads_the_fixed_file_moved_in(site, tmp_path):
    client, path = site
    write_events(tmp_path / "wrong.db", 2, table="other")
    os.replace(tmp_path / "wrong.db", path)
    response = client.get("/plot/ev.json?kind=bar&x=day&y=v")
    assert response.status_code == 422, response.data[:300]
    write_events(tmp_path / "fixed.db", 4)
    os.replace(tmp_path / "fixed.db", path)
    assert values(client, "ev") == [10, 20, 30, 40]


def test_a_wal_file_replaced_while_its_log_holds_changes_is_503_not_a_mix_of_both_files(tmp_path, closing):
    path, app, writer = wal_source_written(tmp_path, closing)
    held = app.extensions["svgplots"].store.sources.held
    client = app.test_client()
    writer.close()
    wal = Path(f"{path}-wal")
    assert wal.stat().st_size > 32  # frames the old file holds only in its log
    hour_ago = os.stat(path).st_mtime - 3600
    os.utime(wal, (hour_ago, hour_ago))  # written a while before the new file is moved in
    write_events(tmp_path / "new.db", 2)
    os.utime(tmp_path / "new.db", (hour_ago, hour_ago))
    os.replace(tmp_path / "new.db", path)
    for attempt in range(2):  # found, then held down
        response = client.get("/plot/ev.json?kind=bar&x=day&y=v")
        assert response.status_code == 503, response.data[:300]
        message = response.json["error"]
        assert "'db'" in message and "'ev'" in message and "wal_checkpoint(TRUNCATE)" in message
        assert "-wal" in message
        # Waiting does not remove the old log: no Retry-After or "try again in a moment", but what to do.
        assert message.startswith("the source 'db' of dataset 'ev' cannot be opened: its SQLite file was "
                                  "replaced while the WAL of the old file"), message
        assert "it is read again once they are gone" in message and "try again" not in message
        assert "Retry-After" not in response.headers, attempt
    os.remove(wal)
    os.remove(f"{path}-shm")
    held.seconds = 0  # its hold up: tried again at the next request
    held.hold(("source", "db"))
    client.get("/plot/ev.json?kind=bar&x=day&y=v")  # starts the try
    held.wait(10)
    assert values(client, "ev") == [10, 20]  # the old log removed: the new file's rows alone


def test_a_wal_file_checkpointed_before_a_new_file_in_rollback_mode_is_moved_in_serves_the_new_rows(tmp_path, closing):
    path, app, writer = wal_source_written(tmp_path, closing)
    client = app.test_client()
    assert writer.execute("PRAGMA wal_checkpoint(TRUNCATE)").fetchone()[0] == 0  # as the README says
    writer.close()
    write_events(tmp_path / "new.db", 2)  # rollback-journal mode, SQLite's default
    os.replace(tmp_path / "new.db", path)
    assert values(client, "ev") == [10, 20]


def wal_source_written(tmp_path, closing):
    """A site over a WAL-mode SQLite source of 5 rows, read once, so that it holds a connection and
    the log stays at the path; and a writer of the file that has added a sixth row, still open."""
    path = tmp_path / "src.db"
    write_events(path, 5)
    with sqlite3.connect(path) as conn:
        conn.execute("PRAGMA journal_mode = WAL")
    conn.close()
    sources = sources_toml(tmp_path / "sources.toml", {"db": {"url": f"sqlite:///{path}", "cache_seconds": 3600}},
                           {"ev": {"source": "db", "table": "ev"}})
    (tmp_path / "data").mkdir()
    app = closing(create_app({"TESTING": True, "DATA_DIR": str(tmp_path / "data"), "SOURCES": str(sources),
                              "RENDER_WORKERS": 0}))
    assert len(values(app.test_client(), "ev")) == 5
    writer = sqlite3.connect(path)
    writer.execute("INSERT INTO ev VALUES ('2024-01-06', 60)")
    writer.commit()
    return path, app, writer
