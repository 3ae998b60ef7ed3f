"""How a refusal of CSV text names where it is: the text, its lines and its header, in the words of what was
sent. A CSV names its own ("line 3 of the CSV"); a workbook's sheet read into CSV text names the sheet's rows
("row 3 of the sheet 'Data'"); rows pasted into the append form with tabs between values name the tabs a line
ends in, where the CSV they were read into ends it in commas. What a refusal tells to do is in those words
too: a CSV's header is told of its commas and lines, a sheet's of its cells, its columns by their letters (a
blank cell C1, the row of Excel's `sep=;` to delete). The readers of CSV text (`tables`, `csv_headers`,
`csv_files`, `upload_limits`, `upload_columns`, `header_and_total_rows`) are given the place and write its
words as they make a refusal: its rows, header and cells are not reworded after. What a data-folder file's
reader says of the file as a whole ("it has a header but no rows") is said of a workbook's sheet by
`workbook_files`, which puts the sheet's name before it ("its sheet 'Data' has a header but no rows").
"""
from __future__ import annotations

import csv
import io
import re
from collections.abc import Sequence
from dataclasses import dataclass

from plots.text import quoted, quoted_name

# What a CSV's header that names no column is told, after the CSV's possessive ("its", "the CSV's").
NO_HEADER = "first line must name the columns, separated by commas"


def workbook_itself(separator: str) -> str:
    """The way out where a CSV's values are separated by semicolons: Excel in a language of decimal commas
    saves every CSV so, and cannot save one with commas, but its workbook is read as it is, whatever the
    language ("" for another separator, which a database's or another program's export writes)."""
    return ", or use the workbook (.xlsx) itself, which the site reads as it is" if separator == "semicolons" else ""


@dataclass(frozen=True)
class Place:
    """A CSV's own words: `whole`, the text; `header`, its header as a subject; `header_line` and `first_line`,
    its header line and its first line; `line_end` and `header_end`, what was written between values where a
    line, or the header line, ends in one too many ("comma", or "tab" for cells pasted with tabs between them);
    `unit`, one of its lines where a refusal tells to remove it ("remove that line")."""

    whole: str = "the CSV"
    header: str = "the CSV header"
    header_line: str = "the header line"
    first_line: str = "the first line"
    line_end: str = "comma"
    header_end: str = "comma"
    unit: str = "line"

    def line(self, number: int) -> str:
        """Line `number` (from 1) of the text, where a message already names the text: "line 3"."""
        return f"line {number}"

    def line_of_whole(self, number: int) -> str:
        """Line `number` (from 1) of the text, naming the text: "line 3 of the CSV"."""
        return f"line {number} of {self.whole}"

    def line_too_long(self, text: str, number: int, length: int, most: int) -> str:
        """The refusal of line `number` (from 1) of `text`, of `length` characters, more than `most`."""
        return f"{self.line_of_whole(number)} has {length} characters; at most {most} are allowed in one line"

    def header_ends_in(self, count: int) -> str:
        """What the header line ends in, `count` values too many: "a comma", "2 commas"."""
        return f"a {self.header_end}" if count == 1 else f"{count} {self.header_end}s"

    def column(self, position: int) -> str:
        """A column of the header by its `position` (from 1), as a refusal names it: "3"."""
        return str(position)

    def no_header(self) -> str:
        """The refusal of a header that names no column (one blank name)."""
        return f"{self.whole}'s {NO_HEADER}"

    def header_again(self, row: int | None = None) -> str:
        """What to do about a row that is the header again among the rows, as where two files are joined; `row`,
        its number (from 1) among the dataset's rows, where the words before do not name it in the text's words
        (None: they do)."""
        return f"{self.header_line} again, as where two files are joined: remove that {self.unit}"

    def title_words(self, first: str) -> str:
        """What to do about a header whose `first` name (quoted) may be a title above the real header."""
        return (f"{self.first_line} is read as the header: if {first} is a title, remove it and any other "
                f"{self.unit}s above the header")

    def merged_words(self, positions: Sequence[int]) -> str | None:
        """What to do about a header whose names at `positions` (from 1) are blank where they are cells of merged
        ranges (a workbook's sheet's); None where none is."""
        return None

    def index_words(self) -> str:
        """What to do about a header whose first name alone is blank, as pandas writes its index."""
        return ("a file pandas' to_csv writes with its index, or R's write.csv with its row names, begins so: write "
                "it with index=False (pandas) or row.names=FALSE (R), or give the column a name")

    def blank_last_words(self, names: Sequence[str], positions: Sequence[int]) -> str:
        """What to do about a header whose last names, at `positions` (from 1) of `names`, are blank: a line
        ending in commas, or (the first name alone given, and two or more blank) a title above the header."""
        if positions[0] == 2 and len(positions) > 1:
            return self.title_words(quoted_name(names[0]))
        ends = f"{self.header_line} ends in {self.header_ends_in(len(positions))}"
        if len(positions) == 1:
            return f"{ends}: remove it (from the lines under it too, if they end in one), or name the column"
        return f"{ends}: remove them (from the lines under it too, if they end in them), or name the columns"

    def separator_line_words(self, line: str, separator: str | None) -> str:
        """What to do about a first `line` that is the `sep=;` line Excel writes above a CSV's header, naming
        its `separator` ("semicolons"; None for commas)."""
        words = (f"{self.first_line}, {quoted(line)}, is the line Excel writes to name the separator, not a header: "
                 f"delete it, so that {self.first_line} is the header naming the columns")
        if separator is None:
            return words
        return (f"{words}, and save the file as CSV with commas between values (that line says it separates them "
                f"with {separator}){workbook_itself(separator)}")

    def separated_words(self, separator: str) -> str:
        """What to do about a header of one name holding the `separator` ("semicolons") between values."""
        return (f"the file separates values with {separator}; save it as CSV with commas between values"
                f"{workbook_itself(separator)}")

    def written_header(self, names: Sequence[str], line: str) -> str:
        """The header naming `names` as it is to be written: its `line` of CSV."""
        return line

    def header_text(self, line: str) -> str:
        """The first `line` of the text as it was written, where a refusal looks for another separator in it."""
        return line

    def value_too_long(self, number: int, most: int) -> str:
        """The refusal of a quoted value over many lines, that reaches line `number`, longer than `most`."""
        return (f"a quoted value that reaches {self.line_of_whole(number)} has more than {most} characters; at most "
                f"{most} are allowed in one value")

    def unreadable_at(self, number: int, error: str) -> str:
        """The refusal of text the CSV reader stopped in at line `number`, with its `error`."""
        return f"{self.whole} cannot be read at {self.line(number)}: {error}"


@dataclass(frozen=True)
class SheetPlace(Place):
    """A workbook's sheet read into CSV text: a line named as the sheet's row it is of (`line_rows`, the sheet's
    row of each line, the first line's first: a cell holding line breaks spreads its row over more lines)."""

    line_rows: Sequence[int] = ()
    # The sheet's merged ranges over its header row: each its first and last column and its cells (`B1:C1`).
    header_merges: Sequence[tuple[int, int, str]] = ()

    def row_of_line(self, line: int) -> int:
        """The sheet's row that line `line` (from 1) of the CSV text is of."""
        return self.line_rows[line - 1] if 0 < line <= len(self.line_rows) else line

    def line(self, number: int) -> str:
        return f"row {self.row_of_line(number)} of {self.whole}"

    def line_of_whole(self, number: int) -> str:
        return self.line(number)

    def column(self, position: int) -> str:
        return column_letters(position)

    def line_too_long(self, text: str, number: int, length: int, most: int) -> str:
        # A sheet's row has cells, not a line: its length is that of the CSV line it is written as, commas and
        # quotes and all, which is said, with its longest cell, the one to shorten.
        row = self.row_of_line(number)
        lines = [line for line, of in enumerate(self.line_rows, start=1) if of == row] or [number]
        cells = _record_cells(text, lines[0], lines[-1])
        between = ", its cells with commas between them" if len(cells) > 1 else ""
        if len(lines) > 1:
            written = (f"has a line of {length:,} characters written as CSV{between}, each line break in a cell "
                       "ending a line")
        else:
            written = f"has {length:,} characters written as CSV{between}"
        longest = max(range(len(cells)), key=lambda index: len(cells[index]), default=None)
        cell = ("" if longest is None else
                f" (its {'longest ' if len(cells) > 1 else ''}cell, {column_letters(longest + 1)}{row}, holds "
                f"{len(cells[longest]):,} characters)")
        return f"{self.line(number)} {written}{cell}; at most {most:,} are allowed in one line of CSV"

    def no_header(self) -> str:
        return f"the first row of {self.whole} must name the columns, one in each cell: its one cell, A1, is blank"

    def header_again(self, row: int | None = None) -> str:
        if row is None:
            return super().header_again()
        # The dataset's row under the sheet's header row: its number there is one more.
        return (f"row {row + 1} of {self.whole} is {self.header_line} again, as where two files are joined: remove "
                f"that {self.unit}")

    def merged_words(self, positions: Sequence[int]) -> str | None:
        # A merged range holds its value in its first cell alone: the cells it covers are read blank, as a header
        # of two rows leaves them, a name over the columns it spans in the first and theirs in the second.
        covered = [(position, merged) for position in positions for first, last, merged in self.header_merges
                   if first < position <= last]
        if not covered:
            return None
        cells = [f"{column_letters(position)}1" for position, _ in covered]
        ranges = list(dict.fromkeys(merged for _, merged in covered))
        blank = f"cell {cells[0]} is blank" if len(cells) == 1 else f"cells {listed(cells)} are blank"
        return (f"{blank}, under the merged cells {listed(ranges)}, whose value Excel keeps in the first cell "
                "alone: give each column its own name in one header row (unmerge the cells, and join a header of "
                "two rows into one)")

    def index_words(self) -> str:
        return ("a workbook pandas' to_excel writes with its index begins so: write it with index=False, or give "
                "the column a name")

    def blank_last_words(self, names: Sequence[str], positions: Sequence[int]) -> str:
        # A sheet's row ends in no comma: a blank cell ends its header where a row under it is wider, or where
        # the cell holds spaces. Beside a first cell alone named, that may be a title's row above the header.
        if positions[0] == 2 and len(positions) > 1:
            return self.title_words(quoted_name(names[0]))
        cells = listed([f"{column_letters(position)}1" for position in positions])
        if len(positions) == 1:
            words = (f"cell {cells}, in the header row, is blank: name the column there, or delete column "
                     f"{column_letters(positions[0])}")
        else:
            columns = listed([column_letters(position) for position in positions])
            words = f"cells {cells}, in the header row, are blank: name the columns there, or delete columns {columns}"
        return words if positions[0] != 2 else f"{words}; {self.title_words(quoted_name(names[0]))}"

    def separator_line_words(self, line: str, separator: str | None) -> str:
        # In a sheet it is a cell, A1, as a CSV opened by a program that does not read it leaves it.
        return (f"cell A1, {quoted(line)}, is the line Excel writes above a CSV's header to name its separator, "
                "not a header: delete row 1, so that the first row is the header naming the columns")

    def separated_words(self, separator: str) -> str:
        # A CSV of semicolons opened as one column: each row's text in its cell of column A.
        return (f"its cells hold values separated by {separator}, as a CSV opened as one column does: split column "
                "A at them into columns (in Excel: Data > Text to Columns)")

    def written_header(self, names: Sequence[str], line: str) -> str:
        return f"{listed([quoted_name(name) for name in names])} in its cells"

    def header_text(self, line: str) -> str:
        # A header row of one cell is that cell's text, which the CSV writer quoted if it holds a comma or a quote:
        # `sep=,`, `"date";"v"` as a CSV opened as one column leaves them.
        cells = next(csv.reader([line]), [])
        return cells[0] if len(cells) == 1 else line

    def value_too_long(self, number: int, most: int) -> str:
        return f"a cell of {self.line(number)} has more than {most} characters; at most {most} are allowed in one cell"

    def unreadable_at(self, number: int, error: str) -> str:
        return f"{self.line(number)} cannot be read: {error}"


# A line ends where the CSV reader (`io.StringIO(text, newline="")`) ends one: at "\n", "\r\n" or a
# bare "\r" (old Mac files); a cell's line breaks are lines of its row. A group, which `split` keeps.
LINE_END = re.compile(r"(\r\n|\r|\n)")


def _record_cells(text: str, first: int, last: int) -> list[str]:
    """The cells of the record of CSV `text` on its lines `first` to `last` (from 1)."""
    pieces = LINE_END.split(text, maxsplit=last)
    return next(csv.reader(io.StringIO("".join(pieces[2 * (first - 1):2 * last]), newline="")), [])


def column_letters(position: int) -> str:
    """A sheet's column by its letters, as Excel names it: 1 is A, 27 is AA."""
    letters = ""
    while position:
        position, rest = divmod(position - 1, 26)
        letters = chr(ord("A") + rest) + letters
    return letters


def listed(words: Sequence[str]) -> str:
    """Words as a message lists them: "C", "C and D", "B, C and D"."""
    return words[0] if len(words) == 1 else f"{', '.join(words[:-1])} and {words[-1]}"


def sheet_place(sheet: str, line_rows: Sequence[int],
                header_merges: Sequence[tuple[int, int, str]] = ()) -> SheetPlace:
    """The words of a workbook's sheet named `sheet`, its CSV text's lines of its rows `line_rows`, its merged
    ranges over its header row `header_merges` (`SheetPlace`)."""
    where = f"the sheet {quoted_name(sheet)}"
    return SheetPlace(whole=where, header=f"the header row of {where}", header_line="the header row",
                      first_line="the first row", unit="row", line_rows=tuple(line_rows),
                      header_merges=tuple(header_merges))


# A CSV's own words: those of an uploaded or appended CSV, a data-folder file and rows pasted as CSV.
CSV = Place()
# The words of a dataset's rows as they are kept, which a CSV or a workbook's sheet may have been: true of either,
# as where a page or a chart, not the create that read them, tells of a row of the column names again.
DATA_ROWS = Place(whole="the data", header="the column names", header_line="the column names",
                  first_line="the first row", unit="row")
