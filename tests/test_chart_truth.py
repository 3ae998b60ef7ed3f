"""Charts say what their data says: a resampled line breaks where periods hold no value, bars of
different numbers are labelled apart, a histogram of whole numbers counts as many in each bin, the
value axis and the alt text name how rows were combined, and times are written alike everywhere."""
from __future__ import annotations

import html
import re
from collections.abc import Iterator
from pathlib import Path

import matplotlib.dates as mdates
import numpy as np
import pandas as pd
import pytest

from app.store import load_sources
from app.store.source_conditions import Condition
from app.store.sources import SourceStore
from plots import Limits, build_figure, chart_frame, describe, parse_spec, render_svg
from plots.rows import bins_of, drawn_of
from plots.value_text import category_labels
from tests.postgres import database
from tests.sample_store import app_on_samples
from tests.source_data import sources_toml
from tests.test_source_values import sqlite_file, table_statements

# Four months with values and three without between February and June.
MONTHS = "date,v\n2024-01-15,10\n2024-02-15,20\n2024-06-15,30\n2024-07-15,40\n"


# Scores 0 to 30, each ten times: spread evenly over 31 whole numbers.
SCORES = [score for score in range(31) for _ in range(10)]
# Each backend's names of the column types the source tables use.
SQL_TYPES = {"sqlite": {"time": "DATETIME", "real": "REAL", "int": "INTEGER", "text": "TEXT"},
             "postgresql": {"time": "timestamp", "real": "double precision", "int": "bigint", "text": "text"}}


@pytest.fixture(scope="module", params=["sqlite", "postgresql"])
def source_url(request, tmp_path_factory) -> Iterator[str]:
    """A source database holding `MONTHS` ("months"), `SCORES` in an integer and a float column
    ("scores", "float_scores"), with 2.5 ("mixed") and as station "c" beside huge values of "b"
    ("huge"), and bars of categories given twice ("cats"): in SQLite, then in PostgreSQL."""
    types = SQL_TYPES[request.param]
    months = [(f"{line.split(',')[0]} 00:00:00", float(line.split(",")[1])) for line in MONTHS.splitlines()[1:]]
    tables = {
        "months": (f"date {types['time']}, v {types['real']}", months),
        "scores": (f"score {types['int']}", [(score,) for score in SCORES]),
        "float_scores": (f"score {types['real']}", [(float(score),) for score in SCORES]),
        "mixed": (f"score {types['real']}", [(float(score),) for score in [*SCORES, 2.5]]),
        "huge": (f"station {types['text']}, score {types['real']}",
                 [("c", float(score)) for score in SCORES] + [("b", 1e300), ("b", -1e300)]),
        "cats": (f"c {types['text']}, v {types['real']}",
                 [("a", 10.0), ("a", 30.0), ("b", 5.0), ("c", 4.0), ("c", 8.0)]),
    }
    if request.param == "sqlite":
        yield sqlite_file(tmp_path_factory.mktemp("truth") / "truth.db", tables)
        return
    with database(request.getfixturevalue("postgres_url"), "svgplots_source_truth", *table_statements(tables)) as url:
        yield url


@pytest.fixture
def source_store(tmp_path: Path, source_url: str) -> Iterator[SourceStore]:
    """The tables of `source_url` as source datasets of their names."""
    names = ("months", "scores", "float_scores", "mixed", "huge", "cats")
    store = SourceStore(load_sources(sources_toml(tmp_path / "s.toml", {"db": {"url": source_url}},
                                                  {name: {"source": "db", "table": name} for name in names})))
    yield store
    store.close()


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


def test_a_sources_resampled_line_breaks_where_a_stored_datasets_does(source_store: SourceStore):
    spec = parse_spec({"x": ["date"], "y": ["v"], "resample": ["month"]}, source_store.info("months").column_types())
    drawn = chart_frame(spec, source_store.chart_rows("months", spec, Limits(), 640).frame)
    assert joined(spec, drawn) == {("2024-01-01", "2024-02-01"), ("2024-06-01", "2024-07-01")}


def svg_texts(client, url: str) -> list[str]:
    """The texts an SVG chart draws (its <text> elements), in order."""
    response = client.get(url)
    assert response.status_code == 200, response.data[:400]
    return re.findall(r"<text[^>]*>([^<]*)</text>", response.get_data(as_text=True))


@pytest.fixture
def client(data_dir: Path):
    """The site over the sample data and `data_dir`, whose CSV files are datasets."""
    return app_on_samples({"TESTING": True, "DATA_DIR": str(data_dir)}).test_client()


@pytest.mark.parametrize(("values", "labels"), [  # the labels in the bars' order: by value
    (["2.1234567", "2.1234568", "2.12345671"], ["2.1234567", "2.12345671", "2.1234568"]),
    (["0.1", "0.30000000000000004", "0.3"], ["0.1", "0.3", "0.30000000000000004"]),
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



def hist_bins(values, column_type: str = "integer", **fields: str) -> tuple[np.ndarray, np.ndarray]:
    """The edges of a histogram of `values` and what each bin counts."""
    frame = pd.DataFrame({"score": pd.Series(values, dtype="int64" if column_type == "integer" else "float64")})
    spec = parse_spec({"kind": ["hist"], "y": ["score"], **{k: [v] for k, v in fields.items()}},
                      {"score": column_type})
    edges = bins_of(chart_frame(spec, frame))
    return edges, np.histogram(frame["score"].dropna(), edges)[0]


@pytest.mark.parametrize("column_type", ["integer", "float"])
def test_a_histogram_of_whole_numbers_spread_evenly_has_bins_of_even_counts(column_type):
    # Twenty equal parts of 0 to 30 held one or two scores by turns: 20, 10, 20, 10 …
    edges, counts = hist_bins(SCORES, column_type)
    assert list(edges) == [-0.5 + 2 * k for k in range(17)]
    assert list(counts) == [20] * 15 + [10]  # the last bin holds 30 and 31, which no row has


@pytest.mark.parametrize(("bins", "width"), [("200", 1), ("31", 1), ("7", 5), ("1", 31)])
def test_whole_number_bins_are_as_many_as_asked_or_fewer_each_a_whole_number_wide(bins, width):
    edges, counts = hist_bins(SCORES, bins=bins)
    assert len(counts) <= int(bins) and set(np.diff(edges)) == {width}
    assert edges[0] == -0.5 and edges[-2] <= 30 < edges[-1]
    assert all(count == 10 * width for count in counts[:-1])


def test_a_histogram_of_values_not_all_whole_splits_their_range_into_equal_bins():
    edges, _ = hist_bins([*SCORES, 2.5], "float")
    assert len(edges) == 21 and edges[0] == 0 and edges[-1] == 30


def test_a_histogram_whose_range_xmin_and_xmax_set_splits_it_into_equal_bins():
    edges, _ = hist_bins(SCORES, xmin="0", xmax="30", bins="20")
    assert len(edges) == 21 and edges[0] == 0 and edges[-1] == 30


@pytest.mark.parametrize("table", ["scores", "float_scores"])
def test_a_sources_histogram_of_whole_numbers_has_a_stored_datasets_bins(source_store: SourceStore, table):
    types = source_store.info(table).column_types()
    spec = parse_spec({"kind": ["hist"], "y": ["score"]}, types)
    drawn = source_store.chart_rows(table, spec, Limits(), 640).frame
    edges, counts = hist_bins(SCORES, types["score"])
    assert list(bins_of(drawn)) == list(edges)
    assert list(drawn["score"]) == list(counts)


def test_a_sources_histogram_of_values_not_all_whole_has_equal_bins(source_store: SourceStore):
    spec = parse_spec({"kind": ["hist"], "y": ["score"]}, source_store.info("mixed").column_types())
    edges = bins_of(source_store.chart_rows("mixed", spec, Limits(), 640).frame)
    assert len(edges) == 21 and edges[0] == 0 and edges[-1] == 30


def test_a_sources_whole_numbers_chosen_among_huge_values_are_binned_by_whole_numbers(source_store: SourceStore):
    # The rows of "b" hold values no 64-bit integer holds: left out, they are never cast to one.
    spec = parse_spec({"kind": ["hist"], "y": ["score"]}, source_store.info("huge").column_types())
    drawn = source_store.chart_rows("huge", spec, Limits(), 640, [Condition("station", "in", ("c",))]).frame
    assert list(bins_of(drawn)) == [-0.5 + 2 * k for k in range(17)]


def desc_of(client, url: str) -> str:
    response = client.get(url)
    assert response.status_code == 200, response.data[:400]
    return re.search(r"<desc[^>]*>([^<]*)</desc>", response.get_data(as_text=True)).group(1)


@pytest.fixture
def twice(client, data_dir: Path):
    """The site with "twice": category a given twice (10, 30), b once (5); and "once": each once."""
    (data_dir / "twice.csv").write_text("c,v\na,10\na,30\nb,5\n")
    (data_dir / "once.csv").write_text("c,v\na,10\nb,5\n")
    return client


# a's values, 10 and 30, combined, beside b's 5: the highest bar is a's.
@pytest.mark.parametrize(("query", "title", "a"), [("kind=bar", "mean of v", 20), ("kind=bar&agg=sum", "sum of v", 40),
                                                   ("kind=barh&agg=max", "max of v", 30),
                                                   ("kind=bar&agg=median", "median of v", 20),
                                                   ("kind=bar&agg=count&y=v", "count of v", 2),
                                                   ("kind=bar&agg=count", "count of rows", 2)])
def test_bars_of_a_category_given_twice_name_how_its_rows_were_combined(twice, query, title, a):
    texts = svg_texts(twice, f"/plot/twice.svg?{query}")
    assert title in texts and "v" not in texts
    b = 1 if "count" in query else 5
    assert desc_of(twice, f"/plot/twice.svg?{query}").endswith(f"{title}: a {a}, b {b}.")


def test_bars_of_categories_given_once_are_titled_by_their_column(twice):
    assert "v" in svg_texts(twice, "/plot/once.svg?kind=bar")
    assert desc_of(twice, "/plot/once.svg?kind=bar").endswith("v: a 10, b 5.")


# The weeks without rows sum to 0, the first of them the week of 2024-01-22; months without rows are no period.
@pytest.mark.parametrize(("query", "title", "last"), [
    ("resample=week&kind=bar&agg=sum", "sum of v", "40, lowest 0 (2024-01-22), highest 40 (2024-07-15)"),
    ("resample=month", "mean of v", "40, lowest 10 (2024-01), highest 40 (2024-07)"),
    ("resample=month&kind=area&agg=min", "min of v", "40, lowest 10 (2024-01), highest 40 (2024-07)")])
def test_a_resampled_chart_names_how_each_periods_rows_were_combined(client, data_dir: Path, query, title, last):
    (data_dir / "months.csv").write_text(MONTHS)
    texts = svg_texts(client, f"/plot/months.svg?{query}")
    assert title in texts and "v" not in texts
    assert desc_of(client, f"/plot/months.svg?{query}").endswith(f"last value: {title} {last}.")


def test_a_value_axis_title_the_url_gives_stays_and_the_words_name_the_aggregate(twice):
    assert "Kelvin" in svg_texts(twice, "/plot/twice.svg?kind=bar&ylabel=Kelvin")
    assert desc_of(twice, "/plot/twice.svg?kind=bar&ylabel=Kelvin").endswith(
        "mean of v: a 20, b 5. y axis: Kelvin.")


@pytest.mark.parametrize(("name", "axis", "said"), [
    ("v ", "sum of 'v '", "sum of 'v '"),  # the page's rule quotes an end space, on the axis as in the words
    ("'v", "sum of \"'v\"", "sum of \"'v\""),  # and a quote mark it begins with
    ("a;b", "sum of a;b", "sum of 'a;b'"),  # the words quote it among the values they list; the axis need not
    ("v", "sum of v", "sum of v"),
])
def test_a_value_axis_names_its_column_by_the_pages_quoting_rule(name, axis, said):
    frame = pd.DataFrame({"t": pd.to_datetime(["2024-01-15", "2024-02-15"]), name: [1.0, 2.0]})
    spec = parse_spec({"x": ["t"], "y": [name], "resample": ["month"], "agg": ["sum"]},
                      {"t": "datetime", name: "float"})
    data = chart_frame(spec, frame)
    svg = render_svg(spec, data).decode()
    texts = [html.unescape(text) for text in re.findall(r"<text[^>]*>([^<]*)</text>", svg)]
    assert axis in texts, texts
    assert describe(spec, data)[1].endswith(f"last value: {said} 2, lowest 1 (2024-01), highest 2 (2024-02).")


def test_bars_a_sources_database_combined_name_how_as_a_stored_datasets_do(source_store: SourceStore):
    spec = parse_spec({"kind": ["bar"], "x": ["c"], "y": ["v"]}, source_store.info("cats").column_types())
    # More rows than the bars a chart may have: the database groups them.
    drawn = source_store.chart_rows("cats", spec, Limits(max_categories=3), 640).frame
    assert drawn_of(drawn) is not None and len(drawn) == 3
    assert describe(spec, drawn)[1].endswith("mean of v: a 20, b 5, c 6.")
    assert "mean of v" in re.findall(r"<text[^>]*>([^<]*)</text>", render_svg(spec, drawn).decode())


@pytest.mark.parametrize("kind", ["line", "scatter", "area"])
def test_the_words_write_times_uploaded_with_an_offset_as_the_charts_data_does(client, data_dir: Path, kind):
    (data_dir / "offset.csv").write_text("t,v\n2024-03-31T01:00:00+02:00,1\n2024-03-31T05:00:00+02:00,2\n"
                                         "2024-03-31T06:00:00+02:00,\n")
    rows = client.get(f"/plot/offset.json?kind={kind}").get_json()["rows"]
    assert [row[0] for row in rows] == ["2024-03-30T23:00:00Z", "2024-03-31T03:00:00Z", "2024-03-31T04:00:00Z"]
    assert desc_of(client, f"/plot/offset.svg?kind={kind}").endswith(
        ". t from 2024-03-30T23:00:00Z to 2024-03-31T03:00:00Z. last value: v 2 at t 2024-03-31T03:00:00Z, "
        "lowest 1 (2024-03-30T23:00:00Z), highest 2 (its last value).")


def test_the_words_write_a_midnight_among_times_as_the_charts_data_does(client, data_dir: Path):
    (data_dir / "midnight.csv").write_text("t,v\n2024-03-31,1\n2024-03-31T06:30:00,2\n")
    rows = client.get("/plot/midnight.json").get_json()["rows"]
    assert rows[0][0] == "2024-03-31T00:00:00Z"
    assert "t from 2024-03-31T00:00:00Z to 2024-03-31T06:30:00Z." in desc_of(client, "/plot/midnight.svg")


def test_the_words_write_dates_alone_as_the_charts_data_does(client, data_dir: Path):
    (data_dir / "months.csv").write_text(MONTHS)
    assert client.get("/plot/months.json").get_json()["rows"][0][0] == "2024-01-15"
    assert "date from 2024-01-15 to 2024-07-15." in desc_of(client, "/plot/months.svg")
