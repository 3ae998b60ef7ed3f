"""gunicorn settings for the site: `gunicorn -c app/gunicorn_config.py -w 2 'app:create_app_or_exit()'`.

Memory is shared by forking after the heavy imports. This file, read by the gunicorn master before
it loads the app, imports the renderer and forks a render server from it (the render workers of
every gunicorn worker are forked from that server, which never holds the web app); then the
master builds the app once (`preload_app`) and forks the gunicorn workers from it. So one copy of
matplotlib, pandas and numpy serves every process. Each gunicorn worker starts its render workers
right after its fork, before it accepts a request.
"""
import gc
import os
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from plots.worker import fork_render_server  # noqa: E402  (the renderer first, then the web app)

if not os.environ.get("SVGPLOTS_RENDER_SERVER"):
    os.environ["SVGPLOTS_RENDER_SERVER"] = fork_render_server()

from app import renderpool  # noqa: E402

renderpool.hold_warming()
preload_app = True
# A worker silent this long is stopped. Every answer is bounded by the site itself (a render by
# RENDER_TIMEOUT, a report by up to 12 of them): gunicorn's 30 s would cut a long report off mid-way.
timeout = 150


def pre_fork(server, worker):
    """Leave the app's objects out of garbage collection, so that collecting never copies the pages
    a worker shares with the master."""
    gc.freeze()


def post_fork(server, worker):
    """The worker's own render workers, ready before its first request."""
    renderpool.warm_shared_pools()
