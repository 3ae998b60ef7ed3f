"""A store backed up as README says and restored into another folder or database gives back every
dataset as it was, and a write after the restore never gets a version its lost writes had: a
browser or proxy keeping the URLs served before the restore for good never takes one for the other.
"""
from __future__ import annotations

import os
import re
import subprocess
import time
from pathlib import Path

from sqlalchemy import event
from sqlalchemy.engine import make_url

from app import create_app
from app.store.sqlite_backend import SqliteBackend
from tests.conftest import ROOT, chart_v
from tests.postgres import create_database, drop_database, libpq_url

TOKEN = "backup-token"
WRITE = {"Authorization": f"Bearer {TOKEN}"}


def site(url: str, folder: Path, closing):
    """A test client of the site over the store of `url`, its data folder `folder` (its `write-token`
    file kept there, as `python3 run.py` keeps it), with no samples."""
    empty = folder / "no-samples"
    empty.mkdir(parents=True, exist_ok=True)
    if not (folder / "write-token").exists():
        (folder / "write-token").write_text(TOKEN)
    return closing(create_app({"TESTING": True, "DATA_DIR": str(folder), "DATABASE_URL": url,
                               "SAMPLE_DATA_DIR": str(empty), "DASHBOARD_DIRS": [], "WRITE_TOKENS": TOKEN,
                               "RENDER_WORKERS": 0})).test_client()


def append(client, body: str) -> str:
    """Append the CSV `body` to `sales`; the version it gave the dataset."""
    answer = client.post("/api/datasets/sales/rows", data=body, headers={**WRITE, "Content-Type": "text/csv"})
    assert answer.status_code == 200, answer.get_data(as_text=True)
    return answer.get_json()["version"]


def urls(client) -> list[str]:
    """The versioned URLs of `sales`' rows as its API description writes them, and of a chart of it."""
    described = client.get("/api/datasets/sales").get_json()["dataset"]
    return [described["csv"], described["json"],
            f"/plot/sales.svg?x=x&y=y&v={chart_v(client.application, described['version'])}"]


def answers(client, addresses: list[str]) -> list[tuple[bytes, str]]:
    """The bytes and ETag each of `addresses` answers, which must be a 200."""
    found = [client.get(address) for address in addresses]
    assert [answer.status_code for answer in found] == [200] * len(addresses)
    return [(answer.data, answer.headers["ETag"]) for answer in found]


def readme_commands() -> list[str]:
    """The shell blocks of README's "Backing up and restoring": SQLite's backup, PostgreSQL's, SQLite's
    restore and PostgreSQL's."""
    section = (ROOT / "README.md").read_text().split("### Backing up and restoring\n", 1)[1].split("\n### ", 1)[0]
    blocks = re.findall(r"```sh\n(.*?)```", section, flags=re.S)
    assert len(blocks) == 4, blocks
    return blocks


def run_commands(block: str, folder: Path, **env: str) -> None:
    """Run a README block as written in `folder` (where `instance` is the data folder), but the start."""
    script = "\n".join(line for line in block.splitlines() if not line.startswith("python3 run.py"))
    done = subprocess.run(["bash", "-euc", script], cwd=folder, env={**os.environ, **env}, capture_output=True,
                          text=True, timeout=120)
    assert done.returncode == 0, done.stderr


def backed_up(url: str, folder: Path) -> None:
    """Back up the running store at `url` by README's commands, run in `folder`."""
    sqlite_backup, postgres_backup, _, _ = readme_commands()
    if url.startswith("sqlite"):
        run_commands(sqlite_backup, folder)
    else:
        run_commands(postgres_backup, folder, DATABASE=libpq_url(url))


def restored(url: str, folder: Path, server_url: str | None) -> str:
    """The URL of the store restored by README's commands, run in `folder`, from the backup of `url`."""
    _, _, sqlite_restore, postgres_restore = readme_commands()
    if server_url is None:
        run_commands(sqlite_restore, folder)
        return f"sqlite:///{folder / 'restored' / 'svgplots.sqlite'}"
    new_url = create_database(server_url, f"{make_url(url).database}_restored")
    run_commands(postgres_restore, folder, NEW_DATABASE=libpq_url(new_url))
    return new_url


def test_a_write_after_a_restore_gets_urls_no_write_before_it_had(store_url, tmp_path, closing, request):
    server_url = None
    if store_url.startswith("postgresql"):
        server_url = make_url(store_url).set(database="postgres").render_as_string(hide_password=False)
    else:  # in the data folder, as README's commands name it
        store_url = f"sqlite:///{tmp_path / 'instance' / 'svgplots.sqlite'}"
    before = site(store_url, tmp_path / "instance", closing)
    made = before.post("/api/datasets?name=sales", data="x,y\n1,10\n2,20\n",
                       headers={**WRITE, "Content-Type": "text/csv"})
    assert made.status_code == 201, made.get_data(as_text=True)
    kept = urls(before)
    kept_answers = answers(before, kept)
    backed_up(store_url, tmp_path)
    append(before, "x,y\n3,30\n")
    lost = urls(before)
    assert all("immutable" in before.get(address).headers["Cache-Control"] for address in lost)

    new_url = restored(store_url, tmp_path, server_url)
    if server_url is not None:
        request.addfinalizer(lambda: drop_database(server_url, make_url(new_url).database))
    after = site(new_url, tmp_path / "restored", closing)
    assert (tmp_path / "restored" / "write-token").read_text() == TOKEN
    # Restored as it was backed up: the same rows at the same URL, which caches may keep serving.
    assert urls(after) == kept
    assert answers(after, kept) == kept_answers

    append(after, "x,y\n3,99\n")
    written = urls(after)
    answer = after.get(written[0])
    assert b"99" in answer.data and b"30" not in answer.data
    # The rows after the restore differ from the lost write's: their URL must too, or a cache that
    # keeps the lost write's answer for good would show it for them.
    assert not set(written) & set(lost)
    # The URLs served before the restore still answer, as ones no longer current.
    for address in lost:
        old = after.get(address)
        assert old.status_code == 200 and "immutable" not in old.headers["Cache-Control"]


def test_a_store_made_anew_counts_from_one_and_each_later_start_moves_its_versions_past_the_clock(
        store_url, tmp_path, closing):
    made = site(store_url, tmp_path / "data", closing).post(
        "/api/datasets?name=sales", data="x,y\n1,10\n", headers={**WRITE, "Content-Type": "text/csv"})
    assert made.get_json()["version"] == "1"
    started = time.time_ns() // 1000
    moved = int(append(site(store_url, tmp_path / "data", closing), "x,y\n2,20\n"))
    assert moved > started
    # A start within the second keeps them moving on, never back.
    assert int(append(site(store_url, tmp_path / "data", closing), "x,y\n3,30\n")) > moved


def test_a_backup_moved_in_under_the_running_site_hands_out_no_version_its_lost_writes_had(tmp_path, closing):
    client = site(f"sqlite:///{tmp_path / 'instance' / 'svgplots.sqlite'}", tmp_path / "instance", closing)
    made = client.post("/api/datasets?name=sales", data="x,y\n1,10\n", headers={**WRITE, "Content-Type": "text/csv"})
    assert made.status_code == 201
    backed_up("sqlite:", tmp_path)
    append(client, "x,y\n2,20\n")
    lost = urls(client)
    (tmp_path / "backup" / "svgplots.sqlite").replace(tmp_path / "instance" / "svgplots.sqlite")
    append(client, "x,y\n2,99\n")  # a write opens the file the path names now
    written = urls(client)
    assert b"99" in client.get(written[0]).data
    assert not set(written) & set(lost)


def test_a_store_read_only_as_it_started_moves_its_versions_past_the_clock_at_its_first_write_stored(
        tmp_path, closing, monkeypatch):
    # Made writable while the site ran, its first write took the next version up from the file's old
    # count, which a write lost with a backup restored may have had: versions moved only at the next start.
    url = f"sqlite:///{tmp_path / 'instance' / 'svgplots.sqlite'}"
    made = site(url, tmp_path / "instance", closing).post(
        "/api/datasets?name=sales", data="x,y\n1,10\n", headers={**WRITE, "Content-Type": "text/csv"})
    assert made.get_json()["version"] == "1"
    read_only = [True]  # SQLite refuses every write of a connection in query_only, as of a file of mode 444
    create_engine = SqliteBackend.create_engine

    def engine_of_a_file_made_writable_later(backend):
        engine = create_engine(backend)
        # After the store's own BEGIN (IMMEDIATE, for a write), which a read-only file takes.
        event.listen(engine, "begin", lambda conn: conn.exec_driver_sql(f"PRAGMA query_only = {int(read_only[0])}"))
        return engine

    monkeypatch.setattr(SqliteBackend, "create_engine", engine_of_a_file_made_writable_later)
    client = site(url, tmp_path / "instance", closing)
    refused = client.post("/api/datasets/sales/rows", data="x,y\n2,20\n", headers={**WRITE, "Content-Type": "text/csv"})
    assert refused.status_code == 503, refused.get_data(as_text=True)
    read_only[0] = False
    started = time.time_ns() // 1000
    moved = int(append(client, "x,y\n2,20\n"))
    assert moved > started
    assert int(append(client, "x,y\n3,30\n")) == moved + 1
