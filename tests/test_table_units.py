"""A page's table of rows, a dataset's first rows and a chart page's data, writes a number of a column whose
name ends with a percent or currency sign or a currency's code in brackets with that unit, as the chart's
words write its values (`$1,234.5`, `−$5.0`, `12.5%`, `USD −1,234,567.0`): the digits the table wrote
before, grouped by thousands; but a currency's amounts, a dataset's and a chart's (sums and means too), are written
to the cent, or whole where none shown has cents (`$1,234.50`, `USD −1,234,567`). A column of no unit, a text column and a missing cell are written as before,
and the .csv and .json downloads keep the plain numbers."""
from __future__ import annotations

import re

import pytest

from app.views.table_cells import money_with_unit, number_with_unit
from plots.said_values import value_said
from plots.unit_ticks import MINUS, with_unit
from plots.value_text import grouped_by_thousands

from tests.conftest import created, dashboard_site, writable_app

SHOP = ("day,price ($),share (%),amount (USD),plain,note ($),big (€),store\n"
        "2024-01-01,1234.5,12.5,-1234567,-1234.5,a,9007199254740993,north\n"
        "2024-01-02,-5,-3.0,,5,b,-12,south\n"
        "2024-01-03,,0,3,1234567.25,c,0,north\n")
# The cells of each row, as a dataset's page writes them: a currency's amounts to the cent where one has cents, else
# whole.
SHOP_CELLS = [
    ["2024-01-01", "$1,234.50", "12.5%", f"USD {MINUS}1,234,567", "-1234.5", "a", "€9,007,199,254,740,993", "north"],
    ["2024-01-02", f"{MINUS}$5.00", f"{MINUS}3.0%", "", "5.0", "b", f"{MINUS}€12", "south"],
    ["2024-01-03", "", "0.0%", "USD 3", "1234567.25", "c", "€0", "north"],
]
BOARD = """time_column = "day"
[[charts]]
id = "prices"
dataset = "shop"
x = "day"
y = ["price ($)", "share (%)", "plain"]
[[charts]]
id = "counted"
dataset = "shop"
kind = "bar"
x = "store"
y = ["price ($)"]
agg = "count"
[[charts]]
id = "summed"
dataset = "shop"
kind = "bar"
x = "store"
y = ["price ($)"]
agg = "sum"
[[charts]]
id = "split"
dataset = "shop"
x = "day"
y = ["price ($)"]
series = "store"
[[charts]]
id = "changed"
dataset = "shop"
x = "day"
y = ["price ($)"]
change = "percent"
"""


def table_rows(page: str) -> list[list[str]]:
    """The cells of each row of a page's table of rows."""
    return [re.findall(r"<td>([^<]*)</td>", row) for row in re.findall(r"<tr>(<td>.*?)</tr>", page)]


@pytest.fixture
def client(data_dir):
    client = writable_app(data_dir).test_client()
    created(client, "shop", SHOP)
    return client


@pytest.fixture
def board(tmp_path):
    return dashboard_site(tmp_path, {"shop.csv": SHOP}, BOARD).test_client()


def test_a_datasets_first_rows_write_each_number_with_its_columns_unit(client):
    page = client.get("/datasets/shop").get_data(as_text=True)
    assert table_rows(page)[-3:] == SHOP_CELLS


def test_a_datasets_downloads_keep_the_plain_numbers(client):
    text = client.get("/datasets/shop.csv").get_data(as_text=True)
    assert text.splitlines()[1] == "2024-01-01,1234.5,12.5,-1234567.0,-1234.5,a,9007199254740993,north"
    rows = client.get("/datasets/shop.json").get_json()["rows"]
    assert rows[1][:3] == ["2024-01-02", -5.0, -3.0]


def test_a_chart_pages_table_writes_each_number_with_its_columns_unit(board):
    page = board.get("/d/m/prices").get_data(as_text=True)
    assert table_rows(page) == [
        ["2024-01-01", "$1,234.50", "12.5%", "-1234.5"],
        ["2024-01-02", f"{MINUS}$5.00", f"{MINUS}3.0%", "5.0"],
        ["2024-01-03", "", "0.0%", "1234567.25"],
    ]
    assert board.get("/d/m/prices.csv").get_data(as_text=True).splitlines()[1:3] == [
        "2024-01-01,1234.5,12.5,-1234.5", "2024-01-02,-5.0,-3.0,5.0"]
    assert board.get("/d/m/prices.json").get_json()["rows"][1] == ["2024-01-02", -5.0, -3.0, 5.0]


def test_a_chart_pages_sums_are_written_with_the_unit_and_counts_without(board):
    summed = table_rows(board.get("/d/m/summed").get_data(as_text=True))
    assert summed == [["north", "$1,234.50"], ["south", f"{MINUS}$5.00"]]
    assert table_rows(board.get("/d/m/counted").get_data(as_text=True)) == [["north", "1"], ["south", "1"]]


def test_a_split_charts_series_are_written_with_the_unit_of_the_column_split(board):
    page = board.get("/d/m/split").get_data(as_text=True)
    # Each series' amounts to the cent where one of its own has cents, as each column of a dataset's.
    assert table_rows(page)[:2] == [["2024-01-01", "$1,234.50", ""], ["2024-01-02", "", f"{MINUS}$5"]]


def test_a_chart_pages_amounts_are_written_as_the_datasets_page_writes_them(client, board):
    dataset_prices = [row[1] for row in table_rows(client.get("/datasets/shop").get_data(as_text=True))[-3:]]
    chart_prices = [row[1] for row in table_rows(board.get("/d/m/prices").get_data(as_text=True))]
    assert chart_prices == dataset_prices == ["$1,234.50", f"{MINUS}$5.00", ""]


@pytest.mark.parametrize(("query", "written"), [
    ("agg=sum", ["£55", "£70"]),  # whole sums whole, as a dataset's whole amounts are
    ("agg=max", ["£25", "£40"]),
    ("agg=mean", ["£18.33", "£35.00"]),  # a mean of money read in money, to the cent, not £18.3333333333333
    ("agg=median", ["£20", "£35"]),  # whole, as all are
    ("agg=p95", ["£24.50", "£39.50"]),
])
def test_a_chart_pages_combined_amounts_are_written_to_the_cent_where_any_has_cents_else_whole(tmp_path, query, written):
    gifts = "day,gift (£),store\n2024-01-01,10,north\n2024-01-02,20,north\n2024-01-03,25,north\n" \
            "2024-01-04,30,south\n2024-01-05,40,south\n"
    board = dashboard_site(tmp_path, {"gifts.csv": gifts}, 'time_column = "day"\n[[charts]]\nid = "g"\n'
                           'dataset = "gifts"\nkind = "bar"\nx = "store"\ny = ["gift (£)"]\n').test_client()
    assert [row[1] for row in table_rows(board.get(f"/d/m/g?{query}").get_data(as_text=True))] == written


def test_a_chart_pages_whole_means_among_means_with_cents_are_written_to_the_cent(board):
    # A day's mean of one whole amount is written whole by the data (-5, not -5.0), beside 1234.5.
    rows = table_rows(board.get("/d/m/prices?resample=day&agg=mean").get_data(as_text=True))
    assert [row[1] for row in rows] == ["$1,234.50", f"{MINUS}$5.00", ""]


@pytest.mark.parametrize(("value", "written"), [
    (7.625, "$7.63"), (1.005, "$1.01"), (0.125, "$0.13"), (-2.675, f"{MINUS}$2.68"), (-0.004, "$0.00"), (2724, "$2,724.00"),
])
def test_an_amounts_half_cent_is_rounded_up_as_a_spreadsheet_shows_it(value, written):
    assert money_with_unit(value, "$", 2) == written


def test_a_chart_pages_mean_of_a_half_cent_is_rounded_up(tmp_path):
    fees = "day,fee (£),desk\n2024-01-01,5.25,a\n2024-01-02,10,a\n"
    board = dashboard_site(tmp_path, {"fees.csv": fees}, 'time_column = "day"\n[[charts]]\nid = "f"\n'
                           'dataset = "fees"\nkind = "bar"\nx = "desk"\ny = ["fee (£)"]\nagg = "mean"\n').test_client()
    assert table_rows(board.get("/d/m/f").get_data(as_text=True)) == [["a", "£7.63"]]  # of 7.625, not £7.62


def test_a_chart_pages_percent_changes_are_written_as_percent_not_in_the_unit_of_the_values_changed(board):
    rows = table_rows(board.get("/d/m/changed").get_data(as_text=True))
    assert [row[0] for row in rows] == ["2024-01-01", "2024-01-02", "2024-01-03"]
    assert rows[0][1] == "0%" and rows[1][1].startswith(MINUS) and rows[1][1].endswith("%"), rows
    assert not any("$" in row[1] for row in rows), rows


def test_a_column_of_no_unit_is_written_as_before_byte_for_byte(client, data_dir):
    plain = SHOP.replace(" ($)", "").replace(" (%)", "").replace(" (USD)", "").replace(" (€)", "")
    created(client, "plain", plain)
    rows = table_rows(client.get("/datasets/plain").get_data(as_text=True))[-3:]
    assert rows == [
        ["2024-01-01", "1234.5", "12.5", "-1234567.0", "-1234.5", "a", "9007199254740993", "north"],
        ["2024-01-02", "-5.0", "-3.0", "", "5.0", "b", "-12", "south"],
        ["2024-01-03", "", "0.0", "3.0", "1234567.25", "c", "0", "north"],
    ]


@pytest.mark.parametrize(("value", "unit", "written"), [
    (1234.5, "$", "$1,234.5"),
    (-0.0, "$", "$0.0"),
    (0.125, "€", "€0.125"),
    (1e20, "$", "$1e+20"),
    (-1.5e-07, "%", f"{MINUS}1.5e-07%"),
    (2**63 + 1, "USD", "USD 9,223,372,036,854,775,809"),
    (-1234567, "US$", f"{MINUS}US$1,234,567"),
    (1234.5, "%", "1,234.5%"),
])
def test_a_number_is_written_with_its_unit_in_every_digit_the_table_writes(value, unit, written):
    assert number_with_unit(value, unit) == written


@pytest.mark.parametrize(("said", "grouped"), [
    ("4952920", "4,952,920"), (f"{MINUS}12345.5", f"{MINUS}12,345.5"), ("999", "999"), ("0.125", "0.125"),
    ("1e+20", "1e+20"), ("9.1 quadrillion", "9.1 quadrillion"), ("-1234", "-1234"),
])
def test_the_digits_of_a_number_are_grouped_by_thousands_by_one_rule_for_the_words_and_the_tables(said, grouped):
    assert grouped_by_thousands(said) == grouped


def test_a_tables_whole_amount_is_grouped_as_the_words_sum_of_what_a_chart_leaves_out_is():
    # Whole numbers: the words round a fraction as they say values (`value_said`), where the table writes str()'s.
    for value in (4952920, -1234567, 999, 2**63 + 1):
        assert number_with_unit(value, "$") == with_unit(grouped_by_thousands(value_said(value)), "$")
