"""The site's own JSON of rows sent back as rows to append: a dataset's `.json` or a chart's data
`.json`, an object whose `columns` name the values of each of its `rows`, read as the list of objects
an append takes."""
from __future__ import annotations

from typing import Any

from plots.text import quoted_name

from .types import WriteRejected


def _column_name(column: Any, position: int) -> str:
    """A `columns` entry's name: the text itself (a chart's data) or its `name` (a dataset's)."""
    name = column.get("name") if isinstance(column, dict) else column
    if not isinstance(name, str):
        raise WriteRejected(f"column {position} of the JSON's \"columns\" must be a name or an object with a \"name\", "
                            "as the site's .json of a dataset or a chart's data writes them")
    return name


def document_records(value: Any) -> Any:
    """`value` as the list of row objects it stands for, where it is an object of `columns` and `rows`
    (lists) as the site's `.json` downloads write them, every row of as many values as there are
    columns; any other value as it is. Raises WriteRejected for a row of another length."""
    if not (isinstance(value, dict) and isinstance(value.get("columns"), list) and isinstance(value.get("rows"), list)):
        return value
    names = [_column_name(column, position) for position, column in enumerate(value["columns"], start=1)]
    records = []
    for row, values in enumerate(value["rows"], start=1):
        if not isinstance(values, list) or len(values) != len(names):
            count = (f"{len(values)} value{'' if len(values) == 1 else 's'}" if isinstance(values, list)
                     else "no list of values")
            raise WriteRejected(f"row {row} of the JSON's \"rows\" has {count}; its \"columns\" are {len(names)}: "
                                f"{', '.join(map(quoted_name, names))}")
        records.append(dict(zip(names, values)))
    return records
