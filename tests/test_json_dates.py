"""Every moment in a chart's JSON data is written in UTC with its Z, as JavaScript's Date reads it."""
from __future__ import annotations

from urllib.parse import urlencode

URL = "/d/weather/temperature.json"
ASKED = {"xmin": "2025-01-03", "xmax": "2025-01-05T12:00:00+02:00", "from": "2025-01-01", "to": "2025-01-31T18:00:00"}


def test_the_spec_s_date_bounds_carry_a_z_as_the_selection_s_moments_do(client):
    data = client.get(f"{URL}?{urlencode(ASKED)}").get_json()
    assert (data["spec"]["xmin"], data["spec"]["xmax"]) == ("2025-01-03T00:00:00Z", "2025-01-05T10:00:00Z")
    assert (data["selection"]["from"], data["selection"]["to"]) == ("2025-01-01T00:00:00Z", "2025-01-31T18:00:00Z")


def test_the_spec_of_a_chart_s_json_asks_for_the_same_chart_again(client):
    data = client.get(f"{URL}?{urlencode(ASKED)}").get_json()
    again = client.get(f"{URL}?{urlencode({**data['spec'], 'from': ASKED['from'], 'to': ASKED['to']})}").get_json()
    assert again["spec"] == data["spec"] and again["rows"] == data["rows"]
