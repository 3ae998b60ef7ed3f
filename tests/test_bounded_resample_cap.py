"""A bounded resampled line's data of no more periods within its bounds than a chart may draw is answered on
every path: a big stored dataset's counted the periods either side of the bounds too, and refused 39 periods
within them as 42 values past a cap of 40, where every other path answered them."""
from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from plots import Limits
from tests.source_data import BIG_STORES, PATHS, path_clients

EVERY_PATH = (*PATHS, *BIG_STORES)
# 100 days of hourly readings.
HOURLY = pd.DataFrame({"t": pd.date_range("2024-01-01", periods=2400, freq="h"),
                       "reading": np.sin(np.arange(2400) / 30.0)})


@pytest.mark.parametrize("agg", ["mean", "sum"])
@pytest.mark.parametrize(("bounds", "cap"), [("xmin=2024-01-11T12:00&xmax=2024-02-19T12:00", 40),
                                              ("xmin=2024-01-11T12:00&xmax=2024-02-19T12:00", 39),
                                              ("xmin=2024-01-11&xmax=2024-02-19", 40),
                                              ("xmin=2024-01-11T12:00&xmax=2024-02-28T12:00", 48)])
def test_a_bounded_resampled_line_s_data_of_few_enough_periods_within_its_bounds_is_answered_on_every_path(
        postgres_url, tmp_path, agg, bounds, cap):
    frame = HOURLY
    url = f"/plot/t.json?x=t&y=reading&resample=day&agg={agg}&{bounds}"
    with path_clients(postgres_url, tmp_path, frame, frame.to_csv(index=False), EVERY_PATH,
                      settings={"RENDER_CACHE_BYTES": 0, "LIMITS": Limits(max_points=cap)}) as made:
        expected = made["data folder"].get(url)
        for path in EVERY_PATH:
            answer = made[path].get(url)
            assert (answer.status_code, answer.get_json().get("error")) == (
                expected.status_code, expected.get_json().get("error")), (path, answer.get_data(as_text=True)[:400])
            if answer.status_code == 200:  # the same periods (a mean's last digit may be another's)
                ours, theirs = answer.get_json()["rows"], expected.get_json()["rows"]
                assert [row[0] for row in ours] == [row[0] for row in theirs], path
                assert [row[1] for row in ours] == pytest.approx([row[1] for row in theirs], rel=1e-12), path
