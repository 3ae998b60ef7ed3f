"""A chart's and a dataset's rows are written as CSV and JSON a column at a time, and every byte is the
one the CSV writer, and the JSON rows, made of them a row at a time."""
from __future__ import annotations

import csv
import io
import json
import sys
import time
from datetime import datetime

import numpy as np
import pandas as pd
import pytest

from app import export
from app.export import (
    PastDeadline,
    csv_chunks,
    csv_pieces,
    csv_record,
    frame_csv,
    frame_json_rows,
    json_row_pieces,
    pieces_date_formats,
    writing_until,
)
from benchmarks.export_rows import rows_one_by_one_csv, rows_one_by_one_json

TEXTS = ["plain", "a,b", 'say "hi"', "two\nlines", "cr\ralone", "crlf\r\n", "=1+2", "+1", "-1", "@SUM(A1)",
         "\tx", "\rx", " ", "\t", "", None, float("nan"), "\u2028", "é ü 中", "a\x00b", "'quoted'", ",", '"']
FLOATS = [0.1 + 0.2, float("nan"), float("inf"), float("-inf"), -0.0, 1e16, 1e-7, 5e-324, 1.7976931348623157e308,
          -1.5, 100.0, 123456789.123, 2.0**53, -1e-300, 0.5, 3.0, 7.25, 1e22, 42.0, -3.5, 8.0, 9.5, 10.0]
N = len(TEXTS)


def awkward() -> pd.DataFrame:
    """Every kind of column a chart's or dataset's rows hold, with the values a writer may trip on."""
    moments = pd.Series(pd.date_range("2024-01-01", periods=N, freq="37min", tz="UTC"))
    moments[3] = pd.NaT
    moments[4] = pd.Timestamp("2024-01-02T00:00:00.25Z")
    mixed = [pd.Timestamp("2024-05-01T06:00:00", tz="UTC"), 1.5, 2, "=x", None, True, float("nan"), "a,b",
             pd.NA, np.float64(2.5), np.int64(7), -0.0] * 2
    return pd.DataFrame({
        "when": moments,
        "day": pd.Series(pd.date_range("2024-01-01", periods=N, freq="D")),
        'a "quoted", name': FLOATS,
        "=formula name": range(-5, N - 5),
        "big": [2**63 - 1, -(2**63)] + list(range(N - 2)),
        "maybe": pd.array([1, None] * (N // 2) + [3], dtype="Int64"),
        "flag": [True, False] * (N // 2) + [True],
        "text": TEXTS,
        "string": pd.array(TEXTS, dtype="string"),
        "mixed": mixed[:N],
        "unsigned": np.arange(N, dtype=np.uint8),
        "single": np.arange(N, dtype=np.float32) / 3,
    })


@pytest.mark.parametrize("columns", [None, ["text"], ["string"], ["a \"quoted\", name"], ["when"], ["mixed"]])
def test_a_frame_is_written_byte_for_byte_as_a_row_at_a_time(columns):
    frame = awkward() if columns is None else awkward()[columns]
    assert frame_csv(frame) == rows_one_by_one_csv(frame)
    assert json.dumps(frame_json_rows(frame)) == json.dumps(rows_one_by_one_json(frame))


def test_a_column_alone_of_blank_and_white_space_cells_is_written_as_a_row_at_a_time():
    frame = pd.DataFrame({"s": ["", " ", "\t", None, "x", "\u3000", '"']})
    assert frame_csv(frame) == rows_one_by_one_csv(frame) == 's\n""\n" "\n"\'\t"\n""\nx\n"\u3000"\n""""\n'


@pytest.mark.parametrize("frame", [pd.DataFrame(index=range(3)), pd.DataFrame({"a": []}), pd.DataFrame()])
def test_a_frame_without_columns_or_rows_is_written_as_a_row_at_a_time(frame):
    assert frame_csv(frame) == rows_one_by_one_csv(frame)
    assert frame_json_rows(frame) == rows_one_by_one_json(frame)


def test_rows_written_in_pieces_and_blocks_are_the_same_bytes():
    frame = pd.concat([awkward()] * 100, ignore_index=True)  # more rows than a block holds
    assert len(frame) > export.ROWS_BETWEEN_CHECKS
    assert "".join(csv_chunks(frame, 700)) == rows_one_by_one_csv(frame)
    pieces = [frame.iloc[start:start + 900] for start in range(0, len(frame), 900)]
    formats = pieces_date_formats(pieces)
    assert "".join(csv_pieces(frame.columns, pieces, formats)) == rows_one_by_one_csv(frame)
    assert [row for rows in json_row_pieces(pieces, formats) for row in rows] == rows_one_by_one_json(frame)


def test_writing_stops_at_the_deadline_between_blocks():
    frame = pd.DataFrame({"n": range(3 * export.ROWS_BETWEEN_CHECKS)})
    with pytest.raises(PastDeadline, match="0 of them written"):
        writing_until(time.monotonic() - 1, lambda: frame_csv(frame))


# Column names, records and rows a CSV writer may trip on: the header, `csv_record` (which uploads are
# held to) and the rows are written by one quoting rule, and these are the bytes the CSV writer made of
# them before it did.
LONG = 'lo"ng,\r\n' * 10_000
LONG_CELL = '"' + 'lo""ng,\r\n' * 10_000 + '"'
ODD_NAMES = ["plain", "a,b", 'say "hi"', "two\nlines", "cr\ralone", "crlf\r\n", "=f", "+f", "-f", "@f", "\tf",
             "\rf", "é ü 中", " ", ""]
ODD_HEADER = ('plain,"a,b","say ""hi""","two\nlines","cr\ralone","crlf\r\n",\'=f,\'+f,\'-f,\'@f,"\'\tf","\'\rf",'
              'é ü 中, ,\n')


@pytest.mark.parametrize("names, header", [
    (ODD_NAMES, ODD_HEADER), ([], "\n"), ([""], '""\n'), ([" "], '" "\n'), (["\u3000"], '"\u3000"\n'),
    (["=x"], "'=x\n"), (["a\nb"], '"a\nb"\n'), ([LONG], LONG_CELL + "\n"), ([0, -1], "0,'-1\n"),
])
def test_the_header_line_is_the_bytes_it_always_was(names, header):
    assert frame_csv(pd.DataFrame(columns=names)) == header
    assert frame_csv(pd.DataFrame([[1] * len(names)], columns=names)) == header + ",".join(["1"] * len(names)) + "\n"


@pytest.mark.parametrize("values, record", [
    ([], "\n"), ([""], '""\n'), ([None], '""\n'), ([float("nan")], '""\n'), ([pd.NA], '""\n'), ([" "], '" "\n'),
    (["\t"], '"\'\t"\n'), (["\x1c"], '"\x1c"\n'), ([" ", ""], " ,\n"), (["", None], ",\n"), ([LONG], LONG_CELL + "\n"),
    (["a\n=b", "-"], '"a\n=b",\'-\n'),
    (ODD_NAMES, ODD_HEADER), ([np.str_("=x"), np.str_("a,b"), np.str_("-")], '\'=x,"a,b",\'-\n'),
    (["=1", "a,b", 'q"', "x\ry", "\r\n", "-", "@", "+", "\rx", None, 1.5, 0.1 + 0.2, float("inf"), 2, 2**70, True,
      np.float64(2.5), np.int64(-3), np.True_, datetime(2024, 1, 2, 3, 4), pd.Timestamp("2024-01-02T03:04:05.5Z"),
      pd.NaT, "é ü 中", "'q'"],
     '\'=1,"a,b","q""","x\ry","\'\r\n",\'-,\'@,\'+,"\'\rx",,1.5,0.30000000000000004,inf,2,1180591620717411303424,'
     "True,2.5,-3,True,2024-01-02 03:04:00,2024-01-02T03:04:05.5Z,,é ü 中,'q'\n"),
])
def test_a_record_is_the_bytes_it_always_was(values, record):
    assert csv_record(values) == record


def test_awkward_rows_under_awkward_names_are_the_bytes_they_always_were():
    frame = pd.DataFrame({"=text": TEXTS + [LONG], 'a "b",\nc': pd.array(TEXTS + [LONG], dtype="string"),
                          "\rn": FLOATS + [None], "@w": range(N + 1)})
    rows = ['plain,plain,0.30000000000000004,0', '"a,b","a,b",,1', '"say ""hi""","say ""hi""",inf,2',
            '"two\nlines","two\nlines",-inf,3', '"cr\ralone","cr\ralone",-0.0,4', '"crlf\r\n","crlf\r\n",1e+16,5',
            "'=1+2,'=1+2,1e-07,6", "'+1,'+1,5e-324,7", "'-1,'-1,1.7976931348623157e+308,8",
            "'@SUM(A1),'@SUM(A1),-1.5,9", '"\'\tx","\'\tx",100.0,10', '"\'\rx","\'\rx",123456789.123,11',
            " , ,9007199254740992.0,12", '"\'\t","\'\t",-1e-300,13', ",,0.5,14", ",,3.0,15", ",,7.25,16",
            '"\u2028","\u2028",1e+22,17', "é ü 中,é ü 中,42.0,18", "a\x00b,a\x00b,-3.5,19",
            "'quoted','quoted',8.0,20", '",",",",9.5,21', '"""","""",10.0,22', f"{LONG_CELL},{LONG_CELL},,23"]
    assert frame_csv(frame) == "'=text,\"a \"\"b\"\",\nc\",\"'\rn\",'@w\n" + "\n".join(rows) + "\n"
    alone = ['plain', '"a,b"', '"say ""hi"""', '"two\nlines"', '"cr\ralone"', '"crlf\r\n"', "'=1+2", "'+1", "'-1",
             "'@SUM(A1)", '"\'\tx"', '"\'\rx"', '" "', '"\'\t"', '""', '""', '""', '"\u2028"', "é ü 中", "a\x00b",
             "'quoted'", '","', '""""', LONG_CELL]
    for name in ["=text", 'a "b",\nc']:
        assert frame_csv(frame[[name]]) == csv_record([name]) + "\n".join(alone) + "\n"


# The characters some readers end a line at besides a line feed and a carriage return: those Python's
# str.splitlines ends one at.
LINE_ENDS = ["\x0b", "\x0c", "\x1c", "\x1d", "\x1e", "\x85", "\u2028", "\u2029"]


def test_the_export_quotes_a_text_for_each_character_str_splitlines_ends_a_line_at():
    ends = [chr(code) for code in range(sys.maxunicode + 1) if len(f"a{chr(code)}b".splitlines()) == 2]
    assert sorted(export.LINE_BREAKS) == ends == sorted(["\n", "\r"] + LINE_ENDS)


@pytest.mark.parametrize("end", LINE_ENDS)
def test_a_text_holding_a_character_a_reader_may_end_a_line_at_is_quoted_wherever_it_stands(end):
    texts = [f"a{end}b", end, f"{end}x", f"x{end}", f'say "{end}"', f"=a{end}b", "plain"]
    cells = [f'"a{end}b"', f'"{end}"', f'"{end}x"', f'"x{end}"', f'"say ""{end}"""', f'"\'=a{end}b"', "plain"]
    assert csv_record(texts) == ",".join(cells) + "\n"
    for column in [texts, pd.array(texts, dtype="string")]:
        frame = pd.DataFrame({f"t{end}t": column, "n": range(len(texts))})
        written = frame_csv(frame)
        assert written == f'"t{end}t",n\n' + "".join(f"{cell},{i}\n" for i, cell in enumerate(cells))
        assert frame_csv(frame[[f"t{end}t"]]) == f'"t{end}t"\n' + "".join(f"{cell}\n" for cell in cells)
        assert written == rows_one_by_one_csv(frame)
        # Read back, each text is its cell again, the formula's with its `'`.
        assert [row[0] for row in csv.reader(io.StringIO(written, newline=""))] == (
            [f"t{end}t"] + texts[:5] + [f"'=a{end}b", "plain"])
