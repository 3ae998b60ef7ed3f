"""The query parameters a URL takes besides chart fields, and the refusal of any other.

Which parameters a chart's URL takes (`v`, `errors`, the range and filters, its output format's
options) and a request's chart fields apart from them; a SpecError naming a parameter that is
unknown, repeated, not UTF-8, or taken only by another URL (a dashboard's page, another format);
the output format a file extension names, and its options.
"""
from __future__ import annotations

import re
from collections.abc import Callable, Collection, Iterable, Mapping, Sequence
from urllib.parse import unquote_to_bytes

from flask import current_app, request
from werkzeug.datastructures import MultiDict
from werkzeug.exceptions import HTTPException, NotFound

from plots import FORMATS, Format, SpecError
from plots.formats import format_options, only_for
from plots.refusals import Checks
from plots.selection import FILTER_PREFIX
from plots.spec import FIELDS, refuse_repeated
from plots.field_refusals import unknown_parameter_or_option
from plots.text import quoted, text_problem
from plots.timerange import RANGE_PARAMS
from plots.unknown_names import parameter_list, unknown_words

from .context import current_site
from .dashboard_charts import ChartFieldsRefused
from .dashboards import Dashboard
from .error_image_looks import errors_mode
from .quick_ranges import quick_range_instead
from .responses import answers_errors_as_images
from .store import StoreError

# Query parameters that are not chart fields (besides the output formats' options): `v` pins a
# data version in URLs; `errors=image` answers an error as a 200 image (see responses.error_response);
# `from`, `to` and every `filter.<column>` ("filter.*") choose rows.
NON_SPEC_PARAMS = ("v", "errors") + RANGE_PARAMS + (FILTER_PREFIX + "*",)
# What a dashboard's page takes besides the range and filters its charts take: `range`, its form's
# quick range.
DASHBOARD_PAGE_PARAMETERS = ("range",)
ERROR_MODES = ("image",)
# What `v` and `errors` take, as a refusal of one says it: a `v` has one form, a chart's and a
# dataset's rows' alike (`chart_versions.image_version`).
VERSION_FORM_WORDS = "the data version, then _ and 8 lowercase hex digits (such as 7_5f1c2a9e); it may be left out"
VERSION_TAKES = f"v is the version the site's pages write into a chart's URL: {VERSION_FORM_WORDS}"


def dataset_version_takes(dataset: str) -> str:
    """What `v` takes on the dataset's rows, as a refusal of it says it: the form a chart's `v` has
    (`VERSION_TAKES`), as the dataset's page and its API description write it into the rows' URLs."""
    return (f"v is the version the dataset's page and /api/datasets/{dataset} write into its rows' URLs: "
            f"{VERSION_FORM_WORDS}")
# What `errors` takes, in the words of a refusal: on a chart's image (`answers_errors_as_images`), and
# on any other URL that takes it (a chart's page, data or report, a dataset's rows), where it changes
# nothing and the refusal says so: a 200 image means nothing on a download.
IMAGE_ERRORS_TAKES = "errors must be image (to answer an error as a 200 image) or left out"
ERRORS_TAKES = ("errors must be image or left out (image makes a chart's .svg or .png answer an error as a 200 "
                "image; here it changes nothing: an error is answered as usual)")
# What a URL takes besides chart fields, as parse_spec's `others` takes them: the names, or a
# function that makes them, called only for the message when a parameter is refused.
Parameters = Sequence[str] | Callable[[], Sequence[str]]


def listed_parameters(parameters: Parameters) -> Sequence[str]:
    """The names `parameters` holds, or makes when it is a function."""
    return parameters() if callable(parameters) else parameters


def every_parameter(others: Parameters) -> tuple[str, ...]:
    """Every parameter a chart's URL takes, as parse_spec lists them: the chart fields, then `others`
    (or what a function makes them)."""
    return (*FIELDS, *listed_parameters(others))


def query_fields(args: MultiDict, skip: tuple[str, ...] = NON_SPEC_PARAMS) -> dict[str, list[str]]:
    """The request's parameters for the chart's spec, as name -> list of values: all but the format
    options and `skip`, which the view reads itself (a name ending in ".*" in `skip` leaves out every
    parameter starting with what precedes the "*"). An unknown parameter is among them: parse_spec
    refuses it, naming the `url_parameters` it is given."""
    skipped = set(skip) | set(format_options())
    prefixes = tuple(name[:-1] for name in skip if name.endswith(".*"))
    return {key: args.getlist(key) for key in args.keys()
            if key not in skipped and not (prefixes and key.startswith(prefixes))}


def url_parameters(fmt: Format | None, dashboard: Dashboard | None = None,
                   skip: tuple[str, ...] = NON_SPEC_PARAMS) -> tuple[str, ...]:
    """The parameters besides chart fields that a chart URL takes, as an unknown parameter's message
    lists them for parse_spec: those `skip` names (as `query_fields` leaves them out), then the options
    of `fmt`, the format the URL ends in (`scale` on a PNG; None: a page, or the data as JSON or
    CSV, which take none). A filter is listed as each one `dashboard` offers, or as `filter.<column>`.

    `v` and `errors` are listed wherever they are taken, on a page or the data too, where they
    change nothing: a link may carry a `v`, and an error's answer is an image only on an image.
    """
    names = []
    for name in skip:
        if name in FIELDS:
            continue
        if name.endswith(".*"):
            names += [f"{name[:-1]}<column>"] if dashboard is None else dashboard.filter_parameters
        else:
            names.append(name)
    return tuple(names) + (tuple(fmt.options) if fmt is not None else ())


def refuse_undecodable_query() -> None:
    """Refuse the request's query string when it is not UTF-8 once percent-decoded (werkzeug would
    read it with its undecodable escapes as written, `caf%E9`, and a page would store or draw them),
    or when a parameter's name holds a character no name may (`refuse_unprintable_names`); raises
    SpecError naming the parameter. (The app's `before_request`, for every URL but those of a view
    that `reads_undecodable_query`, which calls it itself.)"""
    raw = request.query_string
    if not raw.isascii() or b"%" in raw:
        try:
            unquote_to_bytes(raw.replace(b"+", b" ")).decode("utf-8")
        except UnicodeDecodeError:
            _refuse_bad_parameter(raw)
    if not raw.isascii() or UNPRINTABLE_IN_QUERY.search(raw):
        refuse_unprintable_names(request.args.keys())


# What a name the text rule refuses is written with in a query string: escaped, or a control byte as it is.
UNPRINTABLE_IN_QUERY = re.compile(rb"[%\x00-\x1f\x7f]")
# What a parameter's name holds, and what its value may hold besides.
NAME_CHARACTERS = ("a parameter's name holds printable characters only, no tab or line break (as a column's name: "
                   "a filter.<column> names one), while its value may hold tabs and line breaks too")


def refuse_unprintable_names(names: Iterable[str]) -> None:
    """Raise SpecError for the first of `names` that holds a control character, a line break or a tab
    among them, or another character the text rule refuses (`plots.text`): none names a parameter,
    nor a column in a filter.<column> (a column's name holds none), though a value may hold tabs
    and line breaks."""
    for name in names:
        problem = text_problem(name)
        if problem is not None:
            raise SpecError(f"the parameter name {quoted(name)} {problem}; {NAME_CHARACTERS}", name)


def reads_undecodable_query(view: Callable) -> Callable:
    """Mark `view` as one that refuses a query that is not UTF-8 itself (`refuse_undecodable_query`),
    as it answers any other bad value: a dashboard's page with its form again, not a dead end."""
    view.reads_undecodable_query = True  # type: ignore[attr-defined]
    return view


def refuse_undecodable_query_first() -> None:
    """`refuse_undecodable_query` before the request's view reads the query, unless that view
    `reads_undecodable_query` itself. (The app's `before_request`, for every URL.)"""
    view = current_app.view_functions.get(request.endpoint) if request.endpoint else None
    if not getattr(view, "reads_undecodable_query", False):
        refuse_undecodable_query()


def refuse_bad_query(version_takes: str = VERSION_TAKES) -> None:
    """Refuse a chart's query that gives `v` or `errors` more than once (blank or not, as a chart field
    given twice is refused) or asks for an unknown `errors` mode (a blank one is none, as a blank
    chart field keeps its default); raises SpecError naming the parameter and what it takes
    (`version_takes`: what `v` does, where it is a dataset's version, `dataset_version_takes`).
    (Called first by each URL that takes them; a query that is not
    UTF-8 was refused before, by `refuse_undecodable_query`. A URL that takes neither refuses them as
    any parameter it does not take.) Both are told at once when both are bad."""
    args = request.args
    checks = Checks(args.keys())
    with checks.check():
        refuse_repeated("v", args.getlist("v"), version_takes)
    with checks.check():
        errors_takes = IMAGE_ERRORS_TAKES if answers_errors_as_images() else ERRORS_TAKES
        refuse_repeated("errors", args.getlist("errors"), errors_takes)
        modes = given_values(args, "errors")
        if modes and errors_mode(modes[0]) not in ERROR_MODES:
            raise SpecError(f"{errors_takes}, got {quoted(modes[0])}", "errors")
    checks.tell()


def refuse_unknown_parameters(names: Iterable[str], taken: Sequence[str], where: str = "this URL",
                              elsewhere: Mapping[str, str] | None = None, takes: str = "",
                              advice: Mapping[str, str] | None = None) -> None:
    """Refuse each of `names` (a request's parameters) that is none of `taken`, all at once (`Checks`):
    a typo (`froom=`) would otherwise be ignored without a word. Raises SpecError naming each, as
    `_refuse_first_unknown` does, the words `advice` holds for a parameter (a parameter -> what to do
    instead) added to its refusal."""
    names = list(names)
    checks = Checks(names)
    for name in names:
        with checks.check():
            try:
                _refuse_first_unknown([name], taken, where, elsewhere, takes)
            except SpecError as error:
                if advice and name in advice:
                    raise SpecError(f"{error.message}; {advice[name]}", name) from None
                raise
    checks.tell()


def _refuse_first_unknown(names: Iterable[str], taken: Sequence[str], where: str = "this URL",
                          elsewhere: Mapping[str, str] | None = None, takes: str = "") -> None:
    """Refuse the first of `names` (a request's parameters) that is none of `taken`: a typo
    (`froom=`) would otherwise be ignored without a word. Raises SpecError naming it and what is
    taken (or that `where` takes none), and what those take where `takes` says it: for an output
    format's option (scale) or one of `elsewhere` (a parameter -> the URLs it applies to), where it
    applies and that it does not apply to `where`, what this URL is; else the one it looks like a
    typo of, of these too (`unknown_parameter_or_option`)."""
    for name in names:
        if name in taken:
            continue
        named = parameter_list(taken)
        ending = f": {takes}" if takes else ""
        listed = f"the parameters are {named}{ending}" if taken else "it takes no parameters"
        applies = _applies_elsewhere(name, elsewhere or {}) or _option_owners(name)
        if applies:
            raise SpecError(f"{name} applies to {applies}, not {where}; {listed}", name)
        if not taken:
            raise SpecError(f"{unknown_words(name)}; {where} takes no parameters", name)
        error = unknown_parameter_or_option(name, taken, elsewhere)
        if ending and error.message.endswith(f"are {named}"):  # not a URL's `&amp;`, which says how to write it
            raise SpecError(error.message + ending, name)
        raise error


# How `elsewhere` (of `refuse_unknown_parameters`) names every filter.<column> parameter at once.
ANY_FILTER = FILTER_PREFIX + "<column>"


def _applies_elsewhere(name: str, elsewhere: Mapping[str, str]) -> str | None:
    """Where `name` applies, of `elsewhere` (a parameter -> the URLs it applies to; `ANY_FILTER` for
    every filter.<column>), or None."""
    if name in elsewhere:
        return elsewhere[name]
    return elsewhere.get(ANY_FILTER) if name.startswith(FILTER_PREFIX) else None


def refuse_any_parameter(where: str, elsewhere: Mapping[str, str] | None = None) -> None:
    """Refuse any query parameter, on a URL that takes none (`where`, what it is, in words; `elsewhere`
    as `refuse_unknown_parameters` takes it); raises SpecError naming it."""
    refuse_unknown_parameters(request.args.keys(), (), where, elsewhere)


def _option_owners(name: str) -> str | None:
    """Which formats take the option `name` (".png only"); None when it is no format's option."""
    extensions = format_options().get(name)
    return only_for(extensions) if extensions else None


def _refuse_bad_parameter(raw: bytes) -> None:
    for part in raw.split(b"&"):
        name, _, value = (unquote_to_bytes(piece.replace(b"+", b" ")) for piece in part.partition(b"="))
        try:
            field = name.decode("utf-8")
        except UnicodeDecodeError as error:
            raise SpecError(f"a parameter name is not valid UTF-8: the byte 0x{name[error.start]:02x} cannot be "
                            "read; send text percent-encoded as UTF-8 (%C3%A9 for é)") from None
        try:
            value.decode("utf-8")
        except UnicodeDecodeError as error:
            raise SpecError(f"{field} is not valid UTF-8: the byte 0x{value[error.start]:02x} at position "
                            f"{error.start} of its value cannot be read; send text percent-encoded as UTF-8 "
                            "(%C3%A9 for é)", field) from None


def chart_format(extension: str) -> Format:
    """The output format of a file extension; raises NotFound naming the extensions there are."""
    for fmt in FORMATS.values():
        if fmt.extension == extension:
            return fmt
    if extension.lower() in {*(f.extension for f in FORMATS.values()), "json", "csv"}:
        raise NotFound(f"no chart format .{extension}; extensions are written in lower case: .{extension.lower()}")
    listed = ", ".join(f".{f.extension}" for f in FORMATS.values())
    raise NotFound(f"no chart format .{extension}; charts come as {listed}, their data as .json and .csv")


def refuse_other_format_options(args: MultiDict, extension: str | None, own: Collection[str] = ()) -> None:
    """Raise SpecError for an output format's option in `args` that a file ending in `extension`
    (None: a chart's page) does not take (`own` are those it takes): scale on an SVG, on data as
    .json or .csv, or on a page would otherwise be ignored without a word. Each is told at once."""
    checks = Checks(args.keys())
    for name in sorted(set(format_options()) - set(own)):
        if name in args:
            where = f".{extension}" if extension is not None else "a chart's page"
            with checks.check():
                raise SpecError(f"{name} applies to {_option_owners(name)}, not {where}", name)
    checks.tell()


def format_options_of(fmt: Format, args: MultiDict) -> dict:
    """The request's options for `fmt`, parsed, a blank one left at its default as a blank chart
    field is (`scale=`); raises SpecError for a bad value, for one given more than once (blank or
    not, as a chart field), or for another format's option (say, scale on an SVG, blank or not: the
    name is a mistake there all the same). Each bad one is told at once."""
    checks = Checks(args.keys())
    with checks.check():
        refuse_other_format_options(args, fmt.extension, fmt.options)
    limits = current_site().limits
    parsed = {}
    for name in fmt.options:
        with checks.check():
            refuse_repeated(name, args.getlist(name), fmt.options[name].takes(limits))
            values = given_values(args, name)
            if values:
                parsed.update(fmt.parse_options({name: values[0]}, limits))
    checks.tell()
    return parsed


def request_checks() -> Checks:
    """Checks of the request's query parameters that do not depend on one another, their refusals told
    at once in the order the query writes them (`plots.refusals`); a NotFound or a store's error, as a
    parameter's 404, is an answer of its own, as is the refusal of a dashboard chart's own fields
    (`ChartFieldsRefused`), which no parameter of the URL mends."""
    return Checks(request.args.keys(), (HTTPException, StoreError, ChartFieldsRefused))


def chart_fields_asked(args: MultiDict, dashboard: Dashboard, page_form: Mapping[str, str] | None = None) -> MultiDict:
    """`args` without the parameters of `dashboard`'s page (`dashboard_page_parameters`) and of a chart
    page's form (`page_form`): those are refused as the page's (`refuse_dashboard_page_parameters`), and
    told once, not again as unknown chart fields."""
    page_only = {**dashboard_page_parameters(dashboard), **(page_form or {})}
    return MultiDict([(name, value) for name, value in args.items(multi=True) if name not in page_only])


def given_values(args: MultiDict, name: str) -> list[str]:
    """The values `args` gives `name` but blank ones (or of only white space), which ask for its
    default as a blank chart field does: a form's empty field, or a template's empty value."""
    return [value for value in args.getlist(name) if value.strip()]


def dashboard_page_parameters(dashboard: Dashboard) -> dict[str, str]:
    """The parameters only a dashboard's page takes, each -> where it applies, as a refusal of one
    elsewhere names it: its form's quick range (`range=now-7d`), which the page writes out as
    `from` when it redirects."""
    return dict.fromkeys(DASHBOARD_PAGE_PARAMETERS, f"the dashboard's page (/d/{dashboard.name}) only")


def chart_page_form_parameters(dashboard: str, chart_id: str, names: Iterable[str]) -> dict[str, str]:
    """The parameters only the form of a dashboard chart's page sends (`names`: `shown.x` …), each ->
    where it applies, as a refusal of one on the chart's file names it: a chart page's URL with
    `.svg` added carries them, and the page gives the URL to embed instead."""
    page = f"/d/{dashboard}/{chart_id}"
    return dict.fromkeys(names, f"the chart page's form ({page}, whose Embed section gives the chart's URL "
                                "to embed) only")


def refuse_dashboard_page_parameters(dashboard: Dashboard, args: MultiDict, others: Parameters, where: str,
                                     page_form: Mapping[str, str] | None = None) -> None:
    """Refuse a parameter of the dashboard's page (range) in `args`, or of a chart page's form
    (`page_form`, as `chart_page_form_parameters` makes it), those of a URL of one of its charts
    (`where`, in words), whose parameters are the chart fields and `others` (or a function that
    makes them): raises SpecError naming where it applies, as `refuse_unknown_parameters` does
    (parse_spec would call it an unknown one), and for a quick range (`range=now-7d`) what the
    chart's URL writes instead (`from=now-7d`), as the dashboard's versions.json and report say it."""
    page_only = {**dashboard_page_parameters(dashboard), **(page_form or {})}
    asked = [name for name in args.keys() if name in page_only]
    if asked:
        instead = quick_range_instead(dashboard, args)
        refuse_unknown_parameters(asked, every_parameter(others), where, page_only,
                                  advice={"range": instead} if instead else None)
