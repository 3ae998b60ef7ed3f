"""A URL's date with a zone after it (`to=2024-01-31Z`, `from=2024-01-31%2B02:00`, as XML Schema writes a
day), which no date takes, is told to write the date without it, a day in UTC, as an upload's cell
is told: the 400 named the forms taken alone, among them the date it meant."""
from __future__ import annotations

from datetime import datetime
from html import unescape

import pytest

from plots import SpecError
from plots.timerange import parse_bound
from tests.conftest import Clock
from tests.sample_store import app_on_samples

ADVICE = "write a date without a zone, which follows a time only: 2024-01-31 (a day in UTC)"


@pytest.mark.parametrize("text", ["2024-01-31Z", "2024-01-31z", "2024-01-31+02:00", "2024-01-31-0500", "2024-01-31 +02"])
def test_a_bound_of_a_date_with_a_zone_is_told_to_write_the_date_alone(text):
    with pytest.raises(SpecError) as caught:
        parse_bound("to", text)
    assert caught.value.message.endswith(f"got {text!r}; {ADVICE}")


def test_a_date_with_a_zone_that_is_no_day_is_told_no_date():
    with pytest.raises(SpecError) as caught:
        parse_bound("to", "2024-02-30Z")
    assert "without a zone" not in caught.value.message


@pytest.mark.parametrize("url", ["/plot/weather.json?y=temperature_c&to=2024-01-31Z",
                                 "/plot/weather.json?y=temperature_c&xmax=2024-01-31%2B02:00",
                                 "/d/weather/temperature.svg?from=2024-01-31Z", "/d/weather?from=2024-01-31Z",
                                 "/d/weather/versions.json?from=2024-01-31Z"])
def test_every_url_taking_a_date_tells_a_zoned_date_the_date_meant(data_dir, url):
    client = app_on_samples({"TESTING": True, "DATA_DIR": str(data_dir), "RENDER_WORKERS": 0,
                             "CLOCK": Clock(datetime(2025, 6, 15, 12, 30, 5))}).test_client()
    response = client.get(url)
    assert response.status_code == 400
    assert ADVICE in unescape(response.get_data(as_text=True))
