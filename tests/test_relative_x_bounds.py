"""An x bound of dates written as a time relative to now (`xmin=now-7d`), which `xmin` and `xmax` do
not take, is told the range that does, `from` for `xmin` and `to` for `xmax`, with the value to write:
the 400 said only that xmin must be a date, where the user meant the last seven days."""
from __future__ import annotations

from datetime import datetime
from html import unescape

import pytest

from tests.conftest import Clock
from tests.sample_store import app_on_samples


@pytest.fixture
def client(data_dir):
    return app_on_samples({"TESTING": True, "DATA_DIR": str(data_dir), "RENDER_WORKERS": 0,
                           "CLOCK": Clock(datetime(2025, 6, 15, 12, 30, 5))}).test_client()


@pytest.mark.parametrize(("query", "told"), [
    ("xmin=now-7d", "xmin takes no time relative to now, but from does: from=now-7d chooses the rows of that time"),
    ("xmax=now%2B1d", "xmax takes no time relative to now, but to does: to=now%2B1d chooses the rows of that time"),
    ("xmax=now/d", "xmax takes no time relative to now, but to does: to=now/d chooses the rows of that time"),
])
@pytest.mark.parametrize("url", ["/plot/weather.json?y=temperature_c&", "/d/weather/temperature.svg?",
                                 "/d/weather/temperature?"])
def test_a_relative_x_bound_is_told_the_range_that_takes_it(client, url, query, told):
    response = client.get(url + query)
    assert response.status_code == 400
    assert told in unescape(response.get_data(as_text=True))


def test_a_bound_that_is_no_relative_time_is_told_no_range(client):
    response = client.get("/plot/weather.json?y=temperature_c&xmin=yesterday")
    assert response.status_code == 400 and "relative to now" not in response.get_json()["error"]
