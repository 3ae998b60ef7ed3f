"""The answers the OpenAPI description gives the API's operations alike: a JSON body, an error's, a
503's with Retry-After, a read's ETag with the 304 and 412 it answers conditions with, and the 400
of a query parameter that a URL takes none of."""
from __future__ import annotations

from .openapi_files import ERROR_KIND, ETAG, RETRY_AFTER


def json_content(schema: dict) -> dict:
    """The content of a JSON body of `schema`."""
    return {"application/json": {"schema": schema}}


def error_answer(description: str) -> dict:
    """An error's answer, the API's JSON error, `description` saying when it is given."""
    return {"description": description, "content": json_content({"$ref": "#/components/schemas/Error"}),
            "headers": ERROR_KIND}


def try_later(description: str) -> dict:
    """A 503, which says in Retry-After when to ask again, unless `description` says waiting does not help."""
    return {**error_answer(description), "headers": {**ERROR_KIND, **RETRY_AFTER}}


# Every read carries the ETag of its bytes, and answers If-None-Match and If-Match by it
# (`conditional_requests.revalidate_by_bytes`): a script polling an answer that has not changed gets a 304.
READ_CONDITIONS = [
    {"name": "If-None-Match", "in": "header", "required": False, "schema": {"type": "string"},
     "description": "ETags of an answer already held (weak comparison), or *: a 304 while one is this answer's."},
    {"name": "If-Match", "in": "header", "required": False, "schema": {"type": "string"},
     "description": "Only while one of these ETags (strong comparison), or *, is this answer's; else, or empty, 412."},
]


def read_answers(responses: dict) -> dict:
    """A read's `responses`, its 200 with an ETag, and the 304 and 412 its ETag answers conditions with."""
    etag = responses["200"].get("headers", ETAG)
    return {**responses, "200": {**responses["200"], "headers": etag},
            "304": {"description": "Not Modified: If-None-Match names this answer's ETag, or is *; no body.",
                    "headers": etag},
            "412": error_answer("If-Match names no ETag of this answer (the message gives its ETag).")}


# The reads, and the writes but creating from a CSV body, take no query parameter: one, a typo
# say, is refused rather than ignored (a write stores nothing then).
A_PARAMETER = "A query parameter, which this URL takes none of (the message names it)"
ANY_PARAMETER = error_answer(f"{A_PARAMETER}.")
