"""A CSV that is not UTF-8, as Excel's "CSV (Comma delimited)" saves one on Windows (Windows-1252, a £ the byte
0xa3), is refused saying how Excel saves it as UTF-8 and that its workbook is read as it is; JSON rows that are not
UTF-8 are told to be saved as UTF-8 alone."""
from __future__ import annotations

import io
import json

from tests.conftest import CSV_WRITE, JSON_WRITE, WRITE_TOKEN, created, writable_app

EXCEL_CSV = "month,amount (£)\r\n2024-01-01,5\r\n".encode("cp1252")
REFUSED = ("is not valid UTF-8: the byte 0xa3 on line 1 (at offset 14) cannot be read; save the file as UTF-8 (in "
           'Excel, Save As with the type "CSV UTF-8 (Comma delimited)"), or upload the Excel workbook (.xlsx) itself')


def test_an_excel_csv_of_windows_1252_is_told_excel_s_utf8_save_option_and_the_workbook(data_dir):
    client = writable_app(data_dir).test_client()
    body = client.post("/api/datasets?name=gifts", data=EXCEL_CSV, headers=CSV_WRITE)
    assert body.status_code == 400 and body.get_json()["error"] == f"the body {REFUSED}"
    form = client.post("/api/datasets", data={"name": "gifts", "file": (io.BytesIO(EXCEL_CSV), "gifts.csv")},
                       headers={"Authorization": f"Bearer {WRITE_TOKEN}"})
    assert form.status_code == 400 and form.get_json()["error"] == f"the CSV {REFUSED}"
    created(client, "gifts", "month,amount (£)\n2024-01-01,5\n")
    appended = client.post("/api/datasets/gifts/rows", data=EXCEL_CSV, headers=CSV_WRITE)
    assert appended.status_code == 400
    assert appended.get_json()["error"].endswith("or upload the Excel workbook (.xlsx) itself")


def test_json_rows_not_utf8_are_told_to_be_saved_as_utf8_alone(data_dir):
    client = writable_app(data_dir).test_client()
    created(client, "gifts", "month,note\n2024-01-01,x\n")
    sent = json.dumps([{"month": "2024-02-01", "note": "£5"}], ensure_ascii=False).encode("cp1252")
    appended = client.post("/api/datasets/gifts/rows", data=sent, headers=JSON_WRITE)
    assert appended.status_code == 400
    assert appended.get_json()["error"].endswith("cannot be read; save the file as UTF-8")
