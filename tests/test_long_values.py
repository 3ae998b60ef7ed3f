"""An error repeats at most 100 characters of a bad value or name: a parameter of 100 KB does not
come back as an error of 100 KB."""
from __future__ import annotations

import pickle

import pytest

from plots import SpecError
from plots.text import quoted
from tests.error_image_text import answer_text

LONG = "a" * 100_000
SHOWN = "'" + "a" * 100 + "…' (100000 characters)"

URLS = [
    ("/plot/stations.json", {"width": LONG}),
    ("/plot/stations.json", {"ymin": LONG}),
    ("/plot/stations.json", {"kind": LONG}),
    ("/plot/stations.json", {"y": LONG}),
    ("/plot/stations.json", {"from": LONG}),
    ("/plot/stations.json", {LONG: "1"}),
    ("/plot/stations.json", {"filter." + LONG: "x"}),
    ("/plot/stations.svg", {"errors": LONG}),
    ("/plot/stations.png", {"scale": LONG}),
    ("/d/stations/temperature.csv", {"theme": LONG}),
    ("/d/stations/temperature", {"legend": LONG}),
    ("/d/stations", {"to": LONG}),
    ("/d/stations.pdf", {LONG: "1"}),
    ("/d/stations/versions.json", {"from": LONG}),
    ("/datasets/stations.csv", {LONG: "1"}),
    ("/animal.svg", {"type": LONG}),
    ("/divide.json", {"numerator": LONG, "denominator": "1"}),
]


@pytest.mark.parametrize(("url", "query"), URLS)
def test_an_error_about_a_long_value_repeats_100_characters_of_it(client, url, query):
    response = client.get(url, query_string=query)
    assert 400 <= response.status_code < 500, response.data[:300]
    assert len(response.data) < 20_000, (len(response.data), response.data[:300])
    text = answer_text(response)  # a .png's error: its PNG's words
    assert "a" * 101 not in text and "a…" in text


def test_a_long_value_is_quoted_cut_with_its_length():
    assert quoted(LONG) == SHOWN
    assert quoted("short") == "'short'"
    message = SpecError(f"width must be a whole number, got {LONG!r}; see the README", "width").message
    assert message == f"width must be a whole number, got {SHOWN}; see the README"


def test_a_message_cut_once_is_not_cut_again_across_a_process_boundary():
    error = SpecError(f"unknown parameter {LONG!r}", LONG)
    assert pickle.loads(pickle.dumps(error)).message == error.message == f"unknown parameter {SHOWN}"


def test_quotes_in_words_are_left_alone():
    text = "range applies to the dashboard's page, not the " + "x" * 200 + "'s; got 'b'"
    assert SpecError(text).message == text
