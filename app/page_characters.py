"""The characters a page may hold: HTML forbids controls and noncharacters in a document, which a
dataset's cells, a column's name or a chart's title from a URL may carry."""
from __future__ import annotations

import re

from markupsafe import Markup, escape

# Controls but HTML's white space (tab, line feed, form feed, carriage return), C1 controls and DEL,
# surrogates and noncharacters: each "a parse error" in an HTML document, which a validator reports and
# a page must not hold, raw or as a character reference (&#1; is one too, and &#128;–&#159; read as
# other characters).
NOT_IN_HTML = re.compile("[\x00-\x08\x0b\x0e-\x1f\x7f-\x9f\ud800-\udfff\ufdd0-\ufdef"
                         + "".join(f"{chr(plane << 16 | 0xfffe)}{chr(plane << 16 | 0xffff)}" for plane in range(17))
                         + "]")


class SentValue(Markup):
    """A form control's value, escaped, that `page_text` leaves whole: the browser sends it back as written."""


def sent(value: object) -> SentValue:
    """`value` written into a form control's `value` as it is, a character HTML forbids and all: a filter's
    value, a column's name or a field of the URL goes back with the form, and one written as U+FFFD would
    name another value (no rows, or a column not there)."""
    return SentValue(escape(value))


def page_text(value: object) -> object:
    """`value` as a template writes it into a page: text with each character HTML forbids replaced by
    U+FFFD, as a chart's SVG draws those XML forbids; markup stays markup, and a form control's value
    (`sent`) and anything else are left as they are."""
    if isinstance(value, SentValue):
        return value
    if isinstance(value, Markup):
        return Markup(NOT_IN_HTML.sub("\ufffd", value)) if NOT_IN_HTML.search(value) else value
    if isinstance(value, str) and NOT_IN_HTML.search(value):
        return NOT_IN_HTML.sub("\ufffd", value)
    return value
