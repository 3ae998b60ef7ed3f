"""A bar chart's category labels are cut to the room they have: 28 characters at the default width,
more on a wider chart, down the side of horizontal bars and under vertical bars as far as a bar's slot
holds them."""
from __future__ import annotations

import re

import pandas as pd

from plots import chart_frame, parse_spec, render_svg

LONG = "/api/v2/reports/quarterly-revenue-by-region"  # 43 characters


def drawn_labels(kind: str, names: list[str], **fields: str) -> list[str]:
    spec = parse_spec({"kind": [kind], "x": ["endpoint"], "y": ["n"], **{k: [v] for k, v in fields.items()}},
                      {"endpoint": "text", "n": "float"})
    frame = pd.DataFrame({"endpoint": names, "n": [float(at + 1) for at in range(len(names))]})
    svg = render_svg(spec, chart_frame(spec, frame)).decode()
    return [text for text in re.findall(r">([^<]*)</text>", svg) if text.startswith("/api")]


def test_a_wide_horizontal_bar_chart_shows_long_names_whole():
    assert drawn_labels("barh", [LONG, "/api/v2/users"], width="1200") == [LONG, "/api/v2/users"]


def test_horizontal_bars_at_the_default_width_cut_names_at_28_characters():
    assert drawn_labels("barh", [LONG, "/api/v2/users"]) == ["/api/v2/reports/quarterly-r…", "/api/v2/users"]
    assert drawn_labels("barh", [LONG, "/api/v2/users"], width="900")[0] == "/api/v2/reports/quarterly-revenue-by-r…"


def test_a_wide_chart_of_few_vertical_bars_shows_more_of_a_name_than_28_characters():
    drawn = drawn_labels("bar", [LONG, "/api/v2/users"], width="1200")[0]
    assert len(drawn) > 28 and LONG.startswith(drawn.rstrip("…")), drawn


def test_a_wide_chart_of_many_vertical_bars_cuts_names_as_its_slots_hold_them():
    names = [f"{LONG}/{n:02d}" for n in range(20)]
    # A slot of 1200 pixels' twenty holds fewer than 28 characters: they are cut as at the default width.
    assert drawn_labels("bar", names, width="1200") == drawn_labels("bar", names)
