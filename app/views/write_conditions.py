"""A write's If-Match and If-None-Match (RFC 9110, 13.1.1 and 13.1.2) checked against the ETag of the
dataset's description as `GET /api/datasets/<name>` hands it out, by the store in the write's own
transaction: no other write can come between the check and the change, so a stale ETag never lets a
write through, nor does one that If-None-Match names.
"""
from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from flask import Response, request
from werkzeug.exceptions import PreconditionFailed

from ..cache import etag_of
from ..compression import ETAG_SUFFIX
from ..conditional_requests import empty_if_match
from ..responses import json_response
from ..store import NAME_PATTERN, DatasetInfo, DatasetNotFound, Precondition, Store
from .dataset_rows import dataset_summary


def dataset_description(info: DatasetInfo) -> Response:
    """The answer of `GET /api/datasets/<name>`: the dataset's description, whose bytes make its ETag."""
    return json_response({"ok": True, "dataset": dataset_summary(info)})


def description_etag(info: DatasetInfo) -> str:
    """The ETag (unquoted) of the dataset's description as `GET /api/datasets/<name>` sends it uncompressed."""
    return etag_of(dataset_description(info).get_data())


def if_match_precondition(undone: str) -> Precondition | None:
    """The request's If-Match and If-None-Match as the check a write asks of the dataset it finds
    (None without either header). If-Match: `*` is met by any dataset there is; otherwise one of its
    ETags must name the description's, plain or compressed (`-br`, `-gz`), by strong comparison.
    An If-Match that holds nothing is met by none. If-None-Match, asked after it (RFC 9110, 13.2.2): `*` fails for any dataset there is, and so
    does an ETag naming the description's, plain or compressed, by weak comparison; a write is not
    a GET, so that is a 412 too (13.1.2). The check raises PreconditionFailed, saying the current
    ETag and what to send, and `undone` (what the write leaves as it was: "nothing was stored")."""
    if_match, if_none_match, empty = request.if_match, request.if_none_match, empty_if_match()
    if not (if_match or if_none_match or empty):
        return None

    def check(info: DatasetInfo) -> None:
        etag = description_etag(info)
        etags = [etag + suffix for suffix in ("", *ETAG_SUFFIX.values())]
        compressed = " and ".join(f'"{tag}"' for tag in etags[1:])
        if empty:
            raise PreconditionFailed(f"If-Match is empty: it names no ETag, so no version of dataset {info.name!r} "
                                     f'meets it (RFC 9110, 13.1.1); its ETag is now "{etag}", as GET '
                                     f"/api/datasets/{info.name} gives it (compressed, {compressed}); send that "
                                     f"ETag, or * for any version, or no If-Match header; {undone}")
        if if_match and not if_match.star_tag and not any(if_match.is_strong(tag) for tag in etags):
            raise PreconditionFailed(f"If-Match names no current version of dataset {info.name!r}: its ETag is now "
                                     f'"{etag}", as GET /api/datasets/{info.name} gives it (compressed, {compressed}); '
                                     f"send that ETag (read the dataset again first, as it may have changed), or * "
                                     f"for any version, or no If-Match; {undone}")
        if if_none_match and any(if_none_match.contains_weak(tag) for tag in etags):
            said = ("is *, which dataset {!r} meets: it exists" if if_none_match.star_tag
                    else "names the current version of dataset {!r}").format(info.name)
            raise PreconditionFailed(f'If-None-Match {said} (its ETag is "{etag}"; compressed, {compressed}), and '
                                     f"a write is done only while no ETag If-None-Match names is current, and "
                                     f"while the dataset does not exist under * (RFC 9110, 13.1.2); to write only "
                                     f"while the dataset is as last read, send its ETag in If-Match instead, or "
                                     f"send no If-None-Match; {undone}")

    return check


def _missing_dataset(name: str, undone: str) -> PreconditionFailed:
    """The 412 of an If-Match sent to write dataset `name`, which does not exist."""
    return PreconditionFailed(f"If-Match names a version of dataset {name!r}, which does not exist, so no ETag "
                              f"(nor *) matches it (RFC 9110, 13.1.1); send no If-Match to write a dataset that "
                              f"is not there yet; {undone}")


@contextmanager
def if_match_on_existing(name: str, undone: str) -> Iterator[Precondition | None]:
    """The request's If-Match as the check a write of dataset `name` asks of it (`if_match_precondition`),
    and the store's DatasetNotFound for it turned into a 412 when the request has one: a condition on
    a version cannot hold for a dataset that has none (without it, the 404 stays)."""
    try:
        yield if_match_precondition(undone)
    except DatasetNotFound:
        if request.if_match or empty_if_match():
            raise _missing_dataset(name, undone) from None
        raise


def refuse_if_match_on_create(store: Store, name: object, undone: str) -> None:
    """Refuse a create of dataset `name` sent with an If-Match, before anything is stored: a 409 while
    the name is taken, as the create itself answers (RFC 9110, 13.2.1: without the If-Match the answer
    would not be a 2xx, so the If-Match is not asked), else a 412, since the If-Match names a version of
    what is not there. A name the naming rule refuses is left to the create's own 400.

    Such a create can succeed in neither case, so none is made: a delete of the name landing after
    this check cannot let one through (the answer and the store agree, whatever comes between)."""
    if not (request.if_match or empty_if_match()) or not isinstance(name, str) or not NAME_PATTERN.fullmatch(name):
        return
    store.check_name_free(name)
    raise _missing_dataset(name, undone)
