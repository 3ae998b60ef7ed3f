"""The browser's way to write: upload a CSV as a new dataset, append rows to one.

Both forms are CSRF-protected (a same-site cookie that the form's hidden field must match) and
ask for a write token, as the JSON API does. Success redirects to the dataset's page; a refusal
shows the form again with the message, and nothing is stored.
"""
from __future__ import annotations

from flask import Blueprint, current_app, make_response, redirect, render_template, url_for
from werkzeug.exceptions import HTTPException, NotFound

from .auth import check_csrf, check_write_token, csrf_token, with_csrf_cookie
from .context import current_site
from .store import NAME_RULE, WriteRejected
from .writes import append_rows, create_dataset, file_bytes, request_form

bp = Blueprint("uploads", __name__)


def _form_status(error: HTTPException) -> int:
    # A form cannot answer a WWW-Authenticate challenge: a refused token is a plain 403 here.
    return 403 if error.code == 401 else error.code or 400


def _upload_page(status: int = 200, error: str | None = None, name: str = "", title: str = ""):
    token = csrf_token()
    limit = current_app.config["MAX_CONTENT_LENGTH"]
    html = render_template("upload.html", csrf_token=token, error=error, name=name, title=title,
                           name_rule=NAME_RULE, limit_mb=f"{limit / 1024 / 1024:g}")
    return with_csrf_cookie(make_response(html, status), token)


@bp.get("/upload")
def upload_form():
    """A form to create a dataset from a CSV file."""
    return _upload_page()


@bp.post("/upload")
def upload():
    """Create the dataset, then go to its page; or show the form again with what was wrong."""
    name = title = ""
    try:
        form, files = request_form()
        name, title = form.get("name", ""), form.get("title", "")
        check_csrf()
        check_write_token(form.get("token"))
        info = create_dataset(name, title, file_bytes(files.get("file")), "the file")
    except HTTPException as error:
        return _upload_page(_form_status(error), error.description, name, title)
    return redirect(url_for("pages.dataset", name=info.name), 303)


def _append_page(name: str, status: int = 200, error: str | None = None, rows: str | None = None):
    info = current_site().store.info(name)
    if rows is None:
        rows = ",".join(c.name for c in info.columns) + "\n"
    token = csrf_token()
    html = render_template("append.html", info=info, csrf_token=token, error=error, rows=rows)
    return with_csrf_cookie(make_response(html, status), token)


@bp.get("/datasets/<slug:name>/append")
def append_form(name: str):
    """A form to append rows to a dataset, from a CSV file or pasted text."""
    current_site().store.check_writable(name, "change the file to change the data")
    return _append_page(name)


@bp.post("/datasets/<slug:name>/append")
def append(name: str):
    """Append the rows of a CSV file or of pasted CSV text, then go back to the dataset's page."""
    rows = None
    try:
        form, files = request_form()
        rows = form.get("rows")
        check_csrf()
        check_write_token(form.get("token"))
        upload = files.get("file")
        if upload is not None and upload.filename:
            raw, what = file_bytes(upload), "the file"
        else:
            raw, what = form.get("rows", "").encode(), "the pasted rows"
        if not raw.strip():
            raise WriteRejected("choose a CSV file or paste rows under the header line")
        _, added, _ = append_rows(name, raw, "csv", what)
        if not added:
            raise WriteRejected("there is a header line but no rows under it")
    except NotFound:
        raise
    except HTTPException as error:
        return _append_page(name, _form_status(error), error.description, rows)
    return redirect(url_for("pages.dataset", name=name, added=added), 303)
