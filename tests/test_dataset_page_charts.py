"""A dataset's page draws each numeric column honestly: rows that share an x and differ in a text
column (several stations' readings of one date) get a line per value of it, or points where that
cannot be (or where no text column tells them apart), never one line zig-zagging between them; a dataset's only number is drawn as a histogram,
not against itself. What an explicit /plot URL draws is unchanged."""
from __future__ import annotations

import html
import re
from urllib.parse import parse_qs, urlsplit

import pandas as pd

from app import create_app
from app.store import sources
from tests.source_data import sources_toml, write_sqlite

IMAGE = re.compile(r'<img src="([^"]+)"[^>]*alt="([^"]*)"')


def page_charts(client, name: str) -> list[tuple[str, dict[str, list[str]], str]]:
    """The charts of a dataset's page: each image's URL, its query and its alt text."""
    response = client.get(f"/datasets/{name}")
    assert response.status_code == 200
    found = []
    for src, alt in IMAGE.findall(response.get_data(as_text=True)):
        src = html.unescape(src)
        found.append((src, parse_qs(urlsplit(src).query), html.unescape(alt)))
    return found


def drawn_rows(client, src: str) -> dict:
    """The rows the chart at `src` draws (its .json)."""
    response = client.get(src.replace(".svg?", ".json?", 1))
    assert response.status_code == 200, response.get_data(as_text=True)
    return response.get_json()


def test_no_line_of_the_stations_page_joins_two_rows_of_one_date(client):
    charts = page_charts(client, "stations")
    lines = [src for src, query, _ in charts if query.get("kind", ["line"]) == ["line"]]
    assert lines
    for src in lines:
        dates = [row[0] for row in drawn_rows(client, src)["rows"]]
        assert len(dates) == len(set(dates)), src


def test_the_stations_page_draws_each_column_once_per_station_titled_with_it(client):
    charts = page_charts(client, "stations")
    temperature = [(query, alt) for _, query, alt in charts if query["y"] == ["temperature_c"]]
    assert [query["filter.station"] for query, _ in temperature] == [
        ["Airport"], ["Harbour"], ["Hilltop"], ["Riverside"]]
    assert [query["title"] for query, _ in temperature] == [
        ["station: Airport"], ["station: Harbour"], ["station: Hilltop"], ["station: Riverside"]]
    assert temperature[0][1].startswith("station: Airport. Line chart of temperature_c by date, 731 rows.")
    assert {query["y"][0] for _, query, _ in charts} == {"temperature_c", "rainfall_mm", "sunshine_h"}
    assert len(charts) == 12


def test_an_explicit_plot_url_still_draws_every_station_in_one_line(client):
    drawn = drawn_rows(client, "/plot/stations.svg?y=temperature_c&from=2025-11-01")
    assert drawn["spec"].get("kind", "line") == "line"
    assert len(drawn["rows"]) == 61 * 4


def test_rows_split_by_a_text_column_of_too_many_values_are_drawn_as_points(client, data_dir):
    rows = "".join(f"2024-01-0{day},s{site},{day * site}\n" for day in range(1, 4) for site in range(7))
    (data_dir / "sites.csv").write_text("date,site,v\n" + rows)
    [(src, query, alt)] = page_charts(client, "sites")
    assert query["kind"] == ["scatter"] and "filter.site" not in query
    assert alt.startswith("Scatter plot of v by date, 21 rows.")


def test_rows_split_by_a_column_with_a_blank_value_are_drawn_as_points(client, data_dir):
    # A filter cannot choose the blank value: a line per value would leave its rows out.
    (data_dir / "blank.csv").write_text('date,site,v\n2024-01-01,a,1\n2024-01-01," ",2\n2024-01-02,a,3\n'
                                        '2024-01-02," ",4\n')
    [(_, query, _)] = page_charts(client, "blank")
    assert query["kind"] == ["scatter"]


def test_rows_split_by_a_column_with_a_missing_value_are_drawn_as_points(client, data_dir):
    (data_dir / "missing.csv").write_text("date,site,v\n2024-01-01,a,1\n2024-01-01,,2\n2024-01-02,a,3\n"
                                          "2024-01-02,b,4\n")
    [(_, query, _)] = page_charts(client, "missing")
    assert query["kind"] == ["scatter"]


def test_rows_a_text_column_splits_twice_per_value_are_drawn_as_points(client, data_dir):
    # Two rows of site a on one date: a line of site a alone would still zig-zag.
    (data_dir / "twice.csv").write_text("date,site,v\n2024-01-01,a,1\n2024-01-01,a,5\n2024-01-01,b,2\n"
                                        "2024-01-02,a,3\n2024-01-02,b,4\n")
    [(_, query, _)] = page_charts(client, "twice")
    assert query["kind"] == ["scatter"]


def test_a_dataset_whose_x_never_repeats_keeps_its_lines(client):
    charts = page_charts(client, "weather")
    assert charts and all(set(query) == {"y", "v"} for _, query, _ in charts)


def test_repeated_x_that_no_text_column_tells_apart_is_drawn_as_points(client, data_dir):
    # One line through them drew from 1 to 2 and back at 2024-01-01, as it would between stations.
    (data_dir / "same.csv").write_text("date,site,v\n2024-01-01,a,1\n2024-01-01,a,2\n2024-01-02,a,3\n")
    [(_, query, alt)] = page_charts(client, "same")
    assert query["kind"] == ["scatter"] and "filter.site" not in query
    assert alt.startswith("Scatter plot of v by date, 3 rows.")


def test_repeated_x_of_a_dataset_without_text_columns_is_drawn_as_points_on_its_page_and_the_front_page(
        client, data_dir):
    (data_dir / "temps.csv").write_text("date,temp\n2024-01-01,1\n2024-01-01,9\n2024-01-02,2\n2024-01-02,8\n")
    [(src, query, alt)] = page_charts(client, "temps")
    assert query["kind"] == ["scatter"] and query["y"] == ["temp"]
    assert alt.startswith("Scatter plot of temp by date, 4 rows.")
    assert client.get(src).status_code == 200
    assert front_page_thumbnail(client, "temps")[1]["kind"] == ["scatter"]


def test_a_dataset_with_one_number_draws_its_histogram_not_a_diagonal(client, data_dir):
    (data_dir / "alone.csv").write_text("v,name\n1,a\n2,b\n")
    [(src, query, alt)] = page_charts(client, "alone")
    assert query["kind"] == ["hist"] and query["y"] == ["v"]
    assert alt.startswith("Histogram of v") and "by v" not in alt
    assert client.get(src).status_code == 200


def split_source_app(tmp_path, closing, days: int = 2):
    """An app whose source dataset `readings` has two sites' rows on each of `days` days."""
    frame = pd.DataFrame({"day": pd.date_range("2024-01-01", periods=days).repeat(2),
                          "site": ["a", "b"] * days, "v": [float(i) for i in range(1, 2 * days + 1)]})
    url = write_sqlite(tmp_path / "shop.db", {"readings": frame})
    sources = sources_toml(tmp_path / "sources.toml", {"shop": {"url": url}},
                           {"readings": {"source": "shop", "table": "readings"}})
    (tmp_path / "data").mkdir()
    return closing(create_app({"TESTING": True, "DATA_DIR": str(tmp_path / "data"), "SOURCES": str(sources)}))


def test_a_source_dataset_split_in_its_first_rows_is_drawn_as_points(tmp_path, closing):
    # The page reads a source's first rows only: not knowing every value, it draws no line per value.
    [(src, query, alt)] = page_charts(split_source_app(tmp_path, closing).test_client(), "readings")
    assert query["kind"] == ["scatter"] and alt.startswith("Scatter plot of v by day, 4 rows.")


def test_the_front_page_draws_a_split_source_dataset_as_its_page_does(tmp_path, closing, monkeypatch):
    # The front page drew one line through both sites' rows, zig-zagging at every day. It reads the
    # first rows alone: the rows that show the date columns' formats are found by a scan of the table.
    def scanned(*args):
        raise AssertionError("the front page scanned the table for the date columns' formats")

    monkeypatch.setattr(sources, "format_rows", scanned)
    client = split_source_app(tmp_path, closing, days=100).test_client()  # more than a page's first rows
    src, query = front_page_thumbnail(client, "readings")
    assert query["kind"] == ["scatter"] and query["y"] == ["v"]
    assert client.get(src).status_code == 200


def test_the_page_looks_again_once_the_rows_change(client, data_dir):
    path = data_dir / "grows.csv"
    path.write_text("date,site,v\n2024-01-01,a,1\n2024-01-02,a,2\n")
    [(_, query, _)] = page_charts(client, "grows")
    assert set(query) == {"y", "v"}
    path.write_text("date,site,v\n2024-01-01,a,1\n2024-01-02,a,2\n2024-01-01,b,3\n2024-01-02,b,4\n")
    assert [query["filter.site"] for _, query, _ in page_charts(client, "grows")] == [["a"], ["b"]]


def front_page_thumbnail(client, name: str) -> tuple[str, dict[str, list[str]]]:
    """The URL and query of the front page's small chart of dataset `name`."""
    page = client.get("/").get_data(as_text=True)
    [src] = [html.unescape(src) for src in re.findall(r'<img src="([^"]+)"', page)
             if html.unescape(src).startswith(f"/plot/{name}.svg?")]
    return src, parse_qs(urlsplit(src).query)


def test_the_front_page_draws_a_dataset_as_the_first_chart_of_its_page(client, data_dir):
    # The stations' one line through every station's rows zig-zagged; alone's number against itself
    # was a diagonal.
    (data_dir / "alone.csv").write_text("v,name\n1,a\n2,b\n")
    for name in ("stations", "alone", "animals"):
        src, query = front_page_thumbnail(client, name)
        [(_, first, _), *_] = page_charts(client, name)
        assert {key: value for key, value in query.items() if key not in ("width", "height")} == first, name
        assert (query["width"], query["height"]) == (["320"], ["180"])
        assert client.get(src).status_code == 200
    assert front_page_thumbnail(client, "stations")[1]["filter.station"] == ["Airport"]
    assert front_page_thumbnail(client, "alone")[1]["kind"] == ["hist"]


def test_a_dataset_whose_first_column_is_text_draws_on_its_page_and_the_front_page(client, data_dir):
    # Its x is one of its texts too: read twice, the column was a frame of two, and both pages a 500.
    (data_dir / "named.csv").write_text("name,v\na,1\nb,2\na,3\n")
    [(src, query, alt)] = page_charts(client, "named")
    assert client.get(src).status_code == 200
    assert front_page_thumbnail(client, "named")[1]["y"] == ["v"]
    (data_dir / "texts.csv").write_text("a,b\nx,y\n")
    assert client.get("/datasets/texts").status_code == 200 and client.get("/").status_code == 200
