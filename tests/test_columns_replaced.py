"""A dataset replaced by one of other columns while a request reads it (deleted and created again,
or its data-folder file's header changed) is a 503 saying to try again, never a 500.

Each test replaces the dataset at the point where the request has checked what it asks for against
the columns and is about to read the rows. What a page keeps per data version (a chart's alt text,
how a text column splits a dataset's rows) is kept under the version its rows were read at."""
from __future__ import annotations

import os
import sqlite3
from pathlib import Path

import pytest

from app import create_app
from app.reports import _snapshot as report_snapshot
from app.store import DatasetReplaced, SiteStore, SourceColumnsChanged, StoreBusy, load_sources, table_from_csv
from app.store.csv_store import CsvStore
from app.store.sources import SourceStore
from plots import parse_spec
from plots.spec import DEFAULT_LIMITS
from tests.conftest import CSV_WRITE, writable_app
from tests.source_data import sources_toml
from tests.test_source_values import sqlite_file

BEFORE = "t,station,a,b\n2024-01-01,North,1,10\n2024-01-01,South,2,20\n2024-01-02,North,3,30\n2024-01-02,South,4,40\n"
# Other columns, and a size of its own: the file is read again for it.
AFTER = "t,place,a,c\n2024-01-01,East,1,100\n2024-01-02,East,3,300\n2024-01-03,East,5,500\n"
# BEFORE's columns and one more: what a chart of b reads is still there, but the columns are others.
WIDER = "t,station,a,b,d\n2024-01-01,North,1,10,7\n2024-01-02,North,3,30,8\n"
# How a replaced dataset is said, wherever the request finds it replaced.
REPLACED = "dataset 'series' was replaced while it was read"
REPLACED_ON_PAGE = "This chart cannot be drawn: dataset &#39;series&#39; was replaced while it was read"
BOARD = """title = "Series"

[[charts]]
id = "b"
dataset = "series"
kind = "line"
y = ["b"]
"""


def replace_file(path: Path, text: str) -> None:
    """Replace a data-folder file as a new version is moved in: written aside, then renamed over it."""
    aside = path.with_name(path.name + ".new")
    aside.write_text(text)
    os.replace(aside, path)


@pytest.fixture
def file_site(tmp_path, data_dir):
    """A client of an app whose data folder holds `series.csv` (BEFORE), drawn by a dashboard `series`."""
    (data_dir / "series.csv").write_text(BEFORE)
    boards = tmp_path / "boards"
    boards.mkdir()
    (boards / "series.toml").write_text(BOARD)
    return create_app({"TESTING": True, "DATA_DIR": str(data_dir), "DASHBOARD_DIRS": [str(boards)]}).test_client()


def replaced_before(monkeypatch, method: str, replace) -> None:
    """Have `SiteStore.<method>` call `replace()` once, before it reads."""
    original = getattr(SiteStore, method)
    done = []

    def replacing_first(self, *args, **kwargs):
        if not done:
            done.append(True)
            replace()
        return original(self, *args, **kwargs)

    monkeypatch.setattr(SiteStore, method, replacing_first)


def replaced_after(monkeypatch, method: str, replace) -> None:
    """Have `SiteStore.<method>` call `replace()` once, after it read."""
    original = getattr(SiteStore, method)
    done = []

    def replacing_after(self, *args, **kwargs):
        read = original(self, *args, **kwargs)
        if not done:
            done.append(True)
            replace()
        return read

    monkeypatch.setattr(SiteStore, method, replacing_after)


def assert_try_again(response) -> None:
    assert response.status_code == 503, response.get_data(as_text=True)
    assert response.headers["Retry-After"].isdigit()
    assert REPLACED in response.headers.get("X-Chart-Error", "") + response.get_data(as_text=True)


@pytest.mark.parametrize("url", ["/plot/series.svg?y=b", "/plot/series.json?y=b", "/plot/series.csv?y=b",
                                 "/plot/series.json?y=b&filter.station=North"])
def test_a_file_whose_header_changes_before_its_rows_are_read_is_a_503(file_site, data_dir, monkeypatch, url):
    replaced_before(monkeypatch, "chart_rows", lambda: replace_file(data_dir / "series.csv", AFTER))
    assert_try_again(file_site.get(url))


def test_asked_again_the_chart_is_checked_against_the_new_columns(file_site, data_dir, monkeypatch):
    replaced_before(monkeypatch, "chart_rows", lambda: replace_file(data_dir / "series.csv", AFTER))
    assert file_site.get("/plot/series.json?y=b").status_code == 503
    again = file_site.get("/plot/series.json?y=b")
    assert again.status_code == 404 and "'b'" in again.get_json()["error"], again.get_json()
    assert file_site.get("/plot/series.json?y=c").status_code == 200


def test_a_dashboard_page_whose_file_changes_says_its_chart_cannot_be_drawn_now(file_site, data_dir, monkeypatch):
    replaced_before(monkeypatch, "chart_rows", lambda: replace_file(data_dir / "series.csv", AFTER))
    page = file_site.get("/d/series")
    assert page.status_code == 200
    assert REPLACED_ON_PAGE in page.get_data(as_text=True)


def test_a_dataset_page_whose_file_changes_after_its_first_rows_is_still_shown(file_site, data_dir, monkeypatch):
    # The page reads its first rows, then the columns that tell whether a text column splits the rows.
    replaced_after(monkeypatch, "head", lambda: replace_file(data_dir / "series.csv", AFTER))
    page = file_site.get("/datasets/series")
    assert page.status_code == 200
    assert REPLACED_ON_PAGE in page.get_data(as_text=True)


def test_a_report_whose_file_changes_before_its_rows_are_read_is_a_503(file_site, data_dir):
    with file_site.application.app_context():
        info = file_site.application.extensions["svgplots"].store.info("series")
        replace_file(data_dir / "series.csv", AFTER)
        with pytest.raises(StoreBusy, match=f"^{REPLACED}: it has no column 'b' now; try again$"):
            report_snapshot(info, ["t", "b"])


def test_a_report_whose_file_gains_a_column_before_its_rows_are_read_is_a_503_in_the_same_words(file_site, data_dir):
    with file_site.application.app_context():
        info = file_site.application.extensions["svgplots"].store.info("series")
        replace_file(data_dir / "series.csv", WIDER)
        with pytest.raises(StoreBusy, match=f"^{REPLACED}; try again$"):
            report_snapshot(info, ["t", "b"])


def test_a_file_that_gains_a_column_while_a_chart_reads_it_is_a_503_in_the_same_words(file_site, data_dir,
                                                                                       monkeypatch):
    replaced_before(monkeypatch, "chart_rows", lambda: replace_file(data_dir / "series.csv", WIDER))
    response = file_site.get("/plot/series.json?y=b")
    assert_try_again(response)
    assert response.get_json()["error"] == f"{REPLACED}; try again"


def test_a_replaced_dataset_is_said_in_one_wording_naming_the_columns_it_lacks_where_known():
    assert str(DatasetReplaced("series")) == f"{REPLACED}; try again"
    assert str(DatasetReplaced("series", ["b", "c d"])) == f"{REPLACED}: it has no column 'b', 'c d' now; try again"
    assert isinstance(DatasetReplaced("series"), StoreBusy) and DatasetReplaced("series").retry_after == 1


def test_reading_a_column_a_file_no_longer_has_is_store_busy(data_dir):
    files = CsvStore([data_dir])
    (data_dir / "series.csv").write_text(BEFORE)
    assert list(files.read("series", ["t", "b"]).frame.columns) == ["t", "b"]
    replace_file(data_dir / "series.csv", AFTER)
    with pytest.raises(StoreBusy, match="no column 'b' now; try again") as raised:
        files.read("series", ["t", "b"])
    assert raised.value.retry_after >= 1


def test_a_source_dataset_whose_columns_change_while_a_chart_reads_it_is_said_as_a_replaced_one_is(tmp_path):
    url = sqlite_file(tmp_path / "s.db", {"t": ("day TEXT, a INTEGER, b INTEGER", [("2024-01-01", 1, 10)])})
    now = [1_000_000.0]
    store = SourceStore(load_sources(sources_toml(tmp_path / "s.toml", {"db": {"url": url}},
                                                  {"series": {"source": "db", "table": "t"}})), clock=lambda: now[0])
    try:
        columns = {c.name: c.type for c in store.info("series").columns}
        spec = parse_spec({"x": ["day"], "y": ["b"]}, columns)
        with sqlite3.connect(tmp_path / "s.db") as conn:  # b dropped while the chart was being asked
            conn.execute("ALTER TABLE t RENAME COLUMN b TO c")
        conn.close()
        now[0] += 86400  # a later version: the dataset is described again
        with pytest.raises(StoreBusy) as raised:
            store.chart_rows("series", spec, DEFAULT_LIMITS, pixels=100)
    finally:
        store.close()
    assert str(raised.value) == ("dataset 'series' of the source 'db' changed its columns while it was read: it has "
                                 "no column 'b' now; try again")
    assert str(raised.value) == str(SourceColumnsChanged("dataset 'series' of the source 'db'", ["b"]))
    assert raised.value.retry_after == 1


# A stored dataset deleted and created again with other columns.

@pytest.fixture
def stored(data_dir, closing):
    app = closing(writable_app(data_dir))
    client = app.test_client()
    assert client.post("/api/datasets?name=series", data=BEFORE, headers=CSV_WRITE).status_code == 201
    return client


def created_again(client, text: str):
    """Replace the stored dataset `series` by one of `text`'s rows, as DELETE then POST would."""
    def replace():
        store = client.application.extensions["svgplots"].store
        store.delete("series")
        store.create("series", "Series", table_from_csv(text))
    return replace


@pytest.mark.parametrize("url", ["/plot/series.svg?y=b", "/plot/series.json?y=b",
                                 "/plot/series.json?y=b&filter.station=North"])
def test_a_stored_dataset_created_again_before_its_rows_are_read_is_a_503(stored, monkeypatch, url):
    replaced_before(monkeypatch, "chart_rows", created_again(stored, AFTER))
    assert_try_again(stored.get(url))


def test_a_stored_dataset_page_created_again_after_its_first_rows_is_still_shown(stored, monkeypatch):
    replaced_after(monkeypatch, "head", created_again(stored, AFTER))
    page = stored.get("/datasets/series")
    assert page.status_code == 200
    assert REPLACED_ON_PAGE in page.get_data(as_text=True)


def test_reading_a_column_a_stored_dataset_no_longer_has_is_store_busy(stored):
    store = stored.application.extensions["svgplots"].store
    created_again(stored, AFTER)()
    with pytest.raises(StoreBusy, match="no column 'b' now; try again"):
        store.database.read("series", ["t", "b"])


# Rows of a newer version, read by a request that looked up an older one: what is made of them is
# not kept under the older version. A data-folder file's version is a hash of its bytes, so a file
# put back as it was is at that version again, and shows what it held.

# BEFORE with other values of b, and a third station: the same columns.
OTHER_ROWS = BEFORE + "2024-01-03,East,5,99\n"


def test_alt_text_of_rows_read_at_a_newer_version_is_not_kept_for_the_older_one(file_site, data_dir, monkeypatch):
    replaced_before(monkeypatch, "chart_rows", lambda: replace_file(data_dir / "series.csv", OTHER_ROWS))
    assert "last value: b 99, lowest 10 (2024-01-01), highest 99 (2024-01-03)." in file_site.get("/d/series").get_data(as_text=True)
    replace_file(data_dir / "series.csv", BEFORE)
    page = file_site.get("/d/series").get_data(as_text=True)
    assert "last value: b 40, lowest 10 (2024-01-01), highest 40 (2024-01-02)." in page and "b 99" not in page


def test_how_rows_split_read_at_a_newer_version_is_not_kept_for_the_older_one(file_site, data_dir, monkeypatch):
    replaced_after(monkeypatch, "head", lambda: replace_file(data_dir / "series.csv", OTHER_ROWS))
    assert "station: East" in file_site.get("/datasets/series").get_data(as_text=True)
    replace_file(data_dir / "series.csv", BEFORE)
    page = file_site.get("/datasets/series").get_data(as_text=True)
    assert "station: North" in page and "station: East" not in page
