"""The API's refusal of a write says which part of it the refusal is about, as the upload form marks
its field: `"field": "name"`, `"title"`, `"file"` (a create form's CSV) or `"body"` (the rows sent as
the body), and a value its column refuses that `"column"` too, documented in the OpenAPI
description's Error; a refusal of no such part has none."""
from __future__ import annotations

import io

import pytest

from tests.conftest import CSV_WRITE, JSON_WRITE, WRITE_TOKEN, writable_app
from tests.test_openapi_answers import check_answer

AUTH = {"Authorization": f"Bearer {WRITE_TOKEN}"}
CSV = b"a,b\n1,2\n"


@pytest.fixture
def client(data_dir):
    return writable_app(data_dir).test_client()


def form(name: str = "sales", title: str = "", csv: bytes | None = CSV) -> dict:
    """A create form's fields: `name`, `title` and a file of `csv` (None: no file)."""
    return {"name": name, "title": title, **({} if csv is None else {"file": (io.BytesIO(csv), "sales.csv")})}


CREATES = {
    "a name the rule refuses, in the URL": ("name", {"query_string": "name=Sales", "data": CSV, "headers": CSV_WRITE}),
    "no name": ("name", {"data": CSV, "headers": CSV_WRITE}),
    "a name given twice": ("name", {"query_string": "name=a&name=b", "data": CSV, "headers": CSV_WRITE}),
    "a name taken": ("name", {"query_string": "name=animals", "data": CSV, "headers": CSV_WRITE}),
    "a name the rule refuses, in a form": ("name", {"data": form(name="Sales"), "headers": AUTH}),
    "a title of control characters": ("title", {"query_string": "name=sales&title=%01", "data": CSV,
                                                "headers": CSV_WRITE}),
    "a title too long, in a form": ("title", {"data": form(title="x" * 201), "headers": AUTH}),
    "a form without its file": ("file", {"data": form(csv=None), "headers": AUTH}),
    "a form's file of rows that cannot be used": ("file", {"data": form(csv=b"a,b\n1\n"), "headers": AUTH}),
    "a body of rows that cannot be used": ("body", {"query_string": "name=sales", "data": b"a,b\n1\n",
                                                    "headers": CSV_WRITE}),
    "a body of another charset": ("body", {"query_string": "name=sales", "data": CSV,
                                           "headers": {**AUTH, "Content-Type": "text/csv; charset=latin-1"}}),
}


@pytest.mark.parametrize("field, sent", CREATES.values(), ids=CREATES.keys())
def test_a_create_s_refusal_names_the_part_it_is_about(client, field, sent):
    answer = client.post("/api/datasets", **sent)
    assert 400 <= answer.status_code < 500 and answer.get_json()["field"] == field
    document = client.get("/api/openapi.json").get_json()
    check_answer(document, "/api/datasets", "POST", answer)
    assert client.get("/api/datasets/sales").status_code == 404


@pytest.mark.parametrize("sent", [{"json": [{"year": "soon", "Bear": 1, "Deer": 2, "Wolf": 3}], "headers": AUTH},
                                  {"data": "year,Bear,Deer,Wolf\nsoon,1,2,3\n", "headers": CSV_WRITE}],
                         ids=["json", "csv"])
def test_an_append_s_value_refused_names_the_body_and_its_column(client, sent):
    answer = client.post("/api/datasets/animals/rows", **sent)
    body = answer.get_json()
    assert answer.status_code == 400 and body["field"] == "body" and body["column"] == "year"
    assert body["error"].startswith("row 1, column 'year'")
    check_answer(client.get("/api/openapi.json").get_json(), "/api/datasets/{name}/rows", "POST", answer)


@pytest.mark.parametrize("field, sent", [
    ("body", {"query_string": "name=sales", "data": b"a,b\n1,x\x01\n", "headers": CSV_WRITE}),
    ("file", {"data": form(csv=b"a,b\n1,x\x01\n"), "headers": AUTH}),
], ids=["body", "file"])
def test_a_create_s_value_refused_names_its_column(client, field, sent):
    answer = client.post("/api/datasets", **sent)
    body = answer.get_json()
    assert answer.status_code == 400 and body["field"] == field and body["column"] == "b"
    assert body["error"].startswith("row 1, column 'b' (line 2): the text holds the control character U+0001")


def test_an_append_s_rows_refused_for_no_one_column_name_the_body_alone(client):
    answer = client.post("/api/datasets/animals/rows", json=[{"year": 2030}], headers=AUTH)
    body = answer.get_json()
    assert answer.status_code == 400 and body["field"] == "body" and "column" not in body
    assert body["error"].startswith("row 1: missing columns 'Bear', 'Deer', 'Wolf'")


REFUSALS_OF_NO_PART = {
    "no token": ("/api/datasets?name=sales", {"data": CSV, "headers": {"Content-Type": "text/csv"}}),
    "a parameter not taken": ("/api/datasets?name=sales&titel=x", {"data": CSV, "headers": CSV_WRITE}),
    "a field not taken, sent twice": ("/api/datasets", {"data": {**form(), "x": ["1", "2"]}, "headers": AUTH}),
    "a Content-Type that creates nothing": ("/api/datasets?name=sales", {"data": CSV, "headers": {
        **AUTH, "Content-Type": "text/plain"}}),
    "a Content-Type that appends nothing": ("/api/datasets/animals/rows", {"data": CSV, "headers": {
        **AUTH, "Content-Type": "text/plain"}}),
    "an Idempotency-Key that is none": ("/api/datasets/animals/rows", {"json": [], "headers": {
        **JSON_WRITE, "Idempotency-Key": "a b"}}),
    "a stale If-Match": ("/api/datasets/animals/rows", {"json": [], "headers": {**JSON_WRITE, "If-Match": '"x"'}}),
}


@pytest.mark.parametrize("url, sent", REFUSALS_OF_NO_PART.values(), ids=REFUSALS_OF_NO_PART.keys())
def test_a_refusal_of_no_part_of_the_write_names_none(client, url, sent):
    answer = client.post(url, **sent)
    assert 400 <= answer.status_code < 500 and "field" not in answer.get_json()


def test_a_delete_s_refusal_names_no_part(client):
    answer = client.delete("/api/datasets/nope", headers=AUTH)
    assert answer.status_code == 404 and "field" not in answer.get_json()
