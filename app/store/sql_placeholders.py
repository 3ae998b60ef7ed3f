"""Parameter placeholders in a source's configured SQL (`sql`, `version_sql`): the marks a driver
fills with values, which nothing fills in the site's queries (it binds its own values only), found
where their database reads them as placeholders. `first_placeholder` finds the first of a query.
"""
from __future__ import annotations

import re

from .sql_text import statement_code

# A parameter placeholder outside strings, quoted names and comments that its database reads as one
# anywhere: the site binds its own values only, so one of these fails every chart with a count of
# bindings that includes the site's. SQLite's ?, ?NNN and :, @ or $ before a name or a number (its
# parameter names hold letters, digits, _ and $); PostgreSQL's $1 (its colons: `_colon_placeholder`).
# PostgreSQL's `@` (an operator) is none.
PLACEHOLDERS = {
    "sqlite": re.compile(r"\?\d*|(?<![\w$])[:@$][\w$]+"),
    "postgresql": re.compile(r"(?<![\w$])\$\d+"),
}
# PostgreSQL reads a colon in a few places only: `::` (a cast), `:=` (a named argument,
# make_interval(days := 2)), between the bounds of an array's slice (a[1:n], a[ :2]) and, from
# version 16, between a key and its value in JSON_OBJECT('key' : v) and JSON_OBJECTAGG(k : v).
# Anywhere else a colon before a name or a number, a placeholder copied from code written for
# SQLite, Oracle or SQLAlchemy (:1, :name), is a syntax error: the site hands every colon to
# PostgreSQL as written (none is a bind parameter of SQLAlchemy's text()). Marks read here: such a
# colon and its name (not a cast's second colon), a bracket that opens (a round one with the name
# of the call it opens, if any) and one that closes.
COLON_MARKS = re.compile(r"(?<!:):\w+|[\w$]*\s*\(|[\[\])]")
# The calls whose round brackets hold keys and values paired by a colon.
KEY_VALUE_CALLS = frozenset(("json_object", "json_objectagg"))
# A Python driver's placeholder (psycopg's %s and %(name)s; its %%s is a literal "%s"). Neither
# database reads one: the site's SQL goes through SQLAlchemy's text(), which doubles each % for
# psycopg, so a % reaches the database as written, the modulo operator of both (v%s is v modulo
# s, and %% no escape but an operator PostgreSQL lacks). One where a value belongs, with no value
# before it (> %s, LIKE %s, LIMIT %s), is a placeholder copied from Python code: every chart would
# fail on a syntax error.
PYFORMAT = re.compile(r"(?<!%)(?:%\([^()]*\)s|%s(?![\w$]))")
# PostgreSQL's characters of operators: a ? among them is part of one (@?, ?|, ?-, the "is
# horizontal" that goes before its value), and a ? after a value is jsonb's own operator (data ? 'k').
# A ? alone where a value belongs is a placeholder copied from code written for SQLite or ODBC.
OPERATOR_CHARACTERS = "+*/<>=~!@#%^&|`?-"
QUESTION_MARK = re.compile(rf"(?<![{re.escape(OPERATOR_CHARACTERS)}])\?(?![{re.escape(OPERATOR_CHARACTERS)}])")
# PostgreSQL reads a run of operator characters as one operator, so a ? written right after another
# operator's characters (x=?, x>?, x<=?, 'a'||?) is no operator of its own but the end of one that
# PostgreSQL does not have (=?): a placeholder nothing fills. Of its own operators only ? (after a
# value: `QUESTION_MARK`) and jsonb's @? end with a ?.
OPERATOR_RUN = re.compile(rf"[{re.escape(OPERATOR_CHARACTERS)}]+")
OPERATORS_ENDING_IN_QUESTION_MARK = ("?", "@?")
# Why a Python driver's placeholder is one, said after the words naming it.
PYFORMAT_WHY = ("a Python driver's placeholder, which the site does not use: it hands a % to the database as written, "
                "the modulo operator after a value (v % 7), with no %% to escape it")
# The placeholders that are operators after a value, and so placeholders only where a value belongs,
# each with why it is one.
VALUE_PLACEHOLDERS = {
    "sqlite": ((PYFORMAT, PYFORMAT_WHY),),
    "postgresql": ((PYFORMAT, PYFORMAT_WHY),
                   (QUESTION_MARK, "a placeholder nothing fills: PostgreSQL reads a ? as an operator, and only after "
                                   "a value (jsonb's data ? 'key')")),
}
# Words after which a value belongs (WHERE, BETWEEN, LIKE, LIMIT, OFFSET, ORDER BY, AT TIME ZONE …), which
# no value ends: a % or ? right after one has no value before it. Each is a keyword of SQLite or
# PostgreSQL; a column of such a name is a value quoted ("first"%s is the column first modulo s).
VALUE_WORDS = frozenset((
    "select", "distinct", "all", "any", "some", "where", "having", "on", "and", "or", "not", "is", "in", "between",
    "like", "ilike", "glob", "regexp", "match", "similar", "to", "escape", "case", "when", "then", "else", "limit",
    "offset", "fetch", "first", "next", "by", "from", "for", "as", "values", "interval", "zone"))
# The last word, name or number before a point of statement code.
LAST_WORD = re.compile(r"[\w$]+$")
# The operator before a point of statement code: its whole run of operator characters (<=, <>).
LAST_OPERATOR = re.compile(r"[-+*/<>=~!@#%^&|`]+$")


def _no_value_before(values_code: str, start: int) -> str | None:
    """What comes right before `start` of `values_code` (statement code whose strings and quoted
    names are written as "_") where no value ends there: a word of VALUE_WORDS, as written, or a
    mark (`>`, `(`, `,` …). None after a value: a name (after a table's too, o.first, whatever its
    word), a number, a string, a bracket that closes."""
    before = values_code[:start].rstrip()
    if before.endswith((")", "]")):
        return None
    word = LAST_WORD.search(before)
    if word is None:
        operator = LAST_OPERATOR.search(before)
        return operator.group() if operator is not None else before[-1:]
    if word.group().lower() not in VALUE_WORDS or before[:word.start()].endswith("."):
        return None
    return word.group()


def _colon_placeholder(code: str) -> re.Match | None:
    """The first `:name` or `:1` of PostgreSQL statement code that is no part of a cast, a slice's
    brackets or a JSON_OBJECT's key-value pairs (`COLON_MARKS`)."""
    open_brackets: list[str] = []  # innermost last: "[", or for a "(" the name of its call ("" for none)
    for mark in COLON_MARKS.finditer(code):
        text = mark.group()
        if text.startswith(":"):
            if not open_brackets or open_brackets[-1] not in ("[", *KEY_VALUE_CALLS):
                return mark
        elif text in ("]", ")"):
            if open_brackets:
                open_brackets.pop()
        elif text == "[":
            open_brackets.append(text)
        else:
            open_brackets.append(text[:-1].rstrip().lower())
    return None


def _read_anywhere(code: str, backend: str) -> re.Match | None:
    """The first placeholder of statement `code` that its database reads as one wherever it stands."""
    found = [PLACEHOLDERS[backend].search(code)]
    if backend == "postgresql":
        found.append(_colon_placeholder(code))
    return min((match for match in found if match is not None), key=lambda match: match.start(), default=None)


def _joined_question_mark(code: str) -> tuple[int, str, str] | None:
    """The first ? of PostgreSQL statement code that ends an operator it does not have (`OPERATOR_RUN`),
    with the words that say why it is a placeholder."""
    for run in OPERATOR_RUN.finditer(code):
        operator = run.group()
        if operator.endswith("?") and operator not in OPERATORS_ENDING_IN_QUESTION_MARK:
            return (run.end() - 1, "?", f" where a value belongs, after {operator[:-1]!r}: a placeholder nothing "
                                        f"fills: PostgreSQL reads {operator!r} as one operator, which it does not have")
    return None


def first_placeholder(sql: str, code: str, backend: str) -> tuple[int, str, str] | None:
    """The first parameter placeholder of `sql` (`code`: its statement code), as its start, its text
    and the words that say why it is one; None when it holds none. A placeholder is one its database
    reads as one anywhere (`PLACEHOLDERS`, and PostgreSQL's colons), one of `VALUE_PLACEHOLDERS`
    where a value belongs, with no value before it, or in PostgreSQL a ? joined to the operator
    before it."""
    values_code = statement_code(sql, backend, values="_")
    found: list[tuple[int, str, str]] = []
    driver = _read_anywhere(code, backend)
    if driver is not None:
        found.append((driver.start(), driver.group(), ", which nothing fills: the site binds no values into a "
                                                      "configured query"))
    for pattern, why in VALUE_PLACEHOLDERS[backend]:
        for placeholder in pattern.finditer(code):
            after = _no_value_before(values_code, placeholder.start())
            if after is not None:
                found.append((placeholder.start(), placeholder.group(),
                              f" where a value belongs, after {after!r}: {why}"))
                break
    if backend == "postgresql":
        joined = _joined_question_mark(code)
        if joined is not None:
            found.append(joined)
    return min(found, default=None)
