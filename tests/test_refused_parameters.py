"""Pages and the API's reads refuse a query parameter they do not take, as chart URLs do, rather than
ignoring it without a word."""
from __future__ import annotations

import html
import re

import pytest

from tests.error_image_text import error_message
from tests.conftest import ROOT
from tests.test_openapi_answers import check_answer

# Each URL that takes no parameter, and what its refusal calls it.
TAKING_NONE = [
    ("/", "the front page (/)"),
    ("/upload", "the upload form (/upload)"),
    ("/datasets/animals/append", "the form to append rows (/datasets/animals/append)"),
    ("/api/datasets", "the list of datasets (/api/datasets)"),
    ("/api/datasets/animals", "a dataset's description (/api/datasets/animals)"),
    ("/api/openapi.json", "the OpenAPI document (/api/openapi.json)"),
]


def error_text(response) -> str:
    """What an error answer says, whatever its format."""
    if response.is_json:
        return response.get_json()["error"]
    if response.mimetype == "image/png":  # a PNG error image names its whole message in its Title
        return error_message(response.data)
    text = response.get_data(as_text=True)
    if response.mimetype == "image/svg+xml":
        text = " ".join(re.findall(r">([^<]*)</text>", text))
    return html.unescape(text)


@pytest.mark.parametrize(("url", "where"), TAKING_NONE)
def test_a_url_that_takes_no_parameter_refuses_one_naming_it(client, url, where):
    assert client.get(url).status_code == 200
    response = client.get(f"{url}?froom=1")
    assert response.status_code == 400
    assert f"unknown parameter 'froom'; {where} takes no parameters" in error_text(response)


@pytest.mark.parametrize("url", ["/datasets/animals", "/api/datasets/animals"])
@pytest.mark.parametrize(("sent", "applies"), [
    ("title=Bears", "title applies to a chart's URL (such as /plot/animals.svg), not "),
    ("v=1", "v applies to a chart's URL (such as /plot/animals.svg) and the dataset's rows "
            "(/datasets/animals.json, .csv), not "),
    ("scale=2", "scale applies to .png only, not "),
])
def test_a_dataset_s_page_names_the_urls_that_take_a_chart_s_parameter(client, url, sent, applies):
    response = client.get(f"{url}?{sent}")
    assert response.status_code == 400
    assert applies in error_text(response)


def test_a_dataset_s_page_takes_the_added_of_old_links_only(client):
    assert client.get("/datasets/animals?added=2").status_code == 200  # shows no notice: test_append_notice
    response = client.get("/datasets/animals?froom=1")
    assert response.status_code == 400
    # froom looks like a chart's from, which the message says is taken elsewhere.
    assert ("unknown parameter 'froom' (did you mean 'from'? it applies to a chart's URL (such as "
            "/plot/animals.svg)); the parameters are added") in error_text(response)


def test_the_first_bear_chart_takes_v_and_errors_only(client):
    plain = client.get("/bears.svg")
    assert client.get("/bears.svg?v=1").data == plain.data
    refused = client.get("/bears.svg?colour=red")
    assert refused.status_code == 400 and refused.mimetype == "image/svg+xml"
    assert "unknown parameter 'colour'; the parameters are v, errors" in error_text(refused)
    assert "width applies to a chart's URL (such as /animal.svg?type=Bear), not /bears.svg" in error_text(
        client.get("/bears.svg?width=300"))
    as_image = client.get("/bears.svg?colour=red&errors=image")
    assert as_image.status_code == 200 and as_image.headers["X-Chart-Error"].startswith("400 unknown parameter")
    assert client.get("/bears.svg?errors=png").status_code == 400


def test_the_first_bear_chart_refuses_v_given_twice_in_the_words_of_what_it_takes(client):
    assert client.get("/bears.svg?v=abc").status_code == 200
    refused = client.get("/bears.svg?v=1&v=2")
    assert refused.status_code == 400
    said = error_text(refused)
    assert "v was given 2 times; give it once: v is any text, which changes nothing" in said
    assert "hex digits" not in said  # the data-version rule of a chart's v, which /bears.svg does not apply


@pytest.mark.parametrize(("url", "path"), [("/api/datasets", "/api/datasets"),
                                           ("/api/datasets/animals", "/api/datasets/{name}"),
                                           ("/api/openapi.json", "/api/openapi.json")])
def test_the_api_s_refusal_of_a_parameter_is_documented(client, url, path):
    document = client.get("/api/openapi.json").get_json()
    body = check_answer(document, path, "GET", client.get(f"{url}?page=2"))
    assert "unknown parameter 'page'" in body["error"]


def test_the_templates_link_these_urls_with_no_parameter():
    templates = "".join(p.read_text(encoding="utf-8") for p in (ROOT / "site" / "templates").glob("*.html"))
    for endpoint in ("index.index", "uploads.upload_form", "datasets.dataset", "appends.append_form"):
        for call in re.findall(rf"url_for\('{re.escape(endpoint)}'[^)]*\)", templates):
            assert re.fullmatch(rf"url_for\('{re.escape(endpoint)}'(, name=[\w.]+)?\)", call), call


DASHBOARD_CHART_URLS = [
    ("/d/weather/temperature.svg", "/d/weather/temperature.svg"),
    ("/d/weather/temperature.png", "/d/weather/temperature.png"),
    ("/d/weather/temperature.json", "/d/weather/temperature.json"),
    ("/d/weather/temperature.csv", "/d/weather/temperature.csv"),
    ("/d/weather/temperature", "a chart's page"),
]


@pytest.mark.parametrize(("url", "where"), DASHBOARD_CHART_URLS)
def test_a_quick_range_on_a_dashboard_chart_s_url_names_the_dashboard_s_page(client, url, where):
    response = client.get(f"{url}?range=now-7d")
    assert response.status_code == 400
    message = error_text(response)
    assert f"range applies to the dashboard's page (/d/weather) only, not {where}; the parameters are kind, " in message
    assert "unknown parameter" not in message
    # The page it names takes it.
    assert client.get("/d/weather?range=now-7d").status_code == 302


@pytest.mark.parametrize("url", [url for url, _ in DASHBOARD_CHART_URLS])
@pytest.mark.parametrize(("dashboard", "quick", "instead", "fixed"), [
    ("weather", "now-7d", "write from=now-7d instead, as the dashboard's page writes its range 'now-7d'",
     "from=now-7d"),
    # The stations dashboard opens on 2025: every row is its from written blank.
    ("stations", "all", "write from= (blank) instead, as the dashboard's page writes its range 'all'", "from="),
    ("weather", "all", "leave out from and to instead, as the dashboard's page does for its range 'all'", ""),
])
def test_a_quick_range_on_a_dashboard_chart_s_url_says_what_to_write_instead(client, url, dashboard, quick, instead,
                                                                              fixed):
    url = url.replace("/d/weather/", f"/d/{dashboard}/")
    response = client.get(f"{url}?range={quick}")
    assert response.status_code == 400
    message = error_text(response)
    assert f"range applies to the dashboard's page (/d/{dashboard}) only" in message
    assert re.search(rf"; {re.escape(instead)}($|\n|<)", message), message  # the end of what it says
    # The URL written as it says is taken.
    assert client.get(f"{url}?{fixed}" if fixed else url).status_code == 200


# A quick range beside a from or to of the URL's own: the page takes the range and drops them, so the
# refusal names both and either to keep, not the range alone as though the from were not there.
@pytest.mark.parametrize("url", [*(url for url, _ in DASHBOARD_CHART_URLS), "/d/weather/versions.json",
                                 "/d/weather.pdf"])
@pytest.mark.parametrize(("query", "both"), [
    ("range=now-7d&from=2024-01-01", "range=now-7d and from=2024-01-01 are both given: keep one, either from=now-7d, "
     "as the dashboard's page writes its range 'now-7d', or from=2024-01-01 with range left out"),
    ("range=all&to=2024-01-31", "range=all and to=2024-01-31 are both given: keep one, either no from or to, as the "
     "dashboard's page has for its range 'all', or to=2024-01-31 with range left out"),
])
def test_a_quick_range_beside_a_from_or_to_names_both_and_says_to_keep_one(client, url, query, both):
    response = client.get(f"{url}?{query}")
    assert response.status_code == 400
    message = error_text(response)
    assert re.search(rf"; {re.escape(both)}($|\n|<)", message), message
    assert "instead" not in message, message


def test_a_long_unknown_parameter_is_cut_in_its_refusal(client):
    resp = client.get(f"/plot/animals.json?{'p' * 300}=1")
    message = resp.get_data(as_text=True)
    assert resp.status_code == 400
    assert f"unknown parameter '{'p' * 100}…' (300 characters)" in message
    assert "p" * 101 not in message
