"""The chart fields some kinds take no value of but their default (which every kind takes), and which
kinds take one: a gap, a rolling mean, a running total or a percent change joins values along x (a line,
an area), sort and top rank categories (bars), an xline marks an x axis of the rows' x, a log scale suits
a value axis that is neither filled from 0 (an area) nor counts (a histogram), a resample groups rows by
their x, x bounds choose rows or bins (a box plot has neither).

One rule for a dashboard chart's own value of such a field under a kind its URL asks for that takes none
of it: it is left out, the chart drawn as one of that kind is without it (`kind=line` on a ranking of bars
draws every row as a line), where the URL's own is refused, naming the kinds that take it. A chart page's
links are written over the dashboard's chart so left (`without_untaken`), and name none of it; its form,
and the refusal of each field here under a kind that takes none of it (a sort or top, a stack, a gap, a
rolling mean or running total, a percent change, an xline, a log scale, a resample, x bounds), ask which
kind takes what here too (`takes`), so that what the form drops and what a URL is refused agree.
"""
from __future__ import annotations

import dataclasses
from collections.abc import Callable, Collection

from .kind import CHART_KINDS, Kind
from .spec import ChartSpec

# Each such field, and whether a kind takes a value of it other than its default.
KIND_TAKES: dict[str, Callable[[Kind], bool]] = {
    "sort": lambda kind: kind.categorical,
    "top": lambda kind: kind.categorical,
    "stack": lambda kind: kind.stacks,
    "gap": lambda kind: kind.series,
    "rolling": lambda kind: kind.series,
    "cumulative": lambda kind: kind.series,
    "change": lambda kind: kind.series,
    "xline": lambda kind: kind.x_axis == "x",
    "yscale": lambda kind: kind.log_values,
    "resample": lambda kind: kind.resample,
    "xmin": lambda kind: kind.x_bounds is not None,
    "xmax": lambda kind: kind.x_bounds is not None,
}


def takes(kind: Kind, name: str) -> bool:
    """Whether `kind` takes a value of the field `name` of `KIND_TAKES` other than its default."""
    return KIND_TAKES[name](kind)


def kinds_taking(name: str, written: str = "kind=") -> list[str]:
    """The kinds that take a value of the field `name` of `KIND_TAKES` other than its default, each written
    after `written` (`kind=line`), as a refusal names them."""
    return [f"{written}{kind_name}" for kind_name, kind in CHART_KINDS.items() if takes(kind, name)]


def untaken_by(kind: Kind) -> tuple[str, ...]:
    """The fields of `KIND_TAKES` that `kind` takes no value of but the default."""
    return tuple(name for name, taken in KIND_TAKES.items() if not taken(kind))


def without_untaken(spec: ChartSpec, kind: Kind, given: Collection[str] = ()) -> ChartSpec:
    """`spec` with each field `kind` takes none of (`untaken_by`) as a ChartSpec has it by default, but
    those a request `given` names itself: a dashboard chart's own under a kind its URL asks for, left
    out, where the URL's own is left for its check to refuse."""
    default = ChartSpec()
    left = {name: getattr(default, name) for name in untaken_by(kind)
            if name not in given and getattr(spec, name) != getattr(default, name)}
    return dataclasses.replace(spec, **left) if left else spec
