"""A histogram at the smallest width keeps its tick labels within the figure, and its counts
beside a tall plot are written whole rather than in a power of ten written far above them."""
from __future__ import annotations

import numpy as np
import pandas as pd
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.text import Text

from plots import build_figure, chart_frame, parse_spec
from plots.ticks import TICK_SIZE


def drawn_tick_labels(values: np.ndarray, width: int, height: int) -> tuple[list[tuple[str, object]], object]:
    """The tick labels (and offset text) of a histogram of `values`, each with its drawn extent, and
    the figure's box."""
    spec = parse_spec({"kind": ["hist"], "y": ["v"], "width": [str(width)], "height": [str(height)]},
                      {"v": "float"})
    fig = build_figure(spec, chart_frame(spec, pd.DataFrame({"v": values})), dpi=72)
    renderer = FigureCanvasAgg(fig).get_renderer()
    fig.draw(renderer)
    labels = [(t.get_text(), t.get_window_extent(renderer)) for t in fig.artists
              if isinstance(t, Text) and t.get_text() and t.get_fontsize() == TICK_SIZE]
    return labels, fig.bbox


def test_the_last_x_label_of_a_narrow_histogram_ends_within_the_figure():
    # A plot kept at its least width beside wide y labels bore "1020" a point past the edge.
    values = np.random.default_rng(0).uniform(1010, 1020, 3000)
    labels, figure = drawn_tick_labels(values, 100, 100)
    assert "1020" in [text for text, _ in labels]
    for text, box in labels:
        assert figure.x0 <= box.x0 and box.x1 <= figure.x1, (text, box.x1, figure.x1)


def test_the_counts_beside_a_tall_narrow_histogram_are_written_whole():
    # Written "0.00" to "1.75" under a "1e3" some 1,400 points above the lowest of them.
    values = np.random.default_rng(0).uniform(1000, 1020, 35000)
    labels, figure = drawn_tick_labels(values, 100, 2000)
    texts = [text for text, _ in labels]
    assert not any("e" in text for text in texts), texts
    assert "1000" in texts and "1750" in texts, texts
    for text, box in labels:
        assert figure.x0 <= box.x0 and box.x1 <= figure.x1, (text, box.x1, figure.x1)
