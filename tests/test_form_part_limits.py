"""The limits a multipart form's bytes outside its fields are read within: a part's headers are
held to the limit a field may hold (MAX_FORM_MEMORY_SIZE) that their 413 names, wherever the part
begins in the body; and what follows the closing boundary of a body sent without a length (chunked)
is held to the body's limit (MAX_CONTENT_LENGTH), refused with the body's 413 once past it."""
from __future__ import annotations

import io

import pytest

from tests.conftest import WRITE_TOKEN, names, writable_app
from tests.test_form_limits import error_of, multipart_part

AUTH = {"Authorization": f"Bearer {WRITE_TOKEN}"}
MULTIPART = "multipart/form-data; boundary=XX"
FIELD_LIMIT = 65536
BODY_LIMIT = 256 * 1024


@pytest.fixture
def client(data_dir):
    return writable_app(data_dir, MAX_CONTENT_LENGTH=BODY_LIMIT, MAX_FORM_MEMORY_SIZE=FIELD_LIMIT).test_client()


def form_with_headers_of(size: int, file_size: int, name: str) -> bytes:
    """A form creating the dataset `name`: a file of `file_size` bytes (which places the next part
    further into the body), then the part of its name, whose headers with the blank line that ends
    them are `size` bytes."""
    rows = b"a,b\n" + b"1,2\n" * (file_size // 4 - 1)
    disposition = 'form-data; name="name"'
    head = f"Content-Disposition: {disposition}\r\nX-Note: \r\n\r\n"
    note = "n" * (size - len(head))
    body = (multipart_part(b"XX", 'form-data; name="file"; filename="a.csv"', rows)
            + multipart_part(b"XX", disposition, name.encode(), headers=f"X-Note: {note}\r\n") + b"--XX--\r\n")
    assert body.count(f"Content-Disposition: {disposition}\r\nX-Note: {note}\r\n\r\n".encode()) == 1
    return body


@pytest.mark.parametrize("file_size", [8, 20_000, 40_000, 65_536])
def test_a_part_whose_headers_are_as_large_as_the_field_limit_is_read_wherever_it_begins(client, file_size):
    # Read in pieces of half the limit, headers of more than half of it across three pieces were refused
    # as over the whole of it.
    name = f"headed{file_size}"
    response = client.post("/api/datasets", data=form_with_headers_of(FIELD_LIMIT, file_size, name),
                           headers={**AUTH, "Content-Type": MULTIPART})
    assert response.status_code == 201, error_of(response)
    assert name in names(client)


@pytest.mark.parametrize("file_size", [8, 40_000])
def test_a_part_whose_headers_are_a_byte_over_the_field_limit_is_413_naming_that_limit(client, file_size):
    response = client.post("/api/datasets", data=form_with_headers_of(FIELD_LIMIT + 1, file_size, "overheaded"),
                           headers={**AUTH, "Content-Type": MULTIPART})
    assert response.status_code == 413
    assert error_of(response).startswith("the form holds more than 65536 bytes in a part's headers, over the limit "
                                         "of 65536 bytes a form field may hold")
    assert "overheaded" not in names(client)


class CountedStream(io.BytesIO):
    """A request body whose reads are counted: `read_bytes` is how many were read."""

    read_bytes = 0

    def read(self, size: int | None = -1) -> bytes:
        piece = super().read(size)
        self.read_bytes += len(piece)
        return piece


def chunked_form(name: str, after: bytes) -> CountedStream:
    """A chunked body's stream of a form creating `name`, with `after` after its closing boundary."""
    return CountedStream(multipart_part(b"XX", 'form-data; name="name"', name.encode())
                         + multipart_part(b"XX", 'form-data; name="file"; filename="a.csv"', b"a,b\n1,2\n")
                         + b"--XX--\r\n" + after)


def post_chunked(client, stream: CountedStream):
    return client.post("/api/datasets", input_stream=stream,
                       headers={**AUTH, "Content-Type": MULTIPART, "Transfer-Encoding": "chunked"},
                       environ_overrides={"wsgi.input_terminated": True})


def test_a_chunked_form_with_bytes_past_the_body_limit_after_its_closing_boundary_is_the_body_413(client):
    stream = chunked_form("trailing", b"after the form\r\n" * (BODY_LIMIT // 8))
    response = post_chunked(client, stream)
    assert response.status_code == 413
    assert error_of(response).startswith(f"the request body is over the limit of {BODY_LIMIT} bytes")
    assert stream.read_bytes <= BODY_LIMIT
    assert "trailing" not in names(client)


def test_a_chunked_form_with_bytes_after_its_closing_boundary_within_the_body_limit_is_read(client):
    stream = chunked_form("trailed", b"after the form\r\n" * (FIELD_LIMIT // 8))
    response = post_chunked(client, stream)
    assert response.status_code == 201, error_of(response)
    assert "trailed" in names(client)
