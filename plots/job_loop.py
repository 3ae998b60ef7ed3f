"""A render worker's loop (`plots.worker`): run each job that comes on its job pipe, answer it on its
answer pipe, and free what the job left behind, until the pipe closes or its server asks it to end."""
from __future__ import annotations

import gc
from collections.abc import Callable
from multiprocessing.connection import Connection

from .server_stops import SERVER_ENDED


class _EndNow(BaseException):
    """Raised by END_WORKER's handler in a worker waiting for a job."""


_busy = False  # whether the worker runs a job, which END_WORKER lets it answer
_end_asked = False


def end_when_answered(number: int, frame: object) -> None:
    """END_WORKER's handler: end at once when waiting for a job, else once the job in hand is answered."""
    global _end_asked
    _end_asked = True
    if not _busy:
        raise _EndNow


def serve(jobs: Connection, answers: Connection) -> None:
    """Run jobs until the server closes the pipe, or asks the worker to end (END_WORKER)."""
    try:
        _serve(jobs, answers)
    except _EndNow:
        pass
    if _end_asked:
        try:
            answers.send((SERVER_ENDED, None))
        except OSError:  # its pool has let it go already
            pass


def _serve(jobs: Connection, answers: Connection) -> None:
    global _busy
    while not _end_asked:
        try:
            fn, args = jobs.recv()
        except (EOFError, OSError):
            return
        except MemoryError:  # the rest of the job is unread: the pipe can carry no other
            answers.send(("memory", None))
            return
        _busy = True
        try:
            outcome = ("ok", fn(*args))
        except MemoryError:
            outcome = ("memory", None)
        except Exception as error:  # sent back and raised again in the server process
            outcome = ("raise", error)
        try:
            answers.send(outcome)
        except MemoryError:
            answers.send(("memory", None))
        except Exception as error:  # an unpicklable result or error
            answers.send(("raise", RuntimeError(f"the render result could not be sent back: {error!r}")))
        del fn, args, outcome
        give_back_memory()
        _busy = False


def give_back_memory() -> None:
    """Free what a job left behind, once it is answered, so that a worker holds no job's peak between
    jobs.

    A drawn figure and its canvas refer to each other, so its pixel buffer (some 300 MB for a PNG of
    2000 × 2000 at scale 3, measured) waits for the cycle collector, which counts objects, not bytes,
    and so ran after many more charts, if ever: a worker kept every big chart's memory, and several
    such workers took more than a small machine has. Freed, the heap's pages go back to the system
    too (glibc's malloc_trim; elsewhere the collector alone).
    """
    gc.collect()
    if _malloc_trim is not None:
        _malloc_trim(0)


def _find_malloc_trim() -> Callable[[int], int] | None:
    """glibc's malloc_trim, which hands a process's freed heap pages back to the system; None elsewhere."""
    try:
        import ctypes

        return ctypes.CDLL(None).malloc_trim
    except (OSError, AttributeError):
        return None


_malloc_trim = _find_malloc_trim()
