"""The rows of the data folder's CSV files kept in memory are bounded by their bytes, as the stored
datasets' are (`FRAME_CACHE_BYTES`, each part apart), the least recently read dropped first, and the
last file read of rows past the bound but within twice it kept alone beside them: a file's
description and version stay known without them, and its rows are read again when asked for."""
from __future__ import annotations

from app.store import csv_store
from app.store.csv_store import CsvStore
from app.store.frames import frame_bytes
from tests.conftest import writable_app

ROWS = 40


def folder_of_files(tmp_path, *names: str):
    """A data folder holding a CSV file of ROWS rows of dates, texts and numbers for each of `names`."""
    folder = tmp_path / "data"
    folder.mkdir()
    for name in names:
        (folder / f"{name}.csv").write_text("date,station,value\n" + "".join(
            f"2026-11-{day % 28 + 1:02}T00:00:00,{name} station {day},{day}\n" for day in range(ROWS)),
            encoding="utf-8")
    return folder


def parses_noted(monkeypatch) -> list[int]:
    """The files read into frames, one entry (its bytes) a read."""
    parsed: list[int] = []
    read = csv_store.read_csv_file
    monkeypatch.setattr(csv_store, "read_csv_file", lambda raw: parsed.append(len(raw)) or read(raw))
    return parsed


def test_files_rows_are_kept_within_their_bound_the_least_recently_read_dropped_first(tmp_path, monkeypatch):
    folder = folder_of_files(tmp_path, "aa", "bb")
    expected = CsvStore([folder]).read("aa").frame
    one = frame_bytes(expected) + 8 * ROWS  # with its rows' counts
    parsed = parses_noted(monkeypatch)
    files = CsvStore([folder], one + one // 2)  # room for one file's rows, not two
    for name in ("aa", "aa", "bb"):
        files.read(name)
    assert len(parsed) == 2 and files._frames.size == one
    assert files.version("aa") and files.info("aa").rows == ROWS and len(parsed) == 2  # described without its rows
    assert files.read("aa").frame.equals(expected)
    assert len(parsed) == 3 and len(files._frames) == 1 and files._frames.size <= one + one // 2


def test_the_last_file_read_of_rows_past_the_bound_but_within_twice_it_is_kept_alone(tmp_path, monkeypatch):
    # Each read parsed such a file again: a dashboard of one big file, at each of its charts.
    folder = folder_of_files(tmp_path, "aa", "bb")
    one = frame_bytes(CsvStore([folder]).read("aa").frame) + 8 * ROWS  # with its rows' counts
    parsed = parses_noted(monkeypatch)
    files = CsvStore([folder], one * 3 // 4)
    assert [len(files.read("aa").frame) for _ in range(3)] == [ROWS] * 3
    assert len(parsed) == 1 and files._frames.size == 0  # kept past the bound, not in it
    files.read("bb")  # the last one read in its place
    files.read("bb")
    assert len(parsed) == 2
    files.read("aa")
    assert len(parsed) == 3
    path = folder / "aa.csv"
    path.write_text(path.read_text(encoding="utf-8") + "2026-11-30T00:00:00,aa station,99\n", encoding="utf-8")
    assert len(files.read("aa").frame) == ROWS + 1 and len(parsed) == 4  # its new rows, read again
    assert len(files.read("aa").frame) == ROWS + 1 and len(parsed) == 4


def test_a_files_rows_past_the_bound_are_kept_past_it_by_none_of_a_bound_of_0(tmp_path, monkeypatch):
    folder = folder_of_files(tmp_path, "aa")
    parsed = parses_noted(monkeypatch)
    files = CsvStore([folder], 0)
    assert [len(files.read("aa").frame) for _ in range(2)] == [ROWS, ROWS]
    assert len(parsed) == 2 and files._frames.size == 0 and files._over_bound is None


def test_a_files_rows_larger_than_twice_the_bound_are_read_at_each_read_and_never_kept(tmp_path, monkeypatch):
    folder = folder_of_files(tmp_path, "aa")
    parsed = parses_noted(monkeypatch)
    files = CsvStore([folder], 100)
    assert [len(files.read("aa").frame) for _ in range(2)] == [ROWS, ROWS]
    assert len(parsed) == 2 and files._frames.size == 0
    assert files.info("aa").rows == ROWS and len(parsed) == 2


def test_the_frame_cache_setting_bounds_the_data_folder_s_files_rows(tmp_path):
    app = writable_app(folder_of_files(tmp_path, "aa"), FRAME_CACHE_BYTES=1000)
    files = app.extensions["svgplots"].store.files
    assert app.test_client().get("/plot/aa.svg?x=date&y=value").status_code == 200
    assert files._frames.max_bytes == 1000 and files._frames.size == 0


def test_a_changed_files_earlier_rows_are_dropped_as_its_new_ones_are_read(tmp_path):
    # Kept by the file's path and stamp, the rows of a file written again stayed beside the new ones until the
    # bound dropped them, those of other files first: no read asks for a stamp the file no longer has.
    folder = folder_of_files(tmp_path, "aa", "bb")
    files = CsvStore([folder])
    files.read("aa")
    files.read("bb")
    path = folder / "aa.csv"
    path.write_text(path.read_text(encoding="utf-8") + "2026-11-30T00:00:00,aa station,99\n", encoding="utf-8")
    assert len(files.read("aa").frame) == ROWS + 1
    assert sorted(path.name for path in files._frames.held_keys()) == ["aa.csv", "bb.csv"]
