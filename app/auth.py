"""Who may write: a bearer token for every write, and a CSRF check for the browser forms.

Reads stay public. Tokens come from the WRITE_TOKENS setting or $SVGPLOTS_WRITE_TOKENS (one or
more, comma-separated); with none, every write is refused, except that `python run.py` makes one
at start and prints it.
"""
from __future__ import annotations

import hmac
import secrets
from urllib.parse import urlsplit

from flask import Flask, Response, current_app, request
from werkzeug.exceptions import Forbidden, Unauthorized

from .responses import error_response

TOKEN_ENV = "SVGPLOTS_WRITE_TOKENS"
CSRF_COOKIE = "svgplots_csrf"
CSRF_FIELD = "csrf_token"


class TokenRequired(Unauthorized):
    """A write without a valid token (answered with WWW-Authenticate: Bearer)."""


def _tokens(value) -> list[str]:
    if not value:
        return []
    items = value.split(",") if isinstance(value, str) else list(value)
    return [t.strip() for t in items if t and t.strip()]


def configure(app: Flask) -> None:
    """Settle WRITE_TOKENS (a list, or one comma-separated string) into a list."""
    app.config["WRITE_TOKENS"] = _tokens(app.config.get("WRITE_TOKENS"))


def ensure_write_token(app: Flask) -> str | None:
    """Make a write token when none is configured and return it (to print); None when one was."""
    if app.config["WRITE_TOKENS"]:
        return None
    token = secrets.token_urlsafe(24)
    app.config["WRITE_TOKENS"] = [token]
    return token


def bearer_token() -> str | None:
    """The token of the request's `Authorization: Bearer <token>` header, or None."""
    scheme, _, token = request.headers.get("Authorization", "").partition(" ")
    if scheme.lower() != "bearer":
        return None
    return token.strip() or None


def check_write_token(presented: str | None) -> None:
    """Return when `presented` is a write token; raise TokenRequired (401) or Forbidden (403)."""
    tokens = current_app.config["WRITE_TOKENS"]
    if not tokens:
        raise Forbidden(f"writes are turned off: no write token is configured; set {TOKEN_ENV} or WRITE_TOKENS")
    if not presented:
        raise TokenRequired("writing needs a token: send the header 'Authorization: Bearer <token>'")
    given = presented.encode()
    # Compare with every token, in constant time, so timing tells nothing about any of them.
    matches = [hmac.compare_digest(given, t.encode()) for t in tokens]
    if not any(matches):
        raise TokenRequired("the write token is not valid; use a token from the server's configuration")


def csrf_token() -> str:
    """The CSRF token for a form: the browser's cookie value, or a new one (set by `with_csrf_cookie`)."""
    token = request.cookies.get(CSRF_COOKIE, "")
    return token if len(token) >= 32 and token.isascii() else secrets.token_urlsafe(32)


def with_csrf_cookie(response: Response, token: str) -> Response:
    """Set the CSRF cookie the form's hidden field must match (same-site only, not readable by scripts)."""
    response.set_cookie(CSRF_COOKIE, token, httponly=True, samesite="Strict", secure=request.is_secure)
    return response


def check_csrf() -> None:
    """Refuse (403) a form post that did not come from one of this site's pages."""
    origin = request.headers.get("Origin")
    try:
        elsewhere = bool(origin) and urlsplit(origin).netloc != request.host
    except ValueError:  # not a URL at all
        elsewhere = True
    if elsewhere:
        raise Forbidden(f"the form was sent from {origin!r}, not from this site")
    cookie = request.cookies.get(CSRF_COOKIE, "")
    field = request.form.get(CSRF_FIELD, "")
    if not cookie or not field or not hmac.compare_digest(cookie.encode(), field.encode()):
        raise Forbidden("the form is out of date or was not sent from this site's page (its CSRF token does "
                        "not match); reload the page and send the form again")


def register_error_handlers(app: Flask) -> None:
    """Answer TokenRequired with the WWW-Authenticate header a client needs."""

    @app.errorhandler(TokenRequired)
    def token_required(error: TokenRequired):
        response = error_response(401, "Unauthorized", error.description)
        response.headers["WWW-Authenticate"] = 'Bearer realm="svgplots"'
        return response
