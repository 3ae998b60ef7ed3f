"""Numbers written as program code writes them, which the type rule does not read: hexadecimal
(`0x1F`) and digits grouped in thousands by underscores (`1_000`, as Python and Rust allow). A
cell of one is told the number it is, written as a cell is read (`write 31`, `write 1000`).

They are not counted as numbers when a column's cells are weighed (`written_forms.mostly_values`):
`0x1F` is as often a code (a colour, an address) as a number, so a column is pointed out for them
only where its other cells make it one of numbers.
"""
from __future__ import annotations

import re

HEXADECIMAL = re.compile(r"(?P<sign>[+-]?)0[xX](?P<digits>[0-9a-fA-F]+(?:_[0-9a-fA-F]+)*)")
UNDERSCORED = re.compile(r"[+-]?[0-9]{1,3}(?:_[0-9]{3})+(?:\.[0-9]*)?(?:[eE][+-]?[0-9]+)?")


def coded_hint(text: str) -> str | None:
    """How to write stripped text that is a hexadecimal number or one grouped by underscores, or None
    for any other text."""
    match = HEXADECIMAL.fullmatch(text)
    if match is not None:
        number = int(match["digits"].replace("_", ""), 16)
        return f"a hexadecimal number: write {'-' if match['sign'] == '-' else ''}{number}"
    if UNDERSCORED.fullmatch(text):
        return f"write {text.replace('_', '').lstrip('+')} without underscores"
    return None
