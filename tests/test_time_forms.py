"""A URL's dates (`from`, `to`, `xmin`, `xmax`) take the forms an upload's date cells do, one rule:
other ISO 8601 forms (a week, the basic form, hours alone) are refused naming the forms taken, and a
time finer than a microsecond or with a decimal comma is refused, in a URL and an upload alike, saying
how to write it; a date of numbers in another order (`02/01/2024`) is told the ISO forms it may mean,
a URL only those it takes, in the words an upload's cell is told them."""
from __future__ import annotations

from urllib.parse import quote

import pytest

from plots import SpecError
from plots.field_values import bound_value
from plots import iso_dates
from plots.iso_dates import digits_advice, moment_hint, point_advice, reads_moment
from plots.numbered_dates import DATE_ADVICE, example, year_digits_hint
from plots.timerange import parse_bound
from tests.conftest import CSV_WRITE, JSON_WRITE, created, refusal, rows_of, writable_app

# ISO 8601 forms that Python's fromisoformat reads and an upload's cells are not dates in.
OTHER_ISO_FORMS = ["2024-W13", "2024-W13-1", "20240331", "2024-03-31T01", "2024-03-31T0130", "2024-03"]


@pytest.fixture
def client(data_dir):
    return writable_app(data_dir, RENDER_WORKERS=0).test_client()


@pytest.mark.parametrize("text", OTHER_ISO_FORMS)
def test_a_range_bound_in_another_iso_form_is_refused_naming_the_forms(text):
    with pytest.raises(SpecError, match=r"to must be a date \(2024-01-31\), a date and time"):
        parse_bound("to", text)


@pytest.mark.parametrize("text", OTHER_ISO_FORMS)
def test_an_x_bound_in_another_iso_form_is_refused(text):
    with pytest.raises(SpecError, match="xmin must be a date like 2020-01-31"):
        bound_value("xmin", text, "datetime")


def test_a_week_as_a_range_is_a_400_not_its_monday(client):
    message = refusal(client, "/plot/weather.json?y=temperature_c&from=2024-W13&to=2024-W13")
    # Both bounds are weeks, so both are refused, each in the words it is refused with alone.
    assert message.startswith("2 parameters are refused: (1) from must be a date (2024-01-31)")
    assert "(2) to must be a date (2024-01-31)" in message and message.count("got '2024-W13'") == 2


@pytest.mark.parametrize("name", ["from", "xmin"])
def test_a_url_time_finer_than_a_microsecond_is_a_400_saying_so(client, name):
    message = refusal(client, f"/plot/weather.json?y=temperature_c&{name}=2024-02-29T23:59:59.9999991Z")
    assert "got '2024-02-29T23:59:59.9999991Z'; times go to the microsecond" in message


def test_a_url_time_to_the_microsecond_is_taken(client):
    rows = client.get("/plot/weather.json?y=temperature_c&from=2024-02-29T23:59:59.999999Z").get_json()
    assert rows["selection"]["from"] == "2024-02-29T23:59:59.999999Z"


def test_a_url_time_with_a_decimal_comma_is_a_400_saying_to_write_a_point(client):
    message = refusal(client, "/plot/weather.json?y=temperature_c&from=2024-02-29T18:30:00,5Z")
    assert message.endswith("; write a fraction of a second with a point: 2024-02-29T18:30:00.5Z")


def test_an_upload_of_times_finer_than_a_microsecond_is_refused_storing_nothing(client):
    answer = client.post("/api/datasets?name=fine", data="t,v\n2024-01-31T00:00:00.123456789Z,1\n", headers=CSV_WRITE)
    assert answer.status_code == 400
    assert "'2024-01-31T00:00:00.123456789Z': times go to the microsecond" in answer.get_json()["error"]
    assert client.get("/api/datasets/fine").status_code == 404


@pytest.mark.parametrize(("body", "headers"), [
    ('[{"t": "2024-01-31T08:00:00.1234567Z", "v": 2}]', JSON_WRITE),
    ("t,v\n2024-01-31T08:00:00.1234567Z,2\n", CSV_WRITE)])
def test_an_append_of_a_time_finer_than_a_microsecond_is_refused(client, body, headers):
    created(client, "fine", "t,v\n2024-01-31T00:00:00.123456Z,1\n")
    answer = client.post("/api/datasets/fine/rows", data=body, headers=headers)
    assert answer.status_code == 400
    assert "'2024-01-31T08:00:00.1234567Z': times go to the microsecond" in answer.get_json()["error"]
    assert rows_of(client, "fine") == [["2024-01-31T00:00:00.123456Z", 1]]


def test_an_upload_with_a_decimal_comma_in_a_time_is_told_to_write_a_point(client):
    body = created(client, "comma", 't,v\n2024-01-31T07:00:00Z,1\n"2024-01-31T08:00:00,5Z",2\n2024-01-31T09:00:00Z,3\n'
                                    "2024-01-31T10:00:00Z,4\n2024-01-31T11:00:00Z,5\n")
    [warning] = body["warnings"]
    assert warning["hint"] == "write a fraction of a second with a point: 2024-01-31T08:00:00.5Z"


def test_a_json_append_with_a_decimal_comma_in_a_time_is_told_to_write_a_point(client):
    created(client, "comma", "t,v\n2024-01-31T07:00:00Z,1\n")
    answer = client.post("/api/datasets/comma/rows", json=[{"t": "2024-01-31T08:00:00,5Z", "v": 2}], headers=JSON_WRITE)
    assert answer.status_code == 400
    assert answer.get_json()["error"].endswith("(write a fraction of a second with a point: 2024-01-31T08:00:00.5Z)")


def test_zeros_past_the_sixth_fraction_digit_are_to_the_microsecond_and_taken(client):
    # SQL Server's datetime2 and .NET write seven digits, `.0000000` or `.1234560`: such files were refused.
    body = created(client, "seven", "t,v\n2024-01-31T08:00:00.0000000Z,1\n2024-01-31T09:00:00.1234560Z,2\n")
    assert [c["type"] for c in body["dataset"]["columns"]] == ["datetime", "integer"]
    assert rows_of(client, "seven") == [["2024-01-31T08:00:00Z", 1], ["2024-01-31T09:00:00.123456Z", 2]]
    rows = client.get("/plot/seven.json?y=v&from=2024-01-31T09:00:00.1234560Z").get_json()
    assert rows["selection"]["from"] == "2024-01-31T09:00:00.123456Z" and len(rows["rows"]) == 1


def test_a_decimal_comma_finer_than_a_microsecond_is_told_a_time_the_site_takes(client):
    # The hint wrote `…08:00:00.1234567Z`, itself refused.
    message = refusal(client, "/plot/weather.json?y=temperature_c&xmin=2024-01-31T08:00:00,1234567Z")
    assert message.endswith("; write a fraction of a second with a point, to the microsecond: "
                            "2024-01-31T08:00:00.123456Z")


@pytest.mark.parametrize("name", ["from", "to", "xmin", "xmax"])
def test_a_url_time_with_a_fraction_of_a_minute_is_a_400_saying_its_seconds(client, name):
    # ISO 8601 allows a fraction on the last unit written: `08:00,5` is half a minute past 08:00.
    message = refusal(client, f"/plot/weather.json?y=temperature_c&{name}=2024-01-31T08:00,5Z")
    assert message.endswith("; write a fraction of a minute as seconds: 2024-01-31T08:00:30Z")


def test_an_upload_with_a_fraction_of_a_minute_is_told_its_seconds(client):
    body = created(client, "minute", 't,v\n"2024-01-31T08:00,25+02:00",1\n2024-01-31T09:00:00Z,2\n'
                                     "2024-01-31T10:00:00Z,3\n2024-01-31T11:00:00Z,4\n2024-01-31T12:00:00Z,5\n")
    [warning] = body["warnings"]
    assert warning["hint"] == "write a fraction of a minute as seconds: 2024-01-31T08:00:15+02:00"


def test_a_json_append_with_a_fraction_of_a_minute_is_refused_saying_its_seconds(client):
    created(client, "minute", "t,v\n2024-01-31T07:00:00Z,1\n")
    answer = client.post("/api/datasets/minute/rows", json=[{"t": "2024-01-31T08:00,51Z", "v": 2}], headers=JSON_WRITE)
    assert answer.status_code == 400
    assert answer.get_json()["error"].endswith("(write a fraction of a minute as seconds: 2024-01-31T08:00:30.6Z)")
    assert rows_of(client, "minute") == [["2024-01-31T07:00:00Z", 1]]


@pytest.mark.parametrize(("text", "written"), [
    ("2024-01-31T08:00,1234567Z", ": 2024-01-31T08:00:07.407402Z"),  # exact: 60 times 10⁻⁷ is 6 µs
    ("2024-01-31t08:59,123456789z", ", to the microsecond: 2024-01-31t08:59:07.407407z"),
    ("2024-01-31 08:00,99999999999999999999", ", to the microsecond: 2024-01-31 08:00:59.999999")])
def test_a_fraction_of_a_minute_is_told_seconds_the_site_takes(text, written):
    assert point_advice(text) == f"write a fraction of a minute as seconds{written}"


@pytest.mark.parametrize(("body", "headers", "row"), [
    ('[{"t": "2024-01-31T08:00:00,1234567Z", "v": 2}]', JSON_WRITE, "row 1"),
    ('t,v\n2024-01-31T08:00:00Z,1\n"2024-01-31T08:00:00,1234567Z",2\n2024-01-31T09:00:00.1234567Z,3\n', CSV_WRITE,
     "row 2")])
def test_a_decimal_comma_finer_than_a_microsecond_is_refused_as_no_date_before_as_too_fine(client, body, headers, row):
    # A comma's time is no date to the site: its refusal says so first, and how to write it.
    created(client, "fine", "t,v\n2024-01-31T00:00:00.5Z,1\n")
    error = client.post("/api/datasets/fine/rows", data=body, headers=headers).get_json()["error"]
    assert error.startswith(f"{row}, column 't'") and "expected an ISO 8601 date or time" in error
    assert error.endswith("got '2024-01-31T08:00:00,1234567Z' (write a fraction of a second with a point, to the "
                          "microsecond: 2024-01-31T08:00:00.123456Z)")
    assert rows_of(client, "fine") == [["2024-01-31T00:00:00.5Z", 1]]


@pytest.mark.parametrize(("text", "hint"), [
    ("2024-01-31T08:00.5Z", "write a fraction of a minute as seconds: 2024-01-31T08:00:30Z"),
    ("2024-01-31T08,5Z", "write a fraction of an hour as minutes: 2024-01-31T08:30Z"),
    ("2024-01-31T08.5Z", "write a fraction of an hour as minutes: 2024-01-31T08:30Z"),
    ("2024-01-31T08.51Z", "write a fraction of an hour as minutes and seconds: 2024-01-31T08:30:36Z")])
def test_a_url_time_with_a_fraction_of_a_minute_or_an_hour_is_a_400_saying_what_it_makes(client, text, hint):
    # ISO 8601 writes a fraction of the last unit with a point too, and of an hour as of a minute.
    for name in ("from", "xmin"):
        message = refusal(client, f"/plot/weather.json?y=temperature_c&{name}={text}")
        assert message.endswith(f"got '{text}'; {hint}")


@pytest.mark.parametrize(("text", "hint"), [
    ("2024-01-31T08:00.25+02:00", "write a fraction of a minute as seconds: 2024-01-31T08:00:15+02:00"),
    ("2024-01-31T08,25+02:00", "write a fraction of an hour as minutes: 2024-01-31T08:15+02:00")])
def test_an_upload_with_a_fraction_of_a_minute_or_an_hour_is_told_what_it_makes(client, text, hint):
    body = created(client, "parts", f't,v\n"{text}",1\n2024-01-31T09:00:00Z,2\n2024-01-31T10:00:00Z,3\n'
                                    "2024-01-31T11:00:00Z,4\n2024-01-31T12:00:00Z,5\n")
    [warning] = body["warnings"]
    assert warning["hint"] == hint
    created(client, "times", "t,v\n2024-01-31T07:00:00Z,1\n")
    error = client.post("/api/datasets/times/rows", data=f't,v\n"{text}",2\n', headers=CSV_WRITE).get_json()["error"]
    assert error.endswith(f"got '{text}' ({hint})")
    assert rows_of(client, "times") == [["2024-01-31T07:00:00Z", 1]]


@pytest.mark.parametrize("text", ["2024-01-31T25:00:00,5Z", "2024-01-31T08:61,5Z", "2024-01-31T08:00:61,5Z",
                                  "2024-01-31T24,5Z", "2024-02-30T08:00,5Z", "2024-01-31T08,5+02:60"])
def test_a_comma_or_fraction_in_no_real_time_is_told_no_fix_that_is_none_either(client, text):
    # `25:00:00,5Z` was told to write `25:00:00.5Z`, itself refused.
    message = refusal(client, f"/plot/weather.json?y=temperature_c&from={text.replace('+', '%2B')}")
    assert message.endswith(f"got '{text}'")
    body = created(client, "bad", f't,v\n"{text}",1\n2024-01-31T09:00:00Z,2\n2024-01-31T10:00:00Z,3\n'
                                  "2024-01-31T11:00:00Z,4\n2024-01-31T12:00:00Z,5\n")
    [warning] = body["warnings"]
    assert warning["hint"] == "not a date (YYYY-MM-DD): write one, or leave the cell empty for a missing value"


@pytest.mark.parametrize(("text", "latin"), [
    ("٢٠٢٤-٠١-٠٢", "2024-01-02"), ("２０２４-０１-０２", "2024-01-02")])
def test_a_date_in_other_digits_is_told_it_in_the_digits_0_to_9(client, text, latin):
    hint = f"a date written in other digits: write the digits 0–9: {latin}"
    assert refusal(client, f"/plot/weather.json?y=temperature_c&to={text}").endswith(f"got '{text}'; {hint}")
    body = created(client, "days", f"t,v\n{text},1\n2024-01-03,2\n2024-01-04,3\n2024-01-05,4\n2024-01-06,5\n")
    [warning] = body["warnings"]
    assert (warning["value"], warning["hint"]) == (text, hint)


def test_a_time_in_other_digits_is_told_it_in_the_digits_0_to_9(client):
    message = refusal(client, "/plot/weather.json?y=temperature_c&xmin=٢٠٢٤-٠١-٠٢T٠٨:٣٠Z")
    assert message.endswith("; a date and time written in other digits: write the digits 0–9: 2024-01-02T08:30Z")


@pytest.mark.parametrize(("text", "latin"), [
    ("٠٢/٠١/٢٠٢٤", "02/01/2024"), ("０２/０１/２０２４", "02/01/2024")])
def test_a_date_in_other_digits_and_another_order_is_told_both_in_an_upload_and_its_iso_forms_in_a_url(
        client, text, latin):
    digits = f"a date written in other digits: write the digits 0–9: {latin}"
    order = "write dates as YYYY-MM-DD: 2024-01-02 or 2024-02-01 (whichever is meant)"
    for field in ("to", "xmin"):  # the digits 0–9 alone make a date a URL refuses too: its ISO forms only
        message = refusal(client, f"/plot/weather.json?y=temperature_c&{field}={text}")
        assert message.endswith(f"got '{text}'; {order}") and latin not in message, message
    body = created(client, "days", f"t,v\n{text},1\n2024-01-03,2\n2024-01-04,3\n2024-01-05,4\n2024-01-06,5\n")
    [warning] = body["warnings"]
    assert (warning["value"], warning["hint"]) == (text, f"{digits}; {order}")


# Dates of numbers in another order or with other separators, and what a URL and an upload are told of them.
OTHER_ORDERS = [
    ("02/01/2024", "write dates as YYYY-MM-DD: 2024-01-02 or 2024-02-01 (whichever is meant)"),
    ("2024/01/02", "write dates as YYYY-MM-DD: 2024-01-02"),
    ("1.2.2024", "write dates as YYYY-MM-DD: 2024-02-01 or 2024-01-02 (whichever is meant)"),
    ("31.01.2024 9:30 PM", "write dates as YYYY-MM-DD: 2024-01-31 21:30"),
    ("01/02/2024 08:30 UTC", "write dates as YYYY-MM-DD: 2024-02-01 08:30Z or 2024-01-02 08:30Z (whichever is meant)")]


@pytest.mark.parametrize(("text", "hint"), OTHER_ORDERS)
def test_a_url_date_in_another_order_is_told_the_iso_forms_it_may_mean_as_an_upload_is(client, text, hint):
    for field in ("xmin", "from"):
        message = refusal(client, f"/plot/weather.json?y=temperature_c&{field}={quote(text)}")
        assert message.endswith(f"got '{text}'; {hint}"), message
    body = created(client, "days", f"t,v\n{text},1\n2024-01-03,2\n2024-01-04,3\n2024-01-05,4\n2024-01-06,5\n")
    [warning] = body["warnings"]
    assert (warning["value"], warning["hint"]) == (text, hint)


@pytest.mark.parametrize("text", [text for text, _ in OTHER_ORDERS] + ["٠٢/٠١/٢٠٢٤", "٣١.٠١.٢٠٢٤ ٠٨:٣٠"])
def test_every_form_a_url_date_in_another_order_is_told_is_taken_sent_back(client, text):
    message = refusal(client, f"/plot/weather.json?y=temperature_c&xmin={quote(text)}")
    forms = message.rpartition(": ")[2].removesuffix(" (whichever is meant)").split(" or ")
    assert all(form[:4] == "2024" for form in forms), message
    for form in forms:
        for field in ("xmin", "from", "to"):
            answer = client.get(f"/plot/weather.json?y=temperature_c&{field}={quote(form)}")
            assert answer.status_code == 200, (field, form, answer.get_data(as_text=True))


@pytest.mark.parametrize("text", ["45/45/2024", "٤٥/٤٥/٢٠٢٤", "４５/４５/２０２４", "02/01/2024 08:30+02:60"])
def test_a_url_text_that_is_no_date_in_any_order_or_none_a_url_takes_gets_the_plain_refusal(client, text):
    for field in ("xmin", "to"):
        message = refusal(client, f"/plot/weather.json?y=temperature_c&{field}={quote(text)}")
        assert message.endswith(f"got '{text}'"), message


def test_a_time_in_other_digits_and_another_order_is_told_both_in_an_upload(client):
    body = created(client, "times", "t,v\n٣١.٠١.٢٠٢٤ ٠٨:٣٠,1\n2024-01-03,2\n2024-01-04,3\n2024-01-05,4\n")
    [warning] = body["warnings"]
    assert warning["hint"] == ("a date and time written in other digits: write the digits 0–9: 31.01.2024 08:30; "
                               "write dates as YYYY-MM-DD: 2024-01-31 08:30")


def test_a_date_in_other_digits_and_another_order_with_no_real_time_is_told_no_digits_to_write():
    # `٠٢/٠١/٢٠٢٤ 25:99` was told it was a date and time to write in the digits 0–9.
    assert digits_advice("٠٢/٠١/٢٠٢٤ 25:99") is None
    assert digits_advice("٠٢/٠١/٢٠٢٤ 09:30").advice == (
        "a date and time written in other digits: write the digits 0–9: 02/01/2024 09:30")


def test_a_url_date_in_another_order_with_an_offset_is_told_to_write_its_plus_as_2b(client):
    message = refusal(client, "/plot/weather.json?y=temperature_c&from=02/01/2024 09:30:00%2B0000")
    assert message.endswith("got '02/01/2024 09:30:00+0000'; write dates as YYYY-MM-DD: 2024-01-02 09:30:00+0000 or "
                            "2024-02-01 09:30:00+0000 (whichever is meant) (an offset's + written %2B in a URL)"), message
    for form in ("2024-01-02 09:30:00%2B0000", "2024-02-01 09:30:00%2B0000"):
        assert client.get(f"/plot/weather.json?y=temperature_c&from={form}").status_code == 200


# Not a date: the hint a cell is told where it is no date the site reads in any form.
NO_DATE = "not a date (YYYY-MM-DD): write one, or leave the cell empty for a missing value"


@pytest.mark.parametrize("text", ["02/01/2024 08:30+02:60", "02/01/2024 08:30:00.1234567", "2024/01/02 08:30+02:60",
                                  "Jan 5, 2024 08:30+02:60", "20240105T093000.1234567Z", "2024-01-05T09+02:60"])
def test_an_upload_is_told_no_form_of_a_date_that_keeps_an_offset_or_fraction_it_refuses(client, text):
    # Each was told to write `2024-01-02 08:30+02:60` and the like, which an upload refuses.
    body = created(client, "bad", f't,v\n"{text}",1\n2024-01-31T09:00:00Z,2\n2024-01-31T10:00:00Z,3\n'
                                  "2024-01-31T11:00:00Z,4\n2024-01-31T12:00:00Z,5\n")
    [warning] = body["warnings"]
    assert warning["hint"] == NO_DATE
    created(client, "times", "t,v\n2024-01-31T07:00:00Z,1\n")
    error = client.post("/api/datasets/times/rows", json=[{"t": text, "v": 2}], headers=JSON_WRITE).get_json()["error"]
    assert error.endswith(f"got {text!r}"), error
    assert rows_of(client, "times") == [["2024-01-31T07:00:00Z", 1]]


@pytest.mark.parametrize("text", ["02/01/2024 08:30+02:00", "02/01/2024 08:30:00.1234560", "Jan 5, 2024 08:30-05:30"])
def test_every_form_an_upload_s_date_is_told_is_taken_by_an_upload(client, text):
    body = created(client, "told", f't,v\n"{text}",1\n2024-01-31T09:00:00Z,2\n2024-01-31T10:00:00Z,3\n'
                                   "2024-01-31T11:00:00Z,4\n2024-01-31T12:00:00Z,5\n")
    [warning] = body["warnings"]
    forms = warning["hint"].partition(": ")[2].removesuffix(" (whichever is meant)").split(" or ")
    assert forms and all(form.startswith("2024-") for form in forms), warning["hint"]
    for number, form in enumerate(forms):
        body = created(client, f"taken{number}", f"t,v\n{form},1\n2024-01-31T09:00:00Z,2\n")
        assert [column["type"] for column in body["dataset"]["columns"]] == ["datetime", "integer"], form


@pytest.mark.parametrize(("text", "hint"), [
    ("02/01/24", "write dates as YYYY-MM-DD, the year in four digits"),
    ("99/12/31", "write dates as YYYY-MM-DD, the year in four digits"),  # the year first
    ("05-JAN-24", "write dates as YYYY-MM-DD, the year in four digits"),
    ("2/1/24", "write dates as YYYY-MM-DD, the year in four digits"),  # a day and month of one digit
    ("2.1.24 08:30", "write dates as YYYY-MM-DD, the year in four digits"),
    ("24-1-2", "write dates as YYYY-MM-DD, the year in four digits"),  # the year first
    ("45/45/24", NO_DATE), ("13/13/24", NO_DATE), ("31-FEB-24", NO_DATE), ("02/01/24 08:30+02:60", NO_DATE),
    ("24-13-13", NO_DATE), ("1/2/3", NO_DATE)])  # no reading is a date; no part of two digits is a year
def test_a_two_digit_year_is_told_to_write_four_only_where_some_reading_is_a_date(client, text, hint):
    # `45/45/24` was told to write its year in four digits, though no reading of it is a date; `2/1/24`
    # and `24-1-2` were told nothing, the rule asking for two digits in the first part and the last.
    body = created(client, "years", f"t,v\n{text},1\n2024-01-03,2\n2024-01-04,3\n2024-01-05,4\n2024-01-06,5\n")
    [warning] = body["warnings"]
    assert (warning["value"], warning["hint"]) == (text, hint)


def test_a_decimal_comma_in_other_digits_is_told_a_point_in_a_url_as_in_an_upload(client):
    # Neither was told anything: the digits 0–9 alone make a time with a decimal comma, refused too.
    text, latin = "٢٠٢٤-٠١-٠٢T٠٨:٣٠:٠٠,٥Z", "2024-01-02T08:30:00,5Z"
    point = "write a fraction of a second with a point: 2024-01-02T08:30:00.5Z"
    for field in ("from", "xmin"):  # a URL is told the form it takes only
        message = refusal(client, f"/plot/weather.json?y=temperature_c&{field}={quote(text)}")
        assert message.endswith(f"got '{text}'; {point}") and latin not in message, message
    body = created(client, "comma", f't,v\n"{text}",1\n2024-01-31T09:00:00Z,2\n2024-01-31T10:00:00Z,3\n'
                                    "2024-01-31T11:00:00Z,4\n2024-01-31T12:00:00Z,5\n")
    [warning] = body["warnings"]
    assert warning["hint"] == f"a date and time written in other digits: write the digits 0–9: {latin}; {point}"
    assert client.get("/plot/weather.json?y=temperature_c&from=2024-01-02T08:30:00.5Z").status_code == 200


def test_a_time_finer_than_a_microsecond_in_other_digits_is_told_so_in_a_url_as_in_an_upload(client):
    # Neither was told anything, where the same time in the digits 0–9 is told to go to the microsecond.
    text, latin = "٢٠٢٤-٠١-٠٢T٠٨:٣٠:٠٠.١٢٣٤٥٦٧Z", "2024-01-02T08:30:00.1234567Z"
    finer = "times go to the microsecond: write at most 6 digits after the point"
    for field in ("from", "xmin"):
        message = refusal(client, f"/plot/weather.json?y=temperature_c&{field}={quote(text)}")
        assert message.endswith(f"got '{text}'; {finer}"), message
    body = created(client, "finer", f't,v\n"{text}",1\n2024-01-31T09:00:00Z,2\n2024-01-31T10:00:00Z,3\n'
                                    "2024-01-31T11:00:00Z,4\n2024-01-31T12:00:00Z,5\n")
    [warning] = body["warnings"]
    assert warning["hint"] == f"a date and time written in other digits: write the digits 0–9: {latin}; {finer}"


@pytest.mark.parametrize("text", ["2024-13-45T08:00:00.1234567Z", "٢٠٢٤-١٣-٤٥T٠٨:٠٠:٠٠.١٢٣٤٥٦٧Z"])
def test_a_time_finer_than_a_microsecond_is_told_so_by_its_form_in_any_digits(client, text):
    # Of no real day, only the digits 0–9 were told to go to the microsecond (in a URL, and refused so
    # in an upload's date column); the same text in other digits was told nothing, in a URL or an upload.
    finer = "times go to the microsecond: write at most 6 digits after the point"
    assert moment_hint(text) == f"; {finer}"
    message = refusal(client, f"/plot/weather.json?y=temperature_c&from={quote(text)}")
    assert message.endswith(f"got '{text}'; {finer}"), message
    if text.isascii():
        return
    body = created(client, "unreal", f't,v\n"{text}",1\n2024-01-31T09:00:00Z,2\n2024-01-31T10:00:00Z,3\n'
                                     "2024-01-31T11:00:00Z,4\n2024-01-31T12:00:00Z,5\n")
    [warning] = body["warnings"]
    assert warning["hint"] == ("a date and time written in other digits: write the digits 0–9: "
                               f"2024-13-45T08:00:00.1234567Z; {finer}")


def test_a_hint_offers_a_day_with_a_time_only_as_a_reader_takes_it():
    # Without `takes`, a day with a time no upload reads was offered: `2024-01-02 09:00+00:60`.
    with pytest.raises(TypeError, match="takes"):
        example(["2024-01-02"], " 09:00+00:60", DATE_ADVICE)
    assert example(["2024-01-02"], " 09:00+00:60", DATE_ADVICE, takes=reads_moment) is None
    assert example(["2024-01-02", None], "", DATE_ADVICE) == f"{DATE_ADVICE}: 2024-01-02"


def test_a_two_digit_year_s_hint_asks_of_its_readings_only_until_one_is_taken():
    asked = []  # every reading was asked, to write forms the hint does not show
    assert year_digits_hint([(24, 1, 2), (24, 2, 1)], "", lambda form: asked.append(form) or True)
    assert asked == ["1924-01-02"]


@pytest.mark.parametrize(("text", "hint"), [
    ("٠٢/٠١/٢٠٢٤", "; write dates as YYYY-MM-DD: 2024-01-02 or 2024-02-01 (whichever is meant)"),
    ("٢٠٢٤-٠١-٠٢", "; a date written in other digits: write the digits 0–9: 2024-01-02")])
def test_a_url_date_in_other_digits_is_read_in_the_digits_0_to_9_once(monkeypatch, text, hint):
    calls = []  # each was read twice: once for the URL's hint, once for an upload's advice it left unused
    for name in ("latin_digits", "point_advice"):
        read = getattr(iso_dates, name)
        monkeypatch.setattr(iso_dates, name, lambda value, name=name, read=read: calls.append(name) or read(value))
    assert moment_hint(text) == hint
    assert sorted(calls) == ["latin_digits", "point_advice"]
