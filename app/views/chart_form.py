"""A chart page's form: what it shows of a chart, and the chart its answer asks for.

The form shows every field of the chart it is drawn from, and carries the fields it filled in as
`shown.<field>`, so that its answer tells a value the user chose from one it merely showed (see
`form_chart`).
"""
from __future__ import annotations

import dataclasses
from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime

from werkzeug.datastructures import MultiDict

from plots import CHART_KINDS, ChartSpec, Kind, Limits, SpecError
from plots.counted_rows import ROWS
from plots.field_values import split_columns
from plots.kind_fields import takes, without_untaken
from plots.reference_lines import LINE_FIELDS, MOST_LINES, NO_LINES
from plots.spec import AUTO, BOUNDS, FIELDS, NO_RESAMPLE, NONE_WORD, format_value, refuse_repeated
from plots.field_refusals import refuse_repeated_fields
from plots.text import SHOWN_CHARACTERS, cut, line_feeds, looking_like, text_length
from plots.timerange import format_moment

from ..chart_requests import ChartRequest, with_query
from ..context import current_site
from ..query_parameters import Parameters, query_fields
from .chart_form_shown import (CARRIED_SHOWN, CHOICES, DASHBOARDS_AS_SHOWN, REFUSED_SHOWN, SELECTS_SHOWN, SHOWN,
                               SHOWN_FIELDS, X_BOUNDS, ask_change,
                               ask_none_for_blank, ask_order, ask_plain, ask_running, bins_not_chosen, carried_shown,
                               gap_unfit, lines_as_shown, sent_as_shown, shown_with, xline_unfit)

# The spec fields a chart page's form has a field for; it carries the others as hidden inputs, so
# those must be ones every kind takes (xlabel, ylabel, text), or ones the form drops for a kind that
# refuses them (legend, under kind=box, carried again as `shown.legend`): a hidden one cannot be cleared.
FORM_FIELDS = ("kind", "x", "y", "title", "width", "height", "theme", "yscale", "stack", "sort", "top", "series",
               "bins", "xmin", "xmax", "ymin", "ymax", "resample", "agg", "rolling", "cumulative", "change",
               *LINE_FIELDS)


def bound_text(value: float | datetime | None) -> str:
    """A bound as the chart page's form fills it in: a date as a URL writes it (2024-01-31 at
    midnight, else 2024-01-31T08:00:00), a number as the chart's links and `.json` write it (`5`,
    `9007199254740996` for `xmax=9007199254740995`, the double it is held as), none as blank."""
    if value is None:
        return ""
    return format_moment(value) if isinstance(value, datetime) else format_value(value)


def _form_answer(args: MultiDict, base: ChartSpec, columns: Mapping[str, str]) -> MultiDict:
    """The page's query as its form means it: the form shows every bound, reference line, Top and Rolling mean
    the chart has, so one left blank asks for none (`ask_none_for_blank`: auto for a bound), where in an image
    URL a blank one keeps the dashboard's; and it shows x, bins, resample and agg whatever the kind and x, so
    that a kind or x switched to takes none of them it refuses: bins, agg and x sent with a kind that uses
    none are ignored (bins only as the form showed them, `shown.bins`, and x only as the form sent it, with
    `shown.x`, or blank: any other, the chart's own number of bins too, is the URL's, refused as the chart's
    image refuses it), a
    legend the form carried hidden (`shown.legend`) with a kind that draws none, a Top or Rolling mean sent back
    as the form showed it (`shown.top`, `shown.rolling`) with a kind that takes none asks for none (one typed,
    or a URL's own, is refused as the chart's image refuses it), and a resample with a kind
    that takes none, or an x (`columns`: the dataset's column types) that holds no dates, asks for none. Only a
    resample or agg the form sent back as it showed it (`shown.resample`, `shown.agg`) is dropped so: any other
    came from a URL or was chosen with the kind or x, and is left for the spec to refuse, as the chart's image
    refuses it (`?kind=hist&resample=week`), as is the dashboard's resample under an x the URL gives that holds
    no dates; an x that is none of the dataset's columns is left for the spec to refuse (`?kind=box&x=nope`),
    whatever its origin. A resample or x bound the form filled in as none because the
    page's chart refused the dashboard's (`REFUSED_SHOWN`), sent back as shown, is left out, so that the
    dashboard's applies again where it is taken. The `shown.` fields, which only the form's own fields are
    read against (`sent_as_shown`), are left out, and so is a field of `DASHBOARDS_AS_SHOWN` the form sent back as
    shown and as the dashboard's chart has it, so that a refusal of it says it is the dashboard chart's, as of
    an x bound (`form_chart`). A select's value the form showed (`SELECTS_SHOWN`), sent back so with a kind that
    takes none of it, asks for its plain value (`ask_plain`), where one chosen there, or a URL's own
    (`?kind=line&sort=-value`), is refused, as the chart's image refuses it. Raises SpecError for a `shown.`
    field given twice."""
    answer = MultiDict(args)
    for name in SHOWN_FIELDS:
        answer.poplist(name)
    dashboards = form_values(base)
    for name in DASHBOARDS_AS_SHOWN:
        if _the_dashboards_as_shown(args, name, dashboards[name]):
            answer.poplist(name)  # the dashboard's, filled in, not chosen: a refusal says so, as of an x bound
    ask_none_for_blank(answer, base)
    for name, none in REFUSED_SHOWN.items():
        if sent_as_shown(args, name) and args.get(name) == none:
            answer.poplist(name)  # form_chart asks for none again where the kind or x asked for refuses it
    kind = _asked_kind(answer, base)
    if kind is not None and not kind.bins and bins_not_chosen(args):
        # The bins box still holds the histogram's when the user picks another kind: switching
        # kind must not need clearing it first. An unknown kind is left for the spec to refuse.
        answer.poplist("bins")
    x = _asked_x(answer, columns) or base.x
    # An x that is no column is left for the spec to refuse, naming the columns; so is a resample or agg
    # the form did not show, which a URL sent or the user chose with the kind or x: the chart's image
    # refuses it, as it refuses the dashboard's resample under an x of no dates.
    if (kind is not None and (not takes(kind, "resample") or (x in columns and columns[x] != "datetime"))
            and sent_as_shown(args, "resample")):
        answer.setlist("resample", [NO_RESAMPLE])
    resample = answer.get("resample", base.resample or "none").strip().lower()
    if kind is not None and not kind.categorical and resample in ("", "none") and sent_as_shown(args, "agg"):
        answer.poplist("agg")  # the one a bar chart or a resampled line combined rows with
    agg = answer.get("agg", "").strip().lower() or base.agg
    if (ROWS in answer.getlist("y") and ROWS not in columns and kind is not None
            and not (agg == "count" and (kind.categorical or resample not in ("", "none")))):
        # The count of rows ticked, under a kind, resample or agg that counts none: no column, but the default.
        answer.setlist("y", [name for name in answer.getlist("y") if name != ROWS])
    if kind is not None and not kind.uses_x and (not _asked_x(answer, columns) or shown_with(args, "x")):
        # The one a line or a bar chart placed its rows by, or any the select sent, which has no blank to
        # choose: a URL's own (`?kind=hist&x=temperature_c`) is refused, as the chart's image refuses it.
        answer.poplist("x")
    if kind is not None and not takes(kind, "yscale"):
        # A log scale the select still shows when the user picks a kind that takes none (an area, a
        # histogram) asks for the linear one; one chosen with it, or a URL's own, is refused, as its image refuses it.
        ask_plain(answer, args, "yscale", "linear")
    if kind is not None and not takes(kind, "stack"):
        ask_plain(answer, args, "stack", NONE_WORD)  # as yscale: a line or a histogram stacks no series
    ask_order(answer, args, kind)
    ask_running(answer, args, kind)
    ask_change(answer, args, kind)
    gap = next((value for value in answer.getlist("gap") if value.strip()), None)
    if (kind is not None and (gap is None and base.gap is not None or gap is not None and sent_as_shown(args, "gap"))
            and gap_unfit(gap or str(base.gap), kind, x, resample, columns)):
        # As yscale: the dashboard's gap, or the one the form carried hidden, which cannot be cleared, asks
        # for none where the chart chosen has no place for it; a URL's own is refused, as its image refuses it.
        answer.setlist("gap", ["none"])
    xlines = args.getlist("xline")  # the form's, as shown; else the dashboard's where none is sent
    if not lines_as_shown(args, "xline"):
        xlines = [] if xlines else [format_value(base.xline)]
    if kind is not None and any(xlines) and xline_unfit(xlines, kind, x, columns):
        # As gap: the dashboard's xlines, or those the form showed sent back as shown, ask for none where the
        # kind or x chosen has no place for them (a bar chart, an x of text); xlines typed there, or a URL's
        # own, are refused as the chart's image refuses them.
        answer.setlist("xline", [NO_LINES])
    if kind is not None and not kind.legend and sent_as_shown(args, "legend"):
        # A box plot names its series on its axis and refuses legend=true: the form's hidden one, which
        # cannot be cleared, goes; a URL's own is refused, as the chart's image refuses it.
        answer.poplist("legend")
    return answer


def _the_dashboards_as_shown(args: MultiDict, name: str, shown: str) -> bool:
    """Whether the form sent its field `name` (of `DASHBOARDS_AS_SHOWN`) back as it showed it (`shown.<name>`)
    and as it shows the dashboard's chart's (`shown`, as `form_values` writes it): the dashboard's, not the
    URL's. A blank one asks for none (`ask_none_for_blank`). Raises SpecError for a `shown.` field given twice."""
    if name in LINE_FIELDS:
        return bool(shown) and lines_as_shown(args, name) and line_feeds("\n".join(args.getlist(name))).strip() == shown
    return bool(shown.strip()) and sent_as_shown(args, name) and args.getlist(name) == [shown]


def _untouched_bounds(args: MultiDict) -> list[str]:
    """The x bounds the form sent back as it showed them (`shown.<bound>`): filled in, not typed, a
    blank one too where the page's chart refused the dashboard's (`_form_answer` leaves it out).
    Raises SpecError for a `shown.` field given twice."""
    return [name for name in X_BOUNDS if sent_as_shown(args, name)]


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
    too; one it filled in as the dashboard's chart has it and got back untouched is left out, the
    dashboard's own, which a refusal says it is. A chart field given more than once is refused first, as
    the chart's image refuses it, before the form's reading could make one value of two (`xmin=&xmin=`
    as `auto`). Raises SpecError."""
    limits = current_site().limits
    refuse_repeated_fields(query_fields(args), limits)
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
        elif answer.get(name, "").strip() == bound_text(getattr(base.spec, name)):
            # The dashboard's, filled in, not typed: left out, so that a refusal says it is the dashboard's.
            answer.poplist(name)
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


@dataclass(frozen=True)
class FormFields:
    """What a chart page's form holds: the value of each of its fields but y (`values`, as the form
    writes them: a bound as `bound_text` does, none blank, resample none as "none"), the y it ticks,
    the chart fields it carries hidden (those it has no field for) and its `shown.` fields."""

    values: Mapping[str, str]
    y: tuple[str, ...]
    hidden: tuple[tuple[str, str], ...]
    shown: tuple[tuple[str, str], ...]

    def unlisted(self, name: str, offered: Sequence[str]) -> list[str]:
        """The values the field `name` holds that are none of those it `offered` (its select's options,
        or the y boxes): one refused, as it was sent, which the form shows chosen after them."""
        held = self.y if name == "y" else (self.values[name],)
        return [value for value in held if value not in offered]


def form_values(spec: ChartSpec) -> dict[str, str]:
    """The value of each field of a chart page's form but y as the form writes it for `spec`: a bound as
    `bound_text` does, none blank, resample none as "none", the reference lines one a line."""
    return {"kind": spec.kind, "x": spec.x or "", "title": spec.title, "width": str(spec.width),
            "height": str(spec.height), "theme": spec.theme, "yscale": spec.yscale, "stack": spec.stack,
            "series": spec.series or NONE_WORD,
            "sort": spec.sort, "top": "" if spec.top is None else str(spec.top),
            "bins": str(spec.bins), **{name: bound_text(getattr(spec, name)) for name in BOUNDS},
            "resample": spec.resample or NO_RESAMPLE, "agg": spec.agg,
            "rolling": "" if spec.rolling is None else str(spec.rolling), "cumulative": format_value(spec.cumulative),
            "change": spec.change,
            **{name: format_value(getattr(spec, name)) for name in LINE_FIELDS}}  # as URLs write them


def form_fields(chart: ChartRequest, base: ChartSpec, others: Parameters) -> FormFields:
    """The form that shows `chart`, drawn over the dashboard's chart `base` (`others`: the page's
    parameters besides the chart fields): its every field, those it has no field for carried hidden as
    far as they are not `base`'s, and the `shown.` fields `form_chart` reads its answer against."""
    spec = chart.spec
    values = form_values(spec)
    bounds = {name: values[name] for name in BOUNDS}
    # Without them, the form's answer would lose what the page was opened with (xlabel=Degrees, say).
    # Over the dashboard's chart as the kind drawn takes it: a gap it takes none of is not carried, and a kind
    # switched to that takes one draws the dashboard's.
    carried = spec.to_query(without_untaken(base, CHART_KINDS[spec.kind]))
    hidden = tuple((name, value) for name, value in carried.items() if name not in FORM_FIELDS)
    shown = (
        *carried_shown(hidden),
        *((SHOWN + name, bounds[name]) for name in X_BOUNDS if bounds[name]),
        *((SHOWN + name, REFUSED_SHOWN[name]) for name in refused_by_page(chart, base, others)),
        *([(SHOWN + "x", spec.x)] if spec.x else []),
        *((SHOWN + "y", name) for name in spec.y),
        (SHOWN + "bins", values["bins"]),
        *([(SHOWN + "xline", values["xline"])] if spec.xline else []),
        *((SHOWN + name, values[name]) for name in ("top", "rolling", "ymin", "ymax", *SELECTS_SHOWN, "agg")
          if values[name]),
        *([(SHOWN + "resample", values["resample"])] if spec.resample else []),
        *([(SHOWN + "yline", values["yline"])] if spec.yline else []),
    )
    return FormFields(values, spec.y, hidden, shown)


def form_sent(args: MultiDict, opened: FormFields, columns: Mapping[str, str], refused: Collection[str],
              limits: Limits) -> FormFields:
    """The form holding what `args` sent, for a page that refused it (`refused`: the fields its refusal
    names) and draws instead the chart whose form is `opened`, so that the user corrects one
    field and sends the rest again as they were.

    Each field as sent: a text as typed (a title's line breaks as line feeds), a choice as the chart
    reads it where it is one, else as typed (the form shows it chosen after its options); as `opened`
    holds it where it was not sent, or was sent blank where that keeps the chart's (a choice, y). The
    chart fields the form has no field for as sent too, but for the refused ones, which the user could
    not correct there; the `shown.` field of a field shown as sent as it was sent (none: the field was
    typed), that of any other as `opened` has it. A value longer than any the field takes is cut, as a
    message quotes it: a parameter of 100 KB does not come back as a page of 100 KB.
    """
    values, y = dict(opened.values), opened.y
    as_sent = set()  # the fields shown as sent
    for name in FORM_FIELDS:
        sent = args.getlist(name)
        value = _value_sent(name, sent, columns, limits) if sent else None
        if value is None:
            continue
        as_sent.add(name)
        if name == "y":
            y = value
        else:
            values[name] = value
    longest = {"xlabel": limits.max_label, "ylabel": limits.max_label}
    hidden = tuple((name, cut(value, longest.get(name, SHOWN_CHARACTERS))) for name, value in args.items(multi=True)
                   if name in FIELDS and name not in FORM_FIELDS and name not in refused)
    shown = [(name, value) for name, value in opened.shown
             if name.removeprefix(SHOWN) not in as_sent and name.removeprefix(SHOWN) not in CARRIED_SHOWN]
    shown += carried_shown(hidden)
    for name in SHOWN_FIELDS:
        if name.removeprefix(SHOWN) in as_sent:
            # Each of them but shown.y is given once (a second is refused): the first is what the form showed.
            sent = args.getlist(name)
            if name.removeprefix(SHOWN) in LINE_FIELDS:  # the lines as the field holds them, not cut as a column's name
                shown += [(name, _value_sent(name.removeprefix(SHOWN), sent[:1], columns, limits))]
                continue
            shown += [(name, value) for value in _each_once(sent if name == SHOWN + "y" else sent[:1], columns, limits)]
    return FormFields(values, y, hidden, tuple(shown))


def _each_once(values: Sequence[str], columns: Mapping[str, str], limits: Limits) -> tuple[str, ...]:
    """The columns `values` names (a y's ticked, or `shown.y`'s) as the form carries them: each once, and
    of those that are no column of the dataset no more than a chart draws (`Limits.max_series`), the
    rest left out: they are refused whatever the form sends, and a URL naming one 20,000 times, or
    10,000 there are not, would come back as a page of as many boxes, megabytes of them. A value that
    names a column (`looking_like`) is kept whole, as the column's name (it may be longer than a cut
    value): cut, it would name no column, and the form sent again would not know the x it switches to
    as a y it showed; any other is cut."""
    kept, unknown = [], 0
    for value in dict.fromkeys(looking_like(sent, columns) or cut(sent) for sent in values):
        unknown += value not in columns
        if value in columns or unknown <= limits.max_series:
            kept.append(value)
    return tuple(kept)


def _value_sent(name: str, sent: list[str], columns: Mapping[str, str], limits: Limits) -> str | tuple[str, ...] | None:
    """The form's field `name` as `form_sent` shows what was `sent` for it (y: the columns ticked); None
    where that keeps the chart's (a blank choice, x or y)."""
    if name == "y":
        ticked = split_columns(sent, columns)  # blanks left out
        return _each_once(ticked, columns, limits) or None
    if name in LINE_FIELDS:  # every line as typed, one a line (`yline=100&yline=120` too)
        return cut(line_feeds("\n".join(sent)), (limits.max_label + SHOWN_CHARACTERS) * MOST_LINES)
    if name == "title":  # one the chart takes whole (its characters counted composed, `text_length`)
        title = line_feeds(sent[0])
        return title if text_length(title) <= limits.max_title else cut(title, limits.max_title)
    if name == "x":
        x = sent[0] if sent[0] in columns else sent[0].strip()  # as parse_spec reads it
        return (looking_like(x, columns) or cut(x)) if x else None
    if name in CHOICES:
        choice = sent[0].strip().lower()  # as parse_spec reads it
        return (choice if choice in CHOICES[name] else cut(sent[0])) if choice else None
    return cut(sent[0])
