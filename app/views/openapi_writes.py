"""The OpenAPI description of the API's writes: creating a dataset, deleting one and appending rows to
one; what each takes, its bodies, its conditions and its refusals."""
from __future__ import annotations

from ..store import MAX_TITLE, NAME_PATTERN, NAME_RULE
from ..store.workbooks import UNPACKED_PER_BODY_BYTE, XLSX_TYPE
from .openapi_answers import A_PARAMETER, error_answer, json_content, try_later
from .openapi_warnings import APPEND_WARNINGS, CREATE_WARNINGS
from .write_requests import IDEMPOTENCY_KEY

# The rule for a dataset's title (`store.title_problem`), in words rather than a maxLength: the server
# counts a title's characters in Unicode's composed form (NFC), where a client validating maxLength
# counts the code points sent, and would refuse a valid title written with combining accents.
TITLE_WORDS = (f"At most {MAX_TITLE} printable characters, counted in Unicode's composed form (NFC): \"é\" counts "
               "one whether it is sent as U+00E9 or as \"e\" and the combining accent U+0301, so a title sent "
               f"decomposed may hold more than {MAX_TITLE} code points.")
SHEET_WORDS = ("Of an Excel workbook (.xlsx): the name of the sheet to read, matched whatever its letter case "
               "(Notes reads the sheet NOTES), as Excel names a sheet; left out or empty, the first visible sheet, "
               "the others named in a warning. One the workbook does not have is a 400 listing its sheets; given "
               "with a CSV, a 400.")
SHEET_PARAMETER = {"name": "sheet", "in": "query", "required": False,
                   "description": f"With a workbook body: the sheet. {SHEET_WORDS}", "schema": {"type": "string"}}
WRITE_ERRORS = {
    "401": error_answer("No write token, or not a valid one (the response carries WWW-Authenticate: Bearer)."),
    "403": error_answer("Writes are turned off on this server: no write token is configured."),
    "503": try_later("The store stayed busy with other writes, or its database cannot be reached right now; "
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
STALE_ETAG = error_answer("If-Match names another version of the dataset than its current one (the message gives the "
                          "current ETag), or the dataset does not exist, so no ETag matches (without If-Match, a 404); "
                          "or If-None-Match names its current version, or is * while it exists; "
                          "nothing was written. Read the dataset again, then send its ETag.")
# RFC 9110, 13.1.1: no If-Match, not even *, is met by a dataset that is not there.
CREATE_IF_MATCH = error_answer("An If-Match header, while no dataset has the name: a dataset that does not exist "
                               "has no ETag to match; nothing was stored. Send the create without If-Match.")
# A write's 400 for its token sent in two Authorization headers, which a server joins into one value.
AUTHORIZATION_TWICE = "an Authorization header given twice"
CSV_BODY = {"schema": {"type": "string", "description": "A header line naming the columns, then rows."}}
XLSX_BODY = {"schema": {"type": "string", "contentMediaType": XLSX_TYPE, "description": (
    "An Excel workbook (.xlsx): the first row of its first visible sheet, or of the one ?sheet= names, names the "
    "columns, each row under it is a row; read as the CSV Excel would save of it (numbers, dates, text; a formula's "
    "last calculated value; an error value such as #DIV/0! a missing value, which the answer's warnings name).")}}
# What a workbook's refusals add to a write's 413, 415 and 422.
WORKBOOK_TOO_BIG = (f"; or an Excel workbook whose parts would unpack to more than {UNPACKED_PER_BODY_BYTE} times "
                    "that limit (the message gives both sizes)")
WORKBOOK_UNREADABLE = ("; or a file that begins as a zip or an OLE file and is no Excel workbook (.xlsx) the site "
                       "reads: damaged, encrypted with a password, an old .xls, an .ods, another zip")
WORKBOOK_UNCALCULATED = ("An Excel workbook's formula that was never calculated, so that the file holds no value for "
                         "it (the message names its cell: open and save the file in Excel to calculate it), or a "
                         "cell past the last column a sheet has, XFD, which no Excel writes (the message names it)")
JSON_ROWS = {"schema": {"oneOf": [
    {"type": "array", "items": {"type": "object", "additionalProperties": {"type": ["number", "string", "null"]}}},
    {"type": "object", "required": ["columns", "rows"], "description": (
        "The site's own .json of a dataset or of a chart's data, as it is: each row's values under its columns' names."),
     "properties": {"columns": {"type": "array", "items": {"oneOf": [{"type": "string"}, {
         "type": "object", "required": ["name"], "properties": {"name": {"type": "string"}}}]}},
         "rows": {"type": "array", "items": {"type": "array", "items": {"type": ["number", "string", "null"]}}}}}]}}


def _csv_form(file: dict) -> dict:
    """The fields of a form that creates a dataset, the CSV in `file`."""
    return {"schema": {"type": "object", "required": ["name", "file"], "properties": {
        "name": {"type": "string", "pattern": NAME_PATTERN.pattern, "description": NAME_RULE},
        "title": {"type": "string", "description": TITLE_WORDS},
        "file": file,
        "sheet": SHEET_PARAMETER["schema"] | {"description": SHEET_WORDS},
    }}}


def _body_limit(max_body_bytes: int) -> str:
    """A write's body limit as its description words it."""
    return f"at most {max_body_bytes} bytes (413 above)"


def create_operation(max_body_bytes: int) -> dict:
    """POST /api/datasets: create a dataset from a form, a CSV or a workbook, the body at most `max_body_bytes`."""
    limit = _body_limit(max_body_bytes)
    return {
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
                    "content": json_content({
                        "type": "object", "required": ["ok", "dataset", "version", "rows_total", "warnings"],
                        "properties": {"ok": {"const": True}, "dataset": {"$ref": "#/components/schemas/Dataset"},
                                       "version": {"type": "string"}, "rows_total": {"type": "integer"},
                                       "warnings": CREATE_WARNINGS},
                    })},
            "400": error_answer("A bad name or title (or one given twice), a CSV that cannot be used (the "
                                "message says where), a query parameter other than name and title (a "
                                "form takes none: its fields go in the body), a form field other than "
                                "name, title and file (the message names it), a multipart/form-data body "
                                "that cannot be read (cut short, without its boundary, a part without "
                                "Content-Disposition: the message says which), an Idempotency-Key "
                                "header, which applies to appends only (a create keeps no key), a sheet "
                                "that the workbook does not have (the message lists its sheets), or "
                                f"{AUTHORIZATION_TWICE}."),
            "409": error_answer("The name is taken, by a stored dataset, a data-folder file or a source dataset."),
            "412": CREATE_IF_MATCH,
            "413": error_answer(f"The body is over the limit ({max_body_bytes} bytes){WORKBOOK_TOO_BIG}."),
            "415": error_answer("Neither a form (multipart/form-data, application/x-www-form-urlencoded) nor CSV "
                                f"(text/csv, application/csv) nor a workbook ({XLSX_TYPE}); CSV, or a form's file "
                                "part (a file or a plain "
                                "field), declared header=absent (it needs its header line) or a charset other "
                                f"than UTF-8; or a Content-Encoding (Accept-Encoding: identity){WORKBOOK_UNREADABLE}."),
            "422": error_answer(f"{WORKBOOK_UNCALCULATED}."),
            **WRITE_ERRORS,
        },
    }


def delete_operation() -> dict:
    """DELETE /api/datasets/{name}: delete a dataset and its rows."""
    return {
        "summary": "Delete a dataset and its rows.",
        "operationId": "deleteDataset",
        "security": [{"bearer": []}],
        "parameters": [IF_MATCH, IF_NONE_MATCH],
        "responses": {
            "200": {"description": "Deleted.", "content": json_content({
                "type": "object", "properties": {"ok": {"const": True}, "deleted": {"type": "string"}}})},
            "400": error_answer(f"{A_PARAMETER}, or {AUTHORIZATION_TWICE}."),
            "404": error_answer("No such dataset."),
            "409": error_answer("A dashboard draws the dataset (the message names the dashboards), or it is "
                                "a CSV file in the data folder or a dataset of a source, which the site only "
                                "reads."),
            "412": STALE_ETAG,
            **WRITE_ERRORS,
        },
    }


def append_operation(max_body_bytes: int) -> dict:
    """POST /api/datasets/{name}/rows: append rows, all or none, the body at most `max_body_bytes`."""
    limit = _body_limit(max_body_bytes)
    return {
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
                    "content": json_content({
                        "type": "object", "required": ["ok", "dataset", "version", "rows_added", "rows_total"],
                        "properties": {"ok": {"const": True}, "dataset": {"type": "string"},
                                       "version": {"type": "string"}, "rows_added": {"type": "integer"},
                                       "rows_total": {"type": "integer"},
                                       "replayed": {"type": "boolean"},
                                       "warnings": APPEND_WARNINGS}})},
            "400": error_answer("A value of the wrong type (naming row, column and type), an unknown or "
                                "missing column (listing the columns), NaN or Infinity, a text too long for "
                                "a CSV upload (naming row, column and limit), invalid UTF-8 (compressed bytes "
                                "too), an Idempotency-Key that is malformed or given twice, a query "
                                "parameter other than sheet (the Idempotency-Key is a header), a sheet the "
                                "workbook does not have, "
                                f"or {AUTHORIZATION_TWICE}."),
            "404": error_answer("No such dataset."),
            "409": error_answer("The dataset is a CSV file in the data folder or a dataset of a source, "
                                "which the site only reads; or it was deleted and created anew, with other "
                                "columns, while the rows were checked (nothing was added)."),
            "412": STALE_ETAG,
            "413": error_answer(f"The body is over the limit ({max_body_bytes} bytes){WORKBOOK_TOO_BIG}."),
            "415": error_answer("Neither JSON (application/json, or a type ending in +json) nor CSV (text/csv, "
                                f"application/csv) nor a workbook ({XLSX_TYPE}); CSV declared header=absent (it "
                                "needs its header line); or a "
                                f"Content-Encoding (Accept-Encoding: identity){WORKBOOK_UNREADABLE}."),
            "422": error_answer("The Idempotency-Key was used before for another request to this dataset "
                                f"(another body or format); nothing was added. Or: {WORKBOOK_UNCALCULATED}."),
            **WRITE_ERRORS,
        },
    }
