"""What a box plot's words say of each box (its count of values, median, quartiles and the outliers
past its whiskers), which its range alone does not tell a reader who cannot see it, alike on every path."""
from __future__ import annotations

import numpy as np
import pandas as pd

from tests.conftest import described
from tests.frame_charts import words_of
from tests.source_data import path_clients
from tests.test_series_split_counts import EVERY_PATH


def test_a_box_plot_says_each_box_s_count_median_quartiles_and_outliers():
    words = words_of("box", [1, 2, 3, 4, 100, -50])
    assert words == ("Box plot of v, 6 rows. v from −50 to 100, 6 values, median 2.5, quartiles 1.25 and 3.75, "
                     "2 outliers past the whiskers."), words


def test_a_box_without_outliers_says_none_past_its_whiskers():
    assert words_of("box", [1, 2, 3, 4]).endswith("v from 1 to 4, 4 values, median 2.5, quartiles 1.75 and 3.25.")


def test_a_split_box_plot_says_each_series_box_alike_on_every_path(postgres_url, tmp_path):
    frame = pd.DataFrame({"t": pd.date_range("2024-01-01", periods=12, freq="h"),
                          "endpoint": ["/a", "/b", "/c"] * 4,
                          "latency_ms": [1.0, 2, 3, 4, 100, 6, 7, 8, 9, 10, 11, -50]})
    with path_clients(postgres_url, tmp_path, frame, frame.to_csv(index=False), EVERY_PATH) as made:
        said = {path: described(client.get("/plot/t.svg?kind=box&y=latency_ms&series=endpoint").data)
                for path, client in made.items()}
    assert said["data folder"] == (
        "Box plot of latency_ms by endpoint (/a, /b, /c), 12 rows. "
        "/a from 1 to 10, 4 values, median 5.5, quartiles 3.25 and 7.75. "
        "/b from 2 to 100, 4 values, median 9.5, quartiles 6.5 and 33.25, 1 outlier past the whiskers. "
        "/c from −50 to 9, 4 values, median 4.5, quartiles −10.25 and 6.75, 1 outlier past the whiskers. "
        "x axis: endpoint. y axis: latency_ms."), said["data folder"]
    assert {path: words for path, words in said.items() if words != said["data folder"]} == {}


def test_a_box_plot_of_many_series_describes_the_first_boxes_and_counts_the_others(tmp_path):
    names = [f"s{n:02d}" for n in range(8)]
    frame = pd.DataFrame({"sensor": np.repeat(names, 4), "reading": np.tile([1.0, 2, 3, 4], len(names))})
    with path_clients("", tmp_path, frame, frame.to_csv(index=False), ("data folder",)) as made:
        words = described(made["data folder"].get("/plot/t.svg?kind=box&y=reading&series=sensor").data)
    assert words.count("median 2.5") == 5, words
    # The ranges of the others are said all the same.
    assert "s05 from 1 to 4. s06 from 1 to 4. s07 from 1 to 4. The medians" in words, words
    assert "The medians and quartiles of the other 3 boxes are not said" in words, words
    seven = described_boxes(tmp_path, 6)
    assert seven.count("median 2.5") == 6 and "are not said" not in seven, seven


def described_boxes(tmp_path, count: int) -> str:
    names = [f"s{n:02d}" for n in range(count)]
    frame = pd.DataFrame({"sensor": np.repeat(names, 4), "reading": np.tile([1.0, 2, 3, 4], len(names))})
    (tmp_path / str(count)).mkdir()
    with path_clients("", tmp_path / str(count), frame, frame.to_csv(index=False), ("data folder",)) as made:
        return described(made["data folder"].get("/plot/t.svg?kind=box&y=reading&series=sensor").data)
