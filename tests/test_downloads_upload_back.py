"""What the site gives back, it takes back unchanged: a dataset's CSV, or a chart's data, uploaded
again as a new dataset, or appended to a copy, holds the same columns, types and values, and draws
the same chart."""
from __future__ import annotations

import json
import math
import sqlite3

import pytest

from app.store import table_from_csv

from tests.conftest import CSV_WRITE, JSON_WRITE, WRITE_TOKEN, created, csrf_at, rows_of, writable_app

# A column of every type, and texts a spreadsheet would run as a formula, one with the `'` the
# export writes before them as its own first character (which an upload reads as the export's, as a
# spreadsheet does: `''=kept` is the text `'=kept`), and pieces after a semicolon or a tab that start as one.
EVERY_KIND = (
    'id,x,when,day,far,txt,code,formula,rtl\n'
    '9007199254740993,0.30000000000000004,2024-01-31T08:00:00Z,2024-01-31,0800-12-25,"a,b ""q""\nline",007,=SUM(1),עיר\n'
    "2,1e-300,2024-02-01T09:30:00.25Z,2024-02-01,1492-10-12,,01,-x,👩\u200d💻\n"
    "3,-0.0,2024-02-02T00:00:00+02:00,2024-02-02,2300-01-01,+y,0123,''=kept,مبيعات\n"
    '4,2.5,2024-02-03T00:00:00Z,2024-02-03,2300-01-02,@z,0,"a;=b\tc;\'\'-d",x\n'
)


@pytest.fixture
def app(data_dir):
    return writable_app(data_dir)


def _described(client, name: str) -> tuple[list, list]:
    answer = client.get(f"/datasets/{name}.json").get_json()
    return answer["columns"], answer["rows"]


@pytest.mark.parametrize("name", ["kinds", "animals", "weather"])
def test_a_datasets_csv_uploaded_again_holds_the_same_columns_and_values(client, name):
    if name == "kinds":
        created(client, name, EVERY_KIND)
    created(client, "back", client.get(f"/datasets/{name}.csv").get_data(as_text=True))
    assert _described(client, "back") == _described(client, name)


def test_texts_starting_as_formulas_are_read_back_without_the_exports_quote(client):
    created(client, "kinds", EVERY_KIND)
    created(client, "back", client.get("/datasets/kinds.csv").get_data(as_text=True))
    assert [row[7] for row in rows_of(client, "back")] == ["=SUM(1)", "-x", "'=kept", "a;=b\tc;'-d"]


def test_a_column_named_as_a_formula_is_named_so_again(client):
    created(client, "signs", "=x,''-y,name\n1,2,a\n")
    created(client, "back", client.get("/datasets/signs.csv").get_data(as_text=True))
    assert [column["name"] for column in _described(client, "back")[0]] == ["=x", "'-y", "name"]


def test_a_datasets_own_csv_appended_to_a_copy_adds_its_rows_unchanged(client):
    created(client, "kinds", EVERY_KIND)
    exported = client.get("/datasets/kinds.csv").get_data(as_text=True)
    created(client, "copy", exported)
    answer = client.post("/api/datasets/copy/rows", data=exported, headers=CSV_WRITE)
    assert answer.status_code == 200, answer.get_data(as_text=True)
    assert rows_of(client, "copy") == rows_of(client, "kinds") * 2


def test_a_chart_of_the_dataset_uploaded_again_is_drawn_the_same(client):
    created(client, "kinds", EVERY_KIND)
    created(client, "back", client.get("/datasets/kinds.csv").get_data(as_text=True))
    query = "kind=bar&x=formula&y=x"
    assert client.get(f"/plot/back.svg?{query}").get_data() == client.get(f"/plot/kinds.svg?{query}").get_data()


@pytest.mark.parametrize("name", ["kinds", "animals"])
def test_a_datasets_json_posted_back_as_it_is_appends_its_rows(client, name):
    if name == "kinds":
        created(client, name, EVERY_KIND)
    created(client, "copy", client.get(f"/datasets/{name}.csv").get_data(as_text=True))
    answer = client.post("/api/datasets/copy/rows", data=client.get(f"/datasets/{name}.json").get_data(), headers=JSON_WRITE)
    assert answer.status_code == 200, answer.get_data(as_text=True)
    assert rows_of(client, "copy") == rows_of(client, name) * 2


def test_a_charts_data_json_posted_back_as_it_is_appends_its_rows(client):
    query = "x=date&y=temperature_c&resample=month"
    created(client, "monthly", client.get(f"/plot/weather.csv?{query}").get_data(as_text=True))
    answer = client.post("/api/datasets/monthly/rows", data=client.get(f"/plot/weather.json?{query}").get_data(),
                         headers=JSON_WRITE)
    assert answer.status_code == 200, answer.get_data(as_text=True)
    assert answer.get_json()["rows_added"] == len(client.get(f"/plot/weather.json?{query}").get_json()["rows"])


def test_a_json_row_of_other_length_than_its_columns_is_refused_naming_them(client):
    created(client, "pair", "a,b\n1,2\n")
    answer = client.post("/api/datasets/pair/rows", data='{"columns": ["a", "b"], "rows": [[1, 2], [3]]}',
                         headers=JSON_WRITE)
    assert answer.status_code == 400
    assert answer.get_json()["error"] == "row 2 of the JSON's \"rows\" has 1 value; its \"columns\" are 2: 'a', 'b'"
    assert rows_of(client, "pair") == [[1, 2]]


def test_a_charts_data_csv_uploaded_gives_a_dataset_whose_chart_draws_the_same_rows(client):
    query = "x=date&y=temperature_c&resample=month"
    created(client, "monthly", client.get(f"/plot/weather.csv?{query}").get_data(as_text=True))
    columns, _ = _described(client, "monthly")
    assert [column["type"] for column in columns] == ["datetime", "float"]
    again = client.get("/plot/monthly.json?x=date&y=mean%20of%20temperature_c").get_json()["rows"]
    assert again == client.get(f"/plot/weather.json?{query}").get_json()["rows"]


def test_cells_pasted_from_the_csv_opened_in_a_spreadsheet_are_added_without_the_exports_quote(client):
    created(client, "notes", "n,note\n1,=a\n")
    url = "/datasets/notes/append"
    answer = client.post(url, data={"csrf_token": csrf_at(client, url), "token": WRITE_TOKEN,
                                    "rows": "n\tnote\r\n2\t'=b\r\n"})
    assert answer.status_code == 303, answer.get_data(as_text=True)
    assert rows_of(client, "notes") == [[1, "=a"], [2, "=b"]]


def test_a_source_datasets_infinities_are_written_as_the_missing_values_its_charts_take_them_for(
        tmp_path, source_client):
    path = tmp_path / "odd.db"
    with sqlite3.connect(path) as conn:
        conn.execute("CREATE TABLE r (n INTEGER, v REAL)")
        conn.executemany("INSERT INTO r VALUES (?, ?)", [(1, 1.5), (2, math.inf), (3, -math.inf)])
    conn.close()
    site = source_client(tmp_path, f"sqlite:///{path}", ["r"])
    exported = site.get("/datasets/r.csv").get_data(as_text=True)
    assert exported == "n,v\n1,1.5\n2,\n3,\n"
    assert site.get("/datasets/r.json").get_json()["rows"] == [[1, 1.5], [2, None], [3, None]]
    assert list(table_from_csv(exported).rows) == [(1, 1.5), (2, None), (3, None)]


def test_the_rows_of_the_sites_json_sent_alone_are_told_to_send_the_json_whole(client):
    created(client, "pair", "a,b\n1,2\n")
    rows = client.get("/datasets/pair.json").get_json()["rows"]
    answer = client.post("/api/datasets/pair/rows", data=json.dumps(rows), headers=JSON_WRITE)
    assert answer.status_code == 400
    assert answer.get_json()["error"] == (
        "row 1 must be a JSON object mapping column names to values, got [1, 2]; a row's values in a list are taken "
        'in the site\'s own .json of a dataset or a chart\'s data, sent whole, {"columns": [...], "rows": [[...], ...]}, '
        'whose "columns" name them')
