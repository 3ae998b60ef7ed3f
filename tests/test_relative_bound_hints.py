"""A time relative to now written as other tools or a person write it (`-7d`, `NOW-1D`, `now - 30 min`,
`now-7days`) is refused naming the bound it means, as the URL and the forms take it, and the units
there are: the refusal listed examples alone, which do not say that `now` starts it, that its letters'
case matters or which units there are."""
from __future__ import annotations

import time
from datetime import datetime
from html import unescape

import pytest

from plots import SpecError
from plots.timerange import parse_bound
from tests.conftest import Clock
from tests.sample_store import app_on_samples

UNITS = "its units are s, m (minutes), h, d, w, M (months) and y"


@pytest.fixture
def client(data_dir):
    return app_on_samples({"TESTING": True, "DATA_DIR": str(data_dir),
                           "CLOCK": Clock(datetime(2025, 6, 15, 12, 30, 5))}).test_client()


@pytest.mark.parametrize(("text", "meant"), [
    ("-7d", "now-7d"), ("-7d/d", "now-7d/d"), ("NOW-1D", "now-1d"), ("now-1H", "now-1h"), ("Now/D", "now/d"),
    ("now - 30 min", "now-30m"), ("now-7days", "now-7d"), ("now-2 weeks", "now-2w"), ("now-1mo/Month", "now-1M/M"),
    ("now-1yr", "now-1y"), ("NOW", "now"),
])
def test_a_relative_bound_written_another_way_is_told_the_bound_it_means(text, meant):
    with pytest.raises(SpecError) as caught:
        parse_bound("from", text)
    message = caught.value.message
    assert message.startswith("from must be") and repr(text) in message
    assert f"; write {meant}: a time relative to now starts with now, in lower case, and {UNITS}" in message


def test_a_positive_offset_without_now_is_told_to_write_its_plus_escaped_in_a_url():
    with pytest.raises(SpecError, match=r"; write now\+7d \(an offset's \+ written %2B in a URL\): a time relative"):
        parse_bound("to", "+7d")


@pytest.mark.parametrize("text", ["yesterday", "7d", "now-7x", "now-1.5h", "now-1d/q", "2024/01/31"])
def test_a_bound_that_means_no_relative_time_is_told_no_relative_one(text):
    with pytest.raises(SpecError) as caught:
        parse_bound("from", text)
    assert "a time relative to now starts with now" not in caught.value.message


@pytest.mark.parametrize("url", ["/plot/weather.csv?from=-7d", "/d/weather/temperature.svg?from=-7d",
                                 "/d/weather/versions.json?from=-7d", "/d/weather?from=-7d"])
def test_every_url_taking_a_range_tells_the_bound_meant(client, url):
    response = client.get(url)
    assert response.status_code == 400
    assert "got '-7d'; write now-7d: a time relative to now starts with now" in unescape(response.get_data(as_text=True))


def test_a_relative_bound_of_thousands_of_digits_is_refused_without_a_bound_meant(client):
    count = "9" * 5000  # more than Python reads as a number by default
    response = client.get(f"/plot/weather.json?from=-{count}days")
    assert response.status_code == 400
    assert "from must be" in response.get_json()["error"] and "; write now" not in response.get_json()["error"]


def test_a_bound_of_a_long_run_of_spaces_is_refused_at_once():
    # A URL of run.py's 64 KB: reading each run of spaces one way only keeps the refusal linear.
    started = time.perf_counter()
    for text in ("now" + " " * 60_000 + "x", "now" + " " * 30_000 + "/" + " " * 30_000 + "x"):
        with pytest.raises(SpecError):
            parse_bound("from", text)
    assert time.perf_counter() - started < 1
