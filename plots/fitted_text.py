"""Text fitted to the room it has, measured as `layout` measures it: wrapped into lines, cut to the
lines that fit, and shortened with "…" (`shorten`), labels told apart as they are shortened
(`shorten_apart`, `cut_apart`), or kept within a width however alike (`apart_within`).
"""
from __future__ import annotations

import os
from collections.abc import Iterator, Sequence
from dataclasses import dataclass

from .ended_widths import ended_narrower, widths_grow
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
    text = text.replace("\t", " ")
    lines: list[str] = []
    for paragraph in text.split("\n"):
        if not surely_wider(paragraph, size, max_width) and line_extent(paragraph, size, weight)[0] <= max_width:
            lines.append(paragraph)  # the whole line fits: one measurement
            continue
        words = paragraph.split(" ")
        line, at = "", 0
        while at < len(words):
            count = words_fitting(line, words, at, size, max_width, weight)
            if count or line:
                line, at = joined(line, words[at:at + count]), at + count
                if line and at < len(words):  # the next word starts the next line
                    lines.append(line)
                    line = ""
                continue
            word, at = words[at], at + 1  # too wide for a line of its own
            if not split_words:
                word = shorten(word, size, max_width, weight)
            while split_words and len(word) > 1 and (surely_wider(word, size, max_width)
                                                     or line_extent(word, size, weight)[0] > max_width):
                cut = word_cut(word, size, max_width, weight)
                lines.append(word[:cut])
                word = word[cut:]
            line = word
        lines.append(line)
    return "\n".join(lines)


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
    most, at least one, that fit in `max_width` points with "…" after them.

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
    count = max(high - 1, 1)
    while count > 1 and width(count) > max_width:
        count -= 1
    return count


def shorten_apart(texts: Sequence[str], size: float, max_width: float) -> list[str]:
    """Each of `texts` shortened to `max_width` points as `shorten` does, but told apart: texts that
    differ are shortened to texts that differ.

    A text whose shortened form reads as another's is written as its start up to the end of the word
    where it differs from every other, then "…" ("Account 2042…"); where that is wider than
    `max_width`, as its first words, "…" and whole words from the one where it differs on
    ("Average daily…northern harbour…", "Category…number 7"), if they fit. Else its start is kept,
    even where that is wider than `max_width`: a piece of a word, or a lone digit of a number ("A…2
    wi…"), reads as another name. A shortened form no narrower than its text is never used: the
    text is kept whole instead.
    """
    return _apart(texts, _InPoints(size), max_width)


def ends_apart(texts: Sequence[str], size: float, max_width: float) -> list[str] | None:
    """Each of `texts` from the word where it differs from the text most like it on, after "…" and
    shortened to `max_width` points as `shorten` does ("…2042 with…" for "Account 2042 with a long
    tail"), where they are then told apart; else None.

    For names whose start alone tells them apart (`shorten_apart`) where even that is too wide."""
    starts = _shared_starts(texts)
    forms = []
    for text in texts:
        differs = text.rfind(" ", 0, starts[text]) + 1
        forms.append(shorten("…" + text[differs:] if differs else text, size, max_width))
    fit = all(text_size(form, size)[0] <= max_width for form in forms)
    return forms if fit and len(set(forms)) == len(set(texts)) else None


def apart_within(texts: Sequence[str], size: float, most: float) -> list[str]:
    """`texts` at most `most` points wide at `size`: shortened apart where that fits (`shorten_apart`),
    else from the word where they differ on (`ends_apart`), else each cut on its own (`shorten`).

    `shorten_apart` keeps the start that tells a name apart however wide it is; where there is no
    more room than `most`, as beside a plot or across a chart, that start runs past the edge."""
    shortened = shorten_apart(texts, size, most)
    if all(text_size(text, size)[0] <= most for text in shortened):
        return shortened
    return ends_apart(texts, size, most) or [shorten(text, size, most) for text in texts]


def cut_apart(texts: Sequence[str], limit: int) -> list[str]:
    """Each of `texts` cut to at most `limit` characters, ended with "…" where it is cut, but told
    apart as `shorten_apart` tells them: texts that differ are cut to texts that differ.

    For labels cut to a number of characters before their size is known (a bar's category); a
    text shorter than `limit` is kept whole, a longer one without a like one loses its end, at a
    word's end as `shorten` cuts."""
    return _apart(texts, _InCharacters(), limit)


def fits(text: str, size: float, most: float) -> bool:
    """Whether `text` is at most `most` points wide (`text_size`), measured only where its least
    width does not tell that it is wider (`surely_wider`): a value of 131,072 characters took
    seconds to measure, to find it too wide."""
    return not surely_wider(text, size, most) and text_size(text, size)[0] <= most


@dataclass(frozen=True)
class _InPoints:
    """Text measured in points at a font size: `shorten` and `text_size`."""

    size: float

    def shorten(self, text: str, most: float) -> str:
        return shorten(text, self.size, most)

    def width(self, text: str) -> float:
        return text_size(text, self.size)[0]

    def surely_wider(self, text: str, most: float) -> bool:
        """Whether `text` is wider than `most` by its least width alone (`surely_wider`), which
        a long text is found without measuring it whole."""
        return surely_wider(text, self.size, most)

    def fits(self, text: str, most: float) -> bool:
        return fits(text, self.size, most)

    def ended_narrower(self, form: str, text: str) -> bool | None:
        """Whether `form`, a start of `text` of more than KEPT_LINE characters and "…" on one line, is
        narrower than `text`, found from their ends (`ended_narrower`); None for another form."""
        start = len(form) - 1
        if start <= KEPT_LINE or not form.endswith("…") or not text.startswith(form[:start]) or "\n" in text:
            return None
        return ended_narrower(text, start, self.size)


@dataclass(frozen=True)
class _InCharacters:
    """Text measured in characters: cut to its first characters and "…"."""

    def shorten(self, text: str, most: float) -> str:
        if len(text) <= most:
            return text
        count = max(1, int(most) - 1)
        words = _word_end(text, count)
        kept = text[: words if words and words + 1 >= WORD_END_SHARE * most else count]
        return (kept.rstrip() or kept) + "…"

    def width(self, text: str) -> float:
        return len(text)

    def surely_wider(self, text: str, most: float) -> bool:
        return len(text) > most

    def fits(self, text: str, most: float) -> bool:
        return len(text) <= most

    def ended_narrower(self, form: str, text: str) -> bool | None:
        return None  # a length is counted at no cost, whole


def _apart(texts: Sequence[str], measure: _InPoints | _InCharacters, most: float) -> list[str]:
    """`shorten_apart` with text measured by `measure`, each text at most `most` long."""
    cut = [measure.shorten(text, most) for text in texts]
    if all(short == text for text, short in zip(texts, cut)):
        return cut
    starts = _shared_starts(texts)
    forms = [_narrower(text, _shortened_forms(text, short, starts[text], measure, most), measure)
             for text, short in zip(texts, cut)]
    apart = [next(options) for options in forms]
    while True:
        owners: dict[str, set[str]] = {}
        for text, short in zip(texts, apart):
            owners.setdefault(short, set()).add(text)
        clashing = {text for group in owners.values() if len(group) > 1 for text in group}
        if not clashing:
            return apart
        # Two texts' last forms never clash (see _shortened_forms): each round moves one text on
        # at least, so this ends.
        apart = [next(options, short) if text in clashing else short
                 for text, short, options in zip(texts, apart, forms)]


def _narrower(text: str, forms: Iterator[str], measure: _InPoints | _InCharacters) -> Iterator[str]:
    """`forms` of `text`, each that is no narrower than `text` itself ("ab1…" for "ab1x") replaced by
    `text`: it takes no more room and says more. `text` differs from every other text, and from
    their last forms (which share less of its start), so texts are still told apart.

    A form that is a long start of `text` and "…" is told from their ends, as measuring both whole
    would tell it (`_InPoints.ended_narrower`): two long values that differ near their ends are told
    apart by such a form."""
    width = None  # the text's, measured once and only where its least width does not tell
    for form in forms:
        narrower = form != text and measure.ended_narrower(form, text)
        if narrower is None:
            form_width = measure.width(form)
            narrower = measure.surely_wider(text, form_width)
            if not narrower:
                width = measure.width(text) if width is None else width
                narrower = form_width < width
        yield form if narrower else text


def _shortened_forms(text: str, short: str, start: int, measure: _InPoints | _InCharacters,
                     most: float) -> Iterator[str]:
    """Ways to shorten `text`, which shares its first `start` characters with another text, the
    best first, each once: each begins as it does.

    First `short`, its start cut to `most` (as `measure` measures), which may differ from the
    others; then its start up to the end of the word where it differs ("Account 2042…"), where that
    fits; then its first words, "…" and its words from the one where it differs, whole
    ("Category…number 7"), where they fit. Last the start up to the end of the word where it
    differs, wider than `most`: no other text's form can be that (every other shares less of its
    start), so the forms of texts that differ end apart.
    """
    if short == text:
        yield text
        return
    word_end = text.find(" ", start + 1)
    start_kept = text if word_end < 0 else text[:word_end] + "…"
    if short != start_kept:
        yield short
    if measure.fits(start_kept, most):
        yield start_kept
        return
    between = _words_apart(text, start, measure, most)
    if between is not None:
        yield between
    yield start_kept


def _words_apart(text: str, start: int, measure: _InPoints | _InCharacters, most: float) -> str | None:
    """`text`'s first words, "…" and its words from the one holding its character at `start` on, as
    many as fit in `most`, each whole ("Average daily…northern harbour…"); None where no such form
    fits and leaves out words between them.

    A number is kept with the word before it, which says what it counts ("Category…number 7"): alone,
    "Category…7" reads as a piece of the name."""
    differs = text.rfind(" ", 0, start) + 1  # where the word it differs in starts
    if differs and not any(c.isalpha() for c in text[differs:].split(" ")[0]):
        differs = text.rfind(" ", 0, differs - 1) + 1
    before = text[:differs].rstrip().split(" ") if differs else []
    head = ""
    for word in before[:-1]:  # a word at least left out between them
        longer = f"{head} {word}" if head else word
        if head and not measure.fits(longer + "…", most / 3):
            break
        head = longer
    after = text[differs:].split(" ")
    form = None
    for count in range(1, len(after) + 1):
        shown = " ".join(after[:count])
        longer = head + "…" + shown + ("…" if count < len(after) else "")
        if not measure.fits(longer, most):
            break
        form = longer if differs + len(shown) > start else None  # it shows where it differs
    return form if head else None


def _shared_starts(texts: Sequence[str]) -> dict[str, int]:
    """For each text, how many characters it shares at the start with the text most like it;
    in sorted order that is one of its neighbours."""
    ordered = sorted(set(texts))
    shared = dict.fromkeys(ordered, 0)
    for before, after in zip(ordered, ordered[1:]):
        common = len(os.path.commonprefix([before, after]))
        shared[before] = max(shared[before], common)
        shared[after] = max(shared[after], common)
    return shared
