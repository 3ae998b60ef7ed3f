"""A page waits at most DESCRIBE_WAIT for the alt text of a chart a database computes: a stored
dataset of many rows is described in a thread, as a source's is, and a chart not described in time
is named by its settings alone; charts of rows in memory are described in full as before."""
from __future__ import annotations

import html
import re
import threading

from tests.conftest import CSV_WRITE, writable_app

READINGS = "t,value\n" + "".join(f"{t},{t % 7}\n" for t in range(30))


def card_alts(page: str) -> dict[str, str]:
    """Each front-page card's image URL (without its query) and alt text."""
    return {src: html.unescape(alt) for src, alt in re.findall(r'<img src="(/[^"?]+)\?[^"]*"[^>]* alt="([^"]*)"', page)}


def test_a_front_page_card_of_a_big_stored_dataset_does_not_wait_past_describe_wait(data_dir):
    site = writable_app(data_dir, DESCRIBE_WAIT=0.1, RENDER_WORKERS=0)
    client = site.test_client()
    assert client.post("/api/datasets?name=readings", data=READINGS, headers=CSV_WRITE).status_code == 201
    database = site.extensions["svgplots"].store.database
    database.pushdown_above_rows = 20  # readings' 30 rows are computed by the database, animals' 12 not
    release, computed = threading.Event(), database.chart_rows

    def slow_chart_rows(name, *args, **kwargs):
        if name == "readings":
            release.wait(10)
        return computed(name, *args, **kwargs)

    database.chart_rows = slow_chart_rows
    try:
        cards = card_alts(client.get("/").get_data(as_text=True))
    finally:
        release.set()
    assert cards["/plot/readings.svg"] == "Line chart of value by t."
    assert cards["/plot/animals.svg"].startswith("Line chart of Bear by year, 12 rows.")
