"""Source datasets over HTTP, on an SQLite file and on PostgreSQL: datasets like any other, read only.

The weather sample is also a table of each source database, so every chart of the weather
dashboard can be drawn from both and compared byte for byte.
"""
from __future__ import annotations


import io
import re
import threading
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from PIL import Image, ImageChops

from app import create_app
from app.store import sources as sources_module
from plots import downsample
from tests.conftest import JSON_WRITE, WRITE_TOKEN, assert_close_waits, chart_v
from tests.sample_charts import WEATHER_CHARTS, chart_query
from tests.source_data import WALK_ROWS, SourceDb, orders_frame, sources_toml, walk_frame
from tests.test_pdf import pdf_text, saved

WALK = walk_frame()
DATASETS = {
    "wsrc": {"source": "shop", "table": "weather", "title": "Weather from the shop's database"},
    "walk": {"source": "shop", "table": "walk"},
    "orders": {"source": "shop", "table": "orders", "version_sql": "SELECT max(updated_at) FROM orders"},
    "regions": {"source": "shop", "sql": "SELECT region, sum(total) AS total FROM orders GROUP BY region"},
}


# Closes each app this file's helpers make when its test ends (`closing`, set for every test): an app
# over a PostgreSQL source holds its connections for its life.
_closed_at_end = None


@pytest.fixture(autouse=True)
def apps_closed_at_end(closing):
    global _closed_at_end
    _closed_at_end = closing
    yield
    _closed_at_end = None


def source_app(tmp_path: Path, db: SourceDb, datasets=DATASETS, **settings):
    """The app over the sample data and the source database `db` (named "shop")."""
    tmp_path.mkdir(parents=True, exist_ok=True)
    sources = sources_toml(tmp_path / "sources.toml", {"shop": {"url": db.url, "cache_seconds": 30}}, datasets)
    data = tmp_path / "data"
    data.mkdir(exist_ok=True)
    # A statement timeout far above the default: these tests read 100,000-row tables, which a
    # machine busy with other work may take longer than 10 s over; timeouts have tests of their own.
    return _closed_at_end(create_app({"TESTING": True, "DATA_DIR": str(data), "SOURCES": str(sources),
                                      "WRITE_TOKENS": WRITE_TOKEN, "RENDER_WORKERS": 0, "SOURCE_TIMEOUT": 120,
                                      **settings}))


@pytest.fixture
def client(tmp_path, source_db):
    return source_app(tmp_path, source_db).test_client()



@pytest.mark.parametrize("chart", WEATHER_CHARTS, ids=[c["id"] for c in WEATHER_CHARTS])
def test_a_chart_of_a_source_table_has_the_bytes_of_the_same_chart_of_a_stored_dataset(client, chart):
    query = chart_query(chart)
    stored, source = client.get(f"/plot/weather.svg?{query}"), client.get(f"/plot/wsrc.svg?{query}")
    assert source.status_code == 200
    assert source.data == stored.data


@pytest.mark.parametrize("chart", WEATHER_CHARTS, ids=[c["id"] for c in WEATHER_CHARTS])
def test_the_data_of_a_source_chart_is_the_data_of_the_stored_chart(client, chart):
    query = chart_query(chart)
    stored, source = client.get(f"/plot/weather.json?{query}").json, client.get(f"/plot/wsrc.json?{query}").json
    assert source["columns"] == stored["columns"] and len(source["rows"]) == len(stored["rows"])
    if chart["kind"] == "scatter":  # rows of equal x come in the table's order, which SQL does not keep
        source["rows"], stored["rows"] = sorted(source["rows"]), sorted(stored["rows"])
    for ours, theirs in zip(source["rows"], stored["rows"]):
        for a, b in zip(ours, theirs):
            assert a == pytest.approx(b, rel=1e-12) if isinstance(b, float) else a == b


def test_a_source_dataset_is_listed_with_its_source_and_not_writable(client, source_db):
    listed = {d["name"]: d for d in client.get("/api/datasets").json["datasets"]}
    assert listed["wsrc"]["source"] == "shop" and listed["wsrc"]["writable"] is False
    assert listed["weather"]["source"] is None and listed["weather"]["writable"] is True
    assert listed["wsrc"]["row_count"] == 10958
    assert [c["type"] for c in listed["wsrc"]["columns"]] == ["datetime", "float", "integer", "float", "float", "float"]
    # sum() of integers: an integer to SQLite, a numeric to PostgreSQL
    total_type = "integer" if source_db.backend == "sqlite" else "float"
    assert listed["regions"]["columns"] == [{"name": "region", "type": "text"}, {"name": "total", "type": total_type}]


def test_writes_to_a_source_dataset_are_409_naming_the_source(client):
    appended = client.post("/api/datasets/wsrc/rows", headers=JSON_WRITE, json=[{"date": "2030-01-01"}])
    deleted = client.delete("/api/datasets/wsrc", headers=JSON_WRITE)
    created = client.post("/api/datasets?name=wsrc", headers={**JSON_WRITE, "Content-Type": "text/csv"},
                          data="a,b\n1,2\n")
    for response in (appended, deleted, created):
        assert response.status_code == 409
        assert "source 'shop'" in response.json["error"]
    assert created.json["error"].endswith("choose another name")
    assert client.get("/datasets/wsrc/append").status_code == 409


def test_the_dataset_page_shows_the_first_rows_and_a_chart_per_numeric_column(client):
    page = client.get("/datasets/walk")
    assert page.status_code == 200
    html = page.get_data(as_text=True)
    assert f"{WALK_ROWS} rows" in html and "/plot/walk.svg?y=value" in html and "/plot/walk.svg?y=spiky" in html
    assert html.count("<tr") <= 101 + 5


def test_a_download_of_more_rows_than_the_limit_is_422_saying_how_to_narrow(tmp_path, source_db):
    client = source_app(tmp_path, source_db, SOURCE_MAX_ROWS=50_000).test_client()
    for url in ("/datasets/walk.json", "/datasets/walk.csv", "/plot/walk.json?y=value", "/plot/walk.csv?y=value"):
        response = client.get(url)
        assert response.status_code == 422
        assert "50,000" in response.get_data(as_text=True) and "xmin" in response.get_data(as_text=True)
    window = client.get("/plot/walk.json?y=value&xmin=2024-01-02&xmax=2024-01-03").json
    assert len(window["rows"]) == 24 * 60 + 1  # rows lie on both bounds: the line runs on to none beyond
    assert client.get("/datasets/wsrc.csv").status_code == 200


def test_a_big_line_leaves_the_database_as_at_most_four_rows_per_pixel_column(tmp_path, source_db):
    app = source_app(tmp_path, source_db)
    store, limits = app.extensions["svgplots"].store, app.extensions["svgplots"].limits
    from plots import parse_spec

    columns = store.info("walk").column_types()
    for width, scale in ((300, 1), (640, 1), (400, 2)):
        spec = parse_spec({"y": ["value"], "width": [str(width)]}, columns)
        frame = store.chart_rows("walk", spec, limits, downsample.pixel_columns(width, scale)).frame
        assert 3 * width * scale <= len(frame) <= 4 * width * scale
        assert frame["t"].is_monotonic_increasing
        assert (frame["value"].min(), frame["value"].max()) == (WALK["value"].min(), WALK["value"].max())
        assert (frame["t"].iloc[0], frame["t"].iloc[-1]) == (WALK["t"].iloc[0], WALK["t"].iloc[-1])
    spec = parse_spec({"y": ["value"], "xmin": ["2024-02-01"], "xmax": ["2024-02-01T06:00"]}, columns)
    frame = store.chart_rows("walk", spec, limits, 640).frame
    assert len(frame) == 6 * 60 + 1  # a window of fewer rows than pixel columns: every row


def png_difference(a: bytes, b: bytes) -> float:
    first, second = (Image.open(io.BytesIO(png)).convert("RGB") for png in (a, b))
    return float((np.asarray(ImageChops.difference(first, second)).max(axis=2) > 64).mean())


def thinned_in_the_database_and_in_memory(tmp_path, source_db, monkeypatch, query: str):
    """/plot/walk.png?`query` as the database thins it, then with every row fetched and thinned in memory."""
    thinned = source_app(tmp_path / "db", source_db).test_client().get(f"/plot/walk.png?{query}")
    monkeypatch.setattr("app.store.pushdown_m4.THIN_ABOVE_POINTS_PER_COLUMN", 10**12)  # every row leaves the database
    in_memory = source_app(tmp_path / "memory", source_db).test_client().get(f"/plot/walk.png?{query}")
    return thinned, in_memory


# Dense noise (200 points per column here) differs more than the sparser data of test_downsample.
@pytest.mark.parametrize(("y", "scale", "tolerance"), [("value", 1, 0.005), ("spiky", 1, 0.002), ("spiky", 2, 0.001),
                                                       ("gappy", 2, 0.004)])
def test_a_line_thinned_in_the_database_looks_like_the_whole_line_and_as_thinned_in_memory(
        tmp_path, source_db, monkeypatch, y, scale, tolerance):
    query = f"y={y}&width=500&height=300&scale={scale}"
    thinned, in_memory = thinned_in_the_database_and_in_memory(tmp_path, source_db, monkeypatch, query)
    monkeypatch.setattr(downsample, "THIN_ABOVE_POINTS_PER_COLUMN", 10**12)  # and is drawn
    whole = source_app(tmp_path / "whole", source_db).test_client().get(f"/plot/walk.png?{query}")
    assert thinned.status_code == in_memory.status_code == whole.status_code == 200
    assert png_difference(thinned.data, whole.data) <= tolerance
    assert thinned.data == in_memory.data  # the database keeps the rows thinning in memory keeps


def test_the_alt_text_counts_every_row_a_thinned_line_stands_for(client):
    page = client.get("/datasets/walk").get_data(as_text=True)
    assert f"Line chart of value by t, {WALK_ROWS} rows" in page


def test_a_dashboard_of_source_charts_draws_them(tmp_path, source_db):
    boards = tmp_path / "boards"
    boards.mkdir()
    (boards / "shop.toml").write_text('title = "Shop"\n[[charts]]\nid = "walk"\ndataset = "walk"\ny = ["value"]\n'
                                      '[[charts]]\nid = "regions"\ndataset = "regions"\nkind = "bar"\n'
                                      # a value per category: more categories than a bar chart may show
                                      '[[charts]]\nid = "crowded"\ndataset = "walk"\nkind = "bar"\nx = "value"\n'
                                      'y = ["spiky"]\n', "utf-8")
    client = source_app(tmp_path, source_db, DASHBOARD_DIRS=[str(boards)], SOURCE_MAX_ROWS=50_000,
                        CHART_MAX_AGE=60).test_client()
    page = client.get("/d/shop")
    assert page.status_code == 200
    versions = client.get("/d/shop/versions.json").json["charts"]
    for chart in ("walk", "regions"):
        assert client.get(versions[chart]["src"]).status_code == 200
    assert client.get(versions["crowded"]["src"]).status_code == 422
    report = client.get("/d/shop.pdf")
    assert report.status_code == 200 and report.data.startswith(b"%PDF")
    # As its charts: reused no longer than the source's cache_seconds (30), not CHART_MAX_AGE (60).
    assert report.headers["Cache-Control"] == "public, max-age=30, must-revalidate"
    text = pdf_text(saved(report.data, tmp_path, "shop.pdf"))
    assert "categories" in text  # the crowded chart's cell says why it is not drawn


def test_a_report_asks_the_databases_for_its_source_charts_at_once(tmp_path, source_db, monkeypatch):
    # One after another, four slow charts kept a report waiting four times as long. Each query
    # here waits for the other one: asked one after another, the first would wait in vain.
    both = threading.Barrier(2, timeout=20)
    real = sources_module.chart_rows

    def together(*args, **kwargs):
        both.wait()
        return real(*args, **kwargs)

    monkeypatch.setattr(sources_module, "chart_rows", together)
    boards = tmp_path / "boards"
    boards.mkdir()
    (boards / "shop.toml").write_text('title = "Shop"\n[[charts]]\nid = "walk"\ndataset = "walk"\ny = ["value"]\n'
                                      '[[charts]]\nid = "spiky"\ndataset = "walk"\ny = ["spiky"]\n', "utf-8")
    client = source_app(tmp_path, source_db, DASHBOARD_DIRS=[str(boards)]).test_client()
    report = client.get("/d/shop.pdf")
    assert report.status_code == 200 and report.data.startswith(b"%PDF")
    assert not both.broken


@pytest.fixture
def slow_database(monkeypatch):
    """The source's chart queries, held until the test sets the event; each call is counted."""
    release, calls = threading.Event(), []
    real = sources_module.chart_rows

    def held(*args, **kwargs):
        calls.append((args[3].key(), args[7:]))  # the spec, the pixel columns and the conditions
        assert release.wait(30)
        return real(*args, **kwargs)

    monkeypatch.setattr(sources_module, "chart_rows", held)
    return release, calls


# Versioned by its rows, not by the clock's period, which could end between a page and its images.
COUNTED_WALK = {"walk": {**DATASETS["walk"], "version_sql": "SELECT count(*) FROM walk"}}


def in_a_thread(client, url: str) -> tuple[threading.Thread, list]:
    answer = []
    thread = threading.Thread(target=lambda: answer.append(client.get(url)))
    thread.start()
    return thread, answer


def test_a_page_does_not_wait_for_a_chart_its_database_computes_slowly(tmp_path, source_db, slow_database):
    release, calls = slow_database
    boards = tmp_path / "boards"
    boards.mkdir()
    (boards / "shop.toml").write_text('title = "Shop"\n[[charts]]\nid = "walk"\ndataset = "walk"\ny = ["value"]\n'
                                      '[[charts]]\nid = "stored"\ndataset = "weather"\ny = ["temperature_c"]\n')
    app = source_app(tmp_path, source_db, COUNTED_WALK, DASHBOARD_DIRS=[str(boards)], DESCRIBE_WAIT=0.2)
    client = app.test_client()
    page = client.get("/d/shop").get_data(as_text=True)
    # The source chart's alt text names what it draws (its rows are still being computed); the
    # stored dataset's is read from its rows.
    assert 'alt="Line chart of value by t."' in page
    assert "Line chart of temperature_c by date, 10958 rows" in page
    src = re.search(r'<img src="([^"]+)"[^>]*data-chart="walk"', page)[1].replace("&amp;", "&")
    thread, answer = in_a_thread(app.test_client(), src)
    release.set()
    thread.join(30)
    assert answer[0].status_code == 200 and answer[0].mimetype == "image/svg+xml"
    assert len(calls) == 1  # the image waited for the rows the page had asked for, and drew them
    # Once its rows are in, the page describes the chart with them.
    assert f"Line chart of value by t, {WALK_ROWS} rows" in client.get("/d/shop").get_data(as_text=True)


def test_requests_for_a_chart_being_computed_wait_for_its_rows(tmp_path, source_db, slow_database):
    release, calls = slow_database
    app = source_app(tmp_path, source_db, COUNTED_WALK, DESCRIBE_WAIT=0.2)
    page = app.test_client().get("/datasets/walk").get_data(as_text=True)
    assert 'alt="Line chart of value by t."' in page and 'alt="Line chart of spiky by t."' in page
    waiting = [in_a_thread(app.test_client(), "/plot/walk.svg?y=value") for _ in range(3)]
    waiting.append(in_a_thread(app.test_client(), "/plot/walk.png?y=value"))
    release.set()
    for thread, _ in waiting:
        thread.join(30)
    svgs = [answer[0] for _, answer in waiting[:3]]
    assert all(svg.status_code == 200 for svg in svgs) and len({svg.data for svg in svgs}) == 1
    assert waiting[3][1][0].status_code == 200
    # One query per chart of the page (one per numeric column): the images, SVG and PNG at scale 1,
    # drew the rows it had asked for.
    assert len(calls) == len(set(calls)) == page.count('<img src="/plot/walk.svg') == 3


def test_a_version_query_versions_the_charts_and_caches_for_at_most_cache_seconds(client):
    info = client.get("/api/datasets/orders").json["dataset"]
    v = chart_v(client.application, info["version"])
    chart = client.get(f"/plot/orders.svg?kind=bar&x=region&y=total&agg=sum&v={v}")
    assert chart.status_code == 200
    assert chart.headers["Cache-Control"] == "public, max-age=30, must-revalidate"
    assert client.get("/api/datasets/orders").json["dataset"]["version"] == info["version"]
    again = client.get("/plot/orders.svg?kind=bar&x=region&y=total&agg=sum",
                       headers={"If-None-Match": chart.headers["ETag"]})
    assert again.status_code == 304


def test_without_a_version_query_the_version_is_the_clock_period(tmp_path, source_db):
    app = source_app(tmp_path, source_db)
    sources = app.extensions["svgplots"].store.sources
    # An SQLite source's version also names the file its path names ("t1000-<device>.<inode>").
    sources.clock = lambda: 30 * 1000 + 29.0
    assert sources.info("walk").version.partition("-")[0] == "t1000"
    sources.clock = lambda: 30 * 1001
    assert sources.info("walk").version.partition("-")[0] == "t1001"


def test_an_x_bound_is_a_bound_parameter_and_a_bad_one_a_400(client):
    assert client.get("/plot/walk.svg?y=value&xmin=2024-01-01%27%3B%20DROP%20TABLE%20walk%3B--").status_code == 400
    response = client.get("/plot/walk.json?y=value&xmin=2024-02-01T00:00:00&xmax=2024-02-01T00:10:00")
    assert [row[0] for row in response.json["rows"]][:2] == ["2024-02-01T00:00:00Z", "2024-02-01T00:01:00Z"]
    assert client.get("/api/datasets/walk").json["dataset"]["row_count"] == WALK_ROWS


def test_a_time_range_and_filters_narrow_a_source_chart_in_its_database(client):
    query = "kind=bar&x=region&y=total&agg=sum&from=2024-02-01&to=2024-03-01&filter.region=north&filter.region=east"
    answer = client.get(f"/plot/orders.json?{query}").json
    orders, chosen = orders_frame(), answer["selection"]
    start, end = (pd.Timestamp(chosen[bound]).tz_convert(None) for bound in ("from", "to"))  # UTC, as the rows
    expected = orders[(orders.day >= start) & (orders.day <= end) & orders.region.isin(["north", "east"])]
    assert dict(answer["rows"]) == expected.groupby("region")["total"].sum().to_dict()
    assert client.get(f"/plot/orders.svg?{query}").status_code == 200
    unknown = client.get("/plot/orders.json?filter.region=nowhere")
    assert unknown.status_code == 404 and "its values are 'east', 'north', 'south', 'west'" in unknown.json["error"]


# Two series: each is drawn as thinning it alone in memory draws it, over the whole range (about
# 100 rows per pixel column; M4's rows of both are more than four per column and are thinned again
# per series when drawn) and over windows of 4 to 5 rows per column (fewer: drawn whole).
@pytest.mark.parametrize("window", ["", "&xmin=2024-01-20&xmax=2024-01-21T09:44",
                                    "&xmin=2024-02-03T05:00&xmax=2024-02-04T19:00"])
@pytest.mark.parametrize("scale", [1, 2])
@pytest.mark.parametrize("ys", ["value,gappy", "value,spiky"])
def test_a_thinned_line_of_two_series_is_drawn_as_each_series_thinned_in_memory(
        tmp_path, source_db, monkeypatch, ys, scale, window):
    query = f"y={ys}&width=500&height=300&scale={scale}{window}"
    thinned, in_memory = thinned_in_the_database_and_in_memory(tmp_path, source_db, monkeypatch, query)
    assert thinned.status_code == in_memory.status_code == 200
    assert thinned.data == in_memory.data


def commented_app(tmp_path: Path, db: SourceDb, sql: str, version_sql: str):
    """The app over `db` with `regions` (the plain query) and `noted` (`sql`, versioned by
    `version_sql`), the queries written in TOML's multi-line strings as a person writes them."""
    tmp_path.mkdir(parents=True, exist_ok=True)
    (tmp_path / "sources.toml").write_text(
        f'[sources.shop]\nurl = "{db.url}"\n\n'
        f'[datasets.regions]\nsource = "shop"\nsql = "{DATASETS["regions"]["sql"]}"\n\n'
        f'[datasets.noted]\nsource = "shop"\nsql = """{sql}"""\nversion_sql = """{version_sql}"""\n', encoding="utf-8")
    (tmp_path / "data").mkdir(exist_ok=True)
    return _closed_at_end(create_app({"TESTING": True, "DATA_DIR": str(tmp_path / "data"),
                                      "SOURCES": str(tmp_path / "sources.toml"), "RENDER_WORKERS": 0}))


def assert_noted_is_regions(client) -> None:
    """`noted` answers as `regions` does, and is versioned by its version query."""
    for url in ("/plot/{}.json?kind=bar&x=region&y=total", "/datasets/{}.json"):
        noted, regions = client.get(url.format("noted")), client.get(url.format("regions"))
        assert noted.status_code == 200, noted.json
        assert noted.json["rows"] == regions.json["rows"]
    info = client.get("/api/datasets/noted").json["dataset"]
    assert info["row_count"] == 4 and re.fullmatch("[0-9a-f]{12}-c[0-9a-f]{8}", info["version"])
    assert client.get("/plot/noted.svg?kind=bar&x=region&y=total").status_code == 200


def test_a_query_and_a_version_query_may_end_with_a_line_comment(tmp_path, source_db):
    # The comment swallowed the `) AS q` of the subquery the site wraps a query in: every request was a 422.
    app = commented_app(tmp_path, source_db,
                        "SELECT region, sum(total) AS total FROM orders GROUP BY region -- one row per region",
                        "SELECT max(updated_at) FROM orders -- the newest change")
    assert_noted_is_regions(app.test_client())


def test_a_percent_after_a_value_in_a_query_is_the_modulo_its_database_computes(tmp_path, source_db):
    # `total%s` is no placeholder: the % reaches the database as written, in the query and in the
    # version query alike, and the rows are each total modulo s.
    app = commented_app(tmp_path, source_db,
                        "SELECT region, total%s AS rest FROM (SELECT region, sum(total) AS total, 7 AS s "
                        "FROM orders GROUP BY region) AS o",
                        "SELECT max(total%s) FROM (SELECT total, 1000 AS s FROM orders) AS o")
    client = app.test_client()
    rests, regions = (client.get(f"/datasets/{name}.json") for name in ("noted", "regions"))
    assert rests.status_code == regions.status_code == 200, rests.json
    assert rests.json["rows"] == [[region, total % 7] for region, total in regions.json["rows"]]
    info = client.get("/api/datasets/noted").json["dataset"]
    assert re.fullmatch("[0-9a-f]{12}-c[0-9a-f]{8}", info["version"])


def test_a_query_may_begin_with_comments_and_hold_a_semicolon_in_a_string(tmp_path, source_db):
    app = commented_app(tmp_path, source_db,
                        "-- totals per region\n/* from orders; all of them */ SELECT region, sum(total) AS total\n"
                        "FROM orders WHERE region <> 'x;y' -- none is\nGROUP BY region; -- done",
                        "/* when the data changed */ SELECT max(updated_at) FROM orders WHERE region <> ';';")
    assert_noted_is_regions(app.test_client())


def test_closing_waits_for_a_read_under_way_and_then_closes_its_connection(tmp_path, source_db, slow_database):
    # A page's alt text is read in the background, and may still be read as the site closes: its
    # connection went back to the pool once disposed, open, for the garbage collector to close.
    release, calls = slow_database
    app = source_app(tmp_path, source_db, COUNTED_WALK)
    thread, answer = in_a_thread(app.test_client(), "/plot/walk.svg?y=value")
    while not calls:
        threading.Event().wait(0.01)
    sources = app.extensions["svgplots"].store.sources
    pool = sources._engines["shop"].pool
    assert_close_waits(sources.close, release, thread)
    assert answer[0].status_code == 200
    assert pool.checkedin() == pool.checkedout() == 0
