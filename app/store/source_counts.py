"""A source dataset's values counted, in one pass over its rows: how many rows it has, which
integer columns hold anything but integers and NULLs, which columns hold a blob (SQLite's, a missing value)
or date text with a lower-case `t` or a UTC offset without its colon (`+01`, `+0200`), how many
values of each SQLite date column are no moment to the site (`31/01/2024`, a zone's name), and the
type of each SQLite column of no declared type, from the kinds of value it holds (each value's kind
told once, by one CASE). An SQLite table's blobs are found column by column, from an index on the
column where there is one.
"""
from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence

from dataclasses import dataclass

from sqlalchemy import ColumnElement, Connection, and_, case, func, inspect, literal_column, or_, select
from sqlalchemy.sql import FromClause

from .source_config import SourceDataset
from .csv_types import MISSING_WORDS
from .source_sql import WHITESPACE, SqlFunctions, blank_or_word
from .source_sql_dialects import SqliteFunctions
from .sqlite_moments import given_its_colon_a_moment
from .types import Column

# The kinds of value `value_kind` tells apart, each a bit, and what each is of what an SQLite column
# of no type holds over all its rows (`counted_types`): text is any but blank text or a word for a
# missing value, and other text any that is no moment.
KIND_NAMES = {"null": ("null",), "integer": ("integer",), "real": ("real",), "blob": ("blob",), "blank": ("blank",),
              "moment": ("text", "moment"), "moment_t": ("text", "moment_t"),
              "moment_t, short offset": ("text", "moment_t", "short_offset"),
              "moment_offset": ("text", "moment_offset", "short_offset"), "text": ("text", "other text"),
              "text, short offset": ("text", "other text", "short_offset")}
KINDS = {kind: 1 << place for place, kind in enumerate(KIND_NAMES)}


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
    (SQLite's columns of no type: a query's, a view's expressions) typed from all its values, by the
    kinds of value it holds (`_counted_type`); those untyped columns of text that hold numbers too, which are CAST
    to text so that a filter's '7' chooses the 7 its rows show (SQLite compares a number and a text
    of a column of no affinity as unequal); and the columns holding a blob (SQLite's:
    `SqlFunctions.holds_blob`, a missing value); and the date columns whose text holds a lower-case
    `t` (`SqlFunctions.holds_lower_t`), and those whose text ends in a UTC offset without its colon
    (`SqlFunctions.holds_short_offset`); and, of each SQLite date column holding values that are no
    moment as the site reads it (`SqlFunctions.no_moment`), each a missing value, how many and the first of them
    (`UnreadDates`). Where the rows are those of a table (`of_a_table`: `a_table`),
    each column's blobs are found by a statement of its own within it, which an index on the
    column answers at once (`SqlFunctions.blob_held`): checked in the one pass, they were most of
    its time. Each untyped value's kind is worked out once, in a subquery (`_kinds_once`), and only
    which kinds a column holds is gathered, not how many of each (counting each kind of each column
    was most of the pass: a query of 345,600 rows of five columns took 1.4 s of CPU, where its rows
    are counted in 0.02 s)."""
    valued = [c.name for c in columns if c.name in untyped]
    typed_here = [c for c in columns if c.name not in untyped]
    rows_of, value_of, kind_of = _kinds_once(source, [c.name for c in typed_here], valued)
    integers = [c.name for c in columns if c.type == "integer" and c.name not in untyped]
    blobs = _asked(value_of, typed_here, functions.holds_blob)
    dates = [c for c in typed_here if c.type == "datetime"]
    dated = _asked(value_of, dates, functions.holds_lower_t)
    offset = _asked(value_of, dates, functions.holds_short_offset)
    unread = _asked(value_of, dates, functions.no_moment)
    counts = conn.execute(select(func.count(),
                                 *(func.count(value_of[n]) - func.count(case((functions.holds_integer(value_of[n]), 1)))
                                   for n in integers),
                                 *(_blob_found(source, n, holds, functions, of_a_table) for n, holds in blobs),
                                 *(func.count(case((holds, 1))) for _, holds in [*dated, *offset]),
                                 *(func.count(held) for _, held in unread),
                                 *(func.coalesce(func.sum(kind_of[n].distinct()), 0) for n in valued))
                          .select_from(rows_of)).one()
    rows, at = int(counts[0]), 1
    not_whole = dict(zip(integers, counts[at:at + len(integers)]))
    at += len(integers)
    held = _holding(blobs, counts[at:at + len(blobs)])
    at += len(blobs)
    lower_t = _holding(dated, counts[at:at + len(dated)])
    at += len(dated)
    short_offsets = _holding(offset, counts[at:at + len(offset)])
    at += len(offset)
    first_of = dict(_asked(source.c, dates, functions.no_moment))
    unread_dates = [UnreadDates(name, count, _first_held(conn, source, first_of[name]))
                    for (name, _), count in zip(unread, counts[at:at + len(unread)]) if count]
    at += len(unread)
    kinds = {n: kinds_in(int(mask)) for n, mask in zip(valued, counts[at:at + len(valued)])}
    typed = [Column(c.name, _counted_type(kinds[c.name])) if c.name in kinds
             else Column(c.name, "float") if not_whole.get(c.name) else c for c in columns]
    spelt = {c.name for c in typed if c.name in kinds and c.type == "text" and kinds[c.name] & {"integer", "real"}}
    held |= {n for n, k in kinds.items() if "blob" in k}
    moments = {c.name for c in typed if c.name in kinds and c.type == "datetime"}
    lower_t |= {n for n in moments if "moment_t" in kinds[n]}
    short_offsets |= {n for n in moments if "short_offset" in kinds[n]}
    return rows, typed, spelt, held, lower_t, short_offsets, unread_dates


def _kinds_once(source: FromClause, names: Sequence[str], valued: Sequence[str]
                ) -> tuple[FromClause, Mapping[str, ColumnElement], dict[str, ColumnElement]]:
    """What `counted_types`' pass reads: its rows, each of the columns `names` (those it asks more of)
    in them, and the kind (`value_kind`) of each of `valued` (`source` itself and none where none is
    valued). The kinds are worked out in a subquery that SQLite computes row by row and never merges
    into the pass (its LIMIT), so that each is computed once a value, not at each use of it. Its
    columns are named by their place, so that no column's name meets a kind's."""
    if not valued:
        return source, source.c, {}
    once = select(*(source.c[n].label(f"c{i}") for i, n in enumerate(names)),
                  *(value_kind(source.c[n]).label(f"k{i}") for i, n in enumerate(valued))).limit(-1).subquery("v")
    return (once, {n: once.c[f"c{i}"] for i, n in enumerate(names)},
            {n: once.c[f"k{i}"] for i, n in enumerate(valued)})


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


def _asked(value_of: Mapping[str, ColumnElement], columns: Sequence[Column],
           holds: Callable[[ColumnElement], ColumnElement | None]) -> list[tuple[str, ColumnElement]]:
    """Each of `columns` with what `holds` asks of its rows (`SqlFunctions.holds_blob` …), each read
    as `value_of` names it, but those it asks nothing of (None: the system's columns cannot hold it)."""
    asked = ((c.name, holds(value_of[c.name])) for c in columns)
    return [(name, test) for name, test in asked if test is not None]


def _holding(asked: Sequence[tuple[str, ColumnElement]], counts: Sequence[int]) -> set[str]:
    """The columns of `asked` (`_asked`) with a row that holds it, by `counts`, their rows' counts in order."""
    return {name for (name, _), count in zip(asked, counts) if count}


def value_kind(value: ColumnElement) -> ColumnElement:
    """The kind of an SQLite value (`KINDS`), one bit of a whole number: integer, real, blob, NULL, or
    text that is blank or a word for a missing value (`csv_types.missing_text`), a moment
    (`SqliteFunctions.present`), a moment once its lower-case `t` is upper case (which SQLite's date
    functions read only so), a moment once its UTC offset is written with its colon (`+01` as
    `+01:00`, which they read only so), or other text, each of the last three with such an offset or
    not. A CASE, whose tests SQLite asks in turn and no further than the first that holds: of a
    column of moments, the moment; of numbers, their typeof()."""
    functions = SqliteFunctions()

    def bit(kind: str) -> ColumnElement:
        return literal_column(str(KINDS[kind]))

    # Where its 14th character is no colon, no text ends in such an offset (`ends_in_short_offset`): asked
    # first here, where moments, which julianday() reads, are told already.
    short = and_(func.substr(value, 14, 1) == literal_column("':'"), functions.holds_short_offset(value))
    lower_t = case((functions.present(functions.date_as_read(value), "datetime"),
                    case((short, bit("moment_t, short offset")), else_=bit("moment_t"))),
                   (short, bit("text, short offset")), else_=bit("text"))
    text = case((functions.present(value, "datetime"), bit("moment")),
                (_blank(value), bit("blank")),
                (functions.holds_lower_t(value), lower_t),
                (short, case((given_colon_a_moment(value), bit("moment_offset")), else_=bit("text, short offset"))),
                else_=bit("text"))
    return case({literal_column(f"'{kind}'"): bit(kind) for kind in ("integer", "real", "blob", "null")},
                value=func.typeof(value), else_=text)


def given_colon_a_moment(value: ColumnElement) -> ColumnElement:
    """Whether SQLite text ending in a UTC offset without its colon is a moment once given it
    (`sqlite_moments.given_its_colon_a_moment`), the text given its colon computed once."""
    return given_its_colon_a_moment(value, SqliteFunctions().colon_offset(value))


def _blank(value: ColumnElement) -> ColumnElement:
    """Whether SQLite text is blank or a word for a missing value (`blank_or_word`), asked only where it
    begins with a space or a word's first letter: trim() of every value, which reads its characters
    to trim anew at each, took a sixth of a description's pass over a column of text."""
    # The first characters such text may have, lower() changing ASCII letters alone.
    chars = {*WHITESPACE, *(word[0] for word in MISSING_WORDS), *(word[0].upper() for word in MISSING_WORDS)}
    first = [literal_column(str(ord(c))) for c in sorted(chars)]
    return and_(or_(func.unicode(value).is_(None), func.unicode(value).in_(first)), blank_or_word(value))


def kinds_in(bits: int) -> set[str]:
    """What the kinds of value `bits` holds (the sum of distinct `value_kind`s) are (`KIND_NAMES`)."""
    return {named for kind, bit in KINDS.items() if bits & bit for named in KIND_NAMES[kind]}


def _counted_type(kinds: set[str]) -> str:
    """The site's type of a column holding values of `kinds` (`kinds_in`), as a CSV file's cells
    decide it, but for NULL: integers alone, or integers and NULLs (a column of integers with a
    missing value, exact, as a table's is: `counted_types`), are integer; other numbers, or numbers
    with other missing values (blank text, `n/a`, a blob), or no value at all (`NULL AS nada`), float;
    moments alone (their `t` in lower case or not, their offset with its colon or not) datetime;
    anything else text. A blob is a missing value, as what no CSV cell holds."""
    numbers = kinds & {"integer", "real"}
    if "text" not in kinds:
        return "integer" if numbers == {"integer"} and not kinds & {"blob", "blank"} else "float"
    return "datetime" if not numbers and "other text" not in kinds else "text"
