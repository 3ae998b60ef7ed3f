"""Files whose times cannot tell a later write from the bytes read ("racily clean", as git calls them).

A filesystem's times move on by its clock's tick (a few milliseconds; a second or two on some: FAT's are of
2 s), and a network filesystem's are written from a clock its server keeps: a file rewritten in place to the
same size within one tick of its last write keeps its every `stat` field but its change time, which such a
filesystem may not keep apart either. So a file read within SAME_TICK_NS of its times is compared by its
bytes' digest at each check until its times are older than that; the dashboard files and the data folder's
files follow the one rule.
"""
from __future__ import annotations

import hashlib
from pathlib import Path

# How close to the moment a file was read its modification or change time may be for a later write to leave
# both as they were. Generous: a file within it costs a read of its bytes at each check, for two seconds after
# its last write.
SAME_TICK_NS = 2_000_000_000


def written_within_tick(modified_ns: int, changed_ns: int, moment: int) -> bool:
    """Whether a write after `moment` (time_ns) may leave a file's modification and change times as they are:
    either is within SAME_TICK_NS of that moment (or after it)."""
    return max(modified_ns, changed_ns) > moment - SAME_TICK_NS


def bytes_digest(path: Path | str) -> bytes:
    """The digest of the file's bytes; empty where it cannot be read (removed meanwhile)."""
    try:
        return hashlib.sha256(Path(path).read_bytes()).digest()
    except OSError:
        return b""
