"""Where a text may be cut without parting what a reader sees as one character: a letter and its
accents, an emoji and its skin tone, the people of a family joined by zero width joiners, the two
letters of a flag, an Indic conjunct, the jamo of a Hangul syllable. These are Unicode's extended
grapheme clusters (UAX #29), which the `regex` module's `\\X` matches, kept up with each Unicode
version, where rules written here would know only the scripts they were written for."""
from __future__ import annotations

import regex

CLUSTER = regex.compile(r"\X")


def cluster_ends(text: str, upto: int) -> list[int]:
    """The places at or before `upto` (and after 0) where a grapheme cluster of `text` ends. Whether
    a place ends one depends on the characters before it and on the one after it alone, so only
    those up to `upto` and one past it are read: a cut near the start of a long text reads its start."""
    return [match.end() for match in CLUSTER.finditer(text, 0, upto + 1) if match.end() <= upto]


def cluster_cut(text: str, count: int) -> int:
    """How many of `text`'s first characters a cut after at most `count` of them keeps, parting no
    grapheme cluster: the last cluster's end at or before `count`, or the first cluster's end where
    `count` falls inside it and is not 0."""
    if count >= len(text):
        return len(text)
    if count <= 0:
        return 0
    ends = cluster_ends(text, count)
    return ends[-1] if ends else CLUSTER.match(text).end()


def cluster_start(text: str, limit: int) -> str:
    """`text`'s first `limit` characters less the start of a grapheme cluster they would part: all
    `limit` where its first cluster is longer (a letter under thousands of accents)."""
    at = cluster_cut(text, limit)
    return text[:at if at <= limit else limit]
