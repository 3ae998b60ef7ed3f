"""A chart's embed snippets: the HTML and the Markdown that show its image, with its alt text, on
another page, and the HTML of its PNG for an e-mail, as a chart's page offers them."""
from __future__ import annotations

import re
import unicodedata
from html import escape
from urllib.parse import quote

from plots import ChartSpec

# What an image's alt text in Markdown escapes wherever it stands: a backslash, the brackets that
# would end the text, and a backtick (a code span would show a backslash it holds as it is).
MARKDOWN_ESCAPED = frozenset("\\[]`")
# Runs of these are emphasis (or, on GitHub, strikethrough) where they open or close it.
MARKDOWN_DELIMITERS = frozenset("*_~")
# What Markdown reads as an entity (`&copy;`, `&#169;`) or as the start of an autolink or of raw HTML
# (`<http:…>`, `<b>`, `</b>`, `<!--`, `<?`): its first character is escaped.
MARKDOWN_STARTS = re.compile(r"&(?:#[0-9]{1,7}|#[xX][0-9a-fA-F]{1,6}|[A-Za-z][A-Za-z0-9]*);|<[A-Za-z/!?]")
# What a URL is written with that stays as it is in a Markdown link destination (letters, digits and
# "_.-~" always do); "%" keeps its escapes.
MARKDOWN_URL_SAFE = "!#$%&'*+,/:=?@[]"


def embed_snippets(url: str, png_url: str, spec: ChartSpec, alt: str) -> tuple[str, str, str]:
    """The HTML and the Markdown that show the chart at `url` with `alt` as its alt text, and the HTML
    that shows its PNG at `png_url` so, for an e-mail: Gmail and Outlook show no SVG image.

    `alt` is one line (`spec_words`): in Markdown a blank line would end the image (a paragraph of
    its own, as it would end an HTML block too) and a line starting "# " or "- " would become a
    heading or a list.
    """
    def img(src: str) -> str:
        return f'<img src="{escape(src)}" width="{spec.width}" height="{spec.height}" alt="{escape(alt)}">'

    return img(url), f"![{markdown_text(alt)}]({markdown_url(url)})", img(png_url)


def markdown_text(text: str) -> str:
    """`text` as Markdown that shows it as it is, in the alt text of an image: a backslash before
    what CommonMark (and GitHub's strikethrough) would read as syntax there, and before nothing else,
    since Markdown of other flavours may show a backslash it does not know as an escape (`\\.`).

    Escaped: a backslash, `[`, `]` and a backtick; a run of `*`, `_` or `~` that could open emphasis
    before a run of the same that could close it (`5*3*2`, `_c_`; not `temperature_c`, `5 * 3`,
    `~20 °C`); the `&` of an entity (`&copy;`); and the `<` of an autolink or a tag (`<b>`).
    """
    escaped = {match.start() for match in MARKDOWN_STARTS.finditer(text)}
    runs: list[tuple[int, int, bool, bool]] = []  # each delimiter run: start, end, may open, may close
    start = 0
    while start < len(text):
        end = start
        while end < len(text) and text[end] == text[start]:
            end += 1
        if text[start] in MARKDOWN_DELIMITERS:
            runs.append((start, end, *_flanking(text, start, end)))
        start = end
    for start, end, opens, closes in runs:
        same = [run for run in runs if text[run[0]] == text[start]]
        if ((opens and any(run[3] for run in same if run[0] > start))
                or (closes and any(run[2] for run in same if run[0] < start))):
            escaped.update(range(start, end))
    return "".join("\\" + ch if ch in MARKDOWN_ESCAPED or i in escaped else ch for i, ch in enumerate(text))


def _flanking(text: str, start: int, end: int) -> tuple[bool, bool]:
    """Whether the run of `*`, `_` or `~` at text[start:end] may open emphasis, and whether it may
    close it, by CommonMark's rule of flanking delimiter runs (`_` only at a word's edge)."""
    before = text[start - 1] if start > 0 else " "
    after = text[end] if end < len(text) else " "
    left = not after.isspace() and (not _punctuation(after) or before.isspace() or _punctuation(before))
    right = not before.isspace() and (not _punctuation(before) or after.isspace() or _punctuation(after))
    if text[start] != "_":
        return left, right
    return left and (not right or _punctuation(before)), right and (not left or _punctuation(after))


def _punctuation(ch: str) -> bool:
    """Whether CommonMark counts `ch` as punctuation: Unicode's punctuation and symbols."""
    return unicodedata.category(ch)[0] in "PS"


def markdown_url(url: str) -> str:
    """`url` as a Markdown link destination, written in `(...)`: percent-encoded but for the characters
    a URL's parts are written with, so it holds no space, parenthesis, `<`, backslash, backtick or
    `;` (which could end an entity), any of which could end it early or be read as something else."""
    return quote(url, safe=MARKDOWN_URL_SAFE)
