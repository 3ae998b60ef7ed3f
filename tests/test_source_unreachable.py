"""Why a source cannot be reached, and whether its 503 carries Retry-After: the reason's own say,
whether waiting may mend it, never its words."""
from __future__ import annotations

import contextlib
import logging
import os
import socket
import sqlite3
import subprocess
from collections.abc import Iterator
from pathlib import Path

from sqlalchemy.engine import make_url

from app import create_app
from app.store.source_config import Source
from app.store.source_unreachable import MISSING_WHY, UNOPENABLE_WHY, Unreachable, unavailable
from tests.source_data import held_missing_source, refused_twice_without_retry_after, sources_toml, tried_again_twice

SOURCE = Source("db", make_url("sqlite:///src.db"))


def test_retry_after_follows_whether_waiting_mends_the_reason_not_its_words():
    # The words of a file not there, said of a reason waiting may mend: Retry-After, and "try again".
    waited = unavailable("ev", SOURCE, retry_after=7, why=Unreachable(MISSING_WHY.words, waiting_mends=True))
    assert waited.retry_after == 7
    assert waited.message == f"the source 'db' of dataset 'ev' cannot be reached right now: {MISSING_WHY.words}; " \
                             "try again in a moment"
    # Words no reason had before, of one someone must mend: none, and what to do alone.
    mended = unavailable("ev", SOURCE, retry_after=7, why=Unreachable("its file is made of cheese: "
                                                                      "put a database there", waiting_mends=False))
    assert mended.retry_after is None
    assert mended.message == ("the source 'db' of dataset 'ev' cannot be opened: its file is made of cheese: put a "
                              "database there")
    assert mended.unreachable == Unreachable("its file is made of cheese: put a database there", waiting_mends=False)


def test_a_reason_of_no_words_is_an_outage_to_wait_out():
    error = unavailable("ev", SOURCE, retry_after=3)
    assert error.retry_after == 3
    assert error.message == "the source 'db' of dataset 'ev' cannot be reached right now; try again in a moment"


@contextlib.contextmanager
def unwritable(folder: Path) -> Iterator[None]:
    """`folder` made one no one may write, root too, who runs the tests here and writes any folder
    whatever its permissions: chattr +i (e2fsprogs, on the ext4 file system the tests write on;
    a read-only mount is the same to SQLite)."""
    made = subprocess.run(["chattr", "+i", str(folder)], capture_output=True, text=True)
    assert made.returncode == 0, f"chattr +i {folder} was refused: {made.stderr.strip()}"
    try:
        yield
    finally:
        subprocess.run(["chattr", "-i", str(folder)], check=True)


def test_a_wal_file_in_a_folder_the_site_may_not_write_is_503_saying_so_without_retry_after(tmp_path, closing,
                                                                                           caplog):
    # SQLite opens the file, read-only too, by making its -shm file beside it: in a folder the site may
    # not write, no wait mends it, and the site reads it once the folder, or the file's mode, is changed.
    folder = tmp_path / "published"
    folder.mkdir()
    path = folder / "src.db"
    with sqlite3.connect(path) as conn:
        conn.execute("PRAGMA journal_mode = WAL")
        conn.execute("CREATE TABLE ev (day TEXT, v INTEGER)")
        conn.executemany("INSERT INTO ev VALUES (?, ?)", [("2024-01-01", 10), ("2024-01-02", 20)])
    conn.close()  # the last connection: its -wal and -shm files removed
    assert sorted(os.listdir(folder)) == ["src.db"]
    sources = sources_toml(tmp_path / "sources.toml", {"db": {"url": f"sqlite:///{path}"}},
                           {"ev": {"source": "db", "table": "ev"}})
    (tmp_path / "data").mkdir()
    with unwritable(folder):
        with caplog.at_level(logging.WARNING, logger="app.store.source_files"):
            client = closing(create_app({"TESTING": True, "DATA_DIR": str(tmp_path / "data"),
                                         "SOURCES": str(sources), "RENDER_WORKERS": 0})).test_client()
        refused_twice_without_retry_after(client, "/plot/ev.json?kind=bar&x=day&y=v", (
            "the source 'db' of dataset 'ev' cannot be opened: its SQLite file is in WAL mode, and the site may "
            "not write the folder holding it, where SQLite makes the -shm file it needs to read the file while "
            "no other program has it open: let the site write that folder, or take the file out of WAL mode "
            "(PRAGMA journal_mode=DELETE) where its writer may wait while the site reads it; it is read again "
            "once it can be"))
    [line] = [record.getMessage() for record in caplog.records if record.name == "app.store.source_files"]
    assert line == (f"source 'db': its SQLite file {path} is in WAL mode, and the site may not write the folder "
                    "holding it, where SQLite makes the -shm file it needs to read the file: its datasets answer 503 "
                    "until the site may write that folder, or the file is taken out of WAL mode (PRAGMA "
                    "journal_mode=DELETE)")


def test_a_file_the_site_may_not_open_is_warned_of_at_start_naming_it_once_in_one_line(tmp_path, closing, caplog,
                                                                                       monkeypatch):
    # No file to read at its path (a socket), as a file of no read permission, or one in a folder the
    # site may not enter, is refused: root, who runs the tests here, reads those whatever their permissions.
    path = tmp_path / "src.db"
    monkeypatch.chdir(tmp_path)  # a socket's path is short: bound by its name in its folder
    with socket.socket(socket.AF_UNIX) as bound:
        bound.bind(path.name)
        sources = sources_toml(tmp_path / "sources.toml", {"db": {"url": f"sqlite:///{path}"}},
                               {"ev": {"source": "db", "table": "ev"}})
        (tmp_path / "data").mkdir()
        with caplog.at_level(logging.WARNING, logger="app.store.source_files"):
            closing(create_app({"TESTING": True, "DATA_DIR": str(tmp_path / "data"), "SOURCES": str(sources),
                                "RENDER_WORKERS": 0}))
    [line] = [record.getMessage() for record in caplog.records if record.name == "app.store.source_files"]
    assert line == (f"source 'db': the site may not open its SQLite file {path} (its permissions, or its folder's), "
                    "or it is no file to read (a socket, say): its datasets answer 503 until it can (let the site "
                    "read the file and its folder, or check the file's path in sources.toml)")


def test_a_source_held_down_whose_reason_changes_while_its_drivers_words_do_not_logs_the_new_reason(
        tmp_path, caplog, monkeypatch):
    # SQLite says "unable to open database file" of a file not there and of one the site may not open (a
    # socket at its path, as a file of no read permission): the second line was the first again, word for
    # word, while the 503s said another thing to mend.
    store, path = held_missing_source(tmp_path, caplog)
    monkeypatch.chdir(tmp_path)  # a socket's path is short: bound by its name in its folder
    with socket.socket(socket.AF_UNIX) as bound:
        bound.bind(path.name)
        lines = tried_again_twice(store, caplog, "the site may not open")
    store.close()
    said = "source 'later', dataset 'orders': OperationalError: unable to open database file; its 503s say: "
    assert lines == [said + MISSING_WHY.words, said + UNOPENABLE_WHY.words]  # once each, however often tried
