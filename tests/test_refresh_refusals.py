"""A refreshing dashboard's chart whose rows grew past what it may draw (more bar categories or line
values than allowed, after an append): its versions.json entry has no version but the 422 its image
answers, as a chart whose file or column went away has its status, and why, in its image's words;
drawn again, it has its version back. A poll reads such a chart's rows once a data version, as it describes a chart it can draw,
its database asked once too."""
from __future__ import annotations

import re
from html import unescape

import pytest

from app.views import chart_alt
from plots.spec import Limits
from tests.conftest import CSV_WRITE, dashboard_site, writable_app
from tests.error_image_text import reason_image_url
from tests.test_big_dataset_alts import counting, readings_dashboard

BOARD = """\
title = "Zoo"
refresh = 5

[[charts]]
id = "years"
dataset = "animals"
kind = "bar"
x = "year"
y = ["Bear"]

[[charts]]
id = "bears"
dataset = "animals"
y = ["Bear"]
"""


@pytest.fixture
def client(tmp_path, data_dir):
    boards = tmp_path / "boards"
    boards.mkdir()
    (boards / "zoo.toml").write_text(BOARD)
    return writable_app(data_dir, DASHBOARD_DIRS=[str(boards)]).test_client()


def appended_years(client, first: int, count: int) -> None:
    """Append a row for each of `count` years from `first` to the animals dataset."""
    body = "year,Bear,Deer,Wolf\n" + "".join(f"{year},1,2,3\n" for year in range(first, first + count))
    answer = client.post("/api/datasets/animals/rows", data=body, headers=CSV_WRITE)
    assert answer.status_code in (200, 201), answer.get_data(as_text=True)


def test_a_bar_chart_an_append_took_past_its_categories_has_the_422_of_its_image_and_no_version(client):
    assert client.get("/d/zoo/versions.json").get_json()["charts"]["years"]["version"]
    appended_years(client, 1800, 100)
    charts = client.get("/d/zoo/versions.json").get_json()["charts"]
    years = charts["years"]
    assert years["version"] is None and years["status"] == 422, years
    assert years["alt"].startswith("This chart cannot be drawn: a bar chart may show at most 100 categories")
    # Its URL's v a digest of why in place of a data version.
    assert re.fullmatch(reason_image_url("/d/zoo/years.svg"), years["src"]), years["src"]
    assert client.get(years["src"]).status_code == 422
    assert charts["bears"]["version"] and "status" not in charts["bears"]
    assert client.get(charts["bears"]["src"]).status_code == 200


def image_title(client, src: str) -> str:
    """The <title> of the image at `src`, as a screen reader reads it."""
    svg = client.get(src).get_data(as_text=True)
    return unescape(re.search(r"<title[^>]*>(.*?)</title>", svg, re.S).group(1))


def test_a_chart_refused_its_rows_says_why_beside_its_status_in_its_image_s_words(client):
    appended_years(client, 1800, 100)
    years = client.get("/d/zoo/versions.json").get_json()["charts"]["years"]
    assert years["error"].startswith("a bar chart may show at most 100 categories"), years
    assert years["alt"] == f"This chart cannot be drawn: {years['error']}"
    assert image_title(client, years["src"]).startswith("422 ")
    assert image_title(client, years["src"]).endswith(f": {years['error']}")


def test_a_chart_whose_column_went_away_says_why_beside_its_status_in_its_image_s_words(tmp_path):
    board = ('refresh = 5\n[[charts]]\nid = "lions"\ndataset = "zoo"\ny = ["lions"]\n'
             '[[charts]]\nid = "tigers"\ndataset = "zoo"\ny = ["tigers"]\n')
    client = dashboard_site(tmp_path, {"zoo.csv": "year,lions,tigers\n2020,1,2\n2021,3,4\n"}, board).test_client()
    (tmp_path / "data" / "zoo.csv").write_text("year,tigers\n2020,2\n2021,4\n2022,6\n")
    charts = client.get("/d/m/versions.json").get_json()["charts"]
    lions = charts["lions"]
    assert lions["status"] == 404 and "no column 'lions'" in lions["error"], lions
    assert lions["alt"] == f"This chart cannot be drawn: {lions['error']}"
    assert image_title(client, lions["src"]) == f"404 Not Found: {lions['error']}"
    assert "error" not in charts["tigers"]


def test_the_page_shows_such_a_chart_without_a_version(client):
    appended_years(client, 1800, 100)
    html = client.get("/d/zoo").get_data(as_text=True)
    [image] = [tag for tag in html.split("<img ") if 'data-chart="years"' in tag]
    assert re.search(f'src="{reason_image_url("/d/zoo/years.svg")}"', image) and "data-version" not in image
    assert "This chart cannot be drawn: a bar chart may show at most 100 categories" in unescape(image)


def test_a_line_an_append_took_past_its_values_has_the_422_of_its_image(tmp_path, data_dir):
    boards = tmp_path / "boards"
    boards.mkdir()
    (boards / "zoo.toml").write_text(BOARD)
    client = writable_app(data_dir, DASHBOARD_DIRS=[str(boards)], LIMITS=Limits(max_points=50)).test_client()
    appended_years(client, 1900, 40)
    bears = client.get("/d/zoo/versions.json").get_json()["charts"]["bears"]
    assert bears["version"] is None and bears["status"] == 422, bears
    assert "at most 50 are allowed" in bears["alt"]
    assert client.get(bears["src"]).status_code == 422


def test_a_poll_reads_a_refused_charts_rows_once_a_version(client, monkeypatch):
    appended_years(client, 1800, 100)
    read = []
    drawn_data = chart_alt.drawn_data
    monkeypatch.setattr(chart_alt, "drawn_data", lambda chart: read.append(chart.spec.x) or drawn_data(chart))
    first = client.get("/d/zoo/versions.json").get_json()["charts"]
    assert read == ["year", "year"]  # both charts' words of the new version
    assert client.get("/d/zoo/versions.json").get_json()["charts"] == first
    assert read == ["year", "year"], "the second poll read the rows again"


def test_a_chart_drawn_again_has_its_version_back(tmp_path, data_dir):
    (data_dir / "shop.csv").write_text("item,sold\n" + "".join(f"i{n},{n}\n" for n in range(90)))
    boards = tmp_path / "boards"
    boards.mkdir()
    (boards / "shop.toml").write_text('refresh = 5\n[[charts]]\nid = "items"\ndataset = "shop"\nkind = "bar"\n')
    client = writable_app(data_dir, DASHBOARD_DIRS=[str(boards)]).test_client()
    with (data_dir / "shop.csv").open("a") as file:
        file.write("".join(f"j{n},{n}\n" for n in range(20)))
    refused = client.get("/d/shop/versions.json").get_json()["charts"]["items"]
    assert refused["version"] is None and refused["status"] == 422, refused
    (data_dir / "shop.csv").write_text("item,sold\ni1,1\ni2,2\n")
    drawn = client.get("/d/shop/versions.json").get_json()["charts"]["items"]
    assert drawn["version"] and "status" not in drawn and "?v=" in drawn["src"]
    assert drawn["alt"].startswith("Bar chart of sold by item")
    assert client.get(drawn["src"]).status_code == 200


def test_a_chart_its_database_computes_is_refused_once_a_version(data_dir):
    site, database = readings_dashboard(data_dir, 'kind = "bar"\nx = "t"\n')
    client = site.test_client()
    assert client.get("/d/r/versions.json").get_json()["charts"]["c"]["version"]
    body = "t,value\n" + "".join(f"{t},1\n" for t in range(30, 130))
    assert client.post("/api/datasets/readings/rows", data=body, headers=CSV_WRITE).status_code in (200, 201)
    asked = []
    counting(database, asked)
    refused = client.get("/d/r/versions.json").get_json()["charts"]["c"]
    assert refused["version"] is None and refused["status"] == 422, refused
    assert "at most 100 categories" in refused["alt"]
    assert client.get("/d/r/versions.json").get_json()["charts"]["c"] == refused
    assert asked == ["readings"], "the second poll asked the database again"
