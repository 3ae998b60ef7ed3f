"""Renders run in worker processes with a time limit and a memory limit.

A render that runs past the limit is stopped by ending its process (a signal in a thread cannot
interrupt matplotlib's C code), answered 503, and replaced by a fresh worker; other requests go on.
Workers are forked by a render server (`plots.worker`) that has imported the renderer and not the
web app, so a new worker is ready at once and shares the server's pages of matplotlib and pandas;
a worker never re-runs the server's own script.
"""
from __future__ import annotations

import atexit
import logging
import os
import queue
import threading
import time
from collections.abc import Callable
from multiprocessing.connection import Connection
from typing import Any

from plots.server_stops import SERVER_ENDED, say_site_stops
from plots.worker import request_worker

from .render_limits import (CHART_OVERRUN, DATA_OVERRUN, RETRY_AFTER_SECONDS, Overrun, PastLimit, RenderUnavailable,
                            TextDatesOverrun, TooLittleMemory, past_time_limit)
from .render_servers import OwnServer
from .render_workers import STARTUP_SECONDS, _Worker

# The pool's users read its errors (render_limits.py) from here too.
__all__ = ["CHART_OVERRUN", "DATA_OVERRUN", "RETRY_AFTER_SECONDS", "Overrun", "PastLimit", "RenderPool",
           "RenderUnavailable", "TooLittleMemory", "check_memory_limit", "hold_warming", "past_time_limit",
           "render_server_ended", "shared_pool", "site_stops", "warm_shared_pools"]
log = logging.getLogger(__name__)
# What `RenderPool.run` tells itself of a job stopped at its time limit: no worker answers so.
_PAST_TIME = "past its time limit"


class RenderPool:
    """Up to `workers` processes that each run one job at a time within `timeout` seconds.

    Workers come from the render server at `server` (an address from `plots.worker`), or from one
    the pool starts itself when none is given. A pool inherited through a fork (gunicorn --preload)
    forgets its parent's workers and gets its own.
    """

    def __init__(self, workers: int, timeout: float, memory_limit: int = 0, server: str | None = None):
        self.workers = workers
        self.timeout = timeout
        self.memory_limit = memory_limit
        self.server = server
        self._lock = threading.Lock()
        self._reset()

    def _reset(self) -> None:
        self._owner = os.getpid()
        self._own_server: OwnServer | None = None
        self._idle: queue.LifoQueue[_Worker] = queue.LifoQueue()
        self._slots = threading.BoundedSemaphore(self.workers)
        # The threads that write a chart's data in this process, as many as the workers: a
        # process forked from another starts with none running.
        self._writers = threading.BoundedSemaphore(self.workers)
        # The threads that compress a drawn chart, as many again and apart: a chart drawn in time
        # never waits for the data being written.
        self._compressors = threading.BoundedSemaphore(self.workers)
        self._all: set[_Worker] = set()
        self._server_missed = False  # the shared render server last failed to give a worker, as logged

    def _check_owner(self) -> None:
        """After a fork, leave the parent's workers and server to the parent."""
        if self._owner == os.getpid():
            return
        with self._lock:
            if self._owner == os.getpid():
                return
            for worker in self._all:
                worker.forget()
            self._reset()

    def data_writers(self) -> threading.BoundedSemaphore:
        """The places of the threads that write a chart's data beside the workers
        (`rendering.within_render_limit`): as many as there are workers, in this process."""
        self._check_owner()
        return self._writers

    def chart_compressors(self) -> threading.BoundedSemaphore:
        """The places of the threads that compress a chart its worker drew (`rendering.rendered_chart`):
        as many as there are workers, in this process, apart from `data_writers`."""
        self._check_owner()
        return self._compressors

    def run(self, fn: Callable[..., Any], *args: Any, seconds: float | None = None,
            overrun: Overrun | TextDatesOverrun = CHART_OVERRUN, took: list[float] | None = None) -> Any:
        """Run `fn(*args)` in a worker and return its result; raise what it raised.

        The job may run `seconds` (by default the pool's `timeout`, one chart's). Raises
        RenderUnavailable when all workers stay busy for `timeout`; PastLimit when the job runs
        past its seconds or out of memory, in the words of `overrun`. `took`, when given, gets the
        seconds the job ran, from its handing to a worker to its answer: what it used of `seconds`.
        """
        seconds = self.timeout if seconds is None else seconds
        self._check_owner()
        if not self._slots.acquire(timeout=self.timeout):
            raise RenderUnavailable(f"all {self.workers} render workers are busy; try again shortly")
        worker = None
        try:
            worker = self._send(fn, args)
            handed = time.monotonic()
            if worker.early is None and not worker.answers.poll(seconds):
                self._discard(worker)
                worker = None
                status, payload = _PAST_TIME, None
            else:
                try:
                    status, payload = worker.early or worker.answers.recv()
                except (EOFError, OSError):
                    worker.ended_unasked("drawing a chart")
                    self._discard(worker)
                    worker = None
                    raise RenderUnavailable("the render worker stopped unexpectedly (out of memory?)") from None
                if status == SERVER_ENDED:  # it ended with its server as the job came, unread
                    self._discard(worker)
                    worker = None
                    raise RenderUnavailable("the render server ended as the chart was handed to its worker; try "
                                            "again shortly")
                if took is not None:
                    took.append(time.monotonic() - handed)
        finally:
            if worker is not None:
                self._idle.put(worker)
            self._slots.release()
        # The words of a stop are made with its place free: they may read the dataset (a source's text
        # x, `TextDatesOverrun`), slow where the job was.
        if status == _PAST_TIME:
            raise past_time_limit(seconds, overrun)
        if status == "memory":
            raise PastLimit(f"{overrun.what} needed more memory than the render limit allows; "
                            f"{overrun.less_memory}", overrun.retry_after,
                            f"the render memory limit of {self.memory_limit} bytes")
        if status == "raise":
            raise payload
        return payload

    def warm(self) -> None:
        """Start the workers and wait until each is ready, so that no request waits for one: a
        server builds its app (or, forking, its workers) before it accepts requests."""
        self._check_owner()
        started = []
        for _ in range(self.workers - self._idle.qsize()):
            if not self._slots.acquire(blocking=False):
                break
            try:
                started.append(self._take())
            except Exception:  # warming is best effort; run() starts workers as needed
                break
            finally:
                self._slots.release()
        try:
            for worker in started:
                self._warmed(worker)
        except TooLittleMemory:
            for worker in started:
                self._discard(worker)
            raise

    def _warmed(self, worker: _Worker) -> None:
        """Wait for a worker `warm` started: one that ends before it says it is ready (killed, say) is
        logged and replaced once, as `run` replaces one that ends later; a second is left to `run`."""
        for replacing in (False, True):
            try:
                worker.wait_ready()
                self._idle.put(worker)
                return
            except (EOFError, OSError):  # its answer pipe closed with no word
                self._discard(worker)
                log.warning("a render worker ended before it said it was ready; %s",
                            "charts start one as they need it" if replacing else "another is started")
            except TooLittleMemory:
                self._discard(worker)  # (the first is `warm`'s to discard; a replacement, ours)
                raise
            if not replacing:
                try:
                    worker = self._take()
                except Exception:  # best effort, as the first
                    return

    def ready_workers(self) -> int:
        """How many workers have said they are ready and wait for jobs."""
        self._check_owner()
        with self._lock:
            return sum(1 for worker in self._all if worker.ready and worker.alive())

    def _send(self, fn: Callable[..., Any], args: tuple) -> _Worker:
        """Hand the job to an idle worker (a new one if none is idle or the idle one has died)."""
        for _ in range(2):
            worker = self._take()
            try:
                # One whose server ended takes no job: another worker is asked for, of another server.
                if worker.wait_ready() and not worker.ended_with_server():
                    worker.jobs.send((fn, args))
                    return worker
            except TooLittleMemory as error:
                self._discard(worker)
                log.error("a chart could not be drawn: %s", error.setting)
                raise
            except (BrokenPipeError, EOFError, OSError):
                try:
                    if worker.ready and worker.answers.poll(0):
                        worker.early = worker.answers.recv()
                        return worker
                except (EOFError, OSError):  # it ended without a word: another worker is asked
                    pass
            self._discard(worker)
        raise RenderUnavailable("no render worker could be started; try again shortly")

    def _take(self) -> _Worker:
        try:
            worker = self._idle.get_nowait()
            if worker.alive():
                return worker
            worker.ended_unasked("idle")
            self._discard(worker)
        except queue.Empty:
            pass
        worker = _Worker(*self._request_worker())
        with self._lock:
            self._all.add(worker)
        return worker

    def _request_worker(self) -> tuple[int, Connection, Connection]:
        """A new worker from the render server; when there is none, or it is gone, from one of our own,
        started (again) as needed."""
        if self.server:
            try:
                worker = request_worker(self.server, self.memory_limit, STARTUP_SECONDS)
                self._server_missed = False
                return worker
            except OSError as error:  # the shared render server is gone: charts go on with one of our own
                self._shared_server_missed(error)
        with self._lock:
            for attempt in range(2):  # our server, then (when it is gone or there is none) a new one
                self._start_own_server_here()
                if self._own_server is None:
                    continue  # it could not start
                try:
                    return request_worker(self._own_server.address, self.memory_limit, STARTUP_SECONDS)
                except OSError:
                    self._own_server.stop()
                    self._own_server = None
        raise RenderUnavailable("no render worker could be started; try again shortly")

    def _shared_server_missed(self, error: OSError) -> None:
        """Log that the shared render server did not give a worker, for `error`, once until it gives one again."""
        with self._lock:
            if self._server_missed:
                return
            self._server_missed = True
        log.warning("the render server this process shares cannot be reached (%s); charts go on with a render "
                    "server of this process's own, which loads the renderer again (some seconds, and its own "
                    "memory): restart the site to share one again", error)

    def start_own_server(self) -> None:
        """Start a render server of our own where there is none (best effort: a chart tries again)."""
        self._check_owner()
        with self._lock:
            self._start_own_server_here()

    def _start_own_server_here(self) -> None:
        """`start_own_server`, the lock held; a server that cannot start is left to the next chart
        that needs a worker, which tries again."""
        if self._own_server is None:
            try:
                self._own_server = OwnServer(self._own_server_ended)
            except OSError:
                pass

    def _own_server_ended(self, server: OwnServer) -> None:
        """Replace our render server, which ended unasked (killed, say), at once: the next chart that
        needs a worker would otherwise wait for a new one to import the renderer, some seconds."""
        log.warning("the render server ended (exit status %s); another is started", server.process.returncode)
        with self._lock:  # a chart that needs a worker meanwhile waits for this one, as for one it starts
            if self._own_server is not server:  # closed meanwhile, or replaced by a chart that found it gone
                return
            server.stop()  # its socket file
            self._own_server = None
            self._start_own_server_here()

    def _discard(self, worker: _Worker) -> None:
        worker.stop()
        with self._lock:
            self._all.discard(worker)

    def close(self) -> None:
        """Stop every worker, and the render server when the pool started it."""
        self._check_owner()
        with self._lock:
            workers, self._all = list(self._all), set()
            server, self._own_server = self._own_server, None
        for worker in workers:
            worker.stop()
        if server is not None:
            server.stop()


def check_memory_limit(server: str, memory_limit: int) -> None:
    """Raise TooLittleMemory when a worker of the render server at `server` cannot draw within
    `memory_limit`; a server that cannot be reached is left to the pools."""
    try:
        worker = _Worker(*request_worker(server, memory_limit, STARTUP_SECONDS))
    except OSError:
        return
    try:
        worker.wait_ready()
    except (EOFError, OSError):
        pass
    finally:
        worker.forget()


_shared: dict[tuple, RenderPool] = {}
_shared_lock = threading.Lock()
_warm_now = True


def shared_pool(workers: int, timeout: float, memory_limit: int, server: str | None = None) -> RenderPool:
    """One pool per settings, so that apps built again (tests) reuse the workers; started at once
    unless `hold_warming` was called."""
    key = (workers, timeout, memory_limit, server)
    with _shared_lock:
        pool = _shared.get(key)
        if pool is None:
            pool = _shared[key] = RenderPool(workers, timeout, memory_limit, server)
        if _warm_now:
            pool.warm()
        return pool


def render_server_ended(server: str) -> None:
    """The render server at `server` has ended: each shared pool of it starts one of its own now, as
    charts go on with one, rather than when its next chart needs a worker and waits for that one to
    import and warm up the renderer, some seconds."""
    with _shared_lock:
        pools = [pool for pool in _shared.values() if pool.server == server]
    log.warning("the render server ended; charts go on with render servers of the site's own")
    for pool in pools:
        pool.server = None
        pool.start_own_server()


def site_stops(forked: bool = True) -> None:
    """Tell the render servers of this process that the site stops: those the signal that stops it
    reached too (sent to the whole process group) end with it, once its charts in flight are drawn,
    rather than at once, as on a SIGTERM sent to one alone (`plots.server_stops`). `forked`: the one
    forked as the site started too, which a process that stops alone (a gunicorn worker) leaves be."""
    if forked:
        say_site_stops()
    with _shared_lock:
        pools = list(_shared.values())
    for pool in pools:
        server = pool._own_server
        if server is not None and pool._owner == os.getpid():
            server.say_site_stops()


def hold_warming() -> None:
    """Make no workers when an app is built: for a server that builds the app and then forks the
    processes that serve it (gunicorn --preload), which call `warm_shared_pools` after the fork."""
    global _warm_now
    _warm_now = False


def warm_shared_pools() -> None:
    """Start every shared pool's workers in this process (a freshly forked server worker)."""
    with _shared_lock:
        pools = list(_shared.values())
    for pool in pools:
        pool.warm()


@atexit.register
def _close_shared() -> None:
    for pool in list(_shared.values()):
        pool.close()
