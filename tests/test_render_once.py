"""What a render works out once, though drawing the chart and describing it both read it."""
from __future__ import annotations

import importlib

import numpy as np
import pandas as pd

from plots import parse_spec, render_svg

words = importlib.import_module("plots.bound_words")
notes = importlib.import_module("plots.bound_notes")


def test_values_beyond_the_y_bounds_are_looked_for_once_per_render(monkeypatch):
    passes = []

    def counted(lowest, highest, spec):
        passes.append(len(lowest))
        return beyond_bounds(lowest, highest, spec)

    beyond_bounds = words.beyond_bounds
    for module in (words, notes):
        monkeypatch.setattr(module, "beyond_bounds", counted)
    frame = pd.DataFrame({"t": np.arange(1000), "v": np.linspace(0.0, 10.0, 1000)})
    spec = parse_spec({"x": ["t"], "y": ["v"], "ymin": ["20"]}, {"t": "int", "v": "float"})
    svg = render_svg(spec, frame).decode()
    assert svg.count("All values lie below ymin 20") == 2  # drawn over the plot, and in the description
    assert passes == [1000]
