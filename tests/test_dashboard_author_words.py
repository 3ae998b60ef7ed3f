"""What a dashboard author reads: the folders named where dashboards are missing, values written as
TOML writes them, and which files of a dashboard folder are read."""
from __future__ import annotations

from pathlib import Path

import pytest

from app import DashboardError, create_app
from app.config import DEFAULT_DASHBOARD_DIR

GOOD_CHART = '[[charts]]\nid = "c"\ndataset = "animals"\ny = ["Bear"]\n'


def start(folders: list[Path], **settings):
    return create_app({"TESTING": True, "DASHBOARD_DIRS": [str(folder) for folder in folders], **settings})


def boards_folder(tmp_path: Path, files: dict[str, str] | None = None) -> Path:
    folder = tmp_path / "boards"
    folder.mkdir(exist_ok=True)
    for name, text in (files or {}).items():
        (folder / name).write_text(text)
    return folder


def refusal_of(tmp_path: Path, text: str) -> str:
    with pytest.raises(DashboardError) as caught:
        start([boards_folder(tmp_path, {"board.toml": text})])
    return str(caught.value)


def test_the_front_page_without_dashboards_names_the_folder_read(tmp_path):
    folder = boards_folder(tmp_path)
    page = start([folder]).test_client().get("/").get_data(as_text=True)
    assert f"No dashboards yet: add a TOML file to <code>{folder}/</code>." in page
    assert "site/dashboards/" not in page


def test_the_front_page_names_each_folder_read_the_project_s_own_by_its_relative_path(tmp_path):
    folder = boards_folder(tmp_path)
    empty = tmp_path / "more"
    empty.mkdir()
    page = start([folder, empty]).test_client().get("/").get_data(as_text=True)
    assert f"No dashboards yet: add a TOML file to <code>{folder}/</code> or <code>{empty}/</code>." in page
    assert "read from site/dashboards/ when" in start([DEFAULT_DASHBOARD_DIR]).test_client().get("/d/nope").get_data(
        as_text=True)


def test_an_unknown_dashboard_s_404_names_the_folders_read(tmp_path):
    folder = boards_folder(tmp_path)
    answer = start([folder]).test_client().get("/d/nope")
    assert answer.status_code == 404
    text = answer.get_data(as_text=True)
    assert "no dashboard &#39;nope&#39;; the dashboards are (none)" in text
    assert f"dashboard files are read from {folder}/ when the site starts: restart it after adding one" in text
