"""A page opened from a link that a newsletter, a social post or an ad tagged (`utm_source`, `fbclid` …)
answers as without the tags; the URLs programs fetch still refuse them."""
from __future__ import annotations

import html
import re

import pytest

from tests.conftest import dashboard_site
from tests.error_image_text import answer_text

# Tags as the tools that carry links add them, one of each kind.
TAGS = ("utm_source=newsletter&utm_medium=email&utm_campaign=spring&utm_term=rain&utm_content=top&utm_id=7"
        "&utm_whatever=x&fbclid=IwAR0abc&gclid=Cj0K&gbraid=0AAA&wbraid=Cj8K&dclid=CN3h&msclkid=8f2e&mc_cid=2f1"
        "&mc_eid=9b0&_hsenc=p2ANqtz-8&_hsmi=2&mkt_tok=NjU2LVhWVS0&igshid=MzRl&yclid=123&twclid=2-7&ttclid=E.C"
        "&li_fat_id=a1-b2&_ga=2.1.1.1&_gl=1*abc")
PAGES = ["/", "/d/weather", "/d/stations/temperature", "/datasets/weather", "/upload", "/datasets/weather/append"]
# What programs fetch: each refuses a tag as any parameter it does not take.
STRICT = ["/plot/weather.svg", "/plot/weather.png", "/plot/weather.csv", "/d/weather/temperature.svg",
          "/d/weather/temperature.json", "/d/weather/temperature.pdf", "/d/weather.pdf", "/d/weather/versions.json",
          "/datasets/weather.csv", "/datasets/weather.json", "/api/datasets", "/api/datasets/weather",
          "/api/openapi.json", "/healthz", "/robots.txt", "/bears.svg"]


def with_tags(url: str, tags: str = TAGS) -> str:
    return f"{url}{'&' if '?' in url else '?'}{tags}"


@pytest.mark.parametrize("url", [*PAGES, "/d/stations/temperature?title=Hi&from=2024-06-01&filter.station=Airport",
                                 "/d/stations?from=2024-06-01&filter.station=Airport", "/?"])
def test_a_page_opened_with_tracking_tags_answers_as_without_them(client, url):
    plain = client.get(url)
    tagged = client.get(with_tags(url))
    assert tagged.status_code == plain.status_code == 200, tagged.data[:300]
    assert tagged.data == plain.data
    assert tagged.headers["ETag"] == plain.headers["ETag"]
    assert tagged.headers.get("Vary") == plain.headers.get("Vary")
    assert client.get(with_tags(url), headers={"If-None-Match": plain.headers["ETag"]}).status_code == 304


@pytest.mark.parametrize("tag", ["utm_source=a", "utm%5Fsource=a", "utm_source", "fbclid=", "utm_source=%FF",
                                 "_ga=1&_ga=2", "gclid=a+b%0A"])
def test_a_tag_however_written_is_ignored_by_a_page(client, tag):
    plain = client.get("/d/weather")
    tagged = client.get(f"/d/weather?{tag}")
    assert tagged.status_code == 200, tagged.data[:300]
    assert tagged.data == plain.data


def test_the_links_and_forms_of_a_tagged_page_carry_no_tag(client):
    for url in PAGES:
        body = html.unescape(client.get(with_tags(f"{url}?", "utm_source=newsletter&fbclid=IwAR0abc")).get_data(
            as_text=True))
        assert "utm_source" not in body and "newsletter" not in body and "fbclid" not in body, url


@pytest.mark.parametrize("url", STRICT)
def test_a_url_programs_fetch_still_refuses_a_tag_naming_it(client, url):
    response = client.get(with_tags(url, "utm_source=newsletter"))
    assert response.status_code == 400, (url, response.data[:300])
    assert "utm_source" in html.unescape(answer_text(response)), url


@pytest.mark.parametrize("url", STRICT)
@pytest.mark.parametrize("tag", ["utm_source", "fbclid"])
def test_a_url_programs_fetch_says_a_page_ignores_the_tag_it_refuses(client, url, tag):
    response = client.get(with_tags(url, f"{tag}=newsletter"))
    assert response.status_code == 400, (url, response.data[:300])
    words = f"unknown parameter '{tag}' (a tracking tag, which a page ignores, but this URL does not)"
    assert words in html.unescape(answer_text(response)), (url, response.data[:300])


def test_a_parameter_like_a_tag_but_none_is_refused_without_the_tag_s_words(client):
    response = client.get("/plot/weather.svg?utm-source=newsletter")
    assert response.status_code == 400
    assert "tracking tag" not in response.get_data(as_text=True)


@pytest.mark.parametrize(("url", "named"), [
    ("/?colour=red", "colour"),
    ("/d/weather?rnage=now-7d", "rnage"),
    ("/d/stations/temperature?titel=Hi", "titel"),
    ("/datasets/weather?addded=1", "addded"),
    ("/upload?name=x", "name"),
    ("/datasets/weather/append?rows=x", "rows"),
    ("/d/weather?utm-source=x", "utm-source"),
    ("/d/weather?filter.utm_source=x", "filter.utm_source"),
])
def test_a_page_still_refuses_a_parameter_it_does_not_take_beside_tags(client, url, named):
    response = client.get(with_tags(url))
    assert response.status_code == 400, (url, response.data[:300])
    body = html.unescape(response.get_data(as_text=True))
    assert named in body and "utm_medium" not in body and "fbclid" not in body
    assert response.data == client.get(url).data


def _tagged_column_board(tmp_path):
    """A client of a site whose dashboard `m` filters the dataset shop by its column named utm_source."""
    app = dashboard_site(tmp_path, {"shop.csv": "day,units,utm_source\n2024-01-01,3,mail\n2024-01-02,5,ads\n"},
                         '[[filters]]\ncolumn = "utm_source"\n[[charts]]\nid = "u"\ndataset = "shop"\nx = "day"\n'
                         'y = ["units"]\n')
    return app.test_client()


def test_a_filter_on_a_column_named_like_a_tag_is_a_filter_not_a_tag(tmp_path):
    client = _tagged_column_board(tmp_path)
    filtered = client.get("/d/m?filter.utm_source=mail")
    assert filtered.status_code == 200
    assert filtered.data != client.get("/d/m").data
    assert client.get("/d/m?filter.utm_source=mail&utm_source=newsletter").data == filtered.data
    sources = re.findall(r'<img[^>]* src="([^"]+)"', filtered.get_data(as_text=True))
    assert sources and all("filter.utm_source=mail" in html.unescape(src) for src in sources)
    page = client.get("/d/m/u?filter.utm_source=mail&utm_source=newsletter")
    assert page.status_code == 200 and page.data == client.get("/d/m/u?filter.utm_source=mail").data
    rows = client.get("/d/m/u.json?filter.utm_source=mail").get_json()["rows"]
    assert len(rows) == 1
    assert client.get("/plot/shop.json?filter.utm_source=ads").status_code == 200
    assert client.get("/d/m/u.json?utm_source=mail").status_code == 400


@pytest.mark.parametrize(("url", "location"), [
    ("/d/weather/?utm_source=a&from=now-7d&fbclid=b", "/d/weather?from=now-7d"),
    ("/d/weather/?utm_source=a", "/d/weather"),
    ("/d//weather?gclid=a&from=now-7d", "/d/weather?from=now-7d"),
    ("/d/weather/temperature/?title=x&utm_campaign=y", "/d/weather/temperature?title=x"),
    ("/datasets/weather/?_ga=1", "/datasets/weather"),
    ("/d/weather?range=now-7d&utm_source=a", "/d/weather?from=now-7d"),
    # A file's URL keeps its query as sent: the file refuses the tag.
    ("/plot/weather.svg/?utm_source=a", "/plot/weather.svg?utm_source=a"),
    ("/d/weather/versions.json/?utm_source=a", "/d/weather/versions.json?utm_source=a"),
])
def test_a_page_s_redirect_drops_its_tags(client, url, location):
    response = client.get(url)
    assert response.status_code in (302, 308) and response.headers["Location"] == location


def test_a_page_s_redirect_drops_its_tags_under_a_script_root_and_after_two_slashes(client):
    response = client.get("/d/weather/?utm_source=a&from=now-7d", base_url="https://example.org/charts")
    assert response.headers["Location"] == "/charts/d/weather?from=now-7d"
    response = client.open("/", query_string="utm_source=a", environ_overrides={"PATH_INFO": "//d/weather"})
    assert response.status_code == 308 and response.headers["Location"] == "/d/weather"
