"""A dataset's page refuses its one parameter, `added`, given twice, as every page refuses a parameter
given twice, and writes its charts' alt text on one line, as the embed snippets do."""
from __future__ import annotations

import html
import re

import pytest


@pytest.mark.parametrize("query", ["added=1&added=2", "added=&added=", "added=2&added=2"])
def test_added_given_twice_is_a_400_naming_it_and_what_it_is(client, query):
    response = client.get(f"/datasets/animals?{query}")
    assert response.status_code == 400
    page = html.unescape(response.get_data(as_text=True))
    assert ("added was given 2 times; give it once: the number of rows an append added, which links made before "
            "the append form's notice came in a cookie carry (the page shows no notice for it)") in page


def test_added_given_once_is_still_taken(client):
    assert client.get("/datasets/animals?added=2").status_code == 200


def test_a_text_x_value_holding_a_line_break_is_written_on_one_line_in_the_alt_text(client, data_dir):
    (data_dir / "breaks.csv").write_text('name,v\na,1\n"x\ny",2\n"p\nq",3\n')
    page = client.get("/datasets/breaks").get_data(as_text=True)
    [alt] = [html.unescape(alt) for alt in re.findall(r'<img src="[^"]*" [^>]*alt="([^"]*)"', page)]
    assert alt == "Line chart of v by name, 3 rows. name from a to p q. last value: v 3, lowest 1 (a), highest 3 (p q)."
