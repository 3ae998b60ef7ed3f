"""The OpenAPI description of a dashboard's versions.json, which auto-refresh polls: what it takes, as
the dashboard's page links it, and what it gives, each chart's version, image URL and words, the rows
shown and the options of the filters' selects."""
from __future__ import annotations

from plots.timerange import ACCEPTED

# What a dashboard's versions.json takes, as its page links it: the range and the dashboard's filters.
# A filter's name holds its column (filter.station): "<column>" stands for any column the dashboard
# offers a filter on, as the messages that list parameters write it.
DASHBOARD_PARAMETERS = [
    {"name": "from", "in": "query", "required": False, "schema": {"type": "string"},
     "description": (f"The start of the range (the dashboard's own when not given): {ACCEPTED}. At most once. "
                     "The page's quick range, range=now-7d, is written from=now-7d here: a range is a 400 saying so.")},
    {"name": "to", "in": "query", "required": False, "schema": {"type": "string"},
     "description": "The end of the range, written as `from` is. At most once."},
    {"name": "filter.<column>", "in": "query", "required": False,
     "schema": {"type": "array", "items": {"type": "string"}}, "style": "form", "explode": True,
     "description": ("A value of one of the dashboard's filters, such as filter.station=North: the rows holding "
                     "it; repeated, the rows holding any of them; blank, every row. A column the dashboard "
                     "offers no filter on is a 400, as any parameter it does not take; a value its column "
                     "does not hold is a 404.")},
]

# The options of a dashboard's selects of a filter's values, which versions.json gives for auto-refresh.
SELECT_OPTIONS = {"type": "object", "description": (
    "A filter's parameter -> the options of its select after \"All\", as the page writes them, a value new to "
    "the data among them: each value and its text. None of a filter whose values are typed (too many to list)."),
    "additionalProperties": {"type": "array", "items": {"type": "object", "properties": {
        "value": {"type": "string"}, "text": {"type": "string"}}}}}

# What versions.json gives of each chart.
CHART_VERSION = {"type": "object", "properties": {
    "dataset": {"type": "string"},
    "version": {"type": ["string", "null"], "description": (
        "null for a chart that cannot be drawn now; its alt says why.")},
    "status": {"type": "integer", "description": (
        "Only for a chart that cannot be drawn now: the status its image answers. A 503 is a database, its "
        "source's or the store's, that cannot answer for it now, as the image's 503 says: with Retry-After where "
        "waiting may mend it (an outage, a timeout, a lock), without where someone must (a source's SQLite file "
        "not there, or no database, say). Auto-refresh keeps the chart shown through either, saying since when, "
        "and why.")},
    "error": {"type": "string", "description": "Only beside `status`: why, as its image and alt text say it."},
    "src": {"type": "string"}, "alt": {"type": "string"},
    "name": {"type": "string", "description": (
        "The chart's name, as the page tells a screen reader of it (\"… is drawn again\"): its title, or what it "
        "draws; for one that cannot be drawn now, what its file says it draws.")},
    "notes": {"type": "array", "items": {"type": "string"}, "description": (
        "The notes the page shows under the chart: a range or a filter its dataset cannot apply, a value it "
        "holds written otherwise.")}}}

# The whole answer.
VERSIONS_BODY = {"type": "object", "properties": {
    "ok": {"const": True}, "dashboard": {"type": "string"}, "refresh": {"type": "integer"},
    "showing": {"type": "string", "description": (
        "The rows shown: the range as asked and as moments, then each filter's label and values, as the page's "
        "\"Showing:\" line says.")},
    "showing_parts": {"type": "array", "items": {"type": "object", "properties": {
        "text": {"type": "string"}, "value": {"type": "boolean"}, "name": {"type": "boolean"}}}, "description": (
        "The words of `showing` in parts, in order: each its text, and whether it is a value (a filter's values, a "
        "bound of the range relative to now as asked, now-7d, or a moment), which the page writes in an element a "
        "browser's translation leaves as it is; a filter's label is a part of its own, with `name` true, which the "
        "page sets apart as it does a value (a `<bdi>`) but leaves to a translation, and each of its values is one, "
        "the \", \" between them a part of words.")},
    "filters": SELECT_OPTIONS,
    "charts": {"type": "object", "additionalProperties": CHART_VERSION}}}
