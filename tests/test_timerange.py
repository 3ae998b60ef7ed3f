"""Time ranges: Grafana's syntax resolved against a clock, and the rows a selection chooses."""
from __future__ import annotations

from datetime import datetime

import pandas as pd
import pytest

from plots import SpecError
from plots.selection import Selection, SelectionQuery, parse_selection_query, select_rows, time_column_of
from plots.timerange import TimeRange, parse_bound, parse_range

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
    bound = parse_bound("to", text)
    assert not bound.relative
    assert bound.resolve(NOW) == bound.resolve(NOW, end=True) == moment


@pytest.mark.parametrize("text", ["yesterday", "now-7", "now-7x", "now-1M/q", "now - 7d", "now-7d/", "2024-13-01",
                                  "now-1234567d", "-7d", "2024/01/31"])
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
    with pytest.raises(SpecError, match="to 'now\\+999999y' is out of the range of dates"):
        parse_bound("to", "now+999999y").resolve(NOW, end=True)


def test_a_missing_bound_keeps_the_default_and_a_blank_one_clears_it():
    default = parse_range({"from": ["now-7d"], "to": ["2025-12-31"]})
    assert parse_range({}, default) == default
    assert parse_range({"from": [""]}, default) == TimeRange(None, default.end)
    assert parse_range({"to": ["now"]}, default) == TimeRange(default.start, parse_bound("to", "now"))


def test_a_bound_given_twice_is_refused():
    with pytest.raises(SpecError, match="from was given 2 times"):
        parse_range({"from": ["now-1d", "now-2d"]})


def test_from_after_to_is_refused_once_resolved():
    with pytest.raises(SpecError, match="from must not be after to, got from=now-1d .2025-06-14T12:30:05. and to=2025-06-01"):
        parse_range({"from": ["now-1d"], "to": ["2025-06-01"]}).resolved(NOW)


def test_a_resolved_range_is_absolute_and_written_as_dates_at_midnight():
    resolved = parse_range({"from": ["now-1M/M"], "to": ["now-1M/M"]}).resolved(NOW)
    assert not resolved.relative
    assert (resolved.start.text, resolved.end.text) == ("2025-05-01", "2025-05-31T23:59:59.999999")


@pytest.mark.parametrize(
    ("fields", "seconds"),
    [
        ({"from": ["2025-01-01"], "to": ["2025-02-01"]}, None),  # absolute: right for good
        ({"from": ["now-15m"]}, 60),  # unrounded: at most a minute
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
    assert select_rows(both, FRAME)["value"].tolist() == [2.0, 3.0]
    # Inclusive bounds; a row without a time is outside every range, one without a value matches no filter.
    assert select_rows(Selection("day", datetime(2025, 1, 2)), FRAME)["value"].tolist() == [2.0, 3.0, 5.0]
    assert select_rows(Selection(filters=(("station", ("North",)),)), FRAME)["value"].tolist() == [1.0, 3.0, 4.0]
    assert select_rows(Selection(), FRAME) is FRAME


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
    assert selection == Selection("day", datetime(2025, 6, 8, 12, 30, 5), None, (("station", ("North", "South")),))
    assert query.left_out(selection) == ("colour",)
    whole = query.selection_for({"year": "integer", "Bear": "integer"}, "year")
    assert whole.empty and query.left_out(whole) == ("range", "station", "colour")


def test_a_relative_query_must_be_resolved_before_it_chooses_rows():
    with pytest.raises(ValueError, match="resolve the range"):
        parse_selection_query({"from": ["now-1d"]}).selection_for({"day": "datetime"}, "day")


def test_query_parameters_leave_out_what_equals_the_default_and_blank_what_the_default_has():
    default = parse_range({"from": ["2025-01-01"]})
    assert parse_selection_query({}, default).params(default) == []
    assert parse_selection_query({"from": [""]}, default).params(default) == [("from", "")]
    query = parse_selection_query({"to": ["now/d"], "filter.station": ["North", "South"]}, default)
    assert query.params(default) == [("to", "now/d"), ("filter.station", "North"), ("filter.station", "South")]
    assert query.resolved(NOW).params(default) == [("to", "2025-06-15T23:59:59.999999"), ("filter.station", "North"),
                                                   ("filter.station", "South")]


@pytest.mark.parametrize(("fields", "words"), [
    ({"filter.": ["x"]}, "filter. names no column"),
    ({"filter.station": ["a\x00b"]}, "control character"),
    ({"filter.station": ["x" * 201]}, "at most 200 characters"),
])
def test_a_malformed_filter_is_refused_naming_it(fields, words):
    with pytest.raises(SpecError, match=words) as caught:
        parse_selection_query(fields)
    assert caught.value.field == next(iter(fields))


def test_empty_query_is_inactive_and_its_selection_empty():
    query = SelectionQuery()
    assert not query.active
    assert query.selection_for({"day": "datetime"}, "day").empty
