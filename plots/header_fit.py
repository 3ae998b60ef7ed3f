"""How the header over a small chart's plot and the labels around the plot give way to one another:
the plot keeps its least height under them all (`layout.header_room`)."""
from __future__ import annotations

import math

from .header import least_rooms
from .layout import LABEL_ABOVE_TICK, LABELS_SHARE, header_room, text_size
from .spec import ChartSpec
from .ticks import TICK_SIZE, AxisTicks, tick_places


def turned_names_room(ax, spec: ChartSpec, fig_h: float, xlabel: str, yticks: AxisTicks) -> tuple[float, str]:
    """How long in points turned x tick labels (names) may be, and the x axis title, for the plot
    to keep its least height under as much of the header as they can leave room for.

    Turned, the names of a small bar chart took the room of its title and legend, and the chart
    drew neither (bars in colours that nothing named). They give way first, down to a letter and
    "…"; where that is not enough for the header's least (`least_rooms`), the x axis title gives
    way too: the names under the axis say what it holds.
    """
    most = fig_h * LABELS_SHARE
    least = text_size("W…", TICK_SIZE)[0]
    rooms = least_rooms(ax, spec, fig_h)
    for label in (xlabel, ""):
        free = header_room(fig_h, label, AxisTicks(), yticks)
        for needed in rooms:
            if free - needed >= least:
                return min(most, free - needed), label
    return most, xlabel


def x_title_gives_way(ax, spec: ChartSpec, fig_h: float, xlabel: str, xticks: AxisTicks | None = None,
                      yticks: AxisTicks | None = None) -> bool:
    """Whether the x axis title `xlabel` is left out for the header: without it the header says
    more (a line of the title and a row of the legend, else a line of the title: `least_rooms`)
    than with it, above `xticks` and `yticks` (None before they are known, as `header_room` counts).

    The tick labels under the axis say what it holds; a chart without its title says nothing of
    what it shows (a y offset, "1e8", took the title of a short chart that kept its "year"), and
    one without its legend draws several series in colours nothing names."""
    rooms = least_rooms(ax, spec, fig_h)
    return bool(xlabel and rooms) and (_fullest(rooms, header_room(fig_h, "", xticks, yticks))
                                       < _fullest(rooms, header_room(fig_h, xlabel, xticks, yticks)))


def says_as_much(ax, spec: ChartSpec, fig_h: float, less: float, more: float) -> bool:
    """Whether a header `less` points high says as much as one `more` points high (`least_rooms`)."""
    rooms = least_rooms(ax, spec, fig_h)
    return _fullest(rooms, less) == _fullest(rooms, more)


def _fullest(rooms: list[float], free: float) -> int:
    """The place in `rooms` (`least_rooms`) of the fullest header that `free` points hold (their count: none)."""
    return next((place for place, room in enumerate(rooms) if room <= free), len(rooms))


def highest_y_label(ax, yticks: AxisTicks, fig_h: float) -> float:
    """How far in points from the figure's top edge the highest of `yticks`' labels reaches (inf: none)."""
    places = tick_places(ax.yaxis, [loc for loc, label in zip(yticks.locs, yticks.labels) if label])
    if not len(places) or yticks.rotation % 180 != 0:
        return math.inf
    return fig_h - places.max() - LABEL_ABOVE_TICK
