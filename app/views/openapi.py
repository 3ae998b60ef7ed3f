"""The OpenAPI 3.1 description of the JSON API, and of the files it links (`openapi_files`), served at
/api/openapi.json."""
from __future__ import annotations

from ..store import COLUMN_TYPES, MAX_TITLE, NAME_PATTERN, NAME_RULE
from .openapi_files import RETRY_AFTER, SOURCE_DOWN, file_paths
from .openapi_versions import DASHBOARD_PARAMETERS, VERSIONS_BODY
from .openapi_warnings import APPEND_WARNINGS, CREATE_WARNINGS
from .write_forms import REFUSED_FIELDS
from .write_requests import IDEMPOTENCY_KEY
from ..store.workbooks import UNPACKED_PER_BODY_BYTE, XLSX_TYPE


def _json(schema: dict) -> dict:
    return {"application/json": {"schema": schema}}


def _error(description: str) -> dict:
    return {"description": description, "content": _json({"$ref": "#/components/schemas/Error"})}


def _try_later(description: str) -> dict:
    """A 503, which says in Retry-After when to ask again, unless `description` says waiting does not help."""
    return {**_error(description), "headers": RETRY_AFTER}


# The rule for a dataset's title (`store.title_problem`), in words rather than a maxLength: the server
# counts a title's characters in Unicode's composed form (NFC), where a client validating maxLength
# counts the code points sent, and would refuse a valid title written with combining accents.
TITLE_WORDS = (f"At most {MAX_TITLE} printable characters, counted in Unicode's composed form (NFC): \"é\" counts "
               "one whether it is sent as U+00E9 or as \"e\" and the combining accent U+0301, so a title sent "
               f"decomposed may hold more than {MAX_TITLE} code points.")


def _csv_form(file: dict) -> dict:
    """The fields of a form that creates a dataset, the CSV in `file`."""
    return {"schema": {"type": "object", "required": ["name", "file"], "properties": {
        "name": {"type": "string", "pattern": NAME_PATTERN.pattern, "description": NAME_RULE},
        "title": {"type": "string", "description": TITLE_WORDS},
        "file": file,
        "sheet": SHEET_PARAMETER["schema"] | {"description": SHEET_WORDS},
    }}}


# What a dataset description's `json` and `csv` URLs are (`dataset_rows.rows_url`).
FIELD_WORDS = ("The part of a write the refusal is about, where it is about one: name or title (of a create's "
               "form, or its ?name= and ?title= with a CSV body), file (a create form's CSV: none sent, or rows "
               "that cannot be used) or body (the rows sent as the body: too big, not UTF-8, or rows that cannot "
               "be used), or sheet (a workbook's sheet it does not have, or one named of a CSV). Left out for a refusal of no such part: a token, a parameter or field not taken, a "
               "Content-Type, an If-Match, an Idempotency-Key.")
COLUMN_WORDS = ("The column whose type refuses a value of the rows a create or an append sends (the error names "
                "its row too), beside the field they came in, file or body; left out for any other refusal.")
ROWS_URL_WORDS = ("All the dataset's rows as {fmt}, at this version: its `v` (such as 7_5f1c2a9e) is the version, "
                  "then a digest of the store and the release, as a chart URL's; cached for good while current.")
SHEET_WORDS = ("Of an Excel workbook (.xlsx): the name of the sheet to read; left out or empty, the first. One "
               "the workbook does not have is a 400 listing its sheets; given with a CSV, a 400.")
SHEET_PARAMETER = {"name": "sheet", "in": "query", "required": False,
                   "description": f"With a workbook body: the sheet. {SHEET_WORDS}", "schema": {"type": "string"}}
NAME_PARAMETER = {
    "name": "name", "in": "path", "required": True, "description": "The dataset's name.",
    "schema": {"type": "string", "pattern": NAME_PATTERN.pattern},
}
WRITE_ERRORS = {
    "401": _error("No write token, or not a valid one (the response carries WWW-Authenticate: Bearer)."),
    "403": _error("Writes are turned off on this server: no write token is configured."),
    "503": _try_later("The store stayed busy with other writes, or its database cannot be reached right now; "
                      "retry after the Retry-After header's seconds. Or the store's disk is full: nothing was "
                      "written, reads go on, and no write can be until room is made on the disk (Retry-After: 60); "
                      "so too where an SQLite store's disk refused the write with an I/O error (a disk quota or "
                      "file-size limit reached, a failing disk). "
                      "Or the store is read-only (an SQLite store's file, or the folder holding it, or a PostgreSQL "
                      "database in read-only mode): no Retry-After, as no write can be until whoever runs the site "
                      "makes it writable. Or an SQLite store's file is empty, or missing, "
                      "beside a log holding changes: no Retry-After, as waiting does not mend it; the message says "
                      "what does."),
}
# A write to one dataset is done only while the client's If-Match still names it (`write_conditions`).
IF_MATCH = {
    "name": "If-Match", "in": "header", "required": False,
    "description": ("Write only if the dataset is still as last read: the ETag GET /api/datasets/{name} gave (strong "
                    "comparison; its compressed forms, ending -br or -gz, name it too), or * for any version. "
                    "Checked in the write's own transaction: a write by another client in between fails it. An "
                    "empty If-Match names no ETag: none matches it."),
    "schema": {"type": "string"},
}
IF_NONE_MATCH = {"name": "If-None-Match", "in": "header", "required": False, "schema": {"type": "string"},
                 "description": ("Write only if none of these ETags is the dataset's current one (weak comparison), "
                                 "or, for *, only if the dataset does not exist (RFC 9110, 13.1.2).")}
STALE_ETAG = _error("If-Match names another version of the dataset than its current one (the message gives the "
                    "current ETag), or the dataset does not exist, so no ETag matches (without If-Match, a 404); "
                    "or If-None-Match names its current version, or is * while it exists; "
                    "nothing was written. Read the dataset again, then send its ETag.")
# RFC 9110, 13.1.1: no If-Match, not even *, is met by a dataset that is not there.
CREATE_IF_MATCH = _error("An If-Match header, while no dataset has the name: a dataset that does not exist has no "
                         "ETag to match; nothing was stored. Send the create without If-Match.")
DESCRIPTION_ETAG = {"ETag": {"description": "The ETag of this description, which a write's If-Match may name.",
                             "schema": {"type": "string"}}}
# Every read carries the ETag of its bytes, and answers If-None-Match and If-Match by it
# (`conditional_requests.revalidate_by_bytes`): a script polling an answer that has not changed gets a 304.
ANSWER_ETAG = {"ETag": {"description": "The ETag of this answer's bytes, as sent: compressed, it ends -br or -gz.",
                        "schema": {"type": "string"}}}
READ_CONDITIONS = [
    {"name": "If-None-Match", "in": "header", "required": False, "schema": {"type": "string"},
     "description": "ETags of an answer already held (weak comparison), or *: a 304 while one is this answer's."},
    {"name": "If-Match", "in": "header", "required": False, "schema": {"type": "string"},
     "description": "Only while one of these ETags (strong comparison), or *, is this answer's; else, or empty, 412."},
]


def _read(responses: dict) -> dict:
    """A read's `responses`, its 200 with an ETag, and the 304 and 412 its ETag answers conditions with."""
    etag = responses["200"].get("headers", ANSWER_ETAG)
    return {**responses, "200": {**responses["200"], "headers": etag},
            "304": {"description": "Not Modified: If-None-Match names this answer's ETag, or is *; no body.",
                    "headers": etag},
            "412": _error("If-Match names no ETag of this answer (the message gives its ETag).")}


# A write's 400 for its token sent in two Authorization headers, which a server joins into one value.
AUTHORIZATION_TWICE = "an Authorization header given twice"
# The reads, and the writes but creating from a CSV body, take no query parameter: one, a typo
# say, is refused rather than ignored (a write stores nothing then).
A_PARAMETER = "A query parameter, which this URL takes none of (the message names it)"
ANY_PARAMETER = _error(f"{A_PARAMETER}.")
STORE_DOWN = _try_later("The database that keeps the uploaded datasets cannot be reached right now.")
CSV_BODY = {"schema": {"type": "string", "description": "A header line naming the columns, then rows."}}
XLSX_BODY = {"schema": {"type": "string", "contentMediaType": XLSX_TYPE, "description": (
    "An Excel workbook (.xlsx): the first row of its first sheet, or of the one ?sheet= names, names the columns, "
    "each row under it is a row; read as the CSV Excel would save of it (numbers, dates, text; a formula's last "
    "calculated value; an error value such as #DIV/0! a missing value, which the answer's warnings name).")}}
# What a workbook's refusals add to a write's 413, 415 and 422.
WORKBOOK_TOO_BIG = (f"; or an Excel workbook whose parts would unpack to more than {UNPACKED_PER_BODY_BYTE} times "
                    "that limit (the message gives both sizes)")
WORKBOOK_UNREADABLE = ("; or a file that begins as a zip or an OLE file and is no Excel workbook (.xlsx) the site "
                       "reads: damaged, encrypted with a password, an old .xls, an .ods, another zip")
WORKBOOK_UNCALCULATED = ("An Excel workbook's formula that was never calculated, so that the file holds no value for "
                         "it (the message names its cell: open and save the file in Excel to calculate it)")
JSON_ROWS = {"schema": {"oneOf": [
    {"type": "array", "items": {"type": "object", "additionalProperties": {"type": ["number", "string", "null"]}}},
    {"type": "object", "required": ["columns", "rows"], "description": (
        "The site's own .json of a dataset or of a chart's data, as it is: each row's values under its columns' names."),
     "properties": {"columns": {"type": "array", "items": {"oneOf": [{"type": "string"}, {
         "type": "object", "required": ["name"], "properties": {"name": {"type": "string"}}}]}},
         "rows": {"type": "array", "items": {"type": "array", "items": {"type": ["number", "string", "null"]}}}}}]}}


def openapi_document(max_body_bytes: int) -> dict:
    """The API description, with the server's body size limit."""
    limit = f"at most {max_body_bytes} bytes (413 above)"
    return {
        "openapi": "3.1.0",
        "info": {
            "title": "SVG Plots API",
            "version": "1",
            "description": (
                "Datasets behind the charts. Reads are public; writes need `Authorization: Bearer <token>`. "
                "Every successful write that changes the rows bumps the dataset's version (an empty append "
                "keeps it), and every chart of it is drawn anew on "
                "its next request. A refused write stores nothing."
            ),
        },
        "paths": {
            "/api/datasets": {
                "get": {
                    "summary": "Every dataset with its columns, types and version.",
                    "operationId": "listDatasets",
                    "parameters": READ_CONDITIONS,
                    "responses": _read({
                        "200": {"description": ("The datasets. One that cannot be described now (a data-folder file "
                                                "that is no valid CSV, a source dataset whose database cannot be "
                                                "reached) is listed with its error, and the others as usual."),
                                "content": _json({
                                    "type": "object", "required": ["ok", "datasets"],
                                    "properties": {"ok": {"const": True}, "datasets": {"type": "array", "items": {
                                        "oneOf": [{"$ref": "#/components/schemas/Dataset"},
                                                  {"$ref": "#/components/schemas/DatasetError"}]}}},
                                })},
                        "400": ANY_PARAMETER,
                        "503": STORE_DOWN,
                    }),
                },
                "post": {
                    "summary": "Create a dataset from a CSV; column types are inferred from its rows.",
                    "operationId": "createDataset",
                    "security": [{"bearer": []}],
                    "parameters": [
                        {"name": "name", "in": "query", "description": "With a CSV body: the new dataset's name.",
                         "schema": {"type": "string", "pattern": NAME_PATTERN.pattern}},
                        {"name": "title", "in": "query", "description": f"With a CSV body: its title. {TITLE_WORDS}",
                         "schema": {"type": "string"}},
                        SHEET_PARAMETER,
                    ],
                    "requestBody": {"required": True, "description": (
                        f"The CSV, {limit}, UTF-8, not compressed: a form with the fields name, title and file (an "
                        "uploaded file, or the CSV's text as a plain field), or the CSV itself as the body with "
                        "?name=&title= in the URL."), "content": {
                        "multipart/form-data": _csv_form({"type": "string", "contentMediaType": "text/csv",
                                                          "description": f"The CSV, or an Excel workbook ({XLSX_TYPE})."}),
                        "application/x-www-form-urlencoded": _csv_form({"type": "string",
                                                                        "description": "The CSV's text."}),
                        "text/csv": CSV_BODY,
                        "application/csv": CSV_BODY,
                        XLSX_TYPE: XLSX_BODY,
                    }},
                    "responses": {
                        "201": {"description": ("Created; Location is the dataset's API URL, /api/datasets/{name}, "
                                                "which reads it (the dataset's url is its page, /datasets/{name})."),
                                "headers": {"Location": {"description": "/api/datasets/{name}",
                                                         "schema": {"type": "string"}}},
                                "content": _json({
                            "type": "object", "required": ["ok", "dataset", "version", "rows_total", "warnings"],
                            "properties": {"ok": {"const": True}, "dataset": {"$ref": "#/components/schemas/Dataset"},
                                           "version": {"type": "string"}, "rows_total": {"type": "integer"},
                                           "warnings": CREATE_WARNINGS},
                        })},
                        "400": _error("A bad name or title (or one given twice), a CSV that cannot be used (the "
                                      "message says where), a query parameter other than name and title (a "
                                      "form takes none: its fields go in the body), a form field other than "
                                      "name, title and file (the message names it), a multipart/form-data body "
                                      "that cannot be read (cut short, without its boundary, a part without "
                                      "Content-Disposition: the message says which), an Idempotency-Key "
                                      "header, which applies to appends only (a create keeps no key), a sheet "
                                      "that the workbook does not have (the message lists its sheets), or "
                                      f"{AUTHORIZATION_TWICE}."),
                        "409": _error("The name is taken, by a stored dataset, a data-folder file or a source dataset."),
                        "412": CREATE_IF_MATCH,
                        "413": _error(f"The body is over the limit ({max_body_bytes} bytes){WORKBOOK_TOO_BIG}."),
                        "415": _error("Neither a form (multipart/form-data, application/x-www-form-urlencoded) nor CSV "
                                      f"(text/csv, application/csv) nor a workbook ({XLSX_TYPE}); CSV, or a form's file "
                                      "part (a file or a plain "
                                      "field), declared header=absent (it needs its header line) or a charset other "
                                      f"than UTF-8; or a Content-Encoding (Accept-Encoding: identity){WORKBOOK_UNREADABLE}."),
                        "422": _error(f"{WORKBOOK_UNCALCULATED}."),
                        **WRITE_ERRORS,
                    },
                },
            },
            "/api/datasets/{name}": {
                "parameters": [NAME_PARAMETER],
                "get": {
                    "summary": "One dataset's columns, types and version.",
                    "operationId": "getDataset",
                    "parameters": READ_CONDITIONS,
                    "responses": _read({
                        "200": {"description": "The dataset.", "headers": DESCRIPTION_ETAG, "content": _json({
                            "type": "object", "required": ["ok", "dataset"],
                            "properties": {"ok": {"const": True}, "dataset": {"$ref": "#/components/schemas/Dataset"}}})},
                        "400": ANY_PARAMETER,
                        "404": _error("No such dataset."),
                        "422": _error("The dataset cannot be read as it is: a data-folder file that is no valid "
                                      "CSV (one separated by semicolons, say), or a source dataset whose table is "
                                      "missing, whose query the source refuses or whose columns the site cannot "
                                      "show; the message says what to change."),
                        "503": _try_later(f"{SOURCE_DOWN} The message names the source."),
                    }),
                },
                "delete": {
                    "summary": "Delete a dataset and its rows.",
                    "operationId": "deleteDataset",
                    "security": [{"bearer": []}],
                    "parameters": [IF_MATCH, IF_NONE_MATCH],
                    "responses": {
                        "200": {"description": "Deleted.", "content": _json({
                            "type": "object", "properties": {"ok": {"const": True}, "deleted": {"type": "string"}}})},
                        "400": _error(f"{A_PARAMETER}, or {AUTHORIZATION_TWICE}."),
                        "404": _error("No such dataset."),
                        "409": _error("A dashboard draws the dataset (the message names the dashboards), or it is "
                                      "a CSV file in the data folder or a dataset of a source, which the site only "
                                      "reads."),
                        "412": STALE_ETAG,
                        **WRITE_ERRORS,
                    },
                },
            },
            "/api/datasets/{name}/rows": {
                "parameters": [NAME_PARAMETER],
                "post": {
                    "summary": "Append rows, all or none.",
                    "description": (
                        "Each row names every column. Values must fit the column's type: integer (never empty), "
                        "float (finite; NaN and Infinity are refused), datetime (ISO 8601, to the microsecond; a time with a UTC offset "
                        "is stored in UTC), text. A missing value is null (JSON) or empty (CSV); in a text column an "
                        "empty text (\"\") is one too, as an empty CSV cell is."
                    ),
                    "operationId": "appendRows",
                    "security": [{"bearer": []}],
                    "parameters": [{
                        "name": "Idempotency-Key", "in": "header", "required": False,
                        "description": ("1 to 200 visible ASCII characters other than a comma, e.g. a UUID (spaces and "
                                        "tabs around them are no part of it); the header "
                                        "given twice is a 400 (a server joins the two with a comma). An append sent again with the "
                                        "key of one already stored for this dataset, with the same body, stores "
                                        "nothing and answers as the first did, with replayed: true; another body "
                                        "with the key is a 422. A key is kept with an empty list too, and "
                                        "forgotten when its dataset is deleted."),
                        "schema": {"type": "string", "pattern": IDEMPOTENCY_KEY.pattern}}, IF_MATCH, IF_NONE_MATCH,
                        SHEET_PARAMETER],
                    "requestBody": {"required": True, "description": (
                        f"{limit}, UTF-8, not compressed. JSON as application/json or any type ending in +json "
                        "(application/vnd.api+json, say), one list of objects (JSON Lines, one object a line, "
                        "is refused saying so), or the site's own .json of a dataset or a chart's data as it is; CSV as text/csv or application/csv, its header line "
                        f"naming every column; an Excel workbook as {XLSX_TYPE}, its sheet's first row naming them."),
                        "content": {
                        "application/json": JSON_ROWS,
                        "application/*+json": JSON_ROWS,
                        "text/csv": CSV_BODY,
                        "application/csv": CSV_BODY,
                        XLSX_TYPE: XLSX_BODY,
                    }},
                    "responses": {
                        "200": {"description": "Appended (an empty list adds nothing and keeps the version).",
                                "content": _json({
                                    "type": "object", "required": ["ok", "dataset", "version", "rows_added", "rows_total"],
                                    "properties": {"ok": {"const": True}, "dataset": {"type": "string"},
                                                   "version": {"type": "string"}, "rows_added": {"type": "integer"},
                                                   "rows_total": {"type": "integer"},
                                                   "replayed": {"type": "boolean"},
                                                   "warnings": APPEND_WARNINGS}})},
                        "400": _error("A value of the wrong type (naming row, column and type), an unknown or "
                                      "missing column (listing the columns), NaN or Infinity, a text too long for "
                                      "a CSV upload (naming row, column and limit), invalid UTF-8 (compressed bytes "
                                      "too), an Idempotency-Key that is malformed or given twice, a query "
                                      "parameter other than sheet (the Idempotency-Key is a header), a sheet the "
                                      "workbook does not have, "
                                      f"or {AUTHORIZATION_TWICE}."),
                        "404": _error("No such dataset."),
                        "409": _error("The dataset is a CSV file in the data folder or a dataset of a source, "
                                      "which the site only reads; or it was deleted and created anew, with other "
                                      "columns, while the rows were checked (nothing was added)."),
                        "412": STALE_ETAG,
                        "413": _error(f"The body is over the limit ({max_body_bytes} bytes){WORKBOOK_TOO_BIG}."),
                        "415": _error("Neither JSON (application/json, or a type ending in +json) nor CSV (text/csv, "
                                      f"application/csv) nor a workbook ({XLSX_TYPE}); CSV declared header=absent (it "
                                      "needs its header line); or a "
                                      f"Content-Encoding (Accept-Encoding: identity){WORKBOOK_UNREADABLE}."),
                        "422": _error("The Idempotency-Key was used before for another request to this dataset "
                                      f"(another body or format); nothing was added. Or: {WORKBOOK_UNCALCULATED}."),
                        **WRITE_ERRORS,
                    },
                },
            },
            "/api/openapi.json": {
                "get": {"summary": "This description.", "operationId": "getOpenApi", "parameters": READ_CONDITIONS,
                        "responses": _read({"200": {"description": "OpenAPI 3.1.", "content": _json({"type": "object"})},
                                            "400": ANY_PARAMETER})},
            },
            "/d/{dashboard}/versions.json": {
                "get": {
                    "summary": "The current data version and image URL of each chart of a dashboard.",
                    "operationId": "getDashboardVersions",
                    "description": ("It takes `from`, `to` and the dashboard's filters, as the dashboard's page "
                                    "links it; any other parameter is a 400 naming those it takes (for a chart's "
                                    "parameter, `title` or `scale` say, naming a chart URL that takes it)."),
                    "parameters": [{"name": "dashboard", "in": "path", "required": True, "schema": {"type": "string"}},
                                   *DASHBOARD_PARAMETERS, *READ_CONDITIONS],
                    "responses": _read({
                        "200": {"description": ("Chart id -> its dataset, version, image URL, alt text, notes (and "
                                                "status and error where it cannot be drawn); the rows shown; "
                                                "the options of the filters' selects."),
                                "content": _json(VERSIONS_BODY)},
                        "400": _error("A parameter it does not take, a filter.<column> the dashboard offers no filter on "
                                      "among them (the message lists those it takes), a `from` "
                                      "or `to` that is no date, time or now-offset, or one given twice."),
                        "404": _error("No such dashboard, or a filter.<column> value its column does not hold "
                                      "(the message names the values there are), or a filter.<column> whose "
                                      "column none of the dashboard's datasets holds as text any more, a "
                                      "data-folder file changed since the site started (the message names the "
                                      "text columns they hold)."),
                    }),
                },
            },
            **file_paths(),
        },
        "components": {
            "securitySchemes": {"bearer": {"type": "http", "scheme": "bearer",
                                           "description": ("A write token: one set in SVGPLOTS_WRITE_TOKENS, or the one "
                                                          "`python3 run.py` prints at start and keeps in its data "
                                                          "folder's write-token file.")}},
            "schemas": {
                "Error": {"type": "object", "required": ["ok", "status", "title", "error"], "properties": {
                    "ok": {"const": False}, "status": {"type": "integer"}, "title": {"type": "string"},
                    "error": {"type": "string", "description": "What was wrong and what is allowed."},
                    "field": {"enum": list(REFUSED_FIELDS), "description": FIELD_WORDS},
                    "column": {"type": "string", "description": COLUMN_WORDS}}},
                "Dataset": {"type": "object", "required": ["name", "title", "version", "row_count", "columns"],
                            "properties": {
                                "name": {"type": "string"}, "title": {"type": "string"},
                                "version": {"type": "string", "description": "Changes with every write that changes the rows."},
                                "row_count": {"type": "integer"},
                                "updated": {"type": ["string", "null"], "format": "date-time"},
                                "writable": {"type": "boolean",
                                             "description": "False for a CSV file in the data folder and a source dataset."},
                                "source": {"type": ["string", "null"],
                                           "description": "The data source a source dataset is read from; null for the others."},
                                "columns": {"type": "array", "items": {"type": "object", "properties": {
                                    "name": {"type": "string"}, "type": {"enum": list(COLUMN_TYPES)}}}},
                                "url": {"type": "string", "description": "The dataset's page, /datasets/{name}."},
                                "json": {"type": "string", "description": ROWS_URL_WORDS.format(fmt="JSON")},
                                "csv": {"type": "string", "description": ROWS_URL_WORDS.format(fmt="CSV")}}},
                "DatasetError": {
                    "type": "object", "required": ["name", "error"], "additionalProperties": False,
                    "description": ("A listed dataset that cannot be described now; GET /api/datasets/{name} "
                                    "answers 422 or 503 with the same message."),
                    "properties": {"name": {"type": "string"},
                                   "error": {"type": "string", "description": "What is wrong and what to change."}}},
            },
        },
    }
