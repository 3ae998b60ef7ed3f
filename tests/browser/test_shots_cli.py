"""`python run.py shots` as a person runs it: a separate process, its exit code and its files."""
from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from PIL import Image

from shots import DEFAULT_BASELINE_DIR

PROJECT = Path(__file__).resolve().parents[2]


def _run(*args: str, prelude: str = "", timeout: float = 120) -> subprocess.CompletedProcess:
    """run.py with `args` in a fresh interpreter, after running `prelude` in it."""
    code = f"{prelude}\nimport runpy, sys\nsys.argv = ['run.py', *{list(args)!r}]\nrunpy.run_path('run.py', run_name='__main__')"
    return subprocess.run([sys.executable, "-c", code], cwd=PROJECT, capture_output=True, text=True, timeout=timeout)


@pytest.mark.parametrize("module, package", [("selenium", "selenium"), ("PIL", "pillow")])
def test_shots_without_its_packages_exits_2_in_one_line_naming_the_package_and_how_to_install_it(module, package):
    # None in sys.modules makes `import <module>` fail as if it were not installed.
    done = _run("shots", "--page", "/", prelude=f"import sys; sys.modules[{module!r}] = None")
    # A set-up failure, as `shots --help` lists them, not a failed page.
    assert done.returncode == 2, done.stderr
    # pillow is what requirements.txt names (and pip installs), though Python imports it as PIL.
    assert done.stderr.strip().splitlines() == [
        f"error: 'shots' needs the {package} package: python3 -m pip install -r requirements.txt"]
    requirements = (PROJECT / "requirements.txt").read_text().splitlines()
    assert any(line.startswith(f"{package}==") for line in requirements)


def test_shots_command_checks_the_pages_it_is_given_and_writes_the_report(tmp_path):
    out = tmp_path / "chrome-debug"
    done = _run("shots", "--page", "/", "--page", "/d/animals", "--out", str(out))
    assert done.returncode == 0, done.stdout + done.stderr
    lines = done.stdout.splitlines()
    assert lines[-1] == "PASSED"
    assert any(line.startswith("2 pages: 2 pass") for line in lines), lines

    manifest = json.loads((out / "shots.json").read_text())
    assert manifest["passed"] is True
    assert manifest["baseline_dir"] == str(DEFAULT_BASELINE_DIR)
    assert [(p["path"], p["verdict"]) for p in manifest["pages"]] == [("/", "pass"), ("/d/animals", "pass")]
    # axe-core is installed (tests/run.sh): the command audits every page with it.
    assert manifest["axe_version"] and f"accessibility: axe-core {manifest['axe_version']}" in lines
    assert all(p["accessibility"] == [] for p in manifest["pages"])
    for stem in ("index", "d-animals"):
        assert Image.open(out / f"{stem}.png").size[0] == 1280
        assert Image.open(out / f"{stem}.png").size == Image.open(DEFAULT_BASELINE_DIR / f"{stem}.png").size
        assert json.loads((out / f"{stem}.har").read_text())["log"]["entries"]
    assert (out / "report.html").read_text().count('class="verdict pass"') >= 3  # the run and its 2 pages


def test_shots_help_names_the_chart_options_and_a_bad_chart_threshold_exits_2_before_a_site_starts():
    helped = _run("shots", "--help", timeout=60)
    assert "--chart-threshold" in helped.stdout and "--chart-max-pixels N" in helped.stdout
    done = _run("shots", "--page", "/", "--chart-threshold", "2", timeout=60)
    assert done.returncode == 2, done.stdout + done.stderr
    assert done.stderr.strip() == "shots: --chart-threshold must be between 0 and 1, got 2.0"
    assert "checking" not in done.stdout
