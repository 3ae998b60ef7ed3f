"""The `Kind` record: what one chart kind draws, which fields it takes and how its axes read.

Every part of the engine that treats kinds differently (spec validation, data shaping, limits,
axis titles, legend, alt text) asks the kind's record, so adding a kind is one `register_kind`
call. This module imports nothing of the engine: `spec` needs the registry to validate `kind=`,
and the records, registered in `kinds`, need `spec`.
"""
from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Literal

if TYPE_CHECKING:
    import pandas as pd
    from matplotlib.axes import Axes

    from .spec import ChartSpec

DrawFn = Callable[["Axes", "pd.DataFrame", "ChartSpec"], None]
# Fits what a kind drew on the Axes, laid out, to the device pixels of a raster image (PNG); takes
# the kind's `horizontal`.
FitFn = Callable[["Axes", bool], object]

# What a kind's x axis holds (for a `horizontal` kind, the axis down the side, as in barh):
XAxis = Literal[
    "x",           # the x column on a continuous axis: rows sorted by x (line, area, scatter)
    "categories",  # the x column's values as categories at 0, 1, …: repeated x grouped by `agg` (bar)
    "values",      # the y columns' values, counted on the y axis; the x column is not used (hist)
    "series",      # one position per y column; the x column is not used (box)
]
# What xmin and xmax do: choose the rows by their x ("rows"), or bound the values along the x axis
# ("values", a histogram's bins); None: the kind refuses them.
XBounds = Literal["rows", "values"]


@dataclass(frozen=True)
class Kind:
    """One chart kind: its drawing function and what it accepts.

    How the engine treats the kind follows from these fields:
    - data: with `x_axis` "x" or "categories" the x column places the rows: rows without an x are
      dropped, x bounds and `resample` apply; "x" sorts the rows by x; "categories" groups
      repeated x by `agg` and caps the number of categories.
    - limits: "x" sets both axes from the bounds; "categories" and "series" set only the value
      axis from `ymin`/`ymax` (across when `horizontal`); "values" sets its count axis from them
      (x bounds chose the bins).
    - axis titles: the x column along the category axis and the series' name along the value
      axis; "values": the series' names and "count"; "series": none.
    - alt text: "<label> of <series> by <x>" with the x range (first and last category for
      "categories"); "values" and "series": "<label> of <series>" with each series' range.
    """

    name: str  # as in kind=<name>
    label: str  # what the alt text calls it: "Line chart"
    # Draws the chart's data (as chart_frame shaped it) into the Axes; the legend names the artists it
    # marks as its series' (`legend_entries.series_entry`), by their labels.
    draw: DrawFn
    x_axis: XAxis = "x"
    horizontal: bool = False  # the value axis runs across and categories go down (barh)
    series: bool = False  # points joined along x: runs edge to edge (its draw function thins it per pixel)
    filled: bool = False  # filled from zero (an area): a value axis fitted to part of its values keeps zero
    legend: bool = True  # whether a legend of the series is drawn (box plots name theirs on the axis)
    x_bounds: XBounds | None = "rows"
    resample: bool = True  # whether it accepts resample= (needs x to hold dates)
    bins: bool = False  # whether it accepts bins=
    log_values: bool = True  # whether it accepts yscale=log (an area fills from 0, a histogram counts)
    stacks: bool = False  # whether it accepts stack=stacked or percent (bars and areas stand on one another)
    fit_to_pixels: FitFn | None = None  # for a PNG: bars' sides onto whole pixels (`fit_bars_to_pixels`)

    def __post_init__(self) -> None:
        if self.x_bounds == "rows" and not self.uses_x:
            raise ValueError(f"kind {self.name!r}: x bounds choose rows by x, but its x axis holds {self.x_axis}")
        if self.x_bounds == "values" and self.x_axis != "values":
            raise ValueError(f"kind {self.name!r}: x bounds bound values, but its x axis holds {self.x_axis}")
        if self.resample and not self.uses_x:
            raise ValueError(f"kind {self.name!r}: resample groups rows by x, but its x axis holds {self.x_axis}")

    @property
    def uses_x(self) -> bool:
        """Whether the x column places the values (and so x bounds and resample can choose rows)."""
        return self.x_axis in ("x", "categories")

    @property
    def categorical(self) -> bool:
        """Whether x values are categories: repeated ones grouped by `agg`, their number capped."""
        return self.x_axis == "categories"

    @property
    def sorted_by_x(self) -> bool:
        """Whether rows are drawn in the order of x."""
        return self.x_axis == "x"

    @property
    def values_on_x(self) -> bool:
        """Whether the x axis holds the y columns' values (so x bounds are numbers whatever x holds)."""
        return self.x_axis == "values"


CHART_KINDS: dict[str, Kind] = {}


def register_kind(kind: Kind) -> Kind:
    """Add `kind` to the registry under its name; raises ValueError when the name is taken."""
    if kind.name in CHART_KINDS:
        raise ValueError(f"a chart kind named {kind.name!r} is registered already")
    CHART_KINDS[kind.name] = kind
    return kind


def kind_of(spec: ChartSpec) -> Kind:
    """The record of `spec.kind`; raises KeyError for a kind that is not registered."""
    return CHART_KINDS[spec.kind]


def kind_names() -> tuple[str, ...]:
    """The names of the registered kinds, in the order they were registered."""
    return tuple(CHART_KINDS)
