"""A resample by sum or count makes a period of every step from the first row to the last: more
than `max_periods` is a 422 before any is made, in every format and on every route, for a stored
dataset and a source alike. A row dated 9999-12-31 ("no end") made three million daily rows of two.
The message names the periods, the rows' first and last date, the limit and a longer step that fits;
the other aggregates make only the periods rows fall in, and draw such rows as they did."""
from __future__ import annotations

import codecs
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest

import app.store.pushdown_groups
import plots.data
import plots.resampling
from app import create_app
from plots import Limits
from tests.test_source_values import tables_source

EXT = "d,v,w\n2000-01-01,1,2\n9999-12-31,4,5\n"
DAYS = (date(9999, 12, 31) - date(2000, 1, 1)).days + 1
MONTHS = (9999 - 2000 + 1) * 12
LIMIT = Limits().max_periods
DAILY_SUM = (f"resample=day with agg=sum makes a period of every day from 2000-01-01 to 9999-12-31, {DAYS:,} of them "
             f"(0 where no row falls), and at most {LIMIT:,} are allowed; resample by a longer step "
             f"(resample=month makes {MONTHS:,}) or narrow the dates with xmin/xmax or from/to")

BOARD = """\
title = "No end"

[[charts]]
id = "totals"
dataset = "ext"
y = ["v"]
resample = "day"
agg = "sum"
"""


@pytest.fixture
def made(monkeypatch) -> list[int]:
    """The number of rows of each resample filled out (`filled_periods`), for datasets and sources."""
    sizes: list[int] = []
    fill = plots.resampling.filled_periods

    def counted(*args, **kwargs):
        out = fill(*args, **kwargs)
        sizes.append(len(out))
        return out

    monkeypatch.setattr(plots.resampling, "filled_periods", counted)
    monkeypatch.setattr(app.store.pushdown_groups, "filled_periods", counted)
    monkeypatch.setattr(plots.data, "filled_periods", counted)
    return sizes


def site(tmp_path: Path, files: dict[str, str], **settings):
    """A test client of the site over `files` in its data folder (with `ext.csv`, the dashboard
    `BOARD` too), rendering in its own process (so that `made` sees the images' rows too)."""
    data, boards = tmp_path / "data", tmp_path / "boards"
    data.mkdir()
    boards.mkdir()
    for name, text in files.items():
        (data / name).write_text(text)
    if "ext.csv" in files:
        (boards / "noend.toml").write_text(BOARD)
    return create_app({"TESTING": True, "DATA_DIR": str(data), "DASHBOARD_DIRS": [str(boards)],
                       "RENDER_WORKERS": 0, **settings}).test_client()


@pytest.fixture
def client(tmp_path: Path):
    return site(tmp_path, {"ext.csv": EXT})


def error_of(response) -> str:
    """The message of a refused chart or data file, as its format carries it."""
    if response.mimetype == "application/json":
        return response.get_json()["error"]
    return response.get_data(as_text=True).strip().removeprefix("422 Unprocessable Content: ")


@pytest.mark.parametrize("fmt", ["svg", "png", "pdf", "json", "csv"])
@pytest.mark.parametrize("route", ["/plot/ext.{}?y=v&resample=day&agg=sum", "/d/noend/totals.{}"])
def test_a_daily_sum_of_rows_in_2000_and_9999_is_422_naming_the_days_and_a_step_that_fits(client, made, fmt, route):
    response = client.get(route.format(fmt))
    assert response.status_code == 422, response.data[:300]
    if fmt in ("svg", "png"):
        response = client.get(route.format(fmt) + ("&" if "?" in route else "?") + "errors=image")
        assert codecs.decode(response.headers["X-Chart-Error"], "unicode_escape") == f"422 {DAILY_SUM}"
    else:
        assert error_of(response) == DAILY_SUM
    assert made == []


def test_a_chart_page_of_such_a_sum_shows_its_form_with_the_message(client, made):
    page = client.get("/d/noend/totals")
    assert page.status_code == 422
    assert DAILY_SUM in page.get_data(as_text=True)
    assert made == []


@pytest.mark.parametrize(("rows", "agg", "step", "periods", "advice"), [
    # A row in year 1: 730,120 days, 104,303 weeks; months fit.
    ("0001-01-01,1,2\n2000-01-01,4,5\n", "count", "week", "from 0001-01-01 to 2000-01-01, 104,303 of them",
     "resample by a longer step (resample=month makes 23,989)"),
    ("0001-01-01,1,2\n2000-01-01,4,5\n", "sum", "day", "from 0001-01-01 to 2000-01-01, 730,120 of them",
     "resample by a longer step (resample=month makes 23,989)"),
    # A time of day is named as a URL writes it, to copy into xmax or to.
    ("2000-01-01T08:30:00,1,2\n9999-12-31T23:59:59,4,5\n", "count", "week",
     "from 2000-01-01T08:30:00 to 9999-12-31T23:59:59, 417,421 of them", "resample by a longer step "
     "(resample=month makes 96,000)"),
])
def test_the_message_names_the_rows_dates_the_periods_and_the_first_longer_step_that_fits(
        tmp_path, made, rows, agg, step, periods, advice):
    client = site(tmp_path, {"ext.csv": "d,v,w\n" + rows})
    error = client.get(f"/plot/ext.json?y=v&resample={step}&agg={agg}").get_json()["error"]
    assert error == (f"resample={step} with agg={agg} makes a period of every {step} {periods} (0 where no row "
                     f"falls), and at most {LIMIT:,} are allowed; {advice} or narrow the dates with xmin/xmax "
                     "or from/to")
    assert made == []


@pytest.mark.parametrize("agg", ["mean", "min", "max", "median"])
def test_the_other_aggregates_make_only_the_periods_rows_fall_in(client, agg):
    for step in ("day", "week"):
        response = client.get(f"/plot/ext.json?y=v,w&resample={step}&agg={agg}")
        assert response.status_code == 200, response.data[:300]
        assert [row[1:] for row in response.get_json()["rows"]] == [[1, 2], [4, 5]]
    assert client.get(f"/plot/ext.svg?y=v&resample=day&agg={agg}").status_code == 200


@pytest.mark.parametrize("narrowed", ["to=2000-12-31", "from=2000-01-01&to=now"])
def test_a_sum_narrowed_short_of_the_far_date_is_drawn(client, made, narrowed):
    response = client.get(f"/plot/ext.json?y=v&resample=day&agg=sum&{narrowed}")
    assert response.status_code == 200, response.data[:300]
    assert response.get_json()["rows"] == [["2000-01-01", 1]]
    assert made == [1]


def test_a_line_of_sums_bounded_short_of_the_far_date_has_each_day_to_xmax(client, made):
    # The line of every row has a day of 0 between, to the day xmax starts (a period on the bound).
    response = client.get("/plot/ext.json?y=v&resample=day&agg=sum&xmax=2000-12-31")
    assert response.status_code == 200, response.data[:300]
    rows = response.get_json()["rows"]
    assert rows[:2] == [["2000-01-01", 1], ["2000-01-02", 0]] and rows[-1] == ["2000-12-31", 0] and len(rows) == 366
    assert made == [1, 366]


def test_a_sum_by_the_step_the_message_names_is_drawn(client, made):
    response = client.get("/plot/ext.json?y=v&resample=month&agg=sum")
    assert response.status_code == 200, response.data[:300]
    rows = response.get_json()["rows"]
    assert len(rows) == MONTHS and rows[0] == ["2000-01-01", 1] and rows[-1] == ["9999-12-01", 4]
    assert made == [MONTHS]


def test_no_more_periods_than_the_limit_are_made(tmp_path, made):
    client = site(tmp_path, {"month.csv": "d,v\n2024-01-01,1\n2024-01-31,2\n",
                             "longer.csv": "d,v\n2024-01-01,1\n2024-02-01,2\n"}, LIMITS=Limits(max_periods=31))
    rows = client.get("/plot/month.json?resample=day&agg=sum").get_json()["rows"]
    assert len(rows) == 31 and rows[0] == ["2024-01-01", 1] and rows[-1] == ["2024-01-31", 2]
    response = client.get("/plot/longer.json?resample=day&agg=count")
    assert response.status_code == 422
    assert response.get_json()["error"] == (
        "resample=day with agg=count makes a period of every day from 2024-01-01 to 2024-02-01, 32 of them (0 where "
        "no row falls), and at most 31 are allowed; resample by a longer step (resample=week makes 5) or narrow "
        "the dates with xmin/xmax or from/to")
    assert made == [31]


def test_where_no_step_fits_the_message_says_how_many_even_the_longest_makes(tmp_path, made):
    client = site(tmp_path, {"ext.csv": EXT}, LIMITS=Limits(max_periods=1000))
    error = client.get("/plot/ext.json?y=v&resample=quarter&agg=sum").get_json()["error"]
    assert error.endswith("at most 1,000 are allowed; narrow the dates with xmin/xmax or from/to "
                          "(even resample=year makes 8,000)")
    error = client.get("/plot/ext.json?y=v&resample=year&agg=sum").get_json()["error"]
    assert error.endswith("at most 1,000 are allowed; narrow the dates with xmin/xmax or from/to")
    assert made == []


def test_a_bar_chart_of_such_a_sum_is_refused_as_too_many_categories_before_any_is_made(client, made):
    response = client.get("/plot/ext.json?kind=bar&y=v&resample=day&agg=sum")
    assert response.status_code == 422
    assert response.get_json()["error"] == (f"a bar chart may show at most 100 categories and this one has {DAYS:,}; "
                                            "narrow its time range (from/to), filter the data or use kind=line "
                                            "(even by year it would have 8,000)")
    assert made == []


EXT_ROWS = [("2000-01-01 00:00:00", 1, 2), ("9999-12-31 00:00:00", 4, 5)]


@pytest.fixture(scope="module", params=["sqlite", "postgresql"])
def ext_url(request, tmp_path_factory) -> Iterator[str]:
    """A source database holding the table `ext` (d, v, w) of `EXT`'s rows, in SQLite, then in PostgreSQL."""
    yield from tables_source(request, tmp_path_factory, {"ext": ("d {time}, v {int}, w {int}", EXT_ROWS)}, "ext")


@pytest.mark.parametrize("fmt", ["json", "csv", "svg"])
def test_a_source_refuses_such_a_sum_in_a_dataset_s_words_before_filling_it_out(
        tmp_path, ext_url, source_client, made, fmt):
    client = source_client(tmp_path, ext_url, ["ext"], files={"ext_csv.csv": EXT})
    for query in ("y=v&resample=day&agg=sum", "kind=bar&y=v&resample=day&agg=sum", "y=v&resample=week&agg=count"):
        source, csv = (client.get(f"/plot/{name}.{fmt}?x=d&{query}&errors=image") for name in ("ext", "ext_csv"))
        assert source.status_code == csv.status_code == (200 if fmt == "svg" else 422)
        if fmt == "svg":
            assert source.headers["X-Chart-Error"] == csv.headers["X-Chart-Error"]
            assert source.headers["X-Chart-Error"].startswith("422 ")
        else:
            assert error_of(source) == error_of(csv)
    assert error_of(client.get("/plot/ext.json?x=d&y=v&resample=day&agg=sum")) == DAILY_SUM
    assert made == []
    rows = client.get("/plot/ext.json?x=d&y=v&resample=day&agg=mean").get_json()["rows"]
    assert rows == [["2000-01-01", 1.0], ["9999-12-31", 4.0]]
