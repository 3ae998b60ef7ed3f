"""Place the axes inside the figure from measured text extents, without a layout engine.

matplotlib's constrained/tight layout and `bbox_inches="tight"` draw every text twice; here each
label is measured once with the font's own metrics and the margins follow from that.
"""
from __future__ import annotations

import functools
import unicodedata
import os
from collections.abc import Iterator, Sequence
from dataclasses import dataclass

from matplotlib.font_manager import FontProperties
from matplotlib.textpath import TextToPath

from .chart_artists import font_key
from .ticks import (LABEL_PAD, LABEL_SIZE, LINE_HEIGHT, OFFSET_HEIGHT, OFFSET_PAD, TICK_LENGTH, TICK_PAD, TICK_SIZE,
                    AxisTicks)

PAD = 6.0  # points of white space at the figure's edge
MIN_PLOT = 0.2  # the least share of the figure's width and of its height that the plot keeps
# The share of the figure's height turned x tick labels (names) are shortened to, and of its width
# the names down a horizontal bar chart's side.
LABELS_SHARE = 1 / 3
TICK_GAP = TICK_LENGTH + TICK_PAD + 1.0  # points from the plot's edge to its tick labels, + rounding
_measurer = TextToPath()


@functools.lru_cache(maxsize=4096)
def text_metrics(text: str, font: tuple) -> tuple[float, float, float]:
    """Width, height and descent in points of one line of `text` in `font` (a `font_key`), from the
    font's outlines; the layout here and the SVG renderer share these measurements."""
    family, style, variant, weight, stretch, size, file = font
    prop = FontProperties(family=list(family), style=style, variant=variant, weight=weight, stretch=stretch,
                          size=size, fname=file)
    return _measurer.get_text_width_height_descent(text, prop, ismath=False)


@functools.lru_cache(maxsize=4096)
def _extent(text: str, size: float, weight: str) -> tuple[float, float]:
    """Width and height in points of one line of `text`."""
    width, height, _ = text_metrics(text, font_key(FontProperties(size=size, weight=weight)))
    # Outline metrics run a little narrower than hinted raster text and browsers' own layout.
    return width * 1.07 + 1.0, height


def text_size(text: str, size: float, weight: str = "normal") -> tuple[float, float]:
    """Width and height in points of `text`, which may hold several lines."""
    width = max(_extent(line or " ", size, weight)[0] for line in text.split("\n"))
    return width, text_height(text, size)


def text_height(text: str, size: float) -> float:
    """Height in points of `text`, which may hold several lines: matplotlib spaces them 1.2 apart."""
    return size * LINE_HEIGHT * (1 + 1.2 * text.count("\n"))


# No character that takes room is narrower than this share of the font's size (DejaVu Sans' "i"
# and "l" take 0.28); marks, joiners and spaces (some thinner) may take none, and are not counted.
NARROWEST = 0.25
_TAKE_NO_ROOM = frozenset(("Mn", "Me", "Cf", "Zs", "Zl", "Zp", "Cc"))


def least_width(text: str, size: float) -> float:
    """A width in points `text` surely takes at least, found without measuring it: its characters
    that take room, each at the NARROWEST."""
    widest = max(sum(unicodedata.category(c) not in _TAKE_NO_ROOM for c in line) for line in text.split("\n"))
    return widest * size * NARROWEST * 1.07 + 1.0  # as `_extent` widens what it measures


def wrap_text(text: str, size: float, max_width: float, weight: str = "normal", split_words: bool = True) -> str:
    """`text` broken into lines of at most `max_width` points; a tab is a space, as no font draws a tab.

    A word longer than a line is split across lines, or with `split_words=False` shortened with
    "…" (`shorten`) and kept on a line of its own even where that is still too long: where the
    room is small (a title on a narrow chart, an axis title beside a short plot) pieces of a word
    read as other words ("Stronge", "st wind").
    """
    text = text.replace("\t", " ")
    lines: list[str] = []
    for paragraph in text.split("\n"):
        if _extent(paragraph, size, weight)[0] <= max_width:
            lines.append(paragraph)  # the whole line fits: one measurement, not one per word
            continue
        line = ""
        for word in paragraph.split(" "):
            candidate = f"{line} {word}" if line else word
            if _extent(candidate, size, weight)[0] <= max_width:
                line = candidate
                continue
            if line:
                lines.append(line)
            line = ""
            if not split_words:
                word = shorten(word, size, max_width, weight)
            while split_words and _extent(word, size, weight)[0] > max_width and len(word) > 1:
                cut = max(1, int(len(word) * max_width / _extent(word, size, weight)[0]))
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
            if all(_extent(word, size, "normal")[0] <= max_width for word in form.split()):
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
    """One line of `text`, cut and ended with "…" if it is wider than `max_width` points.

    A text whose shortest form ("m…") is no narrower than itself ("mm") is kept whole, wider than
    `max_width`: shortened, it would take more room and say less."""
    width = _extent(text, size, weight)[0]
    if width <= max_width:
        return text
    ended = _ended(text, size, max_width, weight)
    return ended if _extent(ended, size, weight)[0] < width else text


def _ended(text: str, size: float, max_width: float, weight: str) -> str:
    """`text` ended with "…", cut as far as it must be for both to fit in `max_width` points: its
    longest start (of one character at least) that fits with "…" after it."""
    return text[:_kept(text, size, max_width, weight)].rstrip() + "…"


def _kept(text: str, size: float, max_width: float, weight: str) -> int:
    """How many of `text`'s first characters `_ended` keeps: the most, at least one, that fit in
    `max_width` points with "…" after them.

    Where each character kept widens the text (`_widths_grow`), the count is searched for from an
    estimate made from the whole text's width, a few measurements a text; otherwise each count is
    tried from the longest down, as the widths may fall and rise again.
    """
    def fits(count: int) -> bool:
        return _extent(text[:count] + "…", size, weight)[0] <= max_width

    if len(text) <= 1:
        return len(text)
    if not _widths_grow(text):
        count = len(text)
        while count > 1 and not fits(count):
            count -= 1
        return count
    # Invariant: `low` characters fit (or `low` is 0) and `high` do not (or `high` is past the end).
    low, high = 0, len(text) + 1
    ellipsis, whole = _extent("…", size, weight)[0], _extent(text, size, weight)[0]
    per_character = max(whole - 1.0, 1e-9) / len(text)  # less the 1.0 `_extent` adds to every width
    probe, step = int((max_width - ellipsis) / per_character), 1
    while high - low > 1:
        if not low < probe < high:
            probe = (low + high) // 2
        if fits(probe):
            low, probe = probe, probe + step
        else:
            high, probe = probe, probe - step
        step *= 2  # from the estimate outwards, then halving what is left
    return max(low, 1)


def _widths_grow(text: str) -> bool:
    """Whether each character added to a start of `text` makes it, with "…" after it, no narrower.

    So it is in a script whose letters keep their form whatever follows them; not in one that joins
    them (Arabic, Syriac, N'Ko, Mongolian: a letter takes another form joined to the next, which
    may be narrower) or in text laid out right to left, and not with joiners, which change forms.
    """
    return text.isascii() or not any(
        unicodedata.bidirectional(c) in ("R", "AL") or "\u1800" <= c <= "\u18af" or unicodedata.category(c) == "Cf"
        for c in text)


def shorten_apart(texts: Sequence[str], size: float, max_width: float) -> list[str]:
    """Each of `texts` shortened to `max_width` points as `shorten` does, but told apart: texts that
    differ are shortened to texts that differ.

    A text that shares most of what would be kept with another is cut in the middle instead: the
    start they share is shortened ("Average daily…") and the words where they differ are kept, or
    (when the word is too long for that, or that still reads as another text) the rest of the word
    from where they differ. A text that still reads as another is written as its first character,
    "…" and the end where it differs from every other, or as its start up to where it differs from
    every other, then "…" (whichever is narrower), even where that is wider than `max_width`. A
    shortened form no narrower than its text is never used: the text is kept whole instead.
    """
    return _apart(texts, _InPoints(size), max_width)


def cut_apart(texts: Sequence[str], limit: int) -> list[str]:
    """Each of `texts` cut to at most `limit` characters, ended with "…" where it is cut, but told
    apart as `shorten_apart` tells them: texts that differ are cut to texts that differ.

    For labels cut to a number of characters before their size is known (a bar's category); a
    text shorter than `limit` is kept whole, a longer one without a like one loses its end."""
    return _apart(texts, _InCharacters(), limit)


@dataclass(frozen=True)
class _InPoints:
    """Text measured in points at a font size: `shorten` and `text_size`."""

    size: float

    def shorten(self, text: str, most: float) -> str:
        return shorten(text, self.size, most)

    def width(self, text: str) -> float:
        return text_size(text, self.size)[0]


@dataclass(frozen=True)
class _InCharacters:
    """Text measured in characters: cut to its first characters and "…"."""

    def shorten(self, text: str, most: float) -> str:
        if len(text) <= most:
            return text
        kept = text[: max(1, int(most) - 1)]
        return (kept.rstrip() or kept) + "…"

    def width(self, text: str) -> float:
        return len(text)


def _apart(texts: Sequence[str], measure: _InPoints | _InCharacters, most: float) -> list[str]:
    """`shorten_apart` with text measured by `measure`, each text at most `most` long."""
    cut = [measure.shorten(text, most) for text in texts]
    if all(short == text for text, short in zip(texts, cut)):
        return cut
    starts, ends = _shared_starts(texts), _shared_ends(texts)
    forms = [_narrower(text, _shortened_forms(text, short, starts[text], ends[text], measure, most), measure)
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
    their last forms (which share less of its start), so texts are still told apart."""
    width = measure.width(text)
    for form in forms:
        yield form if measure.width(form) < width else text


def _shortened_forms(text: str, short: str, start: int, end: int, measure: _InPoints | _InCharacters,
                     most: float) -> Iterator[str]:
    """Ways to shorten `text`, which shares its first `start` and its last `end` characters with
    other texts, the best first, each once.

    First those within `most` (as `measure` measures) that show the character where it differs
    from the text most like it: cut at the end (`short`) or in the middle; then `short`, which may
    still differ from the others. Last the two forms that no other text's can be (for every other
    text shares less of its start, or of its end): the start up to and with the character where it
    differs, then "…"; before it, if narrower, the first character, "…" and the end from where it
    differs.
    """
    if short == text:
        yield text
        return
    given = set()

    def new(form: str) -> bool:
        fresh = form not in given
        given.add(form)
        return fresh

    if start < (len(short) - 1) / 2 and new(short):
        yield short  # it shows well past where they differ
    differs = text.rfind(" ", 0, start) + 1 or start  # from the start of the word where they differ
    head = measure.shorten(text[:differs].rstrip(), most / 3)
    if not head.endswith("…"):
        if _shows(short, "", text, start) and new(short):
            yield short
    else:
        middle = measure.shorten(head + text[differs:], most)
        if _shows(middle, head, text[differs:], start - differs) and new(middle):
            yield middle
    # The word where they differ kept from where they differ: for a word too long to keep whole.
    head = measure.shorten(text[:start], most / 3)
    if head.endswith("…") and start < len(text):
        within = measure.shorten(head + text[start:], most)
        if _shows(within, head, text[start:], 0) and new(within):
            yield within
    if new(short):
        yield short
    start_kept = text if start + 1 >= len(text) else text[: start + 1] + "…"
    end_kept = text[0] + "…" + text[len(text) - end - 1:]
    if len(text) - end - 1 > 2 and measure.width(end_kept) < measure.width(start_kept) and new(end_kept):
        yield end_kept
    if new(start_kept):
        yield start_kept


def _shows(shortened: str, head: str, text: str, index: int) -> bool:
    """Whether `shortened`, `head` followed by `text` shortened, shows `text`'s character at `index`."""
    if shortened == head + text:
        return True
    return len(shortened) - 1 - len(head) > index  # "…" ends it; what is left of `text` runs past `index`


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


def _shared_ends(texts: Sequence[str]) -> dict[str, int]:
    """For each text, how many characters it shares at the end with the text most like it there."""
    return {text[::-1]: shared for text, shared in _shared_starts([text[::-1] for text in texts]).items()}


def header_room(fig_h: float, xlabel: str, xticks: AxisTicks | None = None, yticks: AxisTicks | None = None) -> float:
    """How far down in points from the top edge of a `fig_h`-point figure the title and legend may
    reach and leave the plot its least height (MIN_PLOT of the figure's) above the x tick labels
    `xticks` and the axis title `xlabel`, and under the y axis' offset text of `yticks`.

    Before the ticks are known (`xticks` None), one line of tick labels is counted. A header
    drawn within it, passed to `plot_box` with the gap under it, never meets the plot.
    """
    above = OFFSET_HEIGHT + OFFSET_PAD if yticks is not None and yticks.offset else 0.0
    return fig_h * (1 - MIN_PLOT) - _below(xticks, xlabel)[0] - above


def plot_box(fig_w: float, fig_h: float, header: float, xticks: AxisTicks, yticks: AxisTicks,
             xlabel: str, ylabel: str) -> tuple[tuple[float, float, float, float], float, float]:
    """Where the plot goes so that ticks, labels and offsets fit inside a `fig_w`×`fig_h` figure.

    All sizes are in points; `header` is the height taken at the top by the title and legend.
    Returns the axes rectangle in figure fractions, the height the x tick labels take and the
    width the y tick labels take. The plot keeps MIN_PLOT of the figure's width and height, over
    what goes around it if need be: `header_room` says how high a header leaves it that.
    """
    ylabels = yticks.shown_labels()
    xlabels = xticks.shown_labels()
    y_room = max((_label_extent(t, TICK_SIZE, yticks.rotation)[0] for t in ylabels), default=0.0)
    upright = xticks.rotation % 180 == 0
    x_last_w = _label_extent(xlabels[-1], TICK_SIZE, 0)[0] / 2 if xlabels and upright else 0.0
    x_first_w = _label_extent(xlabels[0], TICK_SIZE, 0)[0] / 2 if xlabels and upright else 0.0

    left = PAD + y_room + TICK_GAP
    bottom, x_room = _below(xticks, xlabel)
    top = PAD
    right = PAD + max(0.0, x_last_w - 4.0)
    left = max(left, PAD + x_first_w)
    if ylabel:
        left += text_size(ylabel, LABEL_SIZE)[1] + LABEL_PAD
    if yticks.offset:
        top += OFFSET_HEIGHT + OFFSET_PAD
    top += header if header else 4.0

    width = max(fig_w - left - right, fig_w * MIN_PLOT)
    height = max(fig_h - top - bottom, fig_h * MIN_PLOT)
    return (left / fig_w, bottom / fig_h, width / fig_w, height / fig_h), x_room, y_room


def _below(xticks: AxisTicks | None, xlabel: str) -> tuple[float, float]:
    """The height in points under the plot (to the figure's edge) and the height of the x tick
    labels in it, for the labels of `xticks` (one line when None) and the axis title `xlabel`."""
    if xticks is None:
        x_room, offset = text_size("0", TICK_SIZE)[1], False
    else:
        x_room = max((_label_extent(t, TICK_SIZE, xticks.rotation)[1] for t in xticks.shown_labels()), default=0.0)
        offset = bool(xticks.offset)
    bottom = PAD + x_room + TICK_GAP
    if xlabel:
        bottom += text_size(xlabel, LABEL_SIZE)[1] + LABEL_PAD
    if offset:
        bottom += OFFSET_HEIGHT + OFFSET_PAD
    return bottom, x_room


def _label_extent(text: str, size: float, rotation: float) -> tuple[float, float]:
    w, h = text_size(text, size)
    return (h, w) if rotation % 180 == 90 else (w, h)
