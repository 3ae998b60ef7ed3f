"""A source dataset's values counted, in one pass over its rows: how many rows it has, which
integer columns hold anything but integers and NULLs, which columns hold a blob (SQLite's, a missing value)
or date text with a lower-case `t` or a UTC offset without its colon (`+01`, `+0200`), how many
values of each SQLite date column are no moment to the site (`31/01/2024`, a zone's name), and the
type of each SQLite column of no declared type, from its values counted by kind. An SQLite table's
blobs are found column by column, from an index on the column where there is one.
"""
from __future__ import annotations

from collections.abc import Callable, Sequence

from dataclasses import dataclass

from sqlalchemy import ColumnElement, Connection, and_, case, func, inspect, literal_column, not_, select
from sqlalchemy.sql import FromClause

from .source_config import SourceDataset
from .source_sql import SqlFunctions, blank_or_word
from .source_sql_dialects import SqliteFunctions
from .sqlite_moments import given_its_colon_a_moment
from .types import Column

# The kinds of value an SQLite column of no type holds, counted over all its rows (`counted_types`).
VALUE_KINDS = ("integer", "real", "blob", "text", "moment", "moment_t", "moment_offset", "short_offset", "null")


# How many of a date column's values that are no moment `counted_types` keeps as examples.
EXAMPLES = 2


@dataclass(frozen=True)
class UnreadDates:
    """A date column's values that are no moment to the site, though not NULL (`SqlFunctions.no_moment`), each a
    missing value: how many, and the first EXAMPLES of them, which a dataset's page names
    (`column_warnings`)."""

    column: str
    count: int
    examples: tuple[object, ...]


def a_table(dataset: SourceDataset, conn: Connection, functions: SqlFunctions) -> bool:
    """Whether the dataset is an SQLite table (not a view, nor a query), whose blobs `counted_types`
    finds column by column, each from an index on it where there is one (`SqlFunctions.blob_held`):
    of a view, each would compute the view again."""
    if dataset.table is None or not functions.blobs_by_index:
        return False
    views = {view.casefold() for view in inspect(conn).get_view_names(schema=dataset.schema)}
    return dataset.table.casefold() not in views  # SQLite's names are one in any case


def counted_types(conn: Connection, source: FromClause, columns: Sequence[Column], functions: SqlFunctions,
                  untyped: set[str], of_a_table: bool = False
                  ) -> tuple[int, list[Column], set[str], set[str], set[str], set[str], list[UnreadDates]]:
    """In one pass: the number of rows; `columns` with each integer column that holds anything but
    integers and NULLs (in SQLite a REAL or text kept there) made float, and each of `untyped`
    (SQLite's columns of no type: a query's, a view's expressions) typed from all its values, counted
    by kind (`_counted_type`); those untyped columns of text that hold numbers too, which are CAST
    to text so that a filter's '7' chooses the 7 its rows show (SQLite compares a number and a text
    of a column of no affinity as unequal); and the columns holding a blob (SQLite's:
    `SqlFunctions.holds_blob`, a missing value); and the date columns whose text holds a lower-case
    `t` (`SqlFunctions.holds_lower_t`), and those whose text ends in a UTC offset without its colon
    (`SqlFunctions.holds_short_offset`); and, of each SQLite date column holding values that are no
    moment as the site reads it (`SqlFunctions.no_moment`), each a missing value, how many and the first of them
    (`UnreadDates`). Where the rows are those of a table (`of_a_table`: `a_table`),
    each column's blobs are found by a statement of its own within it, which an index on the
    column answers at once (`SqlFunctions.blob_held`): checked in the one pass, they were most of
    its time."""
    integers = [c.name for c in columns if c.type == "integer" and c.name not in untyped]
    typed_here = [c for c in columns if c.name not in untyped]
    blobs = _asked(source, typed_here, functions.holds_blob)
    dates = [c for c in typed_here if c.type == "datetime"]
    dated = _asked(source, dates, functions.holds_lower_t)
    offset = _asked(source, dates, functions.holds_short_offset)
    unread = _asked(source, dates, functions.no_moment)
    valued = [c.name for c in columns if c.name in untyped]
    counts = conn.execute(select(func.count(),
                                 *(func.count(source.c[n]) - func.count(case((functions.holds_integer(source.c[n]), 1)))
                                   for n in integers),
                                 *(_blob_found(source, n, holds, functions, of_a_table) for n, holds in blobs),
                                 *(func.count(case((holds, 1))) for _, holds in [*dated, *offset]),
                                 *(func.count(held) for _, held in unread),
                                 *(func.count(case((kind, 1))) for n in valued for kind in _value_kinds(source.c[n])))
                          .select_from(source)).one()
    rows, at = int(counts[0]), 1
    not_whole = dict(zip(integers, counts[at:at + len(integers)]))
    at += len(integers)
    held = _holding(blobs, counts[at:at + len(blobs)])
    at += len(blobs)
    lower_t = _holding(dated, counts[at:at + len(dated)])
    at += len(dated)
    short_offsets = _holding(offset, counts[at:at + len(offset)])
    at += len(offset)
    unread_dates = [UnreadDates(name, count, _first_held(conn, source, held))
                    for (name, held), count in zip(unread, counts[at:at + len(unread)]) if count]
    at += len(unread)
    width = len(VALUE_KINDS)
    kinds = {n: dict(zip(VALUE_KINDS, counts[at + i * width:at + (i + 1) * width])) for i, n in enumerate(valued)}
    typed = [Column(c.name, _counted_type(rows, kinds[c.name])) if c.name in kinds
             else Column(c.name, "float") if not_whole.get(c.name) else c for c in columns]
    spelt = {c.name for c in typed if c.name in kinds and c.type == "text"
             and kinds[c.name]["integer"] + kinds[c.name]["real"] > 0}
    held |= {n for n, k in kinds.items() if k["blob"]}
    moments = {c.name for c in typed if c.name in kinds and c.type == "datetime"}
    lower_t |= {n for n in moments if kinds[n]["moment_t"]}
    short_offsets |= {n for n in moments if kinds[n]["short_offset"]}
    return rows, typed, spelt, held, lower_t, short_offsets, unread_dates


def _first_held(conn: Connection, source: FromClause, held: ColumnElement) -> tuple[object, ...]:
    """The first EXAMPLES values of `held` (`SqlFunctions.no_moment`) that are not NULL, in the order the database
    gives the rows, once each: asked only of a column that holds one, which the pass counted, as it
    reads the rows no further than the second (asked in the pass too, each value was tested twice,
    and the pass took twice as long; asked for two distinct values, a column of one read to its end)."""
    found = conn.execute(select(held).select_from(source).where(held.is_not(None)).limit(EXAMPLES)).scalars()
    return tuple(dict.fromkeys(found))


def _blob_found(source: FromClause, name: str, holds: ColumnElement, functions: SqlFunctions,
                of_a_table: bool) -> ColumnElement:
    """What `counted_types` asks of a column's blobs: the rows holding one (`holds`), counted in its
    pass, or `of_a_table` whether one does, by a statement of its own (`SqlFunctions.blob_held`)."""
    if not of_a_table:
        return func.count(case((holds, 1)))
    return select(functions.blob_held(source.c[name])).select_from(source).correlate(None).scalar_subquery()


def _asked(source: FromClause, columns: Sequence[Column],
           holds: Callable[[ColumnElement], ColumnElement | None]) -> list[tuple[str, ColumnElement]]:
    """Each of `columns` with what `holds` asks of its rows (`SqlFunctions.holds_blob` …), but those
    it asks nothing of (None: the system's columns cannot hold it)."""
    asked = ((c.name, holds(source.c[c.name])) for c in columns)
    return [(name, test) for name, test in asked if test is not None]


def _holding(asked: Sequence[tuple[str, ColumnElement]], counts: Sequence[int]) -> set[str]:
    """The columns of `asked` (`_asked`) with a row that holds it, by `counts`, their rows' counts in order."""
    return {name for (name, _), count in zip(asked, counts) if count}


def _value_kinds(value: ColumnElement) -> list[ColumnElement]:
    """Whether an SQLite value is an integer, a real, a blob, text other than a word for a missing
    value or blank (`csv_types.missing_text`), a moment (`SqliteFunctions.present`), a moment
    once its lower-case `t` is upper case (which SQLite's date functions read only so), one with no
    such `t` once its UTC offset is written with its colon (`+01` as `+01:00`, which they read only
    so), and whether it ends in such an offset at all, and whether it is NULL: in the order of VALUE_KINDS."""
    def of(kind: str) -> ColumnElement:
        return func.typeof(value) == literal_column(f"'{kind}'")

    functions = SqliteFunctions()
    short_offset = functions.holds_short_offset(value)
    return [of("integer"), of("real"), of("blob"), and_(of("text"), not_(blank_or_word(value))),
            functions.present(value, "datetime"),
            and_(functions.holds_lower_t(value),
                 functions.present(functions.date_as_read(value), "datetime")),
            and_(short_offset, not_(functions.holds_lower_t(value)),
                 given_its_colon_a_moment(value, functions.colon_offset(value))),
            short_offset, value.is_(None)]


def _counted_type(rows: int, counts: dict[str, int]) -> str:
    """The site's type of a column of `rows` values of which `counts` are of each kind (`_value_kinds`),
    as a CSV file's cells decide it, but for NULL: integers alone, or integers and NULLs (a column of
    integers with a missing value, exact, as a table's is: `counted_types`), are integer; other numbers, or
    numbers with other missing values (blank text, `n/a`), or no value at all (`NULL AS nada`), float; moments alone (their `t`
    in lower case or not, their offset with its colon or not) datetime; anything else text. A blob is a missing value, as what no CSV
    cell holds."""
    texts, numbers = counts["text"], counts["integer"] + counts["real"]
    if texts == 0:
        return "integer" if numbers > 0 and counts["integer"] == rows - counts["null"] else "float"
    moments = counts["moment"] + counts["moment_t"] + counts["moment_offset"]
    if numbers == 0 and 0 < counts["text"] == moments:
        return "datetime"
    return "text"

