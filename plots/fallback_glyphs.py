"""Text as the PNG, the PDF and `text=path` draw it, with DejaVu Sans and matplotlib's last-resort
font for the characters DejaVu Sans lacks (an emoji, a Chinese character), each drawn as a box."""
from __future__ import annotations

import re

# Characters that choose how the emoji before them is drawn: a variation selector (text or emoji,
# "🌡" then U+FE0F) and the tags naming a subdivision's flag (the black flag, then "gbeng" in tag
# letters and the cancel tag: England's). DejaVu Sans draws them as nothing, but after a character
# drawn from the last-resort font matplotlib draws them from that font too, as boxes of their own,
# no wider than nothing, laid over the text after them ("🌡️ temp" as two boxes over the "t"). A
# box has no look to choose, so they are left out of what is drawn, the text laid out as before.
EMOJI_CHOICES = re.compile("[\ufe00-\ufe0f\U000e0000-\U000e007f\U000e0100-\U000e01ef]")


def drawn_alone(text: str) -> str:
    """`text` as the fonts of a PNG, a PDF and `text=path` draw it: without `EMOJI_CHOICES`."""
    return EMOJI_CHOICES.sub("", text) if EMOJI_CHOICES.search(text) else text
