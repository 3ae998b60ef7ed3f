"""`agg=count` of no y counts rows: requests per endpoint, rows per day, one series, `rows`, its value
axis titled `count of rows`, the same on every path (a data-folder file, stored small and big datasets,
SQLite and PostgreSQL sources), resampled, split and cut to a top alike; `y=<column>` counts that
column's values, its blank ones left out, and `y=rows` names the count of rows where agg=count combines
them, and no column elsewhere."""
from __future__ import annotations

from collections.abc import Iterator

import numpy as np
import pandas as pd
import pytest

from tests.conftest import dashboard_site
from tests.source_data import BIG_STORES, PATHS, csv_of, path_clients, y_title
from tests.test_http import SpecForm, chart_image, image_query, submitted

EVERY_PATH = (*PATHS, *BIG_STORES)


def requests_frame() -> pd.DataFrame:
    """150 requests over 5 days to 3 endpoints by 2 methods: each row a request, a third of them with
    no latency and a tenth with no status (not measured), none without an endpoint or a day."""
    rng = np.random.default_rng(5)
    rows = 150
    frame = pd.DataFrame({
        "day": pd.Timestamp("2024-03-01") + pd.to_timedelta(rng.integers(0, 5, rows), unit="D"),
        "endpoint": rng.choice(["/a", "/b", "/c"], rows, p=[0.5, 0.3, 0.2]),
        "method": rng.choice(["GET", "POST"], rows),
        "status": rng.choice([200, 404, 500], rows).astype(float),
        "latency_ms": rng.uniform(5, 500, rows).round(1),
    })
    frame.loc[frame.index % 3 == 0, "latency_ms"] = np.nan
    frame.loc[frame.index % 10 == 1, "status"] = np.nan
    return frame.sort_values("day", kind="stable").reset_index(drop=True)


@pytest.fixture(scope="module")
def clients(postgres_url: str, tmp_path_factory) -> Iterator[dict]:
    """A test client of each path's site, its dataset `t` the requests (a stored dataset of more than 100
    rows, and a big store's of any, charted by its database)."""
    frame = requests_frame()
    with path_clients(postgres_url, tmp_path_factory.mktemp("counted"), frame, frame.to_csv(index=False),
                      EVERY_PATH, settings={"RENDER_CACHE_BYTES": 0}, pushdown_above_rows=100) as made:
        yield made


def per(frame: pd.DataFrame, by: list[str] | str) -> pd.Series:
    return frame.groupby(by).size()


@pytest.mark.parametrize("path", EVERY_PATH)
def test_a_count_of_no_y_counts_each_endpoint_s_rows_as_one_series(clients, path):
    data = csv_of(clients[path].get("/plot/t.csv?kind=bar&x=endpoint&agg=count"))
    assert list(data.columns) == ["endpoint", "count of rows"]
    expected = per(requests_frame(), "endpoint")
    assert dict(zip(data["endpoint"], data["count of rows"])) == expected.to_dict()


@pytest.mark.parametrize("path", EVERY_PATH)
def test_a_count_of_a_column_counts_its_values_leaving_its_blank_ones_out(clients, path):
    data = csv_of(clients[path].get("/plot/t.csv?kind=bar&x=endpoint&agg=count&y=latency_ms"))
    frame = requests_frame()
    expected = frame.dropna(subset=["latency_ms"]).groupby("endpoint").size()
    assert dict(zip(data["endpoint"], data.iloc[:, 1])) == expected.to_dict()
    assert (expected < per(frame, "endpoint")).all()  # the rows of no latency, not counted


@pytest.mark.parametrize("path", EVERY_PATH)
def test_y_rows_names_the_count_of_rows_beside_a_column_s_count(clients, path):
    data = csv_of(clients[path].get("/plot/t.csv?kind=barh&x=endpoint&agg=count&y=rows,status"))
    frame = requests_frame()
    assert list(data["count of rows"]) == [per(frame, "endpoint")[e] for e in data["endpoint"]]
    assert list(data["count of status"]) == [frame.dropna(subset=["status"]).groupby("endpoint").size()[e]
                                             for e in data["endpoint"]]


@pytest.mark.parametrize("path", EVERY_PATH)
def test_a_resample_s_count_of_no_y_counts_the_rows_of_each_day(clients, path):
    data = csv_of(clients[path].get("/plot/t.csv?x=day&resample=day&agg=count"))
    assert list(data.columns) == ["day", "count of rows"]
    assert list(data["count of rows"]) == list(per(requests_frame(), "day"))


@pytest.mark.parametrize("path", EVERY_PATH)
def test_a_split_count_of_no_y_counts_the_rows_of_each_series(clients, path):
    data = csv_of(clients[path].get("/plot/t.csv?x=day&resample=day&agg=count&series=method"))
    counts = per(requests_frame(), ["day", "method"]).unstack(fill_value=0)
    assert list(data.columns) == ["day", "count of GET", "count of POST"]
    assert list(data["count of GET"]) == list(counts["GET"])
    assert list(data["count of POST"]) == list(counts["POST"])


@pytest.mark.parametrize("path", EVERY_PATH)
def test_the_top_endpoints_by_their_count_of_rows(clients, path):
    data = csv_of(clients[path].get("/plot/t.csv?kind=bar&x=endpoint&agg=count&sort=-value&top=2"))
    assert list(data["endpoint"]) == ["/a", "/b"]
    assert list(data["count of rows"]) == list(per(requests_frame(), "endpoint")[["/a", "/b"]])


def test_every_path_draws_the_count_of_rows_alike_its_value_axis_titled_count_of_rows(clients):
    # Sorted: a source's table has no order of rows that its text categories would come in.
    query = "/plot/t.svg?kind=bar&x=endpoint&agg=count&sort=x&text=font"
    drawn = {path: clients[path].get(query) for path in EVERY_PATH}
    assert {y_title(answer) for answer in drawn.values()} == {"count of rows"}
    assert len({answer.data for answer in drawn.values()}) == 1


def test_y_rows_where_nothing_is_counted_is_no_column(clients):
    answer = clients["data folder"].get("/plot/t.json?kind=bar&x=endpoint&agg=mean&y=rows")
    assert answer.status_code == 404
    assert answer.get_json()["error"].startswith("y: dataset 't' has no column 'rows'") or (
        "no column 'rows'" in answer.get_json()["error"]), answer.get_json()


@pytest.mark.parametrize("query", ["kind=bar&x=endpoint&agg=mean&y=rows", "x=day&y=rows", "kind=hist&y=rows"])
def test_y_rows_where_nothing_is_counted_says_rows_is_the_count_of_rows_under_agg_count(clients, query):
    answer = clients["data folder"].get(f"/plot/t.json?{query}")
    assert answer.status_code == 404
    assert answer.get_json()["error"].endswith(
        "; rows is the count of rows under agg=count, of bars or a resample (kind=bar&agg=count, "
        "resample=day&agg=count)"), answer.get_json()


REQUESTS_BOARD = """title = "Requests"

[[charts]]
id = "per-endpoint"
dataset = "requests"
kind = "bar"
x = "endpoint"
agg = "count"
"""


def test_a_dashboard_s_count_of_no_y_counts_rows_and_its_form_drops_the_count_under_a_mean(tmp_path):
    client = dashboard_site(tmp_path, {"requests.csv": requests_frame().to_csv(index=False)},
                            REQUESTS_BOARD).test_client()
    data = csv_of(client.get("/d/m/per-endpoint.csv"))
    assert dict(zip(data["endpoint"], data["count of rows"])) == per(requests_frame(), "endpoint").to_dict()
    form = SpecForm(client.get("/d/m/per-endpoint").get_data(as_text=True))
    assert ("y", "rows") in form.fields  # ticked, as the chart draws it
    kept = submitted(client, form, kind="barh")
    assert image_query(kept.get_data(as_text=True)).get("y", ["rows"]) == ["rows"]
    # A mean of rows is no chart: the columns' default, every numeric one, where it was a 404.
    meant = submitted(client, form, agg="mean")
    assert meant.status_code == 200, meant.get_data(as_text=True)
    image = chart_image(meant.get_data(as_text=True))
    means = ["mean of status", "mean of latency_ms"]
    assert csv_of(client.get(image.replace(".svg?", ".csv?"))).columns[1:].tolist() == means
    # So in a URL: the chart's own count of rows is no y of a mean, a line or a histogram.
    assert csv_of(client.get("/d/m/per-endpoint.csv?agg=mean")).columns[1:].tolist() == means
    assert csv_of(client.get("/d/m/per-endpoint.csv?kind=hist")).columns.tolist()[-2:] == ["status", "latency_ms"]


def test_a_split_count_whose_series_is_named_rows_counts_that_series_own_rows(postgres_url, tmp_path):
    # A series value `rows` names one series of the split, not the count of every row of its x.
    frame = pd.DataFrame({"m": ["a", "a", "a", "b", "b", "b"], "k": ["rows", "b", "b", "rows", "b", "b"]})
    with path_clients(postgres_url, tmp_path, frame, frame.to_csv(index=False), EVERY_PATH,
                      settings={"RENDER_CACHE_BYTES": 0}, pushdown_above_rows=0) as made:
        for path, client in made.items():
            data = csv_of(client.get("/plot/t.csv?kind=bar&x=m&agg=count&series=k"))
            counts = {name: list(data[name]) for name in data.columns[1:]}
            assert counts == {"count of b": [2, 2], "count of rows": [1, 1]}, path


def test_a_count_of_no_y_along_a_column_named_rows_counts_each_numeric_column_s_values(postgres_url, tmp_path):
    # The count of rows would take the name of the x: each numeric column's values are counted, as before it.
    frame = pd.DataFrame({"rows": ["a", "a", "b"], "v": [1.0, 2.0, None], "w": [None, 3.0, 4.0]})
    with path_clients(postgres_url, tmp_path, frame, frame.to_csv(index=False), EVERY_PATH,
                      settings={"RENDER_CACHE_BYTES": 0}, pushdown_above_rows=0) as made:
        for path, client in made.items():
            data = csv_of(client.get("/plot/t.csv?kind=bar&x=rows&agg=count&sort=x"))
            assert data.values.tolist() == [["a", 2, 1], ["b", 0, 1]], path
            assert list(data.columns) == ["rows", "count of v", "count of w"], path
