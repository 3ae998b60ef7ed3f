"""The site's dataset store (the database and the data folder together) and the tables it is
written: samples loaded unchanged, CSV and JSON rows typed or refused, writes, data-folder files.

What the SQL store guarantees on its own, on both backends, is in test_sql_store.py."""
from __future__ import annotations

import pandas as pd
import pytest

from app.config import SAMPLE_DATA_DIR
from app.errors import store_error_status
from app.store import (
    Column,
    CsvStore,
    DatasetConflict,
    DatasetNotFound,
    SiteStore,
    StoreBusy,
    WriteRejected,
    rows_from_csv,
    rows_from_json,
    table_from_csv,
)
from app.store.sql_store import SqlStore
from tests.postgres import write_lock_held


@pytest.fixture
def store(tmp_path, store_url, closing) -> SiteStore:
    """A new database of each backend with the samples loaded, and an empty data folder."""
    folder = tmp_path / "data"
    folder.mkdir()
    site = closing(SiteStore(SqlStore(store_url), CsvStore([folder])))
    site.load_samples(SAMPLE_DATA_DIR)
    return site


def reopened(store: SiteStore, url: str) -> SiteStore:
    """The same database (at `url`) and folder opened again, as another process would."""
    return SiteStore(SqlStore(url), store.files)


SALES = "month,units,price,note\n2024-01-01,5,1.5,first\n2024-02-01,7,2.25,\n"


@pytest.mark.parametrize("name", ["animals", "stations", "weather"])
def test_samples_read_back_from_the_database_exactly_as_from_their_csv(store, name):
    expected = CsvStore([SAMPLE_DATA_DIR])
    pd.testing.assert_frame_equal(store.read(name).frame, expected.read(name).frame, check_exact=True)
    assert store.info(name).columns == expected.info(name).columns
    assert store.info(name).rows == expected.info(name).rows


def test_samples_load_only_at_first_start(store, store_url, closing):
    store.database.delete("animals")
    again = closing(reopened(store, store_url))
    assert again.load_samples(SAMPLE_DATA_DIR) == []
    assert again.names() == ["stations", "weather"]


def test_column_types_are_inferred_like_the_csv_reader():
    table = table_from_csv("n,x,when,label,gappy\n1,1.5,2024-01-01,a,3\n2,2,2024-01-02T10:00:00Z,b,\n")
    assert [(c.name, c.type) for c in table.columns] == [
        ("n", "integer"), ("x", "float"), ("when", "datetime"), ("label", "text"), ("gappy", "float")]
    assert table.rows == [(1, 1.5, "2024-01-01", "a", 3.0), (2, 2.0, "2024-01-02T10:00:00", "b", None)]


@pytest.mark.parametrize(
    ("csv_text", "words"),
    [
        ("", ["empty", "first line"]),
        ("a,b\n", ["no rows"]),
        ("a,a\n1,2\n", ["'a'", "twice"]),
        ("a,,c\n1,2,3\n", ["column 2", "no name"]),
        ("a," + "n" * 201 + "\n1,2\n", ["column 2", "201 characters", "at most 200"]),
        ("a,b\x07\n1,2\n", ["column 2", "'b\\x07'", "U+0007", "only printable"]),
        ("a,b\n1,2\n3\n", ["row 2", "line 3", "1 value;", "a, b"]),
        ("x\n1\nnan\n", ["row 2", "'x'", "NaN"]),
        ("x\n1\n-Infinity\n", ["row 2", "'x'", "Infinity"]),
        ("when\n2024-02-30\n", ["row 1", "'when'", "not a real date"]),
        ('a\n"unclosed\n', ["begins on line 2", "never closed"]),
    ],
)
def test_a_bad_new_csv_is_refused_saying_where(csv_text, words):
    with pytest.raises(WriteRejected) as caught:
        table_from_csv(csv_text)
    for word in words:
        assert word in caught.value.message


COLUMNS = (Column("month", "datetime"), Column("units", "integer"), Column("price", "float"), Column("note", "text"))


@pytest.mark.parametrize(
    ("records", "words"),
    [
        ([{"month": "2024-03-01", "units": "9", "price": 1, "note": "x"}], ["row 1", "'units'", "integer", "'9'"]),
        ([{"month": "2024-03-01", "units": 9.5, "price": 1, "note": "x"}], ["row 1", "'units'", "integer", "9.5"]),
        ([{"month": "2024-03-01", "units": True, "price": 1, "note": "x"}], ["'units'", "integer"]),
        ([{"month": "2024-03-01", "units": None, "price": 1, "note": "x"}], ["'units'", "cannot be null"]),
        ([{"month": "2024-03-01", "units": 2**63, "price": 1, "note": "x"}], ["'units'", "between"]),
        ([{"month": "March", "units": 9, "price": 1, "note": "x"}], ["'month'", "ISO 8601"]),
        ([{"month": "2024-03-01", "units": 9, "price": "1", "note": "x"}], ["'price'", "number"]),
        ([{"month": "2024-03-01", "units": 9, "price": 1, "note": 5}], ["'note'", "string"]),
        ([{"month": "2024-03-01", "units": 9, "price": 1}], ["missing column 'note'", "month (datetime)"]),
        ([{"month": "2024-03-01", "units": 9, "price": 1, "note": "x", "extra": 1}], ["unknown column 'extra'"]),
        ({"month": "2024-03-01"}, ["list of objects"]),
        ([1, 2], ["row 1", "object"]),
    ],
)
def test_json_rows_that_do_not_fit_are_refused_naming_row_column_and_type(records, words):
    import json

    with pytest.raises(WriteRejected) as caught:
        rows_from_json(json.dumps(records), COLUMNS)
    for word in words:
        assert word in caught.value.message


def test_json_text_with_a_lone_surrogate_is_refused():
    with pytest.raises(WriteRejected, match="surrogate"):
        rows_from_json('[{"month": null, "units": 1, "price": 1, "note": "\\ud800"}]', COLUMNS)


@pytest.mark.parametrize("literal", ["NaN", "Infinity", "-Infinity", "1e400"])
def test_json_nan_and_infinity_are_refused(literal):
    with pytest.raises(WriteRejected) as caught:
        rows_from_json(f'[{{"month": null, "units": 1, "price": {literal}, "note": null}}]', COLUMNS)
    message = caught.value.message
    assert "NaN and Infinity are not allowed" in message or "too large" in message


def test_csv_rows_may_name_the_columns_in_any_order():
    rows = rows_from_csv("note,price,units,month\nx,1.5,3,2024-05-01T12:00:00+02:00\n,,4,\n", COLUMNS)
    assert rows == [("2024-05-01T10:00:00", 3, 1.5, "x"), (None, 4, None, None)]


def test_csv_rows_with_an_unknown_column_list_the_columns():
    with pytest.raises(WriteRejected) as caught:
        rows_from_csv("month,units,price,notes\n", COLUMNS)
    assert "unknown column 'notes'" in caught.value.message
    assert "missing column 'note'" in caught.value.message
    assert "month (datetime), units (integer), price (float), note (text)" in caught.value.message


def test_every_write_bumps_the_version_and_a_version_is_never_reused(store):
    created = store.create("sales", "Sales", table_from_csv(SALES))
    appended = store.append("sales", created.columns, [("2024-03-01", 9, 3.0, None)]).info
    assert int(appended.version) > int(created.version)
    assert appended.rows == 3
    store.delete("sales")
    again = store.create("sales", "Sales", table_from_csv(SALES))
    assert int(again.version) > int(appended.version)
    # A write to one dataset leaves another's version as it was.
    assert int(store.info("animals").version) < int(created.version)


def test_an_append_that_fails_inside_the_transaction_stores_nothing(store):
    info = store.create("sales", "Sales", table_from_csv(SALES))
    good = ("2024-03-01", 9, 3.0, "ok")
    broken = ("2024-04-01", None, 3.0, "integer columns are NOT NULL in the table too")
    with pytest.raises(WriteRejected, match="nothing was stored"):
        store.append("sales", info.columns, [good, broken])
    assert store.info("sales") == info
    assert len(store.read("sales").frame) == 2


def test_another_process_sees_an_append_on_its_next_read(store, store_url, closing):
    other = closing(reopened(store, store_url))
    info = store.create("sales", "Sales", table_from_csv(SALES))
    assert len(other.read("sales").frame) == 2
    store.append("sales", info.columns, [("2024-03-01", 9, 3.0, "new")])
    assert other.info("sales").version == store.info("sales").version
    grown = other.read("sales").frame
    assert grown["note"].tolist()[-1] == "new"
    fresh = closing(reopened(store, store_url)).read("sales").frame
    pd.testing.assert_frame_equal(grown, fresh, check_exact=True)


def test_a_file_in_the_data_folder_is_read_only_and_hides_a_stored_dataset(store):
    (store.files.folders[0] / "animals.csv").write_text("year,Bear\n2030,1\n")
    assert store.info("animals").writable is False
    assert store.read("animals").frame["year"].tolist() == [2030]
    with pytest.raises(DatasetConflict, match="animals.csv"):
        store.append("animals", store.info("animals").columns, [(2031, 2)])
    with pytest.raises(DatasetConflict):
        store.create("animals", "Animals", table_from_csv("a\n1\n"))


def test_creating_a_name_that_exists_is_a_conflict(store):
    with pytest.raises(DatasetConflict, match="exists already"):
        store.create("weather", "Weather", table_from_csv("a\n1\n"))


def test_unknown_dataset_lists_the_datasets(store):
    with pytest.raises(DatasetNotFound, match="animals, stations, weather"):
        store.read("nothing").frame


def many_files(folder, count: int) -> list[str]:
    names = [f"set{n:02d}" for n in range(count)]
    for name in names:
        (folder / f"{name}.csv").write_text("a\n1\n")
    return names


def test_unknown_dataset_lists_the_first_20_and_counts_the_rest(store, tmp_path):
    many_files(tmp_path / "data", 30)  # with animals, stations and weather: 33
    with pytest.raises(DatasetNotFound) as raised:
        store.info("nothing")
    listed = ", ".join(["animals", *(f"set{n:02d}" for n in range(19))])
    assert raised.value.message == f"no dataset 'nothing'; the datasets are {listed} and 13 more; / lists them all"


def test_unknown_dataset_asks_about_the_names_it_looks_like(store):
    with pytest.raises(DatasetNotFound, match=r"no dataset 'weathr' \(did you mean 'weather'\?\); the datasets are "):
        store.read("weathr")


def test_a_data_folders_unknown_dataset_lists_20_too(tmp_path):
    many_files(tmp_path, 25)
    with pytest.raises(DatasetNotFound) as raised:
        CsvStore([tmp_path]).info("set2")
    assert raised.value.message.startswith("no dataset 'set2' (did you mean ")
    assert raised.value.message.endswith(", set19 and 5 more; / lists them all")


def test_a_write_waiting_past_the_busy_timeout_is_store_busy_and_reads_go_on(store_url, closing):
    store = closing(SqlStore(store_url, busy_timeout=0.1))
    info = store.create("sales", "Sales", table_from_csv(SALES))
    with write_lock_held(store_url, "sales"):
        with pytest.raises(StoreBusy) as caught:
            store.append("sales", info.columns, [("2024-03-01", 9, 3.0, None)])
        assert store_error_status(caught.value) == 503 and caught.value.retry_after
        assert "locked" not in caught.value.message
        assert len(store.read("sales").frame) == 2
