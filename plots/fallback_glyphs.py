"""Text as the PNG, the PDF and `text=path` draw it, with DejaVu Sans and matplotlib's last-resort
font for the characters DejaVu Sans lacks (an emoji, a Chinese character), each drawn as a box."""
from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Iterator, Sequence
from functools import lru_cache

import pandas as pd
from matplotlib.font_manager import FontProperties, findfont, get_font

from .spec import ChartSpec, listed
from .style import FONT_FAMILY
from .text import counted

# Characters that choose how the emoji before them is drawn: a variation selector (text or emoji,
# "🌡" then U+FE0F) and the tags naming a subdivision's flag (the black flag, then "gbeng" in tag
# letters and the cancel tag: England's). DejaVu Sans draws them as nothing, but after a character
# drawn from the last-resort font matplotlib draws them from that font too, as boxes of their own,
# no wider than nothing, laid over the text after them ("🌡️ temp" as two boxes over the "t"). A
# box has no look to choose, so they are left out of what is drawn, the text laid out as before.
EMOJI_CHOICES = re.compile("[\ufe00-\ufe0f\U000e0000-\U000e007f\U000e0100-\U000e01ef]")


# Combining marks drawn over the character before them, taking no room: an accent, a dot below, an
# enclosing circle. After a character the font lacks, drawn from the last-resort font, matplotlib
# draws them from that font too, each as a box above the line ("東́" as the box of 東 with another
# box over it), where they would have marked a box. They are left out after such a character, as
# the emoji's choices are. A spacing mark (Mc, a Devanagari vowel sign) is a box beside it, as wide
# as the text was measured, and is kept.
MARK_CATEGORIES = frozenset({"Mn", "Me"})


def drawn_alone(text: str, prop: FontProperties | None = None) -> str:
    """`text` as the fonts of a PNG, a PDF and `text=path` draw it: without `EMOJI_CHOICES`, and
    without the combining marks after a character the font of `prop` lacks."""
    if EMOJI_CHOICES.search(text):
        text = EMOJI_CHOICES.sub("", text)
    if prop is None or text.isascii():
        return text
    return _without_boxed_marks(text, _characters(findfont(prop)))


@lru_cache(maxsize=8)
def _characters(path: str) -> frozenset[int]:
    """The code points the font file at `path` draws."""
    return frozenset(get_font(path).get_charmap())


def _without_boxed_marks(text: str, drawn: frozenset[int]) -> str:
    """`text` without the combining marks that follow a character outside `drawn`."""
    kept, boxed = [], False
    for character in text:
        if unicodedata.category(character) in MARK_CATEGORIES:
            if boxed:
                continue
        else:
            boxed = _boxed(character, drawn)
        kept.append(character)
    return text if len(kept) == len(text) else "".join(kept)


def _boxed(character: str, drawn: frozenset[int]) -> bool:
    """Whether `character` is drawn as a box by a font that draws the code points `drawn`."""
    return ord(character) not in drawn and not character.isspace()


# The most characters `boxed_words` names; the others it counts.
NAMED_BOXES = 5


def boxed_characters(texts: Iterable[str]) -> list[str]:
    """The characters of `texts` that the PNG, the PDF and `text=path` draw as boxes, DejaVu Sans
    having none of them: each once, in the order met."""
    # The font is looked up once, not once a text as `drawn_alone` would: a page has many texts.
    drawn = _characters(findfont(FontProperties(family=FONT_FAMILY)))
    found: dict[str, None] = {}
    for text in texts:
        if text.isascii():
            continue
        for character in _without_boxed_marks(EMOJI_CHOICES.sub("", text), drawn):
            if _boxed(character, drawn):
                found[character] = None
    return list(found)


def drawn_texts(spec: ChartSpec, data: pd.DataFrame) -> Iterator[str]:
    """The texts a chart of `data` (as `chart_frame` shaped it) may draw: its title, its axes' titles,
    its columns' names and their text values (categories, series)."""
    yield from (text for text in (spec.title, spec.xlabel, spec.ylabel) if text)
    for name in data.columns:
        yield str(name)
        # Only a text column's values are drawn as text: a date column's timestamps are not gone through.
        if data[name].dtype == object or isinstance(data[name].dtype, (pd.StringDtype, pd.CategoricalDtype)):
            yield from (value for value in data[name].unique() if isinstance(value, str))


def boxed_words(boxed: Sequence[str]) -> str | None:
    """What a chart's page says of the characters `boxed` its PNG and PDF draw as boxes
    (`boxed_characters`), None where there are none: the SVG leaves them to the reader's fonts."""
    if not boxed:
        return None
    return (f"The PNG and PDF draw {_named(boxed)} as boxes: their font, DejaVu Sans, has none of them; the SVG "
            "leaves them to the reader's fonts.")


def report_boxed_words(boxed: Sequence[str]) -> str | None:
    """What a dashboard's page says beside its PDF report of the characters `boxed` the report draws as
    boxes (its charts' and its own), in a chart page's words (`boxed_words`); None where there are
    none: the page's charts, SVGs, leave them to the reader's fonts."""
    if not boxed:
        return None
    return (f"The PDF report draws {_named(boxed)} as boxes: its font, DejaVu Sans, has none of them; the charts "
            "here leave them to the reader's fonts.")


def _named(boxed: Sequence[str]) -> str:
    """The first NAMED_BOXES characters of `boxed`, and how many more: "東, 京 and 1 more character"."""
    more = len(boxed) - NAMED_BOXES
    return listed([*boxed[:NAMED_BOXES]] + ([counted(more, "more character")] if more > 0 else []))
