"""Time ranges: Grafana's syntax resolved against a clock, and the rows a selection chooses."""
from __future__ import annotations

import io
import re
from datetime import datetime
from html import unescape
from urllib.parse import parse_qsl, urlsplit

import pandas as pd
import pytest

from app import create_app
from plots import SpecError
from plots.selection import Selection, SelectionQuery, parse_selection_query, select_rows, time_column_of
from plots.spec import refuse_repeated
from plots.timerange import ACCEPTED, TimeRange, parse_bound, parse_range
from tests.conftest import Clock, chart_v, described, json_rows
from tests.page_text import page_lines
from tests.sample_store import app_on_samples
from tests.source_data import sources_toml, write_sqlite

# A Sunday afternoon in June.
NOW = datetime(2025, 6, 15, 12, 30, 5)


@pytest.mark.parametrize(
    ("text", "start", "end"),
    [
        ("now", "2025-06-15T12:30:05", "2025-06-15T12:30:05"),
        ("now-15m", "2025-06-15T12:15:05", "2025-06-15T12:15:05"),
        ("now-6h", "2025-06-15T06:30:05", "2025-06-15T06:30:05"),
        ("now-7d", "2025-06-08T12:30:05", "2025-06-08T12:30:05"),
        ("now-2w", "2025-06-01T12:30:05", "2025-06-01T12:30:05"),
        ("now-1M", "2025-05-15T12:30:05", "2025-05-15T12:30:05"),
        ("now-1y", "2024-06-15T12:30:05", "2024-06-15T12:30:05"),
        ("now+1d", "2025-06-16T12:30:05", "2025-06-16T12:30:05"),
        ("now/d", "2025-06-15T00:00:00", "2025-06-15T23:59:59.999999"),
        ("now/w", "2025-06-09T00:00:00", "2025-06-15T23:59:59.999999"),  # weeks start on Monday
        ("now-1M/M", "2025-05-01T00:00:00", "2025-05-31T23:59:59.999999"),
        ("now/y", "2025-01-01T00:00:00", "2025-12-31T23:59:59.999999"),
        ("now-1d/d", "2025-06-14T00:00:00", "2025-06-14T23:59:59.999999"),
        ("now/h", "2025-06-15T12:00:00", "2025-06-15T12:59:59.999999"),
    ],
)
def test_relative_bounds_resolve_as_grafana_does(text, start, end):
    bound = parse_bound("from", text)
    assert bound.relative
    assert bound.resolve(NOW) == datetime.fromisoformat(start)
    assert bound.resolve(NOW, end=True) == datetime.fromisoformat(end)


def test_a_month_back_from_the_31st_is_the_last_day_of_the_shorter_month():
    assert parse_bound("from", "now-1M").resolve(datetime(2025, 3, 31, 8)) == datetime(2025, 2, 28, 8)
    assert parse_bound("from", "now-1y").resolve(datetime(2024, 2, 29)) == datetime(2023, 2, 28)


@pytest.mark.parametrize(
    ("text", "moment"),
    [
        ("2024-01-31", datetime(2024, 1, 31)),
        ("2024-01-31T08:15:00", datetime(2024, 1, 31, 8, 15)),
        ("2024-01-31 08:15", datetime(2024, 1, 31, 8, 15)),
        ("2024-01-31T08:15:00+02:00", datetime(2024, 1, 31, 6, 15)),  # stored times are UTC
        ("2024-01-31T08:15:00Z", datetime(2024, 1, 31, 8, 15)),
    ],
)
def test_absolute_bounds_are_moments_in_utc(text, moment):
    bound = parse_bound("from", text)
    assert not bound.relative
    assert bound.resolve(NOW) == bound.resolve(NOW, end=True) == moment


@pytest.mark.parametrize("text", ["yesterday", "now-7", "now-7x", "now-1M/q", "now - 7d", "now-7d/", "2024-13-01",
                                  "-7d", "2024/01/31"])
def test_a_bad_bound_names_the_parameter_the_value_and_the_accepted_forms(text):
    with pytest.raises(SpecError) as caught:
        parse_bound("to", text)
    error = caught.value
    assert error.field == "to" and error.status == 400
    assert error.message.startswith("to must be")
    assert repr(text) in error.message
    for form in ("2024-01-31", "now-15m", "now-7d", "now-1M/M", "now/d"):
        assert form in error.message


def test_an_offset_beyond_the_range_of_dates_is_refused_naming_the_bound():
    with pytest.raises(SpecError, match=r"to 'now\+999999y' is out of the range of dates \(years 1 to 9999\)"):
        parse_bound("to", "now+999999y").resolve(NOW, end=True)


def test_a_missing_bound_keeps_the_default_and_a_blank_one_clears_it():
    default = parse_range({"from": ["now-7d"], "to": ["2025-12-31"]})
    assert parse_range({}, default) == default
    assert parse_range({"from": [""]}, default) == TimeRange(None, default.end)
    assert parse_range({"to": ["now"]}, default) == TimeRange(default.start, parse_bound("to", "now"))


@pytest.mark.parametrize("name", ["from", "to"])
def test_a_bound_given_twice_is_refused_as_any_repeated_parameter_is(name):
    with pytest.raises(SpecError) as refused:
        parse_range({name: ["now-1d", "now-2d"]})
    with pytest.raises(SpecError) as shared:
        refuse_repeated(name, ["now-1d", "now-2d"], ACCEPTED)
    assert refused.value.message == shared.value.message == f"{name} was given 2 times; give it once: {ACCEPTED}"
    assert refused.value.field == name


def test_from_after_to_is_refused_once_resolved():
    with pytest.raises(SpecError, match="from must not be after to, got from=now-1d .2025-06-14T12:00:00. and to=2025-06-01"):
        parse_range({"from": ["now-1d"], "to": ["2025-06-01"]}).resolved(NOW)


def test_a_resolved_range_is_absolute_and_written_as_dates_at_the_start_and_the_end_of_a_day():
    resolved = parse_range({"from": ["now-1M/M"], "to": ["now-1M/M"]}).resolved(NOW)
    assert not resolved.relative
    assert (resolved.start.text, resolved.end.text) == ("2025-05-01", "2025-05-31")
    assert resolved.end.moment == datetime(2025, 5, 31, 23, 59, 59, 999999)


@pytest.mark.parametrize(
    ("fields", "seconds"),
    [
        ({"from": ["2025-01-01"], "to": ["2025-02-01"]}, None),  # absolute: right for good
        ({"from": ["now-15m"]}, 55),  # unrounded: until its step, a minute, moves on
        ({"from": ["now-30d"]}, 29 * 60 + 55),  # a range of days steps by the hour
        ({"from": ["now-1y"], "to": ["now"]}, 11 * 3600 + 29 * 60 + 55),  # `now` takes the other bound's step
        ({"from": ["now-7d/d"]}, 11 * 3600 + 29 * 60 + 55),  # until midnight
        ({"from": ["now-1d/d"], "to": ["now/h"]}, 29 * 60 + 55),  # the finer rounding wins
        ({"from": ["now-1M/M"]}, 15 * 86400 + 11 * 3600 + 29 * 60 + 55),  # until the first of July
        # The offset moves the boundary: now-36h is 00:30:05 yesterday, so the day it rounds to
        # changes when now reaches 12:00 tomorrow.
        ({"from": ["now-36h/d"]}, 23 * 3600 + 29 * 60 + 55),
    ],
)
def test_an_answer_from_a_relative_range_stays_right_until_its_rounding_moves_on(fields, seconds):
    assert parse_range(fields).fresh_for(NOW) == seconds


FRAME = pd.DataFrame({
    "day": pd.to_datetime(["2025-01-01", "2025-01-02", "2025-01-03", None, "2025-01-05"]),
    "station": ["North", "South", "North", "North", None],
    "value": [1.0, 2.0, 3.0, 4.0, 5.0],
})


def test_a_selection_chooses_rows_by_time_and_by_any_of_a_filters_values():
    both = Selection("day", datetime(2025, 1, 2), datetime(2025, 1, 5), (("station", ("North", "South")),))
    assert select_rows(both, FRAME, None)["value"].tolist() == [2.0, 3.0]
    # Inclusive bounds; a row without a time is outside every range, one without a value matches no filter.
    assert select_rows(Selection("day", datetime(2025, 1, 2)), FRAME, None)["value"].tolist() == [2.0, 3.0, 5.0]
    assert select_rows(Selection(filters=(("station", ("North",)),)), FRAME, None)["value"].tolist() == [1.0, 3.0, 4.0]
    assert select_rows(Selection(), FRAME, None) is FRAME


def test_the_time_column_is_x_when_it_holds_dates_else_the_named_one_else_the_first_date_column():
    columns = {"made": "datetime", "sold": "datetime", "price": "float"}
    assert time_column_of(columns, "sold") == "sold"
    assert time_column_of(columns, "price", preferred="sold") == "sold"
    assert time_column_of(columns, "price") == "made"
    assert time_column_of(columns, "price", preferred="nope") == "made"
    assert time_column_of({"price": "float"}, "price", preferred="made") is None


def test_a_query_applies_to_each_dataset_what_it_can_and_says_what_it_cannot():
    query = parse_selection_query({"from": ["now-7d"], "filter.station": ["South", "North", "South", ""],
                                   "filter.colour": ["red"]}).resolved(NOW)
    assert query.filters == (("station", ("South", "North")), ("colour", ("red",)))
    selection = query.selection_for({"day": "datetime", "station": "text", "value": "float"}, "value")
    assert selection == Selection("day", datetime(2025, 6, 8, 12, 0, 0), None, (("station", ("North", "South")),))
    assert query.filters_left_out(selection) == ("colour",) and not query.range_left_out(selection)
    whole = query.selection_for({"year": "integer", "Bear": "integer"}, "year")
    assert whole.empty and query.filters_left_out(whole) == ("station", "colour") and query.range_left_out(whole)


def test_a_filter_of_only_blank_values_is_kept_with_none_for_its_column_to_be_checked():
    query = parse_selection_query({"filter.nope": ["", " "], "filter.station": ["North"]})
    assert query.filters == (("nope", ()), ("station", ("North",)))


def test_a_relative_query_must_be_resolved_before_it_chooses_rows():
    with pytest.raises(ValueError, match="resolve the range"):
        parse_selection_query({"from": ["now-1d"]}).selection_for({"day": "datetime"}, "day")


def test_query_parameters_leave_out_what_equals_the_default_and_blank_what_the_default_has():
    default = parse_range({"from": ["2025-01-01"]})
    assert parse_selection_query({}, default).params(default) == []
    assert parse_selection_query({"from": [""]}, default).params(default) == [("from", "")]
    query = parse_selection_query({"to": ["now/d"], "filter.station": ["North", "South"]}, default)
    assert query.params(default) == [("to", "now/d"), ("filter.station", "North"), ("filter.station", "South")]
    assert query.resolved(NOW).params(default) == [("to", "2025-06-15"), ("filter.station", "North"),
                                                   ("filter.station", "South")]


@pytest.mark.parametrize(("fields", "words"), [
    ({"filter.": ["x"]}, "filter. names no column"),
    ({"filter.station": ["a\x00b"]}, "U\\+0000 \\(NULL\\), which no text value holds"),
    ({"filter.station": ["x" * 131_073]}, "at most 131,072 characters .* got 131,073"),
    ({"filter.a\u202eb": ["x"]}, "contains the bidirectional control U\\+202E"),
])
def test_a_malformed_filter_is_refused_naming_it(fields, words):
    with pytest.raises(SpecError, match=words) as caught:
        parse_selection_query(fields)
    assert caught.value.field == next(iter(fields))


def test_empty_query_is_inactive_and_its_selection_empty():
    query = SelectionQuery()
    assert not query.active
    assert query.selection_for({"day": "datetime"}, "day").empty


# Over HTTP: the weather sample has a date column; the clock is the app's CLOCK setting.

IMMUTABLE = "public, max-age=31536000, immutable"


@pytest.fixture
def clock() -> Clock:
    return Clock(datetime(2025, 6, 15, 12, 30, 5))


@pytest.fixture
def client(data_dir, clock):
    return app_on_samples({"TESTING": True, "DATA_DIR": str(data_dir), "CLOCK": clock}).test_client()


def image_urls(page: str) -> list[str]:
    return [unescape(src) for src in re.findall(r'<img src="([^"]*)"', page)]


def query_of(url: str) -> dict[str, str]:
    return dict(parse_qsl(urlsplit(url).query, keep_blank_values=True))


def test_a_dashboard_resolves_a_relative_range_once_into_every_image_url(client):
    page = client.get("/d/weather?from=now-7d/d").get_data(as_text=True)
    images = image_urls(page)
    assert len(images) == 9
    assert all(query_of(src)["from"] == "2025-06-08" and query_of(src)["v"] for src in images)
    assert all("now" not in src for src in images)
    # Those URLs name the same bytes for good.
    response = client.get(images[0])
    assert response.status_code == 200 and response.headers["Cache-Control"] == IMMUTABLE
    # The links keep the range as asked, so the next visit moves on with the clock.
    links = [unescape(h) for h in re.findall(r'<a href="(/d/weather/[^"]*)"', page)]
    assert all(query_of(h) == {"from": "now-7d/d"} for h in links)
    assert "Showing: now-7d/d (2025-06-08) onwards" in page_lines(page)


@pytest.mark.parametrize(("query", "start", "end"), [
    ("from=now-15m&to=now", "2025-06-15T12:15:00", "2025-06-15T12:30:59.999999"),  # minutes: by the minute
    ("from=now-6h", "2025-06-15T06:30:00", None),  # hours: by the minute
    ("from=now-7d&to=now", "2025-06-08T12:00:00", "2025-06-15T12:59:59.999999"),  # days and weeks: by the hour
    ("from=now-1M", "2025-05-15", None),  # months and years: by the day
    ("from=now-90s", "2025-06-15T12:28:35", None),  # seconds: to the second
    # `now` by the widest offset in the range, a rounded bound's too: days, by the hour.
    ("from=now-7d/d&to=now", "2025-06-08", "2025-06-15T12:59:59.999999"),
])
def test_an_unrounded_relative_range_resolves_from_now_taken_to_its_step(client, query, start, end):
    images = image_urls(client.get(f"/d/weather?{query}").get_data(as_text=True))
    assert {(query_of(src)["from"], query_of(src).get("to")) for src in images} == {(start, end)}


@pytest.mark.parametrize(("query", "max_age"), [
    ("from=now-15m", 55),
    ("from=now-7d/d", 11 * 3600 + 29 * 60 + 55),
    ("from=now-1y/y&to=now/M", 15 * 86400 + 11 * 3600 + 29 * 60 + 55),
])
def test_a_chart_url_with_a_relative_range_may_be_cached_until_the_range_moves_only_with_a_current_v(
        data_dir, clock, query, max_age):
    # Rows may be appended at any time: without a current v, no longer than an unversioned chart.
    unversioned = min(max_age, 3600)
    app = create_app({"TESTING": True, "DATA_DIR": str(data_dir), "CLOCK": clock, "CHART_MAX_AGE": 3600})
    client = app.test_client()
    version = client.get("/api/datasets/weather").get_json()["dataset"]["version"]
    pinned = query_of(client.get("/d/weather/versions.json").get_json()["charts"]["temperature"]["src"])["v"]
    for url, seconds in ((f"/d/weather/temperature.svg?{query}", unversioned),
                         (f"/d/weather/temperature.svg?{query}&v={pinned}", max_age),
                         (f"/d/weather/temperature.svg?{query}&v={version}", unversioned),  # pins no definition
                         (f"/plot/weather.png?y=rainfall_mm&{query}", unversioned),
                         (f"/plot/weather.png?y=rainfall_mm&{query}&v={chart_v(app, version)}", max_age)):
        for _ in range(2):  # the second answer is a cache hit
            response = client.get(url)
            assert response.status_code == 200
            assert response.headers["Cache-Control"] == f"public, max-age={seconds}, must-revalidate", url


def through_flask(client) -> list:
    """One entry per request of `client` that reached Flask, not answered by the layer ahead of it."""
    reached: list = []
    client.application.before_request(lambda: reached.append(1))
    return reached


def test_a_relative_range_is_drawn_anew_when_the_clock_moves_and_never_replayed_as_it_was(client, clock):
    routed = through_flask(client)
    url = "/d/weather/temperature.svg?from=now-30d"
    first = client.get(url)
    assert "date from 2025-05-17 to 2025-12-31" in first.get_data(as_text=True)
    again = client.get(url)
    assert again.headers["ETag"] == first.headers["ETag"]
    assert len(routed) == 2  # the second too: the layer ahead of Flask keeps no route of it
    clock.now = datetime(2025, 7, 15, 12, 30, 5)
    later = client.get(url)
    assert later.headers["ETag"] != first.headers["ETag"]
    assert "date from 2025-06-16 to 2025-12-31" in later.get_data(as_text=True)


def test_an_absolute_range_is_remembered_by_the_fast_layer_with_its_rows(client):
    routed = through_flask(client)
    url = "/d/weather/temperature.svg?from=2025-01-01&to=2025-01-31"
    first = client.get(url)
    assert first.status_code == 200 and "max-age=31536000" not in first.headers["Cache-Control"]
    whole = client.get("/d/weather/temperature.svg")
    assert whole.headers["ETag"] != first.headers["ETag"]
    assert len(routed) == 2
    # Answered ahead of Flask from then on, each URL with the rows it chose.
    assert client.get(url).data == first.data
    assert client.get("/d/weather/temperature.svg").data == whole.data
    assert len(routed) == 2


def test_a_range_narrows_charts_whose_x_holds_no_dates_by_the_date_column(client):
    scatter = client.get("/d/weather/humidity-vs-temperature.json?from=2025-01-01&to=2025-01-31").get_json()
    assert len(scatter["rows"]) == 31
    assert scatter["selection"] == {"time_column": "date", "from": "2025-01-01T00:00:00Z",
                                    "to": "2025-01-31T23:59:59.999999Z", "filters": {}}
    assert len(json_rows(client, "/d/weather/temperature-distribution.json?from=2025-01-01&to=2025-01-07")) == 7
    assert len(json_rows(client, "/d/weather/pressure-spread.json?from=now-1M/M&to=now-1M/M")) == 31  # May


def test_a_range_chooses_rows_before_they_are_resampled(client):
    months = json_rows(client, "/d/weather/monthly-temperature.json?from=2025-03-01&to=2025-05-31T23:59:59")
    assert [row[0] for row in months] == ["2025-03-01", "2025-04-01", "2025-05-01"]


def test_charts_without_a_date_column_are_drawn_whole_and_the_page_says_so(client):
    assert len(json_rows(client, "/d/animals/bears.json?from=2020-01-01")) == 12
    page = client.get("/d/animals?from=2020-01-01").get_data(as_text=True)
    assert page.count("Drawn whole: animals has no date column for the time range.") == 5
    assert "<form" not in page  # no dates, no filters: nothing to choose
    assert "Drawn whole" not in client.get("/d/animals").get_data(as_text=True)


@pytest.mark.parametrize("url", ["/d/weather?from=yesterday", "/d/weather/temperature.svg?from=yesterday",
                                 "/d/weather/temperature.json?from=yesterday", "/plot/weather.csv?from=yesterday",
                                 "/d/weather/temperature?from=yesterday", "/d/weather/versions.json?from=yesterday"])
def test_a_bad_range_is_400_naming_the_parameter_and_the_accepted_forms(client, url):
    response = client.get(url)
    assert response.status_code == 400
    text = unescape(response.get_data(as_text=True))
    assert "from must be a date (2024-01-31)" in text and "'yesterday'" in text and "now-7d" in text


def test_a_range_whose_from_is_after_its_to_is_400(client):
    response = client.get("/d/weather/temperature.json?from=now&to=now-1d")
    assert response.status_code == 400
    assert response.get_json()["error"].startswith(
        "from must not be after to, got from=now (2025-06-15T12:00:00) and to=now-1d (2025-06-14T12:59:59.999999)")


DASHBOARD = """\
title = "Two dates"
time_column = "sold"
{range}

[[charts]]
id = "by-price"
dataset = "sales"
kind = "scatter"
x = "price"
y = ["units"]

[[charts]]
id = "by-made"
dataset = "sales"
kind = "line"
x = "made"
y = ["units"]
"""
SALES = ("made,sold,price,units\n2025-01-01,2025-03-01,1.5,1\n2025-02-01,2025-02-15,2.5,2\n"
         "2025-03-01,2025-03-02,3.5,3\n")


def dashboard_app(tmp_path, clock, range_lines: str = ""):
    boards = tmp_path / "boards"
    boards.mkdir()
    (boards / "sales.toml").write_text(DASHBOARD.format(range=range_lines))
    data = tmp_path / "sales-data"
    data.mkdir()
    (data / "sales.csv").write_text(SALES)
    return create_app({"TESTING": True, "DATA_DIR": str(data), "DASHBOARD_DIRS": [str(boards)], "CLOCK": clock})


def test_a_dashboards_time_column_narrows_charts_whose_x_holds_no_dates(tmp_path, clock):
    client = dashboard_app(tmp_path, clock).test_client()
    by_price = client.get("/d/sales/by-price.json?from=2025-02-20").get_json()
    assert by_price["selection"]["time_column"] == "sold" and len(by_price["rows"]) == 2
    by_made = client.get("/d/sales/by-made.json?from=2025-02-20").get_json()
    assert by_made["selection"]["time_column"] == "made" and len(by_made["rows"]) == 1


def test_a_dashboard_opens_on_its_range_and_a_blank_from_shows_everything(tmp_path, clock):
    client = dashboard_app(tmp_path, clock, "from = 2025-02-01").test_client()
    assert len(client.get("/d/sales/by-made.json").get_json()["rows"]) == 2
    assert len(client.get("/d/sales/by-made.json?from=").get_json()["rows"]) == 3
    page = client.get("/d/sales").get_data(as_text=True)
    assert '<input name="from" value="2025-02-01"' in page
    assert all("from" not in query_of(src) for src in image_urls(page))  # the default needs no words
    everything = client.get("/d/sales?from=").get_data(as_text=True)
    assert all(query_of(src)["from"] == "" for src in image_urls(everything))
    assert "Showing: all rows" in everything


def test_a_relative_dashboard_range_is_resolved_into_its_image_urls(tmp_path, clock):
    client = dashboard_app(tmp_path, clock, 'from = "now-120d/d"').test_client()
    images = image_urls(client.get("/d/sales").get_data(as_text=True))
    assert [query_of(src)["from"] for src in images] == ["2025-02-15", "2025-02-15"]
    assert client.get(images[0]).headers["Cache-Control"] == IMMUTABLE
    # Unversioned, as the range asked: no longer than any unversioned chart (CHART_MAX_AGE is 0 here).
    assert client.get("/d/sales/by-made.svg").headers["Cache-Control"] == "public, no-cache"


# A date as `to` is the whole day, as `now/d` is.

def test_a_date_as_to_means_the_end_of_that_day_and_a_time_the_moment_it_names():
    assert parse_bound("to", "2024-01-31").moment == datetime(2024, 1, 31, 23, 59, 59, 999999)
    assert parse_bound("from", "2024-01-31").moment == datetime(2024, 1, 31)
    midnight = parse_bound("to", "2024-01-31T00:00:00")
    assert midnight.moment == datetime(2024, 1, 31) and midnight.text == "2024-01-31T00:00:00"
    assert parse_bound("to", "9999-12-31").moment == datetime.max


@pytest.mark.parametrize("to", ["2025-06-01", "2025-06-01T00:00:00", "2025-06-01T23:59:59.999999", "now/d", "now-1d",
                                "now/h", "2025-06-01T08:00:00+02:00"])
def test_a_resolved_bound_read_back_from_its_text_is_the_same_bound(to):
    resolved = parse_range({"from": ["2025-01-01"], "to": [to]}).resolved(NOW)
    assert parse_range({"from": [resolved.start.text], "to": [resolved.end.text]}) == resolved


HOURLY = "t,v\n" + "".join(f"2024-01-0{day}T{hour:02d}:00:00,{day * 100 + hour}\n"
                           for day in (1, 2, 3) for hour in range(0, 24, 6))
SECOND_DAY = ["2024-01-02T00:00:00Z", "2024-01-02T06:00:00Z", "2024-01-02T12:00:00Z", "2024-01-02T18:00:00Z"]


@pytest.fixture
def hourly_client(data_dir, clock):
    clock.now = datetime(2024, 1, 2, 12, 0, 0)
    (data_dir / "hourly.csv").write_text(HOURLY)
    return app_on_samples({"TESTING": True, "DATA_DIR": str(data_dir), "CLOCK": clock}).test_client()


def test_a_date_as_to_keeps_the_rows_of_that_whole_day_as_now_d_does(hourly_client):
    by_date = hourly_client.get("/plot/hourly.json?from=2024-01-01&to=2024-01-02").get_json()
    by_clock = hourly_client.get("/plot/hourly.json?from=2024-01-01&to=now/d").get_json()
    assert [row[0] for row in by_date["rows"]][4:] == SECOND_DAY
    assert by_date["rows"] == by_clock["rows"] and by_date["selection"] == by_clock["selection"]
    assert [row[0] for row in json_rows(hourly_client, "/plot/hourly.json?from=2024-01-02&to=2024-01-02")] == SECOND_DAY
    # A time stops there.
    assert json_rows(hourly_client, "/plot/hourly.json?to=2024-01-02T00:00:00")[-1][0] == "2024-01-02T00:00:00Z"


def test_a_range_keeps_the_same_rows_when_a_source_database_chooses_them(tmp_path, hourly_client):
    frame = pd.read_csv(io.StringIO(HOURLY), parse_dates=["t"])
    url = write_sqlite(tmp_path / "hourly.db", {"hourly": frame})
    sources = sources_toml(tmp_path / "sources.toml", {"db": {"url": url}},
                           {"sql_hourly": {"source": "db", "table": "hourly"}})
    data = tmp_path / "source-data"
    data.mkdir()
    client = create_app({"TESTING": True, "DATA_DIR": str(data), "SOURCES": str(sources), "RENDER_WORKERS": 0,
                         "CLOCK": hourly_client.application.config["CLOCK"]}).test_client()
    for query in ("from=2024-01-01&to=now/d", "from=now/d&to=now/d", "from=2024-01-01&to=2024-01-02",
                  "from=2024-01-02&to=2024-01-02", "to=2024-01-02T00:00:00"):
        stored = hourly_client.get(f"/plot/hourly.json?{query}").get_json()
        source = client.get(f"/plot/sql_hourly.json?{query}").get_json()
        assert source["rows"] == stored["rows"] and source["selection"] == stored["selection"], query


def test_a_page_shows_a_date_as_to_as_that_day_and_a_midnight_as_a_time(client):
    page = client.get("/d/weather?from=2025-03-01&to=2025-03-31").get_data(as_text=True)
    assert "Showing: 2025-03-01 to 2025-03-31" in page_lines(page) and '<input name="to" value="2025-03-31"' in page
    assert all(query_of(src)["to"] == "2025-03-31" for src in image_urls(page))
    midnight = client.get("/d/weather?from=2025-03-01&to=2025-03-31T00:00:00").get_data(as_text=True)
    assert "Showing: 2025-03-01 to 2025-03-31 00:00:00 UTC" in page_lines(midnight)
    assert '<input name="to" value="2025-03-31T00:00:00"' in midnight
    # The image URLs keep the midnight: a date there would draw the whole 31st.
    assert all(query_of(src)["to"] == "2025-03-31T00:00:00" for src in image_urls(midnight))
    assert len(json_rows(client, "/d/weather/temperature.json?from=2025-03-01&to=2025-03-31")) == 31
    assert len(json_rows(client, "/d/weather/temperature.json?from=2025-03-01&to=2025-03-31T00:00:00")) == 31
    assert len(json_rows(client, "/d/weather/temperature.json?from=2025-03-01&to=2025-03-30T23:59:59")) == 30


def test_a_relative_to_ending_a_day_is_written_as_that_day(client):
    page = client.get("/d/weather?from=now-7d/d&to=now-1d/d").get_data(as_text=True)
    assert "Showing: now-7d/d (2025-06-08) to now-1d/d (2025-06-14)" in page_lines(page)
    assert {(query_of(src)["from"], query_of(src)["to"]) for src in image_urls(page)} == {("2025-06-08", "2025-06-14")}


# Near the end of the calendar: a bound that resolves is drawn, and its answer's age never overflows.

def test_a_bound_that_resolves_near_the_calendars_end_is_fresh_until_it_would_leave_it():
    start = datetime(2026, 12, 1, 12, 0, 0)
    bound = parse_bound("from", "now+7973y/y")
    assert bound.resolve(start) == datetime(9999, 1, 1)
    # On 2027-01-01 the bound would mean the year 10000: the answer is right until then.
    assert parse_range({"from": ["now+7973y/y"]}).fresh_for(start) == 30 * 86400 + 12 * 3600


@pytest.mark.parametrize(("fields", "end"), [
    ({"from": ["now/w"]}, None),
    ({"to": ["now/w"]}, datetime.max),  # the week runs past the calendar: its last moment is the last there is
    ({"from": ["now/y"], "to": ["now/y"]}, datetime.max),
    ({"from": ["now-1d/d"], "to": ["now/d"]}, datetime.max),
])
def test_a_clock_at_the_calendars_end_resolves_rounded_bounds_and_their_age(fields, end):
    last_hour = datetime(9999, 12, 31, 23, 0, 0)
    time_range = parse_range(fields)
    resolved = time_range.resolved(last_hour)
    assert (resolved.end.moment if resolved.end else None) == end
    assert time_range.fresh_for(last_hour) == 3600  # until the clock itself would leave the calendar


@pytest.mark.parametrize("query", ["from=now/w", "to=now/w", "from=now/M&to=now/y", "from=now%2B7973y/y"])
def test_a_clock_at_the_calendars_end_draws_rounded_ranges(client, clock, query):
    clock.now = datetime(9999, 12, 31, 23, 0, 0)
    for fmt in ("svg", "json"):
        response = client.get(f"/plot/weather.{fmt}?y=temperature_c&{query}")
        if "7973" in query:  # the year 19972: a clear 400, not a 500
            assert response.status_code == 400 and b"out of the range of dates" in response.data
        else:
            assert response.status_code == 200, response.data


def test_a_bound_resolving_near_the_calendars_end_is_drawn(client, clock):
    clock.now = datetime(2026, 12, 1, 12, 0, 0)
    response = client.get("/plot/weather.json?y=temperature_c&from=now%2B7973y/y")
    assert response.status_code == 200 and response.get_json()["selection"]["from"] == "9999-01-01T00:00:00Z"
    version = client.get("/api/datasets/weather").get_json()["dataset"]["version"]
    svg = client.get(f"/plot/weather.svg?y=temperature_c&from=now%2B7973y/y&v={chart_v(client.application, version)}")
    assert svg.status_code == 200
    assert svg.headers["Cache-Control"] == f"public, max-age={30 * 86400 + 12 * 3600}, must-revalidate"


# A + in a query string arrives as a space.

@pytest.mark.parametrize(("text", "mended"), [("2024-01-31T08:00:00 02:00", "2024-01-31T08:00:00%2B02:00"),
                                              ("2024-01-31 08:00 0200", "2024-01-31%2008:00%2B0200"),
                                              ("now 1d", "now%2B1d"), ("now 1d/d", "now%2B1d/d")])
def test_a_space_where_a_plus_belongs_is_refused_saying_to_write_it_as_2b(text, mended):
    with pytest.raises(SpecError) as caught:
        parse_bound("from", text)
    assert f"got {text!r}; a + in a URL's query string arrives as a space: write it as %2B, as in from={mended}" \
        in caught.value.message


@pytest.mark.parametrize("text", ["now - 7d", "yester day", "2024-01-31 8"])
def test_a_space_no_plus_would_mend_gets_no_word_about_plus(text):
    with pytest.raises(SpecError) as caught:
        parse_bound("from", text)
    assert "%2B" not in caught.value.message


def test_a_bound_with_an_offset_typed_into_a_url_is_a_400_saying_to_write_plus_as_2b(client):
    response = client.get("/plot/weather.json?from=2024-01-31T08:00:00+02:00")
    assert response.status_code == 400
    assert response.get_json()["error"].endswith(
        "got '2024-01-31T08:00:00 02:00'; a + in a URL's query string arrives as a space: write it as %2B, "
        "as in from=2024-01-31T08:00:00%2B02:00")
    assert client.get("/plot/weather.json?from=2025-01-31T08:00:00%2B02:00").status_code == 200


# A range that holds no rows: a chart of it is still an image, which says so.

def drawn_texts(svg: bytes) -> list[str]:
    return re.findall(r"<text[^>]*>([^<]*)</text>", svg.decode())


@pytest.mark.parametrize("kind", ["line", "bar", "barh", "scatter", "area", "hist", "box"])
def test_a_range_without_rows_draws_a_note_not_axes_of_made_up_dates(client, kind):
    # The axes read Jan-01 03:00 … Jan-02 1970 and −0.04 to 0.04, and only <desc> said "0 rows".
    response = client.get(f"/plot/weather.svg?kind={kind}&y=temperature_c&from=2030-01-01&title=Warmth")
    assert response.status_code == 200
    texts = drawn_texts(response.data)
    assert texts[:2] == ["Warmth", "No rows in this range"]
    assert not any(re.search(r"\d", text) for text in texts), texts
    assert described(response.data).endswith(", 0 rows. No rows in this range.")
    for extension, magic in (("png", b"\x89PNG"), ("pdf", b"%PDF")):
        image = client.get(f"/plot/weather.{extension}?kind={kind}&y=temperature_c&from=2030-01-01")
        assert image.status_code == 200 and image.data.startswith(magic)


def test_a_dashboard_chart_of_a_range_without_rows_says_so_in_its_image_alt_text_and_data(client):
    image = client.get("/d/stations/temperature.svg?from=2030-01-01")
    assert image.status_code == 200
    assert drawn_texts(image.data) == ["Weekly mean temperature", "No rows in this range", "date", "°C"]
    page = client.get("/d/stations/temperature?from=2030-01-01")
    assert page.status_code == 200
    assert ('alt="Weekly mean temperature. Line chart of temperature_c by date, 0 rows. No rows in this range. '
            'y axis: °C. Rows shown: date from 2030-01-01 onwards."') in page.get_data(as_text=True)
    assert client.get("/d/stations?from=2030-01-01").status_code == 200
    assert json_rows(client, "/d/stations/temperature.json?from=2030-01-01") == []
    csv = client.get("/d/stations/temperature.csv?from=2030-01-01")
    assert csv.status_code == 200 and csv.get_data(as_text=True) == "date,mean of temperature_c\n"


@pytest.mark.parametrize("url", ["/plot/weather.svg?y=temperature_c&to=1990-12-31",
                                 "/plot/stations.svg?y=temperature_c&filter.station=Airport&from=2030-01-01"])
def test_a_range_filter_or_bound_that_chooses_no_rows_says_none_are_in_this_range(client, url):
    assert "No rows in this range" in drawn_texts(client.get(url).data)


def test_a_histogram_bound_that_leaves_every_value_out_says_where_they_lie(client):
    texts = drawn_texts(client.get("/plot/weather.svg?kind=hist&y=temperature_c&xmin=1000").data)
    assert "All 10958 values lie below xmin 1000" in texts, texts


def test_a_moment_that_leaves_the_calendar_once_in_utc_is_refused_naming_the_calendar(client):
    refused = client.get("/plot/weather.json?from=0001-01-01T00:00:00%2B05:00")
    assert refused.status_code == 400
    assert refused.get_json()["error"] == ("from '0001-01-01T00:00:00+05:00' is out of the range of dates "
                                           "(years 1 to 9999) once converted to UTC")
