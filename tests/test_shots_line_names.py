"""How the screenshot check's lines and report name an image, a request and a chart's place: by their
URLs named as a page's is (`page_name`, its escapes as RFC 3986 normalises them), so that one URL
written two ways has one name."""
from __future__ import annotations

import json
from pathlib import Path

from shots import Settings
from shots.baseline_charts import baseline_places, chart_key
from shots.browser import still_loading
from shots.check import judge_page
from shots.network import NetworkEntry
from shots.report import render_report
from shots.results import Capture, CheckResult, ImageReport, PageResult, PageTarget

SITE = "http://127.0.0.1:5000"
BASELINES = Path(__file__).resolve().parent / "baselines"


def _entry(number: int, url: str, resource_type: str, **answer) -> NetworkEntry:
    return NetworkEntry(str(number), url, "GET", resource_type, 0.0, 0.0, **answer)


def test_an_image_is_named_by_its_url_with_its_escapes_normalised():
    image = ImageReport("", f"{SITE}/plot/%61nimals.svg?title=a%2fb&y=%7e", 200, "image/svg+xml", 1, 1, number=2)
    assert image.label == "image 2 /plot/animals.svg?title=a%2Fb&y=~"
    assert still_loading([_entry(1, f"{SITE}/plot/%61.svg?t=%2f", "Image")]) == "; still loading: /plot/a.svg?t=%2F"


def test_a_request_is_named_by_its_url_with_its_escapes_normalised_in_its_line_and_the_report(tmp_path):
    capture = Capture(url=f"{SITE}/d/x", stable=True, requests=[
        _entry(1, f"{SITE}/d/x", "Document", status=200),
        _entry(2, f"{SITE}/api/%61?q=a%2fb", "Fetch", status=404),
        _entry(3, f"{SITE}/static/%7ex.css", "Stylesheet", error="net::ERR_FAILED")])
    images, problems = judge_page(capture, PageTarget("/d/x"), Settings(axe_script=None), SITE)
    assert problems == ["request GET /api/a?q=a%2Fb returned HTTP 404",
                        "request GET /static/~x.css failed: net::ERR_FAILED"]
    image = ImageReport("", f"{SITE}/plot/%61nimals.svg", 200, "image/svg+xml", 1, 1, number=1)
    page = PageResult(PageTarget("/d/x"), capture.url, "d-x", capture, [image], problems)
    report = render_report(CheckResult([page], tmp_path, tmp_path))
    assert "<code>/api/a?q=a%2Fb</code>" in report and "<code>/plot/animals.svg</code>" in report
    assert "%61" not in report and "%7e" not in report


def test_a_chart_s_place_is_kept_under_its_url_named_as_a_page_s_is_without_its_version():
    written = f"{SITE}/d/%61nimals/bears.svg?title=a%2fb&v=3_0123abcd"
    shown = f"{SITE}/d/animals/bears.svg?v=4_0123abcd&title=a%2Fb"
    assert chart_key(written) == chart_key(shown) == "/d/animals/bears.svg?title=a%2Fb"
    box = (0, 0, 10, 10)
    assert baseline_places([(shown, box)], {chart_key(written): [box]}) == [box]


def test_the_committed_records_of_charts_places_keep_their_keys():
    # The site writes a chart's URL as its key is written (urlencode's escapes, its `v` last).
    records = [json.loads(record.read_text()) for record in BASELINES.glob("*.charts.json")]
    keys = {chart["chart"] for record in records for chart in record["charts"]}
    assert len(keys) > 20
    assert all(chart_key(f"{SITE}{key}{'&' if '?' in key else '?'}v=3_0123abcd") == key for key in keys)


def test_an_image_with_an_id_is_named_by_its_id_and_its_alt_text_which_says_why_a_chart_cannot_be_drawn():
    # A chart's own page gives its <img> the id `chart`: named by that alone, its line lost the reason.
    why = "This chart cannot be drawn: no column 'Gone' in dataset 'zoo'; the columns are year, Bear"
    capture = Capture(url=f"{SITE}/d/zoo/bad", stable=True, png=b"", requests=[
        _entry(1, f"{SITE}/d/zoo/bad", "Document", status=200),
        _entry(2, f"{SITE}/d/zoo/bad.svg", "Image", status=422, status_text="Unprocessable Entity",
               mime_type="image/svg+xml")],
        images=[{"src": f"{SITE}/d/zoo/bad.svg", "id": "chart", "alt": why, "natural_width": 640, "natural_height": 360}])
    images, problems = judge_page(capture, PageTarget("/d/zoo/bad"), Settings(axe_script=None), SITE)
    assert images[0].name == f'#chart "{why}"'
    assert problems == [f'image 1 /d/zoo/bad.svg (#chart "{why}"): HTTP 422 Unprocessable Entity']


def test_a_chart_on_half_a_pixel_is_compared_where_chromium_draws_it():
    # Chromium draws an edge at 10.5 px from pixel 11: round() took 10, and compared 7,311 of the 57,600 pixels
    # of a thumbnail one row off what was drawn.
    capture = Capture(url=f"{SITE}/", stable=True, images=[
        {"src": f"{SITE}/plot/a.svg", "alt": "A", "natural_width": 320, "natural_height": 180,
         "box": [34.5, 10.5, 354.5, 190.5]}])
    images, _ = judge_page(capture, PageTarget("/"), Settings(axe_script=None), SITE)
    assert images[0].box == (35, 11, 355, 191)
