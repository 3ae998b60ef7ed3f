"""A create from a wide CSV: each distinct cell looked at once by the type rule and the warnings'
rules, and the rows kept in memory as a read of them gives them, not read back after the create."""
from __future__ import annotations

from collections.abc import Iterator
from types import SimpleNamespace

import numpy as np
import pandas as pd
import pytest

from app.store import csv_types, distinct_cells, tables, written_forms
from app.store.sql_store import SqlStore
from app.store.tables import table_from_csv
from app.store.upload_limits import UploadLimits
from app.store.written_forms import NUMBERS, Cell, leading_zero, mostly_values
from tests.statements import rows_reads, statements_run

# Every type, missing values, a CRLF in a quoted text, times with an offset, to the microsecond, at
# both ends of the calendar, integers at both ends of 64 bits.
EVERY_TYPE = ('i,f,when,label,empty\r\n'
              '-9223372036854775808,-1.5,2024-01-01,"a\r\nb",\r\n'
              '9223372036854775807,5e-324,2024-02-29T23:59:59.123456,émoji 🎉,\r\n'
              '0,,1970-01-01T00:00:00+02:00,,\r\n'
              '1,1.7976931348623157e+308,0001-01-01,x,\r\n'
              '2,0.1,9999-12-31T23:59:59.999999,,\r\n')


@pytest.fixture
def store(store_url: str) -> Iterator[SqlStore]:
    opened = SqlStore(store_url)
    yield opened
    opened.close()


def counted(monkeypatch, module, name: str) -> list:
    """Calls of `module.name` from then on, each its arguments."""
    calls, real = [], getattr(module, name)

    def counting(*args):
        calls.append(args)
        return real(*args)

    monkeypatch.setattr(module, name, counting)
    return calls


def test_a_create_keeps_its_rows_as_a_read_gives_them_without_reading_them_back(store, store_url):
    store.create("types", "Types", table_from_csv(EVERY_TYPE))
    with statements_run() as run:
        kept = store.read("types").frame
    assert rows_reads(run) == []
    fresh = SqlStore(store_url)
    try:
        with statements_run() as run:
            read = fresh.read("types").frame
    finally:
        fresh.close()
    assert len(rows_reads(run)) == 1  # the new store read them from the database
    pd.testing.assert_frame_equal(kept, read, check_exact=True)
    assert kept.dtypes.astype(str).to_dict() == {"i": "int64", "f": "float64", "when": "datetime64[us]",
                                                 "label": "str", "empty": "float64"}


def test_rows_appended_after_a_create_are_added_to_the_rows_it_kept(store):
    columns = store.create("sales", "Sales", table_from_csv("n,note\n1,a\n2,b\n")).columns
    assert store.read("sales").frame["n"].tolist() == [1, 2]
    store.append("sales", columns, [(3, "c")])
    assert store.read("sales").frame["n"].tolist() == [1, 2, 3]
    assert store.read("sales").frame["note"].tolist() == ["a", "b", "c"]


def test_a_float_of_minus_zero_is_stored_as_zero_on_every_backend(store, store_url):
    # SQLite stores a whole float as an integer, which has no sign: PostgreSQL gave -0.0 back, and
    # a dataset's .json and .csv wrote -0.0 there and 0.0 on SQLite.
    columns = store.create("zeros", "Zeros", table_from_csv("f,g\n-0.0,-0\n1.5,\n")).columns
    with statements_run() as run:
        kept = store.read("zeros").frame
    assert rows_reads(run) == []  # kept as the database gives it back, not read back to learn how
    store.append("zeros", columns, [(-0.0, None), (2.5, -0.0)])
    fresh = SqlStore(store_url)
    try:
        read = fresh.read("zeros").frame
    finally:
        fresh.close()
    assert read["f"].tolist() == [0.0, 1.5, 0.0, 2.5]
    assert not np.signbit(kept[["f", "g"]]).any().any()
    assert not np.signbit(read[["f", "g"]]).any().any()
    assert not np.signbit(store.read("zeros").frame[["f", "g"]]).any().any()


def test_the_type_rule_asks_of_each_distinct_cell_once(monkeypatch):
    asked = counted(monkeypatch, csv_types, "has_leading_zero")
    table = table_from_csv("n\n" + "1\n2\n3\n" * 3000)
    assert [c.type for c in table.columns] == ["integer"]
    assert sorted(asked) == [("1",), ("2",), ("3",)]


def test_a_text_column_mostly_of_numbers_is_found_asking_of_each_distinct_cell_once(monkeypatch):
    asked = counted(monkeypatch, written_forms, "number_form")
    found = mostly_values(["1.5", "2", "1,5"] * 3000 + [None, "Total"], "price")
    assert found is not None and found.wanted == NUMBERS
    assert found.cells == (Cell(3, "1,5"), Cell(9002, "Total"))
    assert len(asked) <= 4 * 2  # "1,5" and "Total", each asked by a few rules


def test_a_column_of_codes_is_told_by_its_leading_zero_asking_of_each_distinct_cell_once(monkeypatch):
    stripped = counted(monkeypatch, distinct_cells, "present")
    # The whole-number rule, as the type rule writes it (`csv_types.INTEGER_TEXT`).
    rule = SimpleNamespace(fullmatch=written_forms.INTEGER_TEXT.fullmatch)
    monkeypatch.setattr(written_forms, "INTEGER_TEXT", rule)
    whole = counted(monkeypatch, rule, "fullmatch")
    zeros = counted(monkeypatch, written_forms, "has_leading_zero")
    assert leading_zero(["12", "012", "7"] * 3000) == Cell(2, "012")
    assert sorted(stripped) == sorted(whole) == [("012",), ("12",), ("7",)]
    assert sorted(zeros) == [("012",), ("12",)]  # no cell is asked after the first code is found


def test_only_rows_that_might_not_fit_a_csv_line_as_exported_are_looked_at_one_by_one(monkeypatch):
    looked_at = counted(monkeypatch, tables, "check_as_csv")
    table = table_from_csv("n,note,when\n" + "1,short,2024-01-01\n" * 1000)
    assert len(table.rows) == 1000
    assert looked_at == []


def test_a_date_counts_as_long_as_its_text_in_telling_the_rows_that_surely_fit_a_csv_line(monkeypatch):
    looked_at = counted(monkeypatch, tables, "check_as_csv")
    # As exported, 2 × (5 + 10) characters of text and 3 × SHORT_VALUE (30) for the values: 120.
    table = table_from_csv("n,note,when\n" + "1,short,2024-01-01\n" * 100, UploadLimits(max_line=125))
    assert [c.type for c in table.columns] == ["integer", "text", "datetime"]
    assert looked_at == []


def test_the_sites_store_reads_a_big_datasets_cells_in_pieces_and_a_store_of_columns_only_does_not(app):
    from app.column_cells import ReadsInPieces
    from tests.test_create_warnings_shown import CountingStore

    store = app.extensions["svgplots"].store
    assert isinstance(store, ReadsInPieces)
    assert not isinstance(CountingStore(store), ReadsInPieces)


def test_cells_that_compare_equal_but_are_written_otherwise_are_counted_as_written():
    # A source's column of text may hold other values: True equals 1, but is written 'True', not a number.
    found = mostly_values([1] * 5 + [True] * 5 + ["1,5"])
    assert found is not None and found.cells == (Cell(6, "True"), Cell(11, "1,5"))
