"""A data-folder file replaced by another of the same size and modification time (as `cp -p`, `tar x`
or a restored backup leave it) is read again: its new rows are served under a new version."""
from __future__ import annotations

import os

import pytest

from tests.conftest import writable_app

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
