"""The request heads run.py's server refuses before the site sees them, as gunicorn refuses them
(`request_refusal`), and the words of http.server's own refusals (`SERVER_REFUSALS`)."""
from __future__ import annotations

import re
from http import HTTPStatus

from app.request_refusals import NO_HOST, asterisk_refusal, transfer_coding_refusal
from plots.text import quoted


# A byte of a request target (read as latin-1) that RFC 3986 does not write: a control, a space,
# DEL or one that is no ASCII, 0x80 to 0xff (RFC 9112, 3.2); gunicorn refuses them.
UNWRITTEN_TARGET_BYTE = re.compile(r"[^\x21-\x7e]")
# A method's name as gunicorn takes one: 3 to 20 capitals, digits or RFC 9110's other token characters
# but `#`. Methods are case-sensitive (RFC 9110, 9.1): `delete` is no DELETE, though werkzeug reads it so.
METHOD = re.compile(r"[A-Z0-9!$%&'*+\-.^_`|~]{3,20}")
# Header fields a request sends once (RFC 9110, 5.3), a second of which gunicorn refuses: werkzeug
# would join it to the first (Host) or read the last one alone (Content-Type, Content-Length).
SINGLE_FIELDS = ("Host", "Content-Type", "Content-Length")
# A Content-Length as RFC 9110 (8.6) writes one, digits alone, and to 18 of them: a body of 10**18 bytes
# or more is none a client sends, and int() refuses over 4300 digits (str.isdigit takes `²` for one).
CONTENT_LENGTH = re.compile(r"[0-9]{1,18}")
# What http.server's own refusals say was wrong, by the words it gives or, where it gives none, by
# status; any other says what http.server said.
SERVER_REFUSALS = {
    HTTPStatus.REQUEST_URI_TOO_LONG: "the request line (its URL) is over 65,536 bytes, the most this server reads; "
                                     "send a shorter URL",
    "Line too long": "a header line is over 65,536 bytes, the most this server reads; send shorter headers",
    "Too many headers": "the request has over 100 headers, the most this server reads; send fewer",
}


def request_refusal(method: str, target: str, version: str, headers) -> tuple[HTTPStatus, str] | None:
    """The status and words of gunicorn's refusal of a request that http.server reads, or that RFC
    9112 or the site refuses: a 400 for its method not written as a method is (`get`), its URL (`target`,
    read as latin-1) holding a byte no URL writes or naming no path (`healthz`), a header it may send once
    sent again, a Content-Length that is no length (`-1`, `²`, thousands of digits), an HTTP/1.1
    request without a Host, a method other than OPTIONS sent to `*`, a Transfer-Encoding other than
    chunked alone (the site's words for these, `app.request_refusals`), or beside a Content-Length, or in
    HTTP/1.0; a 417 for an Expect other than 100-continue. None for a request it takes."""
    if not METHOD.fullmatch(method):
        return HTTPStatus.BAD_REQUEST, (
            f"the method {quoted(method)} is no method's name: methods are case-sensitive and written in "
            "capitals, as GET, HEAD, POST, DELETE and OPTIONS are (3 to 20 capitals, digits or !$%&'*+-.^_`|~)")
    unwritten = UNWRITTEN_TARGET_BYTE.search(target)
    if unwritten:
        return HTTPStatus.BAD_REQUEST, (
            f"the URL holds the byte 0x{ord(unwritten[0]):02x} at offset {unwritten.start()}, which a URL does not "
            "hold as it is: a URL is written in printable ASCII, every other byte percent-encoded as UTF-8 "
            "(é as %C3%A9, a space as %20)")
    for name in SINGLE_FIELDS:
        sent = len(headers.get_all(name, []))
        if sent > 1:
            return HTTPStatus.BAD_REQUEST, f"the header {name} is sent {sent} times; a request sends it once"
    length = headers.get("Content-Length")
    if length is not None and not CONTENT_LENGTH.fullmatch(length.strip()):
        return HTTPStatus.BAD_REQUEST, (
            f"the header Content-Length is {quoted(length)}, which is no length: send the body's size in bytes, "
            "written in digits 0 to 9 (Content-Length: 42)")
    if version == "HTTP/1.1" and "Host" not in headers:
        return HTTPStatus.BAD_REQUEST, NO_HOST
    if target == "*" and method != "OPTIONS":
        return HTTPStatus.BAD_REQUEST, asterisk_refusal(method)
    if not target.startswith("/") and target != "*" and "://" not in target:
        # RFC 9112, 3.2: a path from its first slash, `*` (of OPTIONS), or an absolute URL; http.server
        # would read `healthz` as `/healthz`, where gunicorn refuses it (as CONNECT's host:port).
        return HTTPStatus.BAD_REQUEST, (
            f"the request target {quoted(target)} is no path: send one starting with a slash (/healthz), a whole URL "
            "(http://example.com/healthz), or * with OPTIONS")
    codings = ", ".join(headers.get_all("Transfer-Encoding", []))
    if version < "HTTP/1.1" and codings:
        # Its framing cannot be trusted (RFC 9112, 6.1): a chunked body is HTTP/1.1's.
        return HTTPStatus.BAD_REQUEST, (
            f"an HTTP/1.0 request has no Transfer-Encoding, and this one sends {quoted(codings)}: send its body with a "
            "Content-Length, or send the request in HTTP/1.1")
    if coding := transfer_coding_refusal(codings):
        # werkzeug reads chunked alone, with no other coding, as a chunked body; the site refuses the rest too.
        return HTTPStatus.BAD_REQUEST, coding
    if codings and "Content-Length" in headers:
        # Request smuggling (RFC 9112, 6.1): a proxy before this server may have read the body's end by
        # the other header, and sent another request in what this one reads as this body.
        return HTTPStatus.BAD_REQUEST, (
            "the request sends both Transfer-Encoding and Content-Length, which may end its body at different "
            "bytes: send one of them")
    for expected in headers.get_all("Expect", []):
        # Only 100-continue is an expectation (RFC 9110, 10.1.1), which an HTTP/1.0 request's is ignored.
        if expected.strip().lower() != "100-continue":
            return HTTPStatus.EXPECTATION_FAILED, (
                f"the header Expect asks for {quoted(expected)}; this server meets no expectation but 100-continue")
    return None
