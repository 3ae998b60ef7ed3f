"""The same rows asked with the filters in another order, or a filter's values in another order, are one
page at one URL: a dashboard's page sends the browser on to the URL its form writes (the filters in the
form's order, each one's values as its select lists them), as it does for the range written after the
filters, and a chart's page names that URL as its canonical one, its image's URL the same. Each order was
a page of its own: its own canonical URL, which a search engine or a shared link kept apart, its charts'
image URLs apart in every cache, and its words listing the values in another order."""
from __future__ import annotations

import re
from html import unescape

import pytest

from tests.conftest import dashboard_site

BOARD = """title = "Ponds"
[[filters]]
column = "pond"
[[filters]]
column = "kind"
[[charts]]
id = "frogs"
dataset = "ponds"
kind = "bar"
x = "pond"
y = ["n"]
"""
PONDS = "pond,kind,n\nA,x,1\nB,y,2\nA,y,3\n"


@pytest.fixture
def client(tmp_path):
    return dashboard_site(tmp_path, {"ponds.csv": PONDS}, BOARD).test_client()


@pytest.mark.parametrize("asked, canonical", [
    ("filter.kind=y&filter.pond=A", "filter.pond=A&filter.kind=y"),
    ("filter.pond=B&filter.pond=A", "filter.pond=A&filter.pond=B"),
    ("filter.kind=y&filter.pond=B&filter.kind=x&filter.pond=A", "filter.pond=A&filter.pond=B&filter.kind=x&filter.kind=y"),
])
def test_a_dashboard_asked_in_another_order_sends_the_browser_to_the_forms_url(client, asked, canonical):
    response = client.get(f"/d/m?{asked}")
    assert (response.status_code, response.headers["Location"]) == (302, f"/d/m?{canonical}")
    page = client.get(f"/d/m?{canonical}")
    assert page.status_code == 200
    assert _canonical(page) == f"http://localhost/d/m?{canonical}"


def test_a_dashboards_form_order_is_its_page_as_it_is(client):
    page = client.get("/d/m?filter.pond=A&filter.pond=B&filter.kind=y")
    assert page.status_code == 200
    assert "pond: A, B · kind: y" in re.sub(r"<[^>]+>", "", page.get_data(as_text=True))


def test_a_chart_page_asked_in_another_order_names_one_canonical_url_and_draws_one_image(client):
    pages = [client.get(f"/d/m/frogs?{asked}") for asked in ("filter.kind=y&filter.pond=B&filter.pond=A",
                                                              "filter.pond=A&filter.pond=B&filter.kind=y")]
    assert [page.status_code for page in pages] == [200, 200]
    assert {_canonical(page) for page in pages} == {"http://localhost/d/m/frogs?filter.pond=A&filter.pond=B&filter.kind=y"}
    assert len({_image(page) for page in pages}) == 1


def _canonical(page) -> str:
    return unescape(re.search(r'<link rel="canonical" href="([^"]*)"', page.get_data(as_text=True)).group(1))


def _image(page) -> str:
    return unescape(re.search(r'<img id="chart" src="([^"]*)"', page.get_data(as_text=True)).group(1))
