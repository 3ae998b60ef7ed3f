"""A data-folder file removed or renamed away is forgotten: the rows the site read of it are not kept
for as long as it runs, as a folder of files rotated daily would otherwise fill its memory."""
from __future__ import annotations

import gc
import weakref

from app.store.csv_store import CsvStore


def rows_read_then(data_dir, gone) -> tuple[CsvStore, weakref.ref]:
    """The store that read `day.csv`, and a weak reference to the frame it read, once `gone` has
    taken the file away and the folder was listed again (the store still in use)."""
    path = data_dir / "day.csv"
    path.write_text("day,n\n2024-01-01,1\n2024-01-02,2\n", encoding="utf-8")
    files = CsvStore([data_dir])
    frame = files.read("day").frame
    kept = weakref.ref(frame)
    del frame
    gone(path)
    assert "day" not in files.names()
    gc.collect()
    return files, kept


def test_the_rows_of_a_removed_file_are_not_kept(data_dir):
    files, kept = rows_read_then(data_dir, lambda path: path.unlink())
    assert kept() is None and files.names() == []


def test_the_rows_of_a_file_renamed_away_are_not_kept(data_dir):
    files, kept = rows_read_then(data_dir, lambda path: path.rename(path.with_suffix(".csv.old")))
    assert kept() is None and files.names() == []
