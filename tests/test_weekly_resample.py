"""Weekly resampling: a week runs from Monday to Sunday and is named by its Monday, as an ISO week
starts, alike in a chart, its JSON and CSV, and where a source database groups the rows."""
from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterator
from pathlib import Path

import pytest

from app import create_app
from tests.test_date_bar_labels import drawn_dates
from tests.test_source_values import tables_source

# January 2024, whose 1st is a Monday: a value at the start of each week and late on its Sunday.
ROWS = [("2024-01-01 00:00:00", 1.0), ("2024-01-07 23:00:00", 2.0), ("2024-01-08 00:00:00", 4.0),
        ("2024-01-14 12:00:00", 8.0), ("2024-01-21 23:59:00", 16.0)]
WEEKS = {"sum": [["2024-01-01", 3.0], ["2024-01-08", 12.0], ["2024-01-15", 16.0]],
         "count": [["2024-01-01", 2], ["2024-01-08", 2], ["2024-01-15", 1]]}
CHART = "x=t&y=v&resample=week&kind=bar"


def csv_text() -> str:
    return "t,v\n" + "".join(f"{moment},{value}\n" for moment, value in ROWS)


@pytest.fixture
def csv_client(data_dir: Path):
    """The site with `ROWS` as the dataset "clicks", read from a CSV file."""
    (data_dir / "clicks.csv").write_text(csv_text())
    return create_app({"TESTING": True, "DATA_DIR": str(data_dir)}).test_client()


@pytest.fixture(scope="module", params=["sqlite", "postgresql"])
def clicks_url(request, tmp_path_factory) -> Iterator[str]:
    """The URL of a source database holding `ROWS` as the table "clicks", SQLite then PostgreSQL."""
    yield from tables_source(request, tmp_path_factory, {"clicks": ("t {time}, v {real}", ROWS)}, "weekly_clicks")


@pytest.fixture
def source_clicks(tmp_path_factory, clicks_url: str, source_client):
    """The site with `ROWS` as the table "clicks" of a source database, SQLite then PostgreSQL (its
    own folder: a test may take `csv_client` too, whose data folder is the test's)."""
    return source_client(tmp_path_factory.mktemp("source"), clicks_url, ["clicks"])


def weeks_of(client, agg: str) -> tuple[list, list, list]:
    """The weeks of a weekly bar chart of clicks as its JSON, its CSV and its SVG's bar labels give them."""
    rows = client.get(f"/plot/clicks.json?{CHART}&agg={agg}").json["rows"]
    table = list(csv.reader(io.StringIO(client.get(f"/plot/clicks.csv?{CHART}&agg={agg}").get_data(as_text=True))))
    svg = client.get(f"/plot/clicks.svg?{CHART}&agg={agg}").data
    # Read whole: the year and month the Mondays share are written once, under the axis.
    labels = [label for label in drawn_dates(svg) if re.fullmatch(r"\d{4}-\d\d-\d\d", label)]
    return rows, [row[0] for row in table[1:]], labels


@pytest.mark.parametrize("agg", ["sum", "count"])
def test_weeks_are_named_by_their_monday_in_the_chart_its_json_and_csv(csv_client, agg):
    rows, csv_weeks, labels = weeks_of(csv_client, agg)
    assert rows == WEEKS[agg]
    mondays = [week for week, _ in WEEKS[agg]]
    assert csv_weeks == mondays and labels == mondays


@pytest.mark.parametrize("agg", ["sum", "count"])
def test_a_source_database_groups_weeks_from_monday_as_the_site_does(source_clicks, csv_client, agg):
    rows, csv_weeks, labels = weeks_of(source_clicks, agg)
    assert rows == WEEKS[agg] and (rows, csv_weeks, labels) == weeks_of(csv_client, agg)


def test_the_weeks_of_january_are_named_by_days_of_january(client):
    # Named by their Sundays, the rows of 1 to 31 January 2024 were weeks of 7 January to 4 February.
    rows = client.get("/plot/weather.json?x=date&y=temperature_c&resample=week&from=2024-01-01&to=2024-01-31").json
    assert [week for week, _ in rows["rows"]] == ["2024-01-01", "2024-01-08", "2024-01-15", "2024-01-22", "2024-01-29"]
