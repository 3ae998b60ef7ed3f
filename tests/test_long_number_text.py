"""A long cell of digits that ends in something else (`111…1k`, `111…1,5`) is typed at once: the
rule reads digits with a point in one way, where it tried every split of them between the digits
before a point and those after one, which took minutes for a cell of 60,000 digits."""
from __future__ import annotations

import time

import pytest

from app.store.csv_types import FLOAT_TEXT
from tests.conftest import CSV_WRITE, writable_app

DIGITS = 20_000


@pytest.fixture
def client(data_dir):
    return writable_app(data_dir).test_client()


@pytest.mark.parametrize("text", ["1.5", "2.", ".5", "1e3", "-1.5E-3", "+7"])
def test_a_number_is_read_as_before(text):
    assert FLOAT_TEXT.fullmatch(text)


@pytest.mark.parametrize("text", ["1.2.3", ".", "1e", "e3", "1k"])
def test_no_number_is_read_as_before(text):
    assert not FLOAT_TEXT.fullmatch(text)


@pytest.mark.parametrize("cell", ["1" * DIGITS + "k", "1" * DIGITS + ",5", "1" * DIGITS + "%"])
def test_a_create_with_a_long_number_written_another_way_is_answered_at_once(client, cell):
    body = "day,value\n" + "".join(f"2024-01-{day:02d},{day}\n" for day in range(1, 7)) + f'2024-02-01,"{cell}"\n'
    started = time.monotonic()
    answer = client.post("/api/datasets?name=long", data=body, headers=CSV_WRITE)
    assert answer.status_code == 201, answer.get_data(as_text=True)[:500]
    assert time.monotonic() - started < 10
    [warning] = answer.get_json()["warnings"]
    assert (warning["column"], warning["row"]) == ("value", 7)
