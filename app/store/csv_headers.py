"""A CSV's header: its column names, read alike from an upload and a data-folder file, and the one
rule for column names, which a source dataset's columns are held to as well; and the rule that
each row of a CSV has one value for each column of its header (`row_width_problem`). Where a
common export breaks these rules, the refusal says how to write it instead: a title line above the
header, the index pandas' `to_csv` writes (R's `write.csv`, its row names), a comma at the end of
every line.

A name is trimmed of the spaces around it; it must hold no character the site's text rule refuses
(plots.text), nor a byte-order mark, and at most MAX_COLUMN_NAME characters; and no two names of a
header may look the same (`name_key`): the same letters in two Unicode forms, or names that differ
only by characters that draw as nothing (plots.text.INVISIBLE), a zero width space say.
"""
from __future__ import annotations

import csv
import io
import itertools
import re
import unicodedata
from collections.abc import Sequence

from plots.text import INVISIBLE, column_list, describe_character, looks, quoted, quoted_name, text_length, text_problem

from .form_hints import number_hint
from .text_places import CSV, Place, listed

BYTE_ORDER_MARK = "\ufeff"


def column_names(header: Sequence[object]) -> tuple[str, ...]:
    """A header's column names as every CSV's are read: trimmed of the spaces around them (a header
    written by hand as `date, value` names `value`)."""
    return tuple(str(name).strip() for name in header)


def name_key(name: str) -> str:
    """A column name as names are compared: as it `looks` (NFC, without the characters that draw as
    nothing), so that "é" written as one character (U+00E9) and as "e" and a combining accent
    (U+0065 U+0301) are one name, and so are "a" and "a" then a zero width space (U+200B)."""
    return looks(name)


def repeated_name(names: Sequence[str], keys: Sequence[str] | None = None) -> tuple[str, str] | None:
    """The first name given a second time (`name_key`), as it was written first and as it was
    written again: the same text, the same letters encoded differently, or text that differs only
    by characters that draw as nothing. None when every name
    differs. `keys`, when given, say what each name stands for (the column of a dataset it names)
    and are compared instead."""
    seen: dict[str, str] = {}
    for name, key in zip(names, map(name_key, names) if keys is None else keys):
        if key in seen:
            return seen[key], name
        seen[key] = name
    return None


def _code_points(text: str) -> str:
    return " ".join(f"U+{ord(ch):04X}" for ch in text)


def _letters(text: str) -> list[str]:
    """`text` cut before each character that is not a combining mark: each piece a letter with the
    accents written on it."""
    letters: list[str] = []
    for ch in text:
        if letters and unicodedata.combining(ch):
            letters[-1] += ch
        else:
            letters.append(ch)
    return letters


def encoded_apart(first: str, again: str) -> str:
    """How two names that look the same (`repeated_name`) differ, as words a message can hold:
    "é is U+00E9 in one and U+0065 U+0301 in the other"."""
    ones, others = _letters(first), _letters(again)
    if len(ones) != len(others):  # letters that compose across marks (Hangul jamo): the names whole
        ones, others = [first], [again]
    pairs = [(one, other) for one, other in zip(ones, others) if one != other]
    return ", and ".join(f"{name_key(one)} is {_code_points(one)} in one and {_code_points(other)} in the other"
                     for one, other in pairs)


def _invisible_apart(first: str, again: str) -> list[str]:
    """The characters that draw as nothing by which two names that look the same differ: those one
    holds more often than the other, or, when they differ only in where they stand, all they hold."""
    ones, others = INVISIBLE.findall(first), INVISIBLE.findall(again)
    held = list(dict.fromkeys(ones + others))
    apart = [ch for ch in held if ones.count(ch) != others.count(ch)]
    if not apart and INVISIBLE.sub("", first) == INVISIBLE.sub("", again) and first != again:
        return held
    return apart


def _named(ch: str) -> str:
    name = unicodedata.name(ch, "")
    return f"U+{ord(ch):04X}" + (f" ({name})" if name else "")


def apart_words(first: str, again: str) -> str:
    """How two names that look the same (`repeated_name`) differ, as words a message can hold: "they
    differ only by the invisible character U+200B (ZERO WIDTH SPACE)", "é is U+00E9 in one and
    U+0065 U+0301 in the other (the same text in two Unicode forms)", or both."""
    invisible = _invisible_apart(first, again)
    one, other = INVISIBLE.sub("", first), INVISIBLE.sub("", again)
    forms = f"{encoded_apart(one, other)} (the same text in two Unicode forms)" if one != other else ""
    if not invisible:
        return forms
    named = list(map(_named, invisible))
    listed = named[0] if len(named) == 1 else f"{', '.join(named[:-1])} and {named[-1]}"
    characters = f"the invisible character{'s' if len(named) > 1 else ''} {listed}"
    return f"they differ by {characters}, and {forms}" if forms else f"they differ only by {characters}"


def look_alike_words(first: str, again: str) -> str:
    """Why two names that look the same (`repeated_name`) are refused, as words that follow a
    message's "look the same"."""
    return (f": {apart_words(first, again)}; column names must differ visibly, as every page, chart legend and "
            "URL shows these two alike")


MAX_COLUMN_NAME = 200
NO_NAME = "has no name, and every column needs one"


def column_name_problem(name: str) -> str | None:
    """What keeps `name` from naming a column on the site, as words that follow the name in a
    message, or None. Upload headers, data-folder files' headers and the columns of source datasets
    are held to these rules.

    They are the site's one text rule (plots.text) for names: no control characters at all (text
    values, TEXT_CONTROL, may hold tabs and line breaks), nor line or paragraph separators or
    bidirectional controls; no byte-order mark, which the text rule lets text values hold; and
    something that draws: a name of only invisible characters (plots.text.INVISIBLE) is none."""
    problem = text_problem(name)
    if problem is not None:
        return f"{problem}; only printable characters are allowed"
    if BYTE_ORDER_MARK in name:
        # A byte-order mark draws as nothing, so the name could not be typed in a chart's URL.
        return f"holds {describe_character(BYTE_ORDER_MARK)}, a byte-order mark, which draws as nothing; remove it"
    if not name.strip():
        return NO_NAME
    if not looks(name).strip():
        return "has no name but characters that draw as nothing, and every column needs one"
    if text_length(name) > MAX_COLUMN_NAME:  # composed: "e" and a combining accent count one, as "é" does
        return f"has a name of {text_length(name)} characters; a column name may have at most {MAX_COLUMN_NAME}"
    return None


def _positions(positions: Sequence[int], place: Place) -> str:
    """Column positions as a message lists them, in the words of `place`: "3", "3 and 5", "2, 3 and 5"."""
    return listed([place.column(position) for position in positions])


def _unnamed_advice(names: Sequence[str], positions: Sequence[int], place: Place) -> str:
    """How to write a header whose names at `positions` (from 1) are blank, as a common export
    writes it, as words that follow the refusal ("" for none). Told from the header alone, as a
    data-folder file's header is checked before its rows are read, and refused in the same words:
    the first name alone blank, pandas' index (R's row names); the last ones, a comma at the end of
    the header line, and maybe of every line, or a title line above the header (`Report: sales 2024,,`),
    in the words of `place` (`Place.blank_last_words`); blank as the cells of a sheet's merged ranges leave them,
    told to unmerge them (`Place.merged_words`)."""
    merged = place.merged_words(positions)
    if merged is not None:
        return f"; {merged}"
    if list(positions) == [1] and len(names) > 1:
        return f"; {place.index_words()}"
    if positions[0] == 1 or list(positions) != list(range(positions[0], len(names) + 1)):
        return ""
    return f"; {place.blank_last_words(names, positions)}"


def header_problem(names: Sequence[str], keys: Sequence[str] | None = None, place: Place = CSV) -> str | None:
    """What is wrong with a header's column names (`column_names`), as a message, or None: the
    header rule of uploads and data-folder files alike. Each name must pass `column_name_problem`
    (the message gives the position, counted from 1, of every name with the first such problem),
    and no name may be given twice, nor in another form that looks the same (`repeated_name`;
    `keys` as there). Names left blank as a common export leaves them say how to write it
    (`_unnamed_advice`), in the words of `place`."""
    problems = [column_name_problem(name) for name in names]
    problem = next((found for found in problems if found is not None), None)
    if problem is not None:
        positions = [position for position, found in enumerate(problems, start=1) if found == problem]
        advice = _unnamed_advice(names, positions, place) if problem == NO_NAME else ""
        if len(positions) == 1:
            return (f"column {place.column(positions[0])} of the header, {quoted_name(names[positions[0] - 1])}, "
                    f"{problem}{advice}")
        written = [names[position - 1] for position in positions]
        written_names = f", {', '.join(map(quoted_name, written))}," if any(written) else ""
        return f"columns {_positions(positions, place)} of the header{written_names} each {problem}{advice}"
    twice = repeated_name(names, keys)
    if twice is not None and twice[0] == twice[1]:
        return (f"column {quoted_name(twice[0])} appears twice in the header; column names must be unique (spaces around "
                "names are trimmed)")
    if twice is not None:
        return f"columns {quoted_name(twice[0])} and {quoted_name(twice[1])} of the header look the same{look_alike_words(*twice)}"
    return None


def row_width_problem(row: int, line: int, cells: Sequence[str], names: Sequence[str], text: str,
                      place: Place = CSV) -> str | None:
    """What is wrong with a row of `cells` (its values as read) under a header of `names`, as a
    message, or None: a row has one value for each column of the header, in an upload and a
    data-folder file alike (`1,2,` under `a,b` has three, the last empty). `row` counts the rows
    after the header from 1, blank lines aside; `line` is the line of `text`, the CSV, the row ends
    on. A row one value too long whose line ends in a comma is said to, as a spreadsheet's export
    ends every line (not one whose last value is written `""`, which is read as empty too); a row
    under a header of one name whose values, joined by their commas, are a number written another
    way (`1,5`, a decimal comma) is told how to write it; a first row longer than a header of one
    name, that a title line may be read as the header (`Sales report 2024`, then `date,value`). The line is
    named in the words of `place`."""
    values = len(cells)
    if values == len(names):
        return None
    has = f"{values} value" + ("" if values == 1 else "s")
    columns = f"{len(names)} column" + ("" if len(names) == 1 else "s")
    refused = f"row {row} ({place.line(line)}) has {has}; the header has {columns}: {column_list(names)}"
    if values == len(names) + 1 and cells[-1] == "" and _line_of(text, line).rstrip("\r\n").endswith(","):
        return (f"{refused}; its line ends in a {place.line_end}, read as one more value, empty: remove it (from the "
                "other lines too, if they end in one)")
    written = ",".join(cells).strip()
    hint = number_hint(written) if len(names) == 1 and values > 1 else None
    if hint is not None:
        commas = "its comma" if values == 2 else "its commas"
        return f"{refused}; {quoted(written)} is one number, read as {values} values split at {commas}: {hint}"
    if row == 1 and len(names) == 1 and values > 1:
        return f"{refused}; {place.title_words(quoted_name(names[0]))}"
    return refused


def _line_of(text: str, line: int) -> str:
    """Line `line` of `text` (from 1), with its line end, as a CSV reader counts lines."""
    return next(itertools.islice(io.StringIO(text, newline=""), line - 1, None), "")


def _outside_quotes(line: str) -> str:
    """What a header line of one name holds outside the quotes that open it: all of it when it
    opens with none, what follows the closing quote when it does (a lenient reader reads
    `"a";"b"` as one name, `a;"b"`), nothing when that is on a later line."""
    if not line.startswith('"'):
        return line
    at = 1
    while (close := line.find('"', at)) != -1 and line.startswith('"', close + 1):
        at = close + 2  # a quote written twice: one inside the name
    return "" if close == -1 else line[close + 1:]


# The first line Excel writes, when asked to, to name the separator of the lines under it: `sep=,`.
SEPARATOR_LINE = re.compile(r"sep=(.?)[ ]*", re.IGNORECASE)
# Those a spreadsheet's export in some languages writes, and the vertical bar of `psql -A` and many
# database exports.
SEPARATOR_NAMES = {",": "commas", ";": "semicolons", "\t": "tabs", "|": "vertical bars (|)"}


def separator_line_problem(line: str, place: Place = CSV) -> str | None:
    """What to do about a first `line` (as written) that is the line Excel writes to name the
    separator (`sep=,`, `sep=;`), not a header, as a message; None for any other line. Read as a
    header, `sep=,` is two names, the second blank, and `sep=;` one name holding a semicolon."""
    found = SEPARATOR_LINE.fullmatch(line)
    if found is None:
        return None
    mark = found.group(1)
    return place.separator_line_words(line, None if mark in ("", ",") else SEPARATOR_NAMES.get(mark, quoted(mark)))


def separator_problem(header: Sequence[str], line: str, place: Place = CSV) -> str | None:
    """What is wrong with a CSV whose `header` (its names, `column_names`, read with commas from
    `line` as written) is one column holding semicolons, tabs or bars, as a message, or None: an upload
    and a data-folder file are refused in these words alike.

    A spreadsheet's export in some languages separates values so. One quoted name that holds them
    (`"Temp; C"`; `line` tells) is no such file: a separator is never inside quotes."""
    outside = _outside_quotes(line) if len(header) == 1 else ""
    separator = next((words for mark, words in SEPARATOR_NAMES.items() if mark != "," and mark in outside), None)
    if separator is None:
        return None
    return f"the header is one column, {quoted_name(header[0])}: {place.separated_words(separator)}"


def quoted_separator_problem(line: str, place: Place = CSV) -> str | None:
    """What is wrong with a header `line` (as written) of quoted names with semicolons, tabs or bars
    between them (`"date";"v"`), as LibreOffice and Excel write a CSV in some languages, as a
    message, or None for any other line. Read with commas, its first name's closing quote is
    followed by a semicolon, where a strict reader stops: the file is one `separator_problem` names."""
    if not line.startswith('"'):
        return None
    for mark, words in SEPARATOR_NAMES.items():
        try:
            names = next(csv.reader([line], delimiter=mark, strict=True), [])
        except csv.Error:
            continue
        if mark != "," and len(names) > 1:
            return (f"{place.header_line}, {quoted(line)}, is quoted names with {words} between them: "
                    f"{place.separated_words(words)}")
    return None


def header_separator_problem(line: str, names: Sequence[str] | None, place: Place = CSV) -> str | None:
    """What is wrong with a header `line` (as written) whose names are separated by semicolons, tabs
    or bars, quoted or not, or that is Excel's `sep=;` line, as a message, or None: an upload and a
    data-folder file are refused in these words alike. `names` are the line's names read with
    commas (`column_names`), or None where a strict reader stopped in it; the line named in the words of
    `place`."""
    line = place.header_text(line)
    found = separator_line_problem(line, place) or quoted_separator_problem(line, place)
    return found if found is not None or names is None else separator_problem(names, line, place)


def separated_header_problem(line: str, place: Place = CSV) -> str | None:
    """`header_separator_problem` of a header `line` that may stop a strict reader before its header
    is checked, at a quoted value (`"date";"v"`, or `"2024-01-01";"1,5"` under `date;v`): a file so
    written is refused for its separator all the same."""
    try:
        header = next(csv.reader([line], strict=True), [])
    except csv.Error:
        return header_separator_problem(line, None, place)
    return header_separator_problem(line, column_names(header), place)
