"""The form to append rows to a dataset (/datasets/<name>/append), from a CSV file or pasted text.

As the upload form, it is CSRF-protected and asks for a write token. Success goes back to the
dataset's page, which says how many rows were added; a refusal shows the form again with the
message and what was pasted, and nothing is stored.
"""
from __future__ import annotations

from collections.abc import Sequence

from flask import Blueprint, make_response, redirect, render_template, request, url_for
from werkzeug.exceptions import HTTPException

from plots import SpecError

from ..auth import (CSRF_FIELD, IN_FORM, check_write_token, csrf_token, token_hint, with_csrf_cookie,
                    writes_off_notice)
from ..context import current_site
from ..datasets import append_rows, appended_empty_rows_warnings
from ..errors import status_and_message, with_form_refusal_headers
from ..query_parameters import refuse_any_parameter
from ..store import Column, DatasetInfo, DatasetNotFound, Precondition, StoreError, WriteRejected
from ..store.pasted_rows import pasted_place, pasted_rows
from ..store.text_places import CSV
from ..store.upload_columns import header_line
from ..tracking_tags import ignores_tracking_tags
from .datasets import ADDED_COOKIE, ADDED_COOKIE_SECONDS, with_empty_rows_warning
from .link_previews import append_form_preview
from .write_conditions import if_match_on_existing
from .write_forms import (file_bytes, file_chosen, refuse_form_problems, refuse_unknown_fields, refused_field,
                          site_form)
from .write_requests import upload_limits, workbook_reading

bp = Blueprint("appends", __name__)
# The fields of append.html's form (its button has no name, so sends none): any other is refused.
APPEND_FIELDS = (CSRF_FIELD, "file", "sheet", "rows", "token")


def _form_status(status: int) -> int:
    # A form cannot answer a WWW-Authenticate challenge: a refused token is a plain 403 here.
    return 403 if status == 401 else status


def _header_line(info: DatasetInfo) -> str:
    """The header line the append form's pasted rows begin with: the dataset's columns, as CSV."""
    return header_line(c.name for c in info.columns) + "\n"


def _append_columns(name: str) -> Sequence[Column]:
    """The columns an append's rows are checked against, which choose between tabs and commas where
    both read pasted rows into the header's count of values (`pasted_rows`); a file's or a source's
    dataset is refused as its append is."""
    return current_site().store.before_append(name)[0].columns


def _append_page(name: str, status: int = 200, error: str | None = None, rows: str | None = None,
                 invalid: str | None = None, file_chosen: bool = False, sheet: str = ""):
    """The append form, with the refusal of what was sent if any (`invalid`: the field whose rows it
    refused, "rows" or "file", marked; `file_chosen`: a file was sent, which the form shown again cannot
    hold, so the message says to choose it again, as the upload form's does), and the rows pasted kept."""
    info = current_site().store.info(name)
    if rows is None:
        rows = _header_line(info)
    token = csrf_token()
    html = render_template("append.html", info=info, csrf_token=token, error=error, rows=rows, invalid=invalid,
                           sheet=sheet,
                           file_chosen=file_chosen, writes_off=writes_off_notice(error), token_from=token_hint(),
                           preview=append_form_preview(info))
    return with_csrf_cookie(make_response(html, status), token)


@bp.get("/datasets/<slug:name>/append")
@ignores_tracking_tags
def append_form(name: str):
    """A form to append rows to a dataset, from a CSV file or pasted text."""
    refuse_any_parameter(f"the form to append rows (/datasets/{name}/append)")
    current_site().store.check_writable(name, "change the file to change the data")
    return _append_page(name)


@bp.post("/datasets/<slug:name>/append")
def append(name: str):
    """Append the rows of a CSV file or of pasted text (CSV, or cells copied from a spreadsheet, with
    tabs between them: `pasted_rows`), then go back to the dataset's page."""
    # A script posting the form may send If-Match as to the API: checked as there, by the store as it writes.
    with if_match_on_existing(name, "nothing was stored") as precondition:
        return _appended(name, precondition)


def _appended(name: str, precondition: Precondition | None):
    """The append form's answer: the dataset's page after the rows are added, or the form again
    saying why none were; DatasetNotFound for a dataset there is not."""
    rows = rows_from = None
    place = CSV
    chosen, sheet = False, ""
    try:
        # A form from another site's page is refused before its fields are read, and shown back empty.
        form, files = site_form(APPEND_FIELDS)
        # From this site's page: what was pasted is shown again, whatever refuses it.
        rows, sheet = form.get("rows"), form.get("sheet", "")
        chosen = file_chosen(files)
        check_write_token(form.get("token"), IN_FORM)
        refuse_form_problems(form, files)
        # The page's form sends its fields in the body: a query was written by hand; refuse it, not ignore it.
        refuse_any_parameter(f"a form posted to /datasets/{name}/append (its fields go in the body)")
        refuse_unknown_fields(form, files, APPEND_FIELDS)
        upload = files.get("file")
        # From here on a refusal of the rows is one of the field they came from, which the page marks.
        rows_from = "rows"
        if upload is not None and upload.filename:
            pasted = form.get("rows", "").strip()
            # The form fills in the header line: that alone, or nothing, is no rows to add.
            if pasted and pasted != _header_line(current_site().store.info(name)).strip():
                # Appending both could add the same rows twice; keeping one would drop the other unseen.
                raise WriteRejected("choose a CSV file or paste rows, not both: clear the pasted rows (the "
                                    "header line alone may stay) or send the form without a file")
            rows_from = "file"  # a file refused as it is read (another charset) is the file field's too
            raw, what = file_bytes(upload), "the file"
        else:
            read = pasted_rows(form.get("rows", ""), lambda: _append_columns(name))
            raw, what, place = read.encode(), "the pasted text", pasted_place(form.get("rows", ""), read)
        if not raw.strip():
            raise WriteRejected("choose a CSV file or paste rows under the header line")
        done = append_rows(current_site().store, name, raw, "csv", upload_limits(), what, precondition=precondition,
                           reading=workbook_reading(sheet), place=place)
        added = done.rows_added
        if not added:
            raise WriteRejected("there is a header line but no rows under it")
    except DatasetNotFound:
        raise
    except (StoreError, HTTPException) as error:
        status, message = status_and_message(error)
        return with_form_refusal_headers(_append_page(name, _form_status(status), message, rows,
                                                      refused_field(error, rows_from), chosen, sheet), error)
    except SpecError as error:
        return _append_page(name, error.status, error.message, rows, rows_from, chosen, sheet)
    page = url_for("datasets.dataset", name=name)
    response = redirect(page, 303)
    response.set_cookie(ADDED_COOKIE, str(added), max_age=ADDED_COOKIE_SECONDS, path=page, secure=request.is_secure,
                        httponly=True, samesite="Strict")
    return with_empty_rows_warning(response, name, appended_empty_rows_warnings(done, what))
