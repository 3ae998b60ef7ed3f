"""A chart page's Top and Rolling mean boxes, with a kind chosen that takes neither: a count such a box sends
(a whole number it takes) asks for none, where a count no box sends, a URL's own, is refused as the chart's
image refuses it."""
from __future__ import annotations

import pytest

from tests.conftest import dashboard_site
from tests.test_chart_form_switches import not_applied

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
    "/d/m/best?kind=line&top=5", "/d/m/best?kind=line&top=100", "/d/m/best?kind=line&top=none",
    "/d/m/best?kind=line&top=", "/d/m/trend?kind=bar&rolling=7", "/d/m/trend?kind=bar&rolling=365",
    "/d/m/trend?kind=bar&rolling=",
])
def test_a_count_a_box_sends_with_a_kind_that_takes_none_asks_for_none(client, query):
    page = client.get(query)
    assert page.status_code == 200, not_applied(page.get_data(as_text=True))
