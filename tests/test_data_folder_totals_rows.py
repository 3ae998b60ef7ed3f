"""A data-folder file's last row of the totals of the rows above, a CSV's or a workbook's first visible sheet's, is
left out of its rows as an upload's is, its page naming the row, so that the same workbook draws no Total bar from
the data folder either; a totals row of other numbers is kept. A sample's is left out as it loads, and a sample
workbook is read as its upload is."""
from __future__ import annotations

import datetime
import logging

import pytest

from app import create_app
from app.store.types import WriteRejected
from app.store.workbooks import OLE_MAGIC
from tests.test_data_folder_workbooks import folder_site, rows_of
from tests.test_page_consistency import page_warnings
from tests.test_xlsx_upload import workbook_bytes

SALES = [["region", "sales", "units"], ["North", 3, 10], ["South", 5.5, 20], ["Total", 8.5, 30]]


def test_a_data_folder_csvs_totals_row_is_left_out_and_its_page_names_it(tmp_path):
    text = "".join(",".join(map(str, row)) + "\n" for row in SALES)
    client, _ = folder_site(tmp_path, {"sales.csv": text.encode()})
    assert rows_of(client, "sales")["rows"] == [["North", 3.0, 10], ["South", 5.5, 20]]
    assert ("line 4 of the CSV, 'Total', the totals of the rows above, is left out: the site sums the rows where a "
            "chart asks (agg=sum)") in page_warnings(client, "sales")


def test_a_data_folder_workbooks_totals_row_is_left_out_as_its_upload_leaves_it_out(tmp_path):
    months = [["month", "sales"], [datetime.datetime(2024, 1, 1), 3], [datetime.datetime(2024, 2, 1), 5], ["Total", 8]]
    client, _ = folder_site(tmp_path, {"months.xlsx": workbook_bytes({"Data": months})})
    answer = rows_of(client, "months")
    assert answer["rows"] == [["2024-01-01", 3], ["2024-02-01", 5]]  # a month column of dates, not text
    warnings = page_warnings(client, "months")
    assert any("'Total', the totals of the rows above, is left out" in words and "'Data'" in words
               for words in warnings), warnings
    assert client.get("/plot/months.svg?kind=bar&y=sales").status_code == 200


def test_a_data_folder_totals_row_of_other_numbers_is_kept(tmp_path):
    text = "region,sales\nNorth,3\nSouth,5\nTotal,9\n"
    client, _ = folder_site(tmp_path, {"sales.csv": text.encode()})
    assert rows_of(client, "sales")["rows"] == [["North", 3], ["South", 5], ["Total", 9]]
    assert not any("is left out" in words for words in page_warnings(client, "sales"))


def test_a_samples_totals_row_is_left_out_as_an_uploads_is_and_a_line_at_start_names_it(tmp_path, caplog):
    samples = tmp_path / "samples"
    samples.mkdir()
    (samples / "sales.csv").write_text("region,sales\nNorth,3\nSouth,5\nTotal,8\n")
    data = tmp_path / "data"
    data.mkdir()
    with caplog.at_level(logging.WARNING, logger="app.store.site_parts"):
        client = create_app({"TESTING": True, "DATA_DIR": str(data), "SAMPLE_DATA_DIR": str(samples),
                             "DASHBOARD_DIRS": [], "RENDER_WORKERS": 0}).test_client()
    assert rows_of(client, "sales")["rows"] == [["North", 3], ["South", 5]]
    said = [record.getMessage() for record in caplog.records if "sample file" in record.getMessage()]
    assert said == [f"the sample file {samples / 'sales.csv'}, loaded as dataset 'sales': line 4 of the CSV, 'Total', "
                    "the totals of the rows above, is left out: the site sums the rows where a chart asks (agg=sum)"]


def test_a_sample_workbook_is_read_as_its_upload_is_its_totals_row_left_out(tmp_path, caplog):
    samples = tmp_path / "samples"
    samples.mkdir()
    months = [["month", "sales"], [datetime.datetime(2024, 1, 1), 3], [datetime.datetime(2024, 2, 1), 5], ["Total", 8]]
    (samples / "months.xlsx").write_bytes(workbook_bytes({"Data": months}))
    data = tmp_path / "data"
    data.mkdir()
    with caplog.at_level(logging.WARNING, logger="app.store.site_parts"):
        client = create_app({"TESTING": True, "DATA_DIR": str(data), "SAMPLE_DATA_DIR": str(samples),
                             "DASHBOARD_DIRS": [], "RENDER_WORKERS": 0}).test_client()
    assert rows_of(client, "months")["rows"] == [["2024-01-01", 3], ["2024-02-01", 5]]  # dates, as uploaded
    said = [record.getMessage() for record in caplog.records if "sample file" in record.getMessage()]
    assert said == [f"the sample file {samples / 'months.xlsx'}, loaded as dataset 'months': row 4 of the sheet "
                    "'Data', 'Total', the totals of the rows above, is left out: the site sums the rows where a chart "
                    "asks (agg=sum)"]


def test_a_sample_workbook_that_cannot_be_read_stops_the_start_in_an_uploads_words(tmp_path):
    samples = tmp_path / "samples"
    samples.mkdir()
    (samples / "old.xlsx").write_bytes(OLE_MAGIC + bytes(600))
    data = tmp_path / "data"
    data.mkdir()
    with pytest.raises(WriteRejected) as refused:
        create_app({"TESTING": True, "DATA_DIR": str(data), "SAMPLE_DATA_DIR": str(samples),
                    "DASHBOARD_DIRS": [], "RENDER_WORKERS": 0})
    assert refused.value.message.startswith(f"the sample file {samples / 'old.xlsx'} cannot be loaded: it is not a "
                                            "readable Excel workbook (.xlsx): it is an Excel 97-2003 workbook (.xls)")


def test_a_data_folder_csvs_totals_row_named_in_its_second_column_is_left_out(tmp_path):
    text = "date,campaign,amount\n2024-12-01,Winter Appeal,2287.46\n2024-12-20,Carol Service,224.20\n" \
           "2024-12-31,Grand Total,2511.66\n"
    client, _ = folder_site(tmp_path, {"gifts.csv": text.encode()})
    assert rows_of(client, "gifts")["rows"] == [["2024-12-01", "Winter Appeal", 2287.46],
                                                ["2024-12-20", "Carol Service", 224.2]]
    assert ("line 4 of the CSV, 'Grand Total', the totals of the rows above, is left out: the site sums the rows "
            "where a chart asks (agg=sum)") in page_warnings(client, "gifts")
