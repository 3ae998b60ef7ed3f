"""A chart is drawn from one snapshot: its bytes, its ETag and its caching belong to one data version."""
from __future__ import annotations

import re
import threading

from tests.conftest import CSV_WRITE, JSON_WRITE, chart_v, writable_app

APPENDS = 60


def test_every_immutable_chart_draws_exactly_the_rows_of_its_version(data_dir):
    app = writable_app(data_dir, RENDER_WORKERS=0)
    writer, reader = app.test_client(), app.test_client()
    created = writer.post("/api/datasets?name=walk", data="step,value\n0,0.5\n", headers=CSV_WRITE)
    assert created.status_code == 201
    rows_at = {created.get_json()["version"]: 1}
    done = threading.Event()

    def append_one_row_at_a_time():
        try:
            for step in range(1, APPENDS + 1):
                answer = writer.post("/api/datasets/walk/rows", json=[{"step": step, "value": step % 7 / 3}],
                                     headers=JSON_WRITE).get_json()
                rows_at[answer["version"]] = answer["rows_total"]
        finally:
            done.set()

    thread = threading.Thread(target=append_one_row_at_a_time)
    thread.start()
    drawn = []
    while not done.is_set() or len(drawn) < 5:
        version = reader.get("/api/datasets/walk").get_json()["dataset"]["version"]
        response = reader.get(f"/plot/walk.svg?x=step&y=value&v={chart_v(app, version)}")
        assert response.status_code == 200
        if "immutable" in response.headers["Cache-Control"]:
            desc = re.search(r"<desc[^>]*>([^<]*)</desc>", response.get_data(as_text=True)).group(1)
            drawn.append((version, int(re.search(r"(\d+) rows?", desc).group(1))))
    thread.join()
    assert len(rows_at) == APPENDS + 1
    wrong = [(version, rows, rows_at[version]) for version, rows in drawn if rows != rows_at[version]]
    assert drawn and not wrong, f"immutable answers drawing another version's rows: {wrong[:5]}"


class AppendAfterLookUp:
    """The site's store, but every look-up of `walk` is followed by another client's append: the
    race between a chart's look-up and its read, made to happen every time."""

    def __init__(self, store):
        self.store = store
        self.step = 100

    def __getattr__(self, name):
        return getattr(self.store, name)

    def info(self, name):
        info = self.store.info(name)
        if name == "walk":
            self.step += 1
            self.store.append(name, info.columns, [(self.step, 1.0)])
        return info


def test_rows_appended_between_look_up_and_read_are_never_cached_under_the_older_version(data_dir):
    # No rows kept in memory: the chart's rows are read with their catalog row, after the append.
    app = writable_app(data_dir, RENDER_WORKERS=0, FRAME_CACHE_BYTES=0)
    client, response = chart_of_the_version_looked_up_before_an_append(app)
    assert "immutable" not in response.headers["Cache-Control"]
    site = app.extensions["svgplots"]
    site.store = site.store.store
    current = client.get("/api/datasets/walk").get_json()["dataset"]
    again = client.get(f"/plot/walk.svg?x=step&y=value&v={chart_v(app, current['version'])}")
    assert "immutable" in again.headers["Cache-Control"]
    assert f"{current['row_count']} rows" in again.get_data(as_text=True)
    assert again.get_data() == response.get_data()  # drawn once, cached under the version it drew


def test_rows_kept_at_the_looked_up_version_draw_that_version_though_rows_were_appended_since(data_dir):
    # The rows of the version the request looked up are kept in memory: drawn as they are, under that
    # version (its immutable URL), and the rows appended since under their own.
    app = writable_app(data_dir, RENDER_WORKERS=0)
    client, response = chart_of_the_version_looked_up_before_an_append(app)
    assert "immutable" in response.headers["Cache-Control"]
    assert "1 row" in response.get_data(as_text=True)
    site = app.extensions["svgplots"]
    site.store = site.store.store
    current = client.get("/api/datasets/walk").get_json()["dataset"]
    assert current["row_count"] == 2
    again = client.get(f"/plot/walk.svg?x=step&y=value&v={chart_v(app, current['version'])}")
    assert "immutable" in again.headers["Cache-Control"]
    assert "2 rows" in again.get_data(as_text=True)


def chart_of_the_version_looked_up_before_an_append(app):
    """A test client of `app`, and its answer (a 200) for the chart of `walk`'s first version, whose
    look-up was followed by another client's append (`AppendAfterLookUp`, left as the site's store)."""
    client = app.test_client()
    created = client.post("/api/datasets?name=walk", data="step,value\n0,0.5\n", headers=CSV_WRITE).get_json()
    site = app.extensions["svgplots"]
    site.store = AppendAfterLookUp(site.store)
    response = client.get(f"/plot/walk.svg?x=step&y=value&v={chart_v(app, created['version'])}")
    assert response.status_code == 200
    return client, response
