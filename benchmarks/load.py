"""Bounded mixed load against gunicorn on 127.0.0.1: cold and warm charts plus appends.

    python benchmarks/load.py [--seconds 20] [--clients 8] [--workers 2]

Prints requests per second, p50/p99 latency and errors per kind of request (errors must be 0),
the same for a static file as the baseline measured in the same run, and the server's resident
memory (all its processes, render workers included) at the start, half way and the end. Then the
memory of a fresh server as served in production (app/gunicorn_config.py: processes fork after the
heavy imports and share those pages) against the same server with every process importing for
itself, as PSS (proportional set size: a page shared by n processes counts 1/n in each, so the
sum is what the server really holds; summed RSS counts shared pages once per process).
"""
from __future__ import annotations

import argparse
import itertools
import secrets
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections import defaultdict
from pathlib import Path

import requests

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from benchmarks.datasets import animals  # noqa: E402
from benchmarks.serving import free_port, start_gunicorn, stop_server  # noqa: E402


def tree_memory_mb(pid: int) -> tuple[float, float]:
    """Resident memory (RSS) and proportional memory (PSS: pages shared between processes counted
    once, split among them) of `pid` and all its descendants, in MB."""
    totals = {"VmRSS:": 0, "Pss:": 0}
    pending = [pid]
    while pending:
        current = pending.pop()
        try:
            for name, source in (("VmRSS:", "status"), ("Pss:", "smaps_rollup")):
                with open(f"/proc/{current}/{source}") as fh:
                    for line in fh:
                        if line.startswith(name):
                            totals[name] += int(line.split()[1])
            children = Path(f"/proc/{current}/task/{current}/children").read_text().split()
        except (FileNotFoundError, ProcessLookupError):
            continue
        pending.extend(int(c) for c in children)
    return totals["VmRSS:"] / 1024, totals["Pss:"] / 1024


def tree_rss_mb(pid: int) -> float:
    """Resident memory of `pid` and all its descendants, in MB."""
    return tree_memory_mb(pid)[0]


def start_server(workers: int, data_dir: Path, token: str, shared: bool = True) -> tuple[subprocess.Popen, str]:
    port = free_port()
    process = start_gunicorn("app:create_app()", port, ["-w", str(workers)],
                             {"SVGPLOTS_DATA_DIR": str(data_dir), "SVGPLOTS_WRITE_TOKENS": token}, shared)
    return process, f"http://127.0.0.1:{port}"


def memory_at_start(workers: int, data_dir: Path, token: str, shared: bool) -> tuple[float, float]:
    """RSS and PSS of a fresh server, render workers included, once it has drawn one chart."""
    process, base = start_server(workers, data_dir, token, shared)
    try:
        requests.get(f"{base}/d/animals/all.svg", timeout=30).raise_for_status()
        time.sleep(1)
        return tree_memory_mb(process.pid)
    finally:
        stop_server(process)


class Recorder:
    """Latencies and failures per kind of request."""

    def __init__(self):
        self.latencies: dict[str, list[float]] = defaultdict(list)
        self.errors: dict[str, list[str]] = defaultdict(list)
        self.lock = threading.Lock()

    def record(self, kind: str, seconds: float, error: str | None) -> None:
        with self.lock:
            self.latencies[kind].append(seconds)
            if error:
                self.errors[kind].append(error)


def run_clients(client, count: int) -> float:
    """Run `count` threads of `client` until they all return; the seconds it took."""
    started = time.perf_counter()
    threads = [threading.Thread(target=client) for _ in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return time.perf_counter() - started


def run_load(base: str, seconds: float, clients: int, token: str, appends: bool) -> tuple[Recorder, float]:
    recorder = Recorder()
    stop_at = time.monotonic() + seconds
    counter = itertools.count()
    headers = {"Authorization": f"Bearer {token}"}

    def one(session: requests.Session, n: int) -> None:
        choice = n % 10
        if choice < 5:
            kind, method, url, body = "warm chart", "GET", f"{base}/d/animals/all.svg", None
        elif choice < 8:
            # A width never asked before: a render the cache has not seen.
            kind, method, url, body = "cold chart", "GET", f"{base}/d/weather/monthly-temperature.svg?width={300 + n % 1700}&height={200 + n // 1700 % 800}", None
        elif choice == 8 and appends:
            kind, method, url = "append", "POST", f"{base}/api/datasets/loadtest/rows"
            body = [{"t": n, "value": n * 0.5}]
        else:
            kind, method, url, body = "data json", "GET", f"{base}/d/animals/bears.json", None
        started = time.perf_counter()
        error = None
        try:
            response = session.request(method, url, json=body, headers=headers if body else None, timeout=30)
            if response.status_code >= 400:
                error = f"{response.status_code} {url}: {response.text[:200]}"
        except requests.RequestException as failure:
            error = f"{type(failure).__name__} {url}"
        recorder.record(kind, time.perf_counter() - started, error)

    def client() -> None:
        with requests.Session() as session:
            while time.monotonic() < stop_at:
                one(session, next(counter))

    return recorder, run_clients(client, clients)


def run_static(base: str, seconds: float, clients: int) -> tuple[Recorder, float]:
    recorder = Recorder()
    stop_at = time.monotonic() + seconds

    def client() -> None:
        with requests.Session() as session:
            while time.monotonic() < stop_at:
                started = time.perf_counter()
                response = session.get(f"{base}/static/bears.svg", timeout=30)
                recorder.record("static file", time.perf_counter() - started,
                                None if response.status_code == 200 else str(response.status_code))

    return recorder, run_clients(client, clients)


def report(recorder: Recorder, elapsed: float) -> tuple[int, float]:
    total = sum(len(v) for v in recorder.latencies.values())
    for kind, values in sorted(recorder.latencies.items()):
        ordered = sorted(values)
        p99 = ordered[min(len(ordered) - 1, int(len(ordered) * 0.99))]
        print(f"  {kind:12} {len(values):6} req  {len(values) / elapsed:7.1f} req/s  "
              f"p50 {statistics.median(ordered) * 1000:7.1f} ms  p99 {p99 * 1000:7.1f} ms  "
              f"errors {len(recorder.errors[kind])}")
        for error in recorder.errors[kind][:3]:
            print(f"      e.g. {error}")
    return total, total / elapsed


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--seconds", type=float, default=20, help="length of the mixed load (at most 60)")
    parser.add_argument("--clients", type=int, default=8)
    parser.add_argument("--workers", type=int, default=2, help="gunicorn worker processes")
    args = parser.parse_args()
    seconds = min(args.seconds, 60)
    token = secrets.token_urlsafe(16)
    with tempfile.TemporaryDirectory() as tmp:
        data_dir = Path(tmp)
        animals().to_csv(data_dir / "zoo.csv", index=False)
        process, base = start_server(args.workers, data_dir, token)
        try:
            created = requests.post(f"{base}/api/datasets?name=loadtest&title=Load", data="t,value\n0,0.0\n",
                                    headers={"Content-Type": "text/csv", "Authorization": f"Bearer {token}"},
                                    timeout=30)
            appends = created.status_code in (200, 201)
            if not appends:
                print(f"(appends left out: creating a dataset answered {created.status_code})")
            requests.get(f"{base}/d/animals/all.svg", timeout=30)  # warm the cache once
            rss = [tree_rss_mb(process.pid)]
            pss_at_start = tree_memory_mb(process.pid)[1]
            print(f"mixed load: {seconds:g} s, {args.clients} clients, gunicorn -w {args.workers}")
            # Two halves: the first fills the render caches (bounded by RENDER_CACHE_BYTES per
            # worker), so memory that still grows in the second half would be a leak.
            recorder, elapsed = run_load(base, seconds / 2, args.clients, token, appends)
            rss.append(tree_rss_mb(process.pid))
            second, second_elapsed = run_load(base, seconds / 2, args.clients, token, appends)
            rss.append(tree_rss_mb(process.pid))
            for kind, values in second.latencies.items():
                recorder.latencies[kind].extend(values)
                recorder.errors[kind].extend(second.errors[kind])
            elapsed += second_elapsed
            total, rate = report(recorder, elapsed)
            print(f"  all          {total:6} req  {rate:7.1f} req/s")
            print(f"baseline: static file, {min(seconds, 10):g} s")
            static, static_elapsed = run_static(base, min(seconds, 10), args.clients)
            _, static_rate = report(static, static_elapsed)
            errors = sum(len(v) for v in recorder.errors.values())
            print(f"mixed req/s vs static req/s: {rate / static_rate:.2f}x")
            print(f"errors: {errors}")
            print(f"server RSS (all processes): {rss[0]:.0f} MB at start, {rss[1]:.0f} MB half way, "
                  f"{rss[2]:.0f} MB at the end; second half {rss[2] - rss[1]:+.0f} MB "
                  f"({(rss[2] - rss[1]) / max(rss[1] - rss[0], 1):.2f}x the first half's growth)")
            print(f"server PSS (shared pages counted once) at start: {pss_at_start:.0f} MB")
        finally:
            stop_server(process)
        # Baseline: the same server with every process importing what it needs for itself.
        shared_rss, shared_pss = memory_at_start(args.workers, data_dir, token, shared=True)
        alone_rss, alone_pss = memory_at_start(args.workers, data_dir, token, shared=False)
        print(f"memory at start, gunicorn -w {args.workers} with its render workers, fresh servers:")
        print(f"  forked after the heavy imports (app/gunicorn_config.py): PSS {shared_pss:.0f} MB (RSS summed {shared_rss:.0f} MB)")
        print(f"  every process importing for itself (no config):          PSS {alone_pss:.0f} MB (RSS summed {alone_rss:.0f} MB)")
        print(f"  PSS ratio: {shared_pss / alone_pss:.2f}x")
        return 1 if errors else 0


if __name__ == "__main__":
    sys.exit(main())
