"""Jobs for render workers in tests; this module imports nothing of the web app, so that running
one of them in a worker shows what the worker itself has imported."""
from __future__ import annotations

import os
import sys
import time


def loaded_modules() -> list[str]:
    """The top-level modules the process has imported."""
    return sorted(name for name in sys.modules if "." not in name)


def sleep_then_return(seconds: float, value: str) -> str:
    time.sleep(seconds)
    return value


def allocate(megabytes: int) -> int:
    block = bytearray(megabytes * 1024 * 1024)
    return len(block)


def raise_spec_error() -> None:
    from plots import SpecError

    raise SpecError("too many categories", "kind", status=422)


def mapped_bytes() -> int:
    """The address space the worker maps (Linux)."""
    with open("/proc/self/statm", "rb") as statm:
        return int(statm.read().split()[0]) * os.sysconf("SC_PAGE_SIZE")


def length(data: bytes) -> int:
    return len(data)


def kill_own_process() -> None:
    """End the worker as the system's out-of-memory killer does, with SIGKILL, in the middle of its job."""
    import signal

    os.kill(os.getpid(), signal.SIGKILL)
