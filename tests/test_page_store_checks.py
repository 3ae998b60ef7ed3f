"""A page's charts of a stored dataset whose rows are kept in memory ask the database whether it
answers once for the page, not once for each chart: a dashboard of six charts of it opens as many
transactions as a dashboard of one; while the database cannot be reached, each chart still says so."""
from __future__ import annotations

import pytest

from app.store import StoreUnavailable
from app.store.sql_connection import SqlConnection
from tests.conftest import created, writable_app

ROWS = ("t,station,v\n2026-11-01T00:00:00,North,1\n2026-11-02T00:00:00,South,2\n"
        "2026-11-03T00:00:00,North,3\n2026-11-04T00:00:00,South,4\n")


def _board(charts: int) -> str:
    """A dashboard of `charts` line charts of `readings`, each a title of its own, over a range."""
    head = 'title = "Board"\ntime_column = "t"\nfrom = 2026-11-01\n'
    return head + "".join(f'[[charts]]\nid = "c{n}"\ndataset = "readings"\nkind = "line"\nx = "t"\ny = ["v"]\n'
                          f'title = "Chart {n}"\n' for n in range(charts))


@pytest.fixture
def site(tmp_path):
    """A site storing `readings`, with dashboard `one` of one chart of it and `six` of six."""
    boards = tmp_path / "boards"
    boards.mkdir()
    (boards / "one.toml").write_text(_board(1), encoding="utf-8")
    (boards / "six.toml").write_text(_board(6), encoding="utf-8")
    maker = writable_app(tmp_path)
    created(maker.test_client(), "readings", ROWS)  # before the dashboards are loaded, which name it
    maker.extensions["svgplots"].store.close()
    app = writable_app(tmp_path, DASHBOARD_DIRS=[str(boards)], RENDER_WORKERS=0)
    yield app
    app.extensions["svgplots"].store.close()


def _transactions(monkeypatch) -> list[bool]:
    """The transactions the store opens from now on, each noted as it opens."""
    opened: list[bool] = []
    transaction = SqlConnection._transaction
    monkeypatch.setattr(SqlConnection, "_transaction",
                        lambda store, *args, **kwargs: opened.append(True) or transaction(store, *args, **kwargs))
    return opened


def test_a_dashboard_s_charts_of_rows_kept_in_memory_ask_the_database_once(site, monkeypatch):
    client = site.test_client()
    for board in ("one", "six"):
        assert client.get(f"/d/{board}").status_code == 200  # the rows read, and kept at their version
    opened = _transactions(monkeypatch)
    counts = {}
    for board in ("one", "six"):
        opened.clear()
        # Another range: the charts' words are worked out again, from the rows kept.
        page = client.get(f"/d/{board}?from=2026-11-02")
        assert page.status_code == 200 and b"cannot be drawn" not in page.data
        counts[board] = len(opened)
    assert counts["six"] == counts["one"], counts


def test_while_the_database_cannot_be_reached_each_chart_of_rows_kept_says_so(site, monkeypatch):
    client = site.test_client()
    assert client.get("/d/six").status_code == 200  # the rows read, and kept at their version

    def unreachable(store, *args, **kwargs):
        raise StoreUnavailable("the dataset database cannot be reached")

    monkeypatch.setattr(SqlConnection, "_transaction", unreachable)
    page = client.get("/d/six?from=2026-11-02")
    assert page.status_code == 200
    assert page.get_data(as_text=True).count("This chart cannot be drawn: the dataset database cannot be reached") == 6
