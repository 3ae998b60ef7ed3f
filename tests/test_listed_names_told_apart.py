"""Refusals that list a dataset's column names, a dashboard file's and an upload's, write each as the
rest of the site lists one (`plots.text.column_list`, `listed_value`): a name in another Unicode form
than it looks (`cafe` and a combining accent beside `café`) or holding a character that draws as
nothing (`v` and a zero width space beside `v`) quoted, those characters escaped."""
from __future__ import annotations

from pathlib import Path

import pytest

from app import DashboardError, create_app

# A date column and two text columns whose names look like others: `day` ends in a zero width space,
# `café` is written with e and the combining accent.
HEADER = "day\u200b,cafe\u0301,n"
ROWS = "2024-01-01,a,1\n2024-01-02,b,2\n"
CHART = '[[charts]]\nid = "c"\ndataset = "t"\ny = ["n"]\n'


def start(tmp_path: Path, board: str):
    data = tmp_path / "data"
    boards = tmp_path / "boards"
    data.mkdir(exist_ok=True)
    boards.mkdir(exist_ok=True)
    (data / "t.csv").write_text(f"{HEADER}\n{ROWS}", encoding="utf-8")
    (boards / "m.toml").write_text(board + CHART, encoding="utf-8")
    return create_app({"TESTING": True, "DATA_DIR": str(data), "DASHBOARD_DIRS": [str(boards)]})


@pytest.mark.parametrize(("board", "said"), [
    ('time_column = "date"\n', "their date columns are 'day\\u200b'"),
    ('[[filters]]\nlabel = "L"\n', "their text columns are 'cafe\\u0301'"),
    ('[[filters]]\ncolumn = "nope"\n', "their text columns are 'cafe\\u0301'"),
    ('[[filters]]\ncolumn = "caf\u00e9"\n[[filters]]\ncolumn = "cafe\u0301"\n',
     "filter 2: column 'cafe\\u0301' is filtered twice"),
])
def test_a_dashboard_file_s_refusal_lists_look_alike_column_names_apart(tmp_path, board, said):
    with pytest.raises(DashboardError) as caught:
        start(tmp_path, board)
    assert said in str(caught.value)

