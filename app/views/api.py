"""The JSON API: datasets (list, describe, create, append rows, delete) and its OpenAPI document.

Reads are public; writes need `Authorization: Bearer <token>` (see `auth`). Every error has the
one JSON shape `{"ok": false, "status", "title", "error"}`.
"""
from __future__ import annotations

import re

from flask import Blueprint, current_app, request, url_for
from werkzeug.datastructures import MultiDict
from werkzeug.exceptions import HTTPException, UnsupportedMediaType

from plots.spec import SpecError, refuse_repeated

from ..auth import bearer_token, check_write_token
from ..column_warnings import create_warnings
from ..context import current_site
from ..datasets import (
    CREATE_TAKES,
    SHEET_TAKES,
    Created,
    append_rows,
    appended_empty_rows_warnings,
    create_dataset,
    csv_content_type_advice,
    delete_dataset,
    rows_content_type_advice,
)
from ..query_parameters import refuse_any_parameter, refuse_unknown_parameters
from ..responses import json_response
from ..store import DatasetConflict, StoreError, WriteRejected
from ..store.upload_columns import ValueRefused
from ..store.workbooks import XLSX_TYPE
from .dataset_rows import dataset_summary, parameters_elsewhere
from .openapi import openapi_document
from .write_conditions import dataset_description, if_match_on_existing, refuse_if_match_on_create
from .write_forms import (REFUSED_FIELDS, file_bytes, refuse_form_problems, refuse_unknown_fields, refused_field,
                          sent_form)
from .write_requests import (CSV_TYPES, idempotency_key, request_body, rows_format, sent_content_type, upload_limits,
                             workbook_reading)

bp = Blueprint("api", __name__)
# What creating a dataset from a CSV body takes in its URL; a form sends them as fields, and the
# other writes take no parameter. Each write refuses any other, after its token is checked and
# before it reads its body or stores anything.
CREATE_PARAMETERS = ("name", "title", "sheet")
# The fields of a form that creates a dataset; any other (`titel`) is refused, as a parameter is.
CREATE_FIELDS = ("name", "title", "file", "sheet")
# What an append of a body takes in its URL: the sheet of a workbook.
APPEND_PARAMETERS = ("sheet",)
# What a create's and an append's `sheet` takes, as one sent twice is told.
URLENCODED = "application/x-www-form-urlencoded"
FORM_TYPES = ("multipart/form-data", URLENCODED)
# What a field's name holds where the body read as a form was a CSV: its header's commas, its lines' ends.
CSV_NAME = re.compile(r"[,\r\n]")


class RefusedField:
    """Within it, a refusal of an API write is marked with the part of the request it is about
    (`api_details`: its `field`, one of REFUSED_FIELDS, and the `column` of a value its column
    refuses), which its JSON error names, as a form's page marks its field: a name or title refused
    names its own (`refused_field`, or a SpecError's field: one given twice), a refusal of the rows
    `rows_from`, the part they are read from by then, and a conflict `conflict` (a create's name
    taken). Any other refusal (a parameter or field not taken, a token, an If-Match) is of no such
    part and is not marked."""

    def __init__(self, conflict: str | None = None) -> None:
        self.rows_from: str | None = None
        self.conflict = conflict

    def __enter__(self) -> RefusedField:
        return self

    def __exit__(self, kind: type | None, error: BaseException | None, traceback: object) -> bool:
        if isinstance(error, DatasetConflict):
            field = self.conflict
        elif isinstance(error, SpecError):
            field = error.field
        elif isinstance(error, (StoreError, HTTPException)):
            field = refused_field(error, self.rows_from)
        else:
            field = None
        if field in REFUSED_FIELDS:
            # A value its column refuses names the column too, a column of the dataset: its name is one it took.
            column = {"column": error.column} if isinstance(error, ValueRefused) else {}
            error.api_details = {"field": field, **column}
        return False


def _header_parameters() -> dict[str, str]:
    """The request's parameters that spell the Idempotency-Key header (idempotency_key=, key=),
    each -> that header, for a refusal to say where the key goes."""
    def folded(name: str) -> str:
        return name.casefold().replace("-", "").replace("_", "")

    return {name: "the Idempotency-Key header" for name in request.args if folded(name) in ("idempotencykey", "key")}


@bp.get("/api/datasets")
def list_datasets():
    """Every dataset with its columns and version."""
    refuse_any_parameter("the list of datasets (/api/datasets)")
    datasets = []
    for name, info in current_site().store.infos().items():  # the database's in one read
        if isinstance(info, StoreError):  # one unreadable file in the data folder: say so, list the rest
            datasets.append({"name": name, "error": info.message})
        else:
            datasets.append(dataset_summary(info))
    return json_response({"ok": True, "datasets": datasets})


@bp.get("/api/datasets/<slug:name>")
def show_dataset(name: str):
    """One dataset's description."""
    refuse_any_parameter(f"a dataset's description (/api/datasets/{name})", parameters_elsewhere(name))
    return dataset_description(current_site().store.info(name))


def _form_csv(form: MultiDict, files: MultiDict, refusal: RefusedField) -> tuple[str | None, str | None, bytes]:
    """Name, title and CSV (or workbook) of a create form (as `sent_form` read it); the CSV may come as a
    file or as a plain field, which a refusal of its rows is about from here on (`refusal`)."""
    refuse_form_problems(form, files, CREATE_TAKES, file_fields=("file",))
    refuse_unknown_fields(form, files, CREATE_FIELDS)
    refusal.rows_from = "file"
    upload = files.get("file")
    if (upload is None or not upload.filename) and form.get("file"):
        raw = form["file"].encode("utf-8")
    else:
        raw = file_bytes(upload)
    return form.get("name"), form.get("title"), raw


def _body_sent_as_csv_advice() -> str | None:
    """Words that say the body of a create whose Content-Type cannot create a dataset looks like CSV
    (`csv_content_type_advice`); None when it does not, or cannot be read (compressed, too large)."""
    try:
        return csv_content_type_advice(request_body())
    except (HTTPException, StoreError):
        return None


def _form_sent_as_csv_advice(form: MultiDict | None) -> str | None:
    """For a url-encoded create that was refused as a form (curl sends a body given with --data as
    one): words that say its body looks like CSV, as `_body_sent_as_csv_advice` says them; None when
    it does not, or when no field's name holds a comma or a line break, as a CSV's header read as a
    field's name does. The form is written back as the body it was read from (`&` between its
    fields, `=` before a value), near enough to tell a CSV's header line. `form` is the form as
    `sent_form` read it; None where it was refused before it was read (a parameter in the URL)."""
    if request.mimetype != URLENCODED:
        return None
    if form is None:
        try:
            form, _ = sent_form(CREATE_FIELDS)
        except (HTTPException, StoreError):
            return None
    fields = list(form.items(multi=True))
    if not any(CSV_NAME.search(name) for name, _ in fields):
        return None  # a form's own fields, refused for what they hold: a comma in a value is no CSV
    body = "&".join(name if value == "" else f"{name}={value}" for name, value in fields)
    return csv_content_type_advice(body.encode("utf-8"))


def _refuse_idempotency_key() -> None:
    """Raise WriteRejected for a create sent with an Idempotency-Key, before anything is stored: a
    create keeps no key, so the same create again would be a 409 for the name it took, not the
    first answer a retry with the key expects."""
    if "Idempotency-Key" in request.headers:
        raise WriteRejected("the Idempotency-Key header applies to appends (POST /api/datasets/<name>/rows) only; "
                            "a create keeps no key: sent again, it is refused (409) for the name the first one took. "
                            "Send the create without the header; whether a create that got no answer was made, "
                            "GET /api/datasets/<name> tells")


@bp.post("/api/datasets")
def create():
    """Create a dataset from a CSV: a form (name, title, file — a file or a plain field) or a
    text/csv body (?name=&title=); the answer warns of text columns of numbers written another way."""
    check_write_token(bearer_token())
    _refuse_idempotency_key()
    with RefusedField(conflict="name") as refusal:
        created = _created(refusal)
    # Created all the same: the answer says which columns look like numbers or dates written another
    # way, are text for their leading zeros or were typed without values, so that the file can be
    # fixed and sent again before rows are appended to them.
    store, info = current_site().store, created.info
    warnings = created.as_written(create_warnings(store, info, created.place)) + created.empty_rows_warnings()
    response = json_response({"ok": True, "dataset": dataset_summary(info), "version": info.version,
                              "rows_total": info.rows, "warnings": warnings}, status=201)
    response.headers["Location"] = url_for("api.show_dataset", name=info.name)
    return response


def _created(refusal: RefusedField) -> Created:
    """The dataset a create's form or CSV body makes; a refusal of its name, title or rows marked with
    the part of the request it is about (`refusal`)."""
    store, limits = current_site().store, upload_limits()
    if request.mimetype in FORM_TYPES:
        form = None
        try:
            refuse_any_parameter("a form posted to /api/datasets (its fields name, title and file go in the body)")
            form, files = sent_form(CREATE_FIELDS)
            name, title, raw = _form_csv(form, files, refusal)
        except (SpecError, StoreError) as refused:
            advice = _form_sent_as_csv_advice(form)
            if advice is None:
                raise
            refusal.rows_from = None  # a refusal of the Content-Type, which read a CSV as a form
            raise UnsupportedMediaType(f"Content-Type {request.mimetype} reads the body as a form's fields, and as "
                                       f"a form it was refused: {refused}; {advice}") from None
        refuse_if_match_on_create(store, name, "nothing was stored")
        return create_dataset(store, name, title, raw, limits, reading=workbook_reading(form.get("sheet")))
    if request.mimetype in CSV_TYPES or request.mimetype == XLSX_TYPE:
        refuse_unknown_parameters(request.args.keys(), CREATE_PARAMETERS, "a CSV body posted to /api/datasets")
        for field in CREATE_PARAMETERS:  # only the first would be read, as a form's field sent twice would
            refuse_repeated(field, request.args.getlist(field), CREATE_TAKES[field])
        refuse_if_match_on_create(store, request.args.get("name"), "nothing was stored")
        refusal.rows_from = "body"
        raw = request_body()
        return create_dataset(store, request.args.get("name"), request.args.get("title"), raw, limits,
                              "the body", request.mimetype, "?name= in the URL (POST /api/datasets?name=sales)",
                              workbook_reading(request.args.get("sheet")))
    advice = _body_sent_as_csv_advice()
    raise UnsupportedMediaType(f"Content-Type {sent_content_type()} cannot create a dataset; send a "
                               "multipart/form-data form with the fields name, title and file (the CSV or the Excel "
                               f"workbook, and sheet), or a text/csv or {XLSX_TYPE} body with ?name=&title= in the URL"
                               f"{'' if advice is None else '; ' + advice}")


@bp.post("/api/datasets/<slug:name>/rows")
def append(name: str):
    """Append rows (a JSON list of objects, CSV with a header line, or an Excel workbook's sheet), all or none;
    bumps the version."""
    check_write_token(bearer_token())
    refuse_unknown_parameters(request.args.keys(), APPEND_PARAMETERS, f"appending rows (POST /api/datasets/{name}/rows)",
                              _header_parameters())
    refuse_repeated("sheet", request.args.getlist("sheet"), SHEET_TAKES)
    key = idempotency_key()
    with RefusedField() as refusal:
        refusal.rows_from = "body"  # too big, compressed, of another charset
        body = request_body()
        with if_match_on_existing(name, "nothing was stored") as precondition:
            refusal.rows_from = None  # a Content-Type that cannot be appended is the header's, not the rows'
            fmt = _rows_format(name, body)
            refusal.rows_from = "body"
            done = append_rows(current_site().store, name, body, fmt, upload_limits(), key=key,
                               sent_as=sent_content_type(), precondition=precondition,
                               reading=workbook_reading(request.args.get("sheet")))
    # Added all the same: the answer warns of rows of no value, a spreadsheet's empty rows, say.
    warnings = appended_empty_rows_warnings(done, "the body")
    return json_response({"ok": True, "dataset": done.info.name, "version": done.info.version,
                          "rows_added": done.rows_added, "rows_total": done.info.rows, "replayed": done.replayed,
                          "warnings": warnings})


def _rows_format(name: str, body: bytes) -> str:
    """`rows_format` of the request's Content-Type; its 415 says, where the `body` of rows to append
    to the dataset `name` looks like JSON or CSV, the Content-Type to send it with."""
    try:
        return rows_format()
    except UnsupportedMediaType as refusal:
        try:
            columns = current_site().store.info(name).columns
        except StoreError:
            columns = ()
        advice = rows_content_type_advice(body, columns)
        if advice is None:
            raise
        raise UnsupportedMediaType(f"{refusal.description}; {advice}") from None


@bp.delete("/api/datasets/<slug:name>")
def delete(name: str):
    """Delete a dataset and its rows; refused (409) while a dashboard draws it."""
    check_write_token(bearer_token())
    refuse_any_parameter(f"deleting a dataset (DELETE /api/datasets/{name})")
    with if_match_on_existing(name, "nothing was deleted") as precondition:
        delete_dataset(current_site().store, current_site().dashboards, name, precondition)
    return json_response({"ok": True, "deleted": name})


@bp.get("/api/openapi.json")
def openapi():
    """The OpenAPI 3.1 description of this API."""
    refuse_any_parameter("the OpenAPI document (/api/openapi.json)")
    return json_response(openapi_document(current_app.config["MAX_CONTENT_LENGTH"]))
