"""A new dataset's last row that is the totals of the rows above it, a workbook's or a CSV's, is left out of its rows
and warned of, so that no chart draws a `Total` bar; a totals row of other numbers is kept, as before."""
from __future__ import annotations

import datetime

import pytest

from tests.conftest import WRITE_TOKEN, writable_app
from tests.test_workbook_as_shown import saved, sheet_of, types_of, warnings_of
from tests.test_xlsx_upload import created, rows_of

AUTH = {"Authorization": f"Bearer {WRITE_TOKEN}"}


@pytest.fixture
def app(data_dir):
    return writable_app(data_dir)


def totals(total_sales: float) -> list[list]:
    return [["Month", "Sales", "Cost"], [datetime.date(2024, 1, 1), 100.1, 7],
            [datetime.date(2024, 2, 1), 200.2, None], [datetime.date(2024, 3, 1), 0.3, 3],
            ["Total", total_sales, 10]]


def test_a_last_row_of_the_sums_of_the_rows_above_is_left_out_and_warned_of(client):
    answer = created(client, "sums", saved(sheet_of(totals(300.6))))
    assert warnings_of(answer) == [
        "row 5 of the sheet 'Data', 'Total', the totals of the rows above, is left out: the site sums the rows where "
        "a chart asks (agg=sum)"]
    assert types_of(answer)["Month"] == "datetime"
    assert [row[0] for row in rows_of(client, "sums")["rows"]] == ["2024-01-01", "2024-02-01", "2024-03-01"]


def test_a_csvs_last_row_of_the_sums_of_the_rows_above_is_left_out_and_warned_of(client):
    csv = "Month,Sales\n2024-01-01,1.5\n2024-02-01,2\n\nTotal:,3.5\n"
    answer = client.post("/api/datasets?name=csvsums", headers={**AUTH, "Content-Type": "text/csv"}, data=csv)
    assert warnings_of(answer) == [
        "line 5 of the CSV, 'Total:', the totals of the rows above, is left out: the site sums the rows where a chart "
        "asks (agg=sum)"]
    assert len(rows_of(client, "csvsums")["rows"]) == 2


def test_a_totals_row_that_is_not_the_sum_of_the_rows_above_is_kept_as_before(client):
    answer = created(client, "notsums", saved(sheet_of(totals(300))))
    assert answer.status_code == 201 and types_of(answer)["Month"] == "text"
    assert rows_of(client, "notsums")["rows"][-1][0] == "Total"
    assert not any("is left out" in message for message in warnings_of(answer))
