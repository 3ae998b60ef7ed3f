"""What a render stopped short of its end is answered: a 503 saying which limit stopped it (time,
memory, all workers busy, a memory limit no worker can start within) and what a reader may ask for
instead."""
from __future__ import annotations

from dataclasses import dataclass

from werkzeug.exceptions import ServiceUnavailable

from plots.worker import RENDER_ROOM

RETRY_AFTER_SECONDS = 5
# What a reader can ask for when a render is over a limit: a dense scatter's raster layer costs by
# the chart's pixels (width × height × scale²), whatever the rows.
LESS = "less data (a range, resample=…) or a smaller picture (width, height, scale)"


class RenderUnavailable(ServiceUnavailable):
    """A render that could not finish: over its time or memory limit, or the workers are all busy.

    `retry_after` (seconds, the Retry-After header) is None where asking again cannot help.
    """

    def __init__(self, description: str, retry_after: int | None = RETRY_AFTER_SECONDS):
        super().__init__(description)
        self.retry_after = retry_after


class PastLimit(RenderUnavailable):
    """A job stopped at its time or memory limit: the same job of the same data is stopped there
    again, unlike one refused while every worker was busy or whose worker died.

    `limit` names the limit it was stopped at, as the log line of the stop names it.
    """

    def __init__(self, description: str, retry_after: int | None = RETRY_AFTER_SECONDS,
                 limit: str = "a render limit"):
        super().__init__(description, retry_after)
        self.limit = limit


class TooLittleMemory(RenderUnavailable):
    """A memory limit below what a render worker maps as it starts: no worker can draw within it.
    `setting` says so to whoever runs the site."""

    def __init__(self, limit: int, least: int):
        super().__init__("no render worker could be started: the site's memory limit of a render is below what a "
                         "worker needs to start", retry_after=None)
        self.setting = (f"RENDER_MEMORY must be at least {least} bytes (about {-(-least // 1024**2)} MB) on this "
                        f"machine, or 0 for no limit, got {limit}: a render worker maps {least - RENDER_ROOM} bytes "
                        f"as it starts (the renderer's libraries), and a chart needs {RENDER_ROOM} more")


@dataclass(frozen=True)
class Overrun:
    """What a job stopped at its time or memory limit is answered: what took too long (`what`),
    what a reader may ask for instead of each, and whether to say when to ask again."""

    what: str
    less_time: str
    less_memory: str
    retry_after: int | None = RETRY_AFTER_SECONDS


# A chart's URL takes the parameters that make it cheaper.
CHART_OVERRUN = Overrun("the chart", f"ask for {LESS}, or a simpler kind", f"ask for {LESS}")
# The data a chart draws (.json, .csv) is as long as its rows, whatever the picture.
FEWER_ROWS = "fewer rows (from, to, filter.<column>, resample=…, xmin, xmax)"
DATA_OVERRUN = Overrun("the chart's data", f"ask for {FEWER_ROWS}", f"ask for {FEWER_ROWS}")


def past_time_limit(seconds: float, overrun: Overrun = CHART_OVERRUN) -> PastLimit:
    """The 503 for a chart, the data it draws, or a report (`overrun` says what) still being made
    after the render limit of `seconds`."""
    return PastLimit(f"{overrun.what} took longer than the {seconds:g} s render limit; {overrun.less_time}",
                     overrun.retry_after, f"the render time limit of {seconds:g} s")
