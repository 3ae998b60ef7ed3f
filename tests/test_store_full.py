"""A dataset store whose disk is full refuses each write with a 503 saying so, stores nothing of it,
and goes on answering reads: SQLite's "database or disk is full" and PostgreSQL's disk_full alike."""
from __future__ import annotations

import io
import logging
import sqlite3

import psycopg
import pytest
from sqlalchemy.engine import make_url

from app import create_app_or_exit
from app.store.postgres_backend import PostgresBackend
from app.store.sqlite_backend import SqliteBackend
from app.store.store_refusals import DELETE_FULL_MESSAGE, FULL_MESSAGE, FULL_READ_MESSAGE
from tests.conftest import CSV_WRITE, WRITE_TOKEN, csrf_at, writable_app

ROWS = "year,Bear,Deer,Wolf\n2031,1,2,3\n"


def disk_full(backend: type) -> Exception:
    """What the backend's driver raises when the database's disk has no room for a write."""
    if backend is SqliteBackend:
        error = sqlite3.OperationalError("database or disk is full")
        error.sqlite_errorcode = sqlite3.SQLITE_FULL
        return error
    return psycopg.errors.DiskFull('could not extend file "base/16384/16402": No space left on device')


@pytest.fixture
def full_site(data_dir, store_url, closing, monkeypatch):
    """A writable site on a fresh database of each backend, whose every insert of rows writes them and
    then finds the disk full, as a write that runs out of room half-way does."""
    app = closing(writable_app(data_dir, DATABASE_URL=store_url))
    backend = type(app.extensions["svgplots"].store.database.backend)
    inserted = backend.insert_rows

    def insert_then_full(self, conn, table, rows):
        inserted(self, conn, table, rows)
        raise disk_full(backend)

    monkeypatch.setattr(backend, "insert_rows", insert_then_full)
    return app


def test_every_write_to_a_full_disk_is_a_503_saying_so_and_stores_nothing(full_site, caplog):
    # It was a 500, logged with a traceback of 70 lines ending in "database or disk is full".
    client = full_site.test_client()
    listed = client.get("/api/datasets").get_json()
    animals = client.get("/datasets/animals.csv").get_data()
    with caplog.at_level(logging.WARNING):
        created = client.post("/api/datasets?name=fresh", data="a,b\n1,2\n", headers=CSV_WRITE)
        appended = client.post("/api/datasets/animals/rows", data=ROWS, headers=CSV_WRITE)
        for answer in (created, appended):
            assert answer.status_code == 503, answer.get_data(as_text=True)
            assert answer.get_json()["error"] == FULL_MESSAGE
            assert int(answer.headers["Retry-After"]) == 60
        uploaded = client.post("/upload", data={
            "csrf_token": csrf_at(client, "/upload"), "token": WRITE_TOKEN, "name": "fresh", "title": "",
            "file": (io.BytesIO(b"a,b\n1,2\n"), "fresh.csv")})
        added = client.post("/datasets/animals/append", data={
            "csrf_token": csrf_at(client, "/datasets/animals/append"), "token": WRITE_TOKEN, "rows": ROWS})
        for form in (uploaded, added):
            assert form.status_code == 503, form.get_data(as_text=True)[:300]
            assert "disk is full: nothing was stored" in form.get_data(as_text=True)
    # Nothing half-written: no dataset made, no row added, and the reads go on.
    assert client.get("/api/datasets").get_json() == listed
    assert client.get("/datasets/animals.csv").get_data() == animals
    assert client.get("/plot/animals.svg").status_code == 200
    documented = client.get("/api/openapi.json").get_json()["paths"]["/api/datasets"]["post"]["responses"]["503"]
    assert "disk is full" in documented["description"]
    # The database answers: no outage is logged, nor a failure's traceback.
    assert "out of reach" not in caplog.text and "unhandled error" not in caplog.text


def test_a_delete_on_a_full_disk_says_to_make_room_by_other_means(data_dir, store_url, closing, monkeypatch):
    # It said that writes will work again once room is made, as if a delete could make it: an SQLite delete
    # needs room for its log too (a 2 MB disk filled by the site's writes refused every delete after), and
    # what it frees stays in the file.
    app = closing(writable_app(data_dir, DATABASE_URL=store_url))
    client = app.test_client()
    assert client.post("/api/datasets?name=fresh", data="a,b\n1,2\n", headers=CSV_WRITE).status_code == 201
    listed = client.get("/api/datasets").get_json()
    store = type(app.extensions["svgplots"].store.database)
    backend = type(app.extensions["svgplots"].store.database.backend)

    def full_when_logged(self, conn, name, action, rows, at):
        raise disk_full(backend)

    monkeypatch.setattr(store, "_log_write", full_when_logged)
    created = client.post("/api/datasets?name=other", data="a,b\n1,2\n", headers=CSV_WRITE)
    assert created.get_json()["error"] == FULL_MESSAGE
    deleted = client.delete("/api/datasets/fresh", headers={"Authorization": f"Bearer {WRITE_TOKEN}"})
    assert deleted.status_code == 503, deleted.get_data(as_text=True)
    assert deleted.get_json()["error"] == DELETE_FULL_MESSAGE
    assert "by other means than a delete" in DELETE_FULL_MESSAGE
    assert int(deleted.headers["Retry-After"]) == 60
    assert client.get("/api/datasets").get_json() == listed


@pytest.mark.parametrize("backend", [SqliteBackend, PostgresBackend])
def test_a_full_disk_is_told_from_an_outage_by_each_backend(backend, tmp_path):
    url = f"sqlite:///{tmp_path / 'store.sqlite'}" if backend is SqliteBackend else "postgresql+psycopg://svg@db/svg"
    refused = backend(make_url(url), 1.0).store_error(disk_full(backend))
    assert refused.message == FULL_MESSAGE and refused.retry_after == 60


def test_a_read_that_meets_a_full_disk_says_the_disk_is_full_and_not_that_nothing_was_stored(
        data_dir, store_url, closing, monkeypatch):
    # A read (a big sort's temporary file, say) finds no room: nothing was asked to be stored, so its
    # 503 says only that the disk is full, not a write's "nothing was stored by this request".
    app = closing(writable_app(data_dir, DATABASE_URL=store_url))
    client = app.test_client()
    assert client.get("/api/datasets").status_code == 200  # the samples loaded, by writes that had room
    backend = type(app.extensions["svgplots"].store.database.backend)
    options = backend.transaction_options

    def full_when_read(self, write):
        if not write:
            raise disk_full(backend)
        return options(self, write)

    monkeypatch.setattr(backend, "transaction_options", full_when_read)
    answer = client.get("/api/datasets")
    assert answer.status_code == 503, answer.get_data(as_text=True)
    said = answer.get_json()["error"]
    assert said == FULL_READ_MESSAGE and "disk is full" in said
    assert "stored" not in said and "writes" not in said
    assert int(answer.headers["Retry-After"]) == 60


@pytest.mark.parametrize("backend", [SqliteBackend, PostgresBackend])
def test_a_read_is_told_a_full_disk_in_a_reads_words_by_each_backend(backend, tmp_path):
    url = f"sqlite:///{tmp_path / 'store.sqlite'}" if backend is SqliteBackend else "postgresql+psycopg://svg@db/svg"
    refused = backend(make_url(url), 1.0).store_error(disk_full(backend), write=False)
    assert refused.message == FULL_READ_MESSAGE and refused.retry_after == 60


@pytest.mark.parametrize("state", ["53200", "53300"])
def test_a_postgresql_server_out_of_memory_or_connections_is_unavailable_for_a_moment(state):
    backend = PostgresBackend(make_url("postgresql+psycopg://svg@db/svg"), 1.0)
    refused = backend.store_error(psycopg.errors.lookup(state)("out of memory"))
    assert refused is not None and refused.retry_after and "cannot be reached" in refused.message


def test_a_start_that_finds_the_disk_full_says_so_and_to_make_room(store_url, tmp_path, monkeypatch):
    # A first start loads the samples; on SQLite with no room left it said "SQLite cannot open …: database or
    # disk is full; correct the path", and on PostgreSQL that its server cannot be reached: no path or URL
    # was wrong, and no other would have mended it.
    sqlite = store_url.startswith("sqlite")
    backend = SqliteBackend if sqlite else PostgresBackend

    def full(self, conn, table, rows):
        raise disk_full(backend)

    monkeypatch.setattr(backend, "insert_rows", full)
    with pytest.raises(SystemExit) as exited:
        create_app_or_exit({"TESTING": True, "DATA_DIR": str(tmp_path / "data"), "DATABASE_URL": store_url})
    where = f"the disk of the SQLite file {make_url(store_url).database}" if sqlite else "the database server's disk"
    assert exited.value.code == ("error: the dataset database (--data-dir, --database-url or SVGPLOTS_DATABASE_URL) "
                                 f"cannot be opened: {where} is full; make room on it, then run this again")


def test_a_full_disk_is_logged_once_as_it_begins_and_once_as_a_write_is_stored_again(full_site, caplog, monkeypatch):
    client = full_site.test_client()
    with caplog.at_level(logging.WARNING):
        for name in ("one", "two", "three"):
            assert client.post(f"/api/datasets?name={name}", data="a,b\n1,2\n", headers=CSV_WRITE).status_code == 503
            assert client.get("/plot/animals.svg").status_code == 200
        monkeypatch.undo()  # room made on the disk
        for name in ("one", "two"):
            assert client.post(f"/api/datasets?name={name}", data="a,b\n1,2\n", headers=CSV_WRITE).status_code == 201
    said = [record.getMessage() for record in caplog.records if "dataset database" in record.getMessage()]
    assert said == ["the dataset database refuses writes: its disk is full; make room on it; writes answer 503 "
                    "until then, and reads go on", "the dataset database takes writes again"]
