"""An x bound past 2**53 is held as the double it rounds to, which chooses the rows (each id met as
the double it rounds to): `xmax=9007199254740995` is 9007199254740996, keeping the ids 9007199254740996
and 9007199254740997, which round to it. The chart writes that one bound wherever it writes its
bounds: its `.json`'s `spec`, its links and its page's form, which wrote `9007199254740996.0`."""
from __future__ import annotations

import html
import re

import pandas as pd
import pytest

from tests.conftest import CSV_WRITE, writable_app
from tests.source_data import write_tables

IDS = [1, 9007199254740993, 9007199254740995, 9007199254740996, 9007199254740997, 9007199254740999]
BOARD = '[[charts]]\nid = "c"\ndataset = "ids"\nx = "id"\ny = ["v"]\nkind = "scatter"\n'
# Each bound as the URL gives it, as it is written back, and the ids it keeps.
BOUNDS = [("xmax=9007199254740995", "xmax", "9007199254740996", IDS[:5]),
          ("xmin=9007199254740997", "xmin", "9007199254740996", IDS[2:]),
          ("xmax=9007199254740993", "xmax", "9007199254740992", IDS[:2])]


def boards(tmp_path):
    folder = tmp_path / "boards"
    folder.mkdir()
    (folder / "m.toml").write_text(BOARD, encoding="utf-8")
    return folder


@pytest.fixture(params=["frame", "database"])
def stored_site(request, data_dir, tmp_path):
    """A site whose dashboard `m` draws the stored dataset `ids`, its rows shaped in a frame, then by
    the store's database."""
    body = "id,v\n" + "".join(f"{i},{n}\n" for n, i in enumerate(IDS))
    written = writable_app(data_dir, RENDER_WORKERS=0).test_client().post("/api/datasets?name=ids", data=body,
                                                                          headers=CSV_WRITE)
    assert written.status_code == 201
    site = writable_app(data_dir, RENDER_WORKERS=0, DASHBOARD_DIRS=[str(boards(tmp_path))])
    site.extensions["svgplots"].store.database.pushdown_above_rows = 200_000 if request.param == "frame" else 0
    return site.test_client()


@pytest.fixture(params=["sqlite", "postgresql"])
def source_site(request, tmp_path, app_over):
    """A site whose dashboard `m` draws the source table `ids` (in SQLite, then PostgreSQL)."""
    url = write_tables(request, tmp_path / "ids.db", {"ids": pd.DataFrame({"id": IDS, "v": range(len(IDS))})})
    return app_over({"db": {"url": url}}, {"ids": {"source": "db", "table": "ids"}}, boards(tmp_path)).test_client()


def written_bounds(client, query: str, name: str) -> tuple[str, str, list[str], list]:
    """The bound `name` as a chart's page fills its form in, as its `.json` writes it in `spec` and
    as the page's links write it, and the ids of the chart's rows."""
    page = client.get(f"/d/m/c?{query}").get_data(as_text=True)
    [field] = re.findall(rf'<input name="{name}" value="([^"]*)">', page)
    links = sorted(set(re.findall(rf"[?&;]{name}=([^&\"\s)]*)", html.unescape(page))))
    data = client.get(f"/d/m/c.json?{query}").get_json()
    return html.unescape(field), data["spec"][name], links, [row[0] for row in data["rows"]]


@pytest.mark.parametrize(("query", "name", "written", "ids"), BOUNDS)
def test_a_stored_datasets_integer_bound_is_written_as_the_double_that_chooses_its_rows(stored_site, query, name,
                                                                                         written, ids):
    assert written_bounds(stored_site, query, name) == (written, written, [written], ids)


@pytest.mark.parametrize(("query", "name", "written", "ids"), BOUNDS)
def test_a_sources_integer_bound_is_written_as_the_double_that_chooses_its_rows(source_site, query, name, written,
                                                                                 ids):
    assert written_bounds(source_site, query, name) == (written, written, [written], ids)


def test_a_whole_bound_fills_the_form_in_as_its_links_write_it(stored_site):
    page = stored_site.get("/d/m/c?xmin=1000.0&ymax=1e3").get_data(as_text=True)
    assert '<input name="xmin" value="1000">' in page and '<input name="ymax" value="1000">' in page
