"""The words refusing a name that is none of those a place takes: an unknown parameter of a URL, a
field of a form or a key of a file, with the name it looks like a typo of, the names taken, and what
a tracking tag a link's carrier added is."""
from __future__ import annotations

from collections.abc import Iterable, Sequence

from .name_guesses import did_you_mean
from .spec import SpecError
from .text import listed_value, quoted, refused_names


def unknown_parameter(name: str, taken: Sequence[str]) -> SpecError:
    """The error for `name`, which is none of `taken` (every name the place it was written takes)."""
    return SpecError(unknown_name(name, taken), name)


def unknown_name(name: str, taken: Sequence[str], noun: str = "parameter") -> str:
    """The message for `name`, a `noun` that is none of `taken`: those names, and the one `name`
    looks like a typo of, if any, whatever its case (FROM: from). A name holding "<" stands for many
    (filter.<column>) and is never guessed."""
    taken = list(dict.fromkeys(taken))
    if name.startswith("amp;") and noun == "parameter":
        # A URL copied out of HTML source, its "&" still written "&amp;" (or "&amp;amp;", escaped twice).
        meant = name
        while meant.startswith("amp;"):
            meant = meant[4:]
        times = (len(name) - len(meant)) // 4
        how = "as HTML does" if times == 1 else f"escaped as HTML writes it {times} times"
        return (f"unknown {noun} {quoted(name)}: the URL writes '&' as '&{'amp;' * times}', {how}; in a URL write "
                f"'&' alone (…&{meant}=…)")
    meant, equals, value = name.partition("=")
    if equals and noun == "parameter" and meant in taken:
        # A query whose "=" came percent-encoded, as %3D, which a parser reads as part of the name.
        return (f"unknown {noun} {quoted(name)}: its '=' came percent-encoded, as %3D, which makes the value "
                f"part of the name; write the '=' itself: {meant}=…")
    if name.startswith("?") and noun == "parameter" and name.lstrip("?") in taken:
        return (f"unknown {noun} {quoted(name)}: the query starts after the URL's first '?', and a second one "
                f"starts this name; write {name.lstrip('?')}=… after one '?'")
    return f"{unknown_words(name, noun)}{did_you_mean(name, taken)}; the {noun}s are {parameter_list(taken)}"


def parameter_list(names: Iterable[str]) -> str:
    """Parameter names as a refusal lists them, "from, to, filter.station": each that would read as
    more than one name there (a filter of a column named `p, q` or `who x`), as a name given a value
    (`c=d`) or holds what a reader cannot see, quoted as a refusal quotes one name ('filter.p, q',
    'filter.who x', 'filter.c=d'); the others as they are."""
    names = list(dict.fromkeys(names))
    return ", ".join(listed_value(name) if said == name and _reads_as_more(name) else said
                     for name, said in zip(names, refused_names(names)))


def _reads_as_more(name: str) -> bool:
    """Whether parameter `name`, in a list of them, reads as more than a name: a query's name holds
    no space, and its `=` and `&` begin a value and the next parameter."""
    return "=" in name or "&" in name or any(character.isspace() for character in name)


def unknown_words(name: str, noun: str = "parameter") -> str:
    """How a refusal names `name`, a `noun` that is none of those taken: "unknown parameter 'froom'",
    or, for a name left empty (`?=1` is read as the name ''), 'a parameter with no name before its "="'
    and how one is written ("a field with no name" for any other `noun`). A parameter that is a
    tracking tag is said to be one, which a page ignores and this URL does not (`TRACKING_TAG_WORDS`)."""
    if not name and noun == "parameter":
        return f'a {noun} with no name before its "=" ({noun}s are written name=value)'
    if not name:  # a form's field or a file's key: neither need be written with "="
        return f"a {noun} with no name"
    if noun == "parameter" and is_tracking_tag(name):
        return f"unknown {noun} {quoted(name)} ({TRACKING_TAG_WORDS})"
    return f"unknown {noun} {quoted(name)}"


# The tracking tags a link's carrier adds to it, which a page ignores (app/tracking_tags.py): every name
# starting `utm_` (Google Analytics' campaign tags, which other tools write too), and the click ids and
# tags of the ad networks, mail tools (Mailchimp's `mc_`, HubSpot's `_hs`, Marketo's `mkt_tok`) and
# social sites that add their own.
TAG_PREFIXES = ("utm_",)
TAG_NAMES = frozenset({"fbclid", "gclid", "gbraid", "wbraid", "dclid", "msclkid", "mc_cid", "mc_eid", "_hsenc",
                       "_hsmi", "mkt_tok", "igshid", "yclid", "twclid", "ttclid", "li_fat_id", "_ga", "_gl"})
# What the refusal of a tag on a URL that takes none says of it: one that worked on a page, a link's
# carrier having added it, is not thought to be refused for what it is.
TRACKING_TAG_WORDS = "a tracking tag, which a page ignores, but this URL does not"


def is_tracking_tag(name: str) -> bool:
    """Whether a parameter's name (percent-decoded) is a tracking tag: `utm_` and anything, or one of
    TAG_NAMES, written as the tools write them (in lower case)."""
    return name in TAG_NAMES or name.startswith(TAG_PREFIXES)
