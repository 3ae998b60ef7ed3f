"""How `python run.py` stops: its render server and render workers, and its connections."""
from __future__ import annotations

import http.client
import os
import signal
import socket
import subprocess
import sys
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import requests

from tests.conftest import ROOT, free_port
from tests.test_renderpool import process_state
from tests.test_serving import children, process_name, wait_until_up

# run.py, every chart of which its render worker draws for 3 s, after creating the file named by
# the first argument; the other arguments are run.py's.
SLOW_RUN_PY = """
import functools, runpy, sys
from app import rendering
from tests.chart_jobs import announced_slow_render_chart
rendering.render_chart = functools.partial(announced_slow_render_chart, sys.argv.pop(1), 3.0)
runpy.run_path("run.py", run_name="__main__")
"""


def group_exists(pgid: int) -> bool:
    """Whether any process of the group `pgid` still exists: signal 0 asks without signalling it."""
    try:
        os.killpg(pgid, 0)
    except ProcessLookupError:
        return False
    return True


def wait_for(condition, seconds: float = 30) -> bool:
    deadline = time.monotonic() + seconds
    while not condition() and time.monotonic() < deadline:
        time.sleep(0.05)
    return condition()


def slow_run_py(started: Path, data_dir: Path, log=subprocess.DEVNULL) -> tuple[subprocess.Popen, int]:
    """run.py as SLOW_RUN_PY, leading a process group of its own (its render server and workers
    in it), answering on a free port; its start-up lines read; its log written to `log`."""
    port = free_port()
    process = subprocess.Popen([sys.executable, "-c", SLOW_RUN_PY, str(started), "--port", str(port),
                                "--data-dir", str(data_dir)], cwd=ROOT, stdout=subprocess.PIPE,
                               stderr=log, text=True, process_group=0)
    try:
        wait_until_up(process, f"http://127.0.0.1:{port}/healthz")
        assert [process.stdout.readline() for _ in range(2)][1] == f"Serving on http://127.0.0.1:{port}/\n"
    except BaseException:
        end_group(process)
        raise
    return process, port


def end_group(process: subprocess.Popen) -> None:
    if group_exists(process.pid):
        os.killpg(process.pid, signal.SIGKILL)
    process.wait(timeout=10)


def test_run_py_stopped_by_a_signal_to_its_process_group_finishes_the_chart_being_drawn(tmp_path):
    # As systemd (KillMode=control-group), docker stop of a shell's child or a terminal's job
    # control stop it: every process of the group gets the signal, the render server and the
    # worker drawing the chart too.
    started = tmp_path / "drawing"
    process, port = slow_run_py(started, tmp_path / "data")
    try:
        with ThreadPoolExecutor(1) as pool:
            chart = pool.submit(requests.get, f"http://127.0.0.1:{port}/d/animals/bears.svg", timeout=30)
            assert wait_for(lambda: started.exists() or chart.done()) and not chart.done()
            os.killpg(process.pid, signal.SIGTERM)
            response = chart.result()
        assert response.status_code == 200, response.text
        assert response.headers["Content-Type"] == "image/svg+xml; charset=utf-8"
        assert process.wait(timeout=30) == 0
        assert process.stdout.read().splitlines()[-2:] == [
            "Stopping on SIGTERM: taking no new connections; waiting up to 30 s for 1 request in flight", "Stopped"]
        # The render server and its workers end with run.py, as after a Ctrl-C.
        assert wait_for(lambda: not group_exists(process.pid)), "processes outlived the server"
    finally:
        end_group(process)


def test_a_sigterm_to_run_py_s_render_server_alone_ends_it_and_its_workers_once_the_chart_drawn_is_answered(
        tmp_path):
    # The render server ignored SIGTERM, as it must when the signal goes to the whole group (the site
    # stops then, and its charts in flight need it): sent to it alone, it ended nothing.
    started, log = tmp_path / "drawing", tmp_path / "site.log"
    with log.open("w") as written:
        process, port = slow_run_py(started, tmp_path / "data", written)
    try:
        [server] = [pid for pid in children(process.pid) if process_name(pid) == "svgplots-render"]
        assert wait_for(lambda: len(children(server)) == 2)
        workers = children(server)
        with ThreadPoolExecutor(1) as pool:
            chart = pool.submit(requests.get, f"http://127.0.0.1:{port}/d/animals/bears.svg", timeout=30)
            assert wait_for(lambda: started.exists() or chart.done()) and not chart.done()
            os.kill(server, signal.SIGTERM)
            response = chart.result()
        assert response.status_code == 200, response.text
        # Reaped, the server by the site and its workers by the server: no process of theirs is left.
        assert wait_for(lambda: not any(process_state(pid) for pid in [server, *workers])), \
            [(pid, process_state(pid)) for pid in [server, *workers]]
        # The site goes on as when its render server is killed: with one of its own, said once.
        later = requests.get(f"http://127.0.0.1:{port}/d/animals/bears.svg?width=333", timeout=60)
        assert later.status_code == 200, later.text
        said = [line for line in log.read_text().splitlines() if "render" in line and "WARNING" in line]
        assert [line.split(": ", 1)[1] for line in said] == [
            "the render server ended; charts go on with render servers of the site's own"], said
    finally:
        end_group(process)


def answer_on(sock: socket.socket) -> http.client.HTTPResponse:
    """The answer to a GET of /healthz sent on `sock`, asking to keep the connection alive; the
    socket left open on our side."""
    sock.sendall(b"GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: keep-alive\r\n\r\n")
    response = http.client.HTTPResponse(sock)
    response.begin()
    assert response.read() == b"ok\n"
    return response


def test_run_py_keeps_no_connection_alive_and_answers_one_opened_before_a_stop_closing_it(tmp_path):
    # gunicorn answers a request that comes on a kept-alive connection while it stops with
    # "Connection: close"; run.py's server keeps none alive: each answer closes its connection,
    # before a stop and while it waits for the requests in flight.
    started = tmp_path / "drawing"
    process, port = slow_run_py(started, tmp_path / "data")
    try:
        before = socket.create_connection(("127.0.0.1", port), timeout=30)
        response = answer_on(before)
        assert (response.status, response.getheader("Connection")) == (200, "close")
        assert before.recv(1) == b""
        before.close()
        opened = socket.create_connection(("127.0.0.1", port), timeout=30)  # sends its request later
        with ThreadPoolExecutor(1) as pool:
            chart = pool.submit(requests.get, f"http://127.0.0.1:{port}/d/animals/bears.svg", timeout=30)
            assert wait_for(lambda: started.exists() or chart.done()) and not chart.done()
            process.send_signal(signal.SIGTERM)
            assert process.stdout.readline().startswith("Stopping on SIGTERM: taking no new connections; waiting")
            response = answer_on(opened)
            assert (response.status, response.getheader("Connection")) == (200, "close")
            assert opened.recv(1) == b""
            opened.close()
            assert chart.result().status_code == 200
        assert process.wait(timeout=30) == 0
        assert process.stdout.read().splitlines()[-1] == "Stopped"
    finally:
        end_group(process)
