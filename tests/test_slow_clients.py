"""The README's gunicorn command keeps answering while clients send their requests slowly."""
from __future__ import annotations

import re
import socket
import subprocess
import threading
import time

import requests

from tests.conftest import ROOT, free_port
from tests.test_serving import readme_gunicorn_process, stop, wait_until_up

# One byte a second: the slow client lasts as long as its request has bytes (27 s).
SLOW_REQUEST = b"GET / HTTP/1.1\r\nHost: a\r\n\r\n"


def threads_per_worker(command: list[str], env: dict[str, str]) -> int:
    """The threads each of the command's workers serves with, as gunicorn reads its settings (without
    starting it; a render server given, so that reading the settings file forks none)."""
    printed = subprocess.run([*command, "--print-config"], cwd=ROOT, env={**env, "SVGPLOTS_RENDER_SERVER": "unused"},
                             capture_output=True, text=True, timeout=60, check=True).stdout
    return int(re.search(r"^threads\s*=\s*(\d+)$", printed, re.MULTILINE).group(1))


class SlowClient:
    """A connection that sends SLOW_REQUEST one byte a second until it is sent or the client is closed."""

    def __init__(self, port: int):
        self.sock = socket.create_connection(("127.0.0.1", port), timeout=10)
        self.sent = 0
        self.finished = threading.Event()
        self._closed = threading.Event()
        self._thread = threading.Thread(target=self._send, daemon=True)
        self._thread.start()

    def _send(self) -> None:
        try:
            for byte in SLOW_REQUEST:
                self.sock.sendall(bytes([byte]))
                self.sent += 1
                if self._closed.wait(1.0):
                    return
            self.finished.set()
        except OSError:
            pass

    def close(self) -> None:
        self._closed.set()
        self._thread.join(timeout=5)
        self.sock.close()


def test_a_request_is_answered_while_slow_clients_hold_connections(tmp_path):
    port = free_port()
    command, env = readme_gunicorn_process(tmp_path, port)
    # As many as hold every worker of one thread each (gunicorn's sync worker, which the finding froze
    # with two), and all but one thread of a threaded worker.
    workers = int(command[command.index("-w") + 1])
    slow_count = max(workers, threads_per_worker(command, env) - 1)
    process = subprocess.Popen(command, cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    slow: list[SlowClient] = []
    try:
        base = f"http://127.0.0.1:{port}"
        wait_until_up(process, base + "/")
        slow = [SlowClient(port) for _ in range(slow_count)]
        begun = time.monotonic() + 10
        while min(client.sent for client in slow) < 2 and time.monotonic() < begun:  # each has begun its request
            time.sleep(0.1)
        response = requests.get(base + "/d/weather/temperature.json", timeout=60)
        unfinished = [client for client in slow if not client.finished.is_set()]
        assert response.status_code == 200
        assert response.json()["dataset"] == "weather"
        assert len(unfinished) == slow_count, f"answered only after {slow_count - len(unfinished)} slow client(s) finished"
    finally:
        for client in slow:
            client.close()
        stop(process)
