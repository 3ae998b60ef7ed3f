"""A page as a text browser (lynx -dump) or a reader mode keeps it: its words in the order of the HTML,
each image as its alt text in brackets, without what the head, scripts and styles hold, and with what
<noscript> holds, as a browser that runs no script shows it."""
from __future__ import annotations

import re
from html.parser import HTMLParser

# Elements whose words are never read as the page's text.
UNREAD = {"head", "script", "style", "template"}
# Elements that start a line of their own.
BLOCKS = {"p", "div", "h1", "h2", "h3", "h4", "li", "tr", "figure", "figcaption", "form", "fieldset", "legend",
          "dt", "dd", "header", "main", "table", "ul", "ol", "br", "noscript", "section", "label"}


class _Reader(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.unread = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in UNREAD:
            self.unread += 1
        elif not self.unread:
            if tag in BLOCKS:
                self.parts.append("\n")
            if tag == "img":
                self.parts.append(f"[{dict(attrs).get('alt') or ''}]")

    def handle_endtag(self, tag: str) -> None:
        if tag in UNREAD:
            self.unread -= 1
        elif tag in BLOCKS and not self.unread:
            self.parts.append("\n")

    def handle_data(self, data: str) -> None:
        if not self.unread:
            self.parts.append(re.sub(r"\s+", " ", data))


def page_lines(html: str) -> list[str]:
    """The lines of text `html` reads as, white space run together, blank lines left out."""
    reader = _Reader()
    reader.feed(html)
    reader.close()
    lines = (re.sub(r" +", " ", line).strip() for line in "".join(reader.parts).split("\n"))
    return [line for line in lines if line]
