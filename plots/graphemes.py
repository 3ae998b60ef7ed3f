"""Where a text may be cut without parting what a reader sees as one character: a letter and its
accents, an emoji and its skin tone, the people of a family joined by zero width joiners, the two
letters of a flag, the jamo of a Hangul syllable (Unicode's grapheme clusters, UAX #29, to the
extent a label needs them)."""
from __future__ import annotations

import unicodedata

ZWJ = "\u200d"

# Characters drawn onto the one before them, whatever their general category: the zero width
# non-joiner, the emoji skin tones, the tag letters of a subdivision's flag, Thai's and Lao's am.
_JOINED_TO_PREVIOUS = (
    (0x200C, 0x200D), (0x0E33, 0x0E33), (0x0EB3, 0x0EB3), (0x1F3FB, 0x1F3FF), (0xE0020, 0xE007F),
)
_MARKS = frozenset({"Mn", "Me", "Mc"})
_REGIONAL = (0x1F1E6, 0x1F1FF)

# Hangul jamo: leading consonants, vowels and trailing consonants, and the syllables made of them.
_LEADING = ((0x1100, 0x115F), (0xA960, 0xA97C))
_VOWEL = ((0x1160, 0x11A7), (0xD7B0, 0xD7C6))
_TRAILING = ((0x11A8, 0x11FF), (0xD7CB, 0xD7FB))
_SYLLABLES = (0xAC00, 0xD7A3)


def _within(code: int, ranges: tuple[tuple[int, int], ...]) -> bool:
    return any(low <= code <= high for low, high in ranges)


def _hangul(ch: str) -> str:
    """The Hangul part `ch` is: "L", "V", "T", "LV", "LVT", or "" for any other character."""
    code = ord(ch)
    if _within(code, _LEADING):
        return "L"
    if _within(code, _VOWEL):
        return "V"
    if _within(code, _TRAILING):
        return "T"
    if _SYLLABLES[0] <= code <= _SYLLABLES[1]:
        return "LV" if (code - _SYLLABLES[0]) % 28 == 0 else "LVT"
    return ""


def _regional(ch: str) -> bool:
    return _REGIONAL[0] <= ord(ch) <= _REGIONAL[1]


def _pictograph(ch: str) -> bool:
    """Whether `ch` is a picture an emoji sequence may join to another by a zero width joiner."""
    return not _regional(ch) and (unicodedata.category(ch) == "So" or 0x1F000 <= ord(ch) <= 0x1FAFF)


def _extending(ch: str) -> bool:
    """Whether `ch` is drawn onto the character before it (a zero width joiner among them)."""
    return ch == ZWJ or unicodedata.category(ch) in _MARKS or _within(ord(ch), _JOINED_TO_PREVIOUS)


def _joined_pictograph(text: str, joiner: int) -> bool:
    """Whether the zero width joiner at `joiner` follows a pictograph and what extends it."""
    at = joiner - 1
    while at >= 0 and _extending(text[at]) and text[at] != ZWJ:
        at -= 1
    return at >= 0 and _pictograph(text[at])


def boundary(text: str, at: int) -> bool:
    """Whether cutting `text` after its first `at` characters parts no grapheme cluster."""
    if at <= 0 or at >= len(text):
        return True
    before, after = text[at - 1], text[at]
    if before in "\r\n" or after in "\r\n":
        return not (before == "\r" and after == "\n")
    if _extending(after):
        return False
    if before == ZWJ and _pictograph(after) and _joined_pictograph(text, at - 1):
        return False
    if _regional(before) and _regional(after):
        run = at - 1
        while run > 0 and _regional(text[run - 1]):
            run -= 1
        return (at - run) % 2 == 0
    first, second = _hangul(before), _hangul(after)
    return not (first == "L" and second in ("L", "V", "LV", "LVT")
                or first in ("LV", "V") and second in ("V", "T")
                or first in ("LVT", "T") and second == "T")


def cluster_cut(text: str, count: int) -> int:
    """How many of `text`'s first characters a cut after at most `count` of them keeps, parting no
    grapheme cluster: the last cluster's end at or before `count`, or the first cluster's end where
    `count` falls inside it and is not 0."""
    cut = min(count, len(text))
    while not boundary(text, cut):
        cut -= 1
    if cut == 0 and count > 0:
        cut = 1
        while not boundary(text, cut):
            cut += 1
    return cut


def cluster_start(text: str, limit: int) -> str:
    """`text`'s first `limit` characters less the start of a grapheme cluster they would part: all
    `limit` where its first cluster is longer (a letter under thousands of accents)."""
    at = cluster_cut(text, limit)
    return text[:at if at <= limit else limit]
