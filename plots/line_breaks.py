"""Where wrapped text breaks (`fitted_text.wrap_text`): how many words fit on a line, and where a
word longer than a line is cut.

Each is what measuring every longer line in turn would find, found with a few measurements a line:
a measurement takes time in proportion to the text measured (the font lays the text out), so
measuring a line once for each word it holds made a long paragraph's wrapping quadratic (a
9,000-character caption took over a second). Counts are estimated from each character's advance
(`_advance`, measured once) and then checked against the measured text, which decides.
"""
from __future__ import annotations

import functools
from collections.abc import Sequence

from .graphemes import cluster_cut, cluster_ends
from .layout import least_width, line_extent


def joined(line: str, words: Sequence[str]) -> str:
    """`line` with `words` after it, each after a space, as wrapping adds them: a word added to an
    empty line starts it (so a paragraph's leading spaces, and a line's first, are dropped)."""
    for word in words:
        line = f"{line} {word}" if line else word
    return line


def words_fitting(line: str, words: Sequence[str], start: int, size: float, max_width: float, weight: str) -> int:
    """How many of `words` from `start` on go after `line` (`joined`) on a line of `max_width` points:
    the most that fit, each fewer fitting too, as adding them one at a time would find.

    The count is estimated, then the line of that many words measured, and of one more or one fewer
    until the one fits and the other does not: two measurements for most lines.
    """
    def fits(count: int) -> bool:
        return line_extent(joined(line, words[start:start + count]), size, weight)[0] <= max_width

    count = _estimated_words(line, words, start, size, max_width, weight)
    if count and not fits(count):
        count -= 1
        while count and not fits(count):
            count -= 1
        return count
    while start + count < len(words) and fits(count + 1):
        count += 1
    return count


def _estimated_words(line: str, words: Sequence[str], start: int, size: float, max_width: float,
                     weight: str) -> int:
    """About how many of `words` from `start` on fit after `line`, from their characters' advances."""
    width = 1.0 + sum(_advance(c, size, weight) for c in line)  # as `line_extent` adds 1.0
    space = _advance(" ", size, weight)
    count = 0
    for word in words[start:]:
        width += (space if line or count else 0.0) + sum(_advance(c, size, weight) for c in word)
        if width > max_width:
            break
        count += 1
    return count


# Each answer is kept with its one character, size and weight, some 240 bytes: 4,096 of them hold
# some 1 MB, a bound in bytes by their count (and a hit costs a fifth of a byte-counting memo's, in a
# loop over every character wrapped).
@functools.lru_cache(maxsize=4096)
def _advance(character: str, size: float, weight: str) -> float:
    """About how many points `character` adds to a line, as `line_extent` measures: measured between
    two letters, so that a space or a mark is counted as it stands in a line, of a letter that few
    fonts kern (DejaVu Sans kerns "x" with many letters: estimates ran 1.5 % short)."""
    return line_extent(f"H{character}H", size, weight)[0] - line_extent("HH", size, weight)[0]


def surely_wider(text: str, size: float, max_width: float) -> bool:
    """Whether `text` is wider than `max_width` points by its least width alone (`least_width`),
    found without measuring it, from not many more of its characters than that takes."""
    return surely_wider_count(text, size, max_width) <= len(text)


def surely_wider_count(text: str, size: float, max_width: float) -> int:
    """A count of `text`'s first characters whose least width is more than `max_width` points, not
    much more than the fewest that are; one more than its length where the whole text's is not."""
    unit = least_width("x", size) - 1.0  # a character that takes room, less the 1.0 added once
    count = max(1, int(max_width / unit) + 1)
    while True:
        count = min(count, len(text))
        if least_width(text[:count], size) > max_width:
            return count
        if count == len(text):
            return len(text) + 1
        count *= 2


# A line of a word split across lines starts with none of these, nor with one of BREAKS: each
# belongs to what it follows ("temperature_c" then ", rainfall_mm" reads as a list of one).
CLOSING = ",;:.!?)]}…"
# A piece of a split word ends with none of these alone: each belongs to what follows it.
OPENING = "([{“‘«"
QUOTES = "'\""
# Characters after which a long word reads well cut (`temperature_` / `c,rainfall_mm`), where one
# leaves at least this share of the characters that fit on the line: further back, the line is
# left too short for what it gains.
BREAKS = "_-/.,;:"
BREAK_SHARE = 0.5


def word_cut(word: str, size: float, max_width: float, weight: str) -> int:
    """How many of `word`'s first characters go on a line of `max_width` points, `word` being wider
    and more than one grapheme cluster (`graphemes`), none of which a line parts.

    The most that fit, moved back (never on: the line would be too wide) to just after one of
    BREAKS near it, else to where the next line starts with no CLOSING character and this one ends
    with no opening bracket or quote; the most that fit where no place before is such.
    """
    fit = _fitting_count(word, size, max_width, weight)
    apart = [cut for cut in reversed(cluster_ends(word, fit)) if _cut_keeps_punctuation(word, cut)]
    near = [cut for cut in apart if word[cut - 1] in BREAKS and cut >= BREAK_SHARE * fit]
    return (near or apart or [cluster_cut(word, fit)])[0]


def _fitting_count(word: str, size: float, max_width: float, weight: str) -> int:
    """The most of `word`'s first characters, at least one, that fit in `max_width` points, `word`
    being wider: searched for from an estimate (`_advance`) outwards, then halving what is left."""
    # Invariant: word[:low] fits (or low is 1), word[:high] is wider than max_width.
    low, high = 1, min(len(word), surely_wider_count(word, size, max_width))
    probe, width = 0, 1.0
    while probe < len(word) and width + _advance(word[probe], size, weight) <= max_width:
        width += _advance(word[probe], size, weight)
        probe += 1
    step = 1
    while high - low > 1:
        if not low < probe < high:
            probe = (low + high) // 2
        if line_extent(word[:probe], size, weight)[0] <= max_width:
            low, probe = probe, probe + step
        else:
            high, probe = probe, probe - step
        step *= 2
    return low


def _cut_keeps_punctuation(word: str, cut: int) -> bool:
    """Whether cutting `word` after `cut` characters leaves its punctuation with what it belongs to:
    no CLOSING character, closing quote or one of BREAKS starts the rest, no opening bracket or
    quote ends the start."""
    # A break belongs to what it follows too: "_c,rainfall_" read as a word of its own.
    rest_starts_closed = (word[cut] in CLOSING or word[cut] in BREAKS
                          or word[cut] in QUOTES and not _opens(word, cut))
    start_ends_open = word[cut - 1] in OPENING or word[cut - 1] in QUOTES and _opens(word, cut - 1)
    return not rest_starts_closed and not start_ends_open


def _opens(word: str, at: int) -> bool:
    """Whether the quote at `at` in `word` opens a quotation: it starts the word or follows an
    opening bracket or quote (`("'now'"` opens twice); after a letter it closes one, or is an
    apostrophe (`don't`)."""
    while at > 0 and word[at - 1] in QUOTES:
        at -= 1
    return at == 0 or word[at - 1] in OPENING
