"""/healthz: whether this instance can answer, for a load balancer to poll.

It asks the dataset database the least question there is and nothing else: no source's database
(one slow source query would make a healthy instance look dead), no dataset, no render.
"""
from __future__ import annotations

import logging
import os
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


class Question:
    """`answer()` asked in a thread of its own, so that a database that hangs is left to it, not
    the check; `outcome` once `answered`: None, or what kept it from answering."""

    def __init__(self, answer: Callable[[], None], logger: logging.Logger):
        self.answer, self.logger = answer, logger  # the thread has no app context
        self.outcome: str | None = None
        self.answered = threading.Event()
        self.thread = threading.Thread(target=self._ask, name="healthz", daemon=True)

    def _ask(self) -> None:
        try:
            self.answer()
        except StoreError as error:
            self.outcome = error.message
        except Exception:  # a bug: logged, and the check fails rather than answering 500
            self.logger.exception("the health check's question to the dataset database failed")
            self.outcome = "the dataset database's answer failed; the failure was logged"
        finally:
            with _ASKING_LOCK:
                del _ASKING[self.answer]  # a poll from now on asks again
            self.answered.set()


# The question each store is being asked, while it is unanswered: a poll meanwhile waits for that
# answer rather than leaving one more thread blocked on a database that hangs.
_ASKING: dict[Callable[[], None], Question] = {}
_ASKING_LOCK = threading.Lock()
os.register_at_fork(after_in_child=_ASKING.clear)  # a forked process has none of its parent's threads


def database_trouble(answer: Callable[[], None], seconds: float) -> str | None:
    """None when `answer()` returns within `seconds`, else what kept it from answering. A call while an
    earlier one's `answer()` has not returned waits, up to `seconds` of its own, for that one's
    answer: a database that hangs holds one thread of each process, however often it is polled."""
    with _ASKING_LOCK:
        question = _ASKING.get(answer)
        if question is None:
            question = _ASKING[answer] = Question(answer, current_app.logger)
            try:
                question.thread.start()
            except BaseException:  # no thread to answer it: the next poll asks again
                del _ASKING[answer]
                raise
    if not question.answered.wait(seconds):
        return f"the dataset database did not answer within {seconds:g} seconds"
    return question.outcome


def _plain(status: int, text: str) -> Response:
    """`text` as a text/plain answer no cache keeps: a check must see the instance as it is now."""
    response = Response(text + "\n", status=status, mimetype="text/plain")
    response.headers["Cache-Control"] = "no-store"
    return response
