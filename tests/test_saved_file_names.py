"""A dataset, dashboard or chart may be named as Windows names a device (con, nul, aux, prn, com1,
lpt1): the file a download offers and `run.py export` writes is saved as `con_.csv`, which every
system can save, and the URL keeps its name."""
from __future__ import annotations

import os
import subprocess
import sys

import pytest

from app.responses import saved_file_name
from tests.conftest import CSV_WRITE, ROOT, writable_app


@pytest.mark.parametrize(("name", "saved"), [
    ("con.csv", "con_.csv"), ("NUL.pdf", "NUL_.pdf"), ("aux", "aux_"), ("com1.csv", "com1_.csv"),
    ("lpt9.pdf", "lpt9_.pdf"), ("prn.csv", "prn_.csv"),
    # Only the device's name itself: a longer name, or one going on past it, is an ordinary file's.
    ("com10.csv", "com10.csv"), ("console.csv", "console.csv"), ("aux_1.csv", "aux_1.csv"),
    ("nul-data.csv", "nul-data.csv"), ("animals.csv", "animals.csv"),
])
def test_a_device_name_is_saved_with_an_underscore_after_its_stem(name, saved):
    assert saved_file_name(name) == saved


@pytest.mark.parametrize(("url", "offered"), [
    ("/plot/con.csv", "con_.csv"), ("/plot/con.pdf", "con_.pdf"), ("/datasets/con.csv", "con_.csv"),
    ("/plot/animals.csv", "animals.csv"),
])
def test_a_download_of_a_dataset_named_con_is_offered_as_con_(data_dir, url, offered):
    client = writable_app(data_dir).test_client()
    assert client.post("/api/datasets?name=con", data="a,b\n1,2\n2,3\n", headers=CSV_WRITE).status_code == 201
    # The second answer comes from the cache, through the path that answers a hit ahead of Flask.
    for answer in (client.get(url), client.get(url)):
        assert answer.status_code == 200
        assert answer.headers["Content-Disposition"] == f'inline; filename="{offered}"'


def test_run_py_export_writes_a_dashboard_and_a_chart_named_as_devices_with_an_underscore(tmp_path, data_dir):
    boards = tmp_path / "boards"
    boards.mkdir()
    (boards / "aux.toml").write_text('[[charts]]\nid = "con"\ndataset = "animals"\n'
                                     '[[charts]]\nid = "bears"\ndataset = "animals"\n')
    out = tmp_path / "export"
    done = subprocess.run([sys.executable, str(ROOT / "run.py"), "export", "--data-dir", str(data_dir),
                           "--out", str(out)], env={**os.environ, "SVGPLOTS_DASHBOARD_DIRS": str(boards)},
                          capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr
    assert sorted(p.relative_to(out).as_posix() for p in out.rglob("*.svg")) == ["aux_/bears.svg", "aux_/con_.svg"]
