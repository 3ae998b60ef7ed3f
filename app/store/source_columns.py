"""A source dataset's columns as its database has them, and the `Relation` a chart selects them from.

A table's or view's columns are reflected; a query's come from its result (PostgreSQL's
description types them, SQLite's values do: all of them, counted by the database), and so do the
values of an SQLite table's or view's column of no declared type (a view's expression, `date(ts)
AS d`), which SQLite keeps as a query's result column, with no affinity. The sources
file's `columns` picks among them, and each name is held to the rule of an uploaded CSV's header,
a refusal saying how the sources file can leave the column out or name it anew. Columns of another
type than text that the site reads as text (a boolean, an enum …) are turned into text by the
database. A column of integers with a NULL stays integer, each value exact (pandas' nullable Int64:
`source_values.column_series`), where a CSV file's whole numbers with an empty cell are float; one
holding what is no integer (in SQLite a REAL or text kept there) is float. A blob SQLite keeps in a column is a missing value, read as NULL by the database
(`Reading`), and a query giving two columns of one name is refused, naming it.
"""
from __future__ import annotations

import json
import re
from collections.abc import Collection, Sequence
from dataclasses import dataclass

from sqlalchemy import (
    ColumnElement,
    Connection,
    Text,
    TextClause,
    cast,
    column,
    exc,
    func,
    inspect,
    literal_column,
    select,
    table,
    text,
)
from sqlalchemy import types as sqltypes
from sqlalchemy.sql import FromClause

from plots.field_values import in_another_case, no_column_words
from plots.text import column_list, listed_value, quoted_name

from .csv_headers import column_name_problem, look_alike_words, repeated_name
from .source_conditions import Relation
from .source_config import IDENTIFIER, SourceDataset
from .source_counts import UnreadDates, a_table, counted_types
from .source_privileges import privilege_refusal
from .source_sql import SqlFunctions, enclosable
from .source_sql_dialects import SqliteFunctions, functions_for
from .source_values import POSTGRES_FLOAT4_OID, POSTGRES_TEXT_OIDS, postgres_type, read_as_text, site_type
from .types import Column, DatasetUnreadable


def escaped(sql: str) -> str:
    """Configured SQL as SQLAlchemy's text() takes it: every colon literal, none a parameter."""
    return sql.replace(":", "\\:")


def _query_text(sql: str) -> TextClause:
    """A configured query as text() to wrap in a subquery, `(…) AS q`: its colons literal."""
    return text(enclosable(escaped(sql)))


def _check_name(name: str, dataset: SourceDataset, column_name: str, every: Sequence[str]) -> None:
    """Raise DatasetUnreadable when the column name `column_name` of dataset `name` is one an
    uploaded CSV's header may not hold (`column_name_problem`), saying how the sources file can leave
    the column out (`every`: the columns the dataset reads) or name it anew."""
    problem = column_name_problem(column_name)
    if problem is None:
        return
    others = [c for c in every if c != column_name and column_name_problem(c) is None and IDENTIFIER.fullmatch(c)]
    leave_out = f"columns = [{', '.join(json.dumps(c, ensure_ascii=False) for c in others)}]" if others else None
    if dataset.table is not None:
        relation = f"{dataset.schema}.{dataset.table}" if dataset.schema else dataset.table
        fixes = ([f"leave it out with {leave_out} in the sources file"] if leave_out else []) + [
            f'read it under a clean name with sql = "SELECT …, <the column> AS clean_name FROM {relation}"']
    else:
        fixes = ["name it anew in the query (… AS clean_name)"] + (
            [f"leave it out with {leave_out} in the sources file"] if leave_out else [])
    raise DatasetUnreadable(f"dataset {name!r} cannot be read: column {quoted_name(column_name)} of "
                            f"{dataset.described_as} in the source {dataset.source!r} {problem}; "
                            f"{', or '.join(fixes)}")


def _check_look_alikes(name: str, dataset: SourceDataset, every: Sequence[str]) -> None:
    """Raise DatasetUnreadable when two of the columns `every` of dataset `name` are the same text in
    two Unicode forms (`repeated_name`), which an uploaded CSV's header may not hold either."""
    twice = repeated_name(every)
    if twice is None:
        return
    kept = ", ".join(json.dumps(c, ensure_ascii=False) for c in every if c != twice[1] and IDENTIFIER.fullmatch(c))
    leave_out = f"leave one out with columns = [{kept}] in the sources file, or " if kept else ""
    raise DatasetUnreadable(f"dataset {name!r} cannot be read: columns {quoted_name(twice[0])} and {quoted_name(twice[1])} of "
                            f"{dataset.described_as} in the source {dataset.source!r} look the same"
                            f"{look_alike_words(*twice)}; {leave_out}name one anew (… AS clean_name)")


# PostgreSQL keeps a name to this many bytes (NAMEDATALEN - 1), cutting a longer one where the table,
# view or query's column is made: 63 ASCII letters, about 31 Greek or Cyrillic ones, 21 Chinese ones.
POSTGRES_NAME_BYTES = 63


def postgres_cuts(made: str = "the table, view or column") -> str:
    """Why PostgreSQL has no name as long as one given, in words: it cuts a longer one where `made`
    is made."""
    return (f"PostgreSQL keeps a name to {POSTGRES_NAME_BYTES} bytes of UTF-8 ({POSTGRES_NAME_BYTES} ASCII "
            f"letters, about 31 Greek or Cyrillic ones), and cuts a longer one where {made} is made")


def postgres_cut(name: str) -> str | None:
    """The name PostgreSQL keeps of `name`: its first POSTGRES_NAME_BYTES bytes in UTF-8, without a
    character they end within (as its `truncate_identifier` cuts it); None when it keeps it whole."""
    raw = name.encode("utf-8")
    if len(raw) <= POSTGRES_NAME_BYTES:
        return None
    return raw[:POSTGRES_NAME_BYTES].decode("utf-8", errors="ignore")


def _has_schema(conn: Connection, schema: str) -> bool:
    """Whether the source's database has `schema` (SQLite: a database its connection has attached)."""
    return schema in inspect(conn).get_schema_names()


def _not_there(name: str, dataset: SourceDataset, conn: Connection) -> DatasetUnreadable:
    """The refusal of dataset `name`, whose table the database does not have: naming the schema
    where that is what it lacks, else the table (with its schema), and in PostgreSQL the name it
    keeps of one too long to be a name there (`postgres_cut`)."""
    missing, named = dataset.described_as, dataset.table
    if dataset.schema is not None and not _has_schema(conn, dataset.schema):
        missing, named = f"schema {listed_value(dataset.schema)}", dataset.schema
    elif dataset.schema is not None and conn.dialect.name == "postgresql" and not conn.execute(
            select(func.has_schema_privilege(dataset.schema, "USAGE"))).scalar():
        # PostgreSQL lists no table of a schema its role may not use: a grant mends it, not a new table.
        return privilege_refusal(name, dataset.source, ("schema", dataset.schema))
    refusal = f"dataset {name!r} cannot be read: the source {dataset.source!r} has no {missing}"
    cut = postgres_cut(named) if conn.dialect.name == "postgresql" else None
    if cut is not None:
        refusal += f": {postgres_cuts()}, so one made under this name is named {quoted_name(cut)}: write that name"
    return DatasetUnreadable(refusal)


def postgres_cut_words(name: str, have: Sequence[str], where: str = "") -> str | None:
    """Why a PostgreSQL source's dataset of columns `have` has no column `name`, where `name` is
    longer than PostgreSQL keeps (`postgres_cut`), naming the cut name to write (`where`: in what,
    " in columns"), quoted apart from a name it looks like (`quoted_name`), where it is one of
    `have`, or else the name that would be kept and the columns; None for a name it keeps whole.
    The one wording of a chart's 404 and of a sources file's `columns` naming such a name."""
    cut = postgres_cut(name)
    if cut is None:
        return None
    why = postgres_cuts("the column")
    if cut in have:
        return f"{why}, so this one is named {quoted_name(cut)}: write that name{where}"
    return (f"{why}, so no column is named so ({quoted_name(cut)} would be the name kept); the columns are "
            f"{column_list(have)}")


def _no_column(name: str, dataset: SourceDataset, conn: Connection, missing: str,
               have: Sequence[str]) -> DatasetUnreadable:
    """The refusal of dataset `name`, whose sources file's `columns` names `missing`, a column its
    table or query does not have (`have`). In PostgreSQL a name of over 63 bytes (`postgres_cut`)
    cannot be a column's: it says so in a chart's words (`postgres_cut_words`), and names the cut
    name, which is not taken in its place (two long names may cut to one)."""
    refusal = f"dataset {name!r} cannot be read: {dataset.described_as} in the source {dataset.source!r} has "
    why = postgres_cut_words(missing, have, " in columns") if conn.dialect.name == "postgresql" else None
    if why is None:
        why = other_case_words(missing, have, dataset.columns or ())
    return DatasetUnreadable(refusal + no_column_words(missing, have, why))


def other_case_words(missing: str, have: Sequence[str], columns: Sequence[str]) -> str | None:
    """Why a sources file's `columns` (naming `missing`) names no column of `have`, where the database
    has one of that name in another case (`UPPER`, `"Upper"` for `upper`): the site takes a name as the
    database writes it, so the `columns` to write; None where it has none."""
    alike = in_another_case(missing, have)
    if not alike:
        return None
    fixed = ", ".join(json.dumps(alike[0] if each == missing else each, ensure_ascii=False) for each in columns)
    names = " and ".join(quoted_name(each) for each in alike)
    which = "a column" if len(alike) == 1 else "columns"
    return (f"the database has {which} of that name in another case, {names}, and a name here is written as the "
            f"database has it, upper and lower case alike: write columns = [{fixed}]")


def dataset_relation(name: str, dataset: SourceDataset,
                     conn: Connection) -> tuple[Relation, int, tuple[UnreadDates, ...]]:
    """The columns of dataset `name` as the database has them, what to select them from, how many
    rows it has and its date columns' values that are no moment (counted in the pass that finds
    which integer columns have missing values).

    Raises DatasetUnreadable, saying what to change, when the database lacks what the sources file
    names or a column's name is one the site refuses."""
    functions = functions_for(conn.dialect.name)
    if dataset.table is not None:
        try:
            found = inspect(conn).get_columns(dataset.table, schema=dataset.schema)
        except exc.NoSuchTableError:
            found = []
        except exc.OperationalError as error:
            if not str(error.orig).startswith("unknown database"):  # SQLite's for a schema it has not
                raise
            found = []
        if not found:
            raise _not_there(name, dataset, conn)
        columns = [Column(c["name"], site_type(c["type"])) for c in found]
        # A column declared BLOB may hold any value in SQLite: typed from its values as an undeclared one is.
        untyped = ({c["name"] for c in found if isinstance(c["type"], (sqltypes.NullType, sqltypes.LargeBinary))}
                   if isinstance(functions, SqliteFunctions) else set())
        as_text = {c["name"] for c in found if read_as_text(c["type"]) and c["name"] not in untyped}
        singles = {c["name"] for c in found if functions.single_precision(c["type"])}
    else:
        columns, as_text, singles = _query_columns(name, dataset, conn)
        untyped = {c.name for c in columns} if isinstance(functions, SqliteFunctions) else set()
    if dataset.columns is not None:
        have = {c.name: c for c in columns}
        missing = [c for c in dataset.columns if c not in have]
        if missing:
            raise _no_column(name, dataset, conn, missing[0], list(have))
        columns = [have[c] for c in dataset.columns]
    for picked in columns:
        _check_name(name, dataset, picked.name, [c.name for c in columns])
    _check_look_alikes(name, dataset, [c.name for c in columns])
    read = Reading(as_text=frozenset(as_text), singles=frozenset(singles))
    rows, columns, spelt, blobs, lower_t, short_offsets, unread = counted_types(
        conn, _selectable(dataset, columns, read, functions), columns, functions, untyped,
        a_table(dataset, conn, functions))
    read = Reading(read.as_text, frozenset(spelt), read.singles, frozenset(blobs), frozenset(lower_t),
                   frozenset(short_offsets))
    return Relation(_selectable(dataset, columns, read, functions), tuple(columns),
                    collation=functions.collation), rows, tuple(unread)


def columns_now(dataset: SourceDataset, conn: Connection) -> list[Column]:
    """The columns the dataset's table or query gives now, of the site's types as its database declares
    them (before `counted_types` makes an integer column holding a REAL or text float): no row is read. Only a
    PostgreSQL source's declare their types; SQLite's are typed by their values."""
    if dataset.table is not None:
        found = [Column(c["name"], site_type(c["type"]))
                 for c in inspect(conn).get_columns(dataset.table, schema=dataset.schema)]
    else:
        query = _query_text(dataset.sql).columns().subquery("q")
        result = conn.execute(select(literal_column("*")).select_from(query).limit(0))
        found = [Column(d[0], postgres_type(d[1])) for d in result.cursor.description]
        result.close()
    if dataset.columns is None:
        return found
    have = {c.name: c for c in found}
    return [have[name] for name in dataset.columns if name in have]


def columns_differ(described: Sequence[Column], now: Sequence[Column]) -> bool:
    """Whether the columns a dataset was described with (`dataset_relation`) are no longer those its
    database declares `now` (`columns_now`): another name, or another type than an integer column
    described as float for a REAL or text it held."""
    if [c.name for c in described] != [c.name for c in now]:
        return True
    return any(was.type != is_.type and (was.type, is_.type) != ("float", "integer")
               for was, is_ in zip(described, now))


@dataclass(frozen=True)
class Reading:
    """How a dataset's columns are read from its table or query (`_selectable`), by name: `as_text`
    turned into text by `SqlFunctions.as_text` (a boolean, an enum …), `spelt` by CAST (an SQLite
    query's text column holding numbers too), `singles` read as doubles (`SqlFunctions.as_double`),
    `blobs` (SQLite's, which any column may hold) read as missing values, and `lower_t`, date
    columns whose text holds a lower-case `t`, read as `SqlFunctions.date_text` (only those: it
    costs every query over the column), and `short_offsets`, date columns whose text ends in a UTC
    offset without its colon (`+01`, `+0200`), read as `SqlFunctions.colon_offset` (only those too):
    both through `SqlFunctions.date_as_read`."""

    as_text: frozenset[str] = frozenset()
    spelt: frozenset[str] = frozenset()
    singles: frozenset[str] = frozenset()
    blobs: frozenset[str] = frozenset()
    lower_t: frozenset[str] = frozenset()
    short_offsets: frozenset[str] = frozenset()

    def value(self, functions: SqlFunctions, value: ColumnElement, name: str) -> ColumnElement:
        """The column `name` (`value`) as the site reads it."""
        if name in self.blobs:
            value = functions.without_blobs(value)
        if name in self.lower_t or name in self.short_offsets:
            return functions.date_as_read(value, name in self.lower_t, name in self.short_offsets)
        if name in self.as_text:
            return functions.as_text(value)
        if name in self.spelt:
            return cast(value, Text)
        if name in self.singles:
            return functions.as_double(value)
        return value

    def reads_any(self, names: Collection[str]) -> bool:
        """Whether any of the columns `names` is read otherwise than as its table or query gives it."""
        return any(not read.isdisjoint(names) for read in (self.as_text, self.spelt, self.singles, self.blobs,
                                                           self.lower_t, self.short_offsets))


def _selectable(dataset: SourceDataset, columns: Sequence[Column], read: Reading,
                functions: SqlFunctions) -> FromClause:
    """What a dataset's `columns` (of the site's types) are selected from: its table or query,
    each column `read` as the site reads it, so that every query and row has one reading of it."""
    typed = [column(c.name, functions.query_column_type(c.type)) for c in columns]
    if dataset.table is not None:
        selectable = table(dataset.table, *typed, schema=dataset.schema)
    else:
        selectable = _query_text(dataset.sql).columns(*typed).subquery("q")
    if read.reads_any({c.name for c in columns}):
        selectable = select(*(read.value(functions, selectable.c[c.name], c.name).label(c.name)
                              for c in columns)).subquery("t")
    return selectable


# How SQLite names a repeated column of a subquery: the name, a colon and a number ('v:1').
SQLITE_RENAMED = re.compile(r"(?P<name>.*):[0-9]+", re.DOTALL)


def _check_repeated_names(name: str, dataset: SourceDataset, conn: Connection, names: Sequence[str]) -> None:
    """Raise DatasetUnreadable, naming the name, when the query of dataset `name` gives two columns
    of one name (`names`: those of its result as the site's wrapper reads them). PostgreSQL gives
    them as they are ('?column?' for each expression without a name); SQLite renames the second
    ('v:1') and compares names regardless of case, so a name of that form is checked against the
    query's own result."""
    if conn.dialect.name == "sqlite":
        earlier = {n.casefold() for n in names}
        renamed = [n for n in names if (m := SQLITE_RENAMED.fullmatch(n)) and m["name"].casefold() in earlier]
        if not renamed:
            return
        own = conn.exec_driver_sql(dataset.sql)
        names = [d[0] for d in own.cursor.description]
        own.close()
    seen: dict[str, str] = {}
    for column_name in names:
        key = column_name.casefold() if conn.dialect.name == "sqlite" else column_name
        if key in seen:
            first = seen[key]
            twice = (f"two columns named {quoted_name(first)}" if first == column_name else
                     f"columns named {quoted_name(first)} and {quoted_name(column_name)}, one name to SQLite")
            unnamed = (" (PostgreSQL's name for an expression given no name, such as a constant)"
                       if column_name == "?column?" else "")
            raise DatasetUnreadable(f"dataset {name!r} cannot be read: its query in the source {dataset.source!r} "
                                    f"gives {twice}{unnamed}; give each column a name of its own with AS "
                                    f"(… AS another_name)")
        seen[key] = column_name


def _query_columns(name: str, dataset: SourceDataset,
                   conn: Connection) -> tuple[list[Column], set[str], set[str]]:
    """A query's result columns: types from PostgreSQL's description (SQLite's have none yet, typed
    from their values by `source_counts.counted_types`); those of another type than text that the site reads
    as text (PostgreSQL's booleans …); and its single-precision floats (PostgreSQL's `real`)."""
    query = _query_text(dataset.sql).columns().subquery("q")
    result = conn.execute(select(literal_column("*")).select_from(query).limit(0))
    description = result.cursor.description
    names = [d[0] for d in description]
    result.close()
    _check_repeated_names(name, dataset, conn, names)
    if conn.dialect.name == "postgresql":
        columns = [Column(n, postgres_type(d[1])) for n, d in zip(names, description)]
        return columns, {c.name for c, d in zip(columns, description)
                         if c.type == "text" and d[1] not in POSTGRES_TEXT_OIDS}, \
            {n for n, d in zip(names, description) if d[1] == POSTGRES_FLOAT4_OID}
    return [Column(n, "text") for n in names], set(), set()
