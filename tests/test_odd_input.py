"""Odd but possible input found by review: each once a 500, now drawn or refused with a 4xx."""
from __future__ import annotations

import html
import itertools
import sqlite3
import xml.etree.ElementTree as ET

import numpy as np
import pandas as pd
import pytest

from werkzeug.test import EnvironBuilder, run_wsgi_app

from app.store.cell_values import integer_fixed
from plots import KINDS, SpecError, parse_spec, render_svg
from plots.text import quoted

from tests.conftest import CSV_WRITE, JSON_WRITE, writable_app
from tests.error_image_text import answer_text, error_status
from tests.source_data import sources_toml

CSV, JSON = CSV_WRITE, JSON_WRITE


@pytest.fixture
def app(data_dir):
    return writable_app(data_dir)


@pytest.mark.parametrize("query", ["", "?kind=scatter", "?kind=area", "?kind=bar"])
def test_a_text_x_column_with_an_empty_cell_is_drawn_without_that_row(client, query):
    assert client.post("/api/datasets?name=tx", data="n,v\nb,1\n,2\nc,3\n", headers=CSV).status_code == 201
    response = client.get(f"/plot/tx.svg{query}")
    assert response.status_code == 200
    assert "2 rows" in ET.fromstring(response.data).find("{http://www.w3.org/2000/svg}desc").text


@pytest.mark.parametrize("url", ["/plot/weather.svg?width=%C2%B2", "/nope.svg?width=%C2%B2", "/plot/weather.png?scale=%C2%B2"])
def test_non_ascii_digits_in_sizes_are_a_400_not_a_crash(client, url):
    response = client.get(url)
    assert response.status_code in (400, 404)
    assert error_status(response.data) == str(response.status_code)  # an error image, a .png's a PNG


@pytest.mark.parametrize("query", ["xmin=2020-01-01T00:00:00%2B05:00&xmax=2021-01-01", "xmin=2020-01-01T00:00:00Z",
                                   "kind=hist&xmin=5", "xmin=9999-12-31T23:59:59-01:00"])
def test_date_bounds_with_a_time_zone_are_compared_as_utc(client, query):
    response = client.get(f"/plot/weather.svg?{query}")
    assert response.status_code in (200, 400), response.data[:300]
    ET.fromstring(response.data)


def test_a_histogram_takes_number_bounds_even_when_x_holds_dates(client):
    assert client.get("/plot/weather.svg?kind=hist&y=temperature_c&xmin=0&xmax=10").status_code == 200
    response = client.get("/plot/weather.svg?kind=hist&y=temperature_c&xmin=2020-01-01")
    assert response.status_code == 400 and b"number" in response.data


def test_a_data_file_with_zoned_times_takes_plain_date_bounds(client, data_dir):
    (data_dir / "zoned.csv").write_text("t,v\n2020-01-01T00:00:00Z,1\n2020-06-01T00:00:00Z,2\n2021-01-01T00:00:00Z,3\n")
    assert client.get("/plot/zoned.svg?xmin=2020-03-01").status_code == 200


def test_integers_of_thousands_of_digits_are_refused_not_a_crash(client):
    long = "1" * 5000
    assert client.post("/api/datasets?name=a", data=f"a,b\n{long},1\n", headers=CSV).status_code == 400
    assert client.post("/api/datasets?name=b", data="a,b\n1,2\n", headers=CSV).status_code == 201
    assert client.post("/api/datasets/b/rows", data=f"a,b\n{long},1\n", headers=CSV).status_code == 400
    assert client.post("/api/datasets/b/rows", data=f'[{{"a": {long}, "b": 1}}]', headers=JSON).status_code == 400
    assert client.get("/api/datasets/b").get_json()["dataset"]["row_count"] == 1


def test_a_time_zone_that_pushes_a_date_out_of_range_is_refused(client):
    response = client.post("/api/datasets?name=d", data="d,v\n9999-12-31T23:59:59-01:00,1\n", headers=CSV)
    assert response.status_code == 400 and "out of the range" in response.get_json()["error"]


def test_a_form_post_with_a_malformed_origin_is_a_403(client):
    response = client.post("/upload", headers={"Origin": "http://["}, data={"name": "x"})
    assert response.status_code == 403


def test_one_unreadable_data_file_leaves_the_index_the_list_and_dashboards_standing(client, data_dir):
    (data_dir / "broken.csv").write_bytes(b'a,b\n"unclosed,1\n\xff\xfe,2\n')
    index = client.get("/")
    assert index.status_code == 200 and b"broken" in index.data
    listed = client.get("/api/datasets").get_json()["datasets"]
    assert [d["name"] for d in listed] == ["animals", "broken", "stations", "weather"]
    assert "error" in listed[1] and "columns" in listed[0]
    assert client.get("/d/animals").status_code == 200
    assert client.get("/plot/broken.svg").status_code == 422


def test_a_data_file_separated_by_semicolons_says_so_in_an_upload_s_words(client, data_dir):
    (data_dir / "semi.csv").write_text("month;units\n2024-01-01;5\n", encoding="utf-8")
    listed = {d["name"]: d for d in client.get("/api/datasets").get_json()["datasets"]}
    refused = ("the header is one column, 'month;units': the file separates values with semicolons; save it as CSV "
               "with commas between values, or use the workbook (.xlsx) itself, which the site reads as it is")
    assert listed["semi"]["error"] == f"dataset 'semi' cannot be read as CSV: {refused}"
    upload = client.post("/api/datasets?name=semi2", data=b"month;units\n2024-01-01;5\n", headers=CSV_WRITE)
    assert upload.status_code == 400 and upload.get_json()["error"] == refused
    response = client.get("/plot/semi.svg")
    assert response.status_code == 422 and b"separates values with semicolons" in response.data


def test_a_data_file_separated_by_vertical_bars_says_so_in_an_upload_s_words(client, data_dir):
    # As `psql -A` and many database exports write rows; it was one column of text, without a word.
    (data_dir / "piped.csv").write_text("month|units\n2024-01-01|5\n", encoding="utf-8")
    refused = ("the header is one column, 'month|units': the file separates values with vertical bars (|); save it "
               "as CSV with commas between values")
    assert client.get("/api/datasets/piped").get_json()["error"] == f"dataset 'piped' cannot be read as CSV: {refused}"
    upload = client.post("/api/datasets?name=piped2", data=b"month|units\n2024-01-01|5\n", headers=CSV_WRITE)
    assert upload.status_code == 400 and upload.get_json()["error"] == refused
    quoted = client.post("/api/datasets?name=piped3", data=b'"month"|"units"\n"2024-01-01"|5\n', headers=CSV_WRITE)
    assert quoted.status_code == 400 and "the file separates values with vertical bars (|)" in quoted.get_json()["error"]


def test_columns_named_with_commas_or_spaces_can_be_charted(client):
    body = 'when,"a, b", c \n1,2,3\n2,3,4\n'
    assert client.post("/api/datasets?name=odd", data=body, headers=CSV).status_code == 201
    assert client.get("/datasets/odd").status_code == 200
    assert client.get("/plot/odd.svg", query_string={"y": "a, b"}).status_code == 200
    assert client.get("/plot/odd.svg", query_string={"y": " c ", "x": "when"}).status_code == 200
    assert client.get("/plot/odd.svg", query_string={"y": "a,b"}).status_code == 404


def test_a_body_declaring_another_character_set_is_a_415(client):
    headers = {**CSV, "Content-Type": "text/csv; charset=latin-1"}
    response = client.post("/api/datasets?name=l1", data="a,b\n\xe9,1\n".encode("latin-1"), headers=headers)
    assert response.status_code == 415 and "UTF-8" in response.get_json()["error"]
    headers = {**CSV, "Content-Type": "text/csv; charset=UTF-8"}
    assert client.post("/api/datasets?name=u8", data="a,b\né,1\n".encode(), headers=headers).status_code == 201


@pytest.mark.parametrize(("csv", "query"), [
    ("n,v,w\na,,1\nb,,2\n", "?x=n&y=v&kind=scatter"),  # a column without a single value
    ("n,v,w\na,,1\nb,,2\n", "?x=n&y=v,w&kind=scatter"),
])
def test_a_text_x_chart_with_nothing_to_place_is_drawn_empty(client, csv, query):
    assert client.post("/api/datasets?name=tx", data=csv, headers=CSV).status_code == 201
    response = client.get(f"/plot/tx.svg{query}")
    assert response.status_code == 200, response.data[:300]
    ET.fromstring(response.data)


def test_an_area_chart_of_a_data_file_whose_bounds_leave_no_rows_is_drawn_empty(client, data_dir):
    # A file of a header alone is no dataset (its columns have no type: tests/test_unreadable_data_files.py).
    (data_dir / "nothing.csv").write_text("n,v\n1,2\n", encoding="utf-8")
    response = client.get("/plot/nothing.svg?x=n&y=v&kind=area&xmin=5")
    assert response.status_code == 200, response.data[:300]
    ET.fromstring(response.data)


X_COLUMNS = {  # x columns of each type, as the stores give them, and with every value missing
    "text": lambda n: pd.Series([f"c{i % 3}" for i in range(n)], dtype="str"),
    "missing text": lambda n: pd.Series([None] * n, dtype="str"),
    "integer": lambda n: pd.Series(np.arange(n, dtype=np.int64)),
    "missing float": lambda n: pd.Series([np.nan] * n),
    "datetime": lambda n: pd.Series(pd.date_range("2024-01-01", periods=n, freq="D")).astype("datetime64[us]"),
    "missing datetime": lambda n: pd.Series([pd.NaT] * n, dtype="datetime64[us]"),
}
Y_COLUMNS = {"values": lambda n: np.arange(n, dtype=float), "missing": lambda n: np.full(n, np.nan),
             "every other missing": lambda n: np.where(np.arange(n) % 2 == 0, np.nan, np.arange(n, dtype=float))}


@pytest.mark.parametrize("kind", sorted(KINDS))
@pytest.mark.parametrize("x_column", X_COLUMNS)
def test_every_kind_draws_or_refuses_any_x_type_with_no_rows_or_missing_values(kind, x_column):
    site_type = {"text": "text", "integer": "integer", "float": "float", "datetime": "datetime"}[
        x_column.split()[-1]]
    for (y_name, y_values), rows in itertools.product(Y_COLUMNS.items(), (0, 1, 3)):
        frame = pd.DataFrame({"x": X_COLUMNS[x_column](rows), "y": y_values(rows), "z": np.ones(rows)})
        try:
            spec = parse_spec({"x": ["x"], "y": ["y,z"], "kind": [kind]}, {"x": site_type, "y": "float", "z": "float"})
            svg = render_svg(spec, frame)
        except SpecError:
            continue  # refused with a message: a 4xx
        assert ET.fromstring(svg).tag.endswith("svg"), (y_name, rows)


@pytest.mark.parametrize("fmt", ["svg", "png", "json", "csv"])
@pytest.mark.parametrize("kind", ["line", "bar"])
def test_the_last_week_of_9999_is_charted_by_its_monday(client, fmt, kind):
    # Its Sunday is in 9999 too, as is the Monday that names it (the Sunday after it, which named
    # weeks before, is in the year 10000, and such rows were left out).
    assert client.post("/api/datasets?name=end", data="day,v\n9999-12-01,0\n9999-12-10,1\n9999-12-26,1\n"
                       "9999-12-27,2\n9999-12-31,2\n", headers=CSV).status_code == 201
    assert client.get(f"/plot/end.{fmt}?kind={kind}&resample=week").status_code == 200
    weeks = client.get(f"/plot/end.json?kind={kind}&resample=week&agg=sum").json["rows"]
    assert weeks == [["9999-11-29", 0], ["9999-12-06", 1], ["9999-12-13", 0], ["9999-12-20", 1], ["9999-12-27", 4]]
    assert client.get(f"/plot/end.json?kind={kind}&resample=month&agg=sum").json["rows"] == [["9999-12-01", 6]]


@pytest.mark.parametrize("over", [(2**63 - 1, 1), (-2**63, -1)])
@pytest.mark.parametrize("chart", ["x=day&y=b&resample=day", "x=day&y=b&resample=day&kind=bar", "x=day&y=b&kind=bar"])
def test_an_integer_sum_past_64_bits_is_a_422_saying_so(client, chart, over):
    # pandas sums int64 around: 2**63 - 1 and 1 summed to -2**63. A source database answers this 422.
    days = [("2024-01-01", over[0]), ("2024-01-01", over[1]), ("2024-01-02", 2**63 - 1), ("2024-01-02", 1),
            ("2024-01-02", -1), ("2024-01-03", -2**62), ("2024-01-03", -2**62), ("2024-01-04", 2**62 + 1),
            ("2024-01-04", 2**62 - 2)]
    body = "day,b\n" + "".join(f"{day},{b}\n" for day, b in days)
    assert client.post("/api/datasets?name=big", data=body, headers=CSV).status_code == 201
    for fmt in ("json", "svg", "png", "csv"):
        response = client.get(f"/plot/big.{fmt}?{chart}&agg=sum")
        assert response.status_code == 422, (fmt, response.data[:300])
    error = client.get(f"/plot/big.json?{chart}&agg=sum").json["error"]
    assert error == ("the sum of b in one day is beyond what a 64-bit integer holds (-9,223,372,036,854,775,808 "
                     "to 9,223,372,036,854,775,807); chart agg=mean or agg=max instead, or narrow the rows")
    # Without that day the sums are exact, though as floats they would round past 2**53.
    rows = client.get(f"/plot/big.json?{chart}&agg=sum&xmin=2024-01-02").json["rows"]
    assert rows == [["2024-01-02", 2**63 - 1], ["2024-01-03", -2**63], ["2024-01-04", 2**63 - 1]]
    # Other aggregates hold any rows.
    expected = {"count": [2, 3, 2, 2], "max": [max(over), 2**63 - 1, -2**62, 2**62 + 1],
                "min": [min(over), -1, -2**62, 2**62 - 2]}
    for agg, values in expected.items():
        rows = client.get(f"/plot/big.json?{chart}&agg={agg}").json["rows"]
        assert [b for _, b in rows] == values, agg
    for agg in ("mean", "median"):
        assert client.get(f"/plot/big.json?{chart}&agg={agg}").status_code == 200


@pytest.mark.parametrize("path", ["/plot/animals.svg", "/plot/animals.json", "/d/stations", "/"])
def test_a_query_string_of_raw_bytes_that_are_not_utf8_is_a_400(app, path):
    # Sent without percent-encoding, by a client going around the HTTP rules (WSGI carries the bytes
    # as latin-1 text); werkzeug cannot decode its parameters.
    environ = EnvironBuilder(path=path).get_environ()
    environ["QUERY_STRING"] = "title=\xff"
    body, status, headers = run_wsgi_app(app.wsgi_app, environ)
    assert status.startswith("400")
    assert b"the query string is not UTF-8: the byte 0xff at offset 6" in b"".join(body)
    # Raw UTF-8 is read as it is: a chart takes the title; a dashboard page and the front page, which
    # take no such parameter, name the parameter they were sent, decoded.
    environ["QUERY_STRING"] = "title=caf\xc3\xa9" if path.startswith("/plot/") else "caf\xc3\xa9=1"
    body, status, headers = run_wsgi_app(app.wsgi_app, environ)
    if not path.startswith("/plot/"):
        assert status.startswith("400") and "unknown parameter 'café'" in html.unescape(b"".join(body).decode())
    else:
        assert status.startswith("200")


@pytest.mark.parametrize("url", ["/plot/animals.png?scale=2&scale=9", "/plot/animals.png?scale=9&scale=2",
                                 "/plot/animals.svg?v=1&v=2", "/d/animals/bears.svg?v=1&v=1"])
def test_a_format_option_or_version_given_twice_is_a_400(client, url):
    response = client.get(url)
    assert response.status_code == 400
    assert "times; give it once" in answer_text(response)


@pytest.mark.parametrize("path", ["/d/stations", "/d/stations.pdf", "/d/stations/versions.json"])
def test_a_dashboard_parameter_that_is_not_utf8_is_a_400_naming_it(client, path):
    response = client.get(f"{path}?filter.station=%FF")
    assert response.status_code == 400
    assert "filter.station" in response.get_data(as_text=True) and "UTF-8" in response.get_data(as_text=True)


def drawn_texts(svg: bytes) -> list[str]:
    return [text.text for text in ET.fromstring(svg).iter("{http://www.w3.org/2000/svg}text")]


@pytest.mark.parametrize("kind", KINDS)
def test_rows_whose_values_are_all_missing_draw_a_note_for_every_kind_and_format(client, kind):
    csv = "day,a,b\n2024-01-01,,\n2024-01-02,,\n2024-01-03,,\n"
    assert client.post("/api/datasets?name=blank", data=csv, headers=CSV).status_code == 201
    svg = client.get(f"/plot/blank.svg?kind={kind}&y=a,b&title=Blank")
    assert svg.status_code == 200, svg.data[:300]
    # A histogram's rows are those holding a value its bars count, here none; it says of the rows
    # chosen what every kind says of them.
    note = "No values to draw"
    assert drawn_texts(svg.data)[:2] == ["Blank", note]
    assert not any(digit in text for text in drawn_texts(svg.data) for digit in "0123456789")
    for extension, magic in (("png", b"\x89PNG"), ("pdf", b"%PDF")):
        response = client.get(f"/plot/blank.{extension}?kind={kind}&y=a,b")
        assert response.status_code == 200 and response.data.startswith(magic)
    assert f"{note}.".encode() in client.get(f"/plot/blank.pdf?kind={kind}&y=a,b").data  # its subject


@pytest.mark.parametrize("kind", KINDS)
def test_the_data_of_a_chart_of_values_all_missing_is_its_rows_but_a_histograms_is_none(client, kind):
    # As the README has it: a chart's .json holds the rows it draws, missing values null; a
    # histogram's, the rows holding a value its bars count, here none, as its note says.
    csv = "day,a,b\n2024-01-01,,\n2024-01-02,,\n2024-01-03,,\n"
    assert client.post("/api/datasets?name=blank", data=csv, headers=CSV).status_code == 201
    data = client.get(f"/plot/blank.json?kind={kind}&y=a,b").get_json()
    assert data["columns"] == ["day", "a", "b"]
    days = ["2024-01-01", "2024-01-02", "2024-01-03"]
    assert data["rows"] == ([] if kind == "hist" else [[day, None, None] for day in days])
    table = client.get(f"/plot/blank.csv?kind={kind}&y=a,b").get_data(as_text=True)
    assert table.splitlines() == ["day,a,b", *([] if kind == "hist" else [f"{day},," for day in days])]


@pytest.fixture(scope="module")
def empty_source(tmp_path_factory):
    """A sources file whose dataset 'nothing' is an SQLite table of two number columns and no rows (a
    data-folder file of a header alone is no dataset: tests/test_unreadable_data_files.py)."""
    folder = tmp_path_factory.mktemp("empty-source")
    with sqlite3.connect(folder / "shop.db") as conn:
        conn.execute("CREATE TABLE readings (n REAL, v REAL)")
    conn.close()
    return sources_toml(folder / "sources.toml", {"shop": {"url": f"sqlite:///{folder / 'shop.db'}"}},
                        {"nothing": {"source": "shop", "table": "readings"}})


@pytest.mark.parametrize("kind", KINDS)
def test_a_dataset_without_rows_draws_a_note_saying_so(data_dir, empty_source, closing, kind):
    client = closing(writable_app(data_dir, SOURCES=str(empty_source))).test_client()
    response = client.get(f"/plot/nothing.svg?x=n&y=v&kind={kind}")
    assert response.status_code == 200, response.data[:300]
    assert "No rows to draw" in drawn_texts(response.data)


@pytest.mark.parametrize("kind", ["line", "area"])
def test_a_line_or_area_of_one_row_draws_its_value_over_a_day_either_side_ticked_once(client, kind):
    assert client.post("/api/datasets?name=first", data="day,value\n2024-05-01,42\n", headers=CSV).status_code == 201
    svg = ET.fromstring(client.get(f"/plot/first.svg?kind={kind}").data)
    # An area's fill is a <use> too, translucent; the dot is opaque.
    dots = [use for use in svg.iter("{http://www.w3.org/2000/svg}use") if use.get("fill-opacity") is None]
    assert [dot.get("fill") for dot in dots] == ["#1f77b4"]  # the value, in the series' colour
    labels = {text.text for text in svg.iter("{http://www.w3.org/2000/svg}text")}
    assert "2024-05-01" in labels and not labels & {"Apr-30", "May-01", "May-02", "2023", "2025", "Jul"}


def test_the_alt_text_of_one_row_names_its_x_rather_than_a_range_from_it_to_it(client):
    assert client.post("/api/datasets?name=first", data="day,value\n2024-05-01,42\n", headers=CSV).status_code == 201
    desc = ET.fromstring(client.get("/plot/first.svg").data).find("{http://www.w3.org/2000/svg}desc").text
    assert desc == "Line chart of value by day, 1 row. day 2024-05-01. last value: value 42."


BOM = "\ufeff".encode()


def test_one_byte_order_mark_is_dropped_and_two_are_a_400_naming_it(client):
    assert client.post("/api/datasets?name=one", data=BOM + b"a,b\n1,2\n", headers=CSV).status_code == 201
    assert client.get("/api/datasets/one").get_json()["dataset"]["columns"][0]["name"] == "a"
    response = client.post("/api/datasets?name=two", data=BOM * 2 + b"a,b\n1,2\n", headers=CSV)
    assert response.status_code == 400
    assert response.get_json()["error"] == ("the body begins with the byte-order mark U+FEFF twice; UTF-8 text may "
                                            "begin with one at most: remove the second (an invisible character) and "
                                            "send it again")
    assert client.get("/api/datasets/two").status_code == 404
    for body, headers in ((BOM * 2 + b"a,b\n3,4\n", CSV), (BOM * 2 + b'[{"a": 3, "b": 4}]', JSON)):
        response = client.post("/api/datasets/one/rows", data=body, headers=headers)
        assert response.status_code == 400 and "U+FEFF twice" in response.get_json()["error"]
    assert client.get("/api/datasets/one").get_json()["dataset"]["row_count"] == 1


def test_a_byte_order_mark_inside_a_header_is_a_400_naming_the_column(client):
    response = client.post("/api/datasets?name=mark", data="a,\ufeffb\n1,2\n".encode(), headers=CSV)
    assert response.status_code == 400
    assert response.get_json()["error"] == (
        "column 2 of the header, '\\ufeffb', holds the character U+FEFF (ZERO WIDTH NO-BREAK SPACE), a byte-order "
        "mark, which draws as nothing; remove it")


@pytest.mark.parametrize("encoding", ["utf-16", "utf-16-le", "utf-16-be", "utf-32", "utf-32-le", "utf-32-be"])
@pytest.mark.parametrize("header", ["day,value", "день,значение", "日付,値"])
def test_a_utf16_or_utf32_csv_is_a_400_saying_so_with_or_without_its_mark(client, encoding, header):
    body = f"{header}\n2024-01-01,1\n".encode(encoding)
    response = client.post("/api/datasets?name=wide", data=body, headers=CSV)
    assert response.status_code == 400
    kind = encoding[:6].upper()
    assert response.get_json()["error"] == f"the body looks like {kind} text; save it as UTF-8"
    assert client.get("/api/datasets/wide").status_code == 404


def test_utf16_rows_to_append_are_a_400_saying_so(client):
    assert client.post("/api/datasets?name=days", data="day,value\n2024-01-01,1\n", headers=CSV).status_code == 201
    for body, headers in (("day,value\n2024-01-02,2\n", CSV), ('[{"day": "2024-01-02", "value": 2}]', JSON)):
        response = client.post("/api/datasets/days/rows", data=body.encode("utf-16"), headers=headers)
        assert response.status_code == 400 and "looks like UTF-16 text; save it as UTF-8" in response.get_json()["error"]
    assert client.get("/api/datasets/days").get_json()["dataset"]["row_count"] == 1


@pytest.mark.parametrize("body", ["a,b\n1,é\n", "名字,值\n1,2\n", "a,b\n1,2\n" * 20])
def test_utf8_text_is_not_taken_for_a_wide_encoding(client, body):
    assert client.post("/api/datasets?name=narrow", data=body.encode(), headers=CSV).status_code == 201


def test_a_nul_in_a_short_utf8_body_is_named_as_a_control_character(client):
    response = client.post("/api/datasets?name=nul", data=b"a,b\n1,\x00\n", headers=CSV)
    assert response.status_code == 400 and "U+0000" in response.get_json()["error"]


def test_a_utf16_data_file_says_so(client, data_dir):
    (data_dir / "wide.csv").write_bytes("month,units\n2024-01-01,5\n".encode("utf-16-le"))
    listed = {d["name"]: d for d in client.get("/api/datasets").get_json()["datasets"]}
    assert listed["wide"]["error"] == "dataset 'wide' cannot be read as CSV: it looks like UTF-16 text; save it as UTF-8"
    response = client.get("/plot/wide.svg")
    assert response.status_code == 422 and b"looks like UTF-16 text" in response.data


@pytest.fixture
def counts(client):
    assert client.post("/api/datasets?name=counts", data="n,x\n1,0.5\n", headers=CSV).status_code == 201
    assert client.get("/api/datasets/counts").get_json()["dataset"]["columns"][0]["type"] == "integer"


def stored_counts(client) -> list:
    return [n for n, _ in client.get("/datasets/counts.json").get_json()["rows"]]


@pytest.mark.parametrize("fmt", ["csv", "json"])
def test_an_integer_column_takes_a_whole_number_however_written_in_csv_and_json_alike(client, counts, fmt):
    written = ["2.0", "3e0", "-4.00E+0", "1e3", "9007199254740993.0", "-0.0"]
    if fmt == "csv":
        body, headers = "n,x\n" + "".join(f"{n},1\n" for n in written), CSV
    else:
        body, headers = "[" + ",".join(f'{{"n": {n}, "x": 1}}' for n in written) + "]", JSON
    response = client.post("/api/datasets/counts/rows", data=body, headers=headers)
    assert response.status_code == 200, response.get_json()
    assert stored_counts(client) == [1, 2, 3, -4, 1000, 9007199254740993, 0]


@pytest.mark.parametrize(("number", "error"), [
    ("1.5", "expected an integer, got {}"),
    ("1.0000000000000001", "expected an integer, got {}"),  # its float is 1.0
    ("1e-400", "expected an integer, got {}"),
    ("1e19", "expected an integer between -9223372036854775808 and 9223372036854775807, got {}"),
    ("1e400", "expected an integer between -9223372036854775808 and 9223372036854775807, got {}"),
])
def test_an_integer_column_refuses_a_fraction_or_too_large_a_number_in_csv_and_json_alike(client, counts, number,
                                                                                          error):
    # A number a float column takes is said to need one, which the column's type, fixed at the create, is not.
    fixed = f"; {integer_fixed('n', 'counts')}" if number in ("1.5", "1.0000000000000001", "1e19") else ""
    csv = client.post("/api/datasets/counts/rows", data=f"n,x\n2,1\n{number},1\n", headers=CSV)
    assert csv.status_code == 400
    assert csv.get_json()["error"] == "row 2, column 'n' (line 3): " + error.format(repr(number)) + fixed
    rows = f'[{{"n": 2, "x": 1}}, {{"n": {number}, "x": 1}}]'
    json = client.post("/api/datasets/counts/rows", data=rows, headers=JSON)
    assert json.status_code == 400 and json.get_json()["error"] == "row 2, column 'n': " + error.format(number) + fixed
    assert stored_counts(client) == [1]


TOO_SMALL = ("is too small for a number: stored as a 64-bit float it would be 0 (the smallest above 0 is about "
             "4.9e-324); write 0 if zero is meant")


@pytest.mark.parametrize("number", ["1e-400", "-2.5e-330", "2e-324", "0." + "0" * 400 + "1"])
def test_a_number_too_small_for_a_float_is_refused_in_csv_and_json_alike(client, number):
    error = refused_number(client.post("/api/datasets?name=tiny", data=f"x\n0.5\n{number}\n", headers=CSV))
    assert error == f"row 2, column 'x' (line 3): {quoted(number)} {TOO_SMALL}"
    assert client.get("/api/datasets/tiny").status_code == 404
    assert client.post("/api/datasets?name=tiny", data="x\n0.5\n", headers=CSV).status_code == 201
    error = refused_number(client.post("/api/datasets/tiny/rows", data=f"x\n{number}\n", headers=CSV))
    assert error == f"row 1, column 'x' (line 2): {quoted(number)} {TOO_SMALL}"
    error = refused_number(client.post("/api/datasets/tiny/rows", data=f'[{{"x": {number}}}]', headers=JSON))
    assert error == f"row 1, column 'x': {quoted(number)} {TOO_SMALL}"
    assert client.get("/api/datasets/tiny").get_json()["dataset"]["row_count"] == 1


def refused_number(response) -> str:
    assert response.status_code == 400, response.data[:300]
    return response.get_json()["error"]


def test_zero_however_written_and_the_smallest_floats_are_kept(client):
    numbers = ["0", "-0.0", "0e-999", "0.000e5", "4e-324", "1e-320", "2.2e-308"]
    assert client.post("/api/datasets?name=small", data="x\n" + "\n".join(numbers) + "\n", headers=CSV).status_code == 201
    rows = "[" + ",".join(f'{{"x": {n}}}' for n in numbers) + "]"
    assert client.post("/api/datasets/small/rows", data=rows, headers=JSON).status_code == 200
    stored = [x for (x,) in client.get("/datasets/small.json").get_json()["rows"]]
    assert stored == [0.0, -0.0, 0.0, 0.0, 5e-324, 1e-320, 2.2e-308] * 2


EXCEL_LINE = ("the first line, 'sep={}', is the line Excel writes to name the separator, not a header: delete it, so "
              "that the first line is the header naming the columns")
EXCEL_SEMICOLONS = (", and save the file as CSV with commas between values (that line says it separates them with semicolons), "
                    "or use the workbook (.xlsx) itself, which the site reads as it is")


@pytest.mark.parametrize(("body", "said"), [
    ("sep=,\nmonth,units\n2024-01-01,5\n", EXCEL_LINE.format(",")),
    ("sep=;\r\nmonth;units\r\n2024-01-01;5\r\n", EXCEL_LINE.format(";") + EXCEL_SEMICOLONS),
], ids=["comma", "semicolon"])
def test_the_separator_line_excel_writes_above_the_header_is_to_be_deleted(client, body, said):
    created = client.post("/api/datasets?name=excel", data=body, headers=CSV)
    assert created.status_code == 400 and created.get_json()["error"] == said
    assert client.post("/api/datasets?name=units", data="month,units\n2024-01-01,5\n", headers=CSV).status_code == 201
    appended = client.post("/api/datasets/units/rows", data=body, headers=CSV)
    assert appended.status_code == 400 and appended.get_json()["error"] == said


def test_a_data_file_with_excels_separator_line_says_to_delete_it(client, data_dir):
    (data_dir / "excel.csv").write_text("sep=,\nmonth,units\n2024-01-01,5\n", encoding="utf-8")
    listed = {d["name"]: d for d in client.get("/api/datasets").get_json()["datasets"]}
    assert EXCEL_LINE.format(",") in listed["excel"]["error"]


def test_a_header_that_only_begins_like_excels_separator_line_is_read_as_a_header(client):
    created = client.post("/api/datasets?name=seps", data="sep=a,b\n1,2\n", headers=CSV)
    assert created.status_code == 201, created.get_json()
