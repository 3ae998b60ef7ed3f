"""The append form takes a CSV file or pasted rows: both at once is a 400 saying to send one, and
adds nothing (appending both could add the same rows twice; keeping one would drop the other
without a word). The header line the form fills in is no rows: a file sent with it alone is added."""
from __future__ import annotations

import html
import io

import pytest

from tests.conftest import CSV_WRITE, WRITE_TOKEN, csrf_at, rows_of, writable_app


@pytest.fixture
def app(data_dir):
    return writable_app(data_dir)


@pytest.fixture
def pairs(client) -> str:
    assert client.post("/api/datasets?name=pairs", data="i,v\n1,1\n", headers=CSV_WRITE).status_code == 201
    return "pairs"


def post_form(client, name: str, rows: str, file_text: str | None, token: str = WRITE_TOKEN):
    """Send dataset `name`'s append form with `rows` pasted and the file a1.csv holding `file_text` (None: no file
    chosen, the field as a browser sends it, empty), with the write token `token`."""
    file = (io.BytesIO(b""), "") if file_text is None else (io.BytesIO(file_text.encode()), "a1.csv")
    return client.post(f"/datasets/{name}/append", data={
        "csrf_token": csrf_at(client, f"/datasets/{name}/append"), "token": token, "rows": rows, "file": file})


@pytest.mark.parametrize("rows", ["i,v\n78,78", "78,78", "i,v\r\n78,78\r\n"])
def test_a_file_and_pasted_rows_together_are_a_400_and_nothing_is_added(client, pairs, rows):
    response = post_form(client, pairs, rows, "i,v\n5,5\n")
    assert response.status_code == 400
    page = html.unescape(response.get_data(as_text=True))
    assert ("choose a CSV file or paste rows, not both: clear the pasted rows (the header line alone may stay) or "
            "send the form without a file") in page
    assert "78,78" in page  # the pasted rows, to send again
    assert rows_of(client, pairs) == [[1, 1]]


@pytest.mark.parametrize("rows", ["i,v\n", "i,v", "  i,v\r\n\r\n", "", " \n"])
def test_a_file_with_only_the_header_line_pasted_is_added(client, pairs, rows):
    response = post_form(client, pairs, rows, "i,v\n5,5\n")
    assert response.status_code == 303, html.unescape(response.get_data(as_text=True))
    assert rows_of(client, pairs) == [[1, 1], [5, 5]]


AGAIN = "<br>Choose the file again: a browser keeps no file in a form shown again.</p>"


def test_a_file_refused_says_to_choose_it_again_as_the_upload_form_does(client, pairs):
    # No browser fills a file field in a page it is shown: the form shown again holds no file.
    response = post_form(client, pairs, "", "i,v\n5\n")
    page = response.get_data(as_text=True)
    assert response.status_code == 400 and "row 1 (line 2) has 1 value" in html.unescape(page)
    assert AGAIN in page
    assert rows_of(client, pairs) == [[1, 1]]


def test_a_file_sent_with_pasted_rows_or_a_wrong_token_says_to_choose_it_again(client, pairs):
    assert AGAIN in post_form(client, pairs, "i,v\n78,78", "i,v\n5,5\n").get_data(as_text=True)
    response = post_form(client, pairs, "", "i,v\n5,5\n", token="wrong")
    assert response.status_code == 403 and AGAIN in response.get_data(as_text=True)


def test_pasted_rows_refused_without_a_file_do_not_say_to_choose_a_file_again(client, pairs):
    response = post_form(client, pairs, "i,v\n5\n", None)
    page = response.get_data(as_text=True)
    assert response.status_code == 400 and "Choose the file again" not in page
