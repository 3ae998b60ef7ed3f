"""The samples loaded at the first start keep their rows in memory as a create's do: a sample chart's
first view after that start reads the catalog, not the rows; a start that loads none keeps none."""
from __future__ import annotations

import re

import numpy as np
import pandas as pd
import pytest

from app import create_app
from app.config import SAMPLE_DATA_DIR
from app.store.site_parts import sample_table
from app.store.sql_store import SqlStore
from tests.statements import rows_reads, statements_run

CATALOG_READ = re.compile(r"\bFROM datasets\b")
# Charts of samples, the weather's of temperatures of -0.0 among them, which SQLite reads back as 0.0.
CHARTS = ["/plot/animals.svg?y=Bear", "/plot/weather.svg?y=temperature_c", "/plot/weather.json?y=temperature_c",
          "/plot/stations.csv?y=temperature_c"]


def first_view(settings: dict, chart: str = CHARTS[0]) -> tuple[bytes, list[str], list[str]]:
    """The chart's bytes at the first view of a site started with `settings`, and the statements
    reading the catalog and the rows that view ran, the site's start apart."""
    app = create_app({"TESTING": True, **settings})
    try:
        with statements_run() as run:
            answer = app.test_client().get(chart)
        assert answer.status_code == 200, answer.get_data(as_text=True)
    finally:
        app.extensions["svgplots"].store.close()
    return answer.data, [statement for statement in run if CATALOG_READ.search(statement)], rows_reads(run)


@pytest.mark.parametrize("chart", CHARTS)
def test_a_sample_chart_s_first_view_after_the_first_start_reads_the_catalog_not_the_rows(tmp_path, chart):
    _, catalog, rows = first_view({"DATA_DIR": str(tmp_path)}, chart)
    assert catalog and rows == [], (catalog, rows)


@pytest.mark.parametrize("chart", CHARTS)
def test_a_sample_loaded_at_an_earlier_start_is_read_by_its_first_chart_and_draws_the_same_bytes(tmp_path, chart):
    kept, _, _ = first_view({"DATA_DIR": str(tmp_path)}, chart)
    with statements_run() as started:
        app = create_app({"TESTING": True, "DATA_DIR": str(tmp_path)})
    try:
        with statements_run() as run:
            answer = app.test_client().get(chart)
    finally:
        app.extensions["svgplots"].store.close()
    assert rows_reads(started) == []  # a start that loads no sample reads none
    assert answer.status_code == 200
    assert len(rows_reads(run)) == 1
    assert answer.data == kept  # the rows kept at the first start draw what those read draw


def test_a_frame_cache_of_no_bytes_keeps_no_sample_s_rows(tmp_path):
    _, _, rows = first_view({"DATA_DIR": str(tmp_path), "FRAME_CACHE_BYTES": 0})
    assert len(rows) == 1


@pytest.mark.parametrize("name", ["animals", "weather", "stations"])
def test_a_sample_loaded_now_keeps_its_rows_at_the_version_it_wrote_as_a_read_gives_them(store_url, closing, name):
    store = closing(SqlStore(store_url))
    assert store.load_once(name, name.title(), lambda: sample_table(SAMPLE_DATA_DIR / f"{name}.csv"))
    with statements_run() as run:
        kept = store.read(name)
    assert rows_reads(run) == []
    with statements_run() as run:
        read = closing(SqlStore(store_url)).read(name)  # a store that loaded nothing reads them
    assert len(rows_reads(run)) == 1
    assert kept.info == read.info
    pd.testing.assert_frame_equal(kept.frame, read.frame, check_exact=True)
    assert [np.signbit(kept.frame[c]).tolist() for c in kept.frame.columns if c.endswith("_c")] == [
        np.signbit(read.frame[c]).tolist() for c in read.frame.columns if c.endswith("_c")]  # -0.0 as it reads
