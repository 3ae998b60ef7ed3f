"""Chromium's profile folder is removed when a run ends, a Ctrl-C that reached Chromium itself included:
a terminal sends it to the whole process group, and Chromium writes its profile as it ends."""
from __future__ import annotations

import os
import signal
import time
from pathlib import Path

from shots import Browser


def _chromium_pids(user_data_dir: str) -> list[int]:
    """Chromium's main process (not its helpers, `--type=…`) of that profile."""
    flag = f"--user-data-dir={user_data_dir}".encode()
    found = []
    for cmdline in Path("/proc").glob("[0-9]*/cmdline"):
        try:
            args = cmdline.read_bytes().split(b"\0")
        except OSError:
            continue
        if flag in args and not any(arg.startswith(b"--type=") for arg in args):
            found.append(int(cmdline.parent.name))
    return found


def test_the_profile_folder_is_gone_after_ctrl_c_reached_chromium_and_chromedriver():
    browser = Browser()
    profile = browser.user_data_dir
    for pid in [*_chromium_pids(profile), browser.driver.service.process.pid]:
        os.kill(pid, signal.SIGINT)
    browser.quit()
    time.sleep(2)  # Chromium, ending, wrote its Local State in the folder removed before
    assert not os.path.exists(profile)
    assert _chromium_pids(profile) == []
