"""The rows a URL selects (from, to, filter.<column>), checked against a dashboard or a dataset.

A filter's column and values are taken as the dataset spells them, or refused naming what there
is: a filter a dashboard does not offer as a parameter its URLs do not take (a 400), a column or
value there is not with a 404; the values a dashboard's filters offer are read once per data version.
"""
from __future__ import annotations

import dataclasses
from bisect import bisect_left
from collections.abc import Callable, Iterable, Mapping, Sequence
from urllib.parse import quote

from werkzeug.datastructures import MultiDict

from plots import SpecError
from plots.field_values import no_column_words, no_kind_words, plus_hint
from plots.refusals import Checks
from plots.selection import FILTER_PREFIX, SelectionQuery, choosable, is_selection_param, parse_selection_query
from plots.spec import DATES
from plots.text import column_list, listed_value, looking_like, quoted_name
from plots.timerange import RANGE_PARAMS

from .column_cells import written_otherwise_columns
from .context import current_site
from .dashboards import Dashboard
from .filter_values import column_values, cut_short, dashboard_infos, filter_values
from .query_parameters import Parameters, listed_parameters, refuse_unknown_parameters
from .store import DatasetInfo, StoreError, described_holding, read_info

# Values of a filter's column named in an error message. A dashboard's form offers a filter's
# values in a select when it has at most FORM_VALUES; with more, a text field takes any value and
# suggests the first SUGGESTED_VALUES.
ERROR_VALUES = 20
FORM_VALUES = 200
SUGGESTED_VALUES = 1000


def _selection_fields(args: Mapping) -> dict[str, list[str]]:
    """The row-choosing parameters of a query string or mapping, as name -> list of values."""
    names = [name for name in args.keys() if is_selection_param(name)]
    if isinstance(args, MultiDict):
        return {name: args.getlist(name) for name in names}
    return {name: list(args[name]) if isinstance(args[name], (list, tuple)) else [args[name]] for name in names}


def asks_filter_values(args: Mapping) -> bool:
    """Whether `args` ask a filter for a value: a blank `filter.<column>=` asks for none (its column
    is checked, then the filter left out: `_checked_filters`), so no dataset's values are read for it."""
    return any(choosable(value) for name, values in _selection_fields(args).items()
               if name.startswith(FILTER_PREFIX) for value in values)


def dashboard_query(dashboard: Dashboard, args: Mapping, taken: Parameters = (),
                    drawn: DatasetInfo | None = None) -> SelectionQuery:
    """The rows `args` select on a dashboard (from, to over its range; filter.<column> for its filters).

    Raises SpecError: 400 for a malformed parameter or a filter the dashboard does not offer, 404 for
    a value its column does not hold, or a column none of its datasets holds as text any more, naming
    what there is. `taken`: every parameter the URL takes (or a function that makes them), as its
    refusal of an unknown one lists them; by default the range and the dashboard's filters. `drawn`:
    the dataset a chart's URL draws, read already: a column it holds as text is there, and a blank
    filter on it reads no other dataset.
    """
    def refuse(column: str) -> None:
        if dashboard.filter_on(column) is None:
            # A parameter the URL does not take, refused as a typo of `from` is: nothing is missing (a 404).
            listed = listed_parameters(taken) or dashboard_parameters(dashboard)
            refuse_unknown_parameters([FILTER_PREFIX + column], listed)
        if drawn is None or drawn.column_types().get(column) != "text":
            _refuse_column_gone(dashboard, column)

    def values(column: str) -> tuple[str, ...] | None:
        known, complete = filter_values(dashboard, column)
        return known if complete else None  # else the value may be one of a dataset that cannot be reached now

    described_for_dashboard_filters(dashboard, args, drawn)
    ranged, filtered = _range_and_filters(_selection_fields(args))
    checks = Checks(args.keys())
    with checks.check():
        query = parse_selection_query(ranged, dashboard.range, dashboard.time_column)
    with checks.check():
        filters = _checked_filters(parse_selection_query(filtered), refuse, values,
                                   [offered.column for offered in dashboard.filters])
    checks.tell()
    return dataclasses.replace(query, filters=filters)


def _range_and_filters(fields: Mapping[str, list[str]]) -> tuple[dict[str, list[str]], dict[str, list[str]]]:
    """The range's parameters of `fields` (from, to) and the filters', apart: each is checked whatever
    the other's refusal, and told with it."""
    ranged = {name: values for name, values in fields.items() if name in RANGE_PARAMS}
    return ranged, {name: values for name, values in fields.items() if name not in RANGE_PARAMS}


def _refuse_column_gone(dashboard: Dashboard, column: str) -> None:
    """Raise SpecError, a 404, when none of the dashboard's datasets, all read, has the filter's
    `column` as text now: a data-folder file changed since the site started may have lost it, and
    the refusal of a value would say the column holds none. A blank filter is refused so too, its
    column checked as a filter's is; one of a dataset that cannot be read now may still be there."""
    infos = dashboard_infos(dashboard).values()
    if any(isinstance(read, StoreError) for read in infos):
        return
    types = [read_info(read).column_types() for read in infos]
    if all(held.get(column) != "text" for held in types):
        texts = sorted({name for held in types for name, kind in held.items() if kind == "text"})
        raise _no_text_column(column, "this dashboard's datasets have", texts)


def _no_text_column(column: str, holder: str, texts: Sequence[str]) -> SpecError:
    """The 404 of a filter on `column`, which is no text column of what `holder` names (a dataset,
    or a dashboard's datasets), naming its text columns, `texts`."""
    words = no_column_words(column, texts, kind="text", written=lambda text: FILTER_PREFIX + quote(text, safe=":/"))
    return SpecError(f"{FILTER_PREFIX}{column}: {holder} {words}", FILTER_PREFIX + column, status=404)


def _not_text(info: DatasetInfo, column: str, kind: str, texts: Sequence[str], numbers_x: str | None) -> SpecError:
    """The 400 of a filter on `column`, a column of numbers or dates (`kind`) of the dataset `info`
    describes, which no filter chooses rows by: a parameter the dataset has but cannot take so, not a
    column it has not. Names what it holds, its text columns, `texts`, and what chooses rows by such a
    column (`numbers_x`: the chart's x where xmin and xmax bound its rows, as `dataset_query` takes it)."""
    holds = "dates" if kind == "datetime" else "numbers"
    listed = f"the text columns are {column_list(texts)}" if texts else f"dataset {info.name!r} has none"
    if kind == "datetime":
        instead = "; from and to choose rows by their dates"
    else:
        instead = f"; no parameter chooses rows by a number's value: {_numbers_chosen(info, column, numbers_x)}"
    return SpecError(f"{FILTER_PREFIX}{column}: column {quoted_name(column)} of dataset {info.name!r} holds {holds}, "
                     f"not text, and a filter chooses rows by a text column's values: {listed}{instead}",
                     FILTER_PREFIX + column)


def _numbers_chosen(info: DatasetInfo, column: str, numbers_x: str | None) -> str:
    """How to chart the rows of some of the numbers of `column`, a column of the dataset `info`
    describes: as the chart's x, bounded by xmin and xmax; or, whatever the chart's x, by those rows alone:
    chosen in its source's SQL query, or made a dataset of their own, uploaded (a stored dataset's) or
    saved as a file in the data folder (a data-folder file's)."""
    if column == numbers_x:
        ways = [f"xmin and xmax bound the chart's x, {quoted_name(column)}, to the numbers wanted"]
    else:
        ways = [f"to chart the rows of some of its numbers, make {quoted_name(column)} the x and bound it with "
                "xmin and xmax"]
    if info.source is not None:
        ways.append(f"choose those rows in the SQL query of source {info.source!r}, which this dataset reads")
    elif info.writable:
        ways.append("upload those rows as a dataset of their own")
    else:
        ways.append("save those rows as a dataset of their own, a file in the data folder")
    return ", or ".join(ways)


def dashboard_parameters(dashboard: Dashboard, others: Sequence[str] = ()) -> tuple[str, ...]:
    """What the dashboard's page, report or versions.json takes: `from`, `to`, `others` and its filters."""
    return (*RANGE_PARAMS, *others, *dashboard.filter_parameters)


def described_for_filters(info: DatasetInfo, args: Mapping) -> DatasetInfo:
    """The description of the dataset `info` describes, read again where a `filter.<column>` of `args`
    names a column `info` lacks (`described_holding`: a source's table with a column added since it
    was described, at most once in a few seconds a dataset), so that the filter is checked against the
    columns there are; `info` where none does, or where the dataset is as `info` describes it."""
    asked = {name[len(FILTER_PREFIX):]: None for name in _selection_fields(args) if name.startswith(FILTER_PREFIX)}
    return described_holding(current_site().store, info, asked)


def described_for_dashboard_filters(dashboard: Dashboard, args: Mapping, drawn: DatasetInfo | None = None) -> None:
    """Read again the descriptions of the dashboard's datasets that lack, as text, the column of a
    `filter.<column>` of `args` that the dashboard offers, where none of them, as kept, holds it as
    text, or where they hold not every value it asks (`described_holding`: a source's table with the
    column added since it was described, at most once in a few seconds a dataset), so that the filter
    is checked against the columns and values there are. The descriptions read are the request's
    (`dashboard_infos`): its charts, its form's values and its report draw from them. `drawn`: as
    `dashboard_query` takes it, a column it holds as text is there, and a blank filter on it reads no
    other dataset."""
    offered = [f.column for f in dashboard.filters]
    asked: dict[str, list[str]] = {}
    for name, values in _selection_fields(args).items():
        if name.startswith(FILTER_PREFIX):
            column = looking_like(name[len(FILTER_PREFIX):], offered) or name[len(FILTER_PREFIX):]
            asked.setdefault(column, []).extend(value for value in values if choosable(value))
    texts = drawn.column_types() if drawn is not None else {}
    asked = {column: values for column, values in asked.items()
             if dashboard.filter_on(column) is not None and (values or texts.get(column) != "text")}
    if not asked:
        return
    infos = dashboard_infos(dashboard)
    if any(isinstance(read, StoreError) for read in infos.values()):
        return  # `_refuse_column_gone` refuses no column while one cannot be read
    held = {name for read in infos.values() for name, kind in read_info(read).column_types().items() if kind == "text"}
    lacking = {column: "text" for column, values in asked.items()
               if (column not in held and texts.get(column) != "text") or not _holds_all(dashboard, column, values)}
    if lacking:
        for name, read in list(infos.items()):  # a copy: the request's descriptions are replaced as they are read
            infos[name] = described_holding(current_site().store, read_info(read), lacking)


def _holds_all(dashboard: Dashboard, column: str, values: Sequence[str]) -> bool:
    """Whether the dashboard's datasets, as the request has them, hold each of `values` in `column`, or
    may (not all its values are known now), as `dashboard_query` takes them."""
    if not values:
        return True
    known, complete = filter_values(dashboard, column)
    return not complete or all(looking_like(value, known) is not None for value in values)


def dataset_query(info: DatasetInfo, args: Mapping, numbers_x: str | None = None) -> SelectionQuery:
    """The rows `args` select in a dataset (from, to; filter.<column> for any text column).

    Raises SpecError: 400 for a malformed parameter, a range on a dataset without a date column
    (which would draw every row) or a filter on its column of numbers or dates (`numbers_x`: the
    chart's x where it is a number column that xmin and xmax bound, which both refusals name), 404 for
    a filter on a column it has not or a value its column does not hold, naming what there is.
    """
    types = info.column_types()

    def values(column: str) -> tuple[str, ...] | None:
        known = column_values(info, column)
        return None if cut_short(info, known) else known  # else the value may be one left out

    ranged, filtered = _range_and_filters(_selection_fields(args))
    checks = Checks(args.keys())
    with checks.check():
        query = parse_selection_query(ranged)
        if query.range.bounded and "datetime" not in types.values():
            raise _no_dates(info, query, numbers_x)
    with checks.check():
        filters = _checked_filters(parse_selection_query(filtered), _dataset_filter(info, numbers_x), values, types)
    checks.tell()
    return dataclasses.replace(query, filters=filters)


def refuse_dataset_selection(info: DatasetInfo, args: Mapping, numbers_x: str | None = None) -> None:
    """Refuse what of the from, to and filter.<column> of `args` is bad whatever the chart of the
    dataset `info` describes, for a URL whose chart was refused: a malformed one, and a filter on a
    column of numbers or dates (a 400 listed with the chart's; one the dataset has not, a 404, is left
    till they are mended; `numbers_x` as `dataset_query` takes it, of the chart its other fields ask for).
    Whether its rows can be ranged is told in words of the chart's x, once it is read (`dataset_query`);
    raises SpecError naming each bad one."""
    ranged, filtered = _range_and_filters(_selection_fields(args))
    checks = Checks(args.keys())
    with checks.check():
        parse_selection_query(ranged)
    with checks.check():
        # Any value is taken: a value the column holds not is a 404, told once the 400s are mended.
        _checked_filters(parse_selection_query(filtered), _dataset_filter(info, numbers_x), lambda column: None,
                         info.column_types())
    checks.tell()


def _dataset_filter(info: DatasetInfo, numbers_x: str | None = None) -> Callable[[str], None]:
    """The check of a filter's column on the dataset `info` describes: raises SpecError, a 400 for a
    column of numbers or dates (`_not_text`; `numbers_x` as `dataset_query` takes it), a 404 for one it
    has not, naming its text columns."""
    types = info.column_types()

    def refuse(column: str) -> None:
        if types.get(column) != "text":
            texts = [n for n, t in types.items() if t == "text"]
            if column in types:
                raise _not_text(info, column, types[column], texts, numbers_x)
            raise _no_text_column(column, f"dataset {info.name!r} has", texts)
    return refuse


def _no_dates(info: DatasetInfo, query: SelectionQuery, numbers_x: str | None) -> SpecError:
    """The refusal of a URL's range (`query`'s) on a dataset without a date column, which would
    draw every row as though it were narrowed: naming a text column mostly of dates, and its cells
    that made it text (dates written another way, a totals row, `\\N`), as a create's warning does;
    and where the chart's x is a number (`numbers_x`), that xmin and xmax bound it."""
    given = [name for name, bound in zip(RANGE_PARAMS, (query.range.start, query.range.end)) if bound is not None]
    columns = [(column.name, column.type) for column in info.columns]
    message = (f"{' and '.join(given)} {'needs' if len(given) == 1 else 'need'} a date column to choose the rows by, "
               f"and dataset {info.name!r} has {no_kind_words('date', columns)}")
    dated = next((column for column in written_otherwise_columns(current_site().store, info)
                  if column.found.wanted == DATES), None)
    # A range of years or of other numbers is one of x, where x holds them: xmin and xmax bound it.
    bounds = "" if numbers_x is None else f"; to bound x {quoted_name(numbers_x)}, a number, give xmin and xmax"
    if dated is None:
        return SpecError(f"{message}; leave {' and '.join(given)} out to draw every row{bounds}", given[0])
    return SpecError(f"{message}; {dated.message(info)}{bounds}", given[0])


def _checked_filters(query: SelectionQuery, refuse: Callable[[str], None],
                     values: Callable[[str], tuple[str, ...] | None],
                     columns: Iterable[str]) -> tuple[tuple[str, tuple[str, ...]], ...]:
    """The filters of `query` (column, values) once each is checked, in the order of `columns`, the values
    of each sorted and each once: `refuse(column)` raises SpecError
    when its column cannot be filtered, `values(column)` gives the sorted values it holds (None: not
    all are known now, and any is taken). Raises SpecError naming the parameter, each bad one at once.

    A filter whose values were all blank is checked too, then left out: it asks for no value, but
    `filter.nope=` is a mistake as `filter.nope=x` is, and answered alike on every URL.

    A filter's column written in another Unicode form than one of `columns` (the ones it may
    filter) is taken as that one, spelt as it is there (`looking_like`); so is a value, when the
    column's values are known."""
    columns = list(columns)
    spelt: dict[str, tuple[str, ...]] = {}
    for column, asked in query.filters:
        column = looking_like(column, columns) or column
        spelt[column] = (*spelt.get(column, ()), *asked)  # one column written in two forms: both its values
    checked = []
    checks = Checks(FILTER_PREFIX + column for column in spelt)
    for column, asked in spelt.items():
        name = FILTER_PREFIX + column
        with checks.check():
            refuse(column)
            if asked:
                known = values(column)
                checked.append((column, asked if known is None else _stored_values(name, column, asked, known)))
    checks.tell()
    # In the order of `columns` (the form's), each filter's values as its select lists them: the rows asked
    # in another order are the same query, of one URL (a page's canonical one, its charts' image URLs).
    order = {column: at for at, column in enumerate(columns)}
    return tuple(sorted(((column, tuple(sorted(set(chosen)))) for column, chosen in checked),
                        key=lambda chosen: order.get(chosen[0], len(order))))


def _stored_values(name: str, column: str, asked: tuple[str, ...], values: tuple[str, ...]) -> tuple[str, ...]:
    """`asked`, each value as `values` (the column's, sorted) spell it: one written in another
    Unicode form (e + U+0301 for é), or with other line breaks, is the value it looks like. Raises
    SpecError, a 404, naming each value the column does not hold (cut past ERROR_VALUES, as the column's
    are) and the values a filter can choose (not the empty text a source's column may hold: a blank
    filter asks for no value)."""
    spelt: list[str] = []
    missing: list[str] = []
    for value in asked:
        found = value if _holds(values, value) else looking_like(value, values)
        if found is None:
            if value not in missing:
                missing.append(value)
        elif found not in spelt:
            spelt.append(found)
    if missing:
        # Each value no row holds, as a fix of the first alone would be met by the next's 404.
        raise SpecError(f"{name}: column {quoted_name(column)} holds no value {_cut_list(missing, ' or ')}; its "
                        f"values are {_cut_list([held for held in values if choosable(held)]) or '(none)'}"
                        f"{_plus_hint(name, missing, values)}", name, status=404)
    return tuple(spelt)


def _holds(values: tuple[str, ...], text: str) -> bool:
    """Whether `values` (sorted) hold `text`."""
    at = bisect_left(values, text)
    return at < len(values) and values[at] == text


def _plus_hint(name: str, missing: Sequence[str], values: tuple[str, ...]) -> str:
    """What to add to the 404 of values a filter's column does not hold where one of them, a + for
    its space, is one it holds (a time of a text column with its offset, `08:00:00+02:00`): a + in a
    URL's query string arrives as a space, as for `from`. Empty where none is."""
    def held(text: str) -> str:
        if _holds(values, text):
            return text
        raise ValueError(text)

    for value in missing:
        hint = plus_hint(name, value, held)
        if hint:
            return hint
    return ""


def _cut_list(values: Sequence[str], last: str = ", ") -> str:
    """`values` quoted, as values hold commas, those that look like another told apart
    ('cafe\\u0301'), the last after `last`: past ERROR_VALUES of them, the first so many and a count."""
    shown = [listed_value(value) for value in values[:ERROR_VALUES]]
    if len(values) > ERROR_VALUES:
        return f"{', '.join(shown)} … ({len(values)} in all)"
    return last.join([", ".join(shown[:-1]), shown[-1]]) if len(shown) > 1 else "".join(shown)
