"""A median, mean, min or max of an integer column past 2**53 is exact: the middle value of an odd count
as stored, a whole mean (or mean of the middle two) to its last digit, not the double near it; a value
arithmetic made that is no whole number, or a double past 2**53 whose last digits are rounding, is
written to 15 significant digits."""
from __future__ import annotations

import re
from fractions import Fraction

import pandas as pd
import pytest

from app.export_numbers import json_rows_to_read, number_to_read, with_numbers_to_read
from plots.data import chart_frame
from plots.spec import ChartSpec
from tests.conftest import CSV_WRITE, writable_app
from tests.source_data import sources_toml, write_sqlite

# a: three integers a double holds none of (it holds 9007199254740992 and 9007199254740996 around them).
BIG = ("c,d,v\n"
       "a,2024-01-01,9007199254740993\n"
       "a,2024-01-01,9007199254740995\n"
       "a,2024-01-01,9007199254740997\n"
       "b,2024-01-02,123456789012345677\n")


@pytest.fixture
def client(data_dir):
    return writable_app(data_dir, RENDER_WORKERS=0).test_client()


def created(client, name: str, csv: str):
    answer = client.post(f"/api/datasets?name={name}", data=csv, headers=CSV_WRITE)
    assert answer.status_code == 201, answer.get_data(as_text=True)
    return client


def rows(client, name: str, query: str) -> list:
    answer = client.get(f"/plot/{name}.json?{query}")
    assert answer.status_code == 200, answer.get_data(as_text=True)
    return answer.get_json()["rows"]


@pytest.mark.parametrize("agg", ["median", "mean"])
def test_a_median_or_mean_of_integers_past_2_to_the_53_is_the_exact_value(client, agg):
    created(client, "big", BIG)
    assert rows(client, "big", f"kind=bar&x=c&y=v&agg={agg}") == [["a", 9007199254740995], ["b", 123456789012345677]]
    text = client.get(f"/plot/big.csv?kind=bar&x=c&y=v&agg={agg}").get_data(as_text=True)
    assert text.splitlines()[1:] == ["a,9007199254740995", "b,123456789012345677"]


@pytest.mark.parametrize("agg", ["median", "mean", "min", "max"])
def test_a_resampled_aggregate_of_integers_past_2_to_the_53_is_exact(client, agg):
    created(client, "big", BIG)
    exact = {"median": 9007199254740995, "mean": 9007199254740995, "min": 9007199254740993, "max": 9007199254740997}
    assert rows(client, "big", f"x=d&y=v&resample=day&agg={agg}") == [
        ["2024-01-01", exact[agg]], ["2024-01-02", 123456789012345677]]


def test_a_group_of_one_integer_has_it_as_its_mean_and_median(client):
    created(client, "one", "c,v\na,9007199254740993\nb,1\nb,2\n")
    for agg in ("mean", "median"):
        assert rows(client, "one", f"kind=bar&x=c&y=v&agg={agg}") == [["a", 9007199254740993], ["b", 1.5]]


def test_an_even_counts_median_is_exact_where_the_middle_two_have_a_whole_mean(client):
    created(client, "even", "c,v\na,9007199254740993\na,9007199254740997\nb,9007199254740993\nb,9007199254740994\n")
    # b's middle two have the mean 9007199254740993.5: no whole number, written to 15 digits.
    assert rows(client, "even", "kind=bar&x=c&y=v&agg=median") == [["a", 9007199254740995], ["b", 9007199254740990]]


@pytest.mark.parametrize("values", [("10000000000000000", "20000000000000000", "40000000000000000"),
                                    ("1e16", "2e16", "4e16")])
def test_a_mean_that_is_no_whole_number_past_2_to_the_53_is_written_to_15_digits(client, values):
    # 7e16 / 3, whose double is 23333333333333332: its last digits are rounding.
    created(client, "thirds", "c,v\n" + "".join(f"a,{v}\n" for v in values) + "b,1\n")
    assert rows(client, "thirds", "kind=bar&x=c&y=v&agg=mean") == [["a", 23333333333333300], ["b", 1]]


def test_a_chart_of_exact_integers_past_2_to_the_53_draws_and_says_them(client):
    created(client, "big", BIG)
    svg = client.get("/plot/big.svg?kind=bar&x=c&y=v&agg=median")
    assert svg.status_code == 200
    [alt] = re.findall(r"<desc[^>]*>(.*?)</desc>", svg.get_data(as_text=True), re.S)
    # Exact, as an integer column's own values are said: its last digits are no rounding.
    assert "median of v: a 9007199254740995, b 123456789012345677." in alt, alt
    assert client.get("/plot/big.png?kind=bar&x=c&y=v&agg=median").status_code == 200


def test_a_table_and_the_data_keep_exact_ints_beside_other_values():
    frame = pd.DataFrame({"c": ["a", "b", "c"],
                          "v": pd.Series([9007199254740995, 1.25, 7e16 / 3], dtype=object)})
    assert json_rows_to_read(frame, 10, ["v"]) == [["a", 9007199254740995], ["b", 1.25], ["c", 23333333333333300]]
    written = with_numbers_to_read(frame, ["v"])["v"].tolist()
    assert written == [9007199254740995, 1.25, 23333333333333300]
    assert [type(value) for value in written] == [int, float, int]


# Forty times over: more rows than the store's database is asked to group from (`pushdown_above_rows`,
# set to 10), and than bars (100), which a bar chart's rows are read as they are below.
MANY = "c,d,v\n" + "".join(BIG.splitlines(keepends=True)[1:]) * 40 + "c,2024-01-02,9007199254740993\n" * 2


@pytest.mark.parametrize("query", ["kind=bar&x=c&y=v&agg=median", "kind=bar&x=c&y=v&agg=mean",
                                   "x=d&y=v&resample=day&agg=median", "x=d&y=v&resample=day&agg=mean"])
def test_a_database_grouping_a_stored_datasets_rows_gives_the_same_exact_values(data_dir, store_url, closing, query):
    settings = {"DATABASE_URL": store_url, "RENDER_WORKERS": 0, "RENDER_CACHE_BYTES": 0}
    frame_site = closing(writable_app(data_dir, **settings))
    created(frame_site.test_client(), "many", MANY)
    asking_site = closing(writable_app(data_dir, **settings))
    asking_site.extensions["svgplots"].store.database.pushdown_above_rows = 10
    ours, theirs = (rows(site.test_client(), "many", query) for site in (asking_site, frame_site))
    assert ours == theirs
    assert 9007199254740995 in [value for _, value in ours] or ours[0][1] == 9007199254740995, ours


@pytest.mark.parametrize(("agg", "exact"), [("min", 9007199254740993), ("max", 9007199254740997),
                                             ("median", 9007199254740995)])
def test_a_min_or_max_of_a_zones_days_with_an_empty_day_between_stays_exact(agg, exact):
    # Days of a zone are grouped with every day between (empty ones too), whose NaN made a min or max
    # a double: 9007199254740996 for either.
    moments = pd.to_datetime(["2024-01-01T10:00", "2024-01-01T11:00", "2024-01-01T12:00", "2024-01-03T10:00"])
    frame = pd.DataFrame({"d": moments.tz_localize("Europe/Berlin"),
                          "v": [9007199254740993, 9007199254740995, 9007199254740997, 5]})
    drawn = chart_frame(ChartSpec(x="d", y=("v",), resample="day", agg=agg), frame)
    assert drawn["v"].tolist() == [exact, 5]


# Months with one between that holds no row: the empty month made a min or max a double, as pandas'
# resample makes one (9007199254740992 for January's 9007199254740993), for a stored dataset and a
# source alike.
GAP = {"d": ["2024-01-05", "2024-01-06", "2024-03-05"], "v": [9007199254740993, 9007199254740995, 9007199254740997]}


@pytest.mark.parametrize(("agg", "exact"), [("min", [9007199254740993, 9007199254740997]),
                                             ("max", [9007199254740995, 9007199254740997])])
@pytest.mark.parametrize("where", ["stored", "source"])
def test_a_min_or_max_of_periods_with_an_empty_one_between_stays_exact(tmp_path, data_dir, closing, where, agg, exact):
    if where == "stored":
        site = writable_app(data_dir, RENDER_WORKERS=0)
        created(site.test_client(), "gap", "d,v\n" + "".join(f"{d},{v}\n" for d, v in zip(*GAP.values())))
    else:
        frame = pd.DataFrame(GAP).assign(d=lambda f: pd.to_datetime(f["d"]))
        table = write_sqlite(tmp_path / "gap.db", {"gap": frame})
        sources = sources_toml(tmp_path / "sources.toml", {"shop": {"url": table}},
                               {"gap": {"source": "shop", "table": "gap"}})
        site = closing(writable_app(data_dir, SOURCES=str(sources), RENDER_WORKERS=0))
    client = site.test_client()
    assert rows(client, "gap", f"x=d&y=v&resample=month&agg={agg}") == [["2024-01-01", exact[0]], ["2024-03-01", exact[1]]]
    lines = client.get(f"/plot/gap.csv?x=d&y=v&resample=month&agg={agg}").get_data(as_text=True).splitlines()
    assert lines[1:] == [f"2024-01-01,{exact[0]}", f"2024-03-01,{exact[1]}"]


# Two middle values whose sum is odd and past 2**60: PostgreSQL's numeric mean of them was rounded to
# a whole number (1000000000000000002 for a), where their exact mean is no whole number, whose
# nearest double a frame gives, written to 15 digits, whole; below zero, and of either sign. d's middle
# two have a whole mean, which no double holds.
MIDDLES = {"a": (10**18 + 1, 10**18 + 2), "b": (-(10**18) - 1, -(10**18) - 2),
           "c": (-(10**18) - 1, 2**62 + 2), "d": (-(10**18) - 1, -(10**18) - 3)}
HALVES = "c,d,v\n" + "".join(f"{c},2024-01-0{1 + i},{v}\n" for i, (c, pair) in enumerate(MIDDLES.items())
                             for v in pair) * 60


@pytest.mark.parametrize("query", ["kind=bar&x=c&y=v&agg=median", "x=d&y=v&resample=day&agg=median"])
def test_a_median_of_two_middles_with_an_odd_sum_past_2_to_the_53_is_their_exact_mean_to_15_digits(
        data_dir, store_url, closing, query):
    settings = {"DATABASE_URL": store_url, "RENDER_WORKERS": 0, "RENDER_CACHE_BYTES": 0}
    frame_site = closing(writable_app(data_dir, **settings))
    created(frame_site.test_client(), "halves", HALVES)
    asking_site = closing(writable_app(data_dir, **settings))
    asking_site.extensions["svgplots"].store.database.pushdown_above_rows = 10
    means = [Fraction(sum(pair), 2) for pair in MIDDLES.values()]
    exact = [10**18, -(10**18), 1805843009213690000, -(10**18) - 2]
    assert [number_to_read(float(m)) for m in means[:3]] == [float(n) for n in exact[:3]] and means[3] == exact[3]
    for site in (asking_site, frame_site):
        assert [value for _, value in rows(site.test_client(), "halves", query)] == exact


# Two values whose mean (their median too) is no whole number: h's near 2**63, whose 15 digits no
# double holds (the one nearest 9223372036854780000 is 9223372036854779904), t's near 10**18, whose 15
# digits one does. Either is written whole, to 15 digits, by a file's, a stored dataset's and a source's
# chart; sixty times over, so that a database groups them (more rows than bars, and than
# `pushdown_above_rows`, set to 10).
NEAR_TOP = {"h": (2**63 - 2, 2**63 - 1), "t": (10**18 + 1, 10**18 + 2)}
NEAR_TOP_ROWS = [(c, f"2024-01-0{1 + i}", v) for i, (c, pair) in enumerate(NEAR_TOP.items()) for v in pair] * 60
NEAR_TOP_CSV = "c,d,v\n" + "".join(f"{c},{d},{v}\n" for c, d, v in NEAR_TOP_ROWS)
NEAR_TOP_FRAME = pd.DataFrame(NEAR_TOP_ROWS, columns=["c", "d", "v"]).assign(d=lambda f: pd.to_datetime(f["d"]))
NEAR_TOP_WRITTEN = [9223372036854780000, 1000000000000000000]
NEAR_TOP_QUERIES = [f"{chart}&y=v&agg={agg}" for chart in ("kind=bar&x=c", "x=d&resample=day")
                    for agg in ("mean", "median")]


def assert_near_top_written_whole(client, query: str) -> None:
    """The chart `query` of dataset `top` (NEAR_TOP_ROWS) writes its values NEAR_TOP_WRITTEN, in its
    .csv and its .json alike."""
    lines = client.get(f"/plot/top.csv?{query}").get_data(as_text=True).splitlines()
    assert [line.split(",")[1] for line in lines[1:]] == [str(n) for n in NEAR_TOP_WRITTEN]
    assert [value for _, value in rows(client, "top", query)] == NEAR_TOP_WRITTEN


@pytest.mark.parametrize("query", NEAR_TOP_QUERIES)
@pytest.mark.parametrize("where", ["file", "source"])
def test_a_files_or_sources_mean_near_2_to_the_63_that_is_no_whole_number_is_written_whole(
        tmp_path, data_dir, closing, where, query):
    if where == "file":
        (data_dir / "top.csv").write_text(NEAR_TOP_CSV)
        site = writable_app(data_dir, RENDER_WORKERS=0)
    else:
        table = write_sqlite(tmp_path / "top.db", {"top": NEAR_TOP_FRAME})
        sources = sources_toml(tmp_path / "sources.toml", {"shop": {"url": table}},
                               {"top": {"source": "shop", "table": "top"}})
        site = closing(writable_app(data_dir, SOURCES=str(sources), RENDER_WORKERS=0))
    assert_near_top_written_whole(site.test_client(), query)


@pytest.mark.parametrize("query", NEAR_TOP_QUERIES)
def test_a_stored_datasets_mean_near_2_to_the_63_that_is_no_whole_number_is_written_whole(
        data_dir, store_url, closing, query):
    site = closing(writable_app(data_dir, DATABASE_URL=store_url, RENDER_WORKERS=0, RENDER_CACHE_BYTES=0))
    created(site.test_client(), "top", NEAR_TOP_CSV)
    for pushdown_above_rows in (10, 10**6):
        site.extensions["svgplots"].store.database.pushdown_above_rows = pushdown_above_rows
        assert_near_top_written_whole(site.test_client(), query)


def test_a_table_and_the_data_write_a_double_near_2_to_the_63_whole_beside_exact_ints():
    # An exact median beside a mean that is no whole number, the double 2**63: to 15 digits, whole.
    frame = pd.DataFrame({"c": ["a", "b"], "v": pd.Series([2**63 - 1, (2**63 - 2 + 2**63 - 1) / 2], dtype=object)})
    assert json_rows_to_read(frame, 10, ["v"]) == [["a", 2**63 - 1], ["b", 9223372036854780000]]
    assert with_numbers_to_read(frame, ["v"])["v"].tolist() == [2**63 - 1, 9223372036854780000]
