"""What a create warns of is said wherever it is made: the API's answer and, after the upload form,
the dataset's page, in the same words; a chart refusing a column kept as text for its leading zeros
names the cell; and the OpenAPI document lists what a create refuses."""
from __future__ import annotations

import html
import io

import pytest

from app.column_warnings import create_warnings
from tests.conftest import CSV_WRITE, WRITE_TOKEN, csrf_at, names, refusal, writable_app

AUTH = {"Authorization": f"Bearer {WRITE_TOKEN}"}
# A column of whole numbers with leading zeros (kept as text), one with no values (typed float) and
# one of numbers written with a decimal comma (text).
CODES = 'day,zip,empty,price\n2024-01-01,01234,,"1,5"\n2024-01-02,02345,,2\n'


@pytest.fixture
def client(data_dir):
    return writable_app(data_dir).test_client()


def uploaded_page(client, name: str, body: str) -> str:
    """The page the upload form leads to after creating `name` from `body`, its text unescaped."""
    form = {"csrf_token": csrf_at(client, "/upload"), "token": WRITE_TOKEN, "name": name, "title": "",
            "file": (io.BytesIO(body.encode()), f"{name}.csv")}
    answer = client.post("/upload", data=form, follow_redirects=True)
    assert answer.status_code == 200, answer.get_data(as_text=True)
    assert name in names(client)
    return html.unescape(answer.get_data(as_text=True))


def test_the_page_after_an_upload_shows_every_warning_the_api_gives_in_its_words(client):
    created = client.post("/api/datasets?name=codes", data=CODES, headers=CSV_WRITE)
    assert created.status_code == 201, created.get_data(as_text=True)
    messages = [warning["message"] for warning in created.get_json()["warnings"]]
    assert [warning["column"] for warning in created.get_json()["warnings"]] == ["zip", "empty", "price"]
    assert client.delete("/api/datasets/codes", headers=AUTH).status_code == 200
    page = uploaded_page(client, "codes", CODES)
    assert all(f'<p class="error">{message}</p>' in page for message in messages), (messages, page)


def test_the_page_after_an_upload_says_a_column_is_text_for_its_leading_zeros(client):
    page = uploaded_page(client, "codes", "day,zip\n2024-01-01,01234\n2024-01-02,02345\n")
    assert ("column 'zip' is kept as text: its values are whole numbers, some with leading zeros, which numbers "
            "would lose: row 1 holds '01234'; for numbers, write them without leading zeros (1234); a column's "
            "type is fixed when the dataset is created") in page


def test_the_page_after_an_upload_says_a_column_had_no_values(client):
    page = uploaded_page(client, "codes", "day,empty\n2024-01-01,\n2024-01-02,\n")
    assert ("column 'empty' had no values when the dataset was created, so its type was guessed as float "
            "(numbers): text appended to it will be refused") in page


def test_the_page_of_a_dataset_without_warnings_shows_none(client):
    page = uploaded_page(client, "plain", "day,value\n2024-01-01,1.5\n2024-01-02,2\n")
    assert '<p class="error">' not in page


class CountingStore:
    """A store that counts the reads asked of it and the columns each names."""

    def __init__(self, store):
        self.store, self.reads = store, []

    def info(self, name):
        return self.store.info(name)

    def read(self, name, columns=None):
        self.reads.append(list(columns or []))
        return self.store.read(name, columns)


def test_a_creates_warnings_read_its_text_and_float_columns_once(client):
    created = client.post("/api/datasets?name=codes", data=CODES, headers=CSV_WRITE)
    assert created.status_code == 201, created.get_data(as_text=True)
    store = CountingStore(client.application.extensions["svgplots"].store)
    # Outside a request nothing is remembered: the warnings are made again from what is read.
    warnings = create_warnings(store, store.info("codes"))
    assert [warning["column"] for warning in warnings] == ["zip", "empty", "price"]
    assert store.reads == [["zip", "empty", "price"]]


@pytest.fixture
def zips(client):
    created = client.post("/api/datasets?name=zips", data="day,zip,n\n2024-01-01,01234,1\n2024-01-02,02345,2\n",
                          headers=CSV_WRITE)
    assert created.status_code == 201, created.get_data(as_text=True)
    return client


def test_a_chart_refusing_a_column_of_zip_codes_names_the_leading_zero_and_why_it_is_text(zips):
    assert refusal(zips, "/plot/zips.json?y=zip") == (
        "y: column 'zip' holds text, not numbers: row 1 holds '01234' (the column is kept as text for its "
        "leading zeros, which numbers would lose: written without them, as 1234, its values would be numbers); "
        "numeric columns are n")


def test_the_chart_image_says_so_too(zips):
    answer = zips.get("/plot/zips.svg?y=zip&errors=image")
    assert answer.status_code == 200
    assert answer.headers["X-Chart-Error"].startswith(
        "400 y: column 'zip' holds text, not numbers: row 1 holds '01234' (the column is kept as text for its "
        "leading zeros")


def test_x_bounds_on_an_x_of_zip_codes_name_the_leading_zero_too(zips):
    assert "'zip' holds text: row 1 holds '01234' (the column is kept as text for its leading zeros" in \
        refusal(zips, "/plot/zips.json?x=zip&y=n&xmin=1")


def test_resample_by_an_x_of_zip_codes_names_the_first_cell_that_is_no_date(zips):
    assert "'zip' holds text: row 1 holds '01234'; " in refusal(zips, "/plot/zips.json?x=zip&y=n&resample=day")


# A multipart body cut short: its closing boundary never comes.
CUT_SHORT = (b'--XX\r\nContent-Disposition: form-data; name="name"\r\n\r\ncut\r\n--XX\r\n'
             b'Content-Disposition: form-data; name="file"; filename="cut.csv"\r\n\r\nday,n\r\n2024-01-01,1')


@pytest.mark.parametrize(("url", "headers", "body", "refused", "documented"), [
    ("/api/datasets?name=once", {**CSV_WRITE, "Idempotency-Key": "once"}, b"day,n\n2024-01-01,1\n",
     "the Idempotency-Key header applies to appends", "an Idempotency-Key header, which applies to appends only"),
    ("/api/datasets", {**AUTH, "Content-Type": "multipart/form-data; boundary=XX"}, CUT_SHORT,
     "cannot be read as multipart/form-data", "a multipart/form-data body that cannot be read (cut short"),
], ids=["idempotency key", "multipart cut short"])
def test_the_openapi_document_lists_the_400s_of_a_create(client, url, headers, body, refused, documented):
    answer = client.post(url, data=body, headers=headers)
    assert answer.status_code == 400 and refused in answer.get_json()["error"]
    described = client.get("/api/openapi.json").get_json()["paths"]["/api/datasets"]["post"]["responses"]["400"]
    assert documented in described["description"]
