"""A month written as ISO 8601 writes a month alone, YYYY-MM (`2024-01`), is a date in a dataset's cells, read
as the month's first day, in a CSV uploaded or appended and in a JSON append, among dates of days or alone."""
from __future__ import annotations

import json

from tests.conftest import CSV_WRITE, JSON_WRITE, created, writable_app

MONTHS = "month,amount (£)\n2024-01,5\n2024-02,7\n"


def test_a_column_of_months_is_a_date_column_of_their_first_days_without_a_warning(data_dir):
    client = writable_app(data_dir).test_client()
    body = created(client, "gifts", MONTHS)
    assert [(c["name"], c["type"]) for c in body["dataset"]["columns"]] == [("month", "datetime"),
                                                                           ("amount (£)", "integer")]
    assert body["warnings"] == []
    assert client.get("/datasets/gifts.csv").get_data(as_text=True) == (
        "month,amount (£)\n2024-01-01,5\n2024-02-01,7\n")
    monthly = client.get("/plot/gifts.json?y=amount+(£)&resample=month&agg=sum&from=2024-02-01")
    assert monthly.status_code == 200 and monthly.get_json()["rows"] == [["2024-02-01", 7]]


def test_a_month_appended_as_json_or_csv_is_its_first_day(data_dir):
    client = writable_app(data_dir).test_client()
    created(client, "gifts", MONTHS)
    appended = client.post("/api/datasets/gifts/rows", data=json.dumps([{"month": "2024-12", "amount (£)": 3}]),
                           headers=JSON_WRITE)
    assert appended.status_code == 200, appended.get_json()
    appended = client.post("/api/datasets/gifts/rows", data="month,amount (£)\n2025-01,4\n", headers=CSV_WRITE)
    assert appended.status_code == 200, appended.get_json()
    assert client.get("/datasets/gifts.json").get_json()["rows"][2:] == [["2024-12-01", 3], ["2025-01-01", 4]]


def test_a_month_that_is_none_is_refused_as_before_in_a_date_column(data_dir):
    client = writable_app(data_dir).test_client()
    created(client, "gifts", MONTHS)
    refused = client.post("/api/datasets/gifts/rows", data=json.dumps([{"month": "2024-13", "amount (£)": 3}]),
                          headers=JSON_WRITE)
    assert refused.status_code in (400, 422)
    assert "expected an ISO 8601 date or time such as 2024-05-01" in refused.get_json()["error"]


def test_a_column_of_months_held_text_by_one_word_names_the_word_not_a_month(data_dir):
    client = writable_app(data_dir).test_client()
    body = created(client, "gifts", "month,n\n2024-01,1\n2024-02,2\n2024-03,3\n2024-04,4\nsoon,5\n")
    assert body["dataset"]["columns"][0]["type"] == "text"
    assert [(w["column"], w["row"], w["value"]) for w in body["warnings"]] == [("month", 5, "soon")]
