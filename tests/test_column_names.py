"""The one rule for column names (`column_name_problem`), wherever a name comes from: an upload's
header, a source database, a data-folder file."""
from __future__ import annotations

from pathlib import Path

import pytest

from app import DashboardError, create_app
from app.store import WriteRejected
from app.store.csv_files import read_csv_columns
from app.store.csv_headers import column_name_problem
from app.store.site_parts import sample_table
from app.store.tables import table_from_csv
from tests.conftest import CSV_WRITE, writable_app
from tests.test_source_values import sqlite_file

MARK = "\ufeff"
TWO_MARKS = ("begins with the byte-order mark U+FEFF twice; UTF-8 text may begin with one at most: remove the "
             "second (an invisible character)")
MARK_REFUSED = "holds the character U+FEFF (ZERO WIDTH NO-BREAK SPACE), a byte-order mark, which draws as nothing"


def test_a_byte_order_mark_in_a_column_name_is_refused_by_the_rule_for_names():
    assert column_name_problem(f"{MARK}a").startswith(MARK_REFUSED)
    assert column_name_problem(f"a{MARK}b").startswith(MARK_REFUSED)
    assert column_name_problem("a") is None


def test_a_source_column_named_with_a_byte_order_mark_makes_its_dataset_unreadable_saying_so(tmp_path: Path,
                                                                                          source_client):
    url = sqlite_file(tmp_path / "db.sqlite", {"t": (f'day TEXT, "{MARK}v" REAL', [("2024-01-01", 1.5)])})
    client = source_client(tmp_path, url, [], {"marked": {"source": "db", "table": "t"},
                                               "picked": {"source": "db", "table": "t", "columns": ["day"]}})
    response = client.get("/api/datasets/marked")
    assert response.status_code == 422
    assert f"column '\\ufeffv' of table 't' in the source 'db' {MARK_REFUSED}" in response.get_json()["error"]
    assert client.get("/api/datasets/picked").status_code == 200


def test_a_data_folder_file_that_begins_with_two_byte_order_marks_is_unreadable_as_an_upload_is_refused(
        tmp_path: Path):
    data = tmp_path / "data"
    data.mkdir()
    (data / "one.csv").write_bytes(f"{MARK}a,b\n1,2\n".encode())
    (data / "two.csv").write_bytes(f"{MARK}{MARK}a,b\n1,2\n".encode())
    client = create_app({"TESTING": True, "DATA_DIR": str(data)}).test_client()
    assert [c["name"] for c in client.get("/api/datasets/one").get_json()["dataset"]["columns"]] == ["a", "b"]
    response = client.get("/api/datasets/two")
    assert response.status_code == 422
    assert response.get_json()["error"] == f"dataset 'two' cannot be read as CSV: it {TWO_MARKS}"
    listed = {d["name"]: d for d in client.get("/api/datasets").get_json()["datasets"]}
    assert listed["two"] == {"name": "two", "error": f"dataset 'two' cannot be read as CSV: it {TWO_MARKS}"}


def test_a_sample_file_that_begins_with_two_byte_order_marks_is_refused_naming_the_file(tmp_path: Path):
    (tmp_path / "one.csv").write_bytes(f"{MARK}a,b\n1,2\n".encode())
    (tmp_path / "two.csv").write_bytes(f"{MARK}{MARK}a,b\n1,2\n".encode())
    assert [c.name for c in sample_table(tmp_path / "one.csv").columns] == ["a", "b"]
    with pytest.raises(WriteRejected) as refused:
        sample_table(tmp_path / "two.csv")
    assert refused.value.message == f"the sample file {tmp_path / 'two.csv'} cannot be loaded: it {TWO_MARKS}"


@pytest.mark.parametrize(("raw", "words"), [
    ("a,b\n1,2\n".encode("utf-16"), "it looks like UTF-16 text; save it as UTF-8"),
    (b"a,b\n1,caf\xe9\n",
     "it is not valid UTF-8: the byte 0xe9 on line 2 (at offset 9) cannot be read; save the file as UTF-8 (in "
     "Excel, Save As with the type \"CSV UTF-8 (Comma delimited)\"), or put the Excel workbook (.xlsx) itself in "
     "the samples folder in the CSV's place"),
], ids=["UTF-16", "not UTF-8"])
def test_a_sample_file_that_is_not_utf8_text_is_refused_naming_the_file_as_an_upload_is(tmp_path: Path, raw, words):
    (tmp_path / "bad.csv").write_bytes(raw)
    with pytest.raises(WriteRejected) as refused:
        sample_table(tmp_path / "bad.csv")
    assert refused.value.message == f"the sample file {tmp_path / 'bad.csv'} cannot be loaded: {words}"


def test_a_data_folder_file_naming_a_column_twice_is_unreadable_as_an_upload_is_refused(tmp_path: Path):
    data = tmp_path / "data"
    data.mkdir()
    (data / "twice.csv").write_text("day,value,value\n2024-01-01,1,2\n")
    (data / "dotted.csv").write_text("day,value.1\n2024-01-01,1\n")
    client = create_app({"TESTING": True, "DATA_DIR": str(data)}).test_client()
    response = client.get("/api/datasets/twice")
    assert response.status_code == 422
    assert response.get_json()["error"] == ("dataset 'twice' cannot be read as CSV: column 'value' appears twice in "
                                            "the header; column names must be unique (spaces around names are "
                                            "trimmed)")
    assert [c["name"] for c in client.get("/api/datasets/dotted").get_json()["dataset"]["columns"]] == [
        "day", "value.1"]


def test_a_source_table_with_look_alike_column_names_is_unreadable_until_one_is_left_out(tmp_path: Path,
                                                                                         source_client):
    composed, decomposed = "caf\u00e9", "cafe\u0301"
    url = sqlite_file(tmp_path / "db.sqlite", {"t": (f'day TEXT, "{composed}" REAL, "{decomposed}" REAL',
                                                     [("2024-01-01", 1.5, 2.5)])})
    client = source_client(tmp_path, url, [], {"both": {"source": "db", "table": "t"},
                                               "one": {"source": "db", "table": "t", "columns": ["day", composed]}})
    response = client.get("/api/datasets/both")
    assert response.status_code == 422
    assert response.get_json()["error"] == (
        f"dataset 'both' cannot be read: columns {composed!r} and 'cafe\\u0301' of table 't' in the source 'db' "
        "look the same: é is U+00E9 in one and U+0065 U+0301 in the other (the same text in two Unicode forms); "
        "column names must differ visibly, as every page, chart legend and URL shows these two alike; leave one "
        f'out with columns = ["day", "{composed}"] in the sources file, or name one anew (… AS clean_name)')
    assert client.get("/api/datasets/one").status_code == 200


def test_a_source_table_with_columns_apart_only_by_an_invisible_character_is_unreadable(tmp_path: Path,
                                                                                        source_client):
    url = sqlite_file(tmp_path / "db.sqlite", {"t": ('day TEXT, "a" REAL, "a\u200d" REAL', [("2024-01-01", 1.5, 2.5)])})
    client = source_client(tmp_path, url, [], {"both": {"source": "db", "table": "t"}})
    response = client.get("/api/datasets/both")
    assert response.status_code == 422
    assert response.get_json()["error"] == (
        "dataset 'both' cannot be read: columns 'a' and 'a\\u200d' of table 't' in the source 'db' look the same: "
        "they differ only by the invisible character U+200D (ZERO WIDTH JOINER); column names must differ visibly, "
        'as every page, chart legend and URL shows these two alike; leave one out with columns = ["day", "a"] in '
        "the sources file, or name one anew (… AS clean_name)")


NO_NAME = "has no name, and every column needs one"
INDEX_ADVICE = ("a file pandas' to_csv writes with its index, or R's write.csv with its row names, begins so: write it "
                "with index=False (pandas) or row.names=FALSE (R), or give the column a name")
# Headers the rule for names refuses, and the words it refuses each with.
REFUSED_HEADERS = [
    ("day,,value\n", f"column 2 of the header, '', {NO_NAME}"),
    (",day,value\n", f"column 1 of the header, '', {NO_NAME}; {INDEX_ADVICE}"),  # pandas' to_csv with its index
    ("day,value,,\n", f"columns 3 and 4 of the header each {NO_NAME}; the header line ends in 2 commas: remove them "
                      "(from the lines under it too, if they end in them), or name the columns"),  # trailing commas
    ('day," ",value\n', f"column 2 of the header, '', {NO_NAME}"),
    ('day,"",Unnamed: 1\n', f"column 2 of the header, '', {NO_NAME}"),
    ('day,"a\tb"\n', "column 2 of the header, 'a\\tb', contains the control character U+0009; only printable "
                     "characters are allowed"),
    ("day,a\x00b\n", "column 2 of the header, 'a\\x00b', contains the control character U+0000; only printable "
                     "characters are allowed"),
    ("a\x1bb,c\x1bd\n", "columns 1 and 2 of the header, 'a\\x1bb', 'c\\x1bd', each contains the control "
                       "character U+001B; only printable characters are allowed"),
    ("day,a\x85b\n", "column 2 of the header, 'a\\x85b', contains the control character U+0085; only printable "
                     "characters are allowed"),
    ("day,a\u2028b\n", "column 2 of the header, 'a\\u2028b', contains the line or paragraph separator U+2028 "
                       "(LINE SEPARATOR); only printable characters are allowed"),
    (f"day,a{MARK}b\n", f"column 2 of the header, 'a\\ufeffb', {MARK_REFUSED}; remove it"),
    (f"day,{'n' * 201}\n", f"column 2 of the header, '{'n' * 100}…' (201 characters), has a name of 201 characters; "
                           "a column name may have at most 200"),
    ("day,value, value\n", "column 'value' appears twice in the header; column names must be unique (spaces around "
                           "names are trimmed)"),
    ("day,\u200b\u2060\n", "column 2 of the header, '\\u200b\\u2060', has no name but characters that draw as "
                          "nothing, and every column needs one"),
]


@pytest.mark.parametrize(("header", "refused"), REFUSED_HEADERS)
def test_an_upload_and_a_data_folder_file_refuse_a_header_with_the_same_words(header, refused):
    text = header + "2024-01-01," + ",".join(["1"] * header.count(",")) + "\n"
    with pytest.raises(WriteRejected) as uploaded:
        table_from_csv(text)
    with pytest.raises(ValueError) as read:
        read_csv_columns(text.encode())
    assert uploaded.value.message == str(read.value) == refused


def test_a_header_written_with_pandas_words_for_empty_names_is_read_as_written():
    columns, _ = read_csv_columns(b"Unnamed: 0,value.1\n1,2\n")
    assert [c.name for c in columns] == ["Unnamed: 0", "value.1"]


def test_a_data_folder_file_with_a_column_without_a_name_is_unreadable_naming_its_position(tmp_path: Path):
    data = tmp_path / "data"
    data.mkdir()
    (data / "blank.csv").write_text("day,,value,\n2024-01-01,1,2,3\n")
    client = writable_app(data).test_client()
    error = f"dataset 'blank' cannot be read as CSV: columns 2 and 4 of the header each {NO_NAME}"
    for url in ("/api/datasets/blank", "/datasets/blank.json", "/plot/blank.json"):
        response = client.get(url)
        assert response.status_code == 422, url
        assert response.get_json()["error"] == error
    listed = {d["name"]: d for d in client.get("/api/datasets").get_json()["datasets"]}
    assert listed["blank"] == {"name": "blank", "error": error}
    uploaded = client.post("/api/datasets?name=blank2", data="day,,value,\n2024-01-01,1,2,3\n", headers=CSV_WRITE)
    assert uploaded.status_code == 400
    assert uploaded.get_json()["error"] == f"columns 2 and 4 of the header each {NO_NAME}"


def test_a_data_folder_file_with_a_control_character_in_a_column_name_is_unreadable_as_an_upload_is_refused(
        tmp_path: Path):
    data = tmp_path / "data"
    data.mkdir()
    (data / "bell.csv").write_text("when,a\x07b\n1,2\n")
    client = writable_app(data).test_client()
    refused = ("column 2 of the header, 'a\\x07b', contains the control character U+0007; only printable "
               "characters are allowed")
    response = client.get("/api/datasets/bell")
    assert response.status_code == 422
    assert response.get_json()["error"] == f"dataset 'bell' cannot be read as CSV: {refused}"
    uploaded = client.post("/api/datasets?name=bell2", data="when,a\x07b\n1,2\n", headers=CSV_WRITE)
    assert uploaded.status_code == 400 and uploaded.get_json()["error"] == refused


def test_a_dashboard_drawing_a_file_with_a_column_without_a_name_stops_start_up_naming_the_file(tmp_path: Path):
    data, boards = tmp_path / "data", tmp_path / "boards"
    data.mkdir()
    boards.mkdir()
    (data / "blank.csv").write_text(",day,value\n0,2024-01-01,1\n")
    (boards / "shop.toml").write_text('title = "Shop"\n[[charts]]\nid = "sales"\ndataset = "blank"\ny = ["value"]\n')
    with pytest.raises(DashboardError) as caught:
        create_app({"TESTING": True, "DATA_DIR": str(data), "DASHBOARD_DIRS": [str(boards)], "RENDER_WORKERS": 0})
    assert str(caught.value) == (
        f"shop.toml: chart 'sales': dataset: dataset 'blank' cannot be read as CSV: column 1 of the header, '', "
        f"{NO_NAME}; {INDEX_ADVICE} (the file {data / 'blank.csv'})")
