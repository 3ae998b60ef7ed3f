"""The requests refused before the app reads them, in plain text: a query string that is not UTF-8, an
HTTP/1.1 request without a Host, a Transfer-Encoding other than chunked alone and a path the site is served
under that is no path (WSGI middleware), and the words run.py's server refuses the same requests in."""
from __future__ import annotations

import re
from collections.abc import Callable, Iterable

from plots.text import cut, quoted


def refusing_undecodable_queries(wsgi_app: Callable) -> Callable:
    """WSGI middleware: a query string that is not UTF-8 (bytes a client sent without percent-encoding
    them) is a 400 before anything reads its parameters, which werkzeug cannot decode."""

    def checked(environ: dict, start_response: Callable) -> Iterable[bytes]:
        try:
            raw = environ.get("QUERY_STRING", "").encode("latin-1")  # the bytes, as WSGI carries them
            raw.decode("utf-8")
        except UnicodeEncodeError:  # a server that decoded it already
            pass
        except UnicodeDecodeError as error:
            return _plain_400(start_response, f"the query string is not UTF-8: the byte 0x{raw[error.start]:02x} at "
                              f"offset {error.start} cannot be read; percent-encode its text as UTF-8 (é is %C3%A9)")
        return wsgi_app(environ, start_response)

    return checked


# An HTTP/1.1 request without a Host, as run.py's server and this app's middleware refuse it.
NO_HOST = ("an HTTP/1.1 request sends a Host header, and this one has none: send the host the URL names "
           "(Host: example.com), or an empty one where it names none (RFC 9112, 3.2)")


# A path the site is served under (SCRIPT_NAME; behind proxies, X-Forwarded-Prefix): none, or segments
# each after one slash. `//host` or `https://host` would make every link and redirect built on it
# (a doubled slash's 308, which caches keep an hour) lead to another site.
SCRIPT_ROOT = re.compile(r"(/[^/\\\x00-\x1f\x7f]+)*/?")


def script_root_refusal(root: str) -> str | None:
    """What is wrong with `root`, the path the site is served under as the server or a proxy's
    X-Forwarded-Prefix gives it, where it is no such path (`SCRIPT_ROOT`); None where it is one."""
    if SCRIPT_ROOT.fullmatch(root) and not {".", ".."} & set(root.split("/")):
        return None
    return (f"the path the site is served under, {quoted(cut(root))} (a proxy's X-Forwarded-Prefix header, where "
            "PROXIES believes one), is no path: it is empty or a path such as /charts, each part after one "
            "slash, none of them . or .., with no backslash or control character")


def asterisk_refusal(method: str) -> str:
    """What is wrong with `method` sent to `*`, the server itself rather than a URL: only a server-wide
    OPTIONS uses that request target (RFC 9112, 3.2.4). run.py's server and the site refuse it alike."""
    return (f"{method} * asks for no URL: * is a request target for OPTIONS only, which asks what the server "
            "takes (RFC 9112, 3.2.4); send the request to a URL's path, such as /")


def transfer_coding_refusal(codings: str) -> str | None:
    """What is wrong with a request's Transfer-Encoding, `codings` (its values joined), other than
    chunked alone; None for chunked or none. A coding before chunked (`gzip, chunked`) would hand the app
    a body still coded, and one without chunked has a length known only by a close a request cannot send
    (RFC 9112, 6.3)."""
    if codings and codings.strip().lower() != "chunked":
        return (f"the header Transfer-Encoding is {quoted(codings)}: a request's body is sent with Transfer-Encoding: "
                "chunked alone, or with a Content-Length")
    return None


def refusing_bad_request_heads(wsgi_app: Callable) -> Callable:
    """WSGI middleware refusing a request whose head a server hands on but the site cannot answer
    rightly: an HTTP/1.1 request without a Host header is a 400 (RFC 9112, 3.2: a server
    MUST refuse it), and so is a Transfer-Encoding other than chunked alone (`transfer_coding_refusal`)
    and a path the site is served under that is no path (`script_root_refusal`: sent by a client
    where the proxy does not set X-Forwarded-Prefix), before anything answers it, a cached chart's answer ahead of Flask among them. gunicorn hands both
    on (no HTTP_HOST in its environ; a chunked body after another coding, read as chunked); run.py's
    server refuses them itself. An empty Host is sent for a URL that names no host, and HTTP/1.0 has
    none to send: both are taken."""

    def checked(environ: dict, start_response: Callable) -> Iterable[bytes]:
        if environ.get("SERVER_PROTOCOL") == "HTTP/1.1" and "HTTP_HOST" not in environ:
            return _plain_400(start_response, NO_HOST)
        coding = transfer_coding_refusal(environ.get("HTTP_TRANSFER_ENCODING", ""))
        if coding:
            return _plain_400(start_response, coding)
        root = script_root_refusal(environ.get("SCRIPT_NAME", ""))
        if root:
            return _plain_400(start_response, root)
        return wsgi_app(environ, start_response)

    return checked


def _plain_400(start_response: Callable, wrong: str) -> Iterable[bytes]:
    """A plain-text 400 saying what was `wrong`, answered before the app reads the request."""
    body = f"400 Bad Request: {wrong}\n".encode()
    start_response("400 BAD REQUEST", [("Content-Type", "text/plain; charset=utf-8"),
                                       ("Content-Length", str(len(body))),
                                       ("X-Content-Type-Options", "nosniff")])
    return [body]
