"""Charts of a big stored dataset computed by its database, on SQLite and PostgreSQL: the bytes and
the data of the chart its frame draws, the rows of the version its snapshot read, and the frame
path kept for small datasets. How their lines are thinned, and the statements a line sends, are
test_stored_pushdown_lines.py's, over the same sites.

Two sites share each database: one reads every dataset whole (the frame path: no dataset here has
more rows than the threshold), the other computes the charts of datasets of more than 1,000 rows
in the database and refuses to read them whole. The weather sample (10,958 rows, in date order),
`readings` (3,000 rows of four stations sharing their times, appended out of time order in three
writes, with dates alone, fractions of a second, ties, missing values and two stations stored
with the line breaks of an older version) and `series` (3,000 rows appended in time order in two
writes, with repeated and missing times and missing values: its lines are thinned over ranges of
row ids on SQLite) are charted by both: the data of every chart, and the bytes of one chart of
each way the database computes them and of `series`' lines (drawing the same rows again and again
would only take longer). The sites keep no chart between requests, so that a test that
changes their limits draws again; they are made once for the module, and a test that writes to
the database makes its own.
"""
from __future__ import annotations

import re
import threading
import warnings
from collections.abc import Iterator
from contextlib import contextmanager

import numpy as np
import pandas as pd
import pytest
from sqlalchemy import event, select, update

from app.store import pushdown_query, sql_big_reads
from app.store.schema import datasets, selectable_rows_table
from plots import Limits
from tests.conftest import CSV_WRITE, writable_app
from tests.postgres import sites_on_each_backend
from tests.sample_charts import WEATHER_CHARTS, chart_query

THRESHOLD = 1_000
STATIONS = ["North", "Ærø", "Hill Top", "Old Mill"]

READINGS_CHARTS = [
    "y=reading", "y=reading&width=200", "kind=area&y=level,reading", "y=level&scale=2",
    "y=reading&xmin=2024-01-03&xmax=2024-01-05", "y=reading&xmin=2024-01-02T06:00:00.25&xmax=2024-01-04T00:00:00",
    "y=reading&xmin=2024-01-02T06:00:00.25&xmax=2024-01-04T00:00:00&width=150", "y=reading&filter.station=North",
    "y=reading,level&filter.station=North&width=150",
    "y=level,reading&filter.station=Hill%0D%0ATop&from=2024-01-02&to=2024-01-06",
    "kind=bar&x=station&y=reading&agg=mean", "kind=bar&x=station&y=reading&agg=median",
    "kind=barh&x=station&y=level&agg=count", "kind=bar&x=level&y=reading&agg=sum",
    "kind=bar&x=level&y=reading&agg=median&filter.station=Old%0AMill",
    "kind=bar&y=reading&resample=day&agg=max", "y=reading&resample=week&agg=count",
    "kind=area&y=level&resample=day&agg=median", "y=reading&resample=day&agg=mean&xmin=2024-01-03",
    "kind=bar&x=station&y=reading,level&agg=p95", "y=reading&resample=day&agg=p99",
    "kind=bar&x=level&y=reading&agg=p50",
    "y=reading&resample=day&agg=sum&xmin=2024-01-02T12:00:00&xmax=2024-01-04",
    # Windows no period starts in, the rows ending on 6 January: the period the rows within belong to.
    "y=reading&resample=week&agg=count&xmin=2024-01-02&xmax=2024-01-03",
    "y=level&resample=day&agg=mean&xmin=2024-01-06T01:00:00&xmax=2024-01-06T02:00:00",
    "kind=hist&y=reading&bins=13", "kind=hist&y=reading,level&xmin=-1&xmax=2.5",
    "kind=scatter&x=level&y=reading", "kind=box&y=reading,level", "kind=line&x=level&y=reading",
    "kind=bar&x=time&y=level",
    "kind=bar&x=time&y=level&filter.station=North&xmin=2024-01-02&xmax=2024-01-02T12:00:00",
]


# One chart of each way the database computes one, whose bytes are compared: lines thinned by M4
# where no x repeats (PostgreSQL) and here where one does, an area of two series, a PNG, bars
# grouped by category and by period, bars named by text of two lines, counts per bin, a scatter.
DRAWN_CHARTS = [
    "/plot/weather.{}?kind=line&x=date&y=temperature_c", "/plot/readings.{}?y=reading&width=200",
    "/plot/readings.{}?y=reading,level&filter.station=North&width=150", "/plot/readings.{}?kind=area&y=level,reading",
    "/plot/readings.{}?y=level&scale=2", "/plot/readings.{}?kind=bar&x=station&y=reading&agg=mean",
    "/plot/readings.{}?kind=barh&x=station&y=level&agg=count", "/plot/readings.{}?kind=bar&y=reading&resample=day&agg=max",
    "/plot/readings.{}?kind=hist&y=reading&bins=13", "/plot/readings.{}?kind=scatter&x=level&y=reading",
    "/plot/readings.{}?kind=bar&x=station&y=reading,level&agg=p95",
]


def readings_csv(seed: int, start: int, count: int) -> str:
    """`count` rows from the `start`-th time (every 10 minutes, each of four stations), shuffled."""
    rng = np.random.default_rng(seed)
    at = np.arange(start, start + count) // len(STATIONS)
    times = pd.Timestamp("2024-01-01") + pd.to_timedelta(at * 600, unit="s")
    texts = [t.strftime("%Y-%m-%d") if t == t.normalize() and i % 8 == 0 else t.isoformat()
             for i, t in enumerate(times)]
    texts = [t + ".250000" if i % 7 == 3 and len(t) > 10 else t for i, t in enumerate(texts)]
    readings = np.round(rng.normal(size=count), 1)
    readings[rng.random(count) < 0.05] = np.nan
    frame = pd.DataFrame({"time": texts, "station": [STATIONS[i % len(STATIONS)] for i in range(start, start + count)],
                          "level": rng.integers(0, 5, count), "reading": readings})
    return frame.iloc[rng.permutation(count)].to_csv(index=False)


def series_csv(start: int, count: int, seed: int = 0) -> str:
    """`count` rows from the `start`-th of a series appended in time order: a time a minute apart
    (each 7th row repeats the one before, each 97th has none; a midnight is a date alone), a
    walk with missing values (and none at all for 60 rows), whole numbers, a text column of two
    values and a whole-number x that never decreases either (four rows each)."""
    rng = np.random.default_rng(seed)
    i = np.arange(start, start + count)
    moments = pd.Timestamp("2024-03-01") + pd.to_timedelta((i - (i + 1) // 7) * 60, unit="s")
    times = ["" if n % 97 == 96 else t.strftime("%Y-%m-%d") if t == t.normalize() else t.isoformat()
             for n, t in zip(i, moments)]
    walk = np.round(np.cumsum(rng.normal(size=count)), 2)
    walk[(rng.random(count) < 0.03) | ((i >= 1000) & (i < 1060))] = np.nan
    return pd.DataFrame({"time": times, "a": walk, "b": rng.integers(0, 50, count),
                         "kind": np.where(i % 3 == 0, "down", "up"), "step": i // 4}).to_csv(index=False)


# Lines of `series`, whose x never decreases by row id: thinned over ranges of row ids, the whole
# range and windows at its edges, on repeated times, between rows and beyond them, chosen by a
# range or a filter too, and by a whole-number x.
SERIES_CHARTS = [
    "y=a", "y=a,b&width=200", "kind=area&y=b&width=150", "y=a&width=200&scale=2", "y=a&width=100",
    "y=a&xmin=2024-03-01T19:59:00&xmax=2024-03-02T09:59:00&width=100",
    "y=a&xmin=2024-02-01&xmax=2024-12-31&width=200", "y=a&xmin=2024-03-01&xmax=2024-03-02T18:51:00&width=200",
    "y=a&xmin=2024-03-01T10:00:30&xmax=2024-03-01T12:00:30", "y=a&xmin=2025-01-01&xmax=2025-02-01",
    "y=a&xmin=2024-03-02T18:00:00&width=100", "y=a,b&xmax=2024-03-01T01:00:00&width=100",
    "y=a&xmin=2024-03-01T16:00:00&width=100", "y=a,b&filter.kind=up&width=200",
    "y=a&from=2024-03-01T06:00:00&to=2024-03-02T06:00:00&width=200", "x=step&y=a&width=200",
    "x=step&y=b&xmin=100&xmax=700&width=100",
]


def series_urls() -> list[str]:
    return [f"/plot/series.{'png' if 'scale=2' in chart else 'svg'}?{chart}" for chart in SERIES_CHARTS]


def two_sites(data_dir, store_url, **settings):
    """The frame path's app, and the app and database of a site that computes the charts of
    datasets of more than THRESHOLD rows in the database; neither keeps a chart it drew."""
    settings = {"DATABASE_URL": store_url, "RENDER_WORKERS": 0, "RENDER_CACHE_BYTES": 0, **settings}
    frame_site = writable_app(data_dir, **settings)
    client = frame_site.test_client()
    for seed, (start, count) in enumerate([(0, 1200), (1200, 600), (1800, 1200)]):
        path = "/api/datasets?name=readings" if seed == 0 else "/api/datasets/readings/rows"
        assert client.post(path, data=readings_csv(seed, start, count), headers=CSV_WRITE).status_code in (200, 201)
    for seed, (start, count) in enumerate([(0, 2000), (2000, 1000)]):
        path = "/api/datasets?name=series" if seed == 0 else "/api/datasets/series/rows"
        assert client.post(path, data=series_csv(start, count, seed), headers=CSV_WRITE).status_code in (200, 201)
    database = frame_site.extensions["svgplots"].store.database
    with database._engine.begin() as conn:  # two stations as an older version stored them
        dataset_id = conn.execute(select(datasets.c.id).where(datasets.c.name == "readings")).scalar()
        rows = selectable_rows_table(dataset_id, ["datetime", "text", "integer", "float"])
        for old, stored in (("Hill Top", "Hill\r\nTop"), ("Old Mill", "Old\rMill")):
            conn.execute(update(rows).where(rows.c.c1 == old).values(c1=stored))
    database._frames.drop("readings")
    pushdown_site = writable_app(data_dir, **settings)
    pushdown_site.extensions["svgplots"].store.database.pushdown_above_rows = THRESHOLD
    return frame_site, pushdown_site


def clients_of(frame_site, pushdown_site):
    """The frame path's client, and the client and database of the site that computes charts."""
    return frame_site.test_client(), pushdown_site.test_client(), pushdown_site.extensions["svgplots"].store.database


@pytest.fixture(scope="module", params=["sqlite", "postgresql"])
def shared_sites(request, tmp_path_factory) -> Iterator[tuple]:
    """The two sites over one database of each backend, for the module's tests that do not write."""
    yield from sites_on_each_backend(request, tmp_path_factory, "stored_pushdown", two_sites)


def never_read_whole(shared_sites, monkeypatch):
    """The frame path's client and the client of the site that computes charts, which fails a
    test that reads a dataset whole."""
    frame_client, pushdown_client, pushed = clients_of(*shared_sites)

    def read_whole(name, columns=None):
        raise AssertionError(f"dataset {name!r} was read whole")

    monkeypatch.setattr(pushed, "read", read_whole)
    return frame_client, pushdown_client


@pytest.fixture
def sites(shared_sites, monkeypatch):
    """`never_read_whole`'s clients."""
    return never_read_whole(shared_sites, monkeypatch)


@pytest.fixture
def own_sites(data_dir, store_url, closing):
    """The clients and database of `clients_of`, made for one test: one that writes."""
    return clients_of(*(closing(app) for app in two_sites(data_dir, store_url)))



def every_chart() -> list[str]:
    return ([f"/plot/weather.{{}}?{chart_query(chart)}" for chart in WEATHER_CHARTS]
            + [f"/plot/readings.{{}}?{query}" for query in READINGS_CHARTS]
            + [f"/plot/series.{{}}?{query}" for query in SERIES_CHARTS])


# Bars of times given once each (one station's rows, appended out of time order), the first ones.
ONCE_EACH_BARS = "/plot/readings.json?" + READINGS_CHARTS[-1]


def test_bars_of_a_big_datasets_times_given_once_each_are_in_order_of_time(sites):
    for client in sites:
        times = [row[0] for row in client.get(ONCE_EACH_BARS).get_json()["rows"]]
        assert len(times) > 60 and times == sorted(times)


def test_a_chart_of_a_big_stored_dataset_has_the_bytes_the_frame_path_draws(sites):
    frame_client, pushdown_client = sites
    differ = []
    for url in DRAWN_CHARTS:
        url = url.format("png" if "scale=2" in url else "svg")
        ours, theirs = pushdown_client.get(url), frame_client.get(url)
        assert theirs.status_code == 200, url
        if (ours.status_code, ours.data) != (theirs.status_code, theirs.data):
            differ.append(url)
    assert differ == []


def test_the_data_of_a_big_stored_chart_is_the_frame_paths(sites):
    # Sums and means of floats are the database's, which adds them otherwise than pandas: they may
    # differ in their last bit, as a source dataset's do. Everything else is the same.
    frame_client, pushdown_client = sites
    for url in every_chart():
        url = url.format("json")
        ours, theirs = pushdown_client.get(url), frame_client.get(url)
        assert ours.status_code == theirs.status_code, url
        ours, theirs = ours.get_json(), theirs.get_json()
        assert ours.keys() == theirs.keys() and {k: v for k, v in ours.items() if k != "rows"} == \
            {k: v for k, v in theirs.items() if k != "rows"}, url
        assert len(ours.get("rows", [])) == len(theirs.get("rows", [])), url
        for mine, frames in zip(ours.get("rows", []), theirs.get("rows", [])):
            for a, b in zip(mine, frames):
                # A combined value that is whole is written as an int (`-2`), whose twin of the other
                # path's arithmetic may be a hair off it (`-2.00000000000001`).
                assert a == b or isinstance(b, (int, float)) and a == pytest.approx(b, rel=1e-12), url


@contextmanager
def rows_table_statements(shared_sites) -> Iterator[list[str]]:
    """The statements the pushdown site sends its rows tables while the block runs."""
    engine = shared_sites[1].extensions["svgplots"].store.database._engine
    statements: list[str] = []

    def seen(conn, cursor, statement, *args):
        if re.search(r"\brows_\d+\b", statement):
            statements.append(statement)

    event.listen(engine, "before_cursor_execute", seen)
    try:
        yield statements
    finally:
        event.remove(engine, "before_cursor_execute", seen)


def test_a_big_stored_scatter_or_box_reads_its_columns_whole_as_the_frame_does(sites, monkeypatch):
    # A stored column holds values of its type alone: read a column at a time, as the frame path
    # reads it, not value by value as a source's (whose text in a column of dates may be anything).
    frame_client, pushdown_client = sites

    def value_by_value(*args):
        raise AssertionError("a stored column was read value by value")

    monkeypatch.setattr(pushdown_query, "rows_frame", value_by_value)
    for url in ["/plot/readings.svg?kind=scatter&y=reading,level", "/plot/readings.svg?kind=box&y=reading,level",
                "/plot/weather.svg?kind=scatter&x=date&y=temperature_c&xmin=2020-03-01",
                "/plot/readings.json?kind=scatter&y=reading&filter.station=North"]:
        ours, theirs = pushdown_client.get(url), frame_client.get(url)
        assert theirs.status_code == 200, url
        assert (ours.status_code, ours.data) == (theirs.status_code, theirs.data), url


def test_a_category_of_two_lines_is_named_on_two_lines_without_a_warning(sites):
    # "Hill\r\nTop", stored by an older version, is read "Hill\nTop": matplotlib draws it as two
    # lines, and measured as one, its line feed was a glyph no font has (a warning on every render).
    for client in sites:
        with warnings.catch_warnings():
            warnings.simplefilter("error")
            response = client.get("/plot/readings.svg?kind=barh&x=station&y=level&agg=count")
        assert response.status_code == 200
        assert b">Hill</text>" in response.data and b">Top</text>" in response.data


# Charts of more values than their limits allow, each counted another way: rows of a line within
# its bounds (its image, or a scatter's data), a histogram's counted values (its image, or its data
# of the rows holding one), every row of a box plot, periods of a resample; and periods of a
# resample by sum, first refused for being more than `max_periods`.
REFUSED_CHARTS = {
    Limits(max_points=2_500): [
        "/plot/readings.svg?y=reading", "/plot/readings.json?kind=scatter&x=level&y=reading",
        "/plot/readings.svg?y=level,reading&xmin=2024-01-02", "/plot/readings.svg?kind=hist&y=reading",
        "/plot/readings.json?kind=hist&y=reading,level&xmin=-1&xmax=2.5", "/plot/readings.csv?kind=box&y=reading,level",
        "/plot/readings.svg?kind=line&x=station&y=reading"],
    Limits(max_points=5, max_periods=3): [
        "/plot/readings.svg?y=reading&resample=day&agg=mean", "/plot/readings.json?y=reading,level&resample=day&agg=max",
        "/plot/readings.svg?y=reading&resample=day&agg=sum"],
}


def test_a_chart_of_more_values_than_allowed_is_refused_in_the_frame_paths_words(sites, shared_sites, monkeypatch):
    # Counted by the database: the dataset is not read whole (`sites` fails a test that reads it).
    frame_client, pushdown_client = sites
    for limits, urls in REFUSED_CHARTS.items():
        for app in shared_sites:
            monkeypatch.setattr(app.extensions["svgplots"], "limits", limits)
        for url in urls:
            ours, theirs = pushdown_client.get(url), frame_client.get(url)
            assert theirs.status_code == 422 and b"are allowed" in theirs.data, url
            assert (ours.status_code, ours.data) == (theirs.status_code, theirs.data), url
    assert b"makes a period of every day" in theirs.data  # the last: more periods than allowed


def test_a_line_of_more_values_than_allowed_counts_its_rows_once(sites, shared_sites, monkeypatch):
    # The count that finds the line too big is every row's: the refusal says how many from it.
    frame_client, pushdown_client = sites
    for app in shared_sites:
        monkeypatch.setattr(app.extensions["svgplots"], "limits", Limits(max_points=2_500))
    with rows_table_statements(shared_sites) as statements:
        ours = pushdown_client.get("/plot/readings.svg?y=reading")
    theirs = frame_client.get("/plot/readings.svg?y=reading")
    assert theirs.status_code == 422 and (ours.status_code, ours.data) == (theirs.status_code, theirs.data)
    counts = [statement for statement in statements if "count(" in statement]
    assert len(counts) == 1, counts


def test_a_chart_draws_the_rows_of_the_version_its_snapshot_read(own_sites, monkeypatch):
    frame_client, pushdown_client, pushed = own_sites
    before = frame_client.get("/plot/readings.json?kind=bar&x=station&y=level&agg=count").get_json()
    computed = sql_big_reads.chart_rows
    appended = []

    def append_meanwhile(conn, *args, **kwargs):
        # Another writer commits rows after this chart's snapshot began: the chart does not see them.
        done = threading.Thread(target=lambda: appended.append(frame_client.post(
            "/api/datasets/readings/rows", data=readings_csv(9, 3000, 400), headers=CSV_WRITE).status_code))
        done.start()
        done.join()
        return computed(conn, *args, **kwargs)

    monkeypatch.setattr(sql_big_reads, "chart_rows", append_meanwhile)
    drawn = pushdown_client.get("/plot/readings.json?kind=bar&x=station&y=level&agg=count").get_json()
    assert appended == [200]
    assert drawn["version"] == before["version"] and drawn["rows"] == before["rows"]
    assert sum(row[1] for row in drawn["rows"]) == 3000
    monkeypatch.setattr(sql_big_reads, "chart_rows", computed)
    after = pushdown_client.get("/plot/readings.json?kind=bar&x=station&y=level&agg=count").get_json()
    assert after["version"] != before["version"] and sum(row[1] for row in after["rows"]) == 3400


def test_a_dataset_of_at_most_the_threshold_rows_is_charted_from_its_frame(shared_sites, monkeypatch):
    frame_client, pushdown_client, pushed = clients_of(*shared_sites)
    monkeypatch.setattr(pushed, "pushdown_above_rows", 3_000)  # readings has 3,000 rows, weather 10,958
    monkeypatch.setattr(pushed, "_frames", type(pushed._frames)(256 * 1024 * 1024, pushed._forgotten))
    for name, y in (("readings", "reading"), ("weather", "rainfall_mm")):
        assert pushdown_client.get(f"/plot/{name}.svg?y={y}").status_code == 200
    assert pushed._frames.holds("readings")
    assert not pushed._frames.holds("weather")
