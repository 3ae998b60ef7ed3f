"""The SQL statements the stores send their databases, seen as SQLAlchemy runs them: what a store
asks of its database, and a point between two of its statements to do something at."""
from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from contextlib import contextmanager

from sqlalchemy import Engine, event

# A statement reading a stored dataset's rows table (`schema.selectable_rows_table`).
ROWS_READ = re.compile(r"\bFROM rows_\d+\b")


@contextmanager
def statements_run(before: Callable[[str], None] = lambda statement: None) -> Iterator[list[str]]:
    """The statements every engine runs in the block, in turn; `before(statement)` is called before each."""
    run: list[str] = []

    def noted(conn, cursor, statement, parameters, context, executemany) -> None:
        run.append(statement)
        before(statement)

    event.listen(Engine, "before_cursor_execute", noted)
    try:
        yield run
    finally:
        event.remove(Engine, "before_cursor_execute", noted)


def once_before(pattern: str | re.Pattern, then: Callable[[], None]) -> Callable[[str], None]:
    """A `statements_run` `before` calling `then()` once, before the first statement `pattern` finds."""
    done: list[str] = []

    def before(statement: str) -> None:
        if not done and re.search(pattern, statement):
            done.append(statement)
            then()

    return before


def rows_reads(run: list[str]) -> list[str]:
    """The statements of `run` reading a stored dataset's rows table."""
    return [statement for statement in run if ROWS_READ.search(statement)]


class _CountingCursor:
    """A DB-API cursor noting how many rows each fetch from it gives (`rows_fetched`); else the cursor's own."""

    def __init__(self, cursor, fetched: list[int]):
        self._cursor, self._fetched = cursor, fetched
        fetched.append(0)
        self._at = len(fetched) - 1

    def fetchone(self):
        row = self._cursor.fetchone()
        self._fetched[self._at] += row is not None
        return row

    def fetchmany(self, *size):
        return self._counted(self._cursor.fetchmany(*size))

    def fetchall(self):
        return self._counted(self._cursor.fetchall())

    def _counted(self, rows):
        self._fetched[self._at] += len(rows)
        return rows

    def __getattr__(self, name):
        return getattr(self._cursor, name)


@contextmanager
def rows_fetched() -> Iterator[list[int]]:
    """How many rows each statement every engine runs in the block gives, fetched from its cursor, in turn."""
    fetched: list[int] = []

    def counted(conn, cursor, statement, parameters, context, executemany) -> None:
        if context is not None:
            context.cursor = _CountingCursor(context.cursor, fetched)

    event.listen(Engine, "after_cursor_execute", counted)
    try:
        yield fetched
    finally:
        event.remove(Engine, "after_cursor_execute", counted)
