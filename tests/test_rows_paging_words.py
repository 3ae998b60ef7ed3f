"""A dataset's rows come whole: a paging parameter on them (`limit`, `offset`, `page`, `per_page`) is
refused saying there is no paging and how to ask for fewer rows."""
from __future__ import annotations

import pytest

from tests.conftest import refusal

NO_PAGING = ("there is no paging: a dataset's rows come whole; for fewer rows, ask for a chart's data, "
             "/plot/weather.csv or .json, which holds the rows its chart draws and takes from and to (a range of "
             "its dates) and filter.<column> (the rows of one value of a text column)")


@pytest.mark.parametrize("query", ["limit=10", "offset=20", "page=2", "per_page=50"])
@pytest.mark.parametrize("fmt", ["json", "csv"])
def test_a_paging_parameter_on_a_dataset_s_rows_says_there_is_no_paging_and_how_to_get_fewer_rows(client, query,
                                                                                                  fmt):
    answer = client.get(f"/datasets/weather.{fmt}?{query}")
    assert answer.status_code == 400
    message = answer.get_data(as_text=True)
    name = query.split("=")[0]
    assert f"unknown parameter '{name}'" in message and NO_PAGING in message
    assert "the parameters are v, errors" in message


def test_each_paging_parameter_of_a_url_is_told_there_is_no_paging(client):
    message = refusal(client, "/datasets/weather.json?page=2&per_page=50")
    assert message.startswith("2 parameters are refused: (1) unknown parameter 'page'")
    assert message.count(NO_PAGING) == 2


def test_the_words_of_no_paging_name_the_dataset_s_own_chart_data(client):
    assert "/plot/stations.csv or .json" in refusal(client, "/datasets/stations.json?limit=5")


def test_what_a_chart_s_data_is_told_to_take_gives_fewer_rows(client):
    answer = client.get("/plot/weather.csv?from=2024-01-01&to=2024-01-05")
    assert answer.status_code == 200 and len(answer.get_data(as_text=True).splitlines()) == 6
