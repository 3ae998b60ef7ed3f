"""A dashboard's form above its charts: its range and filters as the page shows them, its quick
ranges, each filter's values (a select of every value, or a field per value with the first values
suggested) and the line naming the rows the charts draw, which a poll of versions.json gives too."""
from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime

from werkzeug.datastructures import MultiDict

from plots import SpecError
from plots.field_values import one_of
from plots.refusals import Checks
from plots.resampling import RANGE_STEPS
from plots.selection import SelectionQuery, choosable, is_selection_param
from plots.spec import refuse_repeated
from plots.text import cut, names_listed, quoted, shown_value
from plots.timerange import RANGE_PARAMS, relative_hint, relative_meant

from ..dashboards import Dashboard
from ..page_characters import page_text
from ..query_parameters import DASHBOARD_PAGE_PARAMETERS
from ..quick_ranges import QUICK_RANGES, bound_text, quick_range, quick_range_bounds
from ..selection_queries import FORM_VALUES, SUGGESTED_VALUES, dashboard_parameters, dashboard_query, filter_values
from ..store import StoreError
from .range_words import range_parts, stepped_parts

# What `range` takes, in the words a bad one, or one given twice, is refused with.
RANGE_TAKES = one_of(value for value, _ in QUICK_RANGES)
# Characters of a filter value sent with a refusal that the form shows again, when the value is none
# of its column's: as many as the longest of the sample data's and ordinary datasets' values.
SHOWN_FILTER_VALUE = 200
# The most values a typed filter's hint names ("type one of: Airport, Harbour, Hill"): its list of
# suggestions is a <datalist>, which a text browser and some screen readers never show. Values are
# named only when all of them are suggested too (`page_form`), whatever SUGGESTED_VALUES is.
NAMED_VALUES = 12


def _quick_range_hint(raw: str) -> str:
    """What to add to the refusal of `raw` as a `range=` where it is a time relative to now written
    another way (`NOW-7D`), as `from` is told it (`relative_hint`): the quick range it means, or, where
    that is none of QUICK_RANGES (`NOW-2D`), `from=` and the bound. Empty otherwise."""
    text = raw.strip()
    meant = relative_meant(text)
    if meant is None or meant == text:
        return ""
    return relative_hint(text, "" if meant in (quick for quick, _ in QUICK_RANGES) else "from=")


def canonical_query(board: Dashboard, args: MultiDict) -> tuple[SelectionQuery, list[tuple[str, str]] | None]:
    """The rows the form's answer selects, and the selection parameters it stands for when they
    differ from `args`' own: a quick range (`range=`) written out, blank fields and values equal to
    the dashboard's left out. None when `args` are canonical already (the query is then what
    `dashboard_query` makes of `args`). Raises SpecError as `dashboard_query` does, and for a bad
    `range`, told at once with those."""
    fields = MultiDict([(k, v) for k, v in args.items(multi=True) if is_selection_param(k)])
    checks = Checks(args.keys())
    with checks.check():
        _write_quick_range(args, fields)
    with checks.needed():
        query = dashboard_query(board, fields, dashboard_parameters(board, DASHBOARD_PAGE_PARAMETERS))
    checks.tell()
    canonical = query.params(board.range)
    asked = [(k, v) for k, v in args.items(multi=True) if is_selection_param(k) or k == "range"]
    return query, (None if canonical == asked else canonical)


def _write_quick_range(args: MultiDict, fields: MultiDict) -> None:
    """Write out the quick range `args` give (`range=`), if any, as the `from` and `to` of `fields`;
    raises SpecError for one given twice or none of QUICK_RANGES."""
    if "range" in args:
        refuse_repeated("range", args.getlist("range"), RANGE_TAKES)
        quick = quick_range(args.get("range", ""))
        if quick is None:
            raw = args.get("range", "")
            raise SpecError(f"range must be {RANGE_TAKES}; got {quoted(raw)}{_quick_range_hint(raw)}", "range")
        start, end = quick_range_bounds(quick)
        fields.setlist("from", [start])
        fields.setlist("to", [end])


@dataclass(frozen=True)
class FormFields:
    """What a dashboard's form holds: `from` and `to` as written, and each filter's column -> values."""

    start: str
    end: str
    filters: Mapping[str, Sequence[str]]


def _fields_of(query: SelectionQuery) -> FormFields:
    """The form's fields for the rows `query` selects."""
    return FormFields(bound_text(query.range.start), bound_text(query.range.end), dict(query.filters))


def fields_sent(board: Dashboard, args: MultiDict) -> FormFields:
    """The form's fields as `args` fill them in, whether they make sense or not, for the form shown
    again with a refusal: a bound left out is the dashboard's, a quick range (`range=`) the `from`
    it stands for, blank values are none. A bound, or a filter value that is none of the column's,
    longer than a field shows is cut, as a message quotes it: a parameter of 100 KB does not come
    back as a page of 100 KB; a value the column holds comes back whole, however long, to be chosen."""
    defaults = (board.range.start, board.range.end)
    start, end = (cut(args.get(name, bound_text(bound))) for name, bound in zip(RANGE_PARAMS, defaults))
    quick = quick_range(args.get("range", ""))
    if quick is not None:
        start, end = quick_range_bounds(quick)
    filters = {}
    for offered in board.filters:
        sent = [value for value in args.getlist(offered.parameter) if choosable(value)]
        held = _held_values(board, offered.column) if any(len(value) > SHOWN_FILTER_VALUE for value in sent) else set()
        filters[offered.column] = [value if value in held else cut(value, SHOWN_FILTER_VALUE) for value in sent]
    return FormFields(start, end, filters)


def _held_values(board: Dashboard, column: str) -> set[str]:
    """The values of the dashboard's filter `column` that can be read now (`filter_values`), or none
    where its datasets cannot be read: the form shown again with a refusal cuts long values then."""
    try:
        return set(filter_values(board, column)[0])
    except StoreError:
        return set()


def page_form(board: Dashboard, query: SelectionQuery, now: datetime, fields: FormFields | None = None) -> dict:
    """What the form above the grid shows: its `fields` (by default those of `query`) with each
    filter's choices, and the rows the charts draw (`query`) in words: the range as asked and as
    moments, each filter's label and values."""
    fields = fields or _fields_of(query)
    filters = []
    for number, offered in enumerate(board.filters, 1):
        active = fields.filters.get(offered.column, ())
        values, complete = filter_values(board, offered.column)
        choice = {"filter": offered, "name": offered.parameter, "active": active,
                  "count": len(values), "complete": complete, "id": f"filter-{number}"}
        listed = _select_values(values, complete, active)
        if listed is not None:
            choice["values"] = listed
        else:  # too many to list, or not all known: a field per value, any value typed, the first ones suggested
            choice["suggested"] = values[:SUGGESTED_VALUES]
            # Few enough to name in its hint, and all of them suggested: the hint names the
            # suggestions, which would otherwise pass for every value there is.
            choice["named"] = len(values) <= min(NAMED_VALUES, SUGGESTED_VALUES)
            choice["fields"] = [*active, ""]
        filters.append(choice)
    return {
        "from": fields.start,
        "to": fields.end,
        "showing": showing_parts(board, query, now),
        "filters": filters,
        "quick": QUICK_RANGES,
        "quick_in_force": quick_in_force(query),
        "shown": board.has_dates or bool(board.filters),
    }


def quick_in_force(query: SelectionQuery) -> str | None:
    """The quick range (a `range=` of QUICK_RANGES) whose `from` and `to` are those of the rows `query`
    selects, which the form marks as chosen: "all" where no range narrows them, None where the range is
    none of them (a typed `from=2024-01-01`)."""
    bounds = (bound_text(query.range.start), bound_text(query.range.end))
    return next((quick for quick, _ in QUICK_RANGES if quick_range_bounds(quick) == bounds), None)


def _select_values(values: Sequence[str], complete: bool, active: Sequence[str]) -> list[str] | None:
    """The options of a filter's select, where the form has one: all the values of its column there
    are (`values`, `complete`, as `filter_values` gives them), not too many, with those chosen
    (`active`), sorted. None where the form has a field per value instead."""
    if complete and len(values) <= FORM_VALUES:
        return sorted(set(values) | set(active))
    return None


def select_options(board: Dashboard, query: SelectionQuery) -> dict[str, list[dict[str, str]]]:
    """The options of each select of the form for the rows `query` selects, by its parameter, as
    the form writes them (each value and its text); a filter whose values are typed instead is left
    out. A poll's part of the form, made without the rest of it."""
    chosen = dict(query.filters)
    options = {}
    for offered in board.filters:
        listed = _select_values(*filter_values(board, offered.column), chosen.get(offered.column, ()))
        if listed is not None:
            # The text in the page's words, a control character as U+FFFD; the value as the form sends it.
            options[offered.parameter] = [{"value": value, "text": page_text(shown_value(value))} for value in listed]
    return options


def hourly_range_parts(board: Dashboard, query: SelectionQuery, now: datetime) -> list[dict]:
    """The moments a relative range's hourly charts start or end at, taken to the hour (`range_step`), where
    they differ from the rest's, in parts (`range_words.stepped_parts`); none where no chart is hourly."""
    for resample, step in RANGE_STEPS.items():
        if any(chart.fields.get("resample") == [resample] for chart in board.charts):
            return stepped_parts(query.resolved(now).range, query.resolved(now, step).range, f"{resample}ly charts")
    return []


def showing_parts(board: Dashboard, query: SelectionQuery, now: datetime) -> list[dict]:
    """The rows the charts draw (`query`) in the words of the line under the form, in parts.

    The range as asked and as moments ("all rows" on a dashboard without dates), then each filter's label
    and values, each part its text and whether it is a value (`value`: a filter's values, a bound relative
    to now as asked and each moment, `range_parts`), which the page and refresh.js write in an element of
    their own that a browser's translation leaves as it is, the words around them translated. A filter's
    label is a part of its own too (`name`), translated but set apart as a value is (`<bdi>`), and so is each
    of its values (one holding ", " quoted, as `values_listed` writes it), so that a label or value in a
    right-to-left script does not carry the words and values beside it into its direction. versions.json
    gives them too, for refresh.js to write the line anew as a relative range moves on."""
    resolved = query.resolved(now).range
    parts = range_parts(query.range, resolved) if board.has_dates else [{"text": "all rows", "value": False}]
    if board.has_dates and query.range.relative:
        parts += hourly_range_parts(board, query, now)
    for column, values in query.filters:
        parts += [{"text": " · ", "value": False},
                  {"text": board.filter_on(column).label, "value": False, "name": True},
                  {"text": ": ", "value": False}]
        for at, value in enumerate(names_listed(values)):  # as `values_listed` writes them, each apart
            parts += [{"text": ", ", "value": False}] if at else []
            parts.append({"text": value, "value": True})
    return parts
