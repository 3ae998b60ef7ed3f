"""A new dataset's last row that is the totals of the rows above it, a workbook's or a CSV's, is left out of its rows
and warned of, so that no chart draws a `Total` bar; a totals row of other numbers is kept, as before. An append's,
through the API or the append form, is left out and warned of in the same words, and its replay warns alike. The
cell naming it a total may be in any column (`2024-12-31,TOTAL,294953.73`): a campaign named `Total Giving` with its own
numbers is kept."""
from __future__ import annotations

import datetime
import io

import pytest

from app.store.workbooks import XLSX_TYPE
from tests.conftest import CSV_WRITE, WRITE_TOKEN, created as created_of_csv, csrf_of, json_rows, writable_app
from tests.test_page_consistency import page_warnings
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


def left_out(where: str) -> str:
    return (f"{where}, 'Total', the totals of the rows above, is left out: the site sums the rows where a chart asks "
            "(agg=sum)")


def test_an_appends_last_row_of_the_sums_of_the_rows_above_is_left_out_as_a_creates_and_its_replay_warns_alike(client):
    created_of_csv(client, "sales", "Month,Sales\n2024-01-01,1.5\n")
    headers = {**CSV_WRITE, "Idempotency-Key": "k1"}
    body = "Month,Sales\n2024-02-01,2\n2024-03-01,3.5\nTotal,5.5\n"
    first = client.post("/api/datasets/sales/rows", data=body, headers=headers)
    assert first.status_code == 200, first.get_json()
    assert first.get_json()["rows_added"] == 2
    assert first.get_json()["warnings"] == [{"column": "Month", "row": None, "value": "Total",
                                             "hint": "the site sums the rows where a chart asks (agg=sum)",
                                             "message": left_out("line 4 of the CSV")}]
    assert [row[0] for row in rows_of(client, "sales")["rows"]] == ["2024-01-01", "2024-02-01", "2024-03-01"]
    again = client.post("/api/datasets/sales/rows", data=body, headers=headers).get_json()
    assert again == first.get_json() | {"replayed": True}


def test_an_appends_totals_row_under_text_is_left_out_where_it_was_appended(client):
    created_of_csv(client, "regions", "region,sales\nEast,1\n")
    answer = client.post("/api/datasets/regions/rows", data="region,sales\nNorth,3\nSouth,5\nTotal,8\n",
                         headers=CSV_WRITE).get_json()
    assert answer["rows_added"] == 2
    assert [row[0] for row in rows_of(client, "regions")["rows"]] == ["East", "North", "South"]


def test_a_workbook_appended_leaves_its_totals_row_out_naming_its_row_of_the_sheet(client):
    created(client, "sums", saved(sheet_of(totals(300.6))))
    answer = client.post("/api/datasets/sums/rows", data=saved(sheet_of(totals(300.6))),
                         headers={"Authorization": f"Bearer {WRITE_TOKEN}", "Content-Type": XLSX_TYPE})
    assert answer.status_code == 200, answer.get_json()
    assert answer.get_json()["rows_added"] == 3
    assert [warning["message"] for warning in answer.get_json()["warnings"]] == [left_out("row 5 of the sheet 'Data'")]


def test_the_append_forms_file_with_a_totals_row_is_appended_without_it_and_its_page_says_so(client):
    created_of_csv(client, "sales", "Month,Sales\n2024-01-01,1.5\n")
    response = client.post("/datasets/sales/append", data={
        "csrf_token": csrf_of(client.get("/datasets/sales/append")), "token": WRITE_TOKEN, "rows": "",
        "file": (io.BytesIO(b"Month,Sales\n2024-02-01,2\n2024-03-01,3\nGrand total,5\n"), "more.csv")})
    assert response.status_code == 303, response.get_data(as_text=True)
    assert page_warnings(client, "sales") == [
        "line 4 of the CSV, 'Grand total', the totals of the rows above, is left out: the site sums the rows where a "
        "chart asks (agg=sum)"]
    assert len(rows_of(client, "sales")["rows"]) == 3


def test_an_appends_totals_row_of_other_numbers_is_appended_as_before(client):
    created_of_csv(client, "regions", "region,sales\nEast,1\n")
    answer = client.post("/api/datasets/regions/rows", data="region,sales\nNorth,3\nSouth,5\nTotal,9\n",
                         headers=CSV_WRITE).get_json()
    assert answer["rows_added"] == 3 and answer["warnings"] == []
    assert rows_of(client, "regions")["rows"][-1] == ["Total", 9]


# A year's gifts by campaign whose last row names its total in the campaign column, beside a date, as the file a user
# exported ends: December's two gifts sum to £2,511.66 and every gift to £294,953.73.
GIFTS = ("date,campaign,amount (£)\n2024-01-15,Spring Appeal,250000\n2024-06-30,Summer Fair,42442.07\n"
         "2024-12-01,Winter Appeal,2287.46\n2024-12-20,Carol Service,224.20\n")
GIFTS_TOTAL = "2024-12-31,TOTAL,294953.73\n"


def test_a_totals_row_named_in_its_second_column_is_left_out_and_charts_draw_no_total(client):
    answer = client.post("/api/datasets?name=gifts", headers=CSV_WRITE, data=GIFTS + GIFTS_TOTAL)
    assert answer.status_code == 201, answer.get_json()
    assert answer.get_json()["warnings"] == [{
        "column": "campaign", "row": None, "value": "TOTAL", "hint": "the site sums the rows where a chart asks (agg=sum)",
        "message": ("line 6 of the CSV, 'TOTAL', the totals of the rows above, is left out: the site sums the rows "
                    "where a chart asks (agg=sum)")}]
    months = json_rows(client, "/plot/gifts.json?resample=month&agg=sum&y=amount+(%C2%A3)")
    assert months[-1] == ["2024-12-01", 2511.66]
    bars = json_rows(client, "/plot/gifts.json?kind=bar&x=campaign&y=amount+(%C2%A3)&agg=sum")
    assert [bar[0] for bar in bars] == ["Spring Appeal", "Summer Fair", "Winter Appeal", "Carol Service"]


def test_a_grand_total_in_a_later_column_of_a_workbook_is_left_out(client):
    sheet = [["Month", "Campaign", "Sales"], [datetime.date(2024, 1, 1), "North", 100.1],
             [datetime.date(2024, 2, 1), "South", 200.2], [None, "Grand Total", 300.3]]
    answer = created(client, "campaigns", saved(sheet_of(sheet)))
    assert warnings_of(answer) == [left_out("row 4 of the sheet 'Data'").replace("'Total'", "'Grand Total'")]
    assert [row[1] for row in rows_of(client, "campaigns")["rows"]] == ["North", "South"]


def test_an_appends_totals_row_named_in_its_second_column_is_left_out(client):
    created_of_csv(client, "gifts", GIFTS)
    answer = client.post("/api/datasets/gifts/rows", headers=CSV_WRITE,
                         data="date,campaign,amount (£)\n2025-01-05,New Year,10\n2025-01-06,Spring Appeal,5.5\n"
                              "2025-01-31,Total,15.5\n").get_json()
    assert answer["rows_added"] == 2
    assert [warning["column"] for warning in answer["warnings"]] == ["campaign"]
    assert "Total" not in [row[1] for row in rows_of(client, "gifts")["rows"]]


def test_a_campaign_named_total_giving_with_its_own_numbers_is_kept_as_data(client):
    body = GIFTS + "2024-12-31,Total Giving,1500\n"
    answer = client.post("/api/datasets?name=giving", headers=CSV_WRITE, data=body)
    assert answer.status_code == 201 and answer.get_json()["warnings"] == []
    assert rows_of(client, "giving")["rows"][-1] == ["2024-12-31", "Total Giving", 1500.0]
