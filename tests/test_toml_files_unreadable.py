"""A dashboard or sources file the site cannot read (a link to a file that is not there, one its user
may not read, a named pipe) stops the start with one line naming the file and why, never a traceback
nor a start that waits for good; a sources setting naming a folder says it is one."""
from __future__ import annotations

import errno
import os
import threading
from pathlib import Path

import pytest

from app import DashboardError, SourceConfigError, create_app
from app.store import load_sources

DASHBOARD = '[[charts]]\nid = "c"\ndataset = "animals"\ny = ["Bear"]\n'


def dashboard_refusal(tmp_path: Path, make) -> str:
    folder = tmp_path / "boards"
    folder.mkdir(exist_ok=True)
    make(folder / "m.toml")
    with pytest.raises(DashboardError) as caught:
        create_app({"TESTING": True, "DASHBOARD_DIRS": [str(folder)]})
    return str(caught.value)


def sources_refusal(tmp_path: Path, make) -> str:
    path = tmp_path / "m.toml"
    make(path)
    with pytest.raises(SourceConfigError) as caught:
        load_sources(path, required=True)
    return str(caught.value)


@pytest.mark.parametrize("refusal", [dashboard_refusal, sources_refusal])
def test_a_toml_file_that_links_to_no_file_is_said_to(tmp_path, refusal):
    gone = tmp_path / "gone.toml"
    assert refusal(tmp_path, lambda path: path.symlink_to(gone)) == (
        f"m.toml: the file is a link to {gone}, which is not there; make it a file, or link it to one")


@pytest.mark.parametrize("refusal", [dashboard_refusal, sources_refusal])
def test_a_toml_file_the_site_may_not_read_is_said_to_be_unreadable(tmp_path, refusal, monkeypatch):
    read_bytes = Path.read_bytes

    def refused(path: Path) -> bytes:  # as chmod 000 does for any user but root
        if path.name == "m.toml":
            raise PermissionError(13, "Permission denied", str(path))
        return read_bytes(path)

    monkeypatch.setattr(Path, "read_bytes", refused)
    assert refusal(tmp_path, lambda path: path.write_text(DASHBOARD)) == (
        "m.toml: the file cannot be read (Permission denied); let the site's user read it")


@pytest.mark.parametrize("refusal", [dashboard_refusal, sources_refusal])
def test_a_named_pipe_as_a_toml_file_is_refused_rather_than_waited_on(tmp_path, refusal):
    # Opened, a pipe that nothing writes to would hold the start for good: should the site open it, it is
    # ended after a while (opened for writing and closed), and the site reads it as an empty file.
    def pipe(path: Path) -> None:
        os.mkfifo(path)
        timer = threading.Timer(5, end_reading, [path])
        timer.daemon = True
        timer.start()

    assert refusal(tmp_path, pipe) == (
        "m.toml: the file is no regular file (a named pipe or a device, say); make it a file of TOML text")


def end_reading(path: Path) -> None:
    try:
        os.close(os.open(path, os.O_WRONLY | os.O_NONBLOCK))
    except OSError as error:
        if error.errno != errno.ENXIO:  # ENXIO: nothing reads it
            raise


def test_a_sources_setting_naming_a_folder_is_said_to_name_a_folder(tmp_path):
    with pytest.raises(SourceConfigError) as caught:
        create_app({"TESTING": True, "DATA_DIR": str(tmp_path), "SOURCES": str(tmp_path)})
    assert str(caught.value) == f"{tmp_path}: is a folder, not a file; name the sources file itself"
