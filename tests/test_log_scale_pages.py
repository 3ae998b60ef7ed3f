"""`yscale` wherever a chart field goes: a chart page's form (a select that works without JS), a
dashboard file's chart (checked as the site starts) and its URL, and the OpenAPI description."""
from __future__ import annotations

import pytest

from app.dashboards import DashboardError
from tests.conftest import ROOT, chart_url_descriptions, dashboard_site, described
from tests.test_http import SpecForm, chart_image, image_query, submitted

ROWS = {"s.csv": "n,v\n1,1\n2,100\n3,0\n4,10000\n"}


def test_the_chart_form_offers_the_log_scale_and_draws_it_when_chosen(client):
    page = client.get("/d/weather/yearly-rainfall").get_data(as_text=True)
    assert ('<select name="yscale" translate="no"><option value="linear" selected>linear</option>'
            '<option value="log">log</option></select>') in page
    sent = submitted(client, SpecForm(page), yscale="log")
    answered = sent.get_data(as_text=True)
    assert sent.status_code == 200
    assert image_query(answered)["yscale"] == ["log"]
    assert '<option value="log" selected>log</option>' in answered
    assert client.get(chart_image(answered).replace(".svg?", ".json?")).get_json()["spec"]["yscale"] == "log"


def test_a_kind_picked_in_the_form_that_takes_no_log_scale_draws_it_linear(client):
    form = SpecForm(client.get("/d/weather/yearly-rainfall?yscale=log").get_data(as_text=True))
    assert ("yscale", "log") in form.fields
    sent = submitted(client, form, kind="area")
    assert sent.status_code == 200, sent.get_data(as_text=True)[:500]
    query = image_query(sent.get_data(as_text=True))
    assert query["kind"] == ["area"] and query.get("yscale", ["linear"]) == ["linear"]


def test_a_log_scale_a_url_gives_a_kind_that_takes_none_is_refused_by_the_page_as_by_the_image(client):
    image = client.get("/d/weather/yearly-rainfall.json?kind=hist&resample=none&yscale=log")
    assert image.status_code == 400 and "yscale=log does not apply to kind=hist" in image.get_json()["error"]
    page = client.get("/d/weather/yearly-rainfall?kind=hist&resample=none&yscale=log")
    assert page.status_code == 400 and "yscale=log does not apply to kind=hist" in page.get_data(as_text=True)
    # The log scale the form showed, sent back as shown with such a kind, is drawn linear.
    page = client.get("/d/weather/yearly-rainfall?kind=hist&resample=none&yscale=log&shown.yscale=log")
    assert page.status_code == 200
    assert image_query(page.get_data(as_text=True)).get("yscale", ["linear"]) == ["linear"]


def test_a_dashboard_chart_drawn_on_a_log_scale_and_a_url_undoing_it(tmp_path):
    client = dashboard_site(tmp_path, ROWS, '[[charts]]\nid = "c"\ndataset = "s"\nyscale = "log"\n').test_client()
    assert client.get("/d/m/c.json").get_json()["spec"]["yscale"] == "log"
    assert "yscale" not in client.get("/d/m/c.json?yscale=linear").get_json()["spec"]
    assert client.get("/d/m/c.svg?yscale=").data == client.get("/d/m/c.svg").data  # blank keeps the chart's
    said = client.get("/d/m/c.json?ymin=0").get_json()["error"]
    assert said.startswith("ymin must be above 0 with yscale=log"), said


@pytest.mark.parametrize("chart, said", [
    ('yscale = "logarithmic"', "chart 'c': yscale must be one of linear, log; got 'logarithmic'"),
    ('yscale = ""', "chart 'c': yscale = \"\" is blank: give one of linear, log, or leave yscale out for linear"),
    ('kind = "area"\nyscale = "log"', "chart 'c': yscale=log does not apply to kind=area"),
    ('yscale = "log"\nymin = -1', "chart 'c': ymin must be above 0 with yscale=log"),
])
def test_a_dashboard_file_s_bad_yscale_is_refused_as_the_site_starts(tmp_path, chart, said):
    with pytest.raises(DashboardError) as caught:
        dashboard_site(tmp_path, ROWS, f'[[charts]]\nid = "c"\ndataset = "s"\n{chart}\n')
    assert said in str(caught.value), str(caught.value)


def test_the_openapi_description_gives_yscale_to_every_chart_url(client):
    described = chart_url_descriptions(client, "yscale")
    assert described
    for path, words in described.items():
        assert "linear or log" in words, path


def test_the_readme_s_log_scale_examples_say_what_it_says_they_do(client):
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    for url, said in (("/plot/weather.svg?y=rainfall_mm&yscale=log&xmin=2025-06-01",
                       "137 values at or below 0 are not drawn on the log scale."),
                      ("/plot/weather.svg?y=rainfall_mm&yscale=log",
                       "Values at or below 0 are not drawn on the log scale.")):
        assert f"`{url}`" in readme and f"`{said}`" in readme
        words = described(client.get(url).data)
        assert words.endswith(f". {said}"), words
