"""Text fitted to the room it has, measured as `layout` measures it: wrapped into lines, cut to the
lines that fit, and shortened with "…" (`shorten`); labels told apart as they are shortened are in
`told_apart`.
"""
from __future__ import annotations

from collections.abc import Iterator, Sequence

from .ended_widths import widths_grow
from .graphemes import CLUSTER, cluster_cut
from .layout import KEPT_LINE, line_extent, text_height, text_size
from .line_breaks import joined, surely_wider, surely_wider_count, word_cut, words_fitting
from .ticks import LINE_HEIGHT


def wrap_text(text: str, size: float, max_width: float, weight: str = "normal", split_words: bool = True) -> str:
    """`text` broken into lines of at most `max_width` points; a tab is a space, as no font draws a tab.

    Each line holds the most words that fit (`words_fitting`). A word longer than a line is split
    across lines (where `word_cut` says), or with `split_words=False` shortened with "…" (`shorten`)
    and kept on a line of its own even where that is still too long: where the room is small (a
    title on a narrow chart, an axis title beside a short plot) pieces of a word read as other words
    ("Stronge", "st wind").
    """
    return "\n".join(wrapped_lines(text, size, max_width, weight, split_words))


def wrapped_lines(text: str, size: float, max_width: float, weight: str = "normal",
                  split_words: bool = True) -> Iterator[str]:
    """The lines of `wrap_text`, each wrapped as it is asked for: a reader of a long text's first lines
    measures no more of it."""
    text = text.replace("\t", " ")
    for paragraph in text.split("\n"):
        if not surely_wider(paragraph, size, max_width) and line_extent(paragraph, size, weight)[0] <= max_width:
            yield paragraph  # the whole line fits: one measurement
            continue
        words = paragraph.split(" ")
        line, at = "", 0
        while at < len(words):
            count = words_fitting(line, words, at, size, max_width, weight)
            if count or line:
                line, at = joined(line, words[at:at + count]), at + count
                if line and at < len(words):  # the next word starts the next line
                    yield line
                    line = ""
                continue
            word, at = words[at], at + 1  # too wide for a line of its own
            if not split_words:
                word = shorten(word, size, max_width, weight)
            while split_words and cluster_cut(word, 1) < len(word) and (surely_wider(word, size, max_width)
                                                     or line_extent(word, size, weight)[0] > max_width):
                cut = word_cut(word, size, max_width, weight)
                yield word[:cut]
                word = word[cut:]
            line = word
        yield line


def fitted_lines(text: str, size: float, max_width: float, max_height: float, weight: str = "normal",
                 split_words: bool = True) -> str:
    """`text` in lines of at most `max_width` points (`wrap_text`), as many as fit in `max_height`
    points (`clip_lines`)."""
    return clip_lines(wrap_text(text, size, max_width, weight, split_words), size, max_height, max_width, weight)


def fitted_whole(forms: Sequence[str], sizes: Sequence[float], max_width: float,
                 max_height: float) -> tuple[str, float] | None:
    """The first of `forms` (a text, then shorter forms of it) that fits in `max_width`×`max_height`
    points at one of `sizes` (largest first), wrapped between its words (`wrap_text`), and that size;
    None when none does.

    Only whole words: pieces of a word, or a word cut with "…", read as other words, and a cut note
    says less than a shorter form of it.
    """
    for form in forms:
        for size in sizes:
            if all(line_extent(word, size, "normal")[0] <= max_width for word in form.split()):
                text = wrap_text(form, size, max_width)
                if text_height(text, size) <= max_height:
                    return text, size
    return None


def clip_lines(text: str, size: float, max_height: float, max_width: float, weight: str = "normal") -> str:
    """`text` (wrapped already to `max_width` points) cut to the lines that fit in `max_height`
    points; the last one kept ends in "…", cut only as far as the "…" needs."""
    lines = text.split("\n")
    fits = max(1, int((max_height / (size * LINE_HEIGHT) - 1) / 1.2) + 1)  # inverse of text_size's height
    if len(lines) <= fits:
        return text
    return "\n".join(lines[: fits - 1] + [_ended(lines[fits - 1], size, max_width, weight)])


def shorten(text: str, size: float, max_width: float, weight: str = "normal") -> str:
    """`text` cut and ended with "…" if it is wider than `max_width` points, each of its lines on
    its own: a label may hold line breaks (a bar category's text), which matplotlib draws as lines
    of their own and no font has a glyph to measure.

    A line is cut at the end of its last whole word that fits ("Average temperature…", not
    "Average temperature m…") where that keeps at least WORD_END_SHARE of `max_width`, else where
    "…" must follow. A line whose shortest form ("m…") is no narrower than itself ("mm") is kept
    whole, wider than `max_width`: shortened, it would take more room and say less."""
    if "\n" in text:
        return "\n".join(shorten(line, size, max_width, weight) for line in text.split("\n"))
    measured = _measured_start(text, size, max_width, weight)
    width = line_extent(measured, size, weight)[0]
    if width <= max_width:
        return text
    kept = _kept(measured, size, max_width, weight)
    words = _word_end(text, kept)
    if words and line_extent(text[:words] + "…", size, weight)[0] >= WORD_END_SHARE * max_width:
        kept = words
    ended = text[:kept].rstrip() + "…"
    return ended if line_extent(ended, size, weight)[0] < width else text


# The fewest characters, as a reader counts them, an axis title shortened with "…" keeps: "si…" of
# "sightings" reads as no word, and the alt text names the title whole; a stub of fewer is left out.
TITLE_LEAST_KEPT = 3


def title_unless_stub(drawn: str, text: str) -> str:
    """The axis title `text` as `drawn` (wrapped, or shortened with "…"), or none ("") where it was
    shortened to a stub of fewer than TITLE_LEAST_KEPT characters: "si…", "h…" tell a reader nothing
    and take the room of a line beside the plot."""
    if drawn == text or "…" not in drawn:
        return drawn
    kept = "".join(drawn.replace("…", "").split())
    return drawn if len(CLUSTER.findall(kept)) >= TITLE_LEAST_KEPT else ""


def shorten_by_start(start: str, size: float, max_width: float, weight: str = "normal") -> str | None:
    """What `shorten` makes of every line that starts with `start`, found from `start` alone where it
    holds all `shorten` reads of them (the start `_measured_start` measures, and the character after
    it, which `_word_end` reads), else None: a reader of a long text's first lines (`wrapped_lines`),
    joined, needs no more of them."""
    if "\n" in start or len(_measured_start(start, size, max_width, weight)) >= len(start):
        return None
    short = shorten(start, size, max_width, weight)
    # Kept whole, it tells nothing of a longer line, which is then kept whole too: itself.
    return None if short == start else short


def _measured_start(text: str, size: float, max_width: float, weight: str) -> str:
    """What of a line `shorten` measures: the line whole where it is at most KEPT_LINE characters,
    else its start up to where it is surely wider (`surely_wider`) than any form of it `shorten`
    gives (one that fits in `max_width` points, in NARROWING more a start of it fitting there,
    or its first character and "…"), so shortened to the same form as the whole line: a value of
    131,072 characters measured whole took seconds, to show a few words of it."""
    if len(text) <= KEPT_LINE:
        return text
    widest = max(max_width + NARROWING * size, line_extent(text[:1] + "…", size, weight)[0])
    return text[:surely_wider_count(text, size, widest)]


# A shortened label ends at the end of its last whole word where that keeps at least this share of
# its room: "Average temperature m…" starts a word it does not say; "Average temperature…" says
# what it does. Where the words before would leave less, the label keeps more of itself, cut inside
# a word, as a single long word is.
WORD_END_SHARE = 0.5


def _word_end(text: str, count: int) -> int:
    """How many of `text`'s first characters a cut after `count` of them keeps whole words of: `count`
    where it falls between words or at the end, else the end of the last whole word before it, 0
    where there is none."""
    if count >= len(text) or text[count] == " ":
        return count
    return len(text[: text.rfind(" ", 0, count) + 1].rstrip())


def _ended(text: str, size: float, max_width: float, weight: str) -> str:
    """`text` ended with "…", cut as far as it must be for both to fit in `max_width` points: its
    longest start (of one character at least) that fits with "…" after it."""
    return text[:_kept(text, size, max_width, weight)].rstrip() + "…"


# Ems, as `line_extent` measures: the most a text, "…" after it, narrows as characters are added to its
# end. Added to a letter of a script that joins its letters, a character may turn it into its joined
# form, which may be narrower: DejaVu Sans' beh at a word's end (ـب) is 0.73 em wider than joined to
# the next (ـبـ), by a zero width joiner, the most of its Arabic letters. Any other character added
# widens the text.
NARROWING = 1.0


def _kept(text: str, size: float, max_width: float, weight: str) -> int:
    """How many of `text`'s first characters `_ended` (and `shorten`, before its word end) keeps: the
    most, at least one, that fit in `max_width` points with "…" after them, ending where a grapheme
    cluster ends (`graphemes.cluster_cut`): a cut between an emoji and the zero width joiner after
    it, or a letter and its accent, would show another emoji or letter than the value's.

    The count is searched for from an estimate made from the whole text's width, a few measurements
    a text: a count that fits and one more that does not where each character kept widens the text
    (`widths_grow`). Where one may narrow it (`NARROWING`), a start wider than `max_width` by more
    than that has no longer start that fits: the search finds such a start, and each shorter count
    is tried from it down until one fits (the widths may fall and rise again before it).
    """
    widths: dict[int, float] = {}

    def width(count: int) -> float:
        if count not in widths:
            widths[count] = line_extent(text[:count] + "…", size, weight)[0]
        return widths[count]

    if len(text) <= 1:
        return len(text)
    # A start wider than this has no longer start that fits.
    beyond = max_width if widths_grow(text) else max_width + NARROWING * size
    # Invariant: `low` characters with "…" after them are at most `beyond` wide (or `low` is 0), and
    # `high` characters wider (or `high` is past the end).
    low, high = 0, len(text) + 1
    ellipsis, whole = line_extent("…", size, weight)[0], line_extent(text, size, weight)[0]
    per_character = max(whole - 1.0, 1e-9) / len(text)  # less the 1.0 `line_extent` adds to every width
    probe, step = int((beyond - ellipsis) / per_character), 1
    while high - low > 1:
        if not low < probe < high:
            probe = (low + high) // 2
        if width(probe) <= beyond:
            low, probe = probe, probe + step
        else:
            high, probe = probe, probe - step
        step *= 2  # from the estimate outwards, then halving what is left
    first = cluster_cut(text, 1)
    count = max(cluster_cut(text, high - 1), first)
    while count > first and width(count) > max_width:
        count = max(cluster_cut(text, count - 1), first)
    return count


def fits(text: str, size: float, most: float) -> bool:
    """Whether `text` is at most `most` points wide (`text_size`), measured only where its least
    width does not tell that it is wider (`surely_wider`): a value of 131,072 characters took
    seconds to measure, to find it too wide."""
    return not surely_wider(text, size, most) and text_size(text, size)[0] <= most
