"""A lone label too long for its room is cut at the end of its last whole word that fits, where
that keeps about half the room: "Average temperature…", not "Average temperature m…"."""
from __future__ import annotations

import pandas as pd

from plots import parse_spec, render_svg
from plots.fitted_text import shorten
from plots.layout import text_size
from plots.told_apart import cut_apart, shorten_apart

SIZE = 9.0
NAME = "Average temperature measured at noon"


def test_a_label_is_cut_at_the_end_of_its_last_whole_word():
    room = text_size("Average temperature me…", SIZE)[0]
    assert shorten(NAME, SIZE, room) == "Average temperature…"


def test_a_single_long_word_is_still_cut_inside_itself():
    assert shorten("Supercalifragilisticexpialidocious", SIZE, 60.0) == "Supercalif…"


def test_a_word_end_keeping_less_than_half_the_room_is_not_used():
    room = 100.0
    cut = shorten("A Supercalifragilisticexpialidocious", SIZE, room)
    assert cut.startswith("A Supercali") and cut.endswith("…"), cut
    assert text_size(cut, SIZE)[0] <= room


def test_labels_shortened_apart_but_not_alike_end_at_a_word():
    room = text_size("Average temperature me…", SIZE)[0]
    assert shorten_apart([NAME, "Rain"], SIZE, room) == ["Average temperature…", "Rain"]


def test_a_bar_category_cut_to_its_characters_ends_at_a_word():
    assert cut_apart([NAME, "Rain"], 28) == ["Average temperature…", "Rain"]
    assert cut_apart(["Supercalifragilisticexpialidocious"], 28) == ["Supercalifragilisticexpiali…"]


def test_a_bar_chart_draws_its_long_category_cut_at_a_word():
    frame = pd.DataFrame({"name": [NAME, "Rain", "Snow"], "v": [1.0, 2.0, 3.0]})
    spec = parse_spec({"kind": ["bar"], "x": ["name"], "y": ["v"]}, {"name": "text", "v": "float"})
    drawn = render_svg(spec, frame).decode().split("</desc>", 1)[1]  # the chart's words say it whole
    assert "Average temperature…<" in drawn and "Average temperature m" not in drawn, drawn[:2000]
