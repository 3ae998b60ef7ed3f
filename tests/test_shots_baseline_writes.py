"""A baseline and its record of its charts' places are each written whole: a run stopped while writing
them (Ctrl-C during --update-baselines) leaves no cut file."""
from __future__ import annotations

import os
from pathlib import Path

import pytest

from shots import baseline_charts
from shots.baseline_charts import places_path, read_places
from shots.check import _write_baseline
from shots.results import ImageReport

CHART = ImageReport("", "http://127.0.0.1:5000/d/animals/bears.svg?v=1", 200, "image/svg+xml", 640, 360)


def test_a_baseline_is_written_anew_and_renamed_into_place_not_rewritten_in_place(tmp_path):
    baseline = tmp_path / "d-animals.png"
    _write_baseline(baseline, b"old png", [])
    # A link to the old file keeps its bytes when the new one is renamed over it; a file rewritten in
    # place (cut to nothing, then written) would show the new bytes there, or a part of them.
    os.link(baseline, tmp_path / "before.png")
    os.link(places_path(baseline), tmp_path / "before.charts.json")
    _write_baseline(baseline, b"new png", [])
    assert baseline.read_bytes() == b"new png"
    assert (tmp_path / "before.png").read_bytes() == b"old png"
    assert (tmp_path / "before.charts.json").read_text() != places_path(baseline).read_text()
    assert sorted(p.name for p in tmp_path.iterdir()) == [
        "before.charts.json", "before.png", "d-animals.charts.json", "d-animals.png"]
    assert oct(baseline.stat().st_mode & 0o777) == oct(0o666 & ~process_umask())


def test_a_baseline_stopped_before_its_record_leaves_the_old_record_not_matching_it(tmp_path, monkeypatch):
    baseline = tmp_path / "d-animals.png"
    _write_baseline(baseline, b"old png", [(CHART, (0, 0, 640, 360))])
    assert read_places(baseline) == {"/d/animals/bears.svg": [(0, 0, 640, 360)]}
    written = []

    def stopped(source, target):
        if written:  # the record, after the PNG: Ctrl-C arrives between the two
            raise KeyboardInterrupt
        written.append(target)
        real_replace(source, target)

    real_replace = os.replace
    monkeypatch.setattr(baseline_charts.os, "replace", stopped)
    with pytest.raises(KeyboardInterrupt):
        _write_baseline(baseline, b"new png", [(CHART, (0, 0, 640, 360))])
    assert baseline.read_bytes() == b"new png"
    assert read_places(baseline) == {}  # the old record names the old PNG's digest: its places are not used
    assert sorted(p.name for p in tmp_path.iterdir()) == ["d-animals.charts.json", "d-animals.png"]


def process_umask() -> int:
    """The process's umask, as Linux shows it, read without setting it."""
    [line] = [line for line in Path("/proc/self/status").read_text().splitlines() if line.startswith("Umask:")]
    return int(line.split()[1], 8)
