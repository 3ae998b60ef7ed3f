"""What a refreshing dashboard of 12 charts costs a browser that opens it for the first time: its HTML, the
stylesheet and the scripts it links, as they go over the wire (brotli), and its HTML as the browser reads it.
A page that grew past these bounds would load slower on a phone's network with nothing failing, so they are
tested. The bounds are twice what the page weighs as written (2026-12: its HTML 1.5 KB compressed and 13 KB
read, its stylesheet and nine scripts 31 KB compressed, its 12 charts 9 KB): raise one on purpose, with a
reason, never to make a test pass."""
from __future__ import annotations

import re

from tests.conftest import dashboard_site

MOST_WIRE_BYTES = 64 * 1024  # the HTML, the CSS and the JS of the page, compressed
MOST_HTML_BYTES = 24 * 1024  # the HTML alone, as read

BOARD = 'title = "Wall"\nrefresh = 5\ncolumns = 3\n' + "".join(
    f'[[charts]]\nid = "c{n}"\ndataset = "pond"\ny = ["frogs"]\ncaption = "Frogs counted at pond {n}"\n' for n in range(12))
POND = "day,frogs\n1,3\n2,5\n3,4\n"


def test_a_refreshing_dashboard_of_12_charts_weighs_what_it_did(tmp_path):
    client = dashboard_site(tmp_path, {"pond.csv": POND}, BOARD).test_client()
    page = client.get("/d/m", headers={"Accept-Encoding": "br"})
    assert page.status_code == 200 and page.headers["Content-Encoding"] == "br"
    html = client.get("/d/m").get_data(as_text=True)
    linked = re.findall(r'<(?:link rel="stylesheet" href|script src)="(/static/[^"]+)"', html)
    assert len(linked) == 10, linked  # site.css and the nine refresh scripts
    sizes = {"html": len(page.data)}
    for url in linked:
        answer = client.get(url.replace("&amp;", "&"), headers={"Accept-Encoding": "br"})
        assert answer.status_code == 200 and answer.headers["Content-Encoding"] == "br", url
        sizes[url] = len(answer.data)
    assert sum(sizes.values()) <= MOST_WIRE_BYTES, sizes
    assert len(html.encode()) <= MOST_HTML_BYTES, len(html.encode())
