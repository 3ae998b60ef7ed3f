"""Link previews: the Open Graph and Twitter card tags a chat or social site reads a pasted page's
preview from, its image a PNG of the chart that the site draws at the size they state."""
from __future__ import annotations

from html.parser import HTMLParser
from urllib.parse import parse_qs, urlsplit

from tests.conftest import daily_shop, dashboard_site

PREVIEW_SIZE = (1200, 630)


class MetaTags(HTMLParser):
    """A page's <meta property|name=… content=…> tags, by their property or name, and its images' alt texts."""

    def __init__(self):
        super().__init__()
        self.tags: dict[str, str] = {}
        self.alts: list[str] = []

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "meta" and "content" in attrs and (attrs.get("property") or attrs.get("name")):
            self.tags[attrs.get("property") or attrs["name"]] = attrs["content"]
        if tag == "img":
            self.alts.append(attrs["alt"])


def page_of(client, url: str, status: int = 200, **kwargs) -> MetaTags:
    answer = client.get(url, **kwargs)
    assert answer.status_code == status, answer.get_data(as_text=True)
    parsed = MetaTags()
    parsed.feed(answer.get_data(as_text=True))
    return parsed


def png_size(body: bytes) -> tuple[int, int]:
    """A PNG's width and height, read from its IHDR chunk."""
    assert body[:8] == b"\x89PNG\r\n\x1a\n" and body[12:16] == b"IHDR"
    return int.from_bytes(body[16:20], "big"), int.from_bytes(body[20:24], "big")


def assert_previewed_image(client, tags: dict[str, str], host: str = "http://localhost", **kwargs) -> None:
    """The preview's image is an absolute URL on `host` of a PNG of the size its tags state."""
    url = tags["og:image"]
    assert url.startswith(host + "/")
    image = client.get(url[len(host):], **kwargs)
    assert image.status_code == 200 and image.mimetype == "image/png" == tags["og:image:type"]
    assert png_size(image.data) == (int(tags["og:image:width"]), int(tags["og:image:height"])) == PREVIEW_SIZE
    assert "v=" in urlsplit(url).query  # pinned, as the page's own images are
    assert tags["twitter:card"] == "summary_large_image"


def test_a_dashboards_page_previews_its_description_and_first_chart(client):
    page = page_of(client, "/d/animals")
    tags = page.tags
    assert tags["og:title"] == "Animal sightings" and tags["og:type"] == "website"
    assert tags["og:site_name"] == "SVG Plots"
    assert tags["og:description"] == "Bears, deer and wolves seen in the park each year, 2010–2021."
    assert tags["og:url"] == "http://localhost/d/animals"
    assert urlsplit(tags["og:image"]).path == "/d/animals/all.png"
    assert tags["og:image:alt"] == page.alts[0]  # the first chart's alt text
    assert_previewed_image(client, tags)


def test_a_charts_page_previews_its_chart_with_its_alt_text(client):
    page = page_of(client, "/d/animals/bears?title=Big+bears")
    tags = page.tags
    assert tags["og:title"] == "Big bears · Animal sightings"
    assert tags["og:description"] == tags["og:image:alt"] == page.alts[0]
    assert tags["og:description"].startswith("Big bears. Bar chart of Bear by year")
    assert tags["og:url"] == "http://localhost/d/animals/bears?title=Big+bears"
    assert urlsplit(tags["og:image"]).path == "/d/animals/bears.png" and "title=Big+bears" in tags["og:image"]
    assert_previewed_image(client, tags)


def test_a_datasets_page_previews_its_first_chart(client):
    page = page_of(client, "/datasets/animals")
    tags = page.tags
    assert tags["og:title"] == "Animals"
    assert tags["og:description"] == "Dataset animals: 12 rows; columns year, Bear, Deer, Wolf"
    assert tags["og:url"] == "http://localhost/datasets/animals"
    assert urlsplit(tags["og:image"]).path == "/plot/animals.png"
    assert tags["og:image:alt"] == page.alts[0]
    assert_previewed_image(client, tags)


def test_the_front_page_previews_without_an_image(client):
    tags = page_of(client, "/").tags
    assert tags["og:title"] == "Dashboards and datasets" and tags["og:url"] == "http://localhost/"
    assert tags["og:description"].endswith("datasets, each with a small chart")
    assert "og:image" not in tags and tags["twitter:card"] == "summary"


def test_a_long_description_is_cut_at_a_word(tmp_path):
    description = " ".join(f"word{n}" for n in range(80))
    board = f'title = "Long"\ndescription = "{description}"\n[[charts]]\nid = "c"\ndataset = "zoo"\n'
    client = dashboard_site(tmp_path, {"zoo.csv": "year,Bear\n2019,3\n2020,5\n"}, board).test_client()
    shown = page_of(client, "/d/m").tags["og:description"]
    assert len(shown) <= 200 and shown.endswith("…")
    assert description.startswith(shown[:-1]) and description[len(shown) - 1] == " "


def test_the_preview_names_the_page_without_its_tracking_tags(client):
    for url, own in [("/d/animals/bears?utm_source=news&title=Big+bears&fbclid=x", "/d/animals/bears?title=Big+bears"),
                     ("/datasets/animals?utm_campaign=spring", "/datasets/animals"),
                     ("/d/animals?gclid=1", "/d/animals")]:
        tags = page_of(client, url).tags
        assert tags["og:url"] == "http://localhost" + own, url
        assert "utm_" not in tags["og:image"] and "clid" not in tags["og:image"], url


def test_a_refused_page_is_previewed_as_the_chart_it_shows(client):
    parsed = page_of(client, "/d/animals/bears?title=Big+bears&width=abc&y=" + "&y=".join(["Bear"] * 2000), 400)
    # The dashboard's chart, which the page shows under the form holding what was sent.
    assert parsed.tags["og:url"] == "http://localhost/d/animals/bears"
    assert urlsplit(parsed.tags["og:image"]).query.startswith("width=600&height=315&scale=2&v=")
    assert_previewed_image(client, parsed.tags)
    tags = page_of(client, "/d/weather/temperature?from=now-7d&title=Week").tags
    assert tags["og:url"] == "http://localhost/d/weather/temperature?title=Week&from=now-7d"  # as asked: it moves on
    assert "from=now" not in tags["og:image"]  # the moments, as the page's image


def test_titles_and_words_are_escaped(tmp_path):
    title = 'Q&A: "bears" <b>big</b> & \'small\''
    board = (f'title = """{title}"""\ndescription = "<script>alert(1)</script> & more"\n'
             '[[charts]]\nid = "c"\ndataset = "zoo"\ny = ["Bear"]\ntitle = "<i>Bears</i> & \\"co\\""\n')
    client = dashboard_site(tmp_path, {"zoo.csv": "year,Bear\n2019,3\n2020,5\n"}, board).test_client()
    answer = client.get("/d/m").get_data(as_text=True)
    assert "<b>" not in answer and "<script>" not in answer and "<i>" not in answer
    tags = page_of(client, "/d/m").tags
    assert tags["og:title"] == title
    assert tags["og:description"] == "<script>alert(1)</script> & more"
    assert tags["og:image:alt"].startswith('<i>Bears</i> & "co". ')
    chart = page_of(client, "/d/m/c").tags
    assert chart["og:title"] == f'<i>Bears</i> & "co" · {title}'
    assert_previewed_image(client, chart)


def test_behind_a_proxy_the_preview_names_the_forwarded_host_and_scheme(proxied):
    client = proxied.test_client()
    forwarded = {"Host": "internal:8000", "X-Forwarded-Host": "charts.example.org", "X-Forwarded-Proto": "https",
                 "X-Forwarded-Prefix": "/plots"}
    for url in ["/d/animals", "/d/animals/bears", "/datasets/animals"]:
        tags = page_of(client, url, headers=forwarded).tags
        assert tags["og:url"] == "https://charts.example.org/plots" + url, url
        assert_previewed_image(client, tags, "https://charts.example.org/plots", headers=forwarded)
    # A host the site does not trust never makes it into a preview: the page is refused.
    refused = client.get("/d/animals", headers={**forwarded, "X-Forwarded-Host": "evil.example"})
    assert refused.status_code == 400 and b"og:" not in refused.data


def test_a_chart_that_cannot_be_drawn_is_previewed_without_an_image(tmp_path, data_dir):
    # A bar chart of daily rows: too many categories over the year asked for.
    client = daily_shop(tmp_path, data_dir)
    parsed = page_of(client, "/d/shop/days?from=2024-01-01", 422)
    assert parsed.tags["og:description"].startswith("This chart cannot be drawn: a bar chart may show at most 100")
    assert "og:image" not in parsed.tags and parsed.tags["twitter:card"] == "summary"
    # The dashboard's preview is its first chart that can be drawn.
    tags = page_of(client, "/d/shop?from=2024-01-01").tags
    assert urlsplit(tags["og:image"]).path == "/d/shop/bears.png"
    assert_previewed_image(client, tags)
    # Over the week it opens on, its first chart draws.
    assert urlsplit(page_of(client, "/d/shop").tags["og:image"]).path == "/d/shop/days.png"


def test_a_chart_that_cannot_be_drawn_is_named_by_its_title_in_the_dashboard_s_preview(tmp_path):
    board = ('title = "Zoo"\n[[charts]]\nid = "c"\ndataset = "zoo"\ny = ["Bear"]\ntitle = "Bears seen"\n'
             '[[charts]]\nid = "d"\ndataset = "zoo"\ny = ["Bear"]\n')
    client = dashboard_site(tmp_path, {"zoo.csv": "year,Bear\n2019,3\n2020,5\n"}, board).test_client()
    assert page_of(client, "/d/m").tags["og:description"] == "2 charts: Bears seen, d"
    # The file rewritten without the column both draw: neither can be drawn, the one titled still named by it.
    (tmp_path / "data" / "zoo.csv").write_text("year,Wolf\n2019,3\n", encoding="utf-8")
    tags = page_of(client, "/d/m").tags
    assert tags["og:description"] == "2 charts: Bears seen, d" and "og:image" not in tags


def test_a_dashboard_s_page_makes_the_preview_image_of_its_first_chart_that_can_be_drawn_alone(tmp_path, monkeypatch):
    from app.views import dashboards
    made = []
    real = dashboards.dashboard_chart_image
    monkeypatch.setattr(dashboards, "dashboard_chart_image",
                        lambda board, chart, *rest: made.append(chart) or real(board, chart, *rest))
    board = "".join(f'[[charts]]\nid = "{chart}"\ndataset = "{dataset}"\ny = ["Bear"]\n'
                    for chart, dataset in [("a", "zoo"), ("b", "park"), ("c", "park")])
    rows = "year,Bear\n2019,3\n2020,5\n"
    client = dashboard_site(tmp_path, {"zoo.csv": rows, "park.csv": rows}, board).test_client()
    (tmp_path / "data" / "zoo.csv").write_text("year,Wolf\n2019,3\n", encoding="utf-8")  # a cannot be drawn now
    tags = page_of(client, "/d/m").tags
    assert urlsplit(tags["og:image"]).path == "/d/m/b.png"
    assert made == ["b"]


def test_a_dashboard_s_preview_shows_its_first_chart_that_draws_rows(client):
    # Of a range the first five charts have no rows in: the one of a dataset without dates, drawn whole.
    page = page_of(client, "/d/stations?from=2099-01-01")
    assert urlsplit(page.tags["og:image"]).path == "/d/stations/bears.png"
    assert page.tags["og:image:alt"] == page.alts[-1] and page.alts[-1].startswith("Bears per year. Bar chart")
    assert_previewed_image(client, page.tags)


def test_a_dashboard_none_of_whose_charts_draw_rows_previews_its_first(client):
    page = page_of(client, "/d/weather?from=2099-01-01")
    assert urlsplit(page.tags["og:image"]).path == "/d/weather/temperature.png"
    assert "No rows in this range" in page.tags["og:image:alt"]
    assert_previewed_image(client, page.tags)


def test_a_dataset_s_preview_shows_its_first_chart_that_draws_values(tmp_path):
    board = '[[charts]]\nid = "c"\ndataset = "zoo"\ny = ["b"]\n'
    client = dashboard_site(tmp_path, {"zoo.csv": "year,a,b\n2019,,3\n2020,,5\n"}, board).test_client()
    page = page_of(client, "/datasets/zoo")
    assert page.alts[0].endswith("No values to draw.")  # a's chart, which the page shows first
    assert parse_qs(urlsplit(page.tags["og:image"]).query)["y"] == ["b"]
    assert page.tags["og:image:alt"] == page.alts[1]
    assert_previewed_image(client, page.tags)


def test_the_image_s_alt_text_is_given_in_x_s_own_tag_too(client):
    # X reads an image's alt text from twitter:image:alt alone, where it reads the rest from the og: tags.
    for url in ["/d/animals", "/d/animals/bears", "/datasets/animals"]:
        tags = page_of(client, url).tags
        assert tags["twitter:image:alt"] == tags["og:image:alt"] != "", url
    assert "twitter:image:alt" not in page_of(client, "/").tags


def test_a_title_of_several_lines_is_previewed_on_one(tmp_path):
    board = ('title = "Zoo &\\n<b>animals</b>\\t2024"\n'
             '[[charts]]\nid = "c"\ndataset = "zoo"\ny = ["Bear"]\ntitle = "Bears\\nseen"\n')
    client = dashboard_site(tmp_path, {"zoo.csv": "year,Bear\n2019,3\n2020,5\n"}, board).test_client()
    assert page_of(client, "/d/m").tags["og:title"] == "Zoo & <b>animals</b> 2024"
    assert page_of(client, "/d/m/c").tags["og:title"] == "Bears seen · Zoo & <b>animals</b> 2024"


def test_the_forms_preview_their_site_title_and_what_they_do_without_an_image_and_stay_unindexed(client):
    for url, title, words in [
            ("/upload", "Upload a CSV", "Create a dataset from a CSV file"),
            ("/datasets/animals/append", "Append rows · Animals",
             "Append rows to the dataset animals (12 rows; columns year, Bear, Deer, Wolf)")]:
        answered = client.get(url)
        page = answered.get_data(as_text=True)
        tags = page_of(client, url).tags
        assert tags["og:site_name"] == "SVG Plots" and tags["og:title"] == title, url
        assert tags["og:description"].startswith(words), (url, tags["og:description"])
        assert tags["og:url"] == "http://localhost" + url, url
        assert "og:image" not in tags and tags["twitter:card"] == "summary", url
        # A form holds nothing to find: a search engine is still told not to index it.
        assert tags["robots"] == "noindex" and 'rel="canonical"' not in page, url
        assert answered.headers["X-Robots-Tag"] == "noindex", url


def test_an_error_page_previews_the_error_s_words_without_an_image(client):
    for url, status, title, words in [
            ("/datasets/nope", 404, "404 Not Found", "no dataset 'nope'; the datasets are animals"),
            ("/d/nope/bears", 404, "404 Not Found", "no dashboard 'nope'; the dashboards are animals"),
            ("/datasets/animals?from=2024", 400, "400 Bad Request", "from applies to a chart's URL")]:
        tags = page_of(client, url, status).tags
        assert tags["og:site_name"] == "SVG Plots" and tags["og:title"] == title, url
        assert tags["og:description"].startswith(words) and tags["og:description"] == tags["description"], url
        assert len(tags["og:description"]) <= 200, url  # cut at a word, as every preview's
        assert "og:url" not in tags, url  # the URL pasted is the previewer's own; a long one is not shown whole
        # No chart to show, and still kept out of a search engine's index.
        assert "og:image" not in tags and tags["twitter:card"] == "summary", url
        assert tags["robots"] == "noindex", url
