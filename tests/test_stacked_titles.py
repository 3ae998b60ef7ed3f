"""The value axis of a stack of shares (`stack=percent`) is titled with what its heights are, "percent of each
total", a chart split by a text column's (`series=region`) too, not by its values' name ("sales", "sum of
sales"); a title given (`ylabel`) stands instead, and one series drawn is titled as it is unstacked."""
from __future__ import annotations

import re

import pytest

from tests.conftest import described, site_holding
from tests.test_stacked import VISITS, drawn

# Sales of two regions a day as long rows, a region's a row.
LONG = "day,region,sales\n" + "".join(f"2024-01-0{d},{region},{d * (2 if region == 'West' else 1)}\n"
                                      for d in (1, 2, 3) for region in ("East", "West"))


@pytest.fixture
def client(data_dir):
    """A site holding `visits` and `long`."""
    return site_holding(data_dir, {"visits": VISITS, "long": LONG})


def test_percent_bars_title_their_value_axis_with_what_their_heights_are(client):
    texts = re.findall(r">([^<]*)</text>", drawn(client, "/plot/visits.svg?kind=bar&x=day&y=web&y=shop&stack=percent")
                       .decode())
    assert "percent of each total" in texts
    assert "100" in texts  # the axis' end, as no margin passes it
    stacked = drawn(client, "/plot/visits.svg?kind=bar&x=day&y=web&y=shop&stack=stacked").decode()
    assert "percent of each total" not in stacked


@pytest.mark.parametrize("query", ["kind=bar", "kind=bar&resample=day&agg=count", "kind=barh&resample=day&agg=sum",
                                   "kind=area"])
def test_split_percent_stacks_title_their_value_axis_with_what_their_heights_are(client, query):
    # Not "sales", "count of sales" or "sum of sales": the stacks are each series' share of each x's total.
    url = f"/plot/long.svg?x=day&y=sales&series=region&stack=percent&{query}"
    svg = drawn(client, url).decode()
    assert "percent of each total" in re.findall(r">([^<]*)</text>", svg), url
    assert "of sales<" not in svg and ">sales<" not in svg and "axis: " not in described(svg.encode()), url
    titled = re.findall(r">([^<]*)</text>", drawn(client, f"{url}&ylabel=Share").decode())
    assert "Share" in titled and "percent of each total" not in titled
    # One series drawn draws as it does unstacked, titled by what it is.
    alone = drawn(client, "/plot/long.svg?x=day&y=sales&series=region&stack=percent&kind=bar&filter.region=East")
    assert "sales" in re.findall(r">([^<]*)</text>", alone.decode())
