"""Every row of a CSV has one value for each column of its header (`row_width_problem`): an upload
of other rows is refused, and a data-folder file of them is unreadable, in the same words."""
from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from app.store import WriteRejected
from app.store.csv_files import read_csv_columns
from app.store.tables import table_from_csv
from tests.conftest import CSV_WRITE, writable_app

# What follows the refusal of a row one value too long whose last is empty.
ENDS_IN_A_COMMA = "; its line ends in a comma, read as one more value, empty: remove it (from the other lines too, if they end in one)"

# Each text, and how an upload of it is refused.
MISFITS = {
    "rows that end in a comma": ("date,value\n2024-01-01,5,\n2024-01-02,6,\n",
                                 "row 1 (line 2) has 3 values; the header has 2 columns: date, value" + ENDS_IN_A_COMMA),
    "the last row ending in a comma without a line end": (
        "a,b\n1,2,\n3,4,", "row 1 (line 2) has 3 values; the header has 2 columns: a, b" + ENDS_IN_A_COMMA),
    "a longer row after a right one": ("a,b\n1,2\n3,4,5\n",
                                       "row 2 (line 3) has 3 values; the header has 2 columns: a, b"),
    "a shorter row": ("a,b\n1,2\n3\n", "row 2 (line 3) has 1 value; the header has 2 columns: a, b"),
    "blank lines before it": ("a,b\n1,2\n\n  \n\t\n3\n", "row 2 (line 6) has 1 value; the header has 2 columns: a, b"),
    "one column": ("a\n1\n\n2,x\n", "row 2 (line 4) has 2 values; the header has 1 column: a"),
    "lines ended by CRLF": ("a,b\r\n1,2\r\n\r\n3,4,\r\n",
                            "row 2 (line 4) has 3 values; the header has 2 columns: a, b" + ENDS_IN_A_COMMA),
    "lines ended by a lone CR": ("a,b\r1,2\r3\r", "row 2 (line 3) has 1 value; the header has 2 columns: a, b"),
    "quoted commas and line breaks": ('a,b\n"x,\ny",2\n"q""",3,\n',
                                      "row 2 (line 4) has 3 values; the header has 2 columns: a, b" + ENDS_IN_A_COMMA),
    "a quote inside a value": ("a,b\n5'10\",2\n5'11\",2,\n",
                               "row 2 (line 3) has 3 values; the header has 2 columns: a, b" + ENDS_IN_A_COMMA),
    "a byte-order mark and a quoted name": ('\ufeff"a",b\n1,2\n3,4,\n',
                                            "row 2 (line 3) has 3 values; the header has 2 columns: a, b" + ENDS_IN_A_COMMA),
    "a quoted line break in the row ending in a comma": ('a,b\n1,2\n"x\r\ny",3,\r\n',
                                                         "row 2 (line 4) has 3 values; the header has 2 columns: a, b"
                                                         + ENDS_IN_A_COMMA),
    "one more value, not empty": ("a,b\n1,2,3\n", "row 1 (line 2) has 3 values; the header has 2 columns: a, b"),
    "two more values, the last empty": ("a,b\n1,2,3,\n",
                                        "row 1 (line 2) has 4 values; the header has 2 columns: a, b"),
    "one column and a comma": ("a\n1,\n", "row 1 (line 2) has 2 values; the header has 1 column: a" + ENDS_IN_A_COMMA),
    # A last value written "" is a value given, empty: the line ends in a quote, not in a comma.
    "a last value quoted empty": ('a,b\n1,2,""\n', "row 1 (line 2) has 3 values; the header has 2 columns: a, b"),
    "a last value quoted empty, lines ended by CRLF, no line end after it": (
        'a,b\r\n1,2\r\n3,4,""', "row 2 (line 3) has 3 values; the header has 2 columns: a, b"),
    "a last value quoted empty over a quoted line break": (
        'a,b\n"x\ny",2,""\n', "row 1 (line 3) has 3 values; the header has 2 columns: a, b"),
    "a quoted empty value, then a comma": ('a,b\n1,"",\n',
                                           "row 1 (line 2) has 3 values; the header has 2 columns: a, b" + ENDS_IN_A_COMMA),
}


@pytest.fixture
def client_and_folder(tmp_path: Path):
    data = tmp_path / "data"
    data.mkdir()
    return writable_app(data).test_client(), data


@pytest.mark.parametrize(("text", "refused"), MISFITS.values(), ids=MISFITS.keys())
def test_a_data_folder_file_with_a_row_of_another_width_is_a_422_in_the_words_an_upload_is_refused_with(
        client_and_folder, text, refused):
    client, data = client_and_folder
    (data / "x19.csv").write_bytes(text.encode())
    for url in ("/datasets/x19.json", "/api/datasets/x19"):
        response = client.get(url)
        assert response.status_code == 422, url
        assert response.get_json()["error"] == f"dataset 'x19' cannot be read as CSV: {refused}"
    uploaded = client.post("/api/datasets?name=x20", data=text.encode(), headers=CSV_WRITE)
    assert uploaded.status_code == 400
    assert uploaded.get_json()["error"] == refused


def test_a_data_folder_file_whose_rows_end_in_a_comma_is_not_read_shifted_by_a_column(client_and_folder):
    # pandas took the dates as the index of a file of one more value in its first row than names.
    client, data = client_and_folder
    (data / "shifted.csv").write_text("a,b\n1,2,\n3,4,\n")
    (data / "fitting.csv").write_text("a,b\n1,2\n3,4\n")
    assert client.get("/datasets/shifted.json").status_code == 422
    assert client.get("/datasets/fitting.json").get_json()["rows"] == [[1, 2], [3, 4]]


def test_rows_of_the_header_width_are_read_whatever_their_quotes_and_line_ends(client_and_folder):
    client, data = client_and_folder
    text = 'a,b\r\n"x, y\r\nz",1\r\n\r\n  \r\n"q""",2\r\n5\'10",3\r\n'
    (data / "quoted.csv").write_text(text, newline="")
    assert client.get("/datasets/quoted.json").get_json()["rows"] == [["x, y\nz", 1], ['q"', 2], ["5'10\"", 3]]
    assert client.post("/api/datasets?name=quoted2", data=text.encode(), headers=CSV_WRITE).status_code == 201


def _field(kind: str) -> str:
    """A value as a CSV line writes it: plain, quoted (holding commas, quotes, line breaks), empty,
    or with a quote inside, which pandas and Python's CSV reader take as a character."""
    return {"plain": "7", "quoted": '"a,""b""\r\nc"', "empty": "", "spaces": "  ", "inner quote": 'x"y'}[kind]


@st.composite
def ragged_csvs(draw) -> str:
    """A CSV whose rows have about as many values as its header has names, a few of them one more or
    fewer, with blank lines and any line end."""
    width = draw(st.integers(min_value=1, max_value=3))
    end = draw(st.sampled_from(["\n", "\r\n", "\r"]))
    lines = [",".join(f"c{i}" for i in range(width))]
    kinds = st.sampled_from(["plain", "plain", "quoted", "empty", "spaces", "inner quote"])
    for _ in range(draw(st.integers(min_value=1, max_value=6))):
        if draw(st.integers(min_value=0, max_value=5)) == 0:
            lines.append(draw(st.sampled_from(["", " ", "\t"])))
            continue
        values = width + draw(st.sampled_from([0, 0, 0, 0, 1, -1]))
        lines.append(",".join(_field(draw(kinds)) for _ in range(max(values, 1))))
    return end.join(lines) + draw(st.sampled_from(["", end]))


@given(text=ragged_csvs())
@settings(max_examples=300, deadline=None)
def test_a_data_folder_file_is_refused_for_a_row_exactly_when_an_upload_is_and_in_its_words(text):
    try:
        table_from_csv(text)
        refused = None
    except WriteRejected as error:
        refused = error.message if "; the header has " in error.message else None
    if refused is None:
        try:
            read_csv_columns(text.encode())
        except ValueError as error:
            assert "the header has" not in str(error)
    else:
        with pytest.raises(ValueError) as read:
            read_csv_columns(text.encode())
        assert str(read.value) == refused



def test_a_value_quoted_before_more_characters_hides_no_row_of_another_width(client_and_folder):
    # An upload refuses `"x"y` itself; pandas reads it as `xy`, so the file is held to its rows.
    client, data = client_and_folder
    (data / "odd.csv").write_text('a,b\n"x"y,2,\n')
    (data / "fine.csv").write_text('a,b\n"x"y,2\n')
    response = client.get("/datasets/odd.json")
    assert response.status_code == 422
    assert response.get_json()["error"] == ("dataset 'odd' cannot be read as CSV: row 1 (line 2) has 3 values; the "
                                            "header has 2 columns: a, b" + ENDS_IN_A_COMMA)
    assert client.get("/datasets/fine.json").get_json()["rows"] == [["xy", 2]]


def test_an_append_of_rows_that_end_in_a_comma_is_told_to_remove_it(client_and_folder):
    client, _ = client_and_folder
    assert client.post("/api/datasets?name=c12", data=b"a,b\n1,2\n", headers=CSV_WRITE).status_code == 201
    appended = client.post("/api/datasets/c12/rows", data=b"a,b\n3,4,\n", headers=CSV_WRITE)
    assert appended.status_code == 400
    assert appended.get_json()["error"] == "row 1 (line 2) has 3 values; the header has 2 columns: a, b" + ENDS_IN_A_COMMA
    assert client.get("/datasets/c12.json").get_json()["rows"] == [[1, 2]]
