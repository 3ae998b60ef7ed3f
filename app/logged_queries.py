"""How the logs write a request's query (LOG_QUERIES): whole, its parameters' names alone, or not at all. A
dashboard's filter values travel in its URL (`/d/sales?filter.region=Alice`), and may name people where the
data does: an operator who needs to know which pages and charts were asked for, not for whom, keeps less."""
from __future__ import annotations

import re

from .config import shown_setting

# What LOG_QUERIES may be: the query as sent (the default, as gunicorn and werkzeug log it), each parameter's
# name with its value written [hidden], or none (the request line's path alone).
QUERY_CHOICES = ("full", "names", "off")
QUERY_WORDS = ("\"full\" (the logs write each request's query as sent), \"names\" (each parameter's name, its value "
               "written [hidden]) or \"off\" (no query, the path alone)")
HIDDEN = "[hidden]"
# A query in a request line or URL: from its `?` up to the next white space (the line's HTTP version) or an
# escape (werkzeug colours a line's request on a terminal).
QUERY = re.compile(r"\?([^\s\x1b]+)")


def setting_problem(value: object) -> str | None:
    """Why `value` cannot be LOG_QUERIES, or None where it can."""
    if value in QUERY_CHOICES:
        return None
    return f"LOG_QUERIES must be {QUERY_WORDS}; got {shown_setting(value)}"


def query_names(query: str) -> str:
    """`query` (no `?`) with each parameter's value written [hidden]: `region=[hidden]&from=[hidden]`.

    Parameters are split at `&` alone, as the site reads them: a `;` is part of a value (`Smith;John`), so
    it is hidden with it. A part without `=` is hidden whole: it may be a value (`?Alice`, or `region%3DAlice`,
    whose `=` is percent-encoded). A blank value stays blank: it holds nothing to hide."""
    def part_logged(part: str) -> str:
        if not part:
            return part
        name, equals, value = part.partition("=")
        if not equals:
            return HIDDEN
        return f"{name}={HIDDEN if value else ''}"

    return "&".join(part_logged(part) for part in query.split("&"))


def logged_query_string(query: str, choice: str) -> str:
    """A request's query string (no `?`) as the logs write it under the LOG_QUERIES `choice`."""
    if choice == "off":
        return ""
    if choice == "names":
        return query_names(query)
    return query


def logged_queries(text: str, choice: str) -> str:
    """`text`, a request line or URL, with its query written as the LOG_QUERIES `choice` says:
    `GET /d/sales?region=[hidden] HTTP/1.1` (names) or `GET /d/sales HTTP/1.1` (off)."""
    if choice not in ("names", "off"):
        return text
    return QUERY.sub(lambda found: f"?{query_names(found.group(1))}" if choice == "names" else "", text)
