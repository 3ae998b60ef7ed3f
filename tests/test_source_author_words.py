"""What a sources file's author is told of a mistake in it: at start, and in every answer it makes
go wrong, each naming the entry and the field, never only the first answer."""
from __future__ import annotations

import logging
from pathlib import Path

import pytest

from app import create_app
from tests.source_data import sources_toml, weather_frame, write_sqlite

CANNOT_OPEN = "its SQLite file cannot be opened (check the file's path in the sources file"


@pytest.fixture
def app_over(tmp_path: Path, closing):
    """Make the app over `sources` and `datasets`, an SQLite file `shop.db` of the weather beside them."""
    write_sqlite(tmp_path / "shop.db", {"weather": weather_frame()})

    def make(sources: dict, datasets: dict):
        path = sources_toml(tmp_path / "sources.toml", sources, datasets)
        data = tmp_path / "data"
        data.mkdir(exist_ok=True)
        return closing(create_app({"TESTING": True, "DATA_DIR": str(data), "SOURCES": str(path),
                                   "RENDER_WORKERS": 0}))

    return make


def test_every_503_of_a_source_held_down_says_why_it_cannot_be_reached(app_over):
    # A page's request usually meets the failure first: the chart the author opens next must say it too.
    app = app_over({"gone": {"url": "sqlite:///missing.db"}}, {"w": {"source": "gone", "table": "weather"}})
    client = app.test_client()
    for attempt in range(3):
        response = client.get("/plot/w.json?y=temperature_c")
        assert response.status_code == 503, attempt
        error = response.get_json()["error"]
        assert f"the source 'gone' of dataset 'w' cannot be reached right now: {CANNOT_OPEN}" in error, attempt
        assert "missing.db" not in error


def test_start_warns_of_an_sqlite_source_whose_file_does_not_exist(app_over, caplog):
    with caplog.at_level(logging.WARNING, logger="app.store"):
        app_over({"gone": {"url": "sqlite:///missing.db"}, "shop": {"url": "sqlite:///shop.db"}},
                 {"w": {"source": "gone", "table": "weather"}, "v": {"source": "shop", "table": "weather"}})
    lines = [r.getMessage() for r in caplog.records if "does not exist" in r.getMessage()]
    assert len(lines) == 1
    assert "source 'gone'" in lines[0] and "missing.db" in lines[0] and "sources.toml" in lines[0]
