"""What a setting's value may be: the checks `allowed_settings` (`config.py`) gives each setting, and
its words for a refusal of another value."""
from __future__ import annotations

import math
import os
from collections.abc import Callable
from dataclasses import dataclass


@dataclass(frozen=True)
class Allowed:
    """The values one setting may take (`accepts`), and those in words, for the refusal of another."""

    accepts: Callable[[object], bool]
    words: str


def whole(least: int, most: int | None = None) -> Callable[[object], bool]:
    """Accepts a whole number (not a bool, nor 2.0) from `least` to `most` (no end when None)."""
    return lambda value: (not isinstance(value, bool) and isinstance(value, int) and least <= value
                          and (most is None or value <= most))


def number(least: float, most: float, above_least: bool = False) -> Callable[[object], bool]:
    """Accepts a finite number, whole or not (not a bool), from `least` (or above it) to `most`."""
    return lambda value: (not isinstance(value, bool) and isinstance(value, (int, float)) and math.isfinite(value)
                          and (least < value if above_least else least <= value) and value <= most)


def one_of_type(kind: type) -> Callable[[object], bool]:
    """Accepts an instance of `kind` (True and False only, for bool)."""
    return lambda value: isinstance(value, kind)


def text(none: bool = False, blank: bool = True) -> Callable[[object], bool]:
    """Accepts text (but blank text where not `blank`), and None when `none`."""
    return lambda value: (isinstance(value, str) and (blank or value.strip() != "")) or (none and value is None)


def path(none: bool = False) -> Callable[[object], bool]:
    """Accepts a path: text, not empty (which would be the working folder), or a pathlib.Path; and None
    when `none`."""
    return lambda value: (isinstance(value, str) and value != "") or isinstance(value, os.PathLike) or (
        none and value is None)


def or_none(accepts: Callable[[object], bool]) -> Callable[[object], bool]:
    """Accepts what `accepts` does, and None."""
    return lambda value: value is None or accepts(value)


def hosts(value: object) -> bool:
    """Accepts host names: None (any host) or a list or tuple of texts (not one text, read as its letters)."""
    return value is None or (isinstance(value, (list, tuple)) and all(isinstance(host, str) for host in value))


def tokens(value: object) -> bool:
    """Accepts write tokens: None, one text (comma-separated tokens) or a list or tuple of texts."""
    return value is None or isinstance(value, str) or (isinstance(value, (list, tuple))
                                                        and all(isinstance(token, str) for token in value))
