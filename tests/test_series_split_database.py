"""A line, bars and series of a source's and a big stored dataset's chart split by a text column
(`series=region`) computed by its database, a column per series: a line thinned per pixel column and
series, bars and values capped, the series found once a version in one statement, and what it draws the
same as the small stored dataset's and the data folder's."""
from __future__ import annotations

from collections.abc import Iterator

import numpy as np
import pandas as pd
import pytest

from tests.conftest import WRITE_TOKEN, described
from tests.source_data import BIG_STORES, path_clients
from tests.statements import rows_reads, statements_run
from tests.test_series_split import EVERY_PATH, long_frame


@pytest.fixture(scope="module")
def sensors(postgres_url: str, tmp_path_factory) -> Iterator[dict]:
    """A test client of each source's and big store's site, its dataset `t` a log of 3 sensors, a reading
    a minute each for 10 days (43,200 rows, appended in time order)."""
    minutes = pd.date_range("2024-01-01", periods=14_400, freq="min")
    rng = np.random.default_rng(8)
    frame = pd.DataFrame({"t": np.repeat(minutes, 3), "sensor": ["a", "b", "c"] * len(minutes),
                          "reading": np.round(np.cumsum(rng.normal(0, 1, 3 * len(minutes))), 2)})
    with path_clients(postgres_url, tmp_path_factory.mktemp("sensors"), frame, frame.to_csv(index=False),
                      ("data folder", "sqlite source", "postgresql source", *BIG_STORES),
                      settings={"RENDER_CACHE_BYTES": 0}) as made:
        yield made


def test_a_big_split_line_is_thinned_per_pixel_column_and_series_by_the_database(sensors):
    for path in ("sqlite source", "postgresql source"):
        with statements_run() as run:
            answer = sensors[path].get("/plot/t.svg?x=t&y=reading&series=sensor&width=200")
        assert answer.status_code == 200, answer.get_data(as_text=True)
        words = described(answer.data)
        assert words.startswith("Line chart of reading by sensor (a, b, c) by t, "), words
        # No statement reads every row: the M4 of each series per pixel column, the rows of the x it keeps,
        # or a count.
        reads = [statement for statement in run if "AS split" in statement]
        whole = [statement for statement in reads
                 if not any(part in statement for part in ("svgplots_m4", "= any(", "count(*)", "min(split.t)"))]
        assert reads and not whole, "\n\n".join(whole)
    assert (sensors["sqlite source"].get("/plot/t.svg?x=t&y=reading&series=sensor&width=200").data
            == sensors["postgresql source"].get("/plot/t.svg?x=t&y=reading&series=sensor&width=200").data)


def test_a_split_bar_chart_s_categories_are_capped_by_the_database(sensors):
    for path in ("sqlite source", "postgresql source", "data folder"):
        answer = sensors[path].get("/plot/t.json?x=t&y=reading&series=sensor&kind=bar")
        assert answer.status_code == 422, answer.get_data(as_text=True)
        assert "a bar chart may show at most 100 categories" in answer.get_json()["error"]


def test_a_source_s_values_past_the_cap_are_found_by_its_database(tmp_path, postgres_url):
    names = [f"s{n:02d}" for n in range(27)]
    frame = pd.DataFrame({"day": np.repeat(pd.date_range("2024-01-01", periods=2), len(names) + 1),
                          "region": [*reversed(names), None] * 2, "sales": range(2 * (len(names) + 1))})
    paths = ("data folder", "sqlite source", "postgresql source")
    with path_clients(postgres_url, tmp_path, frame, frame.to_csv(index=False), paths) as made:
        drawn = {path: made[path].get("/plot/t.svg?x=day&y=sales&series=region") for path in paths}
    words = described(drawn["data folder"].data)
    assert ("7 more values of region are not drawn, as at most 20 series are: s20, s21, s22, s23, s24 and 2 more; "
            "choose the values to draw with filter.region") in words, words
    assert "2 rows have no region and are in no series" in words, words
    assert all(answer.data == drawn["data folder"].data for answer in drawn.values()), {
        path: described(answer.data) for path, answer in drawn.items()}


@pytest.mark.parametrize("query", ["", "&kind=area", "&kind=area&stack=stacked", "&xmin=2024-01-03&xmax=2024-01-07T12:00",
                                   "&filter.sensor=a&filter.sensor=c", "&from=2024-01-05"])


def test_a_big_stored_split_line_is_thinned_per_pixel_column_and_series_by_its_database(sensors, query):
    chart = f"/plot/t.svg?x=t&y=reading&series=sensor&width=200{query}"
    expected = sensors["sqlite source"].get(chart)
    assert expected.status_code == 200, expected.get_data(as_text=True)
    for path in BIG_STORES:
        with statements_run() as run:
            answer = sensors[path].get(chart)
        assert answer.data == expected.data, (path, described(answer.data), described(expected.data))
        # The readings read only as a column per series, of the rows M4 keeps: never every row as it is.
        reads = rows_reads(run)
        assert any("CASE WHEN" in statement for statement in reads), reads
        assert not [statement for statement in reads if " AS reading" in statement], reads


@pytest.mark.parametrize("most, drawn", [(6_500, True), (5_500, False)])
def test_a_split_line_s_values_are_counted_as_its_wide_table_s_on_every_path(postgres_url, tmp_path, most, drawn):
    from plots import Limits
    # 3 sensors reading each minute: 6,000 rows, a wide table of 2,000 rows of 3 columns, 6,000 values.
    minutes = pd.date_range("2024-01-01", periods=2_000, freq="min")
    frame = pd.DataFrame({"t": np.repeat(minutes, 3), "sensor": ["a", "b", "c"] * len(minutes),
                          "reading": np.arange(6_000.0)})
    with path_clients(postgres_url, tmp_path, frame, frame.to_csv(index=False), EVERY_PATH,
                      settings={"RENDER_CACHE_BYTES": 0, "LIMITS": Limits(max_points=most)}) as made:
        answers = {path: made[path].get("/plot/t.json?x=t&y=reading&series=sensor") for path in EVERY_PATH}
        # A source's line thinned by its database is drawn whatever its rows (its data is capped alone).
        stored = [path for path in EVERY_PATH if not path.endswith("source")]
        images = {path: made[path].get("/plot/t.svg?x=t&y=reading&series=sensor&width=200") for path in stored}
    assert {path: image.status_code for path, image in images.items()} == dict.fromkeys(stored, 200 if drawn else 422)
    for path, answer in answers.items():
        if drawn:
            assert answer.status_code == 200 and len(answer.get_json()["rows"]) == 2_000, (path, answer.get_json())
        else:
            assert answer.status_code == 422, (path, answer.get_json())
            assert answer.get_json()["error"].startswith(
                "this chart would draw 6,000 values and at most 5,500 are allowed"), (path, answer.get_json())


@pytest.mark.parametrize("order", ["in time", "shuffled"])
def test_a_big_stored_split_line_of_whole_numbers_draws_as_a_source_s_in_any_row_order(postgres_url, tmp_path, order):
    # Whole numbers held beside the NULLs of the other series' rows; rows appended out of time order are
    # thinned from every row of the chart's columns (SQLite's thinning over row ids needs x in row order).
    minutes = pd.date_range("2024-01-01", periods=3_000, freq="min")
    rng = np.random.default_rng(9)
    frame = pd.DataFrame({"t": np.repeat(minutes, 3), "sensor": ["a", "b", "c"] * len(minutes),
                          "reading": np.cumsum(rng.integers(-5, 6, 9_000))})
    if order == "shuffled":
        frame = frame.sample(frac=1, random_state=3).reset_index(drop=True)
    paths = ("sqlite source", *BIG_STORES)
    with path_clients(postgres_url, tmp_path, frame, frame.to_csv(index=False), paths,
                      settings={"RENDER_CACHE_BYTES": 0}) as made:
        drawn = {path: made[path].get("/plot/t.svg?x=t&y=reading&series=sensor&width=200") for path in paths}
        rows = {path: made[path].get("/plot/t.csv?x=t&y=reading&series=sensor&xmax=2024-01-01T00:10").data
                for path in paths}
    assert all(answer.status_code == 200 for answer in drawn.values()), {p: a.status_code for p, a in drawn.items()}
    assert all(answer.data == drawn["sqlite source"].data for answer in drawn.values()), {
        path: described(answer.data) for path, answer in drawn.items()}
    assert all(data == rows["sqlite source"] for data in rows.values()), rows
    assert b".0" not in rows["sqlite source"], rows


def test_a_big_stored_split_of_values_holding_line_breaks_draws_as_the_small_one_s(tmp_path):
    # A value with a line feed is compared as read (with line feeds), one without as stored.
    frame = pd.DataFrame({"day": pd.date_range("2024-01-01", periods=30).repeat(2),
                          "region": ["North\nside", "South"] * 30, "sales": range(60)})
    paths = ("sqlite store", "sqlite big store")
    with path_clients("", tmp_path, frame, frame.to_csv(index=False), paths, settings={"RENDER_CACHE_BYTES": 0}) as made:
        drawn = {path: made[path].get("/plot/t.svg?x=day&y=sales&series=region").data for path in paths}
        rows = {path: made[path].get("/plot/t.json?x=day&y=sales&series=region").get_json() for path in paths}
    assert rows["sqlite big store"]["columns"] == ["day", "North\nside", "South"], rows["sqlite big store"]
    assert rows["sqlite big store"]["rows"] == rows["sqlite store"]["rows"]
    assert drawn["sqlite big store"] == drawn["sqlite store"], described(drawn["sqlite big store"])


def test_a_big_stored_split_names_a_series_without_rows_within_the_x_bounds_as_the_small_one_does(postgres_url, tmp_path):
    # "Late" has rows after the bounds alone: the series are those of the rows chosen, whatever the bounds.
    frame = pd.DataFrame({"day": pd.date_range("2024-01-01", periods=40).repeat(2),
                          "region": ["East"] * 60 + ["Late", "East"] * 10, "sales": range(80)})
    paths = ("sqlite store", "sqlite big store", "postgresql big store")
    chart = "/plot/t.svg?x=day&y=sales&series=region&xmin=2024-01-05&xmax=2024-01-20"
    with path_clients(postgres_url, tmp_path, frame, frame.to_csv(index=False), paths, settings={"RENDER_CACHE_BYTES": 0}) as made:
        drawn = {path: made[path].get(chart).data for path in paths}
    assert "Late" in described(drawn["sqlite store"]), described(drawn["sqlite store"])
    for path in paths[1:]:
        assert drawn[path] == drawn["sqlite store"], (path, described(drawn[path]))


def finding_series(run: list[str]) -> list[str]:
    """The statements of `run` finding a split's series: the series column's values grouped, no column per series."""
    return [statement for statement in run if "GROUP BY" in statement and "CASE WHEN" not in statement]


def test_a_second_split_chart_of_another_x_window_finds_no_series_until_an_append(postgres_url, tmp_path):
    # The series are those of every row the range and filters choose, whatever the x bounds: found once
    # a data version, then kept for each window of it; an append is a new version, whose series are found again.
    frame = long_frame()
    paths = ("sqlite source", *BIG_STORES)
    chart = "/plot/t.svg?x=day&y=sales&series=region&xmin={}&xmax={}"
    with path_clients(postgres_url, tmp_path, frame, frame.to_csv(index=False), paths,
                      settings={"RENDER_CACHE_BYTES": 0}) as made:
        for path in paths:
            with statements_run() as first:
                assert made[path].get(chart.format("2024-01-05", "2024-01-20")).status_code == 200
            assert finding_series(first), (path, first)
            with statements_run() as second:
                answer = made[path].get(chart.format("2024-02-01", "2024-02-10"))
            assert answer.status_code == 200
            assert not finding_series(second), (path, finding_series(second))
            assert "sales by region (East, North, South, West)" in described(answer.data)
        for path in BIG_STORES:
            appended = made[path].post("/api/datasets/t/rows", json=[{"day": "2024-03-01", "region": "Zeta", "sales": 1}],
                                       headers={"Authorization": f"Bearer {WRITE_TOKEN}"})
            assert appended.status_code in (200, 201), appended.get_data(as_text=True)
            with statements_run() as again:
                answer = made[path].get(chart.format("2024-02-01", "2024-02-10"))
            assert answer.status_code == 200
            assert finding_series(again), path
            assert "sales by region (East, North, South, West, Zeta)" in described(answer.data), described(answer.data)


def test_a_split_s_series_and_its_rows_of_no_value_are_found_in_one_statement(postgres_url, tmp_path):
    # One pass over the rows chosen: the values grouped with a count each, a blank one's and a missing one's
    # counted as rows of no value, where a second statement counted those again.
    frame = long_frame()
    frame.loc[[3, 7, 11], "region"] = [None, " ", "\t"]
    paths = ("sqlite source", "postgresql source", *BIG_STORES)
    with path_clients(postgres_url, tmp_path, frame, frame.to_csv(index=False), paths,
                      settings={"RENDER_CACHE_BYTES": 0}) as made:
        for path in paths:
            assert made[path].get("/plot/t.json?x=day&y=sales").status_code == 200  # the dataset described
            with statements_run() as run:
                answer = made[path].get("/plot/t.svg?x=day&y=sales&series=region")
            assert answer.status_code == 200
            # Each statement telling a blank value from a value: the series' own, no other.
            blank_tests = [statement for statement in run if "trim(" in statement]
            assert len(blank_tests) == 1, (path, blank_tests)
            assert "3 rows have no region and are in no series" in described(answer.data), (path, described(answer.data))
