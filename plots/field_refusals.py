"""The chart fields refused before any value is read against another: a name that is no chart field
(`unknown_parameter_or_option`, naming the one it looks like a typo of) and a field that takes one value
given more than once (`refuse_repeated_fields`), each saying what its field takes (`field_takes`), in the
words of the function that reads it (`field_values`)."""
from __future__ import annotations

from collections.abc import Mapping, Sequence

from .field_values import COLUMN_TAKES, COLUMNS_TAKES, LEGEND_TAKES, bound_takes, one_of, text_takes, whole_number_takes
from .formats import format_options, only_for
from .kind import CHART_KINDS
from .line_gaps import GAP_TAKES
from .name_guesses import did_you_mean
from .percent_change import CHANGE_TAKES
from .percentiles import AGG_TAKES
from .reference_lines import LINE_FIELDS, XLINE_TAKES, YLINE_TAKES
from .refusals import Checks
from .running_values import CUMULATIVE_TAKES, ROLLING_TAKES
from .bar_order import SORTS, TOP_TAKES
from .spec import (AGGREGATES, BOUNDS, DEFAULT_LIMITS, FIELD_NAMES, FIELDS, NO_RESAMPLE, RESAMPLE_RULES, STACKS,
                   TEXT_FIELDS, TEXT_MODES, THEMES, YSCALES, Limits, SpecError, refuse_repeated)
from .text import quoted
from .unknown_names import parameter_list, unknown_parameter

# The chart fields that take several values (y=a&y=b, a dashboard file's y = ["a", "b"]): any other
# given more than once is refused, blank or not. A blank value asks for the base's (or, free text, for
# none), so beside another it asks for two things, and which was meant cannot be told.
SEVERAL_VALUES = ("y", "yline", "xline")
# The values each field read by `choice_of` is one of (the kinds as registered when it is read).
CHOICES = {"kind": CHART_KINDS, "theme": THEMES, "text": TEXT_MODES, "resample": (*RESAMPLE_RULES, NO_RESAMPLE),
           "agg": AGGREGATES, "yscale": YSCALES,
           "stack": STACKS, "sort": SORTS}
WHOLE_NUMBER_FIELDS = ("width", "height", "bins")


def refuse_repeated_fields(fields: Mapping[str, list[str]], limits: Limits = DEFAULT_LIMITS) -> None:
    """Raise SpecError for a chart field of `fields` that takes one value (all but `SEVERAL_VALUES`)
    and is given more than once, blank or not, naming it and what it takes (`field_takes`); names
    that are no chart field are left alone. Each is told at once.

    Counted on the values as given, before any are left out or read: `_parse_spec` leaves out blank
    ones, which would make `kind=&kind=bar` one value, and a chart page's form reads its query before
    parse_spec does (a blank bound as `auto`, a resample its kind takes none of as `none`)."""
    checks = Checks(fields)
    for name, values in fields.items():
        if len(values) > 1 and name in FIELD_NAMES and name not in SEVERAL_VALUES:
            with checks.check():
                refuse_repeated(name, values, field_takes(name, limits))
    checks.tell()


def field_takes(name: str, limits: Limits = DEFAULT_LIMITS) -> str:
    """What the chart field `name` takes, in the words of the function that reads it (`field_values`):
    "one of line, bar, …", as a refusal of it given twice, or left blank in a dashboard file, ends."""
    if name == "agg":
        return AGG_TAKES
    if name in CHOICES:
        return one_of(CHOICES[name])
    if name in WHOLE_NUMBER_FIELDS:
        return whole_number_takes(*whole_numbers(name, limits))
    if name in TEXT_FIELDS:
        return f"{text_takes(text_limit(name, limits))} (blank for none)"
    if name in BOUNDS:
        return bound_takes(name)
    if name == "gap":
        return GAP_TAKES
    if name == "top":
        return TOP_TAKES.format(most=limits.max_categories)
    if name in ("rolling", "cumulative"):
        return ROLLING_TAKES if name == "rolling" else CUMULATIVE_TAKES
    if name == "change":
        return CHANGE_TAKES
    if name in LINE_FIELDS:
        return YLINE_TAKES if name == "yline" else XLINE_TAKES
    return {"x": COLUMN_TAKES, "series": f"{COLUMN_TAKES} (none for no split)", "y": COLUMNS_TAKES,
            "legend": LEGEND_TAKES}[name]


def whole_numbers(name: str, limits: Limits) -> tuple[int, int, str]:
    """The least and the greatest whole number the field `name` (of `WHOLE_NUMBER_FIELDS`) takes, and
    what it counts, as `int_in` takes them."""
    return (1, limits.max_bins, "") if name == "bins" else (limits.min_size, limits.max_size, "CSS pixels")


def text_limit(name: str, limits: Limits) -> int:
    """The most characters the free text field `name` (title, xlabel, ylabel) may hold."""
    return limits.max_title if name == "title" else limits.max_label


def unknown_field(name: str, others: Sequence[str] = ()) -> SpecError:
    """The error for `name`, which is no chart field nor one of `others` (what else the place it was
    written takes), as `unknown_parameter_or_option` words it."""
    return unknown_parameter_or_option(name, [*FIELDS, *others])


def unknown_parameter_or_option(name: str, taken: Sequence[str], elsewhere: Mapping[str, str] | None = None) -> SpecError:
    """The error for `name`, which is none of `taken`, as `unknown_parameter` words it; when it looks
    more like a parameter the place does not take than like any of them, one of `elsewhere` (a
    parameter -> where it applies) or an output format's option (sclae: png's scale, on an SVG;
    scalle: scale, not yscale), it names that one and where it applies."""
    if name.startswith("amp;"):
        return unknown_parameter(name, taken)
    options = {other: applies for other, applies in {**_format_options(), **(elsewhere or {})}.items()
               if other not in taken}
    guess = did_you_mean(name, [*taken, *options])
    for other, applies in options.items():
        if guess and guess == did_you_mean(name, [other]):
            listed = parameter_list(taken)
            return SpecError(f"unknown parameter {quoted(name)} (did you mean {other!r}? it applies to {applies}); "
                             f"the parameters are {listed}", name)
    return unknown_parameter(name, taken)


def _format_options() -> dict[str, str]:
    """Every output format's option -> the formats that take it, as a refusal words them (".png only")."""
    return {option: only_for(extensions) for option, extensions in format_options().items()}
