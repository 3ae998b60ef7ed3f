"""The append form's refusals of pasted rows read as sentences: their subject, the pasted text, is one."""
from __future__ import annotations

import html
import re

import pytest

from tests.conftest import WRITE_TOKEN, writable_app


@pytest.fixture
def app(data_dir):
    return writable_app(data_dir)


def test_pasted_rows_beginning_with_two_byte_order_marks_are_refused_in_one_sentence(client):
    form = client.get("/datasets/animals/append").get_data(as_text=True)
    csrf = re.search(r'name="csrf_token" value="([^"]+)"', form)[1]
    response = client.post("/datasets/animals/append", data={"csrf_token": csrf, "token": WRITE_TOKEN,
                                                             "rows": "\ufeff\ufeffyear,Bear\n2030,1\n"})
    assert response.status_code == 400
    page = html.unescape(response.get_data(as_text=True))
    assert "Nothing was added: the pasted text begins with the byte-order mark U+FEFF twice" in page
