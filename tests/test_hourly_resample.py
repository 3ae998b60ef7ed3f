"""`resample=hour` groups rows of dates and times by the hour they fall in, as `day` groups them by
day: the same rows, words and labels on every path (a data-folder file, stored small and big datasets,
SQLite and PostgreSQL sources); each period named by its hour (`2024-03-31 14:00`), a chart's words
`hourly means of …`."""
from __future__ import annotations

import re
import urllib.parse
from collections.abc import Iterator
from datetime import datetime

import numpy as np
import pandas as pd
import pytest

from plots import Limits
from tests.conftest import Clock, dashboard_site
from tests.error_image_text import error_message
from tests.test_big_dataset_pages import pdf_words
from tests.postgres import set_up
from tests.source_data import BIG_STORES, PATHS, csv_of, path_clients
from tests.test_chart_form_switches import opened_form
from tests.test_http import image_query, submitted

EVERY_PATH = (*PATHS, *BIG_STORES)
AGGREGATES = ("mean", "sum", "count", "min", "max", "median")


def readings_frame() -> pd.DataFrame:
    """Readings at odd minutes and seconds over two days and a half, an hour of them (2024-03-31 05:00)
    holding none, a few values missing, a midnight among them."""
    rng = np.random.default_rng(5)
    start = pd.Timestamp("2024-03-30 10:00")
    t = start + pd.to_timedelta(np.sort(rng.integers(0, 60 * 60 * 60, 400)), unit="s")
    t = t[(t < pd.Timestamp("2024-03-31 05:00")) | (t >= pd.Timestamp("2024-03-31 06:00"))]
    v = np.round(rng.normal(20, 5, len(t)), 2)
    v[rng.random(len(t)) < 0.05] = np.nan
    frame = pd.DataFrame({"t": t, "v": v})
    frame.loc[3, "t"] = pd.Timestamp("2024-03-31 00:00")
    return frame.sort_values("t", kind="stable").reset_index(drop=True)


def csv_text(frame: pd.DataFrame) -> str:
    """The frame as an upload's CSV: moments as ISO text, a missing value empty."""
    return frame.to_csv(index=False, date_format="%Y-%m-%d %H:%M:%S")


@pytest.fixture(scope="module")
def clients(postgres_url: str, tmp_path_factory) -> Iterator[dict]:
    """A test client of each path's site, its dataset `t` the readings."""
    frame = readings_frame()
    with path_clients(postgres_url, tmp_path_factory.mktemp("hourly"), frame, csv_text(frame), EVERY_PATH,
                      settings={"RENDER_CACHE_BYTES": 0}) as made:
        yield made


def hourly(frame: pd.DataFrame, agg: str) -> pd.Series:
    """The readings' `agg` per hour as pandas resamples them, the empty hours of a sum or count 0 and of
    the others left out."""
    out = frame.set_index("t")["v"].resample("h").agg(agg)
    return out if agg in ("sum", "count") else out.dropna()


@pytest.mark.parametrize("agg", AGGREGATES)
@pytest.mark.parametrize("path", EVERY_PATH)
def test_a_line_resampled_by_hour_holds_each_hour_s_aggregate_on_every_path(clients, path, agg):
    data = csv_of(clients[path].get(f"/plot/t.csv?x=t&y=v&resample=hour&agg={agg}"))
    expected = hourly(readings_frame(), agg)
    assert list(pd.to_datetime(data["t"]).dt.tz_localize(None)) == list(expected.index)
    assert list(data.columns) == ["t", f"{agg} of v"]
    np.testing.assert_allclose(data[f"{agg} of v"].to_numpy(dtype=float), expected.to_numpy(dtype=float), rtol=1e-12)


@pytest.mark.parametrize("ext", ["json", "csv"])
@pytest.mark.parametrize("query", [f"x=t&y=v&resample=hour&agg={agg}" for agg in AGGREGATES]
                         + ["kind=bar&x=t&y=v&resample=hour&agg=max&from=2024-03-31T03:30:00&to=2024-03-31T08:10:00",
                            "x=t&y=v&resample=hour&agg=count&from=2024-03-31&to=2024-03-31",
                            # x bounds within an hour, and around the empty 05:00: a line runs on to the hours beyond.
                            "x=t&y=v&resample=hour&agg=mean&xmin=2024-03-31T03:30:00&xmax=2024-03-31T05:10:00",
                            "x=t&y=v&resample=hour&agg=sum&xmin=2024-03-31T05:05:00&xmax=2024-03-31T05:50:00",
                            "kind=scatter&x=t&y=v&resample=hour&agg=max&xmin=2024-03-31T03:30:00"])
def test_an_hourly_chart_s_data_is_the_same_on_every_path(clients, query, ext):
    answers = {path: clients[path].get(f"/plot/t.{ext}?{query}") for path in EVERY_PATH}
    assert {path: answer.status_code for path, answer in answers.items()} == dict.fromkeys(EVERY_PATH, 200)
    def rows(answer):  # a .json's columns and rows (its version is each path's own), a .csv's lines
        return answer.data if ext == "csv" else {key: answer.get_json()[key] for key in ("columns", "rows")}
    first = rows(answers[EVERY_PATH[0]])
    assert {path: rows(answer) == first for path, answer in answers.items()} == dict.fromkeys(EVERY_PATH, True)


@pytest.mark.parametrize("query", [
    "x=t&y=v&resample=hour&agg=mean",
    "kind=bar&x=t&y=v&resample=hour&agg=sum&from=2024-03-31T01:00:00&to=2024-03-31T09:00:00"])
def test_an_hourly_chart_is_the_same_bytes_on_every_path(clients, query):
    drawn = {path: clients[path].get(f"/plot/t.svg?{query}") for path in EVERY_PATH}
    assert {path: answer.status_code for path, answer in drawn.items()} == dict.fromkeys(EVERY_PATH, 200)
    first = drawn[EVERY_PATH[0]].data
    assert {path: answer.data == first for path, answer in drawn.items()} == dict.fromkeys(EVERY_PATH, True)


def test_an_hourly_chart_s_rows_and_words_name_each_hour(clients):
    body = clients["data folder"].get("/plot/t.json?x=t&y=v&resample=hour&agg=max&from=2024-03-31T03:30:00"
                                      "&to=2024-03-31T07:10:00").get_json()
    # 05:00 holds no reading: a line of greatest values breaks there, as at an empty day.
    assert [row[0] for row in body["rows"]] == ["2024-03-31T03:00:00Z", "2024-03-31T04:00:00Z",
                                                "2024-03-31T06:00:00Z", "2024-03-31T07:00:00Z"]
    bars = clients["data folder"].get("/plot/t.svg?kind=bar&x=t&y=v&resample=hour&agg=max&from=2024-03-31T03:30:00"
                                      "&to=2024-03-31T07:10:00").get_data(as_text=True)
    words = re.search(r"<desc[^>]*>(.*?)</desc>", bars, re.S)[1]
    assert words.startswith("Bar chart of v by t, 4 hours. t from 2024-03-31 03:00 to 2024-03-31 07:00.")


@pytest.mark.parametrize("path", EVERY_PATH)
def test_a_running_total_of_an_hourly_resample_is_titled_by_its_hourly_sums(clients, path):
    data = csv_of(clients[path].get("/plot/t.csv?x=t&y=v&resample=hour&agg=sum&cumulative=true"))
    assert list(data.columns) == ["t", "running total of hourly sums of v"]
    rolled = csv_of(clients[path].get("/plot/t.csv?x=t&y=v&resample=hour&agg=mean&rolling=24"))
    assert list(rolled.columns) == ["t", "24-hour mean of hourly means of v"]


def test_a_single_hour_is_labelled_by_its_date_and_hour_even_at_midnight(clients):
    bars = clients["data folder"].get("/plot/t.svg?kind=bar&x=t&y=v&resample=hour&agg=max&from=2024-03-31"
                                      "&to=2024-03-31T00:30:00").get_data(as_text=True)
    assert re.search(r"<desc[^>]*>Bar chart of v by t, 1 hour\. t 2024-03-31 00:00\.", bars), bars[:600]


# Dates alone (`d`), and moments with times fourteen years apart (`t`): more hours than a resample may make.
SPARSE = pd.DataFrame({"d": pd.to_datetime(["2024-01-01", "2024-01-02", "2024-01-02", "2024-01-05"]),
                       "t": pd.to_datetime(["2010-01-01 10:00", "2017-06-01 12:15", "2024-01-01 09:30",
                                            "2024-01-01 10:45"]),
                       "v": [1.5, 2.0, 4.0, 3.5]})


@pytest.fixture(scope="module")
def sparse_clients(postgres_url: str, tmp_path_factory) -> Iterator[dict]:
    """A test client of each path's site, its dataset `t` the rows of SPARSE."""
    with path_clients(postgres_url, tmp_path_factory.mktemp("sparse"), SPARSE, SPARSE.to_csv(index=False), EVERY_PATH,
                      settings={"RENDER_CACHE_BYTES": 0}) as made:
        yield made


@pytest.mark.parametrize("query", ["x=d&y=v&resample=hour&agg=mean", "kind=bar&x=d&y=v&resample=hour&agg=sum",
                                   "x=d&y=v&resample=hour&agg=count&from=2024-01-02"])
@pytest.mark.parametrize("path", EVERY_PATH)
def test_an_hourly_resample_of_dates_alone_is_a_400_saying_to_resample_by_day(sparse_clients, path, query):
    answer = sparse_clients[path].get(f"/plot/t.json?{query}")
    assert answer.status_code == 400, answer.get_data(as_text=True)
    assert answer.get_json()["error"] == (
        "resample=hour needs times of day, and the dates of x='d' chosen here have none (each is a midnight): "
        "each day would be one hour, its 00:00, the rest of it empty; use resample=day")


@pytest.mark.parametrize("path", EVERY_PATH)
def test_an_hourly_resample_of_rows_with_a_time_among_midnights_is_drawn(sparse_clients, path):
    # 2017-06-01 12:15 alone has a time of day; the hours of its day are drawn, the 00:00s of the others too.
    data = csv_of(sparse_clients[path].get("/plot/t.csv?x=t&y=v&resample=hour&agg=max&from=2017-01-01&to=2017-12-31"))
    assert data.values.tolist() == [["2017-06-01T12:00:00Z", 2.0]]


@pytest.mark.parametrize("path", EVERY_PATH)
def test_an_hourly_sum_past_the_periods_allowed_is_a_422_advising_resample_day(sparse_clients, path):
    answer = sparse_clients[path].get("/plot/t.json?x=t&y=v&resample=hour&agg=sum")
    assert answer.status_code == 422, answer.get_data(as_text=True)
    assert answer.get_json()["error"] == (
        "resample=hour with agg=sum makes a period of every hour from 2010-01-01T10:00:00 to 2024-01-01T10:45:00, "
        "122,713 of them (0 where no row falls), and at most 100,000 are allowed; resample by a longer step "
        "(resample=day makes 5,114) or narrow the dates with xmin/xmax or from/to")


STATUS_BOARD = """title = "Status"
from = 2024-03-31

[[charts]]
id = "hourly"
dataset = "t"
x = "t"
y = ["v"]
resample = "hour"
agg = "max"
"""


@pytest.fixture
def status_site(tmp_path):
    """A site whose dashboard `m` draws the readings' hourly greatest values from 2024-03-31 on, at
    2024-04-01 21:37:12 by its clock, the readings' last hour."""
    site = dashboard_site(tmp_path, {"t.csv": csv_text(readings_frame())}, STATUS_BOARD)
    site.config["CLOCK"] = Clock(datetime(2024, 4, 1, 21, 37, 12))
    return site.test_client()


def test_a_dashboard_chart_resampled_by_hour_draws_each_hour(status_site):
    data = csv_of(status_site.get("/d/m/hourly.csv"))
    frame = readings_frame()
    expected = hourly(frame[frame["t"] >= pd.Timestamp("2024-03-31")], "max")
    assert list(pd.to_datetime(data["t"]).dt.tz_localize(None)) == list(expected.index)
    assert 'alt="Line chart of v by t, 45 hours.' in status_site.get("/d/m").get_data(as_text=True)


def test_a_chart_page_s_table_writes_each_hour_as_its_words_do(status_site):
    page = status_site.get("/d/m/hourly?from=2024-03-31T03:30:00&to=2024-03-31T07:10:00").get_data(as_text=True)
    table = page[page.index('<table class="data"'):page.index("</table>")]
    # 05:00 holds no reading; the .json writes each moment, 2024-03-31T03:00:00Z.
    assert re.findall(r"<tr><td>([^<]*)</td>", table) == ["2024-03-31 03:00", "2024-03-31 04:00",
                                                           "2024-03-31 06:00", "2024-03-31 07:00"]
    daily = status_site.get("/d/m/hourly?resample=day&from=2024-03-31&to=2024-04-01").get_data(as_text=True)
    assert re.findall(r"<tr><td>([^<]*)</td>", daily[daily.index('<table class="data"'):]) == ["2024-03-31",
                                                                                                "2024-04-01"]


def test_the_chart_form_offers_hour_and_keeps_it_chosen(status_site):
    page = status_site.get("/d/m/hourly").get_data(as_text=True)
    assert '<option value="none">none</option><option value="hour" selected>hour</option>' in page
    # Chosen over a URL's day, it is the chart's own again: its image URL leaves it out.
    sent = submitted(status_site, opened_form(status_site, "/d/m/hourly?resample=day"), resample="hour")
    assert sent.status_code == 200 and "resample" not in image_query(sent.get_data(as_text=True))
    assert '<option value="hour" selected>hour</option>' in sent.get_data(as_text=True)


def test_the_api_document_names_hour_among_the_resample_steps(status_site):
    document = status_site.get("/api/openapi.json").get_data(as_text=True)
    assert ("Where x holds dates: hour, day, week, month, quarter or year (hour by the rows' times of day, "
            "in UTC; over dates alone, each a midnight, a 400)") in document


def test_a_postgresql_source_s_times_with_a_zone_are_resampled_by_the_hours_of_utc(postgres_database_url, tmp_path,
                                                                                     source_client):
    # The database's own zone is Kolkata's (+05:30), whose hours start at :30 in UTC: the site's session's is UTC.
    name = postgres_database_url.rsplit("/", 1)[1]
    set_up(postgres_database_url, f"ALTER DATABASE {name} SET timezone TO 'Asia/Kolkata'",
           "CREATE TABLE zoned (t timestamptz, d date, v double precision)",
           "INSERT INTO zoned VALUES ('2024-03-31 08:10+05:30', '2024-03-31', 1), ('2024-03-31 08:40+05:30', "
           "'2024-03-31', 2), ('2024-03-31 09:20+05:30', '2024-04-01', 4)")
    client = source_client(tmp_path, postgres_database_url, ["zoned"])
    data = csv_of(client.get("/plot/zoned.csv?x=t&y=v&resample=hour&agg=sum"))
    # 02:40 and 03:10 UTC, 03:50 UTC.
    assert data.values.tolist() == [["2024-03-31T02:00:00Z", 1.0], ["2024-03-31T03:00:00Z", 6.0]]
    dates = client.get("/plot/zoned.json?x=d&y=v&resample=hour&agg=sum")
    assert dates.status_code == 400 and dates.get_json()["error"].startswith(
        "resample=hour needs times of day, and the dates of x='d' chosen here have none")


def test_a_relative_range_of_an_hourly_chart_starts_on_the_hour(status_site):
    # now-24h is 2024-03-31 21:37 (to the minute, as any chart takes it): by hour, 21:00, so that its first
    # hour counts all of its rows, not those after 21:37 alone.
    body = status_site.get("/d/m/hourly.json?from=now-24h&agg=count").get_json()
    assert body["selection"]["from"] == "2024-03-31T21:00:00Z"
    frame = readings_frame()
    first = frame[(frame["t"] >= pd.Timestamp("2024-03-31 21:00")) & (frame["t"] < pd.Timestamp("2024-03-31 22:00"))]
    assert body["rows"][0] == ["2024-03-31T21:00:00Z", int(first["v"].count())]
    daily = status_site.get("/d/m/hourly.json?from=now-24h&resample=day").get_json()
    assert daily["selection"]["from"] == "2024-03-31T21:37:00Z"


def test_a_dashboard_s_relative_range_is_taken_to_the_hour_in_its_hourly_chart_s_image_url(status_site):
    page = status_site.get("/d/m?from=now-24h").get_data(as_text=True)
    images = [urllib.parse.unquote(src) for src in re.findall(r'<img[^>]* src="([^"]*/d/m/hourly\.svg[^"]*)"', page)]
    assert images and all("from=2024-03-31T21:00:00" in src for src in images), images


def test_a_dashboard_s_range_line_names_the_hour_its_hourly_charts_start_at(status_site):
    page = status_site.get("/d/m?from=now-24h").get_data(as_text=True)
    line = re.sub(r"<[^>]+>", "", re.search(r'<p class="active">Showing: (.*?)</p>', page, re.S)[1])
    assert "now-24h (2024-03-31 21:37:00 UTC) onwards · hourly charts from 2024-03-31 21:00:00 UTC" in line, line
    polled = status_site.get("/d/m/versions.json?from=now-24h").get_json()
    assert polled["showing"] == (
        "now-24h (2024-03-31 21:37:00 UTC) onwards · hourly charts from 2024-03-31 21:00:00 UTC")
    # A range on the hour already, or one of dates, says none.
    assert status_site.get("/d/m/versions.json?from=now-24h/h").get_json()["showing"] == (
        "now-24h/h (2024-03-31 21:00:00 UTC) onwards")
    assert status_site.get("/d/m/versions.json?from=2024-03-31").get_json()["showing"] == "2024-03-31 onwards"


DAILY_CHART = """
[[charts]]
id = "daily"
dataset = "t"
x = "t"
y = ["v"]
resample = "day"
agg = "max"
"""


@pytest.mark.parametrize("chart, asked, start", [("hourly", "", "21:00"), ("hourly", "&resample=day", "21:37"),
                                                 ("daily", "", "21:37"), ("daily", "&resample=hour", "21:00")])
def test_a_chart_page_takes_its_relative_range_to_the_step_its_url_asks(tmp_path, chart, asked, start):
    # An hourly chart asked resample=day takes now-24h to the minute, and a daily one asked hour to the
    # hour: on its page, in the image it embeds, as in its data.
    site = dashboard_site(tmp_path, {"t.csv": csv_text(readings_frame())}, STATUS_BOARD + DAILY_CHART)
    site.config["CLOCK"] = Clock(datetime(2024, 4, 1, 21, 37, 12))
    client = site.test_client()
    page = client.get(f"/d/m/{chart}?from=now-24h{asked}").get_data(as_text=True)
    images = [urllib.parse.unquote(src) for src in re.findall(rf'<img[^>]* src="([^"]*/d/m/{chart}\.svg[^"]*)"', page)]
    assert images and all(f"from=2024-03-31T{start}:00" in src for src in images), images
    body = client.get(f"/d/m/{chart}.json?from=now-24h{asked}").get_json()
    assert body["selection"]["from"] == f"2024-03-31T{start}:00Z"


def test_a_dashboard_report_s_hourly_chart_takes_its_relative_range_to_the_hour(tmp_path):
    # A reading of 400 at 21:10, before now-24h's minute (21:37) but in its hour: the hourly chart holds it.
    rows = "t,v\n2024-03-31 21:10:00,400\n" + "".join(f"2024-04-01 {h:02d}:30:00,1.5\n" for h in range(0, 21))
    site = dashboard_site(tmp_path, {"t.csv": rows}, STATUS_BOARD)
    site.config["CLOCK"] = Clock(datetime(2024, 4, 1, 21, 37, 12))
    report = site.test_client().get("/d/m.pdf?from=now-24h")
    assert report.status_code == 200
    words = pdf_words(report.data, tmp_path)
    assert "now-24h (2024-03-31 21:37:00 UTC) onwards" in words and " 400 " in words, words
    assert "hourly charts from 2024-03-31 21:00:00 UTC" in " ".join(words.split()), words


@pytest.fixture(scope="module")
def limited_clients(postgres_url: str, tmp_path_factory) -> Iterator[dict]:
    """A test client of each path's site, its dataset `t` the readings, whose charts may draw 40 values."""
    frame = readings_frame()
    with path_clients(postgres_url, tmp_path_factory.mktemp("limited"), frame, csv_text(frame), EVERY_PATH,
                      settings={"RENDER_CACHE_BYTES": 0, "LIMITS": Limits(max_points=40)}) as made:
        yield made


# A source's data holds its resampled line's periods up to its own cap no more: as many as the chart may draw.
@pytest.mark.parametrize(("query", "values"), [("agg=mean", 59), ("agg=sum", 60),
                                               ("agg=sum&to=2024-03-30T10:59", 1)])  # one hour alone: drawn
@pytest.mark.parametrize("ext", ["json", "svg"])
@pytest.mark.parametrize("path", EVERY_PATH)
def test_more_hours_than_a_chart_may_draw_is_a_422_advising_a_longer_step(limited_clients, path, query, values, ext):
    answer = limited_clients[path].get(f"/plot/t.{ext}?x=t&y=v&resample=hour&{query}")
    if values <= 40:
        assert answer.status_code == 200, answer.get_data(as_text=True)
        return
    assert answer.status_code == 422, answer.get_data(as_text=True)
    said = answer.get_json()["error"] if ext == "json" else error_message(answer.data)
    assert said == (f"this chart would draw {values} values and at most 40 are allowed; narrow it with "
                    "xmin/xmax or resample it (resample=day, week, month …)")


@pytest.fixture(scope="module")
def far_apart_clients(postgres_url: str, tmp_path_factory) -> Iterator[dict]:
    """A test client of each path's site, its dataset `t` two readings 59 hours apart and a day of hourly ones
    a month on, whose charts may draw 40 values."""
    t = pd.to_datetime(["2024-01-01 00:30", "2024-01-03 10:30", *(f"2024-02-01 {h:02d}:10" for h in range(24)),
                        *(f"2024-02-02 {h:02d}:10" for h in range(24))])
    frame = pd.DataFrame({"t": t, "v": [float(n) for n in range(len(t))]})
    with path_clients(postgres_url, tmp_path_factory.mktemp("far"), frame, csv_text(frame), EVERY_PATH,
                      settings={"RENDER_CACHE_BYTES": 0, "LIMITS": Limits(max_points=40)}) as made:
        yield made


@pytest.mark.parametrize(("query", "said"), [
    # Two hours of rows, 59 hours of sums.
    ("agg=sum&to=2024-01-31", 59),
    # 40 hours within the bounds (02:00 to 17:00 the next day), beside the hours either side the line runs on to.
    ("agg=mean&from=2024-02-01&xmin=2024-02-01T02:00&xmax=2024-02-02T17:59", None),
    ("agg=sum&from=2024-02-01&xmin=2024-02-01T02:00&xmax=2024-02-02T17:59", None),
    ("agg=mean&from=2024-02-01&xmin=2024-02-01T02:00&xmax=2024-02-02T18:59", 41),
])
@pytest.mark.parametrize("path", EVERY_PATH)
def test_the_hours_a_chart_draws_are_counted_filled_and_within_its_bounds_on_every_path(far_apart_clients, path,
                                                                                          query, said):
    answer = far_apart_clients[path].get(f"/plot/t.svg?x=t&y=v&resample=hour&{query}")
    if said is None:
        assert answer.status_code == 200, error_message(answer.data)
        return
    assert answer.status_code == 422
    assert error_message(answer.data).startswith(f"this chart would draw {said} values and at most 40 are allowed")
