"""A chart's words say what it draws: bars cut at a y bound apart from bars lying beyond it."""
from __future__ import annotations

import pandas as pd
import pytest

from plots import parse_spec
from tests.test_bars_drawn import bar_chart, description, marked_places

MINUS = "\N{MINUS SIGN}"


# Bars cut at a y bound, and bars lying beyond it


@pytest.mark.parametrize(("kind", "values", "bounds", "words", "marks"), [
    # From zero up past ymax: drawn to the plot's top, their values above it.
    ("bar", [5.0, 20.0, 12.0], {"ymax": "10"}, "2 bars are cut off at ymax 10 (marked by triangles).", 2),
    # From zero down past ymin: drawn to the plot's foot.
    ("bar", [-3.0, -9.0, 4.0, 30.0], {"ymin": "-5"}, f"1 bar is cut off at ymin {MINUS}5 (marked by a triangle).", 1),
    ("barh", [-3.0, -9.0, 4.0, 30.0], {"ymin": "-5", "ymax": "10"},
     f"1 bar is cut off at ymin {MINUS}5 and 1 at ymax 10 (marked by triangles).", 2),
    # Under a plot of negative values only, bars from zero up lie wholly above it.
    ("bar", [-3.0, -9.0, 4.0, 30.0], {"ymin": "-5", "ymax": "-1"},
     f"1 bar is cut off at ymin {MINUS}5 and 2 lie above ymax {MINUS}1 (marked by triangles).", 3),
    ("bar", [5.0, 20.0, 30.0], {"ymin": "10", "ymax": "25"},
     "1 bar lies below ymin 10 and 1 is cut off at ymax 25 (marked by triangles).", 2),
    # Ending at zero on ymin=0, a bar from zero down draws no length in the plot: it lies below it.
    ("bar", [-3.0, -9.0, 4.0, 30.0], {"ymin": "0"}, "2 bars lie below ymin 0 (marked by triangles).", 2),
])
def test_bars_cut_at_a_bound_are_said_to_be_cut_and_bars_beyond_it_to_lie_there(kind, values, bounds, words,
                                                                                 marks):
    frame = pd.DataFrame({"k": list("abcdefgh"[: len(values)]), "v": values})
    spec = parse_spec({"kind": [kind], "x": ["k"], "y": ["v"], **{name: [value] for name, value in bounds.items()}},
                      {"k": "text", "v": "float"})
    said = description(spec, frame)
    assert said.endswith(words), said
    ax, _ = bar_chart(kind, values, **bounds)
    assert marked_places(ax) == marks  # each bar said is marked
