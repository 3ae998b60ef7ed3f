"""A cell as a page's table of rows shows it: a long text cut, its line breaks and tabs marked, a number
to the digits a spreadsheet shows and with the unit its column's name ends with in brackets."""
from __future__ import annotations

import re
from decimal import ROUND_HALF_UP, Decimal
from collections.abc import Sequence

import pandas as pd
from markupsafe import Markup

from plots import ChartSpec
from plots.text import line_feeds, quoted_cut
from plots.value_text import category_labels
from plots.unit_ticks import MINUS, with_unit
from plots.value_text import grouped_by_thousands

from ..export_numbers import number_to_read

# A cell's line breaks and tabs as a table shows them, where HTML would fold each into a space: a
# line break as a mark and a new line, as a chart draws its text on lines of their own, a tab as a
# mark, so that "Hill⏎ Top" is told from "Hill Top" and a tab from a space.
CELL_MARKS = {
    "\n": Markup('<span class="cell-mark" title="line break">⏎</span><br>'),
    "\t": Markup('<span class="cell-mark" title="tab">⇥</span>'),
}
CELL_BREAKS = re.compile("([\n\t])")
# Amounts of a currency are written to the cent below this, as a double holds each of their cents; past it, as any
# other number is (`number_with_unit`).
MONEY_BELOW = 1e13


def table_cell(value, unit: str | None = None, decimals: int | None = None):
    """A cell as a page's table of rows shows it (a dataset's first rows, a chart's data): a text of more
    than 100 characters cut to them, with "…" and its length ("aaaa… (131072 characters)"), as a message
    quotes a long value, for a cell may hold 131,072 and a table 100 rows of 50 columns; the CSV and
    JSON downloads give it whole. Its line breaks (CRLF and a lone CR among them) and tabs are shown
    (`CELL_MARKS`). A float to 15 significant digits, as a spreadsheet shows it (`number_to_read`: 40.73 for
    a query's 40.730000000000004, a whole one up to 2**53 as it is), where the downloads keep every digit. A
    number of a column whose name ends with a unit, `unit` (`unit_ticks.named_unit`), is written with it
    (`number_with_unit`); a float of a currency's column given its `decimals` (`money_decimals`) to them, as an amount
    is written (`£205.90`, `£2,724.00`; `£2,724` where the column's values shown are whole), an int of it too, as a
    chart's table writes a whole sum or mean among others with cents (`£5.00` beside `£205.90`)."""
    if decimals is not None and unit is not None and _is_amount(value):
        return money_with_unit(value, unit, decimals)
    if isinstance(value, float):
        value = number_to_read(value)
    if unit is not None and isinstance(value, (int, float)) and not isinstance(value, bool):
        return number_with_unit(value, unit)
    if not isinstance(value, str):
        return value
    shown = quoted_cut(line_feeds(value), str)
    if not CELL_BREAKS.search(shown):
        return shown
    return Markup("").join(CELL_MARKS.get(piece, piece) for piece in CELL_BREAKS.split(shown))


def number_with_unit(value: int | float, unit: str) -> str:
    """A number of a table's column of `unit` (`%`, a currency's sign or code) as the chart's words write
    its values (`unit_ticks.with_unit`): `$1,234.5`, `−$5.0`, `12.5%`, `USD −1,234`; the digits the table
    writes without the unit (str()'s of `value`, a float as `table_cell` rounded it: none added, an
    integer's every one), the whole part's grouped by thousands as the words write an amount (`$4,952,920`),
    a minus as theirs, the sign of a negative zero dropped; one written with a power of ten (`1e+20`) as it is."""
    text = str(abs(value))  # str()'s digits, as the table writes a number of no unit
    return with_unit(grouped_by_thousands(f"{MINUS}{text}" if value < 0 else text), unit)


def money_decimals(rows: Sequence[Sequence], units: Sequence[str | None]) -> list[int | None]:
    """The decimals each column of a table's `rows` is written to (`table_cell`'s `decimals`), by the unit its name ends
    with (`units`): a currency's amounts to the cent where any of them has a fraction (205.9 of 205.9 and 2724.0), else
    whole; None for any other column, a percent's or one of no unit, written as it was (to 15 significant digits).

    A chart page's table asks it of the values its chart draws: a row's own amounts, a sum, least or greatest of them,
    and a mean, median or percentile of them, which is money as they are and read to the cent as they are (£18.33 of
    a mean of £10, £20 and £25, not £18.3333333333333), as its axis and words name it in the column's currency."""
    decimals = []
    for position, unit in enumerate(units):
        amounts = [number_to_read(float(row[position])) for row in rows if _is_amount(row[position])]
        if unit is None or unit == "%" or not amounts:
            decimals.append(None)
        else:
            decimals.append(2 if any(not amount.is_integer() for amount in amounts) else 0)
    return decimals


def _is_amount(value) -> bool:
    """Whether `value` is a number an amount of a currency is written to the cent as (`MONEY_BELOW`): an int or
    a float below it, neither NaN nor an infinity."""
    return isinstance(value, (int, float)) and not isinstance(value, bool) and abs(value) < MONEY_BELOW


def money_with_unit(value: float | int, unit: str, decimals: int) -> str:
    """An amount of a currency's column written to `decimals` (`money_decimals`) with its unit, its whole part grouped
    by thousands: `£205.90`, `−$5.00`, `USD 1,234`; no minus sign on an amount that rounds to zero. A half cent is
    rounded up, away from zero, as a spreadsheet rounds the digits it shows (`$7.63` of a mean of $7.625, `$1.01` of
    1.005), where the double's own digits (7.625 rounded to even, 1.005 held as 1.00499…) gave `$7.62` and `$1.00`."""
    amount = Decimal(abs(value)) if isinstance(value, int) else Decimal(repr(number_to_read(abs(value))))
    text = f"{amount.quantize(Decimal(1).scaleb(-decimals), rounding=ROUND_HALF_UP):,f}"
    negative = value < 0 and any(digit not in "0,." for digit in text)
    return with_unit(f"{MINUS}{text}" if negative else text, unit)


def periods_written(rows: list[list], frame: pd.DataFrame, spec: ChartSpec) -> list[list]:
    """A chart's table `rows` (the first of `frame`'s, as `export_numbers.json_rows_to_read` writes them)
    with each hour of a chart resampled by hour written as its axis and words write it, `2024-03-31 14:00`
    (`plots.value_text.category_labels`), where its .json and .csv write the moment, `2024-03-31T14:00:00Z`,
    as a day's period is its date in both (`2024-03-31`)."""
    if spec.resample != "hour" or spec.x is None or spec.x not in frame.columns:
        return rows
    position = frame.columns.get_loc(spec.x)
    if not isinstance(position, int) or not pd.api.types.is_datetime64_any_dtype(frame.iloc[:, position]):
        return rows
    labels = category_labels(frame.iloc[:len(rows), position], "hour")
    return [[*row[:position], label if row[position] is not None else None, *row[position + 1:]]
            for row, label in zip(rows, labels)]
