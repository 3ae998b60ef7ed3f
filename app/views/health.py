"""/healthz: whether this instance can answer, for a load balancer to poll.

It asks the dataset database the least question there is and nothing else: no source's database
(one slow source query would make a healthy instance look dead), no dataset, no render.
"""
from __future__ import annotations

import threading
from collections.abc import Callable

from flask import Blueprint, Response, current_app

from ..context import current_site
from ..query_parameters import refuse_any_parameter
from ..store import StoreError

bp = Blueprint("health", __name__)

# How long the database has to answer: well within the 5 s a load balancer's check commonly waits.
ANSWER_SECONDS = 2.0


@bp.get("/healthz")
def healthz() -> Response:
    """200 `ok` when the dataset database answers within ANSWER_SECONDS, else 503 saying why."""
    refuse_any_parameter("the health check (/healthz)")
    # An outage's start and end are logged by the store's transactions, this question's among them.
    trouble = database_trouble(current_site().store.answer, ANSWER_SECONDS)
    if trouble is None:
        return _plain(200, "ok")
    return _plain(503, f"not ok: {trouble}")


def database_trouble(answer: Callable[[], None], seconds: float) -> str | None:
    """None when `answer()` returns within `seconds`, else what kept it from answering."""
    outcome: list[str | None] = []
    logger = current_app.logger  # the thread below has no app context

    def ask() -> None:
        try:
            answer()
            outcome.append(None)
        except StoreError as error:
            outcome.append(error.message)
        except Exception:  # a bug: logged, and the check fails rather than answering 500
            logger.exception("the health check's question to the dataset database failed")
            outcome.append("the dataset database's answer failed; the failure was logged")

    # Asked in a thread of its own, so that a database that hangs is left to it, not the check.
    asking = threading.Thread(target=ask, name="healthz", daemon=True)
    asking.start()
    asking.join(seconds)
    if not outcome:
        return f"the dataset database did not answer within {seconds:g} seconds"
    return outcome[0]


def _plain(status: int, text: str) -> Response:
    """`text` as a text/plain answer no cache keeps: a check must see the instance as it is now."""
    response = Response(text + "\n", status=status, mimetype="text/plain")
    response.headers["Cache-Control"] = "no-store"
    return response
