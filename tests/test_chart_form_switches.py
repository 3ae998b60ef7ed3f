"""A chart page's form fills in a date bound as a URL writes it."""
from __future__ import annotations

from tests.test_http import SpecForm, chart_image, submitted


def test_the_form_fills_in_a_date_bound_as_a_url_writes_it(client):
    assert '<input name="xmin" value="2024-01-01">' in client.get("/d/weather/recent-rain").get_data(as_text=True)
    page = client.get("/d/weather/temperature?xmin=2024-06-01T06:30&xmax=2024-09-01").get_data(as_text=True)
    assert '<input name="xmin" value="2024-06-01T06:30:00">' in page
    assert '<input name="xmax" value="2024-09-01">' in page


def test_the_form_sent_back_unchanged_with_a_dashboards_date_bound_draws_the_same_chart(client):
    opened = client.get("/d/weather/recent-rain").get_data(as_text=True)
    sent = submitted(client, SpecForm(opened))
    assert sent.status_code == 200
    assert chart_image(sent.get_data(as_text=True)) == chart_image(opened)
