"""A refreshing dashboard's select of a filter's values, in a real browser: a value new to the data
joins its options at the next poll, without a reload, the viewer's choice and focus kept; a value
gone from the data leaves them, but for one the viewer has chosen; the line of the rows shown, written anew,
keeps the filters' values in an element a browser's translation leaves as it is."""
from __future__ import annotations

import re

from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import Select

from tests.browser.conftest import EXTRA_PREFIX, PONDS
from tests.browser.test_refresh import drawn_images, replace_file
from tests.browser.waits import until
from tests.page_text import page_lines

OPTIONS_JS = "return Array.from(arguments[0].options).map(function (option) { return option.value; });"


def options_once(driver, select, wanted: list[str]) -> list[str]:
    """The values of `select`'s options once they are `wanted`."""
    return until(lambda: driver.execute_script(OPTIONS_JS, select), lambda shown: shown == wanted,
                 what=f"the filter's options {wanted}")


def chosen_pond(driver, live_site, value: str):
    """The ponds dashboard's select of ponds, opened anew, `value` chosen in it (not sent) and the
    focus on it."""
    driver.get(live_site.url + EXTRA_PREFIX + "/d/ponds")
    assert drawn_images(driver)["frogs"]["drawn"]
    select = driver.find_element(By.CSS_SELECTOR, 'select[name="filter.pond"]')
    assert driver.execute_script(OPTIONS_JS, select) == ["", "North", "South"]
    Select(select).select_by_value(value)
    driver.execute_script("arguments[0].focus()", select)
    return select


def test_a_value_new_to_the_data_joins_the_filter_s_options_the_viewer_s_choice_and_focus_kept(browser, live_site):
    driver = browser.driver
    select = chosen_pond(driver, live_site, "South")
    ponds = live_site.data_dir / "ponds.csv"
    try:
        replace_file(ponds, PONDS + "3,East,4\n")
        assert options_once(driver, select, ["", "East", "North", "South"]) == ["", "East", "North", "South"]
        assert select.get_attribute("value") == "South", "the viewer's choice was lost"
        assert driver.execute_script("return document.activeElement === arguments[0]", select), "the focus was lost"
        assert Select(select).options[1].text == "East"
    finally:
        replace_file(ponds, PONDS)
    assert options_once(driver, select, ["", "North", "South"]) == ["", "North", "South"]
    assert select.get_attribute("value") == "South"


def test_a_value_gone_from_the_data_leaves_the_filter_s_options_but_for_one_the_viewer_chose(browser, live_site):
    driver = browser.driver
    select = chosen_pond(driver, live_site, "North")
    ponds = live_site.data_dir / "ponds.csv"
    try:
        replace_file(ponds, "day,pond,frogs\n1,West,3\n2,South,5\n")
        assert options_once(driver, select, ["", "North", "South", "West"]) == ["", "North", "South", "West"]
        assert select.get_attribute("value") == "North"
        Select(select).select_by_value("West")
        assert options_once(driver, select, ["", "South", "West"]) == ["", "South", "West"]
        assert select.get_attribute("value") == "West"
    finally:
        replace_file(ponds, PONDS)


# Each answer of versions.json as the site gives it, but for the words of its range, `arguments[0]` (as a
# relative range's moments move on), so that the page writes its line of the rows shown anew.
MOVED_RANGE_JS = """
var range = arguments[0], fetched = window.fetch;
window.fetch = function (url) {
  var asked = fetched.apply(this, arguments);
  if (String(url).indexOf("/versions.json") < 0) return asked;
  return asked.then(function (response) { return response.json(); }).then(function (body) {
    body.showing_parts[0].text = range;
    body.showing = body.showing_parts.map(function (part) { return part.text; }).join("");
    return {ok: true, json: function () { return Promise.resolve(body); }};
  });
};
"""

LINE_JS = "return document.querySelector('.rows-form p.active').outerHTML;"


def test_a_filter_s_values_in_the_line_of_the_rows_shown_are_left_untranslated_as_the_page_writes_it_anew(
        browser, live_site):
    driver = browser.driver
    driver.get(live_site.url + EXTRA_PREFIX + "/d/ponds?filter.pond=North&filter.pond=South")
    served = driver.execute_script(LINE_JS)
    assert page_lines(served) == ["Showing: all rows · Pond: North, South"]
    assert re.search(r'<bdi translate="no">North</bdi>, <bdi translate="no">South</bdi>', served), served
    driver.execute_script(MOVED_RANGE_JS, "every row")
    written = until(lambda: driver.execute_script(LINE_JS), lambda line: "every row" in line,
                    what="the line of the rows shown written anew")
    assert page_lines(written) == ["Showing: every row · Pond: North, South"]
    assert written == served.replace("all rows", "every row"), "written otherwise than the page writes it"
