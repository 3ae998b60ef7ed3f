"""A dashboard filter on a source column of more values than its database lists (SOURCE_MAX_ROWS)
says so: a field that takes any value, suggesting the first values, in place of a select of some."""
from __future__ import annotations

import re
from pathlib import Path

import pandas as pd
import pytest

from app import create_app
from tests.source_data import CODES_BOARD, sources_toml, write_tables

# 101 codes, in no order: one more than the database lists at SOURCE_MAX_ROWS=100, the least the site takes.
NUMBERS = [(37 * i) % 101 for i in range(101)]
CODES = pd.DataFrame({"code": [f"c{i:03d}" for i in NUMBERS], "n": list(range(101))})


@pytest.fixture(params=["sqlite", "postgresql"])
def source_url(request, tmp_path: Path) -> str:
    """A source database of each system holding `codes`: 101 codes, in no order."""
    return write_tables(request, tmp_path / "shop.db", {"codes": CODES})


def dashboard_page(tmp_path: Path, source_url: str, max_rows: int) -> str:
    sources = sources_toml(tmp_path / "sources.toml", {"shop": {"url": source_url}},
                           {"codes": {"source": "shop", "table": "codes"}})
    for folder in ("data", "boards"):
        (tmp_path / folder).mkdir(exist_ok=True)
    (tmp_path / "boards" / "codes.toml").write_text(CODES_BOARD)
    app = create_app({"TESTING": True, "DATA_DIR": str(tmp_path / "data"), "SOURCES": str(sources),
                      "DASHBOARD_DIRS": [str(tmp_path / "boards")], "RENDER_WORKERS": 0,
                      "SOURCE_MAX_ROWS": max_rows})
    try:
        response = app.test_client().get("/d/codes")
    finally:
        app.extensions["svgplots"].store.sources.close()  # no connection left for the collector to close
    assert response.status_code == 200
    return response.get_data(as_text=True)


def test_a_filter_of_values_cut_short_takes_any_value_and_says_the_list_is_not_all(tmp_path, source_url):
    page = dashboard_page(tmp_path, source_url, max_rows=100)
    assert '<select name="filter.code"' not in page
    [(value, datalist)] = re.findall(r'<input name="filter.code" value="([^"]*)" list="([\w-]+)"', page)
    assert value == ""
    suggested = page[page.index(f'<datalist id="{datalist}">'):page.index("</datalist>")]
    first = [f"c{i:03d}" for i in range(100)]
    assert re.findall(r'<option value="([^"]*)"', suggested) == first  # the first, in order
    assert "100 values listed, not all there are: type one or pick it from the list" in page


def test_a_filter_of_every_value_is_a_select_of_them(tmp_path, source_url):
    page = dashboard_page(tmp_path, source_url, max_rows=200)
    options = page[page.index('<select name="filter.code"'):page.index("</select>")]
    assert re.findall(r'<option value="([^"]*)"', options) == ["", *(f"c{i:03d}" for i in range(101))]
