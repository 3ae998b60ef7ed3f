"""What a source dataset's read waited for when another session held a PostgreSQL table locked: the
key of the hold that the datasets waiting for the same lock share (`SourceStore._admit`).

A table is the one the database finds by its name: named without a schema, the first of the search
path of the source's role that holds it, which need not be `public` (ALTER ROLE … SET search_path).
Each read of such a table asks PostgreSQL which schema that is, in the statement that sets up its
transaction (`schema_asked`), and the answer is kept for the holds of the reads after it
(`schema_found`). Which tables a query reads is not known, nor those of a `version_sql`: a query's
dataset is held alone, and one whose `version_sql` waited for the lock, with the datasets of the
same `version_sql` of its source (not those of its own table, which may not be locked).
"""
from __future__ import annotations

from sqlalchemy import ScalarSelect, column, func, select, table

from .source_config import SourcesConfig

# PostgreSQL's catalog of relations and of schemas, as much of them as finding a table's schema reads.
_RELATIONS = table("pg_class", column("oid"), column("relnamespace"), schema="pg_catalog")
_SCHEMAS = table("pg_namespace", column("oid"), column("nspname"), schema="pg_catalog")


def resolved_schema(name: str) -> ScalarSelect:
    """The schema of the table PostgreSQL finds by `name` alone on the search path (NULL for none),
    found without a lock on the table (`to_regclass`): a table held locked is found too."""
    relation = func.to_regclass(func.quote_ident(name))
    return (select(_SCHEMAS.c.nspname)
            .join_from(_RELATIONS, _SCHEMAS, _SCHEMAS.c.oid == _RELATIONS.c.relnamespace)
            .where(_RELATIONS.c.oid == relation).scalar_subquery())


class LockedTables:
    """The hold keys of what source datasets' reads wait for when it is locked, with the schemas
    their tables named without one were found in."""

    def __init__(self, config: SourcesConfig):
        self.config = config
        # (source, table named without a schema) → the schema PostgreSQL last found it in.
        self._schemas: dict[tuple[str, str], str] = {}

    def schema_asked(self, name: str) -> list[ScalarSelect]:
        """What a read of dataset `name` selects, as it sets up its transaction, to find the schema
        of its table (`schema_found`): nothing for a table named with its schema, or a query."""
        dataset = self.config.datasets[name]
        if dataset.table is None or dataset.schema is not None:
            return []
        return [resolved_schema(dataset.table)]

    def schema_found(self, name: str, schema: str | None) -> None:
        """Keep the schema PostgreSQL found the table of dataset `name` in (None: no such table)."""
        dataset = self.config.datasets[name]
        if schema is not None:
            self._schemas[(dataset.source, dataset.table)] = schema

    def key(self, name: str, in_version_sql: bool = False) -> tuple:
        """The hold of what dataset `name`'s read waited for, once it was found locked: its table, or
        (`in_version_sql`) its `version_sql`'s tables, which every dataset of the same `version_sql`
        waits for. A query's tables are not known: its dataset is held alone."""
        dataset = self.config.datasets[name]
        if in_version_sql:
            return ("table locked", dataset.source, "version_sql", dataset.version_sql)
        if dataset.table is None:
            return ("table locked", dataset.source, "query", name)
        schema = dataset.schema or self._schemas.get((dataset.source, dataset.table))
        return ("table locked", dataset.source, self.config.sources[dataset.source].schema_of(schema), dataset.table)

    def keys(self, name: str) -> list[tuple[tuple, bool]]:
        """Every hold that refuses a read of dataset `name` at once, each with whether it is of its `version_sql`."""
        held = [(self.key(name), False)]
        if self.config.datasets[name].version_sql is not None:
            held.append((self.key(name, in_version_sql=True), True))
        return held
