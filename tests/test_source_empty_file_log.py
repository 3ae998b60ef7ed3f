"""An empty SQLite source file, or none, beside a -wal file holding changes: SQLite would delete the
log as it first read the file, read-only too, or made it anew (`sqlite3 app.db`), and with it the
tables only the log holds. The site does not open the file, nor one emptied under a connection it
opened before: its datasets answer 503 saying so and how to keep them, and the log is left as it is."""
from __future__ import annotations

import logging
import os
import shutil
import sqlite3
from pathlib import Path

import pytest

from app import create_app
from tests.source_data import sources_toml

DATASETS = {"w": {"source": "here", "table": "weather"},
            "one": {"source": "here", "sql": "SELECT 1 AS x"}}  # reads no table: answered from an empty file
URLS = ["/plot/w.json?x=day&y=t", "/datasets/w.json", "/datasets/one.json"]


def empty_file_with_log(path: Path) -> bytes:
    """An empty file at `path` beside the -wal file of a WAL database of the table weather (2 rows),
    as a writer leaves it before its first checkpoint, the file then emptied: the log holds every
    page, its tables' too. The log's bytes."""
    with sqlite3.connect(path) as conn:
        conn.execute("PRAGMA journal_mode=WAL")
        conn.execute("PRAGMA wal_autocheckpoint=0")  # every page stays in the log
        conn.execute("CREATE TABLE weather (day TEXT, t REAL)")
        conn.executemany("INSERT INTO weather VALUES (?, ?)", [("2024-01-01", 1.5), ("2024-01-02", 2.5)])
    kept = Path(f"{path}-wal").read_bytes()  # copied before the close checkpoints the log into the file
    conn.close()
    path.write_bytes(b"")
    Path(f"{path}-wal").write_bytes(kept)
    return kept


def site_over(tmp_path: Path, path: Path, closing, caplog):
    """(app, the warnings at start): the site over the source file at `path`, which no hold keeps down."""
    sources = sources_toml(tmp_path / "sources.toml", {"here": {"url": f"sqlite:///{path}"}}, DATASETS)
    (tmp_path / "data").mkdir()
    with caplog.at_level(logging.WARNING, logger="app.store"):
        app = closing(create_app({"TESTING": True, "DATA_DIR": str(tmp_path / "data"), "SOURCES": str(sources),
                                  "RENDER_WORKERS": 0}))
    app.extensions["svgplots"].store.sources.held.seconds = 0  # a 503 holds the source down no longer
    return app, [r.getMessage() for r in caplog.records if "its SQLite file" in r.getMessage()]


@pytest.fixture
def site(tmp_path: Path, closing, caplog):
    """(app, path, log bytes, the warnings at start): the site over an empty file beside its log."""
    path = tmp_path / "notes.db"
    kept = empty_file_with_log(path)
    app, lines = site_over(tmp_path, path, closing, caplog)
    return app, path, kept, lines


@pytest.fixture
def site_without_file(tmp_path: Path, closing, caplog):
    """(app, path, log bytes, the warnings at start): the site over a path of no file beside its log."""
    path = tmp_path / "notes.db"
    kept = empty_file_with_log(path)
    path.unlink()
    app, lines = site_over(tmp_path, path, closing, caplog)
    return app, path, kept, lines


def test_the_log_beside_an_empty_file_holds_the_tables_sqlite_deletes_as_it_reads_it(tmp_path: Path):
    # What the site guards against: SQLite's first read of the file, read-only, deletes the log.
    path = tmp_path / "copy.db"
    empty_file_with_log(path)
    conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    with pytest.raises(sqlite3.OperationalError, match="no such table: weather"):
        conn.execute("SELECT * FROM weather")
    conn.close()
    assert not Path(f"{path}-wal").exists()


@pytest.mark.parametrize("url", URLS)
def test_an_empty_sqlite_file_beside_a_log_holding_changes_is_503_and_its_log_is_kept(site, url):
    app, path, kept, _ = site
    client = app.test_client()
    for attempt in range(2):
        response = client.get(url)
        assert response.status_code == 503, (attempt, response.data[:300])
        error = response.json["error"]
        assert "Retry-After" not in response.headers, attempt  # someone must mend it: no wait does
        assert "the source 'here' of dataset" in error and "cannot be opened: its SQLite file is " \
               "empty, and the -wal file beside it holds changes (tables, it may be) that SQLite would delete " \
               "as it opened the file" in error, error
        assert "put the file the log was written with back in its place, untouched" in error, error
        assert "PRAGMA integrity_check" in error and str(path) not in error
    assert path.stat().st_size == 0 and Path(f"{path}-wal").read_bytes() == kept


def test_start_warns_of_an_empty_sqlite_file_beside_a_log_holding_changes(site):
    app, path, kept, lines = site
    [line] = lines
    assert f"source 'here': its SQLite file {path} is empty, and the -wal file beside it holds changes" in line
    assert "its datasets answer 503 until the log is written into the file or removed" in line
    assert "a database of no tables" not in line
    assert Path(f"{path}-wal").read_bytes() == kept


def make_anew(path: Path) -> list:
    """The last resort a 503 names, followed as it says, on a copy of the log beside `path`: its file
    of one page of zeros read with the log and checkpointed, and what PRAGMA integrity_check answers;
    moved into place, the -wal and -shm files there removed, only where that is ok."""
    made = path.with_name("new.db")
    shutil.copyfile(f"{path}-wal", f"{made}-wal")  # cp notes.db-wal new.db-wal
    with open(made, "wb") as file:  # truncate -s 4096 new.db
        file.truncate(4096)
    conn = sqlite3.connect(made)  # sqlite3 new.db 'PRAGMA wal_checkpoint; PRAGMA integrity_check'
    conn.execute("PRAGMA wal_checkpoint")
    answer = conn.execute("PRAGMA integrity_check").fetchall()
    conn.close()
    if answer == [("ok",)]:
        for suffix in ("-wal", "-shm"):
            Path(f"{path}{suffix}").unlink(missing_ok=True)
        os.replace(made, path)
    return answer


def test_the_steps_its_503_gives_make_the_file_of_a_log_holding_every_page_anew(site):
    app, path, kept, _ = site
    client = app.test_client()
    assert client.get(URLS[0]).status_code == 503
    assert make_anew(path) == [("ok",)]
    held = app.extensions["svgplots"].store.sources.held
    client.get(URLS[0])  # still held down a moment, or not: tried again by now
    held.wait(10)
    response = client.get(URLS[0])
    assert response.status_code == 200, response.data[:300]
    assert response.json["rows"] == [["2024-01-01", 1.5], ["2024-01-02", 2.5]]


def test_an_empty_file_beside_a_log_of_no_changes_is_read_as_a_database_of_no_tables(site):
    # A log of its header alone holds nothing to lose: SQLite deletes it, and the table is not there.
    app, path, kept, _ = site
    Path(f"{path}-wal").write_bytes(kept[:32])
    client = app.test_client()
    held = app.extensions["svgplots"].store.sources.held
    client.get(URLS[0])
    held.wait(10)
    assert client.get(URLS[0]).status_code == 422
    assert client.get("/datasets/one.json").status_code == 200


@pytest.mark.parametrize("url", URLS)
def test_a_source_log_without_its_file_is_503_saying_so_and_its_log_is_kept(site_without_file, url):
    app, path, kept, _ = site_without_file
    client = app.test_client()
    for attempt in range(2):
        response = client.get(url)
        assert response.status_code == 503, (attempt, response.data[:300])
        error = response.json["error"]
        assert "Retry-After" not in response.headers, attempt  # someone must mend it: no wait does
        assert "the source 'here' of dataset" in error and "cannot be opened: its SQLite file does not " \
               "exist, and the -wal file beside its path holds changes (tables, it may be) that SQLite would " \
               "delete as it made a new file there" in error, error
        assert "move it back, untouched" in error and "PRAGMA integrity_check" in error and str(path) not in error
    assert not path.exists() and Path(f"{path}-wal").read_bytes() == kept


def test_start_warns_of_a_source_log_without_its_file(site_without_file):
    app, path, kept, lines = site_without_file
    [line] = lines
    assert f"source 'here': its SQLite file {path} does not exist, and the -wal file beside its path holds " \
           "changes" in line, line
    assert "its datasets answer 503 until the log is written into the file or removed" in line
    assert not path.exists() and Path(f"{path}-wal").read_bytes() == kept


def test_the_steps_its_503_gives_make_the_missing_file_of_a_log_holding_every_page_anew(site_without_file):
    app, path, kept, _ = site_without_file
    client = app.test_client()
    assert client.get(URLS[0]).status_code == 503
    assert make_anew(path) == [("ok",)]
    held = app.extensions["svgplots"].store.sources.held
    client.get(URLS[0])
    held.wait(10)
    response = client.get(URLS[0])
    assert response.status_code == 200, response.data[:300]
    assert response.json["rows"] == [["2024-01-01", 1.5], ["2024-01-02", 2.5]]


def test_a_connection_opened_before_its_source_file_was_emptied_beside_a_log_is_not_read(tmp_path: Path, closing,
                                                                                          caplog):
    # A file in rollback-journal mode, emptied in place (its identity kept) beside a log holding
    # changes: a connection opened before reads the empty file anew, deleting the log, as a new one would.
    path = tmp_path / "notes.db"
    with sqlite3.connect(path) as conn:
        conn.execute("CREATE TABLE weather (day TEXT, t REAL)")
    conn.close()
    app, _ = site_over(tmp_path, path, closing, caplog)
    client = app.test_client()
    assert client.get("/datasets/one.json").status_code == 200  # a connection opened, and kept by the pool
    kept = empty_file_with_log(tmp_path / "other.db")
    os.truncate(path, 0)
    Path(f"{path}-wal").write_bytes(kept)
    response = client.get("/datasets/w.json")
    assert response.status_code == 503, response.data[:300]
    assert "its SQLite file is empty, and the -wal file beside it holds changes" in response.json["error"]
    assert path.stat().st_size == 0 and Path(f"{path}-wal").read_bytes() == kept


def file_beside_its_changes(path: Path) -> Path:
    """A WAL database of the table weather at `path`, its first row written into the file, its second
    in the -wal file alone, emptied as a copy gone wrong leaves it; a copy of the file taken while the
    writer held the log, the file the log was written with."""
    writer = sqlite3.connect(path)
    writer.execute("PRAGMA journal_mode=WAL")
    writer.execute("CREATE TABLE weather (day TEXT, t REAL)")
    writer.execute("INSERT INTO weather VALUES ('2024-01-01', 1.5)")
    writer.commit()
    writer.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    writer.execute("INSERT INTO weather VALUES ('2024-01-02', 2.5)")
    writer.commit()
    aside = path.with_name("aside.db")
    shutil.copyfile(path, aside)
    kept = Path(f"{path}-wal").read_bytes()
    writer.close()
    path.write_bytes(b"")
    Path(f"{path}-wal").write_bytes(kept)
    return aside


@pytest.mark.parametrize("how", ["cp", "mv"])
def test_an_empty_source_file_replaced_by_the_file_its_log_was_written_with_keeps_its_tables(
        tmp_path: Path, closing, caplog, how: str):
    # What its 503 says first: the file put back, untouched, beside the log is read with it.
    path = tmp_path / "notes.db"
    aside = file_beside_its_changes(path)
    app, _ = site_over(tmp_path, path, closing, caplog)
    client = app.test_client()
    refused = client.get(URLS[0])
    assert refused.status_code == 503 and "put the file the log was written with back" in refused.json["error"]
    if how == "cp":
        shutil.copyfile(aside, path)  # cp aside.db notes.db: written into the empty file
    else:
        os.replace(aside, path)  # mv aside.db notes.db
    held = app.extensions["svgplots"].store.sources.held
    client.get(URLS[0])
    held.wait(10)
    response = client.get(URLS[0])
    assert response.status_code == 200, response.data[:400]
    assert response.json["rows"] == [["2024-01-01", 1.5], ["2024-01-02", 2.5]]


def test_a_copy_of_a_removed_source_file_moved_back_beside_its_log_under_the_running_site_keeps_its_tables(
        tmp_path: Path, closing, caplog):
    path = tmp_path / "notes.db"
    aside = file_beside_its_changes(path)
    kept = Path(f"{path}-wal").read_bytes()
    Path(f"{path}-wal").unlink()
    shutil.copyfile(aside, path)  # a file for the site to open first: the copy, its log aside
    app, _ = site_over(tmp_path, path, closing, caplog)
    client = app.test_client()
    assert client.get(URLS[0]).status_code == 200  # a connection of that file
    path.unlink()
    Path(f"{path}-wal").write_bytes(kept)
    held = app.extensions["svgplots"].store.sources.held
    refused = client.get(URLS[0])
    assert refused.status_code == 503 and "or put back a copy of it" in refused.json["error"], refused.json
    os.replace(aside, path)  # mv aside.db notes.db
    client.get(URLS[0])
    held.wait(10)
    response = client.get(URLS[0])
    assert response.status_code == 200, response.data[:400]
    assert response.json["rows"] == [["2024-01-01", 1.5], ["2024-01-02", 2.5]]
