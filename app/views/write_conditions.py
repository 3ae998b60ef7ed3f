"""A write's If-Match (RFC 9110, 13.1.1) checked against the ETag of the dataset's description as
`GET /api/datasets/<name>` hands it out, by the store in the write's own transaction: no other
write can come between the check and the change, so a stale ETag never lets a write through.
"""
from __future__ import annotations

from flask import Response, request
from werkzeug.exceptions import PreconditionFailed

from ..cache import etag_of
from ..compression import ETAG_SUFFIX
from ..responses import json_response
from ..store import DatasetInfo, Precondition
from .dataset_rows import dataset_summary


def dataset_description(info: DatasetInfo) -> Response:
    """The answer of `GET /api/datasets/<name>`: the dataset's description, whose bytes make its ETag."""
    return json_response({"ok": True, "dataset": dataset_summary(info)})


def description_etag(info: DatasetInfo) -> str:
    """The ETag (unquoted) of the dataset's description as `GET /api/datasets/<name>` sends it uncompressed."""
    return etag_of(dataset_description(info).get_data())


def if_match_precondition(undone: str) -> Precondition | None:
    """The request's If-Match as the check a write asks of the dataset it finds (None without the
    header): `*` is met by any dataset there is; otherwise one of its ETags must name the
    description's, plain or compressed (`-br`, `-gz`), by strong comparison. The check raises
    PreconditionFailed, saying the current ETag and what to send, and `undone` (what the write
    leaves as it was: "nothing was stored")."""
    if_match = request.if_match
    if not if_match:
        return None

    def check(info: DatasetInfo) -> None:
        if if_match.star_tag:
            return
        etag = description_etag(info)
        if any(if_match.is_strong(etag + suffix) for suffix in ("", *ETAG_SUFFIX.values())):
            return
        compressed = " and ".join(f'"{etag}{suffix}"' for suffix in ETAG_SUFFIX.values())
        raise PreconditionFailed(f"If-Match names no current version of dataset {info.name!r}: its ETag is now "
                                 f'"{etag}", as GET /api/datasets/{info.name} gives it (compressed, {compressed}); '
                                 f"send that ETag (read the dataset again first, as it may have changed), or * "
                                 f"for any version, or no If-Match; {undone}")

    return check
