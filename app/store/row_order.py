"""Whether a stored rows table's column never decreases by row id (`x_in_row_order`), remembered
for the store's engine and the column, and carried on over the rows appended since: a later
version's first chart checks only the rows it adds. Asked by `pushdown_row_ranges.line`, which
thins a line over ranges of row ids where it holds.
"""
from __future__ import annotations

import threading
import weakref
from dataclasses import dataclass, replace

from sqlalchemy import ColumnElement, Connection, Engine, Table, and_, func, literal, or_, select


@dataclass(frozen=True)
class _Order:
    """What is known of the order of a rows table's column by row id: its values (NULL left out)
    never decrease over the rows up to `sorted_through`, of which `last_valued` is the last with a
    value (None: none has one); they decrease somewhere within the rows up to `unsorted_from`
    (None: nowhere seen)."""

    sorted_through: int = 0
    last_valued: int | None = None
    unsorted_from: int | None = None


_ORDERS: weakref.WeakKeyDictionary[Engine, dict[tuple[str, str], _Order]] = weakref.WeakKeyDictionary()
_ORDERS_LOCK = threading.Lock()


def x_in_row_order(conn: Connection, table: Table, x: ColumnElement) -> bool:
    """Whether the values of `table`'s column `x` never decrease by row id (NULL left out) over the
    rows of `conn`'s snapshot, as the database compares them (a stored datetime's text on SQLite,
    which sorts as its moment does but for a date alone, before its midnight written with a time).

    Rows are only appended, so what one snapshot found holds for the same rows in any later one:
    it is remembered for the engine and the column, and a snapshot with more rows checks only
    those. The check is one pass over the rows: each row's x against the next row's by row id, or
    where that one has none (or ids skip), against the next with one.
    """
    key = (table.name, x.key)
    rowid = table.c.rowid
    last = conn.execute(select(func.max(rowid))).scalar()
    with _ORDERS_LOCK:
        # Taken now: what this finds goes into these, not into those of a store made anew meanwhile.
        orders = _ORDERS.setdefault(conn.engine, {})
        known = orders.get(key, _Order())
    if last is None or last <= known.sorted_through:
        return True
    if known.unsorted_from is not None and last >= known.unsorted_from:
        return False
    a, b, c = table.alias("a"), table.alias("b"), table.alias("c")
    ax, bx, cx = (t.c[x.key] for t in (a, b, c))
    # The x of the first row with one after a.
    following = (select(cx).where(c.c.rowid > a.c.rowid, cx.is_not(None)).order_by(c.c.rowid).limit(1)
                 .scalar_subquery())
    # From the last row with an x of those checked before, on.
    new = a.c.rowid >= known.last_valued if known.last_valued is not None else a.c.rowid > known.sorted_through
    decrease = (select(literal(1)).select_from(a.outerjoin(b, b.c.rowid == a.c.rowid + 1))
                .where(new, ax.is_not(None), or_(bx < ax, and_(bx.is_(None), following < ax))).limit(1))
    if conn.execute(decrease).first() is not None:
        found = replace(known, unsorted_from=last)
    else:
        valued = (select(rowid).where(x.is_not(None), rowid >= (known.last_valued or 0))
                  .order_by(rowid.desc()).limit(1))
        found = _Order(last, conn.execute(valued).scalar(), known.unsorted_from)
    with _ORDERS_LOCK:  # another thread may have checked more rows meanwhile: what either found holds
        kept = orders
        now = kept.get(key, _Order())
        if found.sorted_through > now.sorted_through:
            now = replace(now, sorted_through=found.sorted_through, last_valued=found.last_valued)
        unsorted = [u for u in (now.unsorted_from, found.unsorted_from) if u is not None]
        kept[key] = replace(now, unsorted_from=min(unsorted, default=None))
    return found.unsorted_from is None or last < found.unsorted_from


def forget_orders(engine: Engine) -> None:
    """Forget what is known of the order of every rows table `engine` reads: its store was made anew
    (an SQLite file removed or replaced under the running site), whose tables under the same numbers
    hold other rows. A check in flight keeps what it finds in the orders it began with, not in these."""
    with _ORDERS_LOCK:
        _ORDERS[engine] = {}
