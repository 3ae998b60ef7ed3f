"""A TOML file's tables, read as the dashboard and sources files are: UTF-8 text, as TOML is, whose
one byte-order mark is dropped ("UTF-8 with BOM", as Windows Notepad may save it); a file in UTF-16
or UTF-32, one not in UTF-8 (Latin-1, Windows-1252) or one that begins with two marks is refused in
the words an upload or a data-folder file is, naming the line of the first byte that cannot be read.
"""
from __future__ import annotations

import tomllib
from pathlib import Path
from typing import Any

from .file_text import utf8_text


def toml_text(raw: bytes) -> str:
    """The text of a TOML file's bytes `raw`; raises ValueError saying why they are not UTF-8 text, in
    words that follow the file's name (`animals.toml: the file looks like UTF-16 text; …`)."""
    try:
        return utf8_text(raw, lines=True)
    except ValueError as error:
        raise ValueError(f"the file {error}") from None


def read_toml(path: Path) -> dict[str, Any]:
    """The tables of the TOML file at `path`; raises ValueError saying what is wrong, in words that
    follow its name: its encoding (`toml_text`), or where it is not valid TOML."""
    text = toml_text(path.read_bytes())
    try:
        return tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:
        raise ValueError(f"not valid TOML: {error}") from None
