"""A data-folder file that cannot be read, drawn by a dashboard, stops start-up with one line naming
the dashboard's file and chart, the dataset, the data file and why; in a request it is a 422."""
from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from app import DashboardError, create_app
from tests.conftest import ROOT

BOARD = 'title = "Shop"\n[[charts]]\nid = "sales"\ndataset = "bad"\ny = ["b"]\n'


@pytest.fixture
def folders(tmp_path: Path) -> tuple[Path, Path]:
    """A data folder holding bad.csv, whose values are separated by semicolons, and a folder of one
    dashboard, shop.toml, drawing it."""
    data, boards = tmp_path / "data", tmp_path / "boards"
    data.mkdir()
    boards.mkdir()
    (data / "bad.csv").write_text("a;b\n1;2\n")
    (boards / "shop.toml").write_text(BOARD)
    return data, boards


def test_an_unreadable_file_a_dashboard_draws_stops_start_up_naming_dashboard_chart_and_file(folders):
    data, boards = folders
    with pytest.raises(DashboardError) as caught:
        create_app({"TESTING": True, "DATA_DIR": str(data), "DASHBOARD_DIRS": [str(boards)], "RENDER_WORKERS": 0})
    assert str(caught.value) == (
        "shop.toml: chart 'sales': dataset: dataset 'bad' cannot be read as CSV: it separates values with "
        f"semicolons; save it with commas between values (the file {data / 'bad.csv'})")


def test_run_py_prints_one_line_for_an_unreadable_file_a_dashboard_draws(folders):
    data, boards = folders
    script = ("import sys, app.config as c; c.Config.DASHBOARD_DIRS = [sys.argv[1]];"
              "import run; sys.exit(run.main(['--port', '0', '--data-dir', sys.argv[2]]))")
    result = subprocess.run([sys.executable, "-c", script, str(boards), str(data)], cwd=ROOT, capture_output=True,
                            text=True, timeout=60)
    assert result.returncode == 1
    [line] = result.stderr.strip().splitlines()
    assert line.startswith("error: dashboard shop.toml: chart 'sales': dataset: dataset 'bad' cannot be read as CSV")
    assert line.endswith(f"(the file {data / 'bad.csv'})")


def test_a_folder_named_like_a_csv_file_is_a_422_naming_the_dataset(tmp_path: Path):
    data = tmp_path / "data"
    (data / "odd.csv").mkdir(parents=True)
    client = create_app({"TESTING": True, "DATA_DIR": str(data), "DASHBOARD_DIRS": [],
                         "RENDER_WORKERS": 0}).test_client()
    response = client.get("/datasets/odd.json")
    assert response.status_code == 422
    assert response.get_json()["error"].startswith("dataset 'odd' cannot be read: its file cannot be opened (")


def test_a_file_with_a_row_too_wide_is_a_422_naming_its_row_and_line(tmp_path: Path):
    data = tmp_path / "data"
    data.mkdir()
    (data / "wide.csv").write_text("a,b\n1,2\n1,2,3\n")
    client = create_app({"TESTING": True, "DATA_DIR": str(data), "DASHBOARD_DIRS": [],
                         "RENDER_WORKERS": 0}).test_client()
    response = client.get("/api/datasets/wide")
    assert response.status_code == 422
    assert response.get_json()["error"] == ("dataset 'wide' cannot be read as CSV: row 2 (line 3) has 3 values; the "
                                            "header has 2 columns: a, b")
