"""The development server's write token: kept in the data folder, the same at every start with it."""
from __future__ import annotations

import errno
import html
import os
import re
import signal
import stat
import subprocess
import sys
import time
from pathlib import Path

import pytest
import requests

from app import SettingError, create_app
from app.auth import TOKEN_FILE, ensure_write_token
from tests.conftest import ROOT, free_port

CONFIGURED = "configured-token-0123456789"
ROW = {"year": 2022, "Bear": 1, "Deer": 2, "Wolf": 3}


@pytest.fixture(autouse=True)
def no_token_in_the_environment(monkeypatch):
    monkeypatch.delenv("SVGPLOTS_WRITE_TOKENS", raising=False)


def started(data_dir: Path, **settings):
    """The app as `python3 run.py` makes it: a token of the data folder's when none is configured."""
    app = create_app({"TESTING": True, "DATA_DIR": str(data_dir), "RENDER_WORKERS": 0, **settings})
    return app, ensure_write_token(app)


def append(app, token: str | None):
    headers = {"Authorization": f"Bearer {token}"} if token else {}
    return app.test_client().post("/api/datasets/animals/rows", json=[ROW], headers=headers)


def test_two_starts_on_one_data_folder_have_the_same_token(data_dir):
    first_app, first = started(data_dir)
    second_app, second = started(data_dir)
    assert first and second == first
    assert append(second_app, first).status_code == 200


def test_the_token_is_kept_in_a_file_only_its_owner_reads(data_dir):
    _, token = started(data_dir)
    path = data_dir / TOKEN_FILE
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert path.read_text() == f"{token}\n"
    # Nothing else is left beside it, such as the file it was written to first.
    assert not [p.name for p in data_dir.iterdir() if p.name.startswith(f".{TOKEN_FILE}")]


def test_deleting_the_file_makes_a_new_token_at_the_next_start(data_dir):
    _, first = started(data_dir)
    (data_dir / TOKEN_FILE).unlink()
    app, second = started(data_dir)
    assert second != first
    assert (data_dir / TOKEN_FILE).read_text() == f"{second}\n"
    assert append(app, first).status_code == 401


def test_a_start_that_finds_the_file_made_meanwhile_takes_its_token(data_dir, monkeypatch):
    # Two starts at once on one data folder: the one that links its file second keeps the first's.
    link = os.link

    def link_after_another_start(source, target):
        Path(target).write_text("the-other-start-0123456789\n")
        link(source, target)

    monkeypatch.setattr(os, "link", link_after_another_start)
    app, token = started(data_dir)
    assert token == "the-other-start-0123456789"
    assert [p.name for p in data_dir.iterdir() if TOKEN_FILE in p.name] == [TOKEN_FILE]
    assert append(app, token).status_code == 200


@pytest.mark.parametrize("where", ["setting", "environment"])
def test_a_configured_token_wins_over_the_kept_one(data_dir, monkeypatch, where):
    _, kept = started(data_dir)
    settings = {"WRITE_TOKENS": CONFIGURED} if where == "setting" else {}
    if where == "environment":
        monkeypatch.setenv("SVGPLOTS_WRITE_TOKENS", CONFIGURED)
    app, printed = started(data_dir, **settings)
    assert printed is None and app.config["WRITE_TOKENS"] == [CONFIGURED]
    assert append(app, kept).status_code == 401
    assert append(app, CONFIGURED).status_code == 200
    # The kept token is left as it was: a start without the configured one takes it again.
    monkeypatch.delenv("SVGPLOTS_WRITE_TOKENS", raising=False)
    assert started(data_dir)[1] == kept


def test_with_a_token_configured_no_file_is_made(data_dir):
    started(data_dir, WRITE_TOKENS=CONFIGURED)
    assert not (data_dir / TOKEN_FILE).exists()


def test_a_refused_token_is_told_to_use_the_printed_line(data_dir):
    app, _ = started(data_dir)
    for token in ("not-the-token", None):
        error = append(app, token).get_json()["error"]
        assert "the 'Write token:' line that python3 run.py printed" in error
        assert f"the data folder's {TOKEN_FILE} file" in error
        assert "configuration" not in error and "SVGPLOTS_WRITE_TOKENS" not in error and str(data_dir) not in error


def test_a_refused_token_is_told_the_setting_when_tokens_are_configured(data_dir):
    app, _ = started(data_dir, WRITE_TOKENS=CONFIGURED)
    for token in ("not-the-token", None):
        error = append(app, token).get_json()["error"]
        assert "a token set in the server's SVGPLOTS_WRITE_TOKENS environment variable or its WRITE_TOKENS setting" in error
        assert "Write token:" not in error


@pytest.mark.parametrize("text", ["", "\n", "two words\n", "caf\xe9\n", "one\ntwo\n"])
def test_a_file_that_holds_no_token_stops_the_start_saying_to_delete_it(data_dir, text):
    (data_dir / TOKEN_FILE).write_bytes(text.encode("latin-1"))
    with pytest.raises(SettingError, match=f"{TOKEN_FILE} holds no write token .*delete it, and the next start "
                                           "makes a new one"):
        started(data_dir)


def test_a_token_that_cannot_be_kept_stops_the_start_saying_why(tmp_path):
    folder = tmp_path / "data"
    folder.mkdir()
    (folder / TOKEN_FILE).mkdir()  # a folder where the file goes: it can be neither read nor made
    with pytest.raises(SettingError, match=f"cannot keep the write token in .*{TOKEN_FILE}: .*; a folder has the "
                                           "file's name: move it away, and the next start makes the file, or set "
                                           "SVGPLOTS_WRITE_TOKENS"):
        started(folder)


def refusing(monkeypatch, call: str, number: int) -> None:
    """Make `os.<call>` refuse the token file's write with the error `number`, as a disk would."""
    real = getattr(os, call)

    def refused(*args, **kwargs):
        written = args[0]
        if call == "fsync" or TOKEN_FILE in str(written):
            raise OSError(number, os.strerror(number))
        return real(*args, **kwargs)

    monkeypatch.setattr(os, call, refused)


@pytest.mark.parametrize("call", ["open", "fsync"])
@pytest.mark.parametrize("number, advice", [
    (errno.ENOSPC, "the data folder's disk is full (or the site's disk quota is reached): make room on it, or "
                   "raise the quota, and start again"),
    (errno.EDQUOT, "the data folder's disk is full (or the site's disk quota is reached): make room on it, or "
                   "raise the quota, and start again"),
    (errno.EROFS, "the data folder is on a read-only disk: remount it writable, or give a data folder on a "
                  "writable disk (--data-dir)"),
    (errno.EACCES, "the site may not write the data folder: let the user that runs the site write it"),
])
def test_a_token_file_that_cannot_be_written_stops_the_start_saying_what_to_mend(data_dir, monkeypatch, call,
                                                                                   number, advice):
    refusing(monkeypatch, call, number)
    with pytest.raises(SettingError) as refused:
        started(data_dir)
    assert str(refused.value) == (f"cannot keep the write token in {data_dir / TOKEN_FILE}: {os.strerror(number)}; "
                                  f"{advice}, or set SVGPLOTS_WRITE_TOKENS")
    assert "make the data folder writable" not in str(refused.value)
    # Nothing is left behind, such as the file the token was to be written to first.
    assert not [p.name for p in data_dir.iterdir() if TOKEN_FILE in p.name]


def test_run_py_stops_with_one_line_when_the_token_file_holds_no_token(data_dir):
    (data_dir / TOKEN_FILE).write_text("")
    env = {key: value for key, value in os.environ.items() if key != "SVGPLOTS_WRITE_TOKENS"}
    done = subprocess.run([sys.executable, "run.py", "--port", str(free_port()), "--data-dir", str(data_dir)],
                          cwd=ROOT, env=env, capture_output=True, text=True, timeout=120)
    assert done.returncode == 1 and done.stdout == ""
    assert done.stderr == (f"error: {data_dir / TOKEN_FILE} holds no write token (one line of visible ASCII "
                           "characters, no spaces); delete it, and the next start makes a new one\n")


def run_py(data_dir: Path, log: Path) -> tuple[subprocess.Popen, str]:
    """`python3 run.py --data-dir DIR` on a free port, once it answers."""
    port = free_port()
    env = {key: value for key, value in os.environ.items() if key != "SVGPLOTS_WRITE_TOKENS"}
    with log.open("w") as out:
        process = subprocess.Popen([sys.executable, "run.py", "--port", str(port), "--data-dir", str(data_dir)],
                                   cwd=ROOT, env=env, stdout=out, stderr=subprocess.STDOUT, start_new_session=True)
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        assert process.poll() is None, log.read_text()
        try:
            requests.get(f"http://127.0.0.1:{port}/api/datasets", timeout=2)
            return process, f"http://127.0.0.1:{port}"
        except requests.ConnectionError:
            time.sleep(0.1)
    stop(process)
    raise AssertionError(f"run.py did not answer within 60 s: {log.read_text()}")


def stop(process: subprocess.Popen) -> None:
    os.killpg(process.pid, signal.SIGTERM)
    process.wait(timeout=30)


def printed_token(log: Path) -> str:
    lines = [line for line in log.read_text().splitlines() if line.startswith("Write token: ")]
    assert len(lines) == 1, log.read_text()
    return lines[0].removeprefix("Write token: ")


def test_a_token_saved_from_run_py_still_writes_after_a_restart(data_dir, tmp_path):
    process, _ = run_py(data_dir, tmp_path / "first.log")
    stop(process)
    saved = printed_token(tmp_path / "first.log")
    process, site = run_py(data_dir, tmp_path / "second.log")
    try:
        response = requests.post(f"{site}/api/datasets/animals/rows", json=[ROW], timeout=30,
                                 headers={"Authorization": f"Bearer {saved}"})
    finally:
        stop(process)
    assert printed_token(tmp_path / "second.log") == saved
    assert response.status_code == 200, response.text


def token_field_hint(page: str) -> str:
    """The words beside a form's token field, which the field names as its description."""
    assert re.search(r'<input type="password" name="token"[^>]* aria-describedby="token-from"', page)
    (hint,) = re.findall(r'<p class="muted" id="token-from">(.*?)</p>', page)
    return html.unescape(hint)


@pytest.mark.parametrize("url", ["/upload", "/datasets/animals/append"])
def test_a_form_says_beside_its_token_field_where_the_token_is_printed(data_dir, url):
    app, _ = started(data_dir)
    hint = token_field_hint(app.test_client().get(url).get_data(as_text=True))
    assert hint.startswith("For the write token, use the token on the 'Write token:' line that python3 run.py printed")
    assert str(data_dir) not in hint


@pytest.mark.parametrize("url", ["/upload", "/datasets/animals/append"])
def test_a_form_says_beside_its_token_field_where_configured_tokens_are_set(data_dir, url):
    app, _ = started(data_dir, WRITE_TOKENS=CONFIGURED)
    hint = token_field_hint(app.test_client().get(url).get_data(as_text=True))
    assert hint == ("For the write token, use a token set in the server's SVGPLOTS_WRITE_TOKENS environment "
                    "variable or its WRITE_TOKENS setting.")
