"""Configured SQL read as its database reads it: where a statement's comments, strings and quoted
names begin and end, so that a ';' or a keyword is looked for only in the statement's own words.

SQLite and PostgreSQL differ here: PostgreSQL nests /* … */ comments and has E'…' strings with
backslash escapes and dollar-quoted strings ($$…$$, $tag$…$tag$); SQLite quotes names with `…`
and […] too. The sources file's checks of `sql` and `version_sql` use `statement_code`.
"""
from __future__ import annotations

import re

# The opening (and closing) mark of a PostgreSQL dollar-quoted string: $$ or $tag$.
DOLLAR_TAG = re.compile(r"\$([A-Za-z_\u0080-\uffff][A-Za-z0-9_\u0080-\uffff]*)?\$")


def _never_closed(sql: str, start: int, what: str) -> ValueError:
    line = sql.count("\n", 0, start) + 1
    return ValueError(f"{what} that begins on line {line} is never closed")


def _quote_end(sql: str, start: int, mark: str, what: str, backslash: bool = False) -> int:
    """The index after the string or quoted name that `mark` opens at `start`: a doubled mark
    inside it is one of its characters, and with `backslash` so is the character after a backslash."""
    position = start + 1
    while position < len(sql):
        if backslash and sql[position] == "\\":
            position += 2
        elif sql[position] != mark:
            position += 1
        elif sql.startswith(mark * 2, position):
            position += 2
        else:
            return position + 1
    raise _never_closed(sql, start, what)


def _block_comment_end(sql: str, start: int, nested: bool) -> int:
    """The index after the /* … */ comment that begins at `start` (PostgreSQL's nest, SQLite's do not)."""
    depth, position = 0, start
    while position < len(sql):
        if sql.startswith("/*", position) and (nested or not depth):
            depth, position = depth + 1, position + 2
        elif sql.startswith("*/", position):
            depth, position = depth - 1, position + 2
            if not depth:
                return position
        else:
            position += 1
    raise _never_closed(sql, start, "a comment (/* … */)")


def _word_character(text: str) -> bool:
    return bool(text) and (text.isalnum() or text in "_$")


def _skipped_end(sql: str, start: int, backend: str) -> int | None:
    """The index after the comment, string or quoted name that begins at `start`, or None when none
    begins there; raises ValueError for one that is never closed."""
    if sql.startswith("--", start):
        end = sql.find("\n", start)
        return len(sql) if end < 0 else end
    if sql.startswith("/*", start):
        return _block_comment_end(sql, start, nested=backend == "postgresql")
    mark, before = sql[start], sql[max(0, start - 2):start]
    if mark == "'":
        # PostgreSQL's E'…' strings take backslash escapes (E'it\'s'); its other strings do not.
        escapes = (backend == "postgresql" and before[-1:] in ("e", "E")
                   and not _word_character(before[:-1]))
        return _quote_end(sql, start, "'", "a string ('…')", backslash=escapes)
    if mark == '"':
        return _quote_end(sql, start, '"', 'a quoted name ("…")')
    if backend == "sqlite" and mark == "`":
        return _quote_end(sql, start, "`", "a quoted name (`…`)")
    if backend == "sqlite" and mark == "[":
        end = sql.find("]", start)
        if end < 0:
            raise _never_closed(sql, start, "a quoted name ([…])")
        return end + 1
    if backend == "postgresql" and mark == "$" and not _word_character(before[-1:]):
        tag = DOLLAR_TAG.match(sql, start)
        if tag:
            end = sql.find(tag.group(), tag.end())
            if end < 0:
                raise _never_closed(sql, start, f"a dollar-quoted string ({tag.group()}…{tag.group()})")
            return end + len(tag.group())
    return None


def statement_code(sql: str, backend: str, values: str = " ") -> str:
    """`sql` with its comments, strings and quoted names turned into spaces (its length kept): the
    statement's own words and punctuation, where a ';' or a keyword means what it says. Raises
    ValueError naming a string, quoted name or block comment that is never closed.

    With `values` ("_" say), a string or quoted name is written with that character instead: the
    value or name it is, told apart from a comment, which stands for nothing."""
    code, position = [], 0
    while position < len(sql):
        end = _skipped_end(sql, position, backend)
        if end is None:
            code.append(sql[position])
            position += 1
        else:
            comment = sql.startswith(("--", "/*"), position)
            code.append((" " if comment else values) * (end - position))
            position = end
    return "".join(code)


# A statement's code read as words (an unquoted name or keyword), parentheses and commas.
_TOKEN = re.compile(r"[()]|,|[^\W\d]\w*")
# PostgreSQL's clauses that may follow a recursive query of a WITH clause (SEARCH DEPTH FIRST BY n SET
# ord, CYCLE n SET seen USING path), each ending in the word before the name it adds: not a statement.
_SEARCH_AND_CYCLE = {"search": "set", "cycle": "using"}


def _closings(tokens: list[str]) -> dict[int, int]:
    """The index of the ')' closing each '(' of `tokens`; the last index for one none closes."""
    closings, open_at = {}, []
    for at, token in enumerate(tokens):
        if token == "(":
            open_at.append(at)
        elif token == ")" and open_at:
            closings[open_at.pop()] = at
    closings.update((at, len(tokens) - 1) for at in open_at)
    return closings


def _clause_end(tokens: list[str], at: int, end: int) -> int:
    """The index after a SEARCH or CYCLE clause beginning at `at`: after its last word and the name
    that word takes (a quoted name stands as a word in the statement code given)."""
    last = _SEARCH_AND_CYCLE[tokens[at].lower()]
    while at < end and tokens[at].lower() != last:
        at += 1
    return at + 2


def _parts(tokens: list[str], closings: dict[int, int], start: int, end: int) -> tuple[int | None, list[range]]:
    """What begins `tokens[start:end]`: the index of its verb, or, for a WITH clause, None and the
    ranges of the queries it holds and of the statement it leads to, which begin with verbs in turn."""
    while start < end and tokens[start] == "(":
        start, end = start + 1, min(end, closings[start])
    if start >= end:
        return None, []
    if tokens[start].lower() != "with":
        return start, []
    parts, at, before = [], start + 1, ""
    while at < end:
        token = tokens[at]
        if before == ")" and token.lower() in _SEARCH_AND_CYCLE:
            at, before = _clause_end(tokens, at, end), ")"  # as after the query it follows
            continue
        if before == ")" and token != ",":
            return None, parts + [range(at, end)]  # what the clause leads to
        if token != "(":
            at, before = at + 1, token
            continue
        closing = min(end, closings[at])
        query = before.lower() in ("as", "materialized")  # else the list of a query's column names
        if query:
            parts.append(range(at + 1, closing))
        at, before = closing + 1, ")" if query else "(…)"
    return None, parts


def statement_verbs(code: str) -> list[str]:
    """The words that begin a statement's code and each query of its WITH clauses, as written:
    `WITH t AS (SELECT 1) DELETE FROM x` gives SELECT and DELETE. `code` is `statement_code` with
    its strings and quoted names written as words ("_"), so that a quoted name ends a clause.

    Read with a list of parts still to read rather than by recursion: nesting as deep as a
    statement's length neither overflows the stack nor reads its tokens more than once."""
    tokens = _TOKEN.findall(code)
    closings = _closings(tokens)
    verbs, parts = [], [range(len(tokens))]
    while parts:
        part = parts.pop()
        verb, inner = _parts(tokens, closings, part.start, part.stop)
        if verb is not None:
            verbs.append(verb)
        parts.extend(inner)
    return [tokens[at] for at in sorted(verbs)]
