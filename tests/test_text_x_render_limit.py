"""A chart (or its data) whose x is a text column, past the render limit, is asked for nothing a text
x refuses (resample, xmin, xmax), nor for a range where its dataset has no date column, whatever
holds it: a stored dataset, a data-folder file (a source's, `test_source_text_dates.py`)."""
from __future__ import annotations

import pytest

from app import rendering
from app.chart_requests import dataset_chart
from app.render_limits import CHART_OVERRUN, DATA_OVERRUN, past_time_limit
from tests.conftest import site_holding

LIMIT = 3.0
CODES = "code,depth\nA7,1.5\nB2,2.5\n"
DATED = "day,code,depth\n2026-03-20,A7,1.5\n2026-03-21,B2,2.5\n"


def _said(app, dataset: str, overrun=CHART_OVERRUN, x: str = "code") -> str:
    with app.test_request_context():
        chart = dataset_chart(dataset, {"x": [x], "y": ["depth"], "kind": ["bar"]})
        return past_time_limit(LIMIT, rendering.overrun_of(chart, overrun)).description


@pytest.fixture
def site(data_dir):
    (data_dir / "codes_file.csv").write_text(CODES, encoding="utf-8")
    (data_dir / "dated_file.csv").write_text(DATED, encoding="utf-8")
    return site_holding(data_dir, {"codes": CODES, "dated": DATED}).application


@pytest.mark.parametrize("dataset", ["codes", "codes_file"])
def test_a_chart_of_a_text_x_past_the_render_limit_asks_for_no_resample_nor_a_range_without_dates(site, dataset):
    assert _said(site, dataset) == ("the chart took longer than the 3 s render limit; ask for less data "
                                    "(filter.<column>) or a smaller picture (width, height, scale), or a simpler kind")
    assert _said(site, dataset, DATA_OVERRUN) == ("the chart's data took longer than the 3 s render limit; ask for "
                                                  "fewer rows (filter.<column>)")


@pytest.mark.parametrize("dataset", ["dated", "dated_file"])
def test_a_chart_of_a_text_x_of_a_dataset_with_dates_past_the_render_limit_asks_for_a_range(site, dataset):
    assert _said(site, dataset).endswith("; ask for less data (a range, filter.<column>) or a smaller picture "
                                         "(width, height, scale), or a simpler kind")
    assert _said(site, dataset, DATA_OVERRUN).endswith("; ask for fewer rows (from, to, filter.<column>)")


def test_a_chart_of_a_date_x_past_the_render_limit_is_told_as_before(site):
    assert _said(site, "dated", x="day") == past_time_limit(LIMIT, CHART_OVERRUN).description

