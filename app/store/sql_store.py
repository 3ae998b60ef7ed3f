"""Datasets kept in a database through SQLAlchemy Core: an SQLite file, or PostgreSQL shared by instances.

The URL chooses the backend (`sqlite:///path/to/file.sqlite`, `postgresql+psycopg://user:password@
host:port/db`); what differs between the two sits in `dialects`, the tables in `schema`. Every
operation is one short transaction: a read sees one snapshot (the version, the description and
the rows agree), a write stores all of it or nothing and gives the dataset a new version.
Appends to one dataset are serialised by locking its catalog row, so row ids grow in commit order.
Rows are only ever appended, so a read fetches only the rows after those of the frame it read
before, kept in memory with its version (`sql_frames`), and a download reads a version's rows a
piece at a time, each in a transaction of its own, by row id (`read_pieces`). A dataset of more than
`pushdown_above_rows` rows is never read whole: the database computes its charts (`stored_pushdown`)
and what its page shows (`stored_summaries`), of the version asked for. An append with an
Idempotency-Key happens once: a retry gets the first answer (`idempotency_keys`).
"""
from __future__ import annotations

from .sql_big_reads import SqlBigReads
from .sql_writes import SqlWrites


class SqlStore(SqlBigReads, SqlWrites):
    """Datasets in an SQL database: listed, read as snapshots, created, appended to and deleted.

    Its parts by job: the database, its transactions and a dataset's catalog row
    (`sql_connection`), reads (`sql_reads`), what the database computes of a big dataset
    (`sql_big_reads`) and writes (`sql_writes`).
    """

    def __repr__(self) -> str:
        return f"SqlStore({self.url!r})"


__all__ = ["SqlStore"]
