"""What a block of the store's work, a transaction or a version look-up, logs of the database it found:
out of reach, not opened until someone mends it, refusing writes, or answering again (`OutageNoted`),
each once in each process (`store_outages.StoreOutage`).
"""
from __future__ import annotations

from ..store_outages import StoreOutage
from .store_refusals import WRITE_IO_FIX, StoreReadOnly, StoreUnopened, StoreUnwritable, StoreWriteFailed
from .types import StoreUnavailable

# What the log says of writes refused while the database answers: by a full disk, or by a read-only store.
UNWRITABLE_WORDS = {False: "its disk is full; make room on it",
                    True: "it is read-only; let the site write its SQLite file and folder, or make the PostgreSQL "
                          "database writable"}
# And by a disk that refused a write with an I/O error (`StoreWriteFailed`).
WRITE_IO_WORDS = f"its disk refused a write (disk I/O error); {WRITE_IO_FIX}"


def unwritable_words(error: StoreUnwritable) -> str:
    """What the log says of writes refused for `error`, after "the dataset database refuses writes: "."""
    if isinstance(error, StoreWriteFailed):
        return WRITE_IO_WORDS
    return UNWRITABLE_WORDS[isinstance(error, StoreReadOnly)]


class OutageNoted:
    """A block that logs the database found out of reach (StoreUnavailable), or not opened until
    someone mends it (StoreUnopened), and found answering again by a block that ends well: once
    each, in each process (`StoreOutage`). The store's transactions and version look-ups are such
    blocks, not its opening: a start refused says so in a line of its own. (A class, not a
    generator: a cached chart's version look-up is one of them; one a block.)"""

    __slots__ = ("outage", "began", "write")

    def __init__(self, outage: StoreOutage, write: bool = False):
        self.outage = outage
        self.began = 0  # the outages found as the block began (`StoreOutage.found_back`)
        self.write = write  # a write stored says writes are taken again (`StoreOutage.found_writable`)

    def __enter__(self) -> None:
        self.began = self.outage.outages

    def __exit__(self, kind: type[BaseException] | None, error: BaseException | None, trace: object) -> bool:
        if error is None:
            if self.outage.down:  # one bool read, and no lock, while the database answers
                self.outage.found_back(self.began)
            if self.write and self.outage.unwritable:
                self.outage.found_writable()
        elif isinstance(error, StoreUnwritable):  # no outage: the database answers, and reads go on
            self.outage.found_unwritable(unwritable_words(error))
        elif isinstance(error, StoreUnopened):  # no outage to wait out: the line says what to do
            self.outage.found_unopened(error.why or error.message)
        elif isinstance(error, StoreUnavailable):
            self.outage.found_down(error.reason or error.message)
        return False
