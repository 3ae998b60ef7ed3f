"""The site as a voice uses it (Dragon, Voice Control, Voice Access: "click Update chart", "click Bears"), in
real Chromium: on every kind of page each link's, button's and field's name, as Chromium's accessibility tree
holds it, begins with the words it shows (WCAG 2.5.3 Label in Name), and every field shows a label; a
dashboard's chart links to its page by a name that begins with the chart's title, which its picture shows,
where it was named by its whole alt text, which says nothing of where the link leads. A table of rows, whose
box the keyboard reaches to scroll it, is named by the heading shown above it."""
from __future__ import annotations

import pytest
from selenium.webdriver.common.by import By

from shots.accessibility import load_axe
from tests.browser.test_refusal_focus import sent
from tests.conftest import WRITE_TOKEN

PAGES = ["/", "/d/stations", "/d/animals", "/d/stations/temperature", "/datasets/animals", "/upload",
         "/datasets/animals/append", "/d/nowhere", "/no/such/page",
         "/d/weather/temperature?kind=scatter&title=My+title&width=800&ymin=abc", "/d/stations?from=garbage",
         "/extra/d/live", "/extra/d/crowd", "/extra/d/broken", "/extra/d/marsh"]
# What a voice reads of an element it may be told to click or fill in: the words it shows, white space as
# shown; a field's are its label's (its <label>'s, but the field's own value and options), or those of the
# group it is one of (a typed filter's fields, labelled by the filter's name above them).
SHOWN_WORDS = """
const node = arguments[0];
const field = ['INPUT', 'SELECT', 'TEXTAREA'].includes(node.tagName);
if (!field) return node.innerText;
const label = node.labels && node.labels[0];
if (label) {
  const words = label.cloneNode(true);
  words.querySelectorAll('input, select, textarea, datalist').forEach(part => part.remove());
  document.body.appendChild(words);  // innerText reads only what is laid out
  const text = words.innerText;
  words.remove();
  return text;
}
const group = node.closest('[role=group][aria-labelledby]');
return group ? document.getElementById(group.getAttribute('aria-labelledby')).innerText : null;
"""
# axe-core's rule of WCAG 2.5.3, experimental in axe-core: run by its id, which runs it.
LABEL_IN_NAME_JS = """
const done = arguments[arguments.length - 1];
axe.run(document, {runOnly: {type: 'rule', values: ['label-content-name-mismatch']}, resultTypes: ['violations']})
  .then(r => done(r.violations.map(v => [v.id, v.nodes.map(n => n.html)])))
  .catch(e => done(String(e)));
"""


def words(text: str | None) -> str:
    return " ".join((text or "").split())


def focusable_names(driver) -> list[tuple[str, str, str, str]]:
    """Each element of the page a keyboard reaches, as Chromium's accessibility tree holds it: its role, its
    name, the words it shows (None: a field with no label shown) and its markup's start."""
    driver.execute_cdp_cmd("DOM.getDocument", {"depth": 0})
    found = []
    for node in driver.execute_cdp_cmd("Accessibility.getFullAXTree", {})["nodes"]:
        props = {prop["name"]: prop["value"].get("value") for prop in node.get("properties", [])}
        if node.get("ignored") or not props.get("focusable") or "backendDOMNodeId" not in node:
            continue
        role = node.get("role", {}).get("value")
        if role in ("RootWebArea", "region"):  # the page, and a table that scrolls: no control to click
            continue
        element = driver.execute_cdp_cmd("DOM.resolveNode", {"backendNodeId": node["backendDOMNodeId"]})["object"]
        shown = driver.execute_cdp_cmd("Runtime.callFunctionOn", {
            "objectId": element["objectId"], "returnByValue": True,
            "functionDeclaration": "function () { const arguments = [this];" + SHOWN_WORDS + "}"})["result"]
        markup = driver.execute_cdp_cmd("Runtime.callFunctionOn", {
            "objectId": element["objectId"], "returnByValue": True,
            "functionDeclaration": "function () { return this.outerHTML.slice(0, 120); }"})["result"]
        found.append((role, words(node.get("name", {}).get("value")), shown.get("value"), markup.get("value")))
    return found


def mismatches(driver) -> list[tuple]:
    """The page's elements whose name does not begin with the words they show, or that show none: a field
    without a label shown, a link or button of no words (an image's link is named apart, below)."""
    wrong = []
    for role, name, shown, markup in focusable_names(driver):
        if shown is None or (not words(shown) and role != "link"):
            wrong.append((role, name, shown, markup))
        elif not name.casefold().startswith(words(shown).casefold()):
            wrong.append((role, name, words(shown), markup))
    return wrong


@pytest.mark.parametrize("path", PAGES)
def test_every_link_button_and_field_is_named_first_by_the_words_it_shows(browser, live_site, path):
    driver = browser.driver
    driver.get(live_site.url + path)
    assert len(focusable_names(driver)) >= 3  # the way past the bar and its links, at least
    assert mismatches(driver) == []


def test_the_upload_and_append_forms_refusals_name_each_control_by_the_words_it_shows(browser, writable_site,
                                                                                      tmp_path):
    csv = tmp_path / "sent.csv"
    csv.write_text("day,frogs\n1,3\n")
    driver = browser.driver
    sent(driver, f"{writable_site}/upload", {"name": "animals", "title": "Frogs", "file": str(csv),
                                             "token": WRITE_TOKEN}, "form.spec-form button[type=submit]")
    assert mismatches(driver) == []
    sent(driver, f"{writable_site}/datasets/animals/append", {"rows": "year,Bear,Deer,Wolf\n2030,many,2,3\n",
                                                              "token": WRITE_TOKEN},
         "form.spec-form button[type=submit]")
    assert mismatches(driver) == []


def test_a_dashboard_s_chart_links_to_its_page_by_its_title_described_by_its_alt_text(browser, live_site):
    driver = browser.driver
    driver.get(live_site.url + "/d/animals")
    links = {name: markup for role, name, shown, markup in focusable_names(driver) if 'href="/d/animals/' in markup}
    assert list(links) == ["Sightings per year: open the chart's page", "Bears: open the chart's page",
                           "Bears and wolves: open the chart's page", "Spread of yearly counts: open the chart's page",
                           "All sightings per year: open the chart's page"]
    for link in driver.find_elements(By.CSS_SELECTOR, "figure.chart > a"):
        alt = link.find_element(By.TAG_NAME, "img").get_attribute("alt")
        described = driver.find_element(By.ID, link.get_attribute("aria-describedby")).get_attribute("alt")
        assert alt.startswith(link.accessible_name.removesuffix(": open the chart's page")) and described == alt
    # A chart of no title is named by what it draws; one that cannot be drawn, by what its file says it draws.
    driver.get(live_site.url + "/extra/d/broken")
    assert [link.accessible_name for link in driver.find_elements(By.CSS_SELECTOR, "figure.chart > a")] == [
        "Line chart of Gone: open the chart's page", "Line chart of Bear by year: open the chart's page"]


@pytest.mark.parametrize("path", PAGES)
def test_axe_core_finds_no_name_that_leaves_out_the_words_shown(browser, live_site, accessibility, path):
    driver = browser.driver
    driver.get(live_site.url + path)
    driver.execute_script(load_axe(accessibility.axe_script))
    assert driver.execute_async_script(LABEL_IN_NAME_JS) == []


def scrolling_boxes(driver) -> list[tuple[str, str]]:
    """The boxes of the page that scroll, which the keyboard reaches: each one's name, as Chromium's accessibility
    tree holds it, and the words of the heading shown above it (None: none there)."""
    driver.execute_cdp_cmd("DOM.getDocument", {"depth": 0})
    found = []
    for node in driver.execute_cdp_cmd("Accessibility.getFullAXTree", {})["nodes"]:
        props = {prop["name"]: prop["value"].get("value") for prop in node.get("properties", [])}
        if node.get("ignored") or node.get("role", {}).get("value") != "region" or not props.get("focusable"):
            continue
        element = driver.execute_cdp_cmd("DOM.resolveNode", {"backendNodeId": node["backendDOMNodeId"]})["object"]
        heading = driver.execute_cdp_cmd("Runtime.callFunctionOn", {
            "objectId": element["objectId"], "returnByValue": True,
            "functionDeclaration": "function () { const h = this.previousElementSibling; "
                                   "return h && /^H[1-6]$/.test(h.tagName) ? h.innerText : null; }"})["result"]
        found.append((words(node.get("name", {}).get("value")), words(heading.get("value"))))
    return found


@pytest.mark.parametrize("path, heading", [("/datasets/weather", "First rows"),
                                           ("/d/animals/bears", "Data behind the chart")])
def test_a_table_of_rows_that_scrolls_is_named_by_the_heading_shown_above_it(browser, live_site, path, heading):
    # It was named "Rows of the data (scrolls)", words the page showed nowhere, which a voice could not say.
    driver = browser.driver
    driver.get(live_site.url + path)
    assert scrolling_boxes(driver) == [(heading, heading)]
