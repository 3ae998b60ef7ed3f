"""Which characters user text may hold: one rule for everything the site stores or draws as text.

Chart titles and axis labels, dashboard titles and captions, dataset titles, column names and
the text values of a dataset all refuse the same characters:

- control characters (C0, DEL and C1), which XML cannot hold or which draw as nothing; a field
  may allow tab, line feed and carriage return (`allow`);
- the line and paragraph separators U+2028 and U+2029, which break a line where the text shows
  none and which the site's layout does not measure;
- the bidirectional controls U+202A–U+202E (embeddings and overrides) and U+2066–U+2069
  (isolates), which make text read differently from the characters it holds (a file name or an
  amount spelled backwards);
- lone surrogates, which are not characters at all.
"""
from __future__ import annotations

import functools
import re
import unicodedata
from collections.abc import Callable, Collection, Iterable, Sequence

from .graphemes import cluster_start

# What each refused range is, in the words of an error message.
REFUSED = (
    ("\x00-\x1f\x7f-\x9f", "control character"),
    ("\u2028\u2029", "line or paragraph separator"),
    ("\u202a-\u202e\u2066-\u2069", "bidirectional control"),
    ("\ud800-\udfff", "lone surrogate"),
)
# The most characters of a value a message repeats: a parameter of 100 KB would otherwise come back
# in a 100 KB error (and again in a page's or an image's).
SHOWN_CHARACTERS = 100
WHITESPACE_CONTROLS = "\t\n\r"  # the only controls a field may allow
# Unicode's default-ignorable code points (the property Default_Ignorable_Code_Point of
# DerivedCoreProperties.txt): the soft hyphen, zero-width spaces and joiners, variation selectors,
# fillers, tags and the like, which draw as nothing on their own. Text may hold them (a joiner makes
# an emoji of two, a non-joiner spells a Persian word), but text that differs by them alone looks
# the same (`looks`): Unicode's own check for look-alikes (UTS #39, skeleton) leaves them out too,
# but for the few that change what an emoji sequence draws (`EMOJI_JOINER`, `FLAG_TAGS`).
INVISIBLE = re.compile(
    "[\u00ad\u034f\u061c\u115f\u1160\u17b4\u17b5\u180b-\u180f\u200b-\u200f\u202a-\u202e\u2060-\u206f"
    "\u3164\ufe00-\ufe0f\ufeff\uffa0\ufff0-\ufff8\U0001bca0-\U0001bca3\U0001d173-\U0001d17a"
    "\U000e0000-\U000e0fff]")
# The characters emoji are drawn for: the blocks of Unicode's Extended_Pictographic property
# (emoji-data.txt, which Python's unicodedata does not hold), taken a little wider where a block
# also holds symbols that are not emoji (arrows, geometric shapes, dingbats), and without the skin
# tone modifiers U+1F3FB–U+1F3FF, which only follow one.
PICTOGRAPHIC = (
    "\u00a9\u00ae\u203c\u2049\u2122\u2139\u2194-\u2199\u21a9\u21aa\u231a-\u23ff\u24c2\u25aa-\u25fe"
    "\u2600-\u27bf\u2934\u2935\u2b05-\u2b55\u3030\u303d\u3297\u3299\U0001f000-\U0001f0ff"
    "\U0001f10d-\U0001f1e5\U0001f200-\U0001f3fa\U0001f400-\U0001faff\U0001fc00-\U0001fffd")
# What follows a pictograph within one emoji: a variation selector, a skin tone modifier, the keycap.
EMOJI_PARTS = "\ufe00-\ufe0f\U0001f3fb-\U0001f3ff\u20e3"
# A zero width joiner between two pictographs, which draws them as one (woman, joiner, laptop: a
# technologist), as Unicode's rule GB11 (UAX #29) keeps them one character, the first pictograph's
# variation selector, skin tone or keycap before the joiner. A joiner between letters draws
# nothing, and goes.
EMOJI_JOINER = re.compile(f"[{PICTOGRAPHIC}][{EMOJI_PARTS}]*(\u200d)(?=[{PICTOGRAPHIC}])")
# A flag of a country's subdivision: the black flag, tag letters naming the place and the cancel tag
# (U+1F3F4, "gbeng", U+E007F: England; "gbsct": Scotland). Tags elsewhere draw nothing, and go.
FLAG_TAGS = re.compile("\U0001f3f4([\U000e0020-\U000e007e]+\U000e007f)")


@functools.lru_cache(maxsize=8)
def refused_pattern(allow: str = "") -> re.Pattern[str]:
    """A regular expression that finds the characters the rule refuses, but those in `allow`."""
    if set(allow) - set(WHITESPACE_CONTROLS):
        raise ValueError(f"only tab, line feed and carriage return may be allowed, got {allow!r}")
    ranges = "".join(chars for chars, _ in REFUSED)
    allowed = "".join(re.escape(ch) for ch in allow)
    return re.compile(f"(?![{allowed}])[{ranges}]" if allow else f"[{ranges}]")


def refused_character(text: str, allow: str = "") -> str | None:
    """The first character of `text` that the rule refuses, or None; `allow` names the
    whitespace controls (tab, line feed, carriage return) the field accepts."""
    found = refused_pattern(allow).search(text)
    return found.group() if found else None


def describe_character(ch: str) -> str:
    """A refused character as a message names it: "the bidirectional control U+202E (RIGHT-TO-LEFT OVERRIDE)"."""
    kind = next((what for chars, what in REFUSED if re.fullmatch(f"[{chars}]", ch)), "character")
    name = unicodedata.name(ch, "")
    return f"the {kind} U+{ord(ch):04X}" + (f" ({name})" if name else "")


def text_problem(text: str, allow: str = "") -> str | None:
    """What the rule refuses in `text`, as words that follow a field's name ("contains the line or
    paragraph separator U+2028 (LINE SEPARATOR)"), or None when the text is fine."""
    ch = refused_character(text, allow)
    return None if ch is None else f"contains {describe_character(ch)}"


def line_feeds(text: str) -> str:
    """`text` with each CRLF and lone CR a line feed, the one line break drawn text holds: a form's
    textarea sends its line breaks as CRLF, and Windows text has them too."""
    return text.replace("\r\n", "\n").replace("\r", "\n")


def one_line(text: str) -> str:
    """`text` on one line, each run of white space (line breaks among it) one space: an alt text's
    form, which a title or a text value with line breaks would otherwise break."""
    return " ".join(text.split())


def visible(text: str) -> str:
    """`text` without the characters that draw as nothing (`INVISIBLE`), but for those an emoji
    sequence draws (a joiner between two pictographs, `EMOJI_JOINER`; the tags of a subdivision's
    flag, `FLAG_TAGS`). Variation selectors go even after an emoji: they choose how a character is
    drawn, as text or as an emoji, not which one, and many places (a chart's fonts, a browser that
    draws both as emoji) draw "❤" and "❤" then U+FE0F alike."""
    if not INVISIBLE.search(text):
        return text
    drawn = emoji_drawn(text)
    return INVISIBLE.sub(lambda found: found.group() if found.start() in drawn else "", text)


def emoji_drawn(text: str) -> set[int]:
    """The positions in `text` of the invisible characters an emoji sequence draws: a joiner between
    two pictographs (`EMOJI_JOINER`), the tags of a subdivision's flag (`FLAG_TAGS`)."""
    drawn = {found.start(1) for found in EMOJI_JOINER.finditer(text)}
    drawn.update(at for found in FLAG_TAGS.finditer(text) for at in range(found.start(1), found.end(1)))
    return drawn


def looks(text: str) -> str:
    """`text` as it looks, as names and values are compared: in Unicode's composed form (NFC), its
    line breaks line feeds, without the characters that draw as nothing (`visible`). "é" written
    as one character (U+00E9) and as "e" and a combining accent (U+0065 U+0301) look the same on
    every page, in a chart's legend and in a URL; so do "a" and "a" then a zero width space (U+200B).
    England's flag and Scotland's, or a technologist (woman, joiner, laptop) and a woman and a
    laptop, do not."""
    return unicodedata.normalize("NFC", visible(line_feeds(text)))


def looking_like(text: str, known: Iterable[str]) -> str | None:
    """`text` when it is one of `known`; else the first of them it `looks` like, if any (a URL may
    write a name in another Unicode form, a form send a value's line breaks as CRLF)."""
    known = known if isinstance(known, Collection) else list(known)
    if text in known:
        return text
    wanted = looks(text)
    return next((candidate for candidate in known if looks(candidate) == wanted), None)


def text_length(text: str) -> int:
    """How many characters a length limit counts in `text`: its code points in Unicode's composed form
    (NFC), so that text counts alike however it is written ("é" one, as U+00E9 or as "e" and the
    combining accent U+0301, which a browser or another program may send it as)."""
    return len(unicodedata.normalize("NFC", text))


def cut(text: str, limit: int = SHOWN_CHARACTERS) -> str:
    """`text` as a message shows it: one of over `limit` characters cut to them and "…", parting no
    grapheme cluster (`graphemes.cluster_start`)."""
    return text if len(text) <= limit else cluster_start(text, limit) + "…"


def as_written(text: str, escaped: Collection[int] = (), doubled: bool = False) -> str:
    """`text` in quotes as it is written, for a reader to find it in a file: a backslash once
    (`'\\N'` is the two characters), but each character that does not print (a tab, a line break,
    a control, a no-break or zero width space, a bidirectional control) escaped as Python writes
    it (`\\t`, `\\n`, `\\x00`, `\\xa0`, `\\u200b`, `\\u202e`), so that the message stays one line
    and reads in its own order. In double quotes when it holds a single quote and no double one
    (`"it's"`), else in single quotes; one holding both is written as Python writes it, its single
    quotes and backslashes escaped (`'it\\'s "x"'`), as no quote would tell where it ends. The
    characters at the positions `escaped` are escaped too, printable or not (`'cafe\\u0301'`), but for
    printable ASCII, which `unseen` never names (`python_escaped`). Each backslash is doubled where
    `doubled` asks for it, as Python writes it (`'a\\\\b'`: `listed_value`)."""
    if escaped or doubled:
        both = "'" in text and '"' in text
        slashed = "\\'" if both else "\\" if doubled else ""  # the characters a backslash escapes
        text = "".join(python_escaped(ch) if at in escaped or not ch.isprintable()
                       else ("\\" + ch if ch in slashed else ch) for at, ch in enumerate(text))
        if both:
            return f"'{text}'"
    elif "'" in text and '"' in text:
        return repr(text)
    if not text.isprintable():
        text = "".join(ch if ch.isprintable() else python_escaped(ch) for ch in text)
    mark = '"' if "'" in text and '"' not in text else "'"
    return f"{mark}{text}{mark}"


def python_escaped(text: str) -> str:
    """`text` with each character but printable ASCII, and each backslash, escaped as a Python string
    writes it (`\\t`, `\\xa0`, `\\u200b`, `\\U000e0041`, `\\\\`): the one rule of the messages that show
    what does not print (`as_written`) and of the header that carries a message (`header_text`)."""
    return text.encode("unicode_escape").decode("ascii")


def quoted(value: object, limit: int = SHOWN_CHARACTERS) -> str:
    """`value` as a message quotes it: text as a column's name is (`quoted_name`: 'cafe\\u0301' apart
    from 'café', 'a\\\\b' the two characters), one over `limit` characters cut to them, with "…" and
    its length ('aaaa…' (100000 characters)); None as JSON writes it, null; anything else its repr,
    cut to `limit` characters and "…"."""
    if value is None:
        return "null"
    if not isinstance(value, str):
        return cut(repr(value), limit)
    return quoted_name(value, limit)


def quoted_cut(text: str, quote: Callable[[str], str], limit: int = SHOWN_CHARACTERS) -> str:
    """`text` quoted by `quote`, one over `limit` characters cut to them first, with "…", and its
    length after the quote ('aaaa…' (100000 characters))."""
    if len(text) <= limit + 1:  # a value cut already, `limit` characters and "…", is not cut again
        return quote(text)
    return f"{quote(cluster_start(text, limit) + '…')} ({len(text)} characters)"


def shown_value(value: str) -> str:
    """A text value as a title, an alt text, a bar's name or a form's option shows it: as it is, but
    quoted as it is written (`as_written`) where white space begins or ends it, which none of them
    shows (`'x '` would look the same as `x` beside it), where a quote mark begins it, which would
    read as that quoting, or where it holds what a reader cannot see (`unseen`: `'x\\u200b'` beside
    `x`, `'cafe\\u0301'` beside `café`), those characters escaped."""
    hidden = unseen(value)
    if hidden or value != value.strip() or value[:1] in ("'", '"'):
        return as_written(value, hidden)
    return value


def listed_value(value: str) -> str:
    """`value` quoted as Python writes it (`repr`: a backslash doubled, 'a\\\\b', so that the text
    '\\\\u0301' reads apart from the escape of a character), but with what a reader cannot see escaped
    too (`unseen`: 'cafe\\u0301', which repr writes as 'café'): the one rule of the names and values a
    refusal quotes or lists. Python's quotes, so that the text reads back as the value (`short_quotes`)."""
    hidden = unseen(value)
    return as_written(value, hidden, doubled=True) if hidden else repr(value)


def quoted_name(name: str, limit: int = SHOWN_CHARACTERS) -> str:
    """A column's name as a refusal quotes it: as `listed_value` writes it, so that it reads apart
    from a name it looks like ('cafe\\u0301' beside 'café', which `quoted` writes alike), cut as
    `quoted` cuts one over `limit` characters."""
    return quoted_cut(name, listed_value, limit)


# A joiner or non-joiner (U+200D, U+200C) between two letters of the scripts from Hebrew on (Arabic,
# Syriac, the Indic scripts …) changes how they are drawn, joined or not (a Persian word's
# non-joiner): there it is ordinary text. Latin, Greek and Cyrillic letters have no such forms.
JOINERS = "\u200c\u200d"
JOINING_SCRIPTS = "\u0590"
# A variation selector after a pictograph or before a keycap asks for an emoji (a sun, "☀" and
# U+FE0F): ordinary text, though `visible` takes no account of it.
EMOJI_PRESENTATION = re.compile(f"(?<=[{PICTOGRAPHIC}])[\ufe0e\ufe0f]|[\ufe0e\ufe0f](?=\u20e3)")


def unseen(text: str) -> set[int]:
    """The positions in `text` of the characters a reader cannot see, which make it look like
    another text it is not: characters that draw as nothing (`INVISIBLE`) and format characters
    (Unicode's category Cf: a zero width space, a byte-order mark, a left-to-right mark), but for
    those ordinary text holds (an emoji sequence's, `emoji_drawn`, `EMOJI_PRESENTATION`; a joiner
    between letters that join, `JOINERS`); and, in text not in Unicode's composed form (NFC), the
    characters composition would change (the combining accent of "e" and U+0301, which draws as
    "é"). Empty for ordinary text, accented or right to left: at once for ASCII, which holds none of
    them and is in NFC already, as most of a chart's names and values are."""
    if text.isascii():
        return set()
    hiding = {ch for ch in set(text) if _hides(ch)}
    found = {at for at, ch in enumerate(text) if ch in hiding} if hiding else set()
    if found:
        found -= emoji_drawn(text)
        found -= {match.start() for match in EMOJI_PRESENTATION.finditer(text)}
        found -= {at for at in found if text[at] in JOINERS and 0 < at < len(text) - 1
                  and all(_joining_letter(text[at + step]) for step in (-1, 1))}
    if not unicodedata.is_normalized("NFC", text):
        found |= _recomposed(text)
    return found


@functools.lru_cache(maxsize=4096)
def _hides(ch: str) -> bool:
    """Whether the character `ch` draws as nothing (`INVISIBLE`) or is a format character (Unicode's
    category Cf), as `unseen` asks of each character a text holds: asked once of each."""
    return unicodedata.category(ch) == "Cf" or INVISIBLE.fullmatch(ch) is not None


def _joining_letter(ch: str) -> bool:
    """Whether `ch` is a letter or mark of a script from Hebrew on (`JOINING_SCRIPTS`)."""
    return ch >= JOINING_SCRIPTS and unicodedata.category(ch)[0] in "LM"


def _recomposed(text: str) -> set[int]:
    """The positions in `text` of the characters Unicode's composition (NFC) changes: of each
    piece from one character that combines with nothing before it to the next, one that NFC changes,
    its combining marks (and the first, when NFC changes it alone: U+212B, the Angstrom sign, is Å);
    and the first of a piece NFC joins to the one before (a Hangul vowel after its consonant)."""
    starts = [0, *(at for at, ch in enumerate(text) if at and not unicodedata.combining(ch)), len(text)]
    found: set[int] = set()
    for before, start, end in zip([None, *starts], starts, starts[1:]):
        piece = text[start:end]
        if unicodedata.normalize("NFC", piece) != piece:
            first = unicodedata.normalize("NFC", text[start]) != text[start]
            found.update(range(start if first else start + 1, end))
        if before is not None:
            pair = text[before:end]
            if unicodedata.normalize("NFC", pair) != (unicodedata.normalize("NFC", text[before:start])
                                                     + unicodedata.normalize("NFC", piece)):
                found.add(start)
    return found


def counted(number: int, noun: str) -> str:
    """A count in words that agree with it, an s but for one: `3 charts`, `1 row`."""
    return f"{number} {noun}{'' if number == 1 else 's'}"


def names_listed(names: Iterable[str], more: bool = False, parted_by: tuple[str, ...] = ()) -> list[str]:
    """Column names as a list in words writes them ("a, b and c", "a 1; b 2"): each holding a comma
    or a semicolon, which separate the names of such lists, or what else `parted_by` says parts them
    (" or ": "North or South"), quoted (`as_written`: 'a,b'), as it would read as two names; in a list
    of several (or one with `more` after its names, "a and 3 more"), one holding " and " too, and one
    holding what does not print (a line break, a control: a source's column may), which would break
    the message's line, but for what ordinary text holds (`_unprintable`: an emoji family's joiners).
    The others as a page shows a value (`shown_value`: one starting with a quote mark, or with white
    space at an end, quoted; the rest as they are)."""
    names = list(names)
    separators = (",", ";", *parted_by, *((" and ",) if more or len(names) > 1 else ()))
    return [_name_listed(name, separators) for name in names]


# How many names a list in words names before it counts the others ("s20, s21, s22, s23, s24 and 2 more").
NAMES_NAMED = 5


def names_counted(names: Sequence[str], count: int | None = None) -> list[str]:
    """The first `NAMES_NAMED` of `names` as a list in words writes them (`names_listed`), then, where
    there are more (`count` in all, by default as many as `names`), how many: ["a", "b", "c", "d",
    "e", "3 more"], for `plots.spec.listed` to join. One more than `NAMES_NAMED` is named where
    `names` holds it, never counted as "1 more"."""
    count = len(names) if count is None else count
    named = list(names[:NAMES_NAMED + 1] if count == NAMES_NAMED + 1 else names[:NAMES_NAMED])
    shown = names_listed(named, more=count > len(named))
    if count > len(named):
        shown.append(f"{count - len(named)} more")
    return shown


def _name_listed(name: str, separators: tuple[str, ...]) -> str:
    """`name` as `names_listed` writes it in a list whose names `separators` part: a printable name
    without them is shown at once, as most are, without looking for what a reader cannot see."""
    separated = any(mark in name for mark in separators)
    if not separated and name.isprintable():
        return shown_value(name)
    hidden = unseen(name)
    return as_written(name, hidden) if separated or _unprintable(name, hidden) else shown_value(name)


def _unprintable(text: str, hidden: Collection[int]) -> bool:
    """Whether `text` holds a character that does not print, but for the format characters ordinary
    text holds, which `unseen` leaves out (the joiners of an emoji family, of a Persian word): those
    `hidden` (`unseen(text)`) aside."""
    return any(not ch.isprintable() and (unicodedata.category(ch) != "Cf" or at in hidden)
               for at, ch in enumerate(text))


def values_listed(values: Iterable[str]) -> str:
    """A filter's values as a page, a note or a report lists them ("North, South"): each as `names_listed`
    writes it, so that a value holding ", " reads as one ('a, b'), joined by ", "."""
    return ", ".join(names_listed(values))


def refused_names(names: Iterable[str]) -> list[str]:
    """Column names as a refusal lists them: each that `names_listed` quotes, or that holds a
    backslash or what does not print (an emoji family's joiners), quoted as a refusal quotes one name (`listed_value`: 'a\\\\b', 'cafe\\u0301', 'a,b'),
    so that a name reads alike alone and in a list, and the text '\\\\u0301' apart from an escape;
    the others as they are."""
    names = list(names)
    return [listed_value(name) if said != name or "\\" in name or not name.isprintable() else name
            for name, said in zip(names, names_listed(names))]


def column_list(names: Iterable[str]) -> str:
    """Column names as a refusal lists them ("the columns are a, b, 'v\\u200b'"): each as `refused_names`
    writes it, so that a name holding what a reader cannot see is told apart from the one it looks
    like (`'v\\u200b'` beside `v`, `'cafe\\u0301'` beside `café`) and one holding a comma reads as one
    name; "(none)" for none."""
    return ", ".join(refused_names(names)) or "(none)"


def typed_column_list(columns: Iterable[tuple[str, str]]) -> str:
    """Columns, each a name and its type, as a refusal lists them, "a (float), b (text)": the names as
    `refused_names` writes them ('v\u200b' beside v)."""
    columns = list(columns)
    names = refused_names(name for name, _ in columns)
    return ", ".join(f"{name} ({kind})" for name, (_, kind) in zip(names, columns))


def latin_digits(text: str) -> str:
    """`text` with the digits of other scripts written 0–9: Arabic-Indic `٤٥` and full-width `１２`
    are 45 and 12."""
    if text.isascii():
        return text
    return "".join(str(unicodedata.decimal(ch)) if ch.isdecimal() and not ch.isascii() else ch for ch in text)
