"""A slow report for render workers in tests; like `worker_jobs`, this module imports nothing of
the web app, so a worker unpickling the job imports it at once."""
from __future__ import annotations

import time


def slow_report_pdf(seconds_a_chart: float, title, lines, charts, *rest) -> bytes:
    """The report `plots.render_report_pdf` draws, after `seconds_a_chart` for each of its charts:
    a report of charts that each take that long."""
    from plots import render_report_pdf

    time.sleep(seconds_a_chart * len(charts))
    return render_report_pdf(title, lines, charts, *rest)
