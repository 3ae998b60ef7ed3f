"""The order bar categories are drawn in: text where each value first comes in the rows, whether
its rows are combined by `agg` or not; numbers and dates by value, whether any repeats or not."""
from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from plots import build_figure, chart_frame, parse_spec, render_svg
from plots.values_titles import combined_by
from tests.conftest import json_rows
from tests.test_date_bar_labels import drawn_dates

# By code point "apple" comes first and "Äpfel" and "Éclair" after "zebra".
WORDS = "word,v\nzebra,1\nÄpfel,2\nzebra,3\nÉclair,4\napple,5\n"


@pytest.mark.parametrize("kind", ["bar", "barh"])
def test_repeated_text_categories_are_combined_where_each_first_comes(client, data_dir, kind):
    (data_dir / "words.csv").write_text(WORDS, encoding="utf-8")
    rows = json_rows(client, f"/plot/words.json?kind={kind}&agg=sum")
    assert rows == [["zebra", 4], ["Äpfel", 2], ["Éclair", 4], ["apple", 5]]


@pytest.mark.parametrize("kind", ["bar", "barh"])
def test_bars_of_repeated_text_are_drawn_in_the_order_their_rows_first_give_them(kind):
    frame = pd.DataFrame({"word": ["zebra", "Äpfel", "zebra", "Éclair", "apple"], "v": [1.0, 2.0, 3.0, 4.0, 5.0]})
    spec = parse_spec({"kind": [kind], "x": ["word"], "y": ["v"], "agg": ["mean"]}, {"word": "text", "v": "float"})
    ax = build_figure(spec, chart_frame(spec, frame), dpi=72).axes[0]
    axis = ax.yaxis if kind == "barh" else ax.xaxis
    by_position = sorted(zip(axis.get_majorticklocs(), axis.get_major_formatter().seq))
    assert [label for _, label in by_position] == ["zebra", "Äpfel", "Éclair", "apple"]
    heights = [bar.get_width() if kind == "barh" else bar.get_height() for bar in ax.patches]
    assert heights == [2.0, 2.0, 4.0, 5.0]  # each bar the mean of its own category's rows


def test_a_count_of_text_categories_given_once_keeps_the_datas_order(client, data_dir):
    (data_dir / "words.csv").write_text("word,v\nzebra,1\nÄpfel,2\napple,3\n", encoding="utf-8")
    rows = json_rows(client, "/plot/words.json?kind=bar&agg=count")
    assert rows == [["zebra", 1], ["Äpfel", 1], ["apple", 1]]


def test_bars_of_several_series_share_the_first_come_order(client, data_dir):
    (data_dir / "shops.csv").write_text("shop,a,b\nNord,1,10\nMitte,2,20\nNord,3,30\nAlt,4,40\n")
    rows = json_rows(client, "/plot/shops.json?kind=bar&x=shop&y=a&y=b&agg=sum")
    assert rows == [["Nord", 4, 40], ["Mitte", 2, 20], ["Alt", 4, 40]]


def test_repeated_number_categories_stay_in_order_of_value(client, data_dir):
    (data_dir / "sizes.csv").write_text("size,v\n30,1\n10,2\n30,3\n20,4\n")
    rows = json_rows(client, "/plot/sizes.json?kind=bar&agg=sum")
    assert rows == [[10, 2], [20, 4], [30, 4]]


def test_repeated_date_categories_stay_in_order_of_time(client, data_dir):
    (data_dir / "days.csv").write_text("day,v\n2024-03-01,1\n2024-01-01,2\n2024-03-01,3\n2024-02-01,4\n")
    rows = json_rows(client, "/plot/days.json?kind=barh&agg=sum")
    assert rows == [["2024-01-01", 2], ["2024-02-01", 4], ["2024-03-01", 4]]


def test_resampled_bars_stay_in_order_of_their_periods(client, data_dir):
    (data_dir / "days.csv").write_text("day,v\n2024-03-05,1\n2024-01-09,2\n2024-03-01,3\n2024-02-20,4\n")
    rows = json_rows(client, "/plot/days.json?kind=bar&resample=month&agg=sum")
    assert rows == [["2024-01-01", 2], ["2024-02-01", 4], ["2024-03-01", 4]]


@pytest.mark.parametrize("kind", ["hist", "box"])
def test_a_text_x_leaves_the_rows_of_kinds_that_do_not_place_by_x_as_they_are(kind):
    frame = pd.DataFrame({"word": ["zebra", "Äpfel", "zebra", "apple"], "v": [4.0, 3.0, 2.0, 1.0]})
    spec = parse_spec({"kind": [kind], "x": ["word"], "y": ["v"]}, {"word": "text", "v": "float"})
    drawn = chart_frame(spec, frame)
    assert drawn["v"].tolist() == [4.0, 3.0, 2.0, 1.0]
    assert np.array_equal(drawn["word"].to_numpy(), frame["word"].to_numpy())


@pytest.mark.parametrize("kind", ["bar", "barh"])
def test_number_categories_given_once_are_drawn_in_order_of_value(client, data_dir, kind):
    (data_dir / "sizes.csv").write_text("x,v\n3,30\n1,10\n2,20\n")
    assert json_rows(client, f"/plot/sizes.json?kind={kind}") == [[1, 10], [2, 20], [3, 30]]
    svg = client.get(f"/plot/sizes.svg?kind={kind}").get_data(as_text=True)
    assert "x from 1 to 3" in svg


@pytest.mark.parametrize("kind", ["bar", "barh"])
def test_date_categories_given_newest_first_are_drawn_in_order_of_time(client, data_dir, kind):
    (data_dir / "days.csv").write_text("day,v\n2024-03-01,3\n2024-01-01,1\n2024-02-01,2\n")
    rows = json_rows(client, f"/plot/days.json?kind={kind}")
    assert rows == [["2024-01-01", 1], ["2024-02-01", 2], ["2024-03-01", 3]]


def test_bars_of_dates_given_newest_first_are_labelled_in_order_of_time():
    frame = pd.DataFrame({"day": pd.to_datetime(["2024-03-01", "2024-01-01", "2024-02-01"]), "v": [3.0, 1.0, 2.0]})
    spec = parse_spec({"kind": ["bar"], "x": ["day"], "y": ["v"]}, {"day": "datetime", "v": "float"})
    assert drawn_dates(render_svg(spec, frame)) == ["2024-01", "2024-02", "2024-03"]


def test_number_categories_given_once_keep_their_own_values_uncombined():
    frame = pd.DataFrame({"x": [3, 1, 2], "v": [30.0, 10.0, 20.0]})
    spec = parse_spec({"kind": ["bar"], "x": ["x"], "y": ["v"]}, {"x": "int", "v": "float"})
    drawn = chart_frame(spec, frame)
    assert drawn["x"].tolist() == [1, 2, 3] and drawn["v"].tolist() == [10.0, 20.0, 30.0]
    assert combined_by(spec, drawn) is None  # each bar is its row's value, not a mean of one


@pytest.mark.parametrize("kind", ["bar", "barh"])
def test_text_categories_given_once_keep_the_rows_order(client, data_dir, kind):
    (data_dir / "words.csv").write_text("word,v\nzebra,1\nÄpfel,2\napple,3\n", encoding="utf-8")
    rows = json_rows(client, f"/plot/words.json?kind={kind}")
    assert rows == [["zebra", 1], ["Äpfel", 2], ["apple", 3]]
