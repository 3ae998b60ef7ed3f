"""The upload form shown again after a refusal marks the field the refusal is about, described by the
message: the name for a name refused or taken, the title for a title refused, the file for a file whose
rows are refused or for none chosen; a refused token marks none. What was typed is kept; a file chosen
cannot be, so the message says to choose it again."""
from __future__ import annotations

import io
import re

import pytest

from tests.conftest import WRITE_TOKEN, csrf_of, names, writable_app
from tests.test_upload_form_repeated_fields import marked, refusal

AGAIN = "<br>Choose the file again: a browser keeps no file in a form shown again.</p>"


@pytest.fixture
def app(data_dir):
    (data_dir / "zoo.csv").write_text("year,Bear\n2020,3\n")
    return writable_app(data_dir)


def sent(client, name: str = "sales", title: str = "", csv: bytes | None = b"a,b\n1,2\n", token: str = WRITE_TOKEN):
    """The answer to the upload form sent with `name`, `title`, a file of `csv` (None: no file chosen) and `token`."""
    file = (io.BytesIO(csv), "sales.csv") if csv is not None else (io.BytesIO(b""), "")
    return client.post("/upload", data={"csrf_token": csrf_of(client.get("/upload")), "token": token, "name": name,
                                        "title": title, "file": file})


def test_a_name_refused_marks_the_name_field_holding_what_was_typed(client):
    response = sent(client, name="Sales 2024", title="Sales by month")
    page = response.get_data(as_text=True)
    assert response.status_code == 400 and refusal(page).startswith("name must be 1 to 63 characters")
    assert marked(page) == ["name"]
    assert 'value="Sales 2024"' in page and 'value="Sales by month"' in page
    assert AGAIN in page and names(client).count("sales") == 0


@pytest.mark.parametrize("name", ["animals", "zoo"])
def test_a_name_taken_by_a_stored_dataset_or_a_file_marks_the_name_field(client, name):
    response = sent(client, name=name)
    page = response.get_data(as_text=True)
    assert response.status_code == 409 and refusal(page).startswith(f"dataset {name!r} is the file" if name == "zoo"
                                                                    else f"a dataset named {name!r} exists already")
    assert marked(page) == ["name"] and AGAIN in page


def test_a_title_refused_marks_the_title_field(client):
    response = sent(client, title="x" * 201)
    page = response.get_data(as_text=True)
    assert response.status_code == 400 and refusal(page).startswith("title must be at most")
    assert marked(page) == ["title"] and 'value="sales"' in page


def test_a_file_whose_rows_are_refused_marks_the_file_field_and_says_to_choose_it_again(client):
    response = sent(client, csv=b"a,b\n1,2\n3\n")
    page = response.get_data(as_text=True)
    assert response.status_code == 400 and "row 2" in refusal(page)
    assert marked(page) == ["file"] and AGAIN in page and 'value="sales"' in page
    assert "sales" not in names(client)


def test_no_file_chosen_marks_the_file_field_without_saying_to_choose_it_again(client):
    response = sent(client, csv=None)
    page = response.get_data(as_text=True)
    assert response.status_code == 400 and refusal(page).startswith("file is required")
    assert marked(page) == ["file"] and "Choose the file again" not in page


def test_a_refused_token_marks_no_field_and_says_to_choose_the_file_again(client):
    response = sent(client, token="wrong")
    page = response.get_data(as_text=True)
    assert response.status_code == 403 and marked(page) == [] and AGAIN in page


def test_a_file_declaring_another_charset_marks_the_file_field_on_the_upload_and_the_append_form(client):
    latin = (io.BytesIO(b"a,b\n1,2\n"), "sales.csv", "text/csv; charset=latin-1")
    response = client.post("/upload", data={"csrf_token": csrf_of(client.get("/upload")), "token": WRITE_TOKEN,
                                            "name": "sales", "file": latin})
    page = response.get_data(as_text=True)
    assert response.status_code == 415 and "charset=latin-1" in refusal(page)
    assert marked(page) == ["file"]
    assert sent(client).status_code in (302, 303)
    latin = (io.BytesIO(b"a,b\n3,4\n"), "more.csv", "text/csv; charset=latin-1")
    response = client.post("/datasets/sales/append", data={
        "csrf_token": csrf_of(client.get("/datasets/sales/append")), "token": WRITE_TOKEN, "rows": "", "file": latin})
    page = response.get_data(as_text=True)
    assert response.status_code == 415 and "charset=latin-1" in page
    assert re.search(r'<input type="file" name="file"[^>]* aria-invalid="true"', page), page
