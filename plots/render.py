"""ChartSpec + frame -> Figure -> SVG or PNG bytes, the same bytes in every process."""
from __future__ import annotations

import functools
import io
import threading

import pandas as pd
from matplotlib.backends.backend_mixed import MixedModeRenderer
from matplotlib.colors import to_hex
from matplotlib.figure import Figure

from .stacking import is_stacked
from . import style
from .auto_theme import follow_colour_scheme
from .axis_limits import set_limits, xmin_at_period_start
from .blank_figure import blank_figure
from .bound_notes import note_bounds_as_given, note_series_without_values
from .category_axis import are_names
from .chart_artists import ChartText, font_key
from .data import chart_frame
from .describe import describe
from .fitted_text import fitted_lines, fitted_whole, title_unless_stub
from .header import draw_header
from .header_fit import highest_y_label, says_as_much, turned_names_room, x_title_gives_way
from .kind import kind_of
from .log_axis import draw_minor_ticks, tick_log_axis, use_log_scale
from .layout import HEADER_GAP, PAD, header_room, text_metrics, text_size
from .magnitude import drawn_units, in_drawn_units, label_in_values
from .plot_notes import plot_note
from .plot_place import place_axes
from .png_canvas import PngCanvas
from .reference_lines import draw_lines, widen_for_lines
from .rows import without_mark_spans
from .series_split import drawn_spec
from .spec import DEFAULT_LIMITS, ChartSpec, Limits
from .svg import CompactRendererSVG
from .svg_writer import finish
from .values_titles import change_since, combined_by, value_axis_title, values_title
from .text import shown_value
from .tick_artists import draw_ticks
from .tick_hints import count_in_whole_numbers
from .unit_ticks import label_with_unit
from .ticks import LABEL_SIZE, OFFSET_HEIGHT, OFFSET_PAD, TICK_SIZE

CSS_DPI = style.CSS_DPI
# Points: the note over an empty plot, at a smaller size where the plot is too small for it, down
# to the tick labels' size, the least any text of a chart takes.
NOTE_SIZES = (11.0, 10.0, TICK_SIZE)
NOTE_INSET = 2.0  # points between the plot's frame and its note

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
        use_log_scale(ax, spec)
        if units.values:  # the legend names the y bounds as given, not as drawn
            note_bounds_as_given(ax, spec, data)
        note_series_without_values(ax, spec, data)
        set_limits(ax, drawn_spec, drawn_data)
        if spec.yline or spec.xline:  # after the limits, which a yline widens
            widen_for_lines(ax, spec, units, kind_of(spec).horizontal)
        label_in_values(ax, units)
        _whole_number_ticks(ax, drawn_spec, drawn_data)
        label_with_unit(ax, spec, data)
        tick_log_axis(ax, spec)
        if spec.yline or spec.xline:  # over the limits' span, an unlabelled one's value as its axis' ticks write it
            draw_lines(ax, spec, units, kind_of(spec).horizontal, theme.foreground, theme.background)
    fig_w = spec.width * 72.0 / CSS_DPI
    fig_h = spec.height * 72.0 / CSS_DPI
    xlabel, y_title = _axis_labels(spec, fig_w, fig_h, combined_by(spec, data), change_since(data))
    if x_title_gives_way(ax, spec, fig_h, xlabel):
        xlabel = ""  # before the ticks are known too: the header would else say less, and not grow back
    room = header_room(fig_h, xlabel)
    header, reach, header_artists = draw_header(fig, ax, spec, fig_w, fig_h, room)
    style.apply_theme(fig, ax, theme)
    _ink_default_black(ax, theme)
    # Axes over no values would be made up (matplotlib's default, 1970 for dates): the frame and
    # the axis titles, no ticks, and the note in the middle.
    names_down = _names_of_categories(spec, data, horizontal=True)
    place = functools.partial(place_axes, ax, fig_w, fig_h, y_title=y_title, with_ticks=shown.drawing,
                              names_down=names_down, names_turned=_names_of_categories(spec, data, horizontal=False))
    placed = place(header, xlabel)
    names_most = None
    box, offset = placed.box, OFFSET_HEIGHT + OFFSET_PAD if placed.yticks.offset else 0.0
    if (1 - box[1] - box[3]) * fig_h - offset < header:
        # The plot kept its least height and rose into the header: its x tick labels (turned bar
        # names) or its y offset take more than the one line of labels the header's room counted
        # on. Turned names give way to the header first (`turned_names_room`), then the x axis
        # title (`x_title_gives_way`); the header is drawn again within the room the ticks
        # then leave.
        if placed.xticks.rotation % 180 == 90 and _names_of_categories(spec, data, horizontal=False):
            names_most, xlabel = turned_names_room(ax, spec, fig_h, xlabel, placed.yticks)
            # The room the names leave the header is that of the names as shortened.
            placed = place(header, xlabel, names_most=names_most)
        elif x_title_gives_way(ax, spec, fig_h, xlabel, placed.xticks, placed.yticks):
            xlabel = ""
            placed = place(header, xlabel)
        for _ in range(2):
            counted = placed.yticks
            for artist in header_artists:
                artist.remove()
            room = header_room(fig_h, xlabel, placed.xticks, counted)
            header, reach, header_artists = draw_header(fig, ax, spec, fig_w, fig_h, room)
            placed = place(header, xlabel, names_most=names_most)
            # Under the header, the y labels may come to be written in a power of ten, whose offset
            # text above the plot the header's room had not counted: drawn within that, it ran
            # into it, and the header is drawn once more within the room the offset leaves.
            if not placed.yticks.offset or counted.offset:
                break
    below = highest_y_label(ax, placed.yticks, fig_h) - HEADER_GAP
    if below < reach and says_as_much(ax, spec, fig_h, below, room):
        # A plot kept at its least height reaches up to the header's room, which the header may
        # fill: the highest y label, standing above its tick, ran into the legend. The header takes
        # less room where it says as much in it (a smaller title, say); the plot keeps its labels.
        for artist in header_artists:
            artist.remove()
        header, reach, header_artists = draw_header(fig, ax, spec, fig_w, fig_h, below)
        placed = place(header, xlabel, names_most=names_most)
    # The x axis title as drawn: left out, or on one line, where the names down the plot's side need its room.
    xticks, yticks, x_room, y_room, box, ylabel, xlabel = placed
    if shown.note is not None:
        # Values all beyond the y bounds leave the plot empty too: its axes stand, and a note says why.
        _draw_note(fig, ax, shown.forms, box, fig_w, fig_h, theme.foreground)
    draw_ticks(ax, xticks, yticks, x_room, y_room, xlabel, ylabel, theme.foreground, theme.muted, theme.grid,
               _label_centres(box, fig_w, fig_h, header, xlabel, ylabel))
    if shown.drawing:
        draw_minor_ticks(ax, spec, (xticks if kind_of(spec).horizontal else yticks).locs, theme.muted)
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


def _axis_labels(spec: ChartSpec, fig_w: float, fig_h: float, combined: str | None,
                 since: str | None = None) -> tuple[str, str]:
    """The x axis title wrapped to fit under the plot, and the y axis title as given (`plot_place._y_title`
    fits it to the plot's height once that is known). The value axis names the aggregate where
    rows were combined into its values (`combined`: `combined_by`), "mean of v", "mean of a, b" over two or
    three series, "mean" alone over more (`value_axis_title`). Each name, the x's too, as a title shows a value
    (`shown_value`: `'v '` quoted, told apart from `v`, as the words name it; `a;b` as it is, which the words quote
    only among their lists)."""
    kind = kind_of(spec)
    value_axis = ", ".join(map(shown_value, spec.y)) if len(spec.y) <= 3 else ""
    if kind.values_on_x:
        xlabel, ylabel = value_axis, "count"
    elif not kind.uses_x:
        xlabel, ylabel = "", ""
    else:
        along = shown_value(spec.x) if spec.x else ""
        # Grouped rows are drawn as what their aggregate makes of each group (how many values it
        # holds, their mean …), not as the values, and rolled or summed values as what that makes of them.
        # since: of a percent change (`change_since`)
        values = (values_title(spec, combined, value_axis, since) if len(spec.y) == 1
                  else value_axis_title(spec, combined, value_axis, since))
        if is_stacked(spec) and spec.stack == "percent":
            values = "percent of each total"  # what the stacks' heights are, whatever the series
        # xlabel titles the rows' axis and ylabel the values', as x and y name them: on barh too,
        # whose values run across (its ymin, ymax and yscale bound and scale them there alike).
        along = spec.xlabel if spec.xlabel is not None else along
        values = spec.ylabel if spec.ylabel is not None else values
        xlabel, ylabel = (values, along) if kind.horizontal else (along, values)
    if kind.values_on_x or not kind.uses_x:
        xlabel = spec.xlabel if spec.xlabel is not None else xlabel
        ylabel = spec.ylabel if spec.ylabel is not None else ylabel
    # At most a fifth of the figure high, so that the plot keeps its room on a small chart; a word
    # too long for a line is shortened, as the y axis title's is (`plot_place._y_title`).
    # One cut to a stub ("si…") is left out: it tells nothing, and the words name it whole.
    x_title = fitted_lines(xlabel, LABEL_SIZE, fig_w * 0.8, fig_h * 0.2, split_words=False) if xlabel else ""
    return title_unless_stub(x_title, xlabel), ylabel


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
    spec = drawn_spec(spec, data)
    title, desc = describe(spec, data)
    with render_lock:
        fig = build_figure(spec, data, dpi=72)
        svg = _figure_to_svg(fig, spec.text == "path", title, desc)
    return follow_colour_scheme(svg) if spec.theme == "auto" else svg


def render_png(spec: ChartSpec, frame: pd.DataFrame, scale: int = 1, limits: Limits = DEFAULT_LIMITS) -> bytes:
    """The chart as PNG bytes, `scale` device pixels per CSS pixel."""
    data = chart_frame(spec, frame, limits)
    spec = drawn_spec(spec, data)
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
