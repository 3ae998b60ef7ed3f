"""The front page's cards as a screen reader lists their links, in real Chromium: each link is named
by its dashboard's or dataset's title alone, and described by its small chart's alt text, where its
name began with that long alt text and ended with the title."""
from __future__ import annotations

from selenium.webdriver.common.by import By


def ax_links(driver) -> dict[str, dict]:
    """Each link of the page as Chromium's accessibility tree holds it, by its URL."""
    nodes = driver.execute_cdp_cmd("Accessibility.getFullAXTree", {})["nodes"]
    links = {}
    for node in nodes:
        if node.get("role", {}).get("value") != "link":
            continue
        props = {prop["name"]: prop["value"].get("value") for prop in node.get("properties", [])}
        links[props.get("url")] = {"name": node.get("name", {}).get("value"),
                                   "description": node.get("description", {}).get("value")}
    return links


def test_a_card_s_link_is_named_by_its_title_and_described_by_its_chart_s_alt_text(browser, live_site):
    driver = browser.driver
    driver.get(live_site.url + "/")
    links = ax_links(driver)
    cards = driver.find_elements(By.CSS_SELECTOR, ".card > a")
    assert len(cards) >= 4
    for card in cards:
        title = card.find_element(By.CSS_SELECTOR, ".card-title").get_attribute("textContent").strip()
        alt = card.find_element(By.TAG_NAME, "img").get_attribute("alt")
        assert alt and title not in ("", alt)
        assert links[card.get_attribute("href")] == {"name": title, "description": alt}
        assert card.accessible_name == title
