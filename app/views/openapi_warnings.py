"""A create's warnings, column by column, as the OpenAPI description gives them: their fields and
words, and the example answer, which a test sends the create of."""

# What a create warns of, column by column: the dataset is created, and the file can be fixed and sent
# again before rows are appended (a column's type is fixed at the create). The example is the answer
# to WARNINGS_EXAMPLE_CSV created as `sales`, word for word (a test sends it).
WARNINGS_EXAMPLE_CSV = ('day,price,zip,bonus\n2024-01-01,"1,5",01234,\n2024-01-02,2,02345,\n2024-01-03,\\N,03456,\n'
                        "2024-01-04,3,04567,\n2024-01-05,4,05678,\nTotal,10.5,,\n")
_FIXED = ("a column's type is fixed when the dataset is created: fix the file and create the dataset again before "
          "appending rows to it (DELETE /api/datasets/sales with a write token removes this one)")
_MOSTLY = "is text, though most of its values are numbers or dates"
_TOTAL = "a totals row: remove it, a chart adds rows up itself with agg=sum"
_POINT = "write numbers with a point: 1.5, no thousands separators, units or currency signs"
WARNINGS_EXAMPLE = [
    {"column": "day", "row": 6, "value": "Total", "hint": _TOTAL,
     "message": f"column 'day' {_MOSTLY}: row 6 holds 'Total' ({_TOTAL}); {_FIXED}"},
    {"column": "price", "row": 1, "value": "1,5", "hint": _POINT,
     "message": f"column 'price' {_MOSTLY}: row 1 holds '1,5' ({_POINT}); row 3 holds '\\\\N' (leave the cell empty "
                f"for a missing value); {_FIXED}"},
    {"column": "zip", "row": 1, "value": "01234", "hint": "write numbers without leading zeros: 1234",
     "message": "column 'zip' is kept as text: its values are whole numbers, some with leading zeros, which numbers "
                f"would lose: row 1 holds '01234'; for numbers, write them without leading zeros (1234); {_FIXED}"},
    {"column": "bonus", "row": None, "value": None, "hint": None,
     "message": "column 'bonus' had no values when the dataset was created, so its type was guessed as float "
                f"(numbers): text appended to it will be refused; {_FIXED}"},
]
CREATE_WARNINGS = {"type": "array", "description": (
    "What the new dataset's columns may need before rows are appended to them (a column's type is fixed when the "
    "dataset is created), one warning per column, in the order of the columns; [] when there is nothing to say. "
    "A column is warned of when it is a text column whose values are mostly numbers or mostly dates, made text by "
    "cells written in a form the types are not read from (a decimal comma 1,5, a thousands separator, a unit or "
    "currency sign, 1.5k for 1500, a date not written YYYY-MM-DD) or by cells of another kind: a mark for a "
    "missing value (\\N, -, n.a.), a spreadsheet's error (#DIV/0!), a totals row, the header line again, another "
    "word; a text column of whole numbers kept as text for their leading zeros (01234); a column that had no "
    "values, whose type was guessed as float (numbers); or a float column of whole numbers (made float by an "
    "empty cell, one past 64 bits or an exponent) holding one past 2**53, which a float keeps to about 16 digits: the first "
    "such row, its cell as written (value) and what it is stored as, written whole with its point "
    "(9007199254740992.0 for 9007199254740993, 10000000000000000.0 for 1e16), in the message. Mostly is more than half of the values (marks for a "
    "missing value aside) where one of the others is written another way or such a mark, else at least 80 % of "
    "them, the others at most three texts: a column of codes is not warned of. Before them, a header line whose "
    "names are each a value of its column's type, a date naming a date column or a number with a fraction naming a "
    "column of numbers among them, is warned of, naming the first column: the file may have no header line, its "
    "first row read as the names and not stored as a row. How the rows were read is warned of too: a workbook's "
    "other visible sheets, not read (column, row and value null), its columns of cells formatted as percents whose names carry no %, stored as the numbers Excel shows "
    "(15 for 15%), and a last row of the totals of the rows above, a CSV's or a sheet's, left out of the rows (row "
    "null). After them, the CSV's lines of commas alone (,,), as a "
    "spreadsheet writes an empty row (an Excel workbook's empty rows, named by the sheet's rows), each stored as a "
    "row of missing values: how many, the first lines, and each column of whole numbers they made float, named by column (the first such column, else the first column). The "
    "dataset's page shows the same messages. The example answers POST /api/datasets?name=sales of a CSV whose day column of dates ends in a "
    "totals row, whose price column holds 1,5 and \\N among numbers, whose zip column holds whole numbers with "
    "leading zeros, and whose bonus column is empty."),
    "examples": [WARNINGS_EXAMPLE],
    "items": {"type": "object", "required": ["column", "row", "value", "hint", "message"], "properties": {
        "column": {"type": ["string", "null"], "description": (
            "The column's name; for rows of no value, the first column they made float, else the first column; for "
            "a totals row left out, the column whose cell names it a total; null for a workbook's other sheets "
            "not read.")},
        "row": {"type": ["integer", "null"], "minimum": 1, "description": (
            "The row of the column's first cell that is not a number or date (or, of whole numbers kept as text, "
            "its first with a leading zero; the first row of no value): 1 for the first row under the header. null for a column that had "
            "no values, for a header line of values, for a totals row left out (its message names its line) and for "
            "a workbook's other sheets not read.")},
        "value": {"type": ["string", "null"], "description": (
            "That cell as it was written, one of more than 100 characters cut to them and … (the message says its "
            "length); null for a column that had no values; for a header line of values, its names joined by "
            "commas.")},
        "hint": {"type": ["string", "null"], "description": (
            "How to write that cell, or what to do about it (a totals row: remove it, …); null for a column that "
            "had no values.")},
        "message": {"type": "string", "description": (
            "The warning in words, as the dataset's page shows it: the column, its first such cell and the first "
            "cell of each other problem (three cells at most), each with its hint, then what to do.")}}}}

# What an append's answer warns of: its totals row left out and its rows of no value, in the shape of a create's
# warnings.
APPEND_WARNINGS = {"type": "array", "description": (
    "The rows of no value the append stored, each a row of missing values: a CSV's lines of commas alone (,,), as a "
    "spreadsheet writes an empty row, or JSON rows of no value in any column (null, or \"\" in a text column), "
    "in one warning saying how many and the first lines (a JSON body's rows, an Excel workbook's sheet's rows), "
    "after a workbook's error values, one warning a column, and a last row of the totals of the rows above, a CSV's "
    "or a sheet's, left out of the rows as a create's is (row null); [] when there are none. A replay with the "
    "Idempotency-Key warns as the first answer did, of each."),
    "items": CREATE_WARNINGS["items"]}
