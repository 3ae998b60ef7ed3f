"""Datasets that live in the user's own databases (a sources file names them): read, never written.

What a chart draws is computed by the database (`pushdown`), kept under its version (`chart_rows`);
the rows as they are, for a dataset's page and downloads, are read by the queries of `source_rows`. The
datasets' transactions and their holds are `SourceTransactions`' (`source_transactions`), and their
descriptions `SourceInfos`' (`source_infos`), made on them, which `SourceStore` is made on.
"""
from __future__ import annotations

import logging
import threading
from collections.abc import Iterator, Sequence
from contextlib import contextmanager

import pandas as pd
from sqlalchemy import Connection

from plots import ChartSpec, Limits
from plots.series_split import SeriesSplit
from plots.sized_lru import SizedLRU, held_bytes

from .pushdown import chart_rows
from .pushdown_series import SERIES_MEMO_BYTES, series_kept_in
from .source_conditions import Condition
from .source_connections import timed_out
from .source_sql_dialects import functions_for
from .source_rows import Described, distinct_texts, format_rows, page_order, read_rows, rows_as_frame
from .source_infos import SourceInfos
from .types import ANY_ORDER, RowsOverLimit, Snapshot, SourceColumnsChanged

log = logging.getLogger(__name__)


class SourceStore(SourceInfos):
    """The datasets of a sources file: listed, described and read from their databases, never written."""

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        # The series of split charts by (name, version, series column, the conditions, the cap), which
        # every split chart of them at that version draws, whatever its x bounds: a version of a
        # dataset without version_sql is a period of the clock, which bounds how long they are kept.
        self._series: SizedLRU[SeriesSplit] = SizedLRU(SERIES_MEMO_BYTES, held_bytes, held_bytes)

    def __repr__(self) -> str:
        return f"SourceStore({', '.join(self.config.sources)})"

    # Reading rows

    def read(self, name: str, columns: Sequence[str] | None = None) -> Snapshot:
        """All the dataset's rows (only `columns`, when given), at most `max_rows`: more is RowsOverLimit."""
        with self._reading(name) as conn:
            described = self._describe(name, conn)
            names = [c.name for c in described.info.columns] if columns is None else list(columns)
            rows = read_rows(conn, described, names, self.max_rows + 1)
        if len(rows) > self.max_rows:
            raise RowsOverLimit(
                f"{self.label(name)} has more than {self.max_rows:,} rows, the most one download of a source dataset "
                f"holds; download a chart's rows instead, narrowed with xmin/xmax or grouped with resample=…: "
                f"/plot/{name}.csv?x=…&xmin=…&xmax=…")
        return Snapshot(described.info, rows_as_frame(described, names, rows))

    def head(self, name: str, rows: int) -> Snapshot:
        """The dataset's first `rows` rows (by time where an index finds them so, else as the database
        returns them: `source_rows.page_order`, which the snapshot's `order` names) and its description,
        then the rows that show each date column's format (`Store.head`): the database finds them."""
        with self._reading(name) as conn:
            described = self._describe(name, conn)
            names = [c.name for c in described.info.columns]
            by = self._page_order(name, conn, described)
            found = read_rows(conn, described, names, rows, by=by)
            if len(found) == rows:
                found += format_rows(conn, described, rows_as_frame(described, names, found))
        return Snapshot(described.info, rows_as_frame(described, names, found), order=by or ANY_ORDER)

    def first_rows(self, name: str, columns: Sequence[str], rows: int) -> pd.DataFrame:
        """The dataset's first `rows` rows of `columns` alone, `head`'s first rows (without the rows
        that show the date columns' formats, which scan the table)."""
        with self._reading(name) as conn:
            described = self._describe(name, conn)
            by = self._page_order(name, conn, described)
            return rows_as_frame(described, list(columns), read_rows(conn, described, list(columns), rows, by=by))

    def _page_order(self, name: str, conn: Connection, described: Described) -> str | None:
        """The date column dataset `name`'s page rows are read by (`source_rows.page_order`), or None."""
        dataset = self.config.datasets[name]
        return page_order(conn, described, dataset.table, dataset.schema)

    def text_values(self, name: str, column: str) -> tuple[str, ...]:
        """The distinct values of a text column, sorted, found by the database: at most `max_rows`,
        the first in its order. A list of `max_rows` values may be cut short, and is taken as such
        (a dashboard's filter then takes any value typed, suggesting the first of these)."""
        with self._reading(name) as conn:
            return distinct_texts(conn, self._describe(name, conn), column, self.max_rows)

    def chart_rows(self, name: str, spec: ChartSpec, limits: Limits, pixels: int | None = None,
                   conditions: Sequence[Condition] = ()) -> Snapshot:
        """What a chart of the dataset draws, computed by its database, with the description it was read at.

        `pixels`: the pixel columns across the image (lines are then thinned to M4 in the database);
        None for the chart's data as JSON or CSV (at most `max_rows` rows, else RowsOverLimit).
        `conditions` narrow the rows further (a dashboard's time range and filters).
        """
        key = (spec.key(), pixels, tuple(conditions))
        kept = self._kept_chart(name, key)
        if kept is not None:
            return kept
        with self._one_at_a_time(name, key):
            kept = self._kept_chart(name, key)  # computed while this request waited for it
            if kept is not None:
                return kept
            with self._reading(name) as conn:
                described = self._describe(name, conn)
                known = {c.name for c in described.info.columns}
                missing = [c for c in dict.fromkeys(spec.columns()) if c not in known]
                if missing:
                    raise SourceColumnsChanged(self.label(name), missing)
                hit = self._frames.get((name, described.info.version, *key))
                if hit is not None:
                    return Snapshot(described.info, hit)
                functions = functions_for(conn.dialect.name)
                frame = chart_rows(conn, described.relation, functions, spec, limits, self.label(name),
                                   self.max_rows, pixels, conditions,
                                   kept=series_kept_in(self._series, name, described.info.version))
            self._frames.put((name, described.info.version, *key), frame)
            return Snapshot(described.info, frame)

    def _kept_chart(self, name: str, key: tuple) -> Snapshot | None:
        """The chart's rows kept from earlier at the dataset's current version, when that version
        needs no query (`_known`); else None."""
        described = self._known(name)
        if described is None:
            return None
        hit = self._frames.get((name, described.info.version, *key))
        return None if hit is None else Snapshot(described.info, hit)

    @contextmanager
    def _one_at_a_time(self, name: str, key: tuple) -> Iterator[None]:
        """Hold the chart `key` of dataset `name` while its rows are computed: a request for a chart
        another is computing (a page describing it, then its image) waits for it and finds its rows
        kept, instead of asking the database for them a second time. It waits at most the
        statement timeout, then answers as a query that took too long."""
        with self._lock:
            entry = self._computing.setdefault((name, *key), [threading.Lock(), 0])
            entry[1] += 1
        try:
            if not entry[0].acquire(timeout=self.timeout):
                raise timed_out(name, self.config.sources[self.dataset(name).source], self.timeout)
            try:
                yield
            finally:
                entry[0].release()
        finally:
            with self._lock:
                entry[1] -= 1
                if not entry[1]:
                    del self._computing[(name, *key)]
