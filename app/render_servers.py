"""The render server a pool starts as its own process when it shares none, or the shared one is gone.

It is `python -m plots.worker serve` at an address of its own, which forks the pool's workers; the pool
asks it for them as it would ask a shared one.
"""
from __future__ import annotations

import os
import select
import subprocess
import sys
import threading
from collections.abc import Callable
from pathlib import Path

from plots.server_stops import STOPPING
from plots.worker import new_address

from .render_workers import STARTUP_SECONDS

ROOT = Path(__file__).resolve().parent.parent


class OwnServer:
    """A render server a pool started as its own process (`python -m plots.worker serve`).

    A thread waits for its end, which reaps it at once (a killed one stayed a zombie until the next
    chart that needed a worker found it gone) and tells `ended`, unless the pool stopped it."""

    def __init__(self, ended: Callable[[OwnServer], None] | None = None):
        self.stopping = False
        self.address = new_address()
        # Its standard input is its lifeline: it ends when every holder of our end is gone.
        self.process = subprocess.Popen(
            [sys.executable, "-m", "plots.worker", "serve", self.address],
            cwd=ROOT, stdin=subprocess.PIPE, stdout=subprocess.PIPE, env={**os.environ, "PYTHONPATH": _python_path()},
        )
        ready, _, _ = select.select([self.process.stdout], [], [], STARTUP_SECONDS)
        if not ready or self.process.stdout.readline() != b"ready\n":
            self.stop()
            raise OSError("the render server did not start")
        self.process.stdout.close()
        os.set_blocking(self.process.stdin.fileno(), False)  # `say_site_stops` never waits
        if ended is not None:
            threading.Thread(target=self._watch, args=(ended,), name="render server watch", daemon=True).start()

    def _watch(self, ended: Callable[[OwnServer], None]) -> None:
        self.process.wait()
        if not self.stopping:
            ended(self)

    def say_site_stops(self) -> None:
        """Tell the server that the site stops (`plots.server_stops`), on its standard input."""
        try:
            os.write(self.process.stdin.fileno(), STOPPING)
        except (OSError, ValueError):  # gone, or stopped (its input closed)
            pass

    def stop(self) -> None:
        """End the server, and remove the socket file it leaves behind."""
        self.stopping = True
        self.process.stdin.close()
        if self.process.poll() is None:
            self.process.kill()
        self.process.wait(timeout=5)
        if not self.address.startswith("@"):  # a socket file, which a killed server leaves behind
            for remove, path in ((os.unlink, self.address), (os.rmdir, os.path.dirname(self.address))):
                try:
                    remove(path)
                except OSError:
                    pass


def _python_path() -> str:
    """The server's own import path, so a worker can import whatever a job's function lives in."""
    return os.pathsep.join([str(ROOT), *(p for p in sys.path if p)])
