"""The units and currency codes a number is written with in exports (`12 kg`, `3.5 GB`, `1200 EUR`,
`USD 1,200`), which make its column text and which `form_hints` says to leave out.

Only these are read as a unit: other letters beside digits are a code, not a number written another
way: a seat, grade or version (`1A`, `10A`, `3C`), a house number (`12a`), a postcode (`1011AB`), an
ordinal (`3rd`). So no single letter is a unit but the lower-case ones that stand for a metre or
minute, gram, second, hour, litre or tonne (`5m`, `2h`), which codes rarely end in; a capital
letter alone after a number is a code's, but for the K, M and B that stand for a thousand, a
million and a billion (`form_hints.MULTIPLIERS`).
"""
from __future__ import annotations

# ISO 4217's codes of currencies in use (`USD 1,200`, `1200 EUR`), kept where a column's name reads them too.
from plots.currency_codes import CURRENCY_CODES

# Currencies written with letters after the amount (`1 234 kr`), units too.
CURRENCY_WORDS = frozenset({"kr", "Fr", "Ft", "Rs", "Rp", "lei"})
UNITS = frozenset({
    # mass
    "mg", "g", "kg", "t", "µg", "mcg", "lb", "lbs", "oz", "KG", "Kg", "LB", "LBS",
    # length and area
    "nm", "µm", "mm", "cm", "m", "km", "in", "ft", "yd", "mi", "KM", "CM",
    "mm²", "cm²", "m²", "km²", "ft²", "sqm", "sqft", "ha",
    # volume
    "ml", "mL", "cl", "cL", "dl", "dL", "l", "cm³", "m³", "gal",
    # time
    "ms", "s", "sec", "secs", "min", "mins", "h", "hr", "hrs", "hour", "hours", "day", "days", "wk", "wks",
    "week", "weeks", "month", "months", "yr", "yrs", "year", "years",
    # data and its rates
    "kB", "KB", "MB", "GB", "TB", "PB", "KiB", "MiB", "GiB", "TiB", "kbps", "Kbps", "Mbps", "Gbps",
    # power, energy and electricity
    "mW", "kW", "MW", "GW", "Wh", "kWh", "MWh", "GWh", "kJ", "MJ", "cal", "kcal", "mV", "kV", "mA", "kA", "Ah",
    "mAh", "Hz", "kHz", "MHz", "GHz", "VA", "kVA",
    # pressure, speed and others
    "Pa", "hPa", "kPa", "MPa", "bar", "mbar", "psi", "atm", "mmHg", "km/h", "kmh", "kph", "mph", "m/s", "kn",
    "kt", "kts", "knots", "ppm", "ppb", "dB", "rpm", "pcs", "bp", "bps",
}) | CURRENCY_WORDS


def is_unit(letters: str) -> bool:
    """Whether letters written beside a number (`kg`, `EUR`) are a unit or a currency's code, not a
    code's own letters (`A`, `AB`, `rd`)."""
    return letters in UNITS or letters in CURRENCY_CODES
