"""Requests for the same chart at once draw it once: the others wait for the first and answer what it
kept, its bytes or the 503 it was stopped with at a render limit, or the error it failed with, each
its own copy; one that failed as the data changed under its read leaves the next to draw it itself;
a request waits for another's draw no longer than its own limit, then answers 503 with a
Retry-After. The threads that write a chart's data are as many as the render workers at most."""
from __future__ import annotations

import threading
from concurrent.futures import ThreadPoolExecutor
from types import SimpleNamespace

import pytest

import app.reports
from app import create_app, made_once, rendering
from app.cache import InFlight, cache_key
from app.renderpool import DATA_OVERRUN, RETRY_AFTER_SECONDS, RenderUnavailable, past_time_limit
from app.store import DatasetReplaced
from app.store.types import StoreBusy
from tests import held_rows
from tests.error_image_text import error_title

# Requests sent at once.
COUNT = 5
URLS = ["/plot/animals.svg", "/plot/animals.png?scale=2", "/d/animals/all.json", "/plot/animals.csv?kind=bar"]
REPEAT_NOTE = "(stopped at the limit a moment ago"
URL = "/plot/animals.svg"


@pytest.fixture
def site(data_dir):
    """The app on the sample data, drawing in the web process: the tests' draws can wait on events."""
    return create_app({"TESTING": True, "DATA_DIR": str(data_dir), "RENDER_WORKERS": 0})


@pytest.fixture
def everyone_read(monkeypatch) -> threading.Event:
    """Set once COUNT requests have missed the render cache and claimed their chart's key (`made_once`):
    the one that draws it and the rest, waiting for it. (A chart's data is read by its drawer alone,
    so counting reads would leave the drawer waiting.)"""
    claims, everyone = [], threading.Event()
    claim = InFlight.claim

    def counted(self, key):
        making = claim(self, key)
        claims.append(key)
        if len(claims) >= COUNT:
            everyone.set()
        return making

    monkeypatch.setattr(InFlight, "claim", counted)
    return everyone


def draws_waiting_for(monkeypatch, everyone: threading.Event, first=None) -> list:
    """Make each chart, or the data it draws, once `everyone` is set; `first(draws)`, when given, is
    called before the first is made (and may raise). One item for each chart or data made."""
    draws = []
    lock = threading.Lock()

    def waiting(make):
        def drawn(*args, **kwargs):
            with lock:
                draws.append(args)
                number = len(draws)
            # Not set in time: the requests did not all reach the chart at once, and the test fails on
            # the 500s (a silent wait would hide it behind a slow pass).
            assert everyone.wait(30), "the requests did not all ask for the chart at once"
            if first is not None and number == 1:
                first()
            return make(*args, **kwargs)
        return drawn

    monkeypatch.setattr(rendering, "render_chart", waiting(rendering.render_chart))
    monkeypatch.setattr(rendering, "chart_frame", waiting(rendering.chart_frame))
    return draws


def at_once(site, url: str, count: int = COUNT) -> list:
    """The answers to `count` requests for `url`, each sent from a thread of its own at once."""
    with ThreadPoolExecutor(count) as threads:
        return list(threads.map(lambda _: site.test_client().get(url), range(count)))


def in_flight(site) -> int:
    return len(site.extensions["svgplots"].cache.in_flight)


@pytest.mark.parametrize("url", URLS)
def test_the_same_chart_asked_for_at_once_is_drawn_once_and_all_get_its_bytes(site, everyone_read, monkeypatch,
                                                                               url):
    draws = draws_waiting_for(monkeypatch, everyone_read)
    answers = at_once(site, url)
    assert [answer.status_code for answer in answers] == [200] * COUNT
    assert len(draws) == 1
    assert len({answer.data for answer in answers}) == 1
    assert len({answer.headers["ETag"] for answer in answers}) == 1
    assert in_flight(site) == 0


@pytest.mark.parametrize("url", URLS)
def test_the_first_s_stop_at_the_render_limit_is_the_503_of_all_who_waited_for_it(site, everyone_read, monkeypatch,
                                                                                   url):
    def stopped():
        raise past_time_limit(1.0)

    draws = draws_waiting_for(monkeypatch, everyone_read, first=stopped)
    answers = at_once(site, url)
    assert [answer.status_code for answer in answers] == [503] * COUNT
    assert len(draws) == 1
    texts = [error_title(answer.data) if answer.mimetype == "image/png" else answer.get_data(as_text=True)
             for answer in answers]
    assert all(past_time_limit(1.0).description in text for text in texts)
    assert sum(REPEAT_NOTE in text for text in texts) == COUNT - 1  # the waiters', from the overrun memory
    assert all(answer.headers["Retry-After"] for answer in answers)
    assert in_flight(site) == 0


def test_when_the_first_fails_otherwise_one_who_waited_draws_it_for_the_rest(site, everyone_read, monkeypatch):
    def replaced():
        raise DatasetReplaced("animals")

    draws = draws_waiting_for(monkeypatch, everyone_read, first=replaced)
    answers = at_once(site, "/plot/animals.svg")
    assert sorted(answer.status_code for answer in answers) == [200] * (COUNT - 1) + [503]
    assert len(draws) == 2  # the first, which failed, and one that waited for it
    assert len({answer.headers["ETag"] for answer in answers if answer.status_code == 200}) == 1
    assert in_flight(site) == 0


@pytest.mark.parametrize("url", URLS)
def test_a_chart_too_big_for_the_render_cache_asked_for_at_once_is_drawn_once(data_dir, everyone_read, monkeypatch,
                                                                              url):
    """The one drawing it hands its bytes to those who waited: the cache, which keeps none, is not
    where they find them."""
    small = create_app({"TESTING": True, "DATA_DIR": str(data_dir), "RENDER_WORKERS": 0, "RENDER_CACHE_BYTES": 1})
    draws = draws_waiting_for(monkeypatch, everyone_read)
    answers = at_once(small, url)
    assert [answer.status_code for answer in answers] == [200] * COUNT
    assert len(draws) == 1
    assert len({answer.data for answer in answers}) == 1
    assert len(small.extensions["svgplots"].cache) == 0  # kept nothing
    assert in_flight(small) == 0


def test_a_report_asked_for_at_once_is_drawn_once(site, monkeypatch):
    asked, everyone = [], threading.Event()
    infos = app.reports._dataset_infos

    def counted(*args):
        found = infos(*args)
        asked.append(args)
        if len(asked) >= COUNT:
            everyone.set()
        return found

    draws = []
    render = app.reports.render_report_pdf

    def drawn(*job):
        draws.append(job)
        assert everyone.wait(30), "the requests did not all ask for the report at once"
        return render(*job)

    monkeypatch.setattr(app.reports, "_dataset_infos", counted)
    monkeypatch.setattr(app.reports, "render_report_pdf", drawn)
    answers = at_once(site, "/d/animals.pdf")
    assert [answer.status_code for answer in answers] == [200] * COUNT
    assert len(draws) == 1
    assert len({answer.data for answer in answers}) == 1
    assert in_flight(site) == 0


def test_requests_that_looked_up_older_versions_share_the_draw_of_the_rows_they_read(site):
    """The bytes drawn, and the key they are kept under, are the snapshot's version, whichever
    version each request looked up before it read the rows."""
    read, written = threading.Barrier(2), []
    newest = SimpleNamespace(info=SimpleNamespace(version="2", max_age=None), frame=None)

    def read_rows():
        read.wait(30)
        return newest

    def write(snapshot):
        written.append(snapshot)
        return b"<svg/>"

    def ask(version):
        with site.app_context():
            return rendering.cached_answer(cache_key("animals", version, "svg"), read_rows, write, "image/svg+xml")

    with ThreadPoolExecutor(2) as threads:
        older, current = threads.map(ask, ["1", "2"])
    assert len(written) == 1
    assert older.etag == current.etag and older.version == current.version == "2"
    assert (older.key, current.key) == (cache_key("animals", "1", "svg"), cache_key("animals", "2", "svg"))
    assert in_flight(site) == 0


def test_a_request_waits_for_another_s_draw_no_longer_than_it_is_given(site):
    cache = site.extensions["svgplots"].cache
    key = cache_key("animals", "1", "svg")
    made = []
    claimed = (cache.generation, key)  # as `made_once` claims it
    assert cache.in_flight.claim(claimed) is None  # another request draws it, and never finishes
    with site.app_context(), pytest.raises(RenderUnavailable) as refused:
        made_once.made_once(cache, key, cache.generation, lambda: made.append(key), 0.01)
    assert made == []
    assert refused.value.code == 503 and refused.value.retry_after == RETRY_AFTER_SECONDS
    assert refused.value.description == ("the chart is being drawn for another request, which has not finished "
                                         "within 0.01 s; try again shortly")
    cache.in_flight.release(claimed)
    assert in_flight(site) == 0


def test_a_request_waits_for_another_s_draw_as_long_as_that_may_take(site, data_dir):
    with site.app_context():
        assert made_once.waiting_seconds() == made_once.UNBOUND_WAIT
    pooled = create_app({"TESTING": True, "DATA_DIR": str(data_dir), "RENDER_WORKERS": 1, "RENDER_TIMEOUT": 2.0})
    with pooled.app_context():
        # A render worker's wait, then the render's limit, one chart's or that given.
        assert made_once.waiting_seconds() == 2.0 + 2.0 + made_once.WAIT_MARGIN
        assert made_once.waiting_seconds(8.0) == 2.0 + 8.0 + made_once.WAIT_MARGIN


def test_the_in_flight_keys_are_claimed_once_and_released_with_their_waiters_woken(site):
    in_flight = site.extensions["svgplots"].cache.in_flight
    assert in_flight.claim("a") is None
    waiting = in_flight.claim("a")
    assert waiting is not None and not waiting.event.is_set()
    assert in_flight.claim("b") is None and len(in_flight) == 2
    in_flight.release("a", "made")
    in_flight.release("b")
    assert waiting.event.is_set() and waiting.result == "made" and len(in_flight) == 0
    assert in_flight.claim("a") is None  # claimed afresh
    in_flight.release("a")


@pytest.fixture
def pooled(data_dir):
    """The app with one render worker, which a chart may hold a second."""
    return create_app({"TESTING": True, "DATA_DIR": str(data_dir), "RENDER_WORKERS": 1, "RENDER_TIMEOUT": 1.0})


slow_rows = held_rows.slow_rows


def test_no_more_threads_write_a_chart_s_data_than_there_are_render_workers(pooled, slow_rows):
    client = pooled.test_client()
    stopped = client.get("/plot/animals.json")
    assert stopped.status_code == 503
    assert stopped.get_json()["error"] == past_time_limit(1.0, DATA_OVERRUN).description  # its thread goes on, holding its place
    busy = client.get("/plot/animals.csv?kind=bar")
    assert busy.status_code == 503
    assert busy.get_data(as_text=True) == "503 Service Unavailable: all 1 render workers are busy; try again shortly\n"
    assert busy.headers["Retry-After"] == str(RETRY_AFTER_SECONDS)
    assert len(slow_rows.asked) == 1  # no second thread was started
    slow_rows.set()
    for thread in threading.enumerate():
        if thread.name == "chart-data":
            thread.join(30)
    assert client.get("/plot/animals.csv?kind=bar").status_code == 200  # its place is free again


def test_a_draw_that_fails_is_the_same_503_for_every_request_that_waited_for_it(site, everyone_read, monkeypatch):
    def busy():
        raise StoreBusy("the database stayed locked by other writers; try again shortly", retry_after=3)

    draws = draws_waiting_for(monkeypatch, everyone_read, first=busy)
    answers = at_once(site, URL)
    assert len(draws) == 1
    assert [answer.status_code for answer in answers] == [503] * COUNT
    assert {answer.headers["Retry-After"] for answer in answers} == {"3"}
    assert len({answer.data for answer in answers}) == 1  # the same words, the same error image
    assert in_flight(site) == 0


def test_a_draw_that_breaks_is_drawn_once_for_the_requests_that_waited(site, everyone_read, monkeypatch):
    def broken():
        raise ValueError("a drawing that breaks")

    draws = draws_waiting_for(monkeypatch, everyone_read, first=broken)
    answers = at_once(site, URL)
    assert len(draws) == 1  # not once more for each request that waited
    assert [answer.status_code for answer in answers] == [500] * COUNT
    assert in_flight(site) == 0


def test_a_failure_handed_to_those_who_waited_is_their_own_copy_without_the_drawer_s_frames():
    error = StoreBusy("busy", retry_after=2)
    try:
        raise error
    except StoreBusy:
        pass
    handed = made_once.handed_over(error)
    assert handed is not error and type(handed) is StoreBusy
    assert (str(handed), handed.retry_after, handed.__traceback__) == ("busy", 2, None)
    assert made_once.handed_over(DatasetReplaced("animals")) is None  # the data changed: read it again
    assert made_once.handed_over(None) is None


def test_a_draw_that_hangs_is_a_503_with_retry_after_for_those_who_wait_past_their_limit(site, monkeypatch):
    monkeypatch.setattr(made_once, "UNBOUND_WAIT", 0.2)  # a waiter's limit, without render workers
    hung, claimed = threading.Event(), threading.Event()
    claim = site.extensions["svgplots"].cache.in_flight.claim

    def claiming(key):
        making = claim(key)
        claimed.set()
        return making

    monkeypatch.setattr(site.extensions["svgplots"].cache.in_flight, "claim", claiming)
    draws = draws_waiting_for(monkeypatch, claimed, first=lambda: hung.wait(30))
    drawing = threading.Thread(target=lambda: site.test_client().get(URL))
    drawing.start()
    try:
        assert claimed.wait(30)
        waited = [site.test_client().get(URL) for _ in range(2)]
    finally:
        hung.set()
        drawing.join(30)
    assert [answer.status_code for answer in waited] == [503, 503]
    assert all(answer.headers["Retry-After"] for answer in waited)
    assert all(b"is being drawn for another request, which has not finished within 0.2 s" in answer.data
               for answer in waited)
    assert len(draws) == 1
    assert in_flight(site) == 0


@pytest.mark.parametrize("url", ["/plot/animals.svg", "/d/animals/all.json"])
def test_a_stop_at_the_render_limit_no_memory_keeps_is_the_503_of_all_who_waited(data_dir, everyone_read, monkeypatch,
                                                                                  url):
    forgetful = create_app({"TESTING": True, "DATA_DIR": str(data_dir), "RENDER_WORKERS": 0,
                            "RENDER_OVERRUN_SECONDS": 0})

    def stopped():
        raise past_time_limit(1.0)

    draws = draws_waiting_for(monkeypatch, everyone_read, first=stopped)
    answers = at_once(forgetful, url)
    assert len(draws) == 1  # not once more, each past the limit in turn, for each request that waited
    assert [answer.status_code for answer in answers] == [503] * COUNT
    assert all(answer.headers["Retry-After"] for answer in answers)
    assert in_flight(forgetful) == 0
