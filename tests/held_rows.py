"""The rows a chart draws held back past the render limit, shared by the tests of what a chart's data
stopped there answers: a download's, a source's text x's and the render limit's memory of it."""
from __future__ import annotations

import threading

import pytest

from app import rendering


class HeldRows(threading.Event):
    """The event that releases the rows held back (`slow_rows`), and each time they were asked for (`asked`)."""

    def __init__(self):
        super().__init__()
        self.asked: list[tuple] = []


@pytest.fixture
def slow_rows(monkeypatch) -> HeldRows:
    """The rows a chart draws made only once the event it gives is set (at the latest when the test
    ends): a chart's data not written within the render limit; the event counts the times they are asked for."""
    released = HeldRows()
    shaped = rendering.chart_frame

    def slow(*args, **kwargs):
        released.asked.append(args)
        released.wait(60)
        return shaped(*args, **kwargs)

    monkeypatch.setattr(rendering, "chart_frame", slow)
    yield released
    released.set()
