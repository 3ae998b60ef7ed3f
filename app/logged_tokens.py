"""A write token sent in a URL by mistake kept out of the logs: the site takes a token only from the
Authorization header or a form's body, but a client may still write `?token=…` into a URL, whose request
line the access log and an unexpected failure's line would otherwise hold, for anyone who reads the logs."""
from __future__ import annotations

import re


def _spelled(word: str) -> str:
    """A pattern of `word` as a URL may write it: each character itself or percent-encoded (`%74oken`,
    which a server decodes to `token`), in either case (the pattern is read case-blind)."""
    return "".join(f"(?:{re.escape(c)}|%{ord(c.lower()):02x}|%{ord(c.upper()):02x})" for c in word)


# The query parameters a token is sent in by habit elsewhere (`token`, OAuth's `access_token`), their
# names in any case and percent-encoded or not, the `=` after them too (`token%3D…`, whose name a server
# reads as holding the value); the value runs to the next parameter or the line's end.
TOKEN_PARAMETER = re.compile(rf"(?i)((?:^|[?&;])(?:{_spelled('access_')}|{_spelled('write_')})?{_spelled('token')}"
                             rf"(?:=|%3d))[^&;\s#]*")
HIDDEN = "[hidden]"


def hidden_tokens(text: str) -> str:
    """`text`, a request line or URL, with the values of its token parameters written as `[hidden]`."""
    return TOKEN_PARAMETER.sub(lambda found: found.group(1) + HIDDEN, text)
