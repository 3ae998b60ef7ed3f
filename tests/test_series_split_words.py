"""The words of a chart split by a text column (`series=region`): its title and alt text, the values
a source and a stored dataset hold as series, and the chart page's table of its rows."""
from __future__ import annotations

import re

import numpy as np
import pandas as pd

from tests.conftest import described
from tests.source_data import path_clients


def svg_title(svg: bytes) -> str:
    return re.search(r"<title[^>]*>(.*?)</title>", svg.decode(), re.S).group(1)


def test_an_untitled_chart_of_many_series_names_the_first_few_values_in_its_title_and_counts_the_rest(tmp_path):
    names = [f"s{n:02d}" for n in range(20)]
    frame = pd.DataFrame({"day": np.repeat(pd.date_range("2024-01-01", periods=3), len(names)),
                          "region": names * 3, "sales": range(3 * len(names))})
    with path_clients("", tmp_path, frame, frame.to_csv(index=False), ("data folder",)) as made:
        svg = made["data folder"].get("/plot/t.svg?x=day&y=sales&series=region").data
        titled = made["data folder"].get("/plot/t.svg?x=day&y=sales&series=region&title=Sales").data
    title = svg_title(svg)
    assert title == "Line chart of sales by region (s00, s01, s02, s03, s04 and 15 more) by day", title
    # The alt text starts with the title, which it does not say twice; it names every series after it.
    words = described(svg)
    # It counts the rows its series draw, 20 values on each of 3 days, not the days.
    assert words.startswith(f"{title}, 60 rows. "), words
    assert re.search(r'aria-labelledby="[^"]+-desc"', svg.decode())
    assert all(f"{name} " in words for name in names), words
    assert svg_title(titled) == "Sales"


def test_an_untitled_chart_of_six_series_names_the_sixth_rather_than_counting_one_more(tmp_path):
    titles = {}
    for count in (5, 6, 7):
        names = [f"s{n:02d}" for n in range(count)]
        frame = pd.DataFrame({"day": np.repeat(pd.date_range("2024-01-01", periods=3), count),
                              "region": names * 3, "sales": range(3 * count)})
        (tmp_path / str(count)).mkdir()
        with path_clients("", tmp_path / str(count), frame, frame.to_csv(index=False), ("data folder",)) as made:
            titles[count] = svg_title(made["data folder"].get("/plot/t.svg?x=day&y=sales&series=region").data)
    assert titles[5] == "Line chart of sales by region (s00, s01, s02, s03, s04) by day", titles
    assert titles[6] == "Line chart of sales by region (s00, s01, s02, s03, s04, s05) by day", titles
    assert titles[7] == "Line chart of sales by region (s00, s01, s02, s03, s04 and 2 more) by day", titles


def test_names_counted_names_a_sixth_name_and_counts_two_or_more():
    from plots.spec import listed
    from plots.text import names_counted

    assert listed(names_counted(list("abcde"))) == "a, b, c, d and e"
    assert listed(names_counted(list("abcdef"))) == "a, b, c, d, e and f"
    assert listed(names_counted(list("abcdefg"))) == "a, b, c, d, e and 2 more"
    # Where the sixth is not known, only counted, it is counted.
    assert listed(names_counted(list("abcde"), 6)) == "a, b, c, d, e and 1 more"


def test_a_text_na_or_null_is_a_series_of_its_own_and_a_missing_value_none_on_every_path(postgres_url, tmp_path):
    # Among text, the words a column of numbers or dates reads as a missing value are text, as a
    # database's text is: a series each. A missing value (an empty CSV cell, a database's NULL) is none.
    from tests.test_series_split_counts import EVERY_PATH

    frame = pd.DataFrame({"day": np.repeat(pd.date_range("2024-01-01", periods=3), 5),
                          "region": ["East", "NA", "null", "None", None] * 3, "sales": range(15)})
    with path_clients(postgres_url, tmp_path, frame, frame.to_csv(index=False), EVERY_PATH) as made:
        for path, client in made.items():
            rows = client.get("/plot/t.json?x=day&y=sales&series=region").get_json()
            assert rows["columns"] == ["day", "East", "NA", "None", "null"], (path, rows)
            words = described(client.get("/plot/t.svg?x=day&y=sales&series=region").data)
            assert words.startswith("Line chart of sales by region (East, NA, None, null) by day, 12 rows. "), (path, words)
            assert "3 rows have no region and are in no series" in words, (path, words)
            chosen = client.get("/plot/t.json?x=day&y=sales&series=region&filter.region=NA").get_json()
            assert chosen["columns"] == ["day", "NA"], (path, chosen)


def table_heads(page: str) -> list[str]:
    return re.findall(r"<th>([^<]*)</th>", re.search(r'<table class="data".*?</thead>', page, re.S).group(0))


def test_a_split_chart_page_s_table_heads_name_each_series_as_its_legend_does_and_what_its_values_are(client):
    # The legend names each series by its value; a head "mean of Airport" read as a mean of a column
    # Airport, where it is the mean of temperature_c of Airport's rows. Its data keeps its names.
    page = client.get("/d/stations/temperature?series=station&resample=month&agg=mean").get_data(as_text=True)
    values = ["Airport", "Harbour", "Hilltop", "Riverside"]
    assert table_heads(page) == ["date", *(f"{value} (mean of temperature_c)" for value in values)], table_heads(page)
    rows = client.get("/d/stations/temperature.json?series=station&resample=month&agg=mean").get_json()
    assert rows["columns"] == ["date", *(f"mean of {value}" for value in values)]
    plain = client.get("/d/stations/temperature?series=station&resample=none").get_data(as_text=True)
    assert table_heads(plain) == ["date", *values]
