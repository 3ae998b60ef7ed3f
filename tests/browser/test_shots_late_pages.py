"""A page that does not answer within the page timeout fails as a page that did not load, whatever page
the browser showed before it: Chromium still shows that one, which is none of the late page's."""
from __future__ import annotations

import threading
from typing import Iterator

import pytest

from selenium.common.exceptions import TimeoutException

from shots import Browser, Settings, check_page
from shots.file_names import RunFileNames
from shots.results import Capture
from tests.browser.side_pages import SLOW_PREFIX


@pytest.fixture
def short_timeout(browser: Browser) -> Iterator[None]:
    """The session's browser gives a page 2 s, for one test."""
    browser.set_page_timeout(2)
    try:
        yield
    finally:
        browser.set_page_timeout(30)


def test_a_page_answering_after_the_timeout_fails_saying_so_and_not_as_a_redirect_to_the_page_before(
        check, short_timeout):
    result = check("/moving/there", "/slow/late?ms=8000")
    late = result.pages[1]
    assert (late.target.path, late.verdict, late.redirects_to) == ("/slow/late?ms=8000", "fail", "")
    assert late.problems == ["page did not load within 2 s (the page timeout, --timeout); "
                             "still loading: /slow/late?ms=8000"]
    assert not result.passed


def test_a_page_that_did_not_load_keeps_nothing_of_the_page_before(check, short_timeout):
    late = check("/moving/there", "/slow/late?ms=8000").pages[1]
    assert (late.capture.title, late.capture.png, late.images, late.capture.links) == ("", b"", [], [])
    assert "png" not in late.files


def test_a_redirect_to_a_page_checked_before_fails_when_that_page_does_not_load_this_time(browser, live_site,
                                                                                           short_timeout):
    names = RunFileNames()
    names.claim("/late?ms=8000")
    result = check_page(browser, live_site.url + SLOW_PREFIX, "/to-late?ms=8000", names=names,
                        settings=Settings(axe_script=None))
    assert (result.verdict, result.redirects_to) == ("fail", "/late?ms=8000")
    assert result.problems == ["page did not load within 2 s (the page timeout, --timeout); "
                               "still loading: /slow/late?ms=8000"]


def test_a_page_stopped_before_it_drew_anything_is_not_shot_and_the_browser_goes_on(live_site):
    # Its <head> came in time, its <body> did not: Chromium never draws such a page, and a screenshot of it
    # waited for ever, chromedriver answering no command after it (a run at --timeout 0.05 stood still for
    # eight minutes). The test gives it a minute, far more than its few seconds.
    done: list = []

    def visit() -> None:
        with Browser(page_timeout=2) as short:
            try:
                short.driver.get(f"{live_site.url}{SLOW_PREFIX}/cut?ms=20000")
            except TimeoutException:
                pass  # chromedriver may say so here, or at the next command
            # Once a script has run there, as any command after the timeout may, the cut page is the one shown.
            assert short.driver.execute_script("return !document.body && location.pathname") == f"{SLOW_PREFIX}/cut"
            cut = Capture(url="cut", error="page did not load within 2 s (the page timeout, --timeout)")
            short._settle_and_read(cut, ())
            done.extend([cut, short.capture(f"{live_site.url}{SLOW_PREFIX}/page?ms=0")])

    worker = threading.Thread(target=visit, daemon=True)
    worker.start()
    worker.join(60)
    assert not worker.is_alive(), "the screenshot of a page stopped before it drew anything did not end"
    cut, next_page = done
    assert (cut.png, cut.shots_taken, cut.title) == (b"", 0, "A late chart")
    assert not next_page.error and next_page.png
