"""A source dataset's columns as its database has them, and the `Relation` a chart selects them from.

A table's or view's columns are reflected; a query's come from its result (PostgreSQL's
description types them, SQLite's values do). The sources file's `columns` picks among them, and
each name is held to the rule of an uploaded CSV's header, a refusal saying how the sources file
can leave the column out or name it anew. Columns of another type than text that the site reads
as text (a boolean, an enum …) are turned into text by the database.
"""
from __future__ import annotations

import json
from collections.abc import Sequence

from sqlalchemy import Connection, TextClause, column, exc, inspect, literal_column, select, table, text

from plots.text import quoted, refused_character

from .csv_headers import column_name_problem, look_alike_words, repeated_name
from .source_conditions import Relation
from .source_config import IDENTIFIER, SourceDataset
from .source_sql import enclosable, functions_for
from .source_values import POSTGRES_TEXT_OIDS, postgres_type, read_as_text, site_type, value_type
from .types import Column, DatasetUnreadable

# How many rows of an SQLite query's result are looked at to tell its columns' types.
TYPE_SAMPLE_ROWS = 1000


def escaped(sql: str) -> str:
    """Configured SQL as SQLAlchemy's text() takes it: every colon literal, none a parameter."""
    return sql.replace(":", "\\:")


def _query_text(sql: str) -> TextClause:
    """A configured query as text() to wrap in a subquery, `(…) AS q`: its colons literal."""
    return text(enclosable(escaped(sql)))


def _shown_name(name: str) -> str:
    """A column name as a message lists it: as it is, or quoted with its escapes when the text rule
    refuses a character of it (a message must not read differently from the names it holds)."""
    return name if refused_character(name) is None else repr(name)


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
    raise DatasetUnreadable(f"dataset {name!r} cannot be read: column {quoted(column_name)} of "
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
    raise DatasetUnreadable(f"dataset {name!r} cannot be read: columns {quoted(twice[0])} and {quoted(twice[1])} of "
                            f"{dataset.described_as} in the source {dataset.source!r} look the same"
                            f"{look_alike_words(*twice)}; {leave_out}name one anew (… AS clean_name)")


def dataset_relation(name: str, dataset: SourceDataset, conn: Connection) -> Relation:
    """The columns of dataset `name` as the database has them, and what to select them from.

    Raises DatasetUnreadable, saying what to change, when the database lacks what the sources file
    names or a column's name is one the site refuses."""
    functions = functions_for(conn.dialect.name)
    if dataset.table is not None:
        try:
            found = inspect(conn).get_columns(dataset.table, schema=dataset.schema)
        except exc.NoSuchTableError:
            found = []
        if not found:
            raise DatasetUnreadable(f"dataset {name!r} cannot be read: the source {dataset.source!r} has no "
                                    f"{dataset.described_as} (a table or view)")
        columns = [Column(c["name"], site_type(c["type"])) for c in found]
        as_text = {c["name"] for c in found if read_as_text(c["type"])}
    else:
        columns, as_text = _query_columns(name, dataset, conn)
    if dataset.columns is not None:
        have = {c.name: c for c in columns}
        missing = [c for c in dataset.columns if c not in have]
        if missing:
            raise DatasetUnreadable(f"dataset {name!r} cannot be read: {dataset.described_as} in the source "
                                    f"{dataset.source!r} has no column {missing[0]!r}; its columns are "
                                    f"{', '.join(map(_shown_name, have))}")
        columns = [have[c] for c in dataset.columns]
    for picked in columns:
        _check_name(name, dataset, picked.name, [c.name for c in columns])
    _check_look_alikes(name, dataset, [c.name for c in columns])
    typed = [column(c.name, functions.query_column_type(c.type)) for c in columns]
    if dataset.table is not None:
        selectable = table(dataset.table, *typed, schema=dataset.schema)
    else:
        selectable = _query_text(dataset.sql).columns(*typed).subquery("q")
    if as_text & {c.name for c in columns}:
        selectable = select(*(functions.as_text(selectable.c[c.name]).label(c.name) if c.name in as_text
                              else selectable.c[c.name] for c in columns)).subquery("t")
    return Relation(selectable, tuple(columns))


def _query_columns(name: str, dataset: SourceDataset, conn: Connection) -> tuple[list[Column], set[str]]:
    """A query's result columns: types from PostgreSQL's description, or from SQLite's values;
    and those of another type than text that the site reads as text (PostgreSQL's booleans …)."""
    query = _query_text(dataset.sql).columns().subquery("q")
    limit = 0 if conn.dialect.name == "postgresql" else TYPE_SAMPLE_ROWS
    result = conn.execute(select(literal_column("*")).select_from(query).limit(limit))
    description = result.cursor.description
    names = [d[0] for d in description]
    rows = result.all()
    if len(set(names)) != len(names):
        raise DatasetUnreadable(f"dataset {name!r} cannot be read: its query gives two columns of one name; "
                                "name each column once (… AS name)")
    if conn.dialect.name == "postgresql":
        columns = [Column(n, postgres_type(d[1])) for n, d in zip(names, description)]
        return columns, {c.name for c, d in zip(columns, description)
                         if c.type == "text" and d[1] not in POSTGRES_TEXT_OIDS}
    return [Column(n, value_type([row[i] for row in rows])) for i, n in enumerate(names)], set()
