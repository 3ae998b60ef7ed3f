"""A file's reading (`FileReading`) tells a later look whether the file changed since: by its stamp, and, read
within a tick of its times, by its bytes until a look finds them older; each look reads and hashes its bytes at
most once, whoever asks for them."""
from __future__ import annotations

import os

import pytest

from app.store import same_tick
from app.store.same_tick import SAME_TICK_NS, FileReading
from tests.file_times import on_a_filesystem_of_two_second_times

OLD = "day,n\n2024-01-01,1\n"
NEW = "day,n\n2024-01-01,7\n"


@pytest.fixture
def two_second_times(monkeypatch) -> int:
    """Files as a filesystem of 2-second times shows them (`tests.file_times`)."""
    return on_a_filesystem_of_two_second_times(monkeypatch)


@pytest.fixture
def hashed(monkeypatch) -> list[bytes]:
    """The bytes hashed from now on (`bytes_digest`), as a list the test reads."""
    seen: list[bytes] = []
    real = same_tick.bytes_digest
    monkeypatch.setattr(same_tick, "bytes_digest", lambda raw: seen.append(raw) or real(raw))
    return seen


def written(path, text: str, times_ns: int) -> None:
    """`path` written in place (its inode kept), its times set to `times_ns`."""
    with path.open("w") as file:
        file.write(text)
    os.utime(path, ns=(times_ns, times_ns))


def test_a_file_rewritten_to_the_same_size_within_its_tick_is_seen_changed(tmp_path, two_second_times):
    path = tmp_path / "counts.csv"
    written(path, OLD, two_second_times)
    kept = FileReading.look(path).kept()
    written(path, NEW, two_second_times)
    now = FileReading.look(path)
    assert now.stamp == kept.stamp  # its stat tells nothing
    assert kept.changed(now)


def test_a_file_written_before_its_tick_is_not_hashed_at_its_reading_nor_its_looks(tmp_path, two_second_times,
                                                                                   hashed):
    path = tmp_path / "counts.csv"
    written(path, OLD, 0)  # 1970
    kept = FileReading.look(path).kept()
    assert kept.compared is None
    for _ in range(3):
        assert not kept.changed(FileReading.look(path))
    assert hashed == []


def test_a_file_read_within_its_tick_is_hashed_at_each_look_until_one_finds_it_older(tmp_path, two_second_times,
                                                                                     hashed, monkeypatch):
    path = tmp_path / "counts.csv"
    written(path, OLD, two_second_times)
    kept = FileReading.look(path).kept()
    for _ in range(2):
        assert not kept.changed(FileReading.look(path))
    assert hashed == [OLD.encode()] * 3  # read, then compared at each look
    monkeypatch.setattr(same_tick, "time_ns", lambda: two_second_times + SAME_TICK_NS + 1)
    for _ in range(3):
        assert not kept.changed(FileReading.look(path))
    assert len(hashed) == 4  # once more, found the same past the tick: a write now would move its times
    assert kept.compared is None


def test_a_look_reads_and_hashes_its_bytes_once_whoever_asks(tmp_path, two_second_times, hashed, monkeypatch):
    path = tmp_path / "counts.csv"
    written(path, OLD, two_second_times)
    kept = FileReading.look(path).kept()
    written(path, NEW, two_second_times)
    now = FileReading.look(path)
    read = []
    real = type(path).read_bytes
    monkeypatch.setattr(type(path), "read_bytes", lambda self: read.append(self.name) or real(self))
    assert kept.changed(now)  # its bytes compared: read and hashed
    assert now.read_bytes() == NEW.encode() and now.kept().compared == now.digest()
    assert read == ["counts.csv"] and hashed == [OLD.encode(), NEW.encode()]


def test_a_file_that_cannot_be_stat_ed_has_no_stamp_and_says_why(tmp_path):
    reading = FileReading.look(tmp_path / "gone.csv")
    assert reading.stamp is None and isinstance(reading.stat_error, FileNotFoundError)
    assert reading.kept().compared is None
    (tmp_path / "gone.csv").write_text(OLD)
    assert reading.kept().changed(FileReading.look(tmp_path / "gone.csv"))
