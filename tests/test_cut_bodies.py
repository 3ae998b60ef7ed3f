"""A write whose body is cut short (fewer bytes than its Content-Length) is a 400 and stores nothing.

gunicorn hands the app the bytes that arrived and then the end of the body, where werkzeug's own
server leaves the body to werkzeug's stream, which refuses a short one in words of its own: the site
holds every body to its Content-Length as it is read, raw or as a form, and says the same in both."""
from __future__ import annotations

import io
import socket
import subprocess
from urllib.parse import urlencode

import pytest
import requests

from tests.conftest import CSV_WRITE, JSON_WRITE, ROOT, WRITE_TOKEN, free_port, writable_app
from tests.test_serving import readme_gunicorn_process, stop, wait_until_up

WHOLE = b"month,units\n2024-01-01,10\n2024-02-01,12\n2024-03-01,14\n"
# The body up to the end of its second line: a valid CSV of one row.
CUT = WHOLE[:WHOLE.index(b"\n", WHOLE.index(b"\n") + 1) + 1]
# A browser's CSRF cookie and the hidden field that matches it.
CSRF = "c" * 40


def cut_short_message(arrived: int, expected: int) -> str:
    return f"{arrived} of the {expected} bytes"


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    """The README's gunicorn command, one worker, on a free port, taking writes with WRITE_TOKEN."""
    port = free_port()
    command, env = readme_gunicorn_process(tmp_path_factory.mktemp("gunicorn-data"), port)
    command[command.index("-w") + 1] = "1"
    env["SVGPLOTS_WRITE_TOKENS"] = WRITE_TOKEN
    env.pop("SVGPLOTS_DATABASE_URL", None)
    process = subprocess.Popen(command, cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    try:
        wait_until_up(process, f"http://127.0.0.1:{port}/api/datasets", seconds=60)
        yield port
    finally:
        stop(process)


def sent_cut_short(port: int, path: str, headers: dict[str, str], body: bytes, length: int) -> tuple[int, str]:
    """POST `body` to `path` over a socket of its own, announcing `length` bytes, then stop sending
    (as a client killed partway does); the status and body of the answer."""
    lines = [f"POST {path} HTTP/1.1", "Host: 127.0.0.1", f"Content-Length: {length}", "Connection: close",
             *(f"{name}: {value}" for name, value in headers.items())]
    with socket.create_connection(("127.0.0.1", port), timeout=30) as sock:
        sock.sendall(("\r\n".join(lines) + "\r\n\r\n").encode("latin-1") + body)
        sock.shutdown(socket.SHUT_WR)
        answer = b""
        while chunk := sock.recv(65536):
            answer += chunk
    head, _, content = answer.partition(b"\r\n\r\n")
    return int(head.split(b" ", 2)[1]), content.decode("utf-8", "replace")


def rows_of(port: int, name: str) -> int | None:
    """The rows dataset `name` holds, or None when there is none."""
    response = requests.get(f"http://127.0.0.1:{port}/api/datasets/{name}", timeout=30)
    return None if response.status_code == 404 else response.json()["dataset"]["row_count"]


def created(port: int, name: str) -> None:
    response = requests.post(f"http://127.0.0.1:{port}/api/datasets?name={name}", data=WHOLE, headers=CSV_WRITE,
                             timeout=30)
    assert response.status_code == 201, response.text


def test_an_api_create_cut_short_is_a_400_and_creates_nothing(site):
    status, body = sent_cut_short(site, "/api/datasets?name=cutcreate", CSV_WRITE, CUT, len(WHOLE))
    assert status == 400, body
    assert "cut short" in body and cut_short_message(len(CUT), len(WHOLE)) in body
    assert rows_of(site, "cutcreate") is None


def test_an_api_append_cut_short_is_a_400_and_its_key_takes_the_whole_body_after(site):
    created(site, "cutappend")
    headers = {**CSV_WRITE, "Idempotency-Key": "cut-append-1"}
    status, body = sent_cut_short(site, "/api/datasets/cutappend/rows", headers, CUT, len(WHOLE))
    assert status == 400, body
    assert "cut short" in body and cut_short_message(len(CUT), len(WHOLE)) in body
    assert rows_of(site, "cutappend") == 3
    # No key was kept for the cut body: the retry with the whole body is stored, once.
    retry = requests.post(f"http://127.0.0.1:{site}/api/datasets/cutappend/rows", data=WHOLE, headers=headers,
                          timeout=30)
    assert retry.status_code == 200, retry.text
    assert retry.json()["rows_added"] == 3 and retry.json()["replayed"] is False
    assert rows_of(site, "cutappend") == 6


def test_a_json_append_cut_short_is_a_400_and_stores_nothing(site):
    created(site, "cutjson")
    whole = b'[{"month": "2024-04-01", "units": 1}, {"month": "2024-05-01", "units": 2}]'
    status, body = sent_cut_short(site, "/api/datasets/cutjson/rows", JSON_WRITE, whole[:40], len(whole))
    assert status == 400, body
    assert cut_short_message(40, len(whole)) in body
    assert rows_of(site, "cutjson") == 3


def test_an_append_form_cut_short_is_a_400_and_stores_nothing(site):
    created(site, "cutform")
    form = urlencode({"csrf_token": CSRF, "token": WRITE_TOKEN, "rows": WHOLE.decode()}).encode()
    cut = form[:form.index(b"2024-02-01") + len(b"2024-02-01%2C12")]  # the header and the first two rows
    headers = {"Content-Type": "application/x-www-form-urlencoded", "Cookie": f"svgplots_csrf={CSRF}"}
    status, body = sent_cut_short(site, "/datasets/cutform/append", headers, cut, len(form))
    assert status == 400, body
    assert "cut short" in body and cut_short_message(len(cut), len(form)) in body
    assert rows_of(site, "cutform") == 3


def test_the_same_form_whole_is_stored(site):
    # The form the test above cuts short is one the site takes whole: what refused it was its length.
    created(site, "wholeform")
    form = urlencode({"csrf_token": CSRF, "token": WRITE_TOKEN, "rows": WHOLE.decode()}).encode()
    headers = {"Content-Type": "application/x-www-form-urlencoded", "Cookie": f"svgplots_csrf={CSRF}"}
    status, body = sent_cut_short(site, "/datasets/wholeform/append", headers, form, len(form))
    assert status == 303, body
    assert rows_of(site, "wholeform") == 6


# The same with the test client: a server that ends the body itself (wsgi.input_terminated, as
# gunicorn does) and gives fewer bytes than the Content-Length said.

@pytest.fixture
def app(data_dir):
    return writable_app(data_dir)


def post_cut_short(client, path: str, body: bytes, length: int, **kwargs):
    return client.post(path, input_stream=io.BytesIO(body),
                       environ_overrides={"wsgi.input_terminated": True, "CONTENT_LENGTH": str(length)}, **kwargs)


def test_a_create_cut_short_is_a_400_naming_the_bytes_that_arrived(client):
    response = post_cut_short(client, "/api/datasets?name=cut", CUT, len(WHOLE), headers=CSV_WRITE)
    assert response.status_code == 400
    error = response.get_json()["error"]
    assert error.startswith("the request body was cut short") and cut_short_message(len(CUT), len(WHOLE)) in error
    assert "nothing was stored" in error
    assert client.get("/api/datasets/cut").status_code == 404


def test_an_append_cut_short_keeps_no_key(client):
    assert client.post("/api/datasets?name=cut", data=WHOLE, headers=CSV_WRITE).status_code == 201
    headers = {**CSV_WRITE, "Idempotency-Key": "k1"}
    response = post_cut_short(client, "/api/datasets/cut/rows", CUT, len(WHOLE), headers=headers)
    assert response.status_code == 400
    assert cut_short_message(len(CUT), len(WHOLE)) in response.get_json()["error"]
    retry = client.post("/api/datasets/cut/rows", data=WHOLE, headers=headers)
    assert retry.status_code == 200 and retry.get_json()["rows_total"] == 6


def test_a_whole_body_the_server_ends_is_taken(client):
    response = post_cut_short(client, "/api/datasets?name=whole", WHOLE, len(WHOLE), headers=CSV_WRITE)
    assert response.status_code == 201 and response.get_json()["rows_total"] == 3


def test_an_url_encoded_form_cut_short_is_a_400_naming_the_bytes_that_arrived(client):
    assert client.post("/api/datasets?name=cut", data=WHOLE, headers=CSV_WRITE).status_code == 201
    client.set_cookie("svgplots_csrf", CSRF)
    form = urlencode({"csrf_token": CSRF, "token": WRITE_TOKEN, "rows": WHOLE.decode()}).encode()
    cut = form[:-20]
    response = post_cut_short(client, "/datasets/cut/append", cut, len(form),
                              content_type="application/x-www-form-urlencoded")
    assert response.status_code == 400
    page = response.get_data(as_text=True)
    assert "cut short" in page and cut_short_message(len(cut), len(form)) in page
    assert client.get("/api/datasets/cut").get_json()["dataset"]["row_count"] == 3


def multipart_append(boundary: str = "XX") -> bytes:
    """The append form as a browser sends it, multipart: the CSRF field, the write token and WHOLE as a file."""
    def part(disposition: str, value: bytes) -> bytes:
        return f"--{boundary}\r\nContent-Disposition: form-data; {disposition}\r\n\r\n".encode() + value + b"\r\n"

    return (part('name="csrf_token"', CSRF.encode()) + part('name="token"', WRITE_TOKEN.encode())
            + part('name="file"; filename="rows.csv"', WHOLE) + f"--{boundary}--\r\n".encode())


def test_a_multipart_append_form_cut_short_names_the_bytes_that_arrived(site):
    created(site, "cutmultipart")
    form = multipart_append()
    cut = form[:form.index(b"2024-02-01")]  # in the file, before its closing boundary
    headers = {"Content-Type": "multipart/form-data; boundary=XX", "Cookie": f"svgplots_csrf={CSRF}"}
    status, body = sent_cut_short(site, "/datasets/cutmultipart/append", headers, cut, len(form))
    assert status == 400, body
    assert "cut short" in body and cut_short_message(len(cut), len(form)) in body
    assert rows_of(site, "cutmultipart") == 3


def test_a_multipart_form_cut_short_is_a_400_naming_the_bytes_that_arrived(client):
    assert client.post("/api/datasets?name=cut", data=WHOLE, headers=CSV_WRITE).status_code == 201
    client.set_cookie("svgplots_csrf", CSRF)
    form = multipart_append()
    cut = form[:-30]
    response = post_cut_short(client, "/datasets/cut/append", cut, len(form),
                              content_type="multipart/form-data; boundary=XX")
    assert response.status_code == 400
    assert cut_short_message(len(cut), len(form)) in response.get_data(as_text=True)
    assert client.get("/api/datasets/cut").get_json()["dataset"]["row_count"] == 3


def test_the_same_multipart_form_whole_is_stored(client):
    assert client.post("/api/datasets?name=cut", data=WHOLE, headers=CSV_WRITE).status_code == 201
    client.set_cookie("svgplots_csrf", CSRF)
    form = multipart_append()
    response = post_cut_short(client, "/datasets/cut/append", form, len(form),
                              content_type="multipart/form-data; boundary=XX")
    assert response.status_code == 303, response.get_data(as_text=True)
    assert client.get("/api/datasets/cut").get_json()["dataset"]["row_count"] == 6


@pytest.mark.parametrize("ended_by_server", [True, False])
def test_a_body_cut_short_is_refused_in_the_same_words_whichever_server_ends_it(client, ended_by_server):
    # werkzeug's own server leaves the body to werkzeug's stream, which refuses a short one too.
    environ = {"CONTENT_LENGTH": str(len(WHOLE))} | ({"wsgi.input_terminated": True} if ended_by_server else {})
    response = client.post("/api/datasets?name=cut", input_stream=io.BytesIO(CUT), environ_overrides=environ,
                           headers=CSV_WRITE)
    assert response.status_code == 400
    assert response.get_json()["error"] == (f"the request body was cut short: {len(CUT)} of the {len(WHOLE)} bytes its "
                                            "Content-Length gives arrived; nothing was stored: send the whole body again")
    assert client.get("/api/datasets/cut").status_code == 404
