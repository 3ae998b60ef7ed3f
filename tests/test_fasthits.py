"""Cache hits answered ahead of Flask's routing: the same headers and bytes, the data version checked."""
from __future__ import annotations

import os
import re
import threading

import pytest
from werkzeug.test import Client

from app import chart_responses
from app.context import forget_store
from tests.conftest import CSV_WRITE, JSON_WRITE, writable_app

HEADERS = [{}, {"Accept-Encoding": "br"}, {"Accept-Encoding": "gzip"}]
# Charts as SVG and PNG, and the data behind charts and datasets as JSON and CSV.
URLS = ["/d/animals/bears.svg", "/d/animals/bears.png?scale=2", "/plot/weather.svg?kind=hist&y=temperature_c",
        "/d/weather/temperature.svg?width=300&title=Small", "/d/animals/bears.json", "/d/animals/bears.csv",
        "/plot/weather.csv?y=temperature_c", "/datasets/animals.json", "/datasets/weather.csv"]


@pytest.fixture
def routed_and_fast(tmp_path):
    """Two apps on equal data: one answers every request through Flask, one answers hits ahead of it."""
    apps = []
    for name, fast in (("routed", False), ("fast", True)):
        folder = tmp_path / name
        folder.mkdir()
        app = writable_app(folder, FAST_HITS=fast, RENDER_WORKERS=0)
        routed = []
        app.before_request(lambda routed=routed: routed.append(1))
        apps.append((app.test_client(), routed))
    return apps


@pytest.mark.parametrize("url", URLS + ["/d/animals/all.svg?v={version}", "/datasets/animals.csv?v={version}"])
def test_a_hit_ahead_of_flask_has_every_header_and_byte_flask_gives(tmp_path, url):
    app = writable_app(tmp_path, FAST_HITS=True, RENDER_WORKERS=0)
    through_flask = []
    app.before_request(lambda: through_flask.append(1))
    fast = app.test_client()
    # The same app without the layer: Flask's own answers, over the same data and render cache.
    routed = Client(app.extensions["svgplots.fasthits"].wsgi_app, app.response_class)
    url = url.format(version=fast.get("/api/datasets/animals").get_json()["dataset"]["version"])
    for headers in HEADERS:
        expected = routed.get(url, headers=headers)
        fast.get(url, headers=headers)
        before = len(through_flask)
        hit = fast.get(url, headers=headers)
        assert len(through_flask) == before, f"{url} went through Flask"
        assert hit.status_code == expected.status_code == 200
        assert hit.data == expected.data
        # Each answer has an id of its own, which the layer's outer one gives (`request_watch`).
        assert sorted(headers_but_id(hit)) == sorted(expected.headers.items()), (url, headers)



def headers_but_id(answer) -> list[tuple[str, str]]:
    """`answer`'s headers but its X-Request-Id, which it must have."""
    assert answer.headers["X-Request-Id"]
    return [(k, v) for k, v in answer.headers.items() if k != "X-Request-Id"]

@pytest.mark.parametrize("weak", [False, True])
def test_a_matching_etag_gets_the_routed_304(routed_and_fast, weak):
    (routed, _), (fast, through_flask) = routed_and_fast
    url, br = "/d/animals/bears.svg", {"Accept-Encoding": "br"}
    etag = fast.get(url, headers=br).headers["ETag"]
    if weak:  # as a proxy that compresses passes it on
        etag = "W/" + etag
    before = len(through_flask)
    hit = fast.get(url, headers={**br, "If-None-Match": etag})
    assert len(through_flask) == before
    routed.get(url, headers=br)
    expected = routed.get(url, headers={**br, "If-None-Match": etag})
    assert hit.status_code == expected.status_code == 304
    # But Date, the server's: it sends its own, and drops one werkzeug's make_conditional sets.
    assert sorted(headers_but_id(hit)) == sorted((k, v) for k, v in expected.headers.items()
                                                 if k not in ("Date", "X-Request-Id"))


def test_a_new_version_goes_through_flask_and_draws_the_new_rows(routed_and_fast):
    _, (fast, through_flask) = routed_and_fast
    first = fast.get("/d/animals/bears.svg")
    response = fast.post("/api/datasets/animals/rows", json=[{"year": 2030, "Bear": 99, "Deer": 1, "Wolf": 1}],
                         headers=JSON_WRITE)
    assert response.status_code == 200
    before = len(through_flask)
    after = fast.get("/d/animals/bears.svg")
    assert len(through_flask) == before + 1
    assert after.data != first.data and after.headers["ETag"] != first.headers["ETag"]
    assert b"2030" in after.data


def test_a_deleted_dataset_is_answered_by_flask_not_from_the_cache(tmp_path):
    app = writable_app(tmp_path, RENDER_WORKERS=0)
    client = app.test_client()
    assert client.post("/api/datasets?name=gone", data="a,b\n1,2\n2,3\n",
                       headers={**JSON_WRITE, "Content-Type": "text/csv"}).status_code == 201
    assert client.get("/plot/gone.svg").status_code == 200
    assert client.delete("/api/datasets/gone", headers=JSON_WRITE).status_code == 200
    assert client.get("/plot/gone.svg").status_code == 404


def _drawn_columns(svg: bytes) -> bytes:
    """The columns a chart's description says it draws ("north, south" of "Line chart of north, south by day")."""
    return re.search(rb"<desc[^>]*>Line chart of (.*?) by ", svg).group(1)


def test_a_dataset_made_again_with_another_column_is_not_drawn_with_the_old_columns(tmp_path):
    client = writable_app(tmp_path, RENDER_WORKERS=0).test_client()
    made = client.post("/api/datasets?name=sales", data="day,north,south\n2024-01-01,1,2\n2024-01-02,2,3\n",
                       headers=CSV_WRITE)
    assert made.status_code == 201
    assert _drawn_columns(client.get("/plot/sales.svg").data) == b"north, south"
    assert client.delete("/api/datasets/sales", headers=JSON_WRITE).status_code == 200
    made = client.post("/api/datasets?name=sales",
                       data="day,north,south,west\n2024-01-01,1,2,7\n2024-01-02,2,3,9\n", headers=CSV_WRITE)
    assert made.status_code == 201
    # Another URL puts the old default chart (y=north,south) in the render cache at the new version.
    assert client.get("/plot/sales.svg?y=north,south").status_code == 200
    assert _drawn_columns(client.get("/plot/sales.svg").data) == b"north, south, west"


def test_a_data_folder_file_that_gains_a_column_is_not_drawn_with_the_old_columns(tmp_path):
    client = writable_app(tmp_path, RENDER_WORKERS=0).test_client()
    path = tmp_path / "shops.csv"
    path.write_text("day,north,south\n2024-01-01,1,2\n2024-01-02,2,3\n")
    assert _drawn_columns(client.get("/plot/shops.svg").data) == b"north, south"
    path.write_text("day,north,south,west\n2024-01-01,1,2,7\n2024-01-02,2,3,9\n")
    later = path.stat().st_mtime_ns + 2_000_000_000  # a changed file, whatever the clock's resolution
    os.utime(path, ns=(later, later))
    assert client.get("/plot/shops.svg?y=north,south").status_code == 200
    assert _drawn_columns(client.get("/plot/shops.svg").data) == b"north, south, west"


# How long a test waits for the request it holds, at most (it does not take that long unless it fails).
HELD_SECONDS = 30


def test_a_route_found_before_the_store_was_made_anew_is_not_kept_after_it(tmp_path, monkeypatch):
    app = writable_app(tmp_path, FAST_HITS=True, RENDER_WORKERS=0)
    fast = app.extensions["svgplots.fasthits"]
    reached, release = threading.Event(), threading.Event()
    remember_hit = chart_responses.remember_hit

    def held(*args) -> None:
        """Remember the route once the store was made anew meanwhile."""
        reached.set()
        assert release.wait(HELD_SECONDS)
        remember_hit(*args)

    monkeypatch.setattr(chart_responses, "remember_hit", held)
    answers = []
    request = threading.Thread(target=lambda: answers.append(app.test_client().get("/d/animals/bears.svg")))
    request.start()
    assert reached.wait(HELD_SECONDS)
    forget_store(app, "a new store's digest")
    release.set()
    request.join(HELD_SECONDS)
    assert answers[0].status_code == 200
    assert not fast.remembers("/d/animals/bears.svg")  # drawn from the store replaced meanwhile
    # A request begun after it is remembered: its route is answered ahead of Flask again.
    assert app.test_client().get("/d/animals/bears.svg").status_code == 200
    assert fast.remembers("/d/animals/bears.svg")


def test_padded_urls_of_one_chart_are_remembered_within_the_layers_bytes(tmp_path):
    # Each URL padded with 6 KB of "&" draws the same chart; 4,096 such were kept, 60 KB each, by count alone.
    app = writable_app(tmp_path, RENDER_WORKERS=0, FAST_HITS_BYTES=64 * 1024)
    fast, client = app.extensions["svgplots.fasthits"], app.test_client()
    urls = [("/plot/animals.svg", "&" * (6000 + n) + "title=pad") for n in range(30)]
    for path, query in urls:
        assert client.get(f"{path}?{query}").status_code == 200
    kept = [url for url in urls if fast.remembers(*url)]
    assert 0 < len(kept) < 11 and kept == urls[-len(kept):]  # the latest, the oldest out first
    assert sum(len(path) + len(query) for path, query in kept) <= fast.size <= 64 * 1024
    # A URL longer than the whole bound is not remembered, and pushes out none.
    assert client.get("/plot/animals.svg?" + "&" * 70_000 + "title=pad").status_code == 200
    assert [url for url in urls if fast.remembers(*url)] == kept and len(fast) == len(kept)
    assert client.get("/plot/animals.svg?title=pad").status_code == 200
    assert fast.remembers("/plot/animals.svg", "title=pad")
