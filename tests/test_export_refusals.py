"""Refusals of the CSVs real exports write (a spreadsheet's, pandas', R's, a report's) say how to
write them: a number or date written another way, a second export's fractions or blanks in a
column typed integer from the first, cells copied from a spreadsheet into the append form, a title
line above the header, an index column, a comma at the end of every line, too many columns; and
quote cells as they are written."""
from __future__ import annotations

import html
import re

import pytest

from plots.text import quoted
from tests.conftest import CSV_WRITE, WRITE_TOKEN, csrf_at, writable_app


@pytest.fixture
def app(data_dir):
    return writable_app(data_dir)


def created(client, name: str, body: str) -> dict:
    response = client.post(f"/api/datasets?name={name}", data=body, headers=CSV_WRITE)
    assert response.status_code == 201, response.get_json()
    return response.get_json()["dataset"]


def refused_create(client, body: str) -> str:
    response = client.post("/api/datasets?name=refused", data=body, headers=CSV_WRITE)
    assert response.status_code == 400, response.get_json()
    return response.get_json()["error"]


def refused_append(client, name: str, body: str, headers=CSV_WRITE) -> str:
    response = client.post(f"/api/datasets/{name}/rows", data=body, headers=headers)
    assert response.status_code == 400, response.get_json()
    return response.get_json()["error"]


def pasted(client, name: str, rows: str):
    """The append form sent with `rows` pasted: its answer."""
    return client.post(f"/datasets/{name}/append", data={
        "csrf_token": csrf_at(client, f"/datasets/{name}/append"), "token": WRITE_TOKEN, "rows": rows})


def form_error(response) -> str:
    """The message of the append form shown again, refused."""
    assert response.status_code == 400, response.get_data(as_text=True)[:500]
    found = re.search(r'<p class="error" role="alert">Nothing was added: (.*?)</p>', response.get_data(as_text=True),
                      re.S)
    return html.unescape(found[1])


def test_a_cell_is_quoted_as_it_is_written(client):
    created(client, "prices", "day,price\n2024-01-01,1.5\n")
    assert refused_append(client, "prices", "day,price\n2024-01-02,\\N\n").endswith(r"expected a number, got '\N'")
    assert quoted("a\\b") == "'a\\b'" and quoted("C:\\new") == "'C:\\new'"


def test_a_quoted_cell_shows_what_does_not_print_escaped():
    assert quoted("a\tb\nc\r") == r"'a\tb\nc\r'"
    assert quoted("x\u200by\u202ez\x00") == r"'x\u200by\u202ez\x00'"
    assert quoted("it's") == '"it\'s"'
