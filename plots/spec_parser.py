"""parse_spec: a ChartSpec from the fields of a query string (or of a dashboard entry, through
`normalise_fields`) over a base spec: names that are no field and fields given twice refused first
(`field_refusals`), each field read (`field_values`), then all checked together (`spec_checks`)."""
from __future__ import annotations

import dataclasses
import functools
from collections.abc import Callable, Mapping, Sequence
from typing import Any

from .counted_rows import ROWS, counts_rows, rows_counted, with_rows_column
from .field_refusals import (CHOICES, SEVERAL_VALUES, WHOLE_NUMBER_FIELDS, refuse_repeated_fields, text_limit,
                             unknown_field, whole_numbers)
from .field_values import (bound_value, check_text, choice_of, column_named, int_in, is_auto, legend_choice,
                           split_columns)
from .kind import CHART_KINDS
from .kind_fields import without_untaken
from .spec import (BOUNDS, DATE_FIELDS, DEFAULT_LIMITS, FIELD_NAMES, NO_RESAMPLE, NONE_WORD, TEXT_FIELDS, ChartSpec,
                   Limits, SpecError, labels_for_chart, or_list)
from .line_gaps import gap_refused, read_gap
from .log_axis import log_refused
from .refusals import Checks
from .reference_lines import LINE_FIELDS, line_texts, lines_refused, read_xlines, read_ylines, xlines_placeless
from .percent_change import change_refused, read_change
from .running_values import read_cumulative, read_rolling, running_refused
from .series_split import series_refused
from .stacking import stack_refused
from .bar_order import order_refused, read_top
from .spec_checks import agg_refused, check_consistent, fill_columns, legend_refused, x_refused
from .percentiles import read_agg
from .text import line_feeds, looks

# The fields read each alone (`_read_fields`), in the order they are read: the first refused decides
# the answer's status (a column there is not, a 404, first). The bounds are read once x's type is known.
READ_ORDER = ("kind", "x", "y", *TEXT_FIELDS, "width", "height", "theme", "text", "bins", "legend", "resample", "agg",
              "yscale", "gap", "stack", "sort", "top", "yline", "xline", "series", "rolling", "cumulative",
              "change")


def parse_spec(
    fields: Mapping[str, list[str]],
    columns: Mapping[str, str],
    base: ChartSpec | None = None,
    limits: Limits = DEFAULT_LIMITS,
    others: Sequence[str] | Callable[[], Sequence[str]] = (),
) -> ChartSpec:
    """Build a ChartSpec from `fields` (name -> list of raw strings) over `base`.

    `columns` maps the dataset's column names to their types (integer, float, datetime, text).
    `others` names what else the place the fields come from takes, which its caller reads itself
    and leaves out of `fields` (a URL's v, from, to …; a dashboard file's id, dataset, caption), or
    is a function that names them, called only when a field is refused: a field that is no chart
    field is refused naming the chart fields, then those, and the one it looks like a typo of.
    Raises SpecError naming each bad field at once, in the order given (`refusals.Checks`): an
    unknown one, one given more than once that takes one value (naming what it takes: `field_takes`),
    and each value its field cannot read alone. Those checked against others (a bound against x's
    type, bins or a legend against the kind, …) come after, once every field reads well, one at a
    time. An unknown column is a 404, told alone where it is met first.
    """
    _refuse_fields_alone(fields, columns, limits, others)
    # Parsing is a pure function of its inputs and specs are immutable, so the answer for a
    # chart asked again (every cache hit parses its URL) is remembered, but not under a big key.
    if _key_bytes(fields, columns) > KEPT_KEY_BYTES:
        return _parse_spec({name: list(values) for name, values in fields.items()}, dict(columns), base, limits)
    key = (tuple((name, tuple(values)) for name, values in fields.items()), tuple(columns.items()), base, limits)
    return _parse_spec_remembered(key)


# The most bytes of a parse's key (`_key_bytes`) for which the parse is kept: a chart of a dozen
# columns has some 2 KB, where one of a dataset of 50 columns of long names has some 70 KB, and a
# source's may have hundreds of columns, held again by each of the 1,024 parses kept.
KEPT_KEY_BYTES = 16 * 1024


def _key_bytes(fields: Mapping[str, list[str]], columns: Mapping[str, str]) -> int:
    """About the bytes a parse's key holds, at most: each column name and field value, four bytes a
    character, and the tuples holding them."""
    texts = [*columns, *(value for values in fields.values() for value in values)]
    return sum(4 * len(text) + 160 for text in texts)


@functools.lru_cache(maxsize=1024)
def _parse_spec_remembered(key: tuple) -> ChartSpec:
    fields, columns, base, limits = key
    return _parse_spec({name: list(values) for name, values in fields}, dict(columns), base, limits)


def _refuse_fields_alone(fields: Mapping[str, list[str]], columns: Mapping[str, str], limits: Limits,
                         others: Sequence[str] | Callable[[], Sequence[str]]) -> None:
    """Raise SpecError for each field of `fields` that is no chart field or is given more than once
    (but y), with each other field that cannot be read (`_read_fields`); nothing when none is.

    Checked before the cache, whose key then needs no `others`: they name no chart field, so the
    same spec asked by URLs that take other parameters (an SVG's, a PNG's, a page's) is parsed once."""
    checks = Checks(fields)
    for name, values in fields.items():
        with checks.check():
            refuse_repeated_fields({name: values}, limits)
            if name not in FIELD_NAMES:
                raise unknown_field(name, others() if callable(others) else others)
    if checks.refused:
        with checks.check():
            _read_fields({name: values for name, values in fields.items()
                          if name in FIELD_NAMES and (len(values) == 1 or name in SEVERAL_VALUES)}, columns, limits)
        checks.tell()


# The fields read against a dataset's columns: x and y name them, and an x bound is a date where x holds dates.
COLUMN_FIELDS = ("x", "y", "xmin", "xmax", "series")
# The bounds read as numbers whatever the columns.
Y_BOUNDS = ("ymin", "ymax")


def check_fields_alone(fields: Mapping[str, list[str]], limits: Limits = DEFAULT_LIMITS,
                       others: Sequence[str] = ()) -> None:
    """Raise SpecError, in parse_spec's words, for each of `fields` that is refused whatever the dataset's
    columns: no chart field, given more than once, or a value its field cannot read alone (all but
    `COLUMN_FIELDS`), told at once; for a chart whose dataset cannot be described now (a dashboard's
    over a source out of reach), whose columns, and the checks of fields together, wait for it."""
    alone = {name: values for name, values in fields.items() if name not in COLUMN_FIELDS}
    _refuse_fields_alone(alone, {}, limits, others)
    checks = Checks(alone)
    with checks.check():
        _read_fields(alone, {}, limits)
    for name in Y_BOUNDS:
        raw = next((value for value in alone.get(name, ()) if value.strip()), None)  # a blank one is left out
        if raw is not None and not is_auto(raw):
            with checks.check():
                bound_value(name, raw, "float")
    checks.tell()


def _parse_spec(
    fields: Mapping[str, list[str]],
    columns: Mapping[str, str],
    base: ChartSpec | None,
    limits: Limits,
) -> ChartSpec:
    fields, changes = _read_fields(fields, columns, limits)
    # Each field but y is given once by now (`refuse_repeated_fields`).
    given = {name: values[0] for name, values in fields.items()}
    spec = base or ChartSpec()
    spec = dataclasses.replace(spec, **changes)
    kind = CHART_KINDS[choice_of("kind", spec.kind, CHART_KINDS)]  # a base spec's kind is checked too
    # A dashboard chart's own value of a field the kind takes none of is left out; the request's own is refused.
    spec = without_untaken(spec, kind, fields)
    if "y" not in changes and ROWS in spec.y and ROWS not in columns and not counts_rows(spec):
        spec = dataclasses.replace(spec, y=tuple(name for name in spec.y if name != ROWS))  # the base's count
    spec = fill_columns(spec, columns, limits)  # y=rows where no rows are counted a 404 saying what it names
    # The base's axis titles follow what they title to the kind, x and y drawn (compared once filled
    # in, so an x or y the request gives as the base has it keeps them); the request's own stay.
    titles = labels_for_chart(base or ChartSpec(), spec)
    spec = dataclasses.replace(spec, xlabel=changes.get("xlabel", titles.xlabel),
                               ylabel=changes.get("ylabel", titles.ylabel))

    bounds: dict[str, Any] = {}
    # A y bound is a number; an x bound is a date when x holds dates, but when the x axis holds the
    # y values (a histogram), where it is a number whatever x holds.
    x_type = "float" if kind.values_on_x or not spec.x else columns.get(spec.x)
    for name in BOUNDS:
        if name in given:
            raw = given[name]
            if is_auto(raw):
                bounds[name] = None
            elif name in DATE_FIELDS and x_type == "text":
                # No x bound applies to an axis of text, whatever it says: the checks together refuse
                # it for that (`check_consistent`), not for not being a number, which would be refused so
                # once written as one.
                bounds[name] = _read_or_zero(name, raw)
            else:
                bounds[name] = bound_value(name, raw, x_type if name in DATE_FIELDS else "float")
    spec = dataclasses.replace(spec, **bounds)
    line_x = columns.get(spec.x) if spec.x else "integer"
    if spec.xline and xlines_placeless(spec, kind, columns) is None:  # else refused as placeless (`lines_refused`)
        spec = dataclasses.replace(spec, xline=read_xlines(spec.xline, line_x))
    # The values a refusal says come from the base (a dashboard's chart): those the request does not write.
    inherited = frozenset(name for name in (*BOUNDS, "resample")
                          if base is not None and name not in fields and getattr(spec, name) is not None)
    if "x" in fields and not kind.uses_x and spec.x != _own_x(base, columns):
        # As agg: only an x the request names, and only one other than the chart's own, which a spec
        # written out whole names whatever the kind (`to_query` over no base: a .json's spec).
        raise x_refused(spec, kind)
    # A refusal quotes the bounds and resample as the request wrote them (xmin=2024-02-01).
    written = {name: given[name] for name in (*BOUNDS, "resample") if name in given}
    check_consistent(spec, kind, with_rows_column(columns) if rows_counted(spec) else columns, inherited, written)
    refused = log_refused(spec, kind, inherited, written)
    if refused is not None:
        raise refused
    refused = gap_refused(spec, kind, columns, inherited="gap" not in fields)
    if refused is not None:
        raise refused
    refused = lines_refused(spec, kind, columns, frozenset(name for name in LINE_FIELDS if name not in fields))
    if refused is not None:
        raise refused
    refused = stack_refused(spec, kind) or series_refused(spec, columns)
    if refused is not None:
        raise refused
    # A base's agg may be one its file names, the default's value or not: only no base says it is the default.
    agg_named = "agg" in fields or base is not None or spec.agg != ChartSpec().agg
    refused = (order_refused(spec, kind)
               or running_refused(spec, kind, agg_named, inherited=base is not None and "cumulative" not in fields)
               or change_refused(spec, kind))
    if refused is not None:
        raise refused
    if changes.get("legend") and not kind.legend:
        # As bins: only a legend=true the request names. A dashboard chart's own asks for a legend
        # where its kind draws one, and a kind the URL switches to that draws none leaves it unused.
        raise legend_refused(spec)
    if "bins" in fields and not kind.bins:
        # Only a bins the request names: every spec has one, and a kind that draws none ignores it.
        binning = [f"kind={name}" for name, other in CHART_KINDS.items() if other.bins]
        raise SpecError(f"bins does not apply to kind={spec.kind}, which draws no bins; use it with "
                        f"{or_list(binning)}", "bins")
    if "agg" in fields and not (spec.resample or kind.categorical) and spec.agg != (base or ChartSpec()).agg:
        # As bins: only an agg the request names, and only one that asks for a change: every spec
        # has one, and a chart page's form sends the one it shows whatever the kind.
        raise agg_refused(spec, kind)
    return spec


def _read_or_zero(name: str, raw: str) -> float:
    """An x bound of an axis of text as a number where it reads as one, else 0: a value standing for
    it, which the checks together refuse as any x bound of text."""
    try:
        return bound_value(name, raw, "float")
    except SpecError:
        return 0.0


def _read_fields(fields: Mapping[str, list[str]], columns: Mapping[str, str],
                 limits: Limits) -> tuple[dict[str, list[str]], dict[str, Any]]:
    """The fields given a value (blank ones left out, but free text's), and each read as its field
    takes it (name -> value, as `ChartSpec` holds it); raises SpecError naming each that cannot be
    read, at once (`refusals.Checks`), none of which depends on another's value."""
    # A blank value (an empty form field) means "as the base has it", except for free text,
    # where an empty title is a request for no title.
    fields = {
        name: values if name in TEXT_FIELDS else [v for v in values if v.strip()]
        for name, values in fields.items()
    }
    fields = {name: values for name, values in fields.items() if values}
    # Each field but y is given once by now (`refuse_repeated_fields`).
    given = {name: values[0] for name, values in fields.items()}
    changes: dict[str, Any] = {}
    checks = Checks(fields)
    for name in (name for name in READ_ORDER if name in given):
        with checks.check():
            changes[name] = _field_read(name, given[name], fields[name], columns, limits)
    checks.tell()
    return fields, changes


def _field_read(name: str, raw: str, values: list[str], columns: Mapping[str, str], limits: Limits) -> Any:
    """The chart field `name` given `raw` (`values`: all it was given, for y) as `ChartSpec` holds it;
    raises SpecError."""
    if name == "x":
        raw = raw if raw in columns else raw.strip()
        return column_named("x", raw, columns) if raw else None
    if name == "series":  # none undoes a dashboard chart's split
        raw = raw if raw in columns else raw.strip()
        return None if raw.lower() == NONE_WORD and raw not in columns else column_named("series", raw, columns)
    if name == "y":  # `rows` too, a count of them, refused once the agg is known where none is (`_parse_spec`)
        return tuple(ROWS if column == ROWS and ROWS not in columns else column_named("y", column, columns)
                     for column in split_columns(values, columns))
    if name in TEXT_FIELDS:
        text = check_text(name, line_feeds(raw), text_limit(name, limits))
        # Only white space (a textarea cleared but for its line break), or characters that draw
        # as nothing (a zero width space), is no text: drawn, it would take room, show nothing
        # and leave the chart without an accessible name.
        return text if looks(text).strip() else ""
    if name in WHOLE_NUMBER_FIELDS:
        return int_in(name, raw, *whole_numbers(name, limits))
    if name == "legend":
        return legend_choice(raw)
    if name == "resample":
        # "none" undoes a dashboard's resample (a blank value keeps it, as for every field).
        chosen = choice_of("resample", raw, CHOICES["resample"])
        return None if chosen == NO_RESAMPLE else chosen
    if name == "gap":
        return read_gap(raw)
    if name == "top":
        return read_top(raw, limits)
    if name == "rolling":
        return read_rolling(raw)
    if name == "cumulative":
        return read_cumulative(raw)
    if name == "change":
        return read_change(raw)
    if name == "yline":
        return read_ylines(line_texts(name, values, limits.max_label))
    if name == "xline":  # read as a date or a number once x's type is known (`_parse_spec`)
        return line_texts(name, values, limits.max_label) or ()
    if name == "agg":  # a named aggregate or a percentile, p1 to p99
        return read_agg(raw)
    return choice_of(name, raw, CHOICES[name])


def _own_x(base: ChartSpec | None, columns: Mapping[str, str]) -> str | None:
    """The x a chart has without the request's: its base's (a dashboard's chart's), else the first column."""
    if base is not None and base.x is not None:
        return base.x
    return next(iter(columns), None)
