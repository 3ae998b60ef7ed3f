"""Numbers and dates as real-world exports write them, which the type rule does not read: each
gets a hint of how to write it, and a column of them is pointed out at its create."""
from __future__ import annotations

import pytest

from app.store.written_forms import form_hint
from tests.conftest import CSV_WRITE, writable_app

POINT = "no thousands separators, units or currency signs"


@pytest.fixture
def client(data_dir):
    return writable_app(data_dir, RENDER_WORKERS=0).test_client()


def created(client, name: str, body: str) -> dict:
    answer = client.post(f"/api/datasets?name={name}", data=body, headers=CSV_WRITE)
    assert answer.status_code == 201, answer.get_data(as_text=True)
    return answer.get_json()


def types(body: dict) -> dict:
    return {column["name"]: column["type"] for column in body["dataset"]["columns"]}


@pytest.mark.parametrize(("cells", "hint"), [
    (["(100)", "(250)", "(7)"], "write a minus as '-', not brackets: -100"),
    (["$(1,200.00)", "$(5.00)"], f"write a minus as '-', not brackets, and numbers with a point: -1200.00, {POINT} "
                                 "(a column's name can say its unit)"),
])
def test_a_column_of_accounting_negatives_warns_how_to_write_them(client, cells, hint):
    body = created(client, "ledger", "n,amount\n" + "".join(f'{n},"{cell}"\n' for n, cell in enumerate(cells)))
    assert types(body)["amount"] == "text"
    [warning] = body["warnings"]
    assert (warning["row"], warning["value"], warning["hint"]) == (1, cells[0], hint)


@pytest.mark.parametrize(("cell", "hint"), [
    ("2024-01-05 09:30:00 UTC", "write dates and times as ISO 8601: 2024-01-05 09:30:00Z"),  # BigQuery
    ("1/5/2024 9:30:00 AM", "write dates as YYYY-MM-DD: 2024-05-01 09:30:00 or 2024-01-05 09:30:00 (whichever is "
                            "meant)"),
    ("1/5/2024 9:30:00 PM", "write dates as YYYY-MM-DD: 2024-05-01 21:30:00 or 2024-01-05 21:30:00 (whichever is "
                            "meant)"),
    ("2024-01", "write dates as YYYY-MM-DD: 2024-01-01 (the month's first day)"),
    ("2024-01-01 10:00:00 +01:00", "write dates and times as ISO 8601: 2024-01-01 10:00:00+01:00"),
    ("2024-01-01 10:00:00 +0000 UTC", "write dates and times as ISO 8601: 2024-01-01 10:00:00+0000"),  # Go
    ("Jan 5, 2024", "write dates as YYYY-MM-DD: 2024-01-05"),
    ("5-Jan-2024", "write dates as YYYY-MM-DD: 2024-01-05"),
    ("Fri, 05 Jan 2024 09:30:00 GMT", "write dates as YYYY-MM-DD: 2024-01-05 09:30:00Z"),
    ("05-JAN-24", "write dates as YYYY-MM-DD, the year in four digits"),
    ("2024-W01", "write dates as YYYY-MM-DD: 2024-01-01 (the week's Monday)"),
    ("2024-Q3", "write dates as YYYY-MM-DD: 2024-07-01 (the quarter's first day)"),
])
def test_a_date_exported_in_another_form_is_named_with_how_to_write_it(client, cell, hint):
    body = created(client, "dated", "day,n\n" + "".join(f"2023-01-0{d},{d}\n" for d in range(1, 10)) + f'"{cell}",10\n')
    assert types(body) == {"day": "text", "n": "integer"}
    [warning] = body["warnings"]
    assert (warning["column"], warning["row"], warning["value"], warning["hint"]) == ("day", 10, cell, hint)


@pytest.mark.parametrize("cell", ["2024-01-05 09:30:00 UTC", "1/5/2024 9:30:00 AM", "2024-01", "Jan 5, 2024",
                                  "5-Jan-2024", "2024-W01", "2024-Q3"])
def test_a_column_all_of_one_such_date_form_warns_too(client, cell):
    body = created(client, "dated", f'day,n\n"{cell}",1\n"{cell}",2\n')
    assert [(w["column"], w["row"]) for w in body["warnings"]] == [("day", 1)]


@pytest.mark.parametrize("value", ["12:00 PM", "2024-13", "2024-W60", "Total 2024", "1/5/2024 13:30 PM",
                                   "Jane 5, 2024"])
def test_what_is_no_date_gets_no_date_hint(value):
    assert form_hint(value) is None


@pytest.mark.parametrize(("value", "hint"), [
    ("1.5k", f"write the number in full, taking k for a thousand: 1500, {POINT}"),
    ("2K", f"write the number in full, taking K for a thousand: 2000, {POINT}"),
    ("$2.5M", f"write the number in full, taking M for a million: 2500000, {POINT} (a column's name can say its unit)"),
    ("3 bn", f"write the number in full, taking bn for a billion: 3000000000, {POINT}"),
    ("1,234k", f"write the number in full, taking k for a thousand: 1234000 or 1234 (whichever is meant), {POINT}"),
    ("\u22121.5k", f"write a minus as '-' and the number in full, taking k for a thousand: -1500, {POINT}"),
    ("12 kg", f"write numbers with a point: 12, {POINT} (a column's name can say its unit)"),
])
def test_k_m_and_b_after_a_number_are_written_out_not_dropped_as_a_unit(value, hint):
    assert form_hint(value) == hint


def test_a_column_of_thousands_as_k_warns_to_write_them_in_full(client):
    body = created(client, "followers", "n,followers\n1,1.5k\n2,20k\n3,999\n")
    [warning] = body["warnings"]
    assert warning["hint"] == f"write the number in full, taking k for a thousand: 1500, {POINT}"
