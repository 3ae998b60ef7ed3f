"""A new Figure with one empty ChartAxes, unpickled from one built before."""
from __future__ import annotations

import functools
import gc
import pickle
import types
import weakref

from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure
from matplotlib.transforms import TransformNode

from .axis_offset import WholeOffsetFormatter
from .chart_artists import ChartAxes
from .tick_artists import place_spines


# Neither transforms nor holding any: code leads to its module's globals, and from there everywhere.
_NOT_FOLLOWED = (type, weakref.ref, types.FunctionType, types.BuiltinFunctionType, types.ModuleType, str, bytes, int,
                 float)


def _transform_nodes(root) -> list[TransformNode]:
    """Every transform and bounding box reachable from `root`, parents met only through a child's
    weak references included (pickling keeps those)."""
    found: list[TransformNode] = []
    seen: set[int] = set()
    stack = [root]
    while stack:
        item = stack.pop()
        if id(item) in seen or isinstance(item, _NOT_FOLLOWED):
            continue
        seen.add(id(item))
        if isinstance(item, TransformNode):
            found.append(item)
            stack.extend(parent for parent in (ref() for ref in item._parents.values()) if parent is not None)
        stack.extend(gc.get_referents(item))
    return found


@functools.lru_cache(maxsize=8)
def _blank_figure_bytes(dpi: float) -> bytes:
    fig = Figure(figsize=(6.4, 3.6), dpi=dpi)
    ax = fig.add_axes((0.1, 0.1, 0.8, 0.8), axes_class=ChartAxes)
    place_spines(ax)
    for axis in (ax.xaxis, ax.yaxis):
        # Numbers are labelled from an offset written whole; dates and names still get their
        # converter's formatter, which replaces a default one.
        axis.set_major_formatter(WholeOffsetFormatter())
        axis.isDefault_majfmt = True
    # The transforms are pickled with the figure, so that each copy can find its own (see
    # `_rekey_parents`).
    return pickle.dumps((fig, _transform_nodes(fig)), protocol=pickle.HIGHEST_PROTOCOL)


def _rekey_parents(node: TransformNode) -> None:
    """Key `node`'s parents by their own ids, as matplotlib does for a transform built anew.

    matplotlib invalidates a transform's dependents through `_parents`, a dict keyed by each
    dependent's id, and unpickling keeps the keys of the pickled objects. Those ids are freed with
    the objects, so a transform made later (a tick label's, while drawing) may get one: registering
    as a dependent replaces the copy's entry, and dying removes it. The copy then misses
    invalidations: a bar chart's ticks and grid were once drawn where the axes were before the
    layout moved them.
    """
    parents: dict[int, weakref.ref] = {}
    for ref in node._parents.values():
        parent = ref()
        if parent is not None:
            parents[id(parent)] = weakref.ref(parent, lambda _, pop=parents.pop, key=id(parent): pop(key, None))
    node._parents = parents


def blank_figure(width: float, height: float, dpi: float) -> tuple[Figure, ChartAxes]:
    """A new Figure of `width`×`height` inches with one empty ChartAxes.

    Building an Axes (its axes, spines, scales, locators and title texts, each set up from
    rcParams) was a third of a small chart's render; unpickling one built before takes a third of
    that. matplotlib supports pickling figures; every render still gets objects of its own.
    """
    fig, nodes = pickle.loads(_blank_figure_bytes(dpi))
    for node in nodes:
        _rekey_parents(node)
    fig.set_size_inches(width, height)
    FigureCanvasAgg(fig)
    return fig, fig.axes[0]
