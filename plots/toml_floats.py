"""A float of a dashboard or sources file as the file wrote it, where a 64-bit float cannot hold it:
digits beyond its range (1e400), which Python's TOML parser reads as inf, or too small for it
(1e-400), which it reads as 0. Read so, `ymin = 1e-400` would be the bound 0 that a URL's
`ymin=1e-400` is refused for not being; kept with its text, it is refused in the same words."""
from __future__ import annotations

import math
from decimal import Decimal


class UnheldFloat(float):
    """A TOML float a 64-bit float does not hold (inf or 0, as float() reads it), with `written`, its
    text in the file; as text (`str`) it is the number as a URL writes it, without TOML's underscores
    or leading plus, so that a chart field reads it as it reads the URL's."""

    written: str

    def __new__(cls, written: str) -> UnheldFloat:
        value = super().__new__(cls, written)
        value.written = written
        return value

    def __str__(self) -> str:
        return self.written.replace("_", "").removeprefix("+")

    def __reduce__(self):
        return (type(self), (self.written,))


def toml_float(text: str) -> float:
    """The float TOML's `text` writes (tomllib's parse_float): an `UnheldFloat` where a 64-bit float
    cannot hold it, digits read as inf or a number not 0 read as 0; else the float itself."""
    value = float(text)
    beyond = math.isinf(value) and "inf" not in text
    too_small = value == 0 and Decimal(text.replace("_", "")) != 0
    return UnheldFloat(text) if beyond or too_small else value
