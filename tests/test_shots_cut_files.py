"""A run stopped while it wrote a page's files (Ctrl-C) leaves files its shots.json does not list: the next
run removes them all the same, as the run recorded each file's name before it wrote the file."""
from __future__ import annotations

import json
from pathlib import Path

import pytest

import shots.report
from shots.report import WRITTEN, record_files, start_run, write_page_files
from shots.results import Capture, PageResult, PageTarget


def _page(png: bytes = b"\x89PNG cut") -> PageResult:
    return PageResult(PageTarget("/d/x"), "http://127.0.0.1:5000/d/x", "d-x", Capture(url="x", png=png), [], [])


def _stopped_run(out: Path, monkeypatch) -> None:
    """A run whose page's PNG is written and whose HAR is not: Ctrl-C came in between."""
    start_run(out)
    (out / "shots.json").write_text(json.dumps({"passed": False, "finished": False, "pages": []}))

    def stopped(*args, **kwargs):
        raise KeyboardInterrupt

    monkeypatch.setattr(shots.report, "to_har", stopped)
    with pytest.raises(KeyboardInterrupt):
        write_page_files(_page(), out)
    monkeypatch.undo()


def test_a_page_s_file_written_when_the_run_was_stopped_is_removed_by_the_next_run(tmp_path, monkeypatch):
    out = tmp_path / "out"
    _stopped_run(out, monkeypatch)
    assert (out / "d-x.png").exists()
    start_run(out)
    assert sorted(p.name for p in out.iterdir()) == []


def test_a_difference_written_when_the_run_was_stopped_is_removed_and_nothing_else(tmp_path):
    out = tmp_path / "out"
    start_run(out)
    (out / "README.md").write_text("mine")
    record_files(out, ["d-x.diff.png", "../outside.png", "/etc/passwd", ""])
    (out / "d-x.diff.png").write_bytes(b"cut")
    (tmp_path / "outside.png").write_bytes(b"not the run's")
    start_run(out)
    assert sorted(p.name for p in out.iterdir()) == ["README.md"]
    assert (tmp_path / "outside.png").exists() and not (out / WRITTEN).exists()


def test_a_shots_json_cut_as_it_was_written_is_removed_by_the_next_run_with_its_report(tmp_path):
    out = tmp_path / "out"
    start_run(out)
    record_files(out, ["d-x.png"])
    (out / "d-x.png").write_bytes(b"\x89PNG")
    (out / "shots.json").write_text('{"passed": false, "pages": [{"files": {"png": "d-x.pn')
    (out / "report.html").write_text("<!doctype html>")
    start_run(out)
    assert sorted(p.name for p in out.iterdir()) == []


@pytest.mark.parametrize("manifest", ['[]', '"pages"', '{"pages": 3}', '{"pages": ["d-x.png", null]}',
                                      '{"pages": [{"files": ["d-x.png"]}]}', '{"pages": [{"files": {"png": 7}}]}'])
def test_a_shots_json_of_another_shape_is_removed_by_the_next_run_and_what_it_lists_too(tmp_path, manifest):
    out = tmp_path / "out"
    start_run(out)
    (out / "README.md").write_text("mine")
    (out / "shots.json").write_text(manifest)
    start_run(out)
    assert sorted(p.name for p in out.iterdir()) == ["README.md"]
    (out / "d-y.png").write_bytes(b"\x89PNG")
    (out / "shots.json").write_text('{"pages": [7, {"files": 3}, {"files": {"png": "d-y.png"}}]}')
    start_run(out)
    assert sorted(p.name for p in out.iterdir()) == ["README.md"]
