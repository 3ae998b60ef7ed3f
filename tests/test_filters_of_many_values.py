"""A filter on a source dataset's column of more values than its database gives takes any of them."""
from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from app import create_app
from tests.source_data import CODES_BOARD, sources_toml, write_sqlite

# One code more than the database gives at SOURCE_MAX_ROWS=100, the least the site takes.
CODES = pd.DataFrame({"code": [f"c{i:03d}" for i in range(101)], "n": list(range(101))})


@pytest.fixture
def client(tmp_path: Path):
    """A site whose `codes` source dataset holds 101 codes, of which its database gives at most 100."""
    url = write_sqlite(tmp_path / "shop.db", {"codes": CODES})
    sources = sources_toml(tmp_path / "sources.toml", {"shop": {"url": url}},
                           {"codes": {"source": "shop", "table": "codes"}})
    (tmp_path / "data").mkdir()
    (tmp_path / "boards").mkdir()
    (tmp_path / "boards" / "codes.toml").write_text(CODES_BOARD)
    return create_app({"TESTING": True, "DATA_DIR": str(tmp_path / "data"), "SOURCES": str(sources),
                       "DASHBOARD_DIRS": [str(tmp_path / "boards")], "RENDER_WORKERS": 0,
                       "SOURCE_MAX_ROWS": 100}).test_client()


@pytest.mark.parametrize("url", ["/plot/codes.json?x=code&kind=bar&y=n&", "/d/codes/bars.json?"])
@pytest.mark.parametrize("code", ["c000", "c100"])
def test_a_value_beyond_those_the_database_gives_is_filtered_by_not_refused(client, url, code):
    response = client.get(f"{url}filter.code={code}")
    assert response.status_code == 200, response.get_json()
    assert response.get_json()["rows"] == [[code, int(code[1:])]]


def test_a_value_no_row_holds_then_draws_no_rows(client):
    assert client.get("/plot/codes.json?x=code&kind=bar&y=n&filter.code=nowhere").get_json()["rows"] == []
