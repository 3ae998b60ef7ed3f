"""A dashboard file's `top` above the bars a chart may draw (`LIMITS.max_categories`) is warned of as the file
is loaded: once per content of the file, again once it is edited, and not at each time the same content is
tried again while the dataset database cannot describe its datasets."""
from __future__ import annotations

import logging

from app.store import StoreUnavailable
from plots import Limits
from tests.test_dashboard_files_edited import ZOO, site

RANKED = ('title = "Rain"\n[[charts]]\nid = "wet"\ndataset = "weather"\nkind = "barh"\nx = "date"\n'
          'y = ["rainfall_mm"]\nresample = "month"\nagg = "sum"\nsort = "-value"\ntop = 10\n')
# A chart naming no dataset, whose refusal lists the datasets there are: the database, down, cannot list them.
UNNAMED = '[[charts]]\nid = "c"\ny = ["Bear"]\n'
WARNING = ("zoo.toml: chart 'wet': top = 10 is more than the 5 bars a chart may draw (LIMITS.max_categories): "
           "it draws the first 5")


def test_a_top_above_the_cap_is_warned_of_once_while_its_file_is_tried_again_and_again_once_edited(
        tmp_path, monkeypatch, caplog):
    client, folder = site(tmp_path, {"zoo.toml": ZOO}, LIMITS=Limits(max_categories=5))
    database = client.application.extensions["svgplots"].store.database

    def down(*args, **kwargs):
        raise StoreUnavailable("the dataset database cannot be reached")

    monkeypatch.setattr(database, "names", down)
    monkeypatch.setattr(database, "infos", down)
    caplog.set_level(logging.WARNING)
    files = client.application.extensions["svgplots.dashboard_files"]

    def warned() -> int:
        return [record.getMessage() for record in caplog.records].count(WARNING)

    (folder / "zoo.toml").write_text(RANKED + UNNAMED)
    for _ in range(3):  # tried again at each check, as its last chart cannot be checked
        assert files.check() is True and "Zoo before" in files.dashboards["zoo"].title
    assert warned() == 1
    (folder / "zoo.toml").write_text(RANKED.replace("Rain", "Rain edited") + UNNAMED)
    for _ in range(2):
        assert files.check() is True
    assert warned() == 2
