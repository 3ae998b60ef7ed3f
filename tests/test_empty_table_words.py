"""A page's table of rows that holds none says so under its header, where it showed the header alone."""
from __future__ import annotations

import re

import pandas as pd

from tests.source_data import sources_toml, write_sqlite
from tests.sample_store import app_on_samples


def table_and_after(page: str) -> str:
    """The page from its table of rows to the end of its main part."""
    return page[page.index('<div class="table-wrap"'):page.index("</main>")]


def test_a_chart_page_whose_chart_draws_no_rows_says_its_data_holds_none(client):
    page = client.get("/d/stations/rainfall?from=2030-01-01").get_data(as_text=True)
    table = table_and_after(page)
    assert re.search(r"<tbody>\s*</tbody>", table)
    assert '<p class="muted">No rows: the chart draws none.</p>' in table


def test_a_dataset_page_of_an_empty_table_says_it_has_no_rows(tmp_path):
    url = write_sqlite(tmp_path / "shop.db", {"orders": pd.DataFrame({"day": pd.to_datetime([]), "total": []})})
    sources = sources_toml(tmp_path / "sources.toml", {"shop": {"url": url}},
                           {"orders": {"source": "shop", "table": "orders"}})
    (tmp_path / "data").mkdir()
    app = app_on_samples({"TESTING": True, "DATA_DIR": str(tmp_path / "data"), "SOURCES": str(sources)})
    try:
        page = app.test_client().get("/datasets/orders").get_data(as_text=True)
    finally:
        app.extensions["svgplots"].store.sources.close()
    assert "0 rows" in page
    assert '<p class="muted">No rows: the dataset has none.</p>' in table_and_after(page)


def test_a_page_with_rows_says_nothing_of_none(client):
    for url in ("/d/stations/rainfall", "/datasets/animals"):
        assert "No rows:" not in client.get(url).get_data(as_text=True)
