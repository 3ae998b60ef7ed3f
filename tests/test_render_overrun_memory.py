"""A chart stopped at a render limit is remembered for a while under its render-cache key, which
names the data version: asked again, the same 503 at once, with a Retry-After of when the memory
ends, and no render worker held as long again; a new data version is drawn again."""
from __future__ import annotations

import functools
import re

import pytest

from app import SettingError, create_app_or_exit, rendering
from app.cache import OverrunMemory, Stopped
from app.config import Config
from app.renderpool import DATA_OVERRUN, RETRY_AFTER_SECONDS, RenderUnavailable, past_time_limit
from tests import held_rows
from tests.chart_jobs import greedy_render_chart, slow_render_chart
from tests.conftest import CSV_WRITE, writable_app
from tests.error_image_text import answer_text

# Small, so that a stopped chart is answered soon; the slow charts take far longer.
LIMIT = 1.0
IMAGES = ["/plot/pairs.svg", "/plot/pairs.png?scale=3&width=2000&height=2000", "/plot/pairs.pdf"]
DATA = ["/plot/pairs.json", "/plot/pairs.csv"]
REPEAT_NOTE = "(stopped at the limit a moment ago: the same chart of the same data is not tried again for"


@pytest.fixture
def app(data_dir):
    site = writable_app(data_dir, RENDER_WORKERS=1, RENDER_TIMEOUT=LIMIT)
    client = site.test_client()
    assert client.post("/api/datasets?name=pairs", data="i,v\n1,1\n2,4\n", headers=CSV_WRITE).status_code == 201
    return site


@pytest.fixture
def renders(app, monkeypatch) -> list:
    """The jobs handed to the render workers, one item each."""
    pool = app.extensions["svgplots"].pool
    handed = []
    run = pool.run

    def counted(*args, **kwargs):
        handed.append(args)
        return run(*args, **kwargs)

    monkeypatch.setattr(pool, "run", counted)
    return handed


@pytest.fixture
def slow_charts(monkeypatch):
    """Every chart drawn takes a minute: stopped at the render limit."""
    monkeypatch.setattr(rendering, "render_chart", functools.partial(slow_render_chart, 60.0))


# The rows a chart draws held back past the render limit, each time they are asked for counted (`asked`).
slow_rows = held_rows.slow_rows


def append_row(app) -> None:
    response = app.test_client().post("/api/datasets/pairs/rows", data="i,v\n3,9\n", headers=CSV_WRITE)
    assert response.status_code in (200, 201), response.data


@pytest.mark.parametrize("url", IMAGES)
def test_a_chart_stopped_at_the_render_limit_is_answered_again_at_once_without_drawing(app, renders, slow_charts,
                                                                                       url):
    client = app.test_client()
    first = client.get(url)
    assert first.status_code == 503
    assert past_time_limit(LIMIT).description in answer_text(first)
    assert first.headers["Retry-After"] == str(Config.RENDER_OVERRUN_SECONDS)  # when the memory of it ends
    assert len(renders) == 1
    again = client.get(url)
    assert again.status_code == 503
    assert len(renders) == 1  # not drawn again
    assert again.headers["Cache-Control"] == "no-store"
    assert 1 <= int(again.headers["Retry-After"]) <= Config.RENDER_OVERRUN_SECONDS
    assert past_time_limit(LIMIT).description in answer_text(again)
    assert REPEAT_NOTE in answer_text(again)


@pytest.mark.parametrize("url", DATA)
def test_a_chart_s_data_stopped_at_the_render_limit_is_answered_again_at_once_without_writing(app, slow_rows, url):
    client = app.test_client()
    first = client.get(url)
    assert first.status_code == 503
    assert first.headers["Retry-After"] == str(Config.RENDER_OVERRUN_SECONDS)
    again = client.get(url)
    assert again.status_code == 503
    assert len(slow_rows.asked) == 1  # not written again
    assert 1 <= int(again.headers["Retry-After"]) <= Config.RENDER_OVERRUN_SECONDS
    message = again.get_json()["error"] if url.endswith(".json") else again.get_data(as_text=True)
    assert past_time_limit(LIMIT, DATA_OVERRUN).description in message
    assert REPEAT_NOTE in message


def test_a_new_data_version_is_drawn_again(app, renders, slow_charts):
    client = app.test_client()
    assert client.get("/plot/pairs.svg").status_code == 503
    assert client.get("/plot/pairs.svg").status_code == 503
    assert len(renders) == 1
    append_row(app)
    again = client.get("/plot/pairs.svg")
    assert again.status_code == 503
    assert len(renders) == 2  # the new rows were drawn, and stopped at the limit again
    assert REPEAT_NOTE not in again.get_data(as_text=True)


# Each changes a chart's drawing only, not the rows its .json and .csv hold.
DRAWING_ONLY = ["title=t", "xlabel=a", "ylabel=b", "width=101", "height=200", "theme=dark", "legend=true",
                "text=path", "ymin=0", "ymax=9", "yscale=log"]


@pytest.mark.parametrize("extension", ["json", "csv"])
def test_a_chart_s_data_stopped_at_the_limit_is_remembered_under_its_rows_whatever_its_drawing(app, slow_rows,
                                                                                               extension):
    client = app.test_client()
    assert client.get(f"/plot/pairs.{extension}").status_code == 503
    for query in DRAWING_ONLY:
        again = client.get(f"/plot/pairs.{extension}?{query}")
        assert again.status_code == 503, query
        assert REPEAT_NOTE in again.get_data(as_text=True), query
    assert len(slow_rows.asked) == 1  # none of them read or written again
    other_rows = client.get(f"/plot/pairs.{extension}?kind=bar")  # other rows: not answered from that memory
    assert REPEAT_NOTE not in other_rows.get_data(as_text=True)


def test_a_chart_is_drawn_again_once_its_memory_ends(app, renders, slow_charts):
    overruns = app.extensions["svgplots"].cache.overruns
    now = [0.0]
    overruns.clock = lambda: now[0]
    client = app.test_client()
    assert client.get("/plot/pairs.svg").status_code == 503
    now[0] = Config.RENDER_OVERRUN_SECONDS - 1
    assert client.get("/plot/pairs.svg").headers["Retry-After"] == "1"
    assert len(renders) == 1
    now[0] = Config.RENDER_OVERRUN_SECONDS
    assert client.get("/plot/pairs.svg").status_code == 503
    assert len(renders) == 2


def test_another_chart_of_the_same_data_is_drawn(app, renders, slow_charts):
    client = app.test_client()
    assert client.get("/plot/pairs.svg").status_code == 503
    assert client.get("/plot/pairs.svg?kind=bar").status_code == 503
    assert len(renders) == 2


def test_a_chart_over_the_memory_limit_is_remembered_too(data_dir, monkeypatch):
    app = writable_app(data_dir, RENDER_WORKERS=1, RENDER_TIMEOUT=30.0, RENDER_MEMORY=1024**3)
    client = app.test_client()
    assert client.post("/api/datasets?name=pairs", data="i,v\n1,1\n", headers=CSV_WRITE).status_code == 201
    monkeypatch.setattr(rendering, "render_chart", functools.partial(greedy_render_chart, 4096))
    first = client.get("/plot/pairs.svg")
    assert first.status_code == 503
    assert "needed more memory than the render limit allows" in first.get_data(as_text=True)
    assert first.headers["Retry-After"] == str(Config.RENDER_OVERRUN_SECONDS)
    monkeypatch.setattr(rendering, "render_chart", functools.partial(slow_render_chart, 0.0))
    again = client.get("/plot/pairs.svg")
    assert again.status_code == 503  # not drawn again, though it now would be
    assert REPEAT_NOTE in again.get_data(as_text=True)


def test_a_chart_refused_while_every_worker_was_busy_is_drawn_when_asked_again(app, monkeypatch):
    pool = app.extensions["svgplots"].pool
    run = pool.run
    asked = []

    def first_busy(*args, **kwargs):
        asked.append(args)
        if len(asked) == 1:
            raise RenderUnavailable("all 1 render workers are busy; try again shortly")
        return run(*args, **kwargs)

    monkeypatch.setattr(pool, "run", first_busy)
    client = app.test_client()
    refused = client.get("/plot/pairs.svg")
    assert refused.status_code == 503 and refused.headers["Retry-After"] == "5"
    assert client.get("/plot/pairs.svg").status_code == 200


@pytest.mark.parametrize("url", DATA)
def test_a_chart_s_data_given_no_place_among_the_render_workers_is_written_when_asked_again(app, url):
    # No place free within the limit is load, not the file's own cost: its 503 is not remembered.
    writers = app.extensions["svgplots"].pool.data_writers()
    assert writers.acquire(timeout=10)  # the one place, held as by another file being written
    client = app.test_client()
    try:
        refused = client.get(url)
    finally:
        writers.release()
    assert refused.status_code == 503 and refused.headers["Retry-After"] == str(RETRY_AFTER_SECONDS)
    assert "all 1 render workers are busy" in refused.get_data(as_text=True)
    assert client.get(url).status_code == 200


def test_the_memory_keeps_at_most_its_keys_the_oldest_out_first():
    now = [0.0]
    memory = OverrunMemory(seconds=60, max_keys=2, clock=lambda: now[0])
    for second, key in enumerate("abc"):
        now[0] = second
        memory.remember(key, Stopped(f"chart {key}", True))
    assert memory.recall("a") is None
    assert memory.recall("b") == (Stopped("chart b", True), 59)
    assert len(memory) == 2


def test_the_memory_forgets_a_key_once_its_seconds_are_up():
    now = [0.0]
    memory = OverrunMemory(seconds=60, max_keys=10, clock=lambda: now[0])
    memory.remember("a", Stopped("chart a", False))
    now[0] = 59.5
    assert memory.recall("a") == (Stopped("chart a", False), 0.5)
    now[0] = 60
    assert memory.recall("a") is None
    assert len(memory) == 0


def test_how_long_and_how_many_stopped_charts_are_remembered_are_settings(data_dir, slow_charts, monkeypatch):
    monkeypatch.setenv("SVGPLOTS_RENDER_OVERRUN_SECONDS", "5")
    monkeypatch.setenv("SVGPLOTS_RENDER_OVERRUN_KEYS", "1")
    app = writable_app(data_dir, RENDER_WORKERS=1, RENDER_TIMEOUT=LIMIT)
    client = app.test_client()
    assert client.post("/api/datasets?name=pairs", data="i,v\n1,1\n", headers=CSV_WRITE).status_code == 201
    assert client.get("/plot/pairs.svg").headers["Retry-After"] == "5"
    assert REPEAT_NOTE in client.get("/plot/pairs.svg").get_data(as_text=True)
    assert client.get("/plot/pairs.svg?kind=bar").status_code == 503
    again = client.get("/plot/pairs.svg")  # the one key kept is the bar chart's now
    assert again.status_code == 503 and REPEAT_NOTE not in again.get_data(as_text=True)


@pytest.mark.parametrize(("setting", "value", "refusal"), [
    ("RENDER_OVERRUN_SECONDS", -1, "RENDER_OVERRUN_SECONDS must be a number of seconds from 0 (none remembered) "
                                   "to 86400 (a day); got -1"),
    ("RENDER_OVERRUN_SECONDS", float("inf"), "RENDER_OVERRUN_SECONDS must be a number of seconds from 0"),
    ("RENDER_OVERRUN_SECONDS", 86401, "RENDER_OVERRUN_SECONDS must be a number of seconds from 0"),
    ("RENDER_OVERRUN_SECONDS", "60", "RENDER_OVERRUN_SECONDS must be a number of seconds from 0"),
    ("RENDER_OVERRUN_KEYS", -1, "RENDER_OVERRUN_KEYS must be a whole number of charts, 0 (none remembered) or "
                                "more; got -1"),
    ("RENDER_OVERRUN_KEYS", 10.5, "RENDER_OVERRUN_KEYS must be a whole number of charts"),
    ("RENDER_OVERRUN_KEYS", True, "RENDER_OVERRUN_KEYS must be a whole number of charts"),
])
def test_an_overrun_memory_setting_out_of_range_stops_start_up_in_one_line(data_dir, setting, value, refusal):
    with pytest.raises(SettingError, match=re.escape(refusal)):
        writable_app(data_dir, **{setting: value})
    with pytest.raises(SystemExit) as exited:
        create_app_or_exit({"TESTING": True, "DATA_DIR": str(data_dir), setting: value})
    assert str(exited.value.code).startswith(f"error: {refusal}")


def test_no_overrun_memory_draws_a_stopped_chart_again(data_dir, monkeypatch):
    app = writable_app(data_dir, RENDER_WORKERS=1, RENDER_TIMEOUT=LIMIT, RENDER_OVERRUN_SECONDS=0)
    client = app.test_client()
    assert client.post("/api/datasets?name=pairs", data="i,v\n1,1\n", headers=CSV_WRITE).status_code == 201
    monkeypatch.setattr(rendering, "render_chart", functools.partial(slow_render_chart, 60.0))
    stopped = client.get("/plot/pairs.svg")
    assert stopped.status_code == 503
    # Nothing remembered, nothing to wait for: the pool's own Retry-After, not one of 1 s.
    assert stopped.headers["Retry-After"] == str(RETRY_AFTER_SECONDS)
    monkeypatch.setattr(rendering, "render_chart", functools.partial(slow_render_chart, 0.0))
    assert client.get("/plot/pairs.svg").status_code == 200
