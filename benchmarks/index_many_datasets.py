"""The front page of a site of 300 small stored datasets: a second visit and a revalidation of the
unchanged page (which makes the page too, to compare its bytes' ETag, and sends none of it), against
the first visit (every dataset read and described) and against a second visit as the site made it
before (how each dataset's rows share an x kept for 64 datasets only, so every visit read them all
again, a revalidation too).

    python benchmarks/index_many_datasets.py [--datasets 300] [--rounds 3]

The datasets are two-row CSVs created through the API (`POST /api/datasets?name=dsNNN`) in a
temporary SQLite data folder; the pages are asked in-process through Flask's test client, each
round of a new app over that folder (nothing kept in memory; the database's own caches warm for
all ways alike). Printed: the median seconds of each way and their ratios. Rounds alternate the
order of the warm ways.
"""
from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from app.cache import SizedLRU  # noqa: E402
from app.context import MEMO_PREFIX, one_entry  # noqa: E402
from tests.conftest import CSV_WRITE, writable_app  # noqa: E402

# How many datasets the site kept how their rows share an x for, before.
BEFORE_MEMO_SIZE = 64


def timed(client, headers: dict | None = None, status: int = 200) -> float:
    """Seconds of one visit of the front page, which must answer `status`."""
    started = time.perf_counter()
    answer = client.get("/", headers=headers or {})
    took = time.perf_counter() - started
    assert answer.status_code == status, answer.status_code
    return took


def round_of(folder: str, order: int) -> dict[str, float]:
    """Seconds of each way on a new app over `folder`."""
    app = writable_app(Path(folder), RENDER_WORKERS=0)
    client = app.test_client()
    seconds = {"first": timed(client)}
    etag = client.get("/").headers["ETag"]
    kept = app.extensions[MEMO_PREFIX + "shared_x"]

    def before() -> float:
        # A memo of the last few datasets asked: each visit asks them all in turn, so none is there
        # when asked again, as none was when the memo was emptied each time it was full.
        app.extensions[MEMO_PREFIX + "shared_x"] = SizedLRU(BEFORE_MEMO_SIZE, one_entry)
        try:
            timed(client)
            return timed(client)
        finally:
            app.extensions[MEMO_PREFIX + "shared_x"] = kept  # every dataset kept, for the other ways
    ways = {"second": lambda: timed(client), "304": lambda: timed(client, {"If-None-Match": etag}, 304),
            "second before": before}
    for name in (list(ways) if order % 2 == 0 else list(reversed(ways))):
        seconds[name] = ways[name]()
    return seconds


def main(argv: list[str] | None = None) -> int:
    """Measure and print."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--datasets", type=int, default=300)
    parser.add_argument("--rounds", type=int, default=3)
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory() as folder:
        client = writable_app(Path(folder), RENDER_WORKERS=0).test_client()
        started = time.perf_counter()
        for number in range(args.datasets):
            answer = client.post(f"/api/datasets?name=ds{number:03d}", data=f"x,v\n1,{number}\n2,3\n", headers=CSV_WRITE)
            assert answer.status_code == 201, answer.get_data(as_text=True)
        print(f"created {args.datasets} datasets in {time.perf_counter() - started:.1f} s")
        rounds = [round_of(folder, order) for order in range(args.rounds)]
    median = {name: statistics.median(found[name] for found in rounds) for name in rounds[0]}
    for name, seconds in median.items():
        print(f"{name:>14}: {seconds:.3f} s")
    print(f"second visit {median['second'] / median['first']:.3f}x the first, "
          f"{median['second'] / median['second before']:.3f}x the second before; "
          f"304 {median['304'] / median['first']:.3f}x the first, {median['304'] / median['second']:.3f}x the second "
          f"visit, {median['304'] / median['second before']:.3f}x the second before (what a revalidation made before)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
