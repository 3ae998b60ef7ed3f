"""A chart page's form taken through a kind or x that refuses the dashboard's resample or x bound
(hist, box, an x without dates) and back to one that takes it draws the dashboard's again: what the
page had to leave out is not carried on as the user's choice, while a value the user chose is."""
from __future__ import annotations

import urllib.parse

from tests.test_chart_form_switches import form_with, not_applied, opened_form
from tests.test_http import SpecForm, chart_image, image_query, submitted


def switched(client, page: str, *steps: dict[str, str]) -> str:
    """The page a browser ends on from `page` after sending its form once per step, each time with
    that step's fields changed; every answer must be drawn."""
    answered = client.get(page).get_data(as_text=True)
    for changed in steps:
        sent = submitted(client, SpecForm(answered), **changed)
        answered = sent.get_data(as_text=True)
        assert sent.status_code == 200, (changed, not_applied(answered), answered[:300])
    return answered


def drawn_spec(client, answered: str) -> dict:
    """The spec of the chart the page shows, as its .json gives it."""
    data = client.get(chart_image(answered).replace(".svg?", ".json?"))
    assert data.status_code == 200, data.get_data(as_text=True)
    return data.json["spec"]


def test_a_weekly_line_switched_to_a_histogram_and_then_to_bars_draws_weekly_bars(client):
    # Daily bars of a year would be 365 categories: the histogram's resample=none must not follow.
    answered = switched(client, "/d/stations/temperature", {"kind": "hist"}, {"kind": "bar"})
    assert "resample" not in image_query(answered)
    spec = drawn_spec(client, answered)
    assert spec["kind"] == "bar" and spec["resample"] == "week"


def test_an_area_switched_to_a_histogram_and_back_is_the_dashboards_chart_again(client):
    opened = client.get("/d/weather/recent-rain").get_data(as_text=True)
    answered = switched(client, "/d/weather/recent-rain", {"kind": "hist"}, {"kind": "area"})
    assert chart_image(answered) == chart_image(opened)
    spec = drawn_spec(client, answered)
    assert spec["resample"] == "week" and spec["xmin"] == "2024-01-01T00:00:00Z"
    assert spec["title"] == "Weekly rainfall, 2024–2025"


def test_an_area_taken_through_a_box_plot_and_a_histogram_is_the_dashboards_chart_again(client):
    opened = client.get("/d/weather/recent-rain").get_data(as_text=True)
    answered = switched(client, "/d/weather/recent-rain", {"kind": "box"}, {"kind": "hist"}, {"kind": "area"})
    assert chart_image(answered) == chart_image(opened)


def test_yearly_bars_switched_to_a_box_plot_and_then_to_horizontal_bars_are_yearly(client):
    # Daily bars of thirty years would be 10958 categories.
    answered = switched(client, "/d/weather/yearly-rainfall", {"kind": "box"}, {"kind": "barh"})
    spec = drawn_spec(client, answered)
    assert spec["kind"] == "barh" and spec["resample"] == "year" and spec["agg"] == "sum"


def test_an_x_switched_to_text_and_back_to_dates_draws_the_dashboards_resample_and_bound(client):
    answered = switched(client, "/d/weather/recent-rain", {"x": "temperature_c"}, {"x": "date"})
    spec = drawn_spec(client, answered)
    assert spec["resample"] == "week" and spec["xmin"] == "2024-01-01T00:00:00Z"
    answered = switched(client, "/d/stations/temperature", {"x": "station"}, {"x": "date"})
    assert drawn_spec(client, answered)["resample"] == "week"


def test_a_histogram_page_sent_back_unchanged_draws_the_same_histogram(client):
    page = switched(client, "/d/weather/recent-rain", {"kind": "hist"})
    assert chart_image(switched(client, "/d/weather/recent-rain", {"kind": "hist"}, {})) == chart_image(page)


def test_the_form_marks_only_what_the_pages_chart_refuses(client):
    hist = SpecForm(switched(client, "/d/weather/recent-rain", {"kind": "hist"}))
    assert ("shown.resample", "none") in hist.fields and ("shown.xmin", "") in hist.fields
    assert not any(name == "shown.xmax" for name, _ in hist.fields)  # the dashboard's chart sets none
    # An area takes a resample and an x bound: none of either there is the user's own.
    line = opened_form(client, "/d/weather/recent-rain?resample=none&xmin=auto")
    assert not any(name in ("shown.resample", "shown.xmin") for name, _ in line.fields)


def test_a_resample_of_none_chosen_on_a_line_is_kept_when_the_kind_changes(client):
    answered = switched(client, "/d/stations/temperature?resample=none", {"kind": "area"})
    assert image_query(answered)["resample"] == ["none"]
    assert "resample" not in drawn_spec(client, answered)


def test_a_bound_cleared_on_an_area_is_kept_when_the_kind_changes(client):
    answered = switched(client, "/d/weather/recent-rain?xmin=auto", {"kind": "line"})
    assert image_query(answered)["xmin"] == ["auto"]
    assert "xmin" not in drawn_spec(client, answered)


def test_a_resample_and_a_bound_typed_on_a_histogram_page_are_kept(client):
    answered = switched(client, "/d/weather/recent-rain", {"kind": "hist"},
                        {"kind": "line", "resample": "month", "xmin": "2025-01-01"})
    spec = drawn_spec(client, answered)
    assert spec["resample"] == "month" and spec["xmin"] == "2025-01-01T00:00:00Z"


def test_a_bound_typed_on_a_histogram_page_that_the_histogram_refuses_is_still_a_400(client):
    form = SpecForm(switched(client, "/d/weather/recent-rain", {"kind": "hist"}))
    sent = submitted(client, form, xmin="2024-06-01")
    assert sent.status_code == 400
    assert not_applied(sent.get_data(as_text=True)).startswith("xmin must be a number")


def test_a_resample_sent_without_the_form_is_read_as_in_any_url(client):
    # Without shown.resample, resample=none is the URL's own: a daily bar chart, too many days for one.
    sent = client.get("/d/stations/temperature?kind=bar&resample=none")
    assert sent.status_code == 422
    form = opened_form(client, "/d/stations/temperature?kind=hist&resample=none")
    fields = form_with(form, kind=["bar"], **{"shown.resample": []})
    sent = client.get(form.action + "?" + urllib.parse.urlencode(fields))
    assert sent.status_code == 422
