"""The rows a dashboard's range and filters choose of a dataset held in memory are chosen once per
version for all of its charts, each chart taking its own columns and marks."""
from __future__ import annotations

from datetime import datetime

import numpy as np
import pandas as pd
import pytest

from app.store import chosen_rows
from app.store.chosen_rows import columns_taken, rows_chosen
from plots import ChartSpec
from plots.rows import Mark
from plots.selection import Selection, chosen_by, select_rows, untimed_column
from tests.conftest import CSV_WRITE, created, writable_app

ROWS = ("date,station,temperature,humidity\n"
        "2026-11-01T00:00:00,North,1,10\n"
        "2026-11-02T00:00:00,South,2,20\n"
        "2026-11-03T00:00:00,North,3,30\n"
        ",North,4,40\n")
LAST_TWO_DAYS = Selection("date", datetime(2026, 11, 2), None)
CHARTS = [ChartSpec(kind="line", x="date", y=("temperature",)),
          ChartSpec(kind="line", x="date", y=("humidity",), title="Humidity"),
          ChartSpec(kind="bar", x="station", y=("temperature",), agg="mean")]


@pytest.fixture
def counted(monkeypatch) -> list[Selection]:
    """The selections rows were chosen by, one entry each time."""
    asked: list[Selection] = []

    def counting(selection, frame, spec):
        asked.append(selection)
        return select_rows(selection, frame, spec)

    monkeypatch.setattr(chosen_rows, "select_rows", counting)
    return asked


@pytest.mark.parametrize("held_by", ["database", "data folder"])
def test_charts_of_a_dataset_share_the_rows_its_selection_chose(tmp_path, counted, held_by):
    data = tmp_path / "data"
    data.mkdir()
    if held_by == "data folder":
        (data / "readings.csv").write_text(ROWS, encoding="utf-8")
    app = writable_app(data)
    if held_by == "database":
        created(app.test_client(), "readings", ROWS)
    site = app.extensions["svgplots"]
    with app.app_context():
        info = site.store.info("readings")
        whole = site.store.read("readings").frame
        for spec in CHARTS:
            shown = site.store.chart_rows("readings", spec, site.limits, selection=LAST_TWO_DAYS, known=info).frame
            expected = select_rows(LAST_TWO_DAYS, whole, spec).loc[:, list(spec.columns())]
            assert shown.equals(expected) and chosen_by(shown) == chosen_by(expected)
    # The two line charts by date share one choice; the bar chart, placing its rows by station, another.
    assert counted == [LAST_TWO_DAYS, LAST_TWO_DAYS]


def test_a_new_version_chooses_its_rows_again(tmp_path, counted):
    app = writable_app(tmp_path)
    client = app.test_client()
    created(client, "readings", ROWS)
    site = app.extensions["svgplots"]
    with app.app_context():
        first = site.store.chart_rows("readings", CHARTS[0], site.limits, selection=LAST_TWO_DAYS,
                                      known=site.store.info("readings")).frame
        added = client.post("/api/datasets/readings/rows", data="date,station,temperature,humidity\n"
                            "2026-11-04T00:00:00,South,5,50\n",
                            headers=CSV_WRITE)
        assert added.status_code in (200, 201)
        then = site.store.chart_rows("readings", CHARTS[0], site.limits, selection=LAST_TWO_DAYS,
                                     known=site.store.info("readings")).frame
    assert list(first["temperature"]) == [2, 3] and list(then["temperature"]) == [2, 3, 5]
    assert len(counted) == 2


def test_each_chart_keeps_the_marks_its_own_x_gives(tmp_path, counted):
    # North's only row has no date: a line by date finds no row of the filter with a place on it (its
    # words name the filter), a bar by station finds the range and the filter left none together.
    app = writable_app(tmp_path)
    created(app.test_client(), "readings", "date,station,temperature,humidity\n"
            "2026-11-02T00:00:00,South,2,20\n,North,4,40\n")
    site = app.extensions["svgplots"]
    selection = Selection("date", datetime(2026, 11, 1), None, (("station", ("North",)),))
    with app.app_context():
        info, whole = site.store.info("readings"), site.store.read("readings").frame
        for spec in (CHARTS[0], CHARTS[2], CHARTS[0], CHARTS[2]):
            shown = site.store.chart_rows("readings", spec, site.limits, selection=selection, known=info).frame
            assert shown.empty
            assert chosen_by(shown) == chosen_by(select_rows(selection, whole, spec))
    assert chosen_by(select_rows(selection, whole, CHARTS[0])) != chosen_by(select_rows(selection, whole, CHARTS[2]))
    assert len(counted) == 2


def test_charts_by_other_columns_keep_their_own_marks_where_one_column_is_empty_in_the_rows_chosen(tmp_path, counted):
    # The filter chose A's rows, whose `b` is empty: a line by `a` names the filter, a line by `b` finds
    # no row with a place on it and names nothing ("No rows to draw"), whichever is drawn first.
    app = writable_app(tmp_path)
    created(app.test_client(), "pairs", "a,b,station,v\n1,,A,1\n2,,A,2\n3,3,B,3\n")
    site = app.extensions["svgplots"]
    selection = Selection(None, None, None, (("station", ("A",)),))
    by_a, by_b = (ChartSpec(kind="line", x=x, y=("v",)) for x in ("a", "b"))
    with app.app_context():
        info, whole = site.store.info("pairs"), site.store.read("pairs").frame
        for spec in (by_a, by_b, by_b, by_a):
            shown = site.store.chart_rows("pairs", spec, site.limits, selection=selection, known=info).frame
            assert chosen_by(shown) == chosen_by(select_rows(selection, whole, spec)), spec.x
    assert chosen_by(select_rows(selection, whole, by_a)) != chosen_by(select_rows(selection, whole, by_b))
    assert len(counted) == 2


def test_chosen_rows_cache_bytes_bounds_the_rows_kept(tmp_path, counted):
    # Each day's rows are an entry of their own (some 400, 300 and 200 bytes): a bound of 700 keeps
    # two of them, never the three.
    app = writable_app(tmp_path, CHOSEN_ROWS_CACHE_BYTES=700)
    created(app.test_client(), "readings", ROWS)
    site = app.extensions["svgplots"]
    kept = site.store._chosen._kept
    days = [Selection("date", datetime(2026, 11, day), None) for day in (1, 2, 3, 1, 2, 3)]
    with app.app_context():
        info = site.store.info("readings")
        for selection in days:
            site.store.chart_rows("readings", CHARTS[0], site.limits, selection=selection, known=info)
            assert 0 < kept.size <= 700
    assert len(kept) == 2
    assert counted == days  # each chosen again: the oldest was let go before it was asked for once more


def test_chosen_rows_cache_bytes_of_0_keeps_no_rows(tmp_path, counted):
    app = writable_app(tmp_path, CHOSEN_ROWS_CACHE_BYTES=0)
    created(app.test_client(), "readings", ROWS)
    site = app.extensions["svgplots"]
    with app.app_context():
        info = site.store.info("readings")
        for spec in CHARTS[:2]:
            shown = site.store.chart_rows("readings", spec, site.limits, selection=LAST_TWO_DAYS, known=info).frame
            assert list(shown[spec.y[0]]) == ([2, 3] if spec.y[0] == "temperature" else [20, 30])
    assert counted == [LAST_TWO_DAYS, LAST_TWO_DAYS] and len(site.store._chosen._kept) == 0


def test_the_marks_of_rows_chosen_are_records_the_columns_taken_from_them_share(tmp_path):
    # pandas deep-copies a frame's marks into every column and copy taken of it: records never changed
    # are shared, where a tuple was walked through at each copy.
    app = writable_app(tmp_path)
    created(app.test_client(), "readings", ROWS)
    site = app.extensions["svgplots"]
    with app.app_context():
        shown = site.store.chart_rows("readings", CHARTS[0], site.limits, selection=LAST_TWO_DAYS,
                                      known=site.store.info("readings")).frame
    assert chosen_by(shown) == ("range",) and rows_chosen(shown).count == 2
    # Each mark a record, or a number or text, which copying leaves as it is.
    assert len(shown.attrs) == 3 and all(isinstance(mark, (Mark, int, str)) for mark in shown.attrs.values())
    for taken in (shown["temperature"], shown.copy(), shown.iloc[:1]):
        assert all(taken.attrs[key] is mark for key, mark in shown.attrs.items())


def test_a_range_over_a_column_without_times_marks_its_rows_with_that_column(tmp_path):
    app = writable_app(tmp_path)
    created(app.test_client(), "untimed", "date,station,v\n,North,1\n2026-11-02T00:00:00,South,2\n")
    site = app.extensions["svgplots"]
    selection = Selection("date", datetime(2026, 11, 1), None, (("station", ("North",)),))
    with app.app_context():
        shown = site.store.chart_rows("untimed", ChartSpec(kind="bar", x="station", y=("v",)), site.limits,
                                      selection=selection, known=site.store.info("untimed")).frame
    assert shown.empty and untimed_column(shown) == "date" and untimed_column(shown["v"]) == "date"


@pytest.mark.parametrize("columns", [["temperature"], ["date", "temperature"], ["humidity", "station", "date"],
                                     ["station", "station"], ["date", "station", "temperature", "humidity"]])
def test_a_charts_columns_are_taken_of_the_rows_chosen_as_loc_takes_them(columns):
    frame = pd.DataFrame({"date": pd.to_datetime(["2026-11-01", None, "2026-11-03", "2026-11-04"]).astype("datetime64[us]"),
                          "station": pd.Series(["North", None, "South", "North"], dtype="str"),
                          "temperature": np.array([1, 2, 3, 4], dtype=np.int64),
                          "humidity": [0.5, np.nan, -0.0, 2.5]})
    chosen = frame[frame["temperature"] != 2]  # rows chosen keep their positions in the dataset as index
    chosen.attrs["svgplots.selected"] = ("range",)
    taken, expected = columns_taken(chosen, columns), chosen.loc[:, columns]
    pd.testing.assert_frame_equal(taken, expected, check_exact=True, check_flags=True)
    assert list(taken.columns) == list(expected.columns) and taken.attrs == expected.attrs
    assert taken.index.dtype == expected.index.dtype and taken.columns.dtype == expected.columns.dtype
