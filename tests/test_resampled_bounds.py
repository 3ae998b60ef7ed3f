"""A resampled chart's x bounds: its rows stand at the start of their periods. A scatter plot's axis
shows each of them, the first one too when xmin falls inside its period; a line's or area's axis is
its bounds, and the line runs on to the nearest period beyond each, made of all its rows."""
from __future__ import annotations

import io
import re

import matplotlib.dates as mdates
import numpy as np
import pandas as pd
import pytest

from plots import build_figure, chart_frame, describe, parse_spec
from plots.plot_notes import plot_note
from plots.x_window import periods_crossing, periods_in_window
from tests.conftest import CSV_WRITE, writable_app
from tests.source_data import sources_toml, write_sqlite
from tests.statements import statements_run

COLUMNS = {"t": "datetime", "v": "float"}


def daily_frame(start: str, days: int) -> pd.DataFrame:
    return pd.DataFrame({"t": pd.date_range(start, periods=days, freq="D"), "v": np.arange(days, dtype=float)})


def drawn(kind: str, frame: pd.DataFrame, **fields: str):
    """The x axis limits of the chart and the x (axis units) of the rows it draws."""
    spec = parse_spec({"kind": [kind], "x": ["t"], "y": ["v"], **{k: [v] for k, v in fields.items()}}, COLUMNS)
    data = chart_frame(spec, frame)
    ax = build_figure(spec, data).axes[0]
    return ax.get_xlim(), mdates.date2num(data["t"])


def test_the_first_period_of_a_resampled_scatter_plot_is_inside_its_x_axis():
    frame = daily_frame("2025-01-01", 120)
    (left, right), xs = drawn("scatter", frame, resample="month", agg="sum", xmin="2025-01-15", xmax="2025-04-15")
    assert len(xs) == 4 and xs[0] == mdates.date2num(pd.Timestamp("2025-01-01"))
    assert left <= xs[0] and xs[-1] <= right
    assert right == mdates.date2num(pd.Timestamp("2025-04-15"))  # xmax stays: the last period starts before it


@pytest.mark.parametrize("kind", ["line", "area"])
def test_a_resampled_lines_axis_is_its_bounds_and_it_runs_on_to_the_whole_periods_beyond(kind):
    # The axis started on 1 January, before the xmin asked for, and January summed the 15th to the 31st.
    spec = parse_spec({"kind": [kind], "x": ["t"], "y": ["v"], "resample": ["month"], "agg": ["sum"],
                       "xmin": ["2025-01-15"], "xmax": ["2025-03-15"]}, COLUMNS)
    data = chart_frame(spec, daily_frame("2025-01-01", 120))
    ax = build_figure(spec, data).axes[0]
    assert ax.get_xlim() == tuple(mdates.date2num(pd.to_datetime(["2025-01-15", "2025-03-15"])))
    assert list(data["t"]) == list(pd.to_datetime(["2025-01-01", "2025-02-01", "2025-03-01", "2025-04-01"]))
    assert list(data["v"]) == [sum(range(31)), sum(range(31, 59)), sum(range(59, 90)), sum(range(90, 120))]


def test_a_week_resampled_between_two_days_runs_from_the_week_before():
    # 2025-06-01 is a Sunday: its week starts on Monday 26 May, and the 2nd starts the next one.
    (left, right), xs = drawn("line", daily_frame("2025-05-20", 20), resample="week", agg="sum",
                              xmin="2025-06-01", xmax="2025-06-02")
    assert list(xs) == list(mdates.date2num(pd.to_datetime(["2025-05-26", "2025-06-02"])))
    assert (left, right) == tuple(mdates.date2num(pd.to_datetime(["2025-06-01", "2025-06-02"])))


def test_a_resampled_line_between_two_periods_shows_the_line_between_them():
    spec = parse_spec({"x": ["t"], "y": ["v"], "resample": ["month"], "agg": ["mean"],
                       "xmin": ["2025-02-10"], "xmax": ["2025-02-20"]}, COLUMNS)
    data = chart_frame(spec, daily_frame("2025-01-01", 120))
    assert list(data["t"]) == list(pd.to_datetime(["2025-02-01", "2025-03-01"]))
    assert "No rows" not in describe(spec, data)[1]


def test_xmin_at_a_period_start_or_without_resample_is_the_axis_start():
    frame = daily_frame("2025-01-01", 120)
    (left, _), _ = drawn("line", frame, resample="month", agg="sum", xmin="2025-02-01")
    assert left == mdates.date2num(pd.Timestamp("2025-02-01"))
    (left, _), _ = drawn("line", frame, xmin="2025-01-15")
    assert left == mdates.date2num(pd.Timestamp("2025-01-15"))


def test_a_resampled_window_in_a_month_without_rows_has_no_rows_in_a_source_as_in_a_stored_dataset(
        tmp_path, source_client):
    # January and March hold rows, February none: a mean leaves it out, and no line crosses it.
    days = pd.DatetimeIndex([*pd.date_range("2025-01-01", periods=31), *pd.date_range("2025-03-01", periods=31)])
    frame = pd.DataFrame({"t": days, "v": np.arange(len(days), dtype=float)})
    client = source_client(tmp_path, write_sqlite(tmp_path / "gaps.db", {"gaps": frame}), ["gaps"],
                           files={"stored_gaps.csv": frame.to_csv(index=False)})
    for name in ("gaps", "stored_gaps"):
        svg = client.get(f"/plot/{name}.svg?x=t&y=v&resample=month&agg=mean&xmin=2025-02-10&xmax=2025-02-20")
        assert svg.status_code == 200
        desc = re.search(r"<desc[^>]*>([^<]*)</desc>", svg.get_data(as_text=True)).group(1)
        assert desc == "Line chart of v by t, 0 rows. No rows in this range.", name


def test_a_resampled_window_whose_rows_hold_no_values_says_so_in_a_source_as_in_a_stored_dataset(
        tmp_path, source_client):
    # February's rows hold no value: a mean makes no month of them, but the window holds rows.
    days = pd.date_range("2025-01-01", periods=90)
    frame = pd.DataFrame({"t": days, "v": np.where(days.month == 2, np.nan, np.arange(90.0))})
    client = source_client(tmp_path, write_sqlite(tmp_path / "blank.db", {"blank": frame}), ["blank"],
                           files={"stored_blank.csv": frame.to_csv(index=False)})
    for window in ("xmin=2025-02-10&xmax=2025-02-20", "xmin=2025-02-01&xmax=2025-02-20"):
        for name in ("blank", "stored_blank"):
            svg = client.get(f"/plot/{name}.svg?x=t&y=v&resample=month&agg=mean&{window}").get_data(as_text=True)
            desc = re.search(r"<desc[^>]*>([^<]*)</desc>", svg).group(1)
            assert desc == "Line chart of v by t, 0 months. No values in this range.", (name, window)
            assert ">No values in this range<" in svg, (name, window)


@pytest.mark.parametrize("kind", ["line", "bar"])
def test_resampled_rows_that_hold_no_values_say_so_without_bounds_as_within_them(tmp_path, source_client, kind):
    # Every row holds a date and no value: a mean makes no month of them, yet there are rows.
    frame = pd.DataFrame({"t": pd.date_range("2025-01-01", periods=60), "v": np.full(60, np.nan)})
    client = source_client(tmp_path, write_sqlite(tmp_path / "blank.db", {"blank": frame}), ["blank"],
                           files={"stored_blank.csv": frame.to_csv(index=False)})
    label = "Line chart" if kind == "line" else "Bar chart"
    for name in ("blank", "stored_blank"):
        svg = client.get(f"/plot/{name}.svg?kind={kind}&x=t&y=v&resample=month&agg=mean").get_data(as_text=True)
        desc = re.search(r"<desc[^>]*>([^<]*)</desc>", svg).group(1)
        assert desc == f"{label} of v by t, 0 months. No values to draw.", name
        assert ">No values to draw<" in svg, name


@pytest.mark.parametrize(("xmin", "first", "ends"), [
    ("2025-01-31T23:00:00Z", "2025-02-01", "the nearest month after xmax"),  # February's start in Berlin
    ("2025-01-31T22:00:00Z", "2025-01-01", "the nearest month before xmin and the one after xmax"),
])
def test_a_resampled_line_of_zoned_times_is_bounded_in_utc_and_its_periods_are_the_zones(xmin, first, ends):
    # Midnights in Berlin (UTC+1, +2 from 30 March): each period is its whole month there.
    frame = pd.DataFrame({"t": pd.date_range("2025-01-01", periods=100, freq="D", tz="Europe/Berlin"),
                          "v": np.arange(100.0)})
    spec = parse_spec({"x": ["t"], "y": ["v"], "resample": ["month"], "agg": ["sum"], "xmin": [xmin],
                       "xmax": ["2025-03-15"]}, COLUMNS)
    data = chart_frame(spec, frame)
    ax = build_figure(spec, data).axes[0]
    assert ax.get_xlim() == tuple(mdates.date2num(pd.to_datetime([xmin, "2025-03-15T00:00:00Z"])))
    starts = pd.date_range(first, "2025-04-01", freq="MS", tz="Europe/Berlin")
    assert list(data["t"]) == list(starts)
    assert list(data["v"]) == [frame["v"][frame["t"].dt.month == month].sum() for month in starts.month]
    assert describe(spec, data)[1] == (f"Line chart of v by t, 2 months. t from 2025-02 to 2025-03; the line runs on "
                                       f"to {ends}. last value: sum of v 2294, lowest 1246 (2025-02), highest 2294 (2025-03).")


@pytest.mark.parametrize(("xmin", "left"), [
    # January in Berlin starts at 2024-12-31T23:00:00Z: an axis from its start in UTC left its point out.
    ("2025-01-15", "2024-12-31T23:00:00Z"),
    ("2025-01-31T22:00:00Z", "2024-12-31T23:00:00Z"),
    # February's start in Berlin: the axis starts there, not at February's (or January's) start in UTC.
    ("2025-01-31T23:00:00Z", "2025-01-31T23:00:00Z"),
    (None, None),
])
def test_a_resampled_scatter_plot_of_zoned_times_starts_at_the_zones_period_start(xmin, left):
    frame = pd.DataFrame({"t": pd.date_range("2025-01-01", periods=100, freq="D", tz="Europe/Berlin"),
                          "v": np.arange(100.0)})
    (low, high), xs = drawn("scatter", frame, resample="month", agg="sum",
                            **({"xmin": xmin} if xmin else {}), xmax="2025-03-15")
    assert len(xs) and low <= xs[0] and xs[-1] <= high
    if left is not None:
        assert low == mdates.date2num(pd.Timestamp(left))


def test_a_resampled_lines_words_name_the_periods_it_runs_on_to_and_between():
    frame = daily_frame("2025-01-01", 120)
    fields = {"x": ["t"], "y": ["v"], "agg": ["sum"]}
    spec = parse_spec({**fields, "resample": ["month"], "xmin": ["2025-01-15"], "xmax": ["2025-03-15"]}, COLUMNS)
    assert describe(spec, chart_frame(spec, frame))[1] == (
        "Line chart of v by t, 2 months. t from 2025-02 to 2025-03; the line runs on to the nearest month before "
        "xmin and the one after xmax. last value: sum of v 2294, lowest 1246 (2025-02), highest 2294 (2025-03).")
    spec = parse_spec({**fields, "resample": ["week"], "xmin": ["2025-02-11"], "xmax": ["2025-02-12"]}, COLUMNS)
    assert describe(spec, chart_frame(spec, frame))[1] == (
        "Line chart of v by t, 0 weeks. The line between the nearest weeks either side of this range, "
        "t 2025-02-10 and 2025-02-17.")


@pytest.mark.parametrize(("xmin", "xmax", "crossed", "kept"), [
    ("2024-02-10", "2024-02-20", True, ["2024-02-01", "2024-03-01"]),  # from February's to March's
    ("2024-01-10", "2024-03-10", True, ["2024-01-01", "2024-02-01", "2024-03-01"]),
    ("2024-03-10", "2024-03-20", False, ["2024-03-01"]),  # no month after: the rows within are March's
])
def test_whether_rows_lie_within_a_resampled_lines_window_is_asked_only_where_no_period_crosses_it(
        xmin, xmax, crossed, kept):
    periods = pd.DataFrame({"t": pd.to_datetime(["2024-01-01", "2024-02-01", "2024-03-01"]), "v": [1.0, 0.0, 2.0]})
    spec = parse_spec({"x": ["t"], "y": ["v"], "resample": ["month"], "agg": ["sum"], "xmin": [xmin],
                       "xmax": [xmax]}, COLUMNS)
    asked = []
    data = periods_in_window(periods, spec, lambda: asked.append(xmin) or True)
    assert periods_crossing(periods, spec)[1] == crossed and asked == ([] if crossed else [xmin])
    assert [str(t.date()) for t in data["t"]] == kept


# Two rows five months apart: a sum by month is 5, then 0 for February to May, then 7.
GAP = "d,v\n2024-01-15,5\n2024-06-15,7\n"


def gap_periods(**fields: str) -> list[tuple[str, int]]:
    spec = parse_spec({"x": ["d"], "y": ["v"], **{k: [v] for k, v in fields.items()}}, {"d": "datetime", "v": "integer"})
    data = chart_frame(spec, pd.read_csv(io.StringIO(GAP), parse_dates=["d"]))
    return [(str(t.date()), v) for t, v in zip(data["d"], data["v"])]


@pytest.mark.parametrize(("fields", "periods"), [
    # No row within the bounds: their months are 0, and the line runs on to those either side.
    ({"agg": "sum", "xmin": "2024-03-10", "xmax": "2024-04-30"},
     [("2024-03-01", 0), ("2024-04-01", 0), ("2024-05-01", 0)]),
    ({"agg": "count", "xmin": "2024-01-01", "xmax": "2024-04-30"},
     [("2024-01-01", 1), ("2024-02-01", 0), ("2024-03-01", 0), ("2024-04-01", 0), ("2024-05-01", 0)]),
    # Before the first row there are no periods, as there are none without bounds.
    ({"agg": "sum", "xmin": "2023-06-01", "xmax": "2024-02-10"}, [("2024-01-01", 5), ("2024-02-01", 0), ("2024-03-01", 0)]),
    ({"agg": "sum", "xmin": "2024-07-01"}, []),
])
def test_a_resampled_sum_or_count_has_its_empty_periods_within_the_bounds_as_without_them(fields, periods):
    assert gap_periods(resample="month", **fields) == periods


def test_a_weekly_sum_runs_on_to_the_week_after_an_xmax_in_a_week_of_no_rows():
    # 2024-03-06 is a Wednesday: its week starts on the 4th, and the line runs on to the 11th's.
    periods = gap_periods(resample="week", agg="sum", xmin="2024-02-26", xmax="2024-03-06")
    assert periods == [("2024-02-26", 0), ("2024-03-04", 0), ("2024-03-11", 0)]


def test_a_resampled_sums_empty_periods_within_the_bounds_are_alike_wherever_the_rows_are(tmp_path, data_dir,
                                                                                          closing):
    # A stored dataset (its frame, and its database's grouping), a data-folder CSV and a source's table.
    (data_dir / "gap_file.csv").write_text(GAP, encoding="utf-8")
    url = write_sqlite(tmp_path / "gap.db", {"gap_db": pd.read_csv(io.StringIO(GAP), parse_dates=["d"])})
    sources = sources_toml(tmp_path / "sources.toml", {"db": {"url": url}}, {"gap_db": {"source": "db", "table": "gap_db"}})
    settings = {"SOURCES": str(sources), "RENDER_WORKERS": 0, "RENDER_CACHE_BYTES": 0}
    site = closing(writable_app(data_dir, **settings))
    assert site.test_client().post("/api/datasets?name=gap", data=GAP, headers=CSV_WRITE).status_code == 201
    asking = closing(writable_app(data_dir, **settings))
    asking.extensions["svgplots"].store.database.pushdown_above_rows = 1
    windows = {  # the months of each window, and the span its words name
        "xmin=2024-01-01&xmax=2024-04-30": (["2024-01-01", 5], "4 months. d from 2024-01 to 2024-04"),
        "xmin=2024-03-01&xmax=2024-04-30": (["2024-03-01", 0], "2 months. d from 2024-03 to 2024-04"),
    }
    for window, (first, span) in windows.items():
        months = [first] + [[f"2024-0{month}-01", 0] for month in range(int(first[0][6]) + 1, 6)]
        query = f"x=d&y=v&resample=month&agg=sum&{window}"
        for client, name in [(site.test_client(), "gap"), (asking.test_client(), "gap"),
                             (site.test_client(), "gap_file"), (site.test_client(), "gap_db")]:
            answer = client.get(f"/plot/{name}.json?{query}")
            assert answer.status_code == 200 and answer.get_json()["rows"] == months, (name, answer.get_data(True))
            svg = client.get(f"/plot/{name}.svg?{query}").get_data(as_text=True)
            desc = re.search(r"<desc[^>]*>([^<]*)</desc>", svg).group(1)
            assert desc.startswith(f"Line chart of v by d, {span}; the line runs on to the nearest month after xmax."), \
                (name, desc)


def every_three_hours(*spans: tuple[str, str]) -> str:
    """A CSV of rows every 3 hours (v=1) over each span, in UTC."""
    times = [time for first, last in spans for time in pd.date_range(first, last, freq="3h")]
    return "ts,v\n" + "".join(f"{time:%Y-%m-%dT%H:%M:%SZ},1\n" for time in times)


# February, June, and the last two days of 2024 (a Monday and a Tuesday): none from March to May.
SPANS = ("2024-02-01", "2024-02-29 21:00"), ("2024-06-01", "2024-06-30 21:00"), ("2024-12-30", "2024-12-31 21:00")


@pytest.mark.parametrize(("query", "rows", "words"), [
    # The rows of the 15th to the 20th are February's, which a mean of them starts before xmin; the
    # months after it are empty, where the line breaks, and it reaches no later one.
    ("resample=month&agg=mean&xmin=2024-02-15&xmax=2024-02-20", [["2024-02-01", 1]],
     "0 months. The rows in this range belong to the month of 2024-02, which starts before xmin: mean of v 1."),
    # The last rows are in the week of 30 December, which starts before xmin: there is no week after.
    ("resample=week&agg=sum&xmin=2024-12-30T03:00:00Z&xmax=2025-01-02", [["2024-12-30", 16]],
     "0 weeks. The rows in this range belong to the week of 2024-12-30, which starts before xmin: sum of v 16."),
    # That week's rows all lie before xmin: the range holds none.
    ("resample=week&agg=sum&xmin=2025-01-01&xmax=2025-01-02", [], "0 rows. No rows in this range."),
])
def test_a_resampled_lines_range_inside_a_period_before_xmin_names_that_period_as_holding_its_rows(
        data_dir, closing, query, rows, words):
    settings = {"RENDER_WORKERS": 0, "RENDER_CACHE_BYTES": 0}
    site = closing(writable_app(data_dir, **settings))
    body = every_three_hours(*SPANS)
    assert site.test_client().post("/api/datasets?name=sgap", data=body, headers=CSV_WRITE).status_code == 201
    pushed = closing(writable_app(data_dir, **settings))  # the database resamples the rows
    pushed.extensions["svgplots"].store.database.pushdown_above_rows = 1
    for client in (site.test_client(), pushed.test_client()):
        answer = client.get(f"/plot/sgap.json?x=ts&y=v&{query}")
        assert answer.status_code == 200 and answer.get_json()["rows"] == rows, answer.get_data(as_text=True)
        svg = client.get(f"/plot/sgap.svg?x=ts&y=v&{query}").get_data(as_text=True)
        assert re.search(r"<desc[^>]*>([^<]*)</desc>", svg).group(1) == f"Line chart of v by ts, {words}"


def test_the_plot_of_a_period_holding_the_rows_of_its_range_before_xmin_says_so():
    # The line's one point stands before the plot: the note says why the plot shows none.
    frame = pd.read_csv(io.StringIO(every_three_hours(SPANS[0])), parse_dates=["ts"])
    spec = parse_spec({"x": ["ts"], "y": ["v"], "resample": ["month"], "agg": ["mean"], "xmin": ["2024-02-15"],
                       "xmax": ["2024-02-20"]}, {"ts": "datetime", "v": "float"})
    shown = plot_note(spec, chart_frame(spec, frame))
    assert shown.drawing and shown.forms == ("The month of these rows starts before xmin", "Month starts before xmin",
                                             "\u2190")


@pytest.mark.parametrize(("window", "rows"), [
    # Months that start within the window, the line running on to June's after it.
    ("resample=month&agg=sum&xmin=2024-02-15&xmax=2024-04-15",
     [["2024-02-01", 232], ["2024-03-01", 0], ["2024-04-01", 0], ["2024-05-01", 0]]),
    # No week starts within it: its rows belong to the week of 30 December, which starts before xmin.
    ("resample=week&agg=sum&xmin=2024-12-30T03:00:00Z&xmax=2025-01-02", [["2024-12-30", 16]]),
    # A mean's months are not filled out: whether rows lie within is asked alone.
    ("resample=month&agg=mean&xmin=2024-02-15&xmax=2024-02-20", [["2024-02-01", 1]]),
    # No row within a window of April: asked once, not again as whether rows hold no values.
    ("resample=month&agg=mean&xmin=2024-04-02&xmax=2024-04-10", []),
])
def test_a_bounded_resampled_line_of_a_source_asks_one_statement_besides_its_grouping(tmp_path, source_client,
                                                                                      window, rows):
    # Where the rows lie beyond the widened bounds (to fill a sum's empty periods out to them) and
    # whether any lies within the bounds (for a window inside one period) is one statement, not two scans.
    frame = pd.read_csv(io.StringIO(every_three_hours(*SPANS)), parse_dates=["ts"])
    client = source_client(tmp_path, write_sqlite(tmp_path / "sgap.db", {"sgap": frame}), ["sgap"])
    assert client.get("/plot/sgap.json?x=ts&y=v").status_code == 200  # the columns' survey, read once
    with statements_run() as run:
        answer = client.get(f"/plot/sgap.json?x=ts&y=v&{window}")
    assert answer.status_code == 200 and answer.get_json()["rows"] == rows, answer.get_data(as_text=True)
    reads = [statement for statement in run if re.search(r'\bFROM "?sgap\b', statement)]
    # A window that draws nothing asks one more: whether any row has an x at all, which its note
    # says ("No rows in this range", not "No rows to draw"), an EXISTS that stops at the first.
    assert len(reads) == (2 if rows else 3) and "GROUP BY" in reads[0], reads
