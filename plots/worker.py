"""Render workers, made by forking a render server that has imported `plots` and nothing else heavy.

A render server is one process that imports the renderer once (matplotlib, pandas, numpy) and then
forks a render worker for each request it gets on its Unix socket, handing back the two pipe ends
and the worker's process id. Forking after the imports makes a worker ready in milliseconds, and
every worker shares the server's pages of those libraries instead of holding its own copy. Started
with `fork_render_server()` from a process that has imported `plots` but not the web app (the
server entry points do so before they build the app: then the web processes share those pages
too), or as its own process, `python -m plots.worker serve ADDRESS`.

A worker says `("ready", None)`; then jobs arrive as pickled `(function, args)` on its job pipe and
each answer goes back pickled on its answer pipe: `("ok", result)`, `("raise", error)` or
`("memory", None)`, also for a job too big to read within its memory limit, after which it ends.
It ends when its job pipe is closed; one whose memory limit is below what it maps already says
`("too little memory", (limit, least))` instead of ready, and ends. The render server ends when the
process that started it, and every process forked from that one, are gone. Both ignore SIGINT, and
the workers SIGTERM, which a terminal or a service manager sends to every process of a group: the
process that started them stops them, once the charts they draw are answered. The server ends on a
SIGTERM sent to it alone, and its workers with it (`server_stops`): a worker asked to end says
`("server ended", None)` and ends, at once when idle, else once the job in hand is answered.
"""
from __future__ import annotations

import gc
import os
import secrets
import selectors
import signal
import socket
import struct
import sys
import tempfile
import threading
from collections.abc import Callable
from multiprocessing.connection import Connection

from .job_loop import end_when_answered, serve
from .server_stops import END_WORKER, ForkedWorkers, StopSignal, hold_lifeline

# A request is the worker's memory limit in bytes; the answer is its process id, with two pipe ends.
REQUEST = struct.Struct("!Q")
ANSWER = struct.Struct("!i")
PR_SET_NAME = 15  # prctl(2)
# The memory a render needs beyond what its worker maps as it starts: a small chart takes a few MB,
# a line of 20,000 points as a PNG some 20 MB (measured); 64 MiB leaves room for ordinary charts.
RENDER_ROOM = 64 * 1024**2


def _name_process(name: bytes) -> None:
    """Show `name` for this process in top and `ps -o comm` (Linux; its command line stays as it is)."""
    try:
        import ctypes

        ctypes.CDLL(None, use_errno=True).prctl(PR_SET_NAME, ctypes.c_char_p(name[:15]), 0, 0, 0)
    except (OSError, AttributeError):
        pass


# Linux has an abstract socket namespace (names without files, gone with the socket); elsewhere
# the socket is a file in a folder only our user may enter.
ABSTRACT_SOCKETS = sys.platform.startswith("linux")


def new_address() -> str:
    """A fresh address for a render server: on Linux a name in the abstract socket namespace,
    written with a leading `@` for the NUL byte that starts it; elsewhere a socket file's path
    in a new private folder."""
    name = f"svgplots-render-{os.getpid()}-{secrets.token_hex(8)}"
    if ABSTRACT_SOCKETS:
        return "@" + name
    return os.path.join(tempfile.mkdtemp(prefix="svgplots-"), "render.sock")  # mkdtemp: mode 0700


def _socket_name(address: str) -> str:
    return "\0" + address[1:] if address.startswith("@") else address


def _listen(address: str) -> socket.socket:
    listener = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    listener.bind(_socket_name(address))
    listener.listen(64)
    return listener


def warm_up() -> None:
    """Draw a small chart in each format once, so that what matplotlib loads on first use (fonts,
    backends, caches) is loaded before workers fork and is shared by them."""
    import pandas as pd

    from plots import FORMATS, parse_spec, render_chart

    frame = pd.DataFrame({"x": [1, 2, 3], "y": [2.0, 1.0, 3.0], "name": ["a", "b", "c"]})
    columns = {"x": "integer", "y": "float", "name": "text"}
    for fields in ({"x": ["x"], "y": ["y"], "title": ["Warm"]}, {"kind": ["bar"], "x": ["name"], "y": ["y"]}):
        spec = parse_spec(fields, columns)
        for name in list(FORMATS):
            try:
                render_chart(name, spec, frame)
            except Exception:  # warming is best effort: a format that fails here fails its own jobs
                pass


def _prepare_server(address: str) -> socket.socket:
    """Import the renderer and warm it up (`warm_up`), listen at `address`, and freeze what is made
    so far; returns the listening socket."""
    warm_up()
    listener = _listen(address)
    gc.collect()
    # Objects made so far are left alone by the collector from now on, in this process and in the
    # forked ones, so that collecting never writes to (and so copies) the pages they share.
    gc.freeze()
    return listener


def fork_render_server(ended: Callable[[str], None] | None = None) -> str:
    """Fork a render server from this process and return its address.

    Call it once `plots` is imported and before the web app is, so that the server and its workers
    share this process's pages of the renderer's libraries and never hold the web app. `ended`, when
    given, is called with the address once the server has ended (killed, say), by a thread that
    waits for it and so reaps it: a process that reaps none of its children (not gunicorn's master)
    gives it, or a killed server stays a zombie until this process ends.
    """
    address = new_address()
    listener = _prepare_server(address)  # imports the renderer: the whole point is to do so before the fork
    # The server lives while any process holding the pipe's writing end does: this one and those
    # it forks later (gunicorn's workers, and its daemon when it detaches); never an exec'd one.
    lifeline, keep = os.pipe()
    pid = os.fork()
    if pid == 0:
        code = 1
        try:
            os.close(keep)
            _run_server(listener, lifeline)
            code = 0
        finally:
            os._exit(code)
    os.close(lifeline)
    listener.close()
    hold_lifeline(keep)
    if ended is not None:
        threading.Thread(target=_reap, args=(pid, address, ended), name="render server watch", daemon=True).start()
    return address


def _reap(pid: int, address: str, ended: Callable[[str], None]) -> None:
    os.waitpid(pid, 0)
    ended(address)


def _peer_is_us(connection: socket.socket) -> bool:
    """Whether the process on the other end runs as our user: nobody else gets a worker. (Where
    the system cannot say, the socket file's private folder keeps other users out.)"""
    if not hasattr(socket, "SO_PEERCRED"):
        return True
    creds = connection.getsockopt(socket.SOL_SOCKET, socket.SO_PEERCRED, struct.calcsize("3i"))
    _pid, uid, _gid = struct.unpack("3i", creds)
    return uid == os.getuid()


def _run_server(listener: socket.socket, lifeline: int) -> None:
    """Fork a worker per request until `lifeline`, the reading end of a pipe that the processes
    which started us hold open, ends."""
    _name_process(b"svgplots-render")
    signal.signal(signal.SIGCHLD, signal.SIG_IGN)  # workers are reaped by the system when they end
    _ignore_stop_signals()
    stop, workers = StopSignal(), ForkedWorkers()  # SIGTERM: ended, unless the site stops too
    try:
        _serve_requests(listener, lifeline, stop, workers)
    finally:
        _remove_socket_file(listener)
        listener.close()  # no worker more is asked for: the site's pools start render servers of their own
    if stop.ending():
        workers.end()


def _ignore_stop_signals() -> None:
    """Leave SIGINT and SIGTERM to the process that started us. Ctrl-C in a terminal, its job
    control, systemd (KillMode=control-group) and `kill -TERM -PGID` signal every process of the
    group at once: ended then, a worker would fail the chart it draws, which the server lets
    finish. The server and its workers end once it is gone (the lifeline, the job pipes); the
    server sets its own SIGTERM handler after (`server_stops.StopSignal`)."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, signal.SIG_IGN)


def _remove_socket_file(listener: socket.socket) -> None:
    """Remove a socket file and its private folder (an abstract name leaves nothing behind)."""
    path = listener.getsockname()
    if isinstance(path, str) and path and not path.startswith("\0"):
        try:
            os.unlink(path)
            os.rmdir(os.path.dirname(path))
        except OSError:
            pass


def _serve_requests(listener: socket.socket, lifeline: int, stop: StopSignal, workers: ForkedWorkers) -> None:
    selector = selectors.DefaultSelector()
    selector.register(listener, selectors.EVENT_READ)
    selector.register(lifeline, selectors.EVENT_READ)
    selector.register(stop.wakeup, selectors.EVENT_READ)
    while not stop.ending():
        for key, _ in selector.select(stop.seconds_left()):
            if key.fileobj == stop.wakeup:
                stop.woken()
                continue
            if key.fileobj == lifeline:
                words = os.read(lifeline, 64)
                if not words:
                    return
                stop.heard(words)
                continue
            if key.fileobj is listener:
                try:
                    connection, _ = listener.accept()
                except OSError:
                    continue
                if _peer_is_us(connection):
                    selector.register(connection, selectors.EVENT_READ)
                else:
                    connection.close()
                continue
            connection = key.fileobj
            try:
                request = connection.recv(REQUEST.size, socket.MSG_WAITALL)
                if len(request) == REQUEST.size:
                    _start_worker(connection, REQUEST.unpack(request)[0], selector, workers)
                    continue
            except OSError:
                pass
            selector.unregister(connection)
            connection.close()


def _start_worker(connection: socket.socket, memory_limit: int, selector: selectors.BaseSelector,
                  workers: ForkedWorkers) -> None:
    """Fork one worker and send its id and the parent's ends of its two pipes over `connection`."""
    jobs_read, jobs_write = os.pipe()
    answers_read, answers_write = os.pipe()
    pid = os.fork()
    if pid == 0:
        code = 1
        try:
            for key in list(selector.get_map().values()):
                if isinstance(key.fileobj, int):
                    os.close(key.fileobj)
                else:
                    key.fileobj.close()
            workers.close_in_child()
            os.close(jobs_write)
            os.close(answers_read)
            _run_worker(Connection(jobs_read, writable=False), Connection(answers_write, readable=False), memory_limit)
            code = 0
        finally:
            os._exit(code)
    workers.add(pid)
    try:
        socket.send_fds(connection, [ANSWER.pack(pid)], [jobs_write, answers_read])
    finally:
        for fd in (jobs_read, jobs_write, answers_read, answers_write):
            os.close(fd)


def mapped_bytes() -> int:
    """The bytes of address space this process maps (Linux's /proc/self/statm); 0 where unknown."""
    try:
        with open("/proc/self/statm", "rb") as statm:
            return int(statm.read().split()[0]) * os.sysconf("SC_PAGE_SIZE")
    except (OSError, ValueError, IndexError):
        return 0


def least_memory_limit() -> int:
    """The least memory limit a worker forked now can draw within: what it maps and RENDER_ROOM."""
    return mapped_bytes() + RENDER_ROOM


def _run_worker(jobs: Connection, answers: Connection, memory_limit: int) -> None:
    """Be a render worker: limit memory, say ready, run jobs until the job pipe closes; or, when
    the limit is below `least_memory_limit`, say `("too little memory", (memory_limit, least))` and end."""
    _name_process(b"svgplots-worker")
    signal.signal(signal.SIGCHLD, signal.SIG_DFL)
    _ignore_stop_signals()
    signal.signal(END_WORKER, end_when_answered)
    if memory_limit:
        import resource

        least = least_memory_limit()
        if memory_limit < least:
            # The limit counts the address space the worker maps already (the renderer's libraries,
            # some 290 MB, more on some machines): below it, a job's data could not even be read.
            answers.send(("too little memory", (memory_limit, least)))
            return
        resource.setrlimit(resource.RLIMIT_AS, (memory_limit, memory_limit))
    answers.send(("ready", None))
    serve(jobs, answers)


def request_worker(address: str, memory_limit: int, timeout: float) -> tuple[int, Connection, Connection]:
    """Ask the render server at `address` for a worker: its process id, job pipe and answer pipe.

    Raises OSError when the server cannot be reached or does not answer within `timeout` seconds.
    """
    with socket.socket(socket.AF_UNIX, socket.SOCK_STREAM) as client:
        client.settimeout(timeout)
        client.connect(_socket_name(address))
        client.sendall(REQUEST.pack(memory_limit))
        message, fds, _flags, _address = socket.recv_fds(client, ANSWER.size, 2)
    if len(message) != ANSWER.size or len(fds) != 2:
        for fd in fds:
            os.close(fd)
        raise OSError("the render server answered without a worker")
    return ANSWER.unpack(message)[0], Connection(fds[0], readable=False), Connection(fds[1], writable=False)


def main() -> None:
    """`python -m plots.worker serve ADDRESS`: import the renderer, listen, say so, fork workers."""
    if len(sys.argv) != 3 or sys.argv[1] != "serve":
        sys.exit("usage: python -m plots.worker serve ADDRESS")
    address = sys.argv[2]
    ready = os.dup(1)
    lifeline = os.dup(0)  # the pool holds the writing end of our standard input: we end with it
    os.dup2(2, 1)  # anything printed goes to stderr
    listener = _prepare_server(address)
    os.write(ready, b"ready\n")
    os.close(ready)
    _run_server(listener, lifeline)


if __name__ == "__main__":
    main()
