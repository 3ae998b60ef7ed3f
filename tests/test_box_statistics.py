"""What a box plot draws of each series, as README says: its median, its quartiles as the box
(between two values as numpy's and a spreadsheet's QUARTILE.INC find them), whiskers to the furthest
values within 1.5 times the box's height of it, and the values beyond them as outliers, those beyond
ymin or ymax counted in its words. That a source's database finds them so too: tests/test_paths_agree.py."""
from __future__ import annotations

import pytest

from plots import build_figure
from tests.frame_charts import frame_chart, words_of


def drawn_box(values: list) -> dict:
    """The y values of what a box plot of `values` draws: the box's lower and upper edge, the
    median line, the ends of the whiskers and the outliers."""
    ax = build_figure(*frame_chart("box", values), dpi=72).axes[0]
    drawn = [line for line in ax.lines if line.get_label().startswith("_")]  # not the ticks' lines
    lines = [line.get_ydata() for line in drawn if line.get_marker() != "o"]
    box = next(y for y in lines if len(y) == 5)  # the box's outline, closed
    caps_and_median = sorted({y[0] for y in lines if len(y) == 2 and y[0] == y[1]})
    fliers = sorted(v for line in drawn if line.get_marker() == "o" for v in line.get_ydata())
    return {"box": (min(box), max(box)), "flat lines": caps_and_median, "fliers": fliers}


@pytest.mark.parametrize(("values", "box", "flat_lines", "fliers"), [
    # Quartiles between values: of 1 to 4, a quarter of the way from 1 to 2 and three quarters from 3 to 4.
    ([1, 2, 3, 4], (1.75, 3.25), [1, 2.5, 4], []),
    # A box 1.25 to 3.75 reaches 3.75 below and above it: -50 and 100 lie beyond, the whiskers end at 1 and 4.
    ([1, 2, 3, 4, 100, -50], (1.25, 3.75), [1, 2.5, 4], [-50, 100]),
    ([1, 3], (1.5, 2.5), [1, 2, 3], []),
])
def test_a_box_is_its_quartiles_its_whiskers_within_one_and_a_half_boxes_and_its_outliers_beyond(
        values, box, flat_lines, fliers):
    drawn = drawn_box(values)
    assert drawn["box"] == pytest.approx(box)
    assert drawn["flat lines"] == pytest.approx(flat_lines)  # the lower cap, the median, the upper cap
    assert drawn["fliers"] == fliers


def test_a_box_of_one_value_is_a_line_at_it():
    drawn = drawn_box([5.0])
    assert drawn["box"] == (5.0, 5.0)
    assert drawn["flat lines"] == [5.0]
    assert drawn["fliers"] == []


@pytest.mark.parametrize(("fields", "said"), [
    ({"ymin": "0"}, "1 outlier of v lies below ymin 0, off the plot."),
    ({"ymin": "0", "ymax": "50"}, "1 outlier of v lies below ymin 0 and 1 of v above ymax 50, off the plot."),
    ({"ymax": "-10"}, "1 outlier of v lies above ymax −10, off the plot."),
])
def test_an_outlier_beyond_a_y_bound_is_counted_in_the_words(fields, said):
    assert words_of("box", [1, 2, 3, 4, 100, -50], **fields).endswith(said)


def test_outliers_within_the_y_bounds_are_not_counted_off_the_plot():
    # They are counted past the whiskers, as every box's outliers are (tests/test_box_words.py).
    assert "off the plot" not in words_of("box", [1, 2, 3, 4, 100, -50], ymin="-60", ymax="150")
    assert "off the plot" not in words_of("box", [1, 2, 3, 4, 100, -50])
