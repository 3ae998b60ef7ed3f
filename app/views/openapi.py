"""The OpenAPI 3.1 description of the JSON API, served at /api/openapi.json: its reads, the writes it
describes in `openapi_writes`, the files it links (`openapi_files`), a dashboard's versions.json and the
schemas of what they answer."""
from __future__ import annotations

from ..store import COLUMN_TYPES, NAME_PATTERN
from .openapi_answers import ANY_PARAMETER, READ_CONDITIONS, error_answer, json_content, read_answers, try_later
from .openapi_files import SOURCE_DOWN, file_paths
from .openapi_versions import DASHBOARD_PARAMETERS, VERSIONS_BODY
from .openapi_writes import append_operation, create_operation, delete_operation
from .write_forms import REFUSED_FIELDS

FIELD_WORDS = ("The part of a write the refusal is about, where it is about one: name or title (of a create's "
               "form, or its ?name= and ?title= with a CSV body), file (a create form's CSV: none sent, or rows "
               "that cannot be used) or body (the rows sent as the body: too big, not UTF-8, or rows that cannot "
               "be used), or sheet (a workbook's sheet it does not have, or one named of a CSV). Left out for a refusal of no such part: a token, a parameter or field not taken, a "
               "Content-Type, an If-Match, an Idempotency-Key.")
COLUMN_WORDS = ("The column whose type refuses a value of the rows a create or an append sends (the error names "
                "its row too), beside the field they came in, file or body; left out for any other refusal.")
# What a dataset description's `json` and `csv` URLs are (`dataset_rows.rows_url`).
ROWS_URL_WORDS = ("All the dataset's rows as {fmt}, at this version: its `v` (such as 7_5f1c2a9e) is the version, "
                  "then a digest of the store and the release, as a chart URL's; cached for good while current.")
NAME_PARAMETER = {
    "name": "name", "in": "path", "required": True, "description": "The dataset's name.",
    "schema": {"type": "string", "pattern": NAME_PATTERN.pattern},
}
DESCRIPTION_ETAG = {"ETag": {"description": "The ETag of this description, which a write's If-Match may name.",
                             "schema": {"type": "string"}}}
STORE_DOWN = try_later("The database that keeps the uploaded datasets cannot be reached right now.")


def openapi_document(max_body_bytes: int) -> dict:
    """The API description, with the server's body size limit."""
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
                    "responses": read_answers({
                        "200": {"description": ("The datasets. One that cannot be described now (a data-folder file "
                                                "that is no valid CSV, a source dataset whose database cannot be "
                                                "reached) is listed with its error, and the others as usual."),
                                "content": json_content({
                                    "type": "object", "required": ["ok", "datasets"],
                                    "properties": {"ok": {"const": True}, "datasets": {"type": "array", "items": {
                                        "oneOf": [{"$ref": "#/components/schemas/Dataset"},
                                                  {"$ref": "#/components/schemas/DatasetError"}]}}},
                                })},
                        "400": ANY_PARAMETER,
                        "503": STORE_DOWN,
                    }),
                },
                "post": create_operation(max_body_bytes),
            },
            "/api/datasets/{name}": {
                "parameters": [NAME_PARAMETER],
                "get": {
                    "summary": "One dataset's columns, types and version.",
                    "operationId": "getDataset",
                    "parameters": READ_CONDITIONS,
                    "responses": read_answers({
                        "200": {"description": "The dataset.", "headers": DESCRIPTION_ETAG, "content": json_content({
                            "type": "object", "required": ["ok", "dataset"],
                            "properties": {"ok": {"const": True}, "dataset": {"$ref": "#/components/schemas/Dataset"}}})},
                        "400": ANY_PARAMETER,
                        "404": error_answer("No such dataset."),
                        "422": error_answer("The dataset cannot be read as it is: a data-folder file that is no "
                                            "valid CSV (one separated by semicolons, say), or a source dataset whose "
                                            "table is missing, whose query the source refuses or whose columns the site cannot "
                                            "show; the message says what to change."),
                        "503": try_later(f"{SOURCE_DOWN} The message names the source."),
                    }),
                },
                "delete": delete_operation(),
            },
            "/api/datasets/{name}/rows": {
                "parameters": [NAME_PARAMETER],
                "post": append_operation(max_body_bytes),
            },
            "/api/openapi.json": {
                "get": {"summary": "This description.", "operationId": "getOpenApi", "parameters": READ_CONDITIONS,
                        "responses": read_answers({
                            "200": {"description": "OpenAPI 3.1.", "content": json_content({"type": "object"})},
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
                    "responses": read_answers({
                        "200": {"description": ("Chart id -> its dataset, version, image URL, alt text, notes (and "
                                                "status and error where it cannot be drawn); the rows shown; "
                                                "the options of the filters' selects."),
                                "content": json_content(VERSIONS_BODY)},
                        "400": error_answer("A parameter it does not take, a filter.<column> the dashboard offers no "
                                            "filter on among them (the message lists those it takes), a `from` "
                                            "or `to` that is no date, time or now-offset, or one given twice."),
                        "404": error_answer("No such dashboard, or a filter.<column> value its column does not hold "
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
