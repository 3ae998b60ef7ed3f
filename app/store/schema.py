"""The database's tables, described once for SQLite and PostgreSQL, and the numbered migrations.

- `writes`: one row per successful write (create, append, delete). Its `version` is the version
  the write gave the dataset: a shared, monotonic sequence, so a version is never reused, not even
  by a dataset deleted and made again under the same name, and every process agrees on it. Each
  start of a store made before moves it past the clock (`version_floor`): a store restored from a
  backup then never hands out again a version that its writes since the backup had.
- `datasets`: the catalog (name, title, version, row count, created and updated times).
- `dataset_columns`: each dataset's columns, their order and types.
- `meta`: key/value facts, such as which sample datasets were loaded once, and the store's identity
  (`STORE_IDENTITY`): a random token made once with the tables, so that versions, unique only while
  this database lives, name different data in a database made anew.
- `append_keys`: the idempotency keys of appends, a digest of the request each came with, the rows
  it added and the dataset as it left it.
- `schema_migrations`: which numbered migrations have run.
- `rows_<id>`: one table per dataset, columns `c0`, `c1`, ... Table and column names are made
  here from integers; nothing from a request is ever part of an SQL string. A float of -0.0 is
  stored as 0.0, as SQLite stores it (migration 5 made those PostgreSQL kept before so).

On SQLite these are the tables the first version of the store made, so its files open unchanged.
"""
from __future__ import annotations

import secrets
import time
from collections.abc import Callable, Sequence
from datetime import datetime, timezone

from sqlalchemy import (
    BigInteger,
    CheckConstraint,
    Column,
    Connection,
    Double,
    ForeignKey,
    Identity,
    Integer,
    MetaData,
    PrimaryKeyConstraint,
    Table,
    Text,
    UniqueConstraint,
    cast,
    func,
    insert,
    inspect,
    literal_column,
    select,
    update,
)
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.schema import CreateColumn
from sqlalchemy.sql.selectable import ScalarSelect
from sqlalchemy.types import TypeEngine

from .store_refusals import NewerStore
from .types import COLUMN_TYPES

# 64-bit integers everywhere; on SQLite an INTEGER PRIMARY KEY (the rowid) must be spelled INTEGER.
Id = BigInteger().with_variant(Integer(), "sqlite")

metadata = MetaData()

writes = Table(
    "writes", metadata,
    Column("version", Id, Identity(), primary_key=True),
    Column("dataset", Text, nullable=False),
    Column("action", Text, CheckConstraint("action IN ('create', 'append', 'delete')"), nullable=False),
    Column("rows", Id, nullable=False),
    Column("at", Text, nullable=False),
    sqlite_autoincrement=True,  # never reuse a version, even the last one after a delete
)

datasets = Table(
    "datasets", metadata,
    Column("id", Id, Identity(), primary_key=True),
    Column("name", Text, nullable=False, unique=True),
    Column("title", Text, nullable=False),
    Column("version", Id, nullable=False),
    Column("row_count", Id, nullable=False),
    Column("created", Text, nullable=False),
    Column("updated", Text, nullable=False),
    sqlite_autoincrement=True,
)

dataset_columns = Table(
    "dataset_columns", metadata,
    Column("dataset_id", Id, ForeignKey("datasets.id"), nullable=False),
    Column("position", Integer, nullable=False),
    Column("name", Text, nullable=False),
    Column("type", Text, CheckConstraint("type IN ('integer', 'float', 'datetime', 'text')"), nullable=False),
    PrimaryKeyConstraint("dataset_id", "position"),
    UniqueConstraint("dataset_id", "name"),
)

meta = Table(
    "meta", metadata,
    Column("key", Text, primary_key=True),
    Column("value", Text, nullable=False),
)

# A client that retries an append it got no answer to, with the same key, gets the first answer
# again instead of storing its rows twice. `version`, `rows_total` and `updated` are the dataset as
# the first append left it (added by migration 2: null for keys stored before it). `request_digest`
# tells the same request from another sent with the key (added by migration 3: null before it).
append_keys = Table(
    "append_keys", metadata,
    Column("dataset_id", Id, nullable=False),
    Column("key", Text, nullable=False),
    Column("rows_added", Id, nullable=False),
    Column("version", Id),
    Column("rows_total", Id),
    Column("updated", Text),
    Column("request_digest", Text),
    PrimaryKeyConstraint("dataset_id", "key"),
)

schema_migrations = Table(
    "schema_migrations", metadata,
    Column("version", Integer, primary_key=True, autoincrement=False),
    Column("applied_at", Text, nullable=False),
)

# Row values: SQLite keeps the types of its STRICT tables (datetimes as ISO 8601 text), PostgreSQL
# its own (datetimes as timestamps without zone, in UTC).
VALUE_TYPES: dict[str, TypeEngine] = {
    "integer": BigInteger().with_variant(sqlite.INTEGER(), "sqlite"),
    "float": Double().with_variant(sqlite.REAL(), "sqlite"),
    "datetime": Text().with_variant(postgresql.TIMESTAMP(), "postgresql"),
    "text": Text(),
}
ROW_ID = "rowid"
# The `meta` key of the store's identity, a token that no other database holds.
STORE_IDENTITY = "store identity"
assert set(VALUE_TYPES) == set(COLUMN_TYPES)


def now() -> str:
    """The current time as stored in the catalog: ISO 8601, UTC, to the second."""
    return datetime.now(timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")


def value_columns(count: int) -> list[str]:
    """The names of a rows table's value columns: c0, c1, ..."""
    return [f"c{i}" for i in range(count)]


def rows_table(dataset_id: int, column_types: Sequence[str], row_id_column: bool, keyed: bool = True) -> Table:
    """The rows table of a dataset, on a metadata of its own.

    With `row_id_column`, it has an identity column `rowid` numbering rows in insertion order
    (for PostgreSQL), its primary key unless `keyed` is false (see `row_id_key`); without, the
    table is as SQLite made it, whose implicit rowid does that job and can still be selected as
    `rowid`. The identity keeps its sequence's default cache of one value: a cache per connection
    would number rows out of commit order, and a reader following the row ids would miss some.
    """
    columns = [Column(name, VALUE_TYPES[kind], nullable=kind != "integer")
               for name, kind in zip(value_columns(len(column_types)), column_types)]
    if row_id_column:
        columns.insert(0, Column(ROW_ID, BigInteger, Identity(always=True), primary_key=keyed, nullable=False))
    return Table(f"rows_{int(dataset_id)}", MetaData(), *columns, sqlite_strict=True)


def row_id_key(table: Table) -> PrimaryKeyConstraint:
    """The primary key of a rows table's `rowid`, to add to a table made with `keyed=False`."""
    return PrimaryKeyConstraint(table.c[ROW_ID], name=f"{table.name}_pkey")


def selectable_rows_table(dataset_id: int, column_types: Sequence[str]) -> Table:
    """The rows table of a dataset for queries: `rowid` and the value columns, on either backend."""
    return rows_table(dataset_id, column_types, row_id_column=True)


def _create_catalog(conn: Connection) -> None:
    metadata.create_all(conn, tables=[writes, datasets, dataset_columns, meta, append_keys], checkfirst=True)


def _add_columns(conn: Connection, table: Table, columns: Sequence[Column]) -> None:
    """Add those of `columns` (nullable, described on `table`) that the database's table lacks."""
    present = {column["name"] for column in inspect(conn).get_columns(table.name)}
    quoted = conn.dialect.identifier_preparer.format_table(table)
    for column in columns:
        if column.name not in present:
            spec = CreateColumn(column).compile(dialect=conn.dialect)
            conn.exec_driver_sql(f"ALTER TABLE {quoted} ADD COLUMN {spec}")


def _keep_first_answers(conn: Connection) -> None:
    # A catalog made by step 1 of this version has these columns already; one made before has not.
    _add_columns(conn, append_keys, [append_keys.c.version, append_keys.c.rows_total, append_keys.c.updated])


def _compare_requests(conn: Connection) -> None:
    _add_columns(conn, append_keys, [append_keys.c.request_digest])


def _name_the_store(conn: Connection) -> None:
    # Made once, with the tables or on the first start of a store made before: run under the schema
    # lock, as every step is, so instances starting at once agree on one.
    conn.execute(insert(meta).values(key=STORE_IDENTITY, value=secrets.token_hex(16)))


def _unsign_zeros(conn: Connection) -> None:
    # PostgreSQL kept a float's -0.0, which SQLite stores as 0 (a whole float as an integer, which
    # has no sign): rows are written with 0.0 in its place on both now (`postgres_backend`), and those
    # written before are made so, that a dataset's charts and files read alike from either store.
    if conn.dialect.name != "postgresql":
        return
    floats = conn.execute(select(dataset_columns.c.dataset_id, dataset_columns.c.position)
                          .where(dataset_columns.c.type == "float")).all()
    for dataset_id, position in floats:
        rows = Table(f"rows_{int(dataset_id)}", MetaData(), Column(f"c{int(position)}", Double))
        value = rows.c[f"c{int(position)}"]
        conn.execute(update(rows).where(value == 0, cast(value, Text) == "-0").values({value: 0.0}))


def version_floor() -> int:
    """What a store that lived before moves its versions past as it starts: the clock's microseconds
    since 1970. A store restored from a backup holds the versions of the backup; those its writes
    since handed out, with other rows, are below the clock now (unless a second of writes took over a
    million versions), so its next write's version is one no cache can hold for other rows."""
    return time.time_ns() // 1000


def named_now(ran: Sequence[int]) -> bool:
    """Whether the migrations `ran` (`migrate`'s) gave the store its identity: it was made anew (or
    made before there were identities), and its versions need no moving past another life's."""
    return NAMING_STEP in ran


def store_identity(conn: Connection) -> str:
    """The store's identity (`STORE_IDENTITY`), made by migration 4."""
    return conn.execute(select(identity_column())).scalar_one()


def identity_column() -> ScalarSelect:
    """The store's identity as a column to read beside a dataset's version, in the same statement:
    a store replaced under a running site (its database dropped and made anew) is told by it."""
    # A constant of ours, written into the statement: the version's raw statement binds the name only.
    return select(meta.c.value).where(meta.c.key == literal_column(f"'{STORE_IDENTITY}'")).scalar_subquery()


# Numbered steps, run in order once each. Step 1 makes the catalog; a database made by the first
# version of the store already has it (checkfirst), so only the step's number is recorded there.
# A later step must change tables with its own statements, never by editing the tables above alone.
MIGRATIONS: tuple[tuple[int, Callable[[Connection], None]], ...] = (
    (1, _create_catalog),
    (2, _keep_first_answers),
    (3, _compare_requests),
    (4, _name_the_store),
    (5, _unsign_zeros),
)
LATEST = MIGRATIONS[-1][0]
# The step that names the store (`_name_the_store`).
NAMING_STEP = next(number for number, step in MIGRATIONS if step is _name_the_store)


def migrate(conn: Connection) -> list[int]:
    """Run the migrations this database lacks, inside the caller's transaction; returns their numbers.

    The caller holds the backend's schema lock, so two processes starting at once migrate once.
    Raises NewerStore, having changed nothing, when a newer release of the site migrated the database.
    """
    schema_migrations.create(conn, checkfirst=True)
    applied = conn.execute(select(func.max(schema_migrations.c.version))).scalar() or 0
    if applied > LATEST:
        raise NewerStore(applied, LATEST)
    ran = []
    for number, step in MIGRATIONS:
        if number > applied:
            step(conn)
            conn.execute(insert(schema_migrations).values(version=number, applied_at=now()))
            ran.append(number)
    return ran
