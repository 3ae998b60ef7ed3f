"""A histogram of values that are all one number: one bar centred on it, for a dataset's frame
and for a source's database alike."""
from __future__ import annotations

import pandas as pd
import pytest

from plots import build_figure, chart_frame, parse_spec
from tests.test_source_values import sqlite_file


def drawn_bars(values: list, column_type: str, **fields) -> tuple[list[tuple[float, float, float]], tuple[float, float]]:
    """The bars of a histogram of `values` (left edge, right edge, height; empty bins left out)
    and its x axis' limits."""
    spec = parse_spec({"kind": ["hist"], "y": ["v"], **{k: [v] for k, v in fields.items()}},
                      {"v": column_type})
    ax = build_figure(spec, chart_frame(spec, pd.DataFrame({"v": values})), dpi=72).axes[0]
    bars = [(bar.get_x(), bar.get_x() + bar.get_width(), bar.get_height())
            for bar in ax.containers[0] if bar.get_height() > 0]
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
