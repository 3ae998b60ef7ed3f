"""A dashboard chart that cannot be drawn, its spec not made over its dataset (a column gone): its image saying
why is drawn at the size its dashboard file gives it, which its `<img>` box has, and its phone's image at the
phone's size, in its ratio; and in the theme its file gives it, its own or its dashboard's."""
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


def broken_image(tmp_path, board: str) -> str:
    """The SVG saying why the dashboard `board`'s one chart, of the column frogs, cannot be drawn once
    its dataset has lost that column, as the dashboard's page names it."""
    tmp_path.mkdir(exist_ok=True)
    site = dashboard_site(tmp_path, {"pond.csv": "day,frogs\n1,3\n"}, board)
    client = site.test_client()
    (tmp_path / "data" / "pond.csv").write_text("day,toads\n1,3\n")
    page = client.get("/d/m").get_data(as_text=True).replace("&amp;", "&")
    answer = client.get(re.search(r'<img [^>]*src="([^"]+)"', page).group(1))
    assert answer.status_code == 404 and answer.mimetype == "image/svg+xml"
    return answer.get_data(as_text=True)


DARK_FILL, LIGHT_FILL = 'fill="#2d1e21"', 'fill="#fff5f5"'


def test_a_dashboard_chart_whose_column_is_gone_says_why_in_its_dashboards_dark_theme(tmp_path):
    svg = broken_image(tmp_path, 'theme = "dark"\n[[charts]]\nid = "c"\ndataset = "pond"\ny = ["frogs"]\n')
    assert DARK_FILL in svg and LIGHT_FILL not in svg


def test_a_dashboard_chart_whose_column_is_gone_says_why_in_its_own_theme_over_its_dashboards(tmp_path):
    svg = broken_image(tmp_path / "print", 'theme = "print"\n[[charts]]\nid = "c"\ndataset = "pond"\ny = ["frogs"]\n'
                                 'theme = "Dark"\n')
    assert DARK_FILL in svg and LIGHT_FILL not in svg
    svg = broken_image(tmp_path / "dark", 'theme = "dark"\n[[charts]]\nid = "c"\ndataset = "pond"\ny = ["frogs"]\n'
                                 'theme = "print"\n')
    assert LIGHT_FILL in svg and DARK_FILL not in svg


def test_a_dashboard_chart_whose_column_is_gone_says_why_following_the_readers_scheme_under_auto(tmp_path):
    svg = broken_image(tmp_path, 'theme = "auto"\n[[charts]]\nid = "c"\ndataset = "pond"\ny = ["frogs"]\n')
    assert "prefers-color-scheme: dark" in svg and "#2d1e21" in svg
