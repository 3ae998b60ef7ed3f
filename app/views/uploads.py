"""The browser's way to create a dataset: upload a CSV.

The form is CSRF-protected (a same-site cookie that the form's hidden field must match) and asks
for a write token, as the JSON API does. Success redirects to the dataset's page; a refusal shows
the form again with the message, and nothing is stored.
"""
from __future__ import annotations

from flask import Blueprint, current_app, make_response, redirect, render_template, url_for
from werkzeug.exceptions import HTTPException

from plots import SpecError

from ..auth import (CSRF_FIELD, IN_FORM, check_write_token, csrf_token, token_hint, with_csrf_cookie,
                    writes_off_notice)
from ..context import current_site
from ..datasets import CREATE_TAKES, create_dataset
from ..errors import status_and_message, with_form_refusal_headers
from ..query_parameters import refuse_any_parameter
from ..store import NAME_RULE, DatasetConflict, NameTaken, StoreError
from ..tracking_tags import ignores_tracking_tags
from .datasets import with_empty_rows_warning, with_sheet_named
from .link_previews import upload_form_preview
from .write_conditions import refuse_if_match_on_create
from .write_forms import (file_bytes, file_chosen, refuse_form_problems, refuse_unknown_fields, refused_field,
                          site_form)
from .write_requests import upload_limits, workbook_reading

bp = Blueprint("uploads", __name__)
# The fields of upload.html's form (its button has no name, so sends none): any other is refused.
UPLOAD_FIELDS = (CSRF_FIELD, "name", "title", "file", "sheet", "token")


def _upload_page(status: int = 200, error: str | None = None, name: str = "", title: str = "",
                 invalid: str | None = None, file_chosen: bool = False, sheet: str = ""):
    """The form, holding the `name`, `title` and `sheet` typed, and the refusal `error` of what was sent, if
    any (`invalid`: the field it is about, marked; `file_chosen`: a file was sent, which the form
    shown again cannot hold, so the message says to choose it again)."""
    token = csrf_token()
    limit = current_app.config["MAX_CONTENT_LENGTH"]
    html = render_template("upload.html", csrf_token=token, error=error, invalid=invalid, name=name, title=title,
                           sheet=sheet,
                           file_chosen=file_chosen, name_rule=NAME_RULE, limit_mb=f"{limit / 1024 / 1024:g}",
                           writes_off=writes_off_notice(error), token_from=token_hint(),
                           preview=upload_form_preview())
    return with_csrf_cookie(make_response(html, status), token)


@bp.get("/upload")
@ignores_tracking_tags
def upload_form():
    """A form to create a dataset from a CSV file."""
    refuse_any_parameter("the upload form (/upload)")
    return _upload_page()


@bp.post("/upload")
def upload():
    """Create the dataset, then go to its page; or show the form again with what was wrong."""
    name = title = sheet = ""
    chosen, rows_from = False, None
    try:
        # A form from another site's page is refused before its fields are read, and shown back empty.
        form, files = site_form(UPLOAD_FIELDS)
        # From this site's page: what was typed is shown again, whatever refuses it; a file cannot be.
        name, title, sheet = form.get("name", ""), form.get("title", ""), form.get("sheet", "")
        chosen = file_chosen(files)
        check_write_token(form.get("token"), IN_FORM)
        # A name or title sent twice is told what it takes, in the words the API's create tells it.
        refuse_form_problems(form, files, CREATE_TAKES)
        # The page's form sends its fields in the body: a query was written by hand; refuse it, not ignore it.
        refuse_any_parameter("a form posted to /upload (its fields go in the body)")
        refuse_unknown_fields(form, files, UPLOAD_FIELDS)
        # A script posting the form may send If-Match as to the API: refused as there, nothing stored.
        refuse_if_match_on_create(current_site().store, name, "nothing was stored")
        # From here on a refusal naming no field of its own (as a bad name or title does) is one of the file's.
        rows_from = "file"
        created = create_dataset(current_site().store, name, title, file_bytes(files.get("file")), upload_limits(),
                                 "the file", name_given_as="the field Name", reading=workbook_reading(sheet))
    except DatasetConflict as error:
        # A create's conflict is with the dataset its name names: taken, or a file's or a source's.
        message = name_taken(error) if isinstance(error, NameTaken) else error.message
        return _upload_page(409, message, name, title, "name", chosen, sheet)
    except (StoreError, HTTPException) as error:
        status, message = status_and_message(error)
        # A form cannot answer a WWW-Authenticate challenge: a refused token is a plain 403 here.
        return with_form_refusal_headers(_upload_page(403 if status == 401 else status, message, name, title,
                                                      refused_field(error, rows_from), chosen, sheet), error)
    except SpecError as error:
        return _upload_page(error.status, error.message, name, title, rows_from, chosen, sheet)
    name = created.info.name
    redirected = with_sheet_named(redirect(url_for("datasets.dataset", name=name), 303), name,
                                  None if created.sheet is None else created.sheet.sheet)
    return with_empty_rows_warning(redirected, name, created.empty_rows_warnings())


def name_taken(error: NameTaken) -> str:
    """What the form says to a name taken: the site's pages delete nothing, so it says how the API does."""
    delete = url_for("api.delete", name=error.name)
    return (f"a dataset named {error.name!r} exists already; choose another name, or delete it first through "
            f"the API (DELETE {delete} with the write token: the site's pages cannot delete)")
