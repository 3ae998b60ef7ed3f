"""Amounts of money as a chart's words say them: "£15,268.74", "£250,000", grouped by thousands and to the
cent where the data has cents, where any number is said to 4 significant digits ("£15270", "£846.4"): an
amount's digits matter to its reader, as a statement writes them all."""
from __future__ import annotations

import numpy as np
import pandas as pd

from .unit_ticks import with_unit
from .value_text import MINUS, PLAIN_DIGITS, WHOLE_NUMBERS_BELOW, grouped_by_thousands


def is_money(unit: str | None) -> bool:
    """Whether `unit` (`unit_ticks.named_unit`) is a currency's sign or code, not a percent sign."""
    return unit is not None and unit != "%"


def has_cents(values: pd.Series) -> bool:
    """Whether any of `values` is not a whole number: amounts with cents, said to the cent."""
    numbers = pd.to_numeric(values, errors="coerce").to_numpy(dtype=float, na_value=np.nan)
    numbers = numbers[np.isfinite(numbers)]
    return bool(len(numbers)) and not bool(np.all(numbers == np.round(numbers)))


def amount_said(said: str, value, unit: str | None, values) -> str:
    """A value said (`said_values`: "846.4", "250846", or to a place that tells it from another, "846.431")
    with its unit (`with_unit`), but an amount of money (`is_money`) to the cent where its series has cents
    (`values`, its series' values or those said of it, `has_cents`: "846.43", "250,846.00"), each digit where it is whole, grouped by thousands: "£846.43",
    "£250,846". Digits said past the cent, to tell values apart, are kept; one said in words
    ("9.1 quadrillion") is kept as it is."""
    plain = PLAIN_DIGITS.fullmatch(said)
    if not is_money(unit) or plain is None or isinstance(value, (str, bool)) or value is None:
        return with_unit(said, unit)
    number = float(value)
    if not np.isfinite(number) or abs(number) >= WHOLE_NUMBERS_BELOW:
        return with_unit(said, unit)
    decimals = len(plain["fraction"]) - 1 if plain["fraction"] else 0
    if decimals <= 2 and has_cents(pd.Series(values)):
        text = f"{abs(number):,.2f}"
        said = f"{MINUS}{text}" if number < 0 and text.strip("0.,") else text
    else:
        said = grouped_by_thousands(said)
    return with_unit(said, unit)
