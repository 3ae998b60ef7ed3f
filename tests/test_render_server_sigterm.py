"""A SIGTERM sent to the render server gunicorn's processes share, and to it alone, ends it and its
render workers; the site's processes go on with render servers of their own, as when it is killed."""
from __future__ import annotations

import os
import signal
import subprocess

import requests

from tests.conftest import ROOT, free_port, message_of
from tests.test_renderpool import process_state
from tests.test_serving import children, process_name, readme_gunicorn_process, stop, wait_until_up
from tests.test_serving_stop import wait_for

MISSED = ("the render server this process shares cannot be reached ([Errno 111] Connection refused); charts go on "
          "with a render server of this process's own, which loads the renderer again (some seconds, and its own "
          "memory): restart the site to share one again")


def test_a_sigterm_to_gunicorn_s_shared_render_server_alone_ends_it_and_its_workers_and_charts_go_on(tmp_path):
    # It ignored SIGTERM, as it must when the signal goes to the whole group: sent to it alone, it ended nothing.
    port = free_port()
    command, env = readme_gunicorn_process(tmp_path, port)
    log = tmp_path / "site.log"
    with log.open("w") as written:
        process = subprocess.Popen(command, cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=written, text=True)
    try:
        base = f"http://127.0.0.1:{port}"
        wait_until_up(process, base + "/healthz")
        # The master forked the render server, which forked two render workers for each of the two workers.
        assert wait_for(lambda: [len(children(pid)) for pid in children(process.pid)
                                 if process_name(pid) == "svgplots-render"] == [4])
        [server] = [pid for pid in children(process.pid) if process_name(pid) == "svgplots-render"]
        workers = children(server)
        os.kill(server, signal.SIGTERM)
        assert wait_for(lambda: not any(process_state(pid) for pid in [server, *workers])), \
            [(pid, process_state(pid)) for pid in [server, *workers]]
        answers = [requests.get(f"{base}/d/animals/bears.svg?width={300 + n}", timeout=60) for n in range(6)]
        assert [answer.status_code for answer in answers] == [200] * 6
        said = [line for line in log.read_text().splitlines() if "render" in line]
        # Each worker that needed a render worker since says so once; none of the workers that ended with
        # their server is taken for one killed.
        assert said and all(message_of(line).endswith(MISSED) for line in said), said
        assert len(said) <= 2, said
    finally:
        stop(process)
