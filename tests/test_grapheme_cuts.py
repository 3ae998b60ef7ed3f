"""A label shortened with "…" or wrapped across lines is cut where a character a reader sees ends:
never between an emoji and the zero width joiner after it (a family would show as another family),
between a flag's two letters, or between a letter and its accent."""
from __future__ import annotations

import unicodedata
import warnings

import pytest

from plots.fitted_text import shorten, wrap_text
from plots.graphemes import cluster_cut
from tests.conftest import created, writable_app

FAMILY = "\U0001F468\u200d\U0001F469\u200d\U0001F467\u200d\U0001F466"
FLAGS = "\U0001F1EF\U0001F1F5\U0001F1F0\U0001F1F7"  # Japan's, then Korea's
CLUSTERS = {
    "family": FAMILY,
    "flags": FLAGS,
    "decomposed accents": unicodedata.normalize("NFD", "Zürich"),
    "devanagari": "मुंबई",
    "hangul jamo": unicodedata.normalize("NFD", "한국어"),
    "skin tones": "\U0001F44B\U0001F3FD",
}


@pytest.fixture(autouse=True)
def _no_missing_glyph_warnings():
    # DejaVu Sans has no emoji or Hangul: each text measured would warn.
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", UserWarning)
        yield


def boundary(text: str, at: int) -> bool:
    """Whether cutting `text` after its first `at` characters parts no grapheme cluster: a cut there is
    kept whole by the site's own cut (`cluster_cut`), which moves any other back to a cluster's end."""
    return cluster_cut(text, at) == at


def _whole(start: str, repeated: str) -> bool:
    """Whether `start`, a start of `repeated` written again and again, ends where one of its
    grapheme clusters ends."""
    return boundary(repeated * (len(start) // len(repeated) + 2), len(start))


@pytest.mark.parametrize("cluster", CLUSTERS.values(), ids=CLUSTERS.keys())
def test_a_shortened_label_ends_where_a_character_ends(cluster):
    text = cluster * 40
    for width in range(20, 200, 7):
        kept = shorten(text, 9, width)
        assert kept.endswith("…")
        assert _whole(kept[:-1], cluster), (width, kept)


@pytest.mark.parametrize("cluster", CLUSTERS.values(), ids=CLUSTERS.keys())
def test_a_wrapped_word_breaks_where_a_character_ends(cluster):
    text = cluster * 30
    for width in range(20, 200, 13):
        lines = wrap_text(text, 9, width).split("\n")
        assert "".join(lines) == text
        assert all(line for line in lines), (width, lines)
        at = 0
        for line in lines[:-1]:
            at += len(line)
            assert boundary(text, at), (width, lines)


def test_a_family_too_wide_for_its_room_is_kept_whole_before_the_ellipsis():
    assert shorten(FAMILY * 3, 9, 5) == FAMILY + "…"


def test_a_cut_inside_a_cluster_moves_back_to_its_start():
    assert cluster_cut(FAMILY + "ab", 3) == len(FAMILY)  # at least the first one
    assert cluster_cut("ab" + FAMILY, 4) == 2
    assert cluster_cut(FLAGS, 3) == 2
    assert cluster_cut("Cafe\u0301s", 4) == 3


def test_a_conjunct_and_a_prepended_sign_stay_with_their_letters():
    # Unicode 15.1's conjuncts: a consonant, a virama and the next consonant are one character
    # (क्ष), which rules written for the scripts known then parted after the virama.
    assert cluster_cut("क्षa", 2) == 3
    assert not boundary("क्ष", 2)
    # An Arabic number sign (a prepended character) goes with the digit after it.
    assert cluster_cut("؀1234", 1) == 2


def test_a_bar_chart_shortens_a_family_category_to_whole_families(data_dir):
    client = writable_app(data_dir).test_client()
    created(client, "families", f"who,n\n{FAMILY * 30},1\nb,2\n")
    answer = client.get("/plot/families.svg?kind=bar&x=who&y=n&width=300")
    assert answer.status_code == 200
    labels = [line for line in answer.get_data(as_text=True).split("\n") if "…</text>" in line]
    assert labels
    for label in labels:
        shown = label.rsplit("…</text>", 1)[0].rsplit(">", 1)[1]
        assert _whole(shown, FAMILY), shown


def test_a_long_cell_on_a_dataset_page_is_cut_after_a_whole_family(data_dir):
    client = writable_app(data_dir).test_client()
    created(client, "cells", f"who,n\n{FAMILY * 20},1\n")
    page = client.get("/datasets/cells").get_data(as_text=True)
    assert f"{FAMILY * 14}… (140 characters)" in page
    assert f"{FAMILY * 14}\U0001F468\u200d…" not in page


def test_a_message_quoting_a_long_value_cuts_it_after_a_whole_flag(data_dir):
    client = writable_app(data_dir).test_client()
    created(client, "flags", "who,n\nx,1\n")
    answer = client.get(f"/plot/flags.json?filter.who=x{FLAGS * 30}")
    assert answer.status_code == 404
    message = answer.get_json()["error"]
    assert f"'x{FLAGS * 24}\U0001F1EF\U0001F1F5…' (121 characters)" in message


def test_a_long_category_is_cut_after_a_whole_family_in_the_chart_and_its_words(data_dir):
    client = writable_app(data_dir).test_client()
    created(client, "kin", f"who,n\nx{FAMILY * 30},1\ny{FAMILY * 30},2\n")
    svg = client.get("/plot/kin.svg?kind=bar&x=who&y=n").get_data(as_text=True)
    drawn = [line.rsplit("…</text>", 1)[0].rsplit(">", 1)[1] for line in svg.split("\n") if "…</text>" in line]
    desc = svg.split("-desc\">", 1)[1].split("</desc>", 1)[0]
    # A bar's name, cut, stands alone and, as where a series' lowest or highest is, in brackets: "(x…)".
    said = [word.lstrip("(").rsplit("…", 1)[0] for word in desc.split() if "…" in word]
    assert drawn and said
    for shown in drawn + said:
        assert _whole(shown[1:], FAMILY), shown


def test_a_link_previews_description_is_cut_after_a_whole_flag():
    from app.views.link_previews import shortened
    assert shortened("xy" + FLAGS * 30, 100) == "xy" + FLAGS * 24 + "…"
