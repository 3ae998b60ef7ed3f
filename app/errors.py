"""Error handlers: every failure becomes a 4xx (or, for a bug, a 500) in the URL's own format."""
from __future__ import annotations

from flask import Flask
from werkzeug.exceptions import HTTPException

from plots import SpecError

from .responses import error_response

TITLES = {400: "Bad Request", 404: "Not Found", 405: "Method Not Allowed", 413: "Payload Too Large",
          422: "Unprocessable Content", 500: "Internal Server Error", 503: "Service Unavailable"}


def register_error_handlers(app: Flask) -> None:
    """Answer SpecError and HTTP errors in the requested format; log and hide anything else."""

    @app.errorhandler(SpecError)
    def spec_error(error: SpecError):
        return error_response(error.status, TITLES.get(error.status, "Bad Request"), error.message)

    @app.errorhandler(HTTPException)
    def http_error(error: HTTPException):
        status = error.code or 500
        response = error_response(status, TITLES.get(status, error.name), error.description or error.name)
        if status == 405 and error.valid_methods:
            response.headers["Allow"] = ", ".join(error.valid_methods)
        if getattr(error, "retry_after", None):
            response.headers["Retry-After"] = str(error.retry_after)
        return response

    @app.errorhandler(Exception)
    def unexpected(error: Exception):
        app.logger.exception("unhandled error", exc_info=error)
        return error_response(500, TITLES[500], "the server failed to answer this request; the failure was logged")
