"""A form post with a field the form does not take (a typo, `titel`) is a 400 naming it, the field
it looks like a typo of and the fields taken, and stores nothing, as a query parameter is: it
would otherwise be ignored without a word. A browser sends the fields of the site's own forms,
which are all taken."""
from __future__ import annotations

import html
import io
import re

import pytest

from tests.conftest import WRITE_TOKEN, csrf_of, names, writable_app
from tests.test_openapi_answers import check_answer

AUTH = {"Authorization": f"Bearer {WRITE_TOKEN}"}
SALES = "day,units\n2024-01-01,3\n"


@pytest.fixture
def app(data_dir):
    return writable_app(data_dir)


def page_text(response) -> str:
    return html.unescape(response.get_data(as_text=True))


def row_count(client, name: str) -> int:
    return client.get(f"/api/datasets/{name}").get_json()["dataset"]["row_count"]


@pytest.mark.parametrize("data", [
    {"name": "mp5", "titel": "Sales", "file": (io.BytesIO(SALES.encode()), "t1.csv")},
    {"name": "mp5", "titel": "Sales", "file": SALES},
])
def test_an_api_create_form_with_an_unknown_field_is_a_documented_400_naming_it(client, data):
    response = client.post("/api/datasets", data=data, headers=AUTH)
    assert response.status_code == 400
    document = client.get("/api/openapi.json").get_json()
    error = check_answer(document, "/api/datasets", "POST", response)["error"]
    assert error == "unknown field 'titel' (did you mean 'title'?); the fields are name, title, file, sheet"
    assert "mp5" not in names(client)


def test_an_api_create_form_with_its_own_fields_still_creates(client):
    response = client.post("/api/datasets", headers=AUTH, data={
        "name": "mp5", "title": "Sales", "file": (io.BytesIO(SALES.encode()), "t1.csv")})
    assert response.status_code == 201, response.get_json()
    assert response.get_json()["dataset"]["title"] == "Sales"


def test_the_upload_form_with_an_unknown_field_is_400_keeps_what_was_typed_and_creates_nothing(client):
    csrf = csrf_of(client.get("/upload"))
    response = client.post("/upload", data={"csrf_token": csrf, "token": WRITE_TOKEN, "name": "sales",
                                            "titel": "Sales", "file": (io.BytesIO(SALES.encode()), "s.csv")})
    assert response.status_code == 400
    page = page_text(response)
    assert ("unknown field 'titel' (did you mean 'title'?); the fields are csrf_token, name, title, file, sheet, "
            "token") in page
    assert 'name="name" value="sales"' in page
    assert "sales" not in names(client)


def test_the_append_form_with_an_unknown_field_is_400_and_adds_nothing(client):
    before = row_count(client, "animals")
    csrf = csrf_of(client.get("/datasets/animals/append"))
    response = client.post("/datasets/animals/append", data={"csrf_token": csrf, "token": WRITE_TOKEN,
                                                             "row": "year,Bear,Deer,Wolf\n2030,1,2,3\n"})
    assert response.status_code == 400
    assert "unknown field 'row' (did you mean 'rows'?); the fields are csrf_token, file, sheet, rows, token" in page_text(response)
    assert row_count(client, "animals") == before


def form_fields(page) -> list[str]:
    """The names of the fields a browser sends from the page's form (a named button's too)."""
    [form] = re.findall(r'<form[^>]*method="post".*?</form>', page.get_data(as_text=True), re.S)
    return re.findall(r'<(?:input|textarea|select|button)\b[^>]*\bname="([^"]+)"', form)


def test_the_upload_form_as_a_browser_sends_it_creates_the_dataset(client):
    page = client.get("/upload")
    values = {"csrf_token": csrf_of(page), "token": WRITE_TOKEN, "name": "sales", "title": "Sales",
              "file": (io.BytesIO(SALES.encode()), "s.csv")}
    fields = form_fields(page)
    assert set(values) <= set(fields)
    response = client.post("/upload", data={field: values.get(field, "") for field in fields})
    assert response.status_code == 303, page_text(response)
    assert "sales" in names(client)


def test_the_append_form_as_a_browser_sends_it_adds_the_rows(client):
    before = row_count(client, "animals")
    page = client.get("/datasets/animals/append")
    values = {"csrf_token": csrf_of(page), "token": WRITE_TOKEN, "rows": "year,Bear,Deer,Wolf\n2030,1,2,3\n",
              "file": (io.BytesIO(b""), "")}
    fields = form_fields(page)
    assert set(values) <= set(fields)
    response = client.post("/datasets/animals/append", data={field: values.get(field, "") for field in fields})
    assert response.status_code == 303, page_text(response)
    assert row_count(client, "animals") == before + 1
