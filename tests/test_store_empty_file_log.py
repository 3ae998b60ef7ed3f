"""The site's SQLite store file empty, or not there, beside a -wal file holding changes (a copy or
restore gone wrong): SQLite would delete the log as it first read the file, or made it anew, and
with it every dataset the log holds. The store does not open the file: the start is refused in one
line naming the file and what to do, a file replaced or removed so under the running site is a 503
without Retry-After, logged saying what to do, and the log is left as it is."""
from __future__ import annotations

import logging
import os
import shutil
import sqlite3
from pathlib import Path

import pytest

from app import create_app, create_app_or_exit

TOKEN = "test-write-token-0123456789"
AUTH = {"Authorization": f"Bearer {TOKEN}", "Content-Type": "text/csv"}
SALES = "month,units\n2024-01-01,5\n2024-02-01,7\n"


def settings(data_dir: Path) -> dict:
    return {"TESTING": True, "DATA_DIR": str(data_dir), "WRITE_TOKENS": TOKEN, "RENDER_WORKERS": 0,
            "DASHBOARD_DIRS": []}


def store_in_its_log(data_dir: Path) -> bytes:
    """The store of `data_dir` with a dataset `sales` written by the site, every page of it in the
    -wal file (no checkpoint yet), as a copy taken while the site ran holds it: the log's bytes."""
    app = create_app(settings(data_dir))
    created = app.test_client().post("/api/datasets?name=sales", data=SALES, headers=AUTH)
    assert created.status_code == 201, created.get_json()
    kept = Path(f"{data_dir / 'svgplots.sqlite'}-wal").read_bytes()  # before the close checkpoints it
    app.extensions["svgplots"].store.close()
    return kept


def empty_beside(path: Path, log: bytes) -> None:
    """Put an empty file at `path` with `log` as its -wal file, by renames, as a restore would."""
    Path(f"{path}.new").write_bytes(b"")
    Path(f"{path}.new-wal").write_bytes(log)
    os.replace(f"{path}.new-wal", f"{path}-wal")
    os.replace(f"{path}.new", path)


def refused_start(data_dir: Path, log: bytes, leave: str) -> str:
    """The line the start stops with over the store file left `empty` or `missing` beside `log` as its
    -wal file: one line."""
    path = data_dir / "svgplots.sqlite"
    if leave == "empty":
        path.write_bytes(b"")
    else:
        path.unlink()
    Path(f"{path}-wal").write_bytes(log)
    with pytest.raises(SystemExit) as stopped:
        create_app_or_exit(settings(data_dir))
    line = str(stopped.value.code)
    assert "\n" not in line
    return line


def test_a_start_over_an_empty_store_file_beside_its_log_is_refused_in_a_line_and_the_log_kept(data_dir: Path):
    path = data_dir / "svgplots.sqlite"
    kept = store_in_its_log(data_dir)
    line = refused_start(data_dir, kept, "empty")
    assert line.startswith("error: the dataset database (--data-dir, --database-url or SVGPLOTS_DATABASE_URL) "
                           f"cannot be opened: the SQLite file {path} is empty, and the -wal file beside it holds "
                           "changes"), line
    assert "to keep them, put the file the log was written with back in its place, untouched" in line
    assert "truncate -s 4096 new.db" in line and "PRAGMA integrity_check" in line
    assert path.stat().st_size == 0 and Path(f"{path}-wal").read_bytes() == kept


def test_an_empty_store_file_beside_its_log_moved_in_under_the_running_site_is_503_and_the_log_kept(data_dir: Path):
    path = data_dir / "svgplots.sqlite"
    kept = store_in_its_log(data_dir)
    app = create_app(settings(data_dir))  # over the store, checkpointed at the close
    try:
        client = app.test_client()
        assert client.get("/datasets/sales.json").status_code == 200
        empty_beside(path, kept)
        for _ in range(2):
            written = client.post("/api/datasets?name=more", data=SALES, headers=AUTH)
            assert written.status_code == 503, written.get_json()
        assert path.stat().st_size == 0 and Path(f"{path}-wal").read_bytes() == kept
    finally:
        app.extensions["svgplots"].store.close()
    assert path.stat().st_size == 0 and Path(f"{path}-wal").read_bytes() == kept


def test_the_503_of_an_empty_store_file_beside_its_log_says_why_and_what_keeps_the_log(data_dir: Path):
    path = data_dir / "svgplots.sqlite"
    kept = store_in_its_log(data_dir)
    app = create_app(settings(data_dir))
    try:
        client = app.test_client()
        assert client.get("/datasets/sales.json").status_code == 200
        empty_beside(path, kept)
        written = client.post("/api/datasets?name=more", data=SALES, headers=AUTH)
        assert written.status_code == 503, written.get_json()
        error = written.get_json()["error"]
        assert error.startswith("the dataset database cannot be opened: its SQLite file is empty, and the -wal "
                                "file beside it holds changes (tables, it may be) that SQLite would delete"), error
        assert "put the file the log was written with back in its place, untouched" in error
        assert "only if that answers ok" in error and "try again" not in error
        assert str(path) not in error
    finally:
        app.extensions["svgplots"].store.close()
    assert path.stat().st_size == 0 and Path(f"{path}-wal").read_bytes() == kept


def test_an_empty_store_file_beside_its_log_is_logged_saying_what_to_do_and_its_503_has_no_retry_after(
        data_dir: Path, caplog):
    path = data_dir / "svgplots.sqlite"
    kept = store_in_its_log(data_dir)
    app = create_app(settings(data_dir))
    try:
        client = app.test_client()
        assert client.get("/datasets/sales.json").status_code == 200
        empty_beside(path, kept)
        with caplog.at_level(logging.WARNING, logger="app.store_outages"):
            written = client.post("/api/datasets?name=more", data=SALES, headers=AUTH)
        assert written.status_code == 503, written.get_json()
        assert "Retry-After" not in written.headers  # waiting does not mend it
        [line] = [r.getMessage() for r in caplog.records if r.name == "app.store_outages"]
        assert line.startswith(f"the dataset database cannot be opened: the SQLite file {path} is empty, and the "
                               "-wal file beside it holds changes"), line
        assert "put the file the log was written with back" in line and "waiting does not mend it" in line
        assert "until it answers again" not in line and "out of reach" not in line
    finally:
        app.extensions["svgplots"].store.close()


def test_a_start_over_a_store_log_without_its_file_is_refused_in_a_line_and_the_log_kept(data_dir: Path):
    path = data_dir / "svgplots.sqlite"
    kept = store_in_its_log(data_dir)
    line = refused_start(data_dir, kept, "missing")
    assert line.startswith("error: the dataset database (--data-dir, --database-url or SVGPLOTS_DATABASE_URL) "
                           f"cannot be opened: the SQLite file {path} does not exist, and the -wal file beside its "
                           "path holds changes"), line
    assert "if the file was moved away, move it back, untouched" in line and "PRAGMA integrity_check" in line
    assert not path.exists() and Path(f"{path}-wal").read_bytes() == kept


def test_a_store_log_left_without_its_file_under_the_running_site_is_503_saying_so_and_the_log_kept(
        data_dir: Path, caplog):
    path = data_dir / "svgplots.sqlite"
    kept = store_in_its_log(data_dir)
    app = create_app(settings(data_dir))
    try:
        client = app.test_client()
        assert client.get("/datasets/sales.json").status_code == 200
        Path(f"{path}.new-wal").write_bytes(kept)
        os.replace(f"{path}.new-wal", f"{path}-wal")  # the file's log put back, the file not
        path.unlink()
        with caplog.at_level(logging.WARNING, logger="app.store_outages"):
            for _ in range(2):
                written = client.post("/api/datasets?name=more", data=SALES, headers=AUTH)
                assert written.status_code == 503, written.get_json()
        error = written.get_json()["error"]
        assert error.startswith("the dataset database cannot be opened: its SQLite file does not exist, and the "
                                "-wal file beside its path holds changes (tables, it may be) that SQLite would "
                                "delete"), error
        assert "move it back, untouched" in error and "try again" not in error and str(path) not in error
        assert "Retry-After" not in written.headers
        [line] = [r.getMessage() for r in caplog.records if r.name == "app.store_outages"]
        assert line.startswith(f"the dataset database cannot be opened: the SQLite file {path} does not exist"), line
        assert not path.exists() and Path(f"{path}-wal").read_bytes() == kept
    finally:
        app.extensions["svgplots"].store.close()
    assert not path.exists() and Path(f"{path}-wal").read_bytes() == kept


def test_a_store_file_moved_away_from_its_log_and_back_keeps_what_the_log_holds(data_dir: Path):
    # What the refusal says first: the file moved back beside its log is read with it.
    path = data_dir / "svgplots.sqlite"
    app = create_app(settings(data_dir))
    created = app.test_client().post("/api/datasets?name=sales", data=SALES, headers=AUTH)
    assert created.status_code == 201, created.get_json()
    aside = data_dir / "aside.sqlite"
    shutil.copyfile(path, aside)  # the file as it is, and the log holding its changes (no checkpoint yet)
    kept = Path(f"{path}-wal").read_bytes()
    app.extensions["svgplots"].store.close()
    assert "if the file was moved away, move it back" in refused_start(data_dir, kept, "missing")
    os.replace(aside, path)
    app = create_app(settings(data_dir))
    try:
        rows = app.test_client().get("/datasets/sales.json")
        assert rows.status_code == 200, rows.get_json()
        assert rows.get_json()["rows"] == [["2024-01-01", 5], ["2024-02-01", 7]]
    finally:
        app.extensions["svgplots"].store.close()


STORED = ("sales", "stock", "visits")


def store_with_changes_in_its_log(data_dir: Path) -> tuple[Path, bytes, dict]:
    """The store of `data_dir` written by the site: datasets written into its file at a close, then
    rows appended to each and a dataset made, which the -wal file alone holds. (A copy of the file
    taken while a connection held that log, the log's bytes, every dataset's rows.)"""
    app = create_app(settings(data_dir))
    client = app.test_client()
    for name in STORED:
        body = "month,units\n" + "".join(f"2024-01-{day:02d},{day}\n" for day in range(1, 29))
        assert client.post(f"/api/datasets?name={name}", data=body, headers=AUTH).status_code == 201
    app.extensions["svgplots"].store.close()  # the close checkpoints them into the file
    app = create_app(settings(data_dir))
    client = app.test_client()
    for name in STORED:
        etag = client.get(f"/api/datasets/{name}").headers["ETag"]
        appended = client.post(f"/api/datasets/{name}/rows", data="month,units\n2024-02-01,99\n",
                               headers={**AUTH, "If-Match": etag})
        assert appended.status_code == 200, appended.get_json()
    assert client.post("/api/datasets?name=late", data=SALES, headers=AUTH).status_code == 201
    rows = {name: client.get(f"/datasets/{name}.json").get_json()["rows"] for name in (*STORED, "late")}
    path = data_dir / "svgplots.sqlite"
    aside = data_dir / "aside.sqlite"
    shutil.copyfile(path, aside)
    kept = Path(f"{path}-wal").read_bytes()
    app.extensions["svgplots"].store.close()
    return aside, kept, rows


def pages_in(log: bytes) -> tuple[set[int], int]:
    """The pages a WAL's frames hold, and the pages of the database its last commit leaves."""
    page_size = int.from_bytes(log[8:12], "big")
    frames = [log[at:at + 24] for at in range(32, len(log) - page_size, 24 + page_size)]
    held = {int.from_bytes(frame[:4], "big") for frame in frames}
    return held, max(int.from_bytes(frame[4:8], "big") for frame in frames)


def test_an_empty_store_file_replaced_by_the_file_its_log_was_written_with_keeps_every_dataset(data_dir: Path):
    # What the refusal says first: the file put back, untouched, beside the log is read with it.
    path = data_dir / "svgplots.sqlite"
    aside, kept, rows = store_with_changes_in_its_log(data_dir)
    line = refused_start(data_dir, kept, "empty")
    assert "to keep them, put the file the log was written with back in its place" in line
    os.replace(aside, path)
    app = create_app(settings(data_dir))
    try:
        client = app.test_client()
        for name, written in rows.items():
            read = client.get(f"/datasets/{name}.json")
            assert read.status_code == 200, (name, read.get_json())
            assert read.get_json()["rows"] == written, name
    finally:
        app.extensions["svgplots"].store.close()


def test_a_page_of_zeros_read_with_a_log_of_some_pages_of_the_store_is_not_ok_as_its_words_say(data_dir: Path):
    # The last resort the refusal names, on a log holding a few of the store's pages: the check it
    # names tells that it did not make the database anew.
    _, kept, _ = store_with_changes_in_its_log(data_dir)
    held, pages = pages_in(kept)
    assert len(held) < pages
    made = data_dir / "new.db"
    Path(f"{made}-wal").write_bytes(kept)  # cp svgplots.sqlite-wal new.db-wal
    with open(made, "wb") as file:  # truncate -s 4096 new.db
        file.truncate(4096)
    conn = sqlite3.connect(made)
    try:
        conn.execute("PRAGMA wal_checkpoint").fetchall()
        answer = conn.execute("PRAGMA integrity_check").fetchall()
    except sqlite3.DatabaseError as error:
        answer = str(error)
    finally:
        conn.close()
    assert answer != [("ok",)], answer


@pytest.mark.parametrize("leave", ["empty", "missing"])
def test_the_refusal_names_the_file_put_back_first_and_a_page_of_zeros_only_as_integrity_check_allows(
        data_dir: Path, leave: str):
    kept = store_in_its_log(data_dir)
    line = refused_start(data_dir, kept, leave)
    steps = ["back", "untouched", "SQLite reads", "only a log holding every page", "truncate -s 4096 new.db",
             "PRAGMA wal_checkpoint; PRAGMA integrity_check", "only if that answers ok", "move new.db into place"]
    at = [line.find(step) for step in steps]
    assert -1 not in at and at == sorted(at), list(zip(steps, at))
    assert "checkpoint or close" not in line


def test_the_file_its_log_was_written_with_put_back_under_the_running_site_keeps_every_dataset(data_dir: Path):
    path = data_dir / "svgplots.sqlite"
    aside, kept, rows = store_with_changes_in_its_log(data_dir)
    app = create_app(settings(data_dir))  # over the store, checkpointed at the close
    try:
        client = app.test_client()
        assert client.get("/datasets/sales.json").status_code == 200
        empty_beside(path, kept)
        assert client.post("/api/datasets?name=more", data=SALES, headers=AUTH).status_code == 503
        os.replace(aside, path)  # mv aside.sqlite svgplots.sqlite
        for name, written in rows.items():
            read = client.get(f"/datasets/{name}.json")
            assert read.status_code == 200, (name, read.get_json())
            assert read.get_json()["rows"] == written, name
    finally:
        app.extensions["svgplots"].store.close()


def test_a_store_file_emptied_in_place_beside_its_log_is_503_for_a_pooled_connection_and_the_log_kept(
        data_dir: Path):
    # A connection opened before reads the file it has open: emptied in place (`cp` of an empty
    # file over it, a restore of the -wal alone), it is the same file, and only its size tells.
    path = data_dir / "svgplots.sqlite"
    kept = store_in_its_log(data_dir)
    app = create_app(settings(data_dir))
    try:
        client = app.test_client()
        assert client.get("/datasets/sales.json").status_code == 200  # a connection pooled
        with open(path, "r+b") as file:
            file.truncate(0)
        with open(f"{path}-wal", "r+b") as file:  # in place, as cp writes
            file.truncate(0)
            file.write(kept)
        for attempt in range(2):
            response = client.post("/api/datasets?name=more", data=SALES, headers=AUTH)
            assert response.status_code == 503, (attempt, response.data[:300])
            assert "Retry-After" not in response.headers, attempt
            assert response.get_json()["error"].startswith(
                "the dataset database cannot be opened: its SQLite file is empty, and the -wal file beside it "
                "holds changes"), attempt
        assert path.stat().st_size == 0 and Path(f"{path}-wal").read_bytes() == kept
    finally:
        app.extensions["svgplots"].store.close()


def test_a_store_file_left_empty_beside_its_log_after_an_outage_is_logged_saying_what_to_do(data_dir: Path, tmp_path,
                                                                                           caplog):
    # A store's folder moved away (an outage, logged as one to wait out), then put back with the file
    # restored empty beside its log: the line saying what to do is logged too, not lost in the outage.
    path = data_dir / "svgplots.sqlite"
    kept = store_in_its_log(data_dir)
    app = create_app(settings(data_dir))
    try:
        app.extensions["svgplots"].store.database.file_seconds = 0  # each read looks at the file its path names
        client = app.test_client()
        assert client.get("/datasets/sales.json").status_code == 200
        with caplog.at_level(logging.WARNING, logger="app.store_outages"):
            data_dir.rename(tmp_path / "away")
            data_dir.write_text("not a folder")
            assert client.post("/api/datasets?name=more", data=SALES, headers=AUTH).status_code == 503
            data_dir.unlink()
            (tmp_path / "away").rename(data_dir)
            empty_beside(path, kept)
            for attempt in range(2):
                written = client.post("/api/datasets?name=more", data=SALES, headers=AUTH)
                assert written.status_code == 503, (attempt, written.get_json())
                assert "Retry-After" not in written.headers, attempt
        lines = [r.getMessage() for r in caplog.records if r.name == "app.store_outages"]
        assert len(lines) == 2, lines  # the outage, then the file not opened, once
        assert lines[0].startswith("the dataset database is out of reach"), lines
        assert lines[1].startswith(f"the dataset database cannot be opened: the SQLite file {path} is empty, and the "
                                   "-wal file beside it holds changes"), lines
        assert "waiting does not mend it" in lines[1]
    finally:
        app.extensions["svgplots"].store.close()
    assert path.stat().st_size == 0 and Path(f"{path}-wal").read_bytes() == kept
