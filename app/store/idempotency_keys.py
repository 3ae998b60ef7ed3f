"""An append's Idempotency-Key: what a dataset keeps of the first append with it, and that append's
answer given again to the same request, or KeyReused for another request.
"""
from __future__ import annotations

from dataclasses import replace

from sqlalchemy import Connection, Row, insert, select

from .schema import append_keys
from .types import Appended, DatasetInfo, KeyReused


def key_seen(conn: Connection, dataset_id: int, key: str) -> Row | None:
    """What the dataset keeps of the first append with `key`, or None."""
    return conn.execute(select(append_keys.c.rows_added, append_keys.c.version, append_keys.c.rows_total,
                               append_keys.c.updated, append_keys.c.request_digest).where(
        append_keys.c.dataset_id == dataset_id, append_keys.c.key == key)).first()


def keep_first_answer(conn: Connection, dataset_id: int, key: str, rows_added: int, version: int, info: DatasetInfo,
                      digest: str | None) -> None:
    """Keep what the first append with `key` answered: the rows it added, the dataset as it left it
    (`info`, at `version`) and its request's `digest`."""
    conn.execute(insert(append_keys).values(dataset_id=dataset_id, key=key, rows_added=rows_added,
                                            version=version, rows_total=info.rows, updated=info.updated,
                                            request_digest=digest))


def _as_first_left(info: DatasetInfo, version: int | None, rows_total: int | None,
                   updated: str | None) -> DatasetInfo:
    """The dataset `info` describes as the first append with a key left it, from what the key keeps.

    A key kept before the store kept more than the rows added has none of it: the dataset as it is.
    """
    if version is None or rows_total is None or updated is None:
        return info
    return replace(info, version=str(version), rows=int(rows_total), updated=updated)


def first_answer(name: str, info: DatasetInfo, key: str, seen: Row, digest: str | None,
                 rows: int | None) -> Appended:
    """The answer of the first append with `key`, which `seen` keeps, to the same request again;
    raises KeyReused when this request is another.

    Requests are told apart by their digests. A key kept before the store kept digests tells them
    apart by their numbers of `rows` (when known), the one thing known of both.
    """
    if seen.request_digest is None:
        other = rows is not None and int(seen.rows_added) != rows
    else:
        other = seen.request_digest != digest
    if other:
        raise KeyReused(f"the Idempotency-Key {key!r} was used before for another request to dataset {name!r} "
                        "(another body); nothing was added. Send new rows with a new key, or the first request's "
                        "body unchanged to get its answer again")
    return Appended(_as_first_left(info, seen.version, seen.rows_total, seen.updated), int(seen.rows_added), True)

