"""A form field or a query parameter whose bytes are not UTF-8 is a 400 naming it, and stores nothing:
read with replacement characters ("caf\ufffd") or with its escapes as written ("caf%E9"), it would be
stored as text nobody sent. Its bytes percent-encoded as UTF-8, or sent as UTF-8, are its text."""
from __future__ import annotations

import html

import pytest

from tests.conftest import CSV_WRITE, WRITE_TOKEN, csrf_of, names, writable_app

AUTH = {"Authorization": f"Bearer {WRITE_TOKEN}"}
URLENCODED = "application/x-www-form-urlencoded"


@pytest.fixture
def app(data_dir):
    return writable_app(data_dir)


def multipart(fields: dict[str | bytes, bytes], files: dict[str, bytes] | None = None) -> tuple[bytes, str]:
    """A multipart body of `fields` (and of `files`, each a file part), their bytes (and a name given
    as bytes) as given."""
    parts = [b'--XX\r\nContent-Disposition: form-data; name="' + (name if isinstance(name, bytes) else name.encode())
             + b'"\r\n\r\n' + value + b"\r\n" for name, value in fields.items()]
    parts += [b'--XX\r\nContent-Disposition: form-data; name="' + name.encode() + b'"; filename="rows.csv"\r\n'
              b"Content-Type: text/csv\r\n\r\n" + value + b"\r\n" for name, value in (files or {}).items()]
    return b"".join(parts) + b"--XX--\r\n", "multipart/form-data; boundary=XX"


def rows_of(client, name: str) -> int:
    return client.get(f"/api/datasets/{name}").get_json()["dataset"]["row_count"]


@pytest.mark.parametrize("field, body, content_type", [
    ("file", *multipart({"name": b"lat1", "file": b"a,b\n1,caf\xe9\n"})),
    ("title", *multipart({"name": b"lat1", "title": b"caf\xe9"}, {"file": b"a,b\n1,2\n"})),
    ("file", b"name=lat1&file=a%2Cb%0A1%2Ccaf%E9%0A", URLENCODED),
    ("title", b"name=lat1&title=caf\xe9&file=a%2Cb%0A1%2C2%0A", URLENCODED),
])
def test_an_api_form_field_that_is_not_utf8_is_400_naming_it(client, field, body, content_type):
    response = client.post("/api/datasets", data=body, headers={**AUTH, "Content-Type": content_type})
    assert response.status_code == 400
    offset = 9 if field == "file" else 3
    assert response.get_json()["error"] == (f"the field '{field}' is not valid UTF-8: the byte 0xe9 at offset "
                                            f"{offset} cannot be read; send the form's text as UTF-8")
    assert "lat1" not in names(client)


@pytest.mark.parametrize("body, content_type", [
    (b"name=lat1&ti%FFtle=x&file=a%0A1%0A", URLENCODED),
    (b"name=lat1&ti\xfftle=x&file=a%0A1%0A", URLENCODED),
    # werkzeug reads the whole form as empty, which was refused as one without a file.
    multipart({"name": b"lat1", b"ti\xfftle": b"x", "file": b"a\n1\n"}),
])
def test_a_form_field_name_that_is_not_utf8_is_400(client, body, content_type):
    response = client.post("/api/datasets", data=body, headers={**AUTH, "Content-Type": content_type})
    assert response.status_code == 400
    assert response.get_json()["error"].startswith("a field's name is not valid UTF-8: the byte 0xff")
    assert "lat1" not in names(client)


@pytest.mark.parametrize("body, content_type", [
    multipart({"name": b"cafe", "title": "Café ☕".encode(), "file": "a,b\n1,café\n".encode()}),
    (b"name=cafe&title=Caf%C3%A9+%E2%98%95&file=a%2Cb%0A1%2Ccaf%C3%A9%0A", URLENCODED),
    ("name=cafe&title=Café+☕&file=a%2Cb%0A1%2Ccafé%0A".encode(), URLENCODED),
])
def test_form_fields_in_utf8_are_read_as_their_text(client, body, content_type):
    response = client.post("/api/datasets", data=body, headers={**AUTH, "Content-Type": content_type})
    assert response.status_code == 201
    assert response.get_json()["dataset"]["title"] == "Café ☕"
    assert client.get("/datasets/cafe.json").get_json()["rows"] == [[1, "café"]]


def test_the_upload_form_refuses_a_title_that_is_not_utf8_keeping_what_was_typed(client):
    csrf = csrf_of(client.get("/upload"))
    body, content_type = multipart({"csrf_token": csrf.encode(), "token": WRITE_TOKEN.encode(), "name": b"sales",
                                    "title": b"caf\xe9"}, {"file": b"a,b\n1,2\n"})
    response = client.post("/upload", data=body, content_type=content_type)
    assert response.status_code == 400
    page = html.unescape(response.get_data(as_text=True))
    assert "the field 'title' is not valid UTF-8: the byte 0xe9 at offset 3 cannot be read" in page
    assert 'name="name" value="sales"' in page and 'name="title" value="caf\ufffd"' in page
    assert "sales" not in names(client)


def test_the_append_form_refuses_pasted_rows_that_are_not_utf8_keeping_them(client):
    client.post("/api/datasets?name=words", data="a,b\n1,x\n", headers=CSV_WRITE)
    csrf = csrf_of(client.get("/datasets/words/append"))
    body, content_type = multipart({"csrf_token": csrf.encode(), "token": WRITE_TOKEN.encode(),
                                    "rows": b"a,b\n2,caf\xe9\n"})
    response = client.post("/datasets/words/append", data=body, content_type=content_type)
    assert response.status_code == 400
    page = html.unescape(response.get_data(as_text=True))
    assert "the field 'rows' is not valid UTF-8: the byte 0xe9 at offset 9 cannot be read" in page
    assert "a,b\n2,caf\ufffd\n</textarea>" in page
    assert rows_of(client, "words") == 1


def test_a_create_query_parameter_that_is_not_utf8_is_400_naming_it(client):
    response = client.post("/api/datasets?name=tq1&title=caf%E9", data="a,b\n1,2\n", headers=CSV_WRITE)
    assert response.status_code == 400
    assert response.get_json()["error"].startswith("title is not valid UTF-8: the byte 0xe9 at position 3")
    assert "tq1" not in names(client)


@pytest.mark.parametrize("url", ["/", "/api/datasets", "/api/datasets/animals", "/datasets/animals",
                                 "/datasets/animals/append", "/upload", "/api/openapi.json", "/d/animals/bears",
                                 "/no/such/page"])
def test_every_url_refuses_a_query_parameter_that_is_not_utf8(client, url):
    response = client.get(f"{url}?caf=%E9")
    assert response.status_code == 400
    assert "caf is not valid UTF-8" in html.unescape(response.get_data(as_text=True))


def test_a_write_refuses_a_query_that_is_not_utf8_before_storing(client):
    before = rows_of(client, "animals")
    response = client.post("/datasets/animals/append?note=%FF", data={"rows": "year,Bear\n2030,1\n"})
    assert response.status_code == 400
    assert "note is not valid UTF-8" in html.unescape(response.get_data(as_text=True))
    assert rows_of(client, "animals") == before
