"""The front page's ETag changes whenever its bytes do: a revalidation after a dashboard file or a
source's entry changed, on a site started again over the same data, is the new page, not a 304."""
from __future__ import annotations

import shutil
from collections.abc import Callable
from pathlib import Path

import pytest

from app import create_app
from app.config import DEFAULT_DASHBOARD_DIR
from tests.source_data import orders_frame, sources_toml, write_sqlite

ANIMALS_TITLE = 'title = "Animal sightings"'


def _last_chart_dropped(text: str) -> str:
    """animals.toml without its last chart."""
    return text[:text.rindex("[[charts]]")]


# Edits of animals.toml, each changing what its card shows: (what the new page holds, the edit).
EDITS: dict[str, tuple[str, Callable[[str], str]]] = {
    "title": ("Animals seen", lambda text: text.replace(ANIMALS_TITLE, 'title = "Animals seen"', 1)),
    "description": ("Counted by rangers.", lambda text: text.replace(
        'description = "Bears, deer and wolves seen in the park each year, 2010–2021."',
        'description = "Counted by rangers."', 1)),
    "chart count": ("4 charts", _last_chart_dropped),
    # The first chart is the card's thumbnail: its URL and alt text name what it draws.
    "first chart's kind": ("Bar chart", lambda text: text.replace('kind = "line"', 'kind = "bar"', 1)),
}


@pytest.fixture
def site(tmp_path: Path, closing) -> Callable[..., object]:
    """`site(**settings)`: a test client of a new app over one data folder and a copy of the site's
    dashboards, as a restart makes it (nothing kept in memory)."""
    data = tmp_path / "data"
    data.mkdir()

    def make(**settings):
        config = {"TESTING": True, "DATA_DIR": str(data), "RENDER_WORKERS": 0, **settings}
        return closing(create_app(config)).test_client()

    return make


def _revalidated(before, after) -> tuple[str, object]:
    """The front page of `before`, its ETag as sent, and `after`'s answer to a revalidation naming it."""
    etag = before.get("/").headers["ETag"]
    return etag, after.get("/", headers={"If-None-Match": etag})


@pytest.mark.parametrize("edit", EDITS, ids=list(EDITS))
def test_a_changed_dashboard_file_is_the_new_page_after_a_restart(site, tmp_path, edit):
    boards = tmp_path / "dashboards"
    shutil.copytree(DEFAULT_DASHBOARD_DIR, boards)
    before = site(DASHBOARD_DIRS=[str(boards)])
    shown, change = EDITS[edit]
    assert shown not in before.get("/").get_data(as_text=True)
    animals = boards / "animals.toml"
    animals.write_text(change(animals.read_text(encoding="utf-8")), encoding="utf-8")
    etag, answer = _revalidated(before, site(DASHBOARD_DIRS=[str(boards)]))
    assert answer.status_code == 200
    assert shown in answer.get_data(as_text=True)
    assert answer.headers["ETag"] != etag


def test_the_unchanged_page_is_a_304_after_a_restart(site, tmp_path):
    boards = tmp_path / "dashboards"
    shutil.copytree(DEFAULT_DASHBOARD_DIR, boards)
    etag, answer = _revalidated(site(DASHBOARD_DIRS=[str(boards)]), site(DASHBOARD_DIRS=[str(boards)]))
    assert (answer.status_code, answer.headers["ETag"], answer.data) == (304, etag, b"")


def test_a_source_datasets_new_title_is_the_new_page_after_a_restart(site, tmp_path):
    url = write_sqlite(tmp_path / "shop.db", {"orders": orders_frame()})
    sources = tmp_path / "sources.toml"

    def entry(title: str) -> Path:
        return sources_toml(sources, {"db": {"url": url}}, {"orders": {"source": "db", "table": "orders", "title": title}})
    entry("Orders of the shop")
    before = site(SOURCES=str(sources))
    assert "Orders of the shop" in before.get("/").get_data(as_text=True)
    entry("Orders by region")
    etag, answer = _revalidated(before, site(SOURCES=str(sources)))
    assert answer.status_code == 200
    assert "Orders by region" in answer.get_data(as_text=True)
    assert answer.headers["ETag"] != etag
