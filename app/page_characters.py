"""The characters a page may hold: HTML forbids controls and noncharacters in a document, which a
dataset's cells, a column's name or a chart's title from a URL may carry."""
from __future__ import annotations

import re

from markupsafe import Markup

# Controls but HTML's white space (tab, line feed, form feed, carriage return), C1 controls and DEL,
# surrogates and noncharacters: each "a parse error" in an HTML document, which a validator reports and
# a page must not hold, raw or as a character reference (&#1; is one too, and &#128;–&#159; read as
# other characters).
NOT_IN_HTML = re.compile("[\x00-\x08\x0b\x0e-\x1f\x7f-\x9f\ud800-\udfff\ufdd0-\ufdef"
                         + "".join(f"{chr(plane << 16 | 0xfffe)}{chr(plane << 16 | 0xffff)}" for plane in range(17))
                         + "]")


def page_text(value: object) -> object:
    """`value` as a template writes it into a page: text with each character HTML forbids replaced by
    U+FFFD, as a chart's SVG draws those XML forbids; markup stays markup, anything else is left as it is."""
    if isinstance(value, Markup):
        return Markup(NOT_IN_HTML.sub("\ufffd", value)) if NOT_IN_HTML.search(value) else value
    if isinstance(value, str) and NOT_IN_HTML.search(value):
        return NOT_IN_HTML.sub("\ufffd", value)
    return value
