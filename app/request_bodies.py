"""Request bodies as run.py's server hands them to the site: one that sends the `100 Continue` its
client waits for as it is first read, and one that notes whether its client went away before the
whole of it arrived; and the writer of its answers, in slices."""
from __future__ import annotations

# The most of an answer sent with one socket write, whose whole sending the client timeout bounds: a
# client reading 64 KB per `client_seconds` keeps reading any answer.
SLICE_BYTES = 65536


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
    other attributes are the body's."""

    stopped: str | None = None

    def __init__(self, body, length: int) -> None:
        self.body, self.length, self.arrived = body, length, 0

    def read(self, size: int = -1) -> bytes:
        return self._watched(self.body.read, size, size != 0)

    def readinto(self, buffer) -> int | None:
        return self._watched(self.body.readinto, buffer, len(buffer) > 0)

    def readline(self, size: int = -1) -> bytes:
        return self._watched(self.body.readline, size, size != 0)

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

    def _watched(self, read, argument, asked: bool):
        try:
            got = read(argument)
        except TimeoutError:
            self.stopped = "sent nothing more for a while"
            raise
        except OSError:
            self.stopped = "went away"
            raise
        count = got if isinstance(got, int) else len(got or b"")
        self.arrived += count
        if asked and not count and self.arrived < self.length:
            self.stopped = "went away"
        return got

    def __getattr__(self, name: str):
        return getattr(self.body, name)


class SlicedWriter:
    """A connection's writer that sends what it is given in slices of `SLICE_BYTES`, each one write of
    `wfile`; its other attributes are `wfile`'s."""

    def __init__(self, wfile) -> None:
        self.wfile = wfile

    def write(self, data) -> int:
        view = memoryview(data).cast("B")
        for start in range(0, len(view), SLICE_BYTES):
            self.wfile.write(view[start:start + SLICE_BYTES])
        return len(view)

    def __getattr__(self, name: str):
        return getattr(self.wfile, name)
