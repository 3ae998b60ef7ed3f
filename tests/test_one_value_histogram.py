"""A histogram of values that are all one number: one bar centred on it, for a dataset's frame
and for a source's database alike."""
from __future__ import annotations

import pytest

from plots import build_figure
from tests.frame_charts import frame_chart, words_of
from tests.test_source_values import sqlite_file


def drawn_bars(values: list, column_type: str, **fields) -> tuple[list[tuple[float, float, float]], tuple[float, float]]:
    """The bars of a histogram of `values` (left edge, right edge, height; empty bins left out)
    and its x axis' limits; none where it draws no bars (a note says why)."""
    ax = build_figure(*frame_chart("hist", values, column_type, **fields), dpi=72).axes[0]
    bars = [(bar.get_x(), bar.get_x() + bar.get_width(), bar.get_height())
            for bar in (ax.containers[0] if ax.containers else []) if bar.get_height() > 0]
    return bars, ax.get_xlim()


@pytest.mark.parametrize("bins", ["20", "7", "1"])
@pytest.mark.parametrize(("values", "column_type", "value"), [
    ([3, 3, 3, 3], "integer", 3), ([5], "integer", 5), ([-2, -2], "integer", -2), ([1.5, 1.5], "float", 1.5),
])
def test_one_value_is_one_bar_centred_on_it(values, column_type, value, bins):
    bars, (low, high) = drawn_bars(values, column_type, bins=bins)
    assert len(bars) == 1
    left, right, height = bars[0]
    assert height == len(values)
    assert (left + right) / 2 == pytest.approx(value)
    assert right - left == pytest.approx(1.0)
    assert low < left and right < high and (low + high) / 2 == pytest.approx(value)


def test_one_whole_number_has_its_edges_halfway_to_the_next():
    bars, _ = drawn_bars([3, 3, 3, 3], "integer")
    assert bars == [(2.5, 3.5, 4.0)]


def test_a_sources_histogram_of_one_value_is_the_one_a_csv_file_draws(tmp_path, source_client):  # noqa: F811
    url = sqlite_file(tmp_path / "constant.db", {"constant": ("x INTEGER, v INTEGER", [(1, 3), (2, 3), (3, 3)])})
    client = source_client(tmp_path, url, ["constant"], files={"constant_csv.csv": "x,v\n1,3\n2,3\n3,3\n"})
    for query in ("kind=hist&y=v", "kind=hist&y=v&bins=9"):
        source, csv = (client.get(f"/plot/{name}.svg?{query}") for name in ("constant", "constant_csv"))
        assert source.status_code == 200, source.data[:400]
        assert source.data == csv.data


@pytest.mark.parametrize(("values", "column_type"), [([5, 6, 7], "integer"), ([5, 5, 5], "integer"), ([5.2, 6.5], "float")])
def test_an_xmax_below_every_value_counts_none_of_them(values, column_type):
    bars, _ = drawn_bars(values, column_type, xmax="3")
    assert bars == []
    assert words_of("hist", values, column_type, xmax="3").endswith(f"All {len(values)} values lie above xmax 3.")


@pytest.mark.parametrize(("values", "column_type"), [([5, 6, 7], "integer"), ([7, 7], "integer"), ([6.1, 6.9], "float")])
def test_an_xmin_above_every_value_counts_none_of_them(values, column_type):
    bars, _ = drawn_bars(values, column_type, xmin="7.3")
    assert bars == []
    assert words_of("hist", values, column_type, xmin="7.3").endswith(f"All {len(values)} values lie below xmin 7.3.")


@pytest.mark.parametrize(("values", "bound", "counted", "bar"), [
    ([5, 5.3, 9], {"xmax": "5"}, 1, (4.0, 5.0)), ([5, 5, 5], {"xmax": "5"}, 3, (4.0, 5.0)),
    ([4.7, 5, 1], {"xmin": "5"}, 1, (5.0, 6.0)), ([2.0, 2.0], {"xmin": "2"}, 2, (2.0, 3.0)),
])
def test_a_bound_at_the_only_value_it_leaves_is_the_end_of_one_bin_within_it(values, bound, counted, bar):
    bars, (low, high) = drawn_bars(values, "float", **bound)
    assert bars == [(*bar, counted)]
    assert low <= bar[0] and bar[1] <= high
    assert float(bound.get("xmin", low)) == low and float(bound.get("xmax", high)) == high


def test_a_histogram_beyond_its_bound_says_so_and_counts_a_value_at_it(client, data_dir):
    (data_dir / "high.csv").write_text("x,v\n1,5.0\n2,5.3\n3,7.0\n")
    assert "All 3 values lie above xmax 3." in client.get("/plot/high.svg?kind=hist&y=v&xmax=3").get_data(as_text=True)
    assert client.get("/plot/high.json?kind=hist&y=v&xmax=5").get_json()["rows"] == [[1, 5.0]]
