"""An SQLite source's dates, text written in several forms ('…T01:00:00Z', '… 09:00:00', '…+05:30'),
put in order by their moments, as its WHERE clauses compare them: a line's nearest rows beyond its
x bounds, its rows at one moment and its M4-thinned rows are those of a data folder's CSV file of
the same rows, not those of the text's order ('T' sorts after ' '); so are a bar chart's rows."""
from __future__ import annotations

import sqlite3
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from app import create_app
from app.store import load_sources
from app.store.sources import SourceStore
from plots import Limits, parse_spec
from tests.source_data import sources_toml

MINI = [("2024-01-01T01:00:00Z", 2), ("2024-01-01 09:00:00", 5), ("2024-01-01 23:00:00", 1),
        ("2024-01-02T05:00:00Z", 3)]
FORMS = ("%Y-%m-%dT%H:%M:%SZ", "%Y-%m-%d %H:%M:%S+05:30", "%Y-%m-%dT%H:%M:%S-05:00", "%Y-%m-%d %H:%M:%S+14:00")
OFFSETS = (pd.Timedelta(0), pd.Timedelta(hours=5, minutes=30), pd.Timedelta(hours=-5), pd.Timedelta(hours=14))


def mixed_rows(count: int = 5000, seed: int = 3) -> list[tuple[str, int]]:
    """`count` rows a minute or more apart, each time written in one of `FORMS` in turn (its moment's
    text shifted by its offset), with a random walk's values: rows in time order, not in text order."""
    rng = np.random.default_rng(seed)
    moments = pd.Timestamp("2024-01-01") + pd.to_timedelta(np.cumsum(rng.integers(1, 30, count)), unit="min")
    values = np.cumsum(rng.integers(-9, 10, count))
    return [((moment + OFFSETS[i % 4]).strftime(FORMS[i % 4]), int(v))
            for i, (moment, v) in enumerate(zip(moments, values))]


def mix_sources(tmp_path: Path, rows: list[tuple[str, int]]) -> Path:
    """A sources file naming the dataset `mix` of `rows` (t, v), in that order, in a table of an
    SQLite source."""
    db = tmp_path / "src.db"
    with sqlite3.connect(db) as conn:
        conn.execute("CREATE TABLE mix (t DATETIME, v INTEGER)")
        conn.executemany("INSERT INTO mix VALUES (?, ?)", rows)
    conn.close()
    return sources_toml(tmp_path / "sources.toml", {"lite": {"url": f"sqlite:///{db}"}},
                        {"mix": {"source": "lite", "table": "mix"}})


def clients(tmp_path: Path, closing, rows: list[tuple[str, int]]):
    """Test clients of two sites with a dataset `mix` of `rows` (t, v): from a table of an SQLite
    source (`mix_sources`), and from a data folder's CSV file."""
    sources = mix_sources(tmp_path, rows)
    made = []
    for name, files in (("source", {}), ("file", {"mix.csv": "t,v\n" + "".join(f"{t},{v}\n" for t, v in rows)})):
        data = tmp_path / name
        data.mkdir()
        for file, text in files.items():
            (data / file).write_text(text, encoding="utf-8")
        settings = {"TESTING": True, "DATA_DIR": str(data), "RENDER_WORKERS": 0}
        made.append(closing(create_app({**settings, "SOURCES": str(sources)} if name == "source" else settings))
                    .test_client())
    return made


def json_rows(client, url: str) -> list:
    answer = client.get(url)
    assert answer.status_code == 200, answer.get_data(as_text=True)
    return answer.get_json()["rows"]


def test_a_line_runs_on_to_the_nearest_rows_by_time_whatever_form_their_text(tmp_path, closing):
    source, file = clients(tmp_path, closing, MINI)
    url = "/plot/mix.json?x=t&y=v&kind=line&xmin=2024-01-01T12:00:00Z&xmax=2024-01-02T00:00:00Z"
    assert json_rows(source, url) == json_rows(file, url) == [
        ["2024-01-01T09:00:00Z", 5], ["2024-01-01T23:00:00Z", 1], ["2024-01-02T05:00:00Z", 3]]
    # Below a bound the rows of both forms lie: the nearest is 09:00, not the last by text.
    url = "/plot/mix.json?x=t&y=v&kind=line&xmin=2024-01-01T22:00:00Z&xmax=2024-01-01T23:30:00Z"
    assert json_rows(source, url) == json_rows(file, url) == [
        ["2024-01-01T09:00:00Z", 5], ["2024-01-01T23:00:00Z", 1], ["2024-01-02T05:00:00Z", 3]]


def test_rows_at_one_moment_written_two_ways_come_ordered_by_their_other_columns(tmp_path, closing):
    # As text '2024-01-01 18:00:00' sorts before '2024-01-01T20:00:00+02:00', the same moment.
    rows = [*MINI, ("2024-01-01 18:00:00", 9), ("2024-01-01T20:00:00+02:00", 4)]
    source, _ = clients(tmp_path, closing, rows)
    assert json_rows(source, "/plot/mix.json?x=t&y=v&kind=line") == [
        ["2024-01-01T01:00:00Z", 2], ["2024-01-01T09:00:00Z", 5], ["2024-01-01T18:00:00Z", 4],
        ["2024-01-01T18:00:00Z", 9], ["2024-01-01T23:00:00Z", 1], ["2024-01-02T05:00:00Z", 3]]
    # A line runs on to the last of them before xmin and the first after xmax, in that order too.
    assert json_rows(source, "/plot/mix.json?x=t&y=v&kind=line&xmin=2024-01-01T19:00:00Z")[0] == [
        "2024-01-01T18:00:00Z", 9]
    assert json_rows(source, "/plot/mix.json?x=t&y=v&kind=line&xmax=2024-01-01T17:00:00Z")[-1] == [
        "2024-01-01T18:00:00Z", 4]


def test_a_scatters_rows_of_one_x_come_ordered_by_their_other_columns(tmp_path, closing):
    # SQLite gave them in the order of the table (9, 4, 7 here), PostgreSQL in the order its sort
    # left them: the .json and the alt text's last value were another's from each, and from one run
    # to the next.
    rows = [*MINI, ("2024-01-01 18:00:00", 9), ("2024-01-01T20:00:00+02:00", 4), ("2024-01-01 18:00", 7)]
    source, _ = clients(tmp_path, closing, rows)
    assert json_rows(source, "/plot/mix.json?x=t&y=v&kind=scatter") == [
        ["2024-01-01T01:00:00Z", 2], ["2024-01-01T09:00:00Z", 5], ["2024-01-01T18:00:00Z", 4],
        ["2024-01-01T18:00:00Z", 7], ["2024-01-01T18:00:00Z", 9], ["2024-01-01T23:00:00Z", 1],
        ["2024-01-02T05:00:00Z", 3]]


@pytest.mark.parametrize("bounds", ["", "&xmin=2024-01-20T00:00:00Z&xmax=2024-02-10T00:00:00Z"])
def test_a_thinned_line_of_times_of_mixed_forms_is_the_files_line(tmp_path, closing, bounds):
    source, file = clients(tmp_path, closing, mixed_rows())
    data = f"/plot/mix.json?x=t&y=v&kind=line{bounds}"
    assert json_rows(source, data) == json_rows(file, data)
    image = f"/plot/mix.svg?x=t&y=v&kind=line&width=200{bounds}"
    drawn = source.get(image)
    assert drawn.status_code == 200, drawn.get_data(as_text=True)
    assert drawn.get_data() == file.get(image).get_data()


def test_moments_a_microsecond_apart_late_in_the_calendar_are_told_apart(tmp_path, closing):
    # In the year 9000 a moment's seconds as a double are 30 µs apart: 00:00:00.000001, written
    # with a space, sorted with 00:00:00 (its text after it) and then by v, before it.
    rows = [("9000-01-01 00:00:00.000001", 1), ("9000-01-01T00:00:00Z", 2), ("9000-01-02T00:00:00Z", 3)]
    source, file = clients(tmp_path, closing, rows)
    url = "/plot/mix.json?x=t&y=v&kind=line&xmin=9000-01-01T12:00:00Z"
    assert json_rows(source, url) == json_rows(file, url)
    assert json_rows(source, url)[0] == ["9000-01-01T00:00:00.000001Z", 1]


def store_of(tmp_path: Path, closing, rows: list[tuple[str, int]]) -> SourceStore:
    """A source store of the dataset `mix` of `rows` (t, v), in that order, in an SQLite table (`mix_sources`)."""
    return closing(SourceStore(load_sources(mix_sources(tmp_path, rows))))


def test_bars_of_few_dates_come_from_the_database_in_moment_order(tmp_path, closing):
    store = store_of(tmp_path, closing, MINI)
    spec = parse_spec({"kind": ["bar"], "x": ["t"], "y": ["v"]}, store.info("mix").column_types())
    frame = store.chart_rows("mix", spec, Limits(), 640).frame
    assert list(frame["v"]) == [2, 5, 1, 3]  # 01:00Z, 09:00, 23:00, 05:00Z the next day


def test_a_thinned_lines_first_and_last_rows_a_microsecond_from_others_late_in_the_calendar(tmp_path, closing):
    # Seven rows in one pixel column, thinned to four by M4. In the year 9000 a moment's seconds as
    # a double are 30 µs apart: the rows a microsecond after the first and before the last, read
    # first, tied with them and were kept in their place.
    rows = [("9000-01-01 00:00:00.000001", 6), ("9000-01-01T00:00:00Z", 5), ("9000-01-01T06:00:00Z", 0),
            ("9000-01-01T12:00:00Z", 9), ("9000-01-01T18:00:00Z", 3), ("9000-01-01 23:59:59.999999", 2),
            ("9000-01-02T00:00:00Z", 4)]
    store = store_of(tmp_path, closing, rows)
    spec = parse_spec({"kind": ["line"], "x": ["t"], "y": ["v"]}, store.info("mix").column_types())
    frame = store.chart_rows("mix", spec, Limits(), 1).frame
    assert [(t.isoformat(), v) for t, v in zip(frame["t"], frame["v"])] == [
        ("9000-01-01T00:00:00", 5), ("9000-01-01T06:00:00", 0), ("9000-01-01T12:00:00", 9),
        ("9000-01-02T00:00:00", 4)]
