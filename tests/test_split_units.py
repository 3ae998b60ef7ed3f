"""A chart of a column named with its unit in brackets, `price ($)`, split by a text column (`series=region`)
says its values with that unit, on its value axis (`$1.5k`) and in its words (`north $1736`), as the chart
of the same rows pivoted by hand, a column per value named `north ($)`…, does: summed, rolled, run on or
stacked, of every kind that splits; counted (`agg=count`), with none."""
from __future__ import annotations

import re

import numpy as np
import pandas as pd
import pytest
from matplotlib.text import Text

from plots import build_figure, chart_frame, describe, parse_spec
from plots.series_split import drawn_spec

from tests.conftest import described
from tests.source_data import path_clients

REGIONS = ["north", "south"]
AMOUNT = re.compile(r"\$[\d,.]+k?")


def long_rows() -> pd.DataFrame:
    rng = np.random.default_rng(3)
    days = pd.date_range("2024-01-01", periods=30, freq="D")
    rows = [(day, region, float(rng.integers(1000, 3000))) for day in days for region in REGIONS]
    return pd.DataFrame(rows, columns=["day", "region", "price ($)"])


def pivoted(rows: pd.DataFrame) -> pd.DataFrame:
    """`rows` pivoted by hand: a column per region, named with the unit, `north ($)`."""
    wide = rows.pivot(index="day", columns="region", values="price ($)").reset_index()
    wide.columns = ["day", *(f"{region} ($)" for region in REGIONS)]
    return wide


def drawn(frame: pd.DataFrame, y: str, **fields: str) -> tuple[str, list[str]]:
    """The alt text of a chart of `frame` by day, and the texts it draws, as `render_svg` makes them."""
    types = {name: "datetime" if name == "day" else "text" if name == "region" else "float" for name in frame}
    spec = parse_spec({"x": ["day"], "y": [y], **{name: [value] for name, value in fields.items()}}, types)
    data = chart_frame(spec, frame)
    spec = drawn_spec(spec, data)
    texts = [text.get_text() for text in build_figure(spec, data, dpi=72).findobj(Text) if text.get_text()]
    return describe(spec, data)[1], texts


def split_and_pivoted(**fields: str) -> tuple[tuple[str, list[str]], tuple[str, list[str]]]:
    """What the chart split by region says and draws, and what the chart of the rows pivoted by hand does."""
    rows = long_rows()
    return (drawn(rows, "price ($)", series="region", **fields),
            drawn(pivoted(rows), ",".join(f"{region} ($)" for region in REGIONS), **fields))


@pytest.mark.parametrize("fields", [
    {"kind": "line"}, {"kind": "bar"}, {"kind": "area"}, {"kind": "scatter"}, {"kind": "hist"}, {"kind": "box"},
    {"kind": "bar", "resample": "week", "agg": "sum"}, {"kind": "line", "rolling": "3"},
    {"kind": "line", "cumulative": "true"}, {"kind": "area", "stack": "stacked"},
    {"kind": "bar", "resample": "week", "agg": "sum", "stack": "stacked"},
], ids=lambda fields: "-".join(fields.values()))
def test_a_split_chart_writes_its_values_with_the_unit_as_the_rows_pivoted_by_hand_do(fields):
    (words, texts), (wide_words, wide_texts) = split_and_pivoted(**fields)
    ticks = [text for text in texts if text.startswith("$")]
    assert len(ticks) > 2, texts
    assert ticks == [text for text in wide_texts if text.startswith("$")]
    said = AMOUNT.findall(words)
    assert said and said == AMOUNT.findall(wide_words), words


def test_a_split_line_says_each_series_value_with_the_unit():
    (words, _), _ = split_and_pivoted(kind="line")
    assert re.search(r"last value: north \$[\d,]+, lowest \$[\d,]+ \(2024-01-\d\d\), highest \$[\d,]+", words), words


def test_a_split_chart_of_counts_writes_no_unit():
    (words, texts), _ = split_and_pivoted(kind="bar", resample="week", agg="count")
    assert "$" not in words.replace("price ($)", ""), words
    assert not any("$" in text.replace("price ($)", "") for text in texts), texts
    assert "count of north 2, lowest 2 (2024-01-29), highest 7 (2024-01-01)" in words


def test_a_split_charts_bounds_are_written_with_the_unit_in_its_note_legend_and_words():
    (words, texts), _ = split_and_pivoted(kind="line", ymin="5000")
    assert "All values lie below ymin $5000" in texts
    assert words.endswith("All values lie below ymin $5000. y axis: price ($)."), words
    rows = long_rows()
    rows.loc[rows["region"] == "south", "price ($)"] += 10000  # south above ymax, north drawn
    words, texts = drawn(rows, "price ($)", series="region", ymax="5000")
    assert "south (above $5000)" in texts, texts


def test_a_split_charts_alt_text_says_its_values_with_the_unit_whichever_way_its_rows_are_read(tmp_path):
    rows = long_rows()
    paths = ("data folder", "sqlite source", "sqlite big store")  # read whole; split by the database
    with path_clients("", tmp_path, rows, rows.to_csv(index=False), paths) as made:
        said = {path: described(client.get("/plot/t.svg?x=day&y=price%20(%24)&series=region&kind=bar"
                                           "&resample=week&agg=sum").data) for path, client in made.items()}
    assert all("sum of north $" in words for words in said.values()), said
    assert len({tuple(AMOUNT.findall(words)) for words in said.values()}) == 1, said


def test_what_a_split_bar_charts_top_leaves_out_sums_to_is_written_with_the_unit():
    rows = pd.DataFrame([(f"p{n:02d}", region, 1000.0 + n) for n in range(15) for region in REGIONS],
                        columns=["product", "region", "price ($)"])
    spec = parse_spec({"kind": ["bar"], "x": ["product"], "y": ["price ($)"], "series": ["region"], "agg": ["sum"],
                       "sort": ["-value"], "top": ["5"]}, {"product": "text", "region": "text", "price ($)": "float"})
    data = chart_frame(spec, rows)
    words = describe(drawn_spec(spec, data), data)[1]
    assert "the first 5 of 15 categories of product drawn, 10 left out, summing to $20,090" in words, words


def test_a_split_stacks_highest_total_and_a_line_across_it_are_said_with_the_unit_of_the_column_split():
    (words, _), (wide_words, _) = split_and_pivoted(kind="area", stack="stacked", yline="2000:Goal")
    assert re.search(r"stacked; highest total \$[\d,]+ \(2024-01-\d\d\)", words), words
    assert "A line marks Goal at $2000; north is " in words, words
    said = re.compile(r"highest total \$[\d,]+|at \$2000")
    assert said.findall(words) == said.findall(wide_words)
