"""Files as a filesystem of 2-second times shows them, for the tests of the rule of files read within their
timestamp tick (`app.store.same_tick`): the data folder's, the dashboards' and the rule's own."""
from __future__ import annotations

import time

from app.store import same_tick


def on_a_filesystem_of_two_second_times(monkeypatch) -> int:
    """The site's files as a filesystem of 2-second times shows them, FAT's as Linux reads it: its change time
    is its modification time (a second write within one tick leaves both, size and inode as they were,
    whatever the clock did between). Gives the next even second, in ns, a time such a file keeps as set."""
    real = same_tick.file_stamp

    def stamp(stat):
        modified, size, inode, device, _ = real(stat)
        tick = modified // 2_000_000_000 * 2_000_000_000
        return tick, size, inode, device, tick

    monkeypatch.setattr(same_tick, "file_stamp", stamp)
    return (time.time_ns() // 2_000_000_000 + 1) * 2_000_000_000
