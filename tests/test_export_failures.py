"""`run.py export` of a dashboard with a chart that cannot be drawn: no file for it, the others as ever."""
from __future__ import annotations

import json
import os
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from plots.bar_order import TOP_ADVICE

from tests.conftest import ROOT

# A bar chart of the weather sample's temperatures has hundreds of categories: a 422.
TOO_MANY_BARS = 'id = "{id}"\ndataset = "weather"\nkind = "bar"\nx = "temperature_c"\n'
A_LINE = 'id = "{id}"\ndataset = "weather"\nkind = "line"\nx = "date"\ny = ["temperature_c"]\n'
BEARS = 'id = "bears"\ndataset = "animals"\ny = ["Bear"]\n'
REFUSED = "Unprocessable Content: a bar chart may show at most 100 categories and this one has"


def board(folder: Path, *charts: str) -> Path:
    """`folder` holding the one dashboard "farm" of these charts."""
    folder.mkdir(exist_ok=True)
    (folder / "farm.toml").write_text("".join(f"[[charts]]\n{chart}" for chart in charts))
    return folder


def export(boards: Path, data: Path, out: Path, fmt: str) -> subprocess.CompletedProcess:
    data.mkdir(exist_ok=True)
    return subprocess.run([sys.executable, "run.py", "export", "--out", str(out), "--format", fmt,
                           "--data-dir", str(data)], cwd=ROOT, capture_output=True, text=True, timeout=300,
                          env={**os.environ, "SVGPLOTS_DASHBOARD_DIRS": json.dumps([str(boards)])})


def assert_valid(path: Path, fmt: str) -> None:
    body = path.read_bytes()
    if fmt == "pdf":
        assert body.startswith(b"%PDF-"), body[:80]
    elif fmt == "png":
        assert body.startswith(b"\x89PNG\r\n\x1a\n"), body[:80]
    else:
        assert ET.fromstring(body).tag == "{http://www.w3.org/2000/svg}svg"


@pytest.mark.parametrize("fmt", ["pdf", "png", "svg"])
def test_a_chart_that_cannot_be_drawn_writes_no_file_and_the_others_are_written(tmp_path, fmt):
    boards = board(tmp_path / "boards", TOO_MANY_BARS.format(id="temps"), BEARS)
    out = tmp_path / "out"
    done = export(boards, tmp_path / "data", out, fmt)
    assert done.returncode == 1, done.stderr
    assert not (out / "farm" / f"temps.{fmt}").exists()
    assert_valid(out / "farm" / f"bears.{fmt}", fmt)
    written = {p.relative_to(out).as_posix() for p in out.rglob("*") if p.is_file()}
    assert written == {f"farm/bears.{fmt}"} | ({"farm.pdf"} if fmt == "pdf" else set())
    if fmt == "pdf":
        assert_valid(out / "farm.pdf", fmt)
    lines = done.stdout.splitlines()
    assert f"200 {out / 'farm' / f'bears.{fmt}'}" in lines
    (failed,) = [line for line in lines if not line.startswith("200 ")]
    assert failed.startswith(f"422 {out / 'farm' / f'temps.{fmt}'} not written: {REFUSED} ")
    assert failed.endswith(f"; {TOP_ADVICE}, filter the data or use kind=line")


def test_a_file_an_earlier_export_wrote_for_a_chart_that_now_fails_is_removed(tmp_path):
    out = tmp_path / "out"
    boards = board(tmp_path / "boards", A_LINE.format(id="temps"), BEARS)
    assert export(boards, tmp_path / "data", out, "pdf").returncode == 0
    assert_valid(out / "farm" / "temps.pdf", "pdf")
    board(boards, TOO_MANY_BARS.format(id="temps"), BEARS)

    done = export(boards, tmp_path / "data", out, "pdf")
    assert done.returncode == 1, done.stderr
    assert not (out / "farm" / "temps.pdf").exists()
    assert_valid(out / "farm" / "bears.pdf", "pdf")
    (failed,) = [line for line in done.stdout.splitlines() if not line.startswith("200 ")]
    assert failed.startswith(f"422 {out / 'farm' / 'temps.pdf'} not written, and the file an earlier export left "
                             f"there removed, as it no longer shows the chart as it is: {REFUSED} ")


WRITE_UNDER_A_FILE_SIZE_LIMIT = """
import resource, signal, sys
from pathlib import Path
import run
# Past the limit a write fails with EFBIG (its signal ignored) after part of it went to disk.
signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
resource.setrlimit(resource.RLIMIT_FSIZE, (100, 100))
run.write_export(Path(sys.argv[1]), b"<svg>" + b"new " * 1000 + b"</svg>")
"""


def test_a_write_cut_short_leaves_the_earlier_file_whole_and_no_other(tmp_path):
    chart = tmp_path / "farm" / "bears.svg"
    chart.parent.mkdir()
    chart.write_bytes(b"<svg>the earlier export's chart</svg>")
    done = subprocess.run([sys.executable, "-c", WRITE_UNDER_A_FILE_SIZE_LIMIT, str(chart)], cwd=ROOT,
                          capture_output=True, text=True, timeout=60)
    assert done.returncode == 1
    assert done.stderr == f"error: cannot write {chart}: File too large\n"
    assert chart.read_bytes() == b"<svg>the earlier export's chart</svg>"
    assert list(chart.parent.iterdir()) == [chart]
