"""The words of a bar chart's ranking: bars of means ranked by `top` say so and how to rank them by their
total, bars of one row each are said as that row's values on every path, and too many bars of a time are told
of a longer step, not a ranking."""
from __future__ import annotations

import pandas as pd
import pytest

from tests.conftest import site_holding
from tests.source_data import path_clients
from tests.test_bar_sort_top import SALES, drawn_rows, words


@pytest.fixture
def client(data_dir):
    """A site holding the products' `sales` of the sort and top tests."""
    return site_holding(data_dir, {"sales": SALES})


RANKED_BY_MEANS = "ranked by the mean of each category's rows (agg=mean; agg=sum ranks them by their total)."


@pytest.mark.parametrize("query", ["sort=-value&top=2", "sort=value&top=2", "agg=mean&sort=-value&top=2",
                                   "sort=-value&top=10"])
def test_a_ranking_of_categories_of_several_rows_by_the_default_mean_says_so_and_how_to_rank_by_total(client, query):
    # b is sold in two rows: its bar is their mean, 3, where the top sellers are mostly asked by their total.
    said = words(client, f"/plot/sales?kind=bar&x=product&y=revenue&{query}")
    assert said.endswith(RANKED_BY_MEANS), said


@pytest.mark.parametrize("query", ["agg=sum&sort=-value&top=2", "agg=median&sort=-value&top=2", "top=2",
                                   "sort=-x&top=2", "sort=-value"])
def test_a_chart_ranked_by_no_mean_or_cut_by_no_top_says_nothing_of_it(client, query):
    said = words(client, f"/plot/sales?kind=bar&x=product&y=revenue&{query}")
    assert "ranked by" not in said, said


def test_a_ranking_of_categories_of_one_row_each_says_nothing_of_means(data_dir):
    client = site_holding(data_dir, {"once": "product,revenue\na,3\nb,5\nc,1\n"})
    said = words(client, "/plot/once?kind=bar&x=product&y=revenue&sort=-value&top=2")
    assert said.endswith("the first 2 of 3 categories of product drawn, 1 left out, summing to 1."), said


def test_a_ranking_of_a_resample_s_periods_by_their_means_says_so(data_dir):
    client = site_holding(data_dir, {"days": "day,v\n2024-01-01,1\n2024-01-02,9\n2024-02-01,6\n2024-03-01,2\n"})
    said = words(client, "/plot/days?kind=bar&x=day&y=v&resample=month&sort=-value&top=2")
    assert said.endswith("ranked by the mean of each month's rows (agg=mean; agg=sum ranks them by their total)."), said


def test_a_ranking_of_several_series_of_means_says_it_totals_them(client):
    said = words(client, "/plot/sales?kind=bar&x=product&y=revenue,cost&sort=-value&top=2")
    assert said.endswith("ranked by the means of each category's rows, totalled over its series (agg=mean; agg=sum "
                         "ranks them by their total)."), said


@pytest.mark.parametrize("agg", ["mean", "median"])
def test_bars_of_categories_each_one_rows_are_not_said_combined_on_a_database_as_in_the_data_folder(tmp_path, agg):
    # 300 products, each one row: past the category cap, so a database groups them, and each bar is a
    # row's own revenue, as the data folder's frame draws it.
    frame = pd.DataFrame({"product": [f"p{i:03d}" for i in range(300)],
                          "revenue": [float((i * 37) % 1000) + 0.5 for i in range(300)]})
    url = f"/plot/t?kind=bar&x=product&y=revenue&sort=-value&top=5&agg={agg}"
    paths = ("data folder", "sqlite source", "sqlite big store")
    with path_clients("", tmp_path, frame, frame.to_csv(index=False), paths) as made:
        said = {path: (drawn_rows(made[path], url)[0], words(made[path], url)) for path in paths}
    assert said["data folder"][0] == ["product", "revenue"]
    assert "ranked by" not in said["data folder"][1] and f"{agg} of" not in said["data folder"][1]
    assert said["sqlite source"] == said["data folder"]
    assert said["sqlite big store"] == said["data folder"]


def test_too_many_bars_of_a_time_name_the_first_longer_step_with_its_bars_and_no_ranking(tmp_path):
    # Hourly bars over seven days: 169 of them. A ranking of the busiest hours is no chart over time.
    hours = pd.date_range("2024-03-01", periods=169, freq="h")
    frame = pd.DataFrame({"t": hours, "requests": [float(i % 13) for i in range(169)]})
    url = "/plot/t.json?kind=bar&x=t&y=requests&resample=hour&agg=sum"
    paths = ("data folder", "sqlite source", "sqlite big store")
    with path_clients("", tmp_path, frame, frame.to_csv(index=False), paths) as made:
        errors = {path: made[path].get(url).get_json()["error"] for path in paths}
    assert errors["data folder"] == (
        "a bar chart may show at most 100 categories and this one has 169; resample it by a longer step than hour "
        "(resample=day: 8 bars), narrow its time range (from/to), filter the data or use kind=line")
    assert errors["sqlite source"] == errors["data folder"] == errors["sqlite big store"]
    text = made_text_refusal(tmp_path)
    assert "sort=-value&top=10" in text  # a text x's bars are still told to rank them


def made_text_refusal(tmp_path) -> str:
    frame = pd.DataFrame({"product": [f"p{i:03d}" for i in range(150)], "revenue": [1.0] * 150})
    (tmp_path / "text").mkdir()
    with path_clients("", tmp_path / "text", frame, frame.to_csv(index=False), ("data folder",)) as made:
        return made["data folder"].get("/plot/t.json?kind=bar&x=product&y=revenue&sort=x").get_json()["error"]
