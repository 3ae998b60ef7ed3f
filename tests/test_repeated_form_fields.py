"""A form or multipart post that sends a field twice (two files, two names) is a 400 naming the
field, and stores nothing: only one of the values would be read, and which one was meant cannot
be told."""
from __future__ import annotations

import html
import io

import pytest

from app.datasets import CREATE_TAKES
from tests.conftest import WRITE_TOKEN, csrf_of, names, writable_app

AUTH = {"Authorization": f"Bearer {WRITE_TOKEN}"}


@pytest.fixture
def app(data_dir):
    return writable_app(data_dir)


def csv_file(text: str, filename: str) -> tuple[io.BytesIO, str]:
    return io.BytesIO(text.encode()), filename


@pytest.mark.parametrize("field, data", [
    ("file", {"name": "sales", "file": [csv_file("a\n1\n", "a.csv"), csv_file("b\n2\n", "b.csv")]}),
    ("file", {"name": "sales", "file": ["a\n1\n", "b\n2\n"]}),
    ("file", {"name": "sales", "file": ["a\n1\n", csv_file("b\n2\n", "b.csv")]}),
])
def test_an_api_create_sending_a_field_twice_is_400_naming_it(client, field, data):
    response = client.post("/api/datasets", data=data, headers=AUTH)
    assert response.status_code == 400
    assert response.get_json()["error"] == f"the field '{field}' is sent twice; send each field once"
    assert "sales" not in names(client)


@pytest.mark.parametrize("field, data", [
    ("name", {"name": ["sales", "other"], "file": csv_file("a\n1\n", "a.csv")}),  # multipart
    ("title", {"name": "sales", "title": ["A", "B"], "file": csv_file("a\n1\n", "a.csv")}),
    ("name", {"name": ["sales", "other"], "file": "a\n1\n"}),  # url-encoded
    ("title", {"name": "sales", "title": ["A", ""], "file": "a\n1\n"}),
])
def test_an_api_create_sending_its_name_or_title_twice_says_what_it_takes(client, field, data):
    response = client.post("/api/datasets", data=data, headers=AUTH)
    assert response.status_code == 400
    error = response.get_json()["error"]
    assert error.startswith(f"the field '{field}' is sent twice; send each field once")
    assert error == f"the field '{field}' is sent twice; send each field once: {CREATE_TAKES[field]}"
    assert "sales" not in names(client)


def test_a_name_or_title_sent_twice_says_what_it_takes_in_the_words_of_their_rules(client):
    name = client.post("/api/datasets", data={"name": ["a", "b"], "file": "a\n1\n"}, headers=AUTH).get_json()
    title = client.post("/api/datasets", data={"name": "a", "title": ["A", "B"], "file": "a\n1\n"},
                        headers=AUTH).get_json()
    assert name["error"].endswith("send each field once: 1 to 63 characters: a lowercase letter, then lowercase "
                                  "letters, digits, - or _")
    assert title["error"].endswith("send each field once: at most 200 printable characters (blank for one made "
                                   "from the name)")


def test_the_upload_form_sending_a_file_twice_is_400_and_creates_nothing(client):
    csrf = csrf_of(client.get("/upload"))
    response = client.post("/upload", data={"csrf_token": csrf, "token": WRITE_TOKEN, "name": "sales",
                                            "file": [csv_file("a\n1\n", "a.csv"), csv_file("b\n2\n", "b.csv")]})
    assert response.status_code == 400
    assert "the field 'file' is sent twice; send each field once" in html.unescape(response.get_data(as_text=True))
    assert "sales" not in names(client)


@pytest.mark.parametrize("field, data", [
    ("file", {"file": [csv_file("year,Bear\n2030,1\n", "a.csv"), csv_file("year,Bear\n2031,2\n", "b.csv")]}),
    ("rows", {"rows": ["year,Bear\n2030,1\n", "year,Bear\n2031,2\n"]}),
])
def test_the_append_form_sending_a_field_twice_is_400_and_adds_nothing(client, field, data):
    before = client.get("/api/datasets/animals").get_json()["dataset"]["row_count"]
    csrf = csrf_of(client.get("/datasets/animals/append"))
    response = client.post("/datasets/animals/append", data={"csrf_token": csrf, "token": WRITE_TOKEN, **data})
    assert response.status_code == 400
    assert f"the field '{field}' is sent twice; send each field once" in html.unescape(response.get_data(as_text=True))
    assert client.get("/api/datasets/animals").get_json()["dataset"]["row_count"] == before


def test_the_upload_form_refused_for_a_field_sent_twice_keeps_the_name_and_title_typed(client):
    csrf = csrf_of(client.get("/upload"))
    response = client.post("/upload", data={"csrf_token": csrf, "token": WRITE_TOKEN, "name": "sales",
                                            "title": "Monthly sales",
                                            "file": [csv_file("a\n1\n", "a.csv"), csv_file("b\n2\n", "b.csv")]})
    assert response.status_code == 400
    page = response.get_data(as_text=True)
    assert 'name="name" value="sales"' in page and 'name="title" value="Monthly sales"' in page


def test_a_field_sent_twice_is_named_as_every_refusal_quotes_a_name(client):
    # repr wrote the decomposed accent as the café it looks like.
    response = client.post("/api/datasets", data={"name": "sales", "file": "a\n1\n", "cafe\u0301": ["1", "2"]},
                           headers=AUTH)
    assert response.status_code == 400
    assert response.get_json()["error"] == "the field 'cafe\\u0301' is sent twice; send each field once"
