"""A dashboard's quick range buttons as a screen reader meets them, in real Chromium: a group named
"Quick ranges", so that its "All" is told apart from a filter's "All" and says what it chooses."""
from __future__ import annotations


def ancestors(nodes: dict, node: dict):
    while node.get("parentId") in nodes:
        node = nodes[node["parentId"]]
        yield node


def test_the_quick_range_buttons_are_a_group_named_by_their_words(browser, live_site):
    driver = browser.driver
    driver.get(live_site.url + "/d/stations")
    nodes = {node["nodeId"]: node for node in driver.execute_cdp_cmd("Accessibility.getFullAXTree", {})["nodes"]}
    named = {(node.get("role", {}).get("value"), node.get("name", {}).get("value")): node for node in nodes.values()}
    for label in ("Last 24 hours", "Last 7 days", "Last 30 days", "Last year", "All"):
        groups = [node for node in ancestors(nodes, named["button", label]) if node["role"]["value"] == "group"]
        assert [group["name"]["value"] for group in groups][:1] == ["Quick ranges:"], label
