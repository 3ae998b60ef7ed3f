"""The data behind charts and the `run.py export` command: headers, rows, caching in production."""
from __future__ import annotations

import contextlib
import csv
import html
import io
import re
import sqlite3
import subprocess
import sys
import xml.etree.ElementTree as ET
from datetime import datetime, timedelta

import pandas as pd
import pytest

from app import create_app
from app.export import frame_csv, frame_json_rows
from tests.conftest import CSV_WRITE, ROOT, chart_v, writable_app

DATA_HEADERS = {
    "X-Content-Type-Options": "nosniff",
    "Content-Security-Policy": "default-src 'none'; frame-ancestors 'none'; sandbox",
    "Cross-Origin-Resource-Policy": "cross-origin",
    "Access-Control-Allow-Origin": "*",
}


def test_plot_csv_holds_exactly_the_rows_the_chart_draws(client):
    response = client.get("/plot/weather.csv?y=rainfall_mm&resample=year&agg=sum")
    assert response.status_code == 200
    assert response.headers["Content-Type"] == "text/csv; charset=utf-8"
    assert response.headers["Content-Disposition"] == 'inline; filename="weather.csv"'
    rows = list(csv.reader(io.StringIO(response.get_data(as_text=True))))
    drawn = client.get("/plot/weather.json?y=rainfall_mm&resample=year&agg=sum").get_json()
    assert rows[0] == drawn["columns"] == ["date", "sum of rainfall_mm"]  # as the chart's axis names them
    assert len(rows) - 1 == len(drawn["rows"]) == 30
    assert [row[0] for row in rows[1:]] == [row[0] for row in drawn["rows"]]


def test_csv_and_json_answers_carry_the_data_headers(client):
    for url in ("/plot/animals.csv", "/plot/animals.json", "/datasets/animals.csv", "/datasets/animals.json",
                "/d/animals/all.csv", "/d/animals/all.json"):
        headers = client.get(url).headers
        for name, value in DATA_HEADERS.items():
            assert headers[name] == value, (url, name)
        assert "Set-Cookie" not in headers


def test_production_lets_caches_keep_an_unversioned_chart_for_a_minute(data_dir, monkeypatch):
    monkeypatch.setenv("SVGPLOTS_ENV", "production")
    client = create_app({"DATA_DIR": str(data_dir), "RENDER_WORKERS": 0}).test_client()
    assert client.get("/d/animals/all.svg").headers["Cache-Control"] == "public, max-age=60, must-revalidate"
    src = client.get("/d/animals/versions.json").get_json()["charts"]["all"]["src"]  # as the page has it
    pinned = client.get(src).headers["Cache-Control"]
    assert pinned == "public, max-age=31536000, immutable"


def test_development_makes_caches_revalidate_an_unversioned_chart(client):
    assert client.get("/d/animals/all.svg").headers["Cache-Control"] == "public, no-cache"


def test_run_py_export_writes_every_dashboard_chart_as_the_site_serves_it(app, data_dir, tmp_path):
    out = tmp_path / "export"  # without --out, ./export, as README says
    done = subprocess.run([sys.executable, str(ROOT / "run.py"), "export", "--data-dir", str(data_dir)],
                          cwd=tmp_path, capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr
    client = app.test_client()
    expected = [(name, chart.id) for name, board in app.extensions["svgplots"].dashboards.items()
                for chart in board.charts]
    written = sorted(p.relative_to(out).as_posix() for p in out.rglob("*.svg"))
    assert written == sorted(f"{name}/{chart}.svg" for name, chart in expected)
    for name, chart in expected:
        body = (out / name / f"{chart}.svg").read_bytes()
        assert ET.fromstring(body).tag.endswith("svg")
        assert body == client.get(f"/d/{name}/{chart}.svg").data
    assert done.stdout.count("200 ") == len(expected)


def _exported_moments(client, name: str) -> list[list[str]]:
    """The first column as each export of the dataset `name` writes it: its JSON and CSV, its chart's."""
    written = []
    for url in (f"/datasets/{name}.json", f"/plot/{name}.json?y=v"):
        written.append([row[0] for row in client.get(url).get_json()["rows"]])
    for url in (f"/datasets/{name}.csv", f"/plot/{name}.csv?y=v"):
        written.append([row[0] for row in csv.reader(io.StringIO(client.get(url).get_data(as_text=True)))][1:])
    return written


HOURLY_CSV = "t,v\n2024-01-01T00:00:00,1\n2024-01-01T06:00:00+02:00,2\n2024-01-01T12:00:00Z,3\n"


def test_a_column_of_dates_and_times_is_written_in_one_format_in_every_export(tmp_path):
    client = writable_app(tmp_path, RENDER_WORKERS=0).test_client()
    made = client.post("/api/datasets?name=hourly&title=Hourly", headers=CSV_WRITE, data=HOURLY_CSV)
    assert made.status_code == 201
    expected = ["2024-01-01T00:00:00Z", "2024-01-01T04:00:00Z", "2024-01-01T12:00:00Z"]
    assert _exported_moments(client, "hourly") == [expected] * 4


def test_exported_times_say_they_are_utc_so_a_reader_does_not_take_them_as_local(tmp_path):
    client = writable_app(tmp_path, RENDER_WORKERS=0).test_client()
    assert client.post("/api/datasets?name=hourly&title=Hourly", headers=CSV_WRITE, data=HOURLY_CSV).status_code == 201
    for written in _exported_moments(client, "hourly"):
        moments = [datetime.fromisoformat(text) for text in written]
        assert [m.utcoffset() for m in moments] == [timedelta(0)] * 3, written
    page = client.get("/datasets/hourly").get_data(as_text=True)
    assert "<td>2024-01-01T04:00:00Z</td>" in page


def test_an_exported_csv_uploaded_again_holds_the_same_moments(tmp_path):
    client = writable_app(tmp_path, RENDER_WORKERS=0).test_client()
    assert client.post("/api/datasets?name=hourly&title=Hourly", headers=CSV_WRITE, data=HOURLY_CSV).status_code == 201
    exported = client.get("/datasets/hourly.csv").get_data(as_text=True)
    again = client.post("/api/datasets?name=again&title=Again", headers=CSV_WRITE, data=exported)
    assert again.status_code == 201, again.data
    assert client.get("/datasets/again.json").get_json()["rows"] == client.get("/datasets/hourly.json").get_json()["rows"]
    assert client.get("/datasets/again.csv").get_data(as_text=True) == exported


def test_the_alt_text_writes_a_moment_as_the_exports_do_with_its_z(tmp_path):
    client = writable_app(tmp_path, RENDER_WORKERS=0).test_client()
    assert client.post("/api/datasets?name=hourly&title=Hourly", headers=CSV_WRITE, data=HOURLY_CSV).status_code == 201
    page = client.get("/datasets/hourly").get_data(as_text=True)
    [alt] = re.findall(r'<img[^>]* alt="([^"]*)"', page)
    assert "t from 2024-01-01T00:00:00Z to 2024-01-01T12:00:00Z." in alt


def test_a_column_of_midnights_is_written_as_dates(tmp_path):
    client = writable_app(tmp_path, RENDER_WORKERS=0).test_client()
    made = client.post("/api/datasets?name=daily&title=Daily", headers=CSV_WRITE,
                       data="t,v\n2024-01-01T00:00:00,1\n2024-01-02,2\n,3\n")
    assert made.status_code == 201
    written = _exported_moments(client, "daily")
    assert written[:2] == [["2024-01-01", "2024-01-02", None], ["2024-01-01", "2024-01-02"]]
    assert written[2:] == [["2024-01-01", "2024-01-02", ""], ["2024-01-01", "2024-01-02"]]


def test_a_fraction_of_a_second_is_written_with_its_digits_alone():
    frame = pd.DataFrame({"t": pd.to_datetime(["2024-01-01T06:00:00", "2024-01-01T06:00:00.5"], format="ISO8601"), "v": [1, 2]})
    assert frame_json_rows(frame) == [["2024-01-01T06:00:00Z", 1], ["2024-01-01T06:00:00.5Z", 2]]


def test_the_first_rows_of_a_table_are_written_as_the_whole_column_is():
    frame = pd.DataFrame({"t": pd.to_datetime(["2024-01-01", "2024-01-02", "2024-01-02T06:00"], format="ISO8601"), "v": [1, 2, 3]})
    assert frame_json_rows(frame, limit=1) == [["2024-01-01T00:00:00Z", 1]]


def test_a_moment_among_other_values_is_written_as_utc_too():
    frame = pd.DataFrame({"a": pd.Series([pd.Timestamp("2024-01-01T06:00"), pd.Timestamp("2024-01-02"), "x"], dtype=object)})
    assert frame_json_rows(frame) == [["2024-01-01T06:00:00Z"], ["2024-01-02"], ["x"]]
    assert frame_csv(frame) == "a\n2024-01-01T06:00:00Z\n2024-01-02\nx\n"


IMMUTABLE = "public, max-age=31536000, immutable"


def _chart_urls(query: str) -> dict[str, str]:
    """The weather dashboard's temperature chart at `query` as .svg, .json and .csv."""
    return {ext: f"/d/weather/temperature.{ext}{query}" for ext in ("svg", "json", "csv")}


def test_chart_data_urls_are_cached_as_the_chart_at_the_same_url_is(data_dir):
    client = create_app({"TESTING": True, "DATA_DIR": str(data_dir), "RENDER_WORKERS": 0, "CHART_MAX_AGE": 60,
                         "CLOCK": lambda: datetime(2026, 12, 1, 10)}).test_client()
    src = client.get("/d/weather/versions.json").get_json()["charts"]["temperature"]["src"]
    current = "?" + src.partition("?")[2]
    # A range relative to now stays right until the end of the day, 14 hours on.
    for query, expected in ((current, IMMUTABLE), (current + "&from=now-7d/d", "public, max-age=50400, must-revalidate"),
                            ("?v=1", "public, max-age=60, must-revalidate"), ("", "public, max-age=60, must-revalidate")):
        answers = {ext: client.get(url) for ext, url in _chart_urls(query).items()}
        assert {ext: a.status_code for ext, a in answers.items()} == {"svg": 200, "json": 200, "csv": 200}, query
        controls = {ext: a.headers.get("Cache-Control") for ext, a in answers.items()}
        assert controls == {"svg": expected, "json": expected, "csv": expected}, query


@pytest.mark.parametrize("ext", ["json", "csv"])
def test_chart_data_revalidates_with_a_304_in_every_encoding(client, ext):
    src = client.get("/d/weather/versions.json").get_json()["charts"]["temperature"]["src"]
    url = src.replace("/temperature.svg?", f"/temperature.{ext}?")
    for encoding in ("identity", "gzip", "br"):
        first = client.get(url, headers={"Accept-Encoding": encoding})
        assert first.status_code == 200 and first.headers["Cache-Control"] == IMMUTABLE
        etag = first.headers["ETag"]
        again = client.get(url, headers={"Accept-Encoding": encoding, "If-None-Match": etag})
        assert again.status_code == 304 and again.data == b"", (encoding, etag)
        assert again.headers["ETag"] == etag
    plain = client.get(url).headers["ETag"]
    assert client.get(url, headers={"Accept-Encoding": "gzip"}).headers["ETag"] == plain[:-1] + '-gz"'


@pytest.mark.parametrize("ext", ["json", "csv"])
def test_a_dataset_file_with_its_current_v_is_cached_for_good_and_revalidates(client, ext):
    described = client.get("/api/datasets/weather").get_json()["dataset"]
    pinned = client.get(described[ext])  # its URL with the `v` of its version
    assert pinned.status_code == 200 and pinned.headers["Cache-Control"] == IMMUTABLE
    again = client.get(described[ext], headers={"If-None-Match": pinned.headers["ETag"]})
    assert again.status_code == 304 and again.data == b""
    # Unversioned, and with the bare version these URLs were once written with.
    for url in (f"/datasets/weather.{ext}", f"/datasets/weather.{ext}?v={described['version']}"):
        answer = client.get(url)
        assert answer.headers["Cache-Control"] == "public, no-cache", url
        assert answer.headers["ETag"] == pinned.headers["ETag"] and answer.data == pinned.data, url


def test_a_new_version_gives_a_dataset_file_a_new_etag_and_the_new_rows(tmp_path):
    client = writable_app(tmp_path, RENDER_WORKERS=0).test_client()
    assert client.post("/api/datasets?name=hourly&title=Hourly", headers=CSV_WRITE, data=HOURLY_CSV).status_code == 201
    before = {url: client.get(url) for url in ("/datasets/hourly.csv", "/plot/hourly.json?y=v")}
    appended = client.post("/api/datasets/hourly/rows", headers=CSV_WRITE, data="t,v\n2024-01-02,4\n")
    assert appended.status_code == 200, appended.data
    for url, old in before.items():
        new = client.get(url, headers={"If-None-Match": old.headers["ETag"]})
        assert new.status_code == 200 and new.headers["ETag"] != old.headers["ETag"], url
        assert b"2024-01-02" in new.data and b"2024-01-02" not in old.data, url


def test_data_of_a_source_dataset_is_kept_no_longer_than_its_cache_seconds(tmp_path, data_dir):
    database = tmp_path / "shop.db"
    with contextlib.closing(sqlite3.connect(database)) as connection, connection:
        connection.execute("CREATE TABLE w (day DATETIME, v REAL)")
        connection.executemany("INSERT INTO w VALUES (?, ?)", [(f"2025-03-{day:02d}", day) for day in range(1, 29)])
    (tmp_path / "sources.toml").write_text(f'[sources.shop]\nurl = "sqlite:///{database}"\ncache_seconds = 30\n\n'
                                           '[datasets.shopw]\nsource = "shop"\ntable = "w"\n')
    client = create_app({"TESTING": True, "DATA_DIR": str(data_dir), "SOURCES": str(tmp_path / "sources.toml"),
                         "RENDER_WORKERS": 0, "CHART_MAX_AGE": 3600}).test_client()
    version = client.get("/api/datasets/shopw").get_json()["dataset"]["version"]
    v = chart_v(client.application, version)
    for url in (f"/plot/shopw.svg?v={v}", f"/plot/shopw.json?v={v}", "/plot/shopw.csv",
                f"/datasets/shopw.json?v={version}", "/datasets/shopw.csv"):
        response = client.get(url)
        assert response.status_code == 200, (url, response.data[:200])
        assert response.headers["Cache-Control"] == "public, max-age=30, must-revalidate", url


@pytest.mark.parametrize("ext", ["json", "csv"])
def test_an_unknown_parameter_on_a_dataset_file_is_a_400_listing_what_it_takes(client, ext):
    for sent, named in (("colour=1", "'colour'"), ("error=image", "'error' (did you mean 'errors'?)"),
                        ("froom=1", "'froom' (did you mean 'from'? it applies to a chart's URL (such as /plot/weather.svg))")):
        response = client.get(f"/datasets/weather.{ext}?{sent}")
        assert response.status_code == 400
        assert f"unknown parameter {named}; the parameters are v, errors" in response.get_data(as_text=True)
    version = client.get("/api/datasets/weather").get_json()["dataset"]["version"]
    assert client.get(f"/datasets/weather.{ext}?v={version}&errors=image").status_code == 200


@pytest.mark.parametrize("ext", ["json", "csv"])
@pytest.mark.parametrize("sent", ["from=2024-01-01", "x=date", "title=Rain", "filter.station=a"])
def test_a_charts_parameter_on_a_dataset_file_says_it_applies_to_a_charts_url(client, ext, sent):
    response = client.get(f"/datasets/weather.{ext}?{sent}")
    assert response.status_code == 400
    name = sent.partition("=")[0]
    assert (f"{name} applies to a chart's URL (such as /plot/weather.svg), not .{ext}; the parameters are v, errors"
            in html.unescape(response.get_data(as_text=True)))


SPACES_CSV = 's\na\n" "\n"  \t "\nb\n'
SPACES_ROWS = [["a"], [" "], ["  \t "], ["b"]]


def test_a_text_of_white_space_alone_in_its_row_is_exported_quoted_and_uploaded_again_whole(tmp_path):
    # Unquoted, its line is blank, and a CSV reader (the site's upload too) skips it as no row.
    client = writable_app(tmp_path, RENDER_WORKERS=0).test_client()
    assert client.post("/api/datasets?name=sp1", headers=CSV_WRITE, data=SPACES_CSV).status_code == 201
    assert client.get("/datasets/sp1.json").get_json()["rows"] == SPACES_ROWS
    exported = client.get("/datasets/sp1.csv").get_data(as_text=True)
    assert exported == 's\na\n" "\n"  \t "\nb\n'
    again = client.post("/api/datasets?name=sp2", headers=CSV_WRITE, data=exported)
    assert again.status_code == 201, again.data
    assert again.get_json()["rows_total"] == 4
    assert client.get("/datasets/sp2.json").get_json()["rows"] == SPACES_ROWS


def test_a_source_datasets_text_of_white_space_is_exported_quoted(tmp_path, data_dir):
    database = tmp_path / "shop.db"
    with contextlib.closing(sqlite3.connect(database)) as connection, connection:
        connection.execute("CREATE TABLE notes (s TEXT)")
        connection.executemany("INSERT INTO notes VALUES (?)", [("a",), (" ",), ("\t ",)])
    (tmp_path / "sources.toml").write_text(f'[sources.shop]\nurl = "sqlite:///{database}"\n\n'
                                           '[datasets.notes]\nsource = "shop"\ntable = "notes"\n')
    client = create_app({"TESTING": True, "DATA_DIR": str(data_dir), "SOURCES": str(tmp_path / "sources.toml"),
                         "RENDER_WORKERS": 0}).test_client()
    exported = client.get("/datasets/notes.csv").get_data(as_text=True)
    # A text starting with a tab is neutralised as a formula would be, and its line is not blank.
    assert exported == "s\na\n\" \"\n\"'\t \"\n"  # quoted for its tab
    assert [row for row in csv.reader(io.StringIO(exported))] == [["s"], ["a"], [" "], ["'\t "]]


def test_a_blank_text_among_other_cells_is_written_as_the_csv_writer_writes_it():
    frame = pd.DataFrame({"s": [" ", ""], "n": [1, 2]})
    assert frame_csv(frame) == "s,n\n ,1\n,2\n"
    assert frame_csv(pd.DataFrame({"s": ["", None]})) == 's\n""\n""\n'


def test_a_text_holding_a_semicolon_or_a_tab_is_quoted_and_each_formula_after_one_neutralised(client, data_dir):
    # A spreadsheet whose list separator is `;` splits a line there, quoted or not where the cell is not
    # the line's first: each piece after one is a cell of its own, run as a formula where it starts as one.
    (data_dir / "sheet.csv").write_text('n,name\n1,"a;=HYPERLINK(""http://x"",""y"")"\n2,b;c\n3,"x;""@y"\n'
                                        '4,p;-1\n5,"tab\t+1"\n')
    exported = client.get("/datasets/sheet.csv").get_data()
    assert exported == ('n,name\n1,"a;\'=HYPERLINK(""http://x"",""y"")"\n2,"b;c"\n3,"x;\'""@y"\n'
                        '4,"p;\'-1"\n5,"tab\t\'+1"\n').encode()
    for line in exported.decode().splitlines()[1:]:
        for piece in re.split("[;\t]", line.split(",", 1)[1]):
            assert not piece.lstrip('"').startswith(("=", "+", "-", "@")), piece


def test_numbers_and_plain_text_are_written_as_before_beside_a_semicolon():
    frame = pd.DataFrame({"n": [1.5, -2.0], "t": ["plain text", "a; b"], "d": ["2024-01-01", "x"]})
    assert frame_csv(frame) == 'n,t,d\n1.5,plain text,2024-01-01\n-2.0,"a; b",x\n'


def test_a_column_name_holding_a_semicolon_formula_is_neutralised():
    assert frame_csv(pd.DataFrame({"a;=1+1": [1]})) == "\"a;'=1+1\"\n1\n"
