"""A source's `hold_seconds`: how long it and its datasets answer 503 at once after it could not be
reached or a query ran past its time; checked at start-up like the sources file's other fields."""
from __future__ import annotations

import threading
from pathlib import Path

import pytest

from app import SourceConfigError, create_app
from app.store import load_sources
from app.store.source_holds import HeldDown
from tests.conftest import free_port
from tests.source_data import sources_toml

SOURCE = '[sources.shop]\nurl = "sqlite:///shop.db"\n'


def write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "sources.toml"
    path.write_text(text, encoding="utf-8")
    return path


def test_hold_seconds_is_read_and_left_out_is_the_sites_own(tmp_path):
    assert load_sources(write(tmp_path, SOURCE + "hold_seconds = 30\n")).sources["shop"].hold_seconds == 30
    assert load_sources(write(tmp_path, SOURCE)).sources["shop"].hold_seconds is None


@pytest.mark.parametrize("value", ["0", "3601", "1.5", '"5"', "true", "-5"])
def test_a_bad_hold_seconds_stops_the_start_naming_the_file_the_source_and_the_field(tmp_path, value):
    with pytest.raises(SourceConfigError) as raised:
        load_sources(write(tmp_path, SOURCE + f"hold_seconds = {value}\n"))
    shown = {"1.5": "1.5", '"5"': "'5'"}.get(value, value)  # true as the file writes it
    assert str(raised.value) == ("sources.toml: source 'shop': hold_seconds must be a whole number from 1 to 3600, "
                                 f"got {shown}")


def test_a_source_that_cannot_be_reached_is_held_down_for_its_hold_seconds(tmp_path):
    # A server that is down, which waiting may mend (a missing SQLite file is not: its 503 has no Retry-After).
    url = f"postgresql+psycopg://shop@127.0.0.1:{free_port()}/shop"
    sources = sources_toml(tmp_path / "sources.toml", {"gone": {"url": url, "hold_seconds": 600}},
                           {"orders": {"source": "gone", "table": "orders"}})
    (tmp_path / "data").mkdir()
    client = create_app({"TESTING": True, "DATA_DIR": str(tmp_path / "data"), "SOURCES": str(sources),
                         "DASHBOARD_DIRS": [], "RENDER_WORKERS": 0}).test_client()
    assert client.get("/plot/orders.json?y=total").status_code == 503  # found down: held from now on
    held = client.get("/plot/orders.json?y=total")
    assert held.status_code == 503 and int(held.headers["Retry-After"]) > 500


def test_a_failed_try_holds_a_key_down_as_long_as_its_first_hold_did():
    held = HeldDown(5)
    held.hold(("source", "gone"), 600)

    def still_down():
        raise OSError("no answer")

    held._try(("source", "gone"), still_down, "back")  # the try a thread of its own runs
    assert held.retry_after(("source", "gone"), still_down, "back") > 500


def test_the_request_that_starts_a_try_goes_ahead_when_it_finds_the_key_back():
    held = HeldDown(0)
    held.hold(("source", "back"))  # its time is up at once
    assert held.retry_after(("source", "back"), lambda: None, "back") is None
    assert not held.holding(("source", "back"))


def test_the_request_that_starts_a_try_waits_for_it_a_moment_only():
    held = HeldDown(0, try_wait=0.2)
    held.hold(("source", "hangs"), 600)
    held._until[("source", "hangs")] = 0.0  # its time is up
    answered = threading.Event()

    def hangs():
        answered.wait(30)
        raise OSError("no answer")

    assert held.retry_after(("source", "hangs"), hangs, "back") == 1  # the try still under way
    assert held.retry_after(("source", "hangs"), hangs, "back") == 1  # another request: at once, no second try
    answered.set()
    held.wait(10)
    assert held.retry_after(("source", "hangs"), hangs, "back") > 500  # the failed try renewed the hold


def test_a_failed_try_that_the_request_waited_for_gives_the_renewed_holds_retry_after():
    held = HeldDown(5)
    held.hold(("source", "gone"), 600)
    held._until[("source", "gone")] = 0.0

    def still_down():
        raise OSError("no answer")

    assert held.retry_after(("source", "gone"), still_down, "back") > 500
