"""One awkward table's charts are the same data whichever way its rows reach the site: uploaded to
the SQLite store or to the PostgreSQL one, a CSV file in the data folder, or a table of an SQLite or
PostgreSQL source. Its `.json` and `.csv` hold the same rows, and its alt text says the same, for
every kind, resample and aggregate, bins, bounds, range and filter; a few are checked against pandas."""
from __future__ import annotations

import re
from collections.abc import Iterator

import numpy as np
import pandas as pd
import pytest

from tests.source_data import path_clients

PATHS = ("sqlite store", "postgresql store", "data folder", "sqlite source", "postgresql source")
SOURCES = ("sqlite source", "postgresql source")
BIG = 2 ** 53


def awkward_frame(rows: int = 300, seed: int = 53) -> pd.DataFrame:
    """A table of missing x and y, x given more than once, ties, -0.0, integers near 2**53, text
    told apart by case or a trailing space, and dates across a month's end and a leap day, with a
    week that holds no rows."""
    rng = np.random.default_rng(seed)
    days = [d for d in pd.date_range("2024-01-20", "2024-03-12", freq="D")
            if not pd.Timestamp("2024-02-12") <= d <= pd.Timestamp("2024-02-18")]
    d = pd.Series(np.array(days)[rng.integers(0, len(days), rows)])
    late = rng.random(rows) < 0.1  # some times of day: a row of 23:30 on the 31st is January's
    d[late] = d[late] + pd.Timedelta(hours=23, minutes=30)
    d[rng.random(rows) < 0.04] = pd.NaT
    v = rng.choice([-1.5, -0.0, 0.0, 0.1, 0.2, 2.5, 2.5, 7.0, 1e3], rows)
    v[rng.random(rows) < 0.08] = np.nan
    big = BIG + rng.integers(-4, 5, rows)
    place = pd.Series(rng.choice(["North", "north", "North ", "South", "Süd"], rows), dtype=object)
    place[rng.random(rows) < 0.05] = None
    frame = pd.DataFrame({"d": d, "v": v, "big": big, "n": rng.integers(-3, 4, rows), "place": place})
    # A leap day and the last moment of January, held whatever the draw gives.
    frame.loc[0, "d"] = pd.Timestamp("2024-02-29")
    frame.loc[1, "d"] = pd.Timestamp("2024-01-31 23:59:59")
    return frame


FRAME = awkward_frame()


def csv_text(frame: pd.DataFrame) -> str:
    """The frame as an upload's CSV: dates as ISO text, a midnight as a date, a missing value empty."""
    def cell(value) -> str:
        if value is None or (isinstance(value, float) and np.isnan(value)) or value is pd.NaT:
            return ""
        if isinstance(value, pd.Timestamp):
            return value.strftime("%Y-%m-%d") if value == value.normalize() else value.isoformat(sep=" ")
        return repr(value) if isinstance(value, float) else str(value)
    lines = [",".join(frame.columns)]
    for row in frame.itertuples(index=False):
        lines.append(",".join(cell(v) for v in row))
    return "\n".join(lines) + "\n"


@pytest.fixture(scope="module")
def clients(postgres_url: str, tmp_path_factory) -> Iterator[dict]:
    """A test client of each path's site (no samples, no dashboards), its dataset `t` holding FRAME's rows."""
    with path_clients(postgres_url, tmp_path_factory.mktemp("agree"), FRAME, csv_text(FRAME), PATHS) as made:
        yield made

# The chart data URLs asked of every path (after /plot/t.json? and /plot/t.csv?).
QUERIES = [
    *(f"kind={kind}&x=d&y=v" for kind in ("line", "area", "scatter", "bar", "barh")),
    "kind=hist&y=v", "kind=hist&y=big&bins=7", "kind=hist&y=n&bins=3", "kind=hist&y=v&xmin=0&xmax=3&bins=4",
    "kind=box&y=v&y=n", "kind=box&y=big&ymin=0",
    *(f"x=d&y=v&resample={step}&agg={agg}" for step in ("day", "week", "month", "quarter", "year")
      for agg in ("mean", "sum", "min", "max", "median", "count")),
    *(f"kind=bar&x=d&y=big&resample=week&agg={agg}" for agg in ("mean", "sum", "median")),
    *(f"kind=bar&x=n&y=big&agg={agg}" for agg in ("mean", "sum", "min", "max", "median", "count")),
    "kind=barh&x=place&y=n&agg=sum", "kind=bar&x=place&y=v&agg=median&ymin=0&ymax=2",
    "x=d&y=v&xmin=2024-01-31&xmax=2024-02-29", "x=d&y=v&xmin=2024-02-13&xmax=2024-02-17",
    "kind=area&x=d&y=v&resample=month&agg=mean&xmin=2024-02-13&xmax=2024-02-17",
    "x=d&y=n&resample=week&agg=sum&xmin=2024-02-01&xmax=2024-02-29", "kind=scatter&x=d&y=v&ymin=0&ymax=3",
    "x=d&y=v&from=2024-02-29&to=2024-03-01", "x=d&y=v&resample=day&agg=max&from=2024-01-31T23:30:00&to=2024-02-01",
    "kind=hist&y=v&from=2024-02-01&to=2024-02-29", "kind=box&y=v&filter.place=North",
    "x=d&y=v&filter.place=north", "x=d&y=v&filter.place=North%20",
    "x=d&y=v&resample=month&agg=count&filter.place=North&filter.place=S%C3%BCd",
    "kind=bar&x=place&y=n&agg=sum&from=2024-02-01", "x=n&y=big", "kind=line&x=big&y=v",
    "x=d&y=n&y=big&resample=quarter&agg=median", "kind=hist&y=big&bins=5&xmin=9007199254740990&xmax=9007199254740994",
    "x=d&y=big&resample=day&agg=mean&from=2024-02-28&to=2024-03-01", "kind=hist&y=v&from=2024-02-13&to=2024-02-17",
    # Hours: the midnights of most rows, and 23:30 of some.
    "x=d&y=v&resample=hour&agg=sum&from=2024-01-31&to=2024-02-01", "x=d&y=n&y=big&resample=hour&agg=median",
    # Each aggregate over the values present, of bars one of whose x (2024-03-03 23:30) has no v.
    *(f"kind=bar&x=d&y=v&y=n&agg={agg}" for agg in ("count", "mean", "sum", "median", "min", "max")),
    # Percentiles, interpolated between the two closest ranks: of floats, of integers past 2**53 exact.
    *(f"x=d&y=v&resample={step}&agg=p95" for step in ("day", "week", "month")),
    "kind=bar&x=n&y=big&agg=p90", "kind=bar&x=n&y=big&agg=p50", "kind=bar&x=place&y=v&agg=p99",
    "x=d&y=n&y=big&resample=quarter&agg=p95", "kind=bar&x=d&y=v&y=n&agg=p1",
    "kind=barh&x=n&y=v&agg=p90&sort=-value&top=3",
    # Outliers beyond a y bound (7 and 1000 above 5), counted in the words.
    "kind=box&y=v&ymin=0&ymax=5",
    # A histogram's bound below or above every value, and at the only value it leaves.
    "kind=hist&y=v&xmax=-2", "kind=hist&y=v&xmin=1001", "kind=hist&y=v&xmax=-1.5", "kind=hist&y=n&xmin=3",
]
# Those whose rows of one x a source orders otherwise than a file: by their other columns, as README
# says of a source's line, area, scatter plot and bars.
TIED = {q for q in QUERIES if "resample" not in q and re.search(r"kind=(bar|barh|scatter)&x=d|kind=(line|area)|^x=", q)}
# Lines whose x bounds fall between rows, which run on to the nearest row beyond each bound.
NEIGHBOURED = {"x=d&y=v&xmin=2024-02-13&xmax=2024-02-17"}
# Bars of text, which a source puts in the order its database sorts text, a file in the order they come.
TEXT_BARS = {q for q in QUERIES if "x=place" in q}
# The charts whose words (their SVG's <desc>) are compared too: drawing is the slow part.
DRAWN = ["kind=hist&y=v&xmin=0&xmax=3&bins=4", "kind=box&y=v&y=n", "x=d&y=v&resample=week&agg=sum",
         "x=d&y=v&resample=month&agg=median", "kind=bar&x=d&y=big&resample=week&agg=mean", "kind=bar&x=n&y=big&agg=sum",
         "kind=area&x=d&y=v&resample=month&agg=mean&xmin=2024-02-13&xmax=2024-02-17",
         "x=d&y=v&xmin=2024-02-13&xmax=2024-02-17", "x=d&y=v&resample=month&agg=count&filter.place=North&filter.place=S%C3%BCd",
         "kind=bar&x=place&y=v&agg=median&ymin=0&ymax=2", "kind=box&y=v&ymin=0&ymax=5", "kind=hist&y=v&xmax=-2",
         "kind=hist&y=v&xmax=-1.5", "x=d&y=v&resample=month&agg=p95", "kind=bar&x=n&y=big&agg=p90"]


@pytest.fixture(scope="module")
def answers(clients):
    """`answers(path, url)`: what `url` answers on that path, asked once in the module."""
    kept: dict = {}

    def answer(path: str, url: str):
        if (path, url) not in kept:
            kept[path, url] = chart_data(clients[path], url) if ".svg" not in url else chart_words(clients[path], url)
        return kept[path, url]

    return answer


def chart_data(client, url: str):
    """What a chart's data URL answers that must agree: its status and, for a 200, its columns and rows
    (a .json's spec and selection too; a .csv's lines), else its message."""
    answer = client.get(url)
    if answer.status_code != 200:
        body = answer.get_json(silent=True)
        return answer.status_code, body["error"] if body else answer.get_data(as_text=True)
    if ".json" in url:
        body = answer.get_json()
        return 200, {key: body[key] for key in ("columns", "rows", "spec", "selection")}
    return 200, answer.get_data(as_text=True).splitlines()


def chart_words(client, url: str) -> tuple[int, str]:
    """The words of a chart's SVG (its <desc>), with its status."""
    answer = client.get(url)
    found = re.search(r"<desc[^>]*>(.*?)</desc>", answer.get_data(as_text=True), re.S)
    assert found, answer.get_data(as_text=True)[:300]
    return answer.status_code, found[1]


def untied(answer, whole: bool = False, neighbours: bool = False):
    """`answer`'s rows with those of one x put in one order (all of them, `whole`), which a source may
    give in another: what must agree whatever order equal rows come in. With `neighbours`, the
    first and last rows, a line's nearest beyond its x bounds, by their x alone: of rows of one x,
    the first or last in the order they come."""
    status, body = answer
    if status != 200:
        return answer
    if isinstance(body, list):  # a .csv's lines: its header, then rows
        rows, key, body = body[1:], (lambda line: "") if whole else (lambda line: line.split(",")[0]), body[0]
        x_alone = key
    else:
        rows, key = body["rows"], (lambda row: "") if whole else (lambda row: repr(row[0]))
        body = {k: v for k, v in body.items() if k != "rows"}
        x_alone = (lambda row: row[0])
    if neighbours:
        rows = [x_alone(rows[0]), *rows[1:-1], x_alone(rows[-1])]
    runs: list[list] = []
    for row in rows:
        if runs and key(runs[-1][0]) == key(row):
            runs[-1].append(row)
        else:
            runs.append([row])
    return status, body, [sorted(run, key=repr) for run in runs]


@pytest.mark.parametrize("ext", ["json", "csv"])
@pytest.mark.parametrize("query", QUERIES)
def test_a_charts_data_is_the_same_from_either_store_and_a_data_folder_file(answers, query, ext):
    url = f"/plot/t.{ext}?{query}"
    stored = answers("sqlite store", url)
    assert stored[0] == 200, stored
    assert answers("postgresql store", url) == stored
    assert answers("data folder", url) == stored


@pytest.mark.parametrize("ext", ["json", "csv"])
@pytest.mark.parametrize("query", QUERIES)
def test_a_charts_data_is_the_same_from_an_sqlite_and_a_postgresql_source(answers, query, ext):
    # Rows of one x come in one order from both, by their other columns, missing values last.
    url = f"/plot/t.{ext}?{query}"
    assert answers("postgresql source", url) == answers("sqlite source", url)


@pytest.mark.parametrize("ext", ["json", "csv"])
@pytest.mark.parametrize("query", QUERIES)
def test_a_charts_data_is_the_same_from_a_source_as_from_a_store(answers, query, ext):
    url = f"/plot/t.{ext}?{query}"
    stored = answers("sqlite store", url)
    for path in SOURCES:
        if query in TEXT_BARS:
            assert untied(answers(path, url), whole=True) == untied(stored, whole=True), path
        elif query in TIED:
            neighbours = query in NEIGHBOURED
            assert untied(answers(path, url), neighbours=neighbours) == untied(stored, neighbours=neighbours), path
        else:
            assert answers(path, url) == stored, path


@pytest.mark.parametrize("query", DRAWN)
def test_a_charts_words_are_the_same_on_every_path(answers, query):
    url = f"/plot/t.svg?{query}"
    stored = answers("sqlite store", url)
    assert stored[0] == 200, stored
    assert answers("postgresql store", url) == stored
    assert answers("data folder", url) == stored
    assert answers("postgresql source", url) == answers("sqlite source", url)
    if query not in TEXT_BARS:  # whose first and last bar and last value are another bar's
        # A source's chart counts no rows without an x (README: a second pass over its rows).
        uncounted = re.sub(r" \d+ rows? ha(s|ve) no d and (is|are) not drawn\.", "", stored[1])
        assert answers("sqlite source", url) == (200, uncounted)


@pytest.mark.parametrize("query", [q for q in QUERIES if "kind=scatter" in q])
def test_a_scatters_words_are_the_same_from_an_sqlite_and_a_postgresql_source(answers, query):
    # Their last value among them: that of the last x's rows, which come in one order from both.
    url = f"/plot/t.svg?{query}"
    assert answers("postgresql source", url) == answers("sqlite source", url)
    assert answers("sqlite source", url)[0] == 200


def weekly(values: pd.Series, how: str) -> list[list]:
    """`values` by d, in weeks from Monday, as pandas combines them: every week from the first to
    the last for a sum or count (0 where none falls), only those holding a value for the others."""
    weeks = values.resample("W-MON", label="left", closed="left")
    combined = (weeks.count() if how == "count" else weeks.quantile(int(how[1:]) / 100) if how.startswith("p")
                else getattr(weeks, how)())
    if how not in ("sum", "count"):
        combined = combined.dropna()
    return [[day.strftime("%Y-%m-%d"), float(f"{v:.15g}")] for day, v in combined.items()]


@pytest.mark.parametrize("agg", ["mean", "sum", "min", "max", "median", "count", "p95"])
def test_weekly_values_are_those_pandas_makes(answers, agg):
    dated = FRAME.dropna(subset=["d"]).set_index("d")["v"]
    expected = weekly(dated, agg)
    assert ["2024-02-12", 0.0] in expected or agg not in ("sum", "count")  # the week of no rows
    for path in PATHS:
        status, body = answers(path, f"/plot/t.json?x=d&y=v&resample=week&agg={agg}")
        assert [[day, float(v)] for day, v in body["rows"]] == expected, path


@pytest.mark.parametrize("query", ["x=d&y=v&resample=week", "kind=bar&x=n&y=big", "kind=bar&x=place&y=v&y=n"])
def test_p50_is_the_median_on_every_path(answers, query):
    for path in PATHS:
        assert answers(path, f"/plot/t.json?{query}&agg=p50")[1]["rows"] == \
            answers(path, f"/plot/t.json?{query}&agg=median")[1]["rows"], path


def test_sums_of_integers_past_2_53_are_exact_on_every_path(answers):
    expected = [[n, int(sum(int(b) for b in group))] for n, group in FRAME.groupby("n")["big"]]
    for path in PATHS:
        status, body = answers(path, "/plot/t.json?kind=bar&x=n&y=big&agg=sum")
        assert body["rows"] == expected, path
        assert all(isinstance(v, int) and v > 2 ** 53 for _, v in body["rows"])


def test_a_filter_tells_values_apart_by_case_and_trailing_space(answers):
    for value, query in (("North", "North"), ("north", "north"), ("North ", "North%20")):
        rows = FRAME[FRAME["place"] == value]
        for path in PATHS:
            status, body = answers(path, f"/plot/t.json?x=d&y=v&filter.place={query}")
            assert len(body["rows"]) == rows["d"].notna().sum(), (path, value)


def test_minus_zero_is_zero_on_every_path(answers):
    for path in PATHS:
        status, body = answers(path, "/plot/t.json?x=d&y=v")
        values = [v for _, v in body["rows"] if v == 0]
        assert values and all(np.copysign(1.0, v) == 1.0 for v in values), path
        assert "-0.0" not in "\n".join(answers(path, "/plot/t.csv?x=d&y=v")[1]), path
