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


def resident_bytes() -> int:
    """The memory the worker holds in RAM (Linux's /proc/self/statm)."""
    with open("/proc/self/statm", "rb") as statm:
        return int(statm.read().split()[1]) * os.sysconf("SC_PAGE_SIZE")


def leave_a_cycle(megabytes: int) -> None:
    """Leave garbage in a reference cycle holding `megabytes`, as a drawn figure and its canvas do."""
    cycle: list = [bytearray(megabytes * 1024 * 1024)]
    cycle.append(cycle)


def draw_png(width: int, height: int, scale: int) -> int:
    """Draw a line chart of 2,000 points as a PNG; its length in bytes."""
    import pandas as pd

    from plots import parse_spec, render_chart

    frame = pd.DataFrame({"x": range(2000), "y": [float(i % 37) for i in range(2000)]})
    spec = parse_spec({"y": ["y"], "width": [str(width)], "height": [str(height)]}, {"x": "integer", "y": "float"})
    return len(render_chart("png", spec, frame, scale=scale))


def kill_own_process() -> None:
    """End the worker as the system's out-of-memory killer does, with SIGKILL, in the middle of its job."""
    import signal

    os.kill(os.getpid(), signal.SIGKILL)
