"""A form's write token is read without the spaces around it, as the API's header is."""
from __future__ import annotations

import html
import io

import pytest

from tests.conftest import WRITE_TOKEN, csrf_at, names, writable_app

AUTH = {"Authorization": f"Bearer {WRITE_TOKEN}"}
ELSEWHERE = {"Origin": "http://evil.example"}
APPEND = "/datasets/animals/append"
HEADER = "year,Bear,Deer,Wolf"
# Rows that another site's page would put in the form, to be added once the victim gives the token.
PLANTED = "2099,999999,0,0"
URLENCODED = "application/x-www-form-urlencoded"


@pytest.fixture
def app(data_dir):
    return writable_app(data_dir)


def page_of(response) -> str:
    return html.unescape(response.get_data(as_text=True))


def row_count(client) -> int:
    return client.get("/api/datasets/animals").get_json()["dataset"]["row_count"]


@pytest.mark.parametrize("token", [f" {WRITE_TOKEN}", f"{WRITE_TOKEN}\n", f"\t{WRITE_TOKEN} \r\n"])
def test_the_append_form_takes_a_write_token_with_spaces_around_it(client, token):
    csrf = csrf_at(client, APPEND)
    response = client.post(APPEND, data={"csrf_token": csrf, "token": token, "rows": f"{HEADER}\n2030,1,2,3\n"})
    assert response.status_code == 303
    assert row_count(client) == 13


def test_the_upload_form_takes_a_write_token_with_spaces_around_it(client):
    csrf = csrf_at(client, "/upload")
    response = client.post("/upload", data={"csrf_token": csrf, "token": f" {WRITE_TOKEN}\n", "name": "sales",
                                            "file": (io.BytesIO(b"a,b\n1,2\n"), "sales.csv")})
    assert response.status_code == 303
    assert "sales" in names(client)


def test_a_write_token_of_spaces_alone_is_no_token(client):
    csrf = csrf_at(client, APPEND)
    response = client.post(APPEND, data={"csrf_token": csrf, "token": "  \n", "rows": f"{HEADER}\n2030,1,2,3\n"})
    assert response.status_code == 403
    assert "writing needs a token" in page_of(response)
    assert row_count(client) == 12
