"""The alt text of the charts a page shows: the words of each chart's SVG, or why it cannot be drawn
with the status its image answers, kept per data version; the charts a database computes described
in threads, all at once, a page waiting for them a short time."""
from __future__ import annotations

import dataclasses
import os
import threading
from collections.abc import Callable, Hashable, Sequence
from concurrent import futures
from dataclasses import dataclass
from typing import TypeVar

from flask import current_app

from plots import ChartSpec, SpecError, chart_frame, describe
from plots.describe import selection_words
from plots.spec_words import desc_repeats_title, spec_words, title_sentence
from plots.fallback_glyphs import boxed_characters, drawn_texts
from plots.plot_notes import plot_note
from plots.selection import chosen_by
from plots.series_split import drawn_spec
from plots.text import one_line, shown_value
from plots.timerange import TimeRange

from ..cache import SizedLRU
from ..chart_requests import ChartRequest
from ..context import bytes_memo, current_site
from ..rendering import chart_snapshot, chosen_rows_marked, drawn_data
from ..store import Snapshot, StoreError
from ..store.chosen_rows import RowsChosen, rows_chosen

T = TypeVar("T")

# The bytes of charts' words the alt-text memo holds (`held_bytes`): a chart's at a data version,
# asked by every page that shows it (the front page asks one of every dataset and dashboard at every
# visit, a dataset's page one of each of its columns, and polls ask again). An entry is the chart's
# key (dataset name, version, spec and selection) and its words, a sentence or two: about 1.5 KB, so
# some 16,000 of them, enough for the pages of a site of a few thousand datasets. Counted in bytes, not
# entries: a chart page's URL may give a long title, or filter by a long value, both in its key and words.
# A chart of rows a selection chose has a second entry, its words by which rows they are (`_worked_out`).
ALT_MEMO_BYTES = 24 * 1024 * 1024
# How many of the charts a database computes a process describes at once, in threads (see alt_texts).
ALT_THREADS = 4
_POOL_LOCK = threading.Lock()
_pool: tuple[int, futures.ThreadPoolExecutor] | None = None


@dataclass(frozen=True)
class Refusal:
    """Why a chart's rows at a data version cannot be drawn (too many bar categories or values): the
    refusal its image answers with."""

    message: str
    field: str | None
    status: int


@dataclass(frozen=True)
class Described:
    """What the memo keeps of a chart whose rows at a data version can be drawn: its alt text, and the
    characters of the texts it draws that the PNG and PDF draw as boxes (`boxed_characters`), which a
    dashboard's page names beside its report, and whether it draws anything (`draws`: False where its
    plot shows "No rows in this range" or another note in place of marks)."""

    alt: str
    boxed: tuple[str, ...] = ()
    draws: bool = True


@dataclass(frozen=True)
class ChartWords:
    """A chart's alt text, and the status its image answers where its rows cannot be drawn (None
    where they can, or where that is not known: a chart described from its spec alone), with why
    (`error`: the words of its alt text after `cannot_draw_alt`'s own), and the data version its rows
    were read at (`version`, where it is newer than the one the chart looked up: rows appended
    between the two), which a page's image URL and a poll's version must name with them; and the
    characters of its texts drawn as boxes by the PNG and PDF (`Described.boxed`; none where its
    rows were not read), and whether it draws anything (`Described.draws`; True where its rows were
    not read)."""

    alt: str
    status: int | None = None
    error: str | None = None
    version: str | None = None
    boxed: tuple[str, ...] = ()
    draws: bool = True

    @classmethod
    def cannot_draw(cls, message: str, status: int | None = None) -> ChartWords:
        """The words of a chart that cannot be drawn because of `message`: its alt text saying so
        (`cannot_draw_alt`), `message` as its error, and the status its image answers, where known."""
        return cls(cannot_draw_alt(message), status, message)


def _alt_memo() -> SizedLRU[Described | RowsWords | Refusal]:
    return bytes_memo("alt", ALT_MEMO_BYTES)


def _alt_key(chart: ChartRequest, version: str | None = None) -> tuple:
    """The memo's key of the chart's words at `version` (by default the version the chart looked up)."""
    return chart.dataset.name, version or chart.dataset.version, chart.spec.key(), chart.selection.key()


def _alt_words(title: str, desc: str, rows: str = "") -> str:
    """The title, then the description; the description alone when it starts with the title
    (`desc_repeats_title`), as the SVG's own name does; then the rows it shows where a selection
    chose them (`selection_words`), which the SVG does not say. On one line: a title or a text value
    may hold line breaks, which an alt attribute, refresh.js and an embed snippet would keep."""
    words = desc if desc_repeats_title(title, desc) else f"{title_sentence(title)} {desc}"
    return one_line(f"{words} {rows}")


def chosen_rows_words(words: str, chart: ChartRequest, asked: TimeRange | None = None) -> str:
    """`words` of the chart (from its spec alone, `spec_words`) followed by the rows its selection
    chose, as its alt text is: its range as `asked` where given (`selection_words`)."""
    return one_line(f"{words} {selection_words(chart.selection, asked)}")


# The header of a page of charts (a dashboard's, the front page, a dataset's) counting those of its chart images it
# knows cannot be drawn, each marked `data-error`: a page stays a 200 whose broken charts say why, and a check
# tells it apart unread.
CHART_ERRORS_HEADER = "X-Chart-Errors"


def cannot_draw_alt(message: str) -> str:
    """The alt text of a chart that cannot be drawn, saying why (`message`), on one line."""
    return one_line(f"This chart cannot be drawn: {message}")


def chart_described(chart: ChartRequest, drawn: Snapshot | None = None) -> Described:
    """The chart's alt text, the same words as the SVG's <title> and <desc> then the rows its selection
    chose, with the characters of its texts drawn as boxes (kept per data version: polls ask often).

    `drawn` is the rows the chart draws (`drawn_data`; read here when not given), read after `chart`
    was looked up: the words are kept under the version those rows were read at, which may be newer.
    Raises SpecError (422) where those rows are more than the chart may draw, kept too: a poll asks
    again at that version without reading them again.
    """
    return _words_read(chart, drawn)[0]


def _words_read(chart: ChartRequest, drawn: Snapshot | None = None) -> tuple[Described, str]:
    """`chart_described`, and the data version the rows its words are of were read at: the version
    the chart looked up, or a newer one where rows were appended before they were read."""
    memo = _alt_memo()
    version, words = chart.dataset.version, memo.get(_alt_key(chart))
    if words is None:
        # A refusal is kept under the version looked up, though the rows may be of a newer one: that
        # one is looked up next, and read then.
        words, version = _refusal_kept(memo, _alt_key(chart), lambda: _worked_out(chart, drawn))
        memo.put(_alt_key(chart, version), words)
    return _unless_refused(words), version


def _refusal_kept(memo: SizedLRU, key: Hashable, make: Callable[[], T]) -> T:
    """What `make` makes; where it refuses the chart (SpecError), the refusal kept in `memo` under `key`
    before it is raised, so that it is answered again without the work."""
    try:
        return make()
    except SpecError as error:
        memo.put(key, Refusal(error.message, error.field, error.status))
        raise


def _unless_refused(kept: T | Refusal) -> T:
    """What a memo kept, raised again as the SpecError it was where it is a refusal."""
    if isinstance(kept, Refusal):
        raise SpecError(kept.message, kept.field, kept.status)
    return kept


@dataclass(frozen=True)
class RowsWords:
    """The words of a chart's rows, whatever selection chose them: its title, its description, the
    characters of its texts the PNG and PDF draw as boxes, and whether it draws anything of them."""

    title: str
    desc: str
    boxed: tuple[str, ...]
    draws: bool = True


def _worked_out(chart: ChartRequest, drawn: Snapshot | None = None) -> tuple[Described, str]:
    """The chart's words worked out from the rows it draws (`drawn`, read here when not given), and
    the version they were read at. Where a selection chose them of a dataset held in memory, the
    words of those rows are kept by which rows they are (`rows_chosen`) too: a relative range that
    moved on since the last poll chooses the same rows as a rule, whose words are not worked out
    again. Raises SpecError where the rows are more than the chart may draw."""
    if drawn is None and not chart.selection.empty and not current_site().store.computed_by_database(chart.dataset):
        marked = chosen_rows_marked(chart)
        rows = None if marked is None else rows_chosen(marked.frame)
        if marked is not None and rows is not None:
            return _chosen_rows_words(chart, marked, rows)
    # Rows read another way, or not as the store reads a dataset as a rule.
    drawn = drawn if drawn is not None else drawn_data(chart)
    return _described_as(chart, _rows_words(chart, drawn)), drawn.info.version


def _chosen_rows_words(chart: ChartRequest, marked: Snapshot, rows: RowsChosen) -> tuple[Described, str]:
    """`_worked_out`'s answer for the rows the chart's selection chose (`marked`, every column of them,
    as `chosen_rows_marked` gives them; `rows`, which rows they are): kept words are found by those
    marks alone, and only where none are kept are the chart's columns taken of them (a poll once a
    relative range has moved on asks it of every chart, whose rows are the same as a rule)."""
    memo = _alt_memo()
    untitled = _untitled(chart.spec)
    key = _rows_key(chart, untitled, marked, rows)
    kept = memo.get(key)
    if kept is None:
        chosen = chart_snapshot(chart, chosen=marked)  # the store not asked for the rows again
        shaped = _refusal_kept(memo, key, lambda: Snapshot(chosen.info, chart_frame(untitled, chosen.frame,
                                                                                   current_site().limits)))
        kept = _rows_words(chart, shaped, untitled)
        memo.put(key, kept)
    return _described_as(chart, _titled(chart.spec.title, _unless_refused(kept))), marked.info.version


def _untitled(spec: ChartSpec) -> ChartSpec:
    """`spec` without its title, its one word no other words depend on: the words of rows are kept
    so, and charts of the same rows that differ by their titles alone (a wall's, each titled) shape
    them and say them once."""
    return dataclasses.replace(spec, title="")


def _rows_key(chart: ChartRequest, untitled: ChartSpec, chosen: Snapshot, rows: RowsChosen) -> tuple:
    """The memo's key of the words of the rows `chosen` of the chart's dataset (`rows`, which rows they
    are), whatever selection chose them, of a chart of `untitled` (`_untitled`)."""
    return ("rows", chart.dataset.name, chosen.info.version, untitled.key(), rows, chosen_by(chosen.frame))


def _rows_words(chart: ChartRequest, drawn: Snapshot, spec: ChartSpec | None = None) -> RowsWords:
    """The words of the rows the chart draws (`drawn`), shaped as it draws them, of the chart's spec
    or of `spec` where given (the chart's without its title)."""
    spec = drawn_spec(spec or chart.spec, drawn.frame)
    title, desc = describe(spec, drawn.frame)
    return RowsWords(title, f"{desc}{_unread_x_words(chart, drawn)}",
                     tuple(boxed_characters(drawn_texts(spec, drawn.frame))), plot_note(spec, drawn.frame).drawing)


def _titled(title: str, words: RowsWords) -> RowsWords:
    """`words` of an untitled chart's rows as those of a chart titled `title` say them: the title in
    place of the summary, and the characters of the title drawn as boxes first, as met (`drawn_texts`
    gives the title first); `words` as they are for no title."""
    if not title:
        return words
    return RowsWords(title, words.desc, tuple(dict.fromkeys([*boxed_characters([title]), *words.boxed])), words.draws)


def _described_as(chart: ChartRequest, words: RowsWords) -> Described:
    """The chart's alt text of its rows' `words`, then the rows its selection chose (`_alt_words`)."""
    return Described(_alt_words(words.title, words.desc, selection_words(chart.selection)), words.boxed, words.draws)


def _unread_x_words(chart: ChartRequest, drawn: Snapshot) -> str:
    """What a source chart's words say of its x column's values that are no moment to the site, each a
    missing value, not drawn (" 5 values of ts are no date or time the site reads …"), as its
    dataset's description counted them at the version its rows were read at (`unread_dates_kept`),
    where it is still kept: no rows are read for them. "" where there are none."""
    store = current_site().store
    if not chart.spec.x or not hasattr(store, "unread_dates_kept"):
        return ""
    for unread in store.unread_dates_kept(drawn.info):
        if unread.column == chart.spec.x:
            values, are = (f"{unread.count:,} values", "are") if unread.count != 1 else ("1 value", "is")
            return (f" {values} of {shown_value(chart.spec.x)} {are} no date or time the site reads, each a missing "
                    "value, not drawn; its dataset's page names them.")
    return ""


def alt_texts(charts: Sequence[ChartRequest]) -> list[str]:
    """The alt text of each of a page's charts; for one that cannot be drawn (too many bar
    categories, its source down), why (`chart_words`)."""
    return [words.alt for words in chart_words(charts)]


def chart_words(charts: Sequence[ChartRequest]) -> list[ChartWords]:
    """The alt text of each of a page's charts; for one that cannot be drawn (too many bar
    categories, its source down), why, with the status its image answers where its rows are more
    than it may draw (422).

    Charts a database computes (of source datasets, and of stored ones of many rows) are described
    by threads, all at once, and the page waits for them at most DESCRIBE_WAIT seconds (a
    setting): a chart its database takes longer to compute gets words from its spec alone ("Line
    chart of value by t.", and the rows its selection chose), and its rows go on being read (kept for its image, a source's by its
    store, a big stored dataset's by the site's store) and its alt text is kept for the next page. Other
    charts are described here, as their rows are in memory.
    """
    memo, store = _alt_memo(), current_site().store
    texts: list = [_kept_words(memo.get(_alt_key(chart))) for chart in charts]
    waiting = {}
    with store.checked_once():  # the charts' rows kept in memory: the database asked once, not for each
        for at, chart in enumerate(charts):
            if texts[at] is not None:
                continue
            if store.computed_by_database(chart.dataset):
                waiting[_alt_pool().submit(_described_in, current_app._get_current_object(), chart)] = at
            else:
                texts[at] = _described(chart)
    if waiting:
        futures.wait(waiting, timeout=current_app.config["DESCRIBE_WAIT"])
    for future, at in waiting.items():
        if future.done():
            texts[at] = future.result()
        else:
            texts[at] = ChartWords(chosen_rows_words(spec_words(charts[at].spec), charts[at]))
    return texts


def _kept_words(kept: Described | Refusal | None) -> ChartWords | None:
    """What the memo keeps of a chart (its words, or why its rows cannot be drawn) as its ChartWords."""
    if isinstance(kept, Refusal):
        return ChartWords.cannot_draw(kept.message, kept.status)
    return None if kept is None else ChartWords(kept.alt, boxed=kept.boxed, draws=kept.draws)


def _described(chart: ChartRequest) -> ChartWords:
    """The chart's alt text, or why it cannot be drawn: with the status its image answers where its
    rows are more than it may draw; a store's failure (its source down) is said, with no status,
    as the next poll reads it again."""
    try:
        words, version = _words_read(chart)
    except SpecError as error:
        return ChartWords.cannot_draw(error.message, error.status)
    except StoreError as error:
        return ChartWords.cannot_draw(error.message)
    return ChartWords(words.alt, version=version if version != chart.dataset.version else None, boxed=words.boxed,
                      draws=words.draws)


def _described_in(app, chart: ChartRequest) -> ChartWords:
    """`_described` in a thread of its own, in `app`'s context."""
    with app.app_context():
        return _described(chart)


def _alt_pool() -> futures.ThreadPoolExecutor:
    """The process's threads that describe charts a database computes (made anew in a forked child,
    which has none of its parent's threads)."""
    global _pool
    with _POOL_LOCK:
        if _pool is None or _pool[0] != os.getpid():
            _pool = (os.getpid(), futures.ThreadPoolExecutor(ALT_THREADS, thread_name_prefix="describe"))
        return _pool[1]
