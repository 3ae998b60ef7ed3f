"""Where along the value axis each bar or box of a chart lies (`mark_spans`): a bar from zero to its
value, a histogram's bar to the count of its bin, a box between the ends of its whiskers. Both the
marks beyond the y bounds (`bound_marks`) and the words saying them read it, and so does a stack's
spans (`stacking`), which the style and its date axis lie under."""
from __future__ import annotations

import numpy as np
import pandas as pd
from matplotlib import cbook

from .kind import kind_of
from .rows import MarkSpans, bins_of, drawn_of, mark_spans_of, with_mark_spans
from .spec import ChartSpec


def mark_spans(spec: ChartSpec, frame: pd.DataFrame) -> MarkSpans | None:
    """Where along the value axis each bar or box of a chart of `frame` (as `chart_frame` shaped
    it) lies (`MarkSpans`): a bar from zero to its value, a histogram's bar from zero to the count
    of its bin (an empty bin is no bar), a box from the end of its lower whisker to that of its
    upper one (its outliers aside). None for kinds that draw neither, or a histogram without bins.

    Worked out once per frame and kept on it (`with_mark_spans`): a histogram's counts and a box
    plot's statistics pass over every value, and both drawing the marks and describing those
    beyond the y bounds read them.
    """
    x_axis = kind_of(spec).x_axis
    key = (x_axis, tuple(spec.y))
    kept = mark_spans_of(frame)
    if kept is not None and kept.key == key:
        return kept
    stats: tuple[dict, ...] = ()
    if x_axis == "categories":
        values = [frame[name].to_numpy(dtype=float, na_value=np.nan) for name in spec.y]
        lowest = [np.minimum(v, 0.0) for v in values]  # a missing value (NaN, which both keep) is no bar
        highest = [np.maximum(v, 0.0) for v in values]
    elif x_axis == "values":
        edges = bins_of(frame)
        if edges is None:
            return None
        highest = [np.where(counts > 0, counts, np.nan) for counts in _bin_counts(frame, spec, edges)]
        lowest = [np.zeros(len(counts)) for counts in highest]
    elif x_axis == "series":
        stats = _box_stats(_box_columns(frame, spec), list(spec.y))
        lowest = [np.array([s["whislo"]], dtype=float) for s in stats]
        highest = [np.array([s["whishi"]], dtype=float) for s in stats]
    else:
        return None
    for ends in (*lowest, *highest):
        ends.flags.writeable = False  # shared by every copy of the frame
    spans = MarkSpans(key, tuple(lowest), tuple(highest), stats)
    with_mark_spans(frame, spans)
    return spans


def _bin_counts(frame: pd.DataFrame, spec: ChartSpec, edges: np.ndarray) -> list[np.ndarray]:
    """How many values of each y column each bin counts: as a database counted them, or counted here."""
    if drawn_of(frame) is not None:  # counts per bin
        return [frame[name].to_numpy(dtype=float) for name in spec.y]
    return [np.histogram(frame[name].dropna().to_numpy(dtype=float), bins=edges)[0].astype(float)
            for name in spec.y]


def _box_columns(frame: pd.DataFrame, spec: ChartSpec) -> list[np.ndarray]:
    return [frame[name].dropna().to_numpy(dtype=float) for name in spec.y]


# Box statistics of values up to this magnitude stay within a double: a quartile between two values
# (their difference), the whiskers' reach (a quartile and 1.5 times the box's height) and the notches.
BOX_STATS_MAGNITUDE = np.finfo(np.float64).max / 8


def _box_stats(columns: list[np.ndarray], labels: list[str]) -> tuple[dict, ...]:
    """matplotlib's box statistics of each of `columns` (`cbook.boxplot_stats`).

    Of values beyond BOX_STATS_MAGNITUDE they are worked out an eighth of their size and scaled
    back, exactly (a power of two): as they are, a quartile between -1.7e308 and 1.7e308 would be
    infinite, and so the box. Their mean may overflow all the same (many values near the largest
    double), and is not drawn; so may the box's height and its notches scaled back.
    """
    huge = [len(values) > 0 and np.max(np.abs(values)) > BOX_STATS_MAGNITUDE for values in columns]
    with np.errstate(over="ignore"):
        stats = cbook.boxplot_stats([np.ldexp(values, -3) if scaled else values
                                     for values, scaled in zip(columns, huge)], labels=labels)
        for column_stats, scaled in zip(stats, huge):
            if scaled:
                column_stats.update({key: np.ldexp(value, 3) for key, value in column_stats.items() if key != "label"})
    return tuple(stats)
