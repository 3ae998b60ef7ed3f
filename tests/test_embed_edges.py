"""Chart URLs as other sites embed them and CI jobs fetch them: a URL mangled on its way still
explains itself in its own format, and every answer a page of another origin reads carries the
headers that let it."""
from __future__ import annotations

import re
import sqlite3
import xml.etree.ElementTree as ET
from contextlib import closing as closed

import pytest

from app import create_app
from app.responses import SVG_TYPE
from app.store.source_versions import VERSION_REUSE
from app.views.chart_embeds import markdown_text
from tests.error_image_text import error_message, error_png, error_status
from tests.sample_store import app_on_samples
from tests.conftest import headers_but_id
from tests.test_alt_and_embeds import embed_snippets
from tests.test_pdf import pdf_text, saved

SVG = "{http://www.w3.org/2000/svg}"


def svg_message(body: bytes) -> str:
    """The whole message an error image (an SVG, or a `.png` URL's PNG) names in its title, after its
    status and title."""
    return error_message(body)


@pytest.mark.parametrize(("url", "said", "meant"), [
    ("/plot/animals.svg%3Fy%3DBear", "after .svg comes a ? sent percent-encoded, as %3F (the URL was escaped twice)",
     "/plot/animals.svg?y=Bear"),
    ("/d/animals/all.svg%3Fwidth%3D320", "a ? sent percent-encoded, as %3F", "/d/animals/all.svg?width=320"),
    ("/plot/animals.svg%253Fy%253DBear", "a ? sent percent-encoded, as %3F", "/plot/animals.svg?y=Bear"),
    ("/plot/animals.png%3Ftitle%3Dcaf%25C3%25A9", "a ? sent percent-encoded", "/plot/animals.png?title=caf%C3%A9"),
    ("/plot/animals.svg%20", "after .svg comes a space, sent percent-encoded, as %20", "/plot/animals.svg"),
    ("/plot/animals.svg;v=1", "after .svg comes ';v=1'; parameters follow a ?", "/plot/animals.svg?v=1"),
    ("/plot/animals.svg.", "after .svg comes '.', sent as it is", "/plot/animals.svg"),
    ("/d/animals/all.png..", "after .png comes '.', sent as it is", "/d/animals/all.png"),
    ("/d/animals/all.svg.)", "after .svg comes '.', sent as it is", "/d/animals/all.svg"),
    ("/d/animals/all.svg%2E", "after .svg comes '.', sent percent-encoded, as %2E", "/d/animals/all.svg"),
])
def test_an_image_url_with_a_tail_after_its_extension_answers_an_image_saying_what_it_is(client, url, said, meant):
    # An <img> draws an SVG answered with a 404, where it shows a broken icon for text.
    response = client.get(url)
    assert response.status_code == 404
    assert response.headers["Content-Type"] == ("image/png" if ".png" in url else SVG_TYPE)
    assert response.headers["Access-Control-Allow-Origin"] == "*"
    message = svg_message(response.data)
    assert message.startswith(f"no file at {url}: ") and said in message, message
    assert message.endswith(f": {meant}"), message


@pytest.mark.parametrize(("url", "said"), [
    ("/plot/animals.svg;cafe%CC%81=1", "after .svg comes ';cafe\\u0301=1'; parameters follow a ?"),
    ("/plot/animals.svg;" + "a" * 150, f"after .svg comes ';{'a' * 99}…' (151 characters); parameters follow a ?"),
])
def test_a_tail_after_an_extension_is_quoted_as_every_refusal_quotes_a_value(client, url, said):
    # repr wrote the decomposed accent as the é it looks like, and "…" inside the quotes with no length.
    assert said in svg_message(client.get(url).data)


def test_an_image_whose_query_came_percent_encoded_has_the_size_and_theme_that_query_asks_for(client):
    root = ET.fromstring(client.get("/d/animals/all.svg%3Fwidth%3D320%26height%3D200%26theme%3Ddark").data)
    assert (root.get("width"), root.get("height")) == ("320", "200")
    assert root.find(f"{SVG}rect").get("fill") == "#2d1e21"  # the dark error box


@pytest.mark.parametrize(("url", "kind"), [("/plot/animals.json%3Fy%3DBear", "application/json"),
                                           ("/plot/animals.csv%3Fy%3DBear", "text/plain"),
                                           ("/d/animals.pdf%3Ffrom%3D2010", "text/plain")])
def test_a_data_or_report_url_with_its_query_percent_encoded_answers_in_its_own_format(client, url, kind):
    response = client.get(url)
    assert response.status_code == 404 and response.mimetype == kind
    assert "a ? sent percent-encoded, as %3F" in response.get_data(as_text=True)


@pytest.mark.parametrize(("url", "kind"), [("/plot/animals.json.", "application/json"),
                                           ("/datasets/animals.csv.", "text/plain"), ("/d/animals.pdf.", "text/plain")])
def test_a_data_or_report_url_ending_in_a_full_stop_answers_in_its_own_format_saying_to_leave_it_out(client, url, kind):
    # The full stop of a sentence the URL was pasted at the end of: a 404 page of HTML said only what
    # the site's URLs look like, to a script reading JSON.
    response = client.get(url, headers={"Origin": "https://elsewhere.example"})
    assert response.status_code == 404 and response.mimetype == kind
    assert response.headers["Access-Control-Allow-Origin"] == "*"
    assert f"comes '.', sent as it is, which no file's name holds; leave it and what follows out: {url[:-1]}" in (
        response.get_data(as_text=True))


def test_a_chart_url_ending_in_a_full_stop_is_preflighted_as_the_chart_is(client):
    asked = {"Origin": "https://elsewhere.example", "Access-Control-Request-Method": "GET",
             "Access-Control-Request-Headers": "if-none-match"}
    stopped = client.options("/d/animals/all.svg.", headers=asked)
    plain = client.options("/d/animals/all.svg", headers=asked)
    assert (stopped.status_code, plain.status_code) == (204, 204)
    assert headers_but_id(stopped) == headers_but_id(plain)


@pytest.mark.parametrize("url", ["/d/stations/temperature.png?kind=pie", "/plot/animals.png?kind=pie&theme=auto"])
def test_a_png_error_of_an_auto_chart_is_light_whatever_the_reader_s_colour_scheme(client, url):
    # A theme=auto PNG is drawn light; so is its error, a PNG in its place (stations.toml: theme = "auto").
    response = client.get(url)
    assert response.status_code == 400 and response.headers["Content-Type"] == "image/png"
    assert error_png(response.data).getpixel((100, 300)) == (0xff, 0xf5, 0xf5)
    svg = client.get(url.replace(".png", ".svg")).get_data(as_text=True)
    assert "prefers-color-scheme: dark" in svg  # the same chart's SVG error follows it


@pytest.mark.parametrize(("url", "status", "answered"), [
    ("/plot/animals.svg?kind=pie", "400", 400), ("/plot/animals.png?kind=pie&errors=image", "400", 200),
    ("/plot/weather.svg?kind=bar&x=date&errors=image", "422", 200), ("/plot/nothing.svg", "404", 404)])
def test_an_error_image_says_on_its_root_that_it_is_one_and_its_status(client, url, status, answered):
    # A script reading the image cannot tell it by its size (the chart's), nor under errors=image by its status.
    response = client.get(url)
    assert response.status_code == answered
    assert error_status(response.data) == status


def test_a_chart_carries_no_error_marker(client):
    root = ET.fromstring(client.get("/plot/animals.svg").data)
    assert root.get("class") is None and root.get("data-status") is None
    assert b"chart-error" not in client.get("/plot/animals.svg?theme=auto").data


SLASHED_FILES = [("/plot/animals.json/", "/plot/animals.json"), ("/d/animals/all.svg/?width=320", "/d/animals/all.svg?width=320"),
                 ("/plot//animals.svg?y=Bear", "/plot/animals.svg?y=Bear"), ("/d/animals.pdf/", "/d/animals.pdf"),
                 ("/datasets/animals.csv/", "/datasets/animals.csv")]


@pytest.mark.parametrize(("url", "location"), SLASHED_FILES)
def test_a_file_url_with_a_slash_too_many_redirects_with_the_file_s_cross_origin_headers(client, url, location):
    # A page of another site fetching it follows the redirect only when the redirect allows it to read it.
    response = client.get(url, headers={"Origin": "https://elsewhere.example"})
    assert response.status_code == 308
    assert response.headers["Location"] == location  # relative, as the trailing slash's always was
    assert response.headers["Access-Control-Allow-Origin"] == "*"
    assert response.headers["Cross-Origin-Resource-Policy"] == "cross-origin"


@pytest.mark.parametrize(("url", "location"), SLASHED_FILES)
def test_a_file_url_with_a_slash_too_many_is_preflighted_as_the_file_is(client, url, location):
    # A browser follows no redirect of a preflight: a 308 there fails the request it would allow.
    asked = {"Origin": "https://elsewhere.example", "Access-Control-Request-Method": "GET",
             "Access-Control-Request-Headers": "if-none-match"}
    slashed, plain = client.options(url, headers=asked), client.options(location, headers=asked)
    assert (slashed.status_code, plain.status_code) == (204, 204)
    assert headers_but_id(slashed) == headers_but_id(plain)


def test_a_page_url_with_a_slash_too_many_redirects_as_before(client):
    response = client.get("/d/animals/")
    assert response.status_code == 308 and response.headers["Location"] == "/d/animals"
    assert "Access-Control-Allow-Origin" not in response.headers
    assert client.options("/d/animals/").status_code == 308


@pytest.mark.parametrize(("blank", "plain"), [
    ("/plot/animals.png?scale=", "/plot/animals.png"), ("/plot/animals.png?scale=+", "/plot/animals.png"),
    ("/d/animals/bears.png?scale=", "/d/animals/bears.png"), ("/plot/animals.svg?errors=", "/plot/animals.svg"),
    ("/d/animals/bears.json?errors=", "/d/animals/bears.json"), ("/bears.svg?errors=", "/bears.svg"),
    ("/datasets/animals.csv?errors=", "/datasets/animals.csv")])
def test_a_blank_scale_or_errors_keeps_its_default_as_a_blank_chart_field_does(client, blank, plain):
    # A template or a form that leaves the value empty asks for the default, as `kind=` does.
    response = client.get(blank)
    assert response.status_code == 200, response.data[:300]
    assert response.data == client.get(plain).data


def test_a_blank_errors_beside_image_is_refused_as_given_twice_with_the_usual_error_answer(client):
    # A blank value asks for the default, so beside image it asks for two things (see test_embed_params),
    # and neither is the one the refusal is answered with (see test_page_repeats).
    response = client.get("/plot/animals.svg?kind=pie&errors=&errors=image")
    assert response.status_code == 400 and "X-Chart-Error" not in response.headers
    # Told with the URL's other bad parameter, kind=pie.
    assert "errors was given 2 times" in svg_message(response.data)


def test_a_chart_page_takes_a_blank_errors_and_still_refuses_a_scale(client):
    page = client.get("/d/animals/bears?errors=")
    assert page.status_code == 200 and "Not applied" not in page.get_data(as_text=True)
    assert client.get("/d/animals/bears?scale=").status_code == 400
    assert client.get("/plot/animals.svg?scale=").status_code == 400  # scale names an SVG's mistake, blank or not


@pytest.mark.parametrize("extension", ["svg", "png", "json", "csv"])
def test_a_chart_page_s_form_field_on_its_chart_s_file_names_the_page_that_gives_the_url_to_embed(client, extension):
    # A chart page's URL (its form sent) with .svg added, as someone might embed it.
    url = f"/d/stations/temperature.{extension}?kind=line&shown.x=date&shown.y=temperature_c"
    response = client.get(url)
    assert response.status_code == 400
    message = svg_message(response.data) if extension in ("svg", "png") else response.get_data(as_text=True)
    assert ("shown.x applies to the chart page's form (/d/stations/temperature, whose Embed section gives the "
            f"chart's URL to embed) only, not /d/stations/temperature.{extension}; the parameters are kind, ") in message
    assert client.get("/d/stations/temperature?kind=line&shown.x=date&shown.y=temperature_c").status_code == 200


def test_the_markdown_snippet_shows_plain_punctuation_as_it_is(client):
    # Markdown of other flavours may show a backslash before a comma or a full stop as it is.
    page = client.get("/d/animals/all").get_data(as_text=True)
    assert embed_snippets(page)["markdown"] == (
        "![Sightings per year. Line chart of Bear, Deer, Wolf by year. y axis: sightings.]"
        "(http://localhost/d/animals/all.svg)")


@pytest.mark.parametrize(("text", "markdown"), [
    ("Rain (mm), 2024: 5% up; #1 - 'wet' \"days\" a+b=c / d? {e} | f!", None),
    ("temperature_c and wind_kmh", None), ("5 * 3 ~ 2", None), ("a & b < c > d", None), ("café's ~20 °C", None),
    ("_c_ __d__", r"\_c\_ \_\_d\_\_"), ("5*3*2 **b**", r"5\*3\*2 \*\*b\*\*"), ("~~gone~~", r"\~\~gone\~\~"),
    ("[a](b) ![c]", r"\[a\](b) !\[c\]"), ("`x` \\", r"\`x\` \\"), ("&copy; &#169; &x", r"\&copy; \&#169; &x"),
    ("<b> </i> <http://a.b> <!-- <?", r"\<b> \</i> \<http://a.b> \<!-- \<?"), ("Sales* (est.) *a_ ~b", None),
])
def test_the_markdown_alt_text_escapes_only_what_commonmark_reads_as_syntax(text, markdown):
    # A * or _ that nothing after could close (nor before open) starts no emphasis, nor does one in a word.
    assert markdown_text(text) == (text if markdown is None else markdown)


@pytest.fixture
def shop_client(tmp_path, data_dir):
    """A client of an app whose one dashboard, shopdash, charts a data-folder file, shop.csv, then the
    animals sample; the file is made unreadable after the start (which checks it)."""
    (data_dir / "shop.csv").write_text("cat,units\nc1,1\nc2,2\n")
    boards = tmp_path / "boards"
    boards.mkdir()
    (boards / "shopdash.toml").write_text(
        '[[charts]]\nid = "sales"\ndataset = "shop"\nkind = "bar"\ny = ["units"]\ntitle = "Sales"\n'
        '[[charts]]\nid = "bears"\ndataset = "animals"\ny = ["Bear"]\ntitle = "Bears"\n')
    client = app_on_samples({"TESTING": True, "DATA_DIR": str(data_dir), "DASHBOARD_DIRS": [str(boards)]}).test_client()
    (data_dir / "shop.csv").write_text("cat,units\nc1,1,2\n")
    return client


def test_a_report_shows_why_an_unreadable_data_file_s_chart_cannot_be_drawn_and_draws_the_rest(shop_client, tmp_path):
    report = shop_client.get("/d/shopdash.pdf")
    assert report.status_code == 200 and report.data.startswith(b"%PDF")
    text = " ".join(pdf_text(saved(report.data, tmp_path)).split())
    assert "Sales: this chart cannot be drawn" in text
    assert "dataset 'shop' cannot be read as CSV: row 1 (line 2) has 3 values" in text
    assert "Bears" in text and re.search(r"Data as of [^;]* UTC: animals Sales:", text), text  # not the shop file
    # As the dashboard's page and versions.json say it.
    assert shop_client.get("/d/shopdash").status_code == 200
    assert "cannot be read as CSV" in shop_client.get("/d/shopdash/versions.json").get_json()["charts"]["sales"]["alt"]


def test_a_report_says_a_file_s_new_reason_once_it_is_broken_otherwise(shop_client, data_dir, tmp_path):
    # Its version cannot be told while it cannot be read, so the report kept is not the first one.
    shop_client.get("/d/shopdash.pdf")
    (data_dir / "shop.csv").write_text("cat;units\nc1;1\n")
    text = " ".join(pdf_text(saved(shop_client.get("/d/shopdash.pdf").data, tmp_path)).split())
    assert "the file separates values with semicolons" in text


def test_a_report_shows_a_file_that_became_unreadable_while_it_was_read_in_its_cells(shop_client, monkeypatch, tmp_path):
    # Broken between the look at its version and the read of its rows.
    from app.reports import DatasetUnreadable
    import app.reports

    read = app.reports._snapshot

    def broken_meanwhile(info, columns):
        if info.name == "animals":
            raise DatasetUnreadable("dataset 'animals' cannot be read: broken meanwhile")
        return read(info, columns)

    monkeypatch.setattr(app.reports, "_snapshot", broken_meanwhile)
    report = shop_client.get("/d/shopdash.pdf")
    assert report.status_code == 200
    text = " ".join(pdf_text(saved(report.data, tmp_path)).split())
    assert "Bears: this chart cannot be drawn" in text and "broken meanwhile" in text
    assert "animals version" not in text


def test_a_report_shows_why_a_source_dataset_its_database_now_refuses_cannot_be_drawn(tmp_path, data_dir, closing):
    # A source's version_sql refused (a column renamed since the start): a 422 for its chart alone.
    db = tmp_path / "shop.db"
    with closed(sqlite3.connect(db)) as conn, conn:
        conn.execute("CREATE TABLE orders (day DATETIME, total REAL)")
        conn.execute("INSERT INTO orders VALUES ('2024-01-01', 3), ('2024-01-02', 5)")
    sources = tmp_path / "sources.toml"
    sources.write_text(f'[sources.shop]\nurl = "sqlite:///{db}"\n[datasets.orders]\nsource = "shop"\n'
                       'table = "orders"\nversion_sql = "SELECT max(total) FROM orders"\n')
    boards = tmp_path / "boards"
    boards.mkdir()
    (boards / "mixed.toml").write_text('[[charts]]\nid = "orders"\ndataset = "orders"\ny = ["total"]\n'
                                       'title = "Orders"\n[[charts]]\nid = "bears"\ndataset = "animals"\n')
    app = create_app({"TESTING": True, "DATA_DIR": str(data_dir), "SOURCES": str(sources),
                      "DASHBOARD_DIRS": [str(boards)], "RENDER_WORKERS": 0})
    closing(app)
    now = [1000.0]
    app.extensions["svgplots"].store.sources.clock = lambda: now[0]
    client = app.test_client()
    assert client.get("/d/mixed.pdf").status_code == 200
    with closed(sqlite3.connect(db)) as conn, conn:
        conn.execute("ALTER TABLE orders RENAME COLUMN total TO amount")
    now[0] += VERSION_REUSE  # past the time a version_sql answer is reused
    assert client.get("/d/mixed/orders.svg").status_code == 422
    report = client.get("/d/mixed.pdf")
    assert report.status_code == 200
    text = " ".join(pdf_text(saved(report.data, tmp_path)).split())
    assert "Orders: this chart cannot be drawn" in text and "refused its version_sql (no such column: total)" in text
    assert "UTC: animals" in text
