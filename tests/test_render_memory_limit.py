"""A render memory limit (RENDER_MEMORY) counts all a worker maps, the renderer's libraries among
them: one below what a worker needs to start stops the site's start naming the least that works,
and a job too big for the limit is told as over it, never as a worker that could not be started."""
from __future__ import annotations

import logging
import os
import subprocess
import sys

import pytest

from app.renderpool import PastLimit, RenderPool, RenderUnavailable
from tests.conftest import ROOT
from tests.worker_jobs import length, mapped_bytes, sleep_then_return

MB = 1024**2
# Under what a render worker maps as it starts (some 290 MB, more on some machines).
TOO_LITTLE = 100 * MB


def worker_mapped_bytes() -> int:
    pool = RenderPool(1, 30.0, 0)
    try:
        measured = pool.run(mapped_bytes)
    finally:
        pool.close()
    assert measured > 0, "a worker's mapped bytes are read from /proc/self/statm, as the site's check reads them"
    return measured


def test_a_limit_below_what_a_worker_maps_is_a_503_saying_so_and_logged(caplog):
    pool = RenderPool(1, 30.0, TOO_LITTLE)
    try:
        with caplog.at_level(logging.ERROR), pytest.raises(RenderUnavailable) as caught:
            pool.run(sleep_then_return, 0, "drawn")
    finally:
        pool.close()
    assert "memory limit of a render is below what a worker needs" in caught.value.description
    assert caught.value.retry_after is None  # asking again cannot help
    assert "RENDER_MEMORY must be at least " in caplog.text and f"got {TOO_LITTLE}:" in caplog.text


def test_a_job_too_big_to_read_within_the_limit_is_over_the_memory_limit():
    limit = worker_mapped_bytes() + 96 * MB
    pool = RenderPool(1, 30.0, limit)
    try:
        with pytest.raises(PastLimit, match="needed more memory than the render limit allows"):
            pool.run(length, bytes(160 * MB))
        assert pool.run(length, bytes(MB)) == MB  # the pool goes on
    finally:
        pool.close()


def start_refusal(command: list[str], tmp_path) -> str:
    env = {name: value for name, value in os.environ.items() if not name.startswith("SVGPLOTS_")}
    env.update(SVGPLOTS_DATA_DIR=str(tmp_path), SVGPLOTS_RENDER_MEMORY=str(TOO_LITTLE))
    done = subprocess.run(command, cwd=ROOT, env=env, capture_output=True, text=True, timeout=120)
    assert done.returncode != 0, (done.stdout, done.stderr)
    return done.stderr.strip().splitlines()[-1]


@pytest.mark.parametrize("command", [
    [sys.executable, "-c", "from app import create_app_or_exit; create_app_or_exit()"],
    [sys.executable, "-m", "gunicorn", "-c", "app/gunicorn_config.py", "--check-config", "-b", "127.0.0.1:0",
     "app:create_app_or_exit()"],
], ids=["app", "gunicorn"])
def test_a_limit_below_what_a_worker_maps_stops_the_start_naming_the_least(command, tmp_path):
    said = start_refusal(command, tmp_path)
    assert said.startswith("error: RENDER_MEMORY must be at least "), said
    least = int(said.removeprefix("error: RENDER_MEMORY must be at least ").split()[0])
    assert least > worker_mapped_bytes()
    assert f"or 0 for no limit, got {TOO_LITTLE}: a render worker maps " in said
