"""A stacked area of more rows than its pixel columns show is thinned by one rule whichever way its rows
reach the site: per pixel column the rows M4 keeps of each series and of their total, every band drawn
over them all. In memory (a data-folder file), by a big stored dataset's database (SQLite's over ranges
of row ids or read and thinned here, PostgreSQL's M4) and by a source's (SQLite, PostgreSQL) it keeps
the same rows and draws the same bytes; and it looks like the whole stack, closer than thinning by the
total alone did."""
from __future__ import annotations

from collections.abc import Iterator

import numpy as np
import pandas as pd
import pytest

from app.store import pushdown_m4, pushdown_row_ranges, stored_pushdown
from plots import downsample, line_kinds, parse_spec, render_png
from tests.conftest import described, recorded
from tests.source_data import PATHS, path_clients
from tests.statements import statements_run
from tests.test_downsample import M4_TOLERANCE, differing_ratio, full_render

HOURS = 4_000  # far more than four rows a pixel column of a chart 200 pixels wide: thinned
URL = "/plot/t.{fmt}?kind=area&x=when&y=base,spiky,crossing,top&stack={stack}&width=200"
STACKS = ["stacked", "percent"]
COLUMNS = {"t": "float", "base": "float", "spiky": "float", "crossing": "float", "top": "float"}


def stack_frame(rows: int, seed: int = 3) -> pd.DataFrame:
    """Four series to stack: a random walk, a spiky inner series (noise with a rare tall spike), a walk
    crossing 0 back and forth and another walk on top; values to three decimals, as a CSV writes them."""
    rng = np.random.default_rng(seed)
    spiky = np.abs(rng.normal(0, 1, rows)) + 5
    spikes = rng.random(rows) < 0.002
    spiky[spikes] += np.abs(rng.normal(0, 40, spikes.sum()))
    return pd.DataFrame({"base": np.cumsum(rng.normal(0, 1, rows)) + 40, "spiky": spiky,
                         "crossing": np.cumsum(rng.normal(0, 1, rows)), "top": np.cumsum(rng.normal(0, 1, rows)) + 20}
                        ).round(3)


@pytest.fixture(scope="module")
def clients(postgres_url: str, tmp_path_factory) -> Iterator[dict]:
    """A test client of each path's site, its dataset `t` the four series hourly; a stored dataset of
    more than 1,000 rows is charted by its database."""
    frame = stack_frame(HOURS)
    frame.insert(0, "when", pd.date_range("2024-01-01", periods=HOURS, freq="h"))
    with path_clients(postgres_url, tmp_path_factory.mktemp("stacks"), frame, frame.to_csv(index=False), PATHS,
                      settings={"RENDER_CACHE_BYTES": 0}, pushdown_above_rows=1_000) as made:
        yield made


def drawn_on_every_path(clients, stack: str) -> dict[str, bytes]:
    answers = {path: clients[path].get(URL.format(fmt="svg", stack=stack)) for path in PATHS}
    assert all(answer.status_code == 200 for answer in answers.values()), {p: a.status_code for p, a in answers.items()}
    return {path: answer.data for path, answer in answers.items()}


@pytest.mark.parametrize("stack", STACKS)
def test_a_thinned_stacked_area_draws_the_same_bytes_on_every_path(clients, stack, monkeypatch):
    by_database, read_here = [], []
    recorded(monkeypatch, pushdown_m4, "line", by_database)
    recorded(monkeypatch, stored_pushdown.StoredChartQuery, "thinned_here", read_here)
    drawn = drawn_on_every_path(clients, stack)
    # The sources' databases and PostgreSQL's store thinned it by M4, SQLite's store read it and thinned it here.
    assert (len(by_database), len(read_here)) == (3, 1)
    assert all(HOURS > len(rows) > 0 for rows in by_database + read_here)
    first = drawn[PATHS[0]]
    assert all(svg == first for svg in drawn.values()), {p: described(svg) for p, svg in drawn.items()}


@pytest.mark.parametrize("stack", STACKS)
def test_a_stored_stacked_area_thinned_over_row_ranges_draws_the_bytes_of_every_other_path(clients, stack,
                                                                                         monkeypatch):
    # SQLite's store, x in row order and more rows a pixel column than it reads (0 here): each pixel
    # column's rows of each series and of the total found by statements over its row ids.
    monkeypatch.setattr(pushdown_row_ranges, "READ_ROWS_PER_COLUMN", 0)
    by_row_ranges = []
    recorded(monkeypatch, pushdown_row_ranges, "kept_rows", by_row_ranges)
    ours = clients["sqlite store"].get(URL.format(fmt="svg", stack=stack))
    assert ours.status_code == 200 and len(by_row_ranges) == 1
    assert len(by_row_ranges[0]) == 5  # each of the four series, and their total
    assert ours.data == clients[PATHS[0]].get(URL.format(fmt="svg", stack=stack)).data, described(ours.data)


def test_each_path_keeps_the_rows_of_each_series_and_of_their_total_extremes(clients, monkeypatch):
    # The rows a database hands the drawing are those thinning the whole stack in memory keeps.
    by_database = []
    recorded(monkeypatch, pushdown_m4, "line", by_database)
    # 210 pixels wide: a chart no other test drew, which no memo of the site holds.
    assert clients["postgresql source"].get(URL.format(fmt="svg", stack="stacked").replace("width=200", "width=210")).status_code == 200
    frame = stack_frame(HOURS)
    x = pd.date_range("2024-01-01", periods=HOURS, freq="h").to_numpy()
    spec = parse_spec({"kind": ["area"], "y": ["base,spiky,crossing,top"], "stack": ["stacked"],
                       "width": ["210"]}, COLUMNS)
    kept = downsample.thinned_stack(x, frame, spec, 210)
    assert len(kept) < HOURS
    assert by_database[0]["when"].tolist() == pd.DatetimeIndex(x[kept]).tolist()
    # Among them the highest total, the stack's top, and the spiky series' highest spike.
    total = frame.sum(axis=1).to_numpy()
    assert int(np.argmax(total)) in kept and int(np.argmax(frame["spiky"])) in kept


def test_postgresql_works_out_a_stack_s_total_once_a_row_in_its_grouped_pass(clients):
    # The total is a value of each row that seven of the grouped pass's aggregates read (its minimum,
    # maximum, count, and its first and last x with and without a value): written once, in a subquery
    # PostgreSQL does not fold into the GROUP BY, not once in each of them (1.87x the unstacked time).
    # 230 pixels wide: a chart no other test drew, which no memo of the site holds.
    url = URL.format(fmt="svg", stack="stacked").replace("width=200", "width=230")
    with statements_run() as run:
        assert clients["postgresql source"].get(url).status_code == 200
    grouped = [statement for statement in run if "GROUP BY" in statement and "count(" in statement]
    assert len(grouped) == 1, grouped
    assert grouped[0].count("coalesce(") == 4, grouped[0]  # each series' value once, in the total's one sum
    assert "OFFSET 0" in grouped[0]


def test_postgresql_works_out_a_stack_s_total_once_a_row_where_it_finds_the_rows_holding_the_extremes(clients):
    # The pass after the grouped one compares each row's total with the extremes found: whether it is
    # one of any column's (the WHERE clause), of its own column's (the join) and which (an aggregate's
    # filter each). Written once, in a subquery PostgreSQL does not fold into the statement, not in each
    # of those five places. 231 pixels wide: a chart no other test drew, which no memo of the site holds.
    url = URL.format(fmt="svg", stack="stacked").replace("width=200", "width=231")
    with statements_run() as run:
        assert clients["postgresql source"].get(url).status_code == 200
    joined = [statement for statement in run if "unnest(" in statement]
    assert len(joined) == 1, joined
    assert joined[0].count("coalesce(") == 4, joined[0]  # each series' value once, in the total's one sum
    assert "OFFSET 0" in joined[0]


@pytest.mark.parametrize("stack", STACKS)
def test_a_thinned_stacked_area_s_data_holds_the_same_rows_on_every_path(clients, stack):
    rows = {path: clients[path].get(URL.format(fmt="json", stack=stack)).get_json()["rows"] for path in PATHS}
    first = rows[PATHS[0]]
    assert len(first) == HOURS  # each series' own values, every row
    assert all(held == first for held in rows.values())


def thinned_by_total_alone(monkeypatch, spec, frame) -> bytes:
    """The stack thinned as it was before: to the rows M4 keeps of the total of its series alone."""

    def by_total(x, frame, spec, columns):
        return downsample.thin_line(x, downsample.stack_total(frame, spec), columns, spec.xmin, spec.xmax)

    with monkeypatch.context() as patch:
        patch.setattr(line_kinds, "thinned_stack", by_total)
        return render_png(spec, frame, 2)


@pytest.mark.parametrize("stack", STACKS)
def test_a_thinned_stacked_area_looks_like_the_whole_stack(monkeypatch, stack):
    # Four bands over 50,000 rows, one spiky and one crossing 0, every edge of them a line of its own, within
    # a thinned random walk's tolerance (tests/test_downsample.py). Measured (benchmarks/README.md, "A thinned
    # stacked area against the whole stack"): 0.24 % stacked, 0.29 % percent; by the total alone 1.19 % and
    # 1.13 %.
    frame = stack_frame(50_000)
    frame.insert(0, "t", np.arange(len(frame), dtype=float))
    spec = parse_spec({"kind": ["area"], "x": ["t"], "y": ["base,spiky,crossing,top"], "stack": [stack],
                       "width": ["640"], "height": ["360"]}, COLUMNS)
    full = full_render(monkeypatch, spec, frame, 2)
    thinned = render_png(spec, frame, 2)
    assert thinned != full  # it was thinned
    ratio = differing_ratio(thinned, full)
    assert ratio <= M4_TOLERANCE["walk"]
    assert ratio < differing_ratio(thinned_by_total_alone(monkeypatch, spec, frame), full)



@pytest.mark.parametrize("chosen", ["&xmin=2024-02-01&xmax=2024-04-01", "&from=2024-02-01&to=2024-04-01"])
@pytest.mark.parametrize("stack", STACKS)
def test_a_thinned_stacked_area_within_bounds_or_a_range_draws_the_same_bytes_on_every_path(clients, stack, chosen):
    # Two months of hours over 120 pixel columns: thinned, and the bands run on to the rows beyond the bounds.
    url = URL.format(fmt="svg", stack=stack).replace("width=200", "width=120") + chosen
    drawn = {path: clients[path].get(url) for path in PATHS}
    assert all(answer.status_code == 200 for answer in drawn.values()), {p: a.status_code for p, a in drawn.items()}
    first = drawn[PATHS[0]].data
    assert all(answer.data == first for answer in drawn.values()), [p for p, a in drawn.items() if a.data != first]


@pytest.fixture(scope="module")
def gappy_clients(postgres_url: str, tmp_path_factory) -> Iterator[dict]:
    """`clients`, but the spiky series missing for 100 hours, the crossing one now and then, and every
    series for 11 hours."""
    frame = stack_frame(HOURS, seed=5)
    frame.loc[1000:1100, "spiky"] = np.nan
    frame.loc[np.random.default_rng(9).random(HOURS) < 0.05, "crossing"] = np.nan
    frame.loc[2000:2010, :] = np.nan
    frame.insert(0, "when", pd.date_range("2024-01-01", periods=HOURS, freq="h"))
    with path_clients(postgres_url, tmp_path_factory.mktemp("gappy"), frame, frame.to_csv(index=False), PATHS,
                      settings={"RENDER_CACHE_BYTES": 0}, pushdown_above_rows=1_000) as made:
        yield made


@pytest.mark.parametrize("bounds", ["", "&xmin=2024-02-01&xmax=2024-04-01"])
@pytest.mark.parametrize("stack", STACKS)
def test_a_thinned_stacked_area_with_missing_values_draws_the_same_bytes_on_every_path(gappy_clients, stack, bounds,
                                                                                      monkeypatch):
    # The other bands are drawn at each row a series' missing value keeps: every path keeps each pixel
    # column's first and last rows without a value, a database finding them whatever lies between.
    url = URL.format(fmt="svg", stack=stack) + bounds
    drawn = {path: gappy_clients[path].get(url).data for path in PATHS}
    # SQLite's store over ranges of row ids too (a chart of another height, which no memo holds).
    monkeypatch.setattr(pushdown_row_ranges, "READ_ROWS_PER_COLUMN", 0)
    by_row_ranges = []
    recorded(monkeypatch, pushdown_row_ranges, "kept_rows", by_row_ranges)
    taller = f"{url}&height=301"
    drawn["sqlite store over row ranges"] = gappy_clients["sqlite store"].get(taller).data
    assert len(by_row_ranges) == 1
    first = drawn[PATHS[0]]
    assert all(svg == first for path, svg in drawn.items() if path in PATHS), [p for p, svg in drawn.items()
                                                                              if svg != first]
    assert drawn["sqlite store over row ranges"] == gappy_clients[PATHS[0]].get(taller).data
