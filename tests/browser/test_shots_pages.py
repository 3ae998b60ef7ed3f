"""Good pages in real Chromium: every chart requested once, drawn, and looking as approved."""
from __future__ import annotations

import re
import tomllib
from urllib.parse import urlsplit

from app.config import DEFAULT_DASHBOARD_DIR
from shots import Settings

def _path(url: str) -> str:
    return urlsplit(url).path


def test_animals_dashboard_makes_one_html_and_one_svg_request_per_chart(check):
    charts = tomllib.loads((DEFAULT_DASHBOARD_DIR / "animals.toml").read_text())["charts"]
    page = check("/d/animals").pages[0]
    requests = page.capture.requests

    html = [e for e in requests if e.mime_type == "text/html"]
    assert [(_path(e.url), e.status) for e in html] == [("/d/animals", 200)]
    chart_requests = [e for e in requests if _path(e.url).startswith("/d/animals/")]
    assert sorted(_path(e.url) for e in chart_requests) == sorted(f"/d/animals/{c['id']}.svg" for c in charts)
    assert {(e.status, e.mime_type) for e in chart_requests} == {(200, "image/svg+xml")}
    # Nothing else but the site's static files (stylesheet, icon).
    others = [e for e in requests if e not in html and e not in chart_requests]
    assert all(_path(e.url).startswith("/static/") and e.status == 200 for e in others), others

    assert len(page.images) == len(charts)
    assert all(image.drawn and image.status == 200 for image in page.images), page.images
    assert page.problems == []


def test_every_page_reached_from_the_index_passes_the_audit_and_matches_its_baseline(
        check, committed_baselines, accessibility):
    # The crawl as `python run.py shots` does it: axe-core audits every page, and every
    # committed baseline must be compared.
    result = check(baseline_dir=committed_baselines, settings=accessibility)
    assert result.passed, "\n".join(result.failures)
    assert all(page.accessibility == [] for page in result.pages)
    assert not result.unvisited
    compared = {page.slug for page in result.pages if page.comparison is not None}
    baselines = {path.stem for path in committed_baselines.glob("*.png")}
    assert compared == baselines, (
        f"pages without a baseline: {sorted(compared - baselines)}; "
        f"baselines of no page (delete them): {sorted(baselines - compared)}")
    assert all(page.verdict == "pass" and page.comparison.matches and page.capture.stable for page in result.pages)
    chart_pages = [page for page in result.pages if re.fullmatch(r"/d/[^/]+/[^/]+", page.target.path)]
    assert len(chart_pages) >= 10
    assert all(page.capture.masked >= 1 for page in chart_pages)  # the embed snippets carry the port


def test_screenshot_is_1280_wide_full_page_and_repeatable(check, browser, live_site):
    page = check("/d/animals").pages[0]
    from io import BytesIO

    from PIL import Image

    width, height = Image.open(BytesIO(page.capture.png)).size
    assert width == 1280
    assert height >= 800  # the whole page, not only the viewport
    assert page.capture.shots_taken == 2 and page.capture.stable
    assert browser.capture(live_site.url + "/d/animals").png == page.capture.png


def test_page_expected_to_be_missing_passes_with_its_status(check):
    result = check("/d/no-such-dashboard@404", update_baselines=True)
    assert result.passed, result.failures


def test_missing_page_fails_naming_its_status(check):
    result = check("/d/no-such-dashboard")
    assert not result.passed
    assert "/d/no-such-dashboard: page returned HTTP 404, expected 200" in result.failures


def test_discovery_starts_at_the_index_and_follows_same_origin_links_up_to_the_limit(check, live_site):
    result = check(settings=Settings(max_pages=3))
    paths = [page.target.path for page in result.pages]
    assert len(paths) == 3 and paths[0] == "/"
    index_links = {_path(link) for link in result.pages[0].capture.links}
    assert set(paths[1:]) <= index_links
    assert not any(p.endswith((".svg", ".png", ".csv", ".json")) for p in paths + result.unvisited)
    assert result.unvisited, "the sample site has more than 3 pages: the limit must have stopped discovery"
    assert "links not visited" in result.summary()
