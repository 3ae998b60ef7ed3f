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

from werkzeug.datastructures import MultiDict

from plots import KINDS, ChartSpec, Kind, SpecError
from plots.bar_order import SORTS
from plots.line_gaps import gap_refused, read_gap
from plots.percent_change import CHANGES
from plots.reference_lines import line_texts, read_xlines
from plots.spec import (AGGREGATES, NO_RESAMPLE, NUMERIC_TYPES, RESAMPLE_RULES, STACKS, THEMES, YSCALES,
                        refuse_repeated)
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
SHOWN_FIELDS = tuple(SHOWN + name for name in (*X_BOUNDS, "resample", "x", "y", "bins", "legend", "gap", "xline"))
# The hidden fields the form carries a second time as `shown.<field>` (`carried_shown`).
CARRIED_SHOWN = ("legend", "gap")
# The Running total select's options, as a URL writes them (the form names them no and yes).
RUNNING_TOTAL = ("false", "true")
# The form's selects but x (whose options are the dataset's columns), each with its options.
CHOICES = {"kind": KINDS, "theme": THEMES, "yscale": YSCALES, "stack": STACKS, "sort": SORTS,
           "resample": (NO_RESAMPLE, *RESAMPLE_RULES), "agg": AGGREGATES, "cumulative": RUNNING_TOTAL,
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
    read as neither, and an x that is no column, are left for the spec to refuse, saying what it takes."""
    if kind.x_axis != "x":
        return True
    if x and x not in columns:
        return False
    x_type = columns[x] if x else "integer"
    if x_type not in (*NUMERIC_TYPES, "datetime"):
        return True
    try:
        lines = line_texts("xline", sent, 10 ** 6) or ()  # a label's length is the spec's to check
    except SpecError:
        return False
    # Unfit where they read only as lines of an x of the other type (a date over an x switched to numbers).
    for read_as, unfit in ((x_type, False), ("integer" if x_type == "datetime" else "datetime", True)):
        try:
            read_xlines(lines, read_as)
        except SpecError:
            continue
        return unfit
    return False


def ask_plain(answer: MultiDict, base: ChartSpec, name: str, plain: str) -> None:
    """Ask for `plain` (`linear`, `none`) as `name` where the kind chosen takes no other: in place of one the
    select sent, or of the chart's own where it is another. Where neither asks for another, nothing is
    asked: a query naming `plain` would be another entry of the specs parsed for the same chart."""
    sent = answer.getlist(name)
    if (sent or getattr(base, name) != plain) and offered(sent, CHOICES[name]):
        answer.setlist(name, [plain])


def ask_order(answer: MultiDict, base: ChartSpec, kind: Kind | None) -> None:
    """The form's Sort and Top as it means them: a Top left blank draws every category (`none`), where the
    chart's own cuts them; a kind chosen that draws no categories asks for no sort and no top, as for yscale
    (a Top the form shows is a whole number; any other value came from a URL, left for the spec to refuse)."""
    sent = answer.getlist("top")
    if sent and not any(value.strip() for value in sent) and base.top is not None:
        answer.setlist("top", ["none"])
    if kind is None or kind.categorical:
        return
    ask_plain(answer, base, "sort", "none")
    sent = answer.getlist("top")
    if (any(value.strip() for value in sent) or base.top is not None) and all(
            value.strip().isdigit() or value.strip().lower() in ("", "none") for value in sent):
        answer.setlist("top", ["none"])


def ask_running(answer: MultiDict, base: ChartSpec, kind: Kind | None) -> None:
    """The form's Rolling mean and Running total as it means them: a Rolling mean left blank draws the values as
    they are (`none`), where the chart's own rolls them; a kind chosen that joins no values along x (bars, a
    histogram) asks for neither, as for Sort and Top (a Rolling mean the form shows is a whole number, a Running
    total one of its options; any other value came from a URL, left for the spec to refuse)."""
    sent = answer.getlist("rolling")
    if sent and not any(value.strip() for value in sent) and base.rolling is not None:
        answer.setlist("rolling", [NO_RESAMPLE])
    if kind is None or kind.series:
        return
    sent = answer.getlist("cumulative")
    if (any(value.strip() for value in sent) or base.cumulative) and offered(sent, RUNNING_TOTAL):
        answer.setlist("cumulative", ["false"])
    sent = answer.getlist("rolling")
    if (any(value.strip() for value in sent) or base.rolling is not None) and all(
            value.strip().isdigit() or value.strip().lower() in ("", NO_RESAMPLE) for value in sent):
        answer.setlist("rolling", [NO_RESAMPLE])


def ask_change(answer: MultiDict, base: ChartSpec, kind: Kind | None) -> None:
    """The form's Percent change as it means it: a kind chosen that joins no values along x (bars, a histogram)
    asks for none, as for Running total (any value but the select's options came from a URL, left for the spec
    to refuse)."""
    if kind is None or kind.series:
        return
    sent = answer.getlist("change")
    if (any(value.strip() for value in sent) or base.change != NO_RESAMPLE) and offered(sent, CHANGES):
        answer.setlist("change", [NO_RESAMPLE])


def offered(values: Sequence[str], options: Sequence[str]) -> bool:
    """Whether each of `values` is blank or one of a select's `options`, as a spec reads it."""
    return all(value.strip().lower() in ("", *options) for value in values)


def sent_as_shown(args: MultiDict, name: str) -> bool:
    """Whether the form sent the field `name` back as it showed it (`shown.<name>`): filled in, not
    chosen. Raises SpecError for a `shown.` field given twice."""
    shown = args.getlist(SHOWN + name)
    refuse_repeated(SHOWN + name, shown)
    return bool(shown) and args.getlist(name) == shown


def bins_not_chosen(args: MultiDict, base: ChartSpec) -> bool:
    """Whether the bins the form's answer `args` holds were not chosen for it: none, blank, sent back as
    the form showed them (`shown.bins`), or the chart's own (`base`'s), which the form of a chart whose
    kind draws none shows. Raises SpecError for `shown.bins` given twice."""
    sent = args.getlist("bins")
    return sent_as_shown(args, "bins") or all(value.strip() in ("", str(base.bins)) for value in sent)


def carried_shown(hidden: Sequence[tuple[str, str]]) -> list[tuple[str, str]]:
    """`shown.legend` and `shown.gap` for the legend and the gap among the `hidden` fields a form
    carries: the form's own, which its answer drops where the kind asked for draws none (a legend), or
    asks for none where the chart chosen has no place for it (a gap)."""
    shown: list[tuple[str, str]] = []
    for carried in CARRIED_SHOWN:
        shown += [(SHOWN + carried, value) for name, value in hidden if name == carried][:1]
    return shown
