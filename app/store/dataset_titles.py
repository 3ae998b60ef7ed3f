"""A dataset's title: the rule it follows, uploaded or named in the sources file, the spaces around it
that are no part of it, and the one made from its name where it has none."""
from __future__ import annotations

import re

from plots.text import looks, text_length, text_problem

# The longest title a dataset may have, uploaded or named in the sources file.
MAX_TITLE = 200
# What the rule for a title (`title_problem`) takes, in words.
TITLE_RULE = f"at most {MAX_TITLE} printable characters"


# The spaces and line ends around a title that are no part of it (a form's, a shell's), which
# `stripped_title` drops: every white space Python strips but those the text rule refuses (the line
# separator U+2028, say), which are kept to be refused.
TITLE_SPACES = "".join(ch for ch in map(chr, range(0x3001)) if ch.isspace() and (ch in "\t\n\r" or not text_problem(ch)))


def stripped_title(title: str) -> str:
    """`title` without the spaces and line ends around it (TITLE_SPACES)."""
    return title.strip(TITLE_SPACES)


def blank_title(title: str) -> bool:
    """Whether `title` shows nothing: blank, or of spaces and characters that draw as nothing (a zero
    width space, a joiner: plots.text.INVISIBLE), as a column name of only those is no name. One
    holding a character the text rule refuses (a bidirectional control, which draws as nothing, or a
    line separator, which Python takes for a space) is not blank, alone or among text: it is refused."""
    return text_problem(title) is None and not looks(title).strip()


def title_problem(title: str) -> str | None:
    """What the rule for a dataset's title (uploaded, or named in the sources file) refuses in
    `title`, as a message's words, or None: at most MAX_TITLE characters, of the text rule's, and
    something that draws (an upload's blank title is one made from the name before it gets here)."""
    if text_length(title) > MAX_TITLE:  # composed: "e" and a combining accent count one, as "é" does
        return f"title must be at most {MAX_TITLE} characters, got {text_length(title)}"
    problem = text_problem(title)
    if problem:
        return f"title {problem}; only printable characters are allowed"
    if blank_title(title):
        return ("title must not be blank: it holds only spaces and characters that draw as nothing, and it heads "
                "the dataset's page; give it text that shows")
    return None


def title_from_name(name: str) -> str:
    """'daily-weather_2020' -> 'Daily weather 2020'; a separator at the end ('sales-') makes no space."""
    words = re.split(r"[-_]+", name)
    return " ".join(word for word in words if word).capitalize()
