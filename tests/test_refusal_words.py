"""Refusals in a reader's words: what a column holds said as dates, numbers or text, never a type's
name in the API; what a filter takes said of a column that is there but holds no text; a body that
is no JSON told where and what is wrong in plain words."""
from __future__ import annotations

from tests.conftest import refusal


def test_a_date_column_as_y_is_said_to_hold_dates(client):
    assert refusal(client, "/plot/weather.json?y=date") == (
        "y: column 'date' holds dates, not numbers; numeric columns are temperature_c, humidity_pct, rainfall_mm, "
        "wind_kmh, pressure_hpa")
