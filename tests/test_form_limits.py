"""The limits a form is read within, said as what they are: a field over the limit a field may hold
(MAX_FORM_MEMORY_SIZE) is a 413 naming the field, its size and that limit, not the body's; a
url-encoded form is held to the same 1,000 parts as a multipart one; a multipart body whose
boundary is not ASCII, or with a part that names no field, is a 400 saying so; and bytes outside
the form's parts (before its first boundary, after its closing one) are no field over a limit."""
from __future__ import annotations

import html
import io
import re

import pytest

from tests.conftest import WRITE_TOKEN, csrf_at, names, writable_app

AUTH = {"Authorization": f"Bearer {WRITE_TOKEN}"}
URLENCODED = "application/x-www-form-urlencoded"
APPEND = "/datasets/animals/append"
HEADER = "year,Bear,Deer,Wolf"
# A site whose form fields may hold less than its request bodies.
FIELD_LIMIT = 65536
BODY_LIMIT = 4 * 1024 * 1024
# The 413 of a field over FIELD_LIMIT names it, and the setting that raises it.
FIELD_LIMIT_WORDS = "over the limit of 65536 bytes a form field may hold (the site's MAX_FORM_MEMORY_SIZE setting)"
TOO_MANY_PARTS = "the form is sent in more than 1000 parts (its fields and files), the most a form may have"


@pytest.fixture
def app(data_dir):
    return writable_app(data_dir, MAX_CONTENT_LENGTH=BODY_LIMIT, MAX_FORM_MEMORY_SIZE=FIELD_LIMIT)


def error_of(response) -> str:
    """The message of an API answer, or of a form page's refusal."""
    if response.is_json:
        return response.get_json()["error"]
    return html.unescape(re.search(r'<p class="error"[^>]*>(.*?)</p>', response.get_data(as_text=True), re.S)[1])


def row_count(client) -> int:
    return client.get("/api/datasets/animals").get_json()["dataset"]["row_count"]


def csv_text(size: int) -> str:
    """A CSV of two columns, of `size` bytes (a multiple of 4): its header and `size` / 4 - 1 rows."""
    assert size % 4 == 0
    return "a,b\n" + "1,2\n" * (size // 4 - 1)


def test_an_api_form_field_over_the_field_limit_is_413_naming_it_its_size_and_the_limit(client):
    response = client.post("/api/datasets", data={"name": "big", "file": csv_text(100_000)}, headers=AUTH,
                           content_type="multipart/form-data")
    assert response.status_code == 413
    error = error_of(response)
    assert error.startswith(f"the field 'file' is 100000 bytes, {FIELD_LIMIT_WORDS}")
    assert "the request body is" not in error
    assert "big" not in names(client)


@pytest.mark.parametrize("url, field, fields", [
    (APPEND, "rows", {"rows": HEADER + "\n" + "2030,1,2,3\n" * 10_000}),
    ("/upload", "title", {"name": "big", "title": "t" * 70_000, "file": (io.BytesIO(b"a,b\n1,2\n"), "big.csv")}),
])
def test_a_browser_form_field_over_the_field_limit_is_413_naming_it_and_the_limit(client, url, field, fields):
    response = client.post(url, data={"csrf_token": csrf_at(client, url), "token": WRITE_TOKEN, **fields},
                           content_type="multipart/form-data")
    assert response.status_code == 413
    error = error_of(response)
    assert f"the field '{field}' is {len(fields[field])} bytes, {FIELD_LIMIT_WORDS}" in error
    assert "the request body is" not in error
    assert row_count(client) == 12 and "big" not in names(client)


def test_a_field_as_large_as_the_field_limit_is_read(client):
    lines = (FIELD_LIMIT - len(HEADER) - 1) // 11
    rows = HEADER + "\n" + "2030,1,2,3\n" * lines
    rows += " " * (FIELD_LIMIT - len(rows))
    assert len(rows) == FIELD_LIMIT
    response = client.post(APPEND, data={"csrf_token": csrf_at(client, APPEND), "token": WRITE_TOKEN, "rows": rows},
                           content_type="multipart/form-data")
    assert response.status_code == 303, error_of(response)
    assert row_count(client) == 12 + lines


def test_a_file_larger_than_the_field_limit_is_read(data_dir):
    # A file part is kept in a file, not in memory: only the body's limit bounds it, however small
    # the field limit is.
    client = writable_app(data_dir, MAX_CONTENT_LENGTH=BODY_LIMIT, MAX_FORM_MEMORY_SIZE=10_000).test_client()
    response = client.post("/api/datasets", headers=AUTH, content_type="multipart/form-data",
                           data={"name": "bigfile", "file": (io.BytesIO(csv_text(120_000).encode()), "big.csv")})
    assert response.status_code == 201, error_of(response)
    assert response.get_json()["rows_total"] == 30_000 - 1


def test_a_url_encoded_form_over_the_field_limit_is_413_naming_its_size_and_the_limit(client):
    body = b"name=big&file=" + b"1%2C2%0A" * 10_000
    response = client.post("/api/datasets", data=body, headers=AUTH, content_type=URLENCODED)
    assert response.status_code == 413
    error = error_of(response)
    assert error.startswith(f"the form's fields are {len(body)} bytes (url-encoded, they are read as one), over the "
                            "limit of 65536 bytes")
    assert "MAX_FORM_MEMORY_SIZE" in error and "multipart/form-data" in error
    assert "the request body is" not in error
    assert "big" not in names(client)


def test_a_url_encoded_form_sent_without_a_length_is_held_to_the_field_limit(client):
    body = b"name=chunky&file=a%2Cb%0A" + b"1%2C2%0A" * 10_000
    response = client.post("/api/datasets", input_stream=io.BytesIO(body),
                           headers={**AUTH, "Content-Type": URLENCODED, "Transfer-Encoding": "chunked"},
                           environ_overrides={"wsgi.input_terminated": True})
    assert response.status_code == 413
    assert error_of(response).startswith("the form's fields are more than 65536 bytes (url-encoded, they are read as "
                                         "one), over the limit of 65536 bytes")
    assert "chunky" not in names(client)


def test_a_body_over_the_body_limit_still_names_the_body_limit(client):
    response = client.post("/api/datasets", headers=AUTH, content_type="multipart/form-data",
                           data={"name": "big", "file": (io.BytesIO(b"a,b\n" + b"1,2\n" * (BODY_LIMIT // 4)), "b.csv")})
    assert response.status_code == 413
    assert "the request body is" in error_of(response) and "4194304 bytes (4 MB)" in error_of(response)


@pytest.fixture
def default_client(data_dir):
    """A client of a site of the default limits (a form's fields may be as large as its body)."""
    return writable_app(data_dir).test_client()


def test_an_api_url_encoded_form_of_too_many_parts_is_413_saying_so_and_naming_its_fields(default_client):
    client = default_client
    response = client.post("/api/datasets", data=b"a=1&" * 100_000, headers=AUTH, content_type=URLENCODED)
    assert response.status_code == 413
    assert error_of(response) == f"{TOO_MANY_PARTS}; this one takes the fields name, title, file, sheet, each once"


@pytest.mark.parametrize("url, fields", [
    ("/upload", "csrf_token, name, title, file, sheet, token"),
    (APPEND, "csrf_token, file, sheet, rows, token"),
])
def test_a_browser_url_encoded_form_of_too_many_parts_is_413_saying_so_and_naming_its_fields(default_client, url,
                                                                                              fields):
    client = default_client
    csrf = csrf_at(client, url)
    body = f"csrf_token={csrf}&token={WRITE_TOKEN}&".encode() + b"&".join(b"f%d=x" % i for i in range(1200))
    response = client.post(url, data=body, content_type=URLENCODED)
    assert response.status_code == 413
    assert f"{TOO_MANY_PARTS}; this one takes the fields {fields}, each once" in error_of(response)
    assert row_count(client) == 12


def test_a_url_encoded_form_of_as_many_parts_as_a_form_may_have_is_read(default_client):
    client = default_client
    response = client.post("/api/datasets", data=b"&".join(b"f%d=x" % i for i in range(1000)), headers=AUTH,
                           content_type=URLENCODED)
    assert response.status_code == 400
    assert error_of(response).startswith("unknown field 'f0'")


def multipart_body(boundary: bytes, fields: dict[str, bytes]) -> bytes:
    """A multipart body of `fields` (a field named file is sent as a file part) separated by `boundary`."""
    parts = []
    for name, value in fields.items():
        disposition = f'form-data; name="{name}"' + ('; filename="a.csv"' if name == "file" else "")
        parts.append(b"--" + boundary + f"\r\nContent-Disposition: {disposition}\r\n\r\n".encode() + value + b"\r\n")
    return b"".join(parts) + b"--" + boundary + b"--\r\n"


# The boundary's bytes, and its Content-Type parameter as a server hands it over (each byte one
# character) or as a client in the same process writes it.
NON_ASCII_BOUNDARIES = [
    ("é".encode(), '"\u00c3\u00a9"'),
    ("é".encode(), "\u00c3\u00a9"),
    (b"XX\xc3\xa9", "XX\u00c3\u00a9"),
    (b"\xe9\xe9", '"\u00e9\u00e9"'),
]
BOUNDARY_IDS = ["quoted", "unquoted", "ascii then not", "one byte each"]


@pytest.mark.parametrize("boundary, parameter", NON_ASCII_BOUNDARIES, ids=BOUNDARY_IDS)
def test_an_api_form_whose_boundary_is_not_ascii_is_400_saying_so(client, boundary, parameter):
    body = multipart_body(boundary, {"name": b"mp3", "file": b"a,b\n1,2\n"})
    response = client.post("/api/datasets", data=body,
                           headers={**AUTH, "Content-Type": f"multipart/form-data; boundary={parameter}"})
    assert response.status_code == 400
    error = error_of(response)
    assert error.startswith("the form's body cannot be read: the boundary its Content-Type names "
                            "(multipart/form-data; boundary=...) is not ASCII")
    assert "a boundary is ASCII only (RFC 2046" in error
    assert "file is required" not in error and "names no boundary" not in error and "none of its parts" not in error
    assert "mp3" not in names(client)


@pytest.mark.parametrize("url", [APPEND, "/upload"])
def test_a_browser_form_whose_boundary_is_not_ascii_is_400_saying_so(client, url):
    fields = {"csrf_token": csrf_at(client, url).encode(), "token": WRITE_TOKEN.encode(), "name": b"mp3",
              "rows": f"{HEADER}\n2030,1,2,3\n".encode()}
    response = client.post(url, data=multipart_body("é".encode(), fields),
                           headers={"Content-Type": 'multipart/form-data; boundary="\u00c3\u00a9"'})
    assert response.status_code == 400
    error = error_of(response)
    assert "the boundary its Content-Type names (multipart/form-data; boundary=...) is not ASCII" in error
    assert "required" not in error
    assert row_count(client) == 12 and "mp3" not in names(client)


def test_a_boundary_of_ascii_punctuation_is_read(client):
    boundary = b"'()+_,-./:=? x"
    body = multipart_body(boundary, {"name": b"mp3", "file": b"a,b\n1,2\n"})
    response = client.post("/api/datasets", data=body,
                           headers={**AUTH, "Content-Type": 'multipart/form-data; boundary="\'()+_,-./:=? x"'})
    assert response.status_code == 201, error_of(response)


def test_a_url_encoded_form_is_read_under_a_limit_of_any_size(data_dir):
    # The field limit is the body limit unless set; the largest body limit a site may set is read up to
    # in pieces, not asked of the stream at once (a buffer of that size is a MemoryError or OverflowError).
    client = writable_app(data_dir, MAX_CONTENT_LENGTH=2**63 - 1).test_client()
    body = b"name=huge&title=Huge&file=" + b"a%2Cb%0A1%2C2%0A"
    response = client.post("/api/datasets", input_stream=io.BytesIO(body),
                           headers={**AUTH, "Content-Type": URLENCODED, "Transfer-Encoding": "chunked"},
                           environ_overrides={"wsgi.input_terminated": True})
    assert response.status_code == 201, response.get_data(as_text=True)
    assert "huge" in names(client)


def multipart_part(boundary: bytes, disposition: str, value: bytes, headers: str = "") -> bytes:
    """One part of a multipart body: its boundary line, its Content-Disposition (and any `headers`,
    each line ending in CRLF) and its value."""
    return (b"--" + boundary + f"\r\nContent-Disposition: {disposition}\r\n{headers}\r\n".encode() + value
            + b"\r\n")


NAMELESS_PART = "a part of the form has no name (each part's Content-Disposition names its field)"
# A part without a name, as a field and as a file.
NAMELESS_DISPOSITIONS = ["form-data", 'form-data; filename="a.csv"']


@pytest.mark.parametrize("disposition", NAMELESS_DISPOSITIONS, ids=["field", "file"])
def test_an_api_form_part_without_a_name_is_400_saying_so(client, disposition):
    body = (multipart_part(b"XX", 'form-data; name="name"', b"nameless")
            + multipart_part(b"XX", disposition, b"a,b\n1,2\n")
            + multipart_part(b"XX", 'form-data; name="file"; filename="a.csv"', b"a,b\n1,2\n") + b"--XX--\r\n")
    response = client.post("/api/datasets", data=body,
                           headers={**AUTH, "Content-Type": "multipart/form-data; boundary=XX"})
    assert response.status_code == 400
    assert error_of(response) == ("the form's body cannot be read as multipart/form-data: "
                                  f"{NAMELESS_PART}; send the whole form, as a client writes it (curl -F, a browser)")
    assert "nameless" not in names(client)


@pytest.mark.parametrize("url, field", [(APPEND, {"rows": f"{HEADER}\n2030,1,2,3\n"}), ("/upload", {"name": "nameless"})])
@pytest.mark.parametrize("disposition", NAMELESS_DISPOSITIONS, ids=["field", "file"])
def test_a_browser_form_part_without_a_name_is_400_saying_so(client, url, field, disposition):
    fields = {"csrf_token": csrf_at(client, url), "token": WRITE_TOKEN, **field}
    body = b"".join(multipart_part(b"XX", f'form-data; name="{name}"', value.encode())
                    for name, value in fields.items())
    body += multipart_part(b"XX", disposition, b"2031,1,2,3\n") + b"--XX--\r\n"
    response = client.post(url, data=body, headers={"Content-Type": "multipart/form-data; boundary=XX"})
    assert response.status_code == 400
    assert NAMELESS_PART in error_of(response)
    assert row_count(client) == 12 and "nameless" not in names(client)


def test_a_part_without_a_name_over_the_field_limit_is_400_for_its_name_not_413_for_its_size(client):
    body = (multipart_part(b"XX", 'form-data; name="name"', b"nameless")
            + multipart_part(b"XX", "form-data", b"x" * 100_000) + b"--XX--\r\n")
    response = client.post("/api/datasets", data=body,
                           headers={**AUTH, "Content-Type": "multipart/form-data; boundary=XX"})
    assert response.status_code == 400
    assert NAMELESS_PART in error_of(response)
    assert "url-encoded" not in error_of(response)


def test_a_part_whose_headers_are_over_the_field_limit_is_413_saying_so(client):
    body = (multipart_part(b"XX", 'form-data; name="name"', b"bighead", headers=f"X-Note: {'n' * 100_000}\r\n")
            + multipart_part(b"XX", 'form-data; name="file"; filename="a.csv"', b"a,b\n1,2\n") + b"--XX--\r\n")
    response = client.post("/api/datasets", data=body,
                           headers={**AUTH, "Content-Type": "multipart/form-data; boundary=XX"})
    assert response.status_code == 413
    assert error_of(response).startswith("the form holds more than 65536 bytes in a part's headers, over the limit "
                                         "of 65536 bytes a form field may hold")
    assert "bighead" not in names(client)


def test_a_body_without_its_boundary_over_the_field_limit_is_400_naming_the_boundary(client):
    body = multipart_part(b"YY", 'form-data; name="file"; filename="a.csv"', b"1,2\n" * 25_000) + b"--YY--\r\n"
    response = client.post("/api/datasets", data=body,
                           headers={**AUTH, "Content-Type": "multipart/form-data; boundary=XX"})
    assert response.status_code == 400
    assert "none of its parts begins with the boundary its Content-Type names (--XX)" in error_of(response)


def test_bytes_after_the_closing_boundary_are_no_field_over_the_field_limit(data_dir):
    # What follows the closing boundary (the epilogue) is no part of the form: 5 KB of it is no field
    # over a limit of 1024 bytes (it is held to the body's limit only).
    client = writable_app(data_dir, MAX_FORM_MEMORY_SIZE=1024).test_client()
    body = (multipart_part(b"XX", 'form-data; name="name"', b"epilogue")
            + multipart_part(b"XX", 'form-data; name="file"; filename="a.csv"', b"a,b\n1,2\n") + b"--XX--\r\n"
            + b"after the form\r\n" * 320)
    response = client.post("/api/datasets", data=body,
                           headers={**AUTH, "Content-Type": "multipart/form-data; boundary=XX"})
    assert response.status_code == 201, error_of(response)
    assert "epilogue" in names(client)
