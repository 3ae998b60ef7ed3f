"""A chart split by a text column (`series=region`) whose range or filters choose no rows, or rows none of
which holds a value of that column, finds no series: it is drawn, worded and written out as the same chart
unsplit is over no rows ("No rows in this range"), naming its split, on every path and of every kind that
takes a series; so are its page, a dashboard holding it and the dashboard's report, where they were a 500
(or, for a source's histogram, a 422 blaming the source for a query the site wrote wrong)."""
from __future__ import annotations

import html
import re
from collections.abc import Iterator

import pandas as pd
import pytest

from plots.kind import CHART_KINDS
from tests.conftest import described, writable_app
from tests.source_data import BIG_STORES, PATHS, path_clients
from tests.test_series_split import drawing

EVERY_PATH = (*PATHS, *BIG_STORES)
SPLIT_KINDS = ("line", "area", "bar", "barh", "scatter", "hist", "box")
# The ranges and filters choosing no row of the dataset, or none holding a region.
EMPTY = {"range": "from=2100-01-01", "quick range": "from=now-7d", "filters": "filter.region=West&filter.shop=b",
         "rows of no region": "from=2026-01-01"}

BOARD = 'title = "Split"\n' + "".join(
    f'\n[[charts]]\nid = "{kind}"\ndataset = "t"\nkind = "{kind}"\nx = "day"\ny = ["sales"]\nseries = "region"\n'
    for kind in SPLIT_KINDS)


def shops() -> pd.DataFrame:
    """Ten days of sales in two regions, each of one shop (West's a, East's b), then three days of sales of
    no region."""
    days = pd.date_range("2024-01-01", periods=10, freq="D")
    rows = [(day, region, shop, sales) for n, day in enumerate(days)
            for region, shop, sales in (("West", "a", n), ("East", "b", 2 * n))]
    rows += [(day, None, "a", 5) for day in pd.date_range("2026-01-01", periods=3, freq="D")]
    return pd.DataFrame(rows, columns=["day", "region", "shop", "sales"])


@pytest.fixture(scope="module")
def clients(postgres_url: str, tmp_path_factory) -> Iterator[dict]:
    """A test client of each path's site, its dataset `t` the shops' rows, and a dashboard `split` of a
    chart of them split by region of each kind."""
    folder = tmp_path_factory.mktemp("empty_split")
    boards = folder / "boards"
    boards.mkdir()
    frame = shops()
    with path_clients(postgres_url, folder, frame, frame.to_csv(index=False), EVERY_PATH,
                      settings={"RENDER_CACHE_BYTES": 0, "DASHBOARD_DIRS": [str(boards)],
                                "DASHBOARD_CHECK_SECONDS": 0}) as made:
        # Written once a store holds the dataset, which a dashboard's chart must name as the site reads it.
        (boards / "split.toml").write_text(BOARD, encoding="utf-8")
        yield made


def split_named(words: str) -> str:
    """The words of a chart of sales unsplit, naming the split by region as a chart that found no series does."""
    assert " of sales" in words, words
    return words.replace(" of sales", " of sales by region", 1)


@pytest.mark.parametrize("empty", EMPTY)
@pytest.mark.parametrize("kind", SPLIT_KINDS)
def test_a_split_chart_of_no_rows_draws_as_its_chart_unsplit_on_every_path(clients, kind, empty):
    unsplit = f"x=day&y=sales&kind={kind}&{EMPTY[empty]}"
    for path in EVERY_PATH:
        client = clients[path]
        expected = client.get(f"/plot/t.svg?{unsplit}")
        assert expected.status_code == 200, (path, expected.get_data(as_text=True)[:300])
        answer = client.get(f"/plot/t.svg?{unsplit}&series=region")
        assert answer.status_code == 200, (path, answer.get_data(as_text=True)[:300])
        if empty == "rows of no region":  # which the chart unsplit draws: the split draws none, and says why
            expected = clients["data folder"].get(f"/plot/t.svg?{unsplit}&series=region")
            summary = "Histogram of sales by region" if kind == "hist" else "Box plot of sales by region" \
                if kind == "box" else f"{kind_label(kind)} of sales by region by day"
            assert described(answer.data) == (f"{summary}, 0 rows. No rows to draw. 3 rows have no region and are "
                                              f"in no series."), path
        else:
            assert "No rows" in described(expected.data), (path, described(expected.data))
            assert described(answer.data) == split_named(described(expected.data)), path
        assert drawing(answer.data) == drawing(expected.data), (path, described(answer.data))


def kind_label(kind: str) -> str:
    """How a chart's words name its kind."""
    return CHART_KINDS[kind].label


@pytest.mark.parametrize("query", ["kind=line&resample=week&agg=sum", "kind=bar&resample=week&agg=sum&stack=stacked",
                                   "kind=line&change=percent", "kind=line&rolling=3",
                                   "kind=hist&bins=5&xmin=0&xmax=10"])
def test_a_split_chart_of_an_empty_range_draws_as_unsplit_whatever_else_it_asks_on_every_path(clients, query):
    for path in EVERY_PATH:
        expected = clients[path].get(f"/plot/t.svg?x=day&y=sales&{query}&from=2100-01-01")
        answer = clients[path].get(f"/plot/t.svg?x=day&y=sales&{query}&from=2100-01-01&series=region")
        assert answer.status_code == 200, (path, answer.get_data(as_text=True)[:300])
        assert drawing(answer.data) == drawing(expected.data), (path, described(answer.data))
        assert described(answer.data) == split_named(described(expected.data)), path


@pytest.mark.parametrize("empty", EMPTY)
@pytest.mark.parametrize("kind", SPLIT_KINDS)
def test_a_split_chart_of_no_rows_has_the_data_of_its_chart_unsplit_on_every_path(clients, kind, empty):
    unsplit = f"x=day&y=sales&kind={kind}&{EMPTY[empty]}" + ("&filter.shop=b" if empty == "rows of no region" else "")
    for path in EVERY_PATH:
        client = clients[path]
        split = f"x=day&y=sales&kind={kind}&{EMPTY[empty]}&series=region"
        answer = client.get(f"/plot/t.csv?{split}")
        assert answer.status_code == 200, (path, answer.get_data(as_text=True)[:300])
        assert answer.data == client.get(f"/plot/t.csv?{unsplit}").data, path
        rows = client.get(f"/plot/t.json?{split}").get_json()
        expected = client.get(f"/plot/t.json?{unsplit}").get_json()
        assert (rows["columns"], rows["rows"]) == (expected["columns"], expected["rows"]), path
        assert (rows["columns"], rows["rows"]) == (["day", "sales"], []), path


def test_a_sample_dataset_s_split_histogram_of_an_empty_range_is_drawn(tmp_path):
    client = writable_app(tmp_path).test_client()
    answer = client.get("/plot/stations.svg?kind=hist&y=temperature_c&series=station&from=2100-01-01")
    assert answer.status_code == 200, answer.get_data(as_text=True)[:300]
    assert described(answer.data) == "Histogram of temperature_c by station, 0 rows. No rows in this range."


def alts(page: str) -> list[str]:
    """The alt texts of a page's chart images."""
    return [html.unescape(alt) for alt in re.findall(r'<img [^>]*alt="([^"]*)"', page)]


@pytest.mark.parametrize("quick", ["now-7d", "now-24h"])
def test_a_dashboard_of_split_charts_over_a_quick_range_of_no_rows_shows_each_chart_empty_on_every_path(
        clients, quick):
    for path in EVERY_PATH:
        client = clients[path]
        answer = client.get(f"/d/split?from={quick}")
        assert answer.status_code == 200, (path, answer.get_data(as_text=True)[:300])
        said = alts(answer.get_data(as_text=True))
        for kind in SPLIT_KINDS:
            assert any("of sales by region" in alt and ", 0 rows. No rows in this range. Rows shown: day from " in alt
                       for alt in said if alt.startswith(f"{kind_label(kind)} of ")), (path, kind, said)
        page = client.get(f"/d/split/hist?from={quick}")
        assert page.status_code == 200, (path, page.get_data(as_text=True)[:300])
        assert any(alt.startswith("Histogram of sales by region, 0 rows. No rows in this range. ")
                   for alt in alts(page.get_data(as_text=True))), path
        report = client.get(f"/d/split.pdf?from={quick}")
        assert report.status_code == 200 and report.mimetype == "application/pdf", (
            path, report.get_data(as_text=True)[:300])
