"""The fields a kind, resample or x chosen in a chart page's form cannot use, dropped from its answer,
and what the form filled in told from what the user chose.

The form shows every field of the chart it is drawn from, whatever the kind: a histogram's bins, a
bar chart's sort, a line's gap. Switched to a kind that takes none of them, the form would send them
all the same, and the chart would be refused. The form carries the fields it filled in a second time,
hidden, as `shown.<field>`: one sent back as it was shown was not chosen, and where the kind, resample
or x chosen has no place for it, the form's answer asks for none (`chart_form.form_chart`); one the
user chose there, or a URL's own, is refused as the chart's image refuses it.
"""
from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import datetime

from werkzeug.datastructures import MultiDict

from plots import KINDS, ChartSpec, Kind, SpecError
from plots.bar_order import SORTS
from plots.kind_fields import takes
from plots.line_gaps import gap_refused, read_gap
from plots.percent_change import CHANGES
from plots.percentiles import OFFERED_AGGREGATES
from plots.reference_lines import (LINE_FIELDS, NO_LINES, RefLine, line_texts, lines_refused, read_xlines,
                                   xlines_placeless)
from plots.spec import AUTO, BOUNDS, NO_RESAMPLE, NONE_WORD, RESAMPLE_RULES, STACKS, THEMES, YSCALES, refuse_repeated
from plots.text import line_feeds

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
# And its bins, as `shown.bins`: a histogram's bins left in the box when another kind is chosen were not
# typed, and are left out, where bins typed or written in the URL with that kind are refused, as the
# chart's image refuses them. And the legend it carries hidden, as `shown.legend`: sent back with a kind
# that draws none (a box plot), it is dropped, where a URL's own `legend=true` there is refused.
# And the gap it carries hidden, as `shown.gap`: sent back where the kind, resample or x chosen gives it no
# place (a bar chart, a weekly line, an x of another type), it asks for none, where a URL's own is refused.
# And the xlines it shows, as `shown.xline`: sent back as shown with a kind or x that has no place for them
# (a bar chart, an x of text), they ask for none, where xlines typed there are refused (`xline_unfit`).
# And its Top and Rolling mean, as `shown.top` and `shown.rolling`: sent back as shown with a kind that takes
# none, they ask for none, where a count typed there, or a URL's own, is refused (`ask_order`, `ask_running`).
# And its selects a kind may take none of, as `shown.<select>`: sent back as shown with such a kind, each asks
# for its plain value (`ask_plain`), where one chosen there with it, or a URL's own, is refused as the chart's
# image refuses it. And its y bounds, reference lines, resample and agg: one sent back as shown and as the
# dashboard's chart has it is the dashboard's, not the URL's (`DASHBOARDS_AS_SHOWN`).
SELECTS_SHOWN = ("yscale", "stack", "sort", "cumulative", "change")
SHOWN_FIELDS = tuple(SHOWN + name for name in (*X_BOUNDS, "resample", "x", "y", "bins", "legend", "gap", "xline",
                                               "top", "rolling", *SELECTS_SHOWN, "agg", "ymin", "ymax", "yline"))
# The fields the form fills in that a refusal says are the dashboard chart's where the URL gives none of them:
# sent back as shown, and as the dashboard's chart has them, they are left out of the form's answer, so that a
# refusal of one says it is the dashboard chart's and how to undo it, as of an x bound (`chart_form.form_chart`).
DASHBOARDS_AS_SHOWN = ("ymin", "ymax", "resample", "agg", "top", "rolling", *SELECTS_SHOWN, *LINE_FIELDS)
# The hidden fields the form carries a second time as `shown.<field>` (`carried_shown`).
CARRIED_SHOWN = ("legend", "gap")
# The fields the form shows whatever the chart, each with how it words none, which it asks for left blank
# (`ask_none_for_blank`): a bound (auto, fitting the data), each reference-line box, Top and Rolling mean.
BLANK_ASKS = {**dict.fromkeys(BOUNDS, AUTO), **dict.fromkeys(LINE_FIELDS, NO_LINES), "top": NONE_WORD,
              "rolling": NONE_WORD}
# The Running total select's options, as a URL writes them (the form names them no and yes).
RUNNING_TOTAL = ("false", "true")
# The form's selects but x (whose options are the dataset's columns), each with its options.
CHOICES = {"kind": KINDS, "theme": THEMES, "yscale": YSCALES, "stack": STACKS, "sort": SORTS,
           "resample": (NO_RESAMPLE, *RESAMPLE_RULES), "agg": OFFERED_AGGREGATES, "cumulative": RUNNING_TOTAL,
           "change": CHANGES}


def gap_unfit(gap: str, kind: Kind, x: str | None, resample: str, columns: Mapping[str, str]) -> bool:
    """Whether a chart of `kind`, its `x` (none: the rows' numbers) of the dataset's `columns` and `resample`
    ("none" or blank for none), has no place for `gap` as written (3d, 2.5), as its spec refuses it
    (`gap_refused`): the kind joins no rows, the line is resampled, or x holds text, or dates where the gap
    is a number, or numbers where it is a duration. A gap no gap reads is left for the spec to refuse, saying
    what a gap takes; so is an x that is no column, naming the columns, but where the kind or resample
    has no place for any gap."""
    try:
        written = read_gap(gap)
    except SpecError:
        return False
    if not takes(kind, "gap"):
        return True
    if x and x not in columns and written is not None:
        # Taken as of the type the gap fits, as no column's type is known: only the kind and resample asked of.
        columns = {**columns, x: "integer" if written.unit is None else "datetime"}
    spec = ChartSpec(x=x or None, resample=None if resample in ("", NO_RESAMPLE) else resample, gap=written)
    return gap_refused(spec, kind, columns, False) is not None


def lines_as_shown(args: MultiDict, name: str) -> bool:
    """Whether the form sent the lines of field `name` back as it showed them (`shown.<name>`), their line
    breaks as a browser sends them (CRLF) or not. Raises SpecError for a `shown.` field given twice."""
    shown = args.getlist(SHOWN + name)
    refuse_repeated(SHOWN + name, shown)
    sent = args.getlist(name)
    return bool(shown) and bool(sent) and line_feeds("\n".join(sent)).strip() == line_feeds(shown[0]).strip()


def xline_unfit(sent: Sequence[str], kind: Kind, x: str | None, columns: Mapping[str, str]) -> bool:
    """Whether a chart of `kind` over `x` (none: the rows' numbers) of the dataset's `columns` has no place for
    the xlines `sent`, as its spec refuses them (`lines_refused`): its x axis holds categories, bins or
    series, x holds text, or dates where the lines are numbers, or numbers where they are dates. Lines that
    read as neither, and an x that is no column, are left for the spec to refuse, saying what it takes, but
    where the kind or x has no place for any line (`xlines_placeless`)."""
    if not takes(kind, "xline"):
        return True
    lines = _xlines_read(sent, columns.get(x) if x else "integer")
    if x and x not in columns:
        # Taken as of the type the lines are, as no column's type is known: only the kind asked of.
        dates = lines is not None and any(isinstance(line.value, datetime) for line in lines)
        columns = {**columns, x: "datetime" if dates else "integer"}
    spec = ChartSpec(x=x or None, xline=lines or ())
    if lines is None:  # refused for what they say where a line of x's type has a place
        return xlines_placeless(spec, kind, columns) is not None
    return lines_refused(spec, kind, columns, frozenset()) is not None


def _xlines_read(sent: Sequence[str], x_type: str | None) -> tuple[RefLine, ...] | None:
    """The xlines `sent` as a spec reads them over an x of `x_type` where they read so, else as it reads them
    over an x of the other type (dates where x holds numbers); None where they read as neither."""
    try:
        texts = line_texts("xline", sent, 10 ** 6) or ()  # a label's length is the spec's to check
    except SpecError:
        return None
    for read_as in (x_type, "integer" if x_type == "datetime" else "datetime"):
        try:
            return read_xlines(texts, read_as)
        except SpecError:
            continue
    return None


def ask_plain(answer: MultiDict, args: MultiDict, name: str, plain: str) -> None:
    """Ask for `plain` (`linear`, `none`, `false`) as `name` where the kind chosen takes no other, in place of the
    value the select sent back as the form showed it (`shown.<name>`, read from `args`): one chosen there, or a
    URL's own (`?kind=line&sort=-value`), is left for the spec to refuse, as the chart's image refuses it, and
    the dashboard chart's own, sent none of, is left out by the spec (`plots.kind_fields`). Where none is sent,
    nothing is asked: a query naming `plain` would be another entry of the specs parsed for the same chart.
    Raises SpecError for `shown.<name>` given twice."""
    if sent_as_shown(args, name) and any(value.strip() for value in answer.getlist(name)):
        answer.setlist(name, [plain])


def ask_none_for_blank(answer: MultiDict, base: ChartSpec) -> None:
    """The fields of `BLANK_ASKS` as the form means them: one left blank asks for none (each as it words
    none), where in an image URL a blank one keeps the chart's own (`base`'s). Asked only where the chart
    has one of its own: where it has none, the blank keeps none, and a query naming none would be another
    entry of the specs parsed for the same chart (as `ask_plain`)."""
    for name, none in BLANK_ASKS.items():
        sent = answer.getlist(name)
        if sent and not any(value.strip() for value in sent) and getattr(base, name) not in (None, ()):
            answer.setlist(name, [none])


def ask_order(answer: MultiDict, args: MultiDict, kind: Kind | None) -> None:
    """The form's Sort and Top as it means them where a kind chosen draws no categories (`takes`): no sort, as
    for yscale, and no top where the form sent its Top back as shown (`_ask_none_as_shown`)."""
    if kind is None:
        return
    if not takes(kind, "sort"):
        ask_plain(answer, args, "sort", NONE_WORD)
    if not takes(kind, "top"):
        _ask_none_as_shown(answer, args, "top")


def ask_running(answer: MultiDict, args: MultiDict, kind: Kind | None) -> None:
    """The form's Rolling mean and Running total as it means them where a kind chosen joins no values along x
    (bars, a histogram; `takes`): no running total, as for Sort (`ask_plain`), and no rolling mean where the
    form sent it back as shown (`_ask_none_as_shown`)."""
    if kind is None:
        return
    if not takes(kind, "cumulative"):
        ask_plain(answer, args, "cumulative", "false")
    if not takes(kind, "rolling"):
        _ask_none_as_shown(answer, args, "rolling")


def _ask_none_as_shown(answer: MultiDict, args: MultiDict, name: str) -> None:
    """Ask for none as `name` (top, rolling), a count the kind chosen takes none of, where the form sent back
    the count it showed (`shown.<name>`, read from `args`): one typed there, or a URL's own (`?kind=line&top=5`),
    is left for the spec to refuse, as the chart's image refuses it; the dashboard chart's own, sent none of,
    is left out by the spec (`plots.kind_fields`). Raises SpecError for `shown.<name>` given twice."""
    if sent_as_shown(args, name) and any(value.strip() for value in args.getlist(name)):
        answer.setlist(name, [NONE_WORD])


def ask_change(answer: MultiDict, args: MultiDict, kind: Kind | None) -> None:
    """The form's Percent change as it means it: a kind chosen that joins no values along x (bars, a histogram;
    `takes`) asks for none in place of the one the form showed, as for Running total (`ask_plain`)."""
    if kind is not None and not takes(kind, "change"):
        ask_plain(answer, args, "change", NONE_WORD)


def sent_as_shown(args: MultiDict, name: str) -> bool:
    """Whether the form sent the field `name` back as it showed it (`shown.<name>`): filled in, not
    chosen. Raises SpecError for a `shown.` field given twice."""
    shown = args.getlist(SHOWN + name)
    refuse_repeated(SHOWN + name, shown)
    return bool(shown) and args.getlist(name) == shown


def shown_with(args: MultiDict, name: str) -> bool:
    """Whether the form sent the field `name` (it carries `shown.<name>` with it), as it showed it or not,
    where a URL's own comes without it. Raises SpecError for `shown.<name>` given twice."""
    shown = args.getlist(SHOWN + name)
    refuse_repeated(SHOWN + name, shown)
    return bool(shown)


def bins_not_chosen(args: MultiDict) -> bool:
    """Whether the bins the form's answer `args` holds were not chosen for it: none, blank, or sent back as
    the form showed them (`shown.bins`), the chart's own too, which the form of a chart whose kind draws none
    shows. Any other, the chart's own number among them where no `shown.bins` came with it
    (`?kind=line&bins=20`), is the URL's, refused as the chart's image refuses it. Raises SpecError for
    `shown.bins` given twice."""
    return sent_as_shown(args, "bins") or not any(value.strip() for value in args.getlist("bins"))


def carried_shown(hidden: Sequence[tuple[str, str]]) -> list[tuple[str, str]]:
    """`shown.legend` and `shown.gap` for the legend and the gap among the `hidden` fields a form
    carries: the form's own, which its answer drops where the kind asked for draws none (a legend), or
    asks for none where the chart chosen has no place for it (a gap)."""
    shown: list[tuple[str, str]] = []
    for carried in CARRIED_SHOWN:
        shown += [(SHOWN + carried, value) for name, value in hidden if name == carried][:1]
    return shown
