"""Charts over HTTP from gunicorn on 127.0.0.1: cache hits against static files, and a million rows cold.

    python benchmarks/serving.py [--seconds 2] [--rounds 5] [--connections 8] [--workers 2] [--rows 1000000]

1. Cache hit against static file: the same SVG bytes served (a) by Flask's own static-file
   serving (`send_from_directory`, what `app.static_folder` uses) and (b) by the chart route from
   the render cache, in alternating rounds against one server, with a bounded load generator
   (`wrk` when it is installed, else Python threads; a fixed number of connections, each
   sending its next request when the last one is answered). Prints requests per second of each
   and their ratio (target: hit ÷ static ≥ 1.5; hits are answered ahead of Flask's routing).
2. A million rows, cold: a `<rows>`-row CSV dataset in a temporary data folder; the time of the
   first request (the process reads the file), then of requests for new specs (each a render
   cache miss: the store's frame, a render worker, the SVG), as a client sees them end to end.
   Target: ≤ 150 ms.
"""
from __future__ import annotations

import argparse
import http.client
import os
import re
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from benchmarks.datasets import big_series  # noqa: E402

HIT_URL = "/d/animals/bears.svg"
STATIC_URL = "/bench-static/bears.svg"


def bench_app():
    """The site, plus the benchmark's static folder served the way Flask serves `static/`."""
    from flask import send_from_directory

    from app import create_app

    app = create_app()
    folder = os.environ["SVGPLOTS_BENCH_STATIC"]
    app.add_url_rule("/bench-static/<path:filename>", "bench_static",
                     lambda filename: send_from_directory(folder, filename))
    return app


def get(port: int, path: str) -> tuple[int, bytes, float]:
    """Status, body and seconds of one GET on a new connection."""
    started = time.perf_counter()
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
    try:
        conn.request("GET", path)
        response = conn.getresponse()
        body = response.read()
        return response.status, body, time.perf_counter() - started
    finally:
        conn.close()


def start_gunicorn(app_spec: str, port: int, args: list[str], env: dict[str, str], shared: bool = True) -> subprocess.Popen:
    """gunicorn serving `app_spec` on 127.0.0.1:`port` with `args`, once it answers; `env` on top of ours.
    It runs with the site's gunicorn settings (app/gunicorn_config.py), as in production, unless
    not `shared`: then every process imports what it needs for itself."""
    settings = ["-c", "app/gunicorn_config.py"] if shared else []
    process = subprocess.Popen(
        [sys.executable, "-m", "gunicorn", *settings, *args, "-b", f"127.0.0.1:{port}", "--log-level", "warning", app_spec],
        cwd=ROOT, env={**os.environ, "SVGPLOTS_ENV": "production", **env}, stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE, text=True, start_new_session=True)
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise SystemExit(f"gunicorn exited: {process.stderr.read()}")
        try:
            get(port, "/api/datasets")
            return process
        except OSError:
            time.sleep(0.2)
    stop_server(process)
    raise SystemExit("gunicorn did not start within 60 s")


def start_server(port: int, workers: int, data_dir: Path, static_dir: Path) -> subprocess.Popen:
    return start_gunicorn("benchmarks.serving:bench_app()", port, ["-w", str(workers)],
                          {"SVGPLOTS_DATA_DIR": str(data_dir), "SVGPLOTS_BENCH_STATIC": str(static_dir)})


def stop_server(process: subprocess.Popen) -> None:
    os.killpg(process.pid, signal.SIGTERM)
    try:
        process.wait(timeout=15)
    except subprocess.TimeoutExpired:
        os.killpg(process.pid, signal.SIGKILL)
        process.wait()


def free_port() -> int:
    import socket

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def load_wrk(port: int, path: str, seconds: float, connections: int) -> float:
    """Requests per second that `wrk` measured."""
    out = subprocess.run(["wrk", "-t", "1", "-c", str(connections), "-d", f"{max(1, round(seconds))}s",
                          f"http://127.0.0.1:{port}{path}"], capture_output=True, text=True, check=True).stdout
    if "Non-2xx" in out or "Socket errors" in out and "timeout" in out:
        raise SystemExit(f"wrk saw errors for {path}:\n{out}")
    return float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1))


def load_threads(port: int, path: str, seconds: float, connections: int) -> float:
    """Requests per second from `connections` threads, each one request at a time."""
    stop = time.perf_counter() + seconds
    counts = [0] * connections
    failures: list[int] = []

    def client(n: int) -> None:
        while time.perf_counter() < stop:
            status, _, _ = get(port, path)
            if status != 200:
                failures.append(status)
            counts[n] += 1

    started = time.perf_counter()
    threads = [threading.Thread(target=client, args=(n,)) for n in range(connections)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    if failures:
        raise SystemExit(f"{len(failures)} requests to {path} failed: {failures[:5]}")
    return sum(counts) / (time.perf_counter() - started)


def cache_hit_against_static(port: int, static_dir: Path, args) -> None:
    status, body, _ = get(port, HIT_URL)
    assert status == 200, status
    (static_dir / "bears.svg").write_bytes(body)
    status, static_body, _ = get(port, STATIC_URL)
    assert status == 200 and static_body == body
    for _ in range(args.workers * 4):  # every worker's cache holds the chart
        get(port, HIT_URL)
    load = load_wrk if shutil.which("wrk") and not args.python_load else load_threads
    results: dict[str, list[float]] = {"static file": [], "cache hit": []}
    load(port, STATIC_URL, 1, args.connections)  # warm-up
    for _ in range(args.rounds):
        results["static file"].append(load(port, STATIC_URL, args.seconds, args.connections))
        results["cache hit"].append(load(port, HIT_URL, args.seconds, args.connections))
    static = statistics.median(results["static file"])
    hit = statistics.median(results["cache hit"])
    paired = statistics.median(h / s for h, s in zip(results["cache hit"], results["static file"]))
    print(f"\n1. the same {len(body)}-byte SVG, gunicorn -w {args.workers}, {args.connections} connections, "
          f"{args.rounds} × {args.seconds:g} s each, load by {'wrk' if load is load_wrk else 'Python threads'}")
    print(f"{'served as':14} {'requests/s':>11}  rounds")
    for name, values in results.items():
        print(f"{name:14} {statistics.median(values):11.0f}  {', '.join(f'{v:.0f}' for v in values)}")
    verdict = "met" if hit >= 1.5 * static else "not met"
    print(f"cache hit ÷ static file: {hit / static:.2f} (median of the rounds' ratios {paired:.2f}; "
          f"target ≥ 1.5: {verdict})")


def million_rows_cold(port: int, args) -> None:
    name = "big"
    status, _, first = get(port, f"/plot/{name}.svg?y=value")
    assert status == 200, status
    kinds = {"line": [], "area": [], "scatter": []}
    for i in range(args.cold):
        for kind, times in kinds.items():
            status, body, seconds = get(port, f"/plot/{name}.svg?kind={kind}&y=value&width={641 + i}")
            assert status == 200, (status, body[:300])
            times.append((seconds, len(body)))
    print(f"\n2. a {args.rows:,}-row CSV dataset over HTTP, each request a new spec (render cache miss)")
    print(f"first request of the process (reads the file, then renders): {first * 1000:.0f} ms")
    print(f"{'kind':8} {'median ms':>10} {'max ms':>8} {'bytes':>8}")
    for kind, times in kinds.items():
        ms = [t * 1000 for t, _ in times]
        print(f"{kind:8} {statistics.median(ms):10.0f} {max(ms):8.0f} {times[-1][1]:8d}")
    line = statistics.median(t * 1000 for t, _ in kinds["line"])
    print(f"target: a cold line chart ≤ 150 ms end to end: {'met' if line <= 150 else 'not met'} ({line:.0f} ms)")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--seconds", type=float, default=2.0, help="length of each load round")
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--connections", type=int, default=8)
    parser.add_argument("--workers", type=int, default=2, help="gunicorn worker processes")
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--cold", type=int, default=5, help="cold requests per chart kind")
    parser.add_argument("--python-load", action="store_true", help="use Python threads even when wrk is installed")
    args = parser.parse_args(argv)

    with tempfile.TemporaryDirectory() as tmp:
        data_dir, static_dir = Path(tmp) / "data", Path(tmp) / "static"
        data_dir.mkdir()
        static_dir.mkdir()
        big_series(args.rows).to_csv(data_dir / "big.csv", index=False)
        port = free_port()
        server = start_server(port, args.workers, data_dir, static_dir)
        try:
            cache_hit_against_static(port, static_dir, args)
            million_rows_cold(port, args)
        finally:
            stop_server(server)
    return 0


if __name__ == "__main__":
    sys.exit(main())
