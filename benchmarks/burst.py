"""A burst of cold requests: many people opening the same chart at once, none of them drawn yet.

    python3 benchmarks/burst.py [--clients 50] [--workers 1] [--rounds 3] [--rows 200000]

A fresh gunicorn on 127.0.0.1 (app/gunicorn_config.py, as in production) over a data folder of one
dataset, `walk`, of `--rows` rows. Each round asks:

1. one chart not drawn yet (a title of its own), once: the baseline;
2. another not drawn yet from `--clients` connections at once, each sent as the others are;
3. `--clients` charts not drawn yet, each of its own title, at once: what the burst would cost were
   each request to draw its chart (as many renders competing for the render workers);
4. the `animals` dashboard's page and its `versions.json` once, then from `--clients` connections at
   once (both answered from the site's caches after the first: no full read of a dataset per request).

Prints the seconds of each (the burst's: until its last answer) and the renders the server did for
the chart (jobs handed to its render workers, counted by the server itself), and checks that every
answer of a burst is a 200 and that the chart's are the same bytes. At most one render per chart and
gunicorn worker is expected: the others wait for it (`app/made_once.py`).
"""
from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from benchmarks.datasets import big_series  # noqa: E402
from benchmarks.serving import free_port, get, start_gunicorn, stop_server  # noqa: E402

CHART = "/plot/walk.svg?kind=line&x=t&y=value&title={title}"
PAGES = ["/d/animals", "/d/animals/versions.json"]


def bench_app():
    """The site, each job it hands a render worker counted by a byte appended to the file
    `SVGPLOTS_BENCH_RENDERS` names (appends of one byte from several processes are not lost)."""
    from app import create_app
    from app.renderpool import RenderPool

    counts = os.environ["SVGPLOTS_BENCH_RENDERS"]
    run = RenderPool.run

    def counted(self, fn, *args, **kwargs):
        with open(counts, "ab") as fh:
            fh.write(b".")
        return run(self, fn, *args, **kwargs)

    RenderPool.run = counted
    return create_app()


def renders(counts: Path) -> int:
    return counts.stat().st_size if counts.exists() else 0


def burst(port: int, path: str, clients: int, own: bool = False) -> tuple[float, list[tuple[int, bytes]]]:
    """Seconds from `clients` requests for `path` sent at once to the last answer, and the answers;
    `own`: each request's path formatted with its number (`{n}`)."""
    ready = threading.Barrier(clients + 1)
    answers: list[tuple[int, bytes]] = [(0, b"")] * clients

    def client(n: int) -> None:
        ready.wait()
        status, body, _ = get(port, path.format(n=n) if own else path)
        answers[n] = (status, body)

    threads = [threading.Thread(target=client, args=(n,)) for n in range(clients)]
    for thread in threads:
        thread.start()
    ready.wait()
    started = time.perf_counter()
    for thread in threads:
        thread.join()
    return time.perf_counter() - started, answers


def checked(answers: list[tuple[int, bytes]], what: str, same: bool) -> None:
    statuses = sorted({status for status, _ in answers})
    if statuses != [200]:
        raise SystemExit(f"{what}: statuses {statuses}, expected 200 only")
    if same and len({body for _, body in answers}) != 1:
        raise SystemExit(f"{what}: the answers' bytes differ")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--clients", type=int, default=50)
    parser.add_argument("--workers", type=int, default=1, help="gunicorn workers")
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--rows", type=int, default=200_000)
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory() as folder:
        data, counts = Path(folder) / "data", Path(folder) / "renders"
        data.mkdir()
        big_series(args.rows).to_csv(data / "walk.csv", index=False)
        port = free_port()
        # Threads enough for every client: the burst is then the render's, not gunicorn's queue.
        server = start_gunicorn("benchmarks.burst:bench_app()", port,
                                ["-w", str(args.workers), "--threads", str(args.clients)],
                                {"SVGPLOTS_DATA_DIR": str(data), "SVGPLOTS_BENCH_RENDERS": str(counts)})
        try:
            # The file read once by each gunicorn worker, as a page before would.
            burst(port, CHART.format(title="warm-up"), args.clients)
            rows = []
            for number in range(1, args.rounds + 1):
                before = renders(counts)
                status, _, alone = get(port, CHART.format(title=f"alone-{number}"))
                checked([(status, b"")], "one request", same=False)
                drawn_alone = renders(counts) - before
                before = renders(counts)
                seconds, answers = burst(port, CHART.format(title=f"burst-{number}"), args.clients)
                checked(answers, "the chart's burst", same=True)
                drawn_burst = renders(counts) - before
                before = renders(counts)
                apart, answers = burst(port, CHART.format(title=f"apart-{number}-{{n}}"), args.clients, own=True)
                checked(answers, "the burst of charts apart", same=False)
                drawn_apart = renders(counts) - before
                pages = []
                for path in PAGES:
                    get(port, path)  # its caches warm, as after the first visitor
                    _, _, one = get(port, path)
                    many, answers = burst(port, path, args.clients)
                    checked(answers, f"{path}'s burst", same=False)
                    pages.append((one, many))
                rows.append((alone, drawn_alone, seconds, drawn_burst, apart, drawn_apart))
                print(f"round {number}: one cold chart {alone * 1000:.0f} ms ({drawn_alone} render), "
                      f"{args.clients} at once {seconds * 1000:.0f} ms ({drawn_burst} renders, "
                      f"{seconds / alone:.1f}x), {args.clients} charts apart at once {apart * 1000:.0f} ms "
                      f"({drawn_apart} renders, {apart / alone:.1f}x); " + "; ".join(
                          f"{path}: one {one * 1000:.0f} ms, {args.clients} at once {many * 1000:.0f} ms"
                          for path, (one, many) in zip(PAGES, pages)), flush=True)
        finally:
            stop_server(server)
    print(f"median: one cold chart {statistics.median(r[0] for r in rows) * 1000:.0f} ms, "
          f"{args.clients} at once {statistics.median(r[2] for r in rows) * 1000:.0f} ms, "
          f"{args.clients} apart {statistics.median(r[4] for r in rows) * 1000:.0f} ms, "
          f"renders per burst {sorted({r[3] for r in rows})} with {args.workers} gunicorn worker(s)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
