"""A chart page's form shows every bound, reference line, Top and Rolling mean its chart has: a field of them
left blank asks for none (a bound `auto`, the others `none`), where in an image's URL a blank one keeps the
dashboard chart's, and the others sent as shown keep the chart's."""
from __future__ import annotations

import pytest

from tests.conftest import dashboard_site
from tests.test_chart_form_switches import not_applied
from tests.test_http import SpecForm, image_query, submitted

SALES = ("day,sales,shop\n2024-01-01,80,North\n2024-02-01,90,South\n2024-03-01,95,North\n2024-04-01,105,South\n"
         "2024-05-01,110,North\n")
BOARD = ('title = "Shop"\n'
         '[[charts]]\nid = "trend"\ndataset = "sales"\nx = "day"\ny = ["sales"]\nxmin = 2024-01-15\n'
         'xmax = 2024-04-15\nymin = 50\nymax = 150\nyline = [100]\nxline = ["2024-03-01"]\nrolling = 2\n'
         '[[charts]]\nid = "best"\ndataset = "sales"\nkind = "bar"\nx = "shop"\ny = ["sales"]\nagg = "sum"\ntop = 1\n')
# Each field with the chart that has one of its own, and what the chart's image asks for where it is left blank.
BLANKS = [("trend", "xmin", "auto"), ("trend", "xmax", "auto"), ("trend", "ymin", "auto"), ("trend", "ymax", "auto"),
          ("trend", "yline", "none"), ("trend", "xline", "none"), ("trend", "rolling", "none"), ("best", "top", "none")]


@pytest.fixture
def client(tmp_path):
    return dashboard_site(tmp_path, {"sales.csv": SALES}, BOARD).test_client()


@pytest.mark.parametrize(("chart", "name", "none"), BLANKS)
def test_a_field_left_blank_asks_for_none_and_the_others_keep_the_chart_s(client, chart, name, none):
    opened = client.get(f"/d/m/{chart}").get_data(as_text=True)
    sent = submitted(client, SpecForm(opened), **{name: ""})
    assert sent.status_code == 200, not_applied(sent.get_data(as_text=True))
    query = image_query(sent.get_data(as_text=True))
    assert query.get(name) == [none]
    assert {field: values for field, values in query.items() if field != name} == {
        field: values for field, values in image_query(opened).items() if field != name}
