"""Charts' rows a database computed for a page's words of a chart, kept by bytes under the version
they were read at until the chart's image's request takes them, so that the database is asked once
for both: a request for rows another is reading now waits for those (`cache.InFlight`) rather than
asking for them again. Words of a chart whose image the render cache holds keep none: that image
is answered without them (`rendering.drawn_data`).
"""
from __future__ import annotations

from collections.abc import Callable, Hashable
from typing import Literal

from ..cache import InFlight, SizedLRU
from .frames import frame_bytes
from .types import Snapshot

# What a read of a chart's rows does with the kept ones: a page's words keep them for the chart's
# image, whose request takes them (`KeptChartRows.rows`).
Keeping = Literal["keep", "take"]


class KeptChartRows:
    """Charts' rows of datasets, by (dataset name, version, what the chart draws), at most
    `max_bytes` of them; a request finding them being read waits at most `wait_seconds` for them."""

    def __init__(self, max_bytes: int, wait_seconds: float):
        self._kept: SizedLRU[Snapshot] = SizedLRU(max_bytes, lambda snapshot: frame_bytes(snapshot.frame))
        self._reading: InFlight[Snapshot] = InFlight()
        self.wait_seconds = wait_seconds

    def rows(self, name: str, version: str, drawn: Hashable, read: Callable[[], Snapshot | None],
             keeping: Keeping) -> Snapshot | None:
        """The chart `drawn`'s rows of dataset `name` at `version`, kept or what `read` gives (None:
        nothing to keep): kept under the version they were read at to "keep", dropped to "take".

        A request asking for rows another is reading now (an image's, while its page's words are
        computed) waits for those; then, or when that one failed, it reads them itself."""
        asked = (name, version, drawn)
        snapshot = self._kept.get(asked)
        if snapshot is None:
            making = self._reading.claim(asked)
            if making is None:
                snapshot = self._read_claimed(asked, read, keeping)
            else:
                making.event.wait(self.wait_seconds)
                snapshot = making.result or self._kept.get(asked) or read()
        if snapshot is not None and keeping == "take":
            self._kept.drop((name, snapshot.info.version, drawn))
        return snapshot

    def _read_claimed(self, asked: tuple, read: Callable[[], Snapshot | None], keeping: Keeping) -> Snapshot | None:
        """The rows `asked` (name, version, drawn), which the caller claimed: kept, or read and
        handed to those waiting for them; kept, to "keep", under the version they were read at."""
        # A store made anew while this reads: its rows are not kept under the new one's versions.
        generation = self._kept.generation
        snapshot = None
        try:
            snapshot = self._kept.get(asked) or read()  # kept by a request done since this one looked
            if snapshot is not None and keeping == "keep":
                self._kept.put((asked[0], snapshot.info.version, asked[2]), snapshot, generation)
            return snapshot
        finally:
            self._reading.release(asked, snapshot)

    def clear(self) -> None:
        """Forget every chart's rows (the store was made anew: its versions are handed out again)."""
        self._kept.clear()

    def __len__(self) -> int:
        """How many charts' rows are kept."""
        return len(self._kept)
