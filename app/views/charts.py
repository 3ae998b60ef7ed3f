"""Charts: a chart's page (the chart, a form to change it, embed snippets, its data) and the
chart itself as an image, with the data behind it as JSON or CSV."""
from __future__ import annotations

import dataclasses
import functools
import string
from collections.abc import Mapping
from datetime import datetime
from html import escape
from urllib.parse import quote

import pandas as pd
from flask import Blueprint, Response, current_app, render_template, request, url_for
from werkzeug.datastructures import MultiDict

from plots import CHART_KINDS, FORMATS, KINDS, ChartSpec, Format, Kind, SpecError
from plots.rows import rows_of
from plots.spec import AGGREGATES, AUTO, BOUNDS, NUMERIC_TYPES, RESAMPLE_RULES, THEMES, refuse_repeated
from plots.timerange import format_moment

from ..chart_requests import (
    ChartRequest,
    dashboard_chart,
    dashboard_entry,
    dataset_chart,
    selection_notes,
    with_query,
    with_selection,
)
from ..context import clock_now, current_site
from ..export import frame_json_rows, spec_json
from ..query_parameters import (
    Parameters,
    chart_format,
    format_options_of,
    query_fields,
    refuse_bad_query,
    refuse_dashboard_page_parameters,
    refuse_other_format_options,
    url_parameters,
)
from ..rendering import drawn_data, rendered_chart, rendered_data
from ..responses import chart_response
from ..selection_queries import dashboard_query, dataset_query
from ..store import DatasetInfo
from .base import (
    DATA_TYPES,
    alt_text,
    chart_page_url,
    chart_url,
    data_body,
    pinned_version,
    range_text,
    with_params,
)

bp = Blueprint("charts", __name__)
bp.before_request(refuse_bad_query)

DATA_FORMATS = tuple(DATA_TYPES)
# The characters a backslash escapes in CommonMark: every ASCII punctuation character.
MARKDOWN_PUNCTUATION = frozenset(string.punctuation)
# What a URL is written with that stays as it is in a Markdown link destination (letters, digits and
# "_.-~" always do); "%" keeps its escapes.
MARKDOWN_URL_SAFE = "!#$%&'*+,/:=?@[]"
# The spec fields a chart page's form has a field for; it carries the others as hidden inputs, so
# those must be ones every kind takes (xlabel, ylabel, text), or ones the form drops for a kind that
# refuses them (legend, under kind=box): a hidden one cannot be cleared.
FORM_FIELDS = ("kind", "x", "y", "title", "width", "height", "theme", "bins", "xmin", "xmax", "ymin", "ymax",
               "resample", "agg")
# The bounds whose meaning the kind and x decide (a date, a number, or none at all: a box plot's). The
# form carries each one it fills in a second time, hidden, as `shown.<bound>`: one sent back as it was
# shown was not typed, and is dropped where the kind or x switched to leaves no place for it.
X_BOUNDS = ("xmin", "xmax")
SHOWN = "shown."
# The fields whose dashboard value a kind or an x may refuse (resample under kind=hist, a date xmin under
# kind=box). Where the page's chart refuses it, the form fills in none (resample none, a bound blank) and
# carries that too as `shown.<field>`: sent back as shown, the field is left out of the form's answer, so
# that a kind or x switched to that takes it again draws the dashboard's, not none. Where the page's
# chart takes it, none is the user's choice and carries no `shown.` field.
REFUSED_SHOWN = {"resample": "none", "xmin": "", "xmax": ""}  # as the form fills each in then
# The form carries its x and the y it ticks alike, as `shown.x` and `shown.y` (one per y): an x switched
# to a y that was ticked when the page opened is a y left ticked, not one asked for with it, and is
# taken off the y (a bar chart refuses its x as a y; a line of a column against itself tells nothing).
SHOWN_FIELDS = tuple(SHOWN + name for name in (*X_BOUNDS, "resample", "x", "y"))


def file_format(extension: str) -> Format | None:
    """The image format a chart file's extension names; None for the data it draws (.json, .csv).
    Raises NotFound naming the extensions there are."""
    return None if extension in DATA_FORMATS else chart_format(extension)


def answer(chart: ChartRequest, fmt: Format | None, extension: str) -> Response:
    """The chart as the file `extension` names: an image in `fmt`, or (None) the data it draws,
    cached alike (`chart_response`; chart.max_age: set for a range relative to now, right until its
    moments move on)."""
    pinned = pinned_version(request.args.get("v"), request.view_args or {})
    if fmt is not None:
        options = format_options_of(fmt, request.args)
        return chart_response(rendered_chart(chart, fmt, options), fmt.media_type, pinned, chart.max_age)
    refuse_other_format_options(request.args, extension)

    def written(data: pd.DataFrame, read: DatasetInfo) -> bytes:
        return data_body(extension, data, {
            "dataset": read.name,
            "version": read.version,
            "spec": spec_json(chart.spec),
            "selection": chart.selection.as_dict(),
            "columns": list(data.columns),
        })

    mimetype = DATA_TYPES[extension]
    return chart_response(rendered_data(chart, extension, mimetype, written), mimetype, pinned, chart.max_age)


@bp.get("/d/<slug:dashboard>/<slug:chart>.<extension:fmt>")
def chart_file(dashboard: str, chart: str, fmt: str):
    """A dashboard's chart, with query parameters laid over its spec."""
    image = file_format(fmt)
    _, _, chart_request = dashboard_chart(dashboard, chart, request.args, image, request.path)
    return answer(chart_request, image, fmt)


@bp.get("/plot/<slug:dataset>.<extension:fmt>")
def plot_file(dataset: str, fmt: str):
    """An ad-hoc chart of any dataset: /plot/animals.svg?kind=bar&y=Bear, narrowed by from, to and filter.<column>."""
    image = file_format(fmt)
    chart = dataset_chart(dataset, query_fields(request.args), others=functools.partial(url_parameters, image))
    return answer(with_selection(chart, dataset_query(chart.dataset, request.args), clock_now()), image, fmt)


def bound_text(value: float | datetime | None) -> str:
    """A bound as the chart page's form fills it in: a date as a URL writes it (2024-01-31 at
    midnight, else 2024-01-31T08:00:00), a number as it is, none as blank."""
    if value is None:
        return ""
    return format_moment(value) if isinstance(value, datetime) else str(value)


def _form_answer(args: MultiDict, base: ChartSpec, columns: Mapping[str, str]) -> MultiDict:
    """The page's query as its form means it: the form shows every bound the chart has, so a
    bound left blank asks for none (`auto`), where in an image URL a blank one keeps the
    dashboard's; and it shows x, bins, resample and agg whatever the kind and x, so that a kind or x
    switched to takes none of them it refuses: bins, agg and x sent with a kind that uses none are
    ignored, and a resample with a kind that takes none, or an x (`columns`: the dataset's column
    types) that holds no dates, asks for none (the dashboard's would be refused). A resample or x bound
    the form filled in as none because the page's chart refused the dashboard's (`REFUSED_SHOWN`), sent
    back as shown, is left out, so that the dashboard's applies again where it is taken. The `shown.`
    fields, which only the form's own fields are read against (`_sent_as_shown`), are left out.
    Raises SpecError for a `shown.` field given twice."""
    answer = MultiDict(args)
    for name in SHOWN_FIELDS:
        answer.poplist(name)
    for name in BOUNDS:
        values = answer.getlist(name)
        if values and not any(value.strip() for value in values):
            answer.setlist(name, [AUTO])
    for name, none in REFUSED_SHOWN.items():
        if _sent_as_shown(args, name) and args.get(name) == none:
            answer.poplist(name)  # form_chart asks for none again where the kind or x asked for refuses it
    kind = _asked_kind(answer, base)
    if kind is not None and not kind.bins:
        # The bins box still holds the histogram's when the user picks another kind: switching
        # kind must not need clearing it first. An unknown kind is left for the spec to refuse.
        answer.poplist("bins")
    x = _asked_x(answer, columns) or base.x
    # An x that is no column is left for the spec to refuse, naming the columns.
    if kind is not None and (not kind.resample or (x in columns and columns[x] != "datetime")):
        answer.setlist("resample", ["none"])
    resample = answer.get("resample", base.resample or "none").strip().lower()
    if kind is not None and not kind.categorical and resample in ("", "none"):
        answer.poplist("agg")  # the one a bar chart or a resampled line combined rows with
    if kind is not None and not kind.uses_x:
        answer.poplist("x")  # the one a line or a bar chart placed its rows by, which is not the chart's own
    if kind is not None and not kind.legend:
        answer.poplist("legend")  # a box plot names its series on its axis and refuses legend=true
    return answer


def _sent_as_shown(args: MultiDict, name: str) -> bool:
    """Whether the form sent the field `name` back as it showed it (`shown.<name>`): filled in, not
    chosen. Raises SpecError for a `shown.` field given twice."""
    shown = args.getlist(SHOWN + name)
    refuse_repeated(SHOWN + name, shown)
    return bool(shown) and args.getlist(name) == shown


def _untouched_bounds(args: MultiDict) -> list[str]:
    """The x bounds the form sent back as it showed them (`shown.<bound>`): filled in, not typed, a
    blank one too where the page's chart refused the dashboard's (`_form_answer` leaves it out).
    Raises SpecError for a `shown.` field given twice."""
    return [name for name in X_BOUNDS if _sent_as_shown(args, name)]


def _asked_kind(answer: MultiDict, base: ChartSpec) -> Kind | None:
    """The kind the form's `answer` asks for, as parse_spec reads it (blank: `base`'s); None for one
    that is no kind, left for the spec to refuse."""
    return CHART_KINDS.get(answer.get("kind", "").strip().lower() or base.kind)


def _asked_x(answer: MultiDict, columns: Mapping[str, str]) -> str:
    """The x the form's `answer` names, as parse_spec reads it; "" for none."""
    x = answer.get("x", "")
    return x if x in columns else x.strip()


def _x_switched_to_a_shown_y(args: MultiDict, answer: MultiDict, columns: Mapping[str, str]) -> str | None:
    """The x of the form's `answer` (`_form_answer`: none for a kind that places no rows by x) when it
    is not the x the form showed (`shown.x`, read from `args`) but one of the y it showed ticked
    (`shown.y`); None otherwise. Raises SpecError for `shown.x` given twice."""
    shown = args.getlist(SHOWN + "x")
    refuse_repeated(SHOWN + "x", shown)
    x = _asked_x(answer, columns)
    if not shown or not x or x == shown[0] or x not in args.getlist(SHOWN + "y"):
        return None
    return x


def _without_switched_x(answer: MultiDict, base: ChartRequest, x: str) -> ChartRequest:
    """`base` for `answer`, whose x was switched to `x`, a y the form showed ticked: `x` taken off the
    answer's y, and, when no y is left, off the base's, so that the chart's other y apply (or, with
    none, the numeric columns besides x, as for a chart that names no y)."""
    ticked = [name for name in answer.getlist("y") if name != x]
    if any(name.strip() for name in ticked):
        answer.setlist("y", ticked)
        return base
    answer.poplist("y")
    return dataclasses.replace(base, spec=dataclasses.replace(base.spec, y=tuple(y for y in base.spec.y if y != x)))


def form_chart(base: ChartRequest, args: MultiDict, others: Parameters) -> ChartRequest:
    """The chart the page's form asks for over `base` (`others`: the page's parameters besides the
    chart fields, as `with_query` takes them): its query as `_form_answer` reads it, an x switched to
    a y the form showed ticked taken off the y (`_without_switched_x`), and an x bound the form
    filled in and got back untouched set to `auto` where the kind or x now asked for refuses it (a
    date under kind=hist, any under kind=box or over an x of text). A bound the user typed, and a y
    ticked with the x it names, are refused as in any URL. The dashboard's bound where the page's chart
    refused it and the form got its blank back is left out (`_form_answer`), so that the dashboard's
    own applies where the kind or x asked for takes it, and is set to `auto` where that refuses it
    too. Raises SpecError."""
    columns = base.dataset.column_types()
    answer = _form_answer(args, base.spec, columns)
    switched = _x_switched_to_a_shown_y(args, answer, columns)
    if switched is not None:
        base = _without_switched_x(answer, base, switched)
    for name in _untouched_bounds(args):
        # Asked alone, so that only what refuses this one drops it: one that is merely not less
        # than a typed xmax is still refused.
        if _refuses(base, answer, name, others):
            answer.setlist(name, [AUTO])
    return with_query(base, answer, others)


def _refuses(chart: ChartRequest, query: MultiDict, name: str, others: Parameters) -> bool:
    """Whether `chart` with `query` refuses its field `name`, an x bound asked alone (the other one
    `auto`, fitting the data), so that only what refuses this one counts."""
    alone = MultiDict(query)
    if name in X_BOUNDS:
        alone.setlist(next(other for other in X_BOUNDS if other != name), [AUTO])
    try:
        with_query(chart, alone, others)
    except SpecError as refusal:
        return refusal.field == name
    return False


def _refused_by_page(chart: ChartRequest, base: ChartSpec, others: Parameters) -> list[str]:
    """The fields of `REFUSED_SHOWN` that the dashboard's chart (`base`) sets and the page's `chart` has
    none of because its kind or x refuses the dashboard's value (resample under kind=hist, a date
    xmin under kind=box or over an x of numbers): none of them was the user's choice."""
    asked = {name: bound_text(value) if name in X_BOUNDS else value
             for name in REFUSED_SHOWN if (value := getattr(base, name)) is not None}
    return [name for name, value in asked.items()
            if getattr(chart.spec, name) is None and _refuses(chart, MultiDict({name: value}), name, others)]


def embed_snippets(url: str, spec: ChartSpec, alt: str) -> tuple[str, str]:
    """The HTML and the Markdown that show the chart at `url` with `alt` as its alt text.

    The alt text is one line in both: it starts with the title, which may hold line breaks, and in
    Markdown a blank line would end the image (a paragraph of its own, as it would end an HTML
    block too) and a line starting "# " or "- " would become a heading or a list.
    """
    one_line = " ".join(alt.split())
    html = f'<img src="{escape(url)}" width="{spec.width}" height="{spec.height}" alt="{escape(one_line)}">'
    return html, f"![{markdown_text(one_line)}]({markdown_url(url)})"


def markdown_text(text: str) -> str:
    """`text` as Markdown that shows it as it is: each ASCII punctuation character, any of which
    CommonMark lets a backslash escape, escaped, so that none starts emphasis (`5*3*2`), a code span,
    an autolink, an entity (`&copy;`) or a link, or ends the image's alt text (`]`)."""
    return "".join("\\" + ch if ch in MARKDOWN_PUNCTUATION else ch for ch in text)


def markdown_url(url: str) -> str:
    """`url` as a Markdown link destination, written in `(...)`: percent-encoded but for the characters
    a URL's parts are written with, so it holds no space, parenthesis, `<`, backslash, backtick or
    `;` (which could end an entity), any of which could end it early or be read as something else."""
    return quote(url, safe=MARKDOWN_URL_SAFE)


def _to_read(rows: list[list]) -> list[list]:
    """A chart page's rows as its table shows them: numbers in 15 significant digits, all a double
    holds for sure, so that a mean or a sum shows 1.46, not 1.4600000000000002 (the digits of its
    arithmetic). Its .json and .csv give them whole."""
    return [[float(f"{value:.15g}") if isinstance(value, float) else value for value in row] for row in rows]


@bp.get("/d/<slug:dashboard>/<slug:chart>")
def chart_page(dashboard: str, chart: str):
    """A chart page: the chart, a form to change it, embed snippets, its data."""
    board, entry, base_request = dashboard_entry(dashboard, chart)
    base = base_request.spec
    # The rows the dashboard's form chose: the page, its image and its links keep them.
    error, status = None, 200
    try:
        query = dashboard_query(board, request.args)
    except SpecError as refusal:
        # Rows that cannot be chosen (from=yesterday, an unknown filter value): the page shows the
        # rows the dashboard opens with, and the form with the message, as for a refused chart field.
        error, status = refusal.message, refusal.status
        query = dashboard_query(board, MultiDict())
    now = clock_now()
    base_request = with_selection(base_request, query, now)

    def others() -> tuple[str, ...]:
        """What the page takes besides the chart fields: those of its image's URL, and its form's own."""
        return (*url_parameters(None, board), *SHOWN_FIELDS)

    try:
        refuse_other_format_options(request.args, None)
        refuse_dashboard_page_parameters(board, request.args, others, "a chart's page")
        chart_request = form_chart(base_request, request.args, others)
    except SpecError as spec_error:
        # Show the form again with the message, and the chart as the dashboard defines it.
        chart_request = base_request
        if error is None:
            error, status = spec_error.message, 400
    spec = chart_request.spec
    overrides = spec.to_query(base)
    bounds = {name: bound_text(getattr(spec, name)) for name in BOUNDS}
    version = chart_request.dataset.version
    selection_params = query.params(board.range)  # as asked: links and embeds move with the clock
    extensions = [f.extension for f in FORMATS.values()] + list(DATA_FORMATS)
    files = {ext: with_params(url_for("charts.chart_file", dashboard=dashboard, chart=chart, fmt=ext),
                              [*overrides.items(), *selection_params]) for ext in extensions}
    absolute = request.host_url.rstrip("/") + files["svg"]
    cannot_draw = None
    try:
        data = drawn_data(chart_request)
        alt = alt_text(chart_request, data)
    except SpecError as spec_error:
        # Too many bar categories or values for these settings: the form, with them, is how to change
        # them, so the page still shows it with the message (the image shows the message too).
        cannot_draw, status = spec_error.message, spec_error.status
        data, alt = pd.DataFrame(), f"This chart cannot be drawn: {spec_error.message}"
    embed_html, embed_markdown = embed_snippets(absolute, spec, alt)
    html = render_template(
        "chart.html",
        board=board,
        entry=entry,
        spec=spec,
        error=error,
        cannot_draw=cannot_draw,
        src=chart_url("charts.chart_file", overrides, version, chart_request.query.params(board.range),
                      dashboard=dashboard, chart=chart, fmt="svg"),
        selection_params=selection_params,
        # Without them, the form's answer would lose what the page was opened with (xlabel=Degrees, say).
        hidden_fields=[(name, value) for name, value in overrides.items() if name not in FORM_FIELDS],
        shown_fields=[  # as form_chart reads them
            *((SHOWN + name, bounds[name]) for name in X_BOUNDS if bounds[name]),
            *((SHOWN + name, REFUSED_SHOWN[name]) for name in _refused_by_page(chart_request, base, others)),
            *([(SHOWN + "x", spec.x)] if spec.x else []),
            *((SHOWN + "y", name) for name in spec.y),
        ],
        bounds=bounds,
        board_url=with_params(url_for("dashboards.dashboard", name=board.name), selection_params),
        reset_url=chart_page_url(dashboard, chart, selection_params),
        range=range_text(query.range, chart_request.query.range) if query.range.bounded else "",
        filters=[(board.filter_on(column).label, values) for column, values in query.filters],
        notes=selection_notes(chart_request, board),
        alt=alt,
        files=files,
        absolute=absolute,
        embed_html=embed_html,
        embed_markdown=embed_markdown,
        columns=chart_request.dataset.columns,
        numeric=[c.name for c in chart_request.dataset.columns if c.type in NUMERIC_TYPES],
        table_columns=list(data.columns),
        table_rows=_to_read(frame_json_rows(data, current_app.config["TABLE_ROWS"])),
        total_rows=rows_of(data),
        kinds=KINDS,
        themes=THEMES,
        resample_rules=tuple(RESAMPLE_RULES),
        aggregates=AGGREGATES,
        max_bins=current_site().limits.max_bins,
    )
    return html, status
