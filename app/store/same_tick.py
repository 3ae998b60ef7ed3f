"""Files whose times cannot tell a later write from the bytes read ("racily clean", as git calls them).

A filesystem's times move on by its clock's tick (a few milliseconds; a second or two on some: FAT's are of
2 s), and a network filesystem's are written from a clock its server keeps: a file rewritten in place to the
same size within one tick of its last write keeps its every `stat` field but its change time, which such a
filesystem may not keep apart either. So a file read within SAME_TICK_NS of its times is compared by its
bytes' digest at each check until its times are older than that; the dashboard files and the data folder's
files follow the one rule, through `FileReading`.
"""
from __future__ import annotations

import hashlib
import os
from pathlib import Path
from time import time_ns

# How close to the moment a file was read its modification or change time may be for a later write to leave
# both as they were. Generous: a file within it costs a read of its bytes at each check, for two seconds after
# its last write.
SAME_TICK_NS = 2_000_000_000

# What tells one version of a file from another without reading it (`file_stamp`).
FileStamp = tuple[int, int, int, int, int]


def file_stamp(stat: os.stat_result) -> FileStamp:
    """What changes whenever a file is changed or replaced: its modification time and size, and its
    inode, device and change time. A file replaced by one of the same size and modification time
    (`cp -p`, `tar x`, a backup restored) is another inode, or the same one changed, which sets its
    change time: no program can set that back."""
    return stat.st_mtime_ns, stat.st_size, stat.st_ino, stat.st_dev, stat.st_ctime_ns


def path_stamp(path: Path | str) -> FileStamp | None:
    """The stamp (`file_stamp`) of the file or folder at `path`; None where it cannot be asked (removed)."""
    try:
        return file_stamp(os.stat(path))
    except OSError:
        return None


def written_within_tick(modified_ns: int, changed_ns: int, moment: int) -> bool:
    """Whether a write after `moment` (time_ns) may leave a file's modification and change times as they are:
    either is within SAME_TICK_NS of that moment (or after it)."""
    return max(modified_ns, changed_ns) > moment - SAME_TICK_NS


def bytes_digest(raw: bytes) -> bytes:
    """The digest of a file's bytes, which a reading compares (and the data folder's versions are made of)."""
    return hashlib.sha256(raw).digest()


class FileReading:
    """One look at a file: its stamp (`file_stamp`; None where it cannot be stat'ed), taken at `moment` (time_ns,
    read just before it), and, once asked for, its bytes and their digest, read and hashed once whoever asks.

    What a reader keeps of the look whose bytes it read is `kept()`: that stamp, and the digest where the file's
    times were within SAME_TICK_NS of the moment, as a write within that tick may leave them. A later look tells
    whether the file changed since (`changed`): by its stamp, and while the digest is kept, by its bytes."""

    def __init__(self, path: Path | str, moment: int, stamp: FileStamp | None,
                 stat_error: OSError | None = None, compared: bytes | None = None) -> None:
        self.path = Path(path)
        self.moment = moment
        self.stamp = stamp
        # Why it could not be stat'ed (its stamp None), for a reader that tells a file removed from another fault.
        self.stat_error = stat_error
        # The digest a later look's bytes are compared with (`changed`); None while they need not be.
        self.compared = compared
        self._raw: bytes | None = None
        self._digest: bytes | None = None

    @classmethod
    def look(cls, path: Path | str) -> FileReading:
        """The file at `path` as it is now: the clock read, then its `stat` (a write after the one moves the
        other past it)."""
        moment = time_ns()
        try:
            return cls(path, moment, file_stamp(os.stat(path)))
        except OSError as error:
            return cls(path, moment, None, error)

    def within_tick(self) -> bool:
        """Whether a write after this look may leave the file's stamp as it is (`written_within_tick`)."""
        return self.stamp is not None and written_within_tick(self.stamp[0], self.stamp[4], self.moment)

    def read_bytes(self) -> bytes:
        """The file's bytes, read at the first call; raises OSError where it cannot be read."""
        if self._raw is None:
            self._raw = self.path.read_bytes()
        return self._raw

    def digest(self) -> bytes:
        """The digest of the file's bytes (`bytes_digest`), hashed at the first call; empty where they cannot be
        read (removed meanwhile)."""
        if self._digest is None:
            try:
                self._digest = bytes_digest(self.read_bytes())
            except OSError:
                self._digest = b""
        return self._digest

    def kept(self) -> FileReading:
        """What a reader keeps of this look once it reads the file's bytes: its stamp and moment, and the
        digest of its bytes where it was within a tick of the file's times (read and hashed here unless they
        were), without the bytes themselves. Taken before the reader reads them (or of the bytes it reads):
        a write meanwhile is then found at the next look."""
        return FileReading(self.path, self.moment, self.stamp, self.stat_error,
                           self.digest() if self.within_tick() else None)

    def changed(self, now: FileReading) -> bool:
        """Whether `now`, a later look at the file, finds it other than this kept reading did: another stamp,
        or, while the digest is kept, other bytes (read and hashed by `now`, which keeps them for its reader).
        Found the same by a look past the tick, its bytes are compared no more: a write now would move its
        times."""
        if now.stamp != self.stamp:
            return True
        if self.compared is None:
            return False
        if now.digest() != self.compared:
            return True
        if not now.within_tick():
            self.compared = None
        return False
