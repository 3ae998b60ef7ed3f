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
