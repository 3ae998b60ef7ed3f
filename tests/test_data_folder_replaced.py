"""A data-folder file replaced by another of the same size and modification time (as `cp -p`, `tar x`
or a restored backup leave it) is read again: its new rows are served under a new version. So is one
rewritten in place to the same size within one tick of a filesystem's clock, which leaves its every `stat`
field as it was: read within that tick of its times, its bytes are compared until they are older."""
from __future__ import annotations

import os

import pytest

from app.store import same_tick
from app.store.same_tick import SAME_TICK_NS
from tests.conftest import writable_app
from tests.file_times import on_a_filesystem_of_two_second_times

OLD = "day,n\n2024-01-01,1\n2024-01-02,2\n"
NEW = "day,n\n2024-01-01,7\n2024-01-02,9\n"


@pytest.fixture
def client(data_dir):
    return writable_app(data_dir, RENDER_WORKERS=0).test_client()


def replaced_keeping_size_and_time(path, text: str) -> None:
    """`path` replaced by a new file holding `text`, of its size, given its modification time."""
    before = path.stat()
    new = path.with_suffix(".new")
    new.write_text(text)
    assert new.stat().st_size == before.st_size
    os.utime(new, ns=(before.st_atime_ns, before.st_mtime_ns))
    os.replace(new, path)
    assert (path.stat().st_size, path.stat().st_mtime_ns) == (before.st_size, before.st_mtime_ns)


def test_a_file_replaced_with_the_same_size_and_time_is_read_again(client, data_dir):
    path = data_dir / "counts.csv"
    path.write_text(OLD)
    old = client.get("/datasets/counts.json")
    assert old.get_json()["rows"] == [["2024-01-01", 1], ["2024-01-02", 2]]
    old_version = client.get("/api/datasets/counts").get_json()["dataset"]["version"]
    replaced_keeping_size_and_time(path, NEW)
    new = client.get("/datasets/counts.json")
    assert new.get_json()["rows"] == [["2024-01-01", 7], ["2024-01-02", 9]]
    assert new.headers["ETag"] != old.headers["ETag"]
    assert client.get("/api/datasets/counts").get_json()["dataset"]["version"] != old_version
    assert client.get("/plot/counts.json").get_json()["rows"] == [["2024-01-01", 7], ["2024-01-02", 9]]


def written_within_the_tick(path, text: str, tick_ns: int) -> None:
    """`path` written in place (its inode kept), its times left in the tick `tick_ns`, as a second save within
    it leaves them."""
    with path.open("r+") as file:
        file.write(text)
        file.truncate()
    os.utime(path, ns=(tick_ns, tick_ns))


def test_a_file_rewritten_in_place_to_the_same_size_within_its_tick_is_read_again(client, data_dir, monkeypatch):
    tick = on_a_filesystem_of_two_second_times(monkeypatch)
    path = data_dir / "counts.csv"
    path.touch()
    written_within_the_tick(path, OLD, tick)
    assert client.get("/datasets/counts.json").get_json()["rows"] == [["2024-01-01", 1], ["2024-01-02", 2]]
    old_version = client.get("/api/datasets/counts").get_json()["dataset"]["version"]
    written_within_the_tick(path, NEW, tick)
    assert client.get("/datasets/counts.json").get_json()["rows"] == [["2024-01-01", 7], ["2024-01-02", 9]]
    assert client.get("/api/datasets/counts").get_json()["dataset"]["version"] != old_version
    assert client.get("/plot/counts.json").get_json()["rows"] == [["2024-01-01", 7], ["2024-01-02", 9]]


def test_a_files_bytes_are_compared_no_more_once_its_times_are_older_than_a_tick(client, data_dir, monkeypatch):
    tick = on_a_filesystem_of_two_second_times(monkeypatch)
    path = data_dir / "counts.csv"
    path.touch()
    written_within_the_tick(path, OLD, tick)
    hashed = []
    real = same_tick.bytes_digest
    monkeypatch.setattr(same_tick, "bytes_digest", lambda raw: hashed.append(raw) or real(raw))
    for _ in range(3):
        assert client.get("/api/datasets/counts").status_code == 200
    # read, then its bytes compared at each check while within the tick: hashed once a read
    assert hashed == [OLD.encode()] * 3
    monkeypatch.setattr(same_tick, "time_ns", lambda: tick + SAME_TICK_NS + 1)
    for _ in range(2):
        assert client.get("/api/datasets/counts").status_code == 200
    assert len(hashed) == 4  # once more, found the same past the tick: a write now would move its times
