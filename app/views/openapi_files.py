"""The OpenAPI description of the files a page embeds or a user downloads: a dataset's rows, a chart's
image and data, a dashboard's report. Each answers in its own format, its errors too: JSON as the
API's, CSV and PDF as a line of text, an image as an image."""
from __future__ import annotations

from plots import FORMATS
from plots.timerange import ACCEPTED

from ..error_kinds import KIND_HEADER, KINDS
from ..query_parameters import ERRORS_TAKES, IMAGE_ERRORS_TAKES
from ..store import NAME_PATTERN

# The data behind a chart, and a dataset's rows, by extension (`data_files.DATA_TYPES`), with their charset.
DATA_MEDIA = {"json": "application/json", "csv": "text/csv"}
ERROR_TEXT = {"text/plain": {"schema": {"type": "string", "description": (
    "One line: the status, its title and the message, `404 Not Found: no dataset 'nosuch'; the datasets are …`.")}}}
ERROR_IMAGE = {"image/svg+xml": {"schema": {"type": "string", "description": (
    "An SVG of the error, sized as the chart asked: its <title> holds the status and the "
    "message, its root's data-status the status. With errors=image, the same image answers 200 instead, "
    "with X-Chart-Error: <status> <message>.")}}}
# A .png's error: a PNG of the same drawing, as e-mail clients show no SVG.
ERROR_PNG = {"image/png": {"schema": {"type": "string", "format": "binary", "description": (
    "A PNG of the error, sized as the chart asked at its scale: its Title text chunk holds the status and the "
    "message, its Chart-Error text chunk the status. With errors=image, the same image answers 200 instead, "
    "with X-Chart-Error: <status> <message>.")}}}
ERROR_JSON = {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}}
# Every error answer's kind of failure, for a program (`error_kinds`).
ERROR_KIND = {KIND_HEADER: {
    "description": ("The kind of failure, where a status is shared by several (a source past its timeout, or out of "
                    "reach); README's Checking charts in CI says what a job does with each."),
    "schema": {"type": "string", "enum": list(KINDS)}}}
RETRY_AFTER = {"Retry-After": {"description": ("Seconds to wait before asking again; left out of a 503 that waiting "
                                               "does not mend (the description says which)."),
                               "schema": {"type": "integer", "minimum": 0}}}
# A read's 503 of a source dataset, or of the store: with Retry-After while waiting may mend it, without
# where someone must (`source_unreachable.Unreachable`'s `waiting_mends`).
SOURCE_DOWN = ("A source dataset whose database cannot be reached right now (an outage) or took too long to answer, "
               "or the store's database is down: Retry-After says when to ask again. Or a source's SQLite file is "
               "not there, its path names a folder, it is no SQLite database, the site may not open it, it is in "
               "WAL mode in a folder the site may not write, it was moved in beside the log of the file it replaced, "
               "or it is empty, or missing, beside a log holding changes: no Retry-After, as waiting does not mend "
               "it; the message says what does, and the source is tried again, read once it is mended.")
ETAG = {"ETag": {"description": "The ETag of this answer's bytes, as sent: compressed, it ends -br or -gz.",
                 "schema": {"type": "string"}}}
READ_CONDITIONS = [
    {"name": "If-None-Match", "in": "header", "required": False, "schema": {"type": "string"},
     "description": "ETags of an answer already held (weak comparison), or *: a 304 while one is this answer's."},
    {"name": "If-Match", "in": "header", "required": False, "schema": {"type": "string"},
     "description": "Answer only while one of these ETags (strong comparison), or *, is this answer's: else a 412 "
                    "(an empty If-Match names none)."},
]
# Said once of a chart URL's operation, beside its parameters' own short words.
SEE_README = "README's “Chart parameters” section lists what each parameter takes."
# A chart's fields (`plots.spec.FIELDS`), each as README's table of chart parameters gives it.
CHART_FIELDS = {
    "kind": "line, bar, barh, scatter, area, hist or box (default line).",
    "x": "A column: where each row is placed along the x axis (default the first column).",
    "y": ("One or more numeric columns, repeated (y=a&y=b), comma-separated or one a line (default every "
          "numeric column but x, the first 20; under agg=count of bars or a resample, rows, the count of rows)."),
    "title": "The chart's title, drawn literally (at most 200 characters, counted composed).",
    "xlabel": ("The title of the axis x places rows along, or of a histogram's values; on a barh it runs down the "
               "side. At most 100 characters; blank, none."),
    "ylabel": ("The title of the value axis, or of a histogram's counts; on a barh it runs across. At most 100 "
               "characters; blank, none."),
    "width": "CSS pixels, 100-2000 (default 640).",
    "height": "CSS pixels, 100-2000 (default 360).",
    "theme": ("light, dark, auto (light or dark as the reader's system prefers) or print (light, each series "
              "told apart in gray by its dashes, markers or hatch)."),
    "xmin": "The x axis's lower bound: a number, or a date where x holds dates; auto fits the data.",
    "xmax": "The x axis's upper bound, written as xmin is.",
    "ymin": "The value axis's lower bound: a number; auto fits the data.",
    "ymax": "The value axis's upper bound, written as ymin is.",
    "legend": "true, false or auto (default: shown for more than one series).",
    "text": "font (selectable text) or path (outlines).",
    "bins": "A histogram's bins, 1-200 (default 20).",
    "resample": ("Where x holds dates: hour, day, week, month, quarter or year (hour by the rows' times of day, "
                 "in UTC; over dates alone, each a midnight, a 400); none undoes a dashboard chart's."),
    "agg": ("How the rows of a period or a bar's category are combined: mean, sum, min, max, median or count, or a "
            "percentile from p1 to p99 (p95: the value 95 % of the values lie at or below, interpolated between "
            "the two closest ranks; p50 is the median)."),
    "yscale": ("linear or log (the value axis on a base-10 log scale, values at or below 0 left out; line, bar, barh, "
               "scatter and box only; default linear)."),
    "gap": ("Where consecutive rows lie further apart, a line or area breaks: a duration where x holds dates (a count "
            "and s, m, h, d or w: 3d, 12h), a number where x holds numbers (2.5); none joins every row (the default)."),
    "stack": ("How several series of a bar, barh or area chart stand: none (side by side or over one another, the "
              "default), stacked (each on those before it), or percent (as shares of each x's total, 0-100)."),
    "sort": ("The order of a bar or barh chart's categories: none (as the rows give them, the default), value or "
             "-value (by each bar's value, several series' total; smallest or largest first), x or -x (by the category)."),
    "top": ("How many of a bar or barh chart's categories are drawn, 1-100: the first after sort, the others left out "
            "and counted in the alt text; none draws every category (the default)."),
    "series": ("A text column: the one y column drawn as a series per value of it, named by the value, sorted as text, "
               "the first 20 drawn; the chart's data is then x and a column per value. none undoes a dashboard chart's."),
    "rolling": ("A line's or area's values as a rolling mean, 2-365 points: each the mean of it and the N-1 before it, "
                "each series apart, after resample and agg (the first N-1 not drawn; a missing value left out of its "
                "window's mean); none draws the values as they are (the default). A line thinned per pixel column is a "
                "400 saying to resample it or narrow its range."),
    "cumulative": ("true: a line's or area's values as a running total, each the sum of it and every value before it "
                   "from the first row drawn, each series apart, after resample and agg; false (the default) draws "
                   "them as they are. Not with rolling; with resample, agg must be sum or count (a running total of "
                   "means totals nothing); a line thinned per pixel column is refused as for rolling."),
    "change": ("percent: a line's or area's values as their percent change, (v / base - 1) x 100, each series' base "
               "its value at the first x drawn within the range and bounds (after resample, agg, rolling and "
               "cumulative), so that every line starts at 0; none draws them as they are (the default). Not with "
               "stack or yscale=log; a series whose base is missing, 0 or below is a 422 naming it."),
    "yline": ("A dashed reference line across the plot at a value (a target, a threshold), repeatable up to 5 times: "
              "100, or 100:Target with a label after the last colon (a colon in a label written \\:); none draws none."),
    "xline": ("A dashed reference line up the plot at a date (where x holds dates) or a number, repeatable up to 5 "
              "times: 2024-03-01 or 2024-03-01:Launch; none draws none. Not for bar, barh, hist or box."),
}
SELECTION = [
    {"name": "from", "in": "query", "required": False, "schema": {"type": "string"},
     "description": f"The first time of the rows drawn: {ACCEPTED}."},
    {"name": "to", "in": "query", "required": False, "schema": {"type": "string"},
     "description": "The last time of the rows drawn, written as `from` is."},
    {"name": "filter.<column>", "in": "query", "required": False,
     "schema": {"type": "array", "items": {"type": "string"}}, "style": "form", "explode": True,
     "description": ("The rows whose text column holds the value (filter.station=North); repeated, any of them; "
                     "blank, every row. A column or a value the dataset does not hold is a 404.")},
]


def _query(name: str, description: str, schema: dict | None = None) -> dict:
    return {"name": name, "in": "query", "required": False, "schema": schema or {"type": "string"},
            "description": description}


def _path(name: str, description: str) -> dict:
    return {"name": name, "in": "path", "required": True, "description": description,
            "schema": {"type": "string", "pattern": NAME_PATTERN.pattern}}


def _errors_by_format(extension: str) -> dict:
    """The content an error of a file with `extension` comes as."""
    if extension == "json":
        return ERROR_JSON
    if extension == "svg":
        return ERROR_IMAGE
    if extension == "png":
        return ERROR_PNG
    return ERROR_TEXT


def _read(summary: str, operation_id: str, media_type: str, extension: str, parameters: list[dict],
          errors: dict[str, str], description: str | None = None) -> dict:
    """A file's GET: its 200 of `media_type`, the 304 and 412 of its ETag, and `errors` (status ->
    words), each in the format a file of `extension` answers errors in (a 503 with Retry-After, when it has one);
    `description`, what its summary leaves to say, where there is some."""
    content = _errors_by_format(extension)
    ok = {media_type: {"schema": {"type": "string"}}}
    if content is ERROR_IMAGE:  # errors=image answers a refusal as a 200 image
        ok = {**ok, **ERROR_IMAGE}
    elif content is ERROR_PNG:  # a 200 of image/png already: the error image's words beside the chart's
        ok = {media_type: {"schema": {"type": "string", "description": (
            "The chart; with errors=image, a refusal's PNG of the error (its X-Chart-Error header says which)")}}}
    responses = {
        "200": {"description": "The file.", "headers": ETAG, "content": ok},
        "304": {"description": "Not Modified: If-None-Match names this answer's ETag, or is *; no body.",
                "headers": ETAG},
        "412": {"description": "If-Match names no ETag of this answer (the message gives its ETag).",
                "content": content, "headers": ERROR_KIND},
    }
    for status, words in errors.items():
        responses[status] = {"description": words, "content": content,
                             "headers": {**ERROR_KIND, **(RETRY_AFTER if status == "503" else {})}}
    described = {} if description is None else {"description": description}
    return {"get": {"summary": summary, "operationId": operation_id, **described,
                    "parameters": [*parameters, *READ_CONDITIONS], "responses": responses}}


def _version(where: str) -> dict:
    return _query("v", (f"The version {where} writes into the URL, such as 7_5f1c2a9e: the data version, then a "
                        "digest of what else decides the bytes; cached for good while current. Another form is a "
                        "400; a bare data version (7) is taken as one that is not current."))


def _chart_parameters(extension: str, where: str) -> list[dict]:
    """What a chart's file of `extension` takes in its query: the chart's fields, its rows' range and
    filters, `v`, `errors`, and `scale` for a PNG."""
    fields = [_query(name, words,
                     {"type": "array", "items": {"type": "string"}} if name in ("y", "yline", "xline") else None)
              for name, words in CHART_FIELDS.items()]
    scale = [_query("scale", "Device pixels per CSS pixel: 1, 2 or 3 (default 1).")] if extension == "png" else []
    errors = IMAGE_ERRORS_TAKES if extension in ("svg", "png") else ERRORS_TAKES
    return [*fields, *scale, *SELECTION, _version(where), _query("errors", f"{errors[0].upper()}{errors[1:]}.")]


def _chart_errors(what: str) -> dict[str, str]:
    return {
        "400": ("A parameter it does not take (naming it and what it takes), one given twice, or a bad value "
                "(naming the parameter and what it takes)."),
        "404": f"No such {what}, or a column or filter value the dataset does not hold (the message lists those there are).",
        "422": ("The chart cannot be drawn of these rows (too many bar categories, too many periods to resample), "
                "or the dataset cannot be read as it is: the message says what to change."),
        "503": SOURCE_DOWN,
    }


def file_paths() -> dict:
    """The OpenAPI `paths` of the files: a dataset's rows, a chart's image and data, a dashboard's report."""
    paths: dict = {}
    rows_errors = {
        "400": ("A parameter but v and errors (the message says where it applies, and what those two take), or a bad "
                "v. The rows come whole: a paging parameter (limit, offset, page, per_page) is told there is no "
                "paging, and that a chart's data (/plot/{name}.csv, .json) takes from, to and filter.<column>."),
        "404": "No such dataset.",
        "422": ("The dataset cannot be read as it is (a data-folder file that is no valid CSV, a source's table "
                "missing): the message says what to change."),
        "503": SOURCE_DOWN,
    }
    for extension, media_type in DATA_MEDIA.items():
        paths[f"/datasets/{{name}}.{extension}"] = {"parameters": [_path("name", "The dataset's name.")], **_read(
            f"All of a dataset's rows as {extension.upper()} (its description too, in JSON).",
            f"getDatasetRows{extension.capitalize()}", media_type, extension,
            [_version("the dataset's page and /api/datasets/{name}"), _query("errors", f"{ERRORS_TAKES[0].upper()}"
                                                                                      f"{ERRORS_TAKES[1:]}.")],
            rows_errors)}
    chart_types = {**{f.extension: f.media_type for f in FORMATS.values()}, **DATA_MEDIA}
    for extension, media_type in chart_types.items():
        plot, chart = (("An ad-hoc chart of a dataset", "A dashboard's chart") if extension in FORMATS else
                       ("The rows an ad-hoc chart of a dataset draws", "The rows a dashboard's chart draws"))
        paths[f"/plot/{{dataset}}.{extension}"] = {"parameters": [_path("dataset", "The dataset's name.")], **_read(
            f"{plot}, as {extension.upper()}.", f"getPlot{extension.capitalize()}", media_type,
            extension, _chart_parameters(extension, "a page"), _chart_errors("dataset"), SEE_README)}
        paths[f"/d/{{dashboard}}/{{chart}}.{extension}"] = {
            "parameters": [_path("dashboard", "The dashboard's name."), _path("chart", "The chart's id.")], **_read(
                f"{chart}, as {extension.upper()}; parameters override the chart's own.",
                f"getDashboardChart{extension.capitalize()}", media_type, extension,
                _chart_parameters(extension, "the dashboard's page"), _chart_errors("dashboard or chart"), SEE_README)}
    paths["/d/{dashboard}.pdf"] = {"parameters": [_path("dashboard", "The dashboard's name.")], **_read(
        "The dashboard as a PDF report: its title, description, range, filters, how current its data is and charts.",
        "getDashboardReport", FORMATS["pdf"].media_type, "pdf", SELECTION,
        {"400": ("A parameter but from, to and the dashboard's filters (a chart's, such as title, names a chart URL "
                 "that takes it), or a bad from or to."),
         "404": "No such dashboard, or a filter value its column does not hold."})}
    return paths
