"""Refusals that list a dataset's column names, a dashboard file's and an upload's, write each as the
rest of the site lists one (`plots.text.column_list`, `listed_value`): a name in another Unicode form
than it looks (`cafe` and a combining accent beside `café`) or holding a character that draws as
nothing (`v` and a zero width space beside `v`) quoted, those characters escaped."""
from __future__ import annotations

from pathlib import Path

import pytest

from app import DashboardError, create_app
from tests.conftest import CSV_WRITE, created, writable_app

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


def test_a_csv_row_of_another_width_lists_the_header_s_look_alike_names_apart(tmp_path):
    client = writable_app(tmp_path).test_client()
    refused = client.post("/api/datasets?name=w", data="v\u200b,cafe\u0301,a;b\n1,2\n", headers=CSV_WRITE)
    assert refused.status_code == 400, refused.get_data(as_text=True)
    assert ("row 1 (line 2) has 2 values; the header has 3 columns: 'v\\u200b', 'cafe\\u0301', 'a;b'"
            in refused.get_json()["error"])


def test_an_append_s_unknown_column_in_another_unicode_form_is_told_apart(tmp_path):
    client = writable_app(tmp_path).test_client()
    created(client, "cols", "n,caf\u00e9s\n1,a\n")
    refused = client.post("/api/datasets/cols/rows", data="n,cafe\u0301\n2,b\n", headers=CSV_WRITE)
    assert refused.status_code == 400, refused.get_data(as_text=True)
    assert "unknown column 'cafe\\u0301' and missing column 'cafés'" in refused.get_json()["error"]

