"""A form's group of boxes is a fieldset named by its legend: a screen reader says the group's name
with each box, not the box's column name alone."""
from __future__ import annotations

from html.parser import HTMLParser


class CheckboxGroups(HTMLParser):
    """Each checkbox of a page by its name, with the legends of the fieldsets it is in."""

    def __init__(self) -> None:
        super().__init__()
        self.legends: list[str | None] = []  # one per open fieldset: its legend so far
        self.in_legend = False
        self.boxes: list[tuple[str, list[str]]] = []

    def handle_starttag(self, tag: str, attrs: list) -> None:
        attributes = dict(attrs)
        if tag == "fieldset":
            self.legends.append(None)
        elif tag == "legend" and self.legends:
            self.legends[-1], self.in_legend = "", True
        elif tag == "input" and attributes.get("type") == "checkbox":
            self.boxes.append((attributes["value"], [legend for legend in self.legends if legend]))

    def handle_endtag(self, tag: str) -> None:
        if tag == "fieldset":
            self.legends.pop()
        elif tag == "legend":
            self.in_legend = False

    def handle_data(self, data: str) -> None:
        if self.in_legend:
            self.legends[-1] += data


def checkbox_groups(page: str) -> list[tuple[str, list[str]]]:
    """Each checkbox's value and the legends of the groups a screen reader names it in, outermost first."""
    parser = CheckboxGroups()
    parser.feed(page)
    return parser.boxes


def test_a_chart_page_s_y_columns_are_a_group_named_y_columns(client):
    page = client.get("/d/weather/temperature").get_data(as_text=True)
    groups = checkbox_groups(page)
    assert [value for value, _ in groups] == ["temperature_c", "humidity_pct", "rainfall_mm", "wind_kmh", "pressure_hpa"]
    assert all(legends == ["Chart", "Y columns"] for _, legends in groups), groups
