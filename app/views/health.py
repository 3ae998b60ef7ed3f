"""/healthz: whether this instance can answer, for a load balancer to poll.

It asks the dataset database the least question there is and nothing else: no source's database
(one slow source query would make a healthy instance look dead), no dataset, no render.
"""
from __future__ import annotations

import logging
import os
import threading
import weakref
from collections.abc import Callable

from flask import Blueprint, Response, current_app

from ..context import current_site
from ..query_parameters import refuse_any_parameter
from ..responses import HEALTH_PATH
from ..store import StoreError, StoreTryLater

bp = Blueprint("health", __name__)

# How long the database has to answer: well within the 5 s a load balancer's check commonly waits.
ANSWER_SECONDS = 2.0


@bp.get(HEALTH_PATH)
def healthz() -> Response:
    """200 `ok` when the dataset database answers within ANSWER_SECONDS, else 503 saying why."""
    refuse_any_parameter("the health check (/healthz)")
    # An outage's start and end are logged by the store's transactions, this question's among them.
    trouble = database_trouble(current_site().store.answer, ANSWER_SECONDS)
    if trouble is None:
        return _plain(200, "ok")
    answer = _plain(503, f"not ok: {trouble.message}")
    retry_after = getattr(trouble, "retry_after", None)  # a StoreTryLater's; None where someone must mend it
    if retry_after is not None:
        answer.headers["Retry-After"] = str(retry_after)
    return answer


class Question:
    """`answer()` asked in a thread of its own, so that a database that hangs is left to it, not
    the check; `outcome` once `answered`: None, or the StoreError that kept it from answering.
    `done(question)` is called as it ends, answered or not."""

    def __init__(self, answer: Callable[[], None], logger: logging.Logger, done: Callable[[Question], None]):
        self.answer, self.logger, self.done = answer, logger, done  # the thread has no app context
        self.outcome: StoreError | None = None
        self.answered = threading.Event()
        self.thread = threading.Thread(target=self._ask, name="healthz", daemon=True)

    def _ask(self) -> None:
        try:
            self.answer()
        except StoreError as error:
            self.outcome = error
        except Exception:  # a bug: logged, and the check fails rather than answering 500
            self.logger.exception("the health check's question to the dataset database failed")
            self.outcome = StoreError("the dataset database's answer failed; the failure was logged")
        finally:
            self.done(self)  # a poll from now on asks again
            self.answered.set()


class Questions:
    """The questions an app's health check is asking its store, each while it is unanswered: a
    poll meanwhile waits for that answer rather than leaving one more thread blocked on a database
    that hangs. Each app has its own (`questions`): one app's database that hangs keeps no other
    app's check from asking its own. A process forked from this one (gunicorn --preload) has none
    of its threads, and so none of its questions, nor its lock, which one of them may have held as it
    forked (`_forked`)."""

    def __init__(self):
        self._lock = threading.Lock()
        self._asking: dict[Callable[[], None], Question] = {}
        kept = weakref.ref(self)
        os.register_at_fork(after_in_child=lambda: (questions := kept()) is not None and questions._forked())

    def _forked(self) -> None:
        """Start the forked child's questions afresh: no thread of it asks any, and the lock copied
        from the parent may be held for good by a thread the child does not have."""
        self._lock = threading.Lock()
        self._asking = {}

    def asked(self, answer: Callable[[], None], logger: logging.Logger) -> Question:
        """The question `answer()` being asked, asked now in a thread of its own where it is not."""
        with self._lock:
            question = self._asking.get(answer)
            if question is None:
                question = self._asking[answer] = Question(answer, logger, self._forget)
                try:
                    question.thread.start()
                except BaseException:  # no thread to answer it: the next poll asks again
                    del self._asking[answer]
                    raise
            return question

    def _forget(self, question: Question) -> None:
        """Let the next poll ask `question`'s answer again, now that it ended."""
        with self._lock:
            if self._asking.get(question.answer) is question:
                del self._asking[question.answer]


# Where an app keeps its health check's `Questions`.
QUESTIONS_KEY = "svgplots.health"


@bp.record_once
def _keep_questions(state) -> None:
    """Give the app its health check's questions as the blueprint is registered on it."""
    state.app.extensions[QUESTIONS_KEY] = Questions()


def database_trouble(answer: Callable[[], None], seconds: float) -> StoreError | None:
    """None when `answer()` returns within `seconds`, else the StoreError that kept it from answering,
    with the words and the Retry-After its other 503s give (a StoreTryLater's `retry_after`). A call
    while an earlier one's `answer()` has not returned waits, up to `seconds` of its own, for that
    one's answer: a database that hangs holds one thread of each process's app, however often it is
    polled."""
    question = current_app.extensions[QUESTIONS_KEY].asked(answer, current_app.logger)
    if not question.answered.wait(seconds):
        return StoreTryLater(f"the dataset database did not answer within {seconds:g} seconds")
    return question.outcome


def _plain(status: int, text: str) -> Response:
    """`text` as a text/plain answer no cache keeps (a check must see the instance as it is now) and no
    search engine indexes, its `ok` as its `not ok` (robots.txt asks a crawler not to fetch it; a link to
    it found elsewhere would be indexed without this)."""
    response = Response(text + "\n", status=status, mimetype="text/plain")
    response.headers["Cache-Control"] = "no-store"
    response.headers["X-Robots-Tag"] = "noindex"
    return response
