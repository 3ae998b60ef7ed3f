"""Writes refuse a query parameter they do not take, as the reads do, and store nothing: a typo
(titel=) would otherwise create a dataset without its title, without a word. A write without a
valid token is refused for that first, as before."""
from __future__ import annotations

import html
import io
import re

import pytest

from app.datasets import CREATE_TAKES
from tests.conftest import CSV_WRITE, WRITE_TOKEN, csrf_of, writable_app
from tests.test_openapi_answers import check_answer

AUTH = {"Authorization": f"Bearer {WRITE_TOKEN}"}


@pytest.fixture
def app(data_dir):
    return writable_app(data_dir)


@pytest.fixture
def document(client) -> dict:
    return client.get("/api/openapi.json").get_json()


@pytest.fixture
def sales(client) -> dict:
    """A stored dataset, `sales`, as the API describes it."""
    created = client.post("/api/datasets?name=sales&title=Sales", data="day,units\n2024-01-01,3\n", headers=CSV_WRITE)
    assert created.status_code == 201
    return described(client, "sales")


def described(client, name: str) -> dict | None:
    """The dataset's description, or None when there is no such dataset."""
    response = client.get(f"/api/datasets/{name}")
    return response.get_json()["dataset"] if response.status_code == 200 else None


def page_text(response) -> str:
    return html.unescape(response.get_data(as_text=True))


def test_a_misspelt_title_on_a_csv_create_is_400_naming_it_and_creates_nothing(client, document):
    response = client.post("/api/datasets?name=sales&titel=Sales", data="day,units\n2024-01-01,3\n",
                           headers=CSV_WRITE)
    assert response.status_code == 400
    error = check_answer(document, "/api/datasets", "POST", response)["error"]
    assert error == "unknown parameter 'titel' (did you mean 'title'?); the parameters are name, title, sheet"
    assert described(client, "sales") is None


def test_a_csv_create_still_takes_its_name_and_title(client):
    assert client.post("/api/datasets?name=sales&title=Sales", data="day,units\n2024-01-01,3\n",
                       headers=CSV_WRITE).status_code == 201
    assert described(client, "sales")["title"] == "Sales"


@pytest.mark.parametrize("query", ["x=1", "name=other", "title=Other"])
def test_a_form_create_takes_no_parameter_its_fields_go_in_the_body(client, document, query):
    response = client.post(f"/api/datasets?{query}", headers=AUTH,
                           data={"name": "sales", "file": (io.BytesIO(b"day,units\n2024-01-01,3\n"), "s.csv")})
    assert response.status_code == 400
    error = check_answer(document, "/api/datasets", "POST", response)["error"]
    assert (f"unknown parameter '{query.split('=')[0]}'; a form posted to /api/datasets (its fields name, title and "
            "file go in the body) takes no parameters") == error
    assert described(client, "sales") is None and described(client, "other") is None


def test_an_append_with_a_parameter_is_400_and_adds_nothing(client, document, sales):
    response = client.post("/api/datasets/sales/rows?x=1", json=[{"day": "2024-01-02", "units": 4}], headers=AUTH)
    assert response.status_code == 400
    error = check_answer(document, "/api/datasets/{name}/rows", "POST", response)["error"]
    assert error == "unknown parameter 'x'; the parameters are sheet"
    assert described(client, "sales") == sales


@pytest.mark.parametrize("sent", ["idempotency_key", "Idempotency-Key", "key"])
def test_an_append_with_its_idempotency_key_in_the_query_names_the_header(client, sales, sent):
    response = client.post(f"/api/datasets/sales/rows?{sent}=k1", json=[{"day": "2024-01-02", "units": 4}],
                           headers=AUTH)
    assert response.status_code == 400
    assert response.get_json()["error"] == (f"{sent} applies to the Idempotency-Key header, not appending rows "
                                            "(POST /api/datasets/sales/rows); the parameters are sheet")
    assert described(client, "sales") == sales


def test_a_delete_with_a_parameter_is_400_and_deletes_nothing(client, document, sales):
    response = client.delete("/api/datasets/sales?force=1", headers=AUTH)
    assert response.status_code == 400
    error = check_answer(document, "/api/datasets/{name}", "DELETE", response)["error"]
    assert error == "unknown parameter 'force'; deleting a dataset (DELETE /api/datasets/sales) takes no parameters"
    assert described(client, "sales") == sales


@pytest.mark.parametrize(("method", "url", "headers", "body"), [
    ("POST", "/api/datasets?name=sales&titel=Sales", {"Content-Type": "text/csv"}, "day,units\n2024-01-01,3\n"),
    ("POST", "/api/datasets/animals/rows?x=1", {"Content-Type": "application/json"}, '[]'),
    ("DELETE", "/api/datasets/animals?x=1", {}, None),
])
def test_a_write_without_a_token_is_refused_for_that_first(client, method, url, headers, body):
    before = described(client, "animals")
    response = client.open(url, method=method, headers=headers, data=body)
    assert response.status_code == 401 and "needs a token" in response.get_json()["error"]
    assert described(client, "animals") == before and described(client, "sales") is None


def test_the_writes_without_a_parameter_still_work(client, sales):
    appended = client.post("/api/datasets/sales/rows", json=[{"day": "2024-01-02", "units": 4}], headers=AUTH)
    assert appended.status_code == 200 and appended.get_json()["rows_total"] == 2
    assert client.delete("/api/datasets/sales", headers=AUTH).status_code == 200


def test_the_upload_form_posted_with_a_query_is_400_shows_the_form_again_and_creates_nothing(client):
    csrf = csrf_of(client.get("/upload"))
    response = client.post("/upload?x=1", data={"csrf_token": csrf, "token": WRITE_TOKEN, "name": "sales",
                                                 "title": "Sales", "file": (io.BytesIO(b"day,units\n1,2\n"), "s.csv")})
    assert response.status_code == 400
    page = page_text(response)
    assert "unknown parameter 'x'; a form posted to /upload (its fields go in the body) takes no parameters" in page
    assert 'name="name" value="sales"' in page and 'name="title" value="Sales"' in page
    assert described(client, "sales") is None


def test_the_append_form_posted_with_a_query_is_400_and_adds_nothing(client):
    before = described(client, "animals")
    csrf = csrf_of(client.get("/datasets/animals/append"))
    response = client.post("/datasets/animals/append?x=1",
                           data={"csrf_token": csrf, "token": WRITE_TOKEN, "rows": "year,Bear,Deer,Wolf\n2030,1,2,3\n"})
    assert response.status_code == 400
    page = page_text(response)
    assert ("unknown parameter 'x'; a form posted to /datasets/animals/append (its fields go in the body) takes no "
            "parameters") in page
    assert "2030,1,2,3" in page  # the rows typed, to send again
    assert described(client, "animals") == before


def test_a_form_posted_without_a_token_and_with_a_query_is_refused_for_the_token(client):
    csrf = csrf_of(client.get("/upload"))
    response = client.post("/upload?x=1", data={"csrf_token": csrf, "token": "wrong", "name": "sales",
                                                 "file": (io.BytesIO(b"day,units\n1,2\n"), "s.csv")})
    assert response.status_code == 403 and "the write token is not valid" in page_text(response)
    assert described(client, "sales") is None


@pytest.mark.parametrize("page", ["/upload", "/datasets/animals/append"])
def test_the_forms_post_to_a_url_without_a_query(client, page):
    [action] = re.findall(r'<form[^>]*method="post"[^>]*action="([^"]*)"', client.get(page).get_data(as_text=True))
    assert action == page and "?" not in action


@pytest.mark.parametrize(("query", "field"), [("name=aa&name=bb", "name"), ("name=aa&title=A&title=B", "title")])
def test_a_csv_create_giving_its_name_or_title_twice_is_400_and_creates_nothing(client, document, query, field):
    response = client.post(f"/api/datasets?{query}", data="day,units\n2024-01-01,3\n", headers=CSV_WRITE)
    assert response.status_code == 400
    error = check_answer(document, "/api/datasets", "POST", response)["error"]
    assert error.startswith(f"{field} was given 2 times; give it once")
    assert error == f"{field} was given 2 times; give it once: {CREATE_TAKES[field]}"
    assert described(client, "aa") is None and described(client, "bb") is None
