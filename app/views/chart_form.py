"""A chart page's form: what it shows of a chart, and the chart its answer asks for.

The form shows every field of the chart it is drawn from, and carries the fields it filled in as
`shown.<field>`, so that its answer tells a value the user chose from one it merely showed (see
`form_chart`).
"""
from __future__ import annotations

import dataclasses
from collections.abc import Mapping
from datetime import datetime

from werkzeug.datastructures import MultiDict

from plots import CHART_KINDS, ChartSpec, Kind, SpecError
from plots.spec import AUTO, BOUNDS, refuse_repeated
from plots.timerange import format_moment

from ..chart_requests import ChartRequest, with_query
from ..query_parameters import Parameters

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


def refused_by_page(chart: ChartRequest, base: ChartSpec, others: Parameters) -> list[str]:
    """The fields of `REFUSED_SHOWN` that the dashboard's chart (`base`) sets and the page's `chart` has
    none of because its kind or x refuses the dashboard's value (resample under kind=hist, a date
    xmin under kind=box or over an x of numbers): none of them was the user's choice."""
    asked = {name: bound_text(value) if name in X_BOUNDS else value
             for name in REFUSED_SHOWN if (value := getattr(base, name)) is not None}
    return [name for name, value in asked.items()
            if getattr(chart.spec, name) is None and _refuses(chart, MultiDict({name: value}), name, others)]
