"""A cell as a page's table of rows shows it: a long text cut, its line breaks and tabs marked."""
from __future__ import annotations

import re

from markupsafe import Markup

from plots.text import line_feeds, quoted_cut

# A cell's line breaks and tabs as a table shows them, where HTML would fold each into a space: a
# line break as a mark and a new line, as a chart draws its text on lines of their own, a tab as a
# mark, so that "Hill⏎ Top" is told from "Hill Top" and a tab from a space.
CELL_MARKS = {
    "\n": Markup('<span class="cell-mark" title="line break">⏎</span><br>'),
    "\t": Markup('<span class="cell-mark" title="tab">⇥</span>'),
}
CELL_BREAKS = re.compile("([\n\t])")


def table_cell(value):
    """A cell as a page's table of rows shows it (a dataset's first rows, a chart's data): a text of more
    than 100 characters cut to them, with "…" and its length ("aaaa… (131072 characters)"), as a message
    quotes a long value, for a cell may hold 131,072 and a table 100 rows of 50 columns; the CSV and
    JSON downloads give it whole. Its line breaks (CRLF and a lone CR among them) and tabs are shown
    (`CELL_MARKS`)."""
    if not isinstance(value, str):
        return value
    shown = quoted_cut(line_feeds(value), str)
    if not CELL_BREAKS.search(shown):
        return shown
    return Markup("").join(CELL_MARKS.get(piece, piece) for piece in CELL_BREAKS.split(shown))
