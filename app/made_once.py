"""A chart, its data or a report made once in this process, however many requests ask for it meanwhile
(its failure too: the error the one making it met is the answer of those that waited),
and the 503 of one stopped at a render limit remembered, and answered again, for a while."""
from __future__ import annotations

import copy
import logging
import math
import time
from collections.abc import Callable

import flask

from .cache import OverrunMemory, RenderCache, Rendered, Stopped, key_subject
from .context import current_site
from .errors import logged_url
from .metrics import count_render_stop
from .renderpool import PastLimit, RenderUnavailable
from .store.types import DatasetReplaced, SourceColumnsChanged

log = logging.getLogger(__name__)

# How much longer than the request making a chart may take another asking for the same chart waits.
WAIT_MARGIN = 1.0
# Without render workers no limit ends a render: how long a request waits for another's of the same chart.
UNBOUND_WAIT = 60.0
# Failures that say the data changed under the read: one who waited reads it again and makes it itself.
READ_AGAIN = (DatasetReplaced, SourceColumnsChanged)


def made_once(cache: RenderCache, key: tuple, generation: int, make: Callable[[], Rendered], seconds: float,
              what: str = "the chart") -> Rendered:
    """What the render cache keeps under `key`, else what `make` makes of it (keeping it there, or
    remembering it was stopped at a render limit): made once in this process, however many
    requests ask for it meanwhile.

    `generation` is the render cache's when the request began (`SizedLRU.generation`): one that
    began after the cache was cleared never waits for, nor answers, what one that began before makes.

    A request for a key that another is making waits for that one, at most `seconds`
    (`waiting_seconds`), and answers what it made, handed over whether or not the cache kept it, or
    the 503 it was stopped with at a render limit (`refuse_if_stopped`), or the error it failed with
    otherwise, each waiter raising its own copy (`handed_over`): a chart that fails is not made
    again by each request of a burst in turn. One that failed as the data changed under its read
    (READ_AGAIN) hands over nothing, and a request that waited makes it itself. Raises
    RenderUnavailable (503, `what` names what was waited for) when the one making it is not done
    within `seconds`.
    """
    deadline = time.monotonic() + seconds
    claimed = (generation, key)
    while (making := cache.in_flight.claim(claimed)) is not None:
        if not making.event.wait(max(0.0, deadline - time.monotonic())):
            raise RenderUnavailable(f"{what} is being drawn for another request, which has not finished within "
                                    f"{seconds:g} s; try again shortly")
        if making.result is not None:
            return making.result
        kept = _kept(cache, key)
        if kept is not None:
            return kept
        failed = handed_over(making.error)
        # A stop the overrun memory keeps is met there, in its words (under the key of the rows read, for a
        # chart's data): claimed, it is refused at once, not made again.
        if failed is not None and not (isinstance(failed, PastLimit) and cache.overruns.keeps()):
            raise failed
    result = failed = None
    try:
        # Made, or stopped, by a request that was done before this one claimed it.
        kept = _kept(cache, key)
        result = kept if kept is not None else make()
        return result
    except Exception as error:
        failed = error
        raise
    finally:
        cache.in_flight.release(claimed, result, failed)


def handed_over(error: Exception | None) -> Exception | None:
    """A copy of the `error` the request making a chart failed with, for one that waited for it to
    raise: the same type, words and Retry-After, without the first's traceback (whose frames hold
    the rows it read) or cause; None for no error, or one after which a waiter makes it itself
    (READ_AGAIN)."""
    if error is None or isinstance(error, READ_AGAIN):
        return None
    # Not through __init__, whose parameters differ by error: the same attributes, another object, as
    # each thread's raise writes its own traceback into the error it raises.
    handed = type(error).__new__(type(error))
    handed.__dict__.update(copy.copy(error.__dict__))
    handed.args = error.args
    handed.__traceback__ = handed.__cause__ = handed.__context__ = None
    return handed


def waiting_seconds(seconds: float | None = None) -> float:
    """How long a request waits for the same chart, data or report being made for another request:
    as long as that one may take (a render worker's wait, then `seconds`, by default one chart's
    render limit), and a little more."""
    pool = current_site().pool
    if pool is None:
        return UNBOUND_WAIT
    return pool.timeout + (pool.timeout if seconds is None else seconds) + WAIT_MARGIN


def _kept(cache: RenderCache, key: tuple) -> Rendered | None:
    """What the render cache keeps under `key`, or None; raises the 503 a chart stopped at a render
    limit a moment ago was answered (`refuse_if_stopped`)."""
    kept = cache.get(key)
    if kept is None:
        refuse_if_stopped(cache.overruns, key)
    return kept


def remember_overrun(cache: RenderCache, key: tuple, stopped: PastLimit, generation: int) -> PastLimit:
    """`stopped`, remembered under `key` (unless drawn from rows read before the cache was cleared
    since `generation`: `RenderCache.remember_stopped`), with a Retry-After (where it has one) of
    when that memory ends: asked again sooner, the same chart of the same data is not drawn again.
    A memory that keeps none (RENDER_OVERRUN_SECONDS or _KEYS 0) leaves the Retry-After as it was."""
    overruns = cache.overruns
    # The 503 alone is an access line with no why: whoever runs the site is told which chart, of which
    # data, met which limit (once a stop: a repeat answered from this memory is not logged again).
    count_render_stop()
    log.warning("%s, of %s, stopped at %s", logged_url() if flask.has_request_context() else "a render",
                key_subject(key), stopped.limit)
    # Its words only: the error's traceback holds the frames that read the rows.
    cache.remember_stopped(key, Stopped(stopped.description, stopped.retry_after is not None), generation)
    if stopped.retry_after is not None and overruns.seconds > 0 and overruns.max_keys > 0:
        stopped.retry_after = max(1, math.ceil(overruns.seconds))
    return stopped


class Recalled(PastLimit):
    """The 503 of a chart stopped at a render limit a moment ago, answered again (`refuse_if_stopped`)."""


def refuse_if_stopped(overruns: OverrunMemory, key: tuple, error: type[PastLimit] = PastLimit) -> None:
    """Raise `error`, the 503 it was answered then, when the chart under `key` was stopped at a
    render limit a moment ago, with a Retry-After (where it had one) of the seconds left until it
    is drawn again."""
    recalled = overruns.recall(key)
    if recalled is None:
        return
    stopped, left = recalled
    seconds = max(1, math.ceil(left))
    raise error(f"{stopped.description} (stopped at the limit a moment ago: the same chart of the same data "
                    f"is not tried again for {seconds} s)", seconds if stopped.retry else None)
