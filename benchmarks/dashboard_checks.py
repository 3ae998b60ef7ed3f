"""What watching the dashboard files for edits costs a cached chart's hit, the site's fastest answer.

    python benchmarks/dashboard_checks.py [--files 500] [--few 5] [--hits 2000] [--rounds 5] [--check-seconds S]

Two sites over the samples, one of `--few` dashboard files and one of `--files`, each file a dashboard
of one chart. A chart of each is drawn once, then asked again `--hits` times a round by a WSGI call
into the app, as a server calls it: a hit of the render cache answered ahead of Flask
(`app/fasthits.py`), behind the check of the dashboard files for edits (`app/dashboard_files.py`).
Printed: the median microseconds of a hit on each site over the rounds, the two taking turns, their
ratio, and the `stat`s of dashboard folders and files a hit made, counted over a last round of each.
`--check-seconds` sets DASHBOARD_CHECK_SECONDS (0 checks at every request); left out, the default.
"""
from __future__ import annotations

import argparse
import io
import statistics
import sys
import tempfile
import time
from pathlib import Path
from unittest import mock

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from werkzeug.test import EnvironBuilder  # noqa: E402

import app.dashboard_files as dashboard_files  # noqa: E402
from app import create_app  # noqa: E402

BOARD = 'title = "Board {number}"\n[[charts]]\nid = "c"\ndataset = "animals"\ny = ["Bear"]\n'
HIT_URL = "/d/b0000/c.svg"


def site(folder: Path, files: int, check_seconds: float | None):
    """The app over the samples (loaded into `folder`/data) serving `files` dashboard files of one chart."""
    data, boards = folder / "data", folder / "boards"
    data.mkdir(parents=True)
    boards.mkdir()
    for number in range(files):
        (boards / f"b{number:04d}.toml").write_text(BOARD.format(number=number), encoding="utf-8")
    settings = {"DATA_DIR": str(data), "DASHBOARD_DIRS": [str(boards)], "RENDER_WORKERS": 0}
    if check_seconds is not None:
        settings["DASHBOARD_CHECK_SECONDS"] = check_seconds
    app = create_app(settings)
    client = app.test_client()
    for _ in range(2):  # drawn, then answered from the render cache: its route is remembered ahead of Flask
        answer = client.get(HIT_URL)
        assert answer.status_code == 200, answer.get_data(as_text=True)[:300]
    fast = app.extensions.get("svgplots.fasthits")
    assert fast is not None and fast.remembers(HIT_URL), "the chart's hit is not answered ahead of Flask"
    return app


def hit_environ() -> dict:
    """The WSGI environ of a GET of the chart, as a browser's request for an image carries it."""
    builder = EnvironBuilder(path=HIT_URL, base_url="http://localhost/",
                             headers={"Accept": "image/avif,image/webp,*/*", "Accept-Encoding": "gzip, deflate, br"})
    try:
        return builder.get_environ()
    finally:
        builder.close()


def hits_us(app, environ: dict, hits: int) -> float:
    """Mean microseconds of `hits` WSGI calls of the chart (each must answer 200)."""
    statuses: list[str] = []

    def start_response(status, headers, exc_info=None):
        statuses.append(status)

    started = time.perf_counter()
    for _ in range(hits):
        asked = dict(environ)
        asked["wsgi.input"] = io.BytesIO(b"")
        body = app(asked, start_response)
        for _chunk in body:
            pass
        close = getattr(body, "close", None)
        if close is not None:
            close()
    took = time.perf_counter() - started
    assert set(statuses) == {"200 OK"}, set(statuses)
    return took / hits * 1e6


def stats_a_hit(app, environ: dict, hits: int) -> float:
    """The `stat`s of dashboard folders and files a hit made (`path_stamp`), over `hits` hits."""
    real = dashboard_files.path_stamp
    counted = [0]

    def counting(path):
        counted[0] += 1
        return real(path)

    with mock.patch.object(dashboard_files, "path_stamp", counting):
        hits_us(app, environ, hits)
    return counted[0] / hits


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--files", type=int, default=500, help="dashboard files of the big site")
    parser.add_argument("--few", type=int, default=5, help="dashboard files of the baseline site")
    parser.add_argument("--hits", type=int, default=2000, help="hits a round")
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--check-seconds", type=float, default=None,
                        help="DASHBOARD_CHECK_SECONDS (0: every request); the default when left out")
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory() as tmp:
        started = time.perf_counter()
        sites = {args.few: site(Path(tmp) / "few", args.few, args.check_seconds),
                 args.files: site(Path(tmp) / "many", args.files, args.check_seconds)}
        print(f"two sites started in {time.perf_counter() - started:.1f} s")
        environ = hit_environ()
        times: dict[int, list[float]] = {files: [] for files in sites}
        for files, app in sites.items():
            hits_us(app, environ, args.hits // 10)  # warm-up
        for _ in range(args.rounds):
            for files, app in sites.items():
                times[files].append(hits_us(app, environ, args.hits))
        setting = "the default" if args.check_seconds is None else f"{args.check_seconds:g} s"
        print(f"a cached chart's hit through the app (WSGI calls, answered ahead of Flask), DASHBOARD_CHECK_SECONDS "
              f"{setting}, {args.rounds} rounds × {args.hits} hits")
        print(f"{'dashboard files':>16} {'µs a hit':>9} {'stats a hit':>12}  rounds (µs)")
        for files, app in sites.items():
            stats = stats_a_hit(app, environ, args.hits)
            print(f"{files:16d} {statistics.median(times[files]):9.1f} {stats:12.2f}  "
                  f"{', '.join(f'{value:.1f}' for value in times[files])}")
        many, few = statistics.median(times[args.files]), statistics.median(times[args.few])
        paired = statistics.median(m / f for m, f in zip(times[args.files], times[args.few]))
        print(f"{args.files} files ÷ {args.few} files: {many / few:.2f}× (median of the rounds' ratios {paired:.2f})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
