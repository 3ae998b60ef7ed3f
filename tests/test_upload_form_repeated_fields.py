"""The upload form's name or title sent twice is refused in the words the API refuses it with, saying
what the field takes, on the form's page with that field marked."""
from __future__ import annotations

import html
import io
import re
from pathlib import Path

import pytest

from app.datasets import CREATE_TAKES
from tests.conftest import WRITE_TOKEN, csrf_of, names, writable_app

AUTH = {"Authorization": f"Bearer {WRITE_TOKEN}"}


@pytest.fixture
def app(data_dir):
    return writable_app(data_dir)


def refusal(page: str) -> str:
    """The refusal the page shows, without the words after it that say to choose the file again."""
    [message] = re.findall(r'<p class="error" role="alert" id="upload-error"[^>]*>Not created: (.*?)(?:<br>[^<]*)?</p>',
                           page, re.S)
    return html.unescape(message)


def marked(page: str) -> list[str]:
    """The names of the form's fields marked as refused, each pointing at the message."""
    return re.findall(r'<input(?: type="[^"]*")? name="([^"]+)"[^>]* aria-invalid="true" '
                      r'aria-describedby="upload-error"', page)


@pytest.mark.parametrize(("field", "sent"), [("name", {"name": ["sales", "other"]}),
                                             ("title", {"name": "sales", "title": ["A", "B"]}),
                                             ("title", {"name": "sales", "title": ["", ""]}),
                                             ("sheet", {"name": "sales", "sheet": ["Data", "Other"]})])
def test_the_upload_form_sending_its_name_or_title_twice_says_what_it_takes_as_the_api_does(client, field, sent):
    api = client.post("/api/datasets", data={**sent, "file": "a\n1\n"}, headers=AUTH).get_json()["error"]
    response = client.post("/upload", data={"csrf_token": csrf_of(client.get("/upload")), "token": WRITE_TOKEN,
                                            **sent, "file": (io.BytesIO(b"a\n1\n"), "a.csv")})
    assert response.status_code == 400
    page = response.get_data(as_text=True)
    assert refusal(page) == f"the field '{field}' is sent twice; send each field once: {CREATE_TAKES[field]}"
    assert refusal(page) == api
    assert marked(page) == [field]
    assert "sales" not in names(client)


def test_the_upload_form_marks_a_file_sent_twice(client):
    files = [(io.BytesIO(b"a\n1\n"), "a.csv"), (io.BytesIO(b"b\n2\n"), "b.csv")]
    response = client.post("/upload", data={"csrf_token": csrf_of(client.get("/upload")), "token": WRITE_TOKEN,
                                            "name": "sales", "file": files})
    assert response.status_code == 400
    page = response.get_data(as_text=True)
    assert refusal(page) == "the field 'file' is sent twice; send each field once" and marked(page) == ["file"]


def test_the_upload_form_marks_no_field_for_a_refusal_of_no_field(client):
    response = client.post("/upload", data={"csrf_token": csrf_of(client.get("/upload")), "token": WRITE_TOKEN,
                                            "name": "sales", "titel": "Sales", "file": (io.BytesIO(b"a\n1\n"), "a.csv")})
    assert response.status_code == 400
    page = response.get_data(as_text=True)
    assert refusal(page).startswith("unknown field 'titel'") and marked(page) == []


def test_the_upload_form_gives_a_refused_field_the_focus_through_focus_here():
    """The field a refusal marks takes the focus by the macro every form's page uses (`_focus.html`),
    which gives it to one element only, not by an autofocus of its own."""
    template = (Path(__file__).parent.parent / "site" / "templates" / "upload.html").read_text(encoding="utf-8")
    assert "autofocus" not in template
    assert "focus_here(field_focus)" in template
