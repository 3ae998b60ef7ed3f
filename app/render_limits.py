"""What a render stopped short of its end is answered: a 503 saying which limit stopped it (time,
memory, all workers busy, a memory limit no worker can start within) and what a reader may ask for
instead."""
from __future__ import annotations

import functools
from collections.abc import Callable
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


def text_x_overrun(overrun: Overrun, ranged: bool) -> Overrun:
    """`overrun` (CHART_OVERRUN or DATA_OVERRUN) of a chart whose x is text, asking for none of what
    narrows the rows by a date or number x alone (resample, xmin, xmax), nor for a range (from, to)
    unless the dataset has a date column (`ranged`), which a range narrows whatever the x."""
    if overrun.what == DATA_OVERRUN.what:
        fewer = f"ask for fewer rows ({'from, to, ' if ranged else ''}filter.<column>)"
        return Overrun(overrun.what, fewer, fewer, overrun.retry_after)
    less = (f"ask for less data ({'a range, ' if ranged else ''}filter.<column>) or a smaller picture "
            "(width, height, scale)")
    return Overrun(overrun.what, f"{less}, or a simpler kind", less, overrun.retry_after)


@dataclass(frozen=True)
class TextDatesOverrun:
    """What a chart (or its data) whose x is a source's text column is answered where it stops at a
    render limit, as an `Overrun` is: in the words of `text_x` (`text_x_overrun`), which ask for
    nothing that narrows by a date x alone, but where the column holds dates or times written as text
    (`dates_words()`, which says so and how to make them dates, or None: asked only then, as it reads
    the column), those words first."""

    text_x: Overrun
    dates_words: Callable[[], str | None]

    @functools.cached_property
    def _before(self) -> str:
        words = self.dates_words()
        return "" if words is None else f"{words}; until then, "

    @property
    def what(self) -> str:
        """What took too long, as `text_x` names it."""
        return self.text_x.what

    @property
    def retry_after(self) -> int | None:
        """The seconds after which to ask again, as `text_x` says them."""
        return self.text_x.retry_after

    @property
    def less_time(self) -> str:
        """What to ask for instead of a job past the time limit."""
        return self._before + self.text_x.less_time

    @property
    def less_memory(self) -> str:
        """What to ask for instead of a job past the memory limit."""
        return self._before + self.text_x.less_memory


def past_time_limit(seconds: float, overrun: Overrun | TextDatesOverrun = CHART_OVERRUN) -> PastLimit:
    """The 503 for a chart, the data it draws, or a report (`overrun` says what) still being made
    after the render limit of `seconds`."""
    return PastLimit(f"{overrun.what} took longer than the {seconds:g} s render limit; {overrun.less_time}",
                     overrun.retry_after, f"the render time limit of {seconds:g} s")
