"""SQLite's M4 of a line (`SqliteFunctions.thinned_line`): per pixel column every row at its first
and last x and at the first x holding each y's lowest and highest value, with the x range and the
counts (of the rows at the line's first and last x too), in one statement that reads the table
once; a y with missing values adds a second for the rows that break its line. Of several rows of
one x, `pushdown_m4.line` keeps those the frame path keeps.

The rows within the chart's WHERE clauses, each with its position (a moment's whole microseconds,
`moment_key`, or a number as a double), are worked out once into a materialized CTE: SQLite has no
date type, and working a text moment out (parsing it, checking it) is most of a chart's time. From
it, in the same statement: the x range where the chart gives none, one GROUP BY of the pixel column
(`floor((seconds - lo) * scale)`, `plots.downsample.column_scale`) with plain aggregates (each
column's first and last position, each y's lowest and highest value, the counts), the few rows
holding one of those values (every row holding a column's extreme is among them: they are chosen
by value), and over those few rows alone the first position holding each extreme and the rows at
the positions kept. Every row is sorted once, where each of the four picks sorted every row, and
the x range was a statement of its own that worked every row's moment out again. Which rows are
kept does not depend on the order they are read in: the table's, or where an index on x serves the
chart's x bounds or time range, the index's (by x as written).
"""
from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy import ColumnElement, Connection, Double, Select, case, func, literal, null, or_, select, true, union_all
from sqlalchemy.sql import FromClause

from plots.downsample import COLUMN_SHARE

from .source_sql import M4Rows, ThinnedLine

# The name of the rows worked out once (a CTE), or the first of it with a number after it that the
# query inside does not hold (`_unused_name`); the statement's other CTEs are named after it.
M4_ROWS = "svgplots_m4_rows"


def thinned_line(functions, conn: Connection, source: FromClause, x: ColumnElement, ys: Sequence[ColumnElement],
                 where: Sequence[ColumnElement], x_type: str, pixels: int,
                 lo: float | None, hi: float | None) -> ThinnedLine | None:
    """`SqlFunctions.thinned_line` for SQLite: one statement, and for a y with missing values a second
    one for the rows that break its line. x is compared as the pixel columns place it (dates as
    moments: as text, '2024-05-01 12:00' sorts before '2024-05-01T11:00', and UTC offsets not at
    all); a date's place within its pixel column is its whole microseconds, an integer
    (`epoch_seconds`' double tied moments a microsecond apart from about the year 2255 on), and its
    seconds those microseconds over 1e6, as `plots.downsample.axis_numbers` computes them."""
    line = _Line(functions, conn, source, x, ys, where, x_type, pixels, lo, hi)
    found = conn.execute(line.statement()).all()
    groups = [row for row in found if row[0] == COUNTS]
    if not groups:
        return None
    [(_, _, lo, hi, per_second, *_)] = [row for row in found if row[0] == RANGE]
    width = 4 + len(ys)
    total = sum(row[width] for row in groups)
    nulls = [sum(row[width + 1 + i] for row in groups) < total for i in range(len(ys))]
    rows = [tuple(row[3:width]) for row in found if row[0] == ROWS]
    [(_, _, at_first, at_last, *_)] = [row for row in found if row[0] == ENDS]
    if any(nulls):  # the rows that break a line with missing values: a second statement, for those only
        line = _Line(functions, conn, source, x, ys, where, x_type, pixels, lo, hi)
        rows += [tuple(row[3:width]) for row in conn.execute(line.breaks(nulls))]
    return ThinnedLine(M4Rows(rows, total, nulls, (at_first > 1, at_last > 1)), float(lo), float(hi),
                       float(per_second))


# What each row of the statement holds (its first column): a pixel column's counts, the range and
# scale, how many rows hold the first x and the last, a row.
COUNTS, RANGE, ENDS, ROWS = -1, -2, -3, 0


class _Line:
    """The CTEs of one line's statement: the rows within its WHERE clauses with their positions
    (`within`), its range and scale (`bounds`, one row), and of each of its pixel columns the plain
    aggregates (`columns`)."""

    def __init__(self, functions, conn: Connection, source: FromClause, x: ColumnElement,
                 ys: Sequence[ColumnElement], where: Sequence[ColumnElement], x_type: str, pixels: int,
                 lo: float | None, hi: float | None):
        self.datetime = x_type == "datetime"
        position = functions.moment_key(x) if self.datetime else functions.epoch_seconds(x, x_type)
        self.names = [f"y{i}" for i in range(len(ys))]
        body = (select(position.label("p"), x.label("x"), *(y.label(n) for y, n in zip(ys, self.names)))
                .select_from(source).where(*where))
        self.name = _unused_name(conn, body)
        self.within = body.cte(self.name).prefix_with("MATERIALIZED")
        p = self.within.c.p
        # The range, one row worked out once: the chart's bounds, else the rows' first and last x.
        low = literal(lo, Double) if lo is not None else self.seconds(func.min(p))
        high = literal(hi, Double) if hi is not None else self.seconds(func.max(p))
        # `plots.downsample.column_scale` in SQL, over the range worked out here: the same double
        # arithmetic, its columns' share worked out in Python as there.
        scale = case((high > low, literal(pixels * COLUMN_SHARE, Double) / (high - low)), else_=literal(0.0, Double))
        bounds = select(low.label("lo"), high.label("hi"), scale.label("scale"))
        if lo is None or hi is None:
            bounds = bounds.select_from(self.within)
        self.bounds = bounds.cte(f"{self.name}_range").prefix_with("MATERIALIZED")
        self.joined = self.within.join(self.bounds, true())  # each row beside its range and scale
        self.column = functions.floor((self.seconds(p) - self.bounds.c.lo) * self.bounds.c.scale)
        self.counted = 1 + len(ys)

    def seconds(self, at: ColumnElement) -> ColumnElement:
        return at / 1e6 if self.datetime else at

    def at_positions(self, rows: FromClause, places: FromClause) -> Select:
        """Every row of `rows` whose position is one of its pixel column's in `places` (a row a column):
        all the rows of each such x, for `pushdown_m4.line` to keep of them those the frame path
        keeps (`plots.downsample.m4`, over rows of one x in the order `pushdown_query.ChartQuery.tie_order`
        gives them)."""
        positions = [places.c[name] for name in places.c.keys() if name != "k"]
        return (select(literal(ROWS), rows.c.k, rows.c.p, rows.c.x, *(rows.c[n] for n in self.names),
                       *[null()] * self.counted)
                .select_from(rows.join(places, rows.c.k == places.c.k))
                .where(rows.c.p.in_(positions)))

    def statement(self) -> Select:
        """Per pixel column its counts, its rows with the first and last x and each y's lowest and
        highest value, and the range and the scale that placed them."""
        within, p = self.within, self.within.c.p
        values = [within.c[n] for n in self.names]
        # One grouped pass of plain aggregates: each column's first and last positions, each y's
        # extremes, and the counts of rows and of each y's values.
        extremes = [func.min(p), func.max(p), *(extreme(y) for y in values for extreme in (func.min, func.max))]
        counts = [func.count(), *map(func.count, values)]
        columns = (select(self.column.label("k"), *(e.label(f"e{i}") for i, e in enumerate(extremes)),
                          *(c.label(f"n{i}") for i, c in enumerate(counts)))
                   .select_from(self.joined).group_by(self.column)
                   .cte(f"{self.name}_columns").prefix_with("MATERIALIZED"))
        found = columns.c
        # The rows holding one of those values, in the order they were read: one look-up a row for
        # its position and one for each y's value.
        held = [p.in_(union_all(select(found.e0), select(found.e1)))]
        held += [y.in_(union_all(select(found[f"e{2 + 2 * i}"]), select(found[f"e{3 + 2 * i}"])))
                 for i, y in enumerate(values)]
        few = (select(self.column.label("k"), p.label("p"), within.c.x, *values)
               .select_from(self.joined).where(or_(*held))
               .cte(f"{self.name}_found").prefix_with("MATERIALIZED"))
        parts = [select(literal(COUNTS), found.k, null(), null(), *[null()] * len(values),
                        *(found[f"n{i}"] for i in range(len(counts))))]
        # Per pixel column its first and last positions, and the first position holding each y's
        # lowest and highest value (the few hold every row holding one, whichever order they were
        # read in); then every one of the few at one of those positions: a column's rows of one x
        # are all among them where it is its first or last x, and those holding the extreme where
        # it is the first x holding it.
        holding = [func.min(few.c.p).filter(few.c[n] == found[f"e{2 + 2 * i + j}"]).label(f"a{i}_{j}")
                   for i, n in enumerate(self.names) for j in (0, 1)]
        places = (select(few.c.k, func.min(found.e0).label("first"), func.min(found.e1).label("last"), *holding)
                  .select_from(few.join(columns, few.c.k == found.k)).group_by(few.c.k)
                  .cte(f"{self.name}_places").prefix_with("MATERIALIZED"))
        parts.append(self.at_positions(few, places))
        # How many rows hold the line's first position and its last: the few hold every row at
        # either (each is a pixel column's first or last), so a run there is counted among them.
        first, last = (select(edge(found[e])).scalar_subquery() for edge, e in ((func.min, "e0"), (func.max, "e1")))
        parts.append(select(literal(ENDS), null(), func.count().filter(few.c.p == first),
                            func.count().filter(few.c.p == last), *[null()] * (len(values) + len(counts)))
                     .select_from(few))
        # The range and the scale used, which the chart's bounds or the rows gave.
        parts.append(select(literal(RANGE), null(), self.bounds.c.lo, self.bounds.c.hi, self.bounds.c.scale,
                            *[null()] * (len(values) + len(counts) - 1)))
        return union_all(*parts)

    def breaks(self, nulls: Sequence[bool]) -> Select:
        """Per pixel column, of each y with missing values, every row at its first and last x with a
        value and without one (`plots.downsample.gaps_between_columns` keeps those it needs)."""
        rows = (select(self.column.label("k"), self.within.c.p, self.within.c.x,
                       *(self.within.c[n] for n in self.names)).select_from(self.joined)
                .cte(f"{self.name}_placed"))
        edges = [edge(rows.c.p).filter(which).label(f"b{i}_{j}_{e}")
                 for i, (n, has_nulls) in enumerate(zip(self.names, nulls)) if has_nulls
                 for j, which in enumerate((rows.c[n].is_not(None), rows.c[n].is_(None)))
                 for e, edge in enumerate((func.min, func.max))]
        places = (select(rows.c.k, *edges).group_by(rows.c.k)
                  .cte(f"{self.name}_edges").prefix_with("MATERIALIZED"))
        return self.at_positions(rows, places)


def _unused_name(conn: Connection, query: Select) -> str:
    """A name for a CTE of `query`'s rows that `query` does not name: `M4_ROWS`, or it with the least
    number after it (`svgplots_m4_rows_2`) that its SQL, a source's own query or table name and
    every name the site writes in it, does not hold in any case (nor then any name that begins with
    it). A CTE hides a table or view of its name from the query inside it (SQLite: "circular
    reference"); SQLite reads names in any case of their ASCII letters, and a view's own query does
    not see it. The name is the same for the same query, so that the statement's compiled form is
    reused."""
    text = str(query.compile(dialect=conn.dialect)).lower()
    name, number = M4_ROWS, 1
    while name in text:
        number += 1
        name = f"{M4_ROWS}_{number}"
    return name
