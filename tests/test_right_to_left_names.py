"""Names and values in a right-to-left script (Hebrew, Arabic) inside a page's English sentences: each set
apart in a `<bdi>`, so that it does not carry the words and names beside it into its direction; a field
a reader types such text into lays it out in the direction of what it holds (`dir="auto"`)."""
from __future__ import annotations

import pytest

from app.views import dashboard_form
from tests.conftest import dashboard_site
from tests.right_to_left_site import BOTH_CITIES, FILTERED, SALES, right_to_left_site


@pytest.fixture
def site(tmp_path):
    return right_to_left_site(tmp_path).test_client()


def test_a_dashboards_line_of_the_rows_shown_sets_each_filters_label_and_values_apart(site):
    page = site.get("/d/m" + FILTERED).get_data(as_text=True)

    assert ('<p class="active">Showing: all rows · <bdi>עיר</bdi>: <bdi translate="no">תל אביב</bdi>'
            ' · <bdi>מוצר</bdi>: <bdi translate="no">חלב</bdi></p>') in page


def test_versions_json_gives_a_filters_label_as_a_part_of_its_own_named_so(site):
    parts = site.get("/d/m/versions.json" + FILTERED).get_json()["showing_parts"]

    assert parts == [{"text": "all rows", "value": False},
                     {"text": " · ", "value": False}, {"text": "עיר", "value": False, "name": True},
                     {"text": ": ", "value": False}, {"text": "תל אביב", "value": True},
                     {"text": " · ", "value": False}, {"text": "מוצר", "value": False, "name": True},
                     {"text": ": ", "value": False}, {"text": "חלב", "value": True}]


def test_a_chart_pages_line_of_the_rows_sets_each_filters_label_and_values_apart(site):
    page = site.get("/d/m/cities" + FILTERED).get_data(as_text=True)

    assert ('<p class="active">Rows: <bdi>עיר</bdi>: <bdi translate="no">תל אביב</bdi>'
            ' · <bdi>מוצר</bdi>: <bdi translate="no">חלב</bdi> (') in page


def test_the_index_sets_each_column_name_of_a_datasets_card_apart(site):
    page = site.get("/").get_data(as_text=True)

    assert ('3 rows · <span translate="no"><bdi>day</bdi>, <bdi>עיר</bdi>, <bdi>מוצר</bdi>, <bdi>מכירות</bdi>,'
            ' <bdi>مبيعات</bdi>, <bdi>total</bdi></span>') in page


@pytest.mark.parametrize(("url", "field"), [
    ("/d/m/cities", '<input name="title" value="מכירות לפי עיר" dir="auto"'),
    ("/d/m/cities?title=%D7%9E%0A%D7%91", '<textarea name="title" dir="auto"'),
    ("/upload", '<input name="title" value="" dir="auto"'),
])
def test_a_title_field_lays_out_what_it_holds_in_its_own_direction(site, url, field):
    assert field in site.get(url).get_data(as_text=True)


def test_a_typed_filter_values_field_lays_out_what_it_holds_in_its_own_direction(tmp_path):
    # More values than a select offers: a field per value, typed.
    rows = SALES + "".join(f"2024-01-03,עיר {i},חלב,1,1,2\n" for i in range(300))
    board = '[[filters]]\ncolumn = "עיר"\n[[charts]]\nid = "c"\ndataset = "sales"\ny = ["total"]\n'
    page = dashboard_site(tmp_path, {"sales.csv": rows}, board).test_client().get("/d/m").get_data(as_text=True)

    assert '<input name="filter.עיר" value="" list="filter-1-values" dir="auto"' in page


def test_each_of_a_filters_values_is_set_apart_on_the_dashboard_its_chart_pages_and_in_versions_json(site):
    values = '<bdi>עיר</bdi>: <bdi translate="no">תל אביב</bdi>, <bdi translate="no">القاهرة</bdi>'

    assert f'<p class="active">Showing: all rows · {values}</p>' in site.get("/d/m" + BOTH_CITIES).get_data(as_text=True)
    assert f'<p class="active">Rows: {values} (' in site.get("/d/m/cities" + BOTH_CITIES).get_data(as_text=True)
    answer = site.get("/d/m/versions.json" + BOTH_CITIES).get_json()
    assert answer["showing_parts"][-3:] == [{"text": "תל אביב", "value": True}, {"text": ", ", "value": False},
                                            {"text": "القاهرة", "value": True}]
    assert answer["showing"] == "all rows · עיר: תל אביב, القاهرة"


def test_a_filters_hint_sets_apart_each_value_it_names(tmp_path, monkeypatch):
    # More values than a select offers, few enough to name: a field per value, its hint naming them.
    monkeypatch.setattr(dashboard_form, "FORM_VALUES", 2)
    rows = SALES + "2024-01-03,עיר 0,חלב,1,1,2\n"
    board = '[[filters]]\ncolumn = "עיר"\n[[charts]]\nid = "c"\ndataset = "sales"\ny = ["total"]\n'
    page = dashboard_site(tmp_path, {"sales.csv": rows}, board).test_client().get("/d/m").get_data(as_text=True)

    assert "3 values: type one of: <bdi>עיר 0</bdi>, <bdi>תל אביב</bdi>, <bdi>القاهرة</bdi>, or another</small>" in page
