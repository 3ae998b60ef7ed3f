"""The chart a request asks for: a dashboard's or an ad-hoc one of a dataset, the request's fields
laid over its spec, narrowed to the rows the request selects."""
from __future__ import annotations

import dataclasses
import functools
from collections.abc import Callable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime
from typing import TypeVar

from flask import g
from werkzeug.exceptions import HTTPException

from plots import CHART_KINDS, ChartSpec, Format, SpecError, parse_spec
from plots.field_values import NoColumn
from plots.refusals import Checks, refused_fields
from plots.resampling import range_step
from plots.selection import Selection, SelectionQuery
from plots.spec import NUMERIC_TYPES
from plots.text import looking_like, quoted_name, values_listed

from .column_cells import with_cell_named

from .context import clock_now, current_site
from .dashboard_charts import Chart
from .dashboards import Dashboard
from .filter_values import look_alike_values
from .query_parameters import (Parameters, chart_fields_asked, every_parameter, query_fields,
                               refuse_dashboard_page_parameters, url_parameters)
from .selection_queries import asks_filter_values, dashboard_infos, dashboard_query, described_for_dashboard_filters
from .store import DatasetInfo, StoreError, described_holding, read_info

T = TypeVar("T")


@dataclass(frozen=True)
class ChartRequest:
    """A chart to draw: the dataset as it is now, a validated spec and the rows asked for.

    `query` holds the range as moments (resolved once per request); `max_age` is set when the URL
    asked for a range relative to now: the seconds an answer stays right.
    """

    dataset: DatasetInfo
    spec: ChartSpec
    query: SelectionQuery = SelectionQuery()
    max_age: int | None = None

    @functools.cached_property
    def selection(self) -> Selection:
        """The rows this chart draws: the query as it applies to this dataset and x (worked out once
        per request: the cache key, the read and the alt text all ask for it)."""
        return self.query.selection_for(self.dataset.column_types(), self.spec.x)


def selection_notes(chart: ChartRequest, board: Dashboard | None = None) -> list[str]:
    """Sentences saying which of the rows asked for a chart could not be chosen in its dataset, and
    where a filter chose none of its rows though it holds a value that looks like one chosen."""
    notes = []
    if chart.query.range_left_out(chart.selection):
        # Whole only when no filter narrowed it either.
        drawn = "Not narrowed to the time range" if chart.selection.filters else "Drawn whole"
        notes.append(f"{drawn}: {chart.dataset.name} has no date column for the time range.")
    for part in chart.query.filters_left_out(chart.selection):
        # A column named as a refusal names it ('pond'), where the note named it bare ("has no text column
        # pond"), which read as words of the sentence; a dashboard's filter by the label its form shows.
        offered = board.filter_on(part) if board is not None else None
        notes.append(f"Not filtered by {offered.label if offered else quoted_name(part)}: "
                     f"{chart.dataset.name} has no text column {quoted_name(part)}.")
    for column, values in chart.selection.filters:
        alike = look_alike_values(chart.dataset, column, values)
        if alike:
            notes.append(_look_alike_note(chart.dataset.name, column, values, alike, board))
    return notes


def _look_alike_note(dataset: str, column: str, values: Sequence[str], alike: Sequence[str],
                     board: Dashboard | None) -> str:
    """Words saying that a filter of `column` by `values` chose no row of `dataset`, which holds the
    values `alike` that look the same: a filter matches a value exactly, so a dashboard offers
    `'cafe\\u0301'` of one dataset beside `café` of another, each choosing its own rows."""
    named = looking_like(column, [offered.column for offered in board.filters]) if board is not None else None
    offered = board.filter_on(named) if board is not None and named is not None else None
    one = len(alike) == 1
    return (f"No rows of {dataset} hold {offered.label if offered else quoted_name(column)} {values_listed(values)}: "
            f"it holds {values_listed(alike)}, which {'looks' if one else 'look'} the same but is "
            f"written otherwise; choose {'that' if one else 'one of those'} to draw its rows.")


def dashboard_chart(dashboard_name: str, chart_id: str, args: Mapping | None = None,
                    fmt: Format | None = None, where: str = "a chart's URL",
                    page_form: Mapping[str, str] | None = None,
                    checks: Checks | None = None) -> tuple[Dashboard, Chart, ChartRequest]:
    """A dashboard chart with the request's fields laid over its own, narrowed to the rows the
    request selects over the dashboard's range; raises NotFound or SpecError (`fmt`: the image
    format the URL ends in, as `url_parameters` takes it; `where`: what the URL is, in words, for
    a refusal of a parameter of the dashboard's page, or of the chart page's form: `page_form`, as
    `chart_page_form_parameters` makes it).

    The chart's fields, the page's parameters and the rows are checked apart, their refusals told at
    once; on `checks` when given, whose caller tells them (the chart returned is then no chart to
    draw while `checks.refused`)."""
    # A URL that filters reads every dataset's values of the filter: their descriptions with its own in one read.
    filters = asks_filter_values(args or {})
    if filters:  # a filter on a column just added to a source's table: the descriptions the chart draws read again
        described_for_dashboard_filters(current_site().dashboard(dashboard_name), args)
    dashboard, chart, request = dashboard_entry(dashboard_name, chart_id, every_dataset=filters)
    others = functools.partial(url_parameters, fmt, dashboard)
    told = checks or Checks(args.keys() if args else ())
    changed = request
    if args:
        with told.check():
            refuse_dashboard_page_parameters(dashboard, args, others, where, page_form)
        with told.check():
            changed = with_query(request, chart_fields_asked(args, dashboard, page_form), others)
    with told.check():
        # The dataset as the chart's fields found it: described again where they named a column it lacked.
        query = dashboard_query(dashboard, args or {}, functools.partial(every_parameter, others), changed.dataset)
        changed = with_selection(changed, query, clock_now())  # from must not be after to
    if checks is None:
        told.tell()
    return dashboard, chart, changed


def dashboard_entry(dashboard_name: str, chart_id: str,
                    every_dataset: bool = False) -> tuple[Dashboard, Chart, ChartRequest]:
    """A dashboard chart as its file defines it, over every row; raises NotFound or SpecError, or the
    StoreError reading its dataset meets. `every_dataset`: its dataset's description is taken from
    the dashboard's datasets' (`dashboard_infos`, all of them read at once, as its page reads them,
    once a request), for a request that reads them all anyway for its filters' values (a chart page
    of a dashboard that has filters, a URL that filters); else it is read alone, so that a chart's
    page waits on no other chart's database."""
    site = current_site()
    dashboard = site.dashboard(dashboard_name)
    chart = dashboard.chart(chart_id)
    # An error in its place before its spec is made (a column gone, its source down) takes the theme
    # and size its file gives.
    g.chart_base = chart.spec_alone(site.limits)
    shared = every_dataset and dashboard.filters  # without filters no other dataset's values are read
    info = read_info(dashboard_infos(dashboard)[chart.dataset]) if shared else site.store.info(chart.dataset)
    defined = chart_of_dashboard(chart, info)
    g.chart_base = defined.spec  # an error in its place takes its theme and size (`responses`)
    return dashboard, chart, defined


@contextmanager
def _cells_named(info: DatasetInfo) -> Iterator[None]:
    """Raise a SpecError refusing a text column of `info` naming the cell that made it text (`with_cell_named`)."""
    try:
        yield
    except SpecError as error:
        named = with_cell_named(error, current_site().store, info)
        if named is error:
            raise
        raise named from None


def chart_of_dashboard(chart: Chart, info: DatasetInfo) -> ChartRequest:
    """A dashboard chart as its file defines it, over `info` (the dataset as it is now); raises SpecError
    naming the file and the chart (a 400, or the 404 of a column `info` has not), and quoting the numbers
    it got as the file wrote them (`Chart.refused`)."""
    def over(now: DatasetInfo) -> ChartRequest:
        return ChartRequest(now, chart.spec(now.columns, current_site().limits))

    try:
        with _cells_named(info):
            return _over_columns_now(info, over)
    except SpecError as error:
        raise chart.refused(error) from None


def with_query(request: ChartRequest, args: Mapping, others: Parameters = ()) -> ChartRequest:
    """The same chart and rows with the request's query fields laid over its spec (`others`: the URL's
    `url_parameters`, or a function that makes them, as parse_spec takes them); raises SpecError."""
    def over(now: DatasetInfo) -> ChartRequest:
        spec = parse_spec(query_fields(args), now.column_types(), base=request.spec, limits=current_site().limits,
                          others=others)
        return dataclasses.replace(request, dataset=now, spec=spec)

    with _cells_named(request.dataset):
        return _over_columns_now(request.dataset, over)


def with_selection(request: ChartRequest, query: SelectionQuery, now: datetime) -> ChartRequest:
    """The same chart narrowed to the rows of `query`, its range resolved at `now`; raises SpecError
    when from is after to."""
    step = range_step(request.spec)  # an hourly chart's relative range taken to the hour
    return dataclasses.replace(request, query=query.resolved(now, step), max_age=query.range.fresh_for(now, step))


def chart_of_dataset(info: DatasetInfo, fields: Mapping[str, list[str]], base: ChartSpec | None = None,
                     others: Parameters = ()) -> ChartRequest:
    """A chart of the dataset `info` describes, from `fields` over `base` (`others`: the URL's
    `url_parameters`, or a function that makes them); raises SpecError."""
    def over(now: DatasetInfo) -> ChartRequest:
        return ChartRequest(now, parse_spec(fields, now.column_types(), base=base, limits=current_site().limits,
                                            others=others))

    with _cells_named(info):
        return _over_columns_now(info, over)


def numbers_x(chart: ChartRequest) -> str | None:
    """The chart's x where it is a number column whose rows xmin and xmax bound, as a range of
    years is asked of a dataset without dates: the refusal of its range, or of a filter of that
    column, names it."""
    x = chart.spec.x
    if CHART_KINDS[chart.spec.kind].x_bounds != "rows" or chart.dataset.column_types().get(x) not in NUMERIC_TYPES:
        return None
    return x


def mended_numbers_x(info: DatasetInfo, fields: Mapping[str, list[str]], refusals: Sequence[SpecError],
                     others: Parameters = ()) -> str | None:
    """`numbers_x` of the chart of `fields` over the dataset `info` describes once the fields `refusals`
    name are mended, as its other fields read it (its `x=n` kept beside a refused `width=abc`), so that a
    refusal of the rows listed beside theirs says what it says of the chart read; None where it is still
    refused so (`others` as `chart_of_dataset` takes them)."""
    refused = {field for refusal in refusals for field in refused_fields(refusal)}
    try:
        chart = chart_of_dataset(info, {name: values for name, values in fields.items() if name not in refused},
                                 others=others)
    except (SpecError, HTTPException, StoreError):  # told, if at all, once the others are mended
        return None
    return numbers_x(chart)


def _over_columns_now(info: DatasetInfo, chart: Callable[[DatasetInfo], T]) -> T:
    """`chart(info)`; where it names a column `info` lacks (`NoColumn`), `chart` of the dataset's
    description read again, where that is another (`described_holding`: a source's table whose
    column was renamed back or added since it was described), else that refusal."""
    try:
        return chart(info)
    except NoColumn as refusal:
        now = described_holding(current_site().store, info, {refusal.name: None})
        if now is info:
            raise refusal from None
    return chart(now)


def dataset_chart(dataset: str, fields: Mapping[str, list[str]], base: ChartSpec | None = None,
                  others: Parameters = ()) -> ChartRequest:
    """An ad-hoc chart of a dataset (`others`: the URL's `url_parameters`, or a function that makes
    them); raises NotFound or SpecError."""
    return chart_of_dataset(current_site().store.info(dataset), fields, base, others)
