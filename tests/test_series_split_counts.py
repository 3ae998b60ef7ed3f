"""What a chart split by a text column (`series=sensor`) counts toward the values a chart may draw
(`Limits.max_points`): the cells of the wide table it draws, on every path alike, whatever rows of no
series value, or of a value past the series cap, the dataset holds beside them."""
from __future__ import annotations

import re

import numpy as np
import pandas as pd
import pytest

from plots import Limits
from tests.conftest import described
from tests.source_data import BIG_STORES, PATHS, path_clients
from tests.statements import rows_fetched, statements_run
from tests.test_series_split import drawing

EVERY_PATH = (*PATHS, *BIG_STORES)


def sensors_among_others() -> pd.DataFrame:
    """300 minutes of 3 sensors (900 readings, the wide table's 900 cells), and as many rows again of
    no sensor and of a fourth sensor, which a cap of 3 series leaves out."""
    minutes = pd.date_range("2024-01-01", periods=300, freq="min")
    sensors = ["a", "b", "c", None, "d"]
    return pd.DataFrame({"t": np.repeat(minutes, len(sensors)), "sensor": sensors * len(minutes),
                         "reading": np.arange(len(sensors) * len(minutes), dtype=float)})


@pytest.mark.parametrize("query", ["/plot/t.json?x=t&y=reading&series=sensor",
                                   "/plot/t.svg?x=t&y=reading&series=sensor&kind=scatter",
                                   "/plot/t.svg?x=t&y=reading&series=sensor&kind=box",
                                   "/plot/t.json?x=t&y=reading&series=sensor&xmin=2024-01-01T01:00",
                                   "/plot/t.svg?x=t&y=reading&series=sensor&width=200&xmin=2024-01-01T01:00"])
def test_only_the_drawn_series_cells_count_toward_the_values_a_chart_may_draw_on_every_path(
        postgres_url, tmp_path, query):
    frame = sensors_among_others()
    limits = Limits(max_points=1_000, max_series=3)
    with path_clients(postgres_url, tmp_path, frame, frame.to_csv(index=False), EVERY_PATH,
                      settings={"RENDER_CACHE_BYTES": 0, "LIMITS": limits}) as made:
        answers = {path: made[path].get(query) for path in EVERY_PATH}
    assert {path: answer.status_code for path, answer in answers.items()} == dict.fromkeys(EVERY_PATH, 200), {
        path: answer.get_data(as_text=True)[:300] for path, answer in answers.items()}
    expected = answers["data folder"]
    for path, answer in answers.items():
        if query.startswith("/plot/t.json"):
            assert answer.get_json()["rows"] == expected.get_json()["rows"], path
        else:
            assert described(answer.data) == described(expected.data), path


def test_a_split_chart_of_too_many_values_is_told_to_draw_fewer_series_not_fewer_y_columns(postgres_url, tmp_path):
    # It names one y column: fewer series, chosen with a filter on the column it is split by, draw fewer values.
    frame = sensors_among_others()
    paths = ("data folder", "sqlite store", *BIG_STORES)
    with path_clients(postgres_url, tmp_path, frame, frame.to_csv(index=False), paths,
                      settings={"RENDER_CACHE_BYTES": 0, "LIMITS": Limits(max_points=500)}) as made:
        for path, client in made.items():
            for query in ("x=t&y=reading&series=sensor", "kind=box&y=reading&series=sensor"):
                answer = client.get(f"/plot/t.json?{query}")
                error = answer.get_json()["error"]
                assert answer.status_code == 422 and error.startswith("this chart would draw 1,200 values"), (path, error)
                assert error.endswith(" or draw fewer series, choosing them with filter.sensor"), (path, error)
                assert "y columns" not in error, (path, error)


def test_a_source_s_split_line_its_database_thins_is_drawn_whatever_its_rows_and_its_data_is_held_to_the_limit(
        postgres_url, tmp_path):
    # The database sends the rows M4 keeps, a few a pixel column, as of a line split by nothing; the rows
    # themselves, the chart's .json, are held to the values a chart may draw, as a stored dataset's chart is.
    frame = sensors_among_others()
    paths = ("sqlite source", "postgresql source")
    with path_clients(postgres_url, tmp_path, frame, frame.to_csv(index=False), paths,
                      settings={"RENDER_CACHE_BYTES": 0, "LIMITS": Limits(max_points=500)}) as made:
        for path, client in made.items():
            for query in ("x=t&y=reading&series=sensor", "x=t&y=reading"):
                assert client.get(f"/plot/t.svg?{query}&width=100").status_code == 200, (path, query)
                data = client.get(f"/plot/t.json?{query}")
                assert data.status_code == 422, (path, query)
                assert data.get_json()["error"].startswith("this chart would draw 1,"), (path, data.get_json())


@pytest.mark.parametrize(("query", "rows"), [("", 8), ("&filter.sensor=b", 3)])
def test_a_split_histogram_counts_the_rows_of_its_values_on_every_path_numbering_none(
        postgres_url, tmp_path, query, rows):
    # Its words count the rows of the series drawn, as the histogram of reading unsplit counts them, not the
    # wide table's (6: at each x as many as its longest series has there), and a database numbers no row chosen
    # in a window to count them.
    minutes = ["2024-01-01 00:00"] * 2 + ["2024-01-01 00:01"] * 3 + ["2024-01-01 00:02"] * 4
    frame = pd.DataFrame({"t": pd.to_datetime(minutes),
                          "sensor": ["a", "b", "a", "a", "a", "a", "b", "b", None],
                          "reading": [1.0, 2.0, 3.0, 4.0, 5.0, 6.0, 7.0, 8.0, 9.0]})
    chart = f"/plot/t.svg?x=t&y=reading&series=sensor&kind=hist{query}"
    with path_clients(postgres_url, tmp_path, frame, frame.to_csv(index=False), EVERY_PATH,
                      settings={"RENDER_CACHE_BYTES": 0}) as made:
        expected = described(made["data folder"].get(chart).data)
        assert f", {rows} rows." in expected, expected
        for path in EVERY_PATH:
            with statements_run() as run:
                answer = made[path].get(chart)
            assert answer.status_code == 200, (path, answer.get_data(as_text=True))
            assert described(answer.data) == expected, path
            assert not [statement for statement in run if "row_number" in statement], path


@pytest.mark.parametrize("query", ["kind=hist", "kind=hist&filter.sensor=b", "kind=box"])
def test_a_split_histogram_s_and_box_plot_s_data_is_its_wide_table_on_every_path(postgres_url, tmp_path, query):
    # A histogram's data on a database is the rows its bins count, rows of the source: set side by side by
    # x as a frame's are (6 rows of t, a, b), where each held the reading of one sensor beside t (8 rows).
    minutes = ["2024-01-01 00:00"] * 2 + ["2024-01-01 00:01"] * 3 + ["2024-01-01 00:02"] * 4
    frame = pd.DataFrame({"t": pd.to_datetime(minutes), "sensor": ["a", "b", "a", "a", "a", "a", "b", "b", None],
                          "reading": [1.0, 2.0, 3.0, 4.0, 5.0, 6.0, 7.0, 8.0, 9.0]})
    chart = f"x=t&y=reading&series=sensor&{query}"
    with path_clients(postgres_url, tmp_path, frame, frame.to_csv(index=False), EVERY_PATH,
                      settings={"RENDER_CACHE_BYTES": 0}) as made:
        expected = made["data folder"].get(f"/plot/t.json?{chart}").get_json()
        assert expected["columns"] == (["t", "b"] if "filter" in query else ["t", "a", "b"]), expected
        assert len(expected["rows"]) == (3 if "filter" in query else 6), expected
        csv = made["data folder"].get(f"/plot/t.csv?{chart}").data
        for path in EVERY_PATH:
            data = made[path].get(f"/plot/t.json?{chart}").get_json()
            assert (data["columns"], data["rows"]) == (expected["columns"], expected["rows"]), (path, data)
            assert made[path].get(f"/plot/t.csv?{chart}").data == csv, path


def readings_by_sensor() -> tuple[pd.DataFrame, pd.DataFrame]:
    """Rows `reading, sensor`, whose first column, a histogram's and a box plot's own x, is the y split,
    and the same rows pivoted by hand into a column per sensor."""
    frame = pd.DataFrame({"reading": [1.0, 2.0, 3.0, 4.0, 5.0, 6.0, 7.0, 8.0],
                          "sensor": ["a", "b", "a", "a", "b", "a", "b", "a"]})
    return frame, pd.DataFrame({"a": [1.0, 3.0, 4.0, 6.0, 8.0], "b": [2.0, 5.0, 7.0, None, None]})


@pytest.mark.parametrize(("query", "by_hand"), [
    ("kind=hist&y=reading&series=sensor", "kind=hist&y=a,b&xlabel=reading&legend=true"),
    ("kind=hist&x=reading&y=reading&series=sensor", "kind=hist&y=a,b&xlabel=reading&legend=true"),
    ("kind=hist&y=reading&series=sensor&bins=3", "kind=hist&y=a,b&xlabel=reading&legend=true&bins=3"),
    ("kind=box&y=reading&series=sensor", "kind=box&y=a,b&xlabel=sensor&ylabel=reading")])
def test_a_split_chart_whose_own_x_is_its_y_is_its_rows_pivoted_by_hand_on_every_path(postgres_url, tmp_path, query,
                                                                                         by_hand):
    # Its x, the dataset's first column, is the y split: no x the wide table is set by, as a table of the
    # columns a, b has none, 5 rows (a's), where the databases set a row by each reading, 8 rows. Its words
    # count the 8 rows it draws, as the chart of reading unsplit does, where the table by hand counts its 5.
    frame, wide = readings_by_sensor()
    (tmp_path / "wide").mkdir()
    (tmp_path / "long").mkdir()
    with path_clients(postgres_url, tmp_path / "wide", wide, wide.to_csv(index=False), ("data folder",)) as hand, \
            path_clients(postgres_url, tmp_path / "long", frame, frame.to_csv(index=False), EVERY_PATH,
                         settings={"RENDER_CACHE_BYTES": 0}) as made:
        expected = {ext: hand["data folder"].get(f"/plot/t.{ext}?{by_hand}") for ext in ("svg", "json", "csv")}
        words = described(expected["svg"].data)
        assert ", 5 rows. " in words, words
        for path in EVERY_PATH:
            answers = {ext: made[path].get(f"/plot/t.{ext}?{query}") for ext in ("svg", "json", "csv")}
            assert drawing(answers["svg"].data) == drawing(expected["svg"].data), (path, described(answers["svg"].data))
            assert described(answers["svg"].data) == words.replace(" of a, b, 5 rows. ",
                                                                   " of reading by sensor (a, b), 8 rows. "), path
            data = answers["json"].get_json()
            assert (data["columns"], data["rows"]) == (["a", "b"], expected["json"].get_json()["rows"]), (path, data)
            assert answers["csv"].data == expected["csv"].data, path


@pytest.mark.parametrize("kind", ["hist", "box"])
def test_a_series_named_as_its_own_x_that_is_its_y_is_named_by_its_value_on_every_path(postgres_url, tmp_path, kind):
    # A sensor "reading": no x sets the wide table, so its column is "reading", as its legend names it,
    # where a name told from x, "reading (sensor)", named a column the rows set side by side did not hold.
    frame = pd.DataFrame({"reading": [1.0, 2.0, 3.0, 4.0], "sensor": ["reading", "b", "reading", "b"]})
    with path_clients(postgres_url, tmp_path, frame, frame.to_csv(index=False), EVERY_PATH,
                      settings={"RENDER_CACHE_BYTES": 0}) as made:
        for path, client in made.items():
            svg = client.get(f"/plot/t.svg?kind={kind}&y=reading&series=sensor")
            assert svg.status_code == 200, (path, described(svg.data))
            assert "of reading by sensor (b, reading), 4 rows. " in described(svg.data), (path, described(svg.data))
            data = client.get(f"/plot/t.json?kind={kind}&y=reading&series=sensor").get_json()
            assert data["columns"] == ["reading", "b"], (path, data)


@pytest.mark.parametrize("kind", ["line", "scatter"])
def test_a_split_line_whose_x_is_the_y_it_splits_is_its_rows_pivoted_by_hand_on_every_path(postgres_url, tmp_path, kind):
    # A kind placing rows by x keeps that x, each reading on its own row, where the rows set side by side
    # had none and the chart asked its frame for x, a 500.
    frame = pd.DataFrame({"reading": [1.0, 2.0, 3.0, 4.0], "sensor": ["a", "b", "a", "a"]})
    wide = pd.DataFrame({"reading": [1.0, 2.0, 3.0, 4.0], "a": [1.0, None, 3.0, 4.0], "b": [None, 2.0, None, None]})
    (tmp_path / "wide").mkdir()
    (tmp_path / "long").mkdir()
    with path_clients(postgres_url, tmp_path / "wide", wide, wide.to_csv(index=False), ("data folder",)) as hand, \
            path_clients(postgres_url, tmp_path / "long", frame, frame.to_csv(index=False), EVERY_PATH,
                         settings={"RENDER_CACHE_BYTES": 0}) as made:
        by_hand = f"/plot/t.{{}}?kind={kind}&x=reading&y=a,b&ylabel=reading&legend=true"
        expected, rows = hand["data folder"].get(by_hand.format("svg")).data, hand["data folder"].get(
            by_hand.format("json")).get_json()["rows"]
        for path, client in made.items():
            svg = client.get(f"/plot/t.svg?kind={kind}&x=reading&y=reading&series=sensor")
            assert svg.status_code == 200, (path, described(svg.data))
            # (A split line joins its own rows across another series' row, where a wide table's gap breaks it.)
            assert kind == "line" or drawing(svg.data) == drawing(expected), (path, described(svg.data))
            assert described(svg.data) == described(expected).replace(" of a, b by", " of reading by sensor (a, b) by")
            data = client.get(f"/plot/t.json?kind={kind}&x=reading&y=reading&series=sensor").get_json()
            assert (data["columns"], data["rows"]) == (["reading", "a", "b"], rows), (path, data)


@pytest.mark.parametrize(("kind", "by_hand"), [("hist", "kind=hist&y=a,b&xlabel=reading&legend=true"),
                                               ("box", "kind=box&y=a,b&xlabel=sensor&ylabel=reading")])
def test_a_split_histogram_or_box_plot_whose_own_x_is_the_series_column_is_drawn_on_every_path(postgres_url, tmp_path,
                                                                                                kind, by_hand):
    # Its x, the dataset's first column `sensor`, is the column split by: a kind that places no rows by x
    # uses none, and draws the rows pivoted by hand, where it was refused as the chart's x column.
    frame, wide = readings_by_sensor()
    frame = frame[["sensor", "reading"]]
    (tmp_path / "wide").mkdir()
    (tmp_path / "long").mkdir()
    with path_clients(postgres_url, tmp_path / "wide", wide, wide.to_csv(index=False), ("data folder",)) as hand, \
            path_clients(postgres_url, tmp_path / "long", frame, frame.to_csv(index=False), EVERY_PATH,
                         settings={"RENDER_CACHE_BYTES": 0}) as made:
        expected = {ext: hand["data folder"].get(f"/plot/t.{ext}?{by_hand}") for ext in ("svg", "json")}
        for path in EVERY_PATH:
            query = f"kind={kind}&y=reading&series=sensor"
            answers = {ext: made[path].get(f"/plot/t.{ext}?{query}") for ext in ("svg", "json")}
            assert answers["svg"].status_code == 200, (path, answers["svg"].data[:300])
            assert drawing(answers["svg"].data) == drawing(expected["svg"].data), (path, described(answers["svg"].data))
            data = answers["json"].get_json()
            assert (data["columns"], data["rows"]) == (["a", "b"], expected["json"].get_json()["rows"]), (path, data)
        line = made["data folder"].get("/plot/t.json?y=reading&series=sensor")
        assert line.status_code == 400 and "series=sensor is the chart's x column" in line.get_json()["error"]


# Rows of sensors a and b, some of each reading outside 0 to 10 or missing, and the same rows pivoted by
# hand into a column per sensor: by minute t (the n-th reading of each sensor at a minute on one row), and
# by no x where the first column, a histogram's own x, is the reading split.
BOUNDED_SPLITS = {
    "by t": (pd.DataFrame({"t": pd.to_datetime(["2024-01-01 00:00"] * 4 + ["2024-01-01 00:01"] * 2
                                               + ["2024-01-01 00:02"]),
                           "sensor": ["a", "b", "a", "b", "a", "b", "b"],
                           "reading": [1.0, 60.0, 50.0, 2.0, 3.0, None, 4.0]}),
             pd.DataFrame({"t": pd.to_datetime(["2024-01-01 00:00"] * 2 + ["2024-01-01 00:01", "2024-01-01 00:02"]),
                           "a": [1.0, 50.0, 3.0, None], "b": [60.0, 2.0, None, 4.0]})),
    "by no x": (pd.DataFrame({"reading": [1.0, 60.0, 50.0, 2.0, 3.0, None, 40.0, 4.0, 95.0, 96.0, 7.0],
                              "sensor": ["a", "b", "a", "b", "a", "b", "a", "b", "a", "b", "a"]}),
                pd.DataFrame({"a": [1.0, 50.0, 3.0, 40.0, 95.0, 7.0], "b": [60.0, 2.0, None, 4.0, 96.0, None]})),
}


@pytest.mark.parametrize("rows", BOUNDED_SPLITS)
def test_a_split_histogram_s_data_within_xmin_and_xmax_is_its_wide_table_s_counted_rows_on_every_path(
        postgres_url, tmp_path, rows):
    # The rows pivoted by hand, those holding a value in the bins, the others blanked, as a histogram of the
    # columns a, b keeps them: a database paired the values in the bins alone, a's 1 and b's 2 on one row,
    # which the wide table holds on two, each beside a value outside.
    frame, wide = BOUNDED_SPLITS[rows]
    (tmp_path / "wide").mkdir()
    (tmp_path / "long").mkdir()
    bounds = "kind=hist&xmin=0&xmax=10"
    with path_clients(postgres_url, tmp_path / "wide", wide, wide.to_csv(index=False), ("data folder",)) as hand, \
            path_clients(postgres_url, tmp_path / "long", frame, frame.to_csv(index=False), EVERY_PATH,
                         settings={"RENDER_CACHE_BYTES": 0}) as made:
        expected = {ext: hand["data folder"].get(f"/plot/t.{ext}?{bounds}&y=a,b&xlabel=reading&legend=true")
                    for ext in ("svg", "json", "csv")}
        columns = expected["json"].get_json()["columns"]
        assert len(expected["json"].get_json()["rows"]) == {"by t": 4, "by no x": 5}[rows]
        for path in EVERY_PATH:
            answers = {ext: made[path].get(f"/plot/t.{ext}?{bounds}&y=reading&series=sensor")
                       for ext in ("svg", "json", "csv")}
            data = answers["json"].get_json()
            assert (data["columns"], data["rows"]) == (columns, expected["json"].get_json()["rows"]), (path, data)
            assert answers["csv"].data == expected["csv"].data, (path, answers["csv"].data)
            assert drawing(answers["svg"].data) == drawing(expected["svg"].data), path


# 60 readings of each of sensors a and b, their first 6 from 0.5 to 3, the others from 56 on.
MOSTLY_OUTSIDE = pd.DataFrame({"sensor": ["a", "b"] * 60,
                               "reading": [*np.repeat(np.arange(1, 7) / 2, 2), *np.arange(56.0, 164.0)]})


@pytest.mark.parametrize(("bounds", "status"), [("xmin=0&xmax=4", 200), ("xmin=0&xmax=200", 422)])
def test_a_split_histogram_s_data_is_refused_for_its_rows_in_the_bins_alone_on_every_path(postgres_url, tmp_path,
                                                                                          bounds, status):
    # 120 rows, 12 of them in the bins of 0 to 4: a chart may draw 100 values, a source's answer hold
    # 100 rows, and the rows outside, read to pair the series' values as the wide table pairs them,
    # count toward neither; all 120 in the bins of 0 to 200 are refused on every path.
    frame = MOSTLY_OUTSIDE
    settings = {"RENDER_CACHE_BYTES": 0, "LIMITS": Limits(max_points=100, max_categories=20), "SOURCE_MAX_ROWS": 100}
    with path_clients(postgres_url, tmp_path, frame, frame.to_csv(index=False), EVERY_PATH, settings=settings) as made:
        answers = {path: {ext: made[path].get(f"/plot/t.{ext}?kind=hist&{bounds}&y=reading&series=sensor")
                          for ext in ("json", "csv")} for path in EVERY_PATH}
    assert {(path, ext): answer.status_code for path, both in answers.items() for ext, answer in both.items()} == {
        (path, ext): status for path in EVERY_PATH for ext in ("json", "csv")}, {
        path: both["json"].get_data(as_text=True)[:300] for path, both in answers.items()}
    if status == 200:
        expected = answers["data folder"]
        wide = expected["json"].get_json()
        assert len(wide["rows"]) == 6, wide
        for path, both in answers.items():
            data = both["json"].get_json()
            assert (data["columns"], data["rows"]) == (wide["columns"], wide["rows"]), (path, data)
            assert both["csv"].data == expected["csv"].data, path


def two_sensors_on_every_path(postgres_url: str, tmp_path):
    """Sites over 600 readings of two sensors, 12 in the bins of 0 to 4, the others from 56 to 643, on every path,
    a cap of 100 values and of 100 rows a source reads: the split histograms' rows read and refused."""
    frame = pd.DataFrame({"sensor": ["a", "b"] * 300,
                          "reading": [*np.repeat(np.arange(1, 7) / 2, 2), *np.arange(56.0, 644.0)]})
    settings = {"RENDER_CACHE_BYTES": 0, "LIMITS": Limits(max_points=100, max_categories=20), "SOURCE_MAX_ROWS": 100}
    return path_clients(postgres_url, tmp_path, frame, frame.to_csv(index=False), EVERY_PATH, settings=settings)


@pytest.mark.parametrize(("bounds", "status"), [("xmin=0&xmax=4", 200), ("xmin=0&xmax=400", 422)])
def test_a_split_histogram_s_data_reads_no_more_rows_than_one_past_the_cap_on_every_path(postgres_url, tmp_path,
                                                                                         bounds, status):
    # 600 readings, 12 in the bins of 0 to 4: a database read all 600 to pair those 12 as the wide table does,
    # where it reads the rows of the wide rows holding a value in the bins alone, and of the 357 in the bins of
    # 0 to 400 one past the cap of 100 before it refuses them, as a frame refuses 179 wide rows of 2 values.
    with two_sensors_on_every_path(postgres_url, tmp_path) as made:
        url = f"/plot/t.json?kind=hist&{bounds}&y=reading&series=sensor"
        expected = made["data folder"].get(url)
        assert expected.status_code == status, expected.get_data(as_text=True)[:300]
        for path in EVERY_PATH[1:]:
            with rows_fetched() as fetched:
                answer = made[path].get(url)
            assert answer.status_code == status and max(fetched) <= 101, (path, fetched, answer.get_data()[:300])
            if status == 200:
                assert answer.get_json()["rows"] == expected.get_json()["rows"], (path, answer.get_json())
            elif path in BIG_STORES:
                assert answer.get_json()["error"] == expected.get_json()["error"], (path, answer.get_json())
    if status == 422:
        assert expected.get_json()["error"].startswith("this chart would draw 358 values and at most 100 are allowed")


# The windows that mark a split histogram's rows of wide rows holding a value in its bins, which its data reads.
KEPT_MARKED = re.compile(r"max\([^()]*\) OVER \(PARTITION BY", re.IGNORECASE)
# A count of them over every row marked, where a source's read order is `row_number() OVER ()`.
COUNTED_OVER_ALL = re.compile(r"count\(CASE WHEN .* END\) OVER \(\)", re.IGNORECASE | re.DOTALL)


@pytest.mark.parametrize(("bounds", "status"), [("", 422), ("&xmin=0&xmax=4", 200), ("&xmin=0&xmax=400", 422)])
def test_a_split_histogram_s_data_past_the_cap_is_refused_by_a_count_before_its_rows_are_marked_on_every_path(
        postgres_url, tmp_path, bounds, status):
    # 600 readings of two sensors: without bounds every one holding a value is in the bins, more than the cap of
    # 100, and the rows are refused by their wide rows counted, as the frame's words count 300 wide rows of 2
    # values, before any window marks the rows to read (a source's words say its cap, and count none); an answer
    # read counts none of the rows it reads, and one read past the cap is refused by the same count, as before.
    with two_sensors_on_every_path(postgres_url, tmp_path) as made:
        url = f"/plot/t.json?kind=hist{bounds}&y=reading&series=sensor"
        expected = made["data folder"].get(url)
        assert expected.status_code == status, expected.get_data(as_text=True)[:300]
        for path in EVERY_PATH[1:]:
            with statements_run() as run:
                answer = made[path].get(url)
            assert answer.status_code == status, (path, answer.get_data(as_text=True)[:300])
            marked = [statement for statement in run if KEPT_MARKED.search(statement)]
            by_database = path.endswith("source") or path in BIG_STORES  # the stores' few rows are read whole
            assert len(marked) == (0 if status == 422 and not bounds or not by_database else 1), (path, marked)
            assert not any(COUNTED_OVER_ALL.search(statement) for statement in marked), (path, marked)
            # A big store's refusal counts the wide rows, a source's says its cap of rows and counts none.
            counts = [statement for statement in run if "HAVING" in statement]
            assert len(counts) == (status == 422 and path in BIG_STORES), (path, counts)
            if status == 200:
                assert answer.get_json()["rows"] == expected.get_json()["rows"], (path, answer.get_json())
            elif path in BIG_STORES:
                assert answer.get_json()["error"] == expected.get_json()["error"], (path, answer.get_json())
    if status == 422:
        assert expected.get_json()["error"].startswith(
            f"this chart would draw {600 if not bounds else 358} values and at most 100 are allowed")
