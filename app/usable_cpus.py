"""The CPUs this process may keep busy, which bound how many render workers the site may start."""
from __future__ import annotations

import math
import os
from pathlib import Path

# Where Linux shows this process's control group (a container's CPU quota among it).
CGROUP_DIR = Path("/sys/fs/cgroup")


def usable_cpus(cgroup: Path = CGROUP_DIR) -> int:
    """The CPUs this process may keep busy: those the system lets it run on (else the machine's), or
    fewer where its control group (`cgroup`'s files: a container's `--cpus`) grants less CPU time, a
    part of a CPU counted as one."""
    cpus = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1
    quota = _cgroup_cpus(cgroup)
    return cpus if quota is None else max(1, min(cpus, quota))


def _cgroup_cpus(cgroup: Path) -> int | None:
    """The whole CPUs a control group's quota grants, rounded up (cgroup v2's `cpu.max`, "150000 100000"
    for 1.5, else v1's `cpu/cpu.cfs_quota_us` over `cpu.cfs_period_us`); None for no quota or no such file."""
    try:
        quota, period = (cgroup / "cpu.max").read_text().split()[:2]
    except (OSError, ValueError):
        try:
            quota = (cgroup / "cpu" / "cpu.cfs_quota_us").read_text().strip()
            period = (cgroup / "cpu" / "cpu.cfs_period_us").read_text().strip()
        except OSError:
            return None
    try:
        quota_us, period_us = int(quota), int(period)
    except ValueError:  # "max": no quota
        return None
    return math.ceil(quota_us / period_us) if quota_us > 0 and period_us > 0 else None  # v1 says -1 for none


DEFAULT_RENDER_WORKERS = 2


def default_render_workers() -> int:
    """The render workers of a server process where RENDER_WORKERS is not set: DEFAULT_RENDER_WORKERS, or
    as many as the CPUs the process may keep busy where they are fewer: on one CPU a second render at
    once only halves the speed of both, bringing each nearer its time limit, while it holds its own memory."""
    return min(DEFAULT_RENDER_WORKERS, usable_cpus())
