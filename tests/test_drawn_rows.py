"""Rows a store computed for a chart (`plots.rows`): drawn as they are, counted as what they stand for."""
from __future__ import annotations

import pickle

import numpy as np
import pandas as pd
import pytest

from plots import chart_frame, describe, parse_spec, render_svg
from plots.rows import Drawn, as_drawn, drawn_of, rows_of

COLUMNS = {"t": "float", "a": "float", "b": "float"}


@pytest.fixture
def frame() -> pd.DataFrame:
    rng = np.random.default_rng(1)
    frame = pd.DataFrame({"t": np.arange(5000.0), "a": rng.normal(size=5000).round(1), "b": rng.normal(1, 2, 5000)})
    frame.loc[3, "a"] = np.nan
    return frame


def counts_per_bin(spec, frame: pd.DataFrame) -> pd.DataFrame:
    """What a database answers for a histogram: the bins draw_hist makes, and the counts in them."""
    values = [frame[n].dropna().to_numpy() for n in spec.y]
    lo = min(v.min() for v in values) if spec.xmin is None else spec.xmin
    hi = max(v.max() for v in values) if spec.xmax is None else spec.xmax
    edges = np.linspace(lo, hi, spec.bins + 1)
    counts = pd.DataFrame({n: np.histogram(frame[n].dropna(), bins=edges)[0] for n in spec.y})
    # The rows and ranges of the values the bins count, and how many values lie outside them.
    inside = {n: frame[n].between(edges[0], edges[-1]) for n in spec.y}
    rows = int(np.logical_or.reduce(list(inside.values())).sum())
    ranges = tuple((n, float(frame[n][inside[n]].min()), float(frame[n][inside[n]].max())) for n in spec.y)
    outside = tuple((n, int((frame[n] < edges[0]).sum()), int((frame[n] > edges[-1]).sum())) for n in spec.y)
    return as_drawn(counts, Drawn(rows=rows, bins=tuple(edges), ranges=ranges, outside=outside))


@pytest.mark.parametrize("fields", [{"y": ["a"]}, {"y": ["a,b"], "bins": ["37"]},
                                    {"y": ["a"], "xmin": ["-1"], "xmax": ["1.5"]}])
def test_a_histogram_from_counts_per_bin_has_the_bytes_and_words_of_one_from_the_values(frame, fields):
    spec = parse_spec({"kind": ["hist"], **fields}, COLUMNS)
    counts = counts_per_bin(spec, frame)
    assert render_svg(spec, counts) == render_svg(spec, frame)
    assert describe(spec, counts) == describe(spec, chart_frame(spec, frame))


def test_computed_rows_are_not_shaped_again(frame):
    spec = parse_spec({"kind": ["line"], "y": ["a"], "xmin": ["100"]}, COLUMNS)
    computed = as_drawn(frame.iloc[::-1].reset_index(drop=True), Drawn(rows=123_456))
    assert chart_frame(spec, computed) is computed  # not cut to xmin, not sorted
    assert len(chart_frame(spec, frame.copy())) == 4900


def test_the_alt_text_counts_the_rows_computed_rows_stand_for(frame):
    spec = parse_spec({"kind": ["line"], "y": ["a"]}, COLUMNS)
    thinned = as_drawn(frame.iloc[[0, 10, 4999]].reset_index(drop=True), Drawn(rows=5000))
    assert rows_of(thinned) == 5000 and rows_of(frame) == 5000
    assert "5000 rows" in describe(spec, thinned)[1]


def test_the_mark_travels_with_the_frame_to_a_render_worker(frame):
    marked = as_drawn(frame.head(3).copy(), Drawn(rows=10, bins=(0.0, 1.0)))
    assert drawn_of(pickle.loads(pickle.dumps(marked))) == Drawn(rows=10, bins=(0.0, 1.0))
    assert drawn_of(frame) is None
