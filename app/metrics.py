"""The site's figures for a monitoring server (Prometheus): requests by kind and status class, refusals
by status, render seconds by format, renders stopped at the limit, chart cache hits and misses, and a
source's failures, written as Prometheus' text format at /metrics (`request_watch`).

Every label takes values from a set the site knows, never a value a visitor typed: a URL's kind, not
the URL; a status; a registered format; a source's name from the sources file.

Each process counts for itself and writes its counts to a file of its own in the site's metrics folder
(at most FLUSH_SECONDS after a count); /metrics sums every file there, so that under gunicorn it gives
the whole site's figures whichever worker answers it. The folder is emptied as the site starts; the file
of a worker that ended stays, as counters never go back.
"""
from __future__ import annotations

import contextvars
import json
import math
import os
import secrets
import threading
import time
import weakref
from collections.abc import Iterable
from pathlib import Path

# How long a count waits, at most, before it is in its process's file, which the other processes read.
FLUSH_SECONDS = 0.25
# The render seconds' histogram buckets (the last, +Inf, is implied).
RENDER_BUCKETS = (0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0, 30.0)
# What a URL is, by its path: the label `kind` of requests and of render stops.
KINDS = ("chart", "data", "report", "page", "api", "static", "health", "metrics")
CHART_EXTENSIONS = ("svg", "png", "pdf")
DATA_EXTENSIONS = ("json", "csv")
# Each family: its type and help text.
FAMILIES = {
    "svgplots_requests_total": ("counter", "Requests answered, by the kind of URL and the status class (2xx, 3xx, "
                                           "4xx, 5xx)."),
    "svgplots_refusals_total": ("counter", "Requests refused with a 4xx, by status."),
    "svgplots_render_seconds": ("histogram", "Seconds a chart took to draw, by format (svg, png, pdf)."),
    "svgplots_render_stops_total": ("counter", "Renders stopped at the render limit (time or memory), by the kind "
                                               "of URL that asked (chart, data, report)."),
    "svgplots_chart_cache_total": ("counter", "Render cache look-ups of charts and their data, by result (hit, "
                                              "miss)."),
    "svgplots_source_failures_total": ("counter", "Failures of a source database's queries, by source name."),
}
# The current request's counts go here (`count`): set by `request_watch` for each request when metrics are on.
current: contextvars.ContextVar[SiteMetrics | None] = contextvars.ContextVar("svgplots_metrics", default=None)
current_kind: contextvars.ContextVar[str] = contextvars.ContextVar("svgplots_request_kind", default="page")


def route_kind(path: str) -> str:
    """The kind of URL `path` is (one of KINDS): a chart's image, its data, a dashboard's report, …"""
    if path == "/metrics":
        return "metrics"
    if path == "/healthz":
        return "health"
    if path.startswith("/static/"):
        return "static"
    if path.startswith("/api/"):
        return "api"
    last = path.rpartition("/")[2]
    extension = last.rpartition(".")[2].lower() if "." in last else ""
    if extension == "pdf" and path.startswith("/d/") and path.count("/") == 2:
        return "report"
    if extension in CHART_EXTENSIONS:
        return "chart"
    if extension in DATA_EXTENSIONS:
        return "data"
    return "page"


def status_class(status: int) -> str:
    """'2xx' for 200 to 299, and so on."""
    return f"{status // 100}xx"


Key = tuple[str, tuple[tuple[str, str], ...]]


class SiteMetrics:
    """This process's counts, written to its file in `folder`, and the sums of every process's there."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self._fresh()
        folder.mkdir(parents=True, exist_ok=True)
        for file in folder.iterdir():  # the site's own folder: what a former run counted is not this one's
            if file.suffix in (".json", ".tmp"):
                file.unlink(missing_ok=True)
        fresh = weakref.WeakMethod(self._fresh)  # a site built again (in tests) lets this one go
        os.register_at_fork(after_in_child=lambda: (method := fresh()) and method())

    def _fresh(self) -> None:
        """No counts yet, and a file of this process's own (a forked worker's counts are not its parent's)."""
        self._counts: dict[Key, float] = {}
        self._file = self.folder / f"{os.getpid()}-{secrets.token_hex(4)}.json"
        self._written = 0.0
        self._timer: threading.Timer | None = None
        self._lock = threading.Lock()

    def add(self, name: str, amount: float = 1, **labels: str) -> None:
        """Add `amount` to the series `name` of `labels`."""
        key = (name, tuple(sorted(labels.items())))
        with self._lock:
            self._counts[key] = self._counts.get(key, 0) + amount
            self._changed()

    def observe(self, name: str, value: float, **labels: str) -> None:
        """One observation of the histogram `name`: its buckets, sum and count."""
        with self._lock:
            for bound in (*RENDER_BUCKETS, math.inf):  # every bucket, those it is above at 0
                key = (f"{name}_bucket", tuple(sorted({**labels, "le": _number(bound)}.items())))
                self._counts[key] = self._counts.get(key, 0) + (value <= bound)
            for suffix, amount in (("_sum", value), ("_count", 1)):
                key = (name + suffix, tuple(sorted(labels.items())))
                self._counts[key] = self._counts.get(key, 0) + amount
            self._changed()

    def _changed(self) -> None:
        """Write the counts now, or within FLUSH_SECONDS where they were written a moment ago (holding the lock)."""
        if time.monotonic() - self._written >= FLUSH_SECONDS:
            self._write()
        elif self._timer is None:
            self._timer = threading.Timer(FLUSH_SECONDS, self.flush)
            self._timer.daemon = True
            self._timer.start()

    def flush(self) -> None:
        """Write this process's counts to its file."""
        with self._lock:
            self._timer = None
            self._write()

    def _write(self) -> None:
        rows = [[name, list(map(list, labels)), value] for (name, labels), value in self._counts.items()]
        temporary = self._file.with_suffix(".tmp")
        try:
            self.folder.mkdir(parents=True, exist_ok=True)  # removed with the data folder's files, say
            temporary.write_text(json.dumps(rows), encoding="utf-8")
            os.replace(temporary, self._file)  # whole or not at all, for a reader in another process
        except OSError:
            return  # a full disk, say: the counts stay in memory and are written with the next
        self._written = time.monotonic()

    def totals(self) -> dict[Key, float]:
        """Every process's counts summed (this one's as they are now, written or not)."""
        self.flush()
        with self._lock:
            totals = dict(self._counts)
        for file in sorted(self.folder.glob("*.json")):
            if file == self._file:
                continue
            try:
                rows = json.loads(file.read_text(encoding="utf-8"))
            except (OSError, ValueError):
                continue  # removed meanwhile
            for name, labels, value in rows:
                key = (name, tuple(tuple(pair) for pair in labels))
                totals[key] = totals.get(key, 0) + value
        return totals

    def text(self) -> str:
        """Prometheus' text format of the site's figures (version 0.0.4)."""
        totals = self.totals()
        for result in ("hit", "miss"):  # a series that exists from the start: rate() sees its first count
            totals.setdefault(("svgplots_chart_cache_total", (("result", result),)), 0)
        for kind in ("chart", "data", "report"):
            totals.setdefault(("svgplots_render_stops_total", (("kind", kind),)), 0)
        lines = []
        for family, (kind, help_text) in FAMILIES.items():
            lines += [f"# HELP {family} {help_text}", f"# TYPE {family} {kind}"]
            names = (family,) if kind == "counter" else tuple(family + s for s in ("_bucket", "_sum", "_count"))
            for (name, labels), value in sorted(totals.items(), key=_series_order):
                if name in names:
                    lines.append(f"{name}{_labels(labels)} {_number(value)}")
        return "\n".join(lines) + "\n"


def _series_order(item: tuple[Key, float]) -> tuple:
    (name, labels), _ = item
    # Buckets in the order of their bounds, as the format asks.
    return (name, [(k, float(v) if k == "le" else 0.0, v) for k, v in labels])


def _labels(labels: Iterable[tuple[str, str]]) -> str:
    pairs = [f'{k}="{_escaped(v)}"' for k, v in labels]
    return "{" + ",".join(pairs) + "}" if pairs else ""


def _escaped(value: str) -> str:
    return value.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n")


def _number(value: float) -> str:
    if value == math.inf:
        return "+Inf"
    return str(int(value)) if float(value).is_integer() else repr(float(value))


def count(name: str, amount: float = 1, **labels: str) -> None:
    """Count for the current request's site, where metrics are on."""
    metrics = current.get()
    if metrics is not None:
        metrics.add(name, amount, **labels)


def count_render(format_name: str, seconds: float) -> None:
    """A chart drawn in `format_name`, which took `seconds`."""
    metrics = current.get()
    if metrics is not None and format_name in CHART_EXTENSIONS:
        metrics.observe("svgplots_render_seconds", seconds, format=format_name)


def count_render_stop() -> None:
    """A render stopped at the render limit, for the current request's kind of URL."""
    count("svgplots_render_stops_total", kind=current_kind.get())


def count_cache(hit: bool) -> None:
    """A render cache look-up and its result."""
    count("svgplots_chart_cache_total", result="hit" if hit else "miss")


def count_source_failure(source: str) -> None:
    """A failure of the source named `source` in the sources file."""
    count("svgplots_source_failures_total", source=source)
