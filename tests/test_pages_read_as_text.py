"""The pages as a text browser or a reader mode reads them (tests/page_text.py): in a sensible order,
their words agreeing with their numbers, each chart there as its alt text."""
from __future__ import annotations

from tests.conftest import dashboard_site
from tests.page_text import page_lines

def card_lines(client, title: str) -> list[str]:
    """The front page's lines from the link of the first card of `title` on (its title and its chart's alt
    text, in either order)."""
    lines = page_lines(client.get("/").get_data(as_text=True))
    return lines[next(n for n, line in enumerate(lines) if line.startswith(f"{title} [") or line.endswith(f"] {title}")):]


ONE_CHART = 'title = "Pond"\n[[charts]]\nid = "frogs"\ndataset = "pond"\ny = ["frogs"]\n'


def test_a_dashboard_of_one_chart_is_counted_as_one_chart_on_the_front_page(tmp_path):
    client = dashboard_site(tmp_path, {"pond.csv": "day,frogs\n1,3\n2,5\n"}, ONE_CHART).test_client()
    assert card_lines(client, "Pond")[1] == "1 chart"


def test_the_front_page_counts_a_dashboards_charts(client):
    assert card_lines(client, "Animal sightings")[2] == "5 charts"


def test_a_front_page_card_reads_its_title_before_its_chart_s_alt_text(client):
    # A text browser reads the card's link as it is written: its title first, then the chart's long alt text.
    assert card_lines(client, "Animal sightings")[0].startswith("Animal sightings [Sightings per year. Line chart")
