"""Ticks thinned to every n-th (`several_every_nth`: a bar chart's labels where round steps leave one)
start from the least n the labels' sizes allow beside the ticks' spacing: the same labels as when
every n from 2 was tried, with few of them measured on a narrow chart of thousands of bars."""
from __future__ import annotations

import itertools
from dataclasses import replace

import numpy as np
import pandas as pd
import pytest

import plots.every_nth_ticks as every_nth_ticks
from plots import parse_spec, render_svg, tick_hints
from plots.spec import Limits
from plots.ticks import AxisTicks, labels_apart

MANY = Limits(max_categories=5000)


def every_nth_from_2(axis, ticks: AxisTicks, lone: AxisTicks) -> AxisTicks:
    """`several_every_nth` as it was: every n from 2 tried."""
    labels_of = tick_hints.kept_tick_labels(axis)
    shown = [loc for loc, label in zip(lone.locs, lone.labels) if label]
    anchor = ticks.locs.index(shown[0]) if shown else 0
    count = len(ticks.locs)
    for step in range(2, count):
        from_lone = anchor % step
        for start in sorted({0, from_lone}, key=lambda start: (-len(range(start, count, step)), start != from_lone)):
            several = ticks.only(range(start, count, step))
            if labels_of is not None:
                several = replace(several, labels=tuple(labels_of(several.locs)))
            if len(several.shown_labels()) >= 2 and labels_apart(axis, several):
                return several
    return lone


FRAMES = {
    "numbers": lambda n: pd.DataFrame({"x": np.arange(1000, 1000 + n), "v": np.arange(float(n)) % 7}),
    "years": lambda n: pd.DataFrame({"x": np.arange(1901, 1901 + n) * 3, "v": np.arange(float(n)) % 7}),
    "months": lambda n: pd.DataFrame({"x": pd.date_range("2020-01-01", periods=n, freq="MS"),
                                      "v": np.arange(float(n)) % 7}),
    "days": lambda n: pd.DataFrame({"x": pd.date_range("2020-12-20", periods=n), "v": np.arange(float(n)) % 7}),
}


def bar_chart(name: str, bars: int, kind: str, width: int, height: int) -> bytes:
    spec = parse_spec({"kind": [kind], "x": ["x"], "y": ["v"], "width": [str(width)], "height": [str(height)]},
                      {"x": "int" if name in ("numbers", "years") else "datetime", "v": "float"})
    return render_svg(spec, FRAMES[name](bars), MANY)

# Daily bars measure every n-th label by label in the reference thinning: 300 of them take minutes.
BARS = {"numbers": (12, 40, 300), "years": (12, 40, 300), "months": (12, 40, 300), "days": (12, 40, 100)}


@pytest.mark.parametrize("name", list(FRAMES))
def test_every_nth_keeps_the_labels_trying_every_n_from_2_kept(monkeypatch, name):
    new = every_nth_ticks.several_every_nth
    compared = []

    def both(axis, ticks, lone):
        kept = new(axis, ticks, lone)
        compared.append((kept, every_nth_from_2(axis, ticks, lone)))
        return kept

    monkeypatch.setattr(every_nth_ticks, "several_every_nth", both)
    for bars, kind, width, height in itertools.product(BARS[name], ("bar", "barh"), (100, 130, 200), (100, 300)):
        bar_chart(name, bars, kind, width, height)
    assert len(compared) >= 10  # the sweep thins labels so, across and turned, some labelled anew
    for kept, before in compared:
        assert kept == before


def test_a_narrow_chart_of_thousands_of_bars_measures_few_labels_for_every_nth(monkeypatch):
    original = every_nth_ticks.several_every_nth
    measured: list[int] = []  # the labels each try measures
    tries: list[tuple[AxisTicks, int]] = []  # what each thinning kept, and how many labels it measured

    def counted(axis, ticks):
        measured.append(len(ticks.shown_labels()))
        return labels_apart(axis, ticks)

    def several(axis, ticks, lone):
        measured.clear()
        kept = original(axis, ticks, lone)
        tries.append((kept, sum(measured)))
        return kept

    monkeypatch.setattr(every_nth_ticks, "labels_apart", counted)
    monkeypatch.setattr(every_nth_ticks, "several_every_nth", several)
    bar_chart("numbers", 3000, "bar", 100, 360)
    assert tries, "the chart's labels were thinned to every n-th"
    for kept, labels in tries:
        assert len(kept.shown_labels()) >= 2
        # Every n from 2 measured some 36,000 labels here, in over 2,000 tries.
        assert labels <= 50, labels
