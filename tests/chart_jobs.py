"""Charts that cannot be drawn within a render worker's limits, for tests; like `worker_jobs`, this
module imports nothing of the web app, so a worker unpickling the job imports it at once."""
from __future__ import annotations

import time


def slow_render_chart(seconds: float, *job, **options) -> bytes:
    """The chart `plots.render_chart` draws, after `seconds`: a chart that takes that long."""
    from plots import render_chart

    time.sleep(seconds)
    return render_chart(*job, **options)


def greedy_render_chart(megabytes: int, *job, **options) -> bytes:
    """The chart `plots.render_chart` draws, after taking `megabytes` of memory: a chart that needs that much."""
    from plots import render_chart

    bytearray(megabytes * 1024 * 1024)
    return render_chart(*job, **options)


def announced_slow_render_chart(started: str, seconds: float, *job, **options) -> bytes:
    """The chart `plots.render_chart` draws, made `seconds` after creating the file `started`: a
    chart a test outside the server knows is being drawn."""
    from pathlib import Path

    Path(started).touch()
    return slow_render_chart(seconds, *job, **options)
