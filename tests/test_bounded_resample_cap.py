"""A bounded resampled line's data of no more periods within its bounds than a chart may draw is answered on
every path: a big stored dataset's counted the periods either side of the bounds too, and refused 39 periods
within them as 42 values past a cap of 40, where every other path answered them. One of more periods within
its bounds is refused in the same words on every path, counting those within them: a big stored dataset's
said 42 values where the others said 39."""
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
    answered_alike(postgres_url, tmp_path, f"/plot/t.json?x=t&y=reading&resample=day&agg={agg}&{bounds}", cap)


@pytest.mark.parametrize("agg", ["mean", "sum"])
@pytest.mark.parametrize(("bounds", "cap"), [("xmin=2024-01-11T12:00&xmax=2024-02-19T12:00", 38),
                                              ("xmin=2024-01-11T12:00&xmax=2024-02-19T12:00", 30),
                                              ("xmin=2024-01-11T12:00", 30),
                                              ("xmax=2024-02-19T12:00", 30),
                                              ("xmin=2023-12-20T12:00&xmax=2024-01-20T12:00", 10),
                                              ("xmin=2024-03-20T12:00&xmax=2024-05-20T12:00", 10)])
@pytest.mark.parametrize("extension", ["json", "svg"])
def test_a_bounded_resampled_line_of_too_many_periods_within_its_bounds_is_refused_counting_them_on_every_path(
        postgres_url, tmp_path, agg, bounds, cap, extension):
    answered_alike(postgres_url, tmp_path, f"/plot/t.{extension}?x=t&y=reading&resample=day&agg={agg}&{bounds}",
                   cap, refused=True)


def answered_alike(postgres_url: str, tmp_path, url: str, cap: int, refused: bool = False) -> None:
    """`url` answered on every path as in the data folder, the chart drawing at most `cap` values: refused (a 422)
    in the same words where `refused`, else its data of the same periods."""
    with path_clients(postgres_url, tmp_path, HOURLY, HOURLY.to_csv(index=False), EVERY_PATH,
                      settings={"RENDER_CACHE_BYTES": 0, "LIMITS": Limits(max_points=cap)}) as made:
        expected = made["data folder"].get(url)
        assert expected.status_code == (422 if refused else 200), expected.get_data(as_text=True)[:400]
        for path in EVERY_PATH:
            answer = made[path].get(url)
            assert answer.status_code == expected.status_code, (path, answer.get_data(as_text=True)[:400])
            if refused:  # in the same words, an image's as its data's
                assert answer.get_data(as_text=True) == expected.get_data(as_text=True), path
            else:  # the same periods (a mean's last digit may be another's)
                ours, theirs = answer.get_json()["rows"], expected.get_json()["rows"]
                assert [row[0] for row in ours] == [row[0] for row in theirs], path
                assert [row[1] for row in ours] == pytest.approx([row[1] for row in theirs], rel=1e-12), path
