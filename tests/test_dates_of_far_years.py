"""Dates far from today, as a historian's: the years 1 to 9999 are kept to the day in both stores and
drawn (1492, 0800, 2300: outside the nanoseconds pandas holds by default, 1677 to 2262); a date of a
year outside them (`10000-01-01`, `-0500-03-15`, `0000-01-01`) is refused in an upload or an append,
naming its row and column and the years the site takes, and named so on a data-folder file's page,
where it makes its column text."""
from __future__ import annotations

import html
import re

import pytest

from tests.conftest import CSV_WRITE, JSON_WRITE, created, described, writable_app
from tests.postgres import set_up
from tests.sample_store import app_on_samples

VOYAGES = "date,v\n0800-12-25,5\n1492-10-12,1\n1600-01-01,2\n1850-06-30,3\n2300-01-01,4\n"
RANGE = "the site takes dates of the years 1 to 9999"


@pytest.fixture
def client(data_dir, store_url, closing):
    """A writable site on a fresh store of each backend."""
    return closing(writable_app(data_dir, DATABASE_URL=store_url, RENDER_WORKERS=0)).test_client()


def test_dates_from_the_year_800_to_2300_are_kept_to_the_day_and_drawn(client):
    created(client, "voyages", VOYAGES)
    assert client.get("/datasets/voyages.csv").get_data(as_text=True) == VOYAGES
    rows = client.get("/plot/voyages.json").get_json()["rows"]
    assert rows == [["0800-12-25", 5], ["1492-10-12", 1], ["1600-01-01", 2], ["1850-06-30", 3], ["2300-01-01", 4]]
    assert "date from 0800-12-25 to 2300-01-01" in described(client.get("/plot/voyages.svg").data)
    assert "5 years. date from 0800 to 2300" in described(client.get("/plot/voyages.svg?resample=year").data)
    bounded = described(client.get("/plot/voyages.svg?from=1500-01-01&to=1900-01-01").data)
    assert "2 rows. date from 1600-01-01 to 1850-06-30" in bounded


@pytest.mark.parametrize(("cell", "words"), [
    ("10000-01-01", "the year 10000 is past 9999"),
    ("-0500-03-15", "the year -500 is before the year 1"),
    ("0000-01-01", "there is no year 0"),
])
def test_an_upload_of_a_date_outside_the_years_1_to_9999_is_refused_naming_row_column_and_range(data_dir, cell, words):
    client = writable_app(data_dir).test_client()
    answer = client.post("/api/datasets?name=far", data=f"date,v\n1500-01-01,1\n{cell},2\n", headers=CSV_WRITE)
    assert answer.status_code == 400, answer.get_data(as_text=True)
    error = answer.get_json()["error"]
    assert error.startswith(f"row 2, column 'date' (line 3): '{cell}'"), error
    assert words in error and RANGE in error, error
    assert client.get("/datasets/far").status_code == 404


def test_a_signed_year_within_the_range_is_told_to_drop_its_sign(data_dir):
    client = writable_app(data_dir).test_client()
    answer = client.post("/api/datasets?name=far", data="date,v\n+1492-10-12,1\n", headers=CSV_WRITE)
    assert answer.status_code == 400, answer.get_data(as_text=True)
    assert "write the year without a sign: 1492-10-12" in answer.get_json()["error"]


def test_an_append_of_a_date_past_the_year_9999_is_refused_naming_the_range(data_dir):
    client = writable_app(data_dir).test_client()
    created(client, "voyages", VOYAGES)
    answer = client.post("/api/datasets/voyages/rows", data="date,v\n10000-01-01,9\n", headers=CSV_WRITE)
    assert answer.status_code == 400
    error = answer.get_json()["error"]
    assert error.startswith("row 1, column 'date' (line 2): ") and "'10000-01-01'" in error, error
    assert RANGE in error, error
    answer = client.post("/api/datasets/voyages/rows", data='[{"date": "-0500-03-15", "v": 9}]', headers=JSON_WRITE)
    assert answer.status_code == 400
    assert "'-0500-03-15'" in answer.get_json()["error"] and RANGE in answer.get_json()["error"]
    assert client.get("/api/datasets/voyages").get_json()["dataset"]["row_count"] == 5


def test_a_data_folder_file_with_a_date_past_the_year_9999_names_it_on_its_page(data_dir):
    (data_dir / "far.csv").write_text("date,v\n1500-01-01,1\n1600-01-01,2\n10000-01-01,3\n", encoding="utf-8")
    client = app_on_samples({"TESTING": True, "DATA_DIR": str(data_dir)}).test_client()
    page = client.get("/datasets/far").get_data(as_text=True)
    words = " ".join(re.sub(r"<[^>]+>", " ", page).replace("&#39;", "'").split())
    assert "row 3 holds '10000-01-01' (the year 10000 is past 9999; " + RANGE + ")" in words, words[:3000]


@pytest.mark.parametrize(("query", "words"), [
    ("from=10000-01-01", "the year 10000 is past 9999"),
    ("xmin=-0500-01-01", "the year -500 is before the year 1"),
    ("to=0000-01-01", "there is no year 0"),
    ("xmax=%2B1492-10-12", "write the year without a sign: 1492-10-12"),
])
def test_a_url_date_outside_the_years_1_to_9999_is_a_400_naming_the_range(data_dir, query, words):
    client = writable_app(data_dir).test_client()
    created(client, "voyages", VOYAGES)
    answer = client.get(f"/plot/voyages.json?{query}")
    assert answer.status_code == 400
    error = answer.get_json()["error"]
    assert words in error, error
    if "sign" not in words:
        assert RANGE in error, error


def test_a_postgresql_sources_dates_before_the_year_1_and_infinity_are_counted_on_its_page_and_alt_text(
        tmp_path, postgres_database_url, source_client):
    set_up(postgres_database_url, "CREATE TABLE d (date date, v integer)",
           "INSERT INTO d VALUES ('1492-10-12', 1), ('1600-01-01', 2), ('0044-03-15 BC', 7), ('infinity', 8), (NULL, 9)")
    client = source_client(tmp_path, postgres_database_url, ["d"])
    page = html.unescape(client.get("/datasets/d").get_data(as_text=True))
    assert ("column 'date' holds 2 values that are no date or time the site reads, each a missing value in the rows "
            "and on every chart: '0044-03-15 BC' (a date before the year 1; " + RANGE + "); 'infinity' "
            "(PostgreSQL's infinity is no date here; " + RANGE + ")") in page
    [alt] = re.findall(r'<img[^>]* alt="([^"]*)"', page)
    assert "2 rows. date from 1492-10-12 to 1600-01-01" in alt
    assert alt.endswith("2 values of date are no date or time the site reads, each a missing value, not drawn; "
                        "its dataset's page names them."), alt


def test_codes_written_as_a_long_year_with_no_real_month_and_day_stay_text(data_dir):
    client = writable_app(data_dir).test_client()
    answer = created(client, "codes", "code,v\n12345-67-89,1\n23456-78-90,2\n")
    assert answer["dataset"]["columns"][0] == {"name": "code", "type": "text"}
    assert answer["warnings"] == []


def test_a_date_of_a_year_of_thousands_of_digits_is_refused_not_a_failure(data_dir):
    # Python reads no integer of more than 4,300 digits from text: the year is told by its digits.
    year = "9" * 5000
    client = writable_app(data_dir).test_client()
    answer = client.post("/api/datasets?name=far", data=f"date,v\n1500-01-01,1\n{year}-01-01,2\n", headers=CSV_WRITE)
    assert answer.status_code == 400, answer.get_data(as_text=True)
    error = answer.get_json()["error"]
    assert "a year of 5000 digits is past 9999" in error and RANGE in error, error
    refused = client.get(f"/plot/animals.json?from=-{year}-01-01")
    assert refused.status_code == 400, refused.get_data(as_text=True)[:300]
    assert "a year of 5000 digits is before the year 1" in refused.get_json()["error"]
