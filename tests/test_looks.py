"""How charts look: series colours told apart, series names told apart, small charts laid out
without overlap, date offsets naming the dates shown."""
from __future__ import annotations

import itertools

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from matplotlib.colors import to_hex, to_rgb

from plots import build_figure, chart_frame, parse_spec
from plots.layout import MIN_PLOT, header_room, plot_box
from plots.spec import Limits
from plots.style import THEMES
from plots.ticks import AxisTicks
from plots.told_apart import shorten_apart


def _linear(channel: float) -> float:
    """An sRGB channel (0–1) as linear light."""
    return channel / 12.92 if channel <= 0.04045 else ((channel + 0.055) / 1.055) ** 2.4


def relative_luminance(colour: str) -> float:
    """WCAG 2's relative luminance of `colour`."""
    r, g, b = (_linear(c) for c in to_rgb(colour))
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def contrast_ratio(a: str, b: str) -> float:
    """WCAG 2's contrast ratio of two colours, 1 to 21."""
    lighter, darker = sorted((relative_luminance(a), relative_luminance(b)), reverse=True)
    return (lighter + 0.05) / (darker + 0.05)


def cie_lab(colour: str) -> tuple[float, float, float]:
    """`colour` (sRGB) in CIE L*a*b* under D65."""
    r, g, b = (_linear(c) for c in to_rgb(colour))
    x = (0.4124 * r + 0.3576 * g + 0.1805 * b) / 0.95047
    y = 0.2126 * r + 0.7152 * g + 0.0722 * b
    z = (0.0193 * r + 0.1192 * g + 0.9505 * b) / 1.08883

    def f(t: float) -> float:
        return t ** (1 / 3) if t > (6 / 29) ** 3 else t / (3 * (6 / 29) ** 2) + 4 / 29

    return 116 * f(y) - 16, 500 * (f(x) - f(y)), 200 * (f(y) - f(z))


def delta_e(a: str, b: str) -> float:
    """CIE76 colour difference: the distance of two colours in L*a*b*."""
    return float(np.linalg.norm(np.subtract(cie_lab(a), cie_lab(b))))


def test_the_colour_formulas_give_known_values():
    assert contrast_ratio("#000000", "#ffffff") == pytest.approx(21.0)
    assert contrast_ratio("#777777", "#ffffff") == pytest.approx(4.48, abs=0.01)
    assert cie_lab("#ffffff") == pytest.approx((100.0, 0.0, 0.0), abs=0.05)
    assert delta_e("#ff0000", "#00ff00") == pytest.approx(170.6, abs=0.5)


@pytest.mark.parametrize("theme", ["light", "dark", "auto", "print"])
def test_a_chart_of_twenty_series_draws_each_in_a_colour_of_its_own(theme):
    frame = pd.DataFrame({"x": np.arange(5.0), **{f"s{i}": np.arange(5.0) + i for i in range(20)}})
    spec = parse_spec({"theme": [theme], "height": ["600"]}, {name: "float" for name in frame.columns})
    fig = build_figure(spec, chart_frame(spec, frame), dpi=72)
    handles, labels = fig.axes[0].get_legend_handles_labels()
    assert labels == [f"s{i}" for i in range(20)]
    assert len({to_hex(line.get_color()) for line in handles}) == 20


@pytest.mark.parametrize("theme", ["light", "dark"])
def test_every_two_palette_colours_are_told_apart(theme):
    palette = THEMES[theme].palette
    close = [(a, b, round(delta_e(a, b), 1)) for a, b in itertools.combinations(palette, 2) if delta_e(a, b) < 20]
    assert not close, close
    assert len(palette) == Limits().max_series


@pytest.mark.parametrize("theme", ["light", "dark"])
def test_every_palette_colour_stands_out_from_the_background(theme):
    background = THEMES[theme].background
    faint = [(c, round(contrast_ratio(c, background), 2)) for c in THEMES[theme].palette
             if contrast_ratio(c, background) < 3.0]
    assert not faint, faint


@pytest.mark.parametrize(("texts", "max_width", "kept"), [
    # Their start, up to the end of the word where they differ, is too wide; so is their end.
    (["Q1 revenue_northern_region", "Q1 revenue_southern_region"], 60,
     ["Q1 revenue_northern_region", "Q1 revenue_southern_region"]),
    # Their first word, then the word where they differ, whole: no piece of a word from the middle.
    (["Average temperature at northharbourwall", "Average temperature at northharbourpier"], 150,
     ["Average…northharbourwall", "Average…northharbourpier"]),
    # Their start up to the end of the word where they differ.
    (["Account 2042 with a long tail", "Account 2043 with a long tail"], 60, ["Account 2042…", "Account 2043…"]),
    # A name ending in "…" like the other cut short.
    (["Costs…", "Costs of the whole region"], 30, ["Costs…", "Costs of…"]),
    # A number kept with the word before it, which says what it counts.
    (["Category label that is quite long number 7", "Category label that is quite long number 8"], 120,
     ["Category…number 7", "Category…number 8"]),
])
def test_shortened_names_that_differ_stay_different_and_keep_their_start(texts, max_width, kept):
    assert shorten_apart(texts, 9.0, max_width) == kept


WORDS = ["north", "south", "harbour", "wall", "temperature", "daily", " ", "_", "1", "2", "…"]
pieces = st.lists(st.sampled_from(WORDS), max_size=4).map("".join)


@given(start=pieces, middles=st.lists(pieces, min_size=2, max_size=5), end=pieces,
       max_width=st.sampled_from([30.0, 45.0, 60.0, 100.0]))
@settings(max_examples=80, deadline=None, derandomize=True)
def test_different_names_are_never_shortened_to_the_same(start, middles, end, max_width):
    texts = sorted({start + middle + end for middle in middles})
    shortened = shorten_apart(texts, 9.0, max_width)
    assert len(set(shortened)) == len(texts), list(zip(texts, shortened))


@pytest.mark.parametrize(("fig_w", "fig_h"), [(75.0, 75.0), (75.0, 150.0), (240.0, 75.0), (480.0, 300.0)])
@pytest.mark.parametrize("xlabel", ["", "year", "a long axis title that wraps\nover two lines"])
def test_a_header_within_its_room_never_meets_the_plot(fig_w, fig_h, xlabel):
    xticks = AxisTicks((0.0, 1.0), ("2000", "2010"))
    room = header_room(fig_h, xlabel, xticks)
    for depth in (room / 2, room):  # the title and legend reach this far down, then the gap under them
        (_, bottom, _, height), _, _ = plot_box(fig_w, fig_h, depth + 6.0, xticks, AxisTicks(), xlabel, "")
        assert height >= MIN_PLOT
        assert (bottom + height) * fig_h <= fig_h - depth + 1e-9
    # Reaching further down, it would: the room is all there is.
    (_, bottom, _, height), _, _ = plot_box(fig_w, fig_h, room + 7.0, xticks, AxisTicks(), xlabel, "")
    assert (bottom + height) * fig_h > fig_h - room - 1.0


def test_the_room_of_a_header_counts_one_line_of_tick_labels_before_the_ticks_are_known():
    one_line = AxisTicks((0.0, 1.0), ("0", "1"))
    assert header_room(75.0, "year") == header_room(75.0, "year", one_line)
    assert header_room(75.0, "year") < header_room(75.0, "")
