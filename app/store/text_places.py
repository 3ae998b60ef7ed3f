"""How a refusal of CSV text names where it is: the text, its lines and its header, in the words of what was
sent. A CSV names its own ("line 3 of the CSV"); a workbook's sheet read into CSV text names the sheet's rows
("row 3 of the sheet 'Data'"); rows pasted into the append form with tabs between values name the tabs a line
ends in, where the CSV they were read into ends it in commas. The readers of CSV text (`tables`, `csv_headers`,
`csv_files`, `upload_limits`, `upload_columns`, `header_and_total_rows`) are given the place and write its words,
so that no refusal is reworded after it is made.
"""
from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from plots.text import quoted_name


@dataclass(frozen=True)
class Place:
    """A CSV's own words: `whole`, the text; `header`, its header as a subject; `header_line` and `first_line`,
    its header line and its first line; `line_end` and `header_end`, what was written between values where a
    line, or the header line, ends in one too many ("comma", or "tab" for cells pasted with tabs between them)."""

    whole: str = "the CSV"
    header: str = "the CSV header"
    header_line: str = "the header line"
    first_line: str = "the first line"
    line_end: str = "comma"
    header_end: str = "comma"

    def line(self, number: int) -> str:
        """Line `number` (from 1) of the text, where a message already names the text: "line 3"."""
        return f"line {number}"

    def line_of_whole(self, number: int) -> str:
        """Line `number` (from 1) of the text, naming the text: "line 3 of the CSV"."""
        return f"line {number} of {self.whole}"

    def header_ends_in(self, count: int) -> str:
        """What the header line ends in, `count` values too many: "a comma", "2 commas"."""
        return f"a {self.header_end}" if count == 1 else f"{count} {self.header_end}s"


@dataclass(frozen=True)
class SheetPlace(Place):
    """A workbook's sheet read into CSV text: a line named as the sheet's row it is of (`line_rows`, the sheet's
    row of each line, the first line's first: a cell holding line breaks spreads its row over more lines)."""

    line_rows: Sequence[int] = ()

    def row_of_line(self, line: int) -> int:
        """The sheet's row that line `line` (from 1) of the CSV text is of."""
        return self.line_rows[line - 1] if 0 < line <= len(self.line_rows) else line

    def line(self, number: int) -> str:
        return f"row {self.row_of_line(number)} of {self.whole}"

    def line_of_whole(self, number: int) -> str:
        return self.line(number)


def sheet_place(sheet: str, line_rows: Sequence[int]) -> SheetPlace:
    """The words of a workbook's sheet named `sheet`, its CSV text's lines of its rows `line_rows`."""
    where = f"the sheet {quoted_name(sheet)}"
    return SheetPlace(whole=where, header=f"the header row of {where}", header_line="the header row",
                      first_line="the first row", line_rows=tuple(line_rows))


# A CSV's own words: those of an uploaded or appended CSV, a data-folder file and rows pasted as CSV.
CSV = Place()
