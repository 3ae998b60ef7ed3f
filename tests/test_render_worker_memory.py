"""A render worker gives back what a job took once it is answered, so that it holds no chart's peak
between charts: several workers that each kept their biggest chart took more than a small machine has."""
from __future__ import annotations

import pytest

from app.renderpool import RenderPool
from tests.worker_jobs import draw_png, leave_a_cycle, resident_bytes

MB = 1024**2


@pytest.fixture
def pool():
    pool = RenderPool(workers=1, timeout=60.0, memory_limit=0)
    yield pool
    pool.close()


def test_garbage_a_job_leaves_in_a_reference_cycle_is_freed_once_it_is_answered(pool):
    before = pool.run(resident_bytes)
    pool.run(leave_a_cycle, 200)
    assert pool.run(resident_bytes) - before < 50 * MB


def test_a_big_png_s_pixel_buffer_is_not_kept_by_its_worker(pool):
    pool.run(draw_png, 100, 100, 1)  # what a first PNG loads, kept for every later one
    before = pool.run(resident_bytes)
    assert pool.run(draw_png, 1000, 1000, 3) > 0  # 3,000 × 3,000 pixels: some 80 MB of buffers
    assert pool.run(resident_bytes) - before < 20 * MB
