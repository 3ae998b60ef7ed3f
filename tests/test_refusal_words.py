"""Refusals in a reader's words: what a column holds said as dates, numbers or text, never a type's
name in the API; what a filter takes said of a column that is there but holds no text; a body that
is no JSON told where and what is wrong in plain words."""
from __future__ import annotations

import pandas as pd
import pytest

from tests.conftest import created, refusal, writable_app
from tests.source_data import write_sqlite


def test_a_date_column_as_y_is_said_to_hold_dates(client):
    assert refusal(client, "/plot/weather.json?y=date") == (
        "y: column 'date' holds dates, not numbers; numeric columns are temperature_c, humidity_pct, rainfall_mm, "
        "wind_kmh, pressure_hpa")


def numbers_refusal(dataset: str, column: str, texts: str, ways: str) -> str:
    return (f"filter.{column}: column '{column}' of dataset '{dataset}' holds numbers, not text, and a filter chooses "
            f"rows by a text column's values: {texts}; no parameter chooses rows by a number's value: {ways}")


def test_a_filter_of_a_number_column_is_a_400_saying_which_columns_a_filter_takes_and_what_chooses_numbers(client):
    # The column is there, so the parameter is bad rather than its column missing: a 400, saying what to do.
    assert refusal(client, "/plot/stations.json?filter.temperature_c=5") == numbers_refusal(
        "stations", "temperature_c", "the text columns are station",
        "to chart the rows of some of its numbers, make 'temperature_c' the x and bound it with xmin and xmax, or "
        "upload those rows as a dataset of their own")
    assert refusal(client, "/plot/animals.json?filter.Bear=36") == numbers_refusal(
        "animals", "Bear", "dataset 'animals' has none",
        "to chart the rows of some of its numbers, make 'Bear' the x and bound it with xmin and xmax, or upload "
        "those rows as a dataset of their own")
    # Where it is the chart's x already, its bounds are what choose them.
    assert refusal(client, "/plot/stations.json?kind=scatter&x=temperature_c&y=rainfall_mm&filter.temperature_c=5"
                   ) == numbers_refusal("stations", "temperature_c", "the text columns are station",
                                        "xmin and xmax bound the chart's x, 'temperature_c', to the numbers wanted, "
                                        "or upload those rows as a dataset of their own")


def test_a_filter_of_a_number_column_of_a_source_or_a_file_names_what_chooses_its_rows_there(tmp_path, source_client):
    # A source's rows are chosen by its query; a data-folder file's saved as a file of their own.
    url = write_sqlite(tmp_path / "source.db", {"t": pd.DataFrame({"k": ["a", "b"], "n": [1, 2]})})
    client = source_client(tmp_path, url, ["t"], files={"f.csv": "k,n\na,1\nb,2\n"})
    x_bounds = "to chart the rows of some of its numbers, make 'n' the x and bound it with xmin and xmax"
    assert refusal(client, "/plot/t.json?filter.n=1") == numbers_refusal(
        "t", "n", "the text columns are k", f"{x_bounds}, or choose those rows in the SQL query of source 'db', "
        "which this dataset reads")
    assert refusal(client, "/plot/f.json?filter.n=1") == numbers_refusal(
        "f", "n", "the text columns are k", f"{x_bounds}, or save those rows as a dataset of their own, a file in the "
        "data folder")


@pytest.mark.parametrize("query, x_bounds", [
    ("filter.n=1", "to chart the rows of some of its numbers, make 'n' the x and bound it with xmin and xmax"),
    ("kind=scatter&x=n&y=m&filter.n=1", "xmin and xmax bound the chart's x, 'n', to the numbers wanted")])
def test_a_filter_of_a_number_column_offers_its_rows_as_a_dataset_of_their_own_on_a_file_as_on_a_stored_one(
        data_dir, query, x_bounds):
    # Where the column is not the chart's x, its bounds do not choose the chart's rows: a dataset of those rows does.
    rows = "k,m,n\na,1,1\nb,2,2\n"
    (data_dir / "f.csv").write_text(rows, encoding="utf-8")
    client = writable_app(data_dir).test_client()
    created(client, "s", rows)
    assert refusal(client, f"/plot/s.json?{query}") == numbers_refusal(
        "s", "n", "the text columns are k", f"{x_bounds}, or upload those rows as a dataset of their own")
    assert refusal(client, f"/plot/f.json?{query}") == numbers_refusal(
        "f", "n", "the text columns are k", f"{x_bounds}, or save those rows as a dataset of their own, a file in "
        "the data folder")


def test_a_filter_of_a_number_column_is_a_400_on_a_dashboard_chart_and_page_too(client):
    # A dashboard's charts and pages take their dashboard's filters alone: any other is an unknown parameter.
    for url in ("/d/stations?filter.temperature_c=5", "/d/stations/temperature?filter.temperature_c=5",
                "/d/stations/temperature.svg?filter.temperature_c=5"):
        assert client.get(url).status_code == 400, url
    assert refusal(client, "/d/stations/temperature.json?filter.temperature_c=5").startswith(
        "unknown parameter 'filter.temperature_c'")


def test_a_filter_of_a_number_column_is_listed_with_the_other_bad_parameters(client):
    # A 400 lists every bad parameter at once: the filter was left out where the chart's width was refused.
    message = refusal(client, "/plot/stations.json?width=abc&filter.temperature_c=5&from=zzz")
    assert message.startswith("3 parameters are refused: (1) width"), message
    assert "(2) filter.temperature_c: column 'temperature_c' of dataset 'stations' holds numbers" in message, message
    assert "(3) from" in message, message


@pytest.mark.parametrize("query, x_bounds", [
    ("kind=scatter&x=n&y=m&width=abc&filter.n=1", "xmin and xmax bound the chart's x, 'n', to the numbers wanted"),
    ("x=n&width=abc&filter.n=1", "xmin and xmax bound the chart's x, 'n', to the numbers wanted"),
    ("x=m&width=abc&filter.n=1", "to chart the rows of some of its numbers, make 'n' the x and bound it with xmin and "
                                 "xmax"),
    # The x itself refused: the chart its other fields ask for places its rows by no x.
    ("kind=hist&x=n&width=abc&filter.n=1", "to chart the rows of some of its numbers, make 'n' the x and bound it "
                                           "with xmin and xmax")])
def test_a_filter_of_a_number_column_listed_with_a_refused_chart_field_says_what_it_says_of_the_chart_read(
        data_dir, query, x_bounds):
    # Its words are those of the chart the URL asks for once its refused fields are mended: not "make 'n' the
    # x" where n is the x already.
    client = writable_app(data_dir).test_client()
    created(client, "s", "k,m,n\na,1,1\nb,2,2\n")
    message = refusal(client, f"/plot/s.json?{query}")
    assert message.startswith("2 parameters are refused: (1) width"), message
    assert message.endswith("(2) " + numbers_refusal("s", "n", "the text columns are k",
                                                     f"{x_bounds}, or upload those rows as a dataset of their own")
                            ), message


def test_a_filter_of_a_date_column_says_from_and_to_choose_rows_by_dates(client):
    assert refusal(client, "/plot/stations.json?filter.date=2024-01-01") == (
        "filter.date: column 'date' of dataset 'stations' holds dates, not text, and a filter chooses rows by a "
        "text column's values: the text columns are station; from and to choose rows by their dates")


def test_an_x_bound_of_a_text_x_is_refused_for_the_text_whatever_it_is_written_as(client):
    # Told to write a number, the bound would be refused again for x holding text.
    refusals = {refusal(client, f"/plot/stations.json?x=station&kind=bar&xmin={bound}")
                for bound in ("2024-01-01", "a", "5")}
    assert refusals == {"xmin and xmax need x to be a number or date column; 'station' holds text: row 1 holds "
                        "'Airport'; choose another x"}


def test_a_y_of_a_dataset_without_numbers_says_it_has_none(data_dir):
    client = writable_app(data_dir).test_client()
    created(client, "words", "day,word\n2024-01-01,a\n")
    assert refusal(client, "/plot/words.json?y=word") == (
        "y: column 'word' holds text, not numbers: row 1 holds 'a'; the dataset has no numeric column")
