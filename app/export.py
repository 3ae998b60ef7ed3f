"""Data out of the site: CSV safe to open in a spreadsheet, JSON rows with ISO dates."""
from __future__ import annotations

import csv
import io
import math

import pandas as pd

from plots.data import date_text

# OWASP CSV injection: a spreadsheet runs a cell starting with one of these as a formula.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def _cell(value) -> object:
    if value is None or (not isinstance(value, str) and pd.isna(value)):
        return ""
    if isinstance(value, pd.Timestamp):
        return date_text(value)
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def frame_csv(frame: pd.DataFrame) -> str:
    """The frame as CSV text, text cells that a spreadsheet would run as formulas neutralised."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow([_cell(str(c)) for c in frame.columns])
    for row in frame.itertuples(index=False, name=None):
        writer.writerow([_cell(v) for v in row])
    return out.getvalue()


def _json_value(value):
    if value is None or (not isinstance(value, str) and pd.isna(value)):
        return None
    if isinstance(value, pd.Timestamp):
        return date_text(value)
    if hasattr(value, "item"):
        value = value.item()
    if isinstance(value, float) and not math.isfinite(value):
        return None
    return value


def frame_json_rows(frame: pd.DataFrame, limit: int | None = None) -> list[list]:
    """The frame's rows as JSON-ready lists (missing values and NaN become null)."""
    rows = frame if limit is None else frame.head(limit)
    return [[_json_value(v) for v in row] for row in rows.itertuples(index=False, name=None)]
