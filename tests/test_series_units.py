"""A chart of series in different units (`sales ($)` beside `cost (USD)`, `share (%)` or `temp (°C)`) says each
series' values with the unit of its own column, where it has one (`unit_ticks.series_unit`), as a chart of one
of them alone does: `sales ($) $1400`, `cost (USD) USD 1000`, `temp (°C) 9.5`. Their shared value axis claims
none of the units: its ticks are plain numbers, and its title, where it has one, names the columns themselves."""
from __future__ import annotations

import html
import re
from urllib.parse import urlencode

import pytest

from tests.conftest import described, site_holding

MINUS = "\N{MINUS SIGN}"
SHOP = ("day,sales ($),cost (USD),share (%),temp (°C),rain (mm)\n"
        "1,1200.5,900,10,12.5,3\n2,1500,1100.25,12.5,14,0\n3,1400,-1000,11,9.5,7.5\n")


@pytest.fixture
def client(data_dir):
    return site_holding(data_dir, {"shop": SHOP})


def chart(client, *fields: tuple[str, str], dataset: str = "shop") -> tuple[str, list[str]]:
    """The words of the chart of `dataset` the parameters `fields` ask for, and the texts it draws."""
    answer = client.get(f"/plot/{dataset}.svg?{urlencode(fields)}")
    assert answer.status_code == 200, answer.get_data(as_text=True)[:400]
    texts = [html.unescape(text) for text in re.findall(r"<text[^>]*>([^<]*)</text>", answer.get_data(as_text=True))]
    return html.unescape(described(answer.data)), texts


def test_a_line_of_dollars_beside_a_currency_code_says_each_series_values_in_its_own_unit(client):
    said, texts = chart(client, ("x", "day"), ("y", "sales ($)"), ("y", "cost (USD)"))
    assert (f"last value: sales ($) $1,400.00, lowest $1,200.50 (1), highest $1,500.00 (2); cost (USD) "
            f"USD {MINUS}1,000.00, lowest USD {MINUS}1,000.00 (3), highest USD 1,100.25 (2).") in said
    ticks = [text for text in texts if text not in ("day", "sales ($)", "cost (USD)")]
    assert ticks and not any("$" in text or "USD" in text for text in ticks), texts  # the axis claims no unit


def test_a_series_of_no_unit_beside_one_of_a_unit_says_its_values_bare(client):
    said, _ = chart(client, ("x", "day"), ("y", "temp (°C)"), ("y", "share (%)"))
    assert "last value: temp (°C) 9.5, lowest 9.5 (3), highest 14 (2); share (%) 11%, lowest 10% (1)" in said


def test_a_histogram_of_two_units_says_each_range_in_its_own_unit_under_a_title_naming_both_columns(client):
    said, texts = chart(client, ("kind", "hist"), ("y", "sales ($)"), ("y", "cost (USD)"))
    assert f"sales ($) from $1,200.50 to $1,500.00. cost (USD) from USD {MINUS}1,000.00 to USD 1,100.25." in said
    assert "sales ($), cost (USD)" in texts  # the value axis' title: the columns, each with its unit


def test_a_box_plot_of_two_units_says_each_boxs_median_and_quartiles_in_its_own_unit(client):
    said, _ = chart(client, ("kind", "box"), ("y", "sales ($)"), ("y", "share (%)"))
    assert "sales ($) from $1,200.50 to $1,500.00, 3 values, median $1400, quartiles $1300 and $1450." in said
    assert "share (%) from 10% to 12.5%, 3 values, median 11%, quartiles 10.5% and 11.75%." in said


def test_the_lowest_and_highest_of_many_series_of_different_units_are_each_said_in_their_series_unit(data_dir):
    names = ["a ($)", "b (%)", "c (USD)", "d", "e (€)", "f ($)"]
    rows = "\n".join(f"{day}," + ",".join(str(day * (at + 1) - 2) for at in range(len(names))) for day in (1, 2, 3))
    client = site_holding(data_dir, {"many": "day," + ",".join(names) + "\n" + rows + "\n"})
    said, _ = chart(client, ("x", "day"), *(("y", name) for name in names), dataset="many")
    assert f"lowest a ($) {MINUS}$1 (1), highest f ($) $16 (3)" in said
    assert "b (%) 4%; c (USD) USD 7; d 10; e (€) €13; f ($) $16" in said
