"""A percentile as an aggregate, `agg=p95` (p1 to p99): each period's or category's values interpolated
between the two closest ranks, as numpy's default quantile takes it, named in words `95th percentile of
latency_ms`; p50 is the median, and anything else `agg` does not take is a 400 saying what it takes."""
from __future__ import annotations

import re

import numpy as np
import pandas as pd
import pytest

from plots import parse_spec
from plots.data import chart_frame
from plots.percentiles import interpolated
from tests.conftest import created, dashboard_site, writable_app

# Two days of request latencies (one value missing), and three endpoints of unequal counts.
DAYS = ["2024-05-01"] * 21 + ["2024-05-02"] * 6
LATENCY = [float(v) for v in (np.arange(21) ** 1.5).round(2)] + [12.5, 3.0, None, 40.25, 7.0, 7.0]
ENDPOINTS = (["/a"] * 9 + ["/b"] * 12 + ["/c"] * 6)
CSV = "time,endpoint,latency_ms,bytes\n" + "".join(
    f"{d},{e},{'' if v is None else v},{9007199254740993 + 2 * i}\n"
    for i, (d, e, v) in enumerate(zip(DAYS, ENDPOINTS, LATENCY)))
FRAME = pd.DataFrame({"time": pd.to_datetime(DAYS), "endpoint": ENDPOINTS, "latency_ms": LATENCY,
                      "bytes": [9007199254740993 + 2 * i for i in range(len(DAYS))]})


@pytest.fixture
def client(data_dir):
    made = writable_app(data_dir, RENDER_WORKERS=0).test_client()
    created(made, "latency", CSV)
    return made


def rows(client, query: str) -> list:
    answer = client.get(f"/plot/latency.json?{query}")
    assert answer.status_code == 200, answer.get_data(as_text=True)
    return answer.get_json()["rows"]


@pytest.mark.parametrize("k", [1, 50, 90, 95, 99])
def test_a_percentile_of_each_day_is_numpys_default_quantile(client, k):
    expected = FRAME.dropna(subset=["latency_ms"]).groupby(FRAME["time"].dt.strftime("%Y-%m-%d"))["latency_ms"]
    got = rows(client, f"x=time&y=latency_ms&resample=day&agg=p{k}")
    assert [day[:10] for day, _ in got] == list(expected.groups)
    assert [v for _, v in got] == pytest.approx([np.quantile(values, k / 100) for _, values in expected], rel=1e-14)


def test_a_percentile_of_each_bar_is_numpys_default_quantile(client):
    got = dict(rows(client, "kind=bar&x=endpoint&y=latency_ms&agg=p95"))
    expected = {name: np.quantile(values.dropna(), 0.95) for name, values in FRAME.groupby("endpoint")["latency_ms"]}
    assert got == pytest.approx(expected, rel=1e-14)


@pytest.mark.parametrize("query", ["x=time&y=latency_ms,bytes&resample=day", "kind=bar&x=endpoint&y=latency_ms,bytes"])
def test_p50_is_the_median(client, query):
    assert rows(client, f"{query}&agg=p50") == rows(client, f"{query}&agg=median")


def test_a_percentile_of_integers_past_2_to_the_53_is_exact(client):
    # /c's six values 9007199254740993 + 2 * (21 … 26): the 90th lies half way from its 5th to its 6th
    # ((6 - 1) * 0.9 = 4.5), the 80th on its 5th, the 85th a quarter of the way on (4.25).
    base = 9007199254740993
    by_endpoint = {k: dict(rows(client, f"kind=bar&x=endpoint&y=bytes&agg=p{k}"))["/c"] for k in (80, 90, 85)}
    assert by_endpoint[80] == base + 2 * 25 and isinstance(by_endpoint[80], int)
    assert by_endpoint[90] == base + 2 * 25 + 1 and isinstance(by_endpoint[90], int)
    # Not whole: arithmetic's, written to 15 significant digits as a mean's are.
    assert by_endpoint[85] == float(f"{base + 2 * 25 + 0.5:.15g}")


def test_a_percentile_between_values_further_apart_than_the_largest_double_is_finite():
    assert interpolated([-1.7e308], [1.7e308], [2], 95, integer=False) == pytest.approx([1.53e308], rel=1e-15)
    assert interpolated([-1.7e308], [1.7e308], [2], 50, integer=False) == [0.0]
    assert np.isnan(interpolated([None], [None], [0], 95, integer=False)[0])  # a group without values has none


@pytest.mark.parametrize("agg", ["p100", "p0", "p95.5", "p05", "p", "95", "percentile"])
def test_an_agg_it_does_not_take_is_a_400_naming_what_it_takes(client, agg):
    answer = client.get(f"/plot/latency.json?x=time&y=latency_ms&resample=day&agg={agg}")
    assert answer.status_code == 400
    assert (f"agg must be one of mean, sum, min, max, median, count, or a percentile from p1 to p99 "
            f"(p90, p95, p99 …); got '{agg}'") in answer.get_json()["error"]


def test_a_percentile_is_named_in_words_on_the_axis_the_alt_text_and_the_data(client):
    body = client.get("/plot/latency.json?x=time&y=latency_ms&resample=day&agg=p95").get_json()
    assert body["columns"] == ["time", "95th percentile of latency_ms"]
    assert client.get("/plot/latency.csv?kind=bar&x=endpoint&y=latency_ms&agg=p99").get_data(
        as_text=True).splitlines()[0] == "endpoint,99th percentile of latency_ms"
    svg = client.get("/plot/latency.svg?x=time&y=latency_ms&resample=day&agg=p95").get_data(as_text=True)
    assert "last value: 95th percentile of latency_ms" in re.search(r"<desc[^>]*>(.*?)</desc>", svg, re.S)[1]
    assert ">95th percentile of latency_ms</text>" in svg.split("</desc>", 1)[1]  # the value axis' title
    both = client.get("/plot/latency.json?x=time&y=latency_ms,bytes&resample=day&agg=p1").get_json()
    assert both["columns"] == ["time", "1st percentile of latency_ms", "1st percentile of bytes"]


def test_a_rolling_mean_of_daily_percentiles_names_them(client):
    body = client.get("/plot/latency.json?x=time&y=latency_ms&resample=day&agg=p95&rolling=2").get_json()
    assert body["columns"] == ["time", "2-day mean of daily 95th percentiles of latency_ms"]
    answer = client.get("/plot/latency.json?x=time&y=latency_ms&resample=day&agg=p95&cumulative=true")
    assert answer.status_code == 400
    assert "a running total of daily 95th percentiles adds up 95th percentiles" in answer.get_json()["error"]


def test_a_percentile_over_a_split_is_each_series_own(client):
    body = client.get("/plot/latency.json?x=time&y=latency_ms&series=endpoint&resample=day&agg=p95").get_json()
    day = FRAME[FRAME["time"] == pd.Timestamp("2024-05-01")]
    expected = [np.quantile(day[day["endpoint"] == e]["latency_ms"].dropna(), 0.95) for e in ("/a", "/b")]
    assert body["rows"][0][1:3] == pytest.approx(expected, rel=1e-14)


BOARD = '[[charts]]\nid = "slow"\ndataset = "latency"\nx = "time"\ny = "latency_ms"\nresample = "day"\nagg = "p95"\n'


def agg_options(page: str) -> tuple[list[str], list[str]]:
    """The options of a chart page's Agg select, and those chosen."""
    select = re.search(r'<select name="agg".*?</select>', page, re.S)[0]
    return re.findall(r'<option value="([^"]+)"', select), re.findall(r'<option value="([^"]+)" selected', select)


def test_a_dashboard_chart_takes_a_percentile(tmp_path):
    site = dashboard_site(tmp_path, {"latency.csv": CSV}, BOARD).test_client()
    assert site.get("/d/m").status_code == 200
    assert site.get("/d/m/slow.json").get_json()["columns"] == ["time", "95th percentile of latency_ms"]
    assert site.get("/d/m/slow.json?agg=p99").get_json()["columns"] == ["time", "99th percentile of latency_ms"]


def test_the_chart_forms_agg_offers_p90_p95_and_p99_and_shows_another_asked(tmp_path):
    site = dashboard_site(tmp_path, {"latency.csv": CSV}, BOARD).test_client()
    offered, chosen = agg_options(site.get("/d/m/slow").get_data(as_text=True))
    assert offered == ["mean", "sum", "min", "max", "median", "count", "p90", "p95", "p99"] and chosen == ["p95"]
    offered, chosen = agg_options(site.get("/d/m/slow?agg=p75").get_data(as_text=True))
    assert offered[-1] == "p75" and chosen == ["p75"]


def test_openapi_lists_the_percentiles_agg_takes(client):
    described = client.get("/api/openapi.json").get_data(as_text=True)
    assert "p1 to p99" in described


def test_chart_frame_takes_a_percentile():
    spec = parse_spec({"x": ["endpoint"], "y": ["latency_ms"], "kind": ["bar"], "agg": ["p90"]},
                      {"time": "datetime", "endpoint": "text", "latency_ms": "float", "bytes": "integer"})
    made = chart_frame(spec, FRAME)
    assert made["latency_ms"].tolist() == pytest.approx(
        [np.quantile(v.dropna(), 0.9) for _, v in FRAME.groupby("endpoint")["latency_ms"]], rel=1e-14)
