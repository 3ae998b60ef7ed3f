"""Whether a long start of a text, "…" after it, is narrower than the text (`ended_narrower`), found
from their ends: where two labels of a long value differ only near their ends, one is told apart by
such a start (`told_apart.shorten_apart`), and a value of 131,072 characters measured whole took
seconds.

A line's width is the sum of its characters' advances, each pair of neighbours kerned, in a script
whose letters keep their form whatever follows them (`widths_grow`): what stands before a place
where the text measures as its two sides do adds as much to the start and "…" as to the text.
"""
from __future__ import annotations

import unicodedata

from .layout import line_extent
from .line_breaks import surely_wider

# How many characters back from the end of the start a place to cut the two at is looked for, before
# they are measured whole (a run of marks, a word of a script whose letters join).
CUT_SEARCH = 64
# A place to cut at is before a letter: a mark there would be drawn on a dotted circle, and a digit
# or a stop, of no script of its own, could be laid out as another script's after the cut.
_LETTERS = frozenset(("Lu", "Ll", "Lt", "Lo"))


def ended_narrower(text: str, count: int, size: float, weight: str = "normal") -> bool:
    """Whether `text`'s first `count` characters with "…" after them are narrower than `text`, as
    measuring both whole finds, from a place near `count` where they may be cut (`_cut`) on."""
    cut = _cut(text, count, size, weight)
    ended = line_extent(text[cut:count] + "…", size, weight)[0]
    return surely_wider(text[cut:], size, ended) or ended < line_extent(text[cut:], size, weight)[0]


def _cut(text: str, count: int, size: float, weight: str) -> int:
    """The last place within CUT_SEARCH characters of `count`, before a letter, where `text` measures
    as its two sides do over two characters each, the two after it among the first `count`; 0 where
    there is none, or where `text` is in a script whose letters join or is laid out right to left
    (the paragraph's direction, found from its first letter, decides where its stops stand)."""
    if not widths_grow(text):
        return 0
    for cut in range(count - 2, max(count - CUT_SEARCH, 2) - 1, -1):
        if unicodedata.category(text[cut]) in _LETTERS and _measured_apart(text[cut - 2:cut + 2], size, weight):
            return cut
    return 0


def _measured_apart(piece: str, size: float, weight: str) -> bool:
    """Whether `piece` of four characters is as wide as its two halves (`line_extent` adds 1.0 to each
    width): no kerning, ligature or mark joins them."""
    whole = line_extent(piece, size, weight)[0]
    halves = line_extent(piece[:2], size, weight)[0] + line_extent(piece[2:], size, weight)[0] - 1.0
    return abs(whole - halves) < 1e-6


def widths_grow(text: str) -> bool:
    """Whether each character added to a start of `text` makes it, with "…" after it, no narrower.

    So it is in a script whose letters keep their form whatever follows them; not in one that joins
    them (Arabic, Syriac, N'Ko, Mongolian: a letter takes another form joined to the next, which
    may be narrower) or in text laid out right to left, and not with joiners, which change forms.
    """
    return text.isascii() or not any(
        unicodedata.bidirectional(c) in ("R", "AL") or "\u1800" <= c <= "\u18af" or unicodedata.category(c) == "Cf"
        for c in text)
