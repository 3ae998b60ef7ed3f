"""A dashboard chart's x bounds that a URL's kind or x leaves no place for are refused together, in
one message saying which the dashboard's chart sets (and which the URL gave), and how to undo them; under
a kind that takes no x bounds (a box plot) they are left out."""
from __future__ import annotations

import pytest

from app import create_app
from plots import SpecError, parse_spec
from tests.conftest import refusal

BOARD = ('[[charts]]\nid = "t"\ndataset = "stations"\ny = ["temperature_c"]\n'
         'xmin = 2024-01-01\nxmax = 2025-03-01T12:00:00\n')
BOTH = ("xmin=2024-01-01T00:00:00 and xmax=2025-03-01T12:00:00 come from the dashboard's chart: "
        "xmin=auto&xmax=auto removes them")


@pytest.fixture
def client(tmp_path):
    boards, data = tmp_path / "boards", tmp_path / "data"
    boards.mkdir()
    data.mkdir()
    (boards / "b.toml").write_text(BOARD)
    return create_app({"TESTING": True, "DASHBOARD_DIRS": [str(boards)], "DATA_DIR": str(data)}).test_client()


@pytest.mark.parametrize(("query", "problem"), [
    ("kind=hist", "xmin and xmax must be numbers on a histogram, whose x axis holds the values it counts"),
    ("x=temperature_c", "xmin and xmax must be numbers here: x 'temperature_c' holds numbers"),
])
def test_both_inherited_date_bounds_are_named_at_once_and_undone_together(client, query, problem):
    assert refusal(client, f"/d/b/t.json?{query}") == f"{problem}; {BOTH}"
    assert client.get(f"/d/b/t.json?{query}&xmin=auto&xmax=auto").status_code == 200


def test_inherited_bounds_are_left_out_under_a_kind_its_url_asks_that_takes_none(client):
    answer = client.get("/d/b/t.json?kind=box")  # a box plot's x axis holds its series
    assert answer.status_code == 200, answer.get_data(as_text=True)
    assert not {"xmin", "xmax"} & set(answer.get_json()["spec"])


def test_one_inherited_bound_left_is_named_alone(client):
    message = refusal(client, "/d/b/t.json?kind=hist&xmin=5")
    assert message == ("xmax must be a number on a histogram, whose x axis holds the values it "
                       "counts; xmax=2025-03-01T12:00:00 comes from the dashboard's chart: "
                       "xmax=auto removes it")


def test_a_bound_the_url_gives_beside_an_inherited_one_is_said_to_come_from_the_url(client):
    message = refusal(client, "/d/b/t.json?x=station&xmin=2024-02-01")
    assert message == ("xmin and xmax need x to be a number or date column; 'station' holds text: row 1 holds "
                       "'Airport'; choose another x; the URL gives xmin=2024-02-01, and xmax=2025-03-01T12:00:00 "
                       "comes from the dashboard's chart: xmax=auto removes it")
    # Leaving out its own xmin leaves the dashboard's, which xmin=auto undoes.
    assert client.get("/d/b/t.json?x=station&xmin=auto&xmax=auto").status_code == 200


def test_a_url_xmin_past_the_dashboards_xmax_says_where_each_comes_from(client):
    message = refusal(client, "/d/b/t.json?xmin=2025-06-01")
    assert message == ("xmin must be less than xmax; the URL gives xmin=2025-06-01, and "
                       "xmax=2025-03-01T12:00:00 comes from the dashboard's chart: "
                       "xmax=auto removes it")
    assert client.get("/d/b/t.json?xmin=2025-06-01&xmax=auto").status_code == 200


def test_bounds_the_url_gives_out_of_order_are_refused_with_both_values(client):
    response = client.get("/d/b/t.json?xmin=2025-06-01&xmax=2025-05-01")
    assert response.json["error"] == "xmin must be less than xmax, got xmin=2025-06-01 and xmax=2025-05-01"


@pytest.mark.parametrize(("url", "message"), [
    ("/plot/weather.json?xmin=2025-06-01T00:00&xmax=2025-05-01",
     "xmin must be less than xmax, got xmin=2025-06-01T00:00 and xmax=2025-05-01"),
    ("/plot/weather.json?y=temperature_c&ymin=1e3&ymax=10.50",
     "ymin must be less than ymax, got ymin=1e3 and ymax=10.50"),
    ("/d/b/t.json?x=station&xmin=2024-02-01T00:00:00.000",
     "xmin and xmax need x to be a number or date column; 'station' holds text: row 1 holds 'Airport'; choose "
     "another x; the URL gives xmin=2024-02-01T00:00:00.000, and xmax=2025-03-01T12:00:00 comes from the "
     "dashboard's chart: xmax=auto removes it"),
])
def test_a_refused_bound_is_quoted_as_the_url_wrote_it(client, url, message):
    assert refusal(client, url) == message


@pytest.mark.parametrize("url", ["/plot/weather.json?xmin=2025-05-01T00:00&xmax=2025-06-01",
                                 "/plot/weather.json?y=temperature_c&ymin=-1e1&ymax=10.50",
                                 "/d/b/t.json?xmin=2024-02-01T00:00:00.000"])
def test_bounds_written_in_any_form_the_url_takes_are_still_taken(client, url):
    assert client.get(url).status_code == 200


def test_a_url_ymin_past_the_dashboards_ymax_says_where_each_comes_from():
    columns = {"date": "datetime", "temperature_c": "float"}
    base = parse_spec({"y": ["temperature_c"], "ymax": ["10"]}, columns)
    with pytest.raises(SpecError) as caught:
        parse_spec({"ymin": ["20"]}, columns, base=base)
    assert caught.value.message == ("ymin must be less than ymax; the URL gives ymin=20, and ymax=10 comes from the "
                                    "dashboard's chart: ymax=auto removes it")
