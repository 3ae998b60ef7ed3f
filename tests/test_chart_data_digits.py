"""A chart's data (.json, .csv) writes values arithmetic made from rows (a month's sum, a category's
mean or median) to 15 significant digits, as a spreadsheet shows them (`349.4`, not the
`349.40000000000003` of a double's arithmetic), numbers still in JSON, a whole one whole (`5`, not
`5.0`); a min or max, values drawn row by row and a dataset's own rows keep every digit that was
stored. A chart page's table, which is read and not reused, shows every number to 15 digits."""
from __future__ import annotations

import math
import re

import numpy as np
import pandas as pd
import pytest

from app import create_app
from app.export_numbers import number_to_read, numbers_to_read, with_numbers_to_read

from tests.conftest import CSV_WRITE, writable_app

LARGEST = 1.7976931348623157e308
SMALLEST = 5e-324
# Two rows of category a whose values sum to 0.30000000000000004 as doubles do; b's missing ones.
# mass: whole numbers as doubles, a's adding up to 123456789012345678 (the double 1.2345678901234568e17).
SHOP = ("shop,amount,items,share,mass\n"
        "a,0.1,1,0.30000000000000004,1e17\n"
        "a,0.2,2,,23456789012345678\n"
        f"b,{LARGEST},3,,1.5\n"
        f"b,{SMALLEST},4,,2.5\n")


@pytest.fixture
def client(data_dir):
    client = writable_app(data_dir, RENDER_WORKERS=0).test_client()
    assert client.post("/api/datasets?name=shop", data=SHOP, headers=CSV_WRITE).status_code == 201
    return client


def test_a_dashboard_chart_s_monthly_sums_are_written_as_a_spreadsheet_shows_them(app):
    client = app.test_client()
    assert "2025-01-01,349.4\n" in client.get("/d/stations/rainfall.csv?agg=sum").get_data(as_text=True)
    rows = client.get("/d/stations/rainfall.json?agg=sum").get_json()["rows"]
    assert rows[0] == ["2025-01-01", 349.4]  # a number, as it was
    assert all(len(repr(value).replace(".", "")) <= 16 for _, value in rows), rows


def test_a_chart_s_sums_are_written_to_15_digits_as_numbers(client):
    data = client.get("/plot/shop.json?kind=bar&x=shop&y=amount&agg=sum").get_json()
    assert data["columns"] == ["shop", "sum of amount"]
    assert data["rows"][0] == ["a", 0.3]
    text = client.get("/plot/shop.csv?kind=bar&x=shop&y=amount&agg=sum").get_data(as_text=True)
    assert text.splitlines()[1] == "a,0.3"


def test_whole_numbers_stay_whole_and_a_missing_mean_stays_missing(client):
    data = client.get("/plot/shop.json?kind=bar&x=shop&y=items,share&agg=sum").get_json()
    assert [row[1] for row in data["rows"]] == [3, 7] and all(isinstance(row[1], int) for row in data["rows"])
    # A whole double past 2**53 ends in rounding, as the stored 23456789012345680 of 23456789012345678
    # does: to 15 digits, whole (a sum of integers keeps every digit: tests/test_exact_integer_aggregates.py).
    sums = client.get("/plot/shop.json?kind=bar&x=shop&y=mass&agg=sum").get_json()["rows"]
    assert sums == [["a", 123456789012346000], ["b", 4]]
    means = client.get("/plot/shop.json?kind=bar&x=shop&y=share").get_json()["rows"]
    assert means == [["a", 0.3], ["b", None]]
    text = client.get("/plot/shop.csv?kind=bar&x=shop&y=share").get_data(as_text=True)
    assert text.splitlines()[1:] == ["a,0.3", "b,"]


def test_the_largest_and_the_smallest_double_are_written_as_they_are(client):
    # A whole number is written whole: 15 digits of the largest double would round past it, to infinity.
    rows = client.get("/plot/shop.json?kind=bar&x=shop&y=amount&agg=max").get_json()["rows"]
    assert rows[1] == ["b", LARGEST]
    rows = client.get("/plot/shop.json?kind=bar&x=shop&y=amount&agg=min").get_json()["rows"]
    assert rows[1] == ["b", SMALLEST]
    text = client.get("/plot/shop.csv?kind=bar&x=shop&y=amount&agg=max").get_data(as_text=True)
    assert text.splitlines()[2] == f"b,{LARGEST!r}"


@pytest.mark.parametrize(("value", "read"), [
    (349.40000000000003, 349.4), (-0.1 - 0.2, -0.3), (1e-7 + 2e-7, 3e-7), (LARGEST, LARGEST), (-LARGEST, -LARGEST),
    (SMALLEST, SMALLEST), (float("inf"), float("inf")),
    (2.0**53, 2.0**53), (4.611686018427388e18, 4.61168601842739e18), (123456789012345678.0, 1.23456789012346e17),
])
def test_a_number_to_read_keeps_15_digits_of_a_fraction_and_of_a_whole_number_past_2_to_the_53(value, read):
    # What a chart page's table shows of every number, and a chart's data of a combined one.
    assert number_to_read(value) == read


def test_a_number_to_read_keeps_nan():
    assert math.isnan(number_to_read(float("nan")))


def test_values_drawn_row_by_row_and_a_dataset_s_rows_keep_every_digit(client):
    assert client.get("/plot/shop.json?kind=scatter&x=items&y=share").get_json()["rows"][0] == [1, 0.30000000000000004]
    assert client.get("/datasets/shop.json").get_json()["rows"][0] == ["a", 0.1, 1, 0.30000000000000004, 1e17]
    assert "a,0.1,1,0.30000000000000004,1e+17\n" in client.get("/datasets/shop.csv").get_data(as_text=True)


def test_only_the_combined_columns_floats_are_rounded_missing_values_of_any_kind_kept():
    frame = pd.DataFrame({"x": [0.1 + 0.2, 2.0], "sum of v": pd.array([0.1 + 0.2, None], dtype="Float64"),
                          "count": [1, 2]})
    read = with_numbers_to_read(frame, ["sum of v", "count"])
    assert read["x"].tolist() == [0.30000000000000004, 2.0]  # not combined: as it is
    assert read["sum of v"][0] == 0.3 and read["sum of v"][1] is pd.NA
    assert read["count"].tolist() == [1, 2] and frame["sum of v"][0] == 0.30000000000000004  # the frame is left as it was


@pytest.mark.parametrize("agg", ["max", "min"])
def test_a_stored_min_or_max_keeps_every_digit(client, agg):
    # a's only share is 0.30000000000000004, stored so: its min and max are that value, no arithmetic's.
    rows = client.get(f"/plot/shop.json?kind=bar&x=shop&y=share&agg={agg}").get_json()["rows"]
    assert rows[0] == ["a", 0.30000000000000004]
    text = client.get(f"/plot/shop.csv?kind=bar&x=shop&y=share&agg={agg}").get_data(as_text=True)
    assert text.splitlines()[1] == "a,0.30000000000000004"


def test_a_median_is_written_to_15_digits_as_a_mean_is(client):
    rows = client.get("/plot/shop.json?kind=bar&x=shop&y=share&agg=median").get_json()["rows"]
    assert rows[0] == ["a", 0.3]


def test_a_chart_page_s_table_shows_every_number_to_15_digits_where_its_data_keeps_stored_ones(tmp_path, data_dir):
    (data_dir / "shop.csv").write_text(SHOP)
    boards = tmp_path / "boards"
    boards.mkdir()
    (boards / "shop.toml").write_text('[[charts]]\nid = "most"\ndataset = "shop"\nkind = "bar"\nx = "shop"\n'
                                      'y = ["share"]\nagg = "max"\n'
                                      '[[charts]]\nid = "each"\ndataset = "shop"\nkind = "scatter"\nx = "items"\n'
                                      'y = ["share"]\n'
                                      '[[charts]]\nid = "mean"\ndataset = "shop"\nkind = "bar"\nx = "shop"\n'
                                      'y = ["amount"]\nagg = "sum"\n')
    client = create_app({"TESTING": True, "DATA_DIR": str(data_dir), "DASHBOARD_DIRS": [str(boards)],
                         "RENDER_WORKERS": 0}).test_client()

    def cells(chart: str) -> list[str]:
        return re.findall(r"<td>([^<]*)</td>", client.get(f"/d/shop/{chart}").get_data(as_text=True))

    for chart in ("most", "each", "mean"):  # a stored max, values row by row, a's sum 0.1 + 0.2
        assert "0.3" in cells(chart) and "0.30000000000000004" not in cells(chart)
    stored = client.get("/d/shop/most.json").get_json()["rows"]
    assert ["a", 0.30000000000000004] in stored  # the data keeps what was stored


def test_numbers_to_read_over_an_array_reads_each_as_number_to_read_does():
    generator = np.random.default_rng(7)
    values = np.concatenate([
        generator.normal(size=20_000) * 10.0 ** generator.integers(-330, 308, size=20_000),
        generator.normal(size=20_000) * 10.0 ** generator.integers(-10, 17, size=20_000),
        np.round(generator.normal(size=20_000) * 1000, 2) * 1.0000000000000002,
        generator.integers(1, 1000, size=20_000) / generator.integers(1, 1000, size=20_000),
        [0.1 + 0.2, 0.5, -0.0, 2.0**53, 4503599627370495.5, 999.99999999999994, 1e15 - 0.5, 1e-8, 1.5e-8,
         SMALLEST, LARGEST, -LARGEST, math.inf, -math.inf, math.nan, 0.15, 0.25, 12345678901234.55],
    ])
    expected = [number_to_read(value) for value in values.tolist()]
    read = numbers_to_read(values)
    assert read.dtype == np.float64
    differing = [(value, want, got) for value, want, got in zip(values.tolist(), expected, read.tolist())
                 if not (want == got and math.copysign(1, want) == math.copysign(1, got)
                         or math.isnan(want) and math.isnan(got))]
    assert not differing, differing[:5]


# Integers whose means are whole (a's and b's beyond 2**53 and 1e18, exact as doubles) and one that is not.
MEANS = ("group,n\n"
         "a,9007199254740992\na,9007199254740992\n"
         "b,4\nb,6\n"
         "c,1000000000000000000\nc,1000000000000000000\n"
         "d,1\nd,2\n")


def test_a_whole_mean_is_written_whole_as_a_sum_is(data_dir):
    client = writable_app(data_dir, RENDER_WORKERS=0).test_client()
    assert client.post("/api/datasets?name=mean1", data=MEANS, headers=CSV_WRITE).status_code == 201
    text = client.get("/plot/mean1.json?kind=bar").get_data(as_text=True)
    assert '["a", 9007199254740992]' in text and '["b", 5]' in text and '["c", 1000000000000000000]' in text
    assert '["d", 1.5]' in text
    lines = client.get("/plot/mean1.csv?kind=bar").get_data(as_text=True).splitlines()
    assert lines[1:] == ["a,9007199254740992", "b,5", "c,1000000000000000000", "d,1.5"]


def test_a_chart_page_s_table_writes_a_whole_mean_whole_as_its_data_does(tmp_path, data_dir):
    (data_dir / "mean1.csv").write_text(MEANS)
    client = _board_client(tmp_path, data_dir, "means", 'id = "bars"\ndataset = "mean1"\nkind = "bar"\n')
    cells = re.findall(r"<td>([^<]*)</td>", client.get("/d/means/bars").get_data(as_text=True))
    assert cells == ["a", "9007199254740992", "b", "5", "c", "1000000000000000000", "d", "1.5"]


def test_a_chart_page_s_table_keeps_a_stored_whole_double_as_its_csv_does(tmp_path, data_dir):
    # Tenths drawn row by row: a stored 5.0 is read beside 1.2 as its .csv writes it, not as 5.
    (data_dir / "tenths.csv").write_text("x,y\n1.2,5.0\n2.0,1.5\n")
    client = _board_client(tmp_path, data_dir, "tenths", 'id = "dots"\ndataset = "tenths"\nkind = "scatter"\n')
    cells = re.findall(r"<td>([^<]*)</td>", client.get("/d/tenths/dots").get_data(as_text=True))
    assert cells == ["1.2", "5.0", "2.0", "1.5"]
    assert client.get("/d/tenths/dots.csv").get_data(as_text=True).splitlines()[1:] == ["1.2,5.0", "2.0,1.5"]


def _board_client(tmp_path, data_dir, board: str, chart: str):
    """A client of the site on `data_dir` with one dashboard, `board`, of one chart (its TOML fields)."""
    boards = tmp_path / "boards"
    boards.mkdir()
    (boards / f"{board}.toml").write_text("[[charts]]\n" + chart)
    return create_app({"TESTING": True, "DATA_DIR": str(data_dir), "DASHBOARD_DIRS": [str(boards)],
                       "RENDER_WORKERS": 0}).test_client()


# Means whole as doubles whose every digit an int would write is not the value's own: 9.87654321e25 is
# 98765432099999996838936576 to a double's last bit, 1e300 is 301 such digits.
BIG_MEANS = "group,n\nu,9.87654321e25\nu,9.87654321e25\nv,1e300\nv,1e300\n"


def test_a_whole_mean_past_a_double_s_digits_is_written_as_the_double_is(data_dir):
    client = writable_app(data_dir, RENDER_WORKERS=0).test_client()
    assert client.post("/api/datasets?name=mean2", data=BIG_MEANS, headers=CSV_WRITE).status_code == 201
    assert client.get("/plot/mean2.json?kind=bar").get_json()["rows"] == [["u", 9.87654321e25], ["v", 1e300]]
    text = client.get("/plot/mean2.json?kind=bar").get_data(as_text=True)
    assert "98765432099999996838936576" not in text and len(text) < 1000
    lines = client.get("/plot/mean2.csv?kind=bar").get_data(as_text=True).splitlines()
    assert lines[1:] == ["u,9.87654321e+25", "v,1e+300"]
