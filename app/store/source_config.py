"""Data sources: the `sources.toml` file naming databases the site reads and the datasets it charts from them.

    [sources.warehouse]
    url_env = "WAREHOUSE_URL"      # the environment variable holding the SQLAlchemy URL
    # url = "sqlite:///shop.db"     (only for URLs without a password; relative to this file)
    cache_seconds = 60
    hold_seconds = 5               # after an outage or a timeout, 503 at once for this long
    connections = 5                # at most this many open to it per process at once

    [datasets.orders]
    source = "warehouse"
    table = "orders"               # a table or view; or sql = "SELECT ..."
    title = "Orders"
    version_sql = "SELECT max(updated_at) FROM orders"

The file is read once, when the app is built; anything wrong stops the start with one line naming
the file, the entry and the field. Table and column names come from here only and are checked
against the database when first read; nothing from a request ever becomes part of SQL text.
"""
from __future__ import annotations

import os
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from plots.unknown_names import unknown_name
from plots.text import listed_value, quoted_name
from plots.toml_values import toml_shown

from .sql_placeholders import first_placeholder
from .sql_text import statement_code, statement_verbs
from .toml_files import read_toml
from .dataset_titles import title_from_name, title_problem
from .types import NAME_PATTERN, NAME_RULE

if TYPE_CHECKING:
    from sqlalchemy.engine import URL

SOURCE_KEYS = ("url", "url_env", "cache_seconds", "hold_seconds", "connections")
DATASET_KEYS = ("source", "table", "schema", "sql", "title", "version_sql", "columns")
FILE_KEYS = ("sources", "datasets")
# Database systems a source may be, and the driver each is read with.
DRIVERS = {"sqlite": "pysqlite", "postgresql": "psycopg"}
URL_FORMS = "sqlite:///path/to/file.db or postgresql+psycopg://user@host:port/database"
DEFAULT_CACHE_SECONDS = 60
MAX_CACHE_SECONDS = 86_400
MAX_HOLD_SECONDS = 3_600
# How many connections to a source a process holds open at most (its pool, with no overflow): a burst
# of requests for its datasets waits for one of them rather than opening more.
DEFAULT_CONNECTIONS = 5
MAX_CONNECTIONS = 1_000
ENV_NAME = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*$")
# A table, schema or column name: any the database may hold but for control characters, quotes
# and backticks too (SQLAlchemy quotes it in SQL, each quote doubled); checked against the database.
IDENTIFIER = re.compile(r"^[^\x00-\x1f\x7f]{1,128}$")
IDENTIFIER_RULE = "1 to 128 characters, none of them a control character"
# How a query begins, once comments before it are left out.
QUERY_START = re.compile(r"(?i)\s*(select|with|values)\b")
# The words a query of a WITH clause, and the statement it leads to, may begin with.
QUERY_WORDS = ("select", "values")


class SourceConfigError(ValueError):
    """A sources file the site cannot use; the message names the file, the entry and the field."""


# The schema a table named without one is read from. On PostgreSQL that is the first schema of the
# connection's search path, "public" unless the source's URL or role sets another path: reading the
# path would cost a query of the source, so "public" it is taken to be (a table of another default
# schema is then held apart from its name with the schema, as before). An SQLite source's table is in
# "main": its connections attach no other database.
DEFAULT_SCHEMAS = {"postgresql": "public", "sqlite": "main"}


@dataclass(frozen=True)
class Source:
    """A database the site reads: its URL (never shown), how long a chart drawn from it may be
    reused, how long it and its datasets answer 503 at once after it could not be reached or a
    query ran past its time (`source_holds`; None: the site's own `source_transactions.DOWN_FOR`), and
    how many connections to it a process holds open at most."""

    name: str
    url: URL = field(repr=False)
    cache_seconds: int = DEFAULT_CACHE_SECONDS
    hold_seconds: int | None = None
    connections: int = DEFAULT_CONNECTIONS

    @property
    def backend(self) -> str:
        """'sqlite' or 'postgresql'."""
        return self.url.get_backend_name()

    def schema_of(self, schema: str | None) -> str | None:
        """The schema a table named in `schema` is in: `schema`, or for none the one it is read from."""
        return schema if schema is not None else DEFAULT_SCHEMAS.get(self.backend)


@dataclass(frozen=True)
class SourceDataset:
    """A dataset read from a source: a table or view (`table`, maybe in `schema`) or a query (`sql`)."""

    name: str
    source: str
    title: str
    table: str | None = None
    schema: str | None = None
    sql: str | None = None
    version_sql: str | None = None
    # Only these columns, when given (else every column of the table or query).
    columns: tuple[str, ...] | None = None

    @property
    def described_as(self) -> str:
        """What the dataset reads, for messages: "table 'orders'", "table 'sales.orders'" or "its query"."""
        if self.table is None:
            return "its query"
        return f"table {listed_value((self.schema + '.' if self.schema else '') + self.table)}"


@dataclass(frozen=True)
class SourcesConfig:
    """The sources and source datasets of one file (none when there is no file)."""

    sources: Mapping[str, Source] = field(default_factory=dict)
    datasets: Mapping[str, SourceDataset] = field(default_factory=dict)
    path: Path | None = None


NO_SOURCES = SourcesConfig()


def _fail(path: Path, where: str, message: str) -> SourceConfigError:
    return SourceConfigError(f"{path.name}: {where}{message}")


def _unknown_keys(path: Path, where: str, entry: Mapping, allowed: tuple[str, ...]) -> None:
    unknown = [key for key in entry if key not in allowed]
    if unknown:
        raise _fail(path, where, unknown_name(unknown[0], allowed, "key"))


def _text(path: Path, where: str, entry: Mapping, key: str, pattern: re.Pattern | None = None,
          rule: str = "") -> str | None:
    value = entry.get(key)
    if value is None:
        return None
    if not isinstance(value, str) or not value.strip():
        raise _fail(path, where, f"{key} must be non-empty text, got {toml_shown(value)}")
    if pattern is not None and not pattern.fullmatch(value):
        raise _fail(path, where, f"{key} must be {rule}, got {toml_shown(value)}")
    return value


def _title(path: Path, where: str, entry: Mapping) -> str | None:
    """A dataset's title, held to the rule of the titles of uploaded datasets."""
    title = _text(path, where, entry, "title")
    if title is None:
        return None
    problem = title_problem(title)
    if problem:
        raise _fail(path, where, problem)
    return title


def _url(path: Path, where: str, entry: Mapping, environ: Mapping[str, str]) -> URL:
    """The source's URL from `url` or from the environment variable `url_env` names."""
    # Imported here: render workers import the app, and need not pay for SQLAlchemy's import.
    from sqlalchemy import exc
    from sqlalchemy.engine import make_url

    given, env = entry.get("url"), _text(path, where, entry, "url_env", ENV_NAME, "an environment variable's name")
    if (given is None) == (env is None):
        raise _fail(path, where, "give either url_env (the environment variable holding the URL) or url")
    key = "url" if env is None else "url_env"
    if env is not None:
        raw = environ.get(env)
        if raw is None:
            raise _fail(path, where, f"url_env: the environment variable {env} is not set")
        if not raw.strip():
            # A `KEY=${KEY}` of a compose file or env file, whose own variable is unset, sets it so.
            raise _fail(path, where, f"url_env: the environment variable {env} is set but empty; "
                                     "set it to the source's URL")
        what = f"the URL in {env}"
    else:
        raw = _text(path, where, entry, "url") or ""
        what = "url"
    try:
        url = make_url(raw.strip())
    except (exc.ArgumentError, ValueError, TypeError):
        raise _fail(path, where, f"{key}: {what} cannot be read; use {URL_FORMS}") from None
    backend = url.get_backend_name()
    if backend not in DRIVERS or url.drivername not in (backend, f"{backend}+{DRIVERS[backend]}"):
        raise _fail(path, where, f"{key}: {what} must be {URL_FORMS}; got the scheme {listed_value(url.drivername)}")
    if env is None and url.password:
        raise _fail(path, where, "url: a URL with a password belongs in an environment variable; name it with url_env")
    url = url.set(drivername=f"{backend}+{DRIVERS[backend]}")
    if backend == "sqlite":
        database = url.database or ""
        if database in ("", ":memory:") or database.startswith("file:"):
            raise _fail(path, where, f"{key}: an SQLite source needs a file: sqlite:///path/to/file.db")
        if not Path(database).is_absolute():
            url = url.set(database=str((path.parent / database).resolve()))
    return url


def _seconds(path: Path, where: str, entry: Mapping, key: str, most: int, default: int | None) -> int | None:
    """A setting of whole seconds (or another whole number), from 1 to `most`; `default` when left out."""
    if key not in entry:
        return default
    value = entry[key]
    if isinstance(value, bool) or not isinstance(value, int) or not 1 <= value <= most:
        raise _fail(path, where, f"{key} must be a whole number from 1 to {most}, got {toml_shown(value)}")
    return value


def _named_entry(path: Path, kind: str, name: str, entry: Any, keys: tuple[str, ...]) -> str:
    """Check a `[<kind>s.<name>]` entry's name, shape and keys; the words that start its errors."""
    where = f"{kind} {quoted_name(name)}: "
    if not NAME_PATTERN.fullmatch(name):
        raise _fail(path, where, f"the name must be {NAME_RULE}")
    if not isinstance(entry, dict):
        raise _fail(path, where, f"must be a table of settings: [{kind}s.<name>]")
    _unknown_keys(path, where, entry, keys)
    return where


def _source(path: Path, name: str, entry: Any, environ: Mapping[str, str]) -> Source:
    where = _named_entry(path, "source", name, entry, SOURCE_KEYS)
    return Source(name, _url(path, where, entry, environ),
                  _seconds(path, where, entry, "cache_seconds", MAX_CACHE_SECONDS, DEFAULT_CACHE_SECONDS),
                  _seconds(path, where, entry, "hold_seconds", MAX_HOLD_SECONDS, None),
                  _seconds(path, where, entry, "connections", MAX_CONNECTIONS, DEFAULT_CONNECTIONS))


def _query(path: Path, where: str, entry: Mapping, key: str, backend: str) -> str | None:
    """A configured query, checked to be one SELECT, WITH or VALUES statement (a WITH clause's
    queries and the statement it leads to each a SELECT or VALUES): comments anywhere,
    and a ';' or a keyword inside a string or a quoted name, are no part of that check. A ';' that
    ends the statement (comments may follow it) is left out: the site wraps the query in its own."""
    sql = _text(path, where, entry, key)
    if sql is None:
        return None
    try:
        code = statement_code(sql, backend)
    except ValueError as error:
        raise _fail(path, where, f"{key}: {error}") from None
    body = len(code.rstrip().rstrip(";").rstrip())
    if ";" in code[:body]:
        raise _fail(path, where, f"{key} must be one statement; a ';' may only end it, not begin another")
    if not QUERY_START.match(code):
        words = code.split(None, 1)
        got = f"it begins {listed_value(words[0][:20])}" if words else "it holds only comments"
        raise _fail(path, where, f"{key} must be a query: SELECT …, WITH … or VALUES …; {got}")
    written = [verb for verb in statement_verbs(statement_code(sql, backend, "_")) if verb.lower() not in QUERY_WORDS]
    if written:
        raise _fail(path, where, f"{key} must be a query: SELECT …, WITH … or VALUES …; its WITH clause leads to "
                                 f"{listed_value(written[0][:20])}, which is no query")
    _refuse_placeholders(path, where, key, sql, code, backend)
    ending = "".join(" " if mark == ";" else character for mark, character in zip(code[body:], sql[body:]))
    return (sql[:body] + ending).strip()


def _refuse_placeholders(path: Path, where: str, key: str, sql: str, code: str, backend: str) -> None:
    """Raise SourceConfigError for the first parameter placeholder of `sql` (`code`: its statement
    code), which nothing fills (`first_placeholder`)."""
    found = first_placeholder(sql, code, backend)
    if found is None:
        return
    start, text, why = found
    line = code.count("\n", 0, start) + 1
    raise _fail(path, where, f"{key} holds the parameter placeholder {listed_value(text)} (line {line}){why}; "
                             "write the value itself (WHERE temperature_c > 20), or leave the condition out and "
                             "narrow charts with xmin/xmax, filter.<column>= or a dashboard's filters")


def _dataset(path: Path, name: str, entry: Any, sources: Mapping[str, Source]) -> SourceDataset:
    where = _named_entry(path, "dataset", name, entry, DATASET_KEYS)
    source = entry.get("source")
    if not isinstance(source, str) or source not in sources:
        raise _fail(path, where, f"source must name a [sources.<name>] entry ({', '.join(sources) or 'none'}), "
                                 f"got {toml_shown(source)}")
    table = _text(path, where, entry, "table", IDENTIFIER, f"a table or view name of {IDENTIFIER_RULE}")
    schema = _text(path, where, entry, "schema", IDENTIFIER, f"a schema name of {IDENTIFIER_RULE}")
    backend = sources[source].backend
    sql = _query(path, where, entry, "sql", backend)
    if (table is None) == (sql is None):
        raise _fail(path, where, "give either table (a table or view) or sql (a query)")
    if schema is not None and table is None:
        raise _fail(path, where, "schema goes with table, not with sql")
    title = _title(path, where, entry) or title_from_name(name)
    columns = entry.get("columns")
    if columns is not None:
        if not isinstance(columns, list) or not columns:
            raise _fail(path, where, f"columns must be a non-empty list of column names, got {toml_shown(columns)}")
        refused = [c for c in columns if not (isinstance(c, str) and IDENTIFIER.fullmatch(c))]
        if refused:
            raise _fail(path, where, f"columns must name each column as text of {IDENTIFIER_RULE}, "
                                     f"got {toml_shown(refused[0])}")
        twice = next((c for number, c in enumerate(columns) if c in columns[:number]), None)
        if twice is not None:
            raise _fail(path, where, f"columns names the column {quoted_name(twice)} twice; name each column once")
        columns = tuple(columns)
    return SourceDataset(name, source, title, table, schema, sql, _query(path, where, entry, "version_sql", backend),
                         columns)


def load_sources(path: Path | None, environ: Mapping[str, str] | None = None, required: bool = False) -> SourcesConfig:
    """The sources and datasets of a `sources.toml` file; raises SourceConfigError naming what is wrong.

    No file (or None) means no sources, unless `required` (a file the settings name must exist).
    URLs come from `environ` (default: the process environment) for sources that give `url_env`.
    """
    if path is None:
        return NO_SOURCES
    path = Path(path)
    if required and path.is_dir():
        raise SourceConfigError(f"{path}: is a folder, not a file; name the sources file itself")
    # A link to no file is read, and refused saying so (`read_toml`), as is a file the site may not read.
    if path.is_dir() or not (path.exists() or path.is_symlink()):
        if required:
            raise SourceConfigError(f"{path}: no such file")
        return NO_SOURCES
    try:
        raw = read_toml(path)
    except ValueError as error:
        raise _fail(path, "", str(error)) from None
    _unknown_keys(path, "", raw, FILE_KEYS)
    environ = os.environ if environ is None else environ
    for key in FILE_KEYS:
        if not isinstance(raw.get(key, {}), dict):
            raise _fail(path, "", f"{key} must be tables: [{key}.<name>]")
    sources = {name: _source(path, name, entry, environ) for name, entry in raw.get("sources", {}).items()}
    datasets = {name: _dataset(path, name, entry, sources) for name, entry in raw.get("datasets", {}).items()}
    return SourcesConfig(sources, datasets, path)
