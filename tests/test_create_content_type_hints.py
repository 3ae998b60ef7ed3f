"""A body sent to create a dataset that looks like the other format says so, as an append's does:
JSON sent as text/csv, that a dataset is created from a CSV only and JSON rows are appended; CSV sent
with a Content-Type that cannot create one, which Content-Type to send it with. Nothing is stored."""
from __future__ import annotations

import gzip
import html
import io
import json

import pytest

from app.store.workbooks import XLSX_TYPE
from tests.conftest import WRITE_TOKEN, csrf_at, names, writable_app

AUTH = {"Authorization": f"Bearer {WRITE_TOKEN}"}
ROWS = [{"month": "2024-03-01", "units": 9}, {"month": "2024-04-01", "units": 12}]
CSV = "month,units\n2024-03-01,9\n2024-04-01,12\n"
JSON_HINT = ("the body looks like JSON (it was sent as text/csv), and a dataset is created from a CSV only: a header "
             "line naming the columns, then one line per row; rows sent as JSON, with Content-Type: "
             "application/json, are appended to a dataset (POST /api/datasets/<name>/rows)")
FILE_JSON_HINT = JSON_HINT.replace("the body looks like JSON (it was sent as text/csv)", "the file looks like JSON")
CSV_HINT = "; the body looks like CSV: send it with Content-Type: text/csv"


@pytest.fixture
def app(data_dir):
    return writable_app(data_dir)


@pytest.mark.parametrize("body", [json.dumps(ROWS), json.dumps(ROWS, indent=2), json.dumps(ROWS[0]),
                                  "\n  " + json.dumps(ROWS, indent=2)])
def test_json_sent_as_csv_to_create_says_it_looks_like_json_and_how_rows_of_json_are_sent(client, body):
    response = client.post("/api/datasets?name=sales", data=body, headers={**AUTH, "Content-Type": "text/csv"})
    assert response.status_code == 400
    assert response.get_json()["error"].endswith("; " + JSON_HINT)
    assert "sales" not in names(client)


@pytest.mark.parametrize("body", [json.dumps(ROWS), json.dumps(ROWS, indent=2)])
def test_a_json_file_in_a_create_form_says_it_looks_like_json_and_how_rows_of_json_are_sent(client, body):
    form = {"name": "sales", "file": (io.BytesIO(body.encode()), "sales.json")}
    response = client.post("/api/datasets", data=form, headers=AUTH)
    assert response.status_code == 400
    assert response.get_json()["error"].endswith("; " + FILE_JSON_HINT)
    assert "sales" not in names(client)


def test_a_json_file_on_the_upload_page_says_it_looks_like_json_and_how_rows_of_json_are_sent(client):
    form = {"csrf_token": csrf_at(client, "/upload"), "token": WRITE_TOKEN, "name": "sales",
            "file": (io.BytesIO(json.dumps(ROWS).encode()), "sales.json")}
    response = client.post("/upload", data=form)
    assert response.status_code == 400
    # The hint ends the refusal, and the line saying to choose the file again follows it.
    assert ("; " + FILE_JSON_HINT + "<br>Choose the file again: a browser keeps no file in a form shown again.</p>"
            in html.unescape(response.get_data(as_text=True)))
    assert "sales" not in names(client)


@pytest.mark.parametrize("sent_as", ["application/json", "text/plain", "application/octet-stream"])
def test_csv_sent_with_a_type_that_cannot_create_says_to_send_it_as_text_csv(client, sent_as):
    response = client.post("/api/datasets?name=sales", data=CSV, headers={**AUTH, "Content-Type": sent_as})
    assert response.status_code == 415
    assert response.get_json()["error"] == (
        f"Content-Type {sent_as} cannot create a dataset; send a multipart/form-data form with the fields name, "
        f"title and file (the CSV or the Excel workbook, and sheet), or a text/csv or "
        f"{XLSX_TYPE} body with ?name=&title= in the URL{CSV_HINT}")
    assert "sales" not in names(client)


def test_csv_sent_without_a_content_type_says_to_send_it_as_text_csv(client):
    response = client.post("/api/datasets?name=sales", data=CSV.encode(), headers=AUTH)
    assert response.status_code == 415 and response.get_json()["error"].endswith(CSV_HINT)


@pytest.mark.parametrize(("body", "sent_as", "headers"), [
    (json.dumps(ROWS), "application/json", {}),  # JSON itself cannot create one: no word of CSV
    ("units\n9\n", "application/json", {}),  # one column: it may be anything
    (gzip.compress(CSV.encode(), mtime=0), "application/json", {}),  # not text
    (gzip.compress(CSV.encode(), mtime=0), "application/json", {"Content-Encoding": "gzip"}),  # not read
], ids=["json", "one-column", "gzip-bytes", "gzip-encoded"])
def test_a_body_that_does_not_look_like_csv_gets_no_word_of_it(client, body, sent_as, headers):
    response = client.post("/api/datasets?name=sales", data=body,
                           headers={**AUTH, "Content-Type": sent_as, **headers})
    assert response.status_code == 415 and "looks like" not in response.get_json()["error"]


@pytest.mark.parametrize("body", ["month,units\n", "month,month\n2024-03-01,9\n", "[month],units\n2024-03-01,9,1\n"])
def test_a_csv_refused_as_csv_gets_no_word_of_json(client, body):
    response = client.post("/api/datasets?name=sales", data=body, headers={**AUTH, "Content-Type": "text/csv"})
    assert response.status_code == 400 and "looks like" not in response.get_json()["error"]


def test_a_body_over_the_limit_sent_with_a_type_that_cannot_create_is_refused_for_its_type(data_dir):
    client = writable_app(data_dir, MAX_CONTENT_LENGTH=20).test_client()
    response = client.post("/api/datasets?name=sales", data=CSV, headers={**AUTH, "Content-Type": "application/json"})
    assert response.status_code == 415 and "looks like" not in response.get_json()["error"]


FORM_REFUSED = ("Content-Type application/x-www-form-urlencoded reads the body as a form's fields, and as a form it "
                "was refused: ")


@pytest.mark.parametrize(("url", "refusal"), [
    ("/api/datasets?name=sales", "unknown parameter 'name'"),
    ("/api/datasets", "unknown field 'month,units"),
])
def test_csv_sent_as_a_url_encoded_form_says_to_send_it_as_text_csv(client, url, refusal):
    # curl sends a body given with --data as application/x-www-form-urlencoded unless told otherwise.
    response = client.post(url, data=CSV, headers={**AUTH, "Content-Type": "application/x-www-form-urlencoded"})
    assert response.status_code == 415
    error = response.get_json()["error"]
    assert error.startswith(FORM_REFUSED + refusal) and error.endswith(CSV_HINT)
    assert "sales" not in names(client)


def test_a_url_encoded_form_refused_for_another_reason_gets_no_word_of_csv(client):
    response = client.post("/api/datasets", data="name=sales&titel=Sales,2024&file=a,b",
                           headers={**AUTH, "Content-Type": "application/x-www-form-urlencoded"})
    assert response.status_code == 400
    assert response.get_json()["error"].startswith("unknown field 'titel'") and "text/csv" not in response.get_json()["error"]
