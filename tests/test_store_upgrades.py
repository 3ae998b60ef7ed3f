"""Stores written by earlier releases open with this one: every dataset, row, version and kept append
answer as they left them. A start cut off as it migrates one keeps nothing of it, and a store a newer
release migrated is refused, not misread.

tests/data holds, for each schema an earlier release left a store at (1 to 4: the migrations in
app/store/schema.py), an SQLite store file (gzip-compressed) and a dump of a PostgreSQL store, each
written through the API by the last release at that schema, with no samples loaded, by these writes:

- `sales` ("Ventes – été 🌞"), columns month, units, price, "température °C" and note, made with two
  rows (a -0.0, 2**53 + 1), then appended to with Idempotency-Key `k1` (JSON: 2**63 - 1, -0.0, 名前),
  `k2` (CSV: -2**63, 1e300, "a,b") and no key (a time of day, missing values): versions 1 to 4.
- `gone`, made (5), appended to with key `kg` (6) and deleted (7), then made again with other columns
  (8) and appended to with key `kg` again (9).
- `zoo` ("Zoo ü"), a column named 名前 (10).

PostgreSQL kept each -0.0 as it came, until migration 5 made them 0.0, as SQLite stores them. The dumps
are pg_dump's (`--inserts --no-owner --no-privileges`), its comments left out and each float -0 of a
row written `'-0'`: PostgreSQL reads a bare `-0` as the integer 0, which has no sign.
"""
from __future__ import annotations

import gzip
import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from sqlalchemy import create_engine, select, text

from app import create_app, create_app_or_exit
from app.store.schema import LATEST, STORE_IDENTITY, meta, schema_migrations
from tests.conftest import ROOT
from tests.postgres import database

DATA = Path(__file__).parent / "data"
SCHEMAS = (1, 2, 3, 4)
TOKEN = "upgrade-token"
WRITE = {"Authorization": f"Bearer {TOKEN}"}

SALES_COLUMNS = [{"name": "month", "type": "datetime"}, {"name": "units", "type": "integer"},
                 {"name": "price", "type": "float"}, {"name": "température °C", "type": "float"},
                 {"name": "note", "type": "text"}]
ROWS = {
    "sales": ("month,units,price,température °C,note\n"
              "2024-01-01T00:00:00Z,5,1.5,0.0,first\n"
              "2024-02-01T00:00:00Z,9007199254740993,0.0,21.5,été 🌞\n"
              "2024-03-01T00:00:00Z,9223372036854775807,0.0,0.0,名前\n"
              '2024-04-01T00:00:00Z,-9223372036854775808,1e+300,-1.25,"a,b"\n'
              "2024-05-01T10:30:00Z,3,2.5,,\n"),
    "gone": "x,y\n2024-01-01,0.5\n2024-01-02,0.0\n",
    "zoo": "名前,count\nÅsa,1\nZoë,2\n",
}
DESCRIBED = {"sales": ("Ventes – été 🌞", "4", 5), "gone": ("Gone again", "9", 2), "zoo": ("Zoo ü", "10", 2)}
# The appends sent with a key, as the release sent them, and the version and row count each first left.
K1 = ("sales", "k1", "application/json", json.dumps([{"month": "2024-03-01", "units": 9223372036854775807,
                                                      "price": -0.0, "température °C": 0, "note": "名前"}]), "2", 3)
K2 = ("sales", "k2", "text/csv",
      "month,units,price,température °C,note\n2024-04-01,-9223372036854775808,1e300,-1.25,\"a,b\"\n", "3", 4)
KG = ("gone", "kg", "application/json", json.dumps([{"x": "2024-01-02", "y": -0.0}]), "9", 2)


@pytest.fixture(params=[(backend, schema) for backend in ("sqlite", "postgresql") for schema in SCHEMAS],
                ids=lambda param: f"{param[0]}-schema-{param[1]}")
def old_store(request, tmp_path) -> tuple[str, int]:
    """The URL of a store an earlier release left at one schema, and that schema's number."""
    backend, schema = request.param
    if backend == "sqlite":
        path = tmp_path / "svgplots.sqlite"
        path.write_bytes(gzip.decompress((DATA / f"schema-{schema}-store.sqlite.gz").read_bytes()))
        yield f"sqlite:///{path}", schema
        return
    dump = (DATA / f"schema-{schema}-store.sql").read_text(encoding="utf-8")
    with database(request.getfixturevalue("postgres_url"), f"svgplots_test_{os.getpid()}_schema_{schema}", dump) as url:
        yield url, schema


def site(url: str, tmp_path: Path, closing):
    """A test client of this release over the store of `url`, with no samples nor dashboards."""
    empty = tmp_path / "no-samples"
    empty.mkdir(exist_ok=True)
    app = create_app({"TESTING": True, "DATA_DIR": str(tmp_path), "DATABASE_URL": url, "SAMPLE_DATA_DIR": str(empty),
                      "DASHBOARD_DIRS": [], "WRITE_TOKENS": TOKEN, "RENDER_WORKERS": 0})
    return closing(app).test_client()


def identity(url: str) -> str | None:
    """The store's identity as its database holds it (None before migration 4 made one)."""
    engine = create_engine(url)
    try:
        with engine.connect() as conn:
            return conn.execute(select(meta.c.value).where(meta.c.key == STORE_IDENTITY)).scalar()
    finally:
        engine.dispose()


def append(client, name: str, key: str | None, mimetype: str, body: str):
    headers = {**WRITE, "Content-Type": mimetype, **({"Idempotency-Key": key} if key else {})}
    return client.post(f"/api/datasets/{name}/rows", data=body.encode("utf-8"), headers=headers)


def migrated(url: str) -> list[int]:
    """The numbers of the migrations the store's database records."""
    engine = create_engine(url)
    try:
        with engine.connect() as conn:
            numbers = select(schema_migrations.c.version).order_by(schema_migrations.c.version)
            return conn.execute(numbers).scalars().all()
    finally:
        engine.dispose()


# A start of this release whose process is killed as its migration 4 begins, migrations 2 and 3 run.
KILLED_MID_MIGRATION = """
import os, signal, sys
from app.store import schema
def killed(conn):
    os.kill(os.getpid(), signal.SIGKILL)
schema.MIGRATIONS = tuple((number, killed if number == 4 else step) for number, step in schema.MIGRATIONS)
from app import create_app
create_app({"TESTING": True, "DATA_DIR": sys.argv[1], "DATABASE_URL": sys.argv[2], "RENDER_WORKERS": 0,
            "DASHBOARD_DIRS": [], "SAMPLE_DATA_DIR": sys.argv[1]})
"""


def test_a_start_killed_half_way_through_its_migrations_leaves_the_store_as_the_earlier_release_left_it(
        tmp_path, closing):
    path = tmp_path / "svgplots.sqlite"
    path.write_bytes(gzip.decompress((DATA / "schema-1-store.sqlite.gz").read_bytes()))
    url = f"sqlite:///{path}"
    killed = subprocess.run([sys.executable, "-c", KILLED_MID_MIGRATION, str(tmp_path), url], cwd=ROOT,
                            capture_output=True, timeout=120)
    assert killed.returncode == -signal.SIGKILL
    engine = create_engine(url)
    with engine.connect() as conn:
        kept = [row[1] for row in conn.exec_driver_sql("PRAGMA table_info(append_keys)")]
    engine.dispose()
    assert migrated(url) == [1] and kept == ["dataset_id", "key", "rows_added"] and identity(url) is None
    client = site(url, tmp_path, closing)  # the next start runs them all
    assert migrated(url) == [1, 2, 3, 4, 5]
    for name, rows in ROWS.items():
        assert client.get(f"/datasets/{name}.csv").get_data(as_text=True) == rows


def test_a_store_a_newer_release_migrated_stops_the_start_naming_its_schema_and_is_left_as_it_was(
        old_store, tmp_path):
    url, schema = old_store
    newer = LATEST + 1
    engine = create_engine(url)
    with engine.begin() as conn:  # as a release of one more migration leaves it, having run the ones it lacked
        conn.execute(schema_migrations.insert().values(version=newer, applied_at="2027-01-01T00:00:00Z"))
    engine.dispose()
    recorded = migrated(url)
    with pytest.raises(SystemExit) as exited:
        create_app_or_exit({"TESTING": True, "DATA_DIR": str(tmp_path), "DATABASE_URL": url, "RENDER_WORKERS": 0,
                            "DASHBOARD_DIRS": []})
    assert exited.value.code == (
        "error: the dataset database (--data-dir, --database-url or SVGPLOTS_DATABASE_URL) cannot be opened: it "
        f"was written by a newer release of the site, at schema {newer}, and this release reads schemas 1 to {LATEST}: "
        f"start a release of schema {newer} or later (the last number of MIGRATIONS in its app/store/schema.py), or "
        "restore the backup made before that release opened it")
    assert migrated(url) == recorded and (identity(url) is not None) == (schema >= 4)


def test_every_dataset_of_an_earlier_store_keeps_its_title_version_columns_and_rows(old_store, tmp_path, closing):
    url, _ = old_store
    client = site(url, tmp_path, closing)
    assert [d["name"] for d in client.get("/api/datasets").get_json()["datasets"]] == ["gone", "sales", "zoo"]
    for name, (title, version, rows) in DESCRIBED.items():
        described = client.get(f"/api/datasets/{name}").get_json()["dataset"]
        assert (described["title"], described["version"], described["row_count"]) == (title, version, rows)
        assert client.get(f"/datasets/{name}.csv").get_data(as_text=True) == ROWS[name]
    assert client.get("/api/datasets/sales").get_json()["dataset"]["columns"] == SALES_COLUMNS
    big = [row[1] for row in client.get("/datasets/sales.json").get_json()["rows"]]
    assert big == [5, 2**53 + 1, 2**63 - 1, -2**63, 3]


def test_an_earlier_stores_migrations_all_run_once_and_its_identity_is_kept(old_store, tmp_path, closing):
    url, schema = old_store
    before = identity(url)
    assert (before is not None) == (schema >= 4)
    client = site(url, tmp_path, closing)
    made = identity(url)
    assert made is not None and (schema < 4 or made == before)
    link = client.get("/api/datasets/sales").get_json()["dataset"]["csv"]
    engine = create_engine(url)
    with engine.connect() as conn:
        assert conn.execute(select(schema_migrations.c.version)).scalars().all() == [1, 2, 3, 4, 5]
        if engine.dialect.name == "postgresql":  # the rows read 0.0 either way; migration 5 stores them so
            signed = ("SELECT count(*) FROM rows_1, rows_3 "
                      "WHERE '-0' IN (rows_1.c2::text, rows_1.c3::text, rows_3.c1::text)")
            assert conn.execute(text(signed)).scalar() == 0
    engine.dispose()
    again = site(url, tmp_path, closing)
    assert identity(url) == made and again.get("/api/datasets/sales").get_json()["dataset"]["csv"] == link


def test_an_append_sent_again_with_its_key_kept_by_an_earlier_store_stores_nothing(old_store, tmp_path, closing):
    url, schema = old_store
    client = site(url, tmp_path, closing)
    for name, key, mimetype, body, version, rows in (K1, K2, KG):
        answer = append(client, name, key, mimetype, body)
        assert answer.status_code == 200 and answer.get_json()["replayed"] is True
        # Schema 1 kept only the rows a key added: its answer is the dataset as it is now.
        first = (version, rows) if schema >= 2 else DESCRIBED[name][1:]
        assert (answer.get_json()["version"], answer.get_json()["rows_total"]) == first
    for name, (_, version, rows) in DESCRIBED.items():
        assert (client.get(f"/api/datasets/{name}").get_json()["dataset"]["version"],
                client.get(f"/datasets/{name}.csv").get_data(as_text=True)) == (version, ROWS[name])


def test_a_key_an_earlier_store_kept_refuses_another_body_or_without_its_request_answers_as_the_first_time(
        old_store, tmp_path, closing):
    url, schema = old_store
    client = site(url, tmp_path, closing)
    name, key, mimetype, body, version, rows = K1
    answer = append(client, name, key, mimetype, body.replace("9223372036854775807", "1"))
    if schema >= 3:
        assert answer.status_code == 422
    else:  # kept without its request, which another body cannot be told from: answered as the first time
        first = (version, rows) if schema >= 2 else DESCRIBED[name][1:]
        assert answer.status_code == 200 and answer.get_json()["replayed"] is True
        assert (answer.get_json()["version"], answer.get_json()["rows_total"]) == first
    assert client.get("/api/datasets/sales").get_json()["dataset"]["version"] == "4"


def test_writes_to_an_earlier_store_take_versions_it_never_gave_and_move_the_etags_on(old_store, tmp_path, closing):
    url, schema = old_store
    started = time.time_ns() // 1000
    client = site(url, tmp_path, closing)
    rows = client.get("/datasets/sales.csv")
    assert client.get("/datasets/sales.csv", headers={"If-None-Match": rows.headers["ETag"]}).status_code == 304
    described = client.get("/api/datasets/sales")
    answer = append(client, "sales", "new", "application/json", json.dumps(
        [{"month": "2024-06-01", "units": 1, "price": 1.0, "température °C": None, "note": None}]))
    assert answer.status_code == 200, answer.get_data(as_text=True)
    version = int(answer.get_json()["version"])
    assert answer.get_json()["rows_total"] == 6
    # 10 was zoo's. A store named before (schema 4) may be a backup restored: its versions move past
    # the clock's microseconds as it starts, beyond any its lost writes had.
    assert version == 11 if schema < 4 else version > started
    after = client.get("/datasets/sales.csv", headers={"If-None-Match": rows.headers["ETag"]})
    assert after.status_code == 200 and after.headers["ETag"] != rows.headers["ETag"]
    refused = client.post("/api/datasets/sales/rows", data=b"[]", headers={
        **WRITE, "Content-Type": "application/json", "If-Match": described.headers["ETag"]})
    assert refused.status_code == 412
    assert client.delete("/api/datasets/gone", headers=WRITE).status_code == 200
    made = client.post("/api/datasets?name=gone", data=b"a\n1\n", headers={**WRITE, "Content-Type": "text/csv"})
    assert made.status_code == 201 and made.get_json()["version"] == str(version + 2)  # one more was the delete
