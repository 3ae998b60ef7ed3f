"""Request bodies as run.py's server hands them to the site: one that sends the `100 Continue` its
client waits for as it is first read, and one that notes whether its client went away before the
whole of it arrived; the reader of what is left of a body once its answer is sent, which closes the
connection as gunicorn does; and the writer of its answers, in slices."""
from __future__ import annotations

import socket
import time

# The most of an answer sent with one socket write, whose whole sending the client timeout bounds: a
# client reading 64 KB per `client_seconds` keeps reading any answer.
SLICE_BYTES = 65536
# What is read of a body left unread once its answer is sent, before the connection is closed:
# gunicorn's graceful close (`gunicorn.util.close_graceful`), 64 KB in 2 s at most.
LINGER_BYTES = 65536
LINGER_SECONDS = 2.0


class ContinuedInput:
    """A request body whose first read sends the `100 Continue` its client waits for before sending it
    (`send_continue`); its other attributes are the body's."""

    def __init__(self, body, send_continue) -> None:
        self.body, self.send_continue = body, send_continue

    def read(self, *size) -> bytes:
        self.send_continue()
        return self.body.read(*size)

    def readinto(self, buffer) -> int | None:
        self.send_continue()
        return self.body.readinto(buffer)

    def readline(self, *size) -> bytes:
        self.send_continue()
        return self.body.readline(*size)

    def readlines(self, *hint) -> list[bytes]:
        self.send_continue()
        return self.body.readlines(*hint)

    def __iter__(self):
        self.send_continue()
        return iter(self.body)

    def __getattr__(self, name: str):
        return getattr(self.body, name)


class WatchedBody:
    """A request body of `length` bytes that notes how many arrived (`arrived`) and, where it ended
    before the rest, why (`stopped`: the client went away, or sent nothing more for a while); its
    other attributes are the body's.

    It reads the connection's buffered reader a read of the socket at a time (`read1`, `readinto1`):
    a buffered read of many bytes drops those that came before a timeout, which a body that stops
    partway ends with. Those are handed on first, the timeout raised at the next read."""

    stopped: str | None = None
    # The error a read met after some bytes, which it handed on: raised at the next read.
    _pending: OSError | None = None

    def __init__(self, body, length: int) -> None:
        self.body, self.length, self.arrived = body, length, 0

    def read(self, size: int = -1) -> bytes:
        return self._gathered(size, line=False)

    def readinto(self, buffer) -> int | None:
        return self._watched(self.body.readinto1, buffer, len(buffer) > 0)

    def readline(self, size: int = -1) -> bytes:
        return self._gathered(size, line=True)

    def readlines(self, hint: int = -1) -> list[bytes]:
        lines, size = [], 0
        for line in self:
            lines.append(line)
            size += len(line)
            if 0 < hint <= size:
                break
        return lines

    def __iter__(self):
        """The body's lines, up to its end: its Content-Length, which a read of the connection past it
        would wait for more at."""
        while self.arrived < self.length:
            line = self.readline(self.length - self.arrived)
            if not line:
                return
            yield line

    def _gathered(self, size: int, line: bool) -> bytes:
        """Up to `size` bytes (all, below 0), or up to and with a line feed (`line`), or fewer where the
        body ends or a read fails after some came (the failure raised at the next read)."""
        pieces: list[bytes] = []
        count = 0
        while size < 0 or count < size:
            want = size - count if size >= 0 else -1
            try:
                if line:
                    ahead = self._watched(self.body.peek, 1, False, counted=False)
                    if b"\n" in ahead:
                        end = ahead.index(b"\n") + 1
                        want = end if want < 0 else min(want, end)
                piece = self._watched(self.body.read1, want, want != 0)
            except OSError as error:
                if not pieces:
                    raise
                self._pending = error
                break
            if not piece:
                break
            pieces.append(piece)
            count += len(piece)
            if line and piece.endswith(b"\n"):
                break
        return b"".join(pieces)

    def _watched(self, read, argument, asked: bool, counted: bool = True):
        if self._pending is not None:
            error, self._pending = self._pending, None
            raise error
        try:
            got = read(argument)
        except TimeoutError:
            self.stopped = "sent nothing more for a while"
            raise
        except OSError:
            self.stopped = "went away"
            raise
        if not counted:
            return got
        count = got if isinstance(got, int) else len(got or b"")
        self.arrived += count
        if asked and not count and self.arrived < self.length:
            self.stopped = "went away"
        return got

    def __getattr__(self, name: str):
        return getattr(self.body, name)


class SlicedWriter:
    """A connection's writer that sends what it is given in slices of `SLICE_BYTES`, each given the
    connection's whole timeout, counting the bytes sent (`sent`); its other attributes are `wfile`'s,
    which sends nothing itself (unbuffered: the bytes go to `connection` here).

    A slice goes out in `send`s, each saying how many bytes it sent, not in one sendall, which says
    nothing of the bytes it sent before a timeout or a client gone: `sent` counts those too."""

    def __init__(self, wfile, connection: socket.socket) -> None:
        self.wfile, self.connection, self.sent = wfile, connection, 0

    def write(self, data) -> int:
        view = memoryview(data).cast("B")
        for start in range(0, len(view), SLICE_BYTES):
            self._send(view[start:start + SLICE_BYTES])
        return len(view)

    def _send(self, piece: memoryview) -> None:
        timeout = self.connection.gettimeout()
        deadline = None if timeout is None else time.monotonic() + timeout
        try:
            while piece:
                if deadline is not None:
                    left = deadline - time.monotonic()
                    if left <= 0:
                        raise TimeoutError("timed out")
                    self.connection.settimeout(left)
                sent = self.connection.send(piece)
                self.sent += sent
                piece = piece[sent:]
        finally:
            self.connection.settimeout(timeout)

    def __getattr__(self, name: str):
        return getattr(self.wfile, name)


class LeftUnread:
    """A connection's reader as werkzeug reads what is left of a request once its answer is sent
    (`rfile`, which it reads to the end, each read given the client timeout): the end of the answer
    sent (the write side shut: `answered`), then up to LINGER_BYTES that come within LINGER_SECONDS
    read and dropped, and nothing more. Any body left unread (a write refused without its token among
    them) so holds no connection until its client sends the rest, or falls silent for the whole client
    timeout; gunicorn closes such a connection alike. werkzeug reads it too where the app raised before
    its status line went, before it sends its 500: that read gives nothing at once, and the 500 is the
    answer whose end is sent and after which the rest is read. Its other attributes are `rfile`'s."""

    def __init__(self, rfile, connection: socket.socket, answered) -> None:
        self.rfile, self.connection, self.answered = rfile, connection, answered
        self.lingered = False

    def read(self, size: int = -1) -> bytes:
        if not self.lingered and self.answered():
            self.lingered = True
            self._linger()
        return b""

    def _linger(self) -> None:
        try:
            self.connection.shutdown(socket.SHUT_WR)  # the client reads the answer's end now
            deadline, drained = time.monotonic() + LINGER_SECONDS, 0
            while drained < LINGER_BYTES and (left := deadline - time.monotonic()) > 0:
                self.connection.settimeout(min(left, self.connection.gettimeout() or left))
                data = self.connection.recv(min(SLICE_BYTES, LINGER_BYTES - drained))
                if not data:
                    return
                drained += len(data)
        except OSError:  # a timeout among them: the connection closes
            return

    def __getattr__(self, name: str):
        return getattr(self.rfile, name)
