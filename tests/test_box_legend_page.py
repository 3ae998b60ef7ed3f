"""A chart page's form drops the legend it carries hidden when it is sent with a box plot, which draws
none; a URL's own `legend=true` on a box plot is refused on the page as the chart's image refuses it."""
from __future__ import annotations

import re

import pytest

from tests.test_chart_form_switches import not_applied, opened_form
from tests.test_chart_page_refusals import fields_of, refused_fields
from tests.test_http import SpecForm, image_query, submitted


@pytest.mark.parametrize("legend", ["true", "yes", "1"])
def test_a_box_plot_page_with_the_urls_legend_true_is_the_images_400_with_legend_marked(client, legend):
    image = client.get(f"/d/weather/temperature.svg?kind=box&legend={legend}")
    page = client.get(f"/d/weather/temperature?kind=box&legend={legend}")
    assert image.status_code == page.status_code == 400
    text = page.get_data(as_text=True)
    said = client.get(f"/d/weather/temperature.json?kind=box&legend={legend}").get_json()["error"]
    assert not_applied(text) == said and said.startswith("legend=true does not apply to kind=box")
    # The form has no field for legend to mark: carried hidden it could not be cleared, so it is left
    # out, with no shown.legend, as any refused hidden field is.
    assert "legend" not in fields_of(text) and "shown.legend" not in fields_of(text)
    assert refused_fields(text) == []
    sent_again = submitted(client, SpecForm(text))
    assert sent_again.status_code == 200 and image_query(sent_again.get_data(as_text=True))["kind"] == ["box"]


def test_a_page_opened_with_legend_true_switched_to_a_box_plot_in_its_form_draws_the_box_plot(client):
    form = opened_form(client, "/d/weather/temperature?legend=true")
    assert ("legend", "true") in form.fields and ("shown.legend", "true") in form.fields
    sent = submitted(client, form, kind="box")
    assert sent.status_code == 200, not_applied(sent.get_data(as_text=True))
    query = image_query(sent.get_data(as_text=True))
    assert query["kind"] == ["box"] and "legend" not in query
    # The box plot's page carries no legend on: back to a line, the legend is the default's (auto).
    back = submitted(client, SpecForm(sent.get_data(as_text=True)), kind="line")
    assert back.status_code == 200 and "legend" not in image_query(back.get_data(as_text=True))


def test_the_forms_legend_sent_back_changed_is_the_urls_own_and_refused_on_a_box_plot(client):
    form = opened_form(client, "/d/weather/temperature?legend=false")
    fields = [(name, "true" if name == "legend" else value) for name, value in form.fields]
    changed = SpecForm.__new__(SpecForm)
    changed.action, changed.fields = form.action, fields
    sent = submitted(client, changed, kind="box")
    assert sent.status_code == 400
    assert re.match(r"legend=true does not apply to kind=box", not_applied(sent.get_data(as_text=True)))


def test_a_refused_page_carrying_legend_hidden_drops_it_when_switched_to_a_box_plot(client):
    # The legend the refused page's form carries as it was sent is the form's own too: it cannot be cleared.
    refused = client.get("/d/weather/temperature?legend=true&ymin=abc")
    assert refused.status_code == 400
    form = SpecForm(refused.get_data(as_text=True))
    assert ("legend", "true") in form.fields and ("shown.legend", "true") in form.fields
    sent = submitted(client, form, kind="box", ymin="")
    assert sent.status_code == 200, not_applied(sent.get_data(as_text=True))
    assert "legend" not in image_query(sent.get_data(as_text=True))
