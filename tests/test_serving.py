"""The two ways to serve the site: `python run.py` and the README's gunicorn command."""
from __future__ import annotations

import http.client
import os
import re
import shlex
import signal
import socket
import subprocess
import sys
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from urllib.parse import quote

import pytest
import requests

from app import create_app
from tests.conftest import ROOT, free_port

CHARTS = ["all", "bears", "predators", "spread"]


def wait_until_up(process: subprocess.Popen, url: str, seconds: float = 30) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise AssertionError(f"server exited with {process.returncode}: {process.stderr.read()}")
        try:
            requests.get(url, timeout=5)
            return
        except requests.RequestException:
            time.sleep(0.1)
    raise AssertionError(f"server did not answer {url} within {seconds} s")


def stop(process: subprocess.Popen) -> None:
    process.terminate()
    try:
        process.wait(timeout=10)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()


def fetch_all_at_once(base: str) -> list[requests.Response]:
    """Every chart of the animals dashboard at two sizes, all requested at the same time; all drawn."""
    urls = [f"{base}/d/animals/{chart}.svg?width={w}" for chart in CHARTS for w in (300, 400)]
    with ThreadPoolExecutor(len(urls)) as pool:
        responses = list(pool.map(lambda u: requests.get(u, timeout=30), urls))
    assert [r.status_code for r in responses] == [200] * len(responses)
    assert {r.headers["Content-Type"] for r in responses} == {"image/svg+xml; charset=utf-8"}
    return responses


def date_fields(port: int, path: str, headers: dict[str, str]) -> tuple[int, list[str], str | None]:
    """The status, the Date fields as they came on the wire (requests would join repeated ones into
    one) and the ETag of a GET."""
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    try:
        connection.request("GET", path, headers=headers)
        response = connection.getresponse()
        response.read()
        return response.status, response.msg.get_all("Date") or [], response.getheader("ETag")
    finally:
        connection.close()


def assert_one_date_on_every_answer(port: int) -> None:
    """Plain and conditional answers, 200s and 304s, of a static file and of a chart (whose
    repeated requests the layer ahead of Flask answers) each carry one Date, the server's."""
    for path in ("/static/site.css", "/d/animals/bears.svg"):
        for accept in ({}, {"Accept-Encoding": "gzip"}):
            status, dates, etag = date_fields(port, path, accept)
            assert status == 200 and len(dates) == 1, (path, accept, dates)
            for condition in ({"If-None-Match": etag}, {"If-None-Match": '"other"'}) * 2:
                status, dates, _ = date_fields(port, path, {**accept, **condition})
                assert len(dates) == 1, (path, accept, condition, status, dates)


def test_run_py_sends_one_date_with_every_answer(tmp_path):
    port = free_port()
    process = subprocess.Popen([sys.executable, "run.py", "--port", str(port), "--data-dir", str(tmp_path)], cwd=ROOT,
                               stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        wait_until_up(process, f"http://127.0.0.1:{port}/")
        assert_one_date_on_every_answer(port)
    finally:
        stop(process)


def test_run_py_answers_a_dashboards_chart_requests_at_once(tmp_path):
    port = free_port()
    process = subprocess.Popen([sys.executable, "run.py", "--port", str(port), "--data-dir", str(tmp_path)], cwd=ROOT,
                               stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        base = f"http://127.0.0.1:{port}"
        wait_until_up(process, base + "/")
        fetch_all_at_once(base)
    finally:
        stop(process)


def started_run_py(data_dir: Path) -> tuple[subprocess.Popen, int]:
    """`python run.py` on a free port over `data_dir`, answering; its standard output a pipe of lines."""
    port = free_port()
    process = subprocess.Popen([sys.executable, "run.py", "--port", str(port), "--data-dir", str(data_dir)], cwd=ROOT,
                               stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
    try:
        wait_until_up(process, f"http://127.0.0.1:{port}/healthz")
    except BaseException:
        stop(process)
        raise
    return process, port


def unread_download(port: int, path: str) -> tuple[http.client.HTTPConnection, http.client.HTTPResponse]:
    """A GET of `path` whose answer, bigger than the sockets' small buffers hold, is not read yet:
    the server is still sending it (its connection, to close, and its response, begun)."""
    download = socket.socket()
    download.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 4096)
    download.connect(("127.0.0.1", port))
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    connection.sock = download
    connection.request("GET", path)
    response = connection.getresponse()
    assert response.status == 200
    return connection, response


@pytest.mark.parametrize("stop_signal", [signal.SIGTERM, signal.SIGINT])
def test_run_py_stopped_takes_no_new_connection_and_finishes_the_requests_in_flight(tmp_path, stop_signal):
    # A download of more than the sockets' buffers hold, which the client does not read yet: the
    # server is still sending it when told to stop.
    big = tmp_path / "big.csv"
    big.write_text("n,word\n" + "".join(f"{i},{'abcdefghij' * 5}\n" for i in range(120_000)))
    process, port = started_run_py(tmp_path)
    try:
        assert [process.stdout.readline() for _ in range(2)][1] == f"Serving on http://127.0.0.1:{port}/\n"
        connection, response = unread_download(port, "/datasets/big.csv")
        process.send_signal(stop_signal)
        stopping = process.stdout.readline()
        assert stopping == (f"Stopping on {stop_signal.name}: taking no new connections; "
                            "waiting up to 30 s for 1 request in flight\n")
        with pytest.raises(ConnectionRefusedError):
            socket.create_connection(("127.0.0.1", port), timeout=10).close()
        assert response.read() == big.read_bytes()
        connection.close()
        assert process.wait(timeout=30) == 0
        assert process.stdout.read() == "Stopped\n"
    finally:
        stop(process)


def test_run_py_answers_a_path_starting_with_two_slashes_as_gunicorn_does(tmp_path):
    # gunicorn hands the path on as sent, as the test client does given it in PATH_INFO.
    sent_as_is = create_app({"TESTING": True, "DATA_DIR": str(tmp_path / "client"), "RENDER_WORKERS": 0}).test_client()
    process, port = started_run_py(tmp_path / "served")
    try:
        for method, path in [("GET", "//api/datasets"), ("OPTIONS", "//api/datasets"), ("GET", "///d/animals?x=1"),
                             ("GET", "//plot/animals.svg"), ("GET", "//evil.example/")]:
            connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
            connection.request(method, path)
            served = connection.getresponse()
            body = served.read()
            connection.close()
            expected = sent_as_is.open("/", method=method, query_string=path.partition("?")[2],
                                       environ_overrides={"PATH_INFO": path.partition("?")[0]})
            assert (served.status, served.getheader("Location"), served.getheader("Allow")) == (
                expected.status_code, expected.headers.get("Location"), expected.headers.get("Allow")), (method, path)
            assert body == expected.data, (method, path)
        connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
        connection.request("GET", "//api/datasets")
        redirect = connection.getresponse()
        assert (redirect.status, redirect.getheader("Location")) == (308, "/api/datasets")
        connection.close()
    finally:
        stop(process)


def children(pid: int) -> list[int]:
    return [int(c) for c in Path(f"/proc/{pid}/task/{pid}/children").read_text().split()]


def command_line(pid: int) -> str:
    return Path(f"/proc/{pid}/cmdline").read_text().replace("\0", " ")


def alive(pid: int) -> bool:
    try:
        state = next(line for line in Path(f"/proc/{pid}/status").read_text().splitlines() if line.startswith("State:"))
    except FileNotFoundError:
        return False
    return "zombie" not in state


def readme_gunicorn_command() -> list[str]:
    readme = (ROOT / "README.md").read_text()
    # The command line, not prose that begins with the word: settings, then gunicorn and its options.
    line = next(line for line in readme.splitlines() if re.match(r"\s*(SVGPLOTS_\w+=\S+ +)*gunicorn +-", line))
    return shlex.split(line)


def readme_gunicorn_process(data_dir: Path, port: int) -> tuple[list[str], dict[str, str]]:
    """The README's gunicorn command as this Python runs it, and its environment: two workers on
    127.0.0.1:`port`, the database in `data_dir` (not in the checkout)."""
    words = readme_gunicorn_command()
    env = {**os.environ, "SVGPLOTS_DATA_DIR": str(data_dir)}
    while "=" in words[0]:
        key, value = words.pop(0).split("=", 1)
        env[key] = value
    words = [re.sub(r"^127\.0\.0\.1:\d+$", f"127.0.0.1:{port}", w) for w in words]
    words[words.index("-w") + 1] = "2"
    assert words[0] == "gunicorn"
    return [sys.executable, "-m", "gunicorn", *words[1:]], env


def process_name(pid: int) -> str:
    """A process's name (`comm`, as top and ps -o comm show it); empty once it has ended."""
    try:
        return Path(f"/proc/{pid}/comm").read_text().strip()
    except OSError:
        return ""


def test_readme_gunicorn_command_serves_the_site(tmp_path):
    port = free_port()
    command, env = readme_gunicorn_process(tmp_path, port)
    # Its access log, one line a request, goes to a file: a pipe no one reads would fill and stop it.
    access_log = tmp_path / "access.log"
    with access_log.open("w") as out:
        process = subprocess.Popen(command, cwd=ROOT, env=env, stdout=out, stderr=subprocess.PIPE, text=True)
    try:
        base = f"http://127.0.0.1:{port}"
        wait_until_up(process, base + "/")
        # The master forked a render server and two workers; the render server forked each
        # worker's two render workers right after the workers started, before any chart was asked.
        deadline = time.monotonic() + 20
        # The master may still be forking its second worker, and a render worker just forked is
        # named a moment later.
        while time.monotonic() < deadline:
            processes = children(process.pid)
            servers = [pid for pid in processes if children(pid)]
            render_workers = children(servers[0]) if len(servers) == 1 else []
            if len(processes) == 3 and len(render_workers) == 4 and all(
                    process_name(pid) == "svgplots-worker" for pid in render_workers):
                break
            time.sleep(0.1)
        assert len(processes) == 3 and len(servers) == 1
        assert len(render_workers) == 4
        assert all("gunicorn" in command_line(pid) for pid in render_workers)  # forked, not started afresh
        # Named for top and ps -o comm, as their command line is the master's.
        assert process_name(servers[0]) == "svgplots-render"
        assert {process_name(pid) for pid in render_workers} == {"svgplots-worker"}
        fetch_all_at_once(base)
        assert set(children(servers[0])) == set(render_workers)  # the same ones drew the charts
        page = requests.get(base + "/d/animals", timeout=10)
        assert page.status_code == 200 and page.text.count("<img ") == 5
        # Two worker processes draw the same bytes: the ETag is the same whichever answers.
        etags = {requests.get(base + "/d/animals/all.svg", timeout=10).headers["ETag"] for _ in range(6)}
        assert len(etags) == 1
        assert_one_date_on_every_answer(port)
        # A URL past gunicorn's default limit of the request line (4,094 bytes) is the site's to answer.
        long_url = (f"{base}/plot/animals.svg?title={quote('😀' * 200)}&xlabel={quote('😀' * 100)}"
                    f"&ylabel={quote('😀' * 100)}")
        assert len(long_url) > 4800
        assert requests.get(long_url, timeout=30).status_code == 200
        health = requests.get(base + "/healthz", timeout=10)
        assert (health.status_code, health.text) == (200, "ok\n")
    finally:
        stop(process)
    assert '"GET /healthz HTTP/1.1" 200 3 ' in access_log.read_text()
    deadline = time.monotonic() + 10
    while any(alive(pid) for pid in [*processes, *render_workers]) and time.monotonic() < deadline:
        time.sleep(0.1)
    assert not any(alive(pid) for pid in [*processes, *render_workers]), "processes outlived the server"


@pytest.mark.parametrize(("setting", "line"), [
    ({"SVGPLOTS_DATABASE_URL": "postgresql+psycopg://nobody@127.0.0.1:1/none"},
     "error: the dataset database (--data-dir, --database-url or SVGPLOTS_DATABASE_URL) cannot be opened: "
     "its server cannot be reached (Connection refused); start it or correct the URL, then run this again"),
    ({"SVGPLOTS_ENV": "prod"}, "error: unknown environment 'prod'; use one of development, testing, production"),
])
def test_readme_gunicorn_command_that_cannot_start_says_why_in_one_line(tmp_path, setting, line):
    # gunicorn prints what the app factory raises as a traceback, its one line of sense at the end.
    command, env = readme_gunicorn_process(tmp_path, free_port())
    env.update(setting)
    result = subprocess.run(command, cwd=ROOT, env=env, capture_output=True, text=True, timeout=60)
    assert result.returncode == 1
    assert result.stderr.strip().splitlines() == [line]


def test_readme_gunicorn_command_stopped_refuses_new_connections_and_finishes_the_requests_in_flight(tmp_path):
    # Its workers kept the listening socket open while they finished: a connection made meanwhile,
    # a load balancer's say, waited unanswered until they had (up to 160 s), then was reset.
    (tmp_path / "big.csv").write_text("n,word\n" + "".join(f"{i},{'abcdefghij' * 5}\n" for i in range(120_000)))
    port = free_port()
    command, env = readme_gunicorn_process(tmp_path, port)
    process = subprocess.Popen(command, cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        wait_until_up(process, f"http://127.0.0.1:{port}/healthz")
        expected = requests.get(f"http://127.0.0.1:{port}/datasets/big.csv", timeout=30).content
        connection, response = unread_download(port, "/datasets/big.csv")
        process.terminate()
        refused = False
        deadline = time.monotonic() + 10
        while not refused and time.monotonic() < deadline:
            try:
                socket.create_connection(("127.0.0.1", port), timeout=1).close()
                time.sleep(0.1)
            except ConnectionRefusedError:
                refused = True
        assert refused, "a connection made while gunicorn stopped was taken, not refused"
        assert response.read() == expected
        connection.close()
        assert process.wait(timeout=30) == 0
    finally:
        stop(process)
