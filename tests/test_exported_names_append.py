"""An append may name a column as the dataset's CSV export writes its name: a spreadsheet shows the
export's `'` before a name that starts as a formula does, and copies it with the header line."""
from __future__ import annotations

import html
import json
import re

import pytest

from tests.conftest import CSV_WRITE, JSON_WRITE, WRITE_TOKEN, created, csrf_at, rows_of, writable_app


@pytest.fixture
def app(data_dir):
    return writable_app(data_dir)


@pytest.fixture
def signs(client) -> str:
    created(client, "signs", '=x,-y,"a;=b",name\n1,2,3,a\n')
    return "signs"


def test_the_csv_export_writes_the_names_with_a_quote_before_them(client, signs):
    assert client.get(f"/datasets/{signs}.csv").get_data(as_text=True).splitlines()[0] == "'=x,'-y,\"a;'=b\",name"


def test_a_csv_append_under_the_exported_header_line_adds_its_rows(client, signs):
    header = client.get(f"/datasets/{signs}.csv").get_data(as_text=True).splitlines()[0]
    answer = client.post(f"/api/datasets/{signs}/rows", data=f"{header}\n4,5,6,b\n", headers=CSV_WRITE)
    assert answer.status_code == 200, answer.get_data(as_text=True)
    assert rows_of(client, signs) == [[1, 2, 3, "a"], [4, 5, 6, "b"]]


def test_cells_pasted_under_the_exported_names_copied_from_a_spreadsheet_are_added(client, signs):
    url = f"/datasets/{signs}/append"
    answer = client.post(url, data={"csrf_token": csrf_at(client, url), "token": WRITE_TOKEN,
                                    "rows": "'=x\t'-y\ta;'=b\tname\r\n7\t8\t9\tc\r\n"})
    assert answer.status_code == 303, re.search(r"Nothing was added: [^<]*", html.unescape(answer.get_data(as_text=True)))
    assert rows_of(client, signs)[-1] == [7, 8, 9, "c"]


def test_a_json_row_may_name_a_column_as_the_export_writes_it(client, signs):
    rows = [{"'=x": 10, "'-y": 11, "a;'=b": 12, "name": "d"}]
    answer = client.post(f"/api/datasets/{signs}/rows", data=json.dumps(rows), headers=JSON_WRITE)
    assert answer.status_code == 200, answer.get_data(as_text=True)
    assert rows_of(client, signs)[-1] == [10, 11, 12, "d"]


def test_a_column_named_with_the_quote_itself_is_named_by_its_own_name_first(client):
    created(client, "both", "=x,''=x\n1,2\n")  # a create reads `'=x` as the export's `=x`, `''=x` as `'=x`
    answer = client.post("/api/datasets/both/rows", data="'=x,=x\n3,4\n", headers=CSV_WRITE)
    assert answer.status_code == 200, answer.get_data(as_text=True)
    assert rows_of(client, "both") == [[1, 2], [4, 3]]
