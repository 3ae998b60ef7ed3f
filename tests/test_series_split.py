"""`series=<column>` draws one y column as a series per value of a text column: long rows (`day, region,
sales`) draw as the wide table of the same numbers pivoted by hand does, byte for byte, whichever way the
rows reach the site (stored, a data-folder file, an SQLite or a PostgreSQL source); a series is named by
its value, the values sorted as text, the first 20 drawn and the others named in the words. A source's and
a big stored dataset's split, computed by its database a column per series, is tested in
tests/test_series_split_database.py."""
from __future__ import annotations

import re
from collections.abc import Iterator
from urllib.parse import quote

import numpy as np
import pandas as pd
import pytest

from plots.percentiles import agg_words
from tests.conftest import described
from tests.source_data import BIG_STORES, PATHS, path_clients
from tests.statements import statements_run

REGIONS = ["West", "North", "East", "South"]  # as the rows give them first: drawn sorted, East first
# Every path, the stored dataset's small (read whole) and big (charted by its database) alike.
EVERY_PATH = (*PATHS, *BIG_STORES)


def long_frame() -> pd.DataFrame:
    rng = np.random.default_rng(5)
    days = pd.date_range("2024-01-01", periods=60, freq="D")
    rows = [(day, region, int(rng.integers(0, 100))) for day in days for region in REGIONS]
    return pd.DataFrame(rows, columns=["day", "region", "sales"])


def wide_frame(frame: pd.DataFrame) -> pd.DataFrame:
    """`frame` pivoted by hand: a column per region, sorted as text."""
    wide = frame.pivot(index="day", columns="region", values="sales").reset_index()
    wide.columns.name = None
    return wide[["day", *sorted(REGIONS)]]


@pytest.fixture(scope="module")
def clients(postgres_url: str, tmp_path_factory) -> Iterator[dict]:
    """A test client of each path's site, its dataset `t` the long rows (240), stored read whole and
    charted by its database (`BIG_STORES`)."""
    frame = long_frame()
    with path_clients(postgres_url, tmp_path_factory.mktemp("series"), frame, frame.to_csv(index=False), EVERY_PATH,
                      settings={"RENDER_CACHE_BYTES": 0}) as made:
        yield made


@pytest.fixture(scope="module")
def wide(postgres_url: str, tmp_path_factory):
    """A test client of a site whose dataset `t` is the rows pivoted by hand, in the data folder."""
    frame = wide_frame(long_frame())
    with path_clients(postgres_url, tmp_path_factory.mktemp("wide"), frame, frame.to_csv(index=False),
                      ("data folder",), settings={"RENDER_CACHE_BYTES": 0}) as made:
        yield made["data folder"]


WIDE_Y = "y=East,North,South,West&ylabel=sales&legend=true"


def drawing(svg: bytes) -> bytes:
    """A chart's SVG without its words (its <title> and <desc>): what it draws, its ids' prefix, made of
    the whole SVG's bytes, written alike."""
    prefix = re.search(rb'aria-labelledby="([^"]+)-desc"', svg).group(1)
    return re.sub(rb"<(title|desc)([ >][^<]*)</\1>", b"", svg).replace(prefix, b"ID")


def split_words(wide_words: str, values: str = "East, North, South, West", counted: bool = False) -> str:
    """The words of the split chart of sales by region that draws what a wide chart of the columns
    `values` draws (`wide_words`): the same, but that they name the measure and the split (a count of
    each, `counted`, its count of sales)."""
    named = ", ".join(f"count of {value}" for value in values.split(", ")) if counted else values
    measure = "count of sales" if counted else "sales"
    assert f" of {named}" in wide_words, wide_words
    return wide_words.replace(f" of {named}", f" of {measure} by region ({values})", 1)


def rows_of_regions(words: str, regions: int) -> str:
    """`words` of a wide chart of a column per region counting its rows ("60 rows"), counting the rows of
    the long table its series draw, `regions` to each of them, as a split line's words count them."""
    days = re.search(r", (\d+) rows?\. ", words)
    assert days is not None, words
    return words.replace(days[0], f", {int(days[1]) * regions} rows. ", 1)
# The titles a split chart gives the wide chart it draws: the y split titles its value axis (across a
# histogram's and a barh's), the series column a box plot's series, and a legend names even one series.
WIDE_TITLES = {"hist": "xlabel=sales&legend=true", "box": "xlabel=region&ylabel=sales"}  # barh: ylabel, as a line


@pytest.mark.parametrize("query", [
    "kind=line", "kind=line&resample=week&agg=sum", "kind=bar&resample=month&agg=sum",
    "kind=area&resample=week&stack=stacked", "kind=bar&resample=month&stack=percent", "kind=barh&resample=month&agg=max",
    "kind=scatter", "kind=hist&bins=8", "kind=box", "kind=line&xmin=2024-01-10&xmax=2024-02-10",
    "kind=line&theme=print&yline=50:Target", "kind=line&gap=2d", "kind=area&from=2024-02-01",
    "kind=line&resample=month&agg=count", "kind=line&resample=week&agg=median", "kind=line&resample=week&agg=p95",
    "kind=bar&resample=month&agg=p90&sort=-value&top=3",
    "kind=bar&resample=week&agg=sum&sort=-value&top=3", "kind=barh&resample=week&agg=sum&stack=stacked&sort=value&top=5",
    "kind=bar&resample=week&agg=mean&sort=-x&top=4"])


def test_a_split_chart_draws_as_the_wide_table_pivoted_by_hand_on_every_path(clients, wide, query):
    kind = query.split("&")[0].removeprefix("kind=")
    fields = dict(part.split("=") for part in query.split("&"))
    titles = WIDE_TITLES.get(kind, "ylabel=sales&legend=true")
    if fields.get("stack") == "percent":  # stacked shares: the value axis titled as the wide chart's own
        titles = "legend=true"
    elif "resample" in fields:  # the value axis titled as a chart of the one column sales titles it
        titles = titles.replace("label=sales", f"label={quote(agg_words(fields.get('agg', 'mean')))}%20of%20sales")
    expected = wide.get(f"/plot/t.svg?x=day&y=East,North,South,West&{titles}&{query}")
    assert expected.status_code == 200, expected.get_data(as_text=True)
    for path in EVERY_PATH:
        answer = clients[path].get(f"/plot/t.svg?x=day&y=sales&series=region&{query}")
        assert answer.status_code == 200, (path, answer.get_data(as_text=True))
        assert drawing(answer.data) == drawing(expected.data), (path, described(answer.data))
        words = split_words(described(expected.data), counted="agg=count" in query)
        if kind in ("hist", "box"):  # counting the 240 rows it draws, as the chart of sales unsplit does, not 60 days
            assert ", 60 rows. " in words, words
            words = words.replace(", 60 rows. ", ", 240 rows. ", 1)
        elif "resample" not in fields:  # a row's value of each of 4 regions on each day drawn, not the days
            words = rows_of_regions(words, 4)
        assert described(answer.data) == words, path


def test_a_split_chart_s_data_is_the_wide_table_on_every_path(clients, wide):
    expected = wide.get(f"/plot/t.csv?x=day&{WIDE_Y}&resample=month&agg=sum").data
    assert expected.decode().startswith("day,sum of East,sum of North,sum of South,sum of West")
    for path in EVERY_PATH:
        assert clients[path].get("/plot/t.csv?x=day&y=sales&series=region&resample=month&agg=sum").data == expected
    rows = clients["sqlite source"].get("/plot/t.json?x=day&y=sales&series=region").get_json()
    assert rows["columns"] == ["day", "East", "North", "South", "West"]
    assert rows["spec"]["series"] == "region"


def test_a_filter_on_the_series_column_draws_fewer_series(clients, wide):
    expected = wide.get("/plot/t.svg?x=day&y=East,West&ylabel=sales&legend=true").data
    for path in EVERY_PATH:
        answer = clients[path].get("/plot/t.svg?x=day&y=sales&series=region&filter.region=West&filter.region=East")
        assert drawing(answer.data) == drawing(expected), (path, described(answer.data))
        # 60 days of the 2 regions drawn, a row of each
        assert described(answer.data).startswith("Line chart of sales by region (East, West) by day, 120 rows. "), path


def test_series_none_undoes_a_split(clients):
    plain = clients["data folder"].get("/plot/t.svg?x=day&y=sales").data
    assert clients["data folder"].get("/plot/t.svg?x=day&y=sales&series=region&series=none").status_code == 400
    assert clients["data folder"].get("/plot/t.svg?x=day&y=sales&series=none").data == plain


@pytest.mark.parametrize("query, said", [
    ("y=sales,sales2&series=region", "series splits one y column into a series per value of 'region', and y names 2"),
    ("y=sales&series=sales", "series=sales is the chart's y column"),
    ("y=sales&series=day", "series=day is the chart's x column"),
    ("y=sales&series=sales2", "series takes a text column, whose values name the series, and 'sales2' holds numbers; "
                              "the text columns are 'region'"),
])


def test_a_series_that_cannot_split_the_chart_is_400_saying_why(tmp_path, query, said):
    frame = long_frame().assign(sales2=1)
    with path_clients("", tmp_path, frame, frame.to_csv(index=False), ("data folder",)) as made:
        answer = made["data folder"].get(f"/plot/t.json?x=day&{query}")
    assert answer.status_code == 400 and said in answer.get_json()["error"], answer.get_json()


def test_an_unknown_series_column_is_404_naming_the_columns(clients):
    answer = clients["sqlite source"].get("/plot/t.json?x=day&y=sales&series=regoin")
    assert answer.status_code == 404
    assert "series: no column 'regoin'" in answer.get_json()["error"]


def test_values_past_the_cap_are_left_out_and_named_and_rows_without_one_counted(tmp_path):
    names = [f"s{n:02d}" for n in range(23)]
    frame = pd.DataFrame({"day": np.repeat(pd.date_range("2024-01-01", periods=3), len(names) + 1),
                          "region": [*names, ""] * 3, "sales": range(3 * (len(names) + 1))})
    with path_clients("", tmp_path, frame, frame.to_csv(index=False), ("data folder",)) as made:
        answer = made["data folder"].get("/plot/t.svg?x=day&y=sales&series=region")
        rows = made["data folder"].get("/plot/t.json?x=day&y=sales&series=region").get_json()
    words = described(answer.data)
    assert rows["columns"] == ["day", *names[:20]]
    assert ("3 more values of region are not drawn, as at most 20 series are: s20, s21 and s22; choose the values "
            "to draw with filter.region") in words, words
    assert "3 rows have no region and are in no series" in words, words


def test_a_source_s_split_is_computed_by_its_database_each_value_a_bound_parameter(clients):
    with statements_run() as run:
        answer = clients["sqlite source"].get("/plot/t.json?x=day&y=sales&series=region&resample=month&agg=max")
    assert answer.status_code == 200
    grouped = [statement for statement in run if "CASE WHEN" in statement and "GROUP BY" in statement]
    assert grouped, run
    assert not any("'West'" in statement or "'East'" in statement for statement in run), run
    # The series found by the database: its distinct values, grouped, not every row read.
    assert any("GROUP BY" in statement and "region" in statement and "CASE" not in statement for statement in run)
    assert len(answer.get_json()["rows"]) == 2


@pytest.mark.parametrize("path", BIG_STORES)
def test_a_big_stored_dataset_s_split_is_computed_by_its_database_each_value_a_bound_parameter(clients, path):
    with statements_run() as run:
        answer = clients[path].get("/plot/t.json?x=day&y=sales&series=region&resample=month&agg=max")
    assert answer.status_code == 200, answer.get_data(as_text=True)
    grouped = [statement for statement in run if "CASE WHEN" in statement and "GROUP BY" in statement]
    assert grouped, run
    assert not any("'West'" in statement or "'East'" in statement for statement in run), run
    assert len(answer.get_json()["rows"]) == 2


def test_the_chart_page_form_offers_a_split_by_each_text_column_and_keeps_the_one_chosen(client):
    import re

    page = client.get("/d/stations/temperature?series=station").get_data(as_text=True)
    select = re.search(r'<label>Split by <select name="series"[^>]*>(.*?)</select>', page).group(1)
    assert re.findall(r'<option value="([^"]*)"', select) == ["none", "station"]
    assert '<option value="station" selected>' in select
    assert "Line chart of temperature_c by station (Airport, Harbour, Hilltop, Riverside) by date" in page
    plain = client.get("/d/stations/temperature").get_data(as_text=True)
    assert '<option value="none" selected>' in re.search(r'name="series".*?</select>', plain).group(0)


def test_a_dashboard_chart_s_series_field_splits_it_and_a_url_s_series_none_undoes_it(tmp_path):
    from tests.conftest import writable_app

    boards = tmp_path / "boards"
    boards.mkdir()
    (boards / "split.toml").write_text('title = "Split"\n\n[[charts]]\nid = "by-station"\ndataset = "stations"\n'
                                       'x = "date"\ny = ["temperature_c"]\nseries = "station"\nresample = "month"\n',
                                       encoding="utf-8")
    client = writable_app(tmp_path, DASHBOARD_DIRS=[str(boards)]).test_client()
    split = client.get("/d/split/by-station.json").get_json()
    assert split["columns"] == ["date", "mean of Airport", "mean of Harbour", "mean of Hilltop", "mean of Riverside"]
    whole = client.get("/d/split/by-station.json?series=none").get_json()
    assert whole["columns"] == ["date", "mean of temperature_c"]


@pytest.mark.parametrize("kind", ["line", "area"])
def test_a_split_line_joins_its_own_rows_where_the_others_have_rows_at_other_times(tmp_path, kind):
    from tests.test_line_gaps import pieces

    # Two sensors reading at their own minutes: a wide table of them has a gap in each column at every
    # other row, which would break each line into dots.
    frame = pd.DataFrame({"t": pd.date_range("2024-01-01", periods=40, freq="min"), "sensor": ["a", "b"] * 20,
                          "reading": np.arange(40.0)})
    with path_clients("", tmp_path, frame, frame.to_csv(index=False), ("data folder", "sqlite source")) as made:
        for client in made.values():
            svg = client.get(f"/plot/t.svg?x=t&y=reading&series=sensor&kind={kind}").data
            width = "1.6" if kind == "line" else "1.2"
            assert pieces(svg, width) == 1, described(svg)
            assert "dot" not in described(svg)


def test_a_split_chart_s_csv_uploads_as_a_dataset_whose_chart_is_the_split_chart(clients, tmp_path):
    from tests.conftest import site_holding

    split = clients["data folder"].get("/plot/t.svg?x=day&y=sales&series=region").data
    csv = clients["data folder"].get("/plot/t.csv?x=day&y=sales&series=region").get_data(as_text=True)
    assert csv.startswith("day,East,North,South,West")
    uploaded = site_holding(tmp_path, {"t": csv}).get(f"/plot/t.svg?x=day&{WIDE_Y}").data
    assert drawing(uploaded) == drawing(split)
    assert described(split) == rows_of_regions(split_words(described(uploaded)), 4)


def test_a_value_named_as_x_names_its_series_with_the_series_column(tmp_path):
    frame = pd.DataFrame({"day": pd.date_range("2024-01-01", periods=4).repeat(2), "region": ["day", "West"] * 4,
                          "sales": range(8)})
    with path_clients("", tmp_path, frame, frame.to_csv(index=False), ("data folder", "sqlite source")) as made:
        for client in made.values():
            for query, columns in (("", ["day", "West", "day (region)"]),
                                   ("&resample=week", ["day", "mean of West", "mean of day (region)"])):
                answer = client.get(f"/plot/t.json?x=day&y=sales&series=region{query}")
                assert answer.status_code == 200 and answer.get_json()["columns"] == columns, answer.get_json()


def test_a_value_of_tabs_or_other_white_space_alone_is_in_no_series_on_every_path(tmp_path, postgres_url):
    # A tab, a tab among spaces, a no-break space and an ideographic space: blank as Python's strip() reads
    # text, as a file's cells are read, and so in a database's query of the values too.
    blanks = ["\t", " \t ", "\u00a0", "\u3000"]
    frame = pd.DataFrame({"day": np.repeat(pd.date_range("2024-01-01", periods=5), 6),
                          "region": ["East", "West", *blanks] * 5, "sales": range(30)})
    with path_clients(postgres_url, tmp_path, frame, frame.to_csv(index=False), PATHS,
                      pushdown_above_rows=10) as made:
        for path in PATHS:
            rows = made[path].get("/plot/t.json?x=day&y=sales&series=region").get_json()
            assert rows["columns"] == ["day", "East", "West"], (path, rows["columns"])
            words = described(made[path].get("/plot/t.svg?x=day&y=sales&series=region").data)
            assert "20 rows have no region and are in no series" in words, (path, words)


def test_a_split_chart_s_words_name_the_measure_the_column_split_by_and_its_values(clients):
    for path in PATHS:
        svg = clients[path].get("/plot/t.svg?x=day&y=sales&series=region&kind=bar&resample=month&agg=sum").data
        assert described(svg).startswith("Bar chart of sales by region (East, North, South, West) by day, 2 months, "), (
            path, described(svg))
        assert re.search(r"<title[^>]*>Bar chart of sales by region \(East, North, South, West\) by day</title>",
                         svg.decode()), path


def test_a_split_chart_s_words_from_its_spec_alone_name_the_measure_and_the_column_split_by():
    from plots import ChartSpec
    from plots.spec_words import spec_words

    assert spec_words(ChartSpec(kind="line", x="day", y=("sales",), series="region")) == (
        "Line chart of sales by region by day.")
    assert spec_words(ChartSpec(kind="box", y=("sales",), series="region")) == "Box plot of sales by region."
