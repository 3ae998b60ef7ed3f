"""Hostile requests: never a 500, always a valid body or an error of the right shape; text is data."""
from __future__ import annotations

import json
import re
import threading
from html.parser import HTMLParser
import xml.etree.ElementTree as ET

import matplotlib
import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from plots import KINDS, parse_spec, render_svg
from tests.error_image_text import error_status

CHART_PATHS = ["/d/animals/all", "/d/weather/yearly-rainfall", "/d/stations/temperature", "/d/stations/bears",
               "/plot/animals", "/plot/weather", "/plot/stations"]
FORMATS = ["svg", "png", "json", "csv"]
FIELDS = ["kind", "x", "y", "title", "xlabel", "ylabel", "width", "height", "theme", "xmin", "xmax", "ymin",
          "ymax", "legend", "text", "bins", "resample", "agg", "gap", "stack", "sort", "top", "series", "rolling",
          "cumulative", "change", "yline", "xline", "scale", "v",
          "errors",
          # the rows drawn: a time range and filter values
          "from", "to", "filter.station", "filter.year", "filter.Bear", "filter."]
COLUMNS = ["year", "Bear", "Deer", "Wolf", "date", "temperature_c", "rainfall_mm", "humidity_pct", "station"]

numbers = st.one_of(
    st.integers(-10**12, 10**12).map(str),
    st.floats(allow_nan=True, allow_infinity=True).map(repr),
    st.sampled_from(["0", "-0", "1e308", "-1e308", "1e-320", "2000", "100", "99", "2001", "3", "4"]),
)
values = st.one_of(
    numbers,
    st.sampled_from(list(KINDS) + COLUMNS + ["dark", "light", "path", "font", "true", "no", "year", "month", "sum",
                                             "2020-01-01", "1996-13-45", "Bear,Deer", "", "image", "now", "-7d",
                                             "P30D", "2025-03-01T12:00:00+14:00", "0001-01-01", "9999-12-31",
                                             "Airport", "2015"]),
    st.text(max_size=40),
    st.text(alphabet=st.characters(codec="utf-8"), max_size=300),
)
queries = st.lists(st.tuples(st.one_of(st.sampled_from(FIELDS), st.text(max_size=10)), values), max_size=6)


def check_body(response, fmt: str) -> None:
    status = response.status_code
    assert status != 500 and status < 600, response.data[:500]
    body = response.data
    if fmt == "png" and (status >= 400 or "X-Chart-Error" in response.headers):  # errors=image: a 200
        assert response.headers["Content-Type"] == "image/png"
        assert error_status(body) == str(status if status >= 400 else response.headers["X-Chart-Error"][:3])
    elif fmt == "svg" and (status >= 400 or "X-Chart-Error" in response.headers):
        assert response.headers["Content-Type"] == "image/svg+xml; charset=utf-8"
        ET.fromstring(body)
    elif fmt == "svg":
        assert status in (200, 304)
        assert ET.fromstring(body).tag.endswith("svg")
        assert b"<script" not in body.lower()
    elif fmt == "png":
        assert body[:8] == b"\x89PNG\r\n\x1a\n"
    elif fmt == "json":
        payload = json.loads(body)
        if status >= 400:
            assert set(payload) == {"ok", "status", "title", "error"} and payload["status"] == status
    elif fmt == "csv" and status == 200:
        assert response.mimetype == "text/csv"


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(path=st.sampled_from(CHART_PATHS), fmt=st.sampled_from(FORMATS), query=queries)
def test_any_query_string_on_a_chart_url_gets_a_valid_body_or_a_shaped_error(client, path, fmt, query):
    check_body(client.get(f"{path}.{fmt}", query_string=query), fmt)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(path=st.sampled_from(["/d/animals/all", "/d/stations/temperature", "/d/stations/bears"]), query=queries)
def test_any_query_string_on_a_chart_page_is_never_a_500(client, path, query):
    response = client.get(path, query_string=query)
    assert response.status_code in (200, 400, 404), response.data[:500]
    assert response.mimetype == "text/html"


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(path=st.sampled_from(["/d/animals", "/d/stations", "/d/stations.pdf", "/d/stations/versions.json"]),
       query=queries)
def test_any_query_string_on_a_dashboard_is_never_a_500(client, path, query):
    response = client.get(path, query_string=query)
    assert response.status_code in (200, 301, 302, 303, 308, 400, 404), response.data[:500]
    if response.status_code == 200 and path.endswith(".pdf"):
        assert response.data.startswith(b"%PDF-")


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(numerator=values, denominator=values)
def test_divide_never_fails_with_a_500(client, numerator, denominator):
    response = client.get("/divide.json", query_string={"numerator": numerator, "denominator": denominator})
    assert response.status_code in (200, 400)
    payload = json.loads(response.data)
    assert payload["ok"] is (response.status_code == 200)


ATTACK = '"><script>alert(1)</script><img src=x onerror=alert(2)>'


class MarkupCollector(HTMLParser):
    """The tags and attribute names a browser would build from a page."""

    def __init__(self):
        super().__init__()
        self.tags: list[str] = []
        self.attributes: set[str] = set()
        self.scripts: list[str | None] = []  # each script's src (None: an inline script)

    def handle_starttag(self, tag, attrs):
        self.tags.append(tag)
        self.attributes.update(name for name, _ in attrs)
        if tag == "script":
            self.scripts.append(dict(attrs).get("src"))


@pytest.mark.parametrize("field", ["title", "xlabel", "ylabel"])
def test_reflected_text_is_escaped_in_the_chart_page(client, field):
    page = client.get("/d/animals/all", query_string={field: ATTACK}).get_data(as_text=True)
    markup = MarkupCollector()
    markup.feed(page)
    assert len(markup.scripts) == 1  # the page's own, and only it
    assert re.fullmatch(r"/static/form-reset\.js\?v=[0-9a-f]{12}", markup.scripts[0] or ""), markup.scripts
    assert not any(name.startswith("on") for name in markup.attributes)
    assert "&lt;script&gt;" in page or field != "title"  # the title is shown, escaped


@pytest.mark.parametrize("field", ["title", "xlabel", "ylabel"])
def test_reflected_text_is_no_markup_in_the_svg(client, field):
    body = client.get("/d/animals/all.svg", query_string={field: ATTACK}).data
    root = ET.fromstring(body)
    tags = {element.tag.split("}")[1] for element in root.iter()}
    assert "script" not in tags and "img" not in tags
    assert b"<script" not in body


@pytest.mark.parametrize("url", ["/d/animals/all.svg?y=<script>", "/plot/animals.svg?kind=<script>",
                                 "/plot/animals.svg?x=<script>", "/d/animals/all?kind=<script>"])
def test_error_bodies_escape_what_the_request_sent(client, url):
    response = client.get(url)
    assert response.status_code in (400, 404)
    # The message names the bad value, escaped for the body's markup.
    assert b"&lt;script&gt;" in response.data and b"<script>" not in response.data


def test_unknown_parameter_error_is_escaped_in_html_pages(client):
    page = client.get("/d/animals/all", query_string={"<i>x</i>": "1"}).get_data(as_text=True)
    assert "<i>x</i>" not in page


def test_eight_threads_drawing_different_titles_get_their_serial_bytes(animals_frame):
    columns = {"year": "integer", "Bear": "integer", "Deer": "integer", "Wolf": "integer"}
    specs = [parse_spec({"title": [f"Thread {i} $x$"], "kind": [KINDS[i % len(KINDS)]], "theme": ["dark" if i % 2 else "light"]}, columns)
             for i in range(8)]
    serial = [render_svg(spec, animals_frame) for spec in specs]
    before = dict(matplotlib.rcParams)
    results: dict[int, bytes] = {}
    barrier = threading.Barrier(8)

    def draw(i: int) -> None:
        barrier.wait()
        for _ in range(3):
            results[i] = render_svg(specs[i], animals_frame)

    threads = [threading.Thread(target=draw, args=(i,)) for i in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert [results[i] for i in range(8)] == serial
    assert dict(matplotlib.rcParams) == before


def test_charts_never_set_cookies(client):
    response = client.get("/d/animals/all.svg")
    assert response.status_code == 200
    assert "Set-Cookie" not in response.headers


extreme = st.sampled_from(["-1e308", "1e308", "1e-300", "0", "-5", "5", "3000", "1e15", "-1e15", "2020-01-01", "1970-01-01", "9999-12-31"])
spec_fields = st.fixed_dictionaries(
    {"kind": st.sampled_from(KINDS)},
    optional={
        "y": st.sampled_from(["Bear", "Deer,Wolf", "temperature_c", "rainfall_mm,wind_kmh", "humidity_pct"]),
        "x": st.sampled_from(["year", "Bear", "date", "temperature_c"]),
        "width": st.sampled_from(["100", "101", "2000", "333"]),
        "height": st.sampled_from(["100", "2000", "157"]),
        "xmin": extreme, "xmax": extreme, "ymin": extreme, "ymax": extreme,
        "bins": st.sampled_from(["1", "2", "200"]),
        "resample": st.sampled_from(["day", "week", "month", "quarter", "year"]),
        "agg": st.sampled_from(["mean", "sum", "min", "max", "median", "count"]),
        "legend": st.sampled_from(["true", "false"]),
        "text": st.sampled_from(["font", "path"]),
        "theme": st.sampled_from(["light", "dark"]),
        "title": st.text(max_size=200),
    },
)


@settings(max_examples=120, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(path=st.sampled_from(["/plot/animals", "/plot/weather"]), fmt=st.sampled_from(["svg", "png"]), fields=spec_fields)
def test_any_plausible_spec_renders_or_is_refused_cleanly(client, path, fmt, fields):
    check_body(client.get(f"{path}.{fmt}", query_string=fields), fmt)


@pytest.mark.parametrize("query", ["kind=hist", "kind=line", "kind=box", "kind=area", "kind=scatter&x=value"])
def test_values_at_the_edge_of_floating_point_are_drawn_or_refused_not_a_500(client, data_dir, query):
    (data_dir / "huge.csv").write_text("n,value\n1,1.7e308\n2,-1.7e308\n3,5e-324\n")
    response = client.get(f"/plot/huge.svg?{query}")
    assert response.status_code in (200, 422)
    ET.fromstring(response.data)


@pytest.mark.parametrize("query", ["ymin=-1e308&ymax=1e308", "xmin=-1e308&xmax=1e308", "kind=hist&xmin=-1e308&xmax=1e308"])
def test_axis_ranges_that_would_overflow_are_a_400(client, query):
    response = client.get(f"/plot/animals.svg?{query}")
    assert response.status_code == 400
    assert b"between -1e150 and 1e150" in response.data


def test_a_data_file_with_control_characters_still_gives_valid_svg(client, data_dir):
    (data_dir / "odd.csv").write_text("name,value\nbell\x07,1\nnul\x01x,2\n")
    for query in ("kind=bar", "kind=barh", "kind=line&x=value&y=value"):
        response = client.get(f"/plot/odd.svg?{query}")
        assert response.status_code == 200
        ET.fromstring(response.data)


def test_column_names_with_control_characters_make_the_file_unreadable_with_a_valid_svg(client, data_dir):
    # An upload's header may not hold them either: they would break labels, URLs and CSV exports.
    (data_dir / "odd2.csv").write_text("when,a\x07b,c\x02\n1,2,3\n2,3,4\n")
    response = client.get("/plot/odd2.svg")
    assert response.status_code == 422
    assert "the control character U+0007" in "".join(ET.fromstring(response.data).itertext())


@pytest.fixture(scope="module")
def source_client(tmp_path_factory):
    """The site with the stations and animals samples as datasets of an SQLite source as well."""
    from app import create_app
    from tests.conftest import ROOT
    from tests.source_data import sources_toml, write_sqlite

    folder = tmp_path_factory.mktemp("hostile-source")
    url = write_sqlite(folder / "samples.db", {name: pd.read_csv(ROOT / "site" / "data" / f"{name}.csv")
                                               for name in ("stations", "animals")})
    datasets = {"stations_db": {"source": "db", "table": "stations"},
                "animals_db": {"source": "db", "sql": "SELECT * FROM animals"}}
    sources = sources_toml(folder / "sources.toml", {"db": {"url": url}}, datasets)
    (folder / "data").mkdir()
    return create_app({"TESTING": True, "DATA_DIR": str(folder / "data"), "SOURCES": str(sources),
                       "RENDER_WORKERS": 0}).test_client()


@settings(max_examples=150, deadline=None)
@given(path=st.sampled_from(["/plot/stations_db", "/plot/animals_db"]), fmt=st.sampled_from(FORMATS), query=queries)
def test_any_query_string_on_a_source_datasets_chart_gets_a_valid_body_or_a_shaped_error(source_client, path, fmt,
                                                                                          query):
    # Its rows are computed by the database (WHERE, GROUP BY, M4), from every value the URL brings.
    check_body(source_client.get(f"{path}.{fmt}", query_string=query), fmt)
