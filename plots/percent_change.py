"""A line's or area's values as their percent change since the first value drawn (`change=percent`):
the field read (its values, `spec.CHANGES`, and whether a spec asks it, `spec.is_changed`, which the
value axis' unit asks too), the charts that take it and the values drawn; the words that name them are
`values_titles`'.

Each series is drawn as (v / base − 1) × 100, its base its value at the first x the chart draws a value
at within its range and bounds (after `resample` and `agg`, and after `rolling` or `cumulative`: the
values drawn), so that every line starts at 0 % together. The row a line runs on to beyond a bound is
changed by the same base, and it is never the base. A series whose base is missing, 0 or below has no
percent change: the chart is refused (422) naming it, never drawn from another base. A per-series scaling
by a base above 0 keeps the rows a pixel column's thinning (M4) chooses, and the range's first row is
one of them: a thinned line is drawn alike on every path."""
from __future__ import annotations

from urllib.parse import quote

import pandas as pd

from .kind import Kind
from .kind_fields import kinds_taking, takes
from .said_values import XWords, value_said
from .series_split import split_of
from .unit_ticks import unit_before_change, with_unit
from .spec import CHANGES, ChartSpec, SpecError, is_changed, or_list
from .stacking import NO_STACK
from .text import listed_value
from .values_titles import SINCE_KEY
from .x_window import neighbours_of

CHANGE_TAKES = "percent (each series' percent change since the first value drawn) or none for the values as they are"


def read_change(raw: str) -> str:
    """`change` as given, in any case: percent, or none (undoing a dashboard chart's); raises SpecError
    saying what it takes."""
    value = raw.strip().lower()
    if value in CHANGES:
        return value
    raise SpecError(f"change must be {CHANGE_TAKES}, got {listed_value(raw)}", "change")


def change_refused(spec: ChartSpec, kind: Kind) -> SpecError | None:
    """The error for `change=percent` on a kind that joins no values along x, stacked (a stack of
    percent changes adds up nothing) or on a log value axis (a change crosses 0); None where it applies."""
    if not is_changed(spec):
        return None
    if not takes(kind, "change"):
        taking = kinds_taking("change")
        return SpecError(f"change=percent does not apply to kind={spec.kind}, which joins no values along x; it "
                         f"applies to {or_list(taking)} (use change=none with kind={spec.kind})", "change")
    if spec.stack != NO_STACK and (len(spec.y) > 1 or spec.series is not None):  # one series draws as alone
        return SpecError(f"change=percent does not go with stack={spec.stack}: percent changes of several series "
                         f"stacked on one another add up to nothing; use stack=none with change=percent, or "
                         f"change=none", "change")
    if spec.yscale == "log":
        return SpecError("change=percent does not go with yscale=log: a percent change starts at 0 and falls below "
                         "it, which a log scale holds nowhere; use yscale=linear with change=percent, or "
                         "change=none", "change")
    return None


def percent_changes(data: pd.DataFrame, spec: ChartSpec) -> pd.DataFrame:
    """`data`, a line's rows or periods in x order, with each series (`spec.y`, but x) as its percent
    change since its base, its value at the first x within the bounds where any series is drawn (the
    row before xmin a line runs on to is never the base), marked with that x (`change_since`); raises
    SpecError (422) naming each series whose base is missing, 0 or below. Rows within the bounds of no
    value leave every series without one."""
    if not is_changed(spec) or data.empty:
        return data
    neighbours = neighbours_of(data)
    names = [name for name in dict.fromkeys(spec.y) if name in data.columns and name != spec.x]
    values = {name: pd.to_numeric(data[name], errors="coerce").astype("float64") for name in names}
    within = range(neighbours.before, len(data) - neighbours.after)
    first = next((row for row in within if any(pd.notna(column.iloc[row]) for column in values.values())), None)
    marks = dict(data.attrs)
    if first is None:  # nothing drawn within the bounds: nothing to change, nor a line through them
        changed = data.assign(**{name: float("nan") for name in names})
        changed.attrs.update(marks)
        return changed
    since = XWords(spec, data).at(first)  # as the chart's words say an x, "2024-01-02", "2024-03" of a month
    bases = {name: column.iloc[first] for name, column in values.items()}
    refused = [(name, base) for name, base in bases.items() if not base > 0]
    if refused:
        split = split_of(data)
        raise base_refused([(name, base, unit_before_change(spec, data, name)) for name, base in refused], since, spec,
                           split.column if split is not None else None)
    changed = data.assign(**{name: (column / bases[name] - 1) * 100 for name, column in values.items()})
    changed.attrs.update(marks)
    changed.attrs[SINCE_KEY] = since
    return changed


def base_refused(refused: list[tuple[str, float, str | None]], since: str, spec: ChartSpec,
                 split_by: str | None = None) -> SpecError:
    """The 422 of percent changes whose bases (each series' name, value at `since` and the unit it is in,
    `unit_ticks.unit_before_change`) are missing, 0 or below: no percent change of them is drawn from another.
    A chart split by the column `split_by` leaves series out by a filter on it, as a y's are left out of y."""
    said = [f"{listed_value(name)} {'has no value' if pd.isna(base) else 'is ' + with_unit(value_said(base), unit)} "
            f"there" for name, base, unit in refused]
    leave_out = (f"choose the series to draw with filter.{quote(split_by, safe='')}" if split_by is not None
                 else "leave those series out of y")
    return SpecError(f"change=percent takes each series' change since its value at the first {spec.x or 'row'} "
                     f"drawn, {since}, which must be above 0, and {'; '.join(said)}: there is no percent change "
                     f"from a missing, zero or negative value; start the range where each series has a value above "
                     f"0 (from/to or xmin/xmax), {leave_out}, or use change=none", "change", status=422)
