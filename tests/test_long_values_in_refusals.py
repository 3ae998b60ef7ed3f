"""A refusal quotes a long value it was sent cut to its first 100 characters, with "…" and its length,
as a page cuts a long cell: a name, a Content-Type or a charset of 100,000 characters makes a refusal
of a few hundred, on the upload form, in the API's JSON errors and in a plain-text refusal alike."""
from __future__ import annotations

import io
import re

import pytest
from werkzeug.test import EnvironBuilder, run_wsgi_app

from tests.conftest import CSV_WRITE, WRITE_TOKEN, csrf_at, csrf_of, names, writable_app
from tests.test_upload_form_repeated_fields import refusal

LONG = "a" * 100_000
# How a refusal quotes LONG: its first 100 characters, "…", and its length.
CUT = f"'{'a' * 100}…' (100000 characters)"
AUTH = {"Authorization": f"Bearer {WRITE_TOKEN}"}


@pytest.fixture
def app(data_dir):
    return writable_app(data_dir)


def test_the_upload_form_quotes_a_long_name_cut_to_its_first_100_characters(client):
    page = client.post("/upload", data={"csrf_token": csrf_of(client.get("/upload")), "token": WRITE_TOKEN,
                                        "name": LONG, "title": "", "file": (io.BytesIO(b"a,b\n1,2\n"), "a.csv")})
    message = refusal(page.get_data(as_text=True))
    assert page.status_code == 400 and message.startswith("name must be 1 to 63 characters")
    assert message.endswith(f"; got {CUT}") and len(message) < 300
    assert LONG not in names(client)


@pytest.mark.parametrize("sent", ["the URL", "a form"])
def test_the_api_quotes_a_long_name_cut_to_its_first_100_characters(client, sent):
    if sent == "the URL":
        answer = client.post(f"/api/datasets?name={LONG}", data="a,b\n1,2\n", headers=CSV_WRITE)
    else:
        answer = client.post("/api/datasets", data={"name": LONG, "file": (io.BytesIO(b"a,b\n1,2\n"), "a.csv")},
                             headers=AUTH)
    error = answer.get_json()["error"]
    assert answer.status_code == 400 and error.endswith(f"; got {CUT}") and len(answer.data) < 400


@pytest.mark.parametrize("url", ["/api/datasets/animals/rows", "/api/datasets?name=notes"])
def test_a_long_content_type_is_quoted_cut_in_its_415(client, url):
    answer = client.post(url, data="a\n1\n", headers={**AUTH, "Content-Type": f"text/{LONG}"})
    error = answer.get_json()["error"]
    assert answer.status_code == 415 and error.startswith(f"Content-Type 'text/{'a' * 95}…' (100005 characters) ")
    assert len(answer.data) < 500


@pytest.mark.parametrize("url", ["/api/datasets/animals/rows", "/api/datasets?name=notes"])
def test_a_long_charset_is_quoted_cut_in_its_415(client, url):
    answer = client.post(url, data="a\n1\n", headers={**AUTH, "Content-Type": f"text/csv; charset={LONG}"})
    assert answer.status_code == 415
    assert answer.get_json()["error"] == f"the body declares charset={CUT}; send it as UTF-8 (charset=utf-8)"


def test_rows_refused_under_a_long_json_type_name_it_cut(client):
    # A type ending in +json reads the body as JSON; CSV sent so is told to send it as CSV, naming the type.
    answer = client.post("/api/datasets/animals/rows", data="year,Bear,Deer,Wolf\n2030,1,2,3\n",
                         headers={**AUTH, "Content-Type": f"application/{LONG}+json"})
    error = answer.get_json()["error"]
    assert answer.status_code == 400 and f"(it was sent as 'application/{'a' * 88}…' (100017 characters))" in error
    assert len(answer.data) < 600


def test_a_long_transfer_encoding_is_quoted_cut_in_its_plain_400(app):
    environ = EnvironBuilder(path="/api/datasets", method="POST", data=b"x",
                             headers={"Transfer-Encoding": LONG}).get_environ()
    body, status, _ = run_wsgi_app(app.wsgi_app, environ)
    assert status.startswith("400")
    assert b"".join(body).decode().startswith(f"400 Bad Request: the header Transfer-Encoding is {CUT}: ")


# Refusals that cut a long value already, kept so: a chart URL's (`SpecError` cuts what it quotes) and
# the append form's of a long cell.

@pytest.mark.parametrize("query", [f"width={LONG}", f"kind={LONG}", f"from={LONG}", f"{LONG}=1"])
def test_a_chart_url_s_refusal_of_a_long_value_stays_short(client, query):
    data = client.get(f"/plot/animals.json?{query}")
    image = client.get(f"/plot/animals.svg?errors=image&{query}")
    assert data.status_code == 400 and len(data.data) < 2000
    assert image.status_code == 200 and len(image.headers["X-Chart-Error"]) < 600


def test_the_append_form_s_refusal_of_a_long_cell_stays_short(client):
    page = client.post("/datasets/animals/append", data={
        "csrf_token": csrf_at(client, "/datasets/animals/append"), "token": WRITE_TOKEN,
        "rows": f"year,Bear,Deer,Wolf\n{LONG},1,2,3\n"}).get_data(as_text=True)
    [message] = re.findall(r'<p class="error" role="alert" id="append-error"[^>]*>(.*?)</p>', page, re.S)
    assert message.startswith("Nothing was added: ") and len(message) < 400
