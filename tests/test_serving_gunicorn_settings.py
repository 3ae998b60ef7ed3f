"""gunicorn's settings (app/gunicorn_config.py) come from the site's own, read as the app reads them."""
from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest

from app import SettingError, create_app, read_settings
from app.config import Config
from app.reports import REPORT_MOST_CHARTS_TIME
from tests.conftest import ROOT

CONFIG_FILE = ROOT / "app" / "gunicorn_config.py"
# Prints the settings gunicorn reads from the config file.
READ_CONFIG = (f"import json, runpy; settings = runpy.run_path({str(CONFIG_FILE)!r}); "
               "print(json.dumps({name: settings.get(name) for name in ('threads', 'graceful_timeout', "
               "'control_socket_disable', 'accesslog')}))")


def environment(**settings: str) -> dict[str, str]:
    """This process's environment with `settings` as SVGPLOTS_<name>, and no other render setting; a
    render server named, so that reading the config file forks none."""
    env = {name: value for name, value in os.environ.items() if not name.startswith("SVGPLOTS_RENDER")}
    env["SVGPLOTS_RENDER_SERVER"] = "unused"
    env.update({f"SVGPLOTS_{name}": value for name, value in settings.items()})
    return env


def gunicorn_settings(one_cpu: bool = False, **settings: str) -> dict:
    """`threads`, `graceful_timeout` and a few more as the config file sets them under `settings`,
    read by a process that may run on one CPU alone where `one_cpu`."""
    done = subprocess.run([sys.executable, "-c", READ_CONFIG], cwd=ROOT, env=environment(**settings),
                          capture_output=True, text=True, timeout=120, preexec_fn=on_one_cpu if one_cpu else None)
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout)


def refusal(command: list[str], **settings: str) -> str:
    """The last line `command` writes to its error output, which must end it with a failure."""
    done = subprocess.run(command, cwd=ROOT, env=environment(**settings), capture_output=True, text=True,
                          timeout=120)
    assert done.returncode != 0, (done.stdout, done.stderr)
    return done.stderr.strip().splitlines()[-1]


def test_a_restart_lets_a_report_finish():
    longest_report = Config.RENDER_TIMEOUT * (1 + REPORT_MOST_CHARTS_TIME)
    assert gunicorn_settings()["graceful_timeout"] > longest_report


def test_the_restart_grace_follows_the_render_timeout():
    assert gunicorn_settings(RENDER_TIMEOUT="30")["graceful_timeout"] > 30 * (1 + REPORT_MOST_CHARTS_TIME)


def test_two_instances_on_one_host_share_no_control_socket():
    assert gunicorn_settings()["control_socket_disable"] is True


def test_requests_are_logged_to_standard_output():
    assert gunicorn_settings()["accesslog"] == "-"


def on_one_cpu() -> None:
    """Let this process run on one of the CPUs it may run on, as `taskset -c 0` does."""
    os.sched_setaffinity(0, {min(os.sched_getaffinity(0))})


def test_threads_are_the_render_workers_the_app_reads_and_four():
    assert gunicorn_settings()["threads"] == read_settings()["RENDER_WORKERS"] + 4
    assert gunicorn_settings(RENDER_WORKERS="3")["threads"] == 7


def test_on_one_cpu_a_server_process_has_one_render_worker_unless_told():
    # A second render at once on one CPU halves the speed of both and holds its own memory.
    assert gunicorn_settings(one_cpu=True)["threads"] == 1 + 4
    assert gunicorn_settings(one_cpu=True, RENDER_WORKERS="2")["threads"] == 2 + 4


def test_the_render_workers_unless_told_are_two_or_the_cpus_the_process_may_keep_busy(monkeypatch):
    monkeypatch.delenv("SVGPLOTS_RENDER_WORKERS", raising=False)
    for cpus, workers in ((1, 1), (2, 2), (16, 2)):
        monkeypatch.setattr("app.usable_cpus.usable_cpus", lambda cpus=cpus: cpus)
        assert read_settings()["RENDER_WORKERS"] == workers


@pytest.mark.parametrize("value", ["three", "true", "-1", "2.5", '"3"'])
def test_a_bad_render_workers_stops_gunicorn_with_the_apps_message(value, tmp_path):
    serve = [sys.executable, "-m", "gunicorn", "-c", str(CONFIG_FILE), "--check-config", "-b", "127.0.0.1:0",
             "app:create_app_or_exit()"]
    said = refusal(serve, RENDER_WORKERS=value, DATA_DIR=str(tmp_path))
    assert said.startswith("error: RENDER_WORKERS must be a whole number of render processes, 0 ")
    build = [sys.executable, "-c", "from app import create_app_or_exit; create_app_or_exit()"]
    assert said == refusal(build, RENDER_WORKERS=value, DATA_DIR=str(tmp_path))


def test_a_bad_render_timeout_stops_gunicorn_with_the_apps_message(tmp_path):
    serve = [sys.executable, "-m", "gunicorn", "-c", str(CONFIG_FILE), "--check-config", "-b", "127.0.0.1:0",
             "app:create_app_or_exit()"]
    said = refusal(serve, RENDER_TIMEOUT="ten", DATA_DIR=str(tmp_path))
    assert said == ("error: RENDER_TIMEOUT must be the seconds one chart may take to draw, a number above 0 up to "
                    "86400 (a day); got 'ten'")


@pytest.mark.parametrize("workers", ["2", True, -1, 1.5])
def test_the_app_refuses_render_workers_that_are_no_count(workers, data_dir):
    with pytest.raises(SettingError, match="RENDER_WORKERS must be a whole number"):
        create_app({"TESTING": True, "DATA_DIR": str(data_dir), "RENDER_WORKERS": workers})


@pytest.mark.parametrize("seconds", ["10", 0, -1.0, float("inf"), float("nan")])
def test_the_app_refuses_a_render_timeout_that_is_no_time(seconds, data_dir):
    with pytest.raises(SettingError, match="RENDER_TIMEOUT must be the seconds"):
        create_app({"TESTING": True, "DATA_DIR": str(data_dir), "RENDER_TIMEOUT": seconds})


def test_read_settings_reads_the_environment_as_the_app_does(monkeypatch):
    monkeypatch.setenv("SVGPLOTS_RENDER_WORKERS", "5")
    monkeypatch.setenv("SVGPLOTS_RENDER_SERVER", "5")  # a text setting, kept as written
    settings = read_settings("production")
    assert settings["RENDER_WORKERS"] == 5 and settings["RENDER_SERVER"] == "5"
    assert settings["CHART_MAX_AGE"] == 60
