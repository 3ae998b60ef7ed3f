"""What earlier releases wrote still works after an upgrade: their dashboard files and the chart
URLs embedded from them."""
from __future__ import annotations

import pytest

from app import create_app


@pytest.fixture
def digit_first_client(tmp_path):
    """A site whose one dashboard, `2024`, has one chart, `1st`: names the releases before the store's
    naming rule took, a digit first."""
    folder = tmp_path / "boards"
    folder.mkdir()
    (folder / "2024.toml").write_text('[[charts]]\nid = "1st"\ndataset = "animals"\ny = ["Bear"]\n')
    return create_app({"TESTING": True, "DASHBOARD_DIRS": [str(folder)]}).test_client()


@pytest.mark.parametrize("url", ["/d/2024", "/d/2024/1st", "/d/2024/1st.svg", "/d/2024/1st.csv",
                                 "/d/2024/versions.json"])
def test_a_dashboard_and_a_chart_named_with_a_digit_first_start_and_serve_their_urls(digit_first_client, url):
    assert digit_first_client.get(url).status_code == 200


def test_a_dashboard_named_with_a_digit_first_is_linked_from_the_index(digit_first_client):
    assert 'href="/d/2024"' in digit_first_client.get("/").get_data(as_text=True)
