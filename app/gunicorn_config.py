"""gunicorn settings for the site: `gunicorn -c app/gunicorn_config.py -w 2 'app:create_app_or_exit()'`.

Memory is shared by forking after the heavy imports. This file, read by the gunicorn master before
it loads the app, imports the renderer and forks a render server from it (the render workers of
every gunicorn worker are forked from that server, which never holds the web app); then the
master builds the app once (`preload_app`) and forks the gunicorn workers from it. So one copy of
matplotlib, pandas and numpy serves every process. Each gunicorn worker starts its render workers
right after its fork, before it starts its threads and accepts a request (they are forked by the
render server, never by a process that runs threads).
"""
import gc
import math
import os
import signal
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from plots.worker import fork_render_server  # noqa: E402  (the renderer first, then the web app)

if not os.environ.get("SVGPLOTS_RENDER_SERVER"):
    os.environ["SVGPLOTS_RENDER_SERVER"] = fork_render_server()

from app import SettingError, read_settings, renderpool  # noqa: E402
from app.client_addresses import gunicorn_logger  # noqa: E402
from app.reports import REPORT_MOST_CHARTS_TIME  # noqa: E402

renderpool.hold_warming()
preload_app = True

# The settings as the app reads them (SVGPLOTS_*), so that the threads are sized by the render
# workers the app will have; a value the app refuses stops the start here, in the app's words.
try:
    settings = read_settings()
except SettingError as error:
    sys.exit(f"error: {error}")
# The render workers are made after the app, in each gunicorn worker: a memory limit they cannot
# start within stops the start here, as the app built without gunicorn stops.
if settings["RENDER_WORKERS"] and settings["RENDER_MEMORY"]:
    try:
        renderpool.check_memory_limit(os.environ["SVGPLOTS_RENDER_SERVER"], settings["RENDER_MEMORY"])
    except renderpool.TooLittleMemory as error:
        sys.exit(f"error: {error.setting}")

# Threads, not gunicorn's sync worker: that serves one request at a time, which a client sending
# or reading slowly holds for as long as it likes (as many such clients as workers froze the site),
# and it drew with one of its render workers only. A render holds its thread until its render
# worker answers, so one thread per render worker keeps all of them busy; four more answer pages,
# cache hits, static files and uploads meanwhile, and a few slow clients. A thread a slow client
# holds is still held for as long as it sends or reads: in front of the open internet a buffering
# proxy (nginx) takes those, and hands over whole requests at the speed of its own network.
worker_class = "gthread"
threads = settings["RENDER_WORKERS"] + 4
# A threaded worker's main loop tells the master it is alive every second whatever its threads
# do, so a long request (a report, up to 12 renders' time; a slow upload) never counts against
# this: it is how long a worker that stopped looping (stuck, say, in C code holding the GIL) is
# left before it is restarted. A worker's start counts too: it waits for its render workers for up
# to STARTUP_SECONDS.
timeout = int(renderpool.STARTUP_SECONDS) + 30
# A restart (a deploy, a HUP, a worker past max_requests) lets a worker's requests finish for this
# long before it is killed; gunicorn's default, 30 s, would cut off a report, the longest request
# the site lets run: it may wait RENDER_TIMEOUT for a render worker to be free, then draw for
# REPORT_MOST_CHARTS_TIME charts' RENDER_TIMEOUT. The margin reads its rows before and sends it
# after. A worker with no request left ends at once, whatever this says.
graceful_timeout = math.ceil(settings["RENDER_TIMEOUT"] * (1 + REPORT_MOST_CHARTS_TIME)) + 30
# A chart's URL may be long: 20 y columns of names up to 200 characters, a title of 200 and labels
# of 100, each character up to 12 bytes percent-encoded. gunicorn's own limit of the request line,
# 4,094 bytes, answered such a URL with a bare 400 of its own; 8,190 is the most it takes short of
# no limit at all, and what nginx takes by default (`large_client_header_buffers 4 8k`).
limit_request_line = 8190
# gunicorn 25+ opens a control socket at one path per user ($HOME/.gunicorn/gunicorn.ctl): a second
# instance on the host took it over from the first, so that a command meant for one reached the
# other. The site is run by signals (HUP, TERM) to each master's pid, so it opens none.
control_socket_disable = True
# One line per request on standard output, after the app's own log: who asked (the proxy, behind one
# the site does not believe: PROXIES), when, the request line, the status, the bytes sent, how long
# it took in microseconds and the request's id (its answer's X-Request-Id, which its app log lines name).
accesslog = "-"
access_log_format = '%(h)s %(t)s "%(r)s" %(s)s %(b)s %(D)s %({x-request-id}o)s'
# Who asked, as LOG_CLIENT_ADDRESSES says: the whole IP address, shortened to its network, or "-"; and
# the query asked with, as LOG_QUERIES says: whole, its parameters' names alone, or none.
logger_class = gunicorn_logger(settings["LOG_CLIENT_ADDRESSES"], settings["LOG_QUERIES"])


def _say_site_stops_on_stop_signals(forked):
    """Tell the render servers that the site stops as a stop signal comes, before gunicorn's own handler
    runs: one sent to the whole process group reaches them too, and told, they end with the site once
    its charts in flight are drawn, where one sent to a render server alone ends it at once. `forked`:
    the master's render server too (`renderpool.site_stops`)."""
    for number in (signal.SIGTERM, signal.SIGINT, signal.SIGQUIT):
        handler = signal.getsignal(number)
        if callable(handler):
            def told_first(signum, frame, handler=handler):
                renderpool.site_stops(forked)
                handler(signum, frame)

            signal.signal(number, told_first)


def when_ready(server):
    """The master's stop signals tell the render server that the site stops (`_say_site_stops_on_stop_signals`)."""
    _say_site_stops_on_stop_signals(forked=True)


def pre_fork(server, worker):
    """Leave the app's objects out of garbage collection, so that collecting never copies the pages
    a worker shares with the master."""
    gc.freeze()


def post_fork(server, worker):
    """The worker's own render workers, ready before its first request."""
    renderpool.warm_shared_pools()


def post_worker_init(worker):
    """A worker told to stop closes its copies of the listening sockets as it stops accepting, so
    that once the master (which closes its own first) stops, a new connection is refused.

    Each worker holds the listening sockets it was forked with until its requests in flight are
    done, up to graceful_timeout: meanwhile the kernel took new connections into the socket's queue,
    where they waited unanswered, a load balancer's too, until the last worker ended and reset them.
    After a HUP the master and the new workers hold the sockets still, and take them.
    """
    # Only the render server of its own it may have started: a worker stopped alone (a HUP's) is no stop of the site.
    _say_site_stops_on_stop_signals(forked=False)
    stop_accepting = getattr(worker, "set_accept_enabled", None)
    if stop_accepting is None:  # a worker class other than gthread, given on gunicorn's command line
        return

    def set_accept_enabled(enabled):
        stop_accepting(enabled)
        if not enabled and not worker.alive:  # stopping: the main loop has unregistered the sockets
            for listener in worker.sockets:
                listener.sock.close()

    worker.set_accept_enabled = set_accept_enabled
