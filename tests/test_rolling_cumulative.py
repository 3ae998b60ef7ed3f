"""`rolling=N` draws a line's or area's values as the mean of each and the N−1 before it, `cumulative=true`
as the sum of each and all before it within what is drawn: applied per series to the values drawn, after
`resample` and `agg`, the same values on every path (stored, a data-folder file, a big stored dataset, an
SQLite or a PostgreSQL source) as pandas' own `rolling`/`cumsum` of the same rows; a line of more rows than
it draws whole (thinned per pixel column) is refused saying what to do, on every path alike."""
from __future__ import annotations

from collections.abc import Iterator

import numpy as np
import pandas as pd
import pytest

from app.store import pushdown_row_ranges
from app.store.postgres_source_sql import PostgresFunctions
from app.store.source_sql_dialects import SqliteFunctions
from app.store.stored_pushdown import StoredChartQuery
from app.store.stored_values import StoredSqliteFunctions
from plots import CHART_KINDS, ChartSpec, SpecError, parse_spec
from plots.running_values import running_refused
from plots.said_values import value_said
from plots.toml_values import normalise_fields
from tests.conftest import chart_url_descriptions, dashboard_site, described
from tests.error_image_text import error_message
from tests.test_http import SpecForm, chart_image, image_query, submitted
from tests.source_data import BIG_STORES, PATHS, csv_of, path_clients, y_title

REGIONS = ["North", "South"]
# The paths whose database charts a dataset of more than 100 rows.
DATABASE_PATHS = PATHS[1:]


def daily_frame() -> pd.DataFrame:
    """90 days of sales in two regions, long rows (day, region, sales), some sales missing."""
    rng = np.random.default_rng(7)
    days = pd.date_range("2024-01-01", periods=90, freq="D")
    rows = [(day, region, float(rng.integers(0, 100))) for day in days for region in REGIONS]
    frame = pd.DataFrame(rows, columns=["day", "region", "sales"])
    frame.loc[[21, 22, 60], "sales"] = np.nan  # missing values inside a window
    return frame


def north(frame: pd.DataFrame) -> pd.DataFrame:
    return frame[frame["region"] == "North"].reset_index(drop=True)


@pytest.fixture(scope="module")
def clients(postgres_url: str, tmp_path_factory) -> Iterator[dict]:
    """A test client of each path's site, its dataset `t` the long rows (a stored dataset of more than 100
    rows is charted by its database)."""
    frame = daily_frame()
    with path_clients(postgres_url, tmp_path_factory.mktemp("rolling"), frame, frame.to_csv(index=False), PATHS,
                      settings={"RENDER_CACHE_BYTES": 0}, pushdown_above_rows=100) as made:
        yield made


def rolled(values: pd.Series, points: int) -> np.ndarray:
    """pandas' trailing mean of the values present, none for the first points − 1."""
    means = values.rolling(points, min_periods=1).mean().to_numpy(copy=True)
    means[:points - 1] = np.nan
    return means


@pytest.mark.parametrize("path", PATHS)
def test_a_rolling_mean_of_rows_is_pandas_trailing_mean_of_the_values_present(clients, path):
    data = csv_of(clients[path].get("/plot/t.csv?x=day&y=sales&filter.region=North&rolling=7"))
    assert list(data.columns) == ["day", "7-point mean of sales"]
    expected = rolled(north(daily_frame())["sales"], 7)
    np.testing.assert_allclose(data["7-point mean of sales"].to_numpy(), expected, rtol=1e-12)
    assert data["7-point mean of sales"].iloc[:6].isna().all() and data["7-point mean of sales"].iloc[6:].notna().all()


@pytest.mark.parametrize("path", PATHS)
def test_a_rolling_mean_of_periods_is_taken_after_resample_and_agg(clients, path):
    data = csv_of(clients[path].get("/plot/t.csv?x=day&y=sales&resample=week&agg=sum&rolling=3"))
    assert list(data.columns) == ["day", "3-week mean of weekly sums of sales"]
    weeks = daily_frame().set_index("day")["sales"].resample("W-MON", label="left", closed="left").sum()
    np.testing.assert_allclose(data["3-week mean of weekly sums of sales"].to_numpy(), rolled(weeks, 3), rtol=1e-12)


@pytest.mark.parametrize("path", PATHS)
def test_a_running_total_starts_at_the_range_s_first_row(clients, path):
    data = csv_of(clients[path].get("/plot/t.csv?x=day&y=sales&filter.region=North&cumulative=true&from=2024-02-01"))
    assert list(data.columns) == ["day", "running total of sales"]
    rows = north(daily_frame())
    within = rows[rows["day"] >= "2024-02-01"]["sales"]
    assert data["day"].iloc[0] == "2024-02-01"
    np.testing.assert_allclose(data["running total of sales"].to_numpy(), within.cumsum().to_numpy(), rtol=1e-12)


@pytest.mark.parametrize("path", PATHS)
def test_a_split_chart_rolls_each_series_apart(clients, path):
    data = csv_of(clients[path].get("/plot/t.csv?x=day&y=sales&series=region&rolling=5&kind=area&stack=stacked"))
    frame = daily_frame()
    for region in REGIONS:
        values = frame[frame["region"] == region]["sales"].reset_index(drop=True)
        np.testing.assert_allclose(data[f"5-point mean of {region}"].to_numpy(), rolled(values, 5), rtol=1e-12)


def test_the_value_axis_and_the_alt_text_name_the_drawn_values(clients):
    answer = clients["data folder"].get("/plot/t.svg?x=day&y=sales&resample=week&agg=sum&rolling=3")
    weeks = daily_frame().set_index("day")["sales"].resample("W-MON", label="left", closed="left").sum()
    means = pd.Series(rolled(weeks, 3)).dropna()
    words = described(answer.data)
    assert f"last value: 3-week mean of weekly sums of sales {value_said(means.iloc[-1])}" in words, words
    assert f"lowest {value_said(means.min())}" in words and f"highest {value_said(means.max())}" in words, words
    assert y_title(clients["data folder"].get("/plot/t.svg?x=day&y=sales&resample=week&agg=sum&rolling=3&text=font")) \
        == "3-week mean of weekly sums of sales"
    total = clients["data folder"].get("/plot/t.svg?x=day&y=sales&filter.region=North&cumulative=true")
    assert "last value: running total of sales" in described(total.data)


def test_rolling_none_undoes_a_rolling_mean(clients):
    client = clients["data folder"]
    plain = client.get("/plot/t.svg?x=day&y=sales&filter.region=North").data
    assert client.get("/plot/t.svg?x=day&y=sales&filter.region=North&rolling=none").data == plain
    assert client.get("/plot/t.svg?x=day&y=sales&filter.region=North&rolling=7").data != plain
    assert client.get("/plot/t.svg?x=day&y=sales&filter.region=North&cumulative=false").data == plain


@pytest.mark.parametrize("query, said", [
    ("rolling=1", "rolling must be between 2 and 365"),
    ("rolling=366", "rolling must be between 2 and 365"),
    ("rolling=week", "rolling must be a whole number from 2 to 365, written with the digits 0 to 9 only, got 'week'; "
                     "none draws the values as they are"),
    ("cumulative=maybe", "cumulative must be true or false, got 'maybe'"),
    ("rolling=7&cumulative=true", "rolling=7 and cumulative=true do not go together"),
    ("rolling=7&kind=bar", "rolling=7 does not apply to kind=bar, which joins no values along x; it applies to "
                           "kind=line or kind=area (use rolling=none with kind=bar)"),
    ("cumulative=true&kind=scatter", "cumulative=true does not apply to kind=scatter"),
    ("resample=week&agg=mean&cumulative=true", "cumulative=true does not go with agg=mean: a running total of weekly "
     "means adds up means, which totals nothing; a running total takes agg=sum (the total so far) or agg=count (the "
     "rows so far), or use cumulative=false to draw the weekly means (rolling=N for their rolling mean)"),
    ("resample=month&cumulative=true", "cumulative=true does not go with agg=mean (the default): a running total of "
     "monthly means"),
    ("resample=day&agg=max&cumulative=true", "a running total of daily greatest values adds up greatest values"),
    ("resample=week&agg=median&cumulative=true", "cumulative=true does not go with agg=median"),
])
def test_a_bad_rolling_or_cumulative_is_400_saying_what_is_allowed(clients, query, said):
    answer = clients["data folder"].get(f"/plot/t.json?x=day&y=sales&{query}")
    assert answer.status_code == 400, answer.get_json()
    assert said in answer.get_json()["error"], answer.get_json()


@pytest.mark.parametrize("path", PATHS)
def test_a_running_total_of_means_is_refused_on_every_path_and_of_sums_or_counts_drawn(clients, path):
    for extension in ("svg", "csv", "json"):
        answer = clients[path].get(f"/plot/t.{extension}?x=day&y=sales&resample=week&agg=mean&cumulative=true")
        assert answer.status_code == 400, (path, extension)
    weeks = north(daily_frame()).set_index("day")["sales"].resample("W-MON", label="left", closed="left")
    for agg, made in (("sum", weeks.sum()), ("count", weeks.count())):
        data = csv_of(clients[path].get(f"/plot/t.csv?x=day&y=sales&filter.region=North&resample=week&agg={agg}"
                                         "&cumulative=true"))
        named = f"running total of weekly {agg}s of sales"
        np.testing.assert_allclose(data[named].to_numpy(), made.cumsum().to_numpy(), rtol=1e-12)


@pytest.fixture(scope="module")
def long_clients(postgres_url: str, tmp_path_factory) -> Iterator[dict]:
    """A test client of each path's site, its dataset `t` 3,000 hourly rows: more than a 640-pixel chart
    draws whole (2,560), or its phone's image, 360 pixels wide (1,440), thinned per pixel column."""
    hours = pd.date_range("2024-01-01", periods=3000, freq="h")
    frame = pd.DataFrame({"at": hours, "v": np.sin(np.arange(3000) / 50.0)})
    with path_clients(postgres_url, tmp_path_factory.mktemp("thinned"), frame, frame.to_csv(index=False), PATHS,
                      settings={"RENDER_CACHE_BYTES": 0}, pushdown_above_rows=100) as made:
        yield made


@pytest.mark.parametrize("path", PATHS)
@pytest.mark.parametrize("field", ["rolling=24", "cumulative=true"])
def test_a_thinned_line_is_refused_saying_to_resample_or_narrow_it(long_clients, path, field):
    for extension in ("svg", "csv"):
        answer = long_clients[path].get(f"/plot/t.{extension}?x=at&y=v&{field}")
        assert answer.status_code == 400, (path, extension)
    error = long_clients[path].get(f"/plot/t.json?x=at&y=v&{field}").get_json()["error"]
    assert (f"{field} needs every row of the line, and this one has 3,000, more than the 1,440 a chart 360 pixels "
            "wide, as a phone shows it, draws whole") in error, error
    resample = "resample=day" if field.startswith("rolling") else "resample=day&agg=sum"  # a total of sums
    assert f"add {resample} (or week" in error and "narrow the range" in error, error
    by_day = csv_of(long_clients[path].get(f"/plot/t.csv?x=at&y=v&{resample}&{field}"))
    assert len(by_day) == 125
    narrowed = long_clients[path].get(f"/plot/t.svg?x=at&y=v&{field}&from=2024-04-01")
    assert narrowed.status_code == 200, narrowed.get_data(as_text=True)


@pytest.mark.parametrize("path", ["sqlite source", "postgresql source", "sqlite store", "postgresql store"])
def test_a_database_refuses_a_rolled_line_by_its_count_before_thinning_it(long_clients, path, monkeypatch):
    def thinned(*args, **kwargs):
        raise AssertionError("the line was thinned before it was refused")

    for owner, name in ((SqliteFunctions, "thinned_line"), (PostgresFunctions, "thinned_line"),
                        (StoredSqliteFunctions, "thinned_line"), (StoredChartQuery, "thinned_here")):
        monkeypatch.setattr(owner, name, thinned)
    for field in ("rolling=24", "cumulative=true"):
        answer = long_clients[path].get(f"/plot/t.svg?x=at&y=v&{field}")  # an image's rows are thinned
        assert answer.status_code == 400, (path, field)
        assert f"{field} needs every row of the line, and this one has 3,000" in error_message(answer.data)


@pytest.fixture(scope="module")
def split_clients(postgres_url: str, tmp_path_factory) -> Iterator[dict]:
    """A test client of each database's path, its dataset `t` 3,000 hourly readings of each of two
    sensors, a line split by sensor of more rows than a chart draws whole."""
    hours = pd.date_range("2024-01-01", periods=3000, freq="h")
    frame = pd.DataFrame({"at": hours.repeat(2), "sensor": ["a", "b"] * 3000, "v": np.sin(np.arange(6000) / 50.0)})
    paths = (*DATABASE_PATHS, *BIG_STORES)
    with path_clients(postgres_url, tmp_path_factory.mktemp("split_thinned"), frame, frame.to_csv(index=False),
                      paths, settings={"RENDER_CACHE_BYTES": 0}, pushdown_above_rows=100) as made:
        yield made


@pytest.mark.parametrize("path", [*DATABASE_PATHS, *BIG_STORES])
def test_a_database_refuses_a_rolled_split_line_before_thinning_it(split_clients, path, monkeypatch):
    def thinned(*args, **kwargs):
        raise AssertionError("the line was thinned before it was refused")

    for owner, name in ((SqliteFunctions, "thinned_line"), (PostgresFunctions, "thinned_line"),
                        (StoredSqliteFunctions, "thinned_line"), (StoredChartQuery, "thinned_here"),
                        (pushdown_row_ranges, "kept_rows")):
        monkeypatch.setattr(owner, name, thinned)
    for field in ("rolling=24", "cumulative=true"):
        answer = split_clients[path].get(f"/plot/t.svg?x=at&y=v&series=sensor&{field}")
        assert answer.status_code == 400, (path, field)
        assert f"{field} needs every row of the line" in error_message(answer.data), path


def test_a_dashboard_chart_takes_rolling_and_cumulative_as_toml_values():
    columns = {"day": "datetime", "sales": "float"}
    spec = parse_spec(normalise_fields({"kind": "line", "x": "day", "y": "sales", "rolling": 7}), columns)
    assert spec.rolling == 7 and not spec.cumulative
    spec = parse_spec(normalise_fields({"kind": "area", "x": "day", "y": "sales", "cumulative": True}), columns)
    assert spec.cumulative and spec.rolling is None
    assert parse_spec({"rolling": ["none"]}, columns, base=parse_spec({"rolling": ["7"]}, columns)).rolling is None
    with pytest.raises(SpecError) as caught:
        parse_spec(normalise_fields({"kind": "line", "x": "day", "y": "sales", "rolling": 1}), columns)
    assert caught.value.field == "rolling"
    with pytest.raises(SpecError) as caught:
        parse_spec(normalise_fields({"kind": "area", "x": "day", "y": "sales", "resample": "month", "cumulative": True}),
                   columns)
    assert caught.value.field == "cumulative" and "agg=mean (the default)" in caught.value.message
    summed = parse_spec(normalise_fields({"kind": "area", "x": "day", "y": "sales", "resample": "month", "agg": "sum",
                                          "cumulative": True}), columns)
    with pytest.raises(SpecError) as caught:  # a URL's agg over a dashboard chart's running total of sums
        parse_spec({"agg": ["mean"]}, columns, base=summed)
    assert "does not go with agg=mean:" in caught.value.message


def test_a_running_total_over_a_dashboard_chart_of_means_calls_its_agg_no_default():
    # Its file may write agg = "mean" itself: a refusal of the URL's cumulative=true over it does not call
    # that the default, which it is only where neither the URL nor a chart it changes is there to name it.
    columns = {"day": "datetime", "sales": "float"}
    means = parse_spec(normalise_fields({"kind": "area", "x": "day", "y": "sales", "resample": "month",
                                         "agg": "mean"}), columns)
    with pytest.raises(SpecError) as caught:
        parse_spec({"cumulative": ["true"]}, columns, base=means)
    assert "cumulative=true does not go with agg=mean: a running total" in caught.value.message, caught.value.message


@pytest.mark.parametrize("changes", [{"resample": "month", "agg": "mean"}, {"rolling": 7}])
def test_a_running_total_refused_as_the_dashboard_chart_s_own_says_so_and_how_to_undo_it(changes):
    spec = ChartSpec(kind="line", x="day", y=("sales",), cumulative=True, **changes)
    own = running_refused(spec, CHART_KINDS["line"], inherited=True).message
    assert own.endswith("; the running total is the dashboard chart's: cumulative=false undoes it"), own
    assert "dashboard" not in running_refused(spec, CHART_KINDS["line"]).message  # a URL's own


def test_a_running_total_within_x_bounds_starts_at_xmin_s_first_row(tmp_path):
    frame = pd.DataFrame({"day": pd.date_range("2024-01-01", periods=60, freq="2D"), "v": np.arange(60.0)})
    with path_clients("", tmp_path, frame, frame.to_csv(index=False), ("data folder", "sqlite source")) as made:
        for path, client in made.items():
            data = csv_of(client.get("/plot/t.csv?x=day&y=v&cumulative=true&xmin=2024-01-04&xmax=2024-01-12"))
            # The rows the line runs on to either side: the one before xmin holds none, the one after goes on.
            assert data["day"].tolist() == ["2024-01-03", "2024-01-05", "2024-01-07", "2024-01-09", "2024-01-11",
                                            "2024-01-13"], path
            assert data["running total of v"].tolist()[1:] == [2.0, 5.0, 9.0, 14.0, 20.0], path
            assert np.isnan(data["running total of v"].iloc[0]), path


DAILY = "day,sales\n" + "".join(f"2024-01-{day:02d},{day * 10}\n" for day in range(1, 31))
BOARD = ('title = "Shop"\n[[charts]]\nid = "daily"\ndataset = "sales"\nkind = "line"\nx = "day"\n'
         'y = ["sales"]\nrolling = 7\n[[charts]]\nid = "total"\ndataset = "sales"\nkind = "area"\nx = "day"\n'
         'y = ["sales"]\ncumulative = true\n')


@pytest.fixture
def board_client(tmp_path):
    """A site whose dashboard `m` draws the 7-day mean of `sales` (`daily`) and its running total (`total`)."""
    return dashboard_site(tmp_path, {"sales.csv": DAILY}, BOARD).test_client()


def test_a_dashboard_chart_s_rolling_and_cumulative_draw_the_rolled_and_summed_values(board_client):
    daily = csv_of(board_client.get("/d/m/daily.csv"))
    assert list(daily.columns) == ["day", "7-point mean of sales"] and daily.iloc[-1, 1] == 270.0
    total = csv_of(board_client.get("/d/m/total.csv"))
    assert list(total.columns) == ["day", "running total of sales"] and total.iloc[-1, 1] == 4650.0
    plain = csv_of(board_client.get("/d/m/daily.csv?rolling=none"))
    assert list(plain.columns) == ["day", "sales"]


def test_a_chart_page_s_form_shows_rolling_and_cumulative_and_sent_back_draws_the_same_chart(board_client):
    opened = board_client.get("/d/m/daily").get_data(as_text=True)
    form = SpecForm(opened)
    assert ("rolling", "7") in form.fields and ("cumulative", "false") in form.fields
    assert '<label>Rolling mean <input name="rolling"' in opened and '<label>Running total <select name="cumulative"' in opened
    sent = submitted(board_client, form)
    assert chart_image(sent.get_data(as_text=True)) == chart_image(opened)
    answered = submitted(board_client, form, rolling="", cumulative="true").get_data(as_text=True)
    query = image_query(answered)
    assert query["rolling"] == ["none"] and query["cumulative"] == ["true"]
    assert board_client.get(chart_image(answered)).status_code == 200


def test_a_kind_that_joins_no_values_chosen_in_the_form_drops_rolling_and_cumulative(board_client):
    for chart in ("daily", "total"):
        sent = submitted(board_client, SpecForm(board_client.get(f"/d/m/{chart}").get_data(as_text=True)), kind="bar")
        assert sent.status_code == 200, sent.get_data(as_text=True)[:300]
        query = image_query(sent.get_data(as_text=True))
        assert query.get("rolling", ["none"]) == ["none"] and query.get("cumulative", ["false"]) == ["false"], query
        assert board_client.get(chart_image(sent.get_data(as_text=True))).status_code == 200


def test_a_resample_chosen_in_the_form_of_a_running_total_is_refused_naming_the_running_total(board_client):
    form = SpecForm(board_client.get("/d/m/total").get_data(as_text=True))
    assert ("agg", "mean") in form.fields and ("cumulative", "true") in form.fields
    answer = submitted(board_client, form, resample="week")
    page = answer.get_data(as_text=True)
    assert answer.status_code == 400, page[:300]
    assert "cumulative=true does not go with agg=mean" in page and "agg=sum (the total so far)" in page
    assert '<select name="cumulative" aria-invalid="true"' in page
    summed = submitted(board_client, form, resample="week", agg="sum")
    assert summed.status_code == 200 and board_client.get(chart_image(summed.get_data(as_text=True))).status_code == 200


def test_the_openapi_description_lists_rolling_and_cumulative(client):
    described_by_path = chart_url_descriptions(client, "rolling")
    assert described_by_path and all("2-365 points" in words for words in described_by_path.values())
    assert all("running total" in words for words in chart_url_descriptions(client, "cumulative").values())


def test_the_value_axis_of_several_series_names_what_is_rolled(clients, tmp_path):
    client = clients["data folder"]
    # A split chart's axis is titled by its one y column.
    assert y_title(client.get("/plot/t.svg?x=day&y=sales&series=region&resample=week&agg=sum&rolling=3&text=font")) \
        == "3-week mean of weekly sums of sales"
    frame = daily_frame().pivot(index="day", columns="region", values="sales").reset_index()
    with path_clients("", tmp_path, frame, frame.to_csv(index=False), ("data folder",)) as made:
        wide = made["data folder"]
        # The series named after what is drawn of them, as one series' axis names it.
        for query, title in [("resample=week&agg=sum&rolling=3", "3-week mean of weekly sums of North, South"),
                             ("rolling=3", "3-point mean of North, South"),
                             ("resample=month&agg=max&rolling=2",
                              "2-month mean of monthly greatest values of North, South"),
                             ("resample=week&agg=count&cumulative=true",
                              "running total of weekly counts of North, South")]:
            assert y_title(wide.get(f"/plot/t.svg?x=day&y=North,South&{query}&text=font")) == title, query


@pytest.mark.parametrize("agg, plural", [("mean", "means"), ("sum", "sums"), ("median", "medians")])
def test_a_rolling_mean_of_periods_says_what_each_period_holds(clients, agg, plural):
    client = clients["data folder"]
    query = f"x=day&y=sales&filter.region=North&resample=week&agg={agg}&rolling=4"
    named = f"4-week mean of weekly {plural} of sales"
    assert list(csv_of(client.get(f"/plot/t.csv?{query}")).columns) == ["day", named]
    assert client.get(f"/plot/t.json?{query}").get_json()["columns"] == ["day", named]
    assert f"last value: {named} " in described(client.get(f"/plot/t.svg?{query}").data)
    assert y_title(client.get(f"/plot/t.svg?{query}&text=font")) == named


def test_a_running_total_of_periods_says_what_each_period_holds(clients):
    client = clients["data folder"]
    query = "x=day&y=sales&filter.region=North&resample=month&agg=sum&cumulative=true"
    named = "running total of monthly sums of sales"
    assert list(csv_of(client.get(f"/plot/t.csv?{query}")).columns) == ["day", named]
    assert f"last value: {named} " in described(client.get(f"/plot/t.svg?{query}").data)
    assert y_title(client.get(f"/plot/t.svg?{query}&text=font")) == named


def test_a_chart_page_s_table_heads_a_rolled_column_as_its_axis_does(board_client):
    page = board_client.get("/d/m/daily?resample=week&agg=mean&rolling=2").get_data(as_text=True)
    assert "<th>2-week mean of weekly means of sales</th>" in page, page
