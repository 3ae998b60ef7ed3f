"""A date followed by a zone (`2024-01-31Z`, `2024-01-31+02:00`, as XML Schema writes a day) is no
date the site reads, a zone following a time only: its column is text. Every place that names such a
cell says how to write it: the create's warning (API, upload form, a data-folder file's page), a
`from` refused for want of a date column, `resample` refusing the column, and an append refusing it
in a datetime column. The hint's forms are ones the site reads, as the moments it says."""
from __future__ import annotations

import html
import io

import pytest

from app.store.written_forms import form_hint
from tests.conftest import CSV_WRITE, JSON_WRITE, WRITE_TOKEN, created, csrf_at, refusal, writable_app

ADVICE = "write a date without a zone, which follows a time only"
UTC_HINT = f"{ADVICE}: 2024-01-31"
OFFSET_HINT = (f"{ADVICE}: 2024-01-31 for the day, or 2024-01-31 00:00:00+02:00 for the moment it starts there, "
               "which the site keeps in UTC as 2024-01-30T22:00:00Z")


@pytest.fixture
def client(data_dir):
    return writable_app(data_dir, RENDER_WORKERS=0).test_client()


def zoned_days(zone: str) -> str:
    """A CSV of seven days, from 2024-01-31 on, each written with `zone` after it, and a number."""
    return "day,n\n" + "".join(f"2024-{month:02d}-{day:02d}{zone},{n}\n"
                               for n, (month, day) in enumerate([(1, 31)] + [(2, d) for d in range(1, 7)]))


@pytest.mark.parametrize(("cell", "hint"), [
    ("2024-01-31Z", UTC_HINT),
    ("2024-01-31+00:00", UTC_HINT),
    ("2024-01-31+02:00", OFFSET_HINT),
    ("2024-01-31+0200", OFFSET_HINT),
    ("2024-01-31 +02:00", OFFSET_HINT),
    ("2024-01-31+02", OFFSET_HINT),
    ("2024-01-31-05:30", f"{ADVICE}: 2024-01-31 for the day, or 2024-01-31 00:00:00-05:30 for the moment it starts "
                         "there, which the site keeps in UTC as 2024-01-31T05:30:00Z"),
])
def test_a_date_with_a_zone_is_told_to_drop_it(cell, hint):
    assert form_hint(cell) == hint


@pytest.mark.parametrize("cell", ["2024-02-30Z", "2024-01-31+25:00", "2024-01-31+02:60"])
def test_no_day_or_no_offset_gets_no_zone_hint(cell):
    assert form_hint(cell) is None


@pytest.mark.parametrize(("zone", "hint"), [("Z", UTC_HINT), ("+02:00", OFFSET_HINT)])
def test_the_create_warns_of_a_column_of_dates_with_a_zone(client, zone, hint):
    body = created(client, "zoned", zoned_days(zone))
    assert [column["type"] for column in body["dataset"]["columns"]] == ["text", "integer"]
    [warning] = body["warnings"]
    assert (warning["column"], warning["row"], warning["value"], warning["hint"]) == ("day", 1, f"2024-01-31{zone}",
                                                                                      hint)
    assert f"row 1 holds '2024-01-31{zone}' ({hint})" in warning["message"]


@pytest.mark.parametrize(("cell", "hint"), [
    # PostgreSQL writes a zone's offset before standard time with its seconds (Asia/Kolkata in 1900).
    ("1900-01-01 00:00:00+05:53:28", "1899-12-31T18:06:32Z"),
    ("2024-01-01T10:00:00.5-00:00:30", "2024-01-01T10:00:30.5Z"),
])
def test_a_time_whose_offset_has_seconds_is_told_in_utc(client, cell, hint):
    # The column was made text without a word: no hint knew the form.
    assert form_hint(cell) == f"write a time whose UTC offset has seconds in UTC: {hint}"
    body = created(client, "lmt", f"ts,v\n{cell},1\n")
    [warning] = body["warnings"]
    assert (warning["column"], warning["hint"]) == ("ts", form_hint(cell))


BRACKETS = "write a time without the zone's name in brackets, its UTC offset saying the moment"


@pytest.mark.parametrize(("cell", "written"), [
    # As Java's ZonedDateTime and RFC 9557 write a time, a calendar's tag after the zone too.
    ("2024-01-05T09:30+01:00[Europe/Paris]", "2024-01-05T09:30+01:00"),
    ("2024-01-05T09:30:00Z[UTC]", "2024-01-05T09:30:00Z"),
    ("2024-01-05T09:30:00.5-05:00[America/New_York][u-ca=iso8601]", "2024-01-05T09:30:00.5-05:00"),
])
def test_a_time_with_its_zones_name_in_brackets_is_told_to_leave_it_out(client, data_dir, cell, written):
    assert form_hint(cell) == f"{BRACKETS}: {written}"
    (data_dir / "java.csv").write_text(f"ts,v\n{cell},1\n{cell},2\n")
    page = html.unescape(client.get("/datasets/java").get_data(as_text=True))
    assert f"column 'ts' is text, though most of its values are numbers or dates: row 1 holds {cell!r} ({BRACKETS}: " \
           f"{written})" in page
    created(client, "written", f"ts,v\n{written},1\n")
    assert client.get("/api/datasets/written").get_json()["dataset"]["columns"][0]["type"] == "datetime"


@pytest.mark.parametrize("cell", ["2024-01-05T25:30+01:00[Europe/Paris]", "2024-01-05T09:30[Europe/Paris]"])
def test_a_bracketed_zone_after_no_real_time_or_no_offset_gets_no_hint(cell):
    assert form_hint(cell) is None


NAMED = "write a time without its zone's name, its UTC offset saying the moment"
UNNAMED = "write a time with its UTC offset in place of its zone's name, which the site does not read"


@pytest.mark.parametrize(("cells", "hint"), [
    # Written across the spring change in Berlin, as a log names each time's zone after it.
    (("2024-03-31 01:30:00+01:00 CET", "2024-03-31 03:30:00+02:00 CEST"), f"{NAMED}: 2024-03-31 01:30:00+01:00"),
    (("2024-03-31T01:30:00+0100 Europe/Berlin", "2024-03-31T03:30:00+0200 Europe/Berlin"),
     f"{NAMED}: 2024-03-31T01:30:00+0100"),
    (("2024-03-31 01:30:00 CET", "2024-03-31 03:30:00 CEST"), UNNAMED),
    (("2024-03-31T01:30 Europe/Berlin", "2024-03-31T03:30 Europe/Berlin"), UNNAMED),
    (("2024-01-05 09:30:00 America/Argentina/Buenos_Aires", "2024-01-05 10:30:00 America/Argentina/Buenos_Aires"),
     UNNAMED),
])
def test_a_column_of_times_with_their_zones_names_is_told_how_to_write_them(client, cells, hint):
    # The column was made text without a word, its zones lost to every chart.
    body = created(client, "logged", "ts,v\n" + "".join(f"{cell},{n}\n" for n, cell in enumerate(cells)))
    assert body["dataset"]["columns"][0]["type"] == "text"
    [warning] = body["warnings"]
    assert (warning["column"], warning["row"], warning["value"], warning["hint"]) == ("ts", 1, cells[0], hint)


def test_an_append_of_a_time_with_its_zones_name_names_the_hint(client):
    created(client, "dated", "ts,n\n2024-03-31T01:30:00+01:00,1\n")
    answer = client.post("/api/datasets/dated/rows", json=[{"ts": "2024-03-31 03:30:00 CEST", "n": 2}],
                         headers=JSON_WRITE)
    assert answer.status_code == 400
    assert answer.get_json()["error"].endswith(f"got '2024-03-31 03:30:00 CEST' ({UNNAMED})")


@pytest.mark.parametrize("cell", ["2024-02-30 08:00:00 CET", "2024-01-05 13:30 PM", "2024-01-05 09:30:00 approx",
                                  "2024-01-05 09:30:00 INFO", "2024-01-05 09:30:00 OK"])
def test_no_real_time_or_no_zones_name_after_it_gets_no_named_zone_hint(cell):
    assert form_hint(cell) is None


def test_the_page_after_the_upload_form_shows_the_hint(client):
    form = {"csrf_token": csrf_at(client, "/upload"), "token": WRITE_TOKEN, "name": "zoned", "title": "",
            "file": (io.BytesIO(zoned_days("Z").encode()), "zoned.csv")}
    answer = client.post("/upload", data=form, follow_redirects=True)
    assert answer.status_code == 200, answer.get_data(as_text=True)
    assert f"row 1 holds '2024-01-31Z' ({UTC_HINT})" in html.unescape(answer.get_data(as_text=True))


def test_the_page_of_a_data_folder_file_shows_the_hint(client, data_dir):
    (data_dir / "zoned.csv").write_text(zoned_days("+02:00"))
    page = html.unescape(client.get("/datasets/zoned").get_data(as_text=True))
    assert f"row 1 holds '2024-01-31+02:00' ({OFFSET_HINT})" in page


@pytest.mark.parametrize("bound", ["from", "to"])
def test_a_range_refused_for_want_of_a_date_column_names_the_cell_and_the_hint(client, bound):
    created(client, "zoned", zoned_days("Z"))
    message = refusal(client, f"/plot/zoned.json?{bound}=2024-02-01")
    assert f"row 1 holds '2024-01-31Z' ({UTC_HINT})" in message


def test_resample_refusing_the_column_names_the_cell_and_the_hint(client):
    created(client, "zoned", zoned_days("+02:00"))
    message = refusal(client, "/plot/zoned.json?resample=day")
    assert f"'day' holds text: row 1 holds '2024-01-31+02:00' ({OFFSET_HINT})" in message


def test_an_append_to_a_datetime_column_names_the_hint(client):
    created(client, "dated", "day,n\n2024-01-30,1\n")
    answer = client.post("/api/datasets/dated/rows", data="day,n\n2024-01-31Z,2\n", headers=CSV_WRITE)
    assert answer.status_code == 400
    assert answer.get_json()["error"].endswith(f"got '2024-01-31Z' ({UTC_HINT})")
    answer = client.post("/api/datasets/dated/rows", json=[{"day": "2024-01-31+02:00", "n": 2}], headers=JSON_WRITE)
    assert answer.status_code == 400
    assert f"got '2024-01-31+02:00' ({OFFSET_HINT})" in answer.get_json()["error"]


def test_both_forms_the_hint_gives_are_read_as_it_says(client):
    created(client, "days", "day,n\n2024-01-31,1\n")
    created(client, "moments", "day,n\n2024-01-31 00:00:00+02:00,1\n")
    assert client.get("/datasets/days.json").get_json()["rows"] == [["2024-01-31", 1]]
    assert client.get("/datasets/moments.json").get_json()["rows"] == [["2024-01-30T22:00:00Z", 1]]
