"""The request id in each server's access log line, and /metrics under gunicorn with two workers: the
whole site's figures, whichever worker answers."""
from __future__ import annotations

import logging
import os
import re
import socket
import subprocess
import sys
import threading
import time
from concurrent.futures import ThreadPoolExecutor

import pytest
import requests
from prometheus_client.parser import text_string_to_metric_families
from werkzeug.serving import make_server

from app.config import STATIC_DIR
from app.http_server import SiteRequestHandler
from app.request_watch import RequestWatch
from tests.conftest import ROOT, free_port
from tests.sample_store import app_on_samples, with_samples_loaded
from tests.test_dropped_connections import TellingDrops, reset
from tests.test_http_server import serving
from tests.test_serving import stop, wait_until_up
from tests.test_serving_gunicorn_settings import CONFIG_FILE, environment

TOKEN = "metrics-token-0123456789"
# Requests the two workers share.
REQUESTS = 24


def test_run_py_s_access_log_line_ends_with_the_request_id(data_dir, caplog):
    app = app_on_samples({"TESTING": True, "DATA_DIR": str(data_dir), "RENDER_WORKERS": 0})
    server = make_server("127.0.0.1", free_port(), app, threaded=True, request_handler=SiteRequestHandler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        with caplog.at_level(logging.INFO, logger="werkzeug"):
            answer = requests.get(f"http://127.0.0.1:{server.server_port}/healthz", timeout=30)
    finally:
        server.shutdown()
        thread.join(10)
        server.server_close()
    [line] = [r.getMessage() for r in caplog.records if "GET /healthz" in r.getMessage()]
    assert line.endswith(f'"GET /healthz HTTP/1.1" 200 - {answer.headers["X-Request-Id"]}')


def _figures(text: str) -> dict[tuple[str, tuple], float]:
    return {(s.name, tuple(sorted(s.labels.items()))): s.value
            for family in text_string_to_metric_families(text) for s in family.samples}


def test_gunicorn_s_workers_give_the_whole_site_s_figures_and_log_each_request_s_id(tmp_path):
    data = tmp_path / "data"
    data.mkdir()
    with_samples_loaded(data)
    port = free_port()
    env = environment(DATA_DIR=str(data), METRICS_TOKEN=TOKEN, RENDER_WORKERS="0", ENV="production")
    log = (tmp_path / "access.log").open("w+")
    server = subprocess.Popen([sys.executable, "-m", "gunicorn", "-c", str(CONFIG_FILE), "-w", "2", "-b",
                               f"127.0.0.1:{port}", "app:create_app_or_exit()"], cwd=ROOT, env=env, stdout=log,
                              stderr=subprocess.DEVNULL)
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        while True:  # until the workers answer
            try:
                requests.get(f"{base}/healthz", timeout=5)
                break
            except requests.ConnectionError:
                assert time.monotonic() < deadline and server.poll() is None, "gunicorn did not start"
                time.sleep(0.2)
        # At once, so that both workers take some: batches again until each has counted some (which worker
        # accepts a connection is the kernel's choice, and a threaded one may take a whole batch).
        ids: list[str] = []
        workers: set[str] = set()
        seen = {}
        while len(workers) < 2 and time.monotonic() < deadline:
            with ThreadPoolExecutor(6) as pool:
                ids += pool.map(lambda _: requests.get(f"{base}/plot/animals.csv", timeout=30).headers["X-Request-Id"],
                                range(REQUESTS))
            while time.monotonic() < deadline:  # each worker's counts reach its file within a moment
                answer = requests.get(f"{base}/metrics", headers={"Authorization": f"Bearer {TOKEN}"}, timeout=30)
                seen = _figures(answer.text)
                if seen.get(("svgplots_requests_total", (("kind", "data"), ("status", "2xx")))) == len(ids):
                    break
                time.sleep(0.1)
            workers = {path.name.partition("-")[0] for path in (data / "metrics").glob("*.json")}
        assert seen[("svgplots_requests_total", (("kind", "data"), ("status", "2xx")))] == len(ids)
        # A static file, which gunicorn sends by `sendfile`, logged with its id as any answer.
        static_id = requests.get(f"{base}/static/bears.svg", timeout=30).headers["X-Request-Id"]
    finally:
        server.terminate()
        server.wait(60)
    assert len(workers) == 2, "one worker took every request: nothing summed"
    log.seek(0)
    lines = log.read().splitlines()
    for rid in ids:
        [line] = [line for line in lines if line.endswith(f" {rid}")]
        assert '"GET /plot/animals.csv HTTP/1.1" 200' in line
    [line] = [line for line in lines if line.endswith(f" {static_id}")]
    assert '"GET /static/bears.svg HTTP/1.1" 200' in line


def test_an_answer_its_client_left_is_logged_with_the_request_id(caplog):
    caplog.set_level(logging.INFO)
    whole = bytes(range(256)) * 2048  # 512 KB, as a big chart's PNG

    def big(environ, start_response):
        start_response("200 OK", [("Content-Type", "image/png"), ("Content-Length", str(len(whole)))])
        return [whole]

    with serving(RequestWatch(big, None, 0), handler=TellingDrops) as port:
        with socket.socket() as connection:
            connection.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 32768)
            connection.settimeout(30)
            connection.connect(("127.0.0.1", port))
            connection.sendall(b"GET /d/animals/bears.png HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n")
            head = connection.recv(4096)
            assert head.startswith(b"HTTP/1.1 200 ")
            rid = re.search(rb"X-Request-Id: ([0-9a-f]{16})", head)[1].decode()
            reset(connection)
        assert TellingDrops.dropped.wait(30)
    [line] = [r.getMessage() for r in caplog.records if "the answer stopped" in r.getMessage()]
    assert f'"GET /d/animals/bears.png HTTP/1.1" 200 {rid}: the answer stopped after ' in line


def test_a_static_file_reaches_gunicorn_as_its_file_wrapper_and_is_sent_by_sendfile(data_dir, monkeypatch):
    # The answer was wrapped to keep its request's id current while sent: gunicorn, which sends a file by
    # `sendfile` only where the answer is its own FileWrapper, read it through Python a block at a time.
    from gunicorn.config import Config
    from gunicorn.http import RequestParser
    from gunicorn.http.wsgi import create

    app = app_on_samples({"TESTING": True, "DATA_DIR": str(data_dir), "RENDER_WORKERS": 0})
    sent = []
    sendfile = os.sendfile
    monkeypatch.setattr(os, "sendfile", lambda *args: sent.append(args[3]) or sendfile(*args))
    server, client = socket.socketpair()
    with server, client:
        client.sendall(b"GET /static/bears.svg HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n")
        config = Config()
        request = next(iter(RequestParser(config, server, ("127.0.0.1", 40000))))
        response, environ = create(request, server, ("127.0.0.1", 40000), ("127.0.0.1", 8000), config)
        answer = app(environ, response.start_response)
        # As gunicorn's workers send an answer (workers/gthread.py, sync.py).
        assert isinstance(answer, environ["wsgi.file_wrapper"]), type(answer)
        response.write_file(answer)
        response.close()
        answer.close()
        server.shutdown(socket.SHUT_WR)
        received = b"".join(iter(lambda: client.recv(65536), b""))
    head, _, body = received.partition(b"\r\n\r\n")
    assert body == (STATIC_DIR / "bears.svg").read_bytes() and sent == [len(body)]
    assert re.search(rb"\r\nX-Request-Id: [0-9a-f]{16}(\r\n|$)", head), head


@pytest.mark.parametrize("server", ["run.py", "gunicorn"])
def test_an_app_log_line_each_server_prints_ends_with_its_request_s_id(tmp_path, server):
    folder = tmp_path / "boards"
    folder.mkdir()
    (folder / "zoo.toml").write_text('title = "Zoo"\n[[charts]]\nid = "c"\ndataset = "animals"\ny = ["Bear"]\n')
    data = tmp_path / "data"
    data.mkdir()
    with_samples_loaded(data)
    port = free_port()
    env = environment(DATA_DIR=str(data), DASHBOARD_DIRS=str(folder), DASHBOARD_CHECK_SECONDS="0",
                      RENDER_WORKERS="0")
    command = ([sys.executable, "run.py", "--port", str(port)] if server == "run.py" else
               [sys.executable, "-m", "gunicorn", "-c", str(CONFIG_FILE), "-w", "1", "-b", f"127.0.0.1:{port}",
                "app:create_app_or_exit()"])
    log = tmp_path / "errors.log"
    with log.open("w") as written:
        process = subprocess.Popen(command, cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=written)
    try:
        wait_until_up(process, f"http://127.0.0.1:{port}/healthz")
        (folder / "zoo.toml").write_text('title = "Zoo"\n[[charts]]\nid = "c"\n')  # no dataset: refused
        answer = requests.get(f"http://127.0.0.1:{port}/d/zoo", timeout=30)
    finally:
        stop(process)
    assert answer.status_code == 503
    [line] = [line for line in log.read_text().splitlines() if "is refused" in line]
    assert re.fullmatch(r"\[.+\] WARNING in dashboard_files: dashboard file .+zoo\.toml is refused: .+ "
                        rf"\[request {answer.headers['X-Request-Id']}\]", line), line
