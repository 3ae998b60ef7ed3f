"""Charts: a chart's page (the chart, a form to change it, embed snippets, its data) and the
chart itself as an image, with the data behind it as JSON or CSV."""
from __future__ import annotations

import functools
from datetime import datetime

import pandas as pd
from flask import Blueprint, Response, current_app, render_template, request, url_for
from werkzeug.datastructures import MultiDict
from werkzeug.exceptions import NotFound

from plots import CHART_KINDS, FORMATS, KINDS, ChartSpec, Format, SpecError
from plots.data import arithmetic_columns, data_columns, data_units
from plots.spec_words import spec_words
from plots.fallback_glyphs import boxed_words
from plots.kind_fields import without_untaken
from plots.refusals import refused_fields
from plots.rows import rows_of
from plots.selection import SelectionQuery, is_selection_param
from plots.bar_order import SORTS
from plots.series_split import drawn_spec, table_heads
from plots.reference_lines import MOST_LINES
from plots.running_values import MOST_POINTS
from plots.percentiles import OFFERED_AGGREGATES
from plots.resampling import range_step
from plots.spec import NUMERIC_TYPES, RESAMPLE_RULES, STACKS, THEMES, YSCALES

from ..chart_requests import (ChartRequest, chart_of_dataset, dashboard_chart, dashboard_entry, mended_numbers_x,
                              numbers_x, selection_notes, with_selection)
from ..chart_responses import chart_response
from ..context import clock_now, current_site
from ..dashboards import Dashboard
from ..error_kinds import KIND_HEADER, error_kind
from ..errors import url_meant_words
from ..export import spec_json
from ..export_numbers import json_rows_to_read, with_numbers_to_read
from ..query_parameters import (
    Parameters,
    chart_format,
    chart_fields_asked,
    chart_page_form_parameters,
    every_parameter,
    format_options_of,
    query_fields,
    reads_undecodable_query,
    refuse_bad_query,
    refuse_dashboard_page_parameters,
    refuse_other_format_options,
    refuse_undecodable_query,
    request_checks,
    url_parameters,
)
from ..rendering import drawn_data, rendered_chart, rendered_data
from ..selection_queries import dashboard_query, dataset_query, described_for_filters, refuse_dataset_selection
from ..store import DatasetInfo
from ..tracking_tags import ignores_tracking_tags
from .chart_alt import cannot_draw_alt, chart_described, chosen_rows_words
from .chart_embeds import embed_snippets
from .chart_form import SHOWN_FIELDS, FormFields, form_chart, form_fields, form_sent
from .chart_versions import chart_url, pinned_version
from .data_files import DATA_TYPES, data_body
from .link_previews import absolute, dashboard_chart_image, preview
from .page_links import chart_page_url, with_params
from .table_cells import money_decimals, periods_written
from .phone_charts import fitted_images, phone_image, phone_media
from .range_words import range_parts

bp = Blueprint("charts", __name__)

DATA_FORMATS = tuple(DATA_TYPES)


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
        return chart_response(rendered_chart(chart, fmt, options), fmt.media_type, pinned, chart.max_age,
                              answered="this chart")
    refuse_other_format_options(request.args, extension)

    def written(data: pd.DataFrame, read: DatasetInfo) -> bytes:
        # Monthly sums under the header rainfall_mm would read as rainfall readings: the columns are
        # named as the chart's axis names its values (`spec` says how only where it is not the default).
        drawn = drawn_spec(chart.spec, data)  # a split chart's data is the wide table it draws
        columns = data_columns(drawn, data)
        data = _to_read(drawn, data)
        return data_body(extension, data.set_axis(columns, axis="columns"), {
            "dataset": read.name,
            "version": read.version,
            "spec": spec_json(chart.spec),
            "selection": chart.selection.as_dict(),
            "columns": columns,
        })

    mimetype = DATA_TYPES[extension]
    return chart_response(rendered_data(chart, extension, mimetype, written), mimetype, pinned, chart.max_age,
                          answered="this download")


@bp.get("/d/<board:dashboard>/<board:chart>.<extension:fmt>")
def chart_file(dashboard: str, chart: str, fmt: str):
    """A dashboard's chart, with query parameters laid over its spec."""
    checks = request_checks()  # every bad parameter told at once
    with checks.check():
        refuse_bad_query()
    with checks.needed():
        _refuse_versions_in_capitals(dashboard, chart, fmt)
        image = file_format(fmt)
    # The chart page's URL with .svg added carries its form's shown.* fields: refused, naming the page.
    page_form = chart_page_form_parameters(dashboard, chart, SHOWN_FIELDS)
    with checks.needed():
        _, _, chart_request = dashboard_chart(dashboard, chart, request.args, image, request.path, page_form, checks)
    with checks.check():
        _refuse_options(image, fmt)
    checks.tell()
    return answer(chart_request, image, fmt)


def _refuse_options(image: Format | None, extension: str) -> None:
    """Refuse the request's options of the output format `image` (None: the data as `extension`),
    as `answer` reads them: a bad one, one given twice, or another format's."""
    if image is not None:
        format_options_of(image, request.args)
    else:
        refuse_other_format_options(request.args, extension)


def _refuse_versions_in_capitals(dashboard: str, chart: str, fmt: str) -> None:
    """Raise NotFound naming the dashboard's versions.json for a URL that writes its extension in
    capitals (versions.JSON): routed here as a chart named "versions", which no chart may be, it is
    no chart's unknown format. A dashboard there is not gets its own 404, as its versions.json does."""
    if chart == "versions" and fmt.lower() == "json":
        current_site().dashboard(dashboard)
        raise NotFound(url_meant_words(request.path, "the dashboard's chart versions are at",
                                       url_for('dashboards.versions', name=dashboard)))


@bp.get("/plot/<slug:dataset>.<extension:fmt>")
def plot_file(dataset: str, fmt: str):
    """An ad-hoc chart of any dataset: /plot/animals.svg?kind=bar&y=Bear, narrowed by from, to and filter.<column>."""
    checks = request_checks()  # every bad parameter told at once
    with checks.check():
        refuse_bad_query()
    with checks.needed():
        image = file_format(fmt)
        # A filter naming a column added to a source's table since it was described: described again.
        info = described_for_filters(current_site().store.info(dataset), request.args)
    chart, others = None, functools.partial(url_parameters, image)
    with checks.check():
        chart = chart_of_dataset(info, query_fields(request.args), others=others)
    with checks.check():
        if chart is None:
            # The form of the range and filters, and a filter's column of numbers, told in words of the chart's x
            # as its other fields read it (`mended_numbers_x`): whether the dataset can be narrowed by its dates
            # is told once the chart is read.
            refuse_dataset_selection(info, request.args,
                                     mended_numbers_x(info, query_fields(request.args), checks.refusals, others))
        else:
            # The dataset as the chart found it: described again where the chart named a column it lacked.
            chart = with_selection(chart, dataset_query(chart.dataset, request.args, numbers_x(chart)), clock_now())
    with checks.check():
        _refuse_options(image, fmt)
    checks.tell()
    return answer(chart, image, fmt)


def _to_read(spec: ChartSpec, data: pd.DataFrame) -> pd.DataFrame:
    """A chart's data as its .json and .csv write it: a sum, mean or median as a spreadsheet shows it
    (1.46, not the 1.4600000000000002 of its arithmetic: `arithmetic_columns`), every other value as
    it is, a stored max of 0.30000000000000004 too."""
    return with_numbers_to_read(data, arithmetic_columns(spec, data))


def _undecodable_query() -> SpecError | None:
    """The refusal of the request's query when a name or value of it is not UTF-8 once percent-decoded
    (`refuse_undecodable_query`); None when all of it is."""
    try:
        refuse_undecodable_query()
    except SpecError as error:
        return error
    return None


def _page_parameters(board: Dashboard) -> tuple[str, ...]:
    """What a chart page's refusal of a parameter lists besides the chart fields: those of its image's
    URL. Its form's own `shown.` fields, which it takes too, are the form's marks, which no one types:
    listed, they were half of what a misspelt `widht` was told the page takes."""
    return url_parameters(None, board)


def _opened_rows(board: Dashboard, base_request: ChartRequest, undecodable: SpecError | None,
                 now: datetime, others: Parameters) -> tuple[SelectionQuery, ChartRequest, SpecError | None]:
    """The rows a chart page draws, as the dashboard's form chose them: their query, the chart of
    `base_request` over them (a relative range taken to its step: `range_step`), and the refusal of the
    rows asked for (the page then opens on the dashboard's; `others`: what the page takes besides chart
    fields, listed when a filter is refused)."""
    rows_refusal = None
    try:
        if undecodable is not None and is_selection_param(undecodable.field or ""):
            raise undecodable
        # The rows the dashboard's form chose: the page, its image and its links keep them.
        query = dashboard_query(board, request.args if undecodable is None else MultiDict(),
                                functools.partial(every_parameter, others))
        opened = with_selection(base_request, query, now)  # from must not be after to
    except SpecError as error:
        # Rows that cannot be chosen (from=yesterday, an unknown filter value, from after to): the
        # page shows the rows the dashboard opens with, the form with the message, as for a refused
        # chart field. Its form carries those rows, having no field for them: the refused ones, sent
        # again, would be refused again.
        rows_refusal = error
        query = dashboard_query(board, MultiDict())
        opened = with_selection(base_request, query, now)
    return query, opened, rows_refusal


def _changed_chart(board: Dashboard, opened: ChartRequest, base: ChartSpec, undecodable: SpecError | None,
                   rows_refusal: SpecError | None,
                   others: Parameters) -> tuple[ChartRequest, FormFields, SpecError | None, bool]:
    """The chart a page's query asks for over the rows it `opened`, the form that shows it, the
    refusal of a chart field (the chart is then the dashboard's, the form holding what was sent), and
    whether the chart fields were read (what was refused after is a format's option)."""
    field_refusal = None
    fields_read = False  # the chart fields were taken: what is refused after is a format's option (scale)
    checks = request_checks()  # every bad parameter told at once
    chart_request = opened
    try:
        if undecodable is not None:
            raise undecodable
        with checks.check():
            refuse_bad_query()  # errors=text or v twice: the page takes both (and changes nothing by them)
        with checks.check():
            refuse_dashboard_page_parameters(board, request.args, others, "a chart's page")
        with checks.check():
            chart_request = form_chart(opened, chart_fields_asked(request.args, board), others)
            fields_read = not checks.refused  # as the image, which reads v and errors first
        with checks.check():
            # Read after the chart fields, as the chart's image reads them, and after its rows too.
            refuse_other_format_options(request.args, None)
        checks.tell()
        form = form_fields(chart_request, base, others)
    except SpecError as error:
        # The chart as the dashboard defines it, and the form holding what was sent: the user
        # corrects the refused fields and sends the rest again as it was.
        chart_request = opened
        form = form_sent(request.args, form_fields(opened, base, others), opened.dataset.column_types(),
                         refused_fields(error), current_site().limits)
        field_refusal = None if error is rows_refusal else error
    return chart_request, form, field_refusal, fields_read


def _page_refusal(rows_refusal: SpecError | None, field_refusal: SpecError | None,
                  fields_read: bool) -> SpecError | None:
    """The refusal that gives a chart page its status: the one the chart's image answers the same query with."""
    # The image reads the chart fields, then the rows, then the options of its format.
    first = (rows_refusal, field_refusal) if fields_read else (field_refusal, rows_refusal)
    return next((found for found in first if found is not None), None)


def _file_urls(dashboard: str, chart: str, overrides: dict[str, str],
               selection_params: list[tuple[str, str]]) -> dict[str, str]:
    """The URL of a page's chart in each format and of its data, by extension."""
    extensions = [f.extension for f in FORMATS.values()] + list(DATA_FORMATS)
    return {ext: with_params(url_for("charts.chart_file", dashboard=dashboard, chart=chart, fmt=ext),
                             [*overrides.items(), *selection_params]) for ext in extensions}


@bp.get("/d/<board:dashboard>/<board:chart>")
@ignores_tracking_tags
@reads_undecodable_query
def chart_page(dashboard: str, chart: str):
    """A chart page: the chart, a form to change it, embed snippets, its data."""
    # An unknown dashboard or chart is a 404 saying so, whatever the query holds.
    board, entry, base_request = dashboard_entry(dashboard, chart, every_dataset=True)  # as the dashboard's page
    base = base_request.spec
    now = clock_now()
    # A value that is not UTF-8 (title=%FF) is refused as any bad value is, with the form holding it as
    # the URL writes it (werkzeug keeps its escapes so), but nothing of the query is applied: any other
    # value of it may be as unreadable, and would be read as its escapes. It is said of the rows where
    # it is one of theirs.
    undecodable = _undecodable_query()
    # The refusals of the page's query, each shown above its form: of its rows, and of a chart field.
    others = functools.partial(_page_parameters, board)
    query, opened, rows_refusal = _opened_rows(board, base_request, undecodable, now, others)
    chart_request, form, field_refusal, fields_read = _changed_chart(board, opened, base, undecodable, rows_refusal,
                                                                      others)
    if range_step(chart_request.spec) != range_step(base):  # a relative range by the URL's step, as its image's
        query, chart_request, rows_refusal = _opened_rows(board, chart_request, undecodable, now, others)
    refusal = _page_refusal(rows_refusal, field_refusal, fields_read)
    status = refusal.status if refusal else 200
    spec = chart_request.spec
    # Written over the dashboard's chart as the kind drawn takes it: a field of its that the kind takes none of is
    # left out whether the URL says so or not (`kind=bar`, not `kind=bar&gap=none`).
    overrides = spec.to_query(without_untaken(base, CHART_KINDS[spec.kind]))
    version = chart_request.dataset.version
    selection_params = query.params(board.range)  # as asked: links and embeds move with the clock
    files = _file_urls(dashboard, chart, overrides, selection_params)
    image_params = chart_request.query.params(board.range)
    svg_url = absolute(files["svg"])
    cannot_draw = None
    try:
        drawn = drawn_data(chart_request)
        data = drawn.frame
        described = chart_described(chart_request, drawn)
        alt, boxed = described.alt, boxed_words(described.boxed)
        # Rows appended since the chart looked up its version are in its words and table: its image
        # names the version they were read at.
        version = drawn.info.version or version
    except SpecError as spec_error:
        # Too many bar categories or values for these settings: the form, with them, is how to change
        # them, so the page still shows it with the message (the image shows the message too).
        cannot_draw, status, refusal = spec_error.message, spec_error.status, spec_error
        data, alt, boxed = pd.DataFrame(), cannot_draw_alt(spec_error.message), None
    # A pasted snippet's image shows the rows as they are when it is read (its URL holds no version):
    # its alt text says what the chart is, not what its rows are now, and which rows its URL chooses,
    # its range as asked, as the URL moves with the clock.
    # An e-mail's PNG is drawn at twice its size, sharp on the screens that have twice the pixels.
    png_url = absolute(with_params(url_for("charts.chart_file", dashboard=dashboard, chart=chart, fmt="png"),
                                   [*overrides.items(), *selection_params, ("scale", "2")]))
    embed_html, embed_markdown, embed_email = embed_snippets(
        svg_url, png_url, spec, chosen_rows_words(spec_words(spec), chart_request, query.range))
    # A chart that cannot be drawn has no image to preview: its page's words say why. The page's URL
    # in the preview is the chart it shows, never a field it refused.
    image = None if cannot_draw else dashboard_chart_image(board, chart, overrides, version, image_params)
    shown = preview(alt, chart_page_url(dashboard, chart, [*overrides.items(), *selection_params]), image, alt)
    # The chart's image URL, drawn as the fields it is given ask.
    image_src = functools.partial(chart_url, "charts.chart_file", version=version, selection=image_params,
                                  dashboard=dashboard, chart=chart, fmt="svg")
    # A phone asks for the chart drawn as wide as it shows it (phone_charts.py); its image says why it cannot be drawn.
    phone = {} if cannot_draw else phone_image(spec, lambda size: image_src({**overrides, **size}))
    # A wider screen that shows it narrower than it is drawn asks for it drawn about as wide as it shows it.
    fitted = [] if cannot_draw else fitted_images(spec, lambda size: image_src({**overrides, **size}))
    drawn_as = drawn_spec(spec, data)  # a split chart's table is the wide one it draws
    units = data_units(spec, data)  # a number of `price ($)` shown $1,234.50, of the data's 1234.5
    # A table is read, not reused: every number in it as a person reads it (0.3 for a stored
    # 0.30000000000000004); the chart's .json and .csv keep every stored digit.
    table_rows = periods_written(json_rows_to_read(data, current_app.config["TABLE_ROWS"],
                                                   arithmetic_columns(drawn_as, data)), data, drawn_as)
    html = render_template(
        "chart.html",
        preview=shown,
        board=board,
        entry=entry,
        spec=spec,
        rows_error=rows_refusal.message if rows_refusal else None,
        error=field_refusal.message if field_refusal else None,
        invalid=refused_fields(field_refusal),
        cannot_draw=cannot_draw,
        src=image_src(overrides),
        phone=phone,
        phone_media=phone_media(1),
        fitted=fitted,
        selection_params=selection_params,
        form=form,
        board_url=with_params(url_for("dashboards.dashboard", name=board.name), selection_params),
        reset_url=chart_page_url(dashboard, chart, selection_params),
        range=range_parts(query.range, chart_request.query.range) if query.range.bounded else [],
        relative=query.range.relative,  # loaded anew when Back brings it back (relative-range.js)
        filters=[(board.filter_on(column).label, values) for column, values in query.filters],
        notes=selection_notes(chart_request, board),
        alt=alt,
        files=files,
        boxed=boxed,
        absolute=svg_url,
        embed_html=embed_html,
        embed_markdown=embed_markdown,
        embed_email=embed_email,
        columns=chart_request.dataset.columns,
        numeric=[c.name for c in chart_request.dataset.columns if c.type in NUMERIC_TYPES],
        table_columns=table_heads(spec, data, data_columns(drawn_as, data)),
        table_units=units,
        table_decimals=money_decimals(table_rows, units),  # amounts to the cent, as a dataset's page writes them
        table_rows=table_rows,
        total_rows=rows_of(data),
        kinds=KINDS,
        themes=THEMES,
        yscales=YSCALES,
        stacks=STACKS,
        sorts=SORTS,
        resample_rules=tuple(RESAMPLE_RULES),
        aggregates=OFFERED_AGGREGATES,
        max_bins=current_site().limits.max_bins,
        max_categories=current_site().limits.max_categories,
        most_points=MOST_POINTS,
        most_lines=MOST_LINES,
    )
    return html, status, {KIND_HEADER: error_kind(refusal, status)} if refusal is not None else {}
