"""Who may write: a bearer token for every write, and a CSRF check for the browser forms.

Reads stay public. Tokens come from the WRITE_TOKENS setting or $SVGPLOTS_WRITE_TOKENS (one or
more, comma-separated, or a JSON list of them); with none, every write is refused, except that `python run.py` prints one at
start: the token kept in the data folder's `write-token` file, made there at its first start.
"""
from __future__ import annotations

import errno
import hmac
import json
import os
import re
import secrets
import unicodedata
from pathlib import Path
from urllib.parse import urlsplit

from flask import Flask, Response, current_app, request
from werkzeug.datastructures import MultiDict
from werkzeug.exceptions import BadRequest, Forbidden, Unauthorized

from plots.text import quoted

from .config import SettingError
from .responses import error_response
from .store.json_errors import json_error_words

TOKEN_ENV = "SVGPLOTS_WRITE_TOKENS"
# The development server's token, kept in the data folder so that it stays the same across starts.
TOKEN_FILE = "write-token"
TOKEN_FILE_KEY = "svgplots.write_token_file"
# What a token kept there may be: what a client can send after "Bearer " (visible ASCII, no spaces).
KEPT_TOKEN = re.compile(r"[!-~]+")
# One credentials of an Authorization header: a scheme, white space, then what it carries (Bearer <token>).
CREDENTIALS = re.compile(r"[!#$%&'*+.^_`|~0-9A-Za-z-]+[ \t]+\S")
# Credentials of a scheme of IANA's HTTP Authentication Scheme Registry: after a comma, what a second
# Authorization header begins with, where `Bearer a,b c` is one whose token holds a comma and a space.
REGISTERED_CREDENTIALS = re.compile(r"(?:Basic|Bearer|Concealed|Digest|DPoP|GNAP|HOBA|Mutual|Negotiate|OAuth|"
                                    r"PrivateToken|SCRAM-SHA-1|SCRAM-SHA-256|vapid)[ \t]+\S", re.IGNORECASE)
CSRF_COOKIE = "svgplots_csrf"
CSRF_FIELD = "csrf_token"


class TokenRequired(Unauthorized):
    """A write without a valid token (answered with WWW-Authenticate: Bearer)."""


def _tokens(value) -> list[str]:
    if not value:
        return []
    items = value.split(",") if isinstance(value, str) else list(value)
    return [t.strip() for t in items if t and t.strip()]


def environment_tokens(text: str) -> str | list[str]:
    """$SVGPLOTS_WRITE_TOKENS as WRITE_TOKENS takes it: a JSON list of texts where it starts with `[`
    (as SVGPLOTS_DASHBOARD_DIRS is one), else the text as written, its tokens between commas.

    Raises SettingError for a list that is no JSON, or holds anything but texts, or a blank one: split
    at its commas it was tokens such as `["a"`, which no client would send. The words name an item by
    its place, never its text: a token is a secret, and the start's line goes to logs."""
    if not text.lstrip().startswith("["):
        return text
    try:
        items = json.loads(text)
    except json.JSONDecodeError as error:
        # In the words of a refused JSON body, but of a secret: what it reads there is not quoted.
        at = f" ({json_error_words(error, 'setting', 'a name', secret=True)})"
        raise SettingError(f"{TOKEN_ENV} starts with [ and is read as a JSON list of tokens, which it is not{at}; "
                           'write ["token-one", "token-two"], or the tokens between commas (the text itself is '
                           "not shown)") from None
    for number, item in enumerate(items, start=1):
        if not isinstance(item, str):
            raise SettingError(f"{TOKEN_ENV}: item {number} of {len(items)} of its JSON list is "
                               f"{_json_kind(item)}, not text; write each token in double quotes "
                               '(["token-one", "token-two"]; the item itself is not shown)')
        if not item.strip():
            raise SettingError(f"{TOKEN_ENV}: token {number} of {len(items)} of its JSON list is blank; remove it, "
                               "or write the token there")
    return items


def _json_kind(item: object) -> str:
    """What a JSON value is, in words: "a number", "true or false", "null", "a list", "an object"."""
    if isinstance(item, bool):
        return "true or false"
    if isinstance(item, (int, float)):
        return "a number"
    if item is None:
        return "null"
    return "a list" if isinstance(item, list) else "an object"


def _header_carries(character: str) -> bool:
    """Whether an HTTP header's value carries `character` (RFC 9110: visible ASCII, spaces and tabs,
    and the bytes above, which a server reads as Latin-1): no other control character, none past U+00FF."""
    return character == "\t" or (ord(character) <= 0xFF and unicodedata.category(character) != "Cc")


def unsendable_token(setting: object) -> str | None:
    """Why a token of WRITE_TOKENS (`setting`, read as `configure` reads it) can never be sent in an
    Authorization header, and so never matches one; None when each can be. The words name the
    token by its place, never its text: a token is a secret, and the start's line goes to logs."""
    tokens = _tokens(setting)
    for number, token in enumerate(tokens, start=1):
        at = next((at for at, character in enumerate(token) if not _header_carries(character)), None)
        if at is not None:
            return (f"WRITE_TOKENS: token {number} of {len(tokens)} holds the character U+{ord(token[at]):04X} at "
                    f"offset {at}, which an Authorization header cannot carry (it carries Latin-1 characters, no "
                    "control character but a tab); set tokens of visible ASCII, as python3 run.py makes them (the "
                    "token itself is not shown)")
    return None


def configure(app: Flask) -> None:
    """Settle WRITE_TOKENS (a list, or one comma-separated string) into a list."""
    app.config["WRITE_TOKENS"] = _tokens(app.config.get("WRITE_TOKENS"))


def ensure_write_token(app: Flask) -> str | None:
    """The development server's write token when none is configured (to print); None when one is.

    It is kept in the data folder's `write-token` file, made at the first start, so that a client's
    saved token works after a restart. Raises SettingError when the file cannot be read or made, or
    holds no token.
    """
    if app.config["WRITE_TOKENS"]:
        return None
    path = Path(app.config.get("DATA_DIR") or app.instance_path) / TOKEN_FILE
    token = kept_token(path)
    app.config["WRITE_TOKENS"] = [token]
    app.extensions[TOKEN_FILE_KEY] = path
    return token


def kept_token(path: Path) -> str:
    """The token in the file at `path`, or a new one written there first (readable by its owner only).

    Raises SettingError when the file cannot be read or made, or holds no token.
    """
    try:
        try:
            return _read_kept_token(path)
        except FileNotFoundError:
            pass
        token = secrets.token_urlsafe(24)
        path.parent.mkdir(parents=True, exist_ok=True)
        # Written whole to a file of its own, then linked into place: another start never reads half a
        # token, and of two starts at once the second takes the first's token rather than replace it.
        temporary = path.with_name(f".{path.name}.{secrets.token_hex(4)}.tmp")
        fd = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        try:
            with os.fdopen(fd, "w", encoding="ascii") as file:
                file.write(token + "\n")
                file.flush()
                os.fsync(file.fileno())
            try:
                os.link(temporary, path)
            except FileExistsError:
                return _read_kept_token(path)
        finally:
            temporary.unlink(missing_ok=True)
        return token
    except OSError as error:
        raise SettingError(f"cannot keep the write token in {path}: {error.strerror or error}; "
                           f"{_token_file_fix(error)}, or set {TOKEN_ENV}") from None


def _token_file_fix(error: OSError) -> str:
    """What to do when the write-token file cannot be read or made, by why: a full disk wants room, not
    permissions; a read-only disk another data folder (or remounting); a refusal the folder's owner."""
    if error.errno in (errno.ENOSPC, errno.EDQUOT):
        return ("the data folder's disk is full (or the site's disk quota is reached): make room on it, or raise "
                "the quota, and start again")
    if error.errno == errno.EROFS:
        return ("the data folder is on a read-only disk: remount it writable, or give a data folder on a "
                "writable disk (--data-dir)")
    if error.errno in (errno.EACCES, errno.EPERM):
        return "the site may not write the data folder: let the user that runs the site write it"
    if error.errno == errno.EISDIR:
        return "a folder has the file's name: move it away, and the next start makes the file"
    return "make the data folder writable"


def _read_kept_token(path: Path) -> str:
    text = path.read_bytes().decode("ascii", errors="replace").strip()
    if not KEPT_TOKEN.fullmatch(text):
        raise SettingError(f"{path} holds no write token (one line of visible ASCII characters, no spaces); "
                           "delete it, and the next start makes a new one")
    return text


def bearer_token() -> str | None:
    """The token of the request's `Authorization: Bearer <token>` header, or None. Raises BadRequest
    (400) for the header sent more than once where writes are on: a server joins the two into one
    value with a comma, which would be refused as a token that is not valid though each may be one
    (where they are off, `check_write_token`'s 403 says so, whatever was sent). A second header is
    told by what follows each comma, credentials of a registered scheme (`Bearer b`, `Basic …`):
    else the header is one, whose token holds a comma (`Bearer a,b c`), and not valid."""
    header = request.headers.get("Authorization", "")
    pieces = header.split(",")
    if (len(pieces) > 1 and current_app.config["WRITE_TOKENS"] and CREDENTIALS.match(pieces[0].strip())
            and all(REGISTERED_CREDENTIALS.match(piece.strip()) for piece in pieces[1:])):
        raise BadRequest(f"the Authorization header was given {len(pieces)} times (or holds {len(pieces)} credentials "
                         "separated by commas, which cannot be told from that: a server joins a header given twice "
                         "with commas); give it once, with one token: 'Authorization: Bearer <token>'")
    scheme, _, token = header.partition(" ")
    if scheme.lower() != "bearer":
        return None
    return token.strip() or None


# How a write token is sent to the API, and to the site's forms.
IN_HEADER = "send the header 'Authorization: Bearer <token>'"
IN_FORM = "fill in the form's 'Write token' field"


def check_write_token(presented: str | None, sent: str = IN_HEADER) -> None:
    """Return when `presented` is a write token; raise TokenRequired (401) or Forbidden (403).
    `sent` says how a client sends one, for the refusal of none (`IN_HEADER`, `IN_FORM`).

    Spaces and line breaks around it are not part of it (a token pasted into a form often brings
    some), as `bearer_token` leaves them out of the header's. One holding a character no header
    carries (past U+00FF, a lone surrogate among them) is not valid, whatever WRITE_TOKENS holds.
    """
    tokens = current_app.config["WRITE_TOKENS"]
    if not tokens:
        raise Forbidden(f"writes are turned off: {writes_off_why()}")
    presented = presented.strip() if presented else None
    if not presented:
        raise TokenRequired(f"writing needs a token: {sent} with "
                            f"{_where_tokens_come_from()}")
    # A token holding a character no header carries (a lone surrogate a client's library let through)
    # matches none of WRITE_TOKENS, which `unsendable_token` holds to those: not valid, as a wrong one.
    sendable = all(_header_carries(character) for character in presented)
    # Compare with every token, in constant time, so timing tells nothing about any of them.
    matches = [hmac.compare_digest(presented.encode(), t.encode()) for t in tokens] if sendable else []
    if not any(matches):
        # Where a second header was taken for a comma in the token, the words hold of either; a token
        # of WRITE_TOKENS given as a list may hold one, and then they are not said.
        commas = "," in presented and sent == IN_HEADER and not any("," in token for token in tokens)
        comma = (": no write token holds a comma (a server joins a header given twice with one: send the "
                 "Authorization header once)" if commas else "")
        raise TokenRequired(f"the write token is not valid{comma}; use {_where_tokens_come_from()}")


def writes_off_why() -> str | None:
    """Why every write is refused (no write token is configured), in words; None while writes are on.
    The forms say it up front, as `check_write_token`'s 403 does once one is sent."""
    if current_app.config["WRITE_TOKENS"]:
        return None
    return f"no write token is configured; set {TOKEN_ENV} or WRITE_TOKENS"


def writes_off_notice(refusal: str | None = None) -> str | None:
    """`writes_off_why`, for a form to say above its fields (`_writes_off.html`); None while writes
    are on, or where the `refusal` the form is shown again with says it already."""
    why = writes_off_why()
    return None if why is None or (refusal and why in refusal) else why


def token_hint() -> str | None:
    """Where a valid token comes from (`_where_tokens_come_from`), for a form to say beside its token
    field before anything is sent, as a refused token's answer does; None where writes are off, which
    `writes_off_notice` says instead."""
    return None if writes_off_why() else _where_tokens_come_from()


def _where_tokens_come_from() -> str:
    """Where a client finds a valid token, in words: the line the development server printed, or
    the setting that holds them."""
    if TOKEN_FILE_KEY in current_app.extensions:
        # The file's path is the server's business, not a client's: its name says what to delete.
        return ("the token on the 'Write token:' line that python3 run.py printed when it started (it stays "
                f"the same while the data folder's {TOKEN_FILE} file does)")
    return f"a token set in the server's {TOKEN_ENV} environment variable or its WRITE_TOKENS setting"


def csrf_token() -> str:
    """The CSRF token for a form: the browser's cookie value, or a new one (set by `with_csrf_cookie`)."""
    token = request.cookies.get(CSRF_COOKIE, "")
    return token if len(token) >= 32 and token.isascii() else secrets.token_urlsafe(32)


def with_csrf_cookie(response: Response, token: str) -> Response:
    """Set the CSRF cookie the form's hidden field must match (same-site only, not readable by scripts),
    and keep the page out of every cache but the browser's own, and out of that too: the page holds
    this visitor's token, which a shared cache would hand to the next one (and their posts would be
    refused, the token not being their cookie's)."""
    response.set_cookie(CSRF_COOKIE, token, httponly=True, samesite="Strict", secure=request.is_secure)
    response.headers["Cache-Control"] = "private, no-store"
    return response


def check_origin() -> None:
    """Refuse (403) a form post whose Origin header names another site: read before its body."""
    origin = request.headers.get("Origin")
    try:
        elsewhere = bool(origin) and urlsplit(origin).netloc != request.host
    except ValueError:  # not a URL at all
        elsewhere = True
    if elsewhere:
        raise Forbidden(f"the form was sent from {quoted(origin)}, not from this site")


def check_csrf(form: MultiDict) -> None:
    """Refuse (403) a form post whose `form` does not hold the cookie's CSRF token, once: one that did
    not come from one of this site's pages. Where it was sent from is not checked here: its caller,
    `views.write_forms.site_form`, checks that (`check_origin`) before the body is read."""
    cookie = request.cookies.get(CSRF_COOKIE, "")
    sent = form.getlist(CSRF_FIELD)
    if not cookie or len(sent) != 1 or not hmac.compare_digest(cookie.encode(), sent[0].encode()):
        raise Forbidden("the form is out of date or was not sent from this site's page (its CSRF token does "
                        "not match); reload the page and send the form again")


def register_error_handlers(app: Flask) -> None:
    """Answer TokenRequired with the WWW-Authenticate header a client needs."""

    @app.errorhandler(TokenRequired)
    def token_required(error: TokenRequired):
        response = error_response(401, "Unauthorized", error.description)
        response.headers["WWW-Authenticate"] = 'Bearer realm="svgplots"'
        return response
