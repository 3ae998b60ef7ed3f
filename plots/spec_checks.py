"""The checks of a chart's fields together, once each is read: x and y columns filled in, and
fields refused that contradict each other or the kind (saying when a dashboard's chart set them)."""
from __future__ import annotations

import dataclasses
import re
from collections import Counter
from collections.abc import Mapping, Sequence
from datetime import datetime
from urllib.parse import quote

from matplotlib.dates import date2num, num2date

from .counted_rows import ROWS, counts_rows
from .field_values import NoColumn, no_kind_words
from .kind import CHART_KINDS, Kind
from .kind_fields import kinds_taking, takes
from .spec import (DATE_FIELDS, DATES, NUMBERS, NUMBERS_OR_DATES, NUMERIC_TYPES, RESAMPLE_RULES, ChartSpec, Limits,
                   SpecError, TextColumnRefused, format_value, or_list, unset_value)
from .text import column_list, quoted_name

# The least span a plot draws right, as a part of its larger bound in size. Below 1e-15 (matplotlib's
# `tiny`) it widens the axis (matplotlib.transforms.nonsingular); above it, the double arithmetic that
# places a value on the axis rounds at the bound's magnitude, and the axis, its ticks and what they
# mark stand up to about 2.5e-16 times the axis' length over that part from their places: 8 to 40 pt
# for dates 2 or 3 microseconds apart in 2024, 2.5 pt at 2e-14 and 1 pt at 5e-14 on a chart of 640
# by 360 px. Measured on the SVG's spine and ticks and the PNG's spine, for numbers from 1e-300 to
# 1e100 and dates from the year 1000 to 9999, a span just past 2e-12 draws the largest chart the site
# draws, 2000 px wide and high, within 0.3 pt (0.4 px) of its places, and the default one within 0.1 pt.
NARROWEST = 2e-12
# A number written whole in plain digits, as a URL writes a bound of ids or a line at one: read as the integer
# it is past the integers a double holds one by one, where an integer column may hold it.
WHOLE = re.compile(r"[+-]?[0-9]+")


class NoNumericColumn(SpecError):
    """The refusal of a chart whose y is left to its default, every numeric column but x, where the
    dataset has none: whoever can read the text columns' cells names those mostly of numbers, and
    the cells that made them text (`naming`), as the checks see the columns' types only."""

    def __init__(self, message: str, field: str | None = "y", status: int = 400):
        super().__init__(message, field, status)

    def naming(self, columns: str | None) -> SpecError:
        """The refusal with `columns`, words naming the text columns mostly of numbers and their
        first cells that are not (None: as it is)."""
        if columns is None:
            return self
        return SpecError(f"{self.message}; {columns}", self.field, self.status)


def agg_refused(spec: ChartSpec, kind: Kind) -> SpecError:
    """The error for an agg asked of a chart that combines no rows: one neither resampled nor of
    categories (bar, barh), where it is refused as bins is off a histogram, naming where it applies."""
    categorical = [f"kind={name}" for name, other in CHART_KINDS.items() if other.categorical]
    if kind.resample:
        return SpecError(f"agg does not apply to kind={spec.kind} without resample, which draws each row as it is; "
                         f"use it with resample ({or_list(list(RESAMPLE_RULES))}, when x holds dates) or with "
                         f"{or_list(categorical)}", "agg")
    resampling = [f"kind={name}" for name, other in CHART_KINDS.items() if other.resample and not other.categorical]
    return SpecError(f"agg does not apply to kind={spec.kind}, which combines no rows; use it with "
                     f"{or_list(categorical)}, or with resample on {or_list(resampling)}", "agg")


def x_refused(spec: ChartSpec, kind: Kind) -> SpecError:
    """The error for an x asked of a kind that places no rows by x (a histogram, a box plot), where
    it is refused as agg is where it combines nothing, naming what to do instead."""
    placing = [f"kind={name}" for name, other in CHART_KINDS.items() if other.uses_x]
    return SpecError(f"x does not apply to kind={spec.kind}, which draws the values of each y column whatever the "
                     f"rows' x; leave x out (filter.<column> chooses the rows drawn), or use it with "
                     f"{or_list(placing)}", "x")


def legend_refused(spec: ChartSpec) -> SpecError:
    """The error for legend=true on a kind that draws no legend (a box plot names each series under
    its box), refused as bins is off a histogram: false and auto ask for nothing it cannot draw."""
    drawing = [f"kind={name}" for name, other in CHART_KINDS.items() if other.legend]
    return SpecError(f"legend=true does not apply to kind={spec.kind}, which names each series along its axis and "
                     f"draws no legend; use legend=auto or legend=false, or legend=true with {or_list(drawing)}", "legend")


def fill_columns(spec: ChartSpec, columns: Mapping[str, str], limits: Limits) -> ChartSpec:
    """Default x to the first column and y to the numeric columns other than x, or, where agg=count
    combines rows (`counts_rows`), to their count (`ROWS`). Raises SpecError for a y named more than
    once or past the series cap, and, a 404, for y=rows where no rows are counted and the dataset has
    no column of that name, saying what it names where they are (`_rows_uncounted`)."""
    x = spec.x
    if x is None and columns:
        x = next(iter(columns))
    y = spec.y
    # The count of rows would take the name, and its 1s the place, of an x that is a column named rows:
    # along one, each numeric column's values are counted (README, `agg`).
    if not y and counts_rows(spec) and x != ROWS:
        y = (ROWS,)  # rows counted, not each column's values: a blank one leaves no row uncounted
    elif not y:
        y = tuple(n for n, t in columns.items() if t in NUMERIC_TYPES and n != x)[: limits.max_series]
    # A column named again is told before the count: one named 20,000 times is not 20,000 columns.
    times = Counter(y)
    repeated = next((name for name in y if times[name] > 1), None)
    if repeated is not None:
        said = "twice" if times[repeated] == 2 else f"{times[repeated]} times"
        raise SpecError(f"y names the column {quoted_name(repeated)} {said}; name each column once", "y")
    if len(y) > limits.max_series:
        raise SpecError(f"y names {len(y)} columns; at most {limits.max_series} series are allowed", "y")
    if ROWS in y and ROWS not in columns and not counts_rows(spec):
        raise _rows_uncounted(columns)
    return dataclasses.replace(spec, x=x, y=y)


def _rows_uncounted(columns: Mapping[str, str]) -> SpecError:
    """The 404 of y=rows where no rows are counted, of a dataset with no column of that name: no column,
    as any it has not, and where `rows` names the count of rows."""
    no_column = NoColumn("y", ROWS, columns)
    return SpecError(f"{no_column.message}; {ROWS} is the count of rows under agg=count, of bars or a resample "
                     "(kind=bar&agg=count, resample=day&agg=count)", "y", status=no_column.status)


def _from_base(problem: str, advice: str, names: Sequence[str], spec: ChartSpec, inherited: frozenset[str],
               written: Mapping[str, str]) -> str:
    """The message refusing the fields `names`: `problem`, then what follows it (`_from_base_parts`)."""
    return "".join(_from_base_parts(problem, advice, names, spec, inherited, written))


def _as_written(name: str, spec: ChartSpec, written: Mapping[str, str]) -> str:
    """The field `name` as the request wrote it (`written`), or as the spec holds it where it wrote none."""
    return written[name] if name in written else format_value(getattr(spec, name))


def _from_base_parts(problem: str, advice: str, names: Sequence[str], spec: ChartSpec,
                     inherited: frozenset[str], written: Mapping[str, str]) -> tuple[str, str]:
    """The message refusing the fields `names` in two parts, `problem` and what follows it (`advice`,
    or none): when some of the fields hold the base's value (`inherited`: a dashboard's chart sets
    them, whatever the URL says), it says so and how to undo them all at once (resample=none,
    xmin=auto&xmax=auto) in place of the advice; when the URL gives the others, it keeps the advice
    for those and says which the URL gave, as it wrote them (`written`)."""
    came = [name for name in names if name in inherited]
    if not came:
        return problem, f"; {advice}" if advice else ""
    values = " and ".join(f"{name}={format_value(getattr(spec, name))}" for name in came)
    undo = "&".join(f"{name}={unset_value(name)}" for name in came)
    them = "it" if len(came) == 1 else "them"
    origin = f"{values} {'comes' if len(came) == 1 else 'come'} from the dashboard's chart: {undo} removes {them}"
    given = [name for name in names if name not in inherited]
    if not given:
        return problem, f"; {origin}"
    gave = " and ".join(f"{name}={_as_written(name, spec, written)}" for name in given)
    return problem, f"; {advice + '; ' if advice else ''}the URL gives {gave}, and {origin}"


# What a column of each type that is not of dates holds, as a refusal of resample names it.
_X_HOLDS = {"text": "text", **{name: "numbers" for name in NUMERIC_TYPES}}
# What a column that is no number holds, as a refusal of it as y names it: the words a reader knows,
# not the type's name in the API (a date column is "datetime" there).
_Y_HOLDS = {"text": "text", "datetime": "dates"}


@dataclasses.dataclass(frozen=True)
class _Misfit:
    """Fields that do not fit the kind or the x, and why: `problem`, then `advice` for those the URL
    gives; `text_x` names the x where it is refused for holding text."""

    problem: str
    advice: str
    names: tuple[str, ...]
    text_x: str | None = None
    wanted: str = ""


def _misfits(spec: ChartSpec, kind: Kind, columns: Mapping[str, str], inherited: frozenset[str]) -> list[_Misfit]:
    """Every resample and x bound that the kind or the x leaves no place for, each field by the
    first rule it breaks; one refused for a text x (`_Misfit.text_x`) first, as the rules that
    refuse a field for that are asked before any other that could refuse it."""
    found: list[_Misfit] = []
    x_bounds = [name for name in DATE_FIELDS if getattr(spec, name) is not None]
    x = "None" if spec.x is None else quoted_name(spec.x)  # None: a dataset of no columns
    # What x holds, text or numbers, as a refusal says it (none for dates or an x of no column).
    x_holds = _X_HOLDS.get(columns.get(spec.x), "")
    holds = x_holds and f"; {x} holds {x_holds}"
    text_x = spec.x if x_holds == "text" else None
    said = False  # whether a refusal of resample has said what x holds
    if x_bounds and kind.x_bounds == "rows" and columns.get(spec.x) not in NUMERIC_TYPES + ("datetime",):
        found.append(_Misfit(f"xmin and xmax need x to be a number or date column{holds}",
                             "choose another x", tuple(x_bounds), text_x, NUMBERS_OR_DATES))
        x_bounds = []
    if spec.resample and not takes(kind, "resample"):
        resampling = kinds_taking("resample", written="")
        found.append(_Misfit(f"resample does not apply to a {spec.kind} chart, which draws every value",
                             f"use it with {or_list(resampling)}", ("resample",)))
    elif spec.resample and (not spec.x or columns.get(spec.x) != "datetime"):
        dates = [n for n, t in columns.items() if t == "datetime"]
        advice = f"choose one as x ({column_list(dates)})" if dates else "this dataset has no date column"
        said = bool(holds)
        found.append(_Misfit(f"resample needs x to be a date column{holds}", advice, ("resample",), text_x, DATES))
    if x_bounds and not takes(kind, x_bounds[0]):
        found.append(_Misfit(f"xmin and xmax do not apply to a {kind.label.lower()}",
                             "bound its values with ymin and ymax", tuple(x_bounds)))
        x_bounds = []
    # A bound the URL gives is read as the axis takes it; a base's was read for the base's axis (a
    # date, where the URL's x or kind now places numbers there: a histogram's values).
    dates_on_x = not kind.values_on_x and columns.get(spec.x) == "datetime"
    wrong = [name for name in x_bounds if isinstance(getattr(spec, name), datetime) != dates_on_x]
    if wrong:
        kinds = "dates" if dates_on_x else "numbers"
        one = "a date" if dates_on_x else "a number"
        if kind.values_on_x:
            where = f"on a {kind.label.lower()}, whose x axis holds the values it counts"
        elif said:
            where = "here"  # the refused resample has said what x holds
        else:
            where = f"here: x {x} holds {kinds}"
        given = [name for name in wrong if name not in inherited]
        found.append(_Misfit(f"{' and '.join(wrong)} must be {kinds if len(wrong) > 1 else one} {where}",
                             f"give {' and '.join(given)} as {kinds if len(given) > 1 else 'one'}", tuple(wrong)))
    return found


def _refuse_misfits(found: Sequence[_Misfit], spec: ChartSpec, inherited: frozenset[str],
                    written: Mapping[str, str]) -> None:
    """Refuse the fields `found` all at once, in one message with one undo of those a dashboard's
    chart set: a refusal naming one, undone, would be followed by one naming the next. A field
    refused for a text x, the first where there is one (`_misfits`), is refused alone, as choosing
    another x may make the others fit."""
    if not found:
        return
    first = found[0]
    if first.text_x is not None or len(found) == 1:
        parts = _from_base_parts(first.problem, first.advice, first.names, spec, inherited, written)
        if first.text_x is not None:
            raise TextColumnRefused(*parts, first.names[0], first.text_x, first.wanted)
        raise SpecError("".join(parts), first.names[0])
    names = [name for misfit in found for name in misfit.names]
    # Each advice names the fields it is for, as its "it" would otherwise be read as the first's.
    advice = "; ".join(f"{' and '.join(misfit.names)}: {misfit.advice}" for misfit in found
                       if not inherited.issuperset(misfit.names))
    problem = ", and ".join(misfit.problem for misfit in found)
    raise SpecError(_from_base(problem, advice, names, spec, inherited, written), names[0])


def check_consistent(spec: ChartSpec, kind: Kind, columns: Mapping[str, str],
                      inherited: frozenset[str] = frozenset(), written: Mapping[str, str] | None = None) -> None:
    """Refuse fields that contradict each other or the kind (`inherited`: those holding the base's
    value, which a refusal says where they come from; `written`: fields as the request wrote them,
    which a refusal quotes so, not as they were read: xmin=2024-02-01, not 2024-02-01T00:00:00)."""
    written = written or {}
    numeric = [n for n, t in columns.items() if t in NUMERIC_TYPES]
    if not spec.y and numeric == [spec.x]:
        alone = quote(spec.x, safe="")  # as a URL writes it
        if not kind.uses_x:
            # The kind asked for draws it alone already: it only needs naming, as y.
            raise SpecError(
                f"y: by default y is every numeric column but the x, and this dataset's only one, "
                f"{quoted_name(spec.x)}, is the x; name it: y={alone} (kind={spec.kind} draws the values of each y "
                "whatever the rows' x)",
                "y",
            )
        drawing_alone = [f"kind={name}&y={alone}" for name, other in CHART_KINDS.items() if not other.uses_x]
        raise SpecError(
            f"y: column {quoted_name(spec.x)} is the x, and this dataset has no other numeric column to draw against "
            f"it; choose another x, or a kind that draws it alone ({or_list(drawing_alone)})",
            "y",
        )
    if not spec.y:
        raise NoNumericColumn(f"y: the chart needs at least one numeric column and this dataset has "
                              f"{no_kind_words('numeric', columns.items())}")
    for name in spec.y:
        if columns.get(name) not in NUMERIC_TYPES:
            holds = _Y_HOLDS.get(columns.get(name), columns.get(name))
            problem = f"y: column {quoted_name(name)} holds {holds}, not numbers"
            rest = f"; numeric columns are {column_list(numeric)}" if numeric else "; the dataset has no numeric column"
            if columns.get(name) == "text":
                raise TextColumnRefused(problem, rest, "y", name, NUMBERS)
            raise SpecError(problem + rest, "y")
    if kind.categorical and spec.x in spec.y:
        raise SpecError(f"y: column {quoted_name(spec.x)} is the x of this {kind.label.lower()}, whose values are its "
                        "categories (rows of the same category are combined by agg); choose another x or other y "
                        "columns", "y")
    _refuse_misfits(_misfits(spec, kind, columns, inherited), spec, inherited, written)
    for lo, hi in (("xmin", "xmax"), ("ymin", "ymax")):
        a, b = getattr(spec, lo), getattr(spec, hi)
        if a is None or b is None or type(a) is not type(b):
            continue
        texts = [_as_written(name, spec, written) for name in (lo, hi)]
        # Whole-number x bounds are drawn counted from xmin, but where one column is drawn along both axes.
        counted = lo == "xmin" and not one_column_on_both_axes(spec, kind)
        problem = f"{lo} must be less than {hi}" if a >= b else _too_close(lo, hi, a, b, texts, counted)
        if problem is None:
            continue
        if inherited.isdisjoint((lo, hi)):
            raise SpecError(f"{problem}, got {lo}={texts[0]} and {hi}={texts[1]}", lo)
        raise SpecError(_from_base(problem, "", [lo, hi], spec, inherited, written), lo)


def one_column_on_both_axes(spec: ChartSpec, kind: Kind) -> bool:
    """Whether `spec`, of `kind`, draws its x column along both axes (a y column too, on a continuous
    x axis): one column in one unit, its x axis not counted from xmin (`magnitude.drawn_units`)."""
    return kind.x_axis == "x" and spec.x in spec.y


def narrowest_span(low: float, high: float) -> float:
    """The least span bounds `low` < `high` must pass to draw right: NARROWEST times the larger in size."""
    return max(abs(low), abs(high)) * NARROWEST


def too_close(low: float, high: float) -> bool:
    """Whether bounds `low` < `high` lie too close together to draw right (`narrowest_span`, `_too_close`)."""
    return high - low <= narrowest_span(low, high)


def _too_close(lo: str, hi: str, low: object, high: object, texts: Sequence[str], counted: bool) -> str | None:
    """Why bounds `low` < `high` are too close together to draw right, or None: a plot spans more than
    NARROWEST times its larger bound in size. matplotlib widens a span under 1e-15 of its bounds by a
    tenth of them (1 to 1.0000000000000002 is drawn 0.96 to 1.04), an axis other than the one asked
    for, and draws one a little wider pixels from its place (1.0137 to 1.0137000000000103 put its spine
    4 to 6 pt below the plot). Bounds nearer zero than matplotlib draws are drawn in their own units
    (`magnitude`), where the same rule holds. Dates are drawn as matplotlib's days since 1970
    (`date2num`), held to the same rule and told in microseconds: 2 microseconds in 2024 are a few
    doubles' steps, drawn over an axis 8 px from its place. Bounds of numbers written as whole
    numbers (`texts`) whose axis is drawn counted from the lower (`counted`: x bounds, but of one
    column drawn along both axes; `magnitude.bounds_offset`) are taken however close, as bounds of
    ids past 2**53 select their rows; y bounds select none, and are held to the rule as any others."""
    if isinstance(low, datetime):
        low, high = (float(day) for day in date2num([low, high]))
        unit, per_day = " microseconds", 86_400e6
    elif counted and all(WHOLE.fullmatch(text) for text in texts):
        return None
    else:
        unit, per_day = "", 1.0
    if not too_close(low, high):
        return None
    smallest = narrowest_span(low, high)
    rule = f"the smallest span a plot draws right being {NARROWEST:g} times its larger bound in size"
    if unit:
        rule += f", a date being counted in days since {num2date(0):%Y-%m-%d}"
    least = f"{smallest * per_day:.4g}"
    if unit and "e" in least:  # 10,000 microseconds or more, far from 1970, written whole
        least = f"{smallest * per_day:.0f}"
    return (f"{lo} and {hi} are too close together to draw right: they must lie more than {least}{unit} "
            f"apart, {rule}")
