"""A chart page's Top and Rolling mean boxes, with a kind chosen that takes neither: the count the form showed,
sent back as shown (`shown.top`, `shown.rolling`), asks for none, where any other, typed there or a URL's own,
is refused as the chart's image refuses it."""
from __future__ import annotations

import pytest

from tests.conftest import dashboard_site
from tests.test_chart_form_switches import not_applied, opened_form
from tests.test_http import image_query, submitted

SALES = "day,product,revenue\n2024-01-01,b,5\n2024-01-02,a,3\n2024-01-03,c,9\n2024-01-04,b,1\n"
BOARD = ('title = "Shop"\n'
         '[[charts]]\nid = "best"\ndataset = "sales"\nkind = "bar"\nx = "product"\ny = ["revenue"]\nagg = "sum"\n'
         'sort = "-value"\ntop = 2\n'
         '[[charts]]\nid = "trend"\ndataset = "sales"\nkind = "line"\nx = "day"\ny = ["revenue"]\nrolling = 2\n')


@pytest.fixture
def client(tmp_path):
    return dashboard_site(tmp_path, {"sales.csv": SALES}, BOARD).test_client()


@pytest.mark.parametrize("query", [
    "/d/m/best?kind=line&top=0",  # no box takes 0: the Top box takes 1 to 100
    "/d/m/best?kind=line&top=101",
    "/d/m/best?kind=line&top=%C2%B2",  # a superscript two, a digit to Python but not a number a box sends
    "/d/m/best?kind=line&top=%EF%BC%95",  # a full-width five
    "/d/m/trend?kind=bar&rolling=1",  # the Rolling mean box takes 2 to 365
    "/d/m/trend?kind=bar&rolling=366",
    "/d/m/trend?kind=bar&rolling=%C2%B2",
])
def test_a_count_no_box_sends_with_a_kind_that_takes_none_is_refused_as_the_chart_s_image_refuses_it(client, query):
    data = client.get(query.replace("?", ".json?"))  # the chart's data, refused as its image is
    page = client.get(query)
    assert data.status_code == page.status_code == 400
    assert not_applied(page.get_data(as_text=True)) == data.get_json()["error"]


@pytest.mark.parametrize("query", [
    "/d/m/best?kind=line&top=5",  # a whole number the Top box takes, but the URL's own
    "/d/m/best?kind=line&top=100",
    "/d/m/best?kind=line&top=2",  # the chart's own count, written by the URL
    "/d/m/best?kind=line&top=5&shown.top=2",  # typed in the form over the one it showed
    "/d/m/trend?top=5",  # the chart's own kind, a line, takes no top
    "/d/m/trend?kind=bar&rolling=7",
    "/d/m/trend?kind=bar&rolling=365",
    "/d/m/trend?kind=bar&rolling=7&shown.rolling=2",
])
def test_a_whole_count_not_sent_back_as_shown_with_a_kind_that_takes_none_is_refused_as_the_chart_s_image(
        client, query):
    image = client.get(query.split("&shown.")[0].replace("?", ".json?"))  # the image takes no shown. field
    page = client.get(query)
    assert image.status_code == page.status_code == 400
    assert not_applied(page.get_data(as_text=True)) == image.get_json()["error"]


@pytest.mark.parametrize("query", [
    "/d/m/best?kind=line&top=2&shown.top=2", "/d/m/best?kind=line&top=none", "/d/m/best?kind=line&top=",
    "/d/m/best?kind=line", "/d/m/trend?kind=bar&rolling=2&shown.rolling=2", "/d/m/trend?kind=bar&rolling=",
    "/d/m/trend?kind=bar",
])
def test_a_count_sent_back_as_shown_or_none_with_a_kind_that_takes_none_asks_for_none(client, query):
    page = client.get(query)
    assert page.status_code == 200, not_applied(page.get_data(as_text=True))


def test_the_form_carries_the_top_and_rolling_mean_it_shows_as_shown(client):
    best, trend = client.get("/d/m/best").get_data(as_text=True), client.get("/d/m/trend").get_data(as_text=True)
    assert 'name="shown.top" value="2"' in best and 'name="shown.rolling"' not in best
    assert 'name="shown.rolling" value="2"' in trend and 'name="shown.top"' not in trend


@pytest.mark.parametrize(("page", "kind", "name", "typed"), [("/d/m/best", "line", "top", "3"),
                                                            ("/d/m/trend", "bar", "rolling", "3")])
def test_a_count_the_form_showed_is_dropped_with_a_kind_that_takes_none_and_one_typed_there_refused(
        client, page, kind, name, typed):
    form = opened_form(client, page)
    sent = submitted(client, form, kind=kind)  # the box still holds the chart's own 2
    assert sent.status_code == 200, not_applied(sent.get_data(as_text=True))
    assert image_query(sent.get_data(as_text=True)).get(name, ["none"]) == ["none"]
    refused = submitted(client, form, kind=kind, **{name: typed})
    assert refused.status_code == 400
    assert not_applied(refused.get_data(as_text=True)).startswith(f"{name}={typed} does not apply to kind={kind}")
