"""A chart page whose query holds a value that is not UTF-8 (`?title=%FF`) answers as it does any bad
value, as a dashboard's page does: 400 with the page itself, the message above its form, the form
holding the value as the URL writes it, the field marked; nothing of the query drawn. An unknown
dashboard or chart is a 404 saying so, whatever the query's encoding."""
from __future__ import annotations

import html

import pytest

from tests.test_chart_form_switches import not_applied
from tests.test_chart_page_refusals import fields_of, refused_fields, rows_not_applied
from tests.test_http import chart_image

PAGE = "/d/weather/temperature"


def opened_image(client, page: str = PAGE) -> str:
    return chart_image(client.get(page).get_data(as_text=True))


@pytest.mark.parametrize(("query", "field", "written"), [
    ("title=%FF", "title", "%FF"),
    ("title=caf%E9", "title", "caf%E9"),
    ("ymin=1%C3", "ymin", "1%C3"),
])
def test_a_chart_field_that_is_not_utf8_shows_the_form_with_it_as_written_and_marked(client, query, field, written):
    response = client.get(f"{PAGE}?{query}")
    assert response.status_code == 400 == client.get(f"{PAGE}.svg?{query}").status_code
    page = response.get_data(as_text=True)
    assert not_applied(page).startswith(f"{field} is not valid UTF-8: the byte 0x")
    assert "%C3%A9 for é" in not_applied(page)
    assert refused_fields(page) == [field]
    assert fields_of(page)[field] == [written]  # no replacement character: what the URL holds, to be corrected
    assert "\ufffd" not in page
    assert chart_image(page) == opened_image(client)


def test_the_other_fields_sent_are_shown_but_none_is_drawn(client):
    page = client.get(f"{PAGE}?kind=scatter&width=800&title=%FF").get_data(as_text=True)
    fields = fields_of(page)
    assert (fields["kind"], fields["width"], fields["title"]) == (["scatter"], ["800"], ["%FF"])
    # Whatever else the query holds may be written as unreadably: the page draws the chart as it opens.
    assert chart_image(page) == opened_image(client)


def test_rows_that_are_not_utf8_are_said_of_the_rows_and_mark_no_field(client):
    response = client.get("/d/stations/temperature?from=%FF")
    assert response.status_code == 400
    page = response.get_data(as_text=True)
    assert rows_not_applied(page).startswith("from is not valid UTF-8: the byte 0xff at position 0")
    assert not_applied(page) == "" and refused_fields(page) == []
    assert chart_image(page) == opened_image(client, "/d/stations/temperature")


def test_a_parameter_name_that_is_not_utf8_is_said_above_the_form(client):
    response = client.get(f"{PAGE}?ti%FFtle=x")
    assert response.status_code == 400
    page = response.get_data(as_text=True)
    assert not_applied(page).startswith("a parameter name is not valid UTF-8: the byte 0xff cannot be read")
    assert refused_fields(page) == []


@pytest.mark.parametrize(("url", "words"), [
    ("/d/nowhere?from=%FF", "no dashboard 'nowhere'; the dashboards are "),
    ("/d/nowhere/temperature?title=%FF", "no dashboard 'nowhere'; the dashboards are "),
    ("/d/weather/nothing?title=%FF", "dashboard 'weather' has no chart 'nothing'; its charts are "),
])
def test_an_unknown_dashboard_or_chart_is_a_404_saying_so_whatever_the_query_s_encoding(client, url, words):
    response = client.get(url)
    assert response.status_code == 404
    text = html.unescape(response.get_data(as_text=True))
    assert words in text and "UTF-8" not in text
