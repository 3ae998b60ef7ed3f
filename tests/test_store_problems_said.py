"""What keeps the dataset store from being opened or written is said as it is: a start refused says
in one line which folder, file, password or database is wrong, and a write to a read-only SQLite
store is a 503 saying so, its reads going on."""
from __future__ import annotations

import sqlite3

import psycopg
import pytest
from sqlalchemy.engine import make_url

from app import create_app, create_app_or_exit
from app.store.postgres_backend import PostgresBackend
from app.store.sqlite_backend import SqliteBackend
from app.store.store_refusals import PG_READONLY_MESSAGE, READONLY_MESSAGE
from tests.conftest import CSV_WRITE, WRITE_TOKEN

START = "error: the dataset database (--data-dir, --database-url or SVGPLOTS_DATABASE_URL) cannot be opened: "


def refused_start(settings: dict) -> str:
    """The one line `create_app_or_exit` ends the process with under `settings`."""
    with pytest.raises(SystemExit) as exited:
        create_app_or_exit({"TESTING": True, **settings})
    assert "\n" not in exited.value.code
    return exited.value.code


def test_a_data_folder_that_is_a_file_stops_the_start_in_one_line_naming_it(tmp_path):
    # It was a traceback ending in FileExistsError.
    (tmp_path / "afile").write_text("not a folder")
    assert refused_start({"DATA_DIR": str(tmp_path / "afile")}) == (
        f"{START}{tmp_path / 'afile'} is a file, not a folder; name a folder, then run this again")


def test_an_sqlite_file_that_is_a_folder_stops_the_start_naming_it(tmp_path):
    (tmp_path / "data" / "svgplots.sqlite").mkdir(parents=True)
    assert refused_start({"DATA_DIR": str(tmp_path / "data")}) == (
        f"{START}{tmp_path / 'data' / 'svgplots.sqlite'} is a folder, not an SQLite file; name another file, "
        "then run this again")


def test_a_folder_the_site_may_not_write_is_named_as_such(tmp_path, monkeypatch):
    # Tests run as root, who may write any folder: the permission SQLite found missing is asked of os.access.
    monkeypatch.setattr("app.store.sqlite_backend.os.access", lambda path, mode: False)
    backend = SqliteBackend(make_url(f"sqlite:///{tmp_path / 'ro' / 'svgplots.sqlite'}"), 1.0)
    cannot_open = sqlite3.OperationalError("unable to open database file")
    assert backend.opening_problem(cannot_open) == (
        f"cannot write the folder {tmp_path / 'ro'} to make the SQLite file svgplots.sqlite in it; "
        "let the site's user write it or name another folder")


@pytest.mark.parametrize("file_writable, why", [
    (True, "cannot write the folder {folder}, where SQLite makes svgplots.sqlite-wal and svgplots.sqlite-shm as it "
           "opens the file; let the site's user write it"),
    (False, "cannot write the SQLite file {folder}/svgplots.sqlite nor the folder {folder}, where SQLite makes "
            "svgplots.sqlite-wal and svgplots.sqlite-shm as it opens the file; let the site's user write them"),
])
def test_a_store_folder_the_site_may_not_write_is_named_where_sqlite_needs_it(tmp_path, monkeypatch, file_writable,
                                                                              why):
    # A store file in a folder the site may not write, without the -shm file its last use left (a copy, or
    # the sqlite3 shell closing it, removes both), cannot be opened, reads and all: the start said
    # "SQLite cannot open …: attempt to write a readonly database; correct the path", of a path that was right.
    folder = tmp_path / "ro"
    folder.mkdir()
    (folder / "svgplots.sqlite").write_bytes(b"")
    writable = {str(folder / "svgplots.sqlite")} if file_writable else set()
    monkeypatch.setattr("app.store.sqlite_backend.os.access", lambda path, mode: str(path) in writable)
    backend = SqliteBackend(make_url(f"sqlite:///{folder / 'svgplots.sqlite'}"), 1.0)
    read_only = sqlite3.OperationalError("attempt to write a readonly database")
    read_only.sqlite_errorcode = sqlite3.SQLITE_READONLY
    assert backend.opening_problem(read_only) == why.format(folder=folder)


@pytest.mark.parametrize("said, why", [
    ('connection failed: connection to server at "127.0.0.1", port 5432 failed: FATAL:  password authentication '
     'failed for user "svg"', "the database refused the password for user 'svg'; correct the URL"),
    ('connection failed: connection to server at "127.0.0.1", port 5432 failed: FATAL:  role "svg" does not exist',
     "user 'svg' does not exist on the database server; correct the URL"),
    ('connection failed: connection to server at "127.0.0.1", port 1 failed: Connection refused\n\tIs the server '
     'running on that host and accepting TCP/IP connections?',
     "its server cannot be reached (Connection refused); start it or correct the URL"),
])
def test_what_postgresql_refused_is_said_in_the_sites_words(said, why):
    backend = PostgresBackend(make_url("postgresql+psycopg://svg:hunter2@127.0.0.1:5432/svg"), 1.0)
    assert backend.opening_problem(psycopg.OperationalError(said)) == why


@pytest.mark.parametrize("said, why", [
    ("failed to resolve host 'db.internal': [Errno -2] Name or service not known",
     "its server cannot be reached (failed to resolve host: [Errno -2] Name or service not known); start it or "
     "correct the URL"),
    ('connection failed: could not translate host name "db.internal" to address: Name or service not known',
     "its server cannot be reached (could not translate host name to address: Name or service not known); start it "
     "or correct the URL"),
    ('connection failed: connection to server at "db.internal" (10.0.0.5), port 5432 failed: FATAL:  no pg_hba.conf '
     'entry for host "10.0.0.9", user "svg", database "svg", no encryption',
     "the server refused the connection (no pg_hba.conf entry for host, user, database, no encryption); correct the "
     "URL"),
])
def test_what_keeps_postgresql_from_being_reached_is_said_without_its_host_or_user(said, why):
    # As an outage's log line says it: the start-up line names nothing of the URL but what it refuses.
    backend = PostgresBackend(make_url("postgresql+psycopg://svg:hunter2@db.internal:5432/svg"), 1.0)
    assert backend.opening_problem(psycopg.OperationalError(said)) == why


def test_a_postgresql_database_that_does_not_exist_is_named(tmp_path, postgres_url):
    url = make_url(postgres_url).set(database="no_such_database", password="hunter2secret")
    said = refused_start({"DATA_DIR": str(tmp_path), "DATABASE_URL": url.render_as_string(hide_password=False)})
    assert said == (f"{START}database 'no_such_database' does not exist; create it or correct the URL, "
                    "then run this again")


@pytest.fixture
def read_only_store(tmp_path, closing):
    """A site whose SQLite store is opened read-only, as a file of mode 444 is by a user other than root."""
    data = tmp_path / "data"
    closing(create_app({"TESTING": True, "DATA_DIR": str(data)}))  # made, with its samples
    url = f"sqlite:///file:{data / 'svgplots.sqlite'}?mode=ro&uri=true"
    return closing(create_app({"TESTING": True, "DATA_DIR": str(data), "DATABASE_URL": url,
                               "WRITE_TOKENS": WRITE_TOKEN}))


def test_a_write_to_a_read_only_store_is_a_503_saying_so_and_reads_go_on(read_only_store, caplog):
    # It was a 500, logged with a traceback ending "attempt to write a readonly database".
    client = read_only_store.test_client()
    listed = client.get("/api/datasets").get_json()
    created = client.post("/api/datasets?name=fresh", data="a,b\n1,2\n", headers=CSV_WRITE)
    assert created.status_code == 503, created.get_data(as_text=True)
    assert created.get_json()["error"] == READONLY_MESSAGE
    assert client.get("/api/datasets").get_json() == listed
    assert client.get("/plot/weather.svg").status_code == 200
    # The API's own description of the answer says that a read-only store is one of its causes.
    documented = client.get("/api/openapi.json").get_json()["paths"]["/api/datasets"]["post"]["responses"]["503"]
    assert "read-only" in documented["description"]
    # The database answers: no outage begins with the refusal and ends with the next read.
    assert "out of reach" not in caplog.text
    assert "answers again" not in caplog.text


def test_a_write_to_a_read_only_store_carries_no_retry_after_and_says_who_mends_it(read_only_store):
    # It carried Retry-After: 5, though no wait makes the file writable.
    created = read_only_store.test_client().post("/api/datasets?name=fresh", data="a,b\n1,2\n", headers=CSV_WRITE)
    assert created.status_code == 503 and "Retry-After" not in created.headers
    assert created.get_json()["error"].endswith("no write can be until whoever runs the site lets it write both")


def test_a_write_to_a_postgresql_store_in_read_only_mode_is_a_503_without_retry_after(tmp_path, postgres_database_url,
                                                                                       closing):
    # An operator's default_transaction_read_only was overridden by each write that followed a read on its
    # connection (SQLAlchemy leaves READ WRITE after a read): the write was stored.
    data = tmp_path / "data"
    closing(create_app({"TESTING": True, "DATA_DIR": str(data), "DATABASE_URL": postgres_database_url}))
    url = make_url(postgres_database_url).update_query_dict({"options": "-c default_transaction_read_only=on"})
    app = closing(create_app({"TESTING": True, "DATA_DIR": str(data), "WRITE_TOKENS": WRITE_TOKEN,
                              "DATABASE_URL": url.render_as_string(hide_password=False)}))
    client = app.test_client()
    listed = client.get("/api/datasets").get_json()
    for _ in range(2):  # the second on a connection that has read
        created = client.post("/api/datasets?name=fresh", data="a,b\n1,2\n", headers=CSV_WRITE)
        assert created.status_code == 503, created.get_data(as_text=True)
        assert created.get_json()["error"] == PG_READONLY_MESSAGE
        assert "Retry-After" not in created.headers
    assert client.get("/api/datasets").get_json() == listed
    assert client.get("/plot/weather.svg").status_code == 200
