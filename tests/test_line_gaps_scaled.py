"""`gap` over an x drawn in other units than its values (`plots/magnitude.py`): values near the largest
double drawn in units of a power of ten, and whole numbers past 2**53 drawn counted from their least. The
line breaks, and its words count the gaps, where the rows lie further apart than the gap in the values'
own units."""
from __future__ import annotations

import pytest

from tests.conftest import described, site_holding
from tests.test_line_gaps import drawn, pieces

# Readings 1e307 apart, then 3e307 apart, near the largest double.
HUGE = "x,v\n1.0e308,1\n1.1e308,2\n1.2e308,3\n1.5e308,4\n"
# Ids past 2**53, some of which doubles cannot tell apart (2**53+3 and 2**53+4 are both 2**53+4 as
# doubles): 2, 1, then 3 apart.
PAST = 2**53
IDS = "id,v\n" + "".join(f"{PAST + k},{k}\n" for k in (1, 3, 4, 7))


@pytest.fixture
def client(data_dir):
    """A site holding `huge` and `ids`."""
    return site_holding(data_dir, {"huge": HUGE, "ids": IDS})


def test_a_line_near_the_largest_double_breaks_where_its_words_say(client):
    svg = drawn(client, "/plot/huge.svg?x=x&y=v&gap=2e307")
    words = described(svg)
    assert ("the line breaks at 1 gap of more than 2 times 10 to the power of 307 between its rows, "
            "3 times 10 to the power of 307") in words, words
    assert pieces(svg) == 2


def test_a_gap_narrower_than_every_distance_near_the_largest_double_breaks_the_line_at_each(client):
    svg = drawn(client, "/plot/huge.svg?x=x&y=v&gap=5e306")
    words = described(svg)
    assert "the line breaks at 3 gaps of more than 5 times 10 to the power of 306 between its rows" in words, words
    assert pieces(svg) == 4


def test_ids_past_2_53_break_and_are_counted_by_their_exact_distances(client):
    svg = drawn(client, "/plot/ids.svg?x=id&y=v&gap=2.5")
    words = described(svg)
    assert pieces(svg) == 2
    assert f"the line breaks at 1 gap of more than 2.5 between its rows, 3, from {PAST + 4} to {PAST + 7}" in words, words


def test_ids_past_2_53_whose_doubles_differ_break_by_their_exact_distances(data_dir):
    # 2**53+1 and 2**53+3, 2 apart, are 2**53 and 2**53+4 as doubles, 4 apart: no gap of more than 3.
    client = site_holding(data_dir, {"apart": "id,v\n" + "".join(f"{PAST + k},{k}\n" for k in (1, 3, 1007))})
    svg = drawn(client, "/plot/apart.svg?x=id&y=v&gap=3")
    words = described(svg)
    assert f"the line breaks at 1 gap of more than 3 between its rows, 1004, from {PAST + 3} to {PAST + 1007}" in words, words
    assert pieces(svg) == 2
