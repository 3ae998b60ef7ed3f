"""Renders run in worker processes with a time limit and a memory limit.

A render that runs past the limit is stopped by ending its process (a signal in a thread cannot
interrupt matplotlib's C code), answered 503, and replaced by a fresh worker; other requests go on.
The workers are forked from a fork server that has imported `plots` once, so starting one is cheap.
"""
from __future__ import annotations

import atexit
import multiprocessing
import os
import queue
import threading
from collections.abc import Callable
from multiprocessing.connection import Connection
from typing import Any

from werkzeug.exceptions import ServiceUnavailable

RETRY_AFTER_SECONDS = 5


class RenderUnavailable(ServiceUnavailable):
    """A render that could not finish: over its time or memory limit, or the workers are all busy."""

    def __init__(self, description: str):
        super().__init__(description)
        self.retry_after = RETRY_AFTER_SECONDS


def _limit_memory(limit: int) -> None:
    import resource

    resource.setrlimit(resource.RLIMIT_AS, (limit, limit))


def _serve(conn: Connection, memory_limit: int) -> None:
    """A worker's loop: run each job sent to it, send back ("ok", result) or ("raise", error)."""
    if memory_limit:
        _limit_memory(memory_limit)
    while True:
        try:
            fn, args = conn.recv()
        except (EOFError, OSError):
            return
        try:
            outcome = ("ok", fn(*args))
        except MemoryError:
            outcome = ("memory", None)
        except Exception as error:  # sent back and raised again in the server process
            outcome = ("raise", error)
        try:
            conn.send(outcome)
        except Exception as error:  # an unpicklable error or result
            conn.send(("raise", RuntimeError(f"render result could not be sent back: {error!r}")))


class _Worker:
    def __init__(self, context, memory_limit: int):
        self.conn, child = context.Pipe()
        self.process = context.Process(target=_serve, args=(child, memory_limit), daemon=True)
        self.process.start()
        child.close()

    def stop(self) -> None:
        self.conn.close()
        if self.process.is_alive():
            self.process.kill()
        self.process.join(timeout=5)


class RenderPool:
    """Up to `workers` processes that each run one job at a time within `timeout` seconds."""

    def __init__(self, workers: int, timeout: float, memory_limit: int = 0, preload: tuple[str, ...] = ("plots", "app.context")):
        self.workers = workers
        self.timeout = timeout
        self.memory_limit = memory_limit
        self._context = multiprocessing.get_context("forkserver")
        self._context.set_forkserver_preload(list(preload))
        self._idle: queue.LifoQueue[_Worker] = queue.LifoQueue()
        self._slots = threading.BoundedSemaphore(workers)
        self._all: set[_Worker] = set()
        self._lock = threading.Lock()

    def run(self, fn: Callable[..., Any], *args: Any) -> Any:
        """Run `fn(*args)` in a worker and return its result; raise what it raised.

        Raises RenderUnavailable when all workers stay busy for `timeout`, when the job runs past
        `timeout`, or when it runs out of memory.
        """
        if not self._slots.acquire(timeout=self.timeout):
            raise RenderUnavailable(f"all {self.workers} render workers are busy; try again shortly")
        worker = None
        try:
            worker = self._take()
            worker.conn.send((fn, args))
            if not worker.conn.poll(self.timeout):
                self._discard(worker)
                worker = None
                raise RenderUnavailable(f"the chart took longer than the {self.timeout:g} s render limit; "
                                        "ask for less data (a range, resample=…) or a simpler kind")
            try:
                status, payload = worker.conn.recv()
            except (EOFError, OSError):
                self._discard(worker)
                worker = None
                raise RenderUnavailable("the render worker stopped unexpectedly (out of memory?)") from None
        finally:
            if worker is not None:
                self._idle.put(worker)
            self._slots.release()
        if status == "memory":
            raise RenderUnavailable("the chart needed more memory than the render limit allows; ask for less data")
        if status == "raise":
            raise payload
        return payload

    def warm(self) -> None:
        """Start the workers now, in the background, so the first charts do not wait for them."""

        def start() -> None:
            for _ in range(self.workers):
                if not self._slots.acquire(blocking=False):
                    return
                try:
                    self._idle.put(self._take())
                except Exception:  # warming is best effort; run() starts workers as needed
                    return
                finally:
                    self._slots.release()

        threading.Thread(target=start, name="render-pool-warm", daemon=True).start()

    def _take(self) -> _Worker:
        try:
            worker = self._idle.get_nowait()
            if worker.process.is_alive():
                return worker
            self._discard(worker)
        except queue.Empty:
            pass
        worker = _Worker(self._context, self.memory_limit)
        with self._lock:
            self._all.add(worker)
        return worker

    def _discard(self, worker: _Worker) -> None:
        worker.stop()
        with self._lock:
            self._all.discard(worker)

    def close(self) -> None:
        """Stop every worker."""
        with self._lock:
            workers, self._all = list(self._all), set()
        for worker in workers:
            worker.stop()


_shared: dict[tuple, RenderPool] = {}
_shared_lock = threading.Lock()


def shared_pool(workers: int, timeout: float, memory_limit: int) -> RenderPool:
    """One pool per process and settings, so that apps built again (tests) reuse the workers."""
    key = (os.getpid(), workers, timeout, memory_limit)
    with _shared_lock:
        pool = _shared.get(key)
        if pool is None:
            pool = _shared[key] = RenderPool(workers, timeout, memory_limit)
            pool.warm()
        return pool


@atexit.register
def _close_shared() -> None:
    for pool in list(_shared.values()):
        pool.close()
