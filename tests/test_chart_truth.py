"""Charts say what their data says: a resampled line breaks where periods hold no value, bars of
different numbers are labelled apart, a histogram of whole numbers counts as many in each bin, the
value axis and the alt text name how rows were combined, and times are written alike everywhere."""
from __future__ import annotations

import re
from pathlib import Path

import matplotlib.dates as mdates
import numpy as np
import pandas as pd
import pytest

from app import create_app
from app.store import load_sources
from app.store.sources import SourceStore
from plots import Limits, build_figure, chart_frame, parse_spec
from plots.value_text import category_labels
from tests.source_data import sources_toml
from tests.test_source_values import sqlite_file

# Four months with values and three without between February and June.
MONTHS = "date,v\n2024-01-15,10\n2024-02-15,20\n2024-06-15,30\n2024-07-15,40\n"


def frame_of(text: str) -> pd.DataFrame:
    frame = pd.read_csv(pd.io.common.StringIO(text))
    frame[frame.columns[0]] = pd.to_datetime(frame[frame.columns[0]])
    return frame


def spec_of(frame: pd.DataFrame, **fields: str):
    types = {name: ("datetime" if pd.api.types.is_datetime64_any_dtype(frame[name]) else
                    "integer" if pd.api.types.is_integer_dtype(frame[name]) else "float") for name in frame.columns}
    return parse_spec({name: [value] for name, value in fields.items()}, types)


def joined(spec, data: pd.DataFrame) -> set[tuple[str, str]]:
    """The pairs of dates (YYYY-MM-DD) the first line of the chart joins with a segment."""
    line = build_figure(spec, data, dpi=72).axes[0].get_lines()[0]
    xy = line.get_xydata()
    days = [mdates.num2date(x).strftime("%Y-%m-%d") if np.isfinite(x) else None for x in xy[:, 0]]
    present = np.isfinite(xy).all(axis=1)
    return {(days[i], days[i + 1]) for i in range(len(xy) - 1) if present[i] and present[i + 1]}


@pytest.mark.parametrize("kind", ["line", "area"])
@pytest.mark.parametrize("agg", ["mean", "max", "min", "median"])
def test_a_resampled_line_breaks_at_months_without_rows(kind, agg):
    frame = frame_of(MONTHS)
    spec = spec_of(frame, kind=kind, x="date", y="v", resample="month", agg=agg)
    segments = joined(spec, chart_frame(spec, frame))
    assert ("2024-02-01", "2024-06-01") not in segments
    assert segments == {("2024-01-01", "2024-02-01"), ("2024-06-01", "2024-07-01")}


def test_a_daily_line_breaks_at_missing_days_and_joins_neighbouring_ones():
    frame = frame_of("t,v\n2024-03-01,1\n2024-03-02,2\n2024-03-02,4\n2024-03-05,5\n2024-03-06,6\n")
    spec = spec_of(frame, x="t", y="v", resample="day")
    assert joined(spec, chart_frame(spec, frame)) == {("2024-03-01", "2024-03-02"), ("2024-03-05", "2024-03-06")}


def test_a_month_without_rows_breaks_the_line_as_a_month_of_missing_values_does():
    frame = frame_of(MONTHS)
    missing = frame_of(MONTHS.replace("2024-06-15,30\n", "2024-04-15,\n2024-06-15,30\n"))
    spec = spec_of(frame, x="date", y="v", resample="month")
    assert joined(spec, chart_frame(spec, missing)) == joined(spec, chart_frame(spec, frame))
    assert ("2024-02-01", "2024-06-01") not in joined(spec, chart_frame(spec, missing))


def test_the_rows_of_a_resampled_line_leave_months_without_rows_out():
    frame = frame_of(MONTHS)
    spec = spec_of(frame, x="date", y="v", resample="month")
    assert chart_frame(spec, frame)["date"].dt.month.tolist() == [1, 2, 6, 7]


def test_sums_fill_empty_months_with_zeros_and_join_them():
    frame = frame_of(MONTHS)
    spec = spec_of(frame, x="date", y="v", resample="month", agg="sum")
    segments = joined(spec, chart_frame(spec, frame))
    assert len(segments) == 6 and ("2024-02-01", "2024-03-01") in segments


def test_a_sources_resampled_line_breaks_where_a_stored_datasets_does(tmp_path: Path):
    rows = [(f"{day} 00:00:00", value) for day, value in
            (line.split(",") for line in MONTHS.splitlines()[1:])]
    url = sqlite_file(tmp_path / "months.db", {"months": ("date DATETIME, v REAL", [(d, float(v)) for d, v in rows])})
    store = SourceStore(load_sources(sources_toml(tmp_path / "s.toml", {"db": {"url": url}},
                                                  {"months": {"source": "db", "table": "months"}})))
    try:
        spec = parse_spec({"x": ["date"], "y": ["v"], "resample": ["month"]}, store.info("months").column_types())
        drawn = chart_frame(spec, store.chart_rows("months", spec, Limits(), 640).frame)
    finally:
        store.close()
    assert joined(spec, drawn) == {("2024-01-01", "2024-02-01"), ("2024-06-01", "2024-07-01")}


def svg_texts(client, url: str) -> list[str]:
    """The texts an SVG chart draws (its <text> elements), in order."""
    response = client.get(url)
    assert response.status_code == 200, response.data[:400]
    return re.findall(r"<text[^>]*>([^<]*)</text>", response.get_data(as_text=True))


@pytest.fixture
def client(data_dir: Path):
    """The site over the sample data and `data_dir`, whose CSV files are datasets."""
    return create_app({"TESTING": True, "DATA_DIR": str(data_dir)}).test_client()


@pytest.mark.parametrize(("values", "labels"), [
    (["2.1234567", "2.1234568", "2.12345671"], ["2.1234567", "2.1234568", "2.12345671"]),
    (["0.1", "0.30000000000000004", "0.3"], ["0.1", "0.30000000000000004", "0.3"]),
])
def test_bars_of_numbers_alike_to_six_digits_are_labelled_apart(client, data_dir: Path, values, labels):
    (data_dir / "near.csv").write_text("x,v\n" + "".join(f"{x},{i}\n" for i, x in enumerate(values, 1)))
    texts = svg_texts(client, "/plot/near.svg?kind=bar")
    assert [text for text in texts if text in labels] == labels


def test_number_labels_apart_at_six_digits_keep_them():
    assert category_labels(pd.Series([1.23456789, 2.5, 0.1]), None) == ["1.23457", "2.5", "0.1"]
    # Only the labels alike are written longer.
    assert category_labels(pd.Series([0.3, 0.30000000000000004, 1.23456789, -7e-9]), None) == [
        "0.3", "0.30000000000000004", "1.23457", "\N{MINUS SIGN}7e\N{MINUS SIGN}09"]
    assert category_labels(pd.Series([3.0, 3.0000000000000004]), None) == ["3", "3.0000000000000004"]
