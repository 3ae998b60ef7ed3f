"""A date axis' last resort (`several_dates_apart`) measures the labels only of ticks that stand
far enough apart for any two labels: on a narrow chart where no two labels fit, every n-th tick of
a finer step closer than that is never laid out and measured."""
from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

import plots.date_ticks as date_ticks
from plots import build_figure, chart_frame, parse_spec
from plots.ticks import LABEL_GAP, axis_ticks, tick_places

# Two labels' least room apart: half of each, at least a point wide (`layout.least_width`), and the gap.
LEAST_ROOM = 1.0 + LABEL_GAP


@pytest.mark.parametrize(("start", "end"), [("1824-01-01", "2024-01-01"), ("0024-01-01", "2024-01-01"),
                                            ("1000-01-01", "9000-01-01")])
def test_a_narrow_date_axis_measures_no_ticks_too_close_for_two_labels(monkeypatch, start, end):
    frame = pd.DataFrame({"t": pd.date_range(start, end, periods=40, unit="us"), "v": np.arange(40.0)})
    spec = parse_spec({"x": ["t"], "y": ["v"], "width": ["100"], "height": ["180"]}, {"t": "datetime", "v": "float"})
    axis = build_figure(spec, chart_frame(spec, frame), dpi=72).axes[0].xaxis
    measured = []
    located = date_ticks.located_ticks

    def measuring(axis, locator, rotation):
        measured.append(float(np.min(np.diff(tick_places(axis, locator())))))
        return located(axis, locator, rotation)

    monkeypatch.setattr(date_ticks, "located_ticks", measuring)
    ticks = axis_ticks(axis)
    assert len(ticks.shown_labels()) == 1, ticks  # no two labels fit: every candidate was measured
    assert measured, "the last resort measured nothing"
    assert [room for room in measured if room < LEAST_ROOM] == [], measured
