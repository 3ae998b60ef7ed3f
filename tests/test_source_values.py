"""Values of a source database that the site's types do not have: NaN and the infinities in a float
column, and the text SQLite keeps in a column of numbers, are missing values, as in a CSV file; a
column of another type (a boolean, an enum, a uuid, JSON) is text as the database spells it, and
filters compare that text."""
from __future__ import annotations

import re
import sqlite3
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import urlencode

import numpy as np
import pandas as pd
import pytest

from app import create_app
from app.store import load_sources
from app.store.sources import SourceStore
from app.store.csv_headers import MAX_COLUMN_NAME
from sqlalchemy import Engine, event
from plots import Limits, parse_spec
from plots.text import describe_character, refused_character
from tests.conftest import CSV_WRITE, WRITE_TOKEN
from tests.postgres import Statement, database
from tests.source_data import sources_toml

READINGS = 20_000  # minutes: a line chart 300 pixels wide is thinned (M4)


def readings_frame() -> pd.DataFrame:
    """A random walk over minutes with NaN, +inf and -inf now and then."""
    rng = np.random.default_rng(5)
    value = np.cumsum(rng.normal(0, 1, READINGS))
    odd = rng.random(READINGS)
    value[odd < 0.002] = np.nan
    value[(odd >= 0.002) & (odd < 0.003)] = np.inf
    value[(odd >= 0.003) & (odd < 0.004)] = -np.inf
    return pd.DataFrame({"t": pd.date_range("2024-03-01", periods=READINGS, freq="min"), "value": value})


def sqlite_file(path: Path, tables: dict[str, tuple[str, list[tuple]]]) -> str:
    """The URL of an SQLite file holding `tables`: name → (its columns as SQL, its rows)."""
    with sqlite3.connect(path) as conn:
        for name, (columns, rows) in tables.items():
            conn.execute(f"CREATE TABLE {name} ({columns})")
            conn.executemany(f"INSERT INTO {name} VALUES ({', '.join('?' * len(rows[0]))})", rows)
    conn.close()
    return f"sqlite:///{path}"


def table_statements(tables: dict[str, tuple[str, list[tuple]]]) -> list[Statement]:
    """The statements that create `tables` (name → (its columns as SQL, its rows)) in PostgreSQL,
    for `database`."""
    statements: list[Statement] = []
    for name, (columns, rows) in tables.items():
        placeholders = ", ".join(["%s"] * len(rows[0]))
        statements += [f"CREATE TABLE {name} ({columns})", (f"INSERT INTO {name} VALUES ({placeholders})", rows)]
    return statements


KINDS_TABLE = """
CREATE TYPE mood AS ENUM ('sad', 'ok', 'happy');
CREATE TABLE kinds (id bigint, day timestamp, flag boolean, mood mood, u uuid, doc jsonb, n numeric);
INSERT INTO kinds
SELECT g, TIMESTAMP '2024-01-01' + g * interval '1 day', g % 2 = 0, (ARRAY['sad', 'ok', 'happy'])[1 + g % 3]::mood,
       ('00000000-0000-0000-0000-' || lpad(g::text, 12, '0'))::uuid, jsonb_build_object('g', g),
       CASE g WHEN 3 THEN 'NaN'::numeric WHEN 4 THEN 1e400 ELSE g * 1.5 END
FROM generate_series(1, 12) g;
CREATE TABLE finite (t timestamp, tz timestamptz, d date, v double precision);
INSERT INTO finite SELECT TIMESTAMP '2024-01-01' + g * interval '1 min',
                          TIMESTAMPTZ '2024-01-01 00:00+00' + g * interval '1 min',
                          DATE '2024-01-01' + g / 100, sin(g / 50.0) FROM generate_series(1, 3000) g;
CREATE TABLE moments AS SELECT * FROM finite;
INSERT INTO moments VALUES ('infinity', 'infinity', 'infinity', 5), ('-infinity', '-infinity', '-infinity', -5),
  ('10000-01-01', '10000-01-01 00:00+00', '10000-01-01', 7), ('0100-01-01 BC', '0100-01-01 BC', '0100-01-01 BC', -7);
"""


def readings_statements(frame: pd.DataFrame) -> list[Statement]:
    """The statements that create `readings` in PostgreSQL, for `database`."""
    return ["CREATE TABLE readings (t timestamp, value double precision)",
            ("COPY readings FROM STDIN",  # NaN and ±inf as PostgreSQL's own
             [(t.to_pydatetime(), float(v)) for t, v in zip(frame["t"], frame["value"])]),
            "CREATE INDEX ON readings (t)"]


@pytest.fixture(scope="module", params=["sqlite", "postgresql"])
def odd_source(request, tmp_path_factory) -> Iterator[tuple[str, str]]:
    """(URL, system) of a source database holding `readings`."""
    frame = readings_frame()
    if request.param == "sqlite":
        rows = [(t.isoformat(sep=" "), float(v)) for t, v in zip(frame["t"], frame["value"])]
        # SQLite stores a NaN as NULL.
        path = tmp_path_factory.mktemp("odd") / "odd.db"
        yield sqlite_file(path, {"readings": ("t DATETIME, value REAL", rows)}), "sqlite"
        return
    server = request.getfixturevalue("postgres_url")
    with database(server, "svgplots_source_values", *readings_statements(frame)) as url:
        yield url, "postgresql"


@pytest.fixture
def client(tmp_path: Path, odd_source, source_client):
    """The site with the readings as a source dataset and, the same values, as a data-folder CSV file."""
    frame = readings_frame()
    lines = [f"{t.isoformat()},{v!r}" for t, v in zip(frame["t"], frame["value"])]  # nan, inf, -inf
    return source_client(tmp_path, odd_source[0], ["readings"],
                         files={"readings_csv.csv": "t,value\n" + "\n".join(lines) + "\n"})


CHARTS = [
    {"y": "value", "width": "300"},  # thinned per pixel column (M4) by the database
    {"y": "value", "xmin": "2024-03-05", "xmax": "2024-03-06"},  # fetched whole
    {"kind": "hist", "y": "value", "bins": "30"},
    {"kind": "area", "y": "value", "resample": "day", "agg": "max"},
    {"y": "value", "resample": "day", "agg": "min"},
    {"y": "value", "resample": "day", "agg": "mean"},
    {"kind": "bar", "y": "value", "resample": "day", "agg": "sum"},
    {"kind": "bar", "y": "value", "resample": "day", "agg": "count"},
    {"kind": "box", "y": "value"},
]


def test_the_csv_file_reads_nan_and_infinities_as_missing_values(client):
    info = client.get("/api/datasets/readings_csv").json["dataset"]
    assert [c["type"] for c in info["columns"]] == ["datetime", "float"]


@pytest.mark.parametrize("chart", CHARTS, ids=lambda chart: "-".join(chart.values()))
def test_nan_and_infinities_in_a_float_column_are_drawn_as_missing_values_as_in_a_csv_file(client, chart):
    query = urlencode(chart)
    source, csv = client.get(f"/plot/readings.svg?{query}"), client.get(f"/plot/readings_csv.svg?{query}")
    assert source.status_code == 200, source.data[:300]
    assert source.data == csv.data


def test_a_source_charts_data_holds_no_infinity(client):
    rows = client.get("/plot/readings.json?y=value&xmin=2024-03-01&xmax=2024-03-14").json["rows"]
    values = [value for _, value in rows]
    assert None in values and all(v is None or np.isfinite(v) for v in values)
    assert rows == client.get("/plot/readings_csv.json?y=value&xmin=2024-03-01&xmax=2024-03-14").json["rows"]


@pytest.fixture(scope="module")
def kinds_url(postgres_url: str) -> Iterator[str]:
    """A PostgreSQL database holding `kinds` (SQLite has no boolean, enum, uuid or JSON types of its own)."""
    with database(postgres_url, "svgplots_source_kinds", KINDS_TABLE) as url:
        yield url


@pytest.fixture
def kinds_client(tmp_path: Path, kinds_url: str, source_client):
    return source_client(tmp_path, kinds_url, ["kinds", "moments", "finite"],
                         {"kinds_query": {"source": "db", "sql": "SELECT * FROM kinds"}})


@pytest.mark.parametrize("name", ["kinds", "kinds_query"])
def test_booleans_enums_uuids_and_json_are_text_as_the_database_spells_them(kinds_client, name):
    columns = {c["name"]: c["type"] for c in kinds_client.get(f"/api/datasets/{name}").json["dataset"]["columns"]}
    assert columns == {"id": "integer", "day": "datetime", "flag": "text", "mood": "text", "u": "text",
                       "doc": "text", "n": "float"}
    csv = kinds_client.get(f"/datasets/{name}.csv").data.decode().splitlines()
    assert csv[2] == '2,2024-01-03,true,happy,00000000-0000-0000-0000-000000000002,"{""g"": 2}",3.0'


@pytest.mark.parametrize("name", ["kinds", "kinds_query"])
@pytest.mark.parametrize(("field", "value", "ids"), [("flag", "true", [2, 4, 6, 8, 10, 12]),
                                                     ("mood", "ok", [1, 4, 7, 10]),
                                                     ("u", "00000000-0000-0000-0000-000000000005", [5]),
                                                     ("doc", '{"g": 7}', [7])])
def test_a_filter_on_such_a_column_compares_that_text(kinds_client, name, field, value, ids):
    response = kinds_client.get(f"/plot/{name}.json?" + urlencode({"x": "day", "y": "id", f"filter.{field}": value}))
    assert response.status_code == 200, response.data[:300]
    assert [row[1] for row in response.json["rows"]] == ids


def test_a_filter_value_a_boolean_column_lacks_is_named_with_the_values_it_has(kinds_client):
    response = kinds_client.get("/plot/kinds.svg?x=day&y=id&filter.flag=True")
    assert response.status_code == 404
    assert b"its values are 'false', 'true'" in response.data


def test_a_histogram_of_a_numeric_column_leaves_out_nan_and_what_no_double_holds(kinds_url, tmp_path):
    config = load_sources(sources_toml(tmp_path / "s.toml", {"db": {"url": kinds_url}},
                                       {"kinds": {"source": "db", "table": "kinds"}}))
    store = SourceStore(config)
    try:
        spec = parse_spec({"kind": ["hist"], "y": ["n"], "bins": ["5"]}, store.info("kinds").column_types())
        counts = store.chart_rows("kinds", spec, Limits(), 640).frame["n"]
    finally:
        store.close()
    finite = [g * 1.5 for g in range(1, 13) if g not in (3, 4)]
    assert counts.tolist() == np.histogram(finite, bins=5)[0].tolist()


def loose_cells(rows: int = 3000) -> list[tuple[str, object, object]]:
    """(day, v, n) rows of a random walk where now and then a cell holds what an import or an app
    wrote instead of a number: '' or 'n/a'."""
    rng = np.random.default_rng(9)
    walk = np.cumsum(rng.normal(0, 1, rows))
    cells = []
    for i in range(rows):
        odd = rng.random()
        junk = "" if odd < 0.01 else "n/a" if odd < 0.02 else None
        day = str(pd.Timestamp("2024-01-01") + pd.Timedelta(minutes=i))
        cells.append((day, float(walk[i]) if junk is None else junk, i % 50 if junk is None else junk))
    return cells


@pytest.fixture
def loose_client(tmp_path: Path, source_client):
    """An SQLite file whose REAL and INTEGER columns hold some text (SQLite keeps what a column of
    numbers cannot take as it was written), and the same cells as a data-folder CSV file."""
    cells = loose_cells()
    url = sqlite_file(tmp_path / "loose.db", {"loose": ("day DATETIME, v REAL, n INTEGER", cells)})
    text = "day,v,n\n" + "".join(f"{day},{repr(v) if isinstance(v, float) else v},{n}\n" for day, v, n in cells)
    return source_client(tmp_path, url, ["loose"], {"loose_query": {"source": "db", "sql": "SELECT * FROM loose"}},
                         files={"loose_csv.csv": text})


@pytest.mark.parametrize("chart", [{"y": "v", "width": "300"}, {"kind": "hist", "y": "v"}, {"kind": "hist", "y": "n"},
                                   {"kind": "box", "y": "v,n"}, {"y": "v,n", "resample": "day", "agg": "max"},
                                   {"kind": "bar", "y": "n", "resample": "day", "agg": "count"}],
                         ids=lambda chart: "-".join(chart.values()))
@pytest.mark.parametrize("name", ["loose", "loose_query"])  # a query's column types come from its values
def test_text_an_sqlite_number_column_kept_is_a_missing_value_as_in_a_csv_file(loose_client, chart, name):
    for url in (f"/datasets/{name}", f"/datasets/{name}.json", f"/datasets/{name}.csv"):
        assert loose_client.get(url).status_code == 200
    query = urlencode(chart)
    source, csv = loose_client.get(f"/plot/{name}.svg?{query}"), loose_client.get(f"/plot/loose_csv.svg?{query}")
    assert source.status_code == 200, source.data[:300]
    assert source.data == csv.data


def test_rows_whose_sqlite_date_is_no_date_have_no_place_on_a_chart(tmp_path: Path, source_client):
    # SQLite keeps '', 'n/a' or a number written into a DATETIME column as they are; such rows are
    # left out of every chart placed by x, as rows without an x are.
    rng = np.random.default_rng(3)
    walk = np.cumsum(rng.normal(0, 1, 3000))
    rows, dated = [], []
    for i in range(3000):
        odd = rng.random()
        day = "" if odd < 0.01 else "n/a" if odd < 0.02 else 1_700_000_000 + i if odd < 0.025 else \
            str(pd.Timestamp("2024-01-01") + pd.Timedelta(minutes=i))
        rows.append((day, float(walk[i])))
        if isinstance(day, str) and day[:1].isdigit():
            dated.append((day, float(walk[i])))
    url = sqlite_file(tmp_path / "s.db", {"junk": ("day DATETIME, v REAL", rows),
                                          "dated": ("day DATETIME, v REAL", dated)})
    client = source_client(tmp_path, url, ["junk", "dated"])
    for query in ("y=v&width=300", "y=v", "y=v&resample=day&agg=mean", "kind=bar&y=v&resample=day&agg=count",
                  "kind=scatter&y=v", "y=v&from=2024-01-01T10:00&to=2024-01-01T12:00"):
        junk, dated_chart = client.get(f"/plot/junk.svg?{query}"), client.get(f"/plot/dated.svg?{query}")
        assert junk.status_code == 200 and junk.data == dated_chart.data, query


def test_a_number_in_an_sqlite_date_column_is_a_missing_value_for_every_chart(tmp_path: Path, source_client):
    # A DATE column's NUMERIC affinity stores the text '2024' as the integer 2024, and an app may
    # write julian days (2460311.5 is 2024-01-02); SQLite's date functions read a number as a julian
    # day, pandas as something else or nothing: such a row was drawn by one chart and counted,
    # bounded or grouped (into the year -4707) by another.
    dated = [(str(pd.Timestamp("2024-01-01") + pd.Timedelta(minutes=7 * i)), float(i % 13)) for i in range(1000)]
    numbers = [("2024", 2.0), (2460311.5, 40.0), ("2460312.5", -6.0), (2025, 7.0), (2460310.75, 50.0)]
    numbered = [*dated[:500], *numbers, *dated[500:]]
    url = sqlite_file(tmp_path / "n.db", {"numbered": ("d DATE, v REAL", numbered), "dated": ("d DATE, v REAL", dated)})
    client = source_client(tmp_path, url, ["numbered", "dated"])
    cells = client.get("/datasets/numbered.csv").data.decode().splitlines()[1:]
    assert cells[500:505] == [",2.0", ",40.0", ",-6.0", ",7.0", ",50.0"]
    for query in ("x=d&y=v", "x=d&y=v&xmin=2024-01-02", "x=d&y=v&xmax=2024-01-03", "x=d&y=v&resample=year&agg=sum",
                  "x=d&y=v&resample=day&agg=sum", "x=d&y=v&resample=week&agg=count", "kind=scatter&x=d&y=v",
                  "kind=bar&x=d&y=v&resample=day&agg=max", "kind=hist&y=v&from=2024-01-02", "y=v&to=2024-01-02"):
        ours, theirs = client.get(f"/plot/numbered.json?{query}"), client.get(f"/plot/dated.json?{query}")
        assert ours.status_code == 200 and ours.json["rows"] == theirs.json["rows"], (query, ours.json)
    for query in ("kind=hist&y=v&from=2024-01-02", "x=d&y=v&resample=year&agg=count", "x=d&y=v&width=100"):
        ours, theirs = client.get(f"/plot/numbered.svg?{query}"), client.get(f"/plot/dated.svg?{query}")
        assert ours.status_code == 200 and ours.data == theirs.data, query


@pytest.mark.parametrize("x", ["t", "tz", "d"])
def test_moments_no_python_date_holds_are_missing_values_and_their_rows_have_no_place_on_a_chart(kinds_client, x):
    # PostgreSQL's dates and timestamps may be 'infinity' or '-infinity' (an open end of a validity
    # range), or of a year before 1 or after 9999; no Python date holds them.
    for url in ("/datasets/moments", "/datasets/moments.json"):
        assert kinds_client.get(url).status_code == 200
    csv = kinds_client.get("/datasets/moments.csv").data.decode().splitlines()
    assert all(f",,,{v}" in csv for v in ("5.0", "-5.0", "7.0", "-7.0"))
    for query in ("y=v&width=300", "y=v", "y=v&resample=day&agg=max", "kind=scatter&y=v",
                  "y=v&from=2024-01-01T10:00&to=2024-01-01T12:00"):
        moments, finite = (kinds_client.get(f"/plot/{name}.svg?x={x}&{query}") for name in ("moments", "finite"))
        assert moments.status_code == 200 and moments.data == finite.data, query


@pytest.fixture
def statements() -> Iterator[list[str]]:
    """The SQL of every statement run meanwhile."""
    run: list[str] = []

    def collect(conn, cursor, statement, parameters, context, executemany):
        run.append(statement)

    event.listen(Engine, "before_cursor_execute", collect)
    yield run
    event.remove(Engine, "before_cursor_execute", collect)


@pytest.mark.parametrize(("x", "array"), [("t", "TIMESTAMP WITHOUT TIME ZONE[]"), ("tz", "TIMESTAMP WITH TIME ZONE[]"),
                                          ("d", "DATE[]")])
def test_m4_finds_its_rows_by_an_array_of_the_x_columns_own_type(kinds_client, statements, x, array):
    # `timestamptz = any(timestamp[])` converts each row and scans the array, with no hash: the
    # rows of 20,000 hours took 4 s to find (11 s 2,000 pixels wide), a million timed out.
    assert kinds_client.get(f"/plot/finite.svg?x={x}&y=v&width=300").status_code == 200
    found = [statement for statement in statements if f"finite.{x} = any(" in statement]
    assert len(found) == 1 and f"::{array})" in found[0], found


def test_a_version_query_may_return_an_infinite_moment(tmp_path: Path, kinds_url: str, source_client):
    # `SELECT max(updated_at)` of a table whose rows are valid until 'infinity'.
    latest = {f"v_{name}": {"source": "db", "table": "finite", "version_sql": f"SELECT {name}(t) FROM moments"}
              for name in ("max", "min")}
    client = source_client(tmp_path, kinds_url, [], {
        **latest, "v_finite": {"source": "db", "table": "finite", "version_sql": "SELECT max(t) FROM finite"}})
    versions = set()
    for name in ("v_max", "v_min", "v_finite"):
        described = client.get(f"/api/datasets/{name}")
        assert described.status_code == 200, described.json
        versions.add(described.json["dataset"]["version"])
        assert client.get(f"/plot/{name}.svg?y=v").status_code == 200
    assert len(versions) == 3


def test_a_blob_in_an_sqlite_text_column_is_a_missing_value(tmp_path: Path, source_client):
    # An app that wrote bytes (Python's sqlite3 stores them as a blob) into a TEXT column. Read as
    # text, b'North' showed as North that filter.place=North did not choose (SQLite compares a blob
    # with no text as equal), and b'\xff' as U+FFFD.
    url = sqlite_file(tmp_path / "blobs.db", {"places": ("place TEXT, v REAL", [(b"North", 1.0), ("South", 2.0),
                                                                              (b"\xffbad", 3.0)])})
    client = source_client(tmp_path, url, ["places"])
    assert client.get("/datasets/places.csv").data.decode().splitlines()[1:] == [",1.0", "South,2.0", ",3.0"]
    unknown = client.get("/plot/places.json?y=v&filter.place=West")
    assert unknown.status_code == 404 and "its values are 'South'" in unknown.json["error"]


def test_a_line_over_sqlite_dates_written_several_ways_is_thinned_by_their_moments(tmp_path: Path, source_client):
    # Apps write SQLite dates as 'YYYY-MM-DD HH:MM:SS' (SQLite's own datetime()), with a 'T', or
    # with a UTC offset; as text, '2024-03-01 10:00:30' sorts before '2024-03-01T10:00:00', so M4
    # took the wrong first and last rows of a pixel column where the spellings mix.
    rng = np.random.default_rng(4)
    walk = np.cumsum(rng.normal(0, 1, 20_000))
    start = pd.Timestamp("2024-03-01")
    spellings = []
    for i in range(len(walk)):
        moment = start + pd.Timedelta(seconds=7 * i)
        kind = rng.integers(3)
        spellings.append(str(moment) if kind == 0 else moment.isoformat() if kind == 1
                         else (moment + pd.Timedelta(hours=2)).isoformat() + "+02:00")
    cells = list(zip(spellings, walk.tolist()))
    url = sqlite_file(tmp_path / "mixed.db", {"mixed": ("t DATETIME, v REAL", cells)})
    text = "t,v\n" + "".join(f"{t},{v!r}\n" for t, v in cells)
    client = source_client(tmp_path, url, ["mixed"], files={"mixed_csv.csv": text})
    for query in ("y=v&width=300", "y=v&width=120&scale=2"):
        source, csv = client.get(f"/plot/mixed.png?{query}"), client.get(f"/plot/mixed_csv.png?{query}")
        assert source.status_code == 200 and source.data == csv.data, query


@pytest.mark.parametrize("url", ["/plot/{}.json?x=day&y=v", "/datasets/{}.json", "/datasets/{}.csv"])
def test_a_float_of_minus_zero_is_zero_in_a_data_folder_file_as_in_an_sqlite_source(tmp_path: Path, source_client,
                                                                                    url):
    # SQLite stores a whole float as an integer, which has no sign, and the site's store gives 0.0
    # on PostgreSQL too: a data-folder file kept the sign (-0 in its rows, files and charts).
    cells = [("2024-01-01", -0.0), ("2024-01-02", 1.5), ("2024-01-03", -2.5)]
    db = sqlite_file(tmp_path / "zeros.db", {"zeros": ("day DATE, v REAL", cells)})
    text = "day,v\n" + "".join(f"{day},{v!r}\n" for day, v in cells)
    client = source_client(tmp_path, db, ["zeros"], files={"zeros_csv.csv": text})
    source, csv = (client.get(url.format(name)) for name in ("zeros", "zeros_csv"))
    assert source.status_code == 200 and csv.status_code == 200, url
    if url.endswith(".csv"):
        assert csv.get_data(as_text=True) == source.get_data(as_text=True)
        assert "2024-01-01,0.0\n" in csv.get_data(as_text=True)
        return
    assert [[day, np.copysign(1.0, v)] for day, v in csv.json["rows"]] == \
        [[day, np.copysign(1.0, v)] for day, v in source.json["rows"]] == [["2024-01-01", 1.0], ["2024-01-02", 1.0],
                                                                           ["2024-01-03", -1.0]]


# Numbers at the ends of what a double and a 64-bit integer hold.
EDGE_TABLES = {
    "big": ("day DATE, v {real}, near {int}, r {real}",
            [("2024-01-01", 1e17, 2**63 - 1, 1e308), ("2024-01-03", 1e17, 2**63 - 2, -1e308)]),
    "sums": ("day DATE, b {int}", [("2024-01-01", 2**53 + 1), ("2024-01-03", 2**63 - 1), ("2024-01-03", 0)]),
    "overflow": ("day DATE, b {int}", [("2024-01-01", 2**63 - 1), ("2024-01-01", 1), ("2024-01-02", 1)]),
}
EDGE_TYPES = {"sqlite": {"int": "INTEGER", "real": "REAL", "text": "TEXT", "time": "DATETIME"},
              "postgresql": {"int": "bigint", "real": "double precision", "text": "text", "time": "timestamp"}}
# Column names SQL quotes (a hyphen, a semicolon, a space, a dot, %, parentheses, quotes, a colon,
# brackets, a slash) and their type; `odd` holds them and `plain` the same rows under names c0, c1 ….
ODD_NAMES = {"t-ab": "text", "new;line": "text", "a b": "real", "x.y": "int", "50%": "real", "f(x)": "real",
             'q"uote': "text", "it's": "real", ":c [1]": "real", "d/ay": "time"}
ODD_ROWS = [(f"v{i % 60}", "ab"[i % 2], (i * 7919 % 1000) / 10, i, float(i % 37), i * 1.5, "xy"[i % 3 // 2],
             float(i % 7), (i * 104729 % 997) / 3, str(pd.Timestamp("2024-01-01") + pd.Timedelta(hours=i)))
            for i in range(600)]
PLAIN = {name: f"c{i}" for i, name in enumerate(ODD_NAMES)}
EDGE_TABLES["odd"] = (", ".join('"' + name.replace('"', '""') + '" {' + kind + "}" for name, kind in ODD_NAMES.items()),
                      ODD_ROWS)
EDGE_TABLES["plain"] = (", ".join(f"{PLAIN[name]} {{{kind}}}" for name, kind in ODD_NAMES.items()), ODD_ROWS)
# More rows than a bar chart's categories (the database groups them): category c03 and the day
# 2024-01-05 have no value of n or v, category c07 none of v.
EDGE_TABLES["gaps"] = ("kind {text}, day DATE, n {int}, v {real}",
                       [(f"c{i % 30:02d}", str(pd.Timestamp("2024-01-01") + pd.Timedelta(days=i // 10)),
                         None if i % 30 == 3 or i // 10 == 4 else i,
                         None if i % 30 in (3, 7) or i // 10 == 4 else i / 4) for i in range(150)])

# A sum past 2**53 beside a day of no values, in more rows than a bar chart's categories.
EDGE_TABLES["bigsums"] = ("day DATE, b {int}", [("2024-01-01", 2**53 + 1), *[("2024-01-02", None)] * 101,
                                                ("2024-01-03", 5)])

# Sums that fit in 64 bits though their running totals do not (2**62 twice, then -2**62 twice), in
# more rows than a bar chart's categories.
EDGE_TABLES["swings"] = ("day DATE, b {int}", [*[("2024-01-01", v) for v in (2**62, 2**62, -2**62, -2**62)],
                                               *[("2024-01-02", 1)] * 101])

# A day's value over 101 days, one of them with none: 100 bars of means.
EDGE_TABLES["hundred"] = ("day DATE, v {real}", [(str(pd.Timestamp("2024-01-01") + pd.Timedelta(days=i)),
                                                  None if i == 50 else i / 2) for i in range(101)])


def csv_text(table: tuple[str, list[tuple]]) -> str:
    """A table of `EDGE_TABLES` as a CSV file's text (a NULL an empty cell)."""
    names = [column.strip().split(" ")[0] for column in table[0].split(",")]
    return ",".join(names) + "\n" + "".join(",".join("" if v is None else str(v) for v in row) + "\n"
                                            for row in table[1])


def tables_source(request, tmp_path_factory, tables: dict, name: str) -> Iterator[str]:
    """The URL of a source database holding `tables` (table -> (columns, with {real}-style type
    fields; rows)), in SQLite or PostgreSQL as the fixture's parameter says."""
    types = EDGE_TYPES[request.param]
    tables = {table: (columns.format(**types), rows) for table, (columns, rows) in tables.items()}
    if request.param == "sqlite":
        yield sqlite_file(tmp_path_factory.mktemp(name) / f"{name}.db", tables)
        return
    with database(request.getfixturevalue("postgres_url"), f"svgplots_source_{name}", *table_statements(tables)) as url:
        yield url


@pytest.fixture(scope="module", params=["sqlite", "postgresql"])
def edge_url(request, tmp_path_factory) -> Iterator[str]:
    """The URL of a source database holding `EDGE_TABLES`, in SQLite, then in PostgreSQL."""
    yield from tables_source(request, tmp_path_factory, EDGE_TABLES, "edge")


@pytest.fixture
def edge_client(tmp_path: Path, edge_url: str, source_client):
    """The site with `EDGE_TABLES` as source datasets and, the same values, as CSV files (`<name>_csv`)
    where a CSV file holds them."""
    return source_client(tmp_path, edge_url, list(EDGE_TABLES),
                         files={f"{name}_csv.csv": csv_text(EDGE_TABLES[name])
                                for name in ("big", "sums", "overflow", "gaps", "bigsums", "swings",
                                             "hundred")})


@pytest.mark.parametrize("y", ["v", "near"])  # 1e17 twice; 2**63 - 1 and 2**63 - 2, one double
@pytest.mark.parametrize("bins", [20, 1])  # one bin has no edge between: its CASE had no WHEN
def test_a_histogram_of_values_a_double_cannot_tell_apart_is_drawn_as_from_a_csv_file(edge_client, y, bins):
    # Past 2**53 a double's step is more than 1: widening an empty range by 1 left it empty.
    source, csv = (edge_client.get(f"/plot/{name}.svg?kind=hist&y={y}&bins={bins}") for name in ("big", "big_csv"))
    assert source.status_code == 200, source.data[:400]
    assert source.data == csv.data


@pytest.mark.parametrize("bins", [20, 1])
def test_a_histogram_wider_than_the_largest_double_is_drawn_as_from_a_csv_file(edge_client, bins):
    # -1e308 to 1e308: its width overflowed, in numpy's edges and in the database's bin arithmetic.
    source, csv = (edge_client.get(f"/plot/{name}.svg?kind=hist&y=r&bins={bins}") for name in ("big", "big_csv"))
    assert csv.status_code == 200, csv.data[:400]
    assert source.status_code == 200, source.data[:400]
    assert source.data == csv.data
    assert b">1e308</text>" in source.data


@pytest.mark.parametrize("kind", ["line", "bar"])
def test_a_resampled_sum_of_big_integers_is_exact_as_from_a_csv_file(edge_client, kind):
    # PostgreSQL sums bigints as numeric: through a float, 2**53 + 1 lost its last digit and
    # 2**63 - 1 wrapped to -2**63; an empty period between made SQLite's sums a float too.
    query = f"kind={kind}&x=day&y=b&resample=day&agg=sum"
    source, csv = (edge_client.get(f"/plot/{name}.json?{query}") for name in ("sums", "sums_csv"))
    assert source.status_code == 200, source.json
    assert source.json["rows"] == csv.json["rows"] == [["2024-01-01", 2**53 + 1], ["2024-01-02", 0],
                                                       ["2024-01-03", 2**63 - 1]]


@pytest.mark.parametrize("agg", ["sum", "count", "min", "max", "mean"])
@pytest.mark.parametrize("chart", ["x=kind", "x=day&resample=day"])
def test_a_bar_whose_values_are_all_missing_is_aggregated_as_from_a_csv_file(edge_client, agg, chart):
    # SQL sums no values to NULL where pandas sums them to 0: the bar of c03 was missing.
    query = f"kind=bar&{chart}&y=n,v&agg={agg}"
    source, csv = (edge_client.get(f"/plot/{name}.json?{query}") for name in ("gaps", "gaps_csv"))
    assert source.status_code == 200, source.json
    assert source.json["rows"] == csv.json["rows"]
    if agg in ("sum", "count"):
        empty = [[0, 0]]
    else:  # no value: a category without a bar, and a period left out as pandas' resample leaves it
        empty = [[None, None]] if chart == "x=kind" else []
    assert [row[1:] for row in source.json["rows"] if row[0] in ("c03", "2024-01-05")] == empty
    assert edge_client.get(f"/plot/gaps.svg?{query}").data == edge_client.get(f"/plot/gaps_csv.svg?{query}").data


@pytest.mark.parametrize("chart", ["x=day", "x=day&resample=day"])
def test_a_sum_beside_a_group_of_no_values_is_0_as_from_a_csv_file(edge_client, chart):
    # The group of no values summed to NULL. A source's integers with missing values stay integers,
    # summed exactly; a CSV file's are a float column, summed as its floats are: 2**53 + 1 is the double 2**53 there.
    query = f"kind=bar&{chart}&y=b&agg=sum"
    source, csv = (edge_client.get(f"/plot/{name}.json?{query}") for name in ("bigsums", "bigsums_csv"))
    assert source.status_code == 200, source.json
    assert source.json["rows"] == [["2024-01-01", 2**53 + 1], ["2024-01-02", 0], ["2024-01-03", 5]]
    assert csv.json["rows"] == [["2024-01-01", 2**53], ["2024-01-02", 0], ["2024-01-03", 5]]


@pytest.mark.parametrize("name", ["overflow", "overflow_csv"])
def test_a_resampled_sum_past_64_bits_is_422_saying_so(edge_client, name):
    # pandas sums int64 around: 2**63 - 1 and 1 in one day summed to -2**63.
    response = edge_client.get(f"/plot/{name}.json?x=day&y=b&resample=day&agg=sum")
    assert response.status_code == 422, response.json
    assert response.json["error"].startswith("the sum of b in one day is beyond what a 64-bit integer holds")
    assert edge_client.get(f"/plot/{name}.json?x=day&y=b&resample=day&agg=mean").status_code == 200


@pytest.mark.parametrize("chart", ["x=day&resample=day", "kind=bar&x=day&resample=day", "kind=bar&x=day"])
def test_a_sum_within_64_bits_is_drawn_though_its_running_total_passes_them(edge_client, chart):
    # SQLite's sum() refuses a running total past 64 bits, whatever the total: this was a 422.
    query = f"{chart}&y=b&agg=sum"
    source, csv = (edge_client.get(f"/plot/{name}.json?{query}") for name in ("swings", "swings_csv"))
    assert source.status_code == 200, source.json
    assert source.json["rows"] == csv.json["rows"] == [["2024-01-01", 0], ["2024-01-02", 101]]


@pytest.mark.parametrize("agg", ["mean", "max", "median"])
def test_a_period_of_no_values_is_no_bar_to_count_against_the_cap(edge_client, agg):
    # 101 days, one without a value: its period is left out, as from a CSV file; counted against
    # the cap of 100 bars, it made the chart a 422.
    query = f"kind=bar&x=day&y=v&resample=day&agg={agg}"
    source, csv = (edge_client.get(f"/plot/{name}.json?{query}") for name in ("hundred", "hundred_csv"))
    assert csv.status_code == 200, csv.json
    assert source.status_code == 200, source.json
    assert source.json["rows"] == csv.json["rows"] and len(source.json["rows"]) == 100


@pytest.mark.parametrize("hours", [80, 120])
def test_bars_of_moments_sqlite_spells_two_ways_are_one_bar_a_moment(tmp_path, source_client, hours):
    # Hours, 30 of them written twice, in UTC and as +02:00: more rows than bars may be drawn, and
    # grouped as text, a bar of each spelling, 110 of 80 moments refused as too many.
    moments = [pd.Timestamp("2024-01-01") + pd.Timedelta(hours=i) for i in range(hours)]
    rows = [(moment.isoformat(sep=" "), float(i)) for i, moment in enumerate(moments)] + [
        ((moment + pd.Timedelta(hours=2)).strftime("%Y-%m-%dT%H:%M:%S+02:00"), 1.0) for moment in moments[:30]]
    url = sqlite_file(tmp_path / "spelt.db", {"spelt": ("t DATETIME, v REAL", rows)})
    client = source_client(tmp_path, url, ["spelt"],
                           files={"spelt_csv.csv": "t,v\n" + "".join(f"{t},{v}\n" for t, v in rows)})
    source, csv = (client.get(f"/plot/{name}.json?kind=bar&x=t&y=v&agg=sum") for name in ("spelt", "spelt_csv"))
    assert source.status_code == csv.status_code
    if hours <= 100:
        assert source.json["rows"] == csv.json["rows"] and len(source.json["rows"]) == hours
        assert source.json["rows"][:2] == [["2024-01-01T00:00:00Z", 1.0], ["2024-01-01T01:00:00Z", 2.0]]
    else:
        assert f"at most 100 categories and this one has {hours};" in source.json["error"]
        assert source.json["error"] == csv.json["error"]


ODD_CHARTS = [  # (chart, whether its data as JSON is computed as for an image)
    ({"x": "x.y", "y": "a b", "filter.t-ab": "v1"}, True),
    ({"x": "x.y", "y": "f(x)", "filter.new;line": "a", 'filter.q"uote': "x"}, True),
    ({"x": "x.y", "y": "a b,it's", "xmin": "10", "xmax": "20.5"}, True),
    ({"x": ":c [1]", "y": "a b", "xmin": "100", "xmax": "150"}, True),
    ({"x": "d/ay", "y": "it's", "from": "2024-01-02", "to": "2024-01-03T05:00"}, True),
    ({"x": "d/ay", "y": "it's", "resample": "day", "agg": "sum", "filter.t-ab": "v2"}, True),
    ({"kind": "bar", "x": "t-ab", "y": "50%", "agg": "mean"}, True),
    ({"kind": "hist", "y": "50%,a b", "xmin": "5", "filter.new;line": "b"}, False),
    ({"x": "x.y", "y": ":c [1]", "width": "100", "xmin": "3", "filter.q\"uote": "x"}, False),
    ({"x": "d/ay", "y": ":c [1],a b", "width": "100", "from": "2024-01-02"}, False),
    ({"kind": "box", "y": "f(x)", "filter.t-ab": "v3"}, False),
]


@pytest.fixture
def bind_names() -> Iterator[set[str]]:
    """The names of the bound parameters of every statement run meanwhile."""
    names: set[str] = set()

    def collect(conn, cursor, statement, parameters, context, executemany):
        if context is not None and context.compiled is not None:
            names.update(context.compiled.bind_names.values())

    event.listen(Engine, "before_cursor_execute", collect)
    yield names
    event.remove(Engine, "before_cursor_execute", collect)


def plain_query(chart: dict[str, str]) -> str:
    """A chart's query over `odd` as the same chart over `plain`."""
    def plain(names: str) -> str:
        return ",".join(PLAIN.get(name, name) for name in names.split(","))

    fields = {}
    for key, value in chart.items():
        if key.startswith("filter."):
            fields["filter." + PLAIN[key[len("filter."):]]] = value
        else:
            fields[key] = plain(value) if key in ("x", "y") else value
    return urlencode(fields)


@pytest.mark.parametrize(("chart", "as_json"), ODD_CHARTS,
                         ids=lambda value: "-".join(value) if isinstance(value, dict) else None)
def test_any_column_name_is_quoted_and_no_bound_parameter_is_named_after_it(edge_client, bind_names, chart, as_json):
    # A parameter compared with a column took the column's name: a tab in it (a name the site now
    # refuses) made the statement a syntax error. Parameters are named apart from columns.
    image = edge_client.get(f"/plot/odd.svg?{urlencode(chart)}")
    assert image.status_code == 200, image.data[:400]
    assert edge_client.get(f"/plot/plain.svg?{plain_query(chart)}").status_code == 200
    if as_json:
        odd = edge_client.get(f"/plot/odd.json?{urlencode(chart)}")
        plain = edge_client.get(f"/plot/plain.json?{plain_query(chart)}")
        assert odd.status_code == 200 and odd.json["rows"] == plain.json["rows"] and odd.json["rows"]
    assert bind_names and all(re.fullmatch(r"\w+", name, re.ASCII) for name in bind_names), bind_names


def test_an_sqlite_querys_dates_with_and_without_utc_offsets_are_moments_in_utc(tmp_path: Path, source_client):
    # A query's column types come from its values; text with an offset next to text without one
    # (or with 'Z') once failed the whole description, and with it the index and the dataset list.
    cells = [("2024-01-01T00:00:00+05:00", 1.0), ("2024-01-02T00:00:00Z", 2.0), ("2024-01-03 06:00", 3.0)]
    url = sqlite_file(tmp_path / "zones.db", {"zones": ("d DATETIME, v REAL", cells)})
    client = source_client(tmp_path, url, [], {"zones_query": {"source": "db", "sql": "SELECT d, v FROM zones"}})
    described = client.get("/api/datasets/zones_query")
    assert described.status_code == 200, described.json
    assert [c["type"] for c in described.json["dataset"]["columns"]] == ["datetime", "float"]
    listed = client.get("/api/datasets")
    assert listed.status_code == 200
    assert [d for d in listed.json["datasets"] if d["name"] == "zones_query" and "error" not in d]
    assert client.get("/").status_code == 200
    rows = client.get("/plot/zones_query.json?x=d&y=v").json["rows"]
    assert rows == [["2023-12-31T19:00:00Z", 1.0], ["2024-01-02T00:00:00Z", 2.0], ["2024-01-03T06:00:00Z", 3.0]]
    assert client.get("/plot/zones_query.json?kind=scatter&x=d&y=v&xmin=2024-01-01T00:00").json["rows"] == rows[1:]
    # A line runs on to the row before xmin.
    assert client.get("/plot/zones_query.json?x=d&y=v&xmin=2024-01-01T00:00").json["rows"] == rows


LAST_WEEKS = {"late": [("9999-12-20", 1.0), ("9999-12-30 12:00", 2.0), ("9999-12-31 12:00", 4.0)],
              "early": [("0001-01-01", 1.0), ("0001-01-03", 3.0), ("0001-01-15", 3.0)]}


@pytest.fixture(scope="module", params=["sqlite", "postgresql"])
def last_weeks_url(request, tmp_path_factory) -> Iterator[str]:
    """The URL of a source database holding `LAST_WEEKS` as timestamps, in SQLite, then in PostgreSQL."""
    yield from tables_source(request, tmp_path_factory,
                             {name: ("d {time}, v {real}", rows) for name, rows in LAST_WEEKS.items()}, "last_weeks")


@pytest.fixture
def last_weeks_client(tmp_path: Path, last_weeks_url: str, source_client):
    """The site over `LAST_WEEKS`, from SQLite, then from PostgreSQL."""
    return source_client(tmp_path, last_weeks_url, list(LAST_WEEKS))


@pytest.mark.parametrize("agg", ["sum", "count", "max"])
def test_the_first_and_last_weeks_of_the_calendar_are_named_by_their_mondays(last_weeks_client, agg):
    # 0001-01-01 is a Monday, and the Monday of 9999-12-31 is 9999-12-27: every date's week is
    # named by a date of the years 1 to 9999, as the site's dates are (six days before 0001-01-03
    # is in the year 0, which SQLite's date() takes as a year).
    late = last_weeks_client.get(f"/plot/late.json?x=d&y=v&resample=week&agg={agg}")
    last = {"sum": 6, "count": 2, "max": 4}[agg]
    assert late.status_code == 200 and late.json["rows"] == [["9999-12-20", 1], ["9999-12-27", last]], late.json
    early = last_weeks_client.get(f"/plot/early.json?x=d&y=v&resample=week&agg={agg}")
    first = {"sum": [["0001-01-01", 4], ["0001-01-08", 0]], "count": [["0001-01-01", 2], ["0001-01-08", 0]],
             "max": [["0001-01-01", 3]]}[agg]
    third = ["0001-01-15", {"sum": 3, "count": 1, "max": 3}[agg]]
    assert early.status_code == 200 and early.json["rows"] == [*first, third], early.json
    for name in LAST_WEEKS:
        assert last_weeks_client.get(f"/plot/{name}.svg?x=d&y=v&resample=week&agg={agg}").status_code == 200
    # And their years.
    years = last_weeks_client.get(f"/plot/early.json?x=d&y=v&resample=year&agg={agg}").json["rows"]
    assert years == [["0001-01-01", {"sum": 7, "count": 3, "max": 3}[agg]]]
    years = last_weeks_client.get(f"/plot/late.json?x=d&y=v&resample=year&agg={agg}").json["rows"]
    assert years == [["9999-01-01", {"sum": 7, "count": 3, "max": 4}[agg]]]


# Column names the site's text rule refuses (a tab, a line feed, a control character, a
# bidirectional control, a line separator): `bad_<i>` holds one of them besides `day` and `v`.
REFUSED_NAMES = ["t\tab", "new\nline", "bell\x07", "a\u202eb", "line\u2028break"]
REFUSED_ROWS = [("2024-01-01", 1.0, 10.0), ("2024-01-02", 2.0, 20.0), ("2024-01-03", 4.0, 40.0)]


@pytest.fixture(scope="module", params=["sqlite", "postgresql"])
def refused_url(request, tmp_path_factory) -> Iterator[str]:
    """The URL of a source database whose tables `bad_<i>` each have a column named `REFUSED_NAMES[i]`."""
    tables = {f"bad_{i}": ('day DATE, v {real}, "' + name + '" {real}', REFUSED_ROWS)
              for i, name in enumerate(REFUSED_NAMES)}
    yield from tables_source(request, tmp_path_factory, tables, "refused")


def refused_client(source_client, tmp_path: Path, url: str, i: int):
    """The site over `bad_<i>`: as a table and a query of every column, and as both picking `day`
    and `v` only."""
    return source_client(tmp_path, url, [], {
        "whole": {"source": "db", "table": f"bad_{i}"},
        "whole_query": {"source": "db", "sql": f"SELECT * FROM bad_{i}"},
        "picked": {"source": "db", "table": f"bad_{i}", "columns": ["day", "v"]},
        "picked_query": {"source": "db", "sql": f"SELECT * FROM bad_{i}", "columns": ["v", "day"]},
        "misspelt": {"source": "db", "table": f"bad_{i}", "columns": ["day", "w"]},
    })


@pytest.mark.parametrize("i", range(len(REFUSED_NAMES)), ids=[repr(n) for n in REFUSED_NAMES])
def test_a_source_column_name_the_text_rule_refuses_makes_its_dataset_unreadable_saying_how_to_fix_it(
        tmp_path: Path, refused_url: str, i: int, source_client):
    # Uploaded column names are held to the text rule; a source's came straight from its database,
    # and a tab drew as a box, U+202E turned the name around in pages, legends and axis titles.
    name = REFUSED_NAMES[i]
    client = refused_client(source_client, tmp_path, refused_url, i)
    character = describe_character(refused_character(name))
    for dataset, fix in (("whole", 'columns = ["day", "v"]'), ("whole_query", "AS clean_name")):
        described = client.get(f"/api/datasets/{dataset}")
        assert described.status_code == 422, described.json
        error = described.json["error"]
        assert f"dataset {dataset!r}" in error and f"column {name!r}" in error and character in error, error
        assert fix in error, error
        assert refused_character(error) is None, error
        chart = client.get(f"/plot/{dataset}.svg?x=day&y=v")
        assert chart.status_code == 422 and f"column {name!r}".encode() in chart.data
        assert client.get(f"/datasets/{dataset}").status_code == 422
    assert 'sql = "SELECT ' in client.get("/api/datasets/whole").json["error"]
    # The columns a dataset lists when it lacks one are shown as the error names them.
    misspelt = client.get("/api/datasets/misspelt").json["error"]
    assert "has no column 'w'" in misspelt and repr(name) in misspelt and refused_character(misspelt) is None
    # The rest of the site goes on, listing the dataset with its error.
    listed = {d["name"]: d for d in client.get("/api/datasets").json["datasets"]}
    assert "column" in listed["whole"]["error"] and "error" not in listed["picked"]
    assert refused_character(client.get("/api/datasets").get_data(as_text=True), "\n") is None
    index = client.get("/")
    assert index.status_code == 200 and refused_character(index.get_data(as_text=True), "\t\n\r") is None


def test_a_source_column_with_a_blank_or_too_long_name_makes_its_dataset_unreadable_saying_how_to_fix_it(
        tmp_path: Path, refused_url: str, source_client):
    # An uploaded CSV's header may not name a column blank or with more than 200 characters; a
    # source's came straight from its query, and a blank one could not be asked for in a URL.
    long_name = "n" * (MAX_COLUMN_NAME + 1)
    client = source_client(tmp_path, refused_url, [], {
        "blank": {"source": "db", "sql": 'SELECT day, v AS "  " FROM bad_0'},
        "long": {"source": "db", "sql": f'SELECT day, v AS "{long_name}" FROM bad_0'},
        "blank_left_out": {"source": "db", "sql": 'SELECT day, v, v AS "  " FROM bad_0', "columns": ["day", "v"]},
    })
    blank = client.get("/api/datasets/blank")
    assert blank.status_code == 422, blank.json
    assert "column '  ' of its query in the source 'db' has no name" in blank.json["error"]
    assert "AS clean_name" in blank.json["error"]
    assert client.get("/plot/blank.svg?x=day").status_code == 422
    assert client.get("/api/datasets/blank_left_out").status_code == 200
    long = client.get("/api/datasets/long")
    if refused_url.startswith("sqlite"):
        assert long.status_code == 422, long.json
        assert f"has a name of {MAX_COLUMN_NAME + 1} characters; a column name may have at most" in long.json["error"]
        assert long_name not in long.json["error"]  # shown cut short
    else:  # PostgreSQL cuts a name to 63 bytes itself
        assert long.status_code == 200 and long.json["dataset"]["columns"][1]["name"] == long_name[:63]


@pytest.mark.parametrize("i", range(len(REFUSED_NAMES)), ids=[repr(n) for n in REFUSED_NAMES])
def test_a_source_dataset_that_leaves_such_a_column_out_is_read_as_any_other(tmp_path: Path, refused_url: str,
                                                                             i: int, source_client):
    client = refused_client(source_client, tmp_path, refused_url, i)
    for dataset in ("picked", "picked_query"):
        described = client.get(f"/api/datasets/{dataset}")
        assert described.status_code == 200, described.json
        assert sorted(c["name"] for c in described.json["dataset"]["columns"]) == ["day", "v"]
        rows = client.get(f"/plot/{dataset}.json?x=day&y=v").json["rows"]
        assert rows == [["2024-01-01", 1.0], ["2024-01-02", 2.0], ["2024-01-03", 4.0]]
        assert client.get(f"/plot/{dataset}.svg?x=day&y=v").status_code == 200
        assert client.get(f"/datasets/{dataset}").status_code == 200


def test_a_refused_column_picked_by_columns_makes_the_dataset_unreadable(tmp_path: Path, refused_url: str,
                                                                         source_client):
    # A sources file may name a column holding a bidirectional control (a tab or a newline it cannot).
    i = REFUSED_NAMES.index("a\u202eb")
    client = source_client(tmp_path, refused_url, [], {
        "picks_it": {"source": "db", "table": f"bad_{i}", "columns": ["day", "a\u202eb"]}})
    described = client.get("/api/datasets/picks_it")
    assert described.status_code == 422 and "column 'a\\u202eb'" in described.json["error"], described.json
    assert 'columns = ["day"]' in described.json["error"]


# A text column holding '' beside NULL. A database's '' is a value, as "" is in a stored dataset a
# JSON append gave it (its own category, a value a filter may name), and NULL is the missing value,
# as JSON's null is; a CSV cannot tell the two apart, so its empty cell is a missing value.
BLANK_ROWS = [("2024-01-01", "a", 1.5), ("2024-01-02", "", 2.0), ("2024-01-03", None, 3.0), ("2024-01-04", "b", 4.0),
              ("2024-01-05", "", 0.5), ("2024-01-06", "a", None)]
BLANK_CHARTS = ["kind=bar&x=cat&y=v", "kind=bar&x=cat&y=v&agg=count", "kind=bar&x=cat&y=v&agg=median",
                "kind=barh&x=cat&y=v&agg=sum", "kind=box&y=v&filter.cat=a&filter.cat=b", "x=day&y=v&filter.cat=b",
                "kind=bar&x=cat&y=v&filter.cat=nowhere"]


@pytest.fixture(scope="module", params=["sqlite", "postgresql"])
def blanks_url(request, tmp_path_factory) -> Iterator[str]:
    """The URL of a source database holding `blanks` (`BLANK_ROWS`), in SQLite, then in PostgreSQL."""
    yield from tables_source(request, tmp_path_factory, {"blanks": ("day {time}, cat {text}, v {real}", BLANK_ROWS)},
                             "blanks")


@pytest.fixture
def blanks_client(tmp_path: Path, blanks_url: str, closing):
    """The site with `blanks` as a source dataset and as a stored one, `stored`, whose rows after
    the first were appended through the store ('' as "", NULL as None): as a dataset holds an empty
    text stored before an empty text appended as JSON became a missing value."""
    sources = sources_toml(tmp_path / "sources.toml", {"db": {"url": blanks_url}},
                           {"blanks": {"source": "db", "table": "blanks"}})
    (tmp_path / "data").mkdir()
    client = closing(create_app({"TESTING": True, "DATA_DIR": str(tmp_path / "data"), "SOURCES": str(sources),
                                 "WRITE_TOKENS": WRITE_TOKEN, "RENDER_WORKERS": 0})).test_client()
    first = ",".join(map(str, BLANK_ROWS[0]))
    created = client.post("/api/datasets?name=stored", headers=CSV_WRITE, data=f"day,cat,v\n{first}\n")
    assert created.status_code == 201, created.json
    store = client.application.extensions["svgplots"].store
    store.append("stored", store.info("stored").columns, BLANK_ROWS[1:])
    return client


@pytest.mark.parametrize("chart", BLANK_CHARTS)
def test_an_empty_text_is_a_value_and_null_a_missing_one_as_in_a_stored_dataset(blanks_client, chart):
    source, stored = (blanks_client.get(f"/plot/{name}.json?{chart}") for name in ("blanks", "stored"))
    assert source.status_code == stored.status_code
    assert source.json.get("error", "") == stored.json.get("error", "").replace("stored", "blanks", 1)
    if chart.startswith("kind=bar"):
        # Bars of text come in the stored rows' order ("a" first), and as the database sorts text
        # from a source ("" first): a table has no order of rows.
        assert source.json.get("rows", []) == sorted(stored.json.get("rows", []))
        return
    assert source.json.get("rows") == stored.json.get("rows")
    assert blanks_client.get(f"/plot/blanks.svg?{chart}").data == blanks_client.get(f"/plot/stored.svg?{chart}").data


def test_an_empty_text_is_its_own_category_that_no_filter_offers(blanks_client):
    counted = blanks_client.get("/plot/blanks.json?kind=bar&x=cat&y=v&agg=count")
    # In x's order as the database sorts text, grouped here (as few as these) or by the database.
    assert counted.json["rows"] == [["", 2], ["a", 1], ["b", 1]]
    unknown = blanks_client.get("/plot/blanks.json?filter.cat=nowhere")
    assert unknown.status_code == 404 and unknown.json["error"].endswith("its values are 'a', 'b'")
    rows = blanks_client.get("/datasets/blanks.json").json["rows"]
    assert [cat for _, cat, _ in rows] == ["a", "", None, "b", "", "a"]
