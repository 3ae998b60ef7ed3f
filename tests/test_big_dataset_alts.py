"""A page waits at most DESCRIBE_WAIT for the alt text of a chart a database computes: a stored
dataset of many rows is described in a thread, as a source's is, and a chart not described in time
is named by its settings alone; charts of rows in memory are described in full as before. The rows
a page's words of a big stored dataset's chart read are its image's too: the database is asked once."""
from __future__ import annotations

import html
import re
import threading

import pandas as pd

from app import create_app
from app.store import sources
from tests.conftest import CSV_WRITE, writable_app
from tests.source_data import sources_toml, write_sqlite

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


def readings_dashboard(data_dir, chart: str = "", **settings):
    """A site whose dashboard `r` draws the stored dataset `readings`, whose charts its database
    computes, and that database (`chart`: more TOML lines of the dashboard's chart)."""
    written = writable_app(data_dir, RENDER_WORKERS=0).test_client().post("/api/datasets?name=readings", data=READINGS,
                                                                          headers=CSV_WRITE)
    assert written.status_code == 201
    boards = data_dir.parent / "boards"
    boards.mkdir()
    (boards / "r.toml").write_text('title = "R"\n[[charts]]\nid = "c"\ndataset = "readings"\ny = ["value"]\n' + chart)
    site = writable_app(data_dir, RENDER_WORKERS=0, DASHBOARD_DIRS=[str(boards)], **settings)
    database = site.extensions["svgplots"].store.database
    database.pushdown_above_rows = 20
    return site, database


def counting(database, asked: list, before=lambda: None) -> None:
    """Count in `asked` the charts the database computes (after `before()`)."""
    computed = database.chart_rows

    def counted(name, *args, **kwargs):
        asked.append(name)
        before()
        return computed(name, *args, **kwargs)

    database.chart_rows = counted


def image_urls(page: str) -> list[str]:
    """The image URLs of a page, as a browser asks for them."""
    return [html.unescape(src) for src in re.findall(r'<img[^>]* src="([^"]+)"', page)]


def test_a_big_stored_datasets_chart_described_by_its_dashboard_is_computed_once_for_its_image(data_dir):
    site, database = readings_dashboard(data_dir)
    asked: list = []
    counting(database, asked)
    client = site.test_client()
    page = client.get("/d/r")
    [image] = image_urls(page.get_data(as_text=True))
    assert client.get(image).status_code == 200
    assert asked == ["readings"]


def test_a_big_stored_datasets_image_asked_while_its_page_still_describes_it_waits_for_those_rows(data_dir):
    site, database = readings_dashboard(data_dir, DESCRIBE_WAIT=0.1)
    asked: list = []
    entered, release = threading.Event(), threading.Event()

    def held() -> None:
        entered.set()
        release.wait(10)

    counting(database, asked, held)
    client = site.test_client()
    page = client.get("/d/r").get_data(as_text=True)
    assert "Line chart of value by t." in html.unescape(page)  # not waited for
    assert entered.wait(10)
    answers: list = []
    image = threading.Thread(target=lambda: answers.append(site.test_client().get(image_urls(page)[0]).status_code))
    image.start()
    image.join(0.2)  # the image's request, asked while the page's description is computed
    release.set()
    image.join(10)
    assert answers == [200]
    assert asked == ["readings"]


def test_a_cold_front_page_asks_the_database_once_per_card_of_a_big_stored_dataset(data_dir):
    # Titled, the dashboard's chart is not the dataset's own: two cards, two charts.
    site, database = readings_dashboard(data_dir, chart='title = "Readings"\n')
    asked: list = []
    counting(database, asked)
    client = site.test_client()
    page = client.get("/").get_data(as_text=True)
    images = [url for url in image_urls(page) if url.startswith(("/plot/readings.svg", "/d/r/c.svg"))]
    assert len(images) == 2
    for url in images:
        assert client.get(url).status_code == 200
    assert asked.count("readings") == 2  # one query a card, for its words and its image
    # Described at the thumbnail's size, in the words of the chart's own page.
    dashboard = html.unescape(client.get("/d/r").get_data(as_text=True))
    words = card_alts(page)["/d/r/c.svg"]
    assert words.startswith("Readings. Line chart of value by t, 30 rows.") and f'alt="{words}"' in dashboard


def source_card(tmp_path, closing, monkeypatch, **settings) -> tuple:
    """A site with the source dataset `readings`, its front page, the URL of that dataset's card
    there, and the charts its database computed (one item each)."""
    frame = pd.DataFrame({"t": pd.date_range("2024-01-01", periods=30, freq="D"), "value": [t % 7 for t in range(30)]})
    url = write_sqlite(tmp_path / "shop.db", {"readings": frame})
    # A day's version period, so that a page and its image asked a moment apart never straddle two versions.
    found = sources_toml(tmp_path / "sources.toml", {"shop": {"url": url, "cache_seconds": 86_400}},
                         {"readings": {"source": "shop", "table": "readings"}})
    (tmp_path / "data").mkdir()
    site = closing(create_app({"TESTING": True, "DATA_DIR": str(tmp_path / "data"), "SOURCES": str(found),
                               "RENDER_WORKERS": 0, **settings}))
    asked: list = []
    computed = sources.chart_rows
    monkeypatch.setattr(sources, "chart_rows", lambda *args, **kwargs: asked.append(1) or computed(*args, **kwargs))
    page = site.test_client().get("/").get_data(as_text=True)
    [image] = [url for url in image_urls(page) if url.startswith("/plot/readings.svg")]
    return site, page, image, asked


def test_a_cold_front_page_asks_a_source_once_for_its_card(tmp_path, closing, monkeypatch):
    site, page, image, asked = source_card(tmp_path, closing, monkeypatch)
    assert site.test_client().get(image).status_code == 200
    assert len(asked) == 1
    assert card_alts(page)["/plot/readings.svg"].startswith("Line chart of value by t, 30 rows.")


def test_a_source_card_s_image_asks_its_database_again_where_source_chart_cache_bytes_keeps_no_rows(
        tmp_path, closing, monkeypatch):
    site, page, image, asked = source_card(tmp_path, closing, monkeypatch, SOURCE_CHART_CACHE_BYTES=0)
    assert site.test_client().get(image).status_code == 200
    assert len(asked) == 2  # the page's words, then its image: nothing kept between them
    assert len(site.extensions["svgplots"].store.sources._frames) == 0


def kept_rows(site) -> int:
    """How many charts' rows the site's store keeps for their images: seen in the memory it holds alone."""
    return len(site.extensions["svgplots"].store._kept_charts)


def test_a_big_stored_datasets_rows_are_not_kept_for_an_image_the_render_cache_answers(data_dir):
    site, database = readings_dashboard(data_dir)
    asked: list = []
    counting(database, asked)
    client = site.test_client()
    [image] = image_urls(client.get("/d/r").get_data(as_text=True))
    assert client.get(image).status_code == 200  # took the rows the dashboard's words kept; drawn and cached
    # The chart's page embeds the same image, which the render cache answers: its words keep no rows for it.
    assert image_urls(client.get("/d/r/c").get_data(as_text=True)) == [image]
    assert client.get(image).status_code == 200
    assert kept_rows(site) == 0
    assert asked == ["readings", "readings"]  # the chart's page's words read them once more


def test_a_big_stored_datasets_image_asks_its_database_again_where_big_dataset_cache_bytes_keeps_no_rows(data_dir):
    site, database = readings_dashboard(data_dir, BIG_DATASET_CACHE_BYTES=0)
    asked: list = []
    counting(database, asked)
    client = site.test_client()
    [image] = image_urls(client.get("/d/r").get_data(as_text=True))
    assert kept_rows(site) == 0
    assert client.get(image).status_code == 200
    assert asked == ["readings", "readings"]  # the page's words, then its image: nothing kept between them


def test_a_chart_page_drawn_with_a_title_and_width_sees_its_image_in_the_render_cache(data_dir):
    site, database = readings_dashboard(data_dir)
    asked: list = []
    counting(database, asked)
    client = site.test_client()
    page = "/d/r/c?title=Readings&width=9"
    [image] = image_urls(client.get(page).get_data(as_text=True))
    assert client.get(image).status_code == 200  # took the rows the page's words kept; drawn and cached
    assert image_urls(client.get(page).get_data(as_text=True)) == [image]
    assert kept_rows(site) == 0  # the render cache holds the image: its words kept no rows for it
    assert asked == ["readings", "readings"]


def test_a_chart_pages_words_leave_the_render_caches_counts_and_order_alone(data_dir):
    site, _ = readings_dashboard(data_dir)
    cache = site.extensions["svgplots"].cache
    client = site.test_client()
    [image] = image_urls(client.get("/d/r/c").get_data(as_text=True))
    assert client.get(image).status_code == 200
    assert client.get("/plot/readings.svg").status_code == 200  # now the most recently used
    counts, order = (cache.hits, cache.misses), cache.held_keys()
    assert client.get("/d/r/c").status_code == 200
    assert (cache.hits, cache.misses) == counts and cache.held_keys() == order
