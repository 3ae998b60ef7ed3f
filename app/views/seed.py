"""The first version's URLs, still served: /animal.svg, /bears.svg and the /divide.json calculator."""
from __future__ import annotations

import math

from flask import Blueprint, request
from werkzeug.exceptions import BadRequest

from plots import ChartSpec, Format, SpecError
from plots.field_values import ASCII_SPACE, NUMBER_WRITTEN, finite_number, one_of
from plots.refusals import Checks
from plots.spec import FIELDS, refuse_repeated
from plots.unknown_names import unknown_parameter
from plots.name_guesses import did_you_mean
from plots.text import quoted

from ..chart_requests import dataset_chart
from ..query_parameters import (format_options_of, query_fields, refuse_bad_query, refuse_unknown_parameters,
                                request_checks, url_parameters)
from ..responses import json_response
from .charts import answer, file_format
from .static_files import send_static

bp = Blueprint("seed", __name__)

SEED_ANIMALS = ("Bear", "Deer", "Wolf")
# What /animal.svg's type takes, and /divide.json's numerator and denominator, in the words a bad or
# missing one, or one given twice, is refused with.
TYPE_TAKES = one_of(SEED_ANIMALS)
NUMBER_TAKES = f"a number {NUMBER_WRITTEN}"
# What /animal.svg takes besides chart fields (errors as on any chart URL), and the chart fields it
# does not take: `type` chooses its one column, drawn as a line.
ANIMAL_PARAMETERS = ("type", "v", "errors")
NOT_ANIMAL_FIELDS = ("kind", "y")
# What /bears.svg takes: what every chart URL does besides chart fields.
BEARS_PARAMETERS = ("v", "errors")
# What /bears.svg's v takes, in the words a v given twice is refused with: a file has no data version.
BEARS_VERSION_TAKES = "v is any text, which changes nothing: /bears.svg is a drawing served as it is"


@bp.get("/animal.svg")
def animal():
    """The original one-animal chart: /animal.svg?type=Bear|Deer|Wolf."""
    checks = request_checks()  # every bad parameter told at once, as on any chart URL
    with checks.check():
        refuse_bad_query()
    with checks.needed():
        svg = file_format("svg")
    asked = query_fields(request.args, ANIMAL_PARAMETERS)
    fields = {name: values for name, values in asked.items() if name in FIELDS and name not in NOT_ANIMAL_FIELDS}
    with checks.check():
        _refuse_other_parameters(svg, [name for name in asked if name not in fields])
    kind = SEED_ANIMALS[0]
    with checks.check():
        kind = _animal_type()
    chart = None
    with checks.check():  # the chart's fields are checked whatever the type, as none depends on it
        base = ChartSpec(kind="line", x="year", y=(kind,), title=f"{kind} sightings per year")
        chart = dataset_chart("animals", fields, base=base)
    with checks.check():
        format_options_of(svg, request.args)  # another format's option (scale), as on any chart URL
    checks.tell()
    return answer(chart, svg, "svg")


def _animal_type() -> str:
    """The request's `type`, one of SEED_ANIMALS; raises SpecError for one missing, given twice or
    none of them."""
    refuse_repeated("type", request.args.getlist("type"), TYPE_TAKES)
    kind = request.args.get("type")
    if kind not in SEED_ANIMALS:
        got = "it is missing" if kind is None else f"got {quoted(kind)}{did_you_mean(kind, SEED_ANIMALS)}"
        raise SpecError(f"type must be {TYPE_TAKES}; {got}", "type")
    return kind


def _refuse_other_parameters(svg: Format, others: list[str]) -> None:
    """Refuse, at once, the `others` of the request's fields: y and kind, which `type` sets, and each
    unknown parameter, naming what /animal.svg takes: the chart's fields are read without them, so
    parse_spec never meets one."""
    taken = (*(n for n in FIELDS if n not in NOT_ANIMAL_FIELDS), *url_parameters(svg, skip=ANIMAL_PARAMETERS))
    checks = Checks(request.args.keys())
    for name in others:
        with checks.check():
            if name in NOT_ANIMAL_FIELDS:
                raise SpecError(f"{name} cannot be set on /animal.svg, whose type chooses the one animal it draws as "
                                f"a line (/plot/animals.svg takes {name}); the parameters are {', '.join(taken)}", name)
            raise unknown_parameter(name, taken)
    checks.tell()


@bp.get("/bears.svg")
def bears():
    """The original static bear chart, a file served as it is. It takes `v` and `errors`, as every
    chart URL does (a link may carry a `v`), which change nothing; a chart field is refused naming a
    chart URL that takes it."""
    refuse_bad_query(BEARS_VERSION_TAKES)
    elsewhere = dict.fromkeys(FIELDS, "a chart's URL (such as /animal.svg?type=Bear)")
    refuse_unknown_parameters(request.args.keys(), BEARS_PARAMETERS, "/bears.svg, a drawing served as it is",
                              elsewhere)
    response = send_static("bears.svg", mimetype="image/svg+xml")
    response.headers["Content-Type"] = "image/svg+xml; charset=utf-8"
    return response


def _number(name: str) -> float:
    """The request's `name` as a finite float, written as a chart's bound is (`finite_number`); raises a
    400 naming it when it is missing or given twice too."""
    values = request.args.getlist(name)
    refuse_repeated(name, values, NUMBER_TAKES)
    raw = values[0] if values else None
    if raw is None or not raw.strip(ASCII_SPACE):
        raise SpecError(f"{name} is required: {NUMBER_TAKES}", name)
    return finite_number(name, raw, NUMBER_TAKES)


@bp.get("/divide.json")
def divide():
    """The seed's calculator: numerator / denominator as JSON."""
    numerator, denominator = _number("numerator"), _number("denominator")
    written = {name: request.args[name].strip(ASCII_SPACE) for name in ("numerator", "denominator")}
    if denominator == 0:
        raise BadRequest("denominator must be a number other than 0, which divides nothing, "
                         f"got {quoted(written['denominator'])}")
    result = numerator / denominator
    if not math.isfinite(result):
        raise BadRequest(f"the result of {written['numerator']} / {written['denominator']} is too large for a 64-bit "
                         "float (above about 1.8e308); use a smaller numerator or a larger denominator")
    return json_response({"ok": True, "numerator": numerator, "denominator": denominator, "result": result})
