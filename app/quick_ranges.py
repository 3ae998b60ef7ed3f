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
    that the range has not is written blank. Where `args` give a `from` or `to` too that the range
    would not write, both are named and either may be kept: "range=now-7d and from=2024-01-01 are
    both given: keep one, …". Empty where `args` give no range, several, or one that is no quick
    range nor a time relative to now."""
    raws = args.getlist("range")
    if len(raws) != 1:
        return ""
    quick = quick_range(raws[0]) or relative_meant(raws[0].strip())
    if quick is None:
        return ""
    owns = (board.range.start, board.range.end)
    meant = quick_range_bounds(quick)
    written = [_written(name, bound) for name, bound, own in zip(RANGE_PARAMS, meant, owns) if bound != bound_text(own)]
    given = {name: args[name] for name in RANGE_PARAMS if name in args}
    bounds = dict(zip(RANGE_PARAMS, meant))
    if any(value != bounds[name] for name, value in given.items()):
        kept = " and ".join(_given(name, value) for name, value in given.items())
        page = (f"{' and '.join(written)}, as the dashboard's page writes its range {quoted(raws[0])}" if written
                else f"no from or to, as the dashboard's page has for its range {quoted(raws[0])}")
        return (f"{_given('range', raws[0])} and {kept} are both given: keep one, either {page}, or {kept} with "
                "range left out")
    if not written:
        return f"leave out from and to instead, as the dashboard's page does for its range {quoted(raws[0])}"
    return f"write {' and '.join(written)} instead, as the dashboard's page writes its range {quoted(raws[0])}"


def _written(name: str, bound: str) -> str:
    """A bound as a URL writes it, `from=now-7d`, one given blank `from= (blank)`."""
    return f"{name}={bound}" if bound else f"{name}= (blank)"


def _given(name: str, value: str) -> str:
    """A parameter as the URL gave it, `from=2024-01-01`; a value a reader could misread so written
    (white space, quotes, what cannot be seen, past 100 characters) quoted: `from '2024-01-01 '`."""
    plain = value and len(value) <= 100 and quoted(value) == f"'{value}'" and not any(c.isspace() for c in value)
    return f"{name}={value}" if plain else _written(name, value) if not value else f"{name} {quoted(value)}"
