"""What a chart is, as its words start ("Bar chart of v by k"): a count says it counts, a stack that its
series stand on one another, in the words of its rows and in those of its spec alone (an embed
snippet's), which a reader hears before anything else of it."""
from __future__ import annotations

import pandas as pd

from plots import chart_frame, describe, parse_spec
from plots.spec_words import spec_words

HOURS = pd.date_range("2024-01-01", periods=4, freq="h")
TYPES = {"ts": "datetime", "status": "integer", "campaign": "text", "amount (£)": "float", "a": "float", "b": "float"}


def spec_of(**fields: str):
    return parse_spec({key: value.split("&") for key, value in fields.items()}, TYPES)


def words(frame: pd.DataFrame, **fields: str) -> str:
    spec = spec_of(**fields)
    return describe(spec, chart_frame(spec, frame))[1]


def test_a_count_of_a_column_s_values_says_it_counts_them():
    frame = pd.DataFrame({"ts": HOURS, "status": [200.0, None, 500.0, 200.0]})
    said = words(frame, kind="bar", x="ts", y="status", agg="count")
    assert said.startswith("Bar chart of count of status by ts, 4 categories. "), said
    assert spec_words(spec_of(kind="bar", x="ts", y="status", agg="count")) == "Bar chart of count of status by ts."


def test_a_count_of_rows_says_it_counts_rows():
    frame = pd.DataFrame({"ts": HOURS, "status": [200.0, None, 500.0, 200.0]})
    assert words(frame, kind="bar", x="ts", agg="count").startswith("Bar chart of count of rows by ts, ")
    assert spec_words(spec_of(kind="bar", x="ts", agg="count")) == "Bar chart of count of rows by ts."


def test_a_mean_is_named_as_before():
    assert spec_words(spec_of(kind="bar", x="campaign", y="a")) == "Bar chart of a by campaign."


def test_stacked_bars_are_said_stacked_where_the_words_start():
    frame = pd.DataFrame({"campaign": ["x", "y"], "a": [1.0, 2.0], "b": [3.0, 4.0]})
    assert words(frame, kind="bar", x="campaign", y="a&b", stack="stacked").startswith(
        "Stacked bar chart of a, b by campaign, ")
    assert words(frame, kind="bar", x="campaign", y="a&b", stack="percent").startswith(
        "100% stacked bar chart of a, b by campaign, ")
    assert words(frame, kind="bar", x="campaign", y="a&b").startswith("Bar chart of a, b by campaign, ")
    # One series stands on nothing: it is drawn as it is unstacked.
    assert words(frame, kind="bar", x="campaign", y="a", stack="stacked").startswith("Bar chart of a by campaign, ")


def test_an_embed_snippet_of_a_stacked_split_says_stacked():
    spec = spec_of(kind="bar", x="ts", y="amount (£)", series="campaign", resample="month", agg="sum",
                   stack="stacked")
    assert spec_words(spec) == "Stacked bar chart of amount (£) by campaign by ts."
    assert spec_words(spec_of(kind="area", x="ts", y="a&b", stack="stacked")).startswith("Stacked area chart of a, b")
