"""Labels told apart as they are shortened: texts that differ are shortened (`shorten_apart`) or cut to a
number of characters (`cut_apart`) to texts that differ, written from the word where they differ
(`ends_apart`), or kept within a width however alike (`apart_within`).
"""
from __future__ import annotations

import os
from collections.abc import Iterator, Sequence
from dataclasses import dataclass

from .ended_widths import ended_narrower
from .fitted_text import WORD_END_SHARE, _word_end, fits, shorten
from .graphemes import cluster_start
from .layout import KEPT_LINE, text_size
from .line_breaks import surely_wider


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
        count = len(cluster_start(text, max(1, int(most) - 1)))
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
