"""A dashboard chart that cannot be drawn, its spec not made over its dataset (a column gone): its image saying
why is drawn at the size its dashboard file gives it, which its `<img>` box has, and its phone's image at the
phone's size, in its ratio."""
from __future__ import annotations

import re

from tests.conftest import dashboard_site

BOARD = ('columns = 1\n'
         '[[charts]]\nid = "wide"\ndataset = "pond"\nwidth = 900\nheight = 300\ny = ["frogs"]\n')


def drawn_size(client, url: str) -> tuple[str, str]:
    """The width and height (CSS pixels) the SVG at `url` is drawn at."""
    answer = client.get(url)
    assert answer.mimetype == "image/svg+xml", answer.get_data(as_text=True)[:300]
    svg = answer.get_data(as_text=True)
    return re.search(r'<svg [^>]*width="(\d+)" height="(\d+)"', svg).groups()


def test_a_dashboard_chart_whose_column_is_gone_says_why_at_its_files_size(tmp_path):
    site = dashboard_site(tmp_path, {"pond.csv": "day,frogs\n1,3\n2,5\n"}, BOARD)
    client = site.test_client()
    drawn_src = re.search(r'<img [^>]*src="([^"]+)"', client.get("/d/m").get_data(as_text=True)).group(1)
    assert drawn_size(client, drawn_src.replace("&amp;", "&")) == ("900", "300")
    (tmp_path / "data" / "pond.csv").write_text("day,toads\n1,3\n")
    page = client.get("/d/m").get_data(as_text=True).replace("&amp;", "&")
    src = re.search(r'<img [^>]*src="([^"]+)"', page).group(1)
    assert src.startswith("/d/m/wide.svg?")
    assert drawn_size(client, src) == ("900", "300")
    phone = re.search(r'<picture><source [^>]*srcset="([^"]+)" width="360" height="120"', page).group(1)
    assert drawn_size(client, phone) == ("360", "120")


def test_a_dark_dashboard_chart_whose_column_is_gone_says_why_in_its_theme(tmp_path):
    site = dashboard_site(tmp_path, {"pond.csv": "day,frogs\n1,3\n2,5\n"}, 'theme = "dark"\n' + BOARD)
    client = site.test_client()
    assert client.get("/d/m").status_code == 200
    (tmp_path / "data" / "pond.csv").write_text("day,toads\n1,3\n")
    page = client.get("/d/m").get_data(as_text=True).replace("&amp;", "&")
    svg = client.get(re.search(r'<img [^>]*src="([^"]+)"', page).group(1)).get_data(as_text=True)
    assert 'class="chart-error"' in svg and "frogs" in svg
    assert "#2d1e21" in svg and "#fff5f5" not in svg  # the dark theme's error box, not the light one
