"""A sample file or a static file replaced by another of the same size and modification time (as
`cp -p`, `tar x` or a restored backup leave it) is read again: a new database loads the new sample's
rows, and the static file is served with its new bytes under a new ETag."""
from __future__ import annotations

import shutil

from app.config import STATIC_DIR
from tests.conftest import rows_of, site_on, writable_app
from tests.test_data_folder_replaced import replaced_keeping_size_and_time

OLD = "day,n\n2024-01-01,1\n2024-01-02,2\n"
NEW = "day,n\n2024-01-01,7\n2024-01-02,9\n"


def test_a_sample_replaced_with_the_same_size_and_time_is_loaded_anew(tmp_path):
    samples, boards = tmp_path / "samples", tmp_path / "boards"
    samples.mkdir()
    boards.mkdir()
    sample = samples / "counts.csv"
    sample.write_text(OLD)
    first = writable_app(tmp_path / "first", SAMPLE_DATA_DIR=str(samples), DASHBOARD_DIRS=[str(boards)])
    assert rows_of(first.test_client(), "counts") == [["2024-01-01", 1], ["2024-01-02", 2]]
    replaced_keeping_size_and_time(sample, NEW)
    # A new database loads the samples it has not seen: the new file's rows, not the old parse kept.
    second = writable_app(tmp_path / "second", SAMPLE_DATA_DIR=str(samples), DASHBOARD_DIRS=[str(boards)])
    assert rows_of(second.test_client(), "counts") == [["2024-01-01", 7], ["2024-01-02", 9]]


def test_a_static_file_replaced_with_the_same_size_and_time_gets_its_new_etag(tmp_path, data_dir):
    folder = shutil.copytree(STATIC_DIR, tmp_path / "static")
    path = folder / "site.css"
    path.write_text("body { margin: 0; }\n")
    client = site_on(folder, data_dir)
    before = client.get("/static/site.css")
    assert before.data == b"body { margin: 0; }\n"
    replaced_keeping_size_and_time(path, "body { margin: 1; }\n")
    after = client.get("/static/site.css", headers={"If-None-Match": before.headers["ETag"]})
    assert after.status_code == 200 and after.data == b"body { margin: 1; }\n"
    assert after.headers["ETag"] not in (before.headers["ETag"], "")
