"""The CPUs the site sizes its render workers by: the CPUs it may run on, or fewer where its control
group (a container's `--cpus`) grants less CPU time."""
from __future__ import annotations

import os

import pytest

from app.usable_cpus import usable_cpus

# The CPUs the process may run on, as the tests have the system say: more than any quota below, so
# that each quota is seen to bound them whatever machine runs the tests.
AFFINITY = 8


@pytest.fixture(autouse=True)
def eight_cpus(monkeypatch):
    monkeypatch.setattr(os, "sched_getaffinity", lambda pid: set(range(AFFINITY)), raising=False)


def v2(folder, text):
    (folder / "cpu.max").write_text(text)
    return folder


def v1(folder, quota, period):
    (folder / "cpu").mkdir()
    (folder / "cpu" / "cpu.cfs_quota_us").write_text(f"{quota}\n")
    (folder / "cpu" / "cpu.cfs_period_us").write_text(f"{period}\n")
    return folder


def test_no_control_group_files_leave_the_cpus_it_may_run_on(tmp_path):
    assert usable_cpus(tmp_path) == AFFINITY


def test_a_quota_of_one_cpu_counts_one(tmp_path):
    assert usable_cpus(v2(tmp_path, "100000 100000\n")) == 1


def test_a_part_of_a_cpu_counts_as_one(tmp_path):
    assert usable_cpus(v2(tmp_path, "20000 100000\n")) == 1


def test_one_and_a_half_cpus_count_two(tmp_path):
    assert usable_cpus(v2(tmp_path, "150000 100000\n")) == 2


def test_no_quota_leaves_the_cpus_it_may_run_on(tmp_path):
    assert usable_cpus(v2(tmp_path, "max 100000\n")) == AFFINITY


def test_a_quota_above_the_cpus_it_may_run_on_counts_those(tmp_path):
    assert usable_cpus(v2(tmp_path, f"{(AFFINITY + 3) * 100000} 100000\n")) == AFFINITY


def test_version_1_quota_is_read_too(tmp_path):
    assert usable_cpus(v1(tmp_path, 100000, 100000)) == 1


def test_version_1_without_quota_leaves_the_cpus_it_may_run_on(tmp_path):
    assert usable_cpus(v1(tmp_path, -1, 100000)) == AFFINITY


def test_an_unreadable_quota_leaves_the_cpus_it_may_run_on(tmp_path):
    assert usable_cpus(v2(tmp_path, "lots\n")) == AFFINITY
