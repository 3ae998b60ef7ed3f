"""How a chart's and a dataset's `.json` and `.csv`, a bar chart's labels and words, and a dashboard's
range in words write times: each in its shortest exact form, so that one time is written alike whatever rows stand beside it."""
from __future__ import annotations

import csv
import io
from datetime import datetime

import numpy as np
import pandas as pd
import pytest

from app.export import frame_json_rows, spec_json
from plots import chart_frame, describe, parse_spec
from plots.value_text import category_labels, date_texts
from tests.conftest import created, writable_app
from tests.page_text import page_lines
from tests.test_chart_truth import desc_of, svg_texts
from tests.test_pdf import pdf_text, saved


@pytest.fixture
def client(data_dir):
    client = writable_app(data_dir, RENDER_WORKERS=0).test_client()
    created(client, "ticks", "t,v\n2024-01-25T06:00:00,1\n2024-01-25T06:00:00.5,2\n2024-01-26T06:00:00,3\n")
    return client


def json_times(client, url: str) -> list[str]:
    return [row[0] for row in client.get(url).get_json()["rows"]]


def csv_times(client, url: str) -> list[str]:
    return [row[0] for row in csv.reader(io.StringIO(client.get(url).get_data(as_text=True)))][1:]


def test_a_time_is_written_alike_with_or_without_a_fraction_beside_it(client):
    every = "/plot/ticks.json?y=v"
    whole_seconds = "/plot/ticks.json?y=v&from=2024-01-26"
    assert json_times(client, every) == ["2024-01-25T06:00:00Z", "2024-01-25T06:00:00.5Z", "2024-01-26T06:00:00Z"]
    assert json_times(client, whole_seconds) == ["2024-01-26T06:00:00Z"]


@pytest.mark.parametrize("url", ["/plot/ticks.{}?y=v", "/datasets/ticks.{}"])
def test_csv_writes_the_times_json_does(client, url):
    assert csv_times(client, url.format("csv")) == json_times(client, url.format("json")) == [
        "2024-01-25T06:00:00Z", "2024-01-25T06:00:00.5Z", "2024-01-26T06:00:00Z"]


def test_a_fraction_is_written_with_the_digits_it_needs():
    times = pd.to_datetime(["2024-01-01T06:00:00", "2024-01-01T06:00:00.25", "2024-01-01T06:00:00.000001",
                            "2024-01-01T06:00:00.000000001"], format="ISO8601")
    assert [row[0] for row in frame_json_rows(pd.DataFrame({"t": times}))] == [
        "2024-01-01T06:00:00Z", "2024-01-01T06:00:00.25Z", "2024-01-01T06:00:00.000001Z",
        "2024-01-01T06:00:00.000000001Z"]


def test_a_selection_and_a_bound_write_their_times_as_the_rows_do(client):
    answer = client.get("/plot/ticks.json?y=v&from=2024-01-25T06:00:00.5").get_json()
    assert answer["selection"]["from"] == "2024-01-25T06:00:00.5Z"
    spec = parse_spec({"xmin": ["2024-01-25T06:00:00.5"], "y": ["v"]}, {"t": "datetime", "v": "integer"})
    assert spec_json(spec)["xmin"] == "2024-01-25T06:00:00.5Z"
    assert spec_json(parse_spec({"xmin": [datetime(2024, 1, 25).isoformat()]}, {"t": "datetime", "v": "integer"}))[
        "xmin"] == "2024-01-25T00:00:00Z"


def test_a_column_of_times_is_written_each_with_the_fraction_it_needs_and_none_for_a_missing_one():
    texts = ["2024-01-01T06:00:00", None, "2024-01-01T06:00:00.1", "2024-01-01T06:00:00.123",
             "2024-01-01T06:00:00.000100", "2024-01-01T06:00:00.999999", "2024-01-01T06:00:00.000000001",
             "2024-01-01T06:00:00.12345678", "1969-12-31T23:59:59.5"]
    moments = pd.Series(pd.to_datetime(texts, format="ISO8601"))
    written = date_texts(moments)
    assert written[1] is None
    assert [text for text in written if text] == [
        "2024-01-01T06:00:00Z", "2024-01-01T06:00:00.1Z", "2024-01-01T06:00:00.123Z", "2024-01-01T06:00:00.0001Z",
        "2024-01-01T06:00:00.999999Z", "2024-01-01T06:00:00.000000001Z", "2024-01-01T06:00:00.12345678Z",
        "1969-12-31T23:59:59.5Z"]
    # In UTC, from a column with a time zone; to the microsecond, as the first rows of a longer column.
    zoned = pd.Series(pd.to_datetime(["2024-01-01T06:00:00.5+05:30", "2024-01-01T06:00:00+05:30", None],
                                     format="ISO8601", utc=True)).dt.tz_convert("Asia/Kolkata")
    assert date_texts(zoned, "us") == ["2024-01-01T00:30:00.5Z", "2024-01-01T00:30:00Z", None]
    farthest = pd.Series(np.array(["0001-01-01T00:00:00.000001", "9999-12-31T23:59:59.5"], dtype="datetime64[us]"))
    assert date_texts(farthest) == ["0001-01-01T00:00:00.000001Z", "9999-12-31T23:59:59.5Z"]
    assert date_texts(pd.Series([None, None], dtype="datetime64[us]"), "us") == [None, None]
    assert date_texts(pd.Series([], dtype="datetime64[ns]"), "ns") == []


def test_every_written_time_reads_back_as_its_moment_and_ends_in_no_zero_of_its_fraction():
    rng = np.random.default_rng(7)
    nanoseconds = rng.integers(-2**62, 2**62, 2000)
    for unit in (1, 1000, 10**6, 10**9):  # nano-, micro-, milliseconds and whole seconds
        moments = pd.Series((nanoseconds // unit * unit).astype("datetime64[ns]"))
        moments[::9] = pd.NaT
        for moment, text in zip(moments, date_texts(moments, "ns")):
            assert (text is None) == pd.isna(moment)
            if text:
                fraction = text.removesuffix("Z").partition(".")[2]
                assert text.endswith("Z") and pd.Timestamp(text) == moment.tz_localize("UTC"), text
                assert not fraction.endswith("0") and ("." in text) == bool(moment.nanosecond or moment.microsecond), text


def test_bars_of_times_with_a_fraction_are_labelled_and_described_with_the_digits_each_needs(client):
    # Every label and the words wrote six digits of a fraction: "2024-01-01 00:30:00.000000". Two moments
    # within a second of each other are labelled to the fraction that tells them apart.
    created(client, "stev", "t,v\n2024-01-01T00:30:00Z,1\n2024-01-01T00:30:00.5Z,2\n2025-01-01T00:00:00Z,3\n")
    url = "/plot/stev.svg?y=v&kind=barh"
    assert [text for text in svg_texts(client, url) if text.startswith("20")] == [
        "2024-01-01 00:30:00", "2024-01-01 00:30:00.5", "2025-01-01 00:00:00"]
    assert "t from 2024-01-01 00:30:00 to 2025-01-01 00:00:00." in desc_of(client, url)


def test_bar_labels_of_times_write_each_fraction_as_the_rows_do_on_the_columns_clock():
    zoned = pd.Series(pd.to_datetime(["2024-01-01T06:00:00+05:30", "2024-01-01T06:00:00.25+05:30", None,
                                      "2024-01-01T06:00:00.000000001+05:30"], format="ISO8601", utc=True))
    assert category_labels(zoned.dt.tz_convert("Asia/Kolkata"), None) == [
        "2024-01-01 06:00:00", "2024-01-01 06:00:00.25", "", "2024-01-01 06:00:00.000000001"]
    farthest = pd.Series(np.array(["0001-01-01T00:00:00.000001", "9999-12-31T23:59:59.5"], dtype="datetime64[us]"))
    assert category_labels(farthest, None) == ["0001-01-01 00:00:00.000001", "9999-12-31 23:59:59.5"]


def test_a_column_of_zoned_times_is_written_on_its_clock_with_its_offset_where_asked():
    zoned = pd.Series(pd.to_datetime(["2024-01-01T06:00:00.5+05:30", "2024-01-01T06:00:00+05:30", None],
                                     format="ISO8601", utc=True)).dt.tz_convert("Asia/Kolkata")
    assert date_texts(zoned, "us", zoned=True) == ["2024-01-01T06:00:00.5+05:30", "2024-01-01T06:00:00+05:30", None]
    # A midnight of Berlin, with the offset of its season; a midnight of UTC as a time too: a date has no offset.
    midnights = pd.Series(pd.to_datetime(["2024-12-30", "2024-06-30"]).tz_localize("Europe/Berlin"))
    assert date_texts(midnights, zoned=True) == ["2024-12-30T00:00:00+01:00", "2024-06-30T00:00:00+02:00"]
    assert date_texts(midnights.dt.tz_convert("UTC"), zoned=True) == ["2024-12-29T23:00:00+00:00",
                                                                       "2024-06-29T22:00:00+00:00"]
    assert date_texts(pd.Series(pd.to_datetime(["2024-12-30"])), zoned=True) == ["2024-12-30"]  # no zone: as ever


@pytest.mark.parametrize("kind", ["line", "scatter", "area"])
def test_a_charts_words_write_zoned_times_on_their_clock_and_its_data_in_utc(kind):
    frame = pd.DataFrame({"t": pd.date_range("2024-12-30", periods=3, freq="D", tz="Europe/Berlin"),
                          "v": [1.0, 2.0, np.nan]})
    spec = parse_spec({"kind": [kind], "x": ["t"], "y": ["v"]}, {"t": "datetime", "v": "float"})
    data = chart_frame(spec, frame)
    assert describe(spec, data)[1] == (
        f"{spec_label(kind)} of v by t, 3 rows. t from 2024-12-30T00:00:00+01:00 to 2024-12-31T00:00:00+01:00. "
        "last value: v 2 at t 2024-12-31T00:00:00+01:00, lowest 1 (2024-12-30T00:00:00+01:00), "
        "highest 2 (its last value).")
    assert [row[0] for row in frame_json_rows(data)] == ["2024-12-29T23:00:00Z", "2024-12-30T23:00:00Z",
                                                          "2024-12-31T23:00:00Z"]
    # Resampled, a period is named as its bar is, on the zone's calendar.
    spec = parse_spec({"kind": [kind], "x": ["t"], "y": ["v"], "resample": ["week"], "agg": ["sum"]},
                      {"t": "datetime", "v": "float"})
    assert ", 1 week. t 2024-12-30. " in describe(spec, chart_frame(spec, frame))[1]


def test_a_window_of_zoned_times_names_the_rows_either_side_on_their_clock():
    frame = pd.DataFrame({"t": pd.date_range("2024-12-30", periods=3, freq="D", tz="Europe/Berlin"),
                          "v": [1.0, 2.0, 3.0]})
    spec = parse_spec({"x": ["t"], "y": ["v"], "xmin": ["2024-12-30T06:00:00Z"], "xmax": ["2024-12-30T08:00:00Z"]},
                      {"t": "datetime", "v": "float"})
    assert describe(spec, chart_frame(spec, frame))[1].endswith(
        "either side of this range, t 2024-12-30T00:00:00+01:00 and 2024-12-31T00:00:00+01:00.")


def spec_label(kind: str) -> str:
    return {"line": "Line chart", "scatter": "Scatter plot", "area": "Area chart"}[kind]


def test_a_dashboards_range_is_written_with_the_fraction_digits_each_bound_needs(data_dir, tmp_path):
    # The page, the chart page and the report wrote "2020-03-01 08:00:00.500000 UTC".
    boards = tmp_path / "boards"
    boards.mkdir()
    (boards / "span.toml").write_text("title = \"Span\"\nfrom = 2020-01-31T08:00:00.1234567+02:00\n"
                                      "to = 2020-03-01T08:00:00.5Z\n[[charts]]\nid = \"v\"\ndataset = \"span\"\n"
                                      "y = [\"v\"]\n")
    first = writable_app(data_dir)
    created(first.test_client(), "span", "t,v\n2020-02-01T00:00:00,1\n2020-02-02T00:00:00,2\n")
    first.extensions["svgplots"].store.close()
    client = writable_app(data_dir, DASHBOARD_DIRS=[str(boards)], RENDER_WORKERS=0).test_client()
    words = "2020-01-31 06:00:00.123456 UTC to 2020-03-01 08:00:00.5 UTC"
    assert f"Showing: {words}" in "\n".join(page_lines(client.get("/d/span").get_data(as_text=True)))
    assert f"Rows: {words} (" in "\n".join(page_lines(client.get("/d/span/v").get_data(as_text=True)))
    assert f"Time range: {words}" in pdf_text(saved(client.get("/d/span.pdf").data, tmp_path))
    whole = client.get("/d/span?from=2020-01-31T06:00:00.000&to=2020-03-01T08:00:00",
                       follow_redirects=True).get_data(as_text=True)
    assert "Showing: 2020-01-31 06:00:00 UTC to 2020-03-01 08:00:00 UTC" in "\n".join(page_lines(whole))
