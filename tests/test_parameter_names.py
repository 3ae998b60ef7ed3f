"""A parameter's name holds no control character, tab or line break: one that does is refused saying
what a name may hold, apart from its value, which may hold tabs and line breaks."""
from __future__ import annotations

import html

import pytest

NAME_WORDS = ("a parameter's name holds printable characters only, no tab or line break (as a column's name: "
              "a filter.<column> names one), while its value may hold tabs and line breaks too")


@pytest.mark.parametrize(("query", "shown", "character"), [
    ("filter.nope%0D%0AX=1", r"filter.nope\r\nX", "the control character U+000D"),
    ("filter.a%09b=1", r"filter.a\tb", "the control character U+0009"),
    ("ti%0Atle=x", r"ti\ntle", "the control character U+000A"),
    ("filter.a%E2%80%AEb=1", r"filter.a\u202eb", "the bidirectional control U+202E (RIGHT-TO-LEFT OVERRIDE)"),
])
def test_a_name_with_a_control_character_is_refused_saying_what_a_name_holds(client, query, shown, character):
    response = client.get(f"/plot/stations.json?{query}")
    assert response.status_code == 400
    assert response.get_json()["error"] == f"the parameter name '{shown}' contains {character}; {NAME_WORDS}"


@pytest.mark.parametrize("url", ["/api/datasets", "/d/stations", "/d/stations/temperature.svg", "/datasets/stations",
                                 "/divide.json?numerator=1&denominator=2"])
def test_every_url_refuses_such_a_name_in_the_same_words(client, url):
    response = client.get(f"{url}{'&' if '?' in url else '?'}filter.x%0D=1")
    assert response.status_code == 400
    assert NAME_WORDS in html.unescape(response.get_data(as_text=True))


def test_a_value_may_hold_line_breaks_and_its_control_characters_are_refused_in_the_value_s_words(client):
    assert client.get("/plot/stations.json?title=a%0D%0Ab").status_code == 200
    refused = client.get("/plot/stations.json?title=a%01b")
    assert refused.status_code == 400
    assert refused.get_json()["error"] == ("title contains the control character U+0001; only printable text, tabs "
                                           "and line breaks are allowed")
