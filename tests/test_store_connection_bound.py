"""A burst of requests opens no more connections to the dataset database than STORE_CONNECTIONS (15
unless set) in each process: a request that finds them all in use waits for one for at most
STORE_BUSY_TIMEOUT, then answers 503 with Retry-After saying the store is busy and naming the setting,
not that the database cannot be reached, and logs no outage; the next request, a connection free, is
answered. On both store backends."""
from __future__ import annotations

import contextlib
import logging
from collections.abc import Iterator

import pytest

from app import SettingError, create_app
from tests.conftest import WRITE_TOKEN, writable_app

WAIT = 0.3  # STORE_BUSY_TIMEOUT: how long a request waits for a free connection
ROW = {"year": 2022, "Bear": 1, "Deer": 2, "Wolf": 3}
WRITE = {"Authorization": f"Bearer {WRITE_TOKEN}"}


@pytest.fixture
def bounded(store_url, data_dir, closing):
    """The app over a store of each backend with STORE_CONNECTIONS = 2 and a short busy timeout."""
    return closing(writable_app(data_dir, DATABASE_URL=store_url, STORE_BUSY_TIMEOUT=WAIT, STORE_CONNECTIONS=2,
                                RENDER_WORKERS=0))


@contextlib.contextmanager
def connections_held(site, count: int) -> Iterator[None]:
    """`count` connections of the store taken out of the site's pool for the block, as other requests hold them."""
    engine = site.extensions["svgplots"].store.database._engine
    with contextlib.ExitStack() as held:
        for _ in range(count):
            held.enter_context(engine.connect())
        yield


BUSY = ("the dataset store has all its 2 connections in use by other requests of this process, and none was "
        f"free within {WAIT:g} s; try again in 1 s (STORE_CONNECTIONS = 2 bounds them)")


@pytest.mark.parametrize("write", [False, True])
def test_a_request_finding_every_store_connection_in_use_is_a_503_saying_the_store_is_busy(bounded, caplog, write):
    client = bounded.test_client()
    with connections_held(bounded, 2), caplog.at_level(logging.WARNING):
        refused = (client.post("/api/datasets/animals/rows", json=[ROW], headers=WRITE) if write
                   else client.get("/api/datasets/animals"))
    assert refused.status_code == 503
    assert refused.headers["Retry-After"] == "1"
    assert refused.get_json()["error"] == BUSY
    assert ("the dataset store: all its 2 connections were in use by other requests for the whole wait of "
            f"{WAIT:g} s; a request was answered 503 (STORE_CONNECTIONS bounds them)") in caplog.text
    assert "cannot be reached" not in caplog.text and "busy with other writes" not in caplog.text


def test_a_store_whose_connections_were_all_in_use_answers_the_next_request(bounded):
    client = bounded.test_client()
    with connections_held(bounded, 2):
        assert client.post("/api/datasets/animals/rows", json=[ROW], headers=WRITE).status_code == 503
    assert client.post("/api/datasets/animals/rows", json=[ROW], headers=WRITE).status_code == 200
    assert client.get("/api/datasets/animals").status_code == 200


def test_a_store_opens_no_more_connections_than_its_bound(bounded):
    pool = bounded.extensions["svgplots"].store.database._engine.pool
    assert pool.size() + pool._max_overflow == 2


def test_a_store_keeps_five_connections_open_and_opens_ten_more_unless_set(data_dir, closing):
    app = closing(writable_app(data_dir, RENDER_WORKERS=0))
    assert app.config["STORE_CONNECTIONS"] == 15
    pool = app.extensions["svgplots"].store.database._engine.pool
    assert (pool.size(), pool._max_overflow) == (5, 10)


@pytest.mark.parametrize("value", [0, 1001, "5", 2.5, True])
def test_a_store_bound_that_is_no_whole_number_from_1_to_1000_stops_the_start(data_dir, value):
    with pytest.raises(SettingError) as refused:
        create_app({"TESTING": True, "DATA_DIR": str(data_dir), "STORE_CONNECTIONS": value})
    assert ("STORE_CONNECTIONS must be the connections to the dataset database each process opens at most, "
            "a whole number from 1 to 1000") in str(refused.value)
