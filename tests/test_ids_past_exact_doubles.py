"""An x column of whole numbers a few apart past 2**53, which doubles cannot tell apart, is drawn
counted from its least value, its ticks labelled from it as matplotlib's offset text labels them:
ids 9007199254740993, …995 and …997 stood on one vertical line, all 9007199254740992.0 as doubles. A line's
or a scatter's values of such whole numbers, or ones too close together to draw, are counted so up the side."""
from __future__ import annotations

import re
import xml.etree.ElementTree as ET

import pytest

from tests.conftest import created, writable_app

IDS = "id,v\n9007199254740993,1\n9007199254740995,3\n9007199254740997,2\n"


@pytest.fixture
def client(data_dir):
    return writable_app(data_dir).test_client()


def texts(svg: str) -> list[str]:
    """The texts an SVG writes, in order."""
    return ["".join(node.itertext()) for node in ET.fromstring(svg).iter("{http://www.w3.org/2000/svg}text")]


@pytest.mark.parametrize("kind", ["line", "scatter"])
def test_ids_past_2_53_are_drawn_apart_counted_from_the_least(client, kind):
    created(client, "ids", IDS)
    answer = client.get(f"/plot/ids.svg?x=id&y=v&kind={kind}")
    assert answer.status_code == 200
    svg = answer.get_data(as_text=True)
    shown = texts(svg)
    assert "+9007199254740993" in shown
    assert "1e15" not in shown and "0" in shown and "4" in shown
    # The alt text names the ids as they are.
    assert "id from 9007199254740993 to 9007199254740997" in svg


def test_ids_past_2_53_are_drawn_as_one_line_through_three_places(client):
    created(client, "ids", IDS)
    svg = client.get("/plot/ids.svg?x=id&y=v&kind=line").get_data(as_text=True)
    # The line, its three points "M x y L x y L x y" (a vertical line's xs were one).
    [line] = [path for path in re.findall(r'<path[^>]* d="(M[^"]*)"', svg)
              if re.fullmatch(r"M[\d.]+ [\d.]+(L[\d.]+ [\d.]+){2}", path)]
    assert len({point.split()[0] for point in re.split("[ML]", line)[1:]}) == 3


def test_whole_numbers_a_double_tells_apart_are_drawn_as_before(client):
    created(client, "wide", "id,v\n9007199254740992,1\n9007199254750992,3\n")
    svg = client.get("/plot/wide.svg?x=id&y=v&kind=line").get_data(as_text=True)
    assert "+9007199254740992" not in texts(svg)


def test_an_x_bound_past_2_53_is_counted_from_the_least_id_exactly(client):
    created(client, "ids", IDS)
    svg = client.get("/plot/ids.svg?x=id&y=v&kind=scatter&xmin=9007199254740994").get_data(as_text=True)
    # Counted from the least id the bound keeps, …995: the first x tick is the bound, 1 before it
    # (2 before it where the bound was taken less the id as doubles, …996.0 less …996.0).
    shown = texts(svg)
    assert shown[0] == "\u22121" and "+9007199254740995" in shown


def test_ids_drawn_along_both_axes_are_labelled_as_they_are_on_both(client):
    # Counted from the least id along x, the one column moved down the side too, whose labels
    # read 0 to 4 with nothing to say they counted from it.
    created(client, "ids", IDS)
    shown = texts(client.get("/plot/ids.svg?x=id&y=id&kind=scatter").get_data(as_text=True))
    assert "+9007199254740993" not in shown and shown.count("1e15") == 2


VALUES = "x,y\n1,12000000000000001\n2,12000000000000003\n3,12000000000000007\n"


@pytest.mark.parametrize("kind", ["line", "scatter"])
def test_values_past_2_53_a_few_apart_are_drawn_counted_from_the_least(client, kind):
    # matplotlib took them for one value and drew the axis around it, 1.14 to 1.26 under "1e16".
    created(client, "big", VALUES)
    shown = texts(client.get(f"/plot/big.svg?x=x&y=y&kind={kind}").get_data(as_text=True))
    assert "+12000000000000001" in shown and "1e16" not in shown
    assert {"0", "2", "4", "6"} <= set(shown)


def test_bars_of_values_past_2_53_stand_from_zero_as_before(client):
    created(client, "big", VALUES)
    shown = texts(client.get("/plot/big.svg?x=x&y=y&kind=bar").get_data(as_text=True))
    assert "+12000000000000001" not in shown and "1e16" in shown


@pytest.mark.parametrize("far", ["ymin=0", "yline=0"])
def test_values_past_2_53_with_a_bound_or_a_line_far_off_are_drawn_as_they_are(client, far):
    # A yline at 0 kept the offset and drew ticks −1.2 to 0.0 under "1e16+12000000000000001".
    created(client, "big", VALUES)
    shown = texts(client.get(f"/plot/big.svg?x=x&y=y&{far}").get_data(as_text=True))
    assert "1e16" in shown and not any("+12000000000000001" in text for text in shown)
    assert {"0.0", "1.2"} <= set(shown) and "−1.2" not in shown


def test_values_past_2_53_with_a_line_among_them_are_drawn_counted_from_the_least(client):
    created(client, "big", VALUES)
    shown = texts(client.get("/plot/big.svg?x=x&y=y&yline=12000000000000004").get_data(as_text=True))
    assert "+12000000000000001" in shown and "1e16" not in shown
