"""The sample dashboards say truly what their charts draw: what a count counts, the units of the
series an axis holds together, and values that read as one place's when the rows are of several."""
from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from datetime import date

import pandas as pd

from plots import KINDS, Limits
from plots.ticks import LABEL_SIZE
from tests.sample_store import app_on_samples

# Every chart of the sample dashboards, as (dashboard, chart).
SAMPLE_CHARTS = [("animals", "all"), ("animals", "bears"), ("animals", "predators"), ("animals", "spread"),
                 ("animals", "all-stacked"), ("stations", "temperature"), ("stations", "rainfall"), ("stations", "sunshine-vs-temperature"),
                 ("stations", "temperature-spread"), ("stations", "temperature-by-station"), ("stations", "wettest-days"),
                 ("stations", "weather-station"), ("stations", "bears"),
                 ("weather", "temperature"), ("weather", "monthly-temperature"), ("weather", "yearly-rainfall"),
                 ("weather", "windiest-years"), ("weather", "humidity-vs-temperature"),
                 ("weather", "temperature-distribution"), ("weather", "pressure-spread"), ("weather", "recent-rain"),
                 ("weather", "wettest-months")]


def chart_data(client, board: str, chart: str, query: str = "") -> dict:
    """A sample chart's .json, which must answer 200."""
    answer = client.get(f"/d/{board}/{chart}.json{query}")
    assert answer.status_code == 200, answer.get_data(as_text=True)
    return answer.get_json()


def drawn_axis_titles(client, board: str, chart: str) -> tuple[str, str]:
    """The titles a sample chart's SVG draws along its x axis and up its y axis, "" where it draws none."""
    answer = client.get(f"/d/{board}/{chart}.svg")
    assert answer.status_code == 200, answer.get_data(as_text=True)
    texts = [text for text in ET.fromstring(answer.data).iter("{http://www.w3.org/2000/svg}text")
             if float(text.get("font-size", 0)) == LABEL_SIZE]
    across = ["".join(text.itertext()) for text in texts if "rotate" not in text.get("transform", "")]
    up = ["".join(text.itertext()) for text in texts if "rotate" in text.get("transform", "")]
    assert len(across) <= 1 and len(up) <= 1, (board, chart, across, up)
    return (across or [""])[0], (up or [""])[0]


def test_every_sample_chart_is_listed_here(app):
    boards = app.extensions["svgplots"].dashboards
    assert sorted((name, chart.id) for name, board in boards.items() for chart in board.charts) == sorted(SAMPLE_CHARTS)


def test_a_histogram_that_counts_days_counts_each_date_once(client):
    counted = {}
    for board, chart in SAMPLE_CHARTS:
        data = chart_data(client, board, chart)
        if data["spec"].get("kind") == "hist" and data["spec"].get("ylabel") == "days":
            dates = [row[data["columns"].index("date")] for row in data["rows"]]
            counted[f"/d/{board}/{chart}"] = (len(dates), len(set(dates)))
    assert "/d/weather/temperature-distribution" in counted  # one row a day: its count is of days
    assert {url: rows for url, rows in counted.items() if rows[0] != rows[1]} == {}, "rows counted as days, of dates"


def test_the_stations_histogram_says_what_it_counts_and_how_many_in_the_range_it_opens_on(app, client):
    data = chart_data(client, "stations", "temperature-spread")
    chart = next(c for c in app.extensions["svgplots"].dashboards["stations"].charts if c.id == "temperature-spread")
    assert data["spec"]["ylabel"] == "readings"
    assert f"{len(data['rows']):,} readings" in chart.caption  # one per station and day of 2025


def test_the_stations_rainfall_of_all_four_reads_as_a_stations_not_their_total(client):
    # Millimetres of rain are a depth: the four stations together get what one typical station does,
    # not the four depths added up.
    def monthly(query: str) -> dict:
        return dict(chart_data(client, "stations", "rainfall", query)["rows"])
    every = monthly("")
    each = [monthly(f"?filter.station={name}") for name in ("Airport", "Harbour", "Hilltop", "Riverside")]
    assert len(every) == 12
    beyond = {month: value for month, value in every.items()
              if not min(one[month] for one in each) <= value <= max(one[month] for one in each)}
    assert beyond == {}, "months whose value over all stations lies beyond every station's own"


def test_series_drawn_on_one_axis_are_of_one_unit(client):
    # The unit is the end of a column's name after its last "_" (temperature_c, humidity_pct); the
    # animals' counts have none. A box of % beside km/h reads as one scale with no unit to name.
    units = {}
    for board, chart in SAMPLE_CHARTS:
        columns = chart_data(client, board, chart)["spec"]["y"].split(",")
        units[f"/d/{board}/{chart}"] = {name.rpartition("_")[2] if "_" in name else "" for name in columns}
    assert units["/d/animals/all"] == {""}
    assert {url: found for url, found in units.items() if len(found) > 1} == {}


def test_a_chart_of_the_means_of_periods_says_mean_in_its_title(client):
    # A week's temperature could be its mean, its highest or its lowest: the title tells which.
    titles = {}
    for board, chart in SAMPLE_CHARTS:
        spec = chart_data(client, board, chart)["spec"]
        if "resample" in spec and spec.get("agg", "mean") == "mean":
            titles[f"/d/{board}/{chart}"] = spec["title"]
    assert "/d/stations/temperature" in titles
    assert {url: title for url, title in titles.items() if "mean" not in title.lower()} == {}


def test_the_stations_description_claims_no_chart_follows_a_filter_its_page_says_it_does_not(app, client):
    description = app.extensions["svgplots"].dashboards["stations"].description
    page = client.get("/d/stations?filter.station=Harbour").get_data(as_text=True)
    assert page.count("Not filtered by Station:") == 2 and "Drawn whole: animals" in page
    assert "every chart follows" not in description
    assert "the last two" in description  # the charts of other datasets, which it names


def test_no_sample_area_chart_fills_a_temperature_down_to_zero(client):
    # An area is an amount counted up from zero; 0 °C is no amount, so a temperature is a line.
    areas = {}
    for board, chart in SAMPLE_CHARTS:
        spec = chart_data(client, board, chart)["spec"]
        if spec.get("kind") == "area":
            areas[f"/d/{board}/{chart}"] = spec["y"].split(",")
    assert "/d/animals/predators" in areas
    assert {url: y for url, y in areas.items() if any(name.endswith("_c") for name in y)} == {}


def test_a_dashboard_that_says_it_draws_every_chart_kind_does(app, client):
    kinds = set(KINDS)
    for name, board in app.extensions["svgplots"].dashboards.items():
        drawn = {chart_data(client, name, chart.id)["spec"].get("kind", "line") for chart in board.charts}
        assert "every chart kind" not in board.description or drawn == kinds, (name, kinds - drawn)


def test_a_chart_of_sums_whose_last_period_is_cut_short_by_the_data_says_so_in_its_caption(app, client):
    # A week of three days' rain drawn among whole weeks reads as a dry week.
    freq = {"week": "W-SUN", "month": "M", "quarter": "Q", "year": "Y"}
    short = {}
    for name, board in app.extensions["svgplots"].dashboards.items():
        for chart in board.charts:
            data = chart_data(client, name, chart.id)
            if data["spec"].get("agg") != "sum" or data["spec"].get("resample") not in freq:
                continue
            last = max(row[0] for row in client.get(f"/datasets/{chart.dataset}.json").get_json()["rows"])
            period = pd.Period(data["rows"][-1][0], freq[data["spec"]["resample"]])
            if period.end_time.date() > date.fromisoformat(last[:10]):
                short[f"/d/{name}/{chart.id}"] = (str(period.start_time.date()), last, chart.caption)
    assert "/d/weather/recent-rain" in short  # its last week, from 2025-12-29, ends with the data on the 31st
    assert {url: found for url, found in short.items() if f"from {found[0]}" not in found[2]} == {}


def test_a_chart_of_the_animals_says_up_its_value_axis_that_it_counts_sightings(app, client):
    # The animals' columns are counts with no unit in their names: an axis titled "Bear", a series'
    # name, or not titled at all, leaves the reader to guess what 40 counts.
    titles = {}
    for name, board in app.extensions["svgplots"].dashboards.items():
        for chart in board.charts:
            if chart.dataset == "animals":
                titles[f"/d/{name}/{chart.id}"] = drawn_axis_titles(client, name, chart.id)[1]
    assert len(titles) == 6 and "/d/stations/bears" in titles
    assert {url: title for url, title in titles.items() if "sightings" not in title} == {}


def test_a_chart_of_periods_titles_its_axis_of_dates_as_its_ticks_name_them(client):
    # Bars of 1996 to 2025 over "date" read as days; each is a year's sum, named by its year, and the
    # axis says "year". A horizontal bar chart has its dates down the side. A line's ticks name dates
    # at a step of their own (years under monthly means, months under weekly ones), which "month" or
    # "week" under them did not say: its axis says "date", its column's name.
    titles = {}
    for board, chart in SAMPLE_CHARTS:
        spec = chart_data(client, board, chart)["spec"]
        if "resample" in spec:
            across, up = drawn_axis_titles(client, board, chart)
            bars = spec.get("kind") in ("bar", "barh")
            titles[f"/d/{board}/{chart}"] = (spec["resample"] if bars else spec["x"],
                                              up if spec.get("kind") == "barh" else across)
    assert {"/d/weather/windiest-years", "/d/weather/yearly-rainfall", "/d/stations/rainfall", "/d/weather/wettest-months",
            "/d/weather/monthly-temperature", "/d/stations/temperature"} <= set(titles)
    assert {url: found for url, found in titles.items() if found[0] != found[1]} == {}


def test_the_samples_show_the_newer_chart_parameters(client):
    # A newcomer learns what the site does from its samples: a long table split into series, a ranking
    # of the top bars, a stack whose parts add up and a reference line, each on some sample chart.
    used = {}
    for board, chart in SAMPLE_CHARTS:
        spec = chart_data(client, board, chart)["spec"]
        for name in ("series", "sort", "top", "stack", "yline"):
            if spec.get(name, "none") != "none":
                used.setdefault(name, []).append(f"/d/{board}/{chart}")
    assert sorted(used) == ["series", "sort", "stack", "top", "yline"], used
    assert "/d/stations/temperature-by-station" in used["series"] and "/d/stations/temperature-by-station" in used["yline"]
    assert "/d/weather/wettest-months" in used["top"] and "/d/animals/all-stacked" in used["stack"]


def test_the_stations_split_draws_each_station_as_its_filter_does(client):
    # One line a station: each series is that station's own monthly means, the filtered chart's.
    split = chart_data(client, "stations", "temperature-by-station")
    stations = ["Airport", "Harbour", "Hilltop", "Riverside"]
    assert split["columns"] == ["date"] + [f"mean of {name}" for name in stations]
    for name in stations:
        alone = chart_data(client, "stations", "temperature-by-station", f"?filter.station={name}")
        assert alone["columns"] == ["date", f"mean of {name}"]
        column = split["columns"].index(f"mean of {name}")
        assert [row[1] for row in alone["rows"]] == [row[column] for row in split["rows"]]


def test_a_sample_ranking_draws_its_top_ten_largest_first(client):
    for board, chart in [("stations", "wettest-days"), ("weather", "wettest-months")]:
        values = [row[1] for row in chart_data(client, board, chart)["rows"]]
        assert len(values) == 10 and values == sorted(values, reverse=True), (board, chart, values)


# A count as a caption may write it, in words.
COUNT_WORDS = ["zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten", "eleven",
               "twelve", "thirteen", "fourteen", "fifteen", "sixteen", "seventeen", "eighteen", "nineteen", "twenty"]


def test_a_sample_rankings_caption_counts_no_bars_a_site_of_fewer_may_not_draw(data_dir):
    # A site may draw fewer bars a chart (LIMITS.max_categories) than a file's top ranks: its chart then draws
    # as many as it may, and a caption counting the file's top would count bars not there.
    app = app_on_samples({"TESTING": True, "DATA_DIR": str(data_dir), "LIMITS": Limits(max_categories=3)})
    client = app.test_client()
    counted = {}
    for name, board in app.extensions["svgplots"].dashboards.items():
        for chart in board.charts:
            if "top" not in chart.fields:
                continue
            top = int(chart.fields["top"][0])
            assert len(chart_data(client, name, chart.id)["rows"]) == min(top, 3), (name, chart.id)
            words = [str(top)] + COUNT_WORDS[top:top + 1]
            counted[f"/d/{name}/{chart.id}"] = re.findall(rf"\b(?:{'|'.join(words)})\b", chart.caption, re.IGNORECASE)
    assert {"/d/weather/wettest-months", "/d/stations/wettest-days"} <= set(counted)
    assert {url: found for url, found in counted.items() if found} == {}
