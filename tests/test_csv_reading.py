"""An upload's CSV text into rows: read the quick way unless a line holds only spaces or tabs."""
from __future__ import annotations

import csv

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from app.store import WriteRejected
from app.store.tables import _csv_rows, _Lines, _lines_and_rows
from app.store.upload_limits import DEFAULT_UPLOAD_LIMITS


def rows_looking_at_every_line(text: str) -> tuple[list[str] | None, list[tuple[int, list[str]]]]:
    """The header and (line number, cells) of the rows, every line looked at for spaces alone."""
    lines = _Lines(text)
    reader = csv.reader(lines, strict=True)
    header = next(reader, None)
    return header, [(reader.line_num, cells) for cells in reader if lines.is_row(cells)]


@pytest.mark.parametrize("end", ["\n", "\r\n", "\r"])
def test_a_text_without_a_line_of_spaces_is_read_without_looking_at_each_line(end):
    text = end.join(["a,b", "1, 2", " 3,4", '"5', ' ",6', ""])
    assert _lines_and_rows(text)[1] is None
    assert _csv_rows(text, DEFAULT_UPLOAD_LIMITS) == rows_looking_at_every_line(text)


@pytest.mark.parametrize("end", ["\n", "\r\n", "\r"])
@pytest.mark.parametrize("blank", [" ", "\t", " \t "])
@pytest.mark.parametrize("where", ["middle", "last", "last without a line end"])
def test_a_line_of_only_spaces_or_tabs_is_found_after_any_line_end(end, blank, where):
    lines = {"middle": ["v", "1", blank, "2", ""], "last": ["v", "1", "2", blank, ""],
             "last without a line end": ["v", "1", "2", blank]}[where]
    text = end.join(lines)
    assert _lines_and_rows(text)[1] is not None
    header, rows = _csv_rows(text, DEFAULT_UPLOAD_LIMITS)
    assert [cells for _, cells in rows] == [["1"], ["2"]]


@given(text=st.text(alphabet='a1 \t,"\r\n', max_size=40))
@example(text='v\n"\n \n"\n')  # a line of spaces inside a quoted cell
@settings(max_examples=500, deadline=None)
def test_either_way_of_reading_gives_the_same_rows(text):
    try:
        expected = rows_looking_at_every_line(text)
    except csv.Error:
        with pytest.raises(WriteRejected):
            _csv_rows(text, DEFAULT_UPLOAD_LIMITS)
        return
    if expected[0] is None:
        with pytest.raises(WriteRejected, match="empty"):
            _csv_rows(text, DEFAULT_UPLOAD_LIMITS)
        return
    assert _csv_rows(text, DEFAULT_UPLOAD_LIMITS) == expected
