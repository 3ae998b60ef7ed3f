"""`sort` and `top`: a bar chart's categories sorted by their value (several series' total) or by the
category, ties in the rows' order, and cut to the first `top`, the alt text saying how many were left
out and what they sum to; the chart's `.json` and `.csv` hold the rows drawn, in the drawn order; the
same rows and words whichever way the rows reach the site (a stored dataset, big or not, a data
folder's file, an SQLite or a PostgreSQL source); a table of 5,000 categories drawn with `top`; each
bad value a 400 saying what is allowed."""
from __future__ import annotations

import csv
import html
import io
import logging
from collections.abc import Iterator

import pandas as pd
import pytest

from plots import Limits
from tests.conftest import chart_url_descriptions, dashboard_site, described, refusal, site_holding
from tests.test_http import SpecForm, chart_image, image_query, submitted
from tests.source_data import PATHS, path_clients
from tests.sample_store import app_on_samples
from tests.statements import statements_run

# Revenue of products, some sold twice (their bars the sum), b and d tied at 6, e none.
SALES = "product,revenue,cost\nb,5,1\na,3,1\nc,9,2\nb,1,1\nd,6,3\nApple,2,2\ne,,1\nbanana,4,0\n"


def drawn_rows(client, url: str) -> list[list[str]]:
    """The rows of a chart's .csv (`url`, a chart's path and query without its extension), header first."""
    path, _, query = url.partition("?")
    answer = client.get(f"{path}.csv?{query}")
    assert answer.status_code == 200, answer.get_data(as_text=True)[:500]
    return list(csv.reader(io.StringIO(answer.get_data(as_text=True))))


def words(client, url: str) -> str:
    path, _, query = url.partition("?")
    answer = client.get(f"{path}.svg?{query}")
    assert answer.status_code == 200, answer.get_data(as_text=True)[:500]
    return html.unescape(described(answer.data))


@pytest.fixture
def client(data_dir):
    """A site holding `sales`."""
    return site_holding(data_dir, {"sales": SALES})


BY_SUM = "/plot/sales?kind=bar&x=product&y=revenue&agg=sum"


def test_sort_none_draws_the_categories_as_the_rows_give_them(client):
    assert [row[0] for row in drawn_rows(client, BY_SUM)[1:]] == ["b", "a", "c", "d", "Apple", "e", "banana"]
    assert drawn_rows(client, BY_SUM + "&sort=none") == drawn_rows(client, BY_SUM)


def test_sort_by_value_descending_puts_the_largest_first_ties_in_the_rows_order(client):
    rows = drawn_rows(client, BY_SUM + "&sort=-value")
    assert rows[0] == ["product", "sum of revenue"]
    # b and d tie at 6: b comes first in the rows, and stays first; e (no value) comes last.
    assert rows[1:] == [["c", "9"], ["b", "6"], ["d", "6"], ["banana", "4"], ["a", "3"], ["Apple", "2"], ["e", "0"]]


def test_sort_by_value_ascending_keeps_ties_in_the_rows_order_too(client):
    rows = drawn_rows(client, "/plot/sales?kind=bar&x=product&y=revenue&agg=max&sort=value")
    assert [row[0] for row in rows[1:]] == ["Apple", "a", "banana", "b", "d", "c", "e"]  # e has no value: last


def test_sort_by_x_sorts_text_as_a_person_does_whatever_its_case(client):
    assert [row[0] for row in drawn_rows(client, BY_SUM + "&sort=x")[1:]] == ["a", "Apple", "b", "banana", "c",
                                                                               "d", "e"]
    assert [row[0] for row in drawn_rows(client, BY_SUM + "&sort=-x")[1:]] == ["e", "d", "c", "banana", "b",
                                                                                "Apple", "a"]


def test_sort_by_value_of_several_series_sorts_by_their_total(client):
    rows = drawn_rows(client, "/plot/sales?kind=bar&x=product&y=revenue,cost&agg=sum&sort=-value")
    # totals: b 8, a 4, c 11, d 9, Apple 4, e 1, banana 4
    assert [row[0] for row in rows[1:]] == ["c", "d", "b", "a", "Apple", "banana", "e"]
    said = words(client, "/plot/sales?kind=bar&x=product&y=revenue,cost&agg=sum&sort=-value&stack=stacked")
    assert ("product sorted by value (each category's total of its series), from the largest, c, to the smallest, "
            "e. ") in said, said


def test_top_draws_the_first_categories_and_says_what_it_left_out(client):
    url = BY_SUM + "&sort=-value&top=3"
    assert drawn_rows(client, url)[1:] == [["c", "9"], ["b", "6"], ["d", "6"]]
    said = words(client, url)
    assert "3 categories" in said
    assert "product sorted by value, from the largest, c, to the smallest shown, d. " in said, said
    assert said.endswith("sum of revenue: c 9, b 6, d 6. the first 3 of 7 categories of product drawn, 4 left out, "
                         "summing to 9."), said
    assert "largest first" not in said and "product from" not in said
    assert client.get(f"/plot/sales.json?{url.partition('?')[2]}").get_json()["rows"] == [["c", 9], ["b", 6], ["d", 6]]


@pytest.mark.parametrize(("query", "said"), [
    ("sort=-value", "product sorted by value, from the largest, c, to the smallest, e. "),
    ("sort=value", "product sorted by value, from the smallest, e, to the largest, c. "),
    ("sort=-value&top=4", "product sorted by value, from the largest, c, to the smallest shown, banana. "),
    ("sort=x", "product sorted first to last, from a to e. "),
    ("sort=-x&top=3", "product sorted last to first, from e to c. "),
])
def test_a_sorted_chart_s_words_say_its_bars_in_their_order_not_as_a_range(client, query, said):
    words_said = words(client, f"{BY_SUM}&{query}")
    assert said in words_said, words_said
    assert "product from" not in words_said and "first;" not in words_said


def test_a_bar_of_no_value_is_not_said_to_be_the_smallest(client):
    said = words(client, "/plot/sales?kind=bar&x=product&y=revenue&agg=max&sort=-value")
    assert "product sorted by value, from the largest, c, to the smallest, Apple. " in said, said


def test_what_top_left_out_sums_to_is_written_with_the_values_unit_and_its_thousands(data_dir):
    rows = "product,revenue ($)\n" + "".join(f"p{n:02d},{n * 1000}\n" for n in range(30))
    client = site_holding(data_dir, {"shop": rows})
    said = words(client, "/plot/shop?kind=bar&x=product&y=revenue%20(%24)&sort=-value&top=5")
    # 0 + 1,000 + … + 24,000
    assert said.endswith("the first 5 of 30 categories of product drawn, 25 left out, summing to $300,000."), said
    counted = words(client, "/plot/shop?kind=bar&x=product&y=revenue%20(%24)&agg=count&sort=-value&top=5")
    assert counted.endswith("25 left out, summing to 25."), counted  # counts are no dollars


def test_top_without_sort_keeps_the_first_categories_as_given(client):
    assert [row[0] for row in drawn_rows(client, BY_SUM + "&top=2")[1:]] == ["b", "a"]


def test_top_of_means_says_how_many_were_left_out_but_no_sum_of_means(client):
    said = words(client, "/plot/sales?kind=bar&x=product&y=revenue&agg=mean&sort=-value&top=2")
    assert "the first 2 of 7 categories of product drawn, 5 left out, ranked by the mean" in said, said
    assert "summing" not in said


def test_barh_sorted_descending_reads_largest_first_down_its_side(client):
    # barh draws its first row at the top: the data's first row is the largest.
    rows = drawn_rows(client, "/plot/sales?kind=barh&x=product&y=revenue&agg=sum&sort=-value&top=2")
    assert rows[1:] == [["c", "9"], ["b", "6"]]


def test_resampled_bars_are_sorted_by_each_period_s_combined_value(data_dir):
    days = "day,v\n" + "".join(f"2024-0{m}-0{d},{m * (5 - m) + d}\n" for m in (1, 2, 3, 4) for d in (1, 2))
    client = site_holding(data_dir, {"days": days})
    rows = drawn_rows(client, "/plot/days?kind=bar&x=day&y=v&resample=month&agg=sum&sort=-value&top=2")
    # monthly sums: Jan 11, Feb 15, Mar 15, Apr 11: Feb and Mar tie, kept in time's order
    assert [row[1] for row in rows[1:]] == ["15", "15"]
    assert rows[1][0] < rows[2][0]


@pytest.mark.parametrize(("query", "said"), [
    ("top=0", "top must be between 1 and 100, got 0; none draws every category"),
    ("top=101", "top must be between 1 and 100, got 101; none draws every category"),
    ("top=abc", "top must be a whole number from 1 to 100, written with the digits 0 to 9 only, got 'abc'"),
    ("sort=up", "sort must be one of none, value, -value, x, -x; got 'up'"),
    ("kind=line&sort=value", "sort=value does not apply to kind=line, which draws no categories; it applies to "
                             "kind=bar or kind=barh"),
    ("kind=hist&top=3", "top=3 does not apply to kind=hist, which draws no categories; it applies to kind=bar or "
                        "kind=barh"),
])
def test_a_bad_sort_or_top_is_a_400_saying_what_is_allowed(client, query, said):
    url = f"/plot/sales.svg?x=product&y=revenue&kind=bar&{query}".replace("kind=bar&kind=", "kind=")
    assert said in refusal(client, url.replace(".svg", ".json"))


def test_a_dashboard_chart_sorts_and_cuts_and_a_url_undoes_it(tmp_path):
    board = ('title = "Shop"\n[[charts]]\nid = "best"\ndataset = "sales"\nkind = "bar"\nx = "product"\n'
             'y = ["revenue"]\nagg = "sum"\nsort = "-value"\ntop = 2\n')
    client = dashboard_site(tmp_path, {"sales.csv": SALES}, board).test_client()
    assert drawn_rows(client, "/d/m/best")[1:] == [["c", "9"], ["b", "6"]]
    assert [row[0] for row in drawn_rows(client, "/d/m/best?sort=none&top=none")[1:]] == [
        "b", "a", "c", "d", "Apple", "e", "banana"]


@pytest.mark.parametrize("kind", ["line", "area", "scatter", "box"])
def test_a_dashboard_chart_s_sort_and_top_are_left_out_under_a_kind_its_url_asks_that_draws_no_categories(
        tmp_path, kind):
    board = ('title = "Shop"\n[[charts]]\nid = "best"\ndataset = "sales"\nkind = "bar"\nx = "product"\n'
             'y = ["revenue"]\nsort = "-value"\ntop = 2\n')
    client = dashboard_site(tmp_path, {"sales.csv": SALES}, board).test_client()
    answer = client.get(f"/d/m/best.json?kind={kind}")
    assert answer.status_code == 200, answer.get_data(as_text=True)
    assert not {"sort", "top"} & set(answer.get_json()["spec"])  # none and none, the defaults
    assert len(drawn_rows(client, f"/d/m/best?kind={kind}")) == 1 + 8  # every row, in the rows' order
    assert client.get(f"/d/m/best.svg?kind={kind}").status_code == 200
    # The URL's own sort or top is the reader's, and refused.
    assert (f"sort=-value does not apply to kind={kind}, which draws no categories"
            in refusal(client, f"/d/m/best.json?kind={kind}&sort=-value"))
    assert f"top=2 does not apply to kind={kind}" in refusal(client, f"/d/m/best.json?kind={kind}&top=2")


def test_a_site_whose_cap_is_below_a_dashboard_s_top_starts_and_draws_the_cap_s_first_bars(data_dir, caplog):
    # The samples rank the ten wettest months and days; this site draws at most 5 bars a chart.
    with caplog.at_level(logging.WARNING):
        client = app_on_samples({"TESTING": True, "DATA_DIR": str(data_dir),
                                 "LIMITS": Limits(max_categories=5)}).test_client()
    assert ("weather.toml: chart 'wettest-months': top = 10 is more than the 5 bars a chart may draw "
            "(LIMITS.max_categories): it draws the first 5") in [record.getMessage() for record in caplog.records]
    assert client.get("/d/weather").status_code == 200
    rows = drawn_rows(client, "/d/weather/wettest-months")
    assert len(rows) == 1 + 5
    assert "the first 5 of 360 months drawn, 355 left out" in words(client, "/d/weather/wettest-months")
    assert len(drawn_rows(client, "/d/stations/wettest-days")) == 1 + 5
    # Fewer are drawn as asked; a URL's own top above the cap is refused.
    assert len(drawn_rows(client, "/d/weather/wettest-months?top=3")) == 1 + 3
    assert "top must be between 1 and 5, got 10" in refusal(client, "/d/weather/wettest-months.json?top=10")


# 5,000 products, each sold twice, revenue repeating every 997 products: a ranking of more categories
# than a bar chart may draw, which its top 10 draws; a source's database groups them.
PRODUCTS = 5_000


def products_frame() -> pd.DataFrame:
    names = [f"p{i:04d}" for i in range(PRODUCTS)]
    revenue = [(i * 37) % 997 for i in range(PRODUCTS)]
    days = list(pd.date_range("2000-01-01", periods=PRODUCTS))
    return pd.DataFrame({"product": names * 2, "revenue": revenue * 2, "units": [1] * (2 * PRODUCTS),
                         "price": [round(value / 7, 2) for value in revenue] * 2, "day": days * 2,
                         "shelf": [i % 1234 for i in range(PRODUCTS)] * 2})


@pytest.fixture(scope="module")
def clients(postgres_url: str, tmp_path_factory) -> Iterator[dict]:
    """A site for each path a table's rows may take (`PATHS`), its dataset `t` the products; a stored
    dataset of more than 1,000 rows is charted by its database."""
    frame = products_frame()
    with path_clients(postgres_url, tmp_path_factory.mktemp("ranks"), frame, frame.to_csv(index=False), PATHS,
                      settings={"RENDER_CACHE_BYTES": 0}, pushdown_above_rows=1_000) as made:
        yield made


def test_more_categories_than_the_cap_are_refused_without_top_suggesting_it(clients):
    for path in PATHS:
        assert ("may show at most 100 categories and this one has 5,000; rank them and draw the first "
                "(sort=-value&top=10), filter the data or use kind=line") in refusal(
            clients[path], "/plot/t.json?kind=bar&x=product&y=revenue&agg=sum", 422), path


@pytest.mark.parametrize("query", [
    "kind=bar&x=product&y=revenue&agg=sum&sort=-value&top=10",
    "kind=barh&x=product&y=revenue,units&agg=sum&sort=value&top=7",
    "kind=bar&x=product&y=revenue&agg=max&sort=-x&top=5",
    "kind=bar&x=product&y=revenue&agg=median&sort=-value&top=4",
    "kind=bar&x=product&y=revenue&agg=mean&top=3",
    "kind=bar&x=product&y=price&agg=mean&sort=-value&top=6",
    "kind=bar&x=product&y=price,revenue&agg=sum&sort=-value&top=6",
    "kind=bar&x=day&y=price&agg=sum&sort=-x&top=5",
    "kind=barh&x=day&y=revenue&agg=count&sort=value&top=5",
    "kind=bar&x=shelf&y=price&agg=sum&sort=value&top=5",
    "kind=bar&x=shelf&y=revenue&agg=sum&sort=-x&top=5",
    "kind=bar&x=day&y=revenue&resample=week&agg=sum&sort=-value&top=5",
    "kind=barh&x=day&y=price&resample=month&agg=mean&sort=value&top=4",
])
def test_5000_categories_cut_to_the_top_are_the_same_rows_and_words_on_every_path(clients, query):
    expected = drawn_rows(clients["data folder"], f"/plot/t?{query}")
    said = words(clients["data folder"], f"/plot/t?{query}")
    top = int(query.rpartition("top=")[2])
    asked = dict(part.split("=") for part in query.split("&"))
    x = products_frame()[asked["x"]]
    categories = (pd.to_datetime(x).dt.to_period(asked["resample"][0].upper()).nunique() if "resample" in asked
                  else x.nunique())
    assert len(expected) == 1 + top
    bars = f"{asked['resample']}s" if "resample" in asked else f"categories of {asked['x']}"
    assert f"the first {top} of {categories:,} {bars} drawn, {categories - top:,} left out" in said, said
    for path in PATHS[1:]:
        assert drawn_rows(clients[path], f"/plot/t?{query}") == expected, path
        assert words(clients[path], f"/plot/t?{query}") == said, path


def test_the_top_10_of_5000_products_by_revenue(clients):
    frame = products_frame().groupby("product", sort=False)["revenue"].sum()
    best = frame.sort_values(ascending=False, kind="stable")
    rows = drawn_rows(clients["data folder"], "/plot/t?kind=bar&x=product&y=revenue&agg=sum&sort=-value&top=10")
    assert rows[1:] == [[name, str(value)] for name, value in best.iloc[:10].items()]
    said = words(clients["postgresql source"], "/plot/t?kind=bar&x=product&y=revenue&agg=sum&sort=-value&top=10")
    assert said.endswith(f"the first 10 of 5,000 categories of product drawn, 4,990 left out, summing to "
                         f"{best.iloc[10:].sum():,}.")


BOARD = ('title = "Shop"\n[[charts]]\nid = "best"\ndataset = "sales"\nkind = "bar"\nx = "product"\n'
         'y = ["revenue"]\nagg = "sum"\nsort = "-value"\ntop = 2\n')


@pytest.fixture
def board_client(tmp_path):
    """A site whose dashboard `m` draws the two best-selling products of `sales`."""
    return dashboard_site(tmp_path, {"sales.csv": SALES}, BOARD).test_client()


def test_a_chart_page_s_form_shows_sort_and_top_and_sent_back_draws_the_same_chart(board_client):
    opened = board_client.get("/d/m/best").get_data(as_text=True)
    form = SpecForm(opened)
    assert ("sort", "-value") in form.fields and ("top", "2") in form.fields
    assert '<label>Sort (bars) <select name="sort"' in opened and '<label>Top (bars) <input name="top"' in opened
    sent = submitted(board_client, form)
    assert chart_image(sent.get_data(as_text=True)) == chart_image(opened)
    answered = submitted(board_client, form, sort="x", top="3").get_data(as_text=True)
    assert [row[0] for row in drawn_rows(board_client, chart_image(answered).replace(".svg?", "?"))[1:]] == [
        "a", "Apple", "b"]


def test_a_top_left_blank_in_the_form_draws_every_category(board_client):
    answered = submitted(board_client, SpecForm(board_client.get("/d/m/best").get_data(as_text=True)), top="")
    rows = drawn_rows(board_client, chart_image(answered.get_data(as_text=True)).replace(".svg?", "?"))
    assert len(rows) == 1 + 7


def test_a_kind_without_categories_chosen_in_the_form_drops_the_sort_and_the_top(board_client):
    sent = submitted(board_client, SpecForm(board_client.get("/d/m/best").get_data(as_text=True)), kind="line")
    assert sent.status_code == 200, sent.get_data(as_text=True)[:300]
    query = image_query(sent.get_data(as_text=True))
    # Left out under a kind that draws no categories: the page's links name neither.
    assert query["kind"] == ["line"] and not {"sort", "top"} & set(query)
    assert board_client.get(chart_image(sent.get_data(as_text=True))).status_code == 200


def test_the_openapi_description_lists_sort_and_top(client):
    described_by_path = chart_url_descriptions(client, "top")
    assert described_by_path and all("1-100" in words for words in described_by_path.values())
    assert all("-value" in words for words in chart_url_descriptions(client, "sort").values())


@pytest.mark.parametrize("path", [path for path in PATHS if path != "data folder"])
@pytest.mark.parametrize(("query", "in_sql"), [
    ("kind=bar&x=product&y=revenue&agg=sum&sort=-value&top=10", True),
    ("kind=bar&x=product&y=revenue,units&agg=max&sort=value&top=3", True),
    ("kind=bar&x=product&y=revenue&agg=min&top=3", True),
    # a median, an integer column's exact mean, and text sorted by category, the database cannot order as a dataset's: every group is read
    ("kind=bar&x=product&y=revenue&agg=median&sort=-value&top=4", False),
    ("kind=bar&x=product&y=revenue&top=3", False),
    ("kind=bar&x=product&y=revenue&agg=sum&sort=x&top=4", False),
])
def test_a_database_sorts_and_cuts_the_groups_in_one_statement_where_it_can(clients, path, query, in_sql):
    # Asked anew (no memo of the rows), for the statements to be seen.
    with statements_run() as run:
        assert clients[path].get(f"/plot/t.csv?{query}&title=asked+anew").status_code == 200
    ranked = [statement for statement in run if "count(*) OVER ()" in statement]
    assert len(ranked) == (1 if in_sql else 0), run
    if in_sql:
        assert "row_number() OVER (ORDER BY" in ranked[0] and "LIMIT" in ranked[0]


WETTEST = "/plot/weather?kind=bar&x=date&y=rainfall_mm&resample=day&agg=sum&sort=-value&top=5"


def test_the_wettest_days_of_thirty_years_rank_more_periods_than_a_bar_chart_may_draw(client, source_client,
                                                                                       source_db, tmp_path):
    # 10,958 days, each a period of a daily sum: more than 100 bars, but the first 5 are drawn.
    frame = pd.read_csv(io.StringIO(client.get("/datasets/weather.csv").get_data(as_text=True)))
    wettest = frame.groupby("date", sort=True)["rainfall_mm"].sum().sort_values(ascending=False, kind="stable")
    rows = drawn_rows(client, WETTEST)
    assert [row[0] for row in rows[1:]] == list(wettest.index[:5])
    said = words(client, WETTEST)
    assert "the first 5 of 10,958 days drawn, 10,953 left out, summing to" in said, said
    source = source_client(tmp_path, source_db.url, ["weather"])
    assert drawn_rows(source, WETTEST) == rows
    assert words(source, WETTEST) == said
