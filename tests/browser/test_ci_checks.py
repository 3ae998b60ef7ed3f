"""What a CI job's browser check reads of a page: a chart the page knows cannot be drawn is marked
`data-error`, on a dashboard's page and on the front page's cards alike, an error image draws (so `naturalWidth` alone does not tell it) while its status tells it,
the README's Selenium check finds each broken chart and nothing else, and two screenshots of a page
whose data did not change are the same pixels."""
from __future__ import annotations

import re

from selenium.webdriver.common.by import By

from tests.browser.conftest import EXTRA_PREFIX
from tests.browser.page_clock import ANSWERED_JS, advance, polls
from tests.conftest import ROOT

BROKEN = EXTRA_PREFIX + "/d/broken"  # chart `bad` names a column its dataset no longer has; `ok` draws


def readme_check() -> dict:
    """The names the README's Python block of "Checking charts in CI" defines, run as written."""
    section = (ROOT / "README.md").read_text().split("## Checking charts in CI", 1)[1].split("\n## ", 1)[0]
    (block,) = re.findall(r"```python\n(.*?)```", section, flags=re.S)
    names: dict = {}
    exec(compile(block, "README.md", "exec"), names)
    return names


def chart_image(driver, chart: str):
    return driver.find_element(By.CSS_SELECTOR, f'img[data-chart="{chart}"]')


def test_a_dashboard_marks_the_image_of_a_chart_it_cannot_draw(browser, live_site):
    driver = browser.driver
    driver.get(live_site.url + BROKEN)
    assert chart_image(driver, "bad").get_attribute("data-error") == (
        "broken.toml: chart 'bad': y: no column 'Gone'; the columns are year, Bear")
    assert chart_image(driver, "ok").get_attribute("data-error") is None


def test_the_front_page_marks_the_small_chart_of_a_dashboard_it_cannot_draw(browser, live_site):
    # The broken dashboard's card shows its first chart, `bad`, which names a column its dataset no longer has.
    driver, broken_images = browser.driver, readme_check()["broken_images"]
    driver.get(live_site.url + EXTRA_PREFIX + "/")
    marked = driver.execute_script(
        "return Array.from(document.querySelectorAll('img[data-error]')).map(function (img) {"
        " return [img.currentSrc, img.getAttribute('data-error')]; });")
    bad = [why for src, why in marked if "/d/broken/bad.svg?" in src]
    assert bad == ["broken.toml: chart 'bad': y: no column 'Gone'; the columns are year, Bear"], marked
    assert not any("/d/live/" in src for src, _ in marked)  # a card whose chart draws is not marked
    broken = broken_images(driver)
    assert all(src in broken for src, _ in marked)


def test_an_error_image_draws_and_its_status_tells_it(browser, live_site):
    driver = browser.driver
    driver.get(live_site.url + BROKEN)
    readme_check()["broken_images"](driver)  # every image loaded
    # An <img> draws an error SVG as any image: its size says nothing, its status does.
    read = driver.execute_script(
        "var img = document.querySelector('img[data-chart=bad]');"
        "return [img.naturalWidth, performance.getEntriesByName(img.currentSrc)[0].responseStatus];")
    assert read == [640, 404]


def test_the_readme_check_finds_the_broken_chart_alone(browser, live_site):
    driver, broken_images = browser.driver, readme_check()["broken_images"]
    driver.get(live_site.url + BROKEN)
    assert [url.removeprefix(live_site.url) for url in broken_images(driver)] == [
        driver.execute_script("return document.querySelector('img[data-chart=bad]').currentSrc")
        .removeprefix(live_site.url)]
    assert "/d/broken/bad.svg?" in broken_images(driver)[0]


def test_the_readme_check_passes_a_page_whose_charts_all_draw_those_out_of_view_too(browser, live_site):
    driver, broken_images = browser.driver, readme_check()["broken_images"]
    driver.get(live_site.url + "/d/weather")  # 9 charts, those past the first two rows loaded as they come into view
    assert driver.execute_script("return document.querySelectorAll('img[loading=lazy]').length") > 0
    assert broken_images(driver) == []
    assert driver.execute_script("return Array.from(document.images).every(function (img) {"
                                 " return img.naturalWidth > 0; })")


def test_the_readme_check_finds_an_image_that_drew_nothing(browser, live_site):
    driver, broken_images = browser.driver, readme_check()["broken_images"]
    driver.get(live_site.url + "/d/animals")
    driver.execute_script("document.images[0].src = '/static/site.css';")  # an answer no browser draws
    broken = broken_images(driver)
    assert [url.removeprefix(live_site.url) for url in broken] == ["/static/site.css"]


def test_screenshots_of_a_refreshing_dashboard_whose_data_did_not_change_are_the_same_pixels(browser, clocked, live_site):
    broken_images = readme_check()["broken_images"]
    clocked.get(live_site.url + EXTRA_PREFIX + "/d/live")  # polls every second
    clocked.execute_script(ANSWERED_JS)
    assert broken_images(clocked) == []
    first = browser.screenshot()
    advance(clocked, 5)  # polls answered by the site, of the same data
    assert len(polls(clocked)) >= 3 and broken_images(clocked) == []
    assert browser.screenshot() == first
    clocked.get(live_site.url + EXTRA_PREFIX + "/d/live")  # the page again, as the next run of a job opens it
    assert broken_images(clocked) == []
    assert browser.screenshot() == first
