"""How `run.py shots` ends when it cannot finish: a signal, a site that does not start or answer,
a wrong option, a page that does not load in time."""
from __future__ import annotations

import argparse
import contextlib
import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

import pytest

import run
import shots.check
import shots.cli
from shots import Browser, Settings
from shots.accessibility import axe_version
from shots.browser import chromium_version
from shots.cli import Progress, Stopped, add_arguments, report_stopped, settings_from
from tests.browser.conftest import LiveSite

PROJECT = Path(__file__).resolve().parents[2]

BAD_DASHBOARD = """\
title = "Bad"

[[charts]]
id = "nope"
dataset = "animals"
kind = "line"
y = ["Nope"]
"""


def _previous_passing_run(out: Path) -> None:
    out.mkdir()
    (out / "shots.json").write_text(json.dumps({"passed": True, "pages": []}))
    (out / "report.html").write_text("<h1>pass</h1>")


def _descendants(pid: int) -> set[int]:
    """Every process below `pid`, from /proc's parent links."""
    parents: dict[int, int] = {}
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        parents[int(stat.parent.name)] = int(fields[1])
    found, frontier = set(), {pid}
    while frontier:
        frontier = {child for child, parent in parents.items() if parent in frontier} - found
        found |= frontier
    return found


def _alive(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except OSError:
        return False
    return state != "Z"


def _still_running(pids: set[int]) -> list[int]:
    """Those of `pids` alive after a grace of a few seconds (a process may be ending as we look)."""
    deadline = time.monotonic() + 5
    while (alive := [pid for pid in pids if _alive(pid)]) and time.monotonic() < deadline:
        time.sleep(0.1)
    return alive


def test_sigterm_mid_run_quits_chromium_removes_temporary_folders_and_reports_the_pages_checked(tmp_path):
    # A folder of its own, short enough for Chromium's socket (a longer one gives way to /tmp).
    temp, out = Path(tempfile.mkdtemp(prefix="shots-term-")), tmp_path / "out"
    process = subprocess.Popen(
        [sys.executable, "run.py", "shots", "--no-axe", "--baselines", str(tmp_path / "base"), "--out", str(out)],
        cwd=PROJECT, env={**os.environ, "TMPDIR": str(temp)}, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
        text=True)
    children: set[int] = set()
    try:
        lines = []
        while not any(line.startswith("[  1]") for line in lines):
            line = process.stdout.readline()
            assert line, "".join(lines) + process.stderr.read()
            lines.append(line)
        children = _descendants(process.pid)
        assert any("chromedriver" in Path(f"/proc/{pid}/cmdline").read_text() for pid in children if _alive(pid))
        assert [p.name for p in temp.iterdir() if p.name.startswith(("svgplots-shots-", "shots-chromium-"))]
        process.send_signal(signal.SIGTERM)
        stdout, stderr = process.communicate(timeout=60)
    finally:
        process.kill()
        left_running = _still_running(children)
        for pid in left_running:  # so that a failing run leaves no browser behind either
            with contextlib.suppress(ProcessLookupError):
                os.kill(pid, signal.SIGKILL)
        left = [p.name for p in temp.iterdir()]
        shutil.rmtree(temp, ignore_errors=True)
    assert process.returncode == 143, stdout + stderr
    assert "Traceback" not in stderr
    last = stderr.strip().splitlines()[-1]
    assert last.startswith("shots: stopped by SIGTERM: "), stderr
    # The signal came after the first page's line; the next page may have been checked meanwhile.
    checked, total = (int(n) for n in last.removeprefix("shots: stopped by SIGTERM: ").split()[:3:2])
    assert 1 <= checked < total
    assert left_running == []
    assert [name for name in left if name.startswith(("svgplots-shots-", "shots-chromium-"))] == []
    manifest = json.loads((out / "shots.json").read_text())
    assert (manifest["passed"], manifest["finished"], manifest["stopped_by"]) == (False, False, "SIGTERM")
    assert len(manifest["pages"]) == checked and manifest["pages"][0]["path"] == "/"
    assert manifest["unvisited"] == [] and "page limit" not in manifest["summary"]
    assert manifest["notes"][-1].startswith(f"not finished: stopped by SIGTERM after {checked} of {total} pages; "
                                            "not checked: /")
    assert "Not finished: stopped by SIGTERM" in (out / "report.html").read_text()
    assert manifest["browser_version"] == chromium_version() != ""


def _shots_args(*argv: str) -> argparse.Namespace:
    parser = argparse.ArgumentParser()
    add_arguments(parser)
    return parser.parse_args(argv)


def _installed_axe_version() -> str:
    return axe_version(Settings().axe_script.read_text())


def test_a_stopped_run_names_the_chromium_and_axe_core_as_a_finished_one_does(browser: Browser, tmp_path):
    args = _shots_args("--out", str(tmp_path))
    settings = settings_from(args)
    progress = Progress(discover=True, limit=settings.max_pages)
    assert report_stopped(Stopped(signal.SIGTERM), progress, args, settings) == 143
    manifest = json.loads((tmp_path / "shots.json").read_text())
    assert manifest["finished"] is False
    assert (manifest["browser_version"], manifest["axe_version"]) == (browser.version, _installed_axe_version())
    assert _installed_axe_version() and browser.version


def test_a_run_stopped_after_its_browser_started_names_that_browsers_chromium_not_the_installed_one(
        browser: Browser, live_site: LiveSite, tmp_path, monkeypatch):
    # The Chromium installed may have been replaced while the run went on: the report names the one that ran.
    monkeypatch.setattr(shots.cli, "chromium_version", lambda chromium=None: "1.0.0.0")
    monkeypatch.setattr(browser, "quit", lambda: None)  # the session's browser, lent to the run
    monkeypatch.setattr(shots.check, "Browser", lambda *args, **kwargs: browser)
    # SIGTERM as the first page's line is printed.
    monkeypatch.setattr(shots.cli, "progress_line", lambda *args: os.kill(os.getpid(), signal.SIGTERM))
    out = tmp_path / "out"
    assert run.main(["shots", "--url", live_site.url, "--page", "/mislabelled/", "/unlabelled/", "--no-axe",
                     "--out", str(out), "--baselines", str(tmp_path / "baselines")]) == 143
    manifest = json.loads((out / "shots.json").read_text())
    assert (manifest["stopped_by"], len(manifest["pages"])) == ("SIGTERM", 1)
    assert manifest["browser_version"] == browser.version != "1.0.0.0"


def test_a_run_stopped_before_its_browser_started_names_the_installed_chromium(tmp_path, monkeypatch):
    monkeypatch.setattr(shots.cli, "chromium_version", lambda chromium=None: "1.0.0.0")
    args = _shots_args("--no-axe", "--out", str(tmp_path))
    assert report_stopped(Stopped(signal.SIGTERM), Progress(discover=True, limit=10), args, settings_from(args)) == 143
    assert json.loads((tmp_path / "shots.json").read_text())["browser_version"] == "1.0.0.0"


def test_a_run_that_fails_at_start_names_the_chromium_and_axe_core_it_would_have_used(browser: Browser, tmp_path):
    assert run.main(["shots", "--url", "http://127.0.0.1:9/", "--out", str(tmp_path)]) == 2
    manifest = json.loads((tmp_path / "shots.json").read_text())
    assert (manifest["browser_version"], manifest["axe_version"]) == (browser.version, _installed_axe_version())
    report = (tmp_path / "report.html").read_text()
    assert f"Chromium {browser.version} · axe-core {_installed_axe_version()}" in report


def test_a_site_that_does_not_start_is_one_line_pointing_to_url_and_replaces_the_old_report(
        tmp_path, monkeypatch, capsys):
    dashboards, out = tmp_path / "dashboards", tmp_path / "out"
    dashboards.mkdir()
    (dashboards / "bad.toml").write_text(BAD_DASHBOARD)
    _previous_passing_run(out)
    monkeypatch.setenv("SVGPLOTS_DASHBOARD_DIRS", str(dashboards))
    assert run.main(["shots", "--no-axe", "--out", str(out)]) == 2
    stderr = capsys.readouterr().err
    [line] = stderr.strip().splitlines()
    assert line.startswith("shots: the site did not start: bad.toml: "), line
    assert "start it yourself and give its address with --url" in line
    manifest = json.loads((out / "shots.json").read_text())
    assert manifest["passed"] is False and manifest["notes"] == [line.removeprefix("shots: ")]
    assert "Screenshot check: fail" in (out / "report.html").read_text()


def test_an_unreachable_url_is_one_line_and_exit_2(tmp_path, capsys):
    out = tmp_path / "out"
    _previous_passing_run(out)
    assert run.main(["shots", "--url", "http://127.0.0.1:9/", "--out", str(out)]) == 2
    captured = capsys.readouterr()
    assert captured.err.strip().splitlines() == [
        "shots: cannot reach URL: http://127.0.0.1:9/ ([Errno 111] Connection refused)"]
    assert "checking" not in captured.out
    assert json.loads((out / "shots.json").read_text())["passed"] is False


def test_a_url_that_does_not_answer_is_given_the_page_timeout_and_the_line_says_so(tmp_path, capsys):
    # Accepts connections (the kernel does, from its backlog) and never answers them.
    with socket.create_server(("127.0.0.1", 0)) as silent:
        url = f"http://127.0.0.1:{silent.getsockname()[1]}/"
        assert run.main(["shots", "--url", url, "--timeout", "0.5", "--out", str(tmp_path / "out")]) == 2
    assert capsys.readouterr().err.strip().splitlines() == [
        f"shots: cannot reach URL: {url} (no answer within 0.5 s: the page timeout, --timeout)"]


def test_a_url_whose_port_answers_another_protocol_is_one_line_and_exit_2(tmp_path, capsys):
    # An SSH server's greeting, as a port of the wrong service sends it.
    with socket.create_server(("127.0.0.1", 0)) as ssh:
        def greet() -> None:
            connection, _ = ssh.accept()
            with connection:
                connection.sendall(b"SSH-2.0-OpenSSH_9.2\r\n")

        threading.Thread(target=greet, daemon=True).start()
        url = f"http://127.0.0.1:{ssh.getsockname()[1]}/"
        assert run.main(["shots", "--url", url, "--out", str(tmp_path / "out")]) == 2
    assert capsys.readouterr().err.strip().splitlines() == [
        f"shots: cannot reach URL: {url} (its answer is not HTTP: 'SSH-2.0-OpenSSH_9.2')"]


def test_a_browser_that_does_not_start_is_one_line_and_exit_2(live_site: LiveSite, tmp_path, monkeypatch, capsys):
    out = tmp_path / "out"
    _previous_passing_run(out)
    monkeypatch.setenv("CHROMIUM_BIN", shutil.which("false"))  # installed and exits at once
    assert run.main(["shots", "--url", live_site.url, "--no-axe", "--out", str(out)]) == 2
    [line] = capsys.readouterr().err.strip().splitlines()
    assert line.startswith("shots: Chromium did not start: session not created: Chrome instance exited. "), line
    assert "For documentation" not in line and "its profile folder was " in line
    assert json.loads((out / "shots.json").read_text())["passed"] is False


@pytest.mark.parametrize("option, value, why", [
    ("--max-pages", "-3", "'-3' is not a whole number of at least 1"),
    ("--max-pages", "0", "'0' is not a whole number of at least 1"),
    ("--timeout", "0", "'0' is not a number of seconds above 0"),
    ("--timeout", "soon", "'soon' is not a number of seconds above 0"),
])
def test_a_page_limit_or_timeout_below_1_or_0_is_a_usage_error(option, value, why, capsys):
    with pytest.raises(SystemExit) as exited:
        run.main(["shots", option, value])
    assert exited.value.code == 2
    assert capsys.readouterr().err.strip().splitlines()[-1].endswith(f"argument {option}: {why}")


@pytest.mark.parametrize("option, value, why", [
    ("--max-pages", "+3", "'+3' is not a whole number of at least 1"),
    ("--max-pages", "1_0", "'1_0' is not a whole number of at least 1"),
    ("--max-pages", " 3", "' 3' is not a whole number of at least 1"),
    ("--max-pages", "\u0663", "'\u0663' is not a whole number of at least 1"),
    ("--timeout", "+1", "'+1' is not a number of seconds above 0"),
    ("--timeout", "1_0", "'1_0' is not a number of seconds above 0"),
    ("--timeout", "1 ", "'1 ' is not a number of seconds above 0"),
    ("--timeout", "\u0663", "'\u0663' is not a number of seconds above 0"),
    ("--timeout", "nan", "'nan' is not a number of seconds above 0"),
    ("--chart-max-pixels", "+3", "'+3' is not a whole number"),
    ("--chart-max-pixels", "\u0663", "'\u0663' is not a whole number"),
    ("--threshold", "+0.5", "'+0.5' is not a number"),
    ("--max-diff-ratio", "0_5", "'0_5' is not a number"),
    ("--chart-threshold", "\u0660.5", "'\u0660.5' is not a number"),
])
def test_a_number_in_a_form_int_or_float_takes_beyond_the_digits_0_9_is_a_usage_error(option, value, why, capsys):
    # int() and float() took a sign, underscores, white space around the digits and other scripts' digits.
    with pytest.raises(SystemExit) as exited:
        run.main(["shots", option, value])
    assert exited.value.code == 2
    assert capsys.readouterr().err.strip().splitlines()[-1].endswith(f"argument {option}: {why}")


@pytest.mark.parametrize("option, value, why", [
    ("--max-pages", "cafe\u0301", "'cafe\\u0301' is not a whole number of at least 1"),
    ("--timeout", "cafe\u0301", "'cafe\\u0301' is not a number of seconds above 0"),
])
def test_a_refused_number_is_quoted_as_every_refusal_quotes_a_value(option, value, why, capsys):
    # repr wrote the decomposed accent as the café it looks like.
    with pytest.raises(SystemExit):
        run.main(["shots", option, value])
    assert capsys.readouterr().err.strip().splitlines()[-1].endswith(f"argument {option}: {why}")


@pytest.mark.parametrize("url, why", [
    ("127.0.0.1:5000", "'127.0.0.1:5000' is not the URL of a site: give one beginning http:// or https:// and "
                       "naming its host; write http://127.0.0.1:5000"),
    ("ftp://127.0.0.1/", "'ftp://127.0.0.1/' is not the URL of a site: give one beginning http:// or https:// "
                         "and naming its host"),
    ("http://", "'http://' is not the URL of a site: give one beginning http:// or https:// and naming its host"),
    # No host after http:// either: told to write http:///charts, it was told of another URL refused so.
    ("/charts", "'/charts' is not the URL of a site: give one beginning http:// or https:// and naming its host"),
])
def test_a_url_without_http_or_a_host_is_a_usage_error_saying_how_to_write_it(url, why, capsys):
    # It was tried: 127.0.0.1:5000 was told "unknown url type: 127.0.0.1", ftp:// a host not found.
    with pytest.raises(SystemExit) as exited:
        run.main(["shots", "--url", url])
    assert exited.value.code == 2
    assert capsys.readouterr().err.strip().splitlines()[-1].endswith(f"argument --url: {why}")


@pytest.mark.parametrize("option, value, taken", [
    ("--max-pages", "007", 7), ("--timeout", "2.5", 2.5), ("--timeout", ".5", 0.5), ("--threshold", "1e-3", 0.001),
    ("--chart-max-pixels", "12", 12), ("--max-diff-ratio", "0", 0.0),
])
def test_a_number_in_the_digits_0_9_is_taken(option, value, taken):
    parser = argparse.ArgumentParser()
    add_arguments(parser)
    assert getattr(parser.parse_args([option, value]), option[2:].replace("-", "_")) == taken


def test_help_says_what_is_checked_the_exit_codes_and_the_timeout(capsys):
    with pytest.raises(SystemExit):
        run.main(["shots", "--help"])
    text = " ".join(capsys.readouterr().out.split())
    assert "--timeout SECONDS how long a page and its charts may take to load (default: 30)" in text
    assert "the console logged an error" in text and "names the charts still loading" in text
    assert "exit status: 0 every page passed; 1 a page failed" in text
    assert "2 a wrong option, a missing package, a site that did not start or cannot be reached" in text
    assert "130 / 143 stopped by Ctrl-C / SIGTERM" in text


def test_a_page_that_times_out_names_the_chart_still_loading(browser: Browser, live_site: LiveSite):
    # 5 s leave the page and its quick chart time to load on a busy machine; the late one takes 20.
    browser.set_page_timeout(5)
    try:
        capture = browser.capture(f"{live_site.url}/slow/page?ms=20000")
    finally:
        browser.set_page_timeout(30)
    assert capture.error == ("page did not load within 5 s (the page timeout, --timeout); "
                             "still loading: /slow/plot/late.svg?ms=20000")
    # The browser goes on with the next page.
    assert not browser.capture(f"{live_site.url}/slow/page?ms=0").error


def test_a_page_timeout_shorter_than_the_browser_s_start_times_the_pages_out_not_the_start(live_site: LiveSite):
    # The browser's start took longer than 0.05 s, and it was given the page timeout: --timeout 0.05 crashed.
    # The pages are given it once the browser has started, and one stopped so soon, before it drew anything, is
    # not shot (tests/browser/test_shots_late_pages.py).
    with Browser(page_timeout=0.05) as short:
        assert short.page_timeout == 0.05
        assert short.driver.timeouts.page_load == 0.05
        capture = short.capture(f"{live_site.url}/d/stations")
    assert capture.error.startswith("page did not load within 0.05 s (the page timeout, --timeout)")
