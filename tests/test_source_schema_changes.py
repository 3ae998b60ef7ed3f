"""A source table whose columns change under a dataset already described (a column renamed,
dropped or added by a migration, or given another type): in PostgreSQL the database's "no such
column", or a read that fails at columns the database no longer declares, makes the dataset
described anew, so one answer at most says to try again and the next has the new columns, whatever
`version_sql` says; in SQLite, whose schema version each read asks, the next read describes it anew."""
from __future__ import annotations

import os
import sqlite3
import threading
from pathlib import Path

import psycopg
import pytest

from app import create_app
from app.store import source_descriptions
from app.store import sources as source_store
from app.store.sqlite_changes import change_signal
from app.store.types import SourceColumnsChanged
from tests.postgres import libpq_url, set_up
from tests.source_data import sources_toml

ROWS = [("2024-01-01", "a", 1.0), ("2024-01-02", "b", 2.0), ("2024-01-03", "c", 3.0)]


@pytest.fixture(params=["sqlite", "postgresql"])
def readings_db(request, tmp_path: Path):
    """(URL, alter): a database of `readings` (t, note, v), and a function running a statement on it
    (an SQLite file in rollback-journal mode, "sqlite", or in WAL mode, "sqlite-wal")."""
    if request.param in ("sqlite", "sqlite-wal"):
        path = tmp_path / "r.db"
        with sqlite3.connect(path) as conn:
            if request.param == "sqlite-wal":
                conn.execute("PRAGMA journal_mode = WAL")
            conn.execute("CREATE TABLE readings (t DATETIME, note TEXT, v REAL)")
            conn.executemany("INSERT INTO readings VALUES (?, ?, ?)", ROWS)
        conn.close()

        def alter(statement: str) -> None:
            with sqlite3.connect(path) as altering:
                altering.execute(statement)
            altering.close()

        return f"sqlite:///{path}", alter
    url = request.getfixturevalue("postgres_database_url")
    set_up(url, "CREATE TABLE readings (t timestamp, note text, v double precision)",
           ("INSERT INTO readings VALUES (%s, %s, %s)", ROWS))

    def alter_pg(statement: str) -> None:
        with psycopg.connect(libpq_url(url), autocommit=True) as altering:
            altering.execute(statement)

    return url, alter_pg


def readings_site(tmp_path: Path, url: str, closing, version_sql: str | None = None, cache_seconds: int = 3600):
    """A site whose one dataset is the table `readings` of the source at `url`, versioned by
    `version_sql` where given and kept `cache_seconds`, closed at the test's end (`closing`)."""
    entry = {"source": "db", "table": "readings"}
    if version_sql:
        entry["version_sql"] = version_sql
    path = sources_toml(tmp_path / "s.toml", {"db": {"url": url, "cache_seconds": cache_seconds}}, {"readings": entry})
    (tmp_path / "data").mkdir()
    return closing(create_app({"TESTING": True, "DATA_DIR": str(tmp_path / "data"), "SOURCES": str(path),
                               "RENDER_WORKERS": 0, "DASHBOARD_DIRS": []}))


@pytest.mark.parametrize("readings_db", ["postgresql"], indirect=True)
@pytest.mark.parametrize("versioned", [True, False], ids=["version_sql", "cache_seconds"])
def test_a_renamed_column_is_seen_at_the_next_answer_not_when_the_version_moves_on(tmp_path, readings_db, closing,
                                                                                 versioned):
    url, alter = readings_db
    client = readings_site(tmp_path, url, closing, "SELECT max(v) FROM readings" if versioned else None).test_client()
    described = client.get("/api/datasets/readings").get_json()["dataset"]["columns"]
    assert [c["name"] for c in described] == ["t", "note", "v"]
    alter("ALTER TABLE readings RENAME COLUMN note TO remark")
    changed = client.get("/datasets/readings.json")
    assert changed.status_code == 503, changed.get_data(as_text=True)
    assert changed.get_json()["error"] == ("dataset 'readings' of the source 'db' changed its columns while it was "
                                           "read; try again")
    again = client.get("/datasets/readings.json")
    assert again.status_code == 200
    assert [c["name"] for c in again.get_json()["columns"]] == ["t", "remark", "v"]
    assert [row[1] for row in again.get_json()["rows"]] == ["a", "b", "c"]
    columns = client.get("/api/datasets/readings").get_json()["dataset"]["columns"]
    assert [c["name"] for c in columns] == ["t", "remark", "v"]
    alter("ALTER TABLE readings DROP COLUMN remark")
    assert client.get("/datasets/readings.csv").status_code == 503
    assert client.get("/datasets/readings.csv").get_data(as_text=True).splitlines()[0] == "t,v"
    assert [c["name"] for c in client.get("/api/datasets/readings").get_json()["dataset"]["columns"]] == ["t", "v"]


@pytest.mark.parametrize("readings_db", ["postgresql"], indirect=True)
def test_reads_in_flight_with_the_old_columns_each_say_they_changed_and_keep_the_new_description(tmp_path, readings_db,
                                                                                                closing, monkeypatch):
    url, alter = readings_db
    app = readings_site(tmp_path, url, closing)
    sources = app.extensions["svgplots"].store.sources
    assert [c.name for c in sources.info("readings").columns] == ["t", "note", "v"]
    alter("ALTER TABLE readings RENAME COLUMN note TO remark")
    # Reads "first" and "late" both take the old description, then "first" fails, another read
    # describes the dataset anew, and only then does "late" fail.
    read_rows, both_described, redescribed = source_store.read_rows, threading.Barrier(2, timeout=30), threading.Event()

    def in_step(*args, **kwargs):
        if threading.current_thread().name in ("first", "late"):
            both_described.wait()
            if threading.current_thread().name == "late":
                redescribed.wait(30)
        return read_rows(*args, **kwargs)

    monkeypatch.setattr(source_store, "read_rows", in_step)
    descriptions = []
    dataset_relation = source_descriptions.dataset_relation

    def counted(*args, **kwargs):
        descriptions.append(args[0])
        return dataset_relation(*args, **kwargs)

    monkeypatch.setattr(source_descriptions, "dataset_relation", counted)
    answers = {}

    def read(name: str) -> None:
        try:
            answers[name] = sources.read("readings")
        except Exception as error:  # noqa: BLE001  (the answer is checked below)
            answers[name] = error

    threads = {name: threading.Thread(target=read, args=(name,), name=name) for name in ("first", "late")}
    for thread in threads.values():
        thread.start()
    threads["first"].join(30)
    assert isinstance(answers["first"], SourceColumnsChanged)
    assert list(sources.read("readings").frame.columns) == ["t", "remark", "v"]
    redescribed.set()
    threads["late"].join(30)
    assert isinstance(answers["late"], SourceColumnsChanged), answers["late"]
    assert descriptions == ["readings"]
    # The new description, read while "late" was under way, is kept.
    assert list(sources.read("readings").frame.columns) == ["t", "remark", "v"]
    assert descriptions == ["readings"]


@pytest.mark.parametrize("readings_db", ["postgresql"], indirect=True)
def test_a_column_added_is_seen_within_cache_seconds_at_the_same_version_sql_value(tmp_path, readings_db, closing):
    url, alter = readings_db
    app = readings_site(tmp_path, url, closing, "SELECT max(v) FROM readings", cache_seconds=60)
    now = [1200.0]  # the start of a period of 60 seconds
    app.extensions["svgplots"].store.sources.clock = lambda: now[0]
    client = app.test_client()
    before = client.get("/api/datasets/readings").get_json()["dataset"]["version"]
    assert client.get("/datasets/readings.json").get_json()["columns"][-1]["name"] == "v"
    alter("ALTER TABLE readings ADD COLUMN extra REAL")
    now[0] += 30  # within cache_seconds: the description read a moment ago is kept
    assert client.get("/api/datasets/readings").get_json()["dataset"]["version"] == before
    now[0] += 31  # the next period of cache_seconds: described again, at the same version_sql value
    described = client.get("/api/datasets/readings").get_json()
    assert [c["name"] for c in described["dataset"]["columns"]] == ["t", "note", "v", "extra"]
    # Its columns are part of its version: answers kept at the old one are not served for the new columns.
    assert described["dataset"]["version"] != before
    rows = client.get("/datasets/readings.json").get_json()
    assert [c["name"] for c in rows["columns"]] == ["t", "note", "v", "extra"] and rows["rows"][0][3] is None


@pytest.mark.parametrize("readings_db", ["postgresql"], indirect=True)
@pytest.mark.parametrize("versioned", [True, False], ids=["version_sql", "cache_seconds"])
@pytest.mark.parametrize("statement, chart, then", [
    # Numbers read back as text, which the description typed float: no longer a 500.
    ("ALTER TABLE readings ALTER COLUMN v TYPE text USING 'x' || v::text", "/plot/readings.svg?y=v&kind=scatter",
     "y: column 'v' holds text, not numbers: row 1 holds 'x1'"),
    # A comparison of text with the numbers the description expects: no longer a 422 of the old types.
    ("ALTER TABLE readings ALTER COLUMN v TYPE text USING 'x' || v::text", "/plot/readings.svg?y=v&kind=hist",
     "y: column 'v' holds text, not numbers: row 1 holds 'x1'"),
    # Dates become numbers, which a range of dates is compared with.
    ("ALTER TABLE readings ALTER COLUMN t TYPE bigint USING extract(day from t)::bigint",
     "/plot/readings.svg?x=t&y=v&from=2024-01-02", "from needs a date column to choose the rows by"),
], ids=["text-read", "text-compared", "dates-become-numbers"])
def test_a_column_given_another_type_is_seen_at_the_next_answer_not_when_the_version_moves_on(
        tmp_path, readings_db, closing, versioned, statement, chart, then):
    url, alter = readings_db
    client = readings_site(tmp_path, url, closing, "SELECT count(*) FROM readings" if versioned else None).test_client()
    assert client.get("/plot/readings.svg?y=v").status_code == 200  # described, and the description kept
    alter(statement)
    changed = client.get(chart.replace(".svg", ".json"))
    assert changed.status_code == 503, changed.get_data(as_text=True)
    assert changed.get_json()["error"] == ("dataset 'readings' of the source 'db' changed its columns while it was "
                                           "read; try again")
    again = client.get(chart.replace(".svg", ".json"))
    assert again.status_code == 400, again.get_data(as_text=True)
    assert then in again.get_json()["error"]
    assert client.get(chart).status_code == 400


@pytest.mark.parametrize("readings_db", ["sqlite"], indirect=True)
@pytest.mark.parametrize("versioned", [True, False], ids=["version_sql", "cache_seconds"])
@pytest.mark.parametrize("columns, copied, chart, then", [
    # SQLite changes a column's type by a table made anew and renamed into place, which no read
    # refuses: numbers made text were read as missing values, dates made numbers as no rows.
    ("t DATETIME, note TEXT, v TEXT", "t, note, 'x' || v", "/plot/readings.json?y=v&kind=scatter",
     "y: column 'v' holds text, not numbers: row 1 holds 'x1.0'"),
    ("t INTEGER, note TEXT, v REAL", "rowid, note, v", "/plot/readings.json?x=t&y=v&from=2024-01-02",
     "from needs a date column to choose the rows by"),
], ids=["numbers-become-text", "dates-become-numbers"])
def test_an_sqlite_table_made_anew_with_other_types_is_described_anew_at_the_next_read(
        tmp_path, readings_db, closing, versioned, columns, copied, chart, then):
    url, alter = readings_db
    client = readings_site(tmp_path, url, closing, "SELECT count(*) FROM readings" if versioned else None).test_client()
    assert client.get("/plot/readings.svg?y=v").status_code == 200  # described, and the description kept
    alter(f"CREATE TABLE rebuilt ({columns})")
    alter(f"INSERT INTO rebuilt SELECT {copied} FROM readings")
    alter("DROP TABLE readings")
    alter("ALTER TABLE rebuilt RENAME TO readings")
    answer = answer_after_one_try_again(client, chart)
    assert answer.status_code == 400, answer.get_data(as_text=True)
    assert then in answer.get_json()["error"]
    described = client.get("/api/datasets/readings").get_json()["dataset"]["columns"]
    assert [(c["name"], c["type"]) for c in described] == [
        (each.split()[0], {"DATETIME": "datetime", "TEXT": "text", "REAL": "float", "INTEGER": "integer"}[each.split()[1]])
        for each in columns.split(", ")]


def answer_after_one_try_again(client, url: str):
    """The answer to `url`, asked again once where the first says the dataset changed while it was read
    (a chart checked against the columns described before, then read at the new ones)."""
    answer = client.get(url)
    if answer.status_code == 503:
        said = answer.get_json()["error"]
        assert said.startswith("dataset 'readings' ") and " while it was read" in said and said.endswith("; try again")
        answer = client.get(url)
    return answer


@pytest.mark.parametrize("readings_db", ["sqlite"], indirect=True)
@pytest.mark.parametrize("versioned", [True, False], ids=["version_sql", "cache_seconds"])
def test_an_sqlite_column_renamed_dropped_or_added_is_seen_at_the_next_read(tmp_path, readings_db, closing, versioned):
    url, alter = readings_db
    client = readings_site(tmp_path, url, closing, "SELECT max(v) FROM readings" if versioned else None).test_client()
    assert client.get("/plot/readings.svg?y=v").status_code == 200  # described, and the description kept
    alter("ALTER TABLE readings RENAME COLUMN note TO remark")
    renamed = client.get("/datasets/readings.json")
    assert renamed.status_code == 200, renamed.get_data(as_text=True)
    assert [c["name"] for c in renamed.get_json()["columns"]] == ["t", "remark", "v"]
    alter("ALTER TABLE readings ADD COLUMN extra REAL")
    # The dataset's page reads its first rows: at the new columns, which every answer then has.
    assert ">extra<" in client.get("/datasets/readings").get_data(as_text=True)
    columns = client.get("/api/datasets/readings").get_json()["dataset"]["columns"]
    assert [c["name"] for c in columns] == ["t", "remark", "v", "extra"]
    alter("ALTER TABLE readings DROP COLUMN v")
    gone = answer_after_one_try_again(client, "/plot/readings.json?y=v&kind=scatter")
    assert gone.status_code == 404, gone.get_data(as_text=True)
    assert gone.get_json()["error"] == "y: no column 'v'; the columns are t, remark, extra"


def rebuild_with_v_as_text(alter) -> None:
    """Make the SQLite table `readings` anew with its column v text ('x1.0' …), as SQLite changes a type."""
    alter("CREATE TABLE rebuilt (t DATETIME, note TEXT, v TEXT)")
    alter("INSERT INTO rebuilt SELECT t, note, 'x' || v FROM readings")
    alter("DROP TABLE readings")
    alter("ALTER TABLE rebuilt RENAME TO readings")


def described(client) -> tuple[list[tuple[str, str]], str]:
    """The columns (name, type) and version `/api/datasets` gives of `readings`."""
    listed = [each for each in client.get("/api/datasets").get_json()["datasets"] if each["name"] == "readings"]
    return [(c["name"], c["type"]) for c in listed[0]["columns"]], listed[0]["version"]


@pytest.mark.parametrize("readings_db", ["sqlite", "sqlite-wal"], indirect=True)
@pytest.mark.parametrize("versioned", [True, False], ids=["version_sql", "cache_seconds"])
def test_two_processes_on_one_sqlite_file_describe_a_table_made_anew_alike_before_the_other_reads(
        tmp_path, readings_db, closing, versioned):
    url, alter = readings_db
    clients = []
    for name in ("a", "b"):  # two gunicorn workers, say: two sites on one source file
        (tmp_path / name).mkdir()
        app = readings_site(tmp_path / name, url, closing, "SELECT count(*) FROM readings" if versioned else None)
        app.extensions["svgplots"].store.sources.clock = lambda: 1200.0  # within one period, one version_sql answer
        clients.append(app.test_client())
    first, second = clients
    assert described(first) == described(second)
    rebuild_with_v_as_text(alter)
    assert [c["type"] for c in first.get("/datasets/readings.json").get_json()["columns"]] == ["datetime", "text", "text"]
    now = described(first)
    assert now[0] == [("t", "datetime"), ("note", "text"), ("v", "text")]
    assert described(second) == now  # the same columns and version, though it read nothing since


@pytest.mark.parametrize("readings_db", ["sqlite", "sqlite-wal"], indirect=True)
def test_answers_that_read_nothing_show_an_sqlite_table_made_anew_at_once(tmp_path, readings_db, closing):
    url, alter = readings_db
    app = readings_site(tmp_path, url, closing)
    client = app.test_client()
    chart, data = "/plot/readings.svg?y=v", "/plot/readings.json?y=v"
    for _ in range(2):  # drawn, then answered from the render cache ahead of Flask
        assert client.get(chart).status_code == 200
    assert app.extensions["svgplots.fasthits"].remembers("/plot/readings.svg", "y=v")
    assert client.get(data).status_code == 200  # its rows kept under the version
    before = described(client)
    rebuild_with_v_as_text(alter)
    columns, version = described(client)
    assert columns == [("t", "datetime"), ("note", "text"), ("v", "text")] and version != before[1]
    assert client.get("/api/datasets/readings").get_json()["dataset"]["version"] == version
    for url in (chart, data):
        answer = answer_after_one_try_again(client, url)
        assert answer.status_code == 400, (url, answer.get_data(as_text=True)[:300])
        assert "y: column 'v' holds text, not numbers: row 1 holds 'x1.0'" in answer.get_data(as_text=True)


@pytest.mark.parametrize("journal", ["DELETE", "WAL"])
def test_an_sqlite_files_change_signal_moves_on_with_every_commit_however_quick(tmp_path, journal):
    path = tmp_path / "c.db"
    writer = sqlite3.connect(path, isolation_level=None)
    writer.execute(f"PRAGMA journal_mode = {journal}")
    writer.execute("CREATE TABLE counts (n INTEGER)")
    writer.execute("INSERT INTO counts VALUES (0)")
    signals = [change_signal(str(path))]
    for n in range(1, 30):  # in place, the file's size the same, within one tick of its clock
        writer.execute("UPDATE counts SET n = ?", (n,))
        signals.append(change_signal(str(path)))
        assert signals[-1] != signals[-2], n
    assert change_signal(str(path)) == signals[-1]  # nothing committed since
    writer.close()


def test_an_sqlite_file_copied_over_in_place_keeping_its_size_and_modification_time_is_a_change(tmp_path):
    # As `cp -p` over it does: the copy's counters and size may be the file's, its change time is not.
    path, other = tmp_path / "c.db", tmp_path / "other.db"
    for file, value in ((path, "a"), (other, "b")):
        db = sqlite3.connect(file, isolation_level=None)
        db.execute("CREATE TABLE notes (note TEXT)")
        db.execute("INSERT INTO notes VALUES (?)", (value,))
        db.close()
    before, header, signal = os.stat(path), path.read_bytes()[:100], change_signal(str(path))
    path.write_bytes(other.read_bytes())
    os.utime(path, ns=(before.st_atime_ns, before.st_mtime_ns))
    while os.stat(path).st_ctime_ns == before.st_ctime_ns:  # within one tick of the file system's clock
        os.utime(path, ns=(before.st_atime_ns, before.st_mtime_ns))
    after = os.stat(path)
    assert (after.st_ino, after.st_size, after.st_mtime_ns) == (before.st_ino, before.st_size, before.st_mtime_ns)
    assert path.read_bytes()[:100] == header  # its header's counters the same: the change time alone tells
    assert change_signal(str(path)) != signal


def test_a_wal_index_read_while_a_writer_changes_it_is_a_change(tmp_path):
    path = tmp_path / "c.db"
    sqlite3.connect(path).close()
    (tmp_path / "c.db-shm").write_bytes(bytes(48) + bytes([1]) + bytes(47))  # its two copies apart
    assert change_signal(str(path)) != change_signal(str(path))
    (tmp_path / "c.db-shm").write_bytes(bytes(96))
    assert change_signal(str(path)) == change_signal(str(path))


@pytest.mark.parametrize("readings_db", ["postgresql"], indirect=True)
def test_a_column_given_another_type_read_alike_is_charted_after_one_connection_read_it_many_times(
        tmp_path, readings_db, closing):
    # Its statements, sent more than five times on one pooled connection, are prepared on the server by
    # no one: PostgreSQL refuses to run a prepared statement whose result changed its type, again and again.
    url, alter = readings_db
    client = readings_site(tmp_path, url, closing, "SELECT count(*) FROM readings").test_client()
    for width in range(200, 208):  # another chart each time: the same statements, sent again
        assert client.get(f"/plot/readings.svg?y=v&width={width}").status_code == 200
    alter("ALTER TABLE readings ALTER COLUMN v TYPE numeric")
    answers = [client.get(f"/plot/readings.json?y=v&width={width}") for width in (208, 209)]
    assert [a.status_code for a in answers] == [200, 200], [a.get_data(as_text=True) for a in answers]
