"""A filter choosing only rows without an x, the column a chart places its rows by, says "No rows to
draw" and counts them in its words ("40 rows have no when and are not drawn"), with a time range over
x as without one: the range chooses no row without a time, but those rows were left out for having no
x, not by it. So a range over x counts the rows the filters chose without an x whatever it leaves:
where it leaves every row with a time out ("No rows in this range. 40 rows have no when …") and where
it draws some, as the chart without it does. A frame (a file in the data folder, a
small stored dataset) and a big stored dataset's database count them alike, the database in one
count for each version, x and other conditions, whatever the range; a source, which counts no rows without an x, says nothing of them."""
from __future__ import annotations

import itertools
import re
from collections.abc import Iterator
from typing import NamedTuple

import pandas as pd
import pytest

from tests.conftest import created
from tests.source_data import PATHS, path_clients
from tests.statements import rows_reads, statements_run
from tests.test_bounds_over_rows_without_x import note_and_words

COUNTED = ("data folder", "sqlite store", "postgresql store")
STORES = ("sqlite store", "postgresql store")
ROWS = 40
# Station B's rows have no time; A's are all of 2020.
FRAME = pd.DataFrame({"when": pd.Series([pd.Timestamp(2020, 1, i % 28 + 1) for i in range(ROWS)] + [pd.NaT] * ROWS,
                                        dtype="datetime64[ns]"),
                      "station": ["A"] * ROWS + ["B"] * ROWS, "v": [float(i) for i in range(2 * ROWS)]})
CSV = FRAME.to_csv(index=False, date_format="%Y-%m-%d")


class Sites(NamedTuple):
    """A test client of each path's site, and whether the stores' databases chart `t` (`pushed`)."""

    clients: dict
    pushed: bool


@pytest.fixture(scope="module", params=[10, None], ids=["database", "frame"])
def sites(request, postgres_url: str, tmp_path_factory) -> Iterator[Sites]:
    """A site of each path, its dataset `t` holding FRAME's rows; a stored dataset of more than 10
    rows is charted by its database, or (None) read into a frame as a small one is: the stores'
    sites alone then, which that setting changes."""
    paths = PATHS if request.param is not None else STORES
    with path_clients(postgres_url, tmp_path_factory.mktemp("untimed_x"), FRAME, CSV, paths,
                      settings={"RENDER_CACHE_BYTES": 0}, pushdown_above_rows=request.param) as made:
        yield Sites(made, request.param is not None)


def counted_without_x(path: str) -> str:
    """The words that end a chart of FRAME by `when` on `path` where B's rows are among those chosen."""
    return f" {ROWS} rows have no when and are not drawn." if path in COUNTED else ""


@pytest.mark.parametrize("query", ["x=when&y=v&filter.station=B", "x=when&y=v&filter.station=B&from=2000-01-01",
                                   "kind=bar&x=when&y=v&filter.station=B", "kind=scatter&x=when&y=v&filter.station=B",
                                   "kind=bar&x=when&y=v&filter.station=B&from=2000-01-01",
                                   "kind=scatter&x=when&y=v&filter.station=B&to=2030-01-01"])
def test_a_filters_rows_without_an_x_are_counted_with_a_range_over_x_as_without(sites, query):
    for path, client in sites.clients.items():
        texts, words = note_and_words(client, query, "t")
        assert "No rows to draw" in texts and words.endswith(f", 0 rows. No rows to draw.{counted_without_x(path)}"), \
            (path, words)


@pytest.mark.parametrize("query", ["x=when&y=v&from=2021-01-01", "kind=bar&x=when&y=v&to=2010-01-01",
                                   "kind=scatter&x=when&y=v&from=2021-01-01&to=2022-01-01",
                                   "x=when&y=v&from=2021-01-01&filter.station=A&filter.station=B"])
def test_a_range_over_x_leaving_out_every_row_with_a_time_counts_those_without(sites, query):
    for path, client in sites.clients.items():
        texts, words = note_and_words(client, query, "t")
        assert "No rows in this range" in texts, (path, texts)
        assert words.endswith(f", 0 rows. No rows in this range.{counted_without_x(path)}"), (path, words)


@pytest.mark.parametrize("query", ["x=when&y=v&from=2019-01-01", "kind=bar&x=when&y=v&to=2030-01-01",
                                   "kind=scatter&x=when&y=v&from=2019-01-01&to=2030-01-01",
                                   "kind=bar&x=when&y=v&resample=month&agg=sum&from=2019-01-01"])
def test_a_range_over_x_drawing_rows_counts_those_without_an_x_as_the_chart_without_it_does(sites, query):
    for path, client in sites.clients.items():
        ranged = note_and_words(client, query, "t")[1]
        unranged = note_and_words(client, query.split("&from=")[0].split("&to=")[0], "t")[1]
        counted = ranged.endswith(counted_without_x(path)) and ("have no when" in ranged) == (path in COUNTED)
        assert ranged == unranged and counted, (path, ranged, unranged)


def test_a_range_over_x_and_a_filter_choosing_only_rows_with_a_time_count_none_without(sites):
    for path, client in sites.clients.items():
        words = note_and_words(client, "x=when&y=v&from=2019-01-01&filter.station=A", "t")[1]
        assert words.endswith("last value: v 27, lowest 0 (2020-01-01), highest 39 (2020-01-12)."), (path, words)


# Datasets made for one test each: a count kept for `t`'s version by another test sends none.
_FRESH = itertools.count()


def counts_without_x(client, query: str, name: str) -> tuple[str, list[str]]:
    """The words of the chart `query` of dataset `name`, and the counts of rows without an x its request sent."""
    with statements_run() as run:
        words = note_and_words(client, query, name)[1]
    return words, [statement for statement in rows_reads(run)
                   if "count(" in statement.lower() and re.search(r"\bc\d+ IS NULL\b", statement)]


@pytest.mark.parametrize("query", ["x=when&y=v&from=2021-01-01", "x=when&y=v&from=2000-01-01&filter.station=B",
                                   "x=when&y=v&from=2019-01-01", "kind=bar&x=when&y=v&to=2030-01-01"])
def test_a_big_stored_datasets_database_counts_the_rows_without_an_x_once(sites, query):
    # Where its database charts the rows, one count of those without an x: the questions of why the
    # chart has none take it as it is, asking no count of their own.
    for path in STORES:
        name = f"fresh{next(_FRESH)}"
        created(sites.clients[path], name, CSV)
        words, counts = counts_without_x(sites.clients[path], query, name)
        assert words.endswith(counted_without_x(path)) and len(counts) == int(sites.pushed), (path, counts)


@pytest.mark.parametrize("first, second", [("x=when&y=v&from=2021-01-01", "kind=bar&x=when&y=v&from=2019-01-01"),
                                           ("x=when&y=v&from=2000-01-01&filter.station=B",
                                            "x=when&y=v&from=2010-01-01&to=2030-01-01&filter.station=B")])
def test_a_chart_of_another_range_over_x_at_the_same_version_counts_no_rows_without_an_x_again(sites, first, second):
    # The count depends on the version, x and the other conditions alone: a relative range, another
    # image URL at each poll, would else count the same rows at each.
    for path in STORES:
        name = f"fresh{next(_FRESH)}"
        created(sites.clients[path], name, CSV)
        counts_without_x(sites.clients[path], first, name)
        words, counts = counts_without_x(sites.clients[path], second, name)
        assert words.endswith(counted_without_x(path)) and counts == [], (path, words, counts)
