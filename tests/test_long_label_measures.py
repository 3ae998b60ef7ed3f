"""A label of a long value is shortened from a start of it: what cannot be shown is not measured (a
value of 131,072 characters measured whole took seconds), and the label is the one measuring it
whole gives."""
from __future__ import annotations

import random
import warnings

import pytest
from matplotlib.lines import Line2D

from plots import fitted_text, header, layout, told_apart
from plots.ended_widths import ended_narrower
from plots.layout import line_extent
from tests.test_long_label_layout import ALPHABETS  # labels of long values in each kind of script

LONG = "Northern harbour station " + "x" * 20_000
OTHERS = ["Southern pier", "Eastern quay"]


def measured_lengths(monkeypatch) -> list[int]:
    """The length of each line of text measured from now on (each measured anew, not one kept)."""
    lengths: list[int] = []
    measure = layout.text_metrics

    def noted(text: str, font: tuple):
        lengths.append(len(text))
        return measure(text, font)

    monkeypatch.setattr(layout, "text_metrics", noted)
    return lengths


def test_a_long_label_is_shortened_measuring_no_more_of_it_than_can_be_shown(monkeypatch):
    lengths = measured_lengths(monkeypatch)
    short = fitted_text.shorten(LONG, 9.0, 150.0)
    assert short.startswith("Northern harbour") and short.endswith("…")
    assert max(lengths) < 1_000


def test_labels_beside_a_long_one_are_shortened_apart_measuring_no_more_of_it_than_can_be_shown(monkeypatch):
    lengths = measured_lengths(monkeypatch)
    shortened = told_apart.shorten_apart([LONG, *OTHERS], 9.0, 150.0)
    assert shortened == [fitted_text.shorten(LONG, 9.0, 150.0), *OTHERS]
    assert max(lengths) < 1_000


def test_a_long_label_is_shortened_as_measuring_it_whole_shortens_it(monkeypatch):
    shortened = [fitted_text.shorten(LONG, 9.0, most) for most in (20.0, 150.0, 400.0)]
    apart = told_apart.shorten_apart([LONG, *OTHERS], 9.0, 150.0)
    for module in (fitted_text, told_apart):
        monkeypatch.setattr(module, "KEPT_LINE", len(LONG))  # every line measured whole
    assert shortened == [fitted_text.shorten(LONG, 9.0, most) for most in (20.0, 150.0, 400.0)]
    assert apart == told_apart.shorten_apart([LONG, *OTHERS], 9.0, 150.0)


ENDS = "il1.m"


@pytest.fixture(autouse=True)
def _no_missing_glyph_warnings():
    # The test machine's fonts have no CJK glyphs: each label measured would warn.
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", UserWarning)
        yield


def long_pair(rng: random.Random, alphabet: str) -> list[str]:
    """Two labels of over KEPT_LINE characters of `alphabet` that differ only in a digit near their
    ends, a short end after it."""
    start = "".join(rng.choice(alphabet) for _ in range(rng.randint(270, 330)))
    end = "".join(rng.choice(ENDS + alphabet) for _ in range(rng.randint(0, 3)))
    first, second = rng.sample("0123456789", 2)
    return [f"{start}{first} {end}", f"{start}{second} {end}"]


def test_long_labels_differing_at_their_ends_are_told_apart_measuring_no_more_of_them_than_can_be_shown(
        monkeypatch):
    start = "Northern harbour station " + "x" * 131_072
    lengths = measured_lengths(monkeypatch)
    shortened = told_apart.shorten_apart([start + "1 north", start + "2 north"], 9.0, 150.0)
    assert shortened == [start + "1…", start + "2…"]
    assert max(lengths) < 1_000


def test_a_long_legend_label_with_a_note_is_shortened_measuring_no_more_of_it_than_can_be_shown(monkeypatch):
    handles = [Line2D([], []), Line2D([], [])]
    monkeypatch.setattr(header, "legend_note", {handles[0]: " (below 25)"}.get)
    lengths = measured_lengths(monkeypatch)
    shortened = header._shortened_labels(handles, [LONG + " (below 25)", OTHERS[0]], 200.0)
    assert shortened[0].startswith("Northern harbour") and shortened[0].endswith("… (below 25)")
    assert shortened[1] == OTHERS[0]
    assert max(lengths) < 1_000


@pytest.mark.parametrize("alphabet", ALPHABETS)
def test_a_start_and_an_ellipsis_are_told_narrower_than_a_text_as_measuring_both_whole_tells(alphabet):
    rng = random.Random(f"ends {alphabet}")
    for _ in range(150):
        text = "".join(rng.choice(ALPHABETS[alphabet]) for _ in range(rng.randint(4, 90)))
        text += "".join(rng.choice(ENDS + " ") for _ in range(rng.randint(0, 3)))
        count = rng.randint(max(1, len(text) - 4), len(text) - 1)
        size, weight = rng.choice([(9.0, "normal"), (11.0, "bold")])
        whole = line_extent(text[:count] + "…", size, weight)[0] < line_extent(text, size, weight)[0]
        assert ended_narrower(text, count, size, weight) == whole, (text, count, size, weight)


@pytest.mark.parametrize("alphabet", ALPHABETS)
def test_long_labels_told_apart_at_their_ends_are_those_measuring_them_whole_gives(monkeypatch, alphabet):
    rng = random.Random(f"apart {alphabet}")
    cases = [(long_pair(rng, ALPHABETS[alphabet]), rng.choice([20.0, 45.0, 90.0])) for _ in range(6)]
    found = [told_apart.shorten_apart(texts, 9.0, most) for texts, most in cases]
    for module in (fitted_text, told_apart):
        monkeypatch.setattr(module, "KEPT_LINE", 10**9)  # every line measured whole
    assert found == [told_apart.shorten_apart(texts, 9.0, most) for texts, most in cases]


@pytest.mark.parametrize("alphabet", ALPHABETS)
def test_long_legend_labels_with_notes_are_those_measuring_them_whole_gives(monkeypatch, alphabet):
    rng = random.Random(f"notes {alphabet}")
    handles = [Line2D([], []) for _ in range(3)]
    monkeypatch.setattr(header, "legend_note", {handles[0]: " (below 25)", handles[2]: " (above 5)"}.get)
    cases = []
    for _ in range(5):
        names = long_pair(rng, ALPHABETS[alphabet]) + ["".join(rng.choice(ALPHABETS[alphabet]) for _ in range(8))]
        labels = [names[0] + " (below 25)", names[1], names[2] + " (above 5)"]
        cases.append((labels, rng.choice([40.0, 90.0, 200.0])))
    found = [header._shortened_labels(handles, labels, most) for labels, most in cases]
    for module in (fitted_text, told_apart):
        monkeypatch.setattr(module, "KEPT_LINE", 10**9)
        monkeypatch.setattr(module, "surely_wider", lambda *_: False)  # every label measured whole
    assert found == [header._shortened_labels(handles, labels, most) for labels, most in cases]
