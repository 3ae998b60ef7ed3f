"""Renders run in worker processes with a time limit and a memory limit.

A render that runs past the limit is stopped by ending its process (a signal in a thread cannot
interrupt matplotlib's C code), answered 503, and replaced by a fresh worker; other requests go on.
Each worker is a plain `python -m plots.worker` process that imports the renderer once and
then serves jobs over its standard input and output; it never re-runs the server's own script.
"""
from __future__ import annotations

import atexit
import os
import queue
import subprocess
import sys
import threading
from collections.abc import Callable
from multiprocessing.connection import Connection
from pathlib import Path
from typing import Any

from werkzeug.exceptions import ServiceUnavailable

RETRY_AFTER_SECONDS = 5
STARTUP_SECONDS = 60.0
ROOT = Path(__file__).resolve().parent.parent


class RenderUnavailable(ServiceUnavailable):
    """A render that could not finish: over its time or memory limit, or the workers are all busy."""

    def __init__(self, description: str):
        super().__init__(description)
        self.retry_after = RETRY_AFTER_SECONDS


class _Worker:
    """One `python -m plots.worker` process and the two ends of its pipes."""

    def __init__(self, memory_limit: int):
        self.process = subprocess.Popen(
            [sys.executable, "-m", "plots.worker", str(memory_limit)],
            cwd=ROOT, stdin=subprocess.PIPE, stdout=subprocess.PIPE, env={**os.environ, "PYTHONPATH": _python_path()},
        )
        self.jobs = Connection(os.dup(self.process.stdin.fileno()), readable=False)
        self.answers = Connection(os.dup(self.process.stdout.fileno()), writable=False)
        self.process.stdin.close()
        self.process.stdout.close()

    ready = False

    def wait_ready(self, seconds: float = STARTUP_SECONDS) -> bool:
        """Whether the worker has imported the renderer (waiting up to `seconds` for it)."""
        if not self.ready and self.answers.poll(seconds):
            self.ready = self.answers.recv() == ("ready", None)
        return self.ready

    def alive(self) -> bool:
        return self.process.poll() is None

    def stop(self) -> None:
        for end in (self.jobs, self.answers):
            end.close()
        if self.alive():
            self.process.kill()
        self.process.wait(timeout=5)


def _python_path() -> str:
    """The server's own import path, so a worker can import whatever a job's function lives in."""
    return os.pathsep.join([str(ROOT), *(p for p in sys.path if p)])


class RenderPool:
    """Up to `workers` processes that each run one job at a time within `timeout` seconds."""

    def __init__(self, workers: int, timeout: float, memory_limit: int = 0):
        self.workers = workers
        self.timeout = timeout
        self.memory_limit = memory_limit
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
            worker = self._send(fn, args)
            if not worker.answers.poll(self.timeout):
                self._discard(worker)
                worker = None
                raise RenderUnavailable(f"the chart took longer than the {self.timeout:g} s render limit; "
                                        "ask for less data (a range, resample=…) or a simpler kind")
            try:
                status, payload = worker.answers.recv()
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
        """Start the workers and wait until each has imported the renderer (they start side by side),
        so that no request waits for one: a server builds its app before it accepts requests."""
        started = []
        for _ in range(self.workers):
            if not self._slots.acquire(blocking=False):
                break
            try:
                started.append(self._take())
            except Exception:  # warming is best effort; run() starts workers as needed
                break
            finally:
                self._slots.release()
        for worker in started:
            worker.wait_ready()
            self._idle.put(worker)

    def ready_workers(self) -> int:
        """How many workers have imported the renderer and wait for jobs."""
        with self._lock:
            return sum(1 for worker in self._all if worker.ready and worker.alive())

    def _send(self, fn: Callable[..., Any], args: tuple) -> _Worker:
        """Hand the job to an idle worker (a new one if none is idle or the idle one has died)."""
        for _ in range(2):
            worker = self._take()
            try:
                if worker.wait_ready():
                    worker.jobs.send((fn, args))
                    return worker
            except (BrokenPipeError, EOFError, OSError):
                pass
            self._discard(worker)
        raise RenderUnavailable("no render worker could be started; try again shortly")

    def _take(self) -> _Worker:
        try:
            worker = self._idle.get_nowait()
            if worker.alive():
                return worker
            self._discard(worker)
        except queue.Empty:
            pass
        worker = _Worker(self.memory_limit)
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
