"""Amounts and percentages as a spreadsheet or a bank exports them (`$1,234.50`, `(1,234.00)`, `12.5%`,
`€13` among dollars): a column of them is text, and the create's answer and the dataset's page say of
each kind of cell how to write it; an append takes in a column what the create typed it for."""
from __future__ import annotations

import html

import pytest

from tests.conftest import CSV_WRITE, created, writable_app


@pytest.fixture
def client(data_dir):
    return writable_app(data_dir).test_client()


def test_an_amount_of_another_currency_is_named_beside_the_first_saying_to_keep_one_currency(client):
    body = created(client, "ledger", "day,amount\n2024-01-01,$12\n2024-01-02,€13\n2024-01-03,$14\n")
    [warning] = body["warnings"]
    assert warning["column"] == "amount" and warning["value"] == "$12"
    assert ("row 2 holds '€13' (write numbers with a point: 13, no thousands separators, units or currency signs "
            "(a column's name can say its currency, which its charts then write beside each value: 'amount (€)'); "
            "another currency than row 1's '$12': a column's amounts are to be "
            "of one currency, so convert them to one, or give each currency a column of its own)") in warning["message"]
    page = html.unescape(client.get("/datasets/ledger").get_data(as_text=True))
    assert "another currency than row 1's '$12'" in page


def test_amounts_of_one_currency_are_not_told_of_another(client):
    body = created(client, "ledger", "day,amount\n2024-01-01,$12\n2024-01-02,$13\n2024-01-03,US$14\n")
    assert "another currency" not in body["warnings"][0]["message"]
    body = created(client, "euros", "day,amount\n2024-01-01,€12\n2024-01-02,13 €\n")
    assert "another currency" not in body["warnings"][0]["message"]


def test_an_accounting_negative_among_dollar_amounts_is_named_with_how_to_write_it(client):
    body = created(client, "ledger", 'day,amount\n2024-01-01,"$1,234.50"\n2024-01-02,$12.00\n'
                                     '2024-01-03,"(1,234.00)"\n')
    [warning] = body["warnings"]
    assert ("row 3 holds '(1,234.00)' (write a minus as '-', not brackets, and numbers with a point: -1234.00"
            in warning["message"])


def test_a_percentage_is_told_to_be_written_as_the_number_of_percent_not_a_fraction(client):
    body = created(client, "rates", "day,rate\n2024-01-01,12.5%\n2024-01-02,-3 %\n")
    [warning] = body["warnings"]
    assert warning["hint"] == ("write numbers with a point: 12.5, no thousands separators, units or currency signs "
                               "(the percentage as written, 12.5 for 12.5%, not a fraction of one; a column's name "
                               "can say its unit, which its charts then write beside each value: 'share (%)')")


def test_a_text_column_of_amounts_takes_an_amount_in_an_append_as_the_create_did(client):
    created(client, "ledger", "day,amount\n2024-01-01,$12\n2024-01-02,$13\n")
    answer = client.post("/api/datasets/ledger/rows", data="day,amount\n2024-01-03,$5\n", headers=CSV_WRITE)
    assert answer.status_code == 200, answer.get_json()
    assert client.get("/datasets/ledger.json").get_json()["rows"][-1][-1] == "$5"


def test_a_column_of_numbers_refuses_an_amount_naming_row_column_cell_and_how_to_write_it(client):
    created(client, "ledger", "day,amount\n2024-01-01,12\n2024-01-02,13.5\n")
    answer = client.post("/api/datasets/ledger/rows", data='day,amount\n2024-01-03,"$1,200.50"\n', headers=CSV_WRITE)
    assert answer.status_code == 400
    assert answer.get_json()["error"] == (
        "row 1, column 'amount' (line 2): expected a number, got '$1,200.50' (write numbers with a point: 1200.50, "
        "no thousands separators, units or currency signs (a column's name can say its currency, which its charts "
        "then write beside each value: 'amount ($)'))")


def test_a_sum_of_cents_and_billions_is_written_to_the_cent(client):
    created(client, "ledger", "day,amount\n2024-01-01,0.1\n2024-01-01,0.2\n2024-01-02,1234567890.12\n"
                              "2024-01-02,2000000000.01\n")
    rows = client.get("/plot/ledger.json?kind=bar&x=day&y=amount&resample=day&agg=sum").get_json()["rows"]
    assert rows == [["2024-01-01", 0.3], ["2024-01-02", 3234567890.13]]
