"""What an SQLite source's date text is to the site agrees with how SQLite computes over it: text
of an impossible date ('2024-02-30', the hour 24) is no moment to either; and a bound on the text,
which an index serves, keeps the rows the moments' comparison keeps."""
from __future__ import annotations

import contextlib
import datetime as dt
import sqlite3
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from sqlalchemy import and_, case, column, create_engine, func, literal_column, not_, null, select, table
from sqlalchemy.dialects import sqlite

from app.store import Column, source_sql_dialects
from app.store.source_conditions import Condition, Relation, where_clauses
from app.store.source_counts import KINDS, given_colon_a_moment, value_kind
from app.store.source_sql import blank_or_word
from app.store.source_sql_dialects import SqliteFunctions
from app.store.source_values import column_series
from tests.statements import statements_run
from tests.test_source_values import sqlite_file

# Texts an app may write into an SQLite date column: the ISO 8601 forms the site reads (a date,
# a time after 'T' or a space, seconds, fractions, 'Z' and offsets) and what lies near them.
MOMENT_TEXTS = [
    "2024-01-01", "2024-02-29", "2024-02-30", "2023-02-29", "2024-04-31", "2024-01-31", "2024-12-31", "2024-13-01",
    "2024-00-10", "2024-01-00", "2024-01-32", "0000-01-01", "0000-12-31T23:30:00-01:00", "0001-01-01",
    "0001-01-01T00:00:00+01:00", "0001-01-01T00:30:00-01:00", "1000-01-01", "1677-09-21", "2262-04-12",
    "9999-12-31", "9999-12-31T23:59:59Z", "9999-12-31T23:59:59-01:00", "9999-12-31T23:00:00+01:00",
    "9999-12-31T23:59:59.9994", "9999-12-31T23:59:59.9996", "2024-01-01T00:00", "2024-01-01 23:59",
    "2024-01-01T23:59:59", "2024-01-01T24:00", "2024-01-01T24:00:00", "2024-01-01 24:00:00.000",
    "2024-01-01T12:60:00", "2024-01-01T12:30:60", "2024-01-01T12", "2024-01-01T1:30", "2024-01-01T12:30:5",
    "2024-01-01T12:30:00.", "2024-01-01T12:30:00,5", "2024-01-01T12:30:00.5", "2024-01-01 12:30:00.123",
    "2024-01-01T12:30:00.123456", "2024-01-01T12:30:00.1234567", "2024-01-01T12:30:00.123456789012",
    "2024-01-01T12:30:00Z", "2024-01-01T12:30Z", "2024-01-01T12:30:00.5Z", "2024-01-01T12:30:00z",
    "2024-01-01T12:30:00+02:00", "2024-01-01T12:30:00-02:30", "2024-01-01T12:30:00+00:00", "2024-01-01T12:30:00-00:00",
    "2024-01-01T12:30:00+14:00", "2024-01-01T12:30:00-14:59", "2024-01-01T12:30:00+15:00", "2024-01-01T00:00:00+24:00",
    "2024-01-01T12:30:00+02:60", "2024-01-01T12:30:00+0200", "2024-01-01T12:30:00+02", "2024-02-30T12:00:00+02:00",
    "2024-02-29T23:00:00-02:00", "2024-01-01 12:30:00 +02:00", "2024-01-01T12:30:00 Z", "2024-01-01 12:30:00 ",
    "2024-01-01\t12:30", "2024-01-01  12:30", "2024-01-01TT12:30", "2024-01-01 T12:30", "2024-01-0112:30",
    "2024-01-01t12:30:00", "2024-01-01T", "2024-01-01 ", "2024-01-01Z", "2024-01-01+02:00", "2024-01-01x",
    "-2024-01-01", " 2024-01-01", "2024-1-01", "12:30", "12:30:00.123", "now", "2460311.5", "", "n/a",
    "2024-01-01T12:30:00.9999999", "2024-01-01T12:30:00 z", "2024-01-01T12:30 +02:00 ", "2024-01-01T12:30:00\tZ",
    "0000-12-31T23:30:00-01:00", "0000-06-01", "2024-02-29T24:00", "2024-02-31T12:00:00", "2460311.12",
    "2024-01-01T23:59:59.9999", "2024-12-31T23:59:59.9996Z",
]


def test_sqlite_reads_each_date_text_as_a_moment_exactly_where_the_rows_do():
    # julianday() reads '2024-02-30' as 2024-03-01 and '24:00' as the next midnight, which pandas
    # reads as no date: such a row was missing from the rows but counted, bounded and grouped by SQL.
    engine = create_engine("sqlite://")
    functions = SqliteFunctions()
    forms = table("forms", column("i"), column("ts"))
    ts = forms.c.ts
    with engine.begin() as conn:
        conn.exec_driver_sql("CREATE TABLE forms (i INTEGER, ts DATETIME)")
        conn.exec_driver_sql("INSERT INTO forms VALUES " + ", ".join("(?, ?)" for _ in MOMENT_TEXTS),
                             tuple(v for pair in enumerate(MOMENT_TEXTS) for v in pair))
        # Each query computing over a date column's moments has `present` or a bound in its WHERE.
        checks = [functions.present(ts, "datetime"), functions.datetime_bound(ts, ">=", dt.datetime(1, 1, 1)),
                  functions.datetime_bound(ts, "<=", dt.datetime(9999, 12, 31, 23, 59, 59, 999999))]
        found = conn.execute(select(forms.c.i, *checks).order_by(forms.c.i)).all()
    pandas = column_series("datetime", MOMENT_TEXTS).notna().tolist()
    for (i, *sql), text, rows in zip(found, MOMENT_TEXTS, pandas):
        assert [bool(v) for v in sql] == [rows] * len(checks), (text, rows, sql)
    assert sum(pandas) >= 30  # the forms the site reads are moments


def test_an_impossible_sqlite_date_has_no_place_on_any_chart(tmp_path: Path, source_client):
    cells = [("2024-01-01T22:00:00Z", 3, "b"), ("2024-01-01T24:00:00", 8, "d"), ("2024-02-30", 100, "e"),
             ("2024-01-02 10:00", 5, "f")]
    url = sqlite_file(tmp_path / "tz.db", {"tzl": ("ts DATETIME, v INTEGER, s TEXT", cells)})
    client = source_client(tmp_path, url, ["tzl"])
    rows = client.get("/datasets/tzl.json").json["rows"]
    assert [row[0] for row in rows] == ["2024-01-01T22:00:00Z", None, None, "2024-01-02T10:00:00Z"]
    resampled = client.get("/plot/tzl.json?x=ts&y=v&resample=day&agg=sum")
    assert resampled.status_code == 200, resampled.json
    assert resampled.json["rows"] == [["2024-01-01", 3], ["2024-01-02", 5]]
    bars = client.get("/plot/tzl.json?x=s&y=v&kind=bar&agg=sum&from=2024-01-01")
    scatter = client.get("/plot/tzl.json?x=s&y=v&kind=scatter&from=2024-01-01")
    assert bars.status_code == 200 and scatter.status_code == 200, (bars.json, scatter.json)
    assert [row[0] for row in bars.json["rows"]] == [row[0] for row in scatter.json["rows"]] == ["b", "f"]


# Date text with RFC 3339's lower-case `t`, which SQLite's date functions read as no date, beside
# the same moments with an upper-case `T`.
LOWER_T_CELLS = [("2024-01-01t08:00:00", 3), ("2024-01-01t20:30:00Z", 4), ("2024-01-02t09:15:00.250", 5),
                 ("2024-01-03 10:00", 6), ("2024-01-04t00:00:00+02:00", 7)]
UPPER_T_CELLS = [(ts.replace("t", "T"), v) for ts, v in LOWER_T_CELLS]
# What a chart reads of each: its rows, a line, a line between two moments and daily sums.
LOWER_T_READS = ["/datasets/{}.json", "/plot/{}.json?x=ts&y=v",
                 "/plot/{}.json?x=ts&y=v&from=2024-01-01T12:00:00&to=2024-01-03T10:00:00",
                 "/plot/{}.json?x=ts&y=v&resample=day&agg=sum"]


def _pair_client(tmp_path: Path, source_client, tables: dict[str, tuple[str, list]]):
    """A site over an SQLite file of `tables` (name: its columns and rows), each a dataset, and a
    query of each (`<name>_q`), whose columns SQLite gives no type."""
    url = sqlite_file(tmp_path / "pair.db", tables)
    queries = {f"{name}_q": {"source": "db", "sql": f"SELECT ts || '' AS ts, v FROM {name}"} for name in tables}
    return source_client(tmp_path, url, list(tables), queries)


def _read_alike(client, pair: tuple[str, str], reads: list[str]) -> None:
    """Assert that each of `reads` answers the same of the two tables of `pair`, and their queries, as
    datetime columns with rows."""
    for got_name, want_name in (pair, tuple(f"{name}_q" for name in pair)):
        columns = client.get(f"/api/datasets/{got_name}").json["dataset"]["columns"]
        assert [c["type"] for c in columns] == ["datetime", "integer"], (got_name, columns)
        for read in reads:
            got, want = client.get(read.format(got_name)), client.get(read.format(want_name))
            assert got.status_code == want.status_code == 200, (read, got.data[:300])
            assert (want.json["rows"] if want.is_json else want.data.count(b"\n") > 1), read
            same = got.json["rows"] == want.json["rows"] if got.is_json else got.data == want.data
            assert same, (read, got_name)


def _lower_and_upper_t_client(tmp_path: Path, source_client):
    """A site over a table of each (`lower`, `upper`) and a query of each (`lower_q`, `upper_q`)."""
    return _pair_client(tmp_path, source_client, {"lower": ("ts DATETIME, v INTEGER", LOWER_T_CELLS),
                                                  "upper": ("ts DATETIME, v INTEGER", UPPER_T_CELLS)})


def test_sqlite_date_text_with_a_lower_case_t_is_read_as_with_an_upper_case_one(tmp_path: Path, source_client):
    client = _lower_and_upper_t_client(tmp_path, source_client)
    _read_alike(client, ("lower", "upper"), LOWER_T_READS)
    sums = client.get(LOWER_T_READS[3].format("lower")).json["rows"]
    assert sums == [["2024-01-01", 7], ["2024-01-02", 5], ["2024-01-03", 13]]


def _rewritten_only_where_needed(client, pair: tuple[str, str], read: str, rewrite: str) -> None:
    """Assert that a chart's statements of each of `pair`'s tables and queries hold `rewrite` (the SQL
    that rewrites a date column's text before SQLite reads it) for the first table of `pair` and its
    query alone."""
    for name in (*pair, *(f"{table}_q" for table in pair)):
        assert client.get(f"/api/datasets/{name}").status_code == 200  # described, once
        with statements_run() as statements:
            assert client.get(read.format(name)).status_code == 200
        charted = [s for s in statements if "julianday" in s]
        assert charted, name
        assert any(rewrite in s for s in charted) == name.startswith(pair[0]), (name, charted)


def test_only_date_text_with_a_lower_case_t_is_upper_cased_by_sql(tmp_path: Path, source_client):
    # Upper-casing every date column's text cost 11 to 16 % on every SQLite chart.
    client = _lower_and_upper_t_client(tmp_path, source_client)
    _rewritten_only_where_needed(client, ("lower", "upper"), LOWER_T_READS[3], "upper(")


# Offsets as far as SQLite reads them, and none, beside a date alone: a moment lies up to a day and
# 15 hours from the date its text begins with.
OFFSETS = ["", "Z", "z", "+14:00", "-12:00", "+14:59", "-14:59", "+05:30", "-00:00"]


def _random_moment_texts(seed: int, count: int) -> list[str]:
    """`count` texts of moments of a few days around 2024-01-01 in the forms the site reads: a
    date alone, or a time after 'T' or a space, with seconds and a fraction or not, and an offset."""
    rng = np.random.default_rng(seed)
    texts = []
    for seconds in rng.integers(-4 * 86400, 4 * 86400, count):
        at = dt.datetime(2024, 1, 1) + dt.timedelta(seconds=int(seconds))
        time = at.strftime(str(rng.choice(["%H:%M", "%H:%M:%S", "%H:%M:%S.%f", "%H:%M:%S.5"])))
        texts.append(at.date().isoformat() if rng.random() < 0.1 else
                     f"{at.date().isoformat()}{rng.choice(['T', ' '])}{time}{rng.choice(OFFSETS)}")
    return texts


def _bounds(texts: list[str], seed: int) -> list[dt.datetime]:
    """Moments to bound `texts` by: random ones, and those of some of the texts themselves (rows on
    the bound, written with another offset than the bound's)."""
    rng = np.random.default_rng(seed)
    moments = column_series("datetime", texts).dropna()
    on_rows = [m.to_pydatetime() for m in moments.sample(10, random_state=seed)]
    spread = [dt.datetime(2024, 1, 1) + dt.timedelta(microseconds=int(m))
              for m in rng.integers(-5 * 86400 * 10**6, 5 * 86400 * 10**6, 10)]
    return [*on_rows, *spread, dt.datetime(1, 1, 1), dt.datetime(9999, 12, 31, 23, 59, 59, 999999)]


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_a_date_bound_keeps_the_rows_it_kept_comparing_moments_alone(monkeypatch, seed):
    # A bound on the text, a few days wider, comes before the moment's own comparison, so that an
    # index on the column serves it: the rows it keeps are those of the moment's comparison alone
    # (the old query) and those pandas' moments keep.
    texts = MOMENT_TEXTS + _random_moment_texts(seed, 300)
    forms = table("forms", column("i"), column("ts"))
    relation = Relation(forms, (Column("i", "integer"), Column("ts", "datetime")))
    engine = create_engine("sqlite://")
    with engine.begin() as conn:
        conn.exec_driver_sql("CREATE TABLE forms (i INTEGER, ts DATETIME)")
        conn.exec_driver_sql("CREATE INDEX forms_ts ON forms (ts)")
        conn.execute(forms.insert(), [{"i": i, "ts": text} for i, text in enumerate(texts)])

        def kept(*conditions: Condition) -> set[int]:
            where = where_clauses(relation, SqliteFunctions(), conditions)
            return {i for (i,) in conn.execute(select(forms.c.i).where(*where))}

        moments = column_series("datetime", texts)
        for moment in _bounds(texts, seed):
            for op in (">=", "<="):
                now = kept(Condition("ts", op, moment))
                with monkeypatch.context() as patched:
                    patched.setattr(source_sql_dialects, "date_text_bound", lambda column, op, moment: None)
                    alone = kept(Condition("ts", op, moment))
                within = moments >= moment if op == ">=" else moments <= moment
                assert now == alone == set(np.flatnonzero(within.to_numpy())), (op, moment)
                assert 0 < len(now) < len(texts) or moment.year in (1, 9999)
        first, last = sorted(_bounds(texts, seed)[:2])
        within = (moments >= first) & (moments <= last)
        assert kept(Condition("ts", "not null"), Condition("ts", ">=", first), Condition("ts", "<=", last)) \
            == set(np.flatnonzero(within.to_numpy()))


def test_a_window_of_date_text_with_a_lower_case_t_keeps_its_rows(tmp_path: Path, source_client):
    texts = _random_moment_texts(4, 200)
    cells = [(text.replace("T", "t"), i) for i, text in enumerate(texts)]
    url = sqlite_file(tmp_path / "t.db", {"lower": ("ts DATETIME, v INTEGER", cells)})
    with contextlib.closing(sqlite3.connect(tmp_path / "t.db")) as conn:
        conn.execute("CREATE INDEX lower_ts ON lower (ts)")
    client = source_client(tmp_path, url, ["lower"])
    moments = column_series("datetime", texts)
    for first, last in [(moments[5], moments[17]), (pd.Timestamp("2024-01-01T10:00"), pd.Timestamp("2024-01-02"))]:
        if first > last:
            first, last = last, first
        within = set(np.flatnonzero(((moments >= first) & (moments <= last)).to_numpy()))
        for bounds in (f"xmin={first.isoformat()}&xmax={last.isoformat()}", f"from={first.isoformat()}&to={last.isoformat()}"):
            got = client.get(f"/plot/lower.json?x=ts&y=v&kind=scatter&{bounds}")
            assert got.status_code == 200, got.json
            assert {row[1] for row in got.json["rows"]} == within, bounds


def test_a_window_of_date_text_under_a_collation_the_site_does_not_know_keeps_its_rows(tmp_path: Path, source_client):
    # The app writing the file declared the column with a collation of its own, which the site's
    # connection has not registered: comparing the column's text under it was an error (a 422),
    # where the moments' comparison alone had drawn the window. The text is compared as bytes.
    path = tmp_path / "c.db"
    with contextlib.closing(sqlite3.connect(path)) as conn:
        conn.create_collation("app_order", lambda a, b: (a > b) - (a < b))
        conn.execute("CREATE TABLE c (ts DATETIME COLLATE app_order, v INTEGER)")
        conn.execute("CREATE INDEX c_ts ON c (ts)")
        conn.executemany("INSERT INTO c VALUES (?, ?)", [(f"2024-01-{day:02d}T12:00", day) for day in range(1, 11)])
        conn.commit()
    client = source_client(tmp_path, f"sqlite:///{path}", ["c"])
    for bounds in ("xmin=2024-01-03&xmax=2024-01-05T12:00", "from=2024-01-03&to=2024-01-05T12:00"):
        got = client.get(f"/plot/c.json?x=ts&y=v&kind=scatter&{bounds}")
        assert got.status_code == 200, got.json
        assert [row[1] for row in got.json["rows"]] == [3, 4, 5], bounds


# Date text with a UTC offset of hours alone or without its colon, as PostgreSQL and many logs write
# it (which SQLite's date functions read as no date, and an upload reads), beside the same moments
# with the offset written `+HH:MM`.
SHORT_OFFSET_CELLS = [("2024-03-31 03:30:00+01", 3), ("2024-03-31T09:00:00+0200", 4),
                      ("2024-04-01 10:15:00.250-05", 5), ("2024-04-01 23:30-0530", 6),
                      ("2024-04-02t12:00:00+01", 7), ("2024-04-03", 8), ("2024-04-03 10:00:00Z", 9)]
COLON_OFFSET_CELLS = [("2024-03-31 03:30:00+01:00", 3), ("2024-03-31T09:00:00+02:00", 4),
                      ("2024-04-01 10:15:00.250-05:00", 5), ("2024-04-01 23:30-05:30", 6),
                      ("2024-04-02T12:00:00+01:00", 7), ("2024-04-03", 8), ("2024-04-03 10:00:00Z", 9)]
# What a chart reads of each: its rows and download, a line, a line between two moments, daily sums.
OFFSET_READS = ["/datasets/{}.json", "/datasets/{}.csv", "/plot/{}.json?x=ts&y=v",
                "/plot/{}.json?x=ts&y=v&from=2024-03-31T07:00:00Z&to=2024-04-02T05:00:00Z",
                "/plot/{}.json?x=ts&y=v&resample=day&agg=sum"]


def _short_and_colon_offset_client(tmp_path: Path, source_client):
    """A site over a table of each (`short`, `colon`) and a query of each (`short_q`, `colon_q`)."""
    return _pair_client(tmp_path, source_client, {"short": ("ts DATETIME, v INTEGER", SHORT_OFFSET_CELLS),
                                                  "colon": ("ts TIMESTAMP, v INTEGER", COLON_OFFSET_CELLS)})


def test_sqlite_date_text_with_a_short_utc_offset_is_read_as_with_its_colon(tmp_path: Path, source_client):
    # All of them were missing values: '+01' and '+0200' are offsets to an upload, none to SQLite.
    client = _short_and_colon_offset_client(tmp_path, source_client)
    _read_alike(client, ("short", "colon"), OFFSET_READS)
    rows = client.get("/datasets/short.json").json["rows"]
    assert [row[0] for row in rows[:4]] == ["2024-03-31T02:30:00Z", "2024-03-31T07:00:00Z",
                                           "2024-04-01T15:15:00.25Z", "2024-04-02T05:00:00Z"]
    window = client.get(OFFSET_READS[3].format("short")).json["rows"]
    assert [row[1] for row in window] == [4, 5, 6]
    sums = client.get(OFFSET_READS[4].format("short")).json["rows"]
    assert sums == [["2024-03-31", 7], ["2024-04-01", 5], ["2024-04-02", 13], ["2024-04-03", 17]]


def test_only_date_text_with_a_short_utc_offset_is_given_its_colon_by_sql(tmp_path: Path, source_client):
    client = _short_and_colon_offset_client(tmp_path, source_client)
    _rewritten_only_where_needed(client, ("short", "colon"), OFFSET_READS[4], "':00'")


# Each form of MOMENT_TEXTS with a `+HH:MM` offset written short, and with a lower-case `t`, beside
# numbers and NULL: what a description asks of a date column's text as read.
READ_TEXTS = [*MOMENT_TEXTS, *(variant for text in MOMENT_TEXTS if text[-3:-2] == ":" and text[-6:-5] in "+-"
                               for variant in (text[:-3] + text[-2:], text[:-3], text.replace("T", "t"),
                                               text.replace("T", "t")[:-3] + text[-2:])),
              *(text for text, _ in SHORT_OFFSET_CELLS), 2460311.5, 20240101, None]


def test_the_text_as_read_is_the_same_written_in_either_order_and_asked_once():
    # The colon is written before the upper case, and the description asks present() of the text
    # as read through a subquery computing it once: each agrees with the text written in the
    # other order and asked in place, for every value.
    functions = SqliteFunctions()
    forms = table("forms", column("i"), column("ts"))
    ts = forms.c.ts
    in_order = functions.colon_offset(functions.date_text(ts))
    kinds = [literal_column(f"'{kind}'") for kind in ("text", "integer", "real")]
    in_place = case((functions.present(ts, "datetime"), null()), (functions.present(in_order, "datetime"), null()),
                    (and_(func.typeof(ts).in_(kinds), not_(blank_or_word(ts))), ts))
    engine = create_engine("sqlite://")
    with engine.begin() as conn:
        conn.exec_driver_sql("CREATE TABLE forms (i INTEGER, ts DATETIME)")
        conn.execute(forms.insert(), [{"i": i, "ts": text} for i, text in enumerate(READ_TEXTS)])
        found = conn.execute(select(functions.date_as_read(ts), in_order, functions.no_moment(ts), in_place,
                                    func.typeof(functions.date_as_read(ts)), func.typeof(in_order))
                             .order_by(forms.c.i)).all()
    for text, (read, want, unread, want_unread, typed, want_typed) in zip(READ_TEXTS, found):
        assert (read, unread, typed) == (want, want_unread, want_typed), text
    assert sum(unread is None for _, _, unread, *_ in found) > len(READ_TEXTS) / 2  # most are moments


def test_a_description_computes_a_date_texts_reading_once_a_row(tmp_path: Path, source_client):
    # present() uses the text as read six times, which SQLite computed each time: a million moments
    # with short offsets took 7.4 s of CPU to describe, against 0.47 s with their colons.
    url = sqlite_file(tmp_path / "short.db", {"short": ("ts DATETIME, v INTEGER", SHORT_OFFSET_CELLS)})
    client = source_client(tmp_path, url, ["short"])
    with statements_run() as statements:
        assert client.get("/api/datasets/short").status_code == 200
    [described] = [s for s in statements if s.startswith("SELECT count(*)")]
    assert described.count("upper(") == 1, described  # once in the text as read, in one branch of its CASE


def test_a_querys_date_text_is_a_moment_given_its_offsets_colon_as_present_says():
    # A query's columns are typed from their values, each asked whether it is a moment once its short
    # offset is given its colon: julianday() alone reads that text, and the rest of present()'s test
    # the text as written, whose first 13 characters the colon leaves as they are.
    functions = SqliteFunctions()
    forms = table("forms", column("i"), column("ts"))
    ts = forms.c.ts
    in_place = and_(functions.holds_short_offset(ts), not_(functions.holds_lower_t(ts)),
                    functions.present(functions.colon_offset(ts), "datetime"))
    engine = create_engine("sqlite://")
    with engine.begin() as conn:
        conn.exec_driver_sql("CREATE TABLE forms (i INTEGER, ts)")  # of no type, as a query's column is
        conn.execute(forms.insert(), [{"i": i, "ts": text} for i, text in enumerate(READ_TEXTS)])
        given_colon = value_kind(ts) == KINDS["moment_offset"]
        found = conn.execute(select(case((given_colon, 1), else_=0), case((in_place, 1), else_=0))
                             .order_by(forms.c.i)).all()
    for text, (got, want) in zip(READ_TEXTS, found):
        assert got == want, text
    assert sum(want for _, want in found) > 20, found  # moments given their colon, and others not


def test_a_querys_date_text_is_given_its_offsets_colon_once_to_be_typed():
    # present() of the text given its colon used it six times, which SQLite computed each time: a
    # query of a million moments with short offsets took 6.0 s of CPU to describe, its table 2.8 s.
    ts = table("forms", column("ts")).c.ts
    asked = given_colon_a_moment(ts)
    written = str(asked.compile(dialect=sqlite.dialect(), compile_kwargs={"literal_binds": True}))
    assert written.count("':00'") == 1, written  # one colon_offset()
    kind = str(value_kind(ts).compile(dialect=sqlite.dialect(), compile_kwargs={"literal_binds": True}))
    assert written in kind
