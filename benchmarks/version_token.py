"""A cache hit of a stored dataset's chart, and what reading the store's identity on it costs.

    python benchmarks/version_token.py [--hits 500] [--rounds 15] [--backends sqlite,postgresql] [--postgres-url URL]

Each hit of a chart URL the render cache holds is answered ahead of Flask (`app.fasthits`) after
one look-up of the dataset's current version (`SqlStore.version`), which may read the store's
identity beside it, so that a store made anew under the running site is noticed. Measured
in-process (WSGI calls, no sockets, so that the look-up is not lost in the noise of a connection),
on one site, three ways taking turns in each round: the identity read on every hit (as the site
read it before `version_lookups`), as the site reads it now (on a new connection, a moved version,
or once `IDENTITY_SECONDS` have passed), and never (the version read alone: the baseline). Prints
the median µs of each and their ratios to the baseline. A throwaway PostgreSQL server is started
for the postgresql backend unless `--postgres-url` names one. Takes about 30 s.
"""
from __future__ import annotations

import argparse
import io
import math
import statistics
import sys
import tempfile
import time
import uuid
from collections.abc import Callable
from contextlib import ExitStack
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from werkzeug.test import EnvironBuilder  # noqa: E402

from app import create_app  # noqa: E402
from app.store.version_lookups import IDENTITY_SECONDS  # noqa: E402
from tests.postgres import create_database, drop_database, postgres_server  # noqa: E402

TOKEN = "bench-write-token-0123456789"
ROWS = "x,y\n" + "".join(f"{i},{i * i % 97}\n" for i in range(200))
URL = "/plot/bench.svg?y=y"


def site_on(database_url: str, data_dir: str):
    """The site on `database_url` with a dataset `bench`, its chart drawn once and known to the layer
    ahead of Flask: every later request of URL is a cache hit there."""
    app = create_app({"DATA_DIR": data_dir, "DATABASE_URL": database_url, "WRITE_TOKENS": TOKEN,
                      "RENDER_WORKERS": 0})
    client = app.test_client()
    made = client.post("/api/datasets?name=bench", data=ROWS,
                       headers={"Authorization": f"Bearer {TOKEN}", "Content-Type": "text/csv"})
    assert made.status_code == 201, made.get_data(as_text=True)
    for _ in range(2):
        assert client.get(URL).status_code == 200
    return app


def seconds_each(app, url: str, hits: int, between: Callable[[], None] | None = None) -> float:
    """Seconds per WSGI call of `url`, in this process and with no socket; `between`, untimed, before each."""
    path, _, query = url.partition("?")
    environ = EnvironBuilder(path=path, query_string=query).get_environ()
    statuses = []

    def start_response(status, headers):
        statuses.append(status)

    total = 0.0
    for _ in range(hits):
        if between is not None:
            between()
        started = time.perf_counter()
        for _ in app.wsgi_app({**environ, "wsgi.input": io.BytesIO()}, start_response):
            pass
        total += time.perf_counter() - started
    assert len(statuses) == hits and set(statuses) == {"200 OK"}, statuses[-1]
    return total / hits


# How often each way reads the store's identity beside the version (`VersionLookups.seconds`).
WAYS = {"every hit": 0.0, "site": IDENTITY_SECONDS, "version alone": math.inf}


def measure(database_url: str, data_dir: str, hits: int, rounds: int) -> dict[str, float]:
    """Median µs per hit of each way, the ways taking turns in each round on one site."""
    app = site_on(database_url, data_dir)
    lookups = app.extensions["svgplots"].store.database._versions
    figures: dict[str, list[float]] = {way: [] for way in WAYS}
    try:
        for _ in range(rounds):
            for way, seconds in WAYS.items():
                lookups.seconds = seconds
                seconds_each(app, URL, 1)  # the version alone once the identity is read: a read now
                figures[way].append(seconds_each(app, URL, hits))
    finally:
        app.extensions["svgplots"].store.close()
    return {way: statistics.median(seconds) * 1e6 for way, seconds in figures.items()}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--hits", type=int, default=500, help="hits per round and way")
    parser.add_argument("--rounds", type=int, default=15)
    parser.add_argument("--backends", default="sqlite,postgresql")
    parser.add_argument("--postgres-url", help="a server to use (a database is created on it and dropped)")
    args = parser.parse_args(argv)
    backends = args.backends.split(",")
    print(f"µs per cache hit answered ahead of Flask, medians of {args.rounds} rounds of {args.hits}; "
          "the identity read on every hit, as the site read it before, and as it reads it now, against the "
          "version read alone")
    print(f"{'backend':12} {'every hit':>10} {'site now':>10} {'alone':>10} {'every ÷ alone':>14} {'now ÷ alone':>12}")
    with ExitStack() as stack:
        folder = stack.enter_context(tempfile.TemporaryDirectory())
        urls = {}
        if "sqlite" in backends:
            urls["sqlite"] = f"sqlite:///{folder}/bench.sqlite"
        if "postgresql" in backends:
            server = stack.enter_context(postgres_server(args.postgres_url, durable=False))
            database = f"svgplots_bench_{uuid.uuid4().hex[:8]}"
            urls["postgresql"] = create_database(server, database)
            stack.callback(drop_database, server, database)
        for name, url in urls.items():
            data_dir = Path(folder) / name
            data_dir.mkdir()
            us = measure(url, str(data_dir), args.hits, args.rounds)
            every, now, alone = us["every hit"], us["site"], us["version alone"]
            print(f"{name:12} {every:10.1f} {now:10.1f} {alone:10.1f} {every / alone:14.3f} {now / alone:12.3f}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
