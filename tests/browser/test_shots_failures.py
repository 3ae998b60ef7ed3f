"""Broken pages in real Chromium: each failure names its page and its image."""
from __future__ import annotations

import re

import pytest
from flask import Flask
from PIL import Image, ImageDraw
from werkzeug.middleware.dispatcher import DispatcherMiddleware

from app import create_app
from shots import LiveServer, Settings, check_site
from shots.check import judge_images, judge_page
from shots.network import NetworkEntry
from shots.results import Capture, PageTarget
from tests.browser.conftest import EXTRA_PREFIX

BAD_CHART = EXTRA_PREFIX + "/d/broken/bad.svg"


def test_broken_chart_fails_naming_page_and_image(check):
    # The index shows the broken dashboard's first chart, whose column is gone: the site answers
    # that image with a 4xx whose body is an SVG, which Chromium draws; only the status tells.
    result = check(EXTRA_PREFIX + "/")
    page = result.pages[0]
    assert not result.passed
    image = next(i for i in page.images if BAD_CHART in i.src)
    assert image.drawn and image.content_type == "image/svg+xml"
    lines = [line for line in result.failures if BAD_CHART in line]
    assert len(lines) == 1, result.failures
    assert re.match(rf"{EXTRA_PREFIX}/: image {image.number} {BAD_CHART}\?", lines[0]), lines[0]
    assert re.search(r"HTTP 4\d\d", lines[0])
    report = result.report_path.read_text()
    assert BAD_CHART in report and "fail" in report


def test_broken_dashboard_fails_naming_page_and_image(check):
    # The dashboard still draws; its broken chart's image answers a 4xx SVG that explains itself.
    result = check(EXTRA_PREFIX + "/d/broken")
    assert not result.passed
    lines = [line for line in result.failures if BAD_CHART in line]
    assert len(lines) == 1, result.failures
    assert re.match(rf"{EXTRA_PREFIX}/d/broken: image \d+ {BAD_CHART}", lines[0]), lines[0]
    assert re.search(r"HTTP 4\d\d", lines[0])
    drawn = [i for i in result.pages[0].images if BAD_CHART not in i.src]
    assert drawn and all(i.drawn and i.status == 200 for i in drawn)


def test_svg_served_as_text_plain_fails_naming_the_image(check):
    result = check("/mislabelled/")
    assert not result.passed
    assert result.failures == [
        '/mislabelled/: image 1 /mislabelled/chart.svg (#mislabelled "Bears as text"): served as text/plain, '
        "not image/svg+xml or image/png; not drawn (naturalWidth 0)"
    ]
    image = result.pages[0].images[0]
    assert (image.status, image.natural_width) == (200, 0)


def test_missing_baseline_is_written_and_reported_new_not_passed(check, tmp_path):
    baselines = tmp_path / "new-baselines"
    result = check("/d/animals", baseline_dir=baselines)
    page = result.pages[0]
    assert page.verdict == "new"
    assert not result.passed
    assert (baselines / "d-animals.png").read_bytes() == page.capture.png
    assert any("no baseline" in line and "d-animals.png" in line for line in result.failures)


def test_changed_page_fails_and_writes_actual_expected_and_diff(check, tmp_path):
    baselines = tmp_path / "baselines"
    assert check("/d/animals", baseline_dir=baselines, update_baselines=True).passed
    baseline = baselines / "d-animals.png"
    changed = Image.open(baseline).convert("RGB")
    ImageDraw.Draw(changed).rectangle((100, 200, 500, 400), fill=(255, 0, 0))
    changed.save(baseline)

    result = check("/d/animals", baseline_dir=baselines)
    page = result.pages[0]
    assert page.verdict == "fail"
    # The page's rule and the rule of the chart the rectangle covers both fail.
    assert len(result.failures) == 2 and result.failures[0].startswith(
        "/d/animals: screenshot differs from baseline d-animals.png")
    assert re.fullmatch(r"/d/animals: chart image \d+ /d/animals/all\.svg\?v=\S+ differs from baseline d-animals\.png: "
                        r"\d+ of its \d+ pixels differ beyond threshold 0\.01 \(allowed: 0\)", result.failures[1])
    for kind in ("png", "expected", "diff", "side_by_side"):
        assert (result.out_dir / page.files[kind]).is_file(), kind
    diff = Image.open(result.out_dir / page.files["diff"]).convert("RGB")
    assert diff.getpixel((300, 300)) == (255, 0, 0)  # the changed area is marked red
    assert baseline.read_bytes() != page.capture.png  # a failing page never rewrites its baseline


@pytest.mark.parametrize("header, message", [
    ("404 no column 'Gone'; the columns are year, Bear", "404 no column 'Gone'; the columns are year, Bear"),
    # The site escapes as a Python string writes it: a `%` code is the message's own text.
    ("404 no column 'caf\\xe9 %41\\\\x\\u20ac'; the columns are year, Bear",
     "404 no column 'café %41\\x€'; the columns are year, Bear"),
    # Not as the site writes it (a server between cut an escape): shown as it came.
    ("404 no column 'caf\\xe", "404 no column 'caf\\xe"),
])
def test_an_error_image_answered_with_a_200_fails_naming_its_error(header, message):
    # errors=image: the error comes as a 200 image of the chart's size, which Chromium draws.
    src = "http://127.0.0.1:5000/d/broken/bad.svg?errors=image"
    answer = NetworkEntry("7.1", src, "GET", "Image", 0.0, 0.0, status=200, mime_type="image/svg+xml",
                          response_headers={"x-chart-error": header})
    capture = Capture("http://127.0.0.1:5000/", images=[{"src": src, "alt": "Bad", "natural_width": 640,
                                                          "natural_height": 360}], requests=[answer])
    [image] = judge_images(capture, Settings(), "http://127.0.0.1:5000")
    assert image.drawn and image.problems == [f"an error in the chart's place: {message}"]


def test_a_page_of_another_site_whose_chart_is_an_error_image_answered_with_a_200_fails(browser, tmp_path):
    # The embedding a site whose image proxy drops 4xx images uses: the run must not pass it.
    data = tmp_path / "data"
    data.mkdir()
    site = create_app({"TESTING": True, "DATA_DIR": str(data)})
    page = Flask("embedding")
    page.get("/")(lambda: '<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Embeds</title>'
                          '<link rel="icon" href="data:,"></head><body><main><h1>Embeds</h1>'
                          '<img src="/charts/plot/animals.svg?kind=pie&amp;errors=image" width="640" height="360" '
                          'alt="Animals"></main></body></html>')
    with LiveServer(DispatcherMiddleware(page, {"/charts": site})) as server:
        result = check_site(server.url, ["/"], browser=browser, out_dir=tmp_path / "out", update_baselines=True,
                            settings=Settings(axe_script=None, baseline_dir=tmp_path / "baselines"))
    assert not result.passed
    [line] = result.failures
    assert line.startswith("/: image 1 /charts/plot/animals.svg?kind=pie&errors=image (\"Animals\"): an error in "
                           "the chart's place: 400 kind must be one of line, bar"), line
    assert result.pages[0].images[0].drawn


def test_a_chart_that_cannot_be_drawn_is_named_by_its_whole_alt_text_saying_why():
    # The site's alt text of such a chart is its reason, the only one a 4xx image gives: it was cut
    # at 57 characters, `("This chart cannot be drawn: no column 'Gone' in dataset '…")`.
    src = "http://127.0.0.1:5000/d/broken/bad.svg?v=1"
    alt = "This chart cannot be drawn: no column 'Gone' in dataset 'zoo'; the columns are year, Bear"
    answer = NetworkEntry("7.1", src, "GET", "Image", 0.0, 0.0, status=404, status_text="NOT FOUND",
                          mime_type="image/svg+xml")
    capture = Capture("http://127.0.0.1:5000/", images=[{"src": src, "alt": alt.replace("; ", ";\n  "),
                                                          "natural_width": 640, "natural_height": 360}],
                      requests=[answer])
    images, problems = judge_page(capture, PageTarget("/"), Settings(axe_script=None), "http://127.0.0.1:5000")
    assert images[0].name == f'"{alt}"'
    assert f'image 1 /d/broken/bad.svg?v=1 ("{alt}"): HTTP 404 NOT FOUND' in problems
