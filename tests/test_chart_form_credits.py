"""A chart page and its image answer a query alike: a select's value a URL gives under a kind that takes none
of it is refused on both (the page showing the image's refusal), where only the value the form showed, sent
back with such a kind, is dropped; and a value the form filled in as the dashboard's chart has it, sent back
untouched, is said to be the dashboard chart's in a refusal, as an untouched x bound is."""
from __future__ import annotations

import urllib.parse

import pytest

from app import create_app
from tests.test_chart_form_switches import not_applied, opened_form
from tests.test_http import image_query, submitted

BOARD = '''
[[charts]]
id = "capped"
dataset = "stations"
x = "date"
y = ["temperature_c"]
ymax = 10

[[charts]]
id = "running"
dataset = "stations"
x = "date"
y = ["rainfall_mm"]
resample = "week"
agg = "sum"
cumulative = true

[[charts]]
id = "zero-line"
dataset = "stations"
x = "date"
y = ["temperature_c"]
yline = [0]
'''


@pytest.fixture
def board_client(tmp_path):
    boards, data = tmp_path / "boards", tmp_path / "data"
    boards.mkdir()
    data.mkdir()
    (boards / "b.toml").write_text(BOARD)
    return create_app({"TESTING": True, "DASHBOARD_DIRS": [str(boards)], "DATA_DIR": str(data)}).test_client()


@pytest.mark.parametrize(("chart", "query"), [
    *(("yearly-rainfall", query) for query in ("kind=line&sort=-value", "kind=line&sort=x", "kind=area&yscale=log",
                                               "kind=line&stack=stacked", "kind=bar&cumulative=true",
                                               "kind=bar&change=percent")),
    ("temperature", "kind=hist&resample=week"),  # a histogram takes no resample
    ("temperature", "kind=line&agg=max"),  # a line without a resample combines nothing
    ("monthly-temperature", "x=temperature_c"),  # the dashboard's resample=month under an x of numbers
])
def test_a_select_a_url_gives_that_the_chart_refuses_is_refused_by_the_page_as_by_its_image(client, chart, query):
    image = client.get(f"/d/weather/{chart}.json?{query}")
    assert image.status_code == 400
    page = client.get(f"/d/weather/{chart}?{query}")
    assert page.status_code == 400
    assert not_applied(page.get_data(as_text=True)) == image.get_json()["error"]


def test_a_sort_the_form_showed_sent_back_with_a_kind_that_takes_none_is_dropped(client):
    form = opened_form(client, "/d/weather/yearly-rainfall?sort=-value")
    sent = submitted(client, form, kind="line")
    assert sent.status_code == 200, not_applied(sent.get_data(as_text=True))
    query = image_query(sent.get_data(as_text=True))
    assert query["kind"] == ["line"] and "sort" not in query


def test_a_resample_the_form_showed_sent_back_with_an_x_of_numbers_is_dropped(client):
    sent = submitted(client, opened_form(client, "/d/weather/monthly-temperature"), x="temperature_c")
    assert sent.status_code == 200, not_applied(sent.get_data(as_text=True))
    assert image_query(sent.get_data(as_text=True))["resample"] == ["none"]


def test_a_sort_chosen_in_the_form_with_a_kind_that_takes_none_is_refused_as_in_any_url(client):
    form = opened_form(client, "/d/weather/yearly-rainfall")
    sent = submitted(client, form, kind="line", sort="-value")
    assert sent.status_code == 400
    assert not_applied(sent.get_data(as_text=True)).startswith("sort=-value does not apply to kind=line")


def _sent(client, page: str, **changed: str):
    sent = submitted(client, opened_form(client, page), **changed)
    assert sent.status_code == 400
    return not_applied(sent.get_data(as_text=True))


def test_a_y_bound_the_form_filled_in_as_the_dashboards_is_said_to_be_the_dashboard_charts(board_client):
    assert _sent(board_client, "/d/b/capped", ymin="20") == (
        "ymin must be less than ymax; the URL gives ymin=20, and ymax=10 comes from the dashboard's chart: "
        "ymax=auto removes it")


def test_a_running_total_the_form_filled_in_as_the_dashboards_is_said_to_be_the_dashboard_charts(board_client):
    assert _sent(board_client, "/d/b/running", agg="mean").endswith(
        "; the running total is the dashboard chart's: cumulative=false undoes it")


def test_a_line_the_form_filled_in_as_the_dashboards_is_said_to_be_the_dashboard_charts(board_client):
    assert _sent(board_client, "/d/b/zero-line", yscale="log").endswith(
        "; the line is the dashboard chart's: yline=none undoes it")


def test_a_value_the_url_gave_and_the_form_sent_back_is_still_the_urls(board_client):
    page = "/d/b/capped?" + urllib.parse.urlencode({"ymax": "12"})
    assert _sent(board_client, page, ymin="20") == "ymin must be less than ymax, got ymin=20 and ymax=12"
