"""ChartSpec + frame -> Figure -> SVG or PNG bytes, the same bytes in every process."""
from __future__ import annotations

import dataclasses
import functools
import io
import threading

import pandas as pd
from matplotlib import rcParams
from matplotlib.backends.backend_mixed import MixedModeRenderer
from matplotlib.colors import to_hex
from matplotlib.figure import Figure
from matplotlib.ticker import ScalarFormatter

from . import style
from .auto_theme import follow_colour_scheme
from .axis_limits import set_limits, xmin_at_period_start
from .blank_figure import blank_figure
from .bound_notes import note_bounds_as_given, note_series_without_values
from .category_axis import are_names, names_within
from .chart_artists import ChartText, font_key
from .data import chart_frame, combined_by, combined_title
from .describe import describe
from .fitted_text import fitted_lines, fitted_whole, shorten
from .header import draw_header
from .header_fit import highest_y_label, says_as_much, turned_names_room, x_title_gives_way
from .kind import kind_of
from .layout import (HEADER_GAP, LABELS_SHARE, PAD, header_room, plot_box, side_labels_room, text_metrics, text_size,
                     turned_labels_room, x_labels_past_edge)
from .magnitude import drawn_units, in_drawn_units, label_in_values
from .plot_notes import plot_note
from .png_canvas import PngCanvas
from .rows import without_mark_spans
from .spec import DEFAULT_LIMITS, ChartSpec, Limits
from .svg import CompactRendererSVG
from .svg_writer import finish
from .text import shown_value
from .tick_artists import draw_ticks
from .tick_hints import count_in_whole_numbers
from .ticks import LABEL_SIZE, OFFSET_HEIGHT, OFFSET_PAD, TICK_SIZE, AxisTicks, axis_ticks, kept_least_height
from .told_apart import shorten_apart

CSS_DPI = style.CSS_DPI
# Points: the note over an empty plot, at a smaller size where the plot is too small for it, down
# to the tick labels' size, the least any text of a chart takes.
NOTE_SIZES = (11.0, 10.0, TICK_SIZE)
NOTE_INSET = 2.0  # points between the plot's frame and its note
# Numbers within 10**±WHOLE_POWERS may be written whole, the digits a double holds, where a short
# plot leaves no room for the power of ten above it (`_place_axes`).
WHOLE_POWERS = 15

# matplotlib's text layout caches and FreeType faces are shared within a process; renders are
# short and hold the GIL anyway, so one render at a time per process costs nothing and is safe.
render_lock = threading.Lock()


class _ChartRendererSVG(CompactRendererSVG):
    """A compact SVG renderer that remembers text extents across renders (they depend on text and font only)."""

    def get_text_width_height_descent(self, s, prop, ismath):
        if ismath:
            return super().get_text_width_height_descent(s, prop, ismath)
        return text_metrics(s, font_key(prop))


def build_figure(spec: ChartSpec, data: pd.DataFrame, dpi: float = CSS_DPI) -> Figure:
    """Draw `spec` over `data` (as `chart_frame` shaped it) into a new Figure."""
    theme = style.THEMES[spec.theme]
    fig, ax = blank_figure(spec.width / CSS_DPI, spec.height / CSS_DPI, dpi)
    ax.set_prop_cycle(color=list(theme.palette))
    shown = plot_note(spec, data)
    if shown.drawing:
        # Values near the largest double are drawn in units of a power of ten, labelled as the values.
        units = drawn_units(spec, data)
        drawn_spec, drawn_data = in_drawn_units(xmin_at_period_start(spec, data), data, units)
        if units.scaled:  # a copy, its values divided: the marks' spans worked out for `data` are not its own
            drawn_data = without_mark_spans(drawn_data)
        kind_of(spec).draw(ax, drawn_data, drawn_spec)
        if units.values:  # the legend names the y bounds as given, not as drawn
            note_bounds_as_given(ax, spec, data)
        note_series_without_values(ax, spec, data)
        set_limits(ax, drawn_spec, drawn_data)
        label_in_values(ax, units)
        _whole_number_ticks(ax, drawn_spec, drawn_data)
    fig_w = spec.width * 72.0 / CSS_DPI
    fig_h = spec.height * 72.0 / CSS_DPI
    xlabel, y_title = _axis_labels(spec, fig_w, fig_h, combined_by(spec, data))
    if x_title_gives_way(ax, spec, fig_h, xlabel):
        xlabel = ""  # before the ticks are known too: the header would else say less, and not grow back
    room = header_room(fig_h, xlabel)
    header, reach, header_artists = draw_header(fig, ax, spec, fig_w, fig_h, room)
    style.apply_theme(fig, ax, theme)
    _ink_default_black(ax, theme)
    # Axes over no values would be made up (matplotlib's default, 1970 for dates): the frame and
    # the axis titles, no ticks, and the note in the middle.
    names_down = _names_of_categories(spec, data, horizontal=True)
    place = functools.partial(_place_axes, ax, fig_w, fig_h, y_title=y_title, with_ticks=shown.drawing,
                              names_down=names_down, names_turned=_names_of_categories(spec, data, horizontal=False))
    placed = place(header, xlabel)
    names_most = None
    box, offset = placed[4], OFFSET_HEIGHT + OFFSET_PAD if placed[1].offset else 0.0
    if (1 - box[1] - box[3]) * fig_h - offset < header:
        # The plot kept its least height and rose into the header: its x tick labels (turned bar
        # names) or its y offset take more than the one line of labels the header's room counted
        # on. Turned names give way to the header first (`turned_names_room`), then the x axis
        # title (`x_title_gives_way`); the header is drawn again within the room the ticks
        # then leave.
        if placed[0].rotation % 180 == 90 and _names_of_categories(spec, data, horizontal=False):
            names_most, xlabel = turned_names_room(ax, spec, fig_h, xlabel, placed[1])
            # The room the names leave the header is that of the names as shortened.
            placed = place(header, xlabel, names_most=names_most)
        elif x_title_gives_way(ax, spec, fig_h, xlabel, placed[0], placed[1]):
            xlabel = ""
            placed = place(header, xlabel)
        for _ in range(2):
            counted = placed[1]
            for artist in header_artists:
                artist.remove()
            room = header_room(fig_h, xlabel, placed[0], counted)
            header, reach, header_artists = draw_header(fig, ax, spec, fig_w, fig_h, room)
            placed = place(header, xlabel, names_most=names_most)
            # Under the header, the y labels may come to be written in a power of ten, whose offset
            # text above the plot the header's room had not counted: drawn within that, it ran
            # into it, and the header is drawn once more within the room the offset leaves.
            if not placed[1].offset or counted.offset:
                break
    below = highest_y_label(ax, placed[1], fig_h) - HEADER_GAP
    if below < reach and says_as_much(ax, spec, fig_h, below, room):
        # A plot kept at its least height reaches up to the header's room, which the header may
        # fill: the highest y label, standing above its tick, ran into the legend. The header takes
        # less room where it says as much in it (a smaller title, say); the plot keeps its labels.
        for artist in header_artists:
            artist.remove()
        header, reach, header_artists = draw_header(fig, ax, spec, fig_w, fig_h, below)
        placed = place(header, xlabel, names_most=names_most)
    xticks, yticks, x_room, y_room, box, ylabel = placed
    if shown.note is not None:
        # Values all beyond the y bounds leave the plot empty too: its axes stand, and a note says why.
        _draw_note(fig, ax, shown.forms, box, fig_w, fig_h, theme.foreground)
    draw_ticks(ax, xticks, yticks, x_room, y_room, xlabel, ylabel, theme.foreground, theme.muted, theme.grid,
               _label_centres(box, fig_w, fig_h, header, xlabel, ylabel))
    return fig


def _whole_number_ticks(ax, spec: ChartSpec, data: pd.DataFrame) -> None:
    """Tick in whole numbers the axes that hold only whole numbers: a histogram's counts, the
    values when every y column is an integer one (or counts, with agg=count), and an integer x."""
    kind = kind_of(spec)

    def integers(names) -> bool:
        return bool(names) and all(name in data and pd.api.types.is_integer_dtype(data[name]) for name in names)

    if kind.values_on_x:
        count_in_whole_numbers(ax.yaxis)
        return
    if integers(spec.y):
        count_in_whole_numbers(ax.xaxis if kind.horizontal else ax.yaxis)
    if kind.x_axis == "x" and spec.x and integers([spec.x]):
        count_in_whole_numbers(ax.xaxis)


def _draw_note(fig: Figure, ax, forms: tuple[str, ...], box, fig_w: float, fig_h: float, ink: str) -> None:
    """The note over the plot at `box` (figure fractions), centred inside its frame: the first of
    `forms` (the note, then shorter ones: "No rows") that fits there whole, wrapped between words,
    at the largest of NOTE_SIZES it fits at.

    A plot too small for even the shortest (a narrow chart's, beside its y tick labels) shows none:
    drawn past the plot, the note ran over the tick labels; the alt text still says it.
    """
    _, _, width, height = box
    fitted = fitted_whole(forms, NOTE_SIZES, width * fig_w - 2 * NOTE_INSET, height * fig_h - 2 * NOTE_INSET)
    if fitted is None:
        return
    text, size = fitted
    fig.add_artist(ChartText(0.5, 0.5, text, transform=ax.transAxes, ha="center", va="center", fontsize=size,
                             color=ink, linespacing=1.2), clip=False)


def _place_axes(ax, fig_w: float, fig_h: float, header: float, xlabel: str, y_title: str, with_ticks: bool = True,
                names_down: bool = False, names_most: float | None = None, names_turned: bool = False):
    """Size the plot to its tick labels and fit the y axis title `y_title` beside it; the ticks and
    the title's room depend on the plot's size, so settle all three.

    `names_down`: the y tick labels are names (`_names_of_categories`), which may be shortened.
    `names_most`: how long in points turned x tick labels may be (`turned_names_room`), else a
    share of the figure's height.
    `names_turned`: the x tick labels are names, which keep the plot inside the figure when turned
    (`names_within`).
    Returns the ticks, the room their labels take, the plot's box and the y axis title as drawn.
    """

    def ticks():
        if not with_ticks:
            return AxisTicks(), AxisTicks()
        # Tick labels of names may take at most a third of the figure across their axis (long
        # categories). Numbers and dates are never cut: "10…" could be any of them, so the plot
        # narrows for them instead.
        x, y = axis_ticks(ax.xaxis), axis_ticks(ax.yaxis)
        if x.rotation % 180 == 90:
            x = _shortened(x, fig_h * LABELS_SHARE if names_most is None else names_most)
            if names_turned:
                x = names_within(x, turned_labels_room(fig_h, xlabel))
        if names_down and y.rotation % 180 == 0:
            y = names_within(_shortened(y, fig_w * LABELS_SHARE), side_labels_room(fig_w, y_title))
        return x, y

    def fitted_y_title(plot_height: float) -> str:
        # Centred beside the plot and never longer than it is high, give or take half the edge
        # padding at each end (the layout measures generously): clear of the title and legend
        # above and of the x tick labels below.
        return _y_title(y_title, min(fig_h * 0.7, plot_height + PAD), fig_w)

    def laid_out(xticks: AxisTicks, yticks: AxisTicks, ylabel: str):
        box, x_room, y_room = plot_box(fig_w, fig_h, header, xticks, yticks, xlabel, ylabel)
        ax.set_position(box)
        past = x_labels_past_edge(ax, xticks, fig_w)
        if past > 0:
            # A plot kept at its least width beside wide y labels bore its last x label past the
            # figure's edge ("1020" under a 100 px histogram): the plot narrows for it.
            box, x_room, y_room = plot_box(fig_w, fig_h, header, xticks, yticks, xlabel, ylabel,
                                           (box[0] + box[2]) * fig_w - past)
            ax.set_position(box)
        return box, x_room, y_room

    def settle():
        xticks, yticks = ticks()
        ylabel = fitted_y_title(fig_h)
        for _ in range(3):
            box, x_room, y_room = laid_out(xticks, yticks, ylabel)
            settled = ticks(), fitted_y_title(box[3] * fig_h)
            if settled == ((xticks, yticks), ylabel):
                break
            (xticks, yticks), ylabel = settled
        else:
            box, x_room, y_room = laid_out(xticks, yticks, ylabel)
        return xticks, yticks, x_room, y_room, box, ylabel

    formatter = ax.yaxis.get_major_formatter()
    if type(formatter) is ScalarFormatter:
        # Each layout starts from matplotlib's way: one started from the last one's power of ten
        # went back from it to numbers written whole past the right edge (near -1000, 100 px square).
        formatter.set_powerlimits(rcParams["axes.formatter.limits"])
        formatter.set_useOffset(rcParams["axes.formatter.useoffset"])
    placed = settle()
    if with_ticks and not names_down and _past_right_edge(placed[4], fig_w) and type(formatter) is ScalarFormatter:
        # Whole numbers too wide for the plot to keep its least width beside them: written as
        # matplotlib writes very large and small ones, a few digits and their power above the
        # axis ("4", "5" and "1e4" for 40000, 50000), where that is narrower.
        limits = rcParams["axes.formatter.limits"]
        formatter.set_powerlimits((0, 0))
        in_powers = settle()
        if in_powers[3] < placed[3]:
            return in_powers
        formatter.set_powerlimits(limits)
        placed = settle()
    if with_ticks and placed[1].offset and kept_least_height(ax) and type(formatter) is ScalarFormatter:
        # An offset text ("1e7") above a plot kept at its least height, or lowered under it to
        # leave the offset room: numbers written whole ("5000000") take no line of their own, and
        # are written so where the plot keeps its least width beside them.
        offset = formatter.get_useOffset()
        formatter.set_powerlimits((-WHOLE_POWERS, WHOLE_POWERS))
        formatter.set_useOffset(False)
        whole = settle()
        if not whole[1].offset and not _past_right_edge(whole[4], fig_w):
            return whole
        formatter.set_powerlimits(rcParams["axes.formatter.limits"])
        formatter.set_useOffset(offset)
        placed = settle()
    return placed


def _past_right_edge(box: tuple[float, float, float, float], fig_w: float) -> bool:
    """Whether a plot laid out at `box` (figure fractions) reaches past half the padding at the
    figure's right edge, by more than rounding.

    Its frame may take the padding's outer half: whole numbers beside a plot reaching 1.2 points
    into it were written in thousands, their "1e3" over the top of a tall histogram some 1,400
    points above its lowest label. Its x tick labels stay within the figure (`x_labels_past_edge`)."""
    left, _, width, _ = box
    return left + width > 1 - PAD / 2 / fig_w + 1e-9


def _names_of_categories(spec: ChartSpec, data: pd.DataFrame, horizontal: bool) -> bool:
    """Whether the categories along a bar chart's side (`horizontal`) or bottom are names: text,
    not numbers or dates (`are_names`), nor the row numbers of one without x, which may be shortened;
    so are the series names under a box plot's boxes."""
    kind = kind_of(spec)
    if kind.x_axis == "series":  # a box plot's: the names of its y columns
        return not horizontal
    if not (kind.horizontal == horizontal and kind.categorical and spec.x and spec.x in data):
        return False
    return are_names(data[spec.x])


def _shortened(ticks, max_width: float):
    labels = tuple(shorten_apart(ticks.labels, TICK_SIZE, max_width))
    return ticks if labels == ticks.labels else dataclasses.replace(ticks, labels=labels)


def _label_centres(box, fig_w: float, fig_h: float, header: float, xlabel: str,
                   ylabel: str) -> tuple[float, float]:
    """Where along their axes the axis titles go (axes fractions): centred, but inside the figure
    and below the `header` (the title and legend, in points from the top)."""
    left, bottom, width, height = box

    def centre(start: float, length: float, extent: float, total: float, end: float) -> float:
        middle = (start + length / 2) * total
        half = min(extent / 2, (end - PAD) / 2)
        inside = min(max(middle, PAD + half), end - half)
        return 0.5 if inside == middle else (inside / total - start) / length

    x = centre(left, width, text_size(xlabel, LABEL_SIZE)[0], fig_w, fig_w - PAD) if xlabel else 0.5
    y = centre(bottom, height, text_size(ylabel, LABEL_SIZE)[0], fig_h, fig_h - header) if ylabel else 0.5
    return x, y


def _axis_labels(spec: ChartSpec, fig_w: float, fig_h: float, combined: str | None) -> tuple[str, str]:
    """The x axis title wrapped to fit under the plot, and the y axis title as given (`_y_title`
    fits it to the plot's height once that is known). The value axis names the aggregate where
    rows were combined into its values (`combined`: `combined_by`), "mean of v", or "mean" alone
    over several series. Each name, the x's too, as a title shows a value (`shown_value`: `'v '` quoted,
    told apart from `v`, as the words name it; `a;b` as it is, which the words quote only among their lists)."""
    kind = kind_of(spec)
    value_axis = ", ".join(map(shown_value, spec.y)) if len(spec.y) <= 3 else ""
    if kind.values_on_x:
        xlabel, ylabel = value_axis, "count"
    elif not kind.uses_x:
        xlabel, ylabel = "", ""
    else:
        along, values = shown_value(spec.x) if spec.x else "", value_axis if len(spec.y) == 1 else ""
        if combined is not None:
            # Grouped rows are drawn as what their aggregate makes of each group (how many values
            # it holds, their mean …), not as the values.
            values = combined_title(combined, values) if values else combined
        xlabel, ylabel = (values, along) if kind.horizontal else (along, values)
    xlabel = spec.xlabel if spec.xlabel is not None else xlabel
    ylabel = spec.ylabel if spec.ylabel is not None else ylabel
    # At most a fifth of the figure high, so that the plot keeps its room on a small chart; a word
    # too long for a line is shortened, as the y axis title's is (`_y_title`).
    return fitted_lines(xlabel, LABEL_SIZE, fig_w * 0.8, fig_h * 0.2, split_words=False) if xlabel else "", ylabel


def _y_title(text: str, length: float, fig_w: float) -> str:
    """The y axis title in lines of at most `length` points, at most a fifth of the figure wide,
    where all its words fit so whole; else on one line, shortened as a label is (`shorten`).

    Wrapped word by word into a room narrower than its words, a long title stood in turned columns
    of a word or a stub each ("A | lo… | y | axis | la… | too"), which read as other words and
    pushed the plot a third of a small chart's width over."""
    if not text:
        return ""
    wrapped = fitted_lines(text, LABEL_SIZE, length, fig_w * 0.2, split_words=False)
    if wrapped.split() == text.split():
        return wrapped
    return shorten(text, LABEL_SIZE, length)


def _ink_default_black(ax, theme: style.Theme) -> None:
    """Artists drawn in matplotlib's default black (box plots) take the theme's ink instead."""
    for line in ax.lines:
        if to_hex(line.get_color()) == "#000000":
            line.set_color(theme.foreground)
        if to_hex(line.get_markeredgecolor()) == "#000000":
            line.set_markeredgecolor(theme.muted)


def _figure_to_svg(fig: Figure, text_as_paths: bool, title: str, desc: str) -> bytes:
    fig.dpi = 72  # SVG user units are points, as in matplotlib's own print_svg
    width, height = fig.get_size_inches()
    svg_renderer = _ChartRendererSVG(width * 72, height * 72, title, desc, image_dpi=CSS_DPI,
                                     text_as_paths=text_as_paths)
    renderer = MixedModeRenderer(fig, width, height, 72, svg_renderer)
    fig.draw(renderer)
    renderer.finalize()
    return finish(svg_renderer.svg())


def render_svg(spec: ChartSpec, frame: pd.DataFrame, limits: Limits = DEFAULT_LIMITS) -> bytes:
    """The chart as SVG bytes with an accessible title and description."""
    data = chart_frame(spec, frame, limits)
    title, desc = describe(spec, data)
    with render_lock:
        fig = build_figure(spec, data, dpi=72)
        svg = _figure_to_svg(fig, spec.text == "path", title, desc)
    return follow_colour_scheme(svg) if spec.theme == "auto" else svg


def render_png(spec: ChartSpec, frame: pd.DataFrame, scale: int = 1, limits: Limits = DEFAULT_LIMITS) -> bytes:
    """The chart as PNG bytes, `scale` device pixels per CSS pixel."""
    data = chart_frame(spec, frame, limits)
    buffer = io.BytesIO()
    with render_lock:
        fig = build_figure(spec, data, dpi=CSS_DPI * scale)
        kind = kind_of(spec)
        if kind.fit_to_pixels is not None:
            kind.fit_to_pixels(fig.axes[0], kind.horizontal)
        PngCanvas(fig)  # long lines drawn in pieces (`png_canvas`)
        fig.savefig(buffer, format="png", dpi=CSS_DPI * scale, facecolor=fig.get_facecolor(),
                    metadata={"Software": None})
    return buffer.getvalue()
