"""What the benchmarks of a dashboard asked in-process share (`polls.py`, `dashboard_first_view.py`): a
site over a folder, its datasets stored and its dashboard files written, and the milliseconds a request
takes, of the wall clock and of the process's CPU (which other work on a shared machine moves less)."""
from __future__ import annotations

import cProfile
import io
import pstats
import statistics
import time
from collections.abc import Callable, Iterable, Mapping
from pathlib import Path

from app import create_app
from tests.conftest import WRITE_TOKEN, created


def stored_site(folder: Path, datasets: Mapping[str, str], dashboards: Mapping[str, str]) -> dict:
    """The settings of a site over `folder` (RENDER_WORKERS=0): `datasets` (name: CSV text) stored in
    its SQLite store, then `dashboards` (name: file text) written to its folder of dashboards."""
    data, boards = folder / "data", folder / "boards"
    data.mkdir()
    boards.mkdir()
    settings = {"RENDER_WORKERS": 0, "WRITE_TOKENS": WRITE_TOKEN, "DATA_DIR": str(data),
                "DATABASE_URL": f"sqlite:///{folder / 'store.sqlite'}", "DASHBOARD_DIRS": [str(boards)]}
    # Dashboards are checked against their datasets as a site starts: the datasets are created first,
    # on a site without dashboards.
    maker = create_app(settings)
    client = maker.test_client()
    for name, csv in datasets.items():
        created(client, name, csv)
    maker.extensions["svgplots"].store.close()
    for name, text in dashboards.items():
        (boards / f"{name}.toml").write_text(text, encoding="utf-8")
    return settings


def get_ms(client, url: str) -> tuple[float, float]:
    """Milliseconds of one GET of `url`, which must answer 200, of the wall clock and of the process's CPU."""
    started, cpu_started = time.perf_counter(), time.process_time()
    answer = client.get(url)
    took = ((time.perf_counter() - started) * 1000, (time.process_time() - cpu_started) * 1000)
    assert answer.status_code == 200, (url, answer.status_code, answer.get_data(as_text=True)[:300])
    return took


def medians(times: Iterable[tuple[float, float]]) -> tuple[float, float]:
    """The median of each of the wall clock's and the CPU's milliseconds."""
    walls, cpus = zip(*times)
    return statistics.median(walls), statistics.median(cpus)


def median_ms(client, url: str, times: int) -> tuple[float, float]:
    """Median milliseconds, wall clock and CPU, of `times` GETs of `url` (`get_ms`)."""
    return medians([get_ms(client, url) for _ in range(times)])


def profiled(work: Callable[[], object], lines: int) -> str:
    """Where `work` spends its time in the site's code, as cProfile finds it: the `lines` functions
    that took longest, with what they called."""
    profiler = cProfile.Profile()
    profiler.enable()
    work()
    profiler.disable()
    out = io.StringIO()
    pstats.Stats(profiler, stream=out).sort_stats("cumulative").print_stats(r"app/|plots/", lines)
    return out.getvalue()
