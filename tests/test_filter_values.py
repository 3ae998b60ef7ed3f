"""A filter chooses any value its column holds: a long one, one with a bidirectional or control
character, as a stored dataset, a data-folder file or a dashboard holds them."""
from __future__ import annotations

import re
from urllib.parse import quote

import pytest

from app import create_app

from conftest import created, writable_app

LONG = "Station " + "x" * 242  # 250 characters
ODD = ["a\u202eb", "c\x07d"]  # a right-to-left override, a bell


def test_a_stored_value_of_250_characters_is_chosen(data_dir):
    client = writable_app(data_dir, RENDER_WORKERS=0).test_client()
    created(client, "lf", f"d,site,v\n2024-01-01,{LONG},1\n2024-01-02,{LONG},2\n2024-01-01,short,3\n")
    answer = client.get(f"/plot/lf.json?filter.site={quote(LONG)}")
    assert answer.status_code == 200, answer.get_data(as_text=True)
    assert [row[1] for row in answer.get_json()["rows"]] == [1, 2]
    assert client.get(f"/plot/lf.svg?filter.site={quote(LONG)}").status_code == 200


@pytest.fixture
def odd_site(data_dir):
    (data_dir / "cvx.csv").write_text(f"d,site,v\n2024-01-01,{ODD[0]},1\n2024-01-02,{ODD[1]},2\n"
                                      f"2024-01-03,{LONG},3\n2024-01-04,plain,4\n", encoding="utf-8")
    boards = data_dir.parent / "boards"
    boards.mkdir()
    (boards / "cv.toml").write_text('title = "CV"\n[[filters]]\ncolumn = "site"\n[[charts]]\nid = "c"\n'
                                    'dataset = "cvx"\ny = ["v"]\n')
    return create_app({"TESTING": True, "DATA_DIR": str(data_dir), "DASHBOARD_DIRS": [str(boards)],
                       "RENDER_WORKERS": 0})


@pytest.mark.parametrize("value, v", [(ODD[0], 1), (ODD[1], 2), (LONG, 3)])
def test_a_data_folder_value_with_any_character_is_chosen(odd_site, value, v):
    client = odd_site.test_client()
    answer = client.get(f"/plot/cvx.json?filter.site={quote(value)}")
    assert answer.status_code == 200, answer.get_data(as_text=True)
    assert [row[1] for row in answer.get_json()["rows"]] == [v]


def test_a_dashboard_offers_only_values_it_then_draws(odd_site):
    client = odd_site.test_client()
    page = client.get("/d/cv").get_data(as_text=True)
    options = re.findall(r'<option value="([^"]*)"', page)
    assert len([option for option in options if option]) == 4  # every value, "All" aside
    for value in [*ODD, LONG]:
        chosen = client.get(f"/d/cv?filter.site={quote(value)}")
        assert chosen.status_code == 200, chosen.get_data(as_text=True)
        assert "Not applied" not in chosen.get_data(as_text=True)
        for url in (f"/d/cv/c.svg?filter.site={quote(value)}", f"/d/cv.pdf?filter.site={quote(value)}"):
            assert client.get(url).status_code == 200, url


def test_a_chosen_value_is_shown_with_its_hidden_characters_escaped(odd_site):
    page = odd_site.test_client().get(f"/d/cv?filter.site={quote(ODD[0])}").get_data(as_text=True)
    assert "\u202e" not in page.split("<select", 1)[0] + page.rsplit("</select>", 1)[-1]
    assert "a\\u202eb" in page
