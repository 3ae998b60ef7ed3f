"""Pages of many charts: the charts past the grid's first two rows load as they come into view
(`loading="lazy"`), so that a dashboard of 80 charts or a dataset of 300 numeric columns does not
have the browser ask for every image at once; the first two rows load at once, as the page opens on them.
The front page's first three cards, a laptop screen's first row, load at once too: a lazy image is asked
for only once the stylesheet is there, a round trip later on a phone's network."""
from __future__ import annotations

import re

from tests.conftest import dashboard_site
from tests.sample_store import app_on_samples

WIDE = "day," + ",".join(f"m{n}" for n in range(12)) + "\n" + "".join(
    f"2024-01-0{day}," + ",".join(str(day * n) for n in range(12)) + "\n" for day in range(1, 4))


def board_of(charts: int, columns: int) -> str:
    """A dashboard file of `charts` line charts of the wide dataset, in `columns` columns."""
    return f"title = \"Many\"\ncolumns = {columns}\n" + "".join(
        f'[[charts]]\nid = "c{n}"\ndataset = "wide"\ny = ["m{n % 12}"]\n' for n in range(charts))


def loadings(page: str) -> list[str]:
    """Each chart image's `loading` attribute, in the page's order ("" where it has none)."""
    images = re.findall(r"<figure class=\"chart\">.*?(<img [^>]*>)", page, re.S)
    return [found.group(1) if (found := re.search(r' loading="(\w+)"', image)) else "" for image in images]


def test_a_dashboards_charts_past_its_first_two_rows_load_lazily(tmp_path):
    client = dashboard_site(tmp_path, {"wide.csv": WIDE}, board_of(20, 3)).test_client()
    page = client.get("/d/m").get_data(as_text=True)
    assert loadings(page) == [""] * 6 + ["lazy"] * 14


def test_a_dashboard_of_two_rows_loads_every_chart_at_once(tmp_path):
    client = dashboard_site(tmp_path, {"wide.csv": WIDE}, board_of(4, 2)).test_client()
    assert loadings(client.get("/d/m").get_data(as_text=True)) == [""] * 4


def test_a_datasets_charts_past_its_first_two_rows_load_lazily(client, data_dir):
    (data_dir / "wide.csv").write_text(WIDE, encoding="utf-8")
    page = client.get("/datasets/wide").get_data(as_text=True)
    assert loadings(page) == [""] * 4 + ["lazy"] * 8


def card_loadings(page: str) -> list[str]:
    """Each front-page card's image's `loading` attribute, in the page's order ("" where it has none)."""
    images = re.findall(r'<li class="card">.*?(<img [^>]*>)', page, re.S)
    return [found.group(1) if (found := re.search(r' loading="(\w+)"', image)) else "" for image in images]


def test_the_front_page_s_first_cards_load_at_once(client):
    # The three sample dashboards, then three datasets.
    assert card_loadings(client.get("/").get_data(as_text=True)) == [""] * 3 + ["lazy"] * 3


def test_the_front_page_s_first_cards_are_its_datasets_where_it_has_no_dashboards(tmp_path, data_dir):
    for n in range(4):
        (data_dir / f"extra{n}.csv").write_text("day,n\n1,3\n2,5\n", encoding="utf-8")
    client = app_on_samples({"TESTING": True, "DATA_DIR": str(data_dir), "DASHBOARD_DIRS": [str(tmp_path)]}).test_client()
    assert card_loadings(client.get("/").get_data(as_text=True)) == [""] * 3 + ["lazy"] * 4
