"""What a request drew from rows read before the site's caches were cleared (its store replaced under
it) is not kept after the clear: the next request draws the chart anew, and one that began after the
clear neither waits for nor answers the older draw. Nor are a memo, rows of the store or a draw stopped at its limit then kept."""
from __future__ import annotations

import threading
from concurrent.futures import ThreadPoolExecutor

import pytest

from app import create_app, rendering
from app.cache import SizedLRU
from app.context import forget_store, memo
from app.renderpool import PastLimit
from app.store import table_from_csv
from app.store.sql_store import SqlStore
from tests.statements import ROWS_READ, once_before, rows_reads, statements_run

URL = "/plot/animals.svg?y=Bear"


@pytest.fixture
def site(data_dir):
    """The app on the sample data, drawing in the web process: a draw can wait on an event."""
    return create_app({"TESTING": True, "DATA_DIR": str(data_dir), "RENDER_WORKERS": 0})


@pytest.fixture
def held_draw(monkeypatch):
    """The first chart drawn waits for `release` once it has `started`; the others draw at once.
    Returns (started, release, draws): `draws` counts every draw."""
    started, release, draws = threading.Event(), threading.Event(), []
    draw = rendering.render_chart

    def held(*args, **kwargs):
        draws.append(args)
        if len(draws) == 1:
            started.set()
            assert release.wait(30), "the held draw was never released"
        return draw(*args, **kwargs)

    monkeypatch.setattr(rendering, "render_chart", held)
    return started, release, draws


def clear_caches(site) -> None:
    """What the site does when it finds its store made anew under it."""
    forget_store(site, site.extensions["svgplots"].url_digest)


def answered_across_a_clear(site, held_draw) -> int:
    """The status of a request for URL whose draw is held while the caches are cleared."""
    started, release, draws = held_draw
    with ThreadPoolExecutor(1) as threads:
        before = threads.submit(site.test_client().get, URL)
        assert started.wait(30)
        clear_caches(site)
        release.set()
        return before.result().status_code


def test_a_chart_drawn_from_rows_read_before_a_clear_is_not_kept_after_it(site, held_draw):
    draws, cache = held_draw[2], site.extensions["svgplots"].cache
    assert answered_across_a_clear(site, held_draw) == 200
    assert len(cache) == 0
    assert site.test_client().get(URL).status_code == 200
    assert len(draws) == 2  # drawn anew after the clear
    assert len(cache) == 1


def test_a_request_after_a_clear_draws_its_chart_without_waiting_for_a_draw_begun_before(site, held_draw):
    started, release, draws = held_draw
    with ThreadPoolExecutor(1) as threads:
        before = threads.submit(site.test_client().get, URL)
        assert started.wait(30)
        clear_caches(site)
        # Drawn while the older draw is still held: it neither waits for it nor gets its bytes.
        after = site.test_client().get(URL)
        assert after.status_code == 200 and len(draws) == 2
        release.set()
        assert before.result().status_code == 200
    assert site.extensions["svgplots"].cache.in_flight.__len__() == 0


def test_a_value_put_with_a_generation_cleared_since_is_not_kept():
    lru = SizedLRU(100, len)
    began = lru.generation
    lru.clear()
    lru.put("a", "old", began)
    assert lru.get("a") is None
    lru.put("a", "new", lru.generation)
    assert lru.get("a") == "new"


def test_a_memo_filled_by_a_request_begun_before_a_clear_is_not_read_after_it(site):
    with site.app_context():
        taken = memo("alt", 8)
        clear_caches(site)
        taken.put("chart", "words of the replaced store")
        assert not memo("alt", 8).holds("chart")


def test_rows_read_while_the_store_is_found_replaced_are_not_kept(tmp_path):
    store = SqlStore(f"sqlite:///{tmp_path / 'store.sqlite'}")
    try:
        store.create("sales", "Sales", table_from_csv("x,y\n1,1\n2,2\n"))
        store._frames.clear()  # read from the database next, not from the create's frame
        # Another request finds the store made anew while this one reads its rows.
        found_replaced_meanwhile = once_before(ROWS_READ, lambda: store._saw_identity("another store's identity"))
        with statements_run(found_replaced_meanwhile) as run:
            assert len(store.read("sales").frame) == 2
        assert len(rows_reads(run)) == 1
        assert len(store._frames) == 0
    finally:
        store.close()


def test_a_chart_stopped_at_its_limit_after_a_clear_is_not_remembered_as_stopped(site, held_draw, monkeypatch):
    drawn = rendering.render_chart

    def stopped_when_released(*args, **kwargs):
        drawn(*args, **kwargs)
        raise PastLimit("the chart took longer than the 1 s render limit", 1)

    monkeypatch.setattr(rendering, "render_chart", stopped_when_released)
    assert answered_across_a_clear(site, held_draw) == 503
    assert len(site.extensions["svgplots"].cache.overruns) == 0
