"""Bounded renders: a job past its time or memory limit is stopped and answered 503; others go on."""
from __future__ import annotations

import logging
import os
import re
import signal
import subprocess
import sys
import textwrap
import time

import pytest

from app import create_app
from app.config import Config
from app.renderpool import PastLimit, RenderPool, RenderUnavailable
from plots import SpecError
from tests.conftest import ROOT
# Jobs live in a module that imports nothing of the web app: a worker unpickling one imports it
# in milliseconds, well within the pools' 1 s limit.
from tests.worker_jobs import allocate, kill_own_process, raise_spec_error, sleep_then_return


@pytest.fixture
def pool():
    pool = RenderPool(workers=2, timeout=1.0, memory_limit=1024**3)
    yield pool
    pool.close()


def test_job_result_comes_back(pool):
    assert pool.run(sleep_then_return, 0, "drawn") == "drawn"


def test_job_past_the_time_limit_is_stopped_and_the_pool_keeps_serving(pool):
    started = time.monotonic()
    with pytest.raises(RenderUnavailable, match="render limit"):
        pool.run(sleep_then_return, 60, "never")
    # Far below the job's 60 s, so it was stopped rather than waited out; loose, because a loaded
    # machine starts the replacement worker slowly.
    assert time.monotonic() - started < 30
    assert pool.run(sleep_then_return, 0, "next") == "next"


def test_job_over_the_memory_limit_is_refused_and_the_pool_keeps_serving(pool):
    with pytest.raises(RenderUnavailable, match="memory"):
        pool.run(allocate, 4096)
    assert pool.run(allocate, 10) == 10 * 1024 * 1024


def test_a_render_over_a_limit_names_the_size_as_something_to_reduce(pool):
    # A chart's pixels cost as much as its rows: a big dense scatter at scale 3 needs no more data.
    for job, args in ((allocate, (4096,)), (sleep_then_return, (60, "never"))):
        with pytest.raises(RenderUnavailable) as caught:
            pool.run(job, *args)
        assert "less data" in caught.value.description
        assert "(width, height, scale)" in caught.value.description


class _AdviceDrawingMeanwhile:
    """An overrun whose advice, read as its 503 is made (as a source's text x reads its column's first
    rows), has `pool` draw another chart: what it drew, or the refusal it met."""

    what, less_memory, retry_after = "the chart", "ask for less", 5

    def __init__(self, pool: RenderPool):
        self.pool = pool
        self.meanwhile: list[str] = []

    @property
    def less_time(self) -> str:
        try:
            self.meanwhile.append(self.pool.run(sleep_then_return, 0, "drawn"))
        except RenderUnavailable as refused:
            self.meanwhile.append(refused.description)
        return "ask for less"


def test_the_advice_of_a_render_past_its_time_limit_is_read_with_its_worker_s_place_free():
    # Its words may read the database, slow where the chart was: the place it held draws other charts meanwhile.
    pool = RenderPool(workers=1, timeout=1.0)
    try:
        overrun = _AdviceDrawingMeanwhile(pool)
        with pytest.raises(PastLimit, match="render limit; ask for less"):
            pool.run(sleep_then_return, 60, "never", overrun=overrun)
        assert overrun.meanwhile == ["drawn"]
    finally:
        pool.close()


def test_errors_raised_in_a_worker_keep_their_status(pool):
    with pytest.raises(SpecError) as caught:
        pool.run(raise_spec_error)
    assert (caught.value.status, caught.value.field) == (422, "kind")


def test_render_past_the_limit_is_a_503_with_retry_after_and_an_explaining_svg(data_dir):
    app = create_app({"TESTING": True, "DATA_DIR": str(data_dir), "RENDER_TIMEOUT": 0.001})
    response = app.test_client().get("/d/animals/all.svg")
    assert response.status_code == 503
    assert response.headers["Retry-After"] == str(Config.RENDER_OVERRUN_SECONDS)  # not drawn again before then
    assert response.headers["Content-Type"] == "image/svg+xml; charset=utf-8"
    assert b"render limit" in response.data


def test_other_requests_are_served_while_one_render_hangs(pool):
    import threading

    results = []
    hung = threading.Thread(target=lambda: results.append(_outcome(pool, 60)))
    hung.start()
    time.sleep(0.2)
    assert pool.run(sleep_then_return, 0, "quick") == "quick"
    hung.join()
    assert results == ["unavailable"]


def _outcome(pool: RenderPool, seconds: float) -> str:
    try:
        pool.run(sleep_then_return, seconds, "never")
        return "finished"
    except RenderUnavailable:
        return "unavailable"


def test_a_built_app_has_every_render_worker_ready_before_its_first_request(data_dir):
    app = create_app({"TESTING": True, "DATA_DIR": str(data_dir), "RENDER_WORKERS": 2, "RENDER_TIMEOUT": 9.5})
    pool = app.extensions["svgplots"].pool
    assert pool.ready_workers() == 2



def run_script(script: str) -> str:
    done = subprocess.run([sys.executable, "-c", textwrap.dedent(script)], cwd=ROOT, capture_output=True,
                          text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    return done.stdout


def test_a_render_server_forked_before_the_web_app_gives_workers_without_it():
    out = run_script("""
        from plots.worker import fork_render_server
        address = fork_render_server()
        from app.renderpool import RenderPool
        from tests.worker_jobs import loaded_modules
        pool = RenderPool(1, 30.0, 0, address)
        print(",".join(pool.run(loaded_modules)))
        pool.close()
    """)
    loaded = out.strip().split(",")
    assert "plots" in loaded and "matplotlib" in loaded
    assert "flask" not in loaded and "app" not in loaded


def test_charts_go_on_when_the_render_server_is_gone():
    pool = RenderPool(workers=1, timeout=30.0, server="@svgplots-render-nobody-listens-here")
    try:
        assert pool.run(sleep_then_return, 0, "drawn") == "drawn"
    finally:
        pool.close()


def test_a_render_server_gone_is_logged_once_as_charts_go_on_without_it(caplog):
    caplog.set_level(logging.WARNING, logger="app.renderpool")
    pool = RenderPool(workers=1, timeout=1.0, server="@svgplots-render-nobody-listens-here")
    try:
        assert pool.run(sleep_then_return, 0, "drawn") == "drawn"
        with pytest.raises(RenderUnavailable, match="render limit"):
            pool.run(sleep_then_return, 60, "never")  # its worker ended: the next is asked for anew
        assert pool.run(sleep_then_return, 0, "drawn") == "drawn"
    finally:
        pool.close()
    said = [record.getMessage() for record in caplog.records if "render server" in record.getMessage()]
    assert len(said) == 1, said
    assert said[0].startswith("the render server this process shares cannot be reached (")
    assert said[0].endswith("charts go on with a render server of this process's own, which loads the renderer "
                            "again (some seconds, and its own memory): restart the site to share one again")


def workers_ended_said(caplog) -> list[str]:
    """The lines logged of render workers that ended unasked."""
    return [record.getMessage() for record in caplog.records if "a render worker (process" in record.getMessage()]


def test_a_render_worker_killed_while_idle_is_logged_once_and_replaced(caplog):
    caplog.set_level(logging.WARNING, logger="app.render_workers")
    pool = RenderPool(workers=1, timeout=30.0)
    try:
        assert pool.run(sleep_then_return, 0, "drawn") == "drawn"
        [killed] = [worker.pid for worker in pool._all]
        os.kill(killed, signal.SIGKILL)
        deadline = time.monotonic() + 10
        while all(worker.alive() for worker in pool._all) and time.monotonic() < deadline:
            time.sleep(0.02)
        assert pool.run(sleep_then_return, 0, "drawn") == "drawn"
        assert pool.run(sleep_then_return, 0, "drawn") == "drawn"
    finally:
        pool.close()
    assert workers_ended_said(caplog) == [
        f"a render worker (process {killed}) ended while idle, stopped by no limit of the site: killed, by the "
        "system's out-of-memory killer, say; another is started"]


def test_a_render_worker_killed_while_drawing_is_logged_once_and_its_chart_is_a_503(caplog):
    caplog.set_level(logging.WARNING, logger="app.render_workers")
    pool = RenderPool(workers=1, timeout=30.0)
    try:
        with pytest.raises(RenderUnavailable, match="stopped unexpectedly"):
            pool.run(kill_own_process)
        assert pool.run(sleep_then_return, 0, "drawn") == "drawn"
    finally:
        pool.close()
    [said] = workers_ended_said(caplog)
    assert re.fullmatch(r"a render worker \(process \d+\) ended while drawing a chart, stopped by no limit of the "
                        r"site: killed, by the system's out-of-memory killer, say; another is started", said), said


def process_state(pid: int) -> str:
    """The state letter of process `pid` in /proc (Z: a zombie), or '' once it is reaped."""
    try:
        with open(f"/proc/{pid}/stat") as stat:
            return stat.read().rpartition(")")[2].split()[0]
    except (FileNotFoundError, ProcessLookupError):  # reaped before the file was opened, or as it was read
        return ""


def test_a_killed_render_server_is_reaped_and_another_started_before_a_chart_needs_it(pool):
    # A killed server stayed a zombie until a chart found it gone, as it needed a worker; that chart then
    # waited for a new server to import and warm up the renderer, some 9 s where its workers were killed too.
    pool.run(sleep_then_return, 0, "drawn")
    killed = pool._own_server.process.pid
    workers = [worker.pid for worker in pool._all]
    os.kill(killed, signal.SIGKILL)
    deadline = time.monotonic() + 60
    while process_state(killed) and time.monotonic() < deadline:
        time.sleep(0.05)
    assert process_state(killed) == ""
    while (pool._own_server is None or pool._own_server.process.pid == killed) and time.monotonic() < deadline:
        time.sleep(0.05)
    replaced = pool._own_server
    assert replaced is not None and replaced.process.poll() is None
    for worker in workers:
        os.kill(worker, signal.SIGKILL)
    while any(process_state(worker) not in ("", "Z") for worker in workers) and time.monotonic() < deadline:
        time.sleep(0.05)
    started = time.monotonic()
    assert pool.run(sleep_then_return, 0, "again") == "again"
    assert time.monotonic() - started < 5  # a worker forked by the running server, not a new server's start
    assert pool._own_server is replaced


def test_a_killed_render_server_forked_by_the_site_is_reaped_and_its_pools_start_their_own_at_once():
    # run.py's server, forked from the site's process, stayed a zombie until the site ended, and the first chart
    # after its workers were killed too waited some 9 s for a pool's own server to import the renderer.
    out = run_script("""
        import os, signal, time
        from plots.worker import fork_render_server
        from app.renderpool import render_server_ended, shared_pool
        from tests.test_renderpool import process_state
        address = fork_render_server(ended=render_server_ended)
        pool = shared_pool(1, 30.0, 0, address)
        pool.run(os.getpid)
        workers = [worker.pid for worker in pool._all]
        with open(f"/proc/{workers[0]}/stat") as stat:
            server = int(stat.read().rpartition(")")[2].split()[1])
        os.kill(server, signal.SIGKILL)
        deadline = time.monotonic() + 60
        while (process_state(server) or pool._own_server is None) and time.monotonic() < deadline:
            time.sleep(0.05)
        print(repr(process_state(server)), pool._own_server is not None)
        for worker in workers:
            os.kill(worker, signal.SIGKILL)
        while any(process_state(worker) not in ("", "Z") for worker in workers) and time.monotonic() < deadline:
            time.sleep(0.05)
        started = time.monotonic()
        pool.run(os.getpid)
        print(time.monotonic() - started < 5)
    """)
    assert out.split() == ["''", "True", "True"]


def test_a_pool_inherited_through_a_fork_gets_workers_of_its_own_and_leaves_the_parent_s_alone():
    out = run_script("""
        import os
        from app.renderpool import RenderPool
        pool = RenderPool(1, 30.0, 0)
        before = pool.run(os.getpid)
        read, write = os.pipe()
        child = os.fork()
        if child == 0:
            os.write(write, str(pool.run(os.getpid)).encode())
            pool.close()
            os._exit(0)
        os.waitpid(child, 0)
        print(before, os.read(read, 100).decode(), pool.run(os.getpid))
        pool.close()
    """)
    parent_worker, child_worker, parent_worker_after = out.split()
    assert parent_worker == parent_worker_after
    assert child_worker != parent_worker


def test_a_pool_inherited_through_a_fork_has_all_its_data_writers_free():
    """The threads writing a chart's data in the parent are not the child's: it starts with none."""
    out = run_script("""
        import os
        from app.renderpool import RenderPool
        pool = RenderPool(1, 30.0, 0)
        taken = pool.data_writers().acquire(blocking=False)
        read, write = os.pipe()
        child = os.fork()
        if child == 0:
            os.write(write, str(pool.data_writers().acquire(blocking=False)).encode())
            os._exit(0)
        os.waitpid(child, 0)
        print(taken, os.read(read, 100).decode(), pool.data_writers().acquire(blocking=False))
        pool.close()
    """)
    assert out.split() == ["True", "True", "False"]


def test_a_forked_render_server_serves_the_processes_forked_from_its_starter_after_the_starter_ends(tmp_path):
    # As gunicorn --daemon does: the process that started the server forks and exits at once.
    result = tmp_path / "result.txt"
    run_script(f"""
        import os, time
        from plots.worker import fork_render_server
        address = fork_render_server()
        if os.fork() == 0:
            time.sleep(1.0)  # the starter is gone by now
            from app.renderpool import RenderPool
            pool = RenderPool(1, 30.0, 0, address)
            worker = pool.run(os.getpid)
            served = pool._own_server is None  # the forked server answered, not a fallback
            pool.close()
            with open({str(result)!r} + ".part", "w") as fh:
                fh.write(f"{{worker}} {{served}}")
            os.replace({str(result)!r} + ".part", {str(result)!r})
            os._exit(0)
    """)
    deadline = time.monotonic() + 60
    while not result.exists() and time.monotonic() < deadline:
        time.sleep(0.2)
    worker, served = result.read_text().split()
    assert served == "True" and int(worker) > 0


def test_a_worker_killed_while_idle_is_replaced_and_never_signalled_again(pool):
    import signal

    first = pool.run(os.getpid)
    os.kill(first, signal.SIGKILL)
    deadline = time.monotonic() + 10
    while os.path.exists(f"/proc/{first}") and time.monotonic() < deadline:
        time.sleep(0.05)
    assert not os.path.exists(f"/proc/{first}")
    assert pool.run(os.getpid) not in (first, os.getpid())


def test_without_abstract_sockets_and_pidfds_a_private_socket_file_serves_and_is_removed():
    # What systems other than Linux get: a socket file in a folder only our user may enter.
    out = run_script("""
        import os
        import plots.worker
        plots.worker.ABSTRACT_SOCKETS = False
        address = plots.worker.fork_render_server()
        import app.renderpool
        import plots.watched_processes
        plots.watched_processes.HAS_PIDFD = False
        pool = app.renderpool.RenderPool(1, 30.0, 0, address)
        worker = pool.run(os.getpid)
        print(address, oct(os.stat(os.path.dirname(address)).st_mode & 0o777), pool._own_server is None,
              pool._idle.queue[0].alive())
        pool.close()
    """)
    address, mode, served, alive = out.split()
    assert mode == "0o700" and served == "True" and alive == "True"
    deadline = time.monotonic() + 10
    while os.path.exists(os.path.dirname(address)) and time.monotonic() < deadline:
        time.sleep(0.1)
    assert not os.path.exists(os.path.dirname(address)), "the socket file outlived its server"


def test_a_worker_that_ends_before_it_is_ready_is_replaced_as_the_pool_warms(monkeypatch, caplog):
    # A worker killed (or past its memory limit) before it says ready: its answer pipe closes with no word.
    from multiprocessing import Pipe

    import app.renderpool as renderpool

    real = renderpool.request_worker
    ended = []

    def first_ends_unready(*args):
        if ended:
            return real(*args)
        process = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(60)"])
        ended.append(process)
        answers, said = Pipe(duplex=False)
        said.close()
        _, jobs = Pipe(duplex=False)
        return process.pid, jobs, answers

    monkeypatch.setattr(renderpool, "request_worker", first_ends_unready)
    pool = RenderPool(workers=1, timeout=1.0, memory_limit=1024**3)
    try:
        pool.warm()  # no EOFError
        assert pool.ready_workers() == 1
        assert "ended before it said it was ready; another is started" in caplog.text
        assert pool.run(sleep_then_return, 0, "drawn") == "drawn"
    finally:
        pool.close()
        ended[0].wait(10)
