"""`change=percent` draws each series of a line or area as its percent change since its value at the first x
drawn within the range and bounds, (v / base − 1) × 100, so that lines of values of any size start together
at 0 %: after `resample` and `agg` and after `rolling` or `cumulative`, per series of a split, the same values
and bytes on every path (a data-folder file, stored small and big datasets, SQLite and PostgreSQL sources),
a line thinned per pixel column too; a series whose base is missing, 0 or below is a 422 naming it, and
kinds, stacks and log axes it does not apply to a 400 saying what it takes."""
from __future__ import annotations

import re
from collections.abc import Iterator

import numpy as np
import pandas as pd
import pytest

from plots import SpecError, parse_spec
from plots.toml_values import normalise_fields
from tests.conftest import chart_url_descriptions, dashboard_site, described
from tests.error_image_text import error_message
from tests.source_data import BIG_STORES, PATHS, csv_of, path_clients, y_title
from tests.test_http import SpecForm, chart_image, image_query, submitted

EVERY_PATH = (*PATHS, *BIG_STORES)
SHOPS = ["Big", "Small"]


def prices_frame() -> pd.DataFrame:
    """60 days of sales in two shops of very different sizes, long rows (day, shop, sales), one missing."""
    rng = np.random.default_rng(11)
    days = pd.date_range("2024-01-01", periods=60, freq="D")
    rows = [(day, shop, float(scale + rng.integers(0, scale // 10)))
            for day in days for shop, scale in (("Big", 900), ("Small", 30))]
    frame = pd.DataFrame(rows, columns=["day", "shop", "sales"])
    frame.loc[41, "sales"] = np.nan
    return frame


def shop(frame: pd.DataFrame, name: str) -> pd.DataFrame:
    return frame[frame["shop"] == name].reset_index(drop=True)


def changed(values: pd.Series) -> np.ndarray:
    """Each value's percent change since the first: (v / first − 1) × 100."""
    values = values.reset_index(drop=True)
    return ((values / values.iloc[0] - 1) * 100).to_numpy()


@pytest.fixture(scope="module")
def clients(postgres_url: str, tmp_path_factory) -> Iterator[dict]:
    """A test client of each path's site, its dataset `t` the long rows (a stored dataset of more than 100
    rows, and a big store's of any, is charted by its database)."""
    frame = prices_frame()
    with path_clients(postgres_url, tmp_path_factory.mktemp("change"), frame, frame.to_csv(index=False),
                      EVERY_PATH, settings={"RENDER_CACHE_BYTES": 0}, pushdown_above_rows=100) as made:
        yield made


@pytest.mark.parametrize("path", EVERY_PATH)
def test_a_line_s_percent_change_is_taken_since_its_first_value_drawn(clients, path):
    data = csv_of(clients[path].get("/plot/t.csv?x=day&y=sales&filter.shop=Big&change=percent"))
    assert list(data.columns) == ["day", "% change of sales since 2024-01-01"]
    expected = changed(shop(prices_frame(), "Big")["sales"])
    np.testing.assert_allclose(data.iloc[:, 1].to_numpy(), expected, rtol=1e-12, atol=1e-12)
    assert data.iloc[0, 1] == 0


@pytest.mark.parametrize("path", EVERY_PATH)
def test_a_split_chart_changes_each_series_since_its_own_first_value(clients, path):
    data = csv_of(clients[path].get("/plot/t.csv?x=day&y=sales&series=shop&change=percent"))
    frame = prices_frame()
    for name in SHOPS:
        np.testing.assert_allclose(data[f"% change of {name} since 2024-01-01"].to_numpy(),
                                   changed(shop(frame, name)["sales"]), rtol=1e-12, atol=1e-12)


def drawn_alike(clients, query: str) -> bytes:
    """The chart `query` asks for, answered 200 with the same bytes by every path's client: those bytes."""
    drawn = {path: clients[path].get(query) for path in EVERY_PATH}
    assert all(answer.status_code == 200 for answer in drawn.values()), {p: a.status_code for p, a in drawn.items()}
    first = drawn[EVERY_PATH[0]].data
    assert all(answer.data == first for answer in drawn.values()), {p: described(a.data) for p, a in drawn.items()}
    return first


def test_every_path_draws_the_same_bytes(clients):
    query = "/plot/t.svg?x=day&y=sales&series=shop&change=percent&from=2024-01-10&yline=0"
    drawn_alike(clients, query)


@pytest.mark.parametrize("path", EVERY_PATH)
def test_the_base_is_the_range_s_first_row_not_the_row_before_it(clients, path):
    data = csv_of(clients[path].get("/plot/t.csv?x=day&y=sales&filter.shop=Small&change=percent"
                                    "&xmin=2024-01-10&xmax=2024-01-20"))
    rows = shop(prices_frame(), "Small").set_index("day")["sales"]
    base = rows["2024-01-10"]
    column = "% change of sales since 2024-01-10"
    for day, value in zip(data["day"], data[column]):  # the rows the line runs on to either side by the same base
        assert value == pytest.approx((rows[day] / base - 1) * 100, abs=1e-9), (day, value)
    assert data.set_index("day")[column]["2024-01-10"] == 0


@pytest.mark.parametrize("path", EVERY_PATH)
def test_a_percent_change_is_taken_after_resample_agg_and_rolling(clients, path):
    data = csv_of(clients[path].get("/plot/t.csv?x=day&y=sales&filter.shop=Big&resample=week&agg=sum&rolling=2"
                                    "&change=percent"))
    weeks = shop(prices_frame(), "Big").set_index("day")["sales"].resample("W-MON", label="left", closed="left").sum()
    means = weeks.rolling(2).mean().dropna()
    column = f"% change of 2-week mean of weekly sums of sales since {means.index[0].date().isoformat()}"
    assert list(data.columns) == ["day", column]
    assert data[column].isna().sum() == 1  # the rolling mean's first week, not drawn
    np.testing.assert_allclose(data[column].dropna().to_numpy(), changed(means), rtol=1e-12, atol=1e-12)


@pytest.mark.parametrize("path", EVERY_PATH)
def test_a_series_of_no_value_above_0_to_start_from_is_422_naming_it(clients, path):
    # 2024-01-21 holds no sale for Small (a missing row value): its change from there is no percent.
    answer = clients[path].get("/plot/t.json?x=day&y=sales&series=shop&change=percent&from=2024-01-21")
    assert answer.status_code == 422, answer.get_json()
    error = answer.get_json()["error"]
    assert "change=percent takes each series' change since its value at the first day drawn, 2024-01-21" in error
    assert "and 'Small' has no value there" in error and "Big" not in error and "or use change=none" in error, error
    # A split's series are values of its column, chosen by a filter on it: a y it names no more.
    assert ": there is no percent change from a missing, zero or negative value; " in error, error
    assert "choose the series to draw with filter.shop, or use change=none" in error, error
    assert "leave those series out" not in error, error
    image = clients[path].get("/plot/t.svg?x=day&y=sales&series=shop&change=percent&from=2024-01-21")
    assert image.status_code == 422 and "'Small' has no value there" in error_message(image.data)


@pytest.mark.parametrize("first", [0, -5])
def test_a_base_of_0_or_below_is_422_naming_the_series_and_its_base(tmp_path, first):
    frame = pd.DataFrame({"day": pd.date_range("2024-01-01", periods=5), "profit": [first, 3.0, 4.0, 2.0, 6.0],
                          "sales": [10.0, 11.0, 12.0, 13.0, 14.0]})
    with path_clients("", tmp_path, frame, frame.to_csv(index=False), ("data folder", "sqlite source")) as made:
        for path, client in made.items():
            answer = client.get("/plot/t.json?x=day&y=profit,sales&change=percent")
            assert answer.status_code == 422, path
            error = answer.get_json()["error"]
            assert f"and 'profit' is {'0' if first == 0 else '−5'} there:" in error and "sales" not in error, error
            assert "(from/to or xmin/xmax), leave those series out of y, or use change=none" in error, error
            assert client.get("/plot/t.json?x=day&y=sales&change=percent").status_code == 200


def test_a_refused_base_is_said_in_the_unit_of_the_values_changed(tmp_path):
    frame = pd.DataFrame({"day": pd.date_range("2024-01-01", periods=3), "profit ($)": [-5.0, 3.0, 4.0],
                          "margin (%)": [0.0, 1.0, 2.0], "shop": ["Big", "Big", "Big"]})
    with path_clients("", tmp_path, frame, frame.to_csv(index=False), ("data folder",)) as made:
        client = made["data folder"]
        error = client.get("/plot/t.json?x=day&y=profit+($),margin+(%)&change=percent").get_json()["error"]
        assert "and 'profit ($)' is \N{MINUS SIGN}$5 there; 'margin (%)' is 0% there:" in error, error
        split = client.get("/plot/t.json?x=day&y=profit+($)&series=shop&change=percent").get_json()["error"]
        assert "'Big' is \N{MINUS SIGN}$5 there:" in split, split


@pytest.mark.parametrize("query, said", [
    ("change=yes", "change must be percent (each series' percent change since the first value drawn) or none for "
                   "the values as they are, got 'yes'"),
    ("change=percent&kind=bar", "change=percent does not apply to kind=bar, which joins no values along x; it "
                                "applies to kind=line or kind=area (use change=none with kind=bar)"),
    ("change=percent&kind=hist", "change=percent does not apply to kind=hist"),
    ("change=percent&kind=box", "change=percent does not apply to kind=box"),
    ("change=percent&kind=scatter", "change=percent does not apply to kind=scatter"),
    ("change=percent&kind=area&stack=stacked&series=shop", "change=percent does not go with stack=stacked"),
    ("change=percent&yscale=log", "change=percent does not go with yscale=log: a percent change starts at 0 and "
                                  "falls below it"),
])
def test_a_bad_change_is_400_saying_what_is_allowed(clients, query, said):
    answer = clients["data folder"].get(f"/plot/t.json?x=day&y=sales&{query}")
    assert answer.status_code == 400, answer.get_json()
    assert said in answer.get_json()["error"], answer.get_json()


def test_a_stack_of_one_series_draws_its_percent_change_as_alone(clients):
    client = clients["data folder"]
    stacked = client.get("/plot/t.csv?x=day&y=sales&filter.shop=Big&kind=area&stack=stacked&change=percent")
    alone = client.get("/plot/t.csv?x=day&y=sales&filter.shop=Big&kind=area&change=percent")
    assert stacked.status_code == 200 and stacked.data == alone.data


def test_the_value_axis_its_ticks_and_the_alt_text_say_percent_change(clients):
    client = clients["data folder"]
    query = "/plot/t.svg?x=day&y=sales&filter.shop=Big&change=percent&from=2024-01-05"
    assert y_title(client.get(query + "&text=font")) == "% change of sales since 2024-01-05"
    ticks = re.findall(r"<text [^>]*>([^<]*%)</text>", client.get(query + "&text=font").get_data(as_text=True))
    assert "0%" in ticks, ticks
    rows = shop(prices_frame(), "Big").set_index("day")["sales"]
    last = (rows.iloc[-1] / rows["2024-01-05"] - 1) * 100
    words = described(client.get(query).data)
    assert f"last value: % change of sales since 2024-01-05 {last:.4g}%" in words, words
    split = client.get("/plot/t.svg?x=day&y=sales&series=shop&change=percent&text=font")
    assert y_title(split) == "% change of sales since 2024-01-01"


def test_change_none_undoes_a_percent_change(clients):
    client = clients["data folder"]
    plain = client.get("/plot/t.svg?x=day&y=sales&filter.shop=Big").data
    assert client.get("/plot/t.svg?x=day&y=sales&filter.shop=Big&change=none").data == plain
    assert client.get("/plot/t.svg?x=day&y=sales&filter.shop=Big&change=percent").data != plain


@pytest.fixture(scope="module")
def long_clients(postgres_url: str, tmp_path_factory) -> Iterator[dict]:
    """A test client of each path's site, its dataset `t` 3,000 hourly rows: more than a 640-pixel chart
    draws whole, thinned per pixel column (M4) in memory or by the database."""
    hours = pd.date_range("2024-01-01", periods=3000, freq="h")
    frame = pd.DataFrame({"at": hours, "v": 10 + np.sin(np.arange(3000) / 50.0)})
    with path_clients(postgres_url, tmp_path_factory.mktemp("thinned"), frame, frame.to_csv(index=False), EVERY_PATH,
                      settings={"RENDER_CACHE_BYTES": 0}, pushdown_above_rows=100) as made:
        yield made


def test_a_thinned_line_s_base_is_the_range_s_first_row_on_every_path(long_clients):
    query = "/plot/t.svg?x=at&y=v&change=percent&from=2024-02-03T05:00:00"
    first = drawn_alike(long_clients, query)
    words = described(first)
    hour = (pd.Timestamp("2024-02-03T05:00:00") - pd.Timestamp("2024-01-01")) // pd.Timedelta("1h")
    base = 10 + np.sin(hour / 50.0)
    last = (10 + np.sin(2999 / 50.0)) / base * 100 - 100
    assert f"last value: % change of v since 2024-02-03T05:00:00Z {last:.4g}%".replace("Z -", "Z −") in words, words


def test_a_dashboard_chart_takes_change_as_a_toml_value():
    columns = {"day": "datetime", "sales": "float"}
    spec = parse_spec(normalise_fields({"kind": "line", "x": "day", "y": "sales", "change": "percent"}), columns)
    assert spec.change == "percent"
    assert parse_spec({"change": ["none"]}, columns, base=spec).change == "none"
    with pytest.raises(SpecError) as caught:
        parse_spec(normalise_fields({"kind": "bar", "x": "day", "y": "sales", "change": "percent"}), columns)
    assert caught.value.field == "change"


DAILY = "day,sales\n" + "".join(f"2024-01-{day:02d},{day * 10}\n" for day in range(1, 31))
BOARD = ('title = "Shop"\n[[charts]]\nid = "growth"\ndataset = "sales"\nkind = "line"\nx = "day"\n'
         'y = ["sales"]\nchange = "percent"\n')


def test_a_dashboard_chart_s_change_draws_percent_changes_and_a_url_undoes_it(tmp_path):
    client = dashboard_site(tmp_path, {"sales.csv": DAILY}, BOARD).test_client()
    growth = csv_of(client.get("/d/m/growth.csv"))
    assert list(growth.columns) == ["day", "% change of sales since 2024-01-01"] and growth.iloc[-1, 1] == 2900.0
    assert list(csv_of(client.get("/d/m/growth.csv?change=none")).columns) == ["day", "sales"]


def test_a_chart_page_s_form_shows_the_percent_change_and_sent_back_draws_the_same_chart(tmp_path):
    client = dashboard_site(tmp_path, {"sales.csv": DAILY}, BOARD).test_client()
    opened = client.get("/d/m/growth").get_data(as_text=True)
    form = SpecForm(opened)
    assert ("change", "percent") in form.fields
    assert '<label>Percent change <select name="change"' in opened
    assert chart_image(submitted(client, form).get_data(as_text=True)) == chart_image(opened)
    answered = submitted(client, form, change="none").get_data(as_text=True)
    assert image_query(answered)["change"] == ["none"]
    assert list(csv_of(client.get(chart_image(answered).replace(".svg", ".csv"))).columns) == ["day", "sales"]
    assert "<th>% change of sales since 2024-01-01</th>" in opened, opened


def test_a_kind_that_joins_no_values_chosen_in_the_form_drops_the_percent_change(tmp_path):
    client = dashboard_site(tmp_path, {"sales.csv": DAILY}, BOARD).test_client()
    for page in ("/d/m/growth", "/d/m/growth?change=percent&kind=area"):
        sent = submitted(client, SpecForm(client.get(page).get_data(as_text=True)), kind="bar")
        assert sent.status_code == 200, sent.get_data(as_text=True)[:300]
        assert image_query(sent.get_data(as_text=True)).get("change", ["none"]) == ["none"]
        assert client.get(chart_image(sent.get_data(as_text=True))).status_code == 200


def test_a_log_scale_chosen_in_the_form_of_a_percent_change_is_refused_at_its_select(tmp_path):
    client = dashboard_site(tmp_path, {"sales.csv": DAILY}, BOARD).test_client()
    answer = submitted(client, SpecForm(client.get("/d/m/growth").get_data(as_text=True)), yscale="log")
    page = answer.get_data(as_text=True)
    assert answer.status_code == 400 and "change=percent does not go with yscale=log" in page, page[:300]
    assert '<select name="change" aria-invalid="true"' in page


def test_the_openapi_description_lists_change(client):
    described_by_path = chart_url_descriptions(client, "change")
    assert described_by_path and all("percent change" in words for words in described_by_path.values())
