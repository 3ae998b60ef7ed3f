"""A dashboard page's quick ranges (`range=now-7d`): the `from` and `to` each stands for, and what a
URL of the dashboard that takes `from` and `to` but no `range` writes for one instead, for its refusal
to say."""
from __future__ import annotations

from werkzeug.datastructures import MultiDict

from plots.text import quoted
from plots.timerange import RANGE_PARAMS, TimeBound, relative_meant

from .dashboards import Dashboard

# The form's quick ranges: `range=<value>` stands for from=<value> and no `to`; "all" for no bounds.
QUICK_RANGES = (("now-24h", "Last 24 hours"), ("now-7d", "Last 7 days"), ("now-30d", "Last 30 days"),
                ("now-1y", "Last year"), ("all", "All"))


def quick_range(raw: str) -> str | None:
    """The quick range of QUICK_RANGES that `raw` (a `range=`) names, spaces around it ignored: `all`
    in any case, as a keyword of any other field is taken; a relative bound (`now-7d`) as written, as
    `from` takes it, since its units `m` (minutes) and `M` (months) differ. None for any other."""
    value = raw.strip()
    if value.lower() == "all":
        return "all"
    return value if value in (quick for quick, _ in QUICK_RANGES) else None


def quick_range_bounds(quick: str) -> tuple[str, str]:
    """The `from` and `to` a quick range (`range=`, one of QUICK_RANGES) stands for."""
    return ("" if quick == "all" else quick), ""


def bound_text(bound: TimeBound | None) -> str:
    """A bound of a range as a URL writes it, blank for none."""
    return bound.text if bound is not None else ""


def quick_range_instead(board: Dashboard, args: MultiDict) -> str:
    """What a URL of the dashboard that takes `from` and `to` but no `range` (its versions.json, its
    report, its charts' images, data and pages) writes for the one quick range `args` give
    (`range=now-7d`), as the page writes it out when it redirects: "write from=now-7d instead …", for a
    refusal of it to say. A bound equal to the dashboard's own is left out, and one the dashboard has
    that the range has not is written blank. Empty where `args` give no range, several, or one that is
    no quick range nor a time relative to now."""
    raws = args.getlist("range")
    if len(raws) != 1:
        return ""
    quick = quick_range(raws[0]) or relative_meant(raws[0].strip())
    if quick is None:
        return ""
    owns = (board.range.start, board.range.end)
    written = [f"{name}={bound}" if bound else f"{name}= (blank)"
               for name, bound, own in zip(RANGE_PARAMS, quick_range_bounds(quick), owns) if bound != bound_text(own)]
    if not written:
        return f"leave out from and to instead, as the dashboard's page does for its range {quoted(raws[0])}"
    return f"write {' and '.join(written)} instead, as the dashboard's page writes its range {quoted(raws[0])}"
