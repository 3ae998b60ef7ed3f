"""A PostgreSQL source's refusal of a query its role may not run: "permission denied for table
secret", said as what is wrong and the grant that mends it, naming the table, view or schema the
server names (a name of the query's own, never a value of its rows).

The role is not named: a refusal is read by anyone, and names nothing of the source's URL (its user
among it), as its 503s do not; whoever keeps the sources file knows which role its URL connects as.
SQLite has no such refusal: a file the site may not open is a source out of reach (`source_unreachable`).
"""
from __future__ import annotations

import re

from plots.text import quoted_name

from .postgres_errors import driver_error
from .types import DatasetUnreadable

# The PostgreSQL SQLSTATE of a privilege the role lacks (insufficient_privilege).
PG_NO_PRIVILEGE = "42501"
# PostgreSQL's words for it: `permission denied for table secret` (a view's, a schema's … alike).
PG_DENIED_WORDS = re.compile(r"permission denied for (table|view|materialized view|foreign table|sequence|schema|"
                             r"function|procedure) (\S+)")
# The privilege each kind of object needs for a query to read it or call it, and how a GRANT names
# such an object; any other (a table, a view, a sequence) needs SELECT, named as it is.
GRANTS = {"schema": ("USAGE", "SCHEMA "), "function": ("EXECUTE", "FUNCTION "), "procedure": ("EXECUTE", "PROCEDURE ")}
# The longest name a refusal quotes: past this it is no name to read.
NAME_CHARS = 200
PLAIN_NAME = re.compile(r"[a-z_][a-z0-9_$]*")


def denied(error: BaseException) -> tuple[str, str] | None:
    """What a PostgreSQL role may not use (("table", "secret")), as the server names it, when it
    refused a statement for a privilege its role lacks; ("", "") where it names nothing it knows;
    None for any other error."""
    driver = driver_error(error)
    if getattr(driver, "sqlstate", None) != PG_NO_PRIVILEGE:
        return None
    words = getattr(getattr(driver, "diag", None), "message_primary", None) or str(driver)
    found = PG_DENIED_WORDS.search(words)
    return (found.group(1), found.group(2)[:NAME_CHARS]) if found else ("", "")


def sql_identifier(name: str) -> str:
    """`name` as a GRANT writes it: as it is when PostgreSQL would read it so, else in double quotes."""
    return name if PLAIN_NAME.fullmatch(name) else '"' + name.replace('"', '""') + '"'


def privilege_refusal(name: str, source: str, what: tuple[str, str],
                      in_version_sql: bool = False) -> DatasetUnreadable:
    """The 422 of dataset `name` whose source (named `source`) has a role that may not use `what`
    (`denied`), to read the dataset or, `in_version_sql`, to answer its version_sql: what it lacks and
    the grant that mends it."""
    kind, thing = what
    query = "its version_sql" if in_version_sql else "its query"
    start = f"dataset {name!r} cannot be read: the source {source!r} refused {query} (SQLSTATE {PG_NO_PRIVILEGE})"
    if not kind:
        return DatasetUnreadable(f"{start}: the role its URL connects as lacks a privilege the query needs; grant it "
                                 "that privilege (GRANT SELECT ON <table or view> TO <role> for each the query "
                                 "reads) or connect as a role that has it")
    privilege, on = GRANTS.get(kind, ("SELECT", ""))
    return DatasetUnreadable(f"{start}: the role its URL connects as lacks {privilege} on {kind} {quoted_name(thing)}; "
                             f"grant it (GRANT {privilege} ON {on}{sql_identifier(thing)} TO <role>) or connect as a role "
                             "that has it")
