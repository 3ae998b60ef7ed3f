"""A folder the check writes in that it cannot write (`--out`, `--baselines`) ends the run in one line naming
it, with exit status 2, as any set-up failure does: not a traceback and the exit status of a page that failed."""
from __future__ import annotations

import json

import run
from tests.browser.conftest import LiveSite


def test_an_out_or_baselines_folder_that_is_a_file_is_refused_before_the_run_starts(tmp_path, capsys):
    a_file = tmp_path / "report.txt"
    a_file.write_text("not a folder")
    for option in ("--out", "--baselines"):
        assert run.main(["shots", "--no-axe", "--page", "/d/animals", option, str(a_file)]) == 2
        captured = capsys.readouterr()
        assert captured.err.splitlines() == [f"shots: {option} {a_file} is a file, not a folder"]
        assert "checking" not in captured.out
    assert a_file.read_text() == "not a folder"


def test_an_out_folder_that_cannot_be_made_is_one_line_naming_it(tmp_path, capsys):
    (tmp_path / "file").write_text("")
    out = tmp_path / "file" / "out"
    assert run.main(["shots", "--no-axe", "--page", "/d/animals", "--out", str(out)]) == 2
    assert capsys.readouterr().err.splitlines() == [f"shots: cannot write {out}: Not a directory"]


def test_a_baseline_that_cannot_be_written_is_one_line_naming_it_and_a_failed_report(live_site: LiveSite, tmp_path,
                                                                                      capsys):
    (tmp_path / "file").write_text("")
    baselines, out = tmp_path / "file" / "baselines", tmp_path / "out"
    assert run.main(["shots", "--no-axe", "--url", live_site.url, "--page", "/d/animals", "--out", str(out),
                     "--baselines", str(baselines)]) == 2
    line = f"cannot write {baselines}: Not a directory"
    assert capsys.readouterr().err.splitlines() == [f"shots: {line}"]
    manifest = json.loads((out / "shots.json").read_text())
    assert manifest["passed"] is False and manifest["notes"] == [line]
