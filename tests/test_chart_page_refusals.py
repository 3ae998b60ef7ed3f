"""A chart page whose query is refused answers 4xx with the page itself: the chart as the dashboard
defines it, the message ("Not applied: …"), and the form holding what was sent, the refused field as
typed and marked, so that the user corrects that one field and sends the form again."""
from __future__ import annotations

import html
import re

import pytest

from tests.test_chart_form_switches import not_applied, opened_form
from tests.test_http import SpecForm, chart_image, image_query, submitted

SCATTER_TYPED = "/d/weather/temperature?kind=scatter&title=My%20title&width=800&ymin=abc"


def fields_of(page: str) -> dict[str, list[str]]:
    """What the page's form sends as it is, each name with its values."""
    fields: dict[str, list[str]] = {}
    for name, value in SpecForm(page).fields:
        fields.setdefault(name, []).append(value)
    return fields


def rows_not_applied(page: str) -> str:
    """The message of a refusal of the page's rows, which have a message of their own and no field."""
    found = re.search(r'<p class="error" role="alert" id="rows-error"[^>]*>Not applied: ([^<]*)</p>', page)
    return html.unescape(found.group(1)) if found else ""


def refused_fields(page: str) -> list[str]:
    """The names of the form's fields marked as the one the message is about."""
    return re.findall(r'name="([^"]+)"[^>]*aria-invalid="true" aria-describedby="spec-error"', page)


def test_a_refused_field_leaves_the_form_holding_what_was_sent(client):
    response = client.get(SCATTER_TYPED)
    page = response.get_data(as_text=True)
    assert response.status_code == 400 and not_applied(page).startswith("ymin must be a number")
    fields = fields_of(page)
    assert (fields["kind"], fields["title"], fields["width"], fields["ymin"]) == (
        ["scatter"], ["My title"], ["800"], ["abc"])
    assert refused_fields(page) == ["ymin"] and 'id="spec-error"' in page
    # The fields not sent hold the dashboard's chart, which the page draws.
    opened = client.get("/d/weather/temperature").get_data(as_text=True)
    assert chart_image(page) == chart_image(opened)
    assert fields["height"] == fields_of(opened)["height"] and fields["y"] == fields_of(opened)["y"]


def test_the_form_of_a_refusal_corrected_in_the_refused_field_draws_what_was_sent(client):
    # A weekly line from a dashboard's date xmin, switched to a histogram in the form with a bad ymin:
    # corrected, it draws the histogram the form would have drawn had ymin been right the first time.
    form = opened_form(client, "/d/weather/recent-rain")
    refused = submitted(client, form, kind="hist", title="Rain", ymin="abc")
    assert refused.status_code == 400
    corrected = submitted(client, SpecForm(refused.get_data(as_text=True)), ymin="1")
    right_first = submitted(client, form, kind="hist", title="Rain", ymin="1")
    assert corrected.status_code == right_first.status_code == 200
    assert chart_image(corrected.get_data(as_text=True)) == chart_image(right_first.get_data(as_text=True))


def test_the_fields_the_form_carries_hidden_are_sent_again_but_the_refused_one(client):
    page = client.get("/d/weather/temperature?xlabel=Day&text=path&legend=maybe&ymin=1").get_data(as_text=True)
    assert not_applied(page).startswith("legend must be")
    fields = fields_of(page)
    assert (fields["xlabel"], fields["text"], fields["ymin"]) == (["Day"], ["path"], ["1"])
    assert "legend" not in fields  # hidden, it could not be corrected: sent again, it would be refused again
    corrected = submitted(client, SpecForm(page))
    assert corrected.status_code == 200
    assert image_query(corrected.get_data(as_text=True))["xlabel"] == ["Day"]


@pytest.mark.parametrize(("query", "name", "shown"), [
    ("kind=pie", "kind", "pie"),
    ("theme=sepia", "theme", "sepia"),
    ("resample=fortnight", "resample", "fortnight"),
    ("x=when", "x", "when"),
])
def test_a_refused_choice_stays_chosen_as_it_was_sent(client, query, name, shown):
    page = client.get(f"/d/weather/temperature?{query}&width=500").get_data(as_text=True)
    assert not_applied(page)
    fields = fields_of(page)
    assert fields[name] == [shown] and fields["width"] == ["500"]
    assert refused_fields(page) == [name]


def test_a_choice_sent_as_the_chart_reads_it_is_chosen_among_the_others(client):
    fields = fields_of(client.get("/d/weather/temperature?kind=%20Bar&theme=DARK&ymin=abc").get_data(as_text=True))
    assert (fields["kind"], fields["theme"]) == (["bar"], ["dark"])


def test_a_refused_y_stays_ticked_with_the_others_sent(client):
    page = client.get("/d/weather/temperature?y=humidity_pct,nope").get_data(as_text=True)
    assert "no column 'nope'" in not_applied(page)
    assert fields_of(page)["y"] == ["humidity_pct", "nope"]
    assert refused_fields(page) == ["y", "y"]


def test_a_y_sent_blank_comes_back_as_the_charts_and_ticked_as_the_form_ticks_it(client):
    # A blank y keeps the chart's: the form shows it as a page of that chart does, so that an x then
    # switched to it takes it off the y (a bar chart refuses its x as a y).
    page = client.get("/d/stations/rainfall?from=2025-12-01&filter.station=Airport&y=&ymin=abc")
    assert page.status_code == 400 and fields_of(page.get_data(as_text=True))["y"] == ["rainfall_mm"]
    sent = submitted(client, SpecForm(page.get_data(as_text=True)), ymin="", x="rainfall_mm")
    assert sent.status_code == 200, not_applied(sent.get_data(as_text=True))


def test_a_title_of_several_lines_comes_back_in_a_textarea(client):
    page = client.get("/d/weather/temperature?title=First%0D%0ASecond&width=50").get_data(as_text=True)
    assert not_applied(page).startswith("width must be")
    assert fields_of(page)["title"] == ["First\r\nSecond"]  # as a browser sends a textarea's line breaks


def test_a_value_longer_than_any_the_field_takes_comes_back_cut(client):
    response = client.get("/d/weather/temperature", query_string={"title": "t" * 100_000, "ymin": "1" * 100_000})
    assert response.status_code == 400 and len(response.data) < 60_000
    fields = fields_of(response.get_data(as_text=True))
    assert fields["title"] == ["t" * 200 + "…"] and fields["ymin"] == ["1" * 100 + "…"]


@pytest.mark.parametrize(("query", "words"), [
    ("to=2024-01-01", "from=2025-01-01 comes from the dashboard's range"),
    ("from=2026-01-01&to=2024-01-01", "from must not be after to"),
])
def test_a_range_out_of_order_shows_the_form_with_the_chart_fields_sent(client, query, words):
    response = client.get(f"/d/stations/sunshine-vs-temperature?{query}&width=500")
    page = response.get_data(as_text=True)
    assert response.status_code == 400
    assert rows_not_applied(page).startswith("from must not be after to") and words in rows_not_applied(page)
    assert not_applied(page) == ""  # no chart field was refused
    fields = fields_of(page)
    # The rows the dashboard opens with, which the form need not carry: sent again, it draws them.
    assert fields["width"] == ["500"] and "from" not in fields and "to" not in fields
    assert "width=500" in chart_image(page)  # the chart fields are drawn over the rows the dashboard opens with


@pytest.mark.parametrize(("query", "words"), [
    ("errors=text", "errors must be image or left out (image makes a chart's .svg or .png answer an error as a 200 "
                    "image; here it changes nothing: an error is answered as usual), got 'text'"),
    ("v=1&v=2", "v was given 2 times; give it once: v is the version the site's pages write into a chart's URL: "
                "the data version, then _ and 8 lowercase hex digits (such as 7_5f1c2a9e); it may be left out"),
])
def test_a_bad_errors_or_v_on_a_chart_page_shows_its_form(client, query, words):
    response = client.get(f"/d/stations/temperature?{query}&title=Mine")
    page = response.get_data(as_text=True)
    assert response.status_code == 400 and not_applied(page) == words
    fields = fields_of(page)
    assert fields["title"] == ["Mine"] and "errors" not in fields and "v" not in fields
    assert submitted(client, SpecForm(page)).status_code == 200


@pytest.mark.parametrize("query", ["errors=text", "errors=image&errors=image", "v=1&v=2", "v=1"])
def test_errors_or_v_on_a_dashboards_page_is_refused_as_a_parameter_it_does_not_take_beside_its_form(
        client, query):
    # As errors=image is: the page takes neither, whatever its value or however often it comes.
    response = client.get(f"/d/stations?{query}&from=2025-03-01")
    page = html.unescape(response.get_data(as_text=True))
    name = query.split("=")[0]
    assert response.status_code == 400 and '<form class="rows-form"' in page
    assert (f"Not applied: {name} applies to a chart's URL (such as /d/stations/temperature.svg), not the "
            "dashboard's page") in page
    assert 'name="from" value="2025-03-01"' in page


@pytest.mark.parametrize("url", ["/d/stations.pdf?errors=text", "/d/stations/versions.json?v=1&v=2"])
def test_errors_or_v_on_a_dashboards_report_or_versions_is_refused_as_not_taken(client, url):
    response = client.get(url)
    assert response.status_code == 400
    assert "applies to a chart's URL (such as /d/stations/temperature.svg)" in response.get_data(as_text=True)


@pytest.mark.parametrize("url", ["/d/stations/temperature.svg?errors=text", "/plot/weather.json?v=1&v=2",
                                 "/d/stations/temperature.csv?errors=image&errors=image"])
def test_a_chart_file_still_refuses_a_bad_errors_or_v(client, url):
    response = client.get(url)
    assert response.status_code == 400


def test_a_refused_form_keeps_a_long_column_name_whole_for_an_x_switched_to_it(tmp_path):
    # Column names may be 200 characters; shown.y was cut to 100, named no column once sent again,
    # and an x switched to that y, taken off the y on any other page, was refused as its own y.
    from app import create_app

    long = "m" * 150
    boards, data = tmp_path / "boards", tmp_path / "data"
    boards.mkdir()
    data.mkdir()
    (data / "long.csv").write_text(f"day,{long},v\n2024-01-01,1,2\n2024-01-02,3,4\n")
    (boards / "b.toml").write_text(f'[[charts]]\nid = "c"\ndataset = "long"\nkind = "bar"\nx = "day"\n'
                                   f'y = ["{long}", "v"]\n')
    client = create_app({"TESTING": True, "DASHBOARD_DIRS": [str(boards)], "DATA_DIR": str(data)}).test_client()
    refused = submitted(client, opened_form(client, "/d/b/c"), ymin="abc")
    assert refused.status_code == 400
    corrected = submitted(client, SpecForm(refused.get_data(as_text=True)), ymin="", x=long)
    assert corrected.status_code == 200, not_applied(corrected.get_data(as_text=True))
