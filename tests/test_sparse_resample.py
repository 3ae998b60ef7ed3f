"""Resampling a few rows far apart costs what the rows do: periods are found from the rows' moments,
not walked from the first to the last, and empty ones are still 0 for sum and count and left out
for the other aggregates, as pandas' resample gives them."""
from __future__ import annotations

import tracemalloc
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from app import create_app
from plots import chart_frame, parse_spec
from plots.resampling import periods
from plots.spec import AGGREGATES, RESAMPLE_RULES

# A handful of rows in years 1, 5000 and 9999: half a million weeks apart, 3.6 million days.
SPARSE = "t,v\n0001-01-01,1\n0001-01-02,2\n5000-06-01,3\n9999-12-30,4\n9999-12-31,5\n"


@pytest.fixture
def sparse(data_dir: Path):
    (data_dir / "sparse.csv").write_text(SPARSE)
    return create_app({"TESTING": True, "DATA_DIR": str(data_dir)}).test_client()


def spec_of(step: str, agg: str, y: str = "v"):
    return parse_spec({"x": ["t"], "y": [y], "resample": [step], "agg": [agg]},
                      {"t": "datetime", "v": "integer", "f": "float"})


def test_a_weekly_chart_of_rows_in_years_1_and_9999_is_drawn(sparse):
    # Pandas' resample built the half a million weeks between one by one: a render timeout (503).
    response = sparse.get("/plot/sparse.svg?x=t&y=v&resample=week")
    assert response.status_code == 200, response.data[:400]
    rows = sparse.get("/plot/sparse.json?x=t&y=v&resample=week").get_json()["rows"]
    assert rows == [["0001-01-01", 1.5], ["5000-05-26", 3.0], ["9999-12-27", 4.5]]


def test_resampling_a_few_rows_far_apart_holds_memory_for_the_rows_not_the_periods():
    frame = pd.DataFrame({"t": np.array(["0001-01-01", "0001-01-02", "9999-12-31"], dtype="datetime64[us]"),
                          "v": [1, 2, 3]})
    spec = spec_of("day", "mean")
    chart_frame(spec, frame)  # pandas' first-call set-up is not the resample's
    tracemalloc.start()
    try:
        rows = chart_frame(spec, frame)
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert len(rows) == 3
    assert peak < 2_000_000  # a copy of 3.6 million days would be 29 MB


def test_empty_weeks_are_zeros_for_sum_and_count_and_left_out_for_mean(sparse):
    (Path(sparse.application.config["DATA_DIR"]) / "gap.csv").write_text(
        "t,v\n2024-01-01,1\n2024-01-02,2\n2024-01-24,4\n")
    chart = "/plot/gap.json?x=t&y=v&resample=week&agg="
    assert sparse.get(chart + "sum").get_json()["rows"] == [["2024-01-01", 3], ["2024-01-08", 0],
                                                            ["2024-01-15", 0], ["2024-01-22", 4]]
    assert sparse.get(chart + "count").get_json()["rows"] == [["2024-01-01", 2], ["2024-01-08", 0],
                                                              ["2024-01-15", 0], ["2024-01-22", 1]]
    assert sparse.get(chart + "mean").get_json()["rows"] == [["2024-01-01", 1.5], ["2024-01-22", 4.0]]


def unsorted_rows_with_gaps(unit: str) -> pd.DataFrame:
    """Rows over four years before and after 1970 in no order, with gaps of months, missing values
    and a missing moment."""
    rng = np.random.default_rng(7)
    days = np.concatenate([rng.integers(-800, -700, 40), rng.integers(-30, 30, 60), rng.integers(500, 700, 40)])
    moments = (days * 86400 + rng.integers(0, 86400, len(days))).astype("datetime64[s]").astype(f"datetime64[{unit}]")
    moments[5] = np.datetime64("NaT")
    floats = rng.normal(size=len(days))
    floats[rng.random(len(days)) < 0.3] = np.nan
    return pd.DataFrame({"t": moments, "v": rng.integers(-100, 100, len(days)), "f": floats})


@pytest.mark.parametrize("unit", ["us", "ns"])
@pytest.mark.parametrize("agg", AGGREGATES)
@pytest.mark.parametrize("step", RESAMPLE_RULES)
def test_resampled_rows_are_those_pandas_resample_gives(step, agg, unit):
    frame = unsorted_rows_with_gaps(unit)
    spec = spec_of(step, agg, "v,f")
    expected = periods(frame.dropna(subset=["t"]), "t", step)[["v", "f"]].agg(agg)
    if agg != "count":
        expected = expected.dropna(how="all")
    # The same periods, values (added up in time order) and types: an integer column's minimum is
    # a float where an empty period lies between.
    pd.testing.assert_frame_equal(chart_frame(spec, frame), expected.reset_index(), check_exact=True)
