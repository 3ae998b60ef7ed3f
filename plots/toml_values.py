"""A dashboard or sources file's TOML values: a chart's fields read into the text a URL would give
(`normalise_fields`), and any value written back as the file wrote it for a refusal to quote
(`toml_value`, `toml_shown`)."""
from __future__ import annotations

import json
import math
import re
from collections.abc import Mapping
from datetime import date, time
from typing import Any

from .field_values import DATE_FORMS
from .spec import AUTO, DATE_FIELDS, FIELDS, TEXT_FIELDS, SpecError
from .text import quoted_name
from .toml_floats import UnheldFloat


def normalise_fields(entry: Mapping[str, Any]) -> dict[str, list[str]]:
    """Turn a dashboard entry's TOML values (str, int, float, bool, list; a date or date-time in a
    field of DATE_FIELDS) into query-string shape: a date as the text a URL would give (2024-01-31,
    2024-01-31T08:00:00+02:00). Raises SpecError naming the field for a value of another type."""
    return {key: [_query_text(key, item) for item in (value if isinstance(value, list) else [value])]
            for key, value in entry.items()}


def toml_value(value: Any) -> str:
    """A value read from a TOML file written back as TOML writes it (true, 08:00:00, "text", [1, 2],
    {year = 2020}), for a refusal to quote a value that is no text (`toml_shown`) or a line of the file
    (kind = ""): a Python repr (True, datetime.time(8, 0), {'year': 2020}) is not what the author wrote."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, UnheldFloat):  # 1e-400 as written, not the 0 it is read as
        return value.written
    if isinstance(value, str):
        return json.dumps(value, ensure_ascii=False)  # a TOML basic string escapes as JSON does
    if isinstance(value, float) and not math.isfinite(value):
        return "nan" if math.isnan(value) else "inf" if value > 0 else "-inf"
    if isinstance(value, (date, time)):  # a datetime is a date too
        return value.isoformat()
    if isinstance(value, list):
        return f"[{', '.join(toml_value(item) for item in value)}]"
    if isinstance(value, dict):
        return f"{{{', '.join(f'{_toml_key(key)} = {toml_value(item)}' for key, item in value.items())}}}"
    return str(value)


def toml_shown(value: Any) -> str:
    """A value of a dashboard or sources file as a refusal quotes it: text as the site's refusals quote a
    name or a value (`quoted_name`: 'a\\\\b', 'cafe\\u0301' apart from 'café', cut past 100 characters with
    "…" and its length), in a list too; any other value as TOML writes it (`toml_value`: true, 08:00:00)."""
    if isinstance(value, str):
        return quoted_name(value)
    if isinstance(value, list):
        return f"[{', '.join(toml_shown(item) for item in value)}]"
    return toml_value(value)


def _toml_key(key: str) -> str:
    return key if re.fullmatch(r"[A-Za-z0-9_-]+", key) else json.dumps(key, ensure_ascii=False)


def _query_text(field_name: str, value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (str, int, float)) or field_name not in FIELDS:
        return str(value)  # a misspelt field is for parse_spec to refuse by name, whatever its value
    if field_name in DATE_FIELDS:
        if isinstance(value, date):  # a datetime is a date too
            return value.isoformat()
        raise SpecError(f"{field_name} must be a number, {DATE_FORMS}, or {AUTO} to fit the data; "
                        f"got {_written(value)}", field_name)
    # TOML reads 2024-05-01 written without quotes as a date, which no other field takes.
    quoted_value = value.isoformat() if isinstance(value, (date, time)) else None
    if quoted_value is not None and field_name not in (*TEXT_FIELDS, "x", "y"):
        # Quoted, it would be refused all the same: a field of numbers or names says what it takes itself.
        return quoted_value
    quote_it = f'; write it in quotes ("{quoted_value}") to have it as text' if quoted_value else ""
    raise SpecError(f"{field_name} must be text, a number or a list of them, got {_written(value)}{quote_it}",
                    field_name)


def _written(value: Any) -> str:
    """`value` as a refusal quotes it: as the TOML file wrote it, a time of day said to be one (it
    reads like a date and time cut short)."""
    if isinstance(value, time):
        return f"{toml_value(value)}, a time of day with no date"
    return toml_value(value)
