"""The words of a 404 of a name that is not there: the names it looks like, or that start with it,
and the first of those there are, for a dataset, a dashboard or a dashboard's chart."""
from __future__ import annotations

from collections.abc import Sequence

from plots.name_guesses import did_you_mean
from plots.text import counted, quoted

from .types import DatasetNotFound

# The most names a 404 lists (the first datasets, sorted; the first dashboards, or a dashboard's first
# charts): a site of thousands would otherwise send them all in each one. The index page (/) and
# /api/datasets list every dataset, / every dashboard, and a dashboard's page every chart of it.
LISTED_NAMES = 20

# A name at least this long that datasets' names start with is told those: a name cut short
# (`quarterly` of `quarterly-revenue-2024`) is too unlike them for a guess by likeness.
STARTED_NAME = 3


def unknown_dataset(name: str, names: Sequence[str]) -> DatasetNotFound:
    """The 404 of `name`, none of the datasets `names` (sorted): the ones it looks like a typo of, or
    the one whose name starts with it, if any, then the first LISTED_NAMES names and how many more
    there are; where several names start with it, the first LISTED_NAMES of those instead."""
    guess = did_you_mean(name, names, most=3)
    started = [each for each in names if each.startswith(name.casefold())] if len(name) >= STARTED_NAME else []
    if not guess and len(started) > 1:
        return DatasetNotFound(f"no dataset {quoted(name)}; the datasets whose names start with it are "
                               f"{dataset_list(started)}")
    if not guess and started:
        guess = f" (did you mean {started[0]!r}?)"
    return DatasetNotFound(f"no dataset {quoted(name)}{guess}; the datasets are {dataset_list(names)}")


def not_found_words(name: str, names: Sequence[str], those: str, all_where: str) -> str:
    """What a 404 says past the name `name`, none of `names`: the one it looks like a typo of, if
    any, then `those` ("the dashboards") are the first LISTED_NAMES names and how many more there
    are, and `all_where` ("/ lists them all")."""
    # One guess, the likest: names often differ by a number alone (`chart-07`, `chart-70`), and further
    # guesses would name such others.
    return f"{did_you_mean(name, names)}; {those} are {first_names(names, all_where)}"


def dataset_list(names: Sequence[str]) -> str:
    """The datasets `names` (sorted) as a refusal lists them: the first LISTED_NAMES, then how many
    more there are."""
    return first_names(names, "/ lists them all")


def first_names(names: Sequence[str], all_where: str = "", *, most: int = LISTED_NAMES, noun: str = "",
                none: str = "(none)") -> str:
    """`names` as a list in words: the first `most` (as a refusal lists them, LISTED_NAMES), then how
    many more there are ("and 3 more", or of `noun` "column", "and 3 more columns") and `all_where`
    ("/ lists them all") past them; `none` for none."""
    listed, more = names_and_more(names, most=most, noun=noun)
    listed = listed or none
    if more:
        listed += f" and {more}"
        listed += f"; {all_where}" if all_where else ""
    return listed


def names_and_more(names: Sequence[str], *, most: int = LISTED_NAMES, noun: str = "") -> tuple[str, str]:
    """The first `most` of `names`, joined by commas, and apart from them how many more there are in
    words ("3 more", or of `noun` "column", "3 more columns"; "" for none): a page marks the names
    apart from the words, which a browser's translation of it translates alone."""
    more = len(names) - most
    words = (counted(more, f"more {noun}") if noun else f"{more} more") if more > 0 else ""
    return ", ".join(names[:most]), words
