"""A dataset's frame held in memory, and the rows a selection chose of it, are counted, as the store's
memos keep them, as `frame_bytes` counts them, from the bytes of each row of the whole frame counted
once; those counts are counted where the frame is."""
from __future__ import annotations

import gc
from datetime import datetime

import numpy as np
import pandas as pd
import pytest

from app.store import chosen_rows, row_bytes
from app.store.frames import frame_bytes
from app.store.row_bytes import RowBytes
from plots import ChartSpec
from plots.selection import Selection
from tests.conftest import CSV_WRITE, created, writable_app

ROWS = 30


def whole_frame() -> pd.DataFrame:
    """A dataset's frame as the store reads it: dates, texts (some missing, some long), numbers, flags
    and a column of objects of several types."""
    return pd.DataFrame({
        "date": pd.date_range("2026-11-01", periods=ROWS, freq="h"),
        "station": pd.Series([None if i % 7 == 0 else f"station {i}" + "é" * (i % 5) * 40 for i in range(ROWS)],
                             dtype="str"),
        "value": np.arange(ROWS, dtype=np.float64) / 3,
        "count": np.arange(ROWS, dtype=np.int64),
        "flag": np.arange(ROWS) % 2 == 0,
        "mixed": pd.Series([1.5, "x" * 300, None] * (ROWS // 3), dtype=object),
    })


@pytest.mark.parametrize("whole", [
    whole_frame(),
    whole_frame().iloc[:0],
    pd.DataFrame({"missing": pd.Series([None] * 4, dtype="str"), "none": pd.Series([None] * 4, dtype=object)}),
], ids=["texts-missing-mixed", "no-rows", "all-missing"])
def test_a_whole_frame_counts_the_bytes_frame_bytes_counts_and_its_rows_counts(whole):
    # Its rows' counts kept for it, 8 bytes a row, are counted with it.
    assert RowBytes().whole_bytes(whole) == frame_bytes(whole) + 8 * len(whole)


def test_a_whole_frame_with_a_column_counted_otherwise_is_counted_as_frame_bytes_counts_it():
    whole = whole_frame().assign(kind=pd.Categorical(["a", "b", "c"] * (ROWS // 3)))
    counted = RowBytes()
    assert counted.whole_bytes(whole) == frame_bytes(whole)


@pytest.mark.parametrize("chosen", [[], [0], [3, 4, 5, 20], list(range(ROWS))])
def test_rows_chosen_count_the_bytes_frame_bytes_counts(chosen):
    whole = whole_frame()
    rows = whole[whole.index.isin(chosen)]
    counted = RowBytes()
    assert counted.chosen_bytes(whole, rows, np.array(chosen, dtype=np.int64)) == frame_bytes(rows)
    assert frame_bytes(rows) > rows["count"].nbytes * 5  # the texts' own bytes counted too


def test_a_frame_with_a_column_counted_otherwise_is_counted_as_frame_bytes_counts_it():
    whole = whole_frame().assign(kind=pd.Categorical(["a", "b", "c"] * (ROWS // 3)))
    rows = whole.iloc[[1, 2, 3]]
    assert row_bytes.object_bytes(whole) is None
    assert RowBytes().chosen_bytes(whole, rows, np.array([1, 2, 3])) == frame_bytes(rows)


def test_a_frames_texts_are_counted_once_and_forgotten_with_it(monkeypatch):
    walks = []

    def counting(frame):
        walks.append(len(frame))
        return object_bytes(frame)

    object_bytes = row_bytes.object_bytes
    monkeypatch.setattr(row_bytes, "object_bytes", counting)
    counted, whole = RowBytes(), whole_frame()
    for chosen in ([1, 2], [5], [7, 8, 9]):
        rows = whole.iloc[chosen]
        assert counted.chosen_bytes(whole, rows, np.array(chosen)) == frame_bytes(rows)
    assert walks == [ROWS] and len(counted) == 1
    del whole, rows
    gc.collect()
    assert len(counted) == 0


def test_the_chosen_rows_memo_counts_its_rows_without_walking_each_ones_texts(tmp_path, monkeypatch):
    app = readings_app(tmp_path)
    site = app.extensions["svgplots"]
    walked = []

    def counting(frame):
        walked.append(len(frame))
        return frame_bytes(frame)

    monkeypatch.setattr(chosen_rows, "frame_bytes", counting)
    site.store._chosen = chosen_rows.ChosenRows()  # its memo counting through `counting` where it walks
    spec = ChartSpec(kind="line", x="date", y=("temperature",))
    with app.app_context():
        info, whole = site.store.info("readings"), site.store.read("readings").frame
        for day in (1, 10, 20):
            selection = Selection("date", datetime(2026, 11, day), None)
            site.store.chart_rows("readings", spec, site.limits, selection=selection, known=info)
        expected = sum(frame_bytes(whole[whole["date"] >= datetime(2026, 11, day)]) for day in (1, 10, 20))
    kept = site.store._chosen._kept
    assert walked == [] and len(kept) == 3 and kept.size == expected


def readings_app(tmp_path):
    """A site holding a stored dataset of dates, texts and numbers, its rows forgotten since its create
    kept them: the next read loads them from the database."""
    app = writable_app(tmp_path)
    created(app.test_client(), "readings", "date,station,temperature\n" + "".join(
        f"2026-11-{day:02}T00:00:00,station number {day},{day}\n" for day in range(1, 29)))
    app.extensions["svgplots"].store.database._frames.clear()
    return app


def test_a_dataset_loaded_into_memory_and_its_chosen_rows_walk_its_texts_once(tmp_path, monkeypatch):
    app = readings_app(tmp_path)
    site = app.extensions["svgplots"]
    walks, deep = [], []

    def counting(frame):
        walks.append(len(frame))
        return object_bytes(frame)

    def memory_usage(frame, *args, **kwargs):
        deep.append(len(frame))
        return usage(frame, *args, **kwargs)

    object_bytes, usage = row_bytes.object_bytes, pd.DataFrame.memory_usage
    monkeypatch.setattr(row_bytes, "object_bytes", counting)
    monkeypatch.setattr(pd.DataFrame, "memory_usage", memory_usage)
    spec = ChartSpec(kind="line", x="date", y=("temperature",))
    with app.app_context():
        info = site.store.info("readings")
        for day in (1, 10, 20):
            selection = Selection("date", datetime(2026, 11, day), None)
            site.store.chart_rows("readings", spec, site.limits, selection=selection, known=info)
    assert walks == [28] and deep == []


def test_the_kept_frames_bound_counts_a_frame_with_its_rows_counts(tmp_path):
    app = readings_app(tmp_path)
    store = app.extensions["svgplots"].store
    with app.app_context():
        whole = store.read("readings").frame
    assert len(whole) == 28
    assert store.database._frames._frames.size == frame_bytes(whole) + 8 * 28


def walks_noted(monkeypatch) -> list[int]:
    """The rows of each frame whose texts are walked to count them (`object_bytes`), one entry a walk."""
    walks: list[int] = []
    object_bytes = row_bytes.object_bytes
    monkeypatch.setattr(row_bytes, "object_bytes", lambda frame: walks.append(len(frame)) or object_bytes(frame))
    return walks


def appended(app, rows: int) -> None:
    """Append `rows` rows to the readings of `readings_app` through the API."""
    body = "date,station,temperature\n" + "".join(f"2026-12-{day:02}T00:00:00,station number {day}é,{day}\n"
                                                   for day in range(1, rows + 1))
    assert app.test_client().post("/api/datasets/readings/rows", data=body, headers=CSV_WRITE).status_code == 200


def test_a_kept_frame_with_rows_appended_walks_the_texts_of_those_rows_alone(tmp_path, monkeypatch):
    app = readings_app(tmp_path)
    store = app.extensions["svgplots"].store
    walks = walks_noted(monkeypatch)
    with app.app_context():
        assert len(store.read("readings").frame) == 28
        appended(app, 3)
        whole = store.read("readings").frame
    assert len(whole) == 31 and walks == [28, 3]  # not [28, 31]
    assert store.database._frames._frames.size == frame_bytes(whole) + 8 * 31
    assert np.array_equal(row_bytes.ROW_BYTES._objects(whole), row_bytes.object_bytes(whole))


def test_a_read_at_an_older_version_counts_its_rows_from_the_kept_frame_s_counts(tmp_path, monkeypatch):
    # A read whose snapshot began before an append another read has loaded since takes the kept frame's
    # first rows: their texts are not walked again to count the rows chosen of them, nor counted anew.
    app = readings_app(tmp_path)
    store = app.extensions["svgplots"].store
    with app.app_context():
        older = store.info("readings")
        store.read("readings")
        appended(app, 2)
        kept = store.read("readings").frame
    frames = store.database._frames
    walks = walks_noted(monkeypatch)
    first = frames.frame(None, frames._frames.peek("readings").dataset_id, int(older.version), older,
                         frames.generation("readings"))
    assert len(first) == 28 and first.equals(kept.iloc[:28])
    rows = first.iloc[[3, 4, 20]]
    assert row_bytes.ROW_BYTES.chosen_bytes(first, rows, np.array([3, 4, 20])) == frame_bytes(rows)
    assert walks == []
    assert np.shares_memory(row_bytes.ROW_BYTES._objects(first), row_bytes.ROW_BYTES._objects(kept))
