"""A PostgreSQL source's URL option its driver refuses before it connects (`sslmode=bogus`,
`port=99999`, an option libpq does not know): a mistake in the sources file's URL, told as such and
naming the option alone, not an outage to wait out (`source_connections.failure`)."""
from __future__ import annotations

import re

from .postgres_errors import driver_error
from .source_config import Source
from .types import DatasetUnreadable

# What libpq (or psycopg, of an option it does not know) says of a URL's option it refuses before it
# connects, naming the option: a mistake in the sources file's URL, not an outage to wait out.
# Each a pattern finding the option, and whether it is one the driver does not know.
PG_OPTION_REFUSALS = (
    (re.compile(r'invalid (\w+) value: "'), False),  # sslmode, gssencmode, target_session_attrs …
    (re.compile(r'invalid integer value ".*" for connection option "(\w+)"'), False),
    (re.compile(r'invalid (port) number: "'), False),
    (re.compile(r'invalid connection option "(\w+)"'), True),
)


def refused_url_option(error: BaseException) -> tuple[str, bool] | None:
    """The option of a PostgreSQL source's URL its driver refused before connecting (`sslmode=bogus`,
    `port=99999`), and whether it is one the driver does not know; None for any other error."""
    said = str(driver_error(error))
    for pattern, unknown in PG_OPTION_REFUSALS:
        found = pattern.search(said)
        if found:
            return found.group(1), unknown
    return None


def option_refused(name: str, source: Source, option: str, unknown: bool) -> DatasetUnreadable:
    """The answer for dataset `name` while its source's URL holds an `option` its driver refuses (one
    it does not know, when `unknown`), naming neither the option's value nor anything else of the URL."""
    what = (f"an option its database driver does not know, {option!r} (remove it or correct its name)" if unknown
            else f"a value of {option!r} its database driver refuses (correct {option} there)")
    return DatasetUnreadable(f"dataset {name!r} cannot be read: the URL of its source {source.name!r} gives {what}; "
                             "it is a mistake in the URL, not an outage")
