"""How the site writes a name into its SQL: quoted wherever the database could read it otherwise.

SQLAlchemy quotes a name its dialect lists as a reserved word, but its list for SQLite misses words
SQLite reads as keywords in some places (`window`, `returning`, `nothing`, `filter`, …): a column
of such a name, written bare, broke the statement. Every engine the site makes (the store's and a
source's) is made by `create_quoting_engine`, which adds the words the running SQLite library names
as its keywords (`sqlite3_keyword_name`), so the list is that of the SQLite that reads the statement.
Where the library cannot be asked, every name is quoted. Names no database reads as a keyword stay
bare, so the SQL the site sends reads as before.
"""
from __future__ import annotations

import ctypes
import functools
import sqlite3
from typing import Any

from sqlalchemy import URL, Engine, create_engine


@functools.cache
def sqlite_keywords() -> frozenset[str] | None:
    """The words the SQLite library Python's sqlite3 uses reads as keywords, lower case; None
    where that library does not say (one without `sqlite3_keyword_name`, older than 3.24)."""
    try:
        import _sqlite3
        library = ctypes.CDLL(_sqlite3.__file__)
        count, name_at = library.sqlite3_keyword_count, library.sqlite3_keyword_name
    except (ImportError, OSError, AttributeError):
        return None
    # Each name points into one text of them all, unended: read by its size.
    name, size = ctypes.c_void_p(), ctypes.c_int()
    words = set()
    for i in range(count()):
        if name_at(i, ctypes.byref(name), ctypes.byref(size)) != sqlite3.SQLITE_OK or not name.value:
            return None
        words.add(ctypes.string_at(name.value, size.value).decode("ascii").lower())
    return frozenset(words)


def create_quoting_engine(url: str | URL, **kwargs: Any) -> Engine:
    """SQLAlchemy's `create_engine(url, **kwargs)`, its SQL quoting every name its database reads as
    a keyword (module docstring): the one way the site makes an engine."""
    return _quote_keywords(create_engine(url, **kwargs))


def _quote_keywords(engine: Engine) -> Engine:
    """The engine, its SQL quoting every name its database reads as a keyword (module docstring)."""
    dialect = engine.dialect
    if dialect.name != "sqlite":
        return engine  # PostgreSQL's reserved words are SQLAlchemy's list for it already
    keywords = sqlite_keywords()
    preparer = dialect.preparer(dialect)
    if keywords is None:
        preparer._requires_quotes = lambda value: True
    else:
        preparer.reserved_words = preparer.reserved_words | keywords
    dialect.identifier_preparer = preparer
    return engine
