"""A dashboard's first view: its charts of a stored dataset whose rows are kept in memory ask the
database whether it answers once for the page, not once for each chart (a dashboard of six charts of
it opens as many transactions as a dashboard of one; while the database cannot be reached, each
chart still says so), and charts of the same rows that differ by their titles alone shape those rows
and say them once, each chart's words then its own title's."""
from __future__ import annotations

import re
from pathlib import Path

import pytest

from app.store import StoreUnavailable
from app.views import chart_alt
from app.store.sql_connection import SqlConnection
from tests.conftest import created, writable_app
from tests.test_alt_and_embeds import alt_texts

ROWS = ("t,station,v\n2026-11-01T00:00:00,North,1\n2026-11-02T00:00:00,South,2\n"
        "2026-11-03T00:00:00,North,3\n2026-11-04T00:00:00,South,4\n")


def _board(charts: int, titles: tuple[str, ...] = ()) -> str:
    """A dashboard of `charts` line charts of `readings`, each a title of its own (of `titles`, or
    "Chart 0" …), over a range."""
    head = 'title = "Board"\ntime_column = "t"\nfrom = 2026-11-01\n'
    titles = titles or tuple(f"Chart {n}" for n in range(charts))
    return head + "".join(f'[[charts]]\nid = "c{n}"\ndataset = "readings"\nkind = "line"\nx = "t"\ny = ["v"]\n'
                          f'title = "{title}"\n' for n, title in enumerate(titles))


@pytest.fixture
def site(tmp_path):
    """A site storing `readings`, with dashboard `one` of one chart of it and `six` of six."""
    boards = tmp_path / "boards"
    boards.mkdir()
    (boards / "one.toml").write_text(_board(1), encoding="utf-8")
    (boards / "six.toml").write_text(_board(6), encoding="utf-8")
    (boards / "titled.toml").write_text(_board(3, TITLES), encoding="utf-8")
    maker = writable_app(tmp_path)
    created(maker.test_client(), "readings", ROWS)  # before the dashboards are loaded, which name it
    maker.extensions["svgplots"].store.close()
    app = writable_app(tmp_path, DASHBOARD_DIRS=[str(boards)], RENDER_WORKERS=0)
    yield app
    app.extensions["svgplots"].store.close()


# Three titles of one chart, the second of characters the PNG and PDF draw as boxes.
TITLES = ("Chart 0", "天気 1", "Chart 2")


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


def test_a_dashboard_s_charts_of_two_datasets_of_rows_kept_in_memory_ask_the_database_as_one_dataset_s(
        tmp_path, monkeypatch):
    # The store found answering once a page, not once a dataset: the charts of the second dataset's rows
    # kept in memory are given without a transaction of their own.
    boards = tmp_path / "boards"
    boards.mkdir()
    (boards / "one.toml").write_text(_board(1), encoding="utf-8")
    (boards / "two.toml").write_text(_board(1) + _board(1).split("\n", 3)[3].replace('"c0"', '"c1"')
                                     .replace('"readings"', '"gauges"'), encoding="utf-8")
    maker = writable_app(tmp_path)
    for name in ("readings", "gauges"):
        created(maker.test_client(), name, ROWS)
    maker.extensions["svgplots"].store.close()
    app = writable_app(tmp_path, DASHBOARD_DIRS=[str(boards)], RENDER_WORKERS=0)
    client = app.test_client()
    try:
        for board in ("one", "two"):
            assert client.get(f"/d/{board}").status_code == 200  # the rows read, and kept at their version
        opened = _transactions(monkeypatch)
        counts = {}
        for board, day in (("one", 2), ("two", 3)):
            opened.clear()
            # Another range, each board its own: no chart's words are kept, each worked out from the rows kept.
            page = client.get(f"/d/{board}?from=2026-11-0{day}")
            assert page.status_code == 200 and b"cannot be drawn" not in page.data
            assert page.data.count(b' data-chart="') == {"one": 1, "two": 2}[board]
            counts[board] = len(opened)
        assert counts["two"] == counts["one"], counts
    finally:
        app.extensions["svgplots"].store.close()


def test_while_the_database_cannot_be_reached_each_chart_of_rows_kept_says_so(site, monkeypatch):
    client = site.test_client()
    assert client.get("/d/six").status_code == 200  # the rows read, and kept at their version

    def unreachable(store, *args, **kwargs):
        raise StoreUnavailable("the dataset database cannot be reached")

    monkeypatch.setattr(SqlConnection, "_transaction", unreachable)
    page = client.get("/d/six?from=2026-11-02")
    assert page.status_code == 200
    assert page.get_data(as_text=True).count("This chart cannot be drawn: the dataset database cannot be reached") == 6


def _boxed_said(page: str) -> str:
    """What a dashboard's page says beside its PDF report of the characters the report draws as boxes."""
    return re.search(r'PDF report</a>[^<]*<span class="note">([^<]*)</span>', page).group(1)


def test_charts_differing_by_their_titles_alone_shape_their_rows_once_each_saying_its_title(site, monkeypatch):
    shaped = []
    chart_frame = chart_alt.chart_frame
    monkeypatch.setattr(chart_alt, "chart_frame", lambda *args: shaped.append(args[0]) or chart_frame(*args))
    page = site.test_client().get("/d/titled").get_data(as_text=True)
    assert len(shaped) == 1
    alts = alt_texts(page)
    assert [alt.split(". ", 1)[0] for alt in alts] == list(TITLES)
    assert len({alt.split(". ", 1)[1] for alt in alts}) == 1  # the words of the rows, alike
    assert "天" in _boxed_said(page) and "気" in _boxed_said(page)
    # Each as a dashboard of that chart alone says it, on a site that shaped its rows for it alone.
    boards = Path(site.config["DASHBOARD_DIRS"][0])
    for at, title in enumerate(TITLES):
        (boards / f"alone{at}.toml").write_text(_board(1, (title,)), encoding="utf-8")
    alone = writable_app(Path(site.config["DATA_DIR"]), DASHBOARD_DIRS=[str(boards)], RENDER_WORKERS=0)
    try:
        for at, alt in enumerate(alts):
            answer = alone.test_client().get(f"/d/alone{at}").get_data(as_text=True)
            assert alt_texts(answer) == [alt]
        assert _boxed_said(alone.test_client().get("/d/alone1").get_data(as_text=True)) == _boxed_said(page)
    finally:
        alone.extensions["svgplots"].store.close()
