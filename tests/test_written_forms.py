"""Numbers and dates written another way: the first such cell, and how to write it, without
guessing a locale."""
from __future__ import annotations

import pytest

from app.store.written_forms import DATES, NUMBERS, NUMBERS_OR_DATES, Cell, first_unfit, form_hint, written_otherwise

POINT = "no thousands separators, units or currency signs"


@pytest.mark.parametrize(("value", "hint"), [
    ("1,5", f"write numbers with a point: 1.5, {POINT}"),
    ("-1,5", f"write numbers with a point: -1.5, {POINT}"),
    ("1.234,50", f"write numbers with a point: 1234.50, {POINT}"),
    ("1,234.50", f"write numbers with a point: 1234.50, {POINT}"),
    ("1 234", f"write numbers with a point: 1234, {POINT}"),
    ("1\u202f234,5", f"write numbers with a point: 1234.5, {POINT}"),
    ("1.234.567", f"write numbers with a point: 1234567, {POINT}"),
    ("5%", f"write numbers with a point: 5, {POINT} (the percentage as written, 5 for 5%, not a fraction of one; a column's name can say its unit, which its charts then write beside each value: 'share (%)')"),
    ("$1.50", f"write numbers with a point: 1.50, {POINT} (a column's name can say its currency, which its charts then "
              "write beside each value: 'amount ($)')"),
    ("1,50 €", f"write numbers with a point: 1.50, {POINT} (a column's name can say its currency, which its charts then "
               "write beside each value: 'amount (€)')"),
    ("12 kg", f"write numbers with a point: 12, {POINT} (a column's name can say its unit)"),
    ("\u22121.5", "write a minus as '-': -1.5"),
    ("-", "leave the cell empty for a missing value"),
    ("\u2014", "leave the cell empty for a missing value"),
    ("31.01.2024", "write dates as YYYY-MM-DD: 2024-01-31"),
    ("01/31/2024", "write dates as YYYY-MM-DD: 2024-01-31"),
    ("2024/01/31", "write dates as YYYY-MM-DD: 2024-01-31"),
    ("31.01.2024 9:30", "write dates as YYYY-MM-DD: 2024-01-31 09:30"),
    ("31.01.24", "write dates as YYYY-MM-DD, the year in four digits"),
    ("2024-02-30", "there is no such day"),
    ("2024-01-31 24:00", "a time of 24:00 is not taken: write the next day's 2024-02-01 00:00"),
    ("2024-01-31T24:00:00Z", "a time of 24:00 is not taken: write the next day's 2024-02-01T00:00:00Z"),
    ("2024-01-31 25:00", "there is no such time"),
    ("2024-01-31T08:61", "there is no such time"),
    ("2024-01-31T08:00+24:00", "there is no such UTC offset"),
    ("0001-01-01T00:00:00+01:00", "out of the range of dates once converted to UTC"),
])
def test_a_number_or_date_written_another_way_gets_a_hint_of_its_form(value, hint):
    assert form_hint(value) == hint


def test_an_ambiguous_comma_or_date_gives_both_readings_not_a_guessed_locale():
    assert form_hint("1,234") == f"write numbers with a point: 1234 or 1.234 (whichever is meant), {POINT}"
    assert form_hint("01/02/2024") == "write dates as YYYY-MM-DD: 2024-02-01 or 2024-01-02 (whichever is meant)"


@pytest.mark.parametrize("value", ["abc", "North", "1.5", "1e5", "2024-01-31", "1,2,3,4", "1.2.3", "a-1"])
def test_a_word_or_a_value_as_the_rule_reads_it_gets_no_hint(value):
    assert form_hint(value) is None


def test_the_first_cell_that_is_not_wanted_is_named_with_its_row_counted_from_one():
    cells = ["1", None, float("nan"), "", "NA", "2.5", "1,5", "x"]
    assert first_unfit(cells, NUMBERS) == Cell(7, "1,5")
    assert first_unfit(cells, NUMBERS).words() == f"row 7 holds '1,5' (write numbers with a point: 1.5, {POINT})"
    assert first_unfit(["2024-01-31", "31.01.2024"], DATES).words() == \
        "row 2 holds '31.01.2024' (write dates as YYYY-MM-DD: 2024-01-31)"
    assert first_unfit(["1", "2024-01-31", "high"], NUMBERS_OR_DATES).words() == "row 3 holds 'high'"
    assert first_unfit(["1", "2"], NUMBERS) is None


def test_a_column_mostly_of_numbers_written_another_way_is_pointed_out_at_its_first_such_cell():
    assert written_otherwise(["1.5", "2,5", "3,5", "x"]) == Cell(2, "2,5")
    # A dash for a missing value among numbers: the cell that made the column text.
    assert written_otherwise(["1", "2", "-", "4"]) == Cell(3, "-")
    assert written_otherwise(["31.01.2024", "01.02.2024"]) == Cell(1, "31.01.2024")


def test_a_column_of_dates_with_a_time_of_24_00_is_pointed_out_at_it():
    assert written_otherwise(["2024-01-01 10:00", "2024-01-01 24:00", "2024-01-02 08:00"]) == Cell(2, "2024-01-01 24:00")
    assert first_unfit(["2024-01-01 10:00", "2024-01-01 24:00"], DATES).words() == \
        "row 2 holds '2024-01-01 24:00' (a time of 24:00 is not taken: write the next day's 2024-01-02 00:00)"


def test_a_column_of_words_is_text_and_not_pointed_out():
    assert written_otherwise(["North", "South", "1,5"]) is None
    assert written_otherwise(["-", "-", "North"]) is None
    assert written_otherwise(["North", "South"]) is None


@pytest.mark.parametrize(("value", "in_full"), [
    ("12345678901234567890123456789k", "12345678901234567890123456789000"),
    ("1.23456789012345678901234567891M", "1234567.89012345678901234567891"),
])
def test_a_multiplied_number_of_many_digits_is_written_in_full_with_every_digit(value, in_full):
    assert form_hint(value).startswith(f"write the number in full, taking {value[-1]} for a ")
    assert f": {in_full}, {POINT}" in form_hint(value)
