"""Chromium's profile under a TMPDIR too long a path for its socket: made in a shorter standard folder."""
from __future__ import annotations

import os
import shutil
import tempfile
from pathlib import Path

import pytest

from shots import Browser, BrowserDidNotStart
from shots.browser import browser_temp_dir, socket_fits

# 63 bytes: Chromium's socket, <temp>/org.chromium.Chromium.XXXXXX/SingletonSocket, would take 108
# bytes where a UNIX socket's path holds 107 (measured: a 62-byte TMPDIR starts, a 63-byte one not).
TOO_LONG = "/" + "x" * 62


def test_a_temporary_folder_fits_up_to_62_bytes():
    assert socket_fits("/" + "x" * 61) and not socket_fits(TOO_LONG)


def test_the_usual_temporary_folder_is_kept_when_its_socket_fits():
    assert browser_temp_dir("/tmp/short", others=()) == "/tmp/short"


def test_a_temporary_folder_too_long_gives_way_to_the_first_short_writable_one():
    short = tempfile.mkdtemp(prefix="s", dir="/tmp")
    try:
        missing = os.path.join(short, "missing")
        assert browser_temp_dir(TOO_LONG, others=(TOO_LONG + "y", missing, short)) == short
    finally:
        os.rmdir(short)


def test_without_a_short_writable_folder_the_error_names_the_path_too_long():
    with pytest.raises(BrowserDidNotStart) as refused:
        browser_temp_dir(TOO_LONG, others=("/nonexistent",))
    assert str(refused.value) == (
        f"Chromium did not start: the temporary folder {TOO_LONG} is too long a path for Chromium's socket "
        "(63 bytes; at most 62), and none of /nonexistent is a writable folder to use instead: "
        "set TMPDIR to a shorter one")


def test_chromium_starts_under_a_long_tmpdir_with_its_profile_in_a_shorter_folder(monkeypatch):
    long_dir = Path(tempfile.mkdtemp(prefix="shots-long-")) / ("y" * 80)
    long_dir.mkdir()
    monkeypatch.setenv("TMPDIR", str(long_dir))
    monkeypatch.setattr(tempfile, "tempdir", None)  # read TMPDIR again
    try:
        browser = Browser()
        try:
            profile = Path(browser.user_data_dir)
            assert profile.parent == Path(browser_temp_dir()) != long_dir
            assert browser.version
        finally:
            browser.quit()
        assert not profile.exists()
        # Chromium made nothing in the long folder either: its socket went beside the profile.
        assert list(long_dir.iterdir()) == []
    finally:
        shutil.rmtree(long_dir.parent)
