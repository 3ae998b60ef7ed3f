"""One rule for a dashboard chart's own value of a field the kind its URL asks for takes none of (a line's
gap, rolling mean, running total or xlines under kind=bar, its log scale under kind=area, its resample
under kind=hist, its x bounds under kind=box, a ranking's sort and top under kind=line): it is left out,
the chart drawn as that kind draws it, in every format and on its page, whose links and embed snippets
name none of it; the URL's own value is refused, naming the kinds that take it. What does not depend on
the kind (a gap under a URL's resample, a date bound on a histogram's axis of values) is refused as
before, saying where it comes from."""
from __future__ import annotations

import html
import re

import pytest

from tests.conftest import dashboard_site, refusal
from tests.test_http import SpecForm, image_query, submitted

DAYS = "day,sales,cost,place\n" + "".join(
    f"2024-01-{d:02d},{d * 3 % 7 + 1},{d % 4},{'ab'[d % 2]}\n" for d in range(1, 29) if d not in range(10, 15))
# Each chart a line (or a bar) holding one field some kinds take none of.
BOARD = ('title = "Shop"\n'
         '[[charts]]\nid = "gapped"\ndataset = "days"\nx = "day"\ny = ["sales"]\ngap = "2d"\n'
         '[[charts]]\nid = "marked"\ndataset = "days"\nx = "day"\ny = ["sales"]\nxline = ["2024-01-05:Start"]\n'
         '[[charts]]\nid = "rolled"\ndataset = "days"\nx = "day"\ny = ["sales"]\nrolling = 3\n'
         '[[charts]]\nid = "totals"\ndataset = "days"\nx = "day"\ny = ["sales"]\ncumulative = true\n'
         '[[charts]]\nid = "changed"\ndataset = "days"\nx = "day"\ny = ["sales"]\nchange = "percent"\n'
         '[[charts]]\nid = "logged"\ndataset = "days"\nkind = "bar"\nx = "day"\ny = ["sales"]\nyscale = "log"\n'
         '[[charts]]\nid = "weekly"\ndataset = "days"\nx = "day"\ny = ["sales"]\nresample = "week"\n'
         '[[charts]]\nid = "bounded"\ndataset = "days"\nx = "day"\ny = ["sales"]\nxmin = 2024-01-03\n'
         'xmax = 2024-01-20\n'
         '[[charts]]\nid = "ranked"\ndataset = "days"\nkind = "bar"\nx = "day"\ny = ["sales", "cost"]\n'
         'sort = "-value"\ntop = 3\nstack = "stacked"\n')

# (chart, the field it holds, the field as a URL writes another value of it, a kind that takes none of it)
LEFT_OUT = [
    *(("gapped", "gap", "gap=2d", kind) for kind in ("bar", "barh", "scatter", "hist", "box")),
    *(("marked", "xline", "xline=2024-01-05", kind) for kind in ("bar", "barh", "hist", "box")),
    *(("rolled", "rolling", "rolling=3", kind) for kind in ("bar", "scatter", "hist", "box")),
    *(("totals", "cumulative", "cumulative=true", kind) for kind in ("bar", "scatter", "hist", "box")),
    *(("changed", "change", "change=percent", kind) for kind in ("bar", "scatter", "hist", "box")),
    *(("logged", "yscale", "yscale=log", kind) for kind in ("area", "hist")),
    *(("weekly", "resample", "resample=month", kind) for kind in ("hist", "box")),
    ("bounded", "xmin", "xmin=2024-01-05", "box"),
    *(("ranked", field, written, "line") for field, written in (("sort", "sort=value"), ("top", "top=2"),
                                                                 ("stack", "stack=percent"))),
]
# What the URL's own value is refused with under such a kind: what takes it.
URL_OWN = {"gap": "it applies to kind=line or kind=area", "xline": "it applies to kind=line, kind=scatter or kind=area",
           "rolling": "it applies to kind=line or kind=area", "cumulative": "it applies to kind=line or kind=area",
           "change": "it applies to kind=line or kind=area",
           "yscale": "it applies to kind=line, kind=bar, kind=barh, kind=scatter or kind=box",
           "resample": "use it with line, bar, barh, scatter or area",
           "xmin": "xmin and xmax do not apply to a box plot; bound its values with ymin and ymax",
           "sort": "it applies to kind=bar or kind=barh", "top": "top=2 does not apply to kind=line",
           "stack": "it applies to kind=bar, kind=barh or kind=area"}


@pytest.fixture(scope="module")
def client(tmp_path_factory):
    return dashboard_site(tmp_path_factory.mktemp("shop"), {"days.csv": DAYS}, BOARD).test_client()


@pytest.mark.parametrize(("chart", "field", "written", "kind"), LEFT_OUT)
def test_a_dashboard_chart_s_own_field_is_left_out_under_a_kind_its_url_asks_that_takes_none(
        client, chart, field, written, kind):
    assert field in client.get(f"/d/m/{chart}.json").get_json()["spec"]  # the dashboard's chart holds it
    answer = client.get(f"/d/m/{chart}.json?kind={kind}")
    assert answer.status_code == 200, answer.get_data(as_text=True)
    spec = answer.get_json()["spec"]
    assert spec.get("kind", "line") == kind and field not in spec and "xmax" not in spec, spec
    for extension in ("svg", "png", "pdf", "csv"):
        drawn = client.get(f"/d/m/{chart}.{extension}?kind={kind}")
        assert drawn.status_code == 200, (extension, drawn.get_data(as_text=True)[:300])


@pytest.mark.parametrize(("chart", "field", "written", "kind"), LEFT_OUT)
def test_a_url_s_own_field_under_a_kind_that_takes_none_is_still_refused(client, chart, field, written, kind):
    said = refusal(client, f"/d/m/{chart}.json?kind={kind}&{written}")
    assert URL_OWN[field] in said and "dashboard" not in said, said


@pytest.mark.parametrize(("chart", "field", "written", "kind"), LEFT_OUT)
def test_a_chart_page_under_such_a_kind_draws_it_and_its_links_name_none_of_the_field(
        client, chart, field, written, kind):
    page = client.get(f"/d/m/{chart}?kind={kind}")
    assert page.status_code == 200, page.get_data(as_text=True)[:500]
    text = html.unescape(page.get_data(as_text=True))
    links = re.findall(rf'(?:https?://localhost)?/d/m/{chart}(?:\.[a-z]+)?\?[^"\s<>)]*', text)
    assert links and all(f"kind={kind}" in link for link in links), links
    assert not [link for link in links if re.search(rf"[?&]{field}=", link)], links  # the embeds' too
    assert image_query(page.get_data(as_text=True))["kind"] == [kind]


def test_a_page_under_a_kind_without_a_gap_switched_back_by_its_form_draws_the_dashboard_s_gap(client):
    page = client.get("/d/m/gapped?kind=bar")
    assert page.status_code == 200, page.get_data(as_text=True)[:500]
    form = SpecForm(page.get_data(as_text=True))
    assert not [name for name, _ in form.fields if name in ("gap", "shown.gap")], form.fields
    sent = submitted(client, form, kind="line")
    assert sent.status_code == 200, sent.get_data(as_text=True)[:500]
    query = image_query(sent.get_data(as_text=True))
    assert "kind" not in query and "gap" not in query  # the dashboard's chart, as it is
    assert client.get("/d/m/gapped.json?kind=line").get_json()["spec"]["gap"] == "2d"


@pytest.mark.parametrize(("url", "said"), [
    # A gap under the URL's resample, whatever the kind: a resampled line breaks at each empty period already.
    ("/d/m/gapped.json?resample=week", "gap does not apply with resample=week"),
    # The dashboard's resample once x holds numbers, its date bound on a histogram's axis of values.
    ("/d/m/weekly.json?x=cost", "resample needs x to be a date column"),
    ("/d/m/bounded.json?kind=hist", "xmin and xmax must be numbers on a histogram"),
    # Its xlines over an x of text, its running total of the URL's weekly means.
    ("/d/m/marked.json?kind=line&x=place", "xline does not apply to x='place', which holds text"),
    ("/d/m/totals.json?resample=week", "cumulative=true does not go with agg=mean: a running total of weekly"),
])
def test_a_dashboard_chart_s_field_the_kind_takes_but_the_url_leaves_no_place_for_is_still_refused(
        client, url, said):
    assert said in refusal(client, url)


@pytest.mark.parametrize(("url", "said"), [
    ("/d/m/weekly.json?kind=hist&resample=week", "resample does not apply to a hist chart, which draws every value; "
                                                 "use it with line, bar, barh, scatter or area"),
    ("/d/m/weekly.json?kind=box&resample=week", "resample does not apply to a box chart, which draws every value; "
                                                "use it with line, bar, barh, scatter or area"),
    ("/d/m/bounded.json?kind=box&xmin=2024-01-03", URL_OWN["xmin"]),
])
def test_a_url_s_own_value_the_same_as_the_dashboard_chart_s_is_refused_as_the_url_s(client, url, said):
    # The URL writes it: that the dashboard's chart holds the same value does not make it the dashboard's.
    message = refusal(client, url)
    assert message.startswith(said) and "dashboard" not in message, message


@pytest.mark.parametrize("query", ["resample=week&agg=mean", "resample=week", "rolling=3"])
def test_a_dashboard_chart_s_running_total_refused_beside_the_url_s_fields_says_it_is_the_chart_s(client, query):
    message = refusal(client, f"/d/m/totals.json?{query}")
    assert message.startswith(("cumulative=true does not go with agg=mean", "rolling=3 and cumulative=true")), message
    assert message.endswith("; the running total is the dashboard chart's: cumulative=false undoes it"), message
    assert client.get(f"/d/m/totals.json?{query}&cumulative=false").status_code == 200


def test_a_url_s_own_running_total_refused_beside_its_resample_names_no_dashboard(client):
    message = refusal(client, "/d/m/totals.json?resample=week&agg=mean&cumulative=true")
    assert message.startswith("cumulative=true does not go with agg=mean") and "dashboard" not in message, message
