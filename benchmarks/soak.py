"""A long run of varied requests against a server as served in production: what grows with them.

    python benchmarks/soak.py [--server gunicorn|run.py] [--backend sqlite|postgresql] [--requests 20000]
                              [--warm-up 2000] [--clients 6] [--samples 6] [--cache-bytes N] [--postgres-url URL]

Starts the site on 127.0.0.1 (gunicorn `-w 2` with `app/gunicorn_config.py`, or `run.py`), its store
an SQLite file or a PostgreSQL database (of a throwaway server, or of `--postgres-url`'s), with a write
token and two source datasets: the weather sample in an SQLite file, and on PostgreSQL in a table too.
`--clients` threads then send a mix that seldom repeats a URL: charts in svg, png and pdf at new
sizes, ranges and filters, their data as json and csv, pages, a dashboard's report, `versions.json`
(what a dashboard's auto-refresh fetches), datasets' rows (a big one's sent as they are read), creates
(CSV, and forms of 600 KB, which are spooled to a temporary file), appends (each a new version) and
deletes, refusals (unknown parameters and columns, bad values, missing pages, writes without a
token), clients that leave mid-answer or mid-body, and clients that send their request slowly.

After the warm-up (lazy set-up, first renders, caches filling) it measures, and again `--samples`
times over the run: the resident memory of each kind of process (the site's, the render server's and
workers'), their open descriptors by kind and threads, the store's and sources' PostgreSQL
connections by state (`pg_stat_activity`), the files in the server's own `TMPDIR` and its log bytes,
each against the warm-up's. A figure that grows by as much in each part of the run is a leak; one that
levels off, a cache filling. `--cache-bytes` bounds each cache the settings bound low, so that they
fill in the warm-up. `benchmarks/soak_memos.py` holds each memo and cache against its bound.
"""
from __future__ import annotations

import argparse
import contextlib
import os
import shutil
import socket
import sqlite3
import subprocess
import sys
import tempfile
import threading
import time
from collections import Counter, defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from benchmarks.serving import free_port, stop_server as stop  # noqa: E402

TOKEN = "soak-write-token-0123456789"
# The settings that bound each process's caches in bytes (README, "Running in production").
CACHE_SETTINGS = ("RENDER_CACHE_BYTES", "FRAME_CACHE_BYTES", "SOURCE_CHART_CACHE_BYTES", "BIG_DATASET_CACHE_BYTES",
                  "CHOSEN_ROWS_CACHE_BYTES", "FILTER_VALUES_CACHE_BYTES", "FAST_HITS_BYTES")


def make_sources(folder: Path, postgres_source: str | None) -> Path:
    """A sources file of `shop-weather` (an SQLite file) and, given a URL, `pg-weather` (PostgreSQL)."""
    import csv

    with open(ROOT / "site" / "data" / "weather.csv", encoding="utf-8") as sample:
        rows = [(r["date"], float(r["temperature_c"]), float(r["rainfall_mm"])) for r in csv.DictReader(sample)]
    conn = sqlite3.connect(folder / "shop.db")
    conn.execute("CREATE TABLE weather (day DATETIME, temperature_c REAL, rainfall_mm REAL)")
    conn.executemany("INSERT INTO weather VALUES (?, ?, ?)", rows)
    conn.commit()
    conn.close()
    text = ('[sources.shop]\nurl = "sqlite:///shop.db"\ncache_seconds = 5\n\n'
            '[datasets.shop-weather]\nsource = "shop"\ntable = "weather"\n')
    if postgres_source:
        import psycopg

        from tests.postgres import libpq_url

        with psycopg.connect(libpq_url(postgres_source), autocommit=True) as pg:
            pg.execute("CREATE TABLE weather (day timestamp, temperature_c double precision, rainfall_mm double precision)")
            with pg.cursor().copy("COPY weather FROM STDIN") as copy:
                for row in rows:
                    copy.write_row(row)
        os.environ["SVGPLOTS_BENCH_PG_SOURCE"] = postgres_source
        text += ('\n[sources.pg]\nurl_env = "SVGPLOTS_BENCH_PG_SOURCE"\ncache_seconds = 5\n\n'
                 '[datasets.pg-weather]\nsource = "pg"\ntable = "weather"\nversion_sql = "SELECT count(*) FROM weather"\n')
    path = folder / "sources.toml"
    path.write_text(text, encoding="utf-8")
    return path


def datasets_at_start() -> list[tuple[str, bytes]]:
    """The stored datasets the requests append to, and `big`, whose rows are sent as they are read
    (more than 50,000 of them), each a name and its CSV."""
    big = "t,value,cat\n" + "".join(f"{i},{i % 1000 * 0.5},c{i % 9}\n" for i in range(60_000))
    return [*((f"soak{k}", b"t,value,cat\n0,1,c0\n") for k in range(7)), ("big", big.encode())]


BOUNDARY = "soak-boundary-7d1f"


def form_upload(name: str) -> bytes:
    """A multipart form creating dataset `name` from a CSV file of 600 KB (a form's file of more than
    500 KB is spooled to a temporary file)."""
    rows = "".join(f"{i},{i % 1000 * 0.25},c{i % 9}\n" for i in range(40_000))
    return (f"--{BOUNDARY}\r\nContent-Disposition: form-data; name=\"name\"\r\n\r\n{name}\r\n"
            f"--{BOUNDARY}\r\nContent-Disposition: form-data; name=\"file\"; filename=\"{name}.csv\"\r\n"
            f"Content-Type: text/csv\r\n\r\nt,value,cat\n{rows}\r\n--{BOUNDARY}--\r\n").encode()


def day(n: int, year: int = 2001) -> str:
    return f"{year}-{1 + n % 12:02d}-{1 + n * 7 % 28:02d}"


def request_for(n: int, sources: list[str]) -> tuple[str, str, str, bytes, dict[str, str]]:
    """The n-th request of the mix: (what, method, path, body, headers)."""
    auth = {"Authorization": f"Bearer {TOKEN}"}
    width, height = 300 + n * 37 % 1500, 200 + n * 13 % 700
    fmt = ("svg", "svg", "png", "pdf")[n % 4]
    source = sources[n % len(sources)]
    choices = [
        ("chart", "GET", f"/plot/weather.{fmt}?y=temperature_c&width={width}&from={day(n)}", b"", {}),
        ("chart", "GET", f"/d/weather/temperature.{fmt}?height={height}&from={day(n, 1999)}&to={day(n, 2003)}", b"", {}),
        ("chart", "GET", f"/plot/stations.{fmt}?y=temperature_c&x=date&filter.station=Airport&kind=line&width={width}", b"", {}),
        ("chart", "GET", f"/plot/animals.svg?y=Bear&kind={('line', 'bar', 'area', 'scatter')[n % 4]}&title=Bears+{n}", b"", {}),
        ("chart", "GET", "/d/animals/all.svg", b"", {}),
        ("data", "GET", f"/d/weather/temperature.{('json', 'csv')[n % 2]}?from={day(n)}", b"", {}),
        ("data", "GET", f"/plot/stations.json?y=rainfall_mm&filter.station=Harbour&from=2024-{1 + n % 12:02d}-01", b"", {}),
        ("page", "GET", f"/d/stations?from=2024-{1 + n % 12:02d}-01&utm_source=soak{n}", b"", {}),
        ("page", "GET", f"/d/weather/temperature?width={width}", b"", {}),
        ("page", "GET", ("/", "/datasets/weather", "/datasets/animals", "/upload", "/healthz")[n % 5], b"", {}),
        ("versions", "GET", f"/d/weather/versions.json?from={day(n)}", b"", {}),
        ("versions", "GET", "/d/stations/versions.json", b"", {}),
        ("rows", "GET", f"/datasets/{('animals', 'stations', f'soak{n % 7}')[n % 3]}.{('csv', 'json')[n % 2]}", b"", {}),
        ("big rows", "GET", f"/datasets/big.{('csv', 'json')[n % 2]}", b"", {}),
        ("source", "GET", f"/plot/{source}.{fmt}?y=temperature_c&x=day&width={width}&from={day(n, 1998)}", b"", {}),
        ("source", "GET", f"/plot/{source}.json?y=rainfall_mm&x=day&from={day(n, 2000)}&to={day(n, 2001)}", b"", {}),
        ("append", "POST", f"/api/datasets/soak{n % 7}/rows", f'[{{"t": {n}, "value": {n % 97}, "cat": "c{n % 5}"}}]'.encode(),
         {**auth, "Content-Type": "application/json"}),
        ("upload", "POST", f"/api/datasets?name=new{n}",
         ("t,value,cat\n" + "".join(f"{i},{i * n % 89},c{i % 5}\n" for i in range(50))).encode(),
         {**auth, "Content-Type": "text/csv"}),
        ("chart", "GET", f"/plot/soak{n % 7}.svg?y=value&x=t&filter.cat=c{n % 5}", b"", {}),
        ("refused", "GET", f"/plot/weather.svg?y=nope{n}", b"", {}),
        ("refused", "GET", f"/plot/weather.svg?widht={n}&theme=neon", b"", {}),
        ("refused", "GET", f"/d/weather/nothing{n}.svg", b"", {}),
        ("refused", "GET", f"/plot/stations.svg?y=temperature_c&filter.station=Nowhere{n}", b"", {}),
        ("refused", "POST", f"/api/datasets/soak{n % 7}/rows", b'[{"t": 1}]', {"Content-Type": "application/json"}),
        ("delete", "DELETE", f"/api/datasets/new{n - 7}", b"", auth),
        ("form upload", "POST", "/api/datasets", form_upload(f"form{n}"), {**auth, "Content-Type": f"multipart/form-data; boundary={BOUNDARY}"}),
        ("delete", "DELETE", f"/api/datasets/form{n - 1}", b"", auth),
        ("append", "POST", f"/api/datasets/soak{n % 7}/rows", f"t,value,cat\n{n},{n % 89},c{n % 3}\n".encode(),
         {**auth, "Content-Type": "text/csv", "Idempotency-Key": f"key-{n}"}),
        ("report", "GET", f"/d/stations.pdf?from=2024-{1 + n % 12:02d}-01", b"", {}),
    ]
    return choices[n % len(choices)]


def send(port: int, method: str, path: str, body: bytes, headers: dict[str, str], mode: str) -> str:
    """Send one request on a new connection; the status line's code, or what the client did instead.
    `mode`: "whole" reads the whole answer, "leave" closes after its first bytes, "slow" sends the
    request's head a few bytes at a time, "cut" closes after half its body."""
    lines = [f"{method} {path} HTTP/1.1", f"Host: 127.0.0.1:{port}", "Connection: close",
             "Accept-Encoding: br, gzip", *(f"{k}: {v}" for k, v in headers.items())]
    if body:
        lines.append(f"Content-Length: {len(body)}")
    raw = ("\r\n".join(lines) + "\r\n\r\n").encode() + body
    with socket.create_connection(("127.0.0.1", port), timeout=120) as sock:
        if mode == "cut":
            sock.sendall(raw[:len(raw) - len(body) // 2])
            time.sleep(0.05)
            return "cut"
        if mode == "slow":
            sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
            head = len(raw) - len(body)
            for start in range(0, head, 16):
                sock.sendall(raw[start:min(start + 16, head)])
                time.sleep(0.005)
            sock.sendall(body)
        else:
            sock.sendall(raw)
        if mode == "leave":
            sock.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 1024)
            sock.recv(64)
            sock.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, b"\x01\x00\x00\x00\x00\x00\x00\x00")  # a reset
            return "left"
        first = sock.recv(64)
        while sock.recv(1 << 16):
            pass
    return first[9:12].decode() or "empty"


def start(server: str, env: dict[str, str], logs: Path) -> tuple[subprocess.Popen, int]:
    port = free_port()
    if server == "gunicorn":
        command = [sys.executable, "-m", "gunicorn", "-c", "app/gunicorn_config.py", "-w", "2",
                   "-b", f"127.0.0.1:{port}", "app:create_app_or_exit()"]
    else:
        command = [sys.executable, "run.py", "--port", str(port)]
    process = subprocess.Popen(command, cwd=ROOT, env={**os.environ, "SVGPLOTS_ENV": "production", **env},
                               stdout=open(logs / "stdout.log", "wb"), stderr=open(logs / "stderr.log", "wb"),
                               start_new_session=True)
    deadline = time.monotonic() + 90
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise SystemExit(f"the server exited: {(logs / 'stderr.log').read_text()[-2000:]}")
        with contextlib.suppress(OSError):
            if send(port, "GET", "/healthz", b"", {}, "whole") == "200":
                return process, port
        time.sleep(0.3)
    stop(process)
    raise SystemExit("the server did not answer within 90 s")


def processes(root: int) -> dict[int, str]:
    """Each process of the server's tree, `root` down, by its role."""
    found: dict[int, str] = {}
    pending = [(root, 0)]
    while pending:
        pid, depth = pending.pop()
        try:
            children = [int(c) for t in os.listdir(f"/proc/{pid}/task")
                        for c in Path(f"/proc/{pid}/task/{t}/children").read_text().split()]
        except (FileNotFoundError, ProcessLookupError):
            continue
        found[pid] = role(pid, depth)
        pending.extend((c, depth + 1) for c in children)
    return found


ROLES = {"svgplots-render": "render server", "svgplots-worker": "render worker"}


def role(pid: int, depth: int) -> str:
    """The server's process `pid` by what it does: the main process, a site worker (gunicorn's), the
    render server or a render worker (named so by `plots.worker`)."""
    if depth == 0:
        return "main"
    with contextlib.suppress(OSError):
        name = Path(f"/proc/{pid}/comm").read_text().strip()
        if name in ROLES:
            return ROLES[name]
    return "site worker"


def proc_figures(pid: int) -> tuple[float, Counter, int] | None:
    """RSS in MB, open file descriptors (by what they are) and threads of `pid`."""
    fds: Counter = Counter()
    try:
        status = Path(f"/proc/{pid}/status").read_text()
        for fd in os.listdir(f"/proc/{pid}/fd"):
            with contextlib.suppress(OSError):
                target = os.readlink(f"/proc/{pid}/fd/{fd}")
                fds["deleted files" if target.endswith("(deleted)") else target.split(":")[0]
                    if target.startswith(("socket:", "pipe:", "anon_inode:")) else "files"] += 1
    except (FileNotFoundError, ProcessLookupError, PermissionError):
        return None
    fields = dict(line.split(":", 1) for line in status.splitlines() if ":" in line)
    return int(fields["VmRSS"].split()[0]) / 1024, fds, int(fields["Threads"])


def sample(process: subprocess.Popen, tmp: Path, logs: Path, store_url: str | None) -> dict[str, float]:
    figures: dict[str, float] = defaultdict(float)
    tree = processes(process.pid)
    for pid, name in tree.items():
        got = proc_figures(pid)
        if got is None:
            continue
        figures[f"RSS MB, {name}"] += got[0]
        figures[f"processes, {name}"] += 1
        for kind, count in got[1].items():
            figures[f"open fds, {kind}"] += count
        figures["threads"] += got[2]
    figures["temporary files"] = sum(len(files) for _, _, files in os.walk(tmp))
    figures["log KB"] = sum(p.stat().st_size for p in logs.iterdir()) / 1024
    if store_url:
        import psycopg

        from tests.postgres import libpq_url

        with psycopg.connect(libpq_url(store_url), autocommit=True) as pg:
            for datname, state, count in pg.execute(
                    "SELECT datname, state, count(*) FROM pg_stat_activity "
                    "WHERE pid <> pg_backend_pid() AND datname IS NOT NULL GROUP BY datname, state"):
                figures[f"PostgreSQL connections, {datname}"] += count
                if state != "idle":
                    figures[f"PostgreSQL connections, {datname}, {state}"] += count
    return dict(figures)


def drive(port: int, first: int, count: int, clients: int, sources: list[str], tally: Counter) -> None:
    """Send requests `first` to `first + count` of the mix from `clients` threads."""
    numbers = iter(range(first, first + count))
    lock = threading.Lock()

    def client() -> None:
        while True:
            with lock:
                n = next(numbers, None)
            if n is None:
                return
            what, method, path, body, headers = request_for(n, sources)
            mode = "leave" if n % 29 == 0 else "slow" if n % 53 == 0 else "whole"
            if body and n % 3 == 0:
                mode = "cut"
            try:
                status = send(port, method, path, body, headers, mode)
            except OSError as error:
                status = type(error).__name__
            with lock:
                tally[(what, status)] += 1

    threads = [threading.Thread(target=client) for _ in range(clients)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()


def report(samples: list[tuple[int, dict[str, float]]]) -> None:
    base_n, base = samples[0]
    names = sorted({k for _, s in samples for k in s})
    print(f"\n{'figure':42} {'after warm-up':>13}  " + "  ".join(f"{n:>8}" for n, _ in samples[1:]) + "   (requests)")
    for name in names:
        start = base.get(name, 0.0)
        row = []
        for _, s in samples[1:]:
            value = s.get(name, 0.0)
            row.append(f"{value / start:7.2f}×" if start else f"{value:8.0f}")
        print(f"{name:42} {start:13.1f}  " + "  ".join(row))


def log_shapes(path: Path, most: int = 8) -> None:
    """The lines of the app's own log (standard error) most often written, digits and quoted names
    left out."""
    import re

    lines = path.read_text(errors="replace").splitlines()
    shapes = Counter(re.sub(r"'[^']*'|\d+", "_", line)[:100] for line in lines)
    print(f"\nthe app's own log: {len(lines)} lines; the most frequent:")
    for shape, n in shapes.most_common(most):
        print(f"  {n:6d}  {shape}")


def soak(args, tmp_root: Path, store_url: str | None, pg_source: str | None) -> None:
    data, tmp, logs = tmp_root / "data", tmp_root / "tmp", tmp_root / "logs"
    for folder in (data, tmp, logs):
        folder.mkdir()
    sources_file = make_sources(tmp_root, pg_source)
    env = {"SVGPLOTS_DATA_DIR": str(data), "SVGPLOTS_WRITE_TOKENS": TOKEN, "SVGPLOTS_SOURCES": str(sources_file),
           "TMPDIR": str(tmp)}
    if store_url:
        env["SVGPLOTS_DATABASE_URL"] = store_url
    if args.cache_bytes is not None:
        env.update({f"SVGPLOTS_{name}": str(args.cache_bytes) for name in CACHE_SETTINGS})
    sources = ["shop-weather"] + (["pg-weather"] if pg_source else [])
    process, port = start(args.server, env, logs)
    tally: Counter = Counter()
    try:
        for name, body in datasets_at_start():
            send(port, "POST", f"/api/datasets?name={name}", body,
                 {"Authorization": f"Bearer {TOKEN}", "Content-Type": "text/csv"}, "whole")
        drive(port, 0, args.warm_up, args.clients, sources, tally)
        time.sleep(2)
        samples = [(args.warm_up, sample(process, tmp, logs, store_url))]
        step = args.requests // args.samples
        for i in range(args.samples):
            started = time.monotonic()
            drive(port, args.warm_up + i * step, step, args.clients, sources, tally)
            time.sleep(2)
            samples.append((args.warm_up + (i + 1) * step, sample(process, tmp, logs, store_url)))
            print(f"{samples[-1][0]} requests, {step / (time.monotonic() - started):.0f} req/s", flush=True)
    finally:
        stop(process)
    print(f"\n{args.server} on {'PostgreSQL' if store_url else 'SQLite'}, {args.clients} clients; "
          "each figure after the warm-up, then as a ratio to it (a count where it was 0)")
    report(samples)
    print("\nanswers: " + ", ".join(f"{what} {status}: {n}" for (what, status), n in sorted(tally.items())))
    log_shapes(logs / "stderr.log")
    errors = {k: n for k, n in tally.items() if k[1] == "500" or k[1].endswith("Error")}
    print(f"server errors or failed connections: {sum(errors.values())} {errors or ''}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--server", choices=("gunicorn", "run.py"), default="gunicorn")
    parser.add_argument("--backend", choices=("sqlite", "postgresql"), default="sqlite")
    parser.add_argument("--requests", type=int, default=20_000, help="requests after the warm-up (default 20,000)")
    parser.add_argument("--warm-up", type=int, default=2_000)
    parser.add_argument("--clients", type=int, default=6)
    parser.add_argument("--samples", type=int, default=6)
    parser.add_argument("--postgres-url", help="a server to use (databases are created on it and dropped)")
    parser.add_argument("--cache-bytes", type=int, help="each of the server's caches bounded at this many bytes "
                        "(CACHE_SETTINGS; default: the site's own bounds), so that they fill early and what grows "
                        "after is no cache filling")
    args = parser.parse_args(argv)
    tmp_root = Path(tempfile.mkdtemp(prefix="svgplots-soak-"))
    try:
        if args.backend == "postgresql":
            from tests.postgres import create_database, drop_database, postgres_server

            with postgres_server(args.postgres_url, durable=False) as server_url:
                store_url = create_database(server_url, "soak_store")
                pg_source = create_database(server_url, "soak_source")
                try:
                    soak(args, tmp_root, store_url, pg_source)
                finally:
                    drop_database(server_url, "soak_store")
                    drop_database(server_url, "soak_source")
        else:
            soak(args, tmp_root, None, None)
    finally:
        shutil.rmtree(tmp_root, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
