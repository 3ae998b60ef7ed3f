"""A chart drawn again on its baseline's pixels is set beside its baseline only where those pixels lie wholly
in the shot, as the comparison of any area sets them (`compare.within`): one partly off the shot is compared
as shot, not cut with what the shot does not hold."""
from __future__ import annotations

import io

from PIL import Image

from shots.moved_charts import _MOVE_JS, drawn_at_baseline_places


def _png(size: tuple[int, int]) -> bytes:
    out = io.BytesIO()
    Image.new("RGB", size, "white").save(out, format="PNG")
    return out.getvalue()


class _Driver:
    def __init__(self, rects):
        self.rects = rects

    def execute_script(self, script, *args):
        return self.rects if script == _MOVE_JS else None


class _Browser:
    """A browser whose page, once moved, lays its images out on `rects` and is shot at 100 by 100 pixels."""

    def __init__(self, rects):
        self.driver = _Driver(rects)

    def screenshot(self) -> bytes:
        return _png((100, 100))

    def masked(self, png: bytes, mask) -> tuple[bytes, int]:
        return png, 0


def test_a_chart_whose_baseline_place_lies_wholly_in_the_shot_is_drawn_there():
    drawn = drawn_at_baseline_places(_Browser([[10, 10, 30, 30]]), [(1, "/a.svg", (9, 9, 29, 29), (10, 10, 30, 30))])
    assert list(drawn) == [1] and drawn[1].size == (20, 20)


def test_a_chart_whose_baseline_place_starts_left_of_the_shot_is_compared_as_shot():
    drawn = drawn_at_baseline_places(_Browser([[-5, 10, 15, 30]]), [(1, "/a.svg", (-4, 10, 16, 30), (-5, 10, 15, 30))])
    assert drawn == {}


def test_a_chart_whose_baseline_place_runs_past_the_shot_s_foot_is_compared_as_shot():
    drawn = drawn_at_baseline_places(_Browser([[10, 90, 30, 110]]), [(1, "/a.svg", (10, 89, 30, 109), (10, 90, 30, 110))])
    assert drawn == {}
