"""A chart split by a text column (`series=region`) is drawn, worded and written out alike on every path:
the frames read whole (a data-folder CSV, a small stored dataset) and the databases that chart it (a
source, a big stored dataset), where they differed in what a bar chart groups, what a rolling mean
counts, rows without a y, a bounded histogram's rows and the rows a line runs on to beyond its bounds."""
from __future__ import annotations

import re

import numpy as np
import pandas as pd
import pytest

from plots import Limits
from tests.conftest import described
from tests.source_data import BIG_STORES, PATHS, path_clients
from tests.test_series_split_counts import BOUNDED_SPLITS
from tests.test_series_split import drawing

EVERY_PATH = (*PATHS, *BIG_STORES)


def sales(days: int, again: bool = False) -> pd.DataFrame:
    """Sales of West and East on `days` days, each region's once a day, and East's a second time on the
    first day where `again`."""
    moments = pd.date_range("2024-01-01", periods=days, freq="D")
    rows = [(day, region, 10 * n + i) for n, day in enumerate(moments) for i, region in enumerate(["West", "East"])]
    return pd.DataFrame(rows + ([(moments[0], "East", 99)] if again else []), columns=["day", "region", "sales"])


def same_on_every_path(made: dict, urls: list[str]) -> None:
    """Each of `urls` answers on every path as on the data folder's: its status, words, drawing and data."""
    for url in urls:
        expected = made["data folder"].get(url)
        for path in EVERY_PATH:
            answer = made[path].get(url)
            assert answer.status_code == expected.status_code, (path, url, answer.get_data(as_text=True)[:300])
            if url.startswith("/plot/t.svg") and answer.status_code == 200:
                assert described(answer.data) == described(expected.data), (path, url)
                assert drawing(answer.data) == drawing(expected.data), (path, url)
            elif url.startswith("/plot/t.json") and answer.status_code == 200:  # its version is the path's own
                rows = answer.get_json()
                assert (rows["columns"], rows["rows"]) == (expected.get_json()["columns"],
                                                           expected.get_json()["rows"]), (path, url)
            else:
                assert answer.data == expected.data, (path, url)


@pytest.mark.parametrize("kind", ["bar", "barh"])
@pytest.mark.parametrize(("days", "again", "said"), [
    (4, False, ", 4 rows, "), (4, True, ", 4 categories, "), (5, False, ", 5 rows, "), (6, False, None)])
def test_a_split_bar_chart_groups_x_only_where_a_series_gives_it_again_on_every_path(
        postgres_url, tmp_path, kind, days, again, said):
    # As the bars of one column group their x where it is given again: each series' bar a row's own value
    # ("East", "4 rows") where every series gives each day once, where a database grouped every bar ("mean
    # of East", "4 categories"); past the category cap (5) the wide table's rows, not the long rows (10).
    frame = sales(days, again)
    with path_clients(postgres_url, tmp_path, frame, frame.to_csv(index=False), EVERY_PATH,
                      settings={"RENDER_CACHE_BYTES": 0, "LIMITS": Limits(max_categories=5)}) as made:
        chart = f"x=day&y=sales&series=region&kind={kind}"
        words = made["data folder"].get(f"/plot/t.svg?{chart}")
        if said is None:
            refused = made["data folder"].get(f"/plot/t.json?{chart}")
            assert refused.status_code == 422 and " this one has 6;" in refused.get_json()["error"], refused.data[:300]
        else:
            assert said in described(words.data), described(words.data)
            assert ("mean of East" in described(words.data)) == again, described(words.data)
        same_on_every_path(made, [f"/plot/t.{ext}?{chart}" for ext in ("svg", "json", "csv")])


@pytest.mark.parametrize("hours", [1_000, 3_000])
@pytest.mark.parametrize("running", ["rolling=3", "cumulative=true"])
def test_a_split_line_s_rolling_mean_or_running_total_counts_its_wide_table_s_rows_on_every_path(
        postgres_url, tmp_path, hours, running):
    # Two sensors' readings each hour: the wide table's rows are the hours, as a frame counts them. A database
    # counted the long rows, twice as many: it refused 1,000 hours, which a phone's chart draws whole (1,440
    # rows), and said 6,000 of 3,000.
    moments = pd.date_range("2024-01-01", periods=hours, freq="h")
    frame = pd.DataFrame({"t": moments.repeat(2), "sensor": ["a", "b"] * hours, "reading": range(2 * hours)})
    with path_clients(postgres_url, tmp_path, frame, frame.to_csv(index=False), EVERY_PATH,
                      settings={"RENDER_CACHE_BYTES": 0}) as made:
        chart = f"x=t&y=reading&series=sensor&{running}"
        refused = made["data folder"].get(f"/plot/t.json?{chart}")
        if hours > 1_440:
            assert refused.status_code == 400 and f" this one has {hours:,}, " in refused.get_json()["error"]
        else:
            assert refused.status_code == 200, refused.get_json()
        same_on_every_path(made, [f"/plot/t.{ext}?{chart}" for ext in ("svg", "json", "csv")])


@pytest.mark.parametrize("rows", BOUNDED_SPLITS)
def test_a_split_histogram_within_xmin_and_xmax_counts_the_rows_of_its_values_in_the_bins_on_every_path(
        postgres_url, tmp_path, rows):
    # Its words count the rows whose values its bins count, as the histogram of reading unsplit does, where a
    # database counted every row of the wide table (6 by no x: a's 95 beside b's 96 is none of them).
    frame, wide = BOUNDED_SPLITS[rows]
    with path_clients(postgres_url, tmp_path, frame, frame.to_csv(index=False), EVERY_PATH,
                      settings={"RENDER_CACHE_BYTES": 0}) as made:
        chart = "/plot/t.svg?kind=hist&xmin=0&xmax=10&y=reading&series=sensor"
        words = described(made["data folder"].get(chart).data)
        unsplit = described(made["data folder"].get(chart.replace("&series=sensor", "")).data)
        inside = int(frame["reading"].between(0, 10).sum())
        assert f", {inside} rows. " in words and f", {inside} rows. " in unsplit, (words, unsplit)
        same_on_every_path(made, [chart])


def readings_of_sensors() -> pd.DataFrame:
    """Three sensors' readings at each of 6 hours, one of them blank, and 2 readings of no sensor."""
    hours = pd.date_range("2024-01-01", periods=6, freq="h")
    rows = [(hour, sensor, None if (n, sensor) == (2, "b") else float((3 * n + i) % 7))
            for n, hour in enumerate(hours) for i, sensor in enumerate(["a", "b", "c"])]
    return pd.DataFrame(rows + [(hours[0], None, 1.0), (hours[1], None, 2.0)], columns=["t", "sensor", "temperature"])


@pytest.mark.parametrize(("chart", "said"), [("kind=box", ", 18 rows. "), ("kind=hist", ", 17 rows. "),
                                             ("kind=hist&xmin=0&xmax=2", ", 8 rows. ")])
def test_a_split_box_plot_or_histogram_counts_the_rows_it_draws_as_its_y_unsplit_does_on_every_path(
        postgres_url, tmp_path, chart, said):
    # 18 rows of the three sensors, 17 holding a value (8 from 0 to 2), drawn as the chart of temperature over
    # those rows counts them (a box plot the rows, a histogram the rows of a value in its bins), where it counted
    # the wide table's rows, one an hour (6 rows). The 2 rows of no sensor are in no series, and said so.
    frame = readings_of_sensors()
    with path_clients(postgres_url, tmp_path, frame, frame.to_csv(index=False), EVERY_PATH,
                      settings={"RENDER_CACHE_BYTES": 0}) as made:
        words = described(made["data folder"].get(f"/plot/t.svg?{chart}&y=temperature&series=sensor").data)
        assert said in words and "2 rows have no sensor and are in no series" in words, words
        sensors = "filter.sensor=a&filter.sensor=b&filter.sensor=c"
        unsplit = described(made["data folder"].get(f"/plot/t.svg?{chart}&y=temperature&{sensors}").data)
        assert said in unsplit, unsplit
        same_on_every_path(made, [f"/plot/t.svg?{chart}&y=temperature&series=sensor"])


@pytest.mark.parametrize(("minutes", "width"), [(300, 640), (3_000, 200)])
def test_a_split_line_runs_every_series_on_to_its_row_beyond_its_bounds_on_every_path(postgres_url, tmp_path, minutes,
                                                                                       width):
    # Each minute holds a reading of both sensors: the wide table's row beyond each bound holds both, which a
    # frame's line of each runs on to, where a database fetched one row each side, one sensor's alone (read
    # whole, and thinned per pixel column).
    moments = pd.date_range("2024-01-01", periods=minutes, freq="min")
    frame = pd.DataFrame({"t": moments.repeat(2), "sensor": ["a", "b"] * minutes,
                          "reading": [float(n % 17) for n in range(2 * minutes)]})
    with path_clients(postgres_url, tmp_path, frame, frame.to_csv(index=False), EVERY_PATH,
                      settings={"RENDER_CACHE_BYTES": 0}) as made:
        chart = f"x=t&y=reading&series=sensor&xmin=2024-01-01T00:10:30&xmax=2024-01-01T04:20:30&width={width}"
        rows = made["data folder"].get(f"/plot/t.json?{chart}").get_json()["rows"]
        assert rows[0][0] == "2024-01-01T00:10:00Z" and None not in rows[0], rows[0]
        same_on_every_path(made, [f"/plot/t.{ext}?{chart}" for ext in ("svg", "json", "csv")])


def sales_with_blanks() -> pd.DataFrame:
    """Six days of sales in West and East, East's last blank, then three days of East's, all blank."""
    days = pd.date_range("2024-01-01", periods=6, freq="D")
    rows = [(day, region, None if (n, region) == (5, "East") else float(n)) for n, day in enumerate(days)
            for region in ("West", "East")]
    rows += [(day, "East", None) for day in pd.date_range("2024-02-01", periods=3, freq="D")]
    return pd.DataFrame(rows, columns=["day", "region", "sales"])


@pytest.mark.parametrize(("query", "said"), [
    ("from=2024-02-01", ", 3 rows. No values in this range."), ("", ", 15 rows. "), ("kind=scatter", ", 15 rows. "),
    ("kind=bar", ", 9 rows, "), ("xmin=2024-01-03&xmax=2024-02-02", ", 7 rows. ")])
def test_a_split_chart_keeps_the_rows_of_a_series_without_a_y_as_a_frame_does_on_every_path(postgres_url, tmp_path,
                                                                                            query, said):
    # A row of East without sales is a row of East's column, blank, as the wide table pivoted by hand holds it
    # (3 rows, no values), where a database, reading it in no series' column, left it out (0 rows, no rows).
    frame = sales_with_blanks()
    with path_clients(postgres_url, tmp_path, frame, frame.to_csv(index=False), EVERY_PATH,
                      settings={"RENDER_CACHE_BYTES": 0}) as made:
        chart = f"x=day&y=sales&series=region&{query}"
        assert said in described(made["data folder"].get(f"/plot/t.svg?{chart}").data)
        same_on_every_path(made, [f"/plot/t.{ext}?{chart}" for ext in ("svg", "json", "csv")])


@pytest.mark.parametrize(("minutes", "width"), [(300, 640), (3_000, 200)])
def test_a_split_line_keeps_its_rows_without_a_y_beyond_its_bounds_on_every_path(postgres_url, tmp_path, minutes,
                                                                                  width):
    # Both sensors' readings are missing at the minute before xmin and the one after xmax: the wide table's
    # rows there, blank, are those a frame's line runs on to (and breaks at), where a database, asking the
    # series of its rows without a y within the bounds alone, left them out (read whole, and thinned).
    moments = pd.date_range("2024-01-01", periods=minutes, freq="min")
    xmin, xmax = "2024-01-01T00:10:30", "2024-01-01T04:20:30" if minutes < 1_000 else "2024-01-02T01:20:30"
    blank = moments.isin([pd.Timestamp(xmin).floor("min"), pd.Timestamp(xmax).ceil("min")]).repeat(2)
    frame = pd.DataFrame({"t": moments.repeat(2), "sensor": ["a", "b"] * minutes,
                          "reading": [float(n % 17) for n in range(2 * minutes)]})
    frame.loc[blank, "reading"] = None
    with path_clients(postgres_url, tmp_path, frame, frame.to_csv(index=False), EVERY_PATH,
                      settings={"RENDER_CACHE_BYTES": 0}) as made:
        chart = f"x=t&y=reading&series=sensor&xmin={xmin}&xmax={xmax}&width={width}"
        rows = made["data folder"].get(f"/plot/t.json?{chart}").get_json()["rows"]
        assert rows[0] == ["2024-01-01T00:10:00Z", None, None] and rows[-1][1:] == [None, None], (rows[0], rows[-1])
        same_on_every_path(made, [f"/plot/t.{ext}?{chart}" for ext in ("svg", "json", "csv")])


def test_a_thinned_split_line_counts_and_runs_on_to_its_wide_table_s_rows_beyond_its_bounds_on_every_path(
        postgres_url, tmp_path):
    # Two sensors' random walks, thinned per pixel column, both reading 1,000 at the minute before xmin: a
    # frame's line runs on to the wide table's one row there, which the words leave out of the rows and x
    # they name and the value axis fits where the line crosses xmin; its words count the values its series draw
    # within xmin (5,978 of 2,989 minutes), where a database counted the thinned rows it kept (1,370).
    minutes = pd.date_range("2024-01-01", periods=3_000, freq="min")
    rng = np.random.default_rng(8)
    frame = pd.DataFrame({"t": minutes.repeat(2), "sensor": ["a", "b"] * len(minutes),
                          "reading": np.round(np.cumsum(rng.normal(0, 1, 2 * len(minutes))), 2)})
    frame.loc[frame["t"] == pd.Timestamp("2024-01-01T00:10"), "reading"] = 1_000.0
    with path_clients(postgres_url, tmp_path, frame, frame.to_csv(index=False), EVERY_PATH,
                      settings={"RENDER_CACHE_BYTES": 0}) as made:
        chart = "/plot/t.svg?x=t&y=reading&series=sensor&width=200&xmin=2024-01-01T00:10:30"
        words = described(made["data folder"].get(chart).data)
        assert ", 5978 rows. t from 2024-01-01T00:11:00Z " in words, words
        same_on_every_path(made, [chart])


@pytest.mark.parametrize(("bounds", "wide_rows"), [("", 60), ("?xmin=0&xmax=2", 51)])
def test_a_split_histogram_s_chart_page_counts_its_wide_table_s_rows_on_a_database(tmp_path, bounds, wide_rows):
    # A database's histogram gives its page the table of its bins, and counts the rows of the wide table a frame's
    # page gives (60 hours of 4 sensors, 51 of them holding a value from 0 to 2), where its words count the values
    # it draws (240 without bounds): the wide rows a database counts for its image are read by the page.
    hours = pd.date_range("2024-01-01", periods=60, freq="h")
    frame = pd.DataFrame([(hour, sensor, float((3 * n + i) % 7)) for n, hour in enumerate(hours)
                          for i, sensor in enumerate("abcd")], columns=["t", "sensor", "temperature"])
    boards = tmp_path / "boards"
    boards.mkdir()
    (boards / "b.toml").write_text('title = "B"\n[[charts]]\nid = "h"\ndataset = "t"\nkind = "hist"\n'
                                   'y = ["temperature"]\nseries = "sensor"\n', encoding="utf-8")
    paths = ("data folder", "sqlite source")  # a store's dataset is posted after its dashboards are read
    with path_clients("", tmp_path, frame, frame.to_csv(index=False), paths,
                      settings={"RENDER_CACHE_BYTES": 0, "DASHBOARD_DIRS": [str(boards)]}) as made:
        pages = {path: made[path].get(f"/d/b/h{bounds}").get_data(as_text=True) for path in paths}
    assert pages["data folder"].count("<tr>") == 1 + wide_rows, pages["data folder"]
    for path in paths[1:]:
        assert re.search(rf"Showing \d+ of {wide_rows} rows\.", pages[path]), (path, pages[path])
