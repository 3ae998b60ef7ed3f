"""Charts held to their own rules in real Chromium: compared area by area, drawn, described; and
baselines that cannot be compared, or that no page matches."""
from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Iterator

import pytest
from flask import Flask, Response, url_for
from PIL import Image
from werkzeug.middleware.dispatcher import DispatcherMiddleware

from app.dashboard_charts import DASHBOARD_NAME_REGEX
from app.responses import IMAGE_EXTENSIONS
from app.store import NAME_REGEX
from shots import LiveServer, Settings, check_site
from shots.site_urls import CHART_EXTENSIONS, CHART_NAME, CHART_ROUTES, DASHBOARD_NAME, is_chart
from shots.cli import progress_line
from tests.browser.side_pages import IMAGES_PREFIX

BARS = ('<svg xmlns="http://www.w3.org/2000/svg" width="320" height="180">'
        '<rect x="40" y="40" width="40" height="120" fill="#1f77b4"/></svg>')
EMPTY = '<svg xmlns="http://www.w3.org/2000/svg" width="640" height="360"></svg>'
PAGE = ('<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Charts</title>'
        '<link rel="icon" href="data:,"></head><body><main><h1>Charts</h1>{body}</main></body></html>')


# What `/grows` shows, which a test changes (through monkeypatch): rows of text above its chart, the
# chart's `v` and its bar's colour, and the height of the space below it.
GROWS = {"rows": 0, "v": 1, "fill": "#1f77b4", "below": 0}
# A line whose edges fall within pixels, as a chart's do: Chromium draws it a little otherwise on each column
# of pixels it lands on. `/aside` shows it `ASIDE["left"]` pixels from the left, through its last point.
LINE = ('<svg xmlns="http://www.w3.org/2000/svg" width="320" height="180"><rect width="320" height="180" fill="#fff"/>'
        '<polyline points="20,90 100.1,117.6 180.2,72.5 260.3,{last}" fill="none" stroke="#1f77b4" '
        'stroke-width="1.3"/></svg>')
ASIDE = {"left": 10.0, "last": 69.2}


def charts_app() -> Flask:
    """`/`: a chart that draws; `/blank`: a chart that draws nothing and one with an empty alt; `/twice`:
    one chart twice, the second time with an empty alt; `/grows`: a chart under `GROWS["rows"]` rows of text."""
    app = Flask("charts")
    answers = {
        "/": lambda: PAGE.format(body='<img src="/plot/bars.svg" width="320" height="180" alt="Bars">'),
        "/blank": lambda: PAGE.format(body='<img src="/plot/empty.svg" width="640" height="360" alt="Nothing">'
                                           '<img src="/plot/bars.svg" width="320" height="180" alt="">'),
        "/twice": lambda: PAGE.format(body='<img src="/plot/bars.svg" width="320" height="180" alt="Bars">'
                                           '<img src="/plot/bars.svg" width="320" height="180" alt="">'),
        "/grows": lambda: PAGE.format(body="<p>A row of text.</p>" * GROWS["rows"] + (
            f'<img src="/plot/grown.svg?v={GROWS["v"]}&amp;kind=bar" width="320" height="180" alt="Grown">'
            f'<div style="height: {GROWS["below"]}px"></div>')),
        "/aside": lambda: PAGE.format(body=f'<img src="/plot/line.svg" width="320" height="180" alt="Line" '
                                           f'style="display: block; margin-left: {ASIDE["left"]}px">'),
        "/plot/line.svg": lambda: Response(LINE.format(last=ASIDE["last"]), mimetype="image/svg+xml"),
        "/plot/grown.svg": lambda: Response(BARS.replace("#1f77b4", GROWS["fill"]), mimetype="image/svg+xml"),
        "/plot/bars.svg": lambda: Response(BARS, mimetype="image/svg+xml"),
        "/plot/empty.svg": lambda: Response(EMPTY, mimetype="image/svg+xml"),
    }
    for path, answer in answers.items():
        app.add_url_rule(path, path, answer)
    return app


@pytest.fixture(scope="module")
def charts_site() -> Iterator[str]:
    """The base URL of `charts_app` on a free port."""
    with LiveServer(charts_app()) as server:
        yield server.url


def _check(url: str, browser, tmp_path: Path, *pages: str, **options):
    settings = Settings(axe_script=None, baseline_dir=tmp_path / "baselines")
    return check_site(url, list(pages) or None, browser=browser, settings=settings, out_dir=tmp_path / "out",
                      **options)


def test_a_bar_changed_within_the_page_threshold_fails_naming_its_chart(check, browser, tmp_path):
    baselines = tmp_path / "baselines"
    [chart] = check("/d/animals/bears", baseline_dir=baselines, update_baselines=True).pages[0].images
    left, top, right, bottom = (round(v) for v in browser.driver.execute_script(
        "const r = document.images[0].getBoundingClientRect(); return [r.left, r.top, r.right, r.bottom];"))
    assert (right - left, bottom - top) == (640, 360)
    # Every pixel of one column of the chart 24 of 255 redder: under the page's threshold.
    baseline = Image.open(baselines / "d-animals-bears.png").convert("RGB")
    for y in range(top, bottom):
        r, g, b = baseline.getpixel((left + 300, y))
        baseline.putpixel((left + 300, y), (max(0, r - 24), g, b))
    baseline.save(baselines / "d-animals-bears.png")

    result = check("/d/animals/bears", baseline_dir=baselines)
    assert not result.passed
    src = chart.src.split("//", 1)[1].split("/", 1)[1]
    assert result.failures == [
        f"/d/animals/bears: chart image 1 /{src} differs from baseline d-animals-bears.png: 360 of its 230400 pixels "
        f"differ beyond threshold 0.01 (allowed: 0)"]
    assert result.pages[0].comparison.differing_pixels == 0  # the page-wide rule alone let it pass
    assert (result.out_dir / result.pages[0].files["diff"]).is_file()


def test_a_chart_that_draws_nothing_or_has_no_alt_fails(charts_site, browser, tmp_path):
    result = _check(charts_site, browser, tmp_path, "/blank", update_baselines=True)
    assert result.failures == [
        '/blank: image 1 /plot/empty.svg ("Nothing"): the chart draws nothing: every pixel is the same colour',
        "/blank: image 2 /plot/bars.svg: has no alt text: a chart's <img> needs an alt saying what it draws"]


def test_a_failure_names_the_image_by_its_number_within_its_page_as_the_report_does(charts_site, browser, tmp_path):
    # The same chart twice on a page: its URL alone cannot say which of the two has no alt text.
    result = _check(charts_site, browser, tmp_path, "/", "/twice", update_baselines=True)
    assert result.failures == [
        "/twice: image 2 /plot/bars.svg: has no alt text: a chart's <img> needs an alt saying what it draws"]
    page = result.pages[1]
    assert [image.number for image in page.images] == [1, 2]
    written = json.loads((result.out_dir / page.files["images"]).read_text())
    assert [(image["number"], image["problems"] != []) for image in written] == [(1, False), (2, True)]
    # The report numbers its pages as the command line's lines do ([  2] for the second), and each
    # image row within its page's section.
    assert progress_line(2, page).startswith("[  2] FAIL    /twice ")
    report = result.report_path.read_text()
    section = report[report.index('<section id="page-2">'):]
    assert section.index("/twice") < section.index("</h2>")
    rows = dict(re.findall(r'<tr id="page-2-image-(\d)"[^>]*>(.*?)</tr>', section))
    assert list(rows) == ["1", "2"] and "has no alt text" in rows["2"] and "has no alt text" not in rows["1"]
    assert '<tr id="page-1-image-1"' in report and '<a href="#page-2">/twice</a>' in report


# A page within the window keeps its screenshot's size as it grows; one taller than the window grows with it.
@pytest.mark.parametrize("below, message", [(0, "differ beyond threshold"), (900, "size differs")])
def test_a_page_that_grew_has_its_charts_compared_at_their_place_in_the_baseline(charts_site, browser, tmp_path,
                                                                                  monkeypatch, below, message):
    monkeypatch.setitem(GROWS, "below", below)
    assert _check(charts_site, browser, tmp_path, "/grows", update_baselines=True).passed
    # A row of text more above the chart, and a new data version of it: the same chart, moved down.
    monkeypatch.setitem(GROWS, "rows", 1)
    monkeypatch.setitem(GROWS, "v", 2)
    result = _check(charts_site, browser, tmp_path, "/grows")
    [page] = result.pages
    assert [line.split(":", 2)[1] for line in result.failures] == [" screenshot differs from baseline grows.png"]
    assert message in page.comparison.message
    [chart] = page.comparison.areas
    assert chart.area.name == "image 1 /plot/grown.svg?v=2&kind=bar" and chart.differing_pixels == 0
    assert chart.area.expected_box[1] < chart.area.box[1]  # above, in the baseline
    # Its bar drawn in another colour: the chart's own line names it.
    monkeypatch.setitem(GROWS, "fill", "#d62728")
    result = _check(charts_site, browser, tmp_path, "/grows")
    assert result.failures[1:] == [
        "/grows: chart image 1 /plot/grown.svg?v=2&kind=bar differs from baseline grows.png: 4800 of its 57600 "
        "pixels differ beyond threshold 0.01 (allowed: 0)"]


def test_a_chart_moved_sideways_by_half_a_pixel_is_compared_drawn_again_where_its_baseline_shows_it(
        charts_site, browser, tmp_path, monkeypatch):
    assert _check(charts_site, browser, tmp_path, "/aside", update_baselines=True).passed
    # Drawn at 10.5 px, on the column of pixels 11, where its baseline has it on 10: 49 of its pixels drawn
    # otherwise, as they were compared.
    monkeypatch.setitem(ASIDE, "left", 10.5)
    result = _check(charts_site, browser, tmp_path, "/aside")
    assert result.passed, result.failures
    [chart] = result.pages[0].comparison.areas
    assert chart.area.expected_box[0] == chart.area.box[0] - 1 and chart.differing_pixels == 0
    # Moved a pixel more, to 11.5, it is compared drawn again where the baseline has it too.
    monkeypatch.setitem(ASIDE, "left", 11.5)
    assert _check(charts_site, browser, tmp_path, "/aside").passed


def test_a_chart_moved_sideways_that_draws_otherwise_fails_naming_its_chart(charts_site, browser, tmp_path,
                                                                           monkeypatch):
    assert _check(charts_site, browser, tmp_path, "/aside", update_baselines=True).passed
    # Half a pixel aside, and its last point a pixel lower.
    monkeypatch.setitem(ASIDE, "left", 10.5)
    monkeypatch.setitem(ASIDE, "last", 70.2)
    result = _check(charts_site, browser, tmp_path, "/aside")
    [line] = result.failures
    assert re.fullmatch(r"/aside: chart image 1 /plot/line\.svg differs from baseline aside\.png: \d+ of its 57600 "
                        r"pixels differ beyond threshold 0\.01 \(allowed: 0\)", line), line
    assert (result.out_dir / result.pages[0].files["diff"]).is_file()


def test_a_baseline_that_is_not_a_png_fails_its_page_and_the_run_goes_on(charts_site, browser, tmp_path):
    assert _check(charts_site, browser, tmp_path, "/", update_baselines=True).passed
    (tmp_path / "baselines" / "index.png").write_text("version https://git-lfs.github.com/spec/v1\n")
    result = _check(charts_site, browser, tmp_path, "/", "/blank")
    assert [page.target.path for page in result.pages] == ["/", "/blank"]
    assert result.failures[0] == ("/: baseline index.png is not a PNG image (it starts with "
                                  "'version https://git-lfs.github.com/spec/v1'); a Git LFS pointer: run `git lfs pull`")
    assert result.report_path.is_file()


def test_a_crawl_names_each_baseline_no_page_matched(charts_site, browser, tmp_path):
    assert _check(charts_site, browser, tmp_path, "/", update_baselines=True).passed
    (tmp_path / "baselines" / "d-animals.png").write_bytes((tmp_path / "baselines" / "index.png").read_bytes())
    result = _check(charts_site, browser, tmp_path)
    assert [page.target.path for page in result.pages] == ["/"] and result.pages[0].passed
    assert not result.passed
    assert result.failures == [
        "baseline d-animals.png: no page of the site matched it; remove it if the page is gone"]
    assert result.summary().endswith("; 1 baseline matched no page")
    # Pages named on the command line are not the whole site: other baselines are none of their business.
    assert _check(charts_site, browser, tmp_path, "/").passed


def test_a_crawl_names_each_record_of_charts_places_whose_baseline_is_gone(charts_site, browser, tmp_path):
    assert _check(charts_site, browser, tmp_path, "/", update_baselines=True).passed
    baselines = tmp_path / "baselines"
    # A baseline deleted by hand, its record left behind.
    (baselines / "d-gone.charts.json").write_text((baselines / "index.charts.json").read_text())
    result = _check(charts_site, browser, tmp_path)
    assert [page.target.path for page in result.pages] == ["/"] and result.pages[0].passed
    assert not result.passed
    assert result.failures == ["baseline record d-gone.charts.json: its baseline d-gone.png is gone; remove it"]
    assert result.summary().endswith("; 1 record of a baseline that is gone")
    assert json.loads((tmp_path / "out" / "shots.json").read_text())["unmatched_baselines"] == ["d-gone.charts.json"]


def test_pages_given_name_each_of_their_records_of_charts_places_whose_baseline_is_gone(charts_site, browser, tmp_path):
    assert _check(charts_site, browser, tmp_path, "/", update_baselines=True).passed
    baselines = tmp_path / "baselines"
    # Baselines deleted by hand, their records left behind: one of a page given, which fails and so
    # writes no baseline in its place, and one of a page not given, none of this run's business.
    for slug in ["blank", "d-gone"]:
        (baselines / f"{slug}.charts.json").write_text((baselines / "index.charts.json").read_text())
    result = _check(charts_site, browser, tmp_path, "/", "/blank")
    assert [page.passed for page in result.pages] == [True, False]
    assert result.unmatched_baselines == ["blank.charts.json"]
    assert result.failures[-1] == "baseline record blank.charts.json: its baseline blank.png is gone; remove it"
    assert result.summary().endswith("; 1 record of a baseline that is gone")
    assert json.loads((tmp_path / "out" / "shots.json").read_text())["unmatched_baselines"] == ["blank.charts.json"]
    # A page given that passes has its baseline written anew, with its own record in place of the old one.
    (baselines / "index.png").unlink()
    result = _check(charts_site, browser, tmp_path, "/")
    assert result.pages[0].verdict == "new" and result.unmatched_baselines == []


def test_a_page_given_left_at_the_page_limit_names_its_record_by_its_path_below_the_site_s_prefix(browser, tmp_path):
    # A page's files are named by its path below the site's URL, without the prefix: /blank's, under
    # /charts/, are blank.png and blank.charts.json, as the same site's at / are.
    baselines = tmp_path / "baselines"
    baselines.mkdir()
    (baselines / "blank.charts.json").write_text("{}")  # its baseline deleted by hand
    (baselines / "charts-blank.charts.json").write_text("{}")  # named by its URL: a page of /charts/charts/blank
    with LiveServer(DispatcherMiddleware(Flask("outer"), {"/charts": charts_app()})) as server:
        result = check_site(f"{server.url}/charts/", ["/", "/blank"], browser=browser, out_dir=tmp_path / "out",
                            settings=Settings(axe_script=None, baseline_dir=baselines, max_pages=1))
    assert [page.url for page in result.pages] == [f"{server.url}/charts/"] and result.unvisited == ["/blank"]
    assert result.unmatched_baselines == ["blank.charts.json"]


SITE_URL = "http://127.0.0.1:5000"


@pytest.mark.parametrize("src, site, chart", [
    ("http://127.0.0.1:5000/d/animals/bears.svg?v=7", SITE_URL, True),
    ("http://127.0.0.1:5000/plot/animals.png?kind=bar&y=Bear", SITE_URL + "/", True),
    ("http://127.0.0.1:5000/behind/a/proxy/plot/animals.svg", SITE_URL + "/behind/a/proxy", True),  # below a path
    ("http://127.0.0.1:5000/behind/a/proxy/plot/animals.svg", SITE_URL, False),  # not the site's route
    ("http://127.0.0.1:5000/plot/animals.svg", SITE_URL + "/behind", False),  # above the site's URL
    ("http://127.0.0.1:5000/static/d/a/b.svg", SITE_URL, False),  # a static file, whatever its name
    ("http://127.0.0.1:5000/static/plot/a.svg", SITE_URL, False),
    ("http://127.0.0.1:5000/static/bears.svg", SITE_URL, False),  # a logo
    ("http://127.0.0.1:5000/icons/plot.svg", SITE_URL, False),
    ("http://127.0.0.1:5000/plot/animals.pdf", SITE_URL, False),
    ("http://127.0.0.1:5000/d/animals/bears", SITE_URL, False),  # the chart's page
    ("http://localhost:5000/plot/animals.svg", SITE_URL, False),  # another origin than the site's
    ("https://127.0.0.1:5000/plot/animals.svg", SITE_URL, False),
    ("data:image/svg+xml,%3Csvg%3E", SITE_URL, False),
])
def test_only_a_chart_route_of_the_site_is_a_chart(src, site, chart):
    assert is_chart(src, site) is chart


CHART_ENDPOINTS = ("charts.chart_file", "charts.plot_file")


def test_the_chart_routes_and_names_of_the_check_are_the_sites(app):
    routes = {rule.rule for rule in app.url_map.iter_rules() if rule.endpoint in CHART_ENDPOINTS}
    assert routes == set(CHART_ROUTES)
    assert set(CHART_EXTENSIONS) == IMAGE_EXTENSIONS
    assert (CHART_NAME, DASHBOARD_NAME) == (NAME_REGEX, DASHBOARD_NAME_REGEX)
    with app.test_request_context(base_url="http://127.0.0.1:5000/behind"):
        urls = [url_for(endpoint, **names, fmt=fmt, _external=True) for fmt in CHART_EXTENSIONS for endpoint, names in (
            ("charts.chart_file", {"dashboard": "animals", "chart": "bears"}), ("charts.plot_file", {"dataset": "animals"}))]
        # Every other URL the site answers a GET with, each name one a chart route could take too.
        others = [url_for(rule.endpoint, **{name: "d/animals/bears.svg" if name == "filename" else "json" if name == "fmt"
                                            else "animals" for name in rule.arguments}, _external=True)
                  for rule in app.url_map.iter_rules() if rule.endpoint not in CHART_ENDPOINTS and "GET" in rule.methods]
    assert len(urls) == 4 and all(is_chart(url, "http://127.0.0.1:5000/behind") for url in urls), urls
    assert "http://127.0.0.1:5000/behind/static/d/animals/bears.svg" in others
    assert not [url for url in others if is_chart(url, "http://127.0.0.1:5000/behind/")]


def test_a_logo_beside_a_chart_is_an_image_not_a_chart(check):
    # The logo draws one colour and has no alt text: both fine for a logo, both a chart's failure.
    result = check(IMAGES_PREFIX + "/", update_baselines=True)
    [page] = result.pages
    assert page.problems == [] and result.passed
    assert [(image.src.split("/", 3)[3], image.chart) for image in page.images] == [
        ("images/logo.svg", False), ("d/animals/bears.svg", True)]
    assert "(1/1 charts drawn, 1/1 other images drawn, " in progress_line(1, page)
    written = json.loads((result.out_dir / page.files["images"]).read_text())
    assert [image["chart"] for image in written] == [False, True]


def test_a_logo_that_is_not_there_fails_its_page_as_an_image_not_as_a_chart(check):
    result = check(IMAGES_PREFIX + "/?logo=gone")
    assert result.failures == [
        f"{IMAGES_PREFIX}/?logo=gone: image 1 {IMAGES_PREFIX}/gone.svg: HTTP 404 NOT FOUND; served as text/html, "
        "not image/svg+xml or image/png; not drawn (naturalWidth 0)"]
    assert "(1/1 charts drawn, 0/1 other images drawn, " in progress_line(1, result.pages[0])
