"""Chromium's profile folder, removed once no process of that Chromium uses it any more."""
from __future__ import annotations

import shutil
import time
from pathlib import Path


def profile_in_use(user_data_dir: str) -> bool:
    """Whether a process runs with `user_data_dir` as its profile (Chromium, or one of its helpers)."""
    flag = f"--user-data-dir={user_data_dir}".encode()
    for cmdline in Path("/proc").glob("[0-9]*/cmdline"):
        try:
            if flag in cmdline.read_bytes().split(b"\0"):
                return True
        except OSError:  # it ended as we looked
            continue
    return False


def remove_profile(user_data_dir: str, wait: float = 5.0) -> None:
    """Remove the profile folder once its Chromium has ended, waiting `wait` seconds at most.

    A Chromium that Ctrl-C reached itself (a terminal sends it to the whole process group) is still ending
    when chromedriver is gone, and writes its `Local State` and `Default/` as it ends: removed before, the
    folder was made anew and left behind.
    """
    deadline = time.monotonic() + wait
    while profile_in_use(user_data_dir) and time.monotonic() < deadline:
        time.sleep(0.05)
    shutil.rmtree(user_data_dir, ignore_errors=True)
