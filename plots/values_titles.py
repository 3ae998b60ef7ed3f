"""The words naming what a chart draws of a series, which its value axis, its words, its data's
headers and a page's table all say alike: "v" as each row holds it, "mean of v" where rows were
combined into its values (`combined_by`), "7-point mean of v" or "running total of v" where it draws
them rolled or summed (`is_running`), and "% change of v since 2024-01-02" where it draws their
percent change (`change_since`), each told by the spec and the marks the chart's frame carries."""
from __future__ import annotations

import pandas as pd

from .percentiles import agg_plural, agg_words
from .rows import mark_of
from .spec import ChartSpec, is_changed

# Each aggregate's values named together, as the values a rolling mean or running total is taken of
# ("4-week mean of weekly means of v").
PLURALS = {"mean": "means", "sum": "sums", "min": "least values", "max": "greatest values", "median": "medians",
           "count": "counts"}
# Each resample's periods as an adjective: what a period's aggregate is ("weekly sums").
PERIODIC = {"hour": "hourly", "day": "daily", "week": "weekly", "month": "monthly", "quarter": "quarterly",
            "year": "yearly"}

# Where the rows of a bar chart whose categories were combined (`with_categories_combined`) carry
# the aggregate that combined them.
COMBINED_KEY = "svgplots.combined"
# The mark of a chart's frame holding the x its percent changes are taken since, as its words say it.
SINCE_KEY = "change_since"


def combined_by(spec: ChartSpec, frame: pd.DataFrame) -> str | None:
    """The aggregate (`mean`, `sum` …) whose results a chart of `frame` (as `chart_frame` shaped it)
    draws as its values, where rows were combined into them: a resample's periods, and the bars of
    categories given more than once or counted (`with_categories_combined`); None where each value
    is a row's own."""
    if spec.resample is not None or mark_of(frame, COMBINED_KEY, str) == spec.agg:
        return spec.agg
    return None


def change_title(title: str, since: str | None) -> str:
    """The words of values `title` names ("close", "7-point mean of close", "" over several series) as
    their percent change since the x `since` (as the words say it): "% change of close since 2024-01-02"."""
    changed = f"% change of {title}" if title else "% change"
    return f"{changed} since {since}" if since else changed


def change_since(data: pd.DataFrame) -> str | None:
    """The x a chart of `data` (as `percent_changes` made it) takes its percent changes since, as its
    words say it; None for a chart of no percent change or of no value within its bounds."""
    since = data.attrs.get(SINCE_KEY)
    return since if isinstance(since, str) else None


def is_running(spec: ChartSpec) -> bool:
    """Whether a chart of `spec` draws rolling means or running totals of its values."""
    return spec.rolling is not None or spec.cumulative


def values_title(spec: ChartSpec, agg: str | None, name: str, since: str | None = None) -> str:
    """What a chart of `spec` draws of the series `name` (empty for several series), in words, and as
    their percent change since the x `since` where it draws them so (`percent_change`): "% change of 7-point
    mean of v since 2024-01-08" (`_drawn_title` says the rest)."""
    title = _drawn_title(spec, agg, name)
    return change_title(title, since) if is_changed(spec) else title


def value_axis_title(spec: ChartSpec, agg: str | None, names: str, since: str | None = None) -> str:
    """The value axis title of a chart of several series (`names`, the names of up to 3 of them joined, empty
    past them) that draws what it makes of their values: "sum of revenue, cost" where rows were combined,
    as one series' is titled "sum of revenue", rather than "sum", which says what of nothing; "sum" alone past 3
    series, as a histogram's value axis names up to 3, the legend naming them all. Empty where it draws their
    values as the rows hold them, which the legend names."""
    title = values_title(spec, agg, "", since)
    return values_title(spec, agg, names, since) if title and names else title


def _drawn_title(spec: ChartSpec, agg: str | None, name: str) -> str:
    """What a chart of `spec` draws of the series `name` (empty for several series), in words: the value
    axis, the alt text, the chart's data columns and a page's table all name the values so. "v" as each
    row holds it; "mean of v" where rows were combined by `agg` into them (`combined_by`), "mean"
    over several series; where a chart draws them rolled or summed (`is_running`), "7-point mean of v",
    "running total of v", and of a resample's periods "4-week mean of weekly means of v" (a point is a
    period, and what each holds is said, a mean or a sum), over several series "7-point mean" and
    "4-week mean of weekly sums"."""
    if not is_running(spec):
        return name if agg is None else f"{agg_words(agg)} of {name}" if name else agg_words(agg)
    measure = name
    if agg is not None:
        plural = agg_plural(agg, PLURALS)
        periods = f"{PERIODIC[spec.resample]} {plural}" if spec.resample is not None else plural
        measure = f"{periods} of {name}" if name else periods
    if spec.rolling is not None:
        point = spec.resample or "point"
        return f"{spec.rolling}-{point} mean of {measure}" if measure else f"{spec.rolling}-{point} mean"
    return f"running total of {measure}" if measure else "running total"
