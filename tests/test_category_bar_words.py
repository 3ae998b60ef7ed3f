"""The words of a bar chart of named categories say each bar's value, in the order drawn, where the bars are
few, and the lowest and highest by name where they are many, never a "last value" (the last of a ranking of
names is no later than the first); amounts of money are said grouped by thousands and to the cent where the
data has cents ("£15,268.74"), where 4 significant digits said "£15270" and "£846.4"."""
from __future__ import annotations

import numpy as np
import pandas as pd

from plots import chart_frame, describe, parse_spec
from plots.category_words import BARS_SAID_UP_TO


def words(frame: pd.DataFrame, **fields: str) -> str:
    types = {name: "text" if name in ("campaign", "k") else "datetime" if name == "day" else "float"
             for name in frame.columns}
    spec = parse_spec({key: value.split("&") for key, value in {"kind": "bar", **fields}.items()}, types)
    return describe(spec, chart_frame(spec, frame))[1]


CAMPAIGNS = pd.DataFrame({"campaign": ["Summer", "Noël", "Spring"], "amount (£)": [265499.0, 15268.74, 14186.0]})


def test_a_few_named_bars_are_each_said_in_the_order_drawn_and_no_last_value():
    said = words(CAMPAIGNS, x="campaign", y="amount (£)")
    assert "amount (£): Summer £265,499.00, Noël £15,268.74, Spring £14,186.00." in said, said
    assert "last value" not in said


def test_whole_amounts_are_said_whole_and_grouped():
    frame = pd.DataFrame({"campaign": ["a", "b"], "amount (£)": [250000.0, 846.0]})
    assert "amount (£): a £250,000, b £846." in words(frame, x="campaign", y="amount (£)")


def test_summed_amounts_are_said_to_the_cent():
    frame = pd.DataFrame({"campaign": ["A", "A", "B"], "amount (£)": [846.43, 250000.0, 1.5]})
    assert "sum of amount (£): A £250,846.43, B £1.50." in words(frame, x="campaign", y="amount (£)", agg="sum")


def test_a_missing_bar_is_said_none_and_each_series_apart():
    frame = pd.DataFrame({"campaign": ["x", "y"], "a": [1.5, np.nan], "b": [3.0, 4.0]})
    assert "a: x 1.5, y none; b: x 3, y 4." in words(frame, x="campaign", y="a&b")


def test_many_named_bars_say_the_lowest_and_highest_by_name():
    names = [f"c{i}" for i in range(BARS_SAID_UP_TO + 1)]
    frame = pd.DataFrame({"campaign": names, "v": [5.0] * 3 + [1.0] + [7.0] * (len(names) - 4)})
    frame.loc[5, "v"] = 9.0
    said = words(frame, x="campaign", y="v")
    assert "v lowest 1 (c3), highest 9 (c5)." in said, said
    assert "last value" not in said and "c0 5" not in said


def test_bars_of_dates_keep_their_last_value():
    frame = pd.DataFrame({"day": pd.date_range("2024-01-01", periods=3), "amount (£)": [846.43, 12.0, 250000.0]})
    said = words(frame, x="day", y="amount (£)")
    assert said.endswith("last value: amount (£) £250,000.00, lowest £12.00 (2024-01-02), "
                         "highest £250,000.00 (2024-01-03)."), said
