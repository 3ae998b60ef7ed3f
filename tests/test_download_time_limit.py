"""A chart's .json and .csv are bound by the render limit as its image is: past it, the same 503
with Retry-After and the same message, and the rows stop being written."""
from __future__ import annotations

import gc
import threading
import time
import weakref

import brotli
import pandas as pd
import pytest

from app import create_app
from app import rendering
from app.cache import etag_of
from app.compression import MIN_SIZE
from app.config import Config
from app.export import PastDeadline, frame_csv, frame_json_rows, writing_until
from app.renderpool import CHART_OVERRUN, DATA_OVERRUN, RenderUnavailable, past_time_limit
from tests import held_rows

# Far above what writing a sample chart's rows takes, however busy the machine.
LIMIT = 3.0
URLS = ["/d/animals/all.json", "/d/animals/all.csv", "/plot/weather.json?y=temperature_c",
        "/plot/weather.csv?kind=bar&x=date&resample=year&y=rainfall_mm&agg=sum"]


@pytest.fixture
def app(data_dir):
    return create_app({"TESTING": True, "DATA_DIR": str(data_dir), "RENDER_WORKERS": 1, "RENDER_TIMEOUT": LIMIT})


# A chart's rows held back until the event it gives is set: a download not written within the render limit.
slow_rows = held_rows.slow_rows


@pytest.mark.parametrize("url", URLS)
def test_a_download_written_within_the_render_limit_is_answered(app, url):
    assert app.test_client().get(url).status_code == 200


@pytest.mark.parametrize("url", URLS)
def test_a_download_written_past_the_render_limit_is_a_503_as_an_image_past_it(app, slow_rows, url):
    response = app.test_client().get(url)
    assert response.status_code == 503
    assert response.headers["Retry-After"] == str(Config.RENDER_OVERRUN_SECONDS)  # not written again before then
    assert response.headers["Cache-Control"] == "no-store"
    message = past_time_limit(LIMIT, DATA_OVERRUN).description
    # The rows, not the picture: a smaller image or another kind writes the same rows.
    assert message == ("the chart's data took longer than the 3 s render limit; ask for fewer rows "
                       "(from, to, filter.<column>, resample=…, xmin, xmax)")
    if ".json" in url:
        assert response.get_json() == {"ok": False, "status": 503, "title": "Service Unavailable", "error": message}
    else:
        assert response.get_data(as_text=True) == f"503 Service Unavailable: {message}\n"


def held_back(monkeypatch, name: str):
    """`rendering.<name>` made to wait, before it runs, until the event it gives is set, or long past
    the limit; the caller sets the event when done, so no thread waits on after the test."""
    released = threading.Event()
    step = getattr(rendering, name)

    def slow(*args, **kwargs):
        released.wait(4 * LIMIT)
        return step(*args, **kwargs)

    monkeypatch.setattr(rendering, name, slow)
    return released


@pytest.fixture
def slow_read(monkeypatch):
    """The rows a chart draws read from its dataset only once the event it gives is set, or long past
    the limit: a download whose rows are not read in time."""
    released = held_back(monkeypatch, "chart_snapshot")
    yield released
    released.set()


@pytest.mark.parametrize("url", URLS)
def test_reading_a_download_s_rows_counts_in_its_render_limit(app, slow_read, url):
    response = app.test_client().get(url)
    assert response.status_code == 503
    assert past_time_limit(LIMIT, DATA_OVERRUN).description in response.get_data(as_text=True)


@pytest.fixture
def slow_compressing(monkeypatch):
    """A chart's data compressed (br, gzip) only once the event it gives is set, or long past the
    limit: a download whose rows are written in time, but not compressed."""
    released = held_back(monkeypatch, "compressed_variants")
    yield released
    released.set()


@pytest.mark.parametrize("url", URLS[:2])
def test_compressing_a_download_counts_in_its_render_limit(app, slow_compressing, url):
    response = app.test_client().get(url, headers={"Accept-Encoding": "br, gzip"})
    assert response.status_code == 503
    assert past_time_limit(LIMIT, DATA_OVERRUN).description in response.get_data(as_text=True)


@pytest.mark.parametrize("url", ["/d/animals/all.svg", "/plot/weather.svg?y=temperature_c"])
def test_compressing_a_chart_counts_in_its_render_limit(app, slow_compressing, url):
    # Drawn in time by its worker, then compressed past the limit (its br and gzip are made whatever
    # the request accepts): the 503 of a chart drawn past it, and its error image says so.
    response = app.test_client().get(url)
    assert response.status_code == 503
    assert response.headers["Retry-After"] == str(Config.RENDER_OVERRUN_SECONDS)
    message = past_time_limit(LIMIT, CHART_OVERRUN).description
    assert message.startswith("the chart took longer than the 3 s render limit; ")
    assert f"503 Service Unavailable: {message}</title>" in response.get_data(as_text=True)


@pytest.mark.parametrize(("url", "thread"), [("/plot/weather.svg?y=temperature_c", "chart-compress"),
                                             ("/plot/weather.csv?y=temperature_c", "chart-data")])
def test_the_thread_a_chart_is_compressed_in_is_named_for_what_it_does(app, monkeypatch, url, thread):
    # A drawn chart's br and gzip, and a chart's data, are made in threads of their own, each named
    # so that a thread dump or a profile tells them apart.
    names = []
    made = rendering.compressed_variants

    def noting(*args, **kwargs):
        names.append(threading.current_thread().name)
        return made(*args, **kwargs)

    monkeypatch.setattr(rendering, "compressed_variants", noting)
    assert app.test_client().get(url).status_code == 200
    assert names == [thread]


@pytest.mark.parametrize("url", ["/plot/weather.png", "/plot/weather.svg?y=temperature_c"])
def test_a_chart_drawn_in_time_is_answered_while_data_files_hold_every_place(app, url):
    # Data files being written hold every place of theirs: a PNG is not compressed, and an SVG's
    # br and gzip are made in places of their own, so neither waits for those files.
    writers = app.extensions["svgplots"].pool.data_writers()
    assert writers.acquire(timeout=10)  # the one place, held as by a .csv being written
    try:
        response = app.test_client().get(url)
    finally:
        writers.release()
    assert response.status_code == 200, response.get_data(as_text=True)


def test_a_big_svg_no_place_is_free_to_compress_is_answered_plain_and_compressed_when_asked_again(app):
    # Every place to compress a drawn chart in is held, as by charts still compressing past their
    # limits: the SVG drawn goes out plain, as its ETag and Vary say, rather than a 503.
    url, gzip_or_br = "/plot/weather.svg?y=temperature_c", {"Accept-Encoding": "br, gzip"}
    client = app.test_client()
    places = app.extensions["svgplots"].pool.chart_compressors()
    assert places.acquire(timeout=10)  # the one place
    try:
        plain = client.get(url, headers=gzip_or_br)
        etag = plain.headers.get("ETag")
        revalidated = client.get(url, headers={**gzip_or_br, "If-None-Match": etag or "*"})
    finally:
        places.release()
    assert plain.status_code == 200  # not the 503 of busy render workers
    assert "Content-Encoding" not in plain.headers
    assert plain.headers["Vary"] == "Accept-Encoding"
    body = plain.get_data()
    assert body.startswith(b"<svg ") and len(body) >= MIN_SIZE  # one worth compressing
    assert etag == f'"{etag_of(body)}"'  # the plain bytes' own
    assert revalidated.status_code == 304 and revalidated.headers["ETag"] == etag
    # Not kept plain: asked again with a place free, it is compressed, under the compressed file's ETag.
    again = client.get(url, headers=gzip_or_br)
    assert again.status_code == 200
    assert again.headers["Content-Encoding"] == "br"
    assert again.headers["ETag"] == f'"{etag_of(body)}-br"'
    assert brotli.decompress(again.get_data()) == body


def test_a_big_svg_no_place_is_free_to_compress_is_a_503_to_a_client_that_refuses_it_plain(app):
    # Its br or gzip, made on its way out with no limit, would take the seconds the limit counts.
    url, not_plain = "/plot/weather.svg?y=temperature_c", {"Accept-Encoding": "identity;q=0, br, gzip"}
    client = app.test_client()
    places = app.extensions["svgplots"].pool.chart_compressors()
    assert places.acquire(timeout=10)  # the one place
    try:
        refused = client.get(url, headers=not_plain)
    finally:
        places.release()
    assert refused.status_code == 503 and refused.headers.get("Retry-After")
    words = brotli.decompress(refused.get_data()).decode()  # an error image, itself compressed
    assert "refuses it uncompressed (identity;q=0); try again shortly" in words
    again = client.get(url, headers=not_plain)  # with the place free: compressed in it, in time
    assert again.status_code == 200 and again.headers["Content-Encoding"] == "br"
    assert brotli.decompress(again.get_data()).startswith(b"<svg ")


class HeldUntil:
    """A chart's compress places, none of which frees: `acquire` answers False once `event` is set."""

    def __init__(self, event: threading.Event):
        self.event = event

    def acquire(self, blocking: bool = True, timeout: float = -1) -> bool:
        assert self.event.wait(30)
        return False

    def release(self) -> None:
        raise AssertionError("no place was taken")


def test_a_request_handed_a_big_svg_drawn_plain_for_another_is_a_503_if_it_refuses_it_plain(app, monkeypatch):
    # One request draws the SVG and finds no place to compress it in; another, refusing the plain
    # bytes, waits for that drawing meanwhile: handed the plain chart, it gets the drawer's 503 rule.
    url = "/plot/weather.svg?y=temperature_c"
    site = app.extensions["svgplots"]
    drawing, waiting, waiters = drawn_plain_while_another_waits(site, monkeypatch)
    answers = {}
    drawer = threading.Thread(target=lambda: answers.update(
        plain=app.test_client().get(url, headers={"Accept-Encoding": "br, gzip"})))
    drawer.start()
    try:
        assert drawing.wait(30)
        refused = app.test_client().get(url, headers={"Accept-Encoding": "identity;q=0, br, gzip"})
    finally:
        waiting.set()
        drawer.join(30)
    assert waiters and answers["plain"].status_code == 200  # the second waited for the first's drawing
    assert "Content-Encoding" not in answers["plain"].headers
    assert refused.status_code == 503 and refused.headers.get("Retry-After")
    words = brotli.decompress(refused.get_data()).decode()  # an error image, itself compressed
    assert "refuses it uncompressed (identity;q=0); try again shortly" in words
    assert len(site.cache.in_flight) == 0


def test_a_big_svg_drawn_plain_for_a_request_refusing_it_so_is_handed_to_one_waiting_that_takes_it(app, monkeypatch):
    # The drawer refuses the plain bytes and finds no place to compress in; another request, taking
    # them, waits for that drawing meanwhile: the drawer gets its 503, the other the drawing, drawn once.
    url = "/plot/weather.svg?y=temperature_c&title=handed"
    site = app.extensions["svgplots"]
    drawing, waiting, waiters = drawn_plain_while_another_waits(site, monkeypatch)
    runs, run = [], site.pool.run

    def counted(*args, **kwargs):
        runs.append(args[0])
        return run(*args, **kwargs)

    monkeypatch.setattr(site.pool, "run", counted)
    answers = {}
    drawer = threading.Thread(target=lambda: answers.update(
        refused=app.test_client().get(url, headers={"Accept-Encoding": "identity;q=0, br, gzip"})))
    drawer.start()
    try:
        assert drawing.wait(30)
        taken = app.test_client().get(url, headers={"Accept-Encoding": "br, gzip"})
    finally:
        waiting.set()
        drawer.join(30)
    assert waiters and answers["refused"].status_code == 503 and answers["refused"].headers.get("Retry-After")
    assert taken.status_code == 200 and "Content-Encoding" not in taken.headers
    assert taken.get_data().startswith(b"<svg") or b"<svg" in taken.get_data()[:400]
    assert len(runs) == 1  # the waiter took the drawing, not drawing it again
    assert len(site.cache.in_flight) == 0


def drawn_plain_while_another_waits(site, monkeypatch) -> tuple[threading.Event, threading.Event, list]:
    """Events set as one request claims a chart's drawing (`drawing`) and another waits for it
    (`waiting`, the keys it waited for in `waiters`), with the chart's one place to compress in held
    until then, so that the drawer finds none free and draws it plain."""
    drawing, waiting, waiters = threading.Event(), threading.Event(), []
    claim = site.cache.in_flight.claim

    def claimed(key):
        making = claim(key)
        if making is not None:
            waiters.append(key)
        (drawing if making is None else waiting).set()
        return making

    monkeypatch.setattr(site.cache.in_flight, "claim", claimed)
    monkeypatch.setattr(site.pool, "chart_compressors", lambda: HeldUntil(waiting))
    return drawing, waiting, waiters


class FreedOnceAwaited:
    """A chart's compress places, the one of which is held by another (`held`) until a request waits
    for one: a request that waits finds it freed meanwhile, one that does not finds it held."""

    def __init__(self, places: threading.BoundedSemaphore):
        self.places, self.awaited = places, threading.Event()

    def acquire(self, blocking: bool = True, timeout: float = -1) -> bool:
        if not blocking or timeout == 0:
            taken = self.places.acquire(False)
            self.awaited.set()  # freed only once this one has looked
            return taken
        self.awaited.set()
        return self.places.acquire(True, timeout)

    def release(self) -> None:
        self.places.release()

    def held(self) -> None:
        """Hold the place until a request has looked for one (waiting, or not), then free it."""
        assert self.places.acquire(timeout=10)
        threading.Thread(target=lambda: (self.awaited.wait(60), self.places.release()), daemon=True).start()


def test_a_big_svg_whose_place_to_compress_frees_within_its_limit_is_answered_compressed(app, monkeypatch):
    # The one place is held, as by another chart compressing, and freed while this one waits for it
    # within its render limit: the SVG is compressed in it, not answered plain, and kept so.
    url, gzip_or_br = "/plot/weather.svg?y=temperature_c", {"Accept-Encoding": "br, gzip"}
    pool = app.extensions["svgplots"].pool
    places = FreedOnceAwaited(pool.chart_compressors())
    monkeypatch.setattr(pool, "chart_compressors", lambda: places)
    places.held()
    try:
        response = app.test_client().get(url, headers=gzip_or_br)
    finally:
        places.awaited.set()
    assert response.status_code == 200, response.get_data(as_text=True)
    assert response.headers.get("Content-Encoding") == "br"
    body = brotli.decompress(response.get_data())
    assert body.startswith(b"<svg ") and len(body) >= MIN_SIZE
    assert response.headers["ETag"] == f'"{etag_of(body)}-br"'


def test_a_download_past_the_limit_is_written_again_when_asked_again(app, slow_rows):
    now = [0.0]
    app.extensions["svgplots"].cache.overruns.clock = lambda: now[0]
    client = app.test_client()
    assert client.get("/d/animals/all.csv").status_code == 503
    slow_rows.set()
    now[0] = Config.RENDER_OVERRUN_SECONDS  # once the memory of its overrun ends
    assert client.get("/d/animals/all.csv").status_code == 200  # nothing kept of the answer past the limit


FRAME = pd.DataFrame({"n": range(5000), "name": ["a"] * 5000})


@pytest.mark.parametrize("write", [frame_csv, frame_json_rows])
def test_rows_stop_being_written_past_the_deadline(write):
    with pytest.raises(PastDeadline):
        writing_until(time.monotonic() - 1, lambda: write(FRAME))
    assert len(writing_until(time.monotonic() + 600, lambda: write(FRAME))) == len(write(FRAME))


class Rows:
    """Stands for the rows a download reads, whose end a test sees through a finalizer."""


@pytest.mark.parametrize("stopped_by", [PastDeadline, ValueError])
def test_the_rows_of_a_download_that_failed_go_with_its_error_not_with_the_collector(app, stopped_by):
    # The collector counts objects, not bytes: a download of 2,000,000 rows stopped at the limit held
    # some 200 MB of the web process until it ran, and several such downloads more than a small machine has.
    freed = threading.Event()

    def make():
        rows = Rows()
        weakref.finalize(rows, freed.set)
        raise stopped_by("rows were still being written at the deadline")

    gc.disable()
    try:
        with app.test_request_context(), pytest.raises((RenderUnavailable, ValueError)):
            rendering.within_render_limit(make, DATA_OVERRUN)
        assert freed.is_set()
    finally:
        gc.enable()


def test_the_rows_of_a_download_stopped_after_its_request_stopped_waiting_go_with_its_error(data_dir):
    app = create_app({"TESTING": True, "DATA_DIR": str(data_dir), "RENDER_WORKERS": 1, "RENDER_TIMEOUT": 0.5})
    answered, freed = threading.Event(), threading.Event()

    def make():
        rows = Rows()
        weakref.finalize(rows, freed.set)
        answered.wait(60)  # its rows are written on past the 503, until the next check of the deadline
        raise PastDeadline("rows were still being written at the deadline")

    gc.disable()
    try:
        with app.test_request_context(), pytest.raises(RenderUnavailable):
            rendering.within_render_limit(make, DATA_OVERRUN, name="late-rows")
        answered.set()
        for thread in threading.enumerate():
            if thread.name == "late-rows":
                thread.join(60)
        assert freed.is_set()
    finally:
        gc.enable()
