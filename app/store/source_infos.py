"""The datasets of a sources file described, in the read-only transactions of `SourceTransactions`:
each known at its current version answered without a query, the others read, several of a source in
one transaction (`SourceStore` is made on `SourceInfos`).

A dataset's columns come from the database (`source_columns`: reflection for a table or view, the
result's description for a query, SQLite's values counted by kind; an integer column with a NULL
stays integer, its values exact), their names held to the site's text rule as an uploaded CSV's are, and its
version from `version_sql` when given (its answer reused for `VERSION_REUSE` seconds), else from
the clock, in periods of the source's `cache_seconds` (`source_versions`).
"""
from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy import Connection

from .source_counts import UnreadDates
from .source_rows import Described
from .source_transactions import SourceTransactions
from .types import DatasetInfo, StoreError


class SourceInfos(SourceTransactions):
    """The datasets of a sources file, described: their columns and versions (`SourceStore`'s part
    that describes them)."""

    def _known(self, name: str) -> Described | None:
        """The description already read at the dataset's current version, when that version needs
        no query (`SourceDescriptions.known`); None otherwise."""
        self.dataset(name)
        return self.descriptions.known(name)

    def _describe(self, name: str, conn: Connection | None = None, hurry: bool = True) -> Described:
        """The dataset's description and relation at its current version (asked again when it moves on);
        `hurry`: a request's, within the short budget while its source is slow (`source_descriptions`)."""
        if conn is None:
            known = self._known(name)
            if known is not None:
                return known
            with self._reading(name) as opened:
                return self._describe(name, opened)
        self.dataset(name)
        return self.descriptions.describe(name, conn, self.timeout, hurry)

    def info(self, name: str) -> DatasetInfo:
        """The dataset's description; raises DatasetNotFound, SourceUnavailable or DatasetUnreadable."""
        return self._describe(name).info

    def infos(self, names: Sequence[str] | None = None) -> dict[str, DatasetInfo | StoreError]:
        """Every dataset's description by name, sorted (or those of `names`, in their order), or the
        StoreError `info` of it raises: those not known at their current version described in one
        transaction of each source, as `info` describes one. A description that fails (its error in
        its place) ends its transaction, which PostgreSQL would refuse to go on with: the next
        datasets of its source are described in another."""
        names = self.names() if names is None else list(dict.fromkeys(names))
        found: dict[str, DatasetInfo | StoreError] = {}
        waiting: dict[str, list[str]] = {}  # by source, those to describe
        for name in names:
            try:
                known = self._known(name)
            except StoreError as error:  # no such dataset
                found[name] = error
                continue
            if known is not None:
                found[name] = known.info
            else:
                waiting.setdefault(self.dataset(name).source, []).append(name)
        for left in waiting.values():
            while left:
                left = self._described_together(left, found)
        return {name: found[name] for name in names}

    def _described_together(self, names: list[str], found: dict[str, DatasetInfo | StoreError]) -> list[str]:
        """Describe `names`, datasets of one source, in one transaction, each into `found`, until one
        fails (its error in its place); the ones after it, left for another transaction."""
        source = self.config.sources[self.dataset(names[0]).source]
        done = 0  # the datasets of `names` described, or refused
        try:
            with self._reading(names[0], together=names[1:]) as conn:
                for name in names:
                    if done:
                        try:  # the first is admitted as the transaction begins
                            self._admit(name, source)
                        except StoreError as error:  # held down: no statement of it ran
                            found[name] = error
                            done += 1
                            continue
                    with self._told(name, source, True):
                        found[name] = self.descriptions.describe(name, conn, self.timeout).info
                    done += 1
        except StoreError as error:
            if done == len(names):  # the read-only transaction's end: nothing read is changed
                return []
            found[names[done]] = error
            return names[done + 1:]
        return []

    def described_again(self, name: str, version: str) -> DatasetInfo | None:
        """The dataset's description now, where a chart or page names a column its description at
        `version` lacks: read again where it may be (`SourceDescriptions.read_again`), else as `info`
        gives it; None where it is still of `version` (the column is not there). Raises as `info` does."""
        self.dataset(name)
        self.descriptions.read_again(name, version)
        info = self.info(name)
        return None if info.version == version else info

    def unread_dates(self, name: str) -> tuple[UnreadDates, ...]:
        """The dataset's date columns' values that are no moment to the site, counted as it was
        described (`source_counts.UnreadDates`); raises as `info` does."""
        return self._describe(name).unread_dates

    def unread_dates_kept(self, name: str, version: str) -> tuple[UnreadDates, ...]:
        """`unread_dates` of the description kept at `version`; none where it is not kept (described
        since at another version, or not yet): nothing is described or asked for them."""
        kept = self.descriptions.kept_at(name, version)
        return () if kept is None else kept.unread_dates

    def version(self, name: str) -> str:
        """The dataset's version: its `version_sql` value (asked again once its `reuse` seconds
        have passed since it was last asked), else the clock's period (`source_versions`), then "-c"
        and a hash of its columns (`described_version`), so that a changed column changes it too."""
        return self._describe(name).info.version
