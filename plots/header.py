"""A chart's header: its title and legend above the plot, fitted to the room they may take."""
from __future__ import annotations

import math

from matplotlib.figure import Figure
from matplotlib.legend import Legend
from matplotlib.lines import Line2D
from matplotlib.transforms import Bbox, IdentityTransform

from .stacking import is_stacked
from . import style
from .bound_notes import legend_note
from .chart_artists import ChartText
from .fitted_text import fits, fitted_lines
from .kind import kind_of
from .layout import PAD, text_size
from .legend_entries import legend_entries
from .series_looks import LEGEND_HANDLERS
from .spec import ChartSpec
from .text import shown_value
from .told_apart import apart_within

TITLE_SIZE = 12.0
LEGEND_SIZE = 9.0
# A legend entry's width beside its label: the line sample and the gaps around it (2.8 em).
LEGEND_ENTRY = 2.8 * LEGEND_SIZE
LEGEND_ROW = LEGEND_SIZE * 1.25 + 0.5 * LEGEND_SIZE  # a legend row's height and the spacing under it
# The room a legend's one row takes (its last row has no spacing under it), + rounding.
LEGEND_ROOM = LEGEND_ROW - 0.5 * LEGEND_SIZE + 0.01
# The least width in points a legend's names are shortened to so that they stand in more columns
# and the legend takes fewer rows: about the first two words of a name ("Average temperature…").
LEAST_LEGEND_LABEL = 12 * LEGEND_SIZE
# The rows a legend of whole names may take before its names are shortened to take fewer.
FEW_LEGEND_ROWS = 2


def draw_header(fig: Figure, ax, spec: ChartSpec, fig_w: float, fig_h: float,
                room: float) -> tuple[float, float, list]:
    """Draw the title and the legend above the plot, reaching at most `room` points down from the
    top (`header_room`); return the height they take with the gap under them, how far down their
    text reaches, in points, and the artists drawn.

    The title takes at most 30 % of the height, in as many lines as fit, at a smaller size where
    no line of it fits or where a word of it is wider than a line, and none where no line of that
    does; the legend takes what is left. Where the room allows a line of the title and a row of
    the legend, the title leaves that row: a legend says what the colours are, and without it
    several series are colours nothing names.
    """
    artists_before, legends_before = len(fig.artists), len(fig.legends)
    top = reach = PAD
    if spec.title:
        most = min(fig_h * 0.3, room - PAD)
        beside_legend = room - PAD - 4.0 - LEGEND_ROOM
        if _has_legend(ax, spec, fig_h) and beside_legend >= text_size("X", LEGEND_SIZE, "bold")[1]:
            most = min(most, beside_legend)
        sizes = [size for size in (TITLE_SIZE, LEGEND_SIZE) if text_size("X", size, "bold")[1] <= most]
        if sizes:
            # A word too long for a line is shortened with "…", not split into pieces that read as
            # other words ("Stronge", "st wind"): at the smaller size, if at the larger it would be.
            size = next((size for size in sizes if _words_fit(spec.title, size, fig_w - 2 * PAD)), sizes[-1])
            title = fitted_lines(spec.title, size, fig_w - 2 * PAD, most, "bold", split_words=False)
            fig.add_artist(ChartText(PAD / fig_w, 1 - PAD / fig_h, title, ha="left", va="top", fontsize=size,
                                     fontweight="bold", color=style.THEMES[spec.theme].foreground, linespacing=1.2,
                                     transform=fig.transFigure))
            reach = top + text_size(title, size, "bold")[1]
            top = reach + 4.0
    if spec.show_legend() and (rows := _draw_legend(fig, ax, spec, fig_w, fig_h, top, room - top)):
        top += rows
        reach = top - 0.5 * LEGEND_SIZE  # no spacing under its last row
    return top + 6.0, reach, fig.artists[artists_before:] + fig.legends[legends_before:]


def _words_fit(text: str, size: float, width: float) -> bool:
    """Whether each word of `text`, in bold at `size` points, fits on a line `width` points long."""
    return all(text_size(word, size, "bold")[0] <= width for word in text.split())


def least_rooms(ax, spec: ChartSpec, fig_h: float) -> list[float]:
    """The least rooms (as `draw_header` takes them), fullest header first, in which it still draws
    a line of the title (at its smaller size) and a row of the legend, then the title alone or,
    without a title, the legend's row: a header in less room says less."""
    line = text_size("X", LEGEND_SIZE, "bold")[1]
    title = PAD + line + 0.01 if spec.title and line <= fig_h * 0.3 else None
    legend = LEGEND_ROOM if _has_legend(ax, spec, fig_h) else None
    if title is None:
        return [PAD + legend] if legend else []
    return [title + 4.0 + legend, title] if legend else [title]


def _has_legend(ax, spec: ChartSpec, fig_h: float) -> bool:
    """Whether `draw_header` draws a legend of the series on `ax`, given the room for a row of it."""
    return (spec.show_legend() and kind_of(spec).legend and bool(legend_entries(ax)[0])
            and LEGEND_ROW <= fig_h * 0.3)


def _draw_legend(fig: Figure, ax, spec: ChartSpec, fig_w: float, fig_h: float, top: float, room: float) -> float:
    handles, labels = legend_entries(ax)
    if not kind_of(spec).legend or not handles:
        return 0.0
    if is_stacked(spec) and not kind_of(spec).horizontal:
        # Listed as the stack is read, from its top down (barh's runs left to right, as listed).
        handles, labels = handles[::-1], labels[::-1]
    labels = [_shown_label(handle, label) for handle, label in zip(handles, labels)]
    row_h = LEGEND_ROW
    # The legend may take at most 30 % of the height and the `room` below the title; the series
    # that do not fit are counted, and with no room for a row there is no legend.
    max_rows = min(int(fig_h * 0.3 // row_h), int((room + 0.5 * LEGEND_SIZE) // row_h))  # no spacing under the last
    if max_rows < 1:
        return 0.0
    # A label may take a whole row but for its line sample and the gaps around it.
    labels = _labels_across(handles, _shortened_labels(handles, labels, fig_w - 2 * PAD - LEGEND_ENTRY),
                            fig_w - 2 * PAD, max_rows)
    entry = max(text_size(label, LEGEND_SIZE)[0] for label in labels) + LEGEND_ENTRY
    ncols = max(1, min(len(labels), int((fig_w - 2 * PAD) // entry)))
    rows = math.ceil(len(labels) / ncols)
    if 1 < rows <= max_rows:
        # Columns as wide as the widest name put one long name among short ones in a row of its own
        # ("a", "b", "c", "A very long series name here" in two rows): packed by their own widths,
        # the names take fewer rows, and the plot the height they leave.
        packed = _packed_rows(labels, fig_w - 2 * PAD, rows - 1)
        if len(_named(packed)) == len(labels):
            return _draw_rows(fig, spec, handles, labels, packed, top, fig_w, fig_h)
    if rows > max_rows:
        # Series the plot draws are named first: a legend cut to "Bear (below 50) +2 more" left the
        # one line drawn, Deer's, unnamed.
        drawn = sorted(range(len(labels)), key=lambda at: bool(legend_note(handles[at])))
        handles, labels = [handles[at] for at in drawn], [labels[at] for at in drawn]
        # The count ("+12 more") is an entry too, which may be wider than every name.
        entry = max(entry, text_size(f"+{len(labels)} more", LEGEND_SIZE)[0] + LEGEND_ENTRY)
        ncols = max(1, min(ncols, int((fig_w - 2 * PAD) // entry)))
        packed = _packed_rows(labels, fig_w - 2 * PAD, max_rows)
        if len(_named(packed)) > (1 if max_rows * ncols == 1 else max_rows * ncols - 1):
            # Columns as wide as the widest label name fewer: one long name took a row to itself
            # where three short ones would have stood beside it.
            return _draw_rows(fig, spec, handles, labels, packed, top, fig_w, fig_h)
        if max_rows * ncols == 1:
            handles, labels, ncols = _first_and_count(handles, labels, fig_w)
        else:
            shown = max_rows * ncols - 1
            handles = handles[:shown] + [Line2D([], [], linestyle="none")]
            labels = labels[:shown] + [f"+{len(labels) - shown} more"]
        rows = max_rows
    height = rows * row_h
    handles, labels = _read_across(handles, ncols), _read_across(labels, ncols)
    fig.legend(handles, labels, bbox_to_anchor=(PAD / fig_w, 1 - top / fig_h), ncols=ncols, **_LEGEND_STYLE,
               labelcolor=style.THEMES[spec.theme].foreground)
    return height


def _shown_label(handle, label: str) -> str:
    """A series' legend label with its name as a page shows a value (`shown_value`: `'v\\u200b'` and
    `'v '` quoted, told apart from `v`, as the axis titles and the words name it), before its note
    (`legend_note`: " (below 25)")."""
    note = legend_note(handle)
    name = label[: len(label) - len(note)] if note and label.endswith(note) else label
    return shown_value(name) + label[len(name):]


def _draw_rows(fig: Figure, spec: ChartSpec, handles: list, labels: list[str], packed: list[list[int | None]],
               top: float, fig_w: float, fig_h: float) -> float:
    """Draw the legend's entries in the rows `_packed_rows` packed them into, `top` points down,
    each row a legend of its own, the count of those left out ("+3 more") where it ends them;
    return the height they take."""
    more = f"+{len(labels) - len(_named(packed))} more"
    above = None
    for at, row in enumerate(packed):
        above = _LegendRow(fig, [Line2D([], [], linestyle="none") if named is None else handles[named]
                                 for named in row],
                           [more if named is None else labels[named] for named in row], above,
                           bbox_to_anchor=(PAD / fig_w, 1 - (top + at * LEGEND_ROW) / fig_h), ncols=len(row),
                           bbox_transform=fig.transSubfigure, **_LEGEND_STYLE,
                           labelcolor=style.THEMES[spec.theme].foreground)
        fig.legends.append(above)  # as `fig.legend` adds one, removable as the header is redrawn
        above._remove_method = fig.legends.remove
    return len(packed) * LEGEND_ROW


# How a legend is drawn: its entries' sizes are those LEGEND_ENTRY and LEGEND_ROW count with.
_LEGEND_STYLE = dict(loc="upper left", frameon=False, fontsize=LEGEND_SIZE, borderaxespad=0.0, borderpad=0.0,
                     labelspacing=0.5, handlelength=1.6, handletextpad=0.5, columnspacing=1.2,
                     handler_map=LEGEND_HANDLERS)


class _LegendRow(Legend):
    """A row of a legend packed by its labels' widths (`_packed_rows`), each row a legend of its
    own: drawn as far below the row `above` (None for the first) as the rows of a legend of
    columns are apart, its labelspacing under that row as the renderer measures it.

    Placed a LEGEND_ROW apart, which the header's room counts for each row, the rows stood
    further apart than those of a legend of columns, whose rows are as high as their text."""

    def __init__(self, parent, handles, labels, above: _LegendRow | None, **kwargs):
        super().__init__(parent, handles, labels, **kwargs)
        self._above = above
        self._left = kwargs["bbox_to_anchor"][0]  # a share of the figure's width

    def _place(self, renderer) -> None:
        """Anchor this row under the row above, placed first, as `renderer` measures it."""
        if self._above is None:
            return
        self._above._place(renderer)
        spacing = renderer.points_to_pixels(_LEGEND_STYLE["labelspacing"] * LEGEND_SIZE)
        top = self._above.get_window_extent(renderer).y0 - spacing
        left = self.get_figure(root=False).transSubfigure.transform((self._left, 0.0))[0]
        self.set_bbox_to_anchor(Bbox.from_bounds(left, top, 0.0, 0.0), IdentityTransform())  # in pixels

    def draw(self, renderer) -> None:
        self._place(renderer)
        super().draw(renderer)


def _packed_rows(labels: list[str], row: float, most: int) -> list[list[int | None]]:
    """The entries of a legend of `labels` packed into at most `most` rows `row` points wide, each
    as wide as its own label (and LEGEND_ENTRY), in their order: each row lists the indices of the
    labels it names, and the last ends with None, the count of those left out ("+3 more"), where
    some are. A label is never wider than a row (`_shortened_labels`)."""
    widths = [text_size(label, LEGEND_SIZE)[0] + LEGEND_ENTRY for label in labels]
    rows: list[list[int | None]] = []
    at = 0
    while at < len(labels) and len(rows) < most:
        rows.append([at])
        used, at = widths[at], at + 1
        while at < len(labels) and used + widths[at] <= row:
            rows[-1].append(at)
            used, at = used + widths[at], at + 1
    if at < len(labels):
        last = rows[-1]
        while last and (sum(widths[entry] for entry in last) + LEGEND_ENTRY
                        + text_size(f"+{len(labels) - len(_named(rows))} more", LEGEND_SIZE)[0] > row):
            last.pop()
        last.append(None)
    return rows


def _named(rows: list[list[int | None]]) -> list[int]:
    """The labels `_packed_rows` names."""
    return [entry for row in rows for entry in row if entry is not None]


def _shortened_labels(handles: list, labels: list[str], most: float) -> list[str]:
    """The legend's `labels`, each at most `most` points wide and told apart (`apart_within`);
    a series' name is shortened before the note ending its label (`legend_note`: "Wolf (below
    25)"), which says why the plot shows nothing of it. A label is measured whole only where its
    least width does not tell that it is too wide (`fits`)."""
    notes = [legend_note(handle) for handle in handles]
    if not any(notes):
        return apart_within(labels, LEGEND_SIZE, most)
    names = [label[: len(label) - len(note)] if note and label.endswith(note) else label
             for label, note in zip(labels, notes)]
    shortened: dict[float, list[str]] = {}  # names shortened apart, by the room left for them
    fitted = []
    for at, (label, name, note) in enumerate(zip(labels, names, notes)):
        if not note or fits(label, LEGEND_SIZE, most):
            room, note = most, ""
        elif text_size(name[:1] + "…" + note, LEGEND_SIZE)[0] > most:
            room, note = most, ""  # no room for the note beside a letter of the name: cut as a whole
        else:
            room = most - text_size(note, LEGEND_SIZE)[0]
        if room not in shortened:
            shortened[room] = apart_within(names if note else labels, LEGEND_SIZE, room)
        fitted.append(shortened[room][at] + note)
    return fitted


def _labels_across(handles: list, labels: list[str], row: float, most: int) -> list[str]:
    """The legend's `labels`, or where in at most `most` rows they take more than FEW_LEGEND_ROWS
    both in columns as wide as they are and packed by their own widths (`_packed_rows`), shortened
    (`_shortened_labels`) to stand in more columns across a `row` points wide: in enough for
    FEW_LEGEND_ROWS rows, or for as few as they take keeping LEAST_LEGEND_LABEL points each.

    Five long names, each in a row of its own, took the plot half the height of a 640×360 chart:
    the start of each name says which series a colour is as well, and the whole names are in the
    alt text and the data. A legend cut to `most` rows, which counts the series it has no room for,
    keeps its names whole: shortened, they would take no room from the plot.
    """
    widest = max(text_size(label, LEGEND_SIZE)[0] for label in labels)
    columns = max(1, min(len(labels), int(row // (widest + LEGEND_ENTRY))))
    rows = min(math.ceil(len(labels) / columns), most)
    if rows <= FEW_LEGEND_ROWS or len(_packed_rows(labels, row, FEW_LEGEND_ROWS + 1)) <= FEW_LEGEND_ROWS:
        return labels
    best = labels
    for more in range(columns + 1, len(labels) + 1):
        room = row / more - LEGEND_ENTRY - 0.01  # - rounding: `_draw_legend` counts the columns again
        if rows <= FEW_LEGEND_ROWS or room < LEAST_LEGEND_LABEL:
            break
        if math.ceil(len(labels) / more) < rows:
            shortened = _shortened_labels(handles, labels, room)
            if max(text_size(label, LEGEND_SIZE)[0] for label in shortened) <= room:
                best, rows = shortened, math.ceil(len(labels) / more)
    return best


def _read_across(entries: list, ncols: int) -> list:
    """`entries` reordered so that a legend of `ncols` columns, which matplotlib fills a column at a
    time (top to bottom, then the next), reads in their order across each row, left to right.

    matplotlib splits the entries into `ncols` columns as `np.array_split` does, the first ones a
    row longer where they do not split evenly: the last row, part full, is filled from the left.
    """
    rows = math.ceil(len(entries) / ncols)
    return [entries[row * ncols + column] for column in range(ncols) for row in range(rows)
            if row * ncols + column < len(entries)]


def _first_and_count(handles: list, labels: list[str], fig_w: float) -> tuple[list, list[str], int]:
    """A one-entry legend's handles, labels and columns: the first series, shortened (its name
    before its note, as `_shortened_labels` does), and how many more there are, for a legend
    naming no series says nothing.

    The count is an entry of its own beside it ("+2 more", or "+2" on a narrower row) where the
    first series keeps a letter beside it, and its note ("B… (below 50)"), else it ends the first
    series' label ("a… +2"), which keeps its note where that fits."""
    hidden = len(labels) - 1
    entry = LEGEND_ENTRY
    row = fig_w - 2 * PAD
    note = legend_note(handles[0])
    note = note if note and labels[0].endswith(note) else ""
    # A letter of the name, and its note where one says why the plot shows nothing of it.
    least = text_size(labels[0][:1] + "…" + note, LEGEND_SIZE)[0]

    def first(room: float) -> str:
        return _shortened_labels(handles[:1], labels[:1], room)[0]

    for more in (f"+{hidden} more", f"+{hidden}"):
        beside = row - 2 * entry - text_size(more, LEGEND_SIZE)[0]
        if beside >= least:
            return [handles[0], Line2D([], [], linestyle="none")], [first(beside), more], 2
    count = f" +{hidden}"
    return [handles[0]], [first(row - entry - text_size(count, LEGEND_SIZE)[0]) + count], 1
