"""One rule for a CSV's column types: a file in the data folder and an upload of the same text agree."""
from __future__ import annotations

import csv
import io
import tempfile
from pathlib import Path

import pandas as pd
import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from app.store import CsvStore, WriteRejected, table_from_csv
from app.store import cell_values, csv_files, csv_types
from app.store.csv_files import read_csv_columns
from app.store.cell_values import typed_column
from app.store.frames import columns_frame
from tests.conftest import CSV_WRITE, writable_app


def read_from_folder(text: str, folder: Path) -> tuple[dict[str, str], pd.DataFrame]:
    """Column types and rows of `text` dropped into the data folder as a file."""
    (folder / "dropped.csv").write_text(text, encoding="utf-8")
    snapshot = CsvStore([folder]).read("dropped")
    return snapshot.info.column_types(), snapshot.frame


def read_as_upload(text: str) -> tuple[dict[str, str], pd.DataFrame]:
    """Column types and rows of `text` uploaded, as the database gives them back."""
    table = table_from_csv(text)
    values = [list(column) for column in zip(*table.rows)]
    return {c.name: c.type for c in table.columns}, columns_frame(table.columns, values)


# Each text, and the types both paths must give it.
TRICKY = {
    "integers": ("n,m\n1,-2\n+3,7\n0,-0\n", {"n": "integer", "m": "integer"}),
    "whole numbers with a leading zero are text": ('n,m,q\n1,-2,"01"\n+3,007,2\n0,-0,\n',
                                                   {"n": "integer", "m": "text", "q": "text"}),
    "integers with an empty cell": ("n,m\n1,5\n,6\n3,7\n", {"n": "float", "m": "integer"}),
    "floats with an exponent": ("x,y\n1e3,.5\n-2.5E-2,3.\n+4e+0,1\n", {"x": "float", "y": "float"}),
    "spaces around values": ("n,x,d,s\n 12 , 1.5 , 2024-01-01 , a \n13,\t2.5\t,2024-01-02, b\n",
                             {"n": "integer", "x": "float", "d": "datetime", "s": "text"}),
    "iso dates": ("d,n\n2024-01-01,1\n2024-02-29,2\n", {"d": "datetime", "n": "integer"}),
    "datetimes without a zone": ("t,n\n2024-01-01T10:00,1\n2024-01-01 10:00:30.25,2\n2024-01-02T00:00:00,3\n",
                                 {"t": "datetime", "n": "integer"}),
    "datetimes with a zone": ("t,n\n2024-01-01T10:00:00Z,1\n2024-01-01T10:00:00+02:00,2\n2024-01-01T10:00-0530,3\n",
                              {"t": "datetime", "n": "integer"}),
    "dates with and without a zone": ("t,n\n2024-01-01,1\n2024-01-01T10:00:00+02:00,2\n,3\n",
                                      {"t": "datetime", "n": "integer"}),
    "dates with a zone but no time are text": ("t,n\n2024-01-31Z,1\n2024-01-31+02:00,2\n2024-01-31,3\n",
                                               {"t": "text", "n": "integer"}),
    "months alone are dates": ("m,n\n2024-01,1\n2024-12,2\n", {"m": "datetime", "n": "integer"}),
    "months among days and times are dates": ("m,n\n2024-01,1\n2024-01-15,2\n2024-02-01T08:00:00Z,3\n",
                                              {"m": "datetime", "n": "integer"}),
    "a month among numbers is text": ("a,n\n5,1\n2024-01,2\n1.5,3\n", {"a": "text", "n": "integer"}),
    "a month 13 is text": ("m,n\n2024-13,1\n2024-01,2\n", {"m": "text", "n": "integer"}),
    "mixed columns are text": ("a,b,c,d\n1,1.5,2024-01-01,True\nx,2024-01-01,1,False\n",
                               {"a": "text", "b": "text", "c": "text", "d": "text"}),
    "an all-empty column": ("a,b,c\n1,,\n2,,\n", {"a": "integer", "b": "float", "c": "float"}),
    "numbers too big for int64": (
        "a,b,c,d\n9223372036854775807,9223372036854775808,-9223372036854775809,123456789012345678901234567890\n"
        "1,2,3,4\n", {"a": "integer", "b": "float", "c": "float", "d": "float"}),
    "leading zeros beyond 19 digits": ("n,m\n0000000000000000000000001,1\n2,2\n", {"n": "text", "m": "integer"}),
    "words for missing values among text are text": ("a,b\nNA,null\nNamibia,x\n", {"a": "text", "b": "text"}),
    "an empty cell among text and a number beyond 64 bits": ("a,b\n,x\n18446744073709551616,y\n1e,z\n",
                                                             {"a": "text", "b": "text"}),
    "numbers with thousands separators are text": ('a,b\n"1,000",1 000\n2,3\n', {"a": "text", "b": "text"}),
    "digits of other scripts are text": ("a,b\n\u0663,\u0661\u0662\n4,5\n", {"a": "text", "b": "text"}),
    "lines of only spaces or tabs are blank": ("v\n1\n  \n2\n\t\n \t \n", {"v": "integer"}),
    "a quoted cell of spaces is text": ('s\na\n"  "\n \nb\n', {"s": "text"}),
}


@pytest.mark.parametrize("text, types", TRICKY.values(), ids=TRICKY.keys())
def test_a_data_folder_file_and_an_upload_of_it_get_the_same_types_and_values(text, types, tmp_path):
    folder_types, folder_rows = read_from_folder(text, tmp_path)
    upload_types, upload_rows = read_as_upload(text)
    assert folder_types == upload_types == types
    pd.testing.assert_frame_equal(folder_rows, upload_rows, check_exact=True)


def test_fractions_beyond_microseconds_are_cut_in_a_data_folder_file_and_refused_in_an_upload(tmp_path):
    # Times are kept to the microsecond: an upload says so rather than store another moment.
    text = "t,n\n2024-01-01T10:00:00.123456789,1\n9999-12-31,2\n"
    types, rows = read_from_folder(text, tmp_path)
    assert types == {"t": "datetime", "n": "integer"}
    assert rows["t"].tolist() == [pd.Timestamp("2024-01-01T10:00:00.123456"), pd.Timestamp("9999-12-31")]
    with pytest.raises(WriteRejected, match="times go to the microsecond"):
        read_as_upload(text)


def test_a_date_with_a_zone_but_no_time_is_text_uploaded_or_in_the_data_folder(tmp_path):
    # ISO 8601 writes a zone after a time only, and pandas reads no date with one: such a cell
    # failed an upload as "not a real date or time" though the rule had typed its column datetime.
    data = tmp_path / "data"
    data.mkdir()
    text = "day,n\n2024-01-31Z,1\n2024-02-01+02:00,2\n"
    (data / "zoned.csv").write_text(text)
    client = writable_app(data).test_client()
    created = client.post("/api/datasets?name=uploaded", data=text, headers=CSV_WRITE)
    assert created.status_code == 201, created.get_json()
    for name in ("zoned", "uploaded"):
        columns = client.get(f"/api/datasets/{name}").get_json()["dataset"]["columns"]
        assert [(c["name"], c["type"]) for c in columns] == [("day", "text"), ("n", "integer")]
        assert client.get(f"/datasets/{name}.json").get_json()["rows"] == [["2024-01-31Z", 1],
                                                                           ["2024-02-01+02:00", 2]]


def test_times_with_a_zone_become_utc_without_one(tmp_path):
    _, rows = read_from_folder("t,n\n2024-01-01T10:00:00+02:00,1\n2024-01-01T10:00:00Z,2\n2024-01-01T10:00,3\n",
                               tmp_path)
    assert rows["t"].tolist() == [pd.Timestamp("2024-01-01 08:00"), pd.Timestamp("2024-01-01 10:00"),
                                  pd.Timestamp("2024-01-01 10:00")]


def test_a_month_alone_is_read_as_its_first_day_uploaded_or_in_the_data_folder(tmp_path):
    text = "m,n\n2024-01,1\n 2024-12 ,2\n2024-01-15,3\n"
    for types, rows in (read_from_folder(text, tmp_path), read_as_upload(text)):
        assert types == {"m": "datetime", "n": "integer"}
        assert rows["m"].tolist() == [pd.Timestamp("2024-01-01"), pd.Timestamp("2024-12-01"), pd.Timestamp("2024-01-15")]


def test_spaces_are_kept_in_text_and_dropped_around_numbers(tmp_path):
    _, rows = read_from_folder("s,n\n a ,  4\nb , 5 \n", tmp_path)
    assert rows["s"].tolist() == [" a ", "b "] and rows["n"].tolist() == [4, 5]


@pytest.mark.parametrize("word", ["NaN", "nan", "-inf", "Infinity", "1e400"])
def test_nan_or_infinity_in_a_data_folder_file_is_a_missing_value_and_refused_in_an_upload(word, tmp_path):
    text = f"x,n\n1.5,1\n{word},2\n"
    types, rows = read_from_folder(text, tmp_path)
    assert types == {"x": "float", "n": "integer"}
    assert rows["x"].isna().tolist() == [False, True]
    with pytest.raises(WriteRejected, match="row 2, column 'x'"):
        table_from_csv(text)


@pytest.mark.parametrize("word", ["NA", "n/a", "#N/A", "null", "NULL", " None "])
def test_a_word_for_a_missing_value_is_missing_in_a_data_folder_file_and_refused_in_an_upload(word, tmp_path):
    text = f"x,n,d,s\n1.5,1,2024-01-01,a\n{word},{word},{word},{word}\n2.5,3,2024-01-03,c\n"
    types, rows = read_from_folder(text, tmp_path)
    assert types == {"x": "float", "n": "float", "d": "datetime", "s": "text"}
    assert rows["x"].isna().tolist() == rows["n"].isna().tolist() == rows["d"].isna().tolist() == [False, True, False]
    assert rows["n"].tolist()[::2] == [1.0, 3.0]
    assert rows["s"].tolist() == ["a", word, "c"]
    with pytest.raises(WriteRejected, match=rf"row 2, column 'x'.*{word.strip()!r} is a word for a missing value; "
                                            "leave the cell empty instead"):
        table_from_csv(text)
    emptied = table_from_csv(text.replace(word, ""))  # what the message asks for
    assert {c.name: c.type for c in emptied.columns} == types


def test_a_column_of_only_words_for_missing_values_is_an_empty_number_column(tmp_path):
    types, rows = read_from_folder("x,n\nNA,1\nnull,2\n", tmp_path)
    assert types == {"x": "float", "n": "integer"} and rows["x"].isna().all()


def test_an_impossible_date_leaves_a_data_folder_file_a_text_column_and_is_refused_in_an_upload(tmp_path):
    text = "d,n\n2024-02-28,1\n2024-02-30,2\n"
    types, rows = read_from_folder(text, tmp_path)
    assert types == {"d": "text", "n": "integer"}
    assert rows["d"].tolist() == ["2024-02-28", "2024-02-30"]
    with pytest.raises(WriteRejected, match="'2024-02-30' is not a real date"):
        table_from_csv(text)


# Cells that make the types hard to tell: signs, spaces, exponents, words, big numbers, odd dates.
CELLS = st.one_of(
    st.sampled_from(["", " ", "0", "-0", "+7", "007", " 12 ", "\t3", "1.", ".5", "-.5e3", "1e3", "1E+03", "1e",
                     "nan", "NaN", "inf", "-Infinity", "1e400", "9223372036854775807", "9223372036854775808",
                     "-9223372036854775809", "0" * 25 + "1", "1" * 30, "True", "NA", "x", "1,5", "1_000",
                     "2024-01-01", "2024-01-01T10:00", "2024-01-01 10:00:00.5+02:00", "2024-01-01T10:00:00Z",
                     "2024-02-30", "2024-01-01Z", "0000-01-01", "\u0663", "2024-01", "2024-13", "0000-01"]),
    st.integers(min_value=-(2**64), max_value=2**64).map(str),
    st.floats(allow_nan=False, allow_infinity=False).map(repr),
    st.datetimes().map(lambda moment: moment.isoformat(sep=" ")),
)


def csv_text(columns: list[list[str]]) -> str:
    """A CSV whose first column numbers the rows (so that no line is blank) and then `columns`."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(["row"] + [f"c{i}" for i in range(len(columns))])
    for number, cells in enumerate(zip(*columns)):
        writer.writerow([number, *cells])
    return buffer.getvalue()


@st.composite
def tricky_csvs(draw) -> str:
    rows = draw(st.integers(min_value=1, max_value=6))
    # A column mostly of one kind of cell, with a few of any other kind.
    columns = []
    for _ in range(draw(st.integers(min_value=1, max_value=4))):
        usual = draw(CELLS)
        columns.append([draw(st.one_of(st.just(usual), CELLS)) for _ in range(rows)])
    return csv_text(columns)


@given(text=tricky_csvs())
@example(text="row,c0\n0,\n1,18446744073709551616\n2,1e\n")  # pandas left the empty cell ""
@settings(max_examples=300, deadline=None)
def test_any_csv_the_upload_accepts_reads_the_same_from_the_data_folder(text):
    with tempfile.TemporaryDirectory() as folder:
        folder_types, folder_rows = read_from_folder(text, Path(folder))
    try:
        upload_types, upload_rows = read_as_upload(text)
    except WriteRejected:
        return
    assert folder_types == upload_types
    pd.testing.assert_frame_equal(folder_rows, upload_rows, check_exact=True)


@given(text=tricky_csvs())
@example(text="row,c0\n0,\n1,111111111111111111111111111111\n2,1e\n")
@settings(max_examples=300, deadline=None)
def test_pandas_typing_of_a_data_folder_file_is_what_the_rule_gives_its_cells(text):
    raw = text.encode()
    columns, rows = read_csv_columns(raw)
    cells = pd.read_csv(io.BytesIO(raw), dtype=str, keep_default_na=False)
    for position, column in enumerate(columns):
        kind, values = typed_column(cells.iloc[:, position], strict=False)
        assert column.type == kind
        pd.testing.assert_series_equal(rows.iloc[:, position], values, check_names=False, check_exact=True)


def line_feed_searches(monkeypatch) -> list[list]:
    """The cells of each text column `with_line_feeds` is asked about, from now on."""
    searched = []
    real = cell_values.with_line_feeds

    def spy(texts):
        searched.append(texts.tolist())
        return real(texts)

    # Text columns typed by the rule call it from cell_values, those pandas read as text from csv_files.
    monkeypatch.setattr(cell_values, "with_line_feeds", spy)
    monkeypatch.setattr(csv_files, "with_line_feeds", spy)
    return searched


def test_text_columns_of_a_file_without_carriage_returns_are_not_searched_for_them(monkeypatch):
    searched = line_feed_searches(monkeypatch)
    columns, rows = read_csv_columns(b"name,n\nann,1\n,2\nbob,3\n")
    assert searched == []
    assert [c.type for c in columns] == ["text", "integer"]
    assert rows["name"].tolist()[::2] == ["ann", "bob"] and rows["name"].isna().tolist() == [False, True, False]


def test_each_text_column_of_a_file_with_carriage_returns_is_searched_once(monkeypatch):
    # The second column looks like numbers at first: the rule types it, and its text values are kept.
    searched = line_feed_searches(monkeypatch)
    columns, rows = read_csv_columns(b'name,code\r\n"ann\r\nlee",1\r\n,x\r\nbob,\r\n')
    assert [c.type for c in columns] == ["text", "text"]
    assert len(searched) == 2
    assert rows["name"].tolist()[0] == "ann\nlee" and rows["code"].tolist()[:2] == ["1", "x"]
    assert rows["name"].isna().tolist() == [False, True, False] and rows["code"].isna().tolist() == [False, False, True]


@pytest.mark.parametrize("column_type, cells", [("float", ["1.5", " ", "-2e3", "", "nan"]),
                                                ("datetime", ["2024-01-01", "", " 2024-01-02T10:00Z "])])
def test_cells_that_all_fit_a_given_type_are_not_read_for_words_for_a_missing_value(monkeypatch, column_type,
                                                                                     cells):
    # No such word fits a number or a date: an append's cells that all fit hold none.
    def words_looked_for(stripped):
        raise AssertionError(f"looked for words among {list(stripped)}")

    monkeypatch.setattr(cell_values, "missing_word_flags", words_looked_for)
    values = cell_values.column_values(cells, column_type, strict=False)
    assert values.isna().tolist() == [cell.strip() in ("", "nan") for cell in cells]


@pytest.mark.parametrize("cells, column_type", [(["1.5", " ", "-2e3", ""], "float"),
                                                ([" 1 ", "2"], "integer"),
                                                (["2024-01-01", "", " 2024-01-02T10:00Z "], "datetime")])
def test_a_column_the_rule_types_without_words_for_a_missing_value_is_not_read_for_them_again(monkeypatch, cells,
                                                                                              column_type):
    def words_looked_for(stripped):
        raise AssertionError(f"looked for words among {list(stripped)}")

    # The rule looks for them in csv_types, reading the cells as values in cell_values.
    monkeypatch.setattr(csv_types, "missing_word_flags", words_looked_for)
    monkeypatch.setattr(cell_values, "missing_word_flags", words_looked_for)
    kind, values = typed_column(cells)
    assert kind == column_type
    assert values.isna().tolist() == [not cell.strip() for cell in cells]


def test_words_for_a_missing_value_the_rule_saw_are_refused_in_an_upload_and_missing_in_a_file():
    with pytest.raises(cell_values.BadCell, match="'NA' is a word for a missing value"):
        typed_column(["1.5", "NA", "2"])
    kind, values = typed_column(["1.5", "NA", "2"], strict=False)
    assert kind == "float" and values.isna().tolist() == [False, True, False]


@pytest.mark.parametrize("column_type, cells, message", [
    ("float", ["1.5", "NA", "x"], "row 1: 'NA' is a word for a missing value"),
    ("float", ["1.5", "x", "NA"], "row 1: expected a number, got 'x'"),
    ("datetime", ["2024-01-01", "x", " null "], "row 1: expected an ISO 8601 date"),
    ("datetime", ["2024-01-01", " null ", "x"], "row 1: 'null' is a word for a missing value"),
])
def test_the_first_of_a_word_and_a_value_that_does_not_fit_is_refused(column_type, cells, message):
    with pytest.raises(cell_values.BadCell) as refused:
        cell_values.column_values(cells, column_type)
    assert f"row {refused.value.row}: {refused.value.message}".startswith(message)


def test_words_for_a_missing_value_among_fitting_cells_are_missing_when_not_strict():
    values = cell_values.column_values(["1.5", "N/A", "2", " none "], "float", strict=False)
    assert values.isna().tolist() == [False, True, False, True]


def test_a_number_too_small_for_a_float_is_0_in_a_data_folder_file_and_refused_in_an_upload(tmp_path):
    text = "x,n\n1.5,1\n1e-400,2\n"
    types, rows = read_from_folder(text, tmp_path)
    assert types == {"x": "float", "n": "integer"} and rows["x"].tolist() == [1.5, 0.0]
    with pytest.raises(WriteRejected, match="row 2, column 'x'.*'1e-400' is too small for a number"):
        table_from_csv(text)


BEYOND_64_BITS = "expected an integer between -9223372036854775808 and 9223372036854775807, got "


@pytest.mark.parametrize("cells, row, message", [
    (["1", "1" * 25, "x"], 1, BEYOND_64_BITS + repr("1" * 25)),
    (["1.0", "1" * 25, "x"], 1, BEYOND_64_BITS + repr("1" * 25)),
    (["1.0", "1e30", "x"], 1, BEYOND_64_BITS + "'1e30'"),
    (["1.0", "x", "1e30", "1" * 25], 1, "expected an integer, got 'x'"),
])
def test_an_integer_column_refuses_its_first_cell_that_is_no_64_bit_whole_number(cells, row, message):
    with pytest.raises(cell_values.BadCell) as refused:
        cell_values.column_values(cells, "integer")
    assert (refused.value.row, refused.value.message) == (row, message)


def text_reads(monkeypatch) -> list[list]:
    """The columns each reading of a file as text names (`usecols`), from now on."""
    reads = []
    real = csv_files.pd.read_csv

    def spy(source, **options):
        if options.get("dtype") is str:
            reads.append(list(options.get("usecols") or []))
        return real(source, **options)

    monkeypatch.setattr(csv_files.pd, "read_csv", spy)
    return reads


def test_a_leading_zero_cell_has_only_whole_number_columns_read_again_as_text(monkeypatch):
    # A time, a date and a code in a text column each begin with a zero; the decimal column cannot
    # be whole numbers kept as text for their zeros, so pandas' reading of it stands.
    reads = text_reads(monkeypatch)
    columns, rows = read_csv_columns(b"at,day,code,x,n,m\n07:30,01/05/2024,007x,1.5,1,2.0\n"
                                     b"08:00,02/05/2024,b,,2,\n")
    assert [c.type for c in columns] == ["text", "text", "text", "float", "integer", "float"]
    assert reads == [[4, 5]]
    assert rows["x"].isna().tolist() == [False, True] and rows["x"][0] == 1.5


def test_a_column_of_whole_numbers_with_a_leading_zero_and_an_empty_cell_is_text(monkeypatch):
    reads = text_reads(monkeypatch)
    columns, rows = read_csv_columns(b"code,x\n007,1.5\n,2.5\n12,\n")
    assert [c.type for c in columns] == ["text", "float"]
    assert reads == [[0]]
    assert rows["code"].tolist()[0::2] == ["007", "12"] and rows["code"].isna().tolist() == [False, True, False]


@pytest.mark.parametrize("body, first", [
    (b"d,v\n1,1.5\n2,1e400\n3,-1e400\n", "1e400"),  # pandas reads the column as numbers, infinite where too large
    (b"d,v\n1, \n2,2e999\n", "2e999"),  # typed by the rule, pandas keeping its cells as text
    (b"d,v\n1,NA\n2,3e999\n", "3e999"),  # so too, a word for a missing value among them
])
def test_a_files_first_number_too_large_for_a_float_is_kept_with_its_row(body, first):
    columns, rows, too_large, _ = csv_files.read_csv_file(body)
    assert columns[1].type == "float" and rows["v"].isna().iloc[-1]
    assert too_large == {"v": csv_files.Cell(2, first)}


def test_a_files_infinity_word_is_no_number_too_large_for_a_float():
    assert csv_files.read_csv_file(b"v\ninf\n1.5\n \n")[2] == {}
