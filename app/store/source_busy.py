"""The ways a source's read waits too long, each a 503 of its own kind: its statement past the timeout, its
file or table held locked, its connections all in use. Apart from the connections that meet them, so that
the app names their kinds (`app/error_kinds.py`) without loading the database libraries, as a render
worker imports it."""
from __future__ import annotations

from .types import StoreBusy


class SourceTimeout(StoreBusy):
    """A source query that ran past the statement timeout."""


class SourceLocked(StoreBusy):
    """An SQLite source whose file another program holds locked (a write under way) for longer than
    the statement timeout: every dataset of the file waits for the same lock."""


class SourceBusy(StoreBusy):
    """A source whose every connection this process may open (its `connections`) stayed in use by
    other requests for the whole wait: a burst, not an outage, so the source is not held down."""


class SourceTableLocked(StoreBusy):
    """A PostgreSQL source whose table (one a dataset reads) another session holds locked for
    longer than the lock wait: only the datasets reading it wait for the lock."""
