"""The first chart of a page, the largest thing it opens on (what Chromium names its Largest Contentful Paint),
is asked for before the page's other images (`fetchpriority="high"`), and never lazily: a dashboard's first
chart, a chart's page's chart, a dataset's first chart, the front page's first card. Only that one: an image
marked high beside the others would take their place in the queue."""
from __future__ import annotations

import re

from tests.conftest import dashboard_site
from tests.sample_store import app_on_samples
from tests.test_lazy_charts import WIDE, board_of


def priorities(page: str, before_image: str) -> list[str]:
    """Each image's `fetchpriority` and `loading` (`high`, `lazy`, "" where it has neither), in the page's order,
    of the images after each `before_image` (a pattern)."""
    images = re.findall(before_image + r".*?(<img [^>]*>)", page, re.S)
    return [" ".join(re.findall(r' (?:fetchpriority|loading)="(\w+)"', image)) for image in images]


def test_a_dashboards_first_chart_is_asked_for_first_and_the_others_after_it(tmp_path):
    client = dashboard_site(tmp_path, {"wide.csv": WIDE}, board_of(8, 2)).test_client()
    page = client.get("/d/m").get_data(as_text=True)
    assert priorities(page, r'<figure class="chart">') == ["high", "", "", ""] + ["lazy"] * 4


def test_a_charts_page_asks_for_its_chart_first(client):
    page = client.get("/d/animals/bears").get_data(as_text=True)
    assert re.search(r'<img id="chart" [^>]*fetchpriority="high"', page), page


def test_a_datasets_first_chart_is_asked_for_first(client, data_dir):
    (data_dir / "wide.csv").write_text(WIDE, encoding="utf-8")
    page = client.get("/datasets/wide").get_data(as_text=True)
    assert priorities(page, r'<figure class="chart">') == ["high", "", "", ""] + ["lazy"] * 8


def test_the_front_pages_first_card_is_asked_for_first(client):
    assert priorities(client.get("/").get_data(as_text=True), r'<li class="card">') == ["high", "", ""] + ["lazy"] * 3


def test_the_front_pages_first_dataset_card_is_asked_for_first_where_it_has_no_dashboards(tmp_path, data_dir):
    client = app_on_samples({"TESTING": True, "DATA_DIR": str(data_dir), "DASHBOARD_DIRS": [str(tmp_path)]}).test_client()
    assert priorities(client.get("/").get_data(as_text=True), r'<li class="card">') == ["high", "", ""]
