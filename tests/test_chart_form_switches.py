"""A chart page's form sent back with only its kind or x changed draws that chart: what the form
filled in that the new kind or x leaves no place for is dropped, while a value typed in is refused."""
from __future__ import annotations

import html
import re
import urllib.parse

import pytest

from tests.test_http import SpecForm, chart_image, image_query, submitted


def opened_form(client, page: str) -> SpecForm:
    response = client.get(page)
    assert response.status_code == 200
    return SpecForm(response.get_data(as_text=True))


def not_applied(page: str) -> str:
    found = re.search(r'<p class="error" role="alert" id="spec-error"[^>]*>Not applied: ([^<]*)</p>', page)
    return html.unescape(found.group(1)) if found else ""


@pytest.mark.parametrize(("page", "changed"), [
    # recent-rain is a weekly area from the dashboard's xmin = 2024-01-01.
    ("/d/weather/recent-rain", {"kind": "hist"}),  # a histogram's x axis holds numbers
    ("/d/weather/recent-rain", {"kind": "box"}),  # a box plot takes no x bounds
    ("/d/weather/recent-rain", {"x": "temperature_c"}),  # an x of numbers: no date bound, no resample
    ("/d/stations/temperature", {"x": "station"}),  # an x of text: no resample
    ("/d/stations/rainfall", {"x": "station"}),  # a bar chart of the stations: its agg stays
    ("/d/weather/temperature?xmin=2024-06-01T06:00&xmax=2024-09-01", {"kind": "hist"}),  # bounds of an earlier answer
    ("/d/weather/temperature?xmin=2024-06-01&xmax=2024-09-01", {"x": "temperature_c"}),
    ("/d/weather/humidity-vs-temperature?xmin=5", {"x": "date"}),  # a number bound over an x of dates
])
def test_a_chart_form_sent_with_only_its_kind_or_x_changed_draws_that_chart(client, page, changed):
    sent = submitted(client, opened_form(client, page), **changed)
    answered = sent.get_data(as_text=True)
    assert sent.status_code == 200, not_applied(answered)
    query = image_query(answered)
    for name, value in changed.items():
        assert query[name] == [value]
    assert client.get(chart_image(answered)).status_code == 200
    data = client.get(chart_image(answered).replace(".svg?", ".json?"))
    assert data.status_code == 200
    for name, value in changed.items():
        assert data.json["spec"][name] == value


def test_a_date_bound_the_form_filled_in_is_dropped_where_the_kind_takes_none_and_the_resample_too(client):
    answered = submitted(client, opened_form(client, "/d/weather/recent-rain"), kind="hist").get_data(as_text=True)
    query = image_query(answered)
    # A histogram takes x bounds, of numbers, and no resample: the dashboard's is left out, and its links name none.
    assert query["xmin"] == ["auto"] and "resample" not in query
    assert '<input name="xmin" value="">' in answered  # the page's form shows it gone


def test_an_x_of_text_chosen_in_the_form_drops_the_resample_and_the_agg_of_a_line(client):
    answered = submitted(client, opened_form(client, "/d/stations/temperature"), x="station").get_data(as_text=True)
    query = image_query(answered)
    assert query["resample"] == ["none"] and "agg" not in query
    # none is chosen
    assert '<option value="none">none</option><option value="hour">hour</option><option value="day">' in answered


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


@pytest.mark.parametrize(("changed", "refusal"), [
    ({"kind": "hist", "xmin": "2024-02-01"}, "xmin must be a number (or auto to fit the data)"),
    ({"kind": "box", "xmax": "2025-06-01"}, "xmin and xmax do not apply to a box plot"),
    ({"x": "temperature_c", "xmin": "abc"}, "xmin must be a number (or auto to fit the data)"),
    ({"xmin": "2024-13-01"}, "xmin must be a date like 2020-01-31"),
    # The form's own xmin is refused with a typed xmax before it: it is not what the kind refuses, and
    # is the dashboard's, which the message says with how to undo it.
    ({"xmax": "2023-01-01"}, "xmin must be less than xmax; the URL gives xmax=2023-01-01, and "
                             "xmin=2024-01-01T00:00:00 comes from the dashboard's chart: xmin=auto removes it"),
])
def test_a_bound_typed_in_the_form_that_the_chart_refuses_is_still_a_400(client, changed, refusal):
    sent = submitted(client, opened_form(client, "/d/weather/recent-rain"), **changed)
    assert sent.status_code == 400
    assert not_applied(sent.get_data(as_text=True)).startswith(refusal)


def test_a_bound_sent_without_the_form_is_refused_as_in_any_url(client):
    # Only a bound the form shows, and gets back as it showed it, is the form's own.
    sent = client.get("/d/weather/recent-rain?kind=hist&xmin=2024-01-01&resample=none")
    assert sent.status_code == 400
    assert not_applied(sent.get_data(as_text=True)).startswith("xmin must be a number")


@pytest.mark.parametrize(("url", "field"), [
    ("/d/weather/recent-rain?kind=hist&xmin=2024-01-01&shown.xmin=2024-01-01&shown.xmin=2024-01-01", "shown.xmin"),
    ("/d/stations/rainfall?x=rainfall_mm&y=rainfall_mm&shown.x=date&shown.x=date&shown.y=rainfall_mm", "shown.x"),
    ("/d/stations/temperature?kind=bar&resample=none&shown.resample=none&shown.resample=none", "shown.resample"),
])
def test_a_shown_field_given_twice_is_a_400_naming_it(client, url, field):
    sent = client.get(url)
    assert sent.status_code == 400
    assert not_applied(sent.get_data(as_text=True)) == f"{field} was given 2 times; give it once"


def form_with(form: SpecForm, **changed: list[str]) -> list[tuple[str, str]]:
    """The form's fields with each of `changed` given the values listed, in place of its own."""
    fields = [(name, value) for name, value in form.fields if name not in changed]
    return fields + [(name, value) for name, values in changed.items() for value in values]


def test_an_x_switched_to_the_charts_only_y_draws_it_over_the_other_numeric_columns(client):
    # rainfall is a bar chart of rainfall_mm by month: its y box is ticked when the page opens. A
    # month of one station: few enough amounts of rain to draw a bar of each.
    sent = submitted(client, opened_form(client, "/d/stations/rainfall?from=2025-12-01&filter.station=Airport"),
                     x="rainfall_mm")
    answered = sent.get_data(as_text=True)
    assert sent.status_code == 200, not_applied(answered)
    query = image_query(answered)
    assert query["x"] == ["rainfall_mm"] and query["y"] == ["temperature_c,sunshine_h"]
    assert client.get(chart_image(answered)).status_code == 200


def test_an_x_switched_to_one_of_the_ticked_ys_drops_only_that_one(client):
    form = opened_form(client, "/d/animals/bears?y=Bear,Wolf")
    assert ("y", "Bear") in form.fields and ("y", "Wolf") in form.fields
    sent = submitted(client, form, x="Wolf")
    answered = sent.get_data(as_text=True)
    assert sent.status_code == 200, not_applied(answered)
    spec = client.get(chart_image(answered).replace(".svg?", ".json?")).json["spec"]
    assert spec["x"] == "Wolf" and spec["y"] == "Bear"


def test_an_x_switched_to_a_ticked_y_with_a_kind_without_x_keeps_the_y(client):
    # A histogram places no rows by x: the form drops the x, and the ticked y is the one drawn.
    sent = submitted(client, opened_form(client, "/d/stations/rainfall"), kind="hist", x="rainfall_mm")
    answered = sent.get_data(as_text=True)
    assert sent.status_code == 200, not_applied(answered)
    query = image_query(answered)
    assert query["kind"] == ["hist"] and "x" not in query
    spec = client.get(chart_image(answered).replace(".svg?", ".json?")).json["spec"]
    assert spec["y"] == "rainfall_mm"


def test_a_y_ticked_with_the_same_x_is_still_a_400(client):
    # The bar chart's x is year already: ticking it as a y too is the user's own choice.
    form = opened_form(client, "/d/animals/bears")
    assert ("x", "year") in form.fields
    sent = client.get(form.action + "?" + urllib.parse.urlencode(form_with(form, y=["Bear", "year"])))
    assert sent.status_code == 400
    assert not_applied(sent.get_data(as_text=True)).startswith("y: column 'year' is the x of this bar chart")


def test_an_x_switched_to_a_y_ticked_in_the_same_answer_is_still_a_400(client):
    # sunshine_h was not ticked when the page opened: it was ticked together with the new x.
    form = opened_form(client, "/d/stations/rainfall")
    fields = form_with(form, x=["sunshine_h"], y=["rainfall_mm", "sunshine_h"])
    sent = client.get(form.action + "?" + urllib.parse.urlencode(fields))
    assert sent.status_code == 400
    assert not_applied(sent.get_data(as_text=True)).startswith("y: column 'sunshine_h' is the x of this bar chart")


def test_an_x_and_y_the_same_sent_without_the_form_is_refused_as_in_any_url(client):
    sent = client.get("/d/stations/rainfall?x=rainfall_mm&y=rainfall_mm")
    assert sent.status_code == 400
    assert not_applied(sent.get_data(as_text=True)).startswith("y: column 'rainfall_mm' is the x of this bar chart")
