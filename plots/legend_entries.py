"""The artists that stand for a chart's series in its legend, marked so by the kind that draws them
(`series_entry`), and the legend's entries, those artists and their labels (`legend_entries`).

matplotlib's own `Axes.get_legend_handles_labels` leaves out every artist whose label begins with
"_", its mark of an artist of its own: a column `_a` was drawn, and the legend named only the
others. The series are named whatever their names; the kinds' other artists (a line's lone dots,
an area's fill, the marks beyond the bounds) are never entries, whatever their labels."""
from __future__ import annotations

from typing import TypeVar

from matplotlib.axes import Axes

# The attribute `series_entry` sets on an artist, holding the series' entry: the artist itself, or the
# one shown in its place. Not a registry by artist: the bars of a series are a BarContainer, a tuple,
# which cannot be weakly referred to.
_SERIES_ENTRY = "_svgplots_series_entry"

T = TypeVar("T")


def series_entry(artist: T, shown_as=None) -> T:
    """Mark `artist`, drawn with its series' legend label (`bound_notes.legend_label`), as the
    legend's entry of that series: a line, a scatter's points, a series' bars (their container)
    or a histogram's first bin. Returns it.

    `shown_as`, an artist drawn nowhere, with the same label, is the entry in its place where the
    legend is to show the series otherwise than `artist` draws it (a histogram's bin edged in the
    colour of a line drawn round its series' bins)."""
    setattr(artist, _SERIES_ENTRY, artist if shown_as is None else shown_as)
    return artist


def legend_entries(ax: Axes) -> tuple[list, list[str]]:
    """The legend's entries of the series drawn on `ax` (`series_entry`): their artists and labels,
    in the order matplotlib's legend takes artists (those of the axes as drawn, then containers). A
    kind that marks none (one registered elsewhere, written before the mark) has matplotlib's own
    entries, as it had: those whose label does not begin with "_"."""
    entries = (getattr(artist, _SERIES_ENTRY, None) for artist in (*ax.get_children(), *ax.containers))
    handles = [entry for entry in entries if entry is not None]
    if not handles:
        handles, labels = ax.get_legend_handles_labels()
        return list(handles), list(labels)
    return handles, [handle.get_label() for handle in handles]
