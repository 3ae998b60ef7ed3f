"""A TOML file's tables, read as the dashboard and sources files are: UTF-8 text, as TOML is, whose
one byte-order mark is dropped ("UTF-8 with BOM", as Windows Notepad may save it); a file in UTF-16
or UTF-32, one not in UTF-8 (Latin-1, Windows-1252) or one that begins with two marks is refused in
the words an upload or a data-folder file is, naming the line of the first byte that cannot be read.
A file the site cannot read (a link to a file that is not there, one its user may not read) or that is
no regular file (a named pipe, which would hold the start until something writes to it) is refused too.
A float a 64-bit float cannot hold (1e400, 1e-400) is read with its text (`plots.toml_floats`).
"""
from __future__ import annotations

import errno
import stat
import tomllib
from pathlib import Path
from typing import Any

from plots.toml_floats import toml_float

from .file_text import utf8_text


def toml_text(raw: bytes) -> str:
    """The text of a TOML file's bytes `raw`; raises ValueError saying why they are not UTF-8 text, in
    words that follow the file's name (`animals.toml: the file looks like UTF-16 text; …`)."""
    try:
        return utf8_text(raw)
    except ValueError as error:
        raise ValueError(f"the file {error}") from None


def read_toml(path: Path) -> dict[str, Any]:
    """The tables of the TOML file at `path`; raises ValueError saying what is wrong, in words that
    follow its name: its encoding (`toml_text`), or where it is not valid TOML."""
    text = toml_text(_file_bytes(path))
    try:
        return tomllib.loads(text, parse_float=toml_float)
    except tomllib.TOMLDecodeError as error:
        raise ValueError(f"not valid TOML: {error}") from None


def _file_bytes(path: Path) -> bytes:
    """The bytes of the regular file at `path`; raises ValueError saying why it cannot be read, in words
    that follow its name, as `read_toml`'s do."""
    try:
        if not stat.S_ISREG(path.stat().st_mode):
            raise ValueError("the file is no regular file (a named pipe or a device, say); make it a file of "
                             "TOML text")
        return path.read_bytes()
    except OSError as error:
        if error.errno == errno.ENOENT and path.is_symlink():
            raise ValueError(f"the file is a link to {path.readlink()}, which is not there; make it a file, or "
                             "link it to one") from None
        raise ValueError(f"the file cannot be read ({error.strerror or error}); let the site's user read "
                         "it") from None
