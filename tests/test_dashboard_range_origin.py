"""A range refused for a bound of the dashboard's own range, which the URL did not send: the message
says the bound comes from the dashboard and how to remove it, as a refusal of a dashboard chart's
own field does (`resample=week comes from the dashboard's chart: resample=none removes it`)."""
from __future__ import annotations

from datetime import datetime
from html import unescape

import pytest

from app import create_app
from plots import SpecError
from plots.timerange import parse_range
from tests.conftest import Clock
from tests.test_dashboard_form_errors import field, form_of, not_applied

# A dashboard of the stations sample that ends its range on 2025-03-01.
ENDS_IN_MARCH = """\
title = "Until March"
to = "2025-03-01"

[[filters]]
column = "station"

[[charts]]
id = "temperature"
dataset = "stations"
kind = "line"
x = "date"
y = ["temperature_c"]
"""


@pytest.fixture
def march(tmp_path, data_dir):
    boards = tmp_path / "boards"
    boards.mkdir()
    (boards / "march.toml").write_text(ENDS_IN_MARCH)
    return create_app({"TESTING": True, "DATA_DIR": str(data_dir), "DASHBOARD_DIRS": [str(boards)],
                       "CLOCK": Clock(datetime(2025, 6, 15, 12, 30, 5))}).test_client()



CAME = "to=2025-03-01 comes from the dashboard's range: to= removes it, or give another to"


@pytest.mark.parametrize("url", ["/d/march/temperature.json?from=2025-04-01", "/d/march.pdf?from=2025-04-01",
                                 "/d/march/temperature.svg?from=2025-04-01"])
def test_a_bound_of_the_dashboards_range_is_named_as_its_own(march, url):
    response = march.get(url)
    assert response.status_code == 400
    assert ("from must not be after to, got from=2025-04-01 and to=2025-03-01; " + CAME) in unescape(
        response.get_data(as_text=True))


def test_the_page_names_the_dashboards_bound_beside_its_form(march):
    response = march.get("/d/march?from=2025-04-01")
    assert response.status_code == 400
    form = form_of(response.get_data(as_text=True))
    assert (field(form, "from"), field(form, "to")) == ("2025-04-01", "2025-03-01")
    assert not_applied(form).endswith(CAME)


def test_removing_the_dashboards_bound_as_the_message_says_applies_the_range(march):
    response = march.get("/d/march/temperature.json?from=2025-04-01&to=")
    assert response.status_code == 200 and response.get_json()["selection"]["to"] is None


def test_a_to_the_url_sends_is_not_said_to_come_from_the_dashboard(march):
    error = march.get("/d/march/temperature.json?from=2025-04-01&to=2025-03-01").get_json()["error"]
    assert error == "from must not be after to, got from=2025-04-01 and to=2025-03-01"


def test_both_bounds_of_the_dashboards_range_are_named_together():
    opening = parse_range({"from": ["now"], "to": ["2025-03-01"]})  # after its to, from some day on
    with pytest.raises(SpecError) as refused:
        parse_range({}, opening).resolved(datetime(2025, 6, 15))
    assert refused.value.message.endswith(
        "; from=now and to=2025-03-01 come from the dashboard's range: from=&to= removes them")


def test_a_bound_of_the_dashboards_range_beyond_the_calendar_is_named_as_its_own():
    opening = parse_range({"to": ["now+9000y"]})
    with pytest.raises(SpecError) as refused:
        parse_range({"from": ["2025-01-01"]}, opening).resolved(datetime(2025, 6, 15))
    assert refused.value.message == ("to 'now+9000y' is out of the range of dates (years 1 to 9999): its offset '+9000y' is "
                                     "too far from now; to=now+9000y comes from "
                                     "the dashboard's range: to= removes it, or give another to")
