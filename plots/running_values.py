"""A line's or area's values as a rolling mean (`rolling=7`) or a running total (`cumulative=true`):
the values each field takes, the kinds that take them and the values drawn; the words that name them
are `values_titles`'.

Both are applied to the values the chart draws, each series apart: once rows are resampled and
combined (`resample`, `agg`), to the periods, else to the rows, in x order, within what the range and
the bounds choose. A line of more rows than it draws whole is thinned per pixel column (M4), in memory
and by a database alike, and a mean or a sum of the rows kept is not the rows': such a line is refused
(`running_thinned`) on every path, before or after its rows are read, by the same count."""
from __future__ import annotations

import pandas as pd

from .downsample import THIN_ABOVE_POINTS_PER_COLUMN
from .field_values import int_or_none, true_or_false
from .kind import Kind
from .kind_fields import kinds_taking, takes
from .percentiles import agg_plural
from .spec import ChartSpec, SpecError, or_list
from .values_titles import PERIODIC, PLURALS, is_running
from .x_window import neighbours_of

# How many points a rolling mean's window may hold: two at least (one is the value itself), a year of days at most.
MOST_POINTS = 365
ROLLING_TAKES = f"a whole number of points from 2 to {MOST_POINTS}, or none for the values as they are"
CUMULATIVE_TAKES = "true or false"
# The aggregates whose periods a running total adds up to a total of the rows so far.
ADDING_UP = ("sum", "count")
# The narrowest image of a chart wider than it that a page asks for, a phone's (`app.views.phone_charts.PHONE_WIDTH`).
NARROWEST_IMAGE = 360


def read_rolling(raw: str) -> int | None:
    """`rolling` as given: a whole number of points from 2 to MOST_POINTS, or None for `none`
    (undoing a dashboard chart's); raises SpecError saying what it takes."""
    return int_or_none("rolling", raw, 2, MOST_POINTS, "draws the values as they are")


def read_cumulative(raw: str) -> bool:
    """`cumulative` as given: true or false (any case; 1, yes, on and 0, no, off as a legend reads them)."""
    return true_or_false("cumulative", raw, CUMULATIVE_TAKES)


def running_refused(spec: ChartSpec, kind: Kind, agg_named: bool = True, inherited: bool = False) -> SpecError | None:
    """The error for `rolling` or `cumulative` on a kind that joins no values along x, for both at once
    (a running total of means adds up the same rows many times over), or for a running total of a
    resample's periods combined by an aggregate whose values do not add up (`agg` not in
    `ADDING_UP`: a total of weekly means totals nothing); None where it applies. `agg_named`: whether the
    request or the chart it changes may name the agg, else the refusal says it is the default; `inherited`:
    whether the running total is the dashboard chart's, which the refusal then says, with how to undo it."""
    if spec.rolling is None and not spec.cumulative:
        return None
    undo = "; the running total is the dashboard chart's: cumulative=false undoes it" if inherited else ""
    if spec.rolling is not None and spec.cumulative:
        return SpecError(f"rolling={spec.rolling} and cumulative=true do not go together: a running total of "
                         f"rolling means counts each value up to {spec.rolling} times; use one of them "
                         f"(rolling=none or cumulative=false){undo}", "cumulative")
    name, value = ("rolling", spec.rolling) if spec.rolling is not None else ("cumulative", "true")
    if not takes(kind, name):  # values joined along x, in x order (a line, an area)
        none = "rolling=none" if name == "rolling" else "cumulative=false"
        taking = kinds_taking(name)
        return SpecError(f"{name}={value} does not apply to kind={spec.kind}, which joins no values along x; it "
                         f"applies to {or_list(taking)} (use {none} with kind={spec.kind})", name)
    if spec.cumulative and spec.resample is not None and spec.agg not in ADDING_UP:
        plural = agg_plural(spec.agg, PLURALS)
        periods = f"{PERIODIC[spec.resample]} {plural}"
        default = "" if agg_named else " (the default)"
        return SpecError(f"cumulative=true does not go with agg={spec.agg}{default}: a running total of {periods} "
                         f"adds up {plural}, which totals nothing; a running total takes agg=sum (the "
                         f"total so far) or agg=count (the rows so far), or use cumulative=false to draw the "
                         f"{periods} (rolling=N for their rolling mean){undo}", "cumulative")
    return None


def running_thinned(spec: ChartSpec, rows: int, x_is_time: bool) -> SpecError | None:
    """The refusal of a rolling mean or running total of a line of `rows` rows (within its bounds),
    more than it draws whole (`THIN_ABOVE_POINTS_PER_COLUMN` a pixel column) at its width or, narrower,
    at a phone's (`NARROWEST_IMAGE`: every image of the chart a page asks for draws it whole, or none
    does): thinned per pixel column, its values would be a mean or a sum of the rows kept, not of its
    rows. A resample's periods are all read and passed: each is one point of the window. None where
    it is drawn whole."""
    if not is_running(spec) or spec.resample is not None:
        return None
    width = min(spec.width, NARROWEST_IMAGE)
    most = THIN_ABOVE_POINTS_PER_COLUMN * width
    if rows <= most:
        return None
    name, value = ("rolling", spec.rolling) if spec.rolling is not None else ("cumulative", "true")
    what = "mean" if spec.rolling is not None else "sum"
    # A running total of periods takes their sums (`running_refused`).
    resample = "resample=day" if spec.rolling is not None else "resample=day&agg=sum"
    ways = [f"add {resample} (or week, month …: one point a period)"] if x_is_time else []
    ways.append("narrow the range (from/to or xmin/xmax)" if x_is_time else "narrow it with xmin/xmax")
    shown = f"a chart {width} pixels wide" + (", as a phone shows it," if width < spec.width else "")
    return SpecError(f"{name}={value} needs every row of the line, and this one has {rows:,}, more than the "
                     f"{most:,} {shown} draws whole (it draws {THIN_ABOVE_POINTS_PER_COLUMN} a pixel column, and "
                     f"the {what} of those is not the {what} of the rows); {or_list(ways)}", name)


def running_values(data: pd.DataFrame, spec: ChartSpec) -> pd.DataFrame:
    """`data`, a line's rows or periods in x order, with each series (`spec.y`, but x) as its rolling
    mean or running total over the rows within its bounds; the row a line runs on to before xmin, if
    any, holds none (the window and the total begin at the range's first row), and the one after xmax
    goes on from the last within. A rolling mean draws no value for each series' first N−1 rows, and is
    the mean of the values present where some of its window's are missing (none where all are); a
    running total keeps a missing value missing and adds nothing for it."""
    if not is_running(spec) or data.empty:
        return data
    before = neighbours_of(data).before
    names = [name for name in dict.fromkeys(spec.y) if name in data.columns and name != spec.x]
    changed = {}
    for name in names:
        values = pd.to_numeric(data[name], errors="coerce").astype("float64").iloc[before:]
        if spec.rolling is not None:
            drawn = values.rolling(spec.rolling, min_periods=1).mean()
            drawn.iloc[:spec.rolling - 1] = float("nan")
        else:
            drawn = values.cumsum()  # a missing value stays missing, and adds nothing to those after it
        column = pd.Series(float("nan"), index=data.index)
        column.iloc[before:] = drawn.to_numpy()
        changed[name] = column
    marks = dict(data.attrs)
    rolled = data.assign(**changed)
    rolled.attrs.update(marks)
    return rolled
