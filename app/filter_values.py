"""The descriptions of a dashboard's datasets, read once a request, and the values of their text
columns that filters offer and check: a column's (kept per data version), a dashboard filter's across
its datasets (kept by their versions, each text counted once beside their columns' own), and the
values of a column that look like those a filter asks for.
"""
from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from flask import current_app, g

from plots.selection import choosable
from plots.sized_lru import held_bytes
from plots.text import looks

from .context import bytes_memo, current_site, remembered
from .dashboards import Dashboard
from .store import DatasetInfo, DatasetNotFound, DatasetUnreadable, StoreError, StoreTryLater, raise_kept, read_info


def column_values(info: DatasetInfo, column: str) -> tuple[str, ...]:
    """The distinct values of a text column of a dataset, sorted (kept per data version), or the
    StoreError reading them met, raised: read once a request, or them found kept, however many of
    a page's charts filter by it (its form's values, each chart's look-alike note), where the memo
    cannot keep them (a column of hundreds of thousands of values)."""
    key = (info.name, info.version, column)
    read = g.setdefault("column_values", {})
    if key not in read:
        try:
            # Kept by column and data version, the least recently used dropped first past the setting's
            # bytes (`held_bytes`): an entry is a column's distinct values, about 60 bytes a short one, and
            # its key, as big as a column of few values (a column name may have 200 characters).
            kept = bytes_memo("values", current_app.config["FILTER_VALUES_CACHE_BYTES"])
            read[key] = remembered(kept, key, lambda: current_site().store.text_values(info.name, column, info))
        except StoreError as error:
            read[key] = error
    found = read[key]
    if isinstance(found, StoreError):
        raise_kept(found)
    return found


def look_alike_values(info: DatasetInfo, column: str, chosen: Sequence[str]) -> tuple[str, ...]:
    """The values of `info`'s text column `column` that look like one of `chosen`, a filter's values
    (`looks`), where it holds none of `chosen` itself: a filter matches values exactly, so a
    dashboard's `café` chooses no row of a dataset that writes it `cafe` and U+0301. Empty where it
    holds one of them, or no value alike, or its values cannot all be read now."""
    try:
        held = column_values(info, column)
    except StoreError:
        return ()
    if cut_short(info, held) or any(value in held for value in chosen):
        return ()
    wanted = {looks(value) for value in chosen}
    return tuple(value for value in held if looks(value) in wanted)


def cut_short(info: DatasetInfo, values: tuple[str, ...]) -> bool:
    """Whether `values`, a column's of `info`, may not be all it holds: a source's database gives at
    most SOURCE_MAX_ROWS of them."""
    return info.source is not None and len(values) >= current_app.config["SOURCE_MAX_ROWS"]


def dashboard_infos(dashboard: Dashboard) -> dict[str, DatasetInfo | StoreError]:
    """The description of each dataset the dashboard draws, in the order its charts first draw them,
    or the StoreError `info` of it raises (`Store.infos`): read once a request, the stored datasets'
    in one read of the database and the source datasets' in one transaction of each source, for
    its charts, its filters' values and its report alike."""
    read = g.setdefault("dashboard_infos", {})
    if dashboard.name not in read:
        names = list(dict.fromkeys(chart.dataset for chart in dashboard.charts))
        read[dashboard.name] = current_site().store.infos(names)
    return read[dashboard.name]


def filter_values(dashboard: Dashboard, column: str) -> tuple[tuple[str, ...], bool]:
    """The distinct values of `column` across the dashboard's datasets that have it as text, sorted
    (of those that can be read now: a source database may be down, a data-folder file removed or no
    longer valid CSV), but for the empty text and other blank ones, which a filter cannot choose
    (`choosable`): the form would offer them as an option that shows every row, as "All" does. Then
    whether they are all there are: every dataset of the dashboard answered, each with all its values.

    Kept by the data versions of the datasets holding the column, beside their columns' values: a
    poll asks for them at every refresh of every open page, and the page's form and its query each
    ask again, where the values of a few thousand made a set and a sort each time."""
    held: list[DatasetInfo] = []
    complete = True
    for read in dashboard_infos(dashboard).values():
        try:
            info = read_info(read)
        except (StoreTryLater, DatasetNotFound, DatasetUnreadable):
            complete = False  # its charts say why themselves; the page, its form and the other charts stand
            continue
        if info.column_types().get(column) == "text":
            held.append(info)
    kept = bytes_memo("values", current_app.config["FILTER_VALUES_CACHE_BYTES"])
    key = (column, tuple((info.name, info.version) for info in held))  # no key of `column_values`: those are triples
    found = kept.get(key)
    if isinstance(found, ColumnsOwn):
        found = _columns_own(held[0], column, found)
    elif isinstance(found, SharedTexts):
        found = found.values, found.whole
    if found is None:
        values, whole, read_all = _values_of(held, column)
        if read_all:  # values missing a dataset's are not kept: the next poll reads it again
            _keep_values(kept, key, held, column, values, whole)
        whole = whole and read_all
    else:
        values, whole = found
    return values, complete and whole


@dataclass(frozen=True)
class ColumnsOwn:
    """What the values memo keeps of a filter's values that are those of the one dataset holding its
    column, every one of them choosable (`filter_values`): none of them, only whether they are all it
    holds. They are its column's entry of the memo (`column_values`), counted there once, where a
    filter of 3,000 values counted them twice, in both entries."""

    whole: bool


@dataclass(frozen=True)
class SharedTexts:
    """What the values memo keeps of a filter's values across its datasets (`filter_values`): the
    values and whether they are all there are. Counted but for the texts the datasets' column entries
    (`column_values`) hold, the same strings: each text counted once, where a filter of two datasets'
    3,000 values counted them in its entry on top of each column's. So it is kept only while those
    entries are (`SizedLRU.put`'s `relies_on`): one of them dropped or read anew, it is dropped with
    it, and never holds texts alive that the memo no longer counts."""

    values: tuple[str, ...]
    whole: bool


@dataclass(frozen=True)
class _Counted:
    """A filter's values to keep (`SharedTexts`), the bytes the memo counts them for, and the column
    entries those bytes leave out, each key with the tuple of texts the memo held under it then."""

    kept: SharedTexts
    size: int
    relies_on: dict[tuple[str, str, str], tuple[str, ...]]


def _shared_bytes(kept, held: Sequence[DatasetInfo], column: str, values: tuple[str, ...],
                  whole: bool) -> _Counted:
    """A filter's `values` of `column` across the datasets `held` as the memo `kept` keeps them
    (`SharedTexts`), with their bytes as `held_bytes` counts them but for the texts the column entries
    of `held` that `kept` holds now hold too."""
    own: set[int] = set()
    relies_on = {}
    for entry in [(info.name, info.version, column) for info in held]:
        found = kept.peek(entry)
        if isinstance(found, tuple):
            own.update(map(id, found))
            relies_on[entry] = found
    shared = SharedTexts(values, whole)
    size = held_bytes(shared) - sum(text.__sizeof__() for text in values if id(text) in own)
    return _Counted(shared, size, relies_on)


def _keep_values(kept, key: tuple, held: Sequence[DatasetInfo], column: str, values: tuple[str, ...],
                 whole: bool) -> None:
    """Keep a filter's `values` of `column` across the datasets `held` in the values memo `kept` under
    `key`: `ColumnsOwn` where they are one dataset's column's values as `column_values` gives them,
    else `SharedTexts`, counted but for the texts its column entries hold."""
    if len(held) == 1:
        try:
            own = column_values(held[0], column)  # read already this request: `_values_of` asked for it
        except StoreError:
            own = None
        if own == values:
            kept.put(key, ColumnsOwn(whole))
            return
    counted = _shared_bytes(kept, held, column, values, whole)
    kept.put(key, counted.kept, size=counted.size, relies_on=counted.relies_on)


def _columns_own(info: DatasetInfo, column: str, kept: ColumnsOwn) -> tuple[tuple[str, ...], bool] | None:
    """A filter's values that the memo keeps as `kept` (`ColumnsOwn`): the values of `info`'s `column`,
    found kept or read again; None where they cannot be read now (they are then asked as at first)."""
    try:
        return column_values(info, column), kept.whole
    except StoreError:
        return None


def _values_of(held: Sequence[DatasetInfo], column: str) -> tuple[tuple[str, ...], bool, bool]:
    """The choosable values of `column` across the datasets `held` and whether each gave all it
    holds (`filter_values`); then whether each could be read now."""
    values: set[str] = set()
    whole = read_all = True
    for info in held:
        try:
            found = column_values(info, column)
        except (StoreTryLater, DatasetNotFound, DatasetUnreadable):
            # A source down or slow, a file gone or broken: its charts say why themselves (503, 404,
            # 422), and the page, its form and the other charts stand.
            read_all = False
            continue
        whole = whole and not cut_short(info, found)
        values.update(value for value in found if choosable(value))
    return tuple(sorted(values)), whole, read_all
