"""A chart page whose rows and a chart field are both refused says both, each above its form, and
marks the refused field; and it answers a refusal with the status the chart's image answers the
same query with (404 for a column it does not have, as the image does)."""
from __future__ import annotations

import pytest

from tests.test_chart_form_switches import not_applied
from tests.test_chart_page_refusals import refused_fields, rows_not_applied

NO_STATION = "filter.station: column 'station' holds no value 'Nowhere'"


@pytest.mark.parametrize(("query", "field", "words"), [
    ("filter.station=Nowhere&kind=nope", "kind", "kind must be one of line"),
    ("from=yesterday&ymin=abc", "ymin", "ymin must be a number"),
    ("filter.station=Nowhere&y=nope", "y", "y: no column 'nope'"),
])
def test_refused_rows_and_a_refused_chart_field_are_both_said_and_the_field_marked(client, query, field, words):
    page = client.get(f"/d/stations/temperature?{query}&width=500").get_data(as_text=True)
    rows = "filter.station" if "filter" in query else "from must be a date"
    assert rows in rows_not_applied(page)
    assert not_applied(page).startswith(words)
    assert refused_fields(page) == [field]


def test_refused_rows_alone_mark_no_chart_field(client):
    page = client.get("/d/stations/temperature?filter.station=Nowhere&width=500").get_data(as_text=True)
    assert rows_not_applied(page).startswith(NO_STATION)
    assert not_applied(page) == "" and 'aria-invalid="true"' not in page


@pytest.mark.parametrize("query", ["x=when", "y=nope", "filter.station=Nowhere", "filter.nope=1",
                                   "kind=nope", "ymin=abc", "from=yesterday", "from=2026-01-01&to=2024-01-01",
                                   "filter.station=Nowhere&kind=nope", "from=yesterday&y=nope",
                                   "filter.station=Nowhere&x=when", "filter.station=Nowhere&scale=2",
                                   "scale=2&ymin=abc"])
def test_the_page_answers_a_refusal_with_the_status_of_the_charts_image(client, query):
    image = client.get(f"/d/stations/temperature.svg?{query}")
    page = client.get(f"/d/stations/temperature?{query}")
    assert image.status_code >= 400 and page.status_code == image.status_code


def test_a_column_the_dataset_does_not_have_is_a_404_on_the_page_as_on_its_image(client):
    response = client.get("/d/weather/temperature?x=when&width=500")
    assert response.status_code == 404
    assert not_applied(response.get_data(as_text=True)).startswith("x: no column 'when'")
    assert refused_fields(response.get_data(as_text=True)) == ["x"]
