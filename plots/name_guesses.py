"""The names a name not known looks like a typo of, which a refusal or a 404 asks whether were meant."""
from __future__ import annotations

import difflib
import re
from collections.abc import Iterable

# How alike a name must be to one known for a message to ask whether it was meant (difflib's ratio).
CLOSE_NAME = 0.75
# A name shorter than this is guessed only from its own letters in another order or case: one letter
# more, less or other than `x`, `to` or `v` is as likely another name as a typo of it.
SHORT_NAME = 3
# A unit in brackets at the end of a column's name, `amount (£)`, `rain [mm]`, which a name typed by hand
# often leaves off.
TRAILING_UNIT = re.compile(r"[(\[][^()\[\]]*[)\]]\s*$")


def did_you_mean(name: str, known: Iterable[str], most: int = 1) -> str:
    """' (did you mean 'weather'?)' naming up to `most` of the `known` names `name` looks like a
    typo of, whatever its case (FROM: from); '' for none. A name holding "<" stands for many
    (filter.<column>) and is never guessed.

    A short name's typo is as far from it as a long one's, but a far larger part of it, so the guess
    by likeness misses it (`ulr` is two thirds like `url`): a name one letter wrong, missing, added
    or swapped with the next away from exactly one known name of three letters or more
    (`one_edit_apart`) is guessed to be it too. A name of one or two letters is guessed only from
    `name` with two letters beside each other swapped (ot: to) or in another case (X: x).
    """
    folded: dict[str, str] = {}
    for each in known:
        if "<" not in each:
            folded.setdefault(each.casefold(), each)
    typed = name.casefold()
    long_names = [each for each in folded if len(each) >= SHORT_NAME]
    close = difflib.get_close_matches(typed, long_names, n=most, cutoff=CLOSE_NAME)
    if not close:
        near = [each for each in folded if typed == each or
                (one_edit_apart(typed, each) if len(each) >= SHORT_NAME else neighbours_swapped(typed, each))]
        close = near if len(near) == 1 else []
    return f" (did you mean {' or '.join(repr(folded[c]) for c in close)}?)" if close else ""


def neighbours_swapped(typed: str, name: str) -> bool:
    """Whether `typed` is `name` with two letters beside each other swapped (`ot`: to)."""
    if len(typed) != len(name):
        return False
    wrong = [i for i, (a, b) in enumerate(zip(typed, name)) if a != b]
    return (len(wrong) == 2 and wrong[1] == wrong[0] + 1
            and typed[wrong[0]] == name[wrong[1]] and typed[wrong[1]] == name[wrong[0]])


def one_edit_apart(typed: str, name: str) -> bool:
    """Whether `typed` is `name` with one letter wrong, missing, added, or two beside each other
    swapped (`ulr`: url)."""
    if typed == name or abs(len(typed) - len(name)) > 1:
        return False
    if len(typed) == len(name):
        return sum(a != b for a, b in zip(typed, name)) == 1 or neighbours_swapped(typed, name)
    shorter, longer = sorted((typed, name), key=len)
    return any(longer[:i] + longer[i + 1:] == shorter for i in range(len(longer)))


def unit_left_off(name: str, known: Iterable[str]) -> list[str]:
    """The `known` names that `name` is but for a unit in brackets at the end of either (`amount` or
    `Amount(GBP)` for `amount (£)`), whatever their case and spaces; none that `name` is exactly."""
    typed = _without_unit(name)
    return [each for each in known if each != name and typed and _without_unit(each) == typed]


def _without_unit(name: str) -> str:
    """`name` without a unit in brackets at its end (`TRAILING_UNIT`), its case and spaces, as
    `unit_left_off` compares names."""
    return "".join(TRAILING_UNIT.sub("", name).casefold().split())
