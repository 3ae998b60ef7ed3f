"""The data behind charts and the `run.py export` command: headers, rows, caching in production."""
from __future__ import annotations

import csv
import io
import subprocess
import sys
import xml.etree.ElementTree as ET

from app import create_app
from tests.conftest import ROOT

DATA_HEADERS = {
    "X-Content-Type-Options": "nosniff",
    "Content-Security-Policy": "default-src 'none'; frame-ancestors 'none'; sandbox",
    "Cross-Origin-Resource-Policy": "cross-origin",
    "Access-Control-Allow-Origin": "*",
}


def test_plot_csv_holds_exactly_the_rows_the_chart_draws(client):
    response = client.get("/plot/weather.csv?y=rainfall_mm&resample=year&agg=sum")
    assert response.status_code == 200
    assert response.headers["Content-Type"] == "text/csv; charset=utf-8"
    assert response.headers["Content-Disposition"] == 'inline; filename="weather.csv"'
    rows = list(csv.reader(io.StringIO(response.get_data(as_text=True))))
    drawn = client.get("/plot/weather.json?y=rainfall_mm&resample=year&agg=sum").get_json()
    assert rows[0] == drawn["columns"] == ["date", "rainfall_mm"]
    assert len(rows) - 1 == len(drawn["rows"]) == 30
    assert [row[0] for row in rows[1:]] == [row[0] for row in drawn["rows"]]


def test_csv_and_json_answers_carry_the_data_headers(client):
    for url in ("/plot/animals.csv", "/plot/animals.json", "/datasets/animals.csv", "/datasets/animals.json",
                "/d/animals/all.csv", "/d/animals/all.json"):
        headers = client.get(url).headers
        for name, value in DATA_HEADERS.items():
            assert headers[name] == value, (url, name)
        assert "Set-Cookie" not in headers


def test_production_lets_caches_keep_an_unversioned_chart_for_a_minute(data_dir, monkeypatch):
    monkeypatch.setenv("SVGPLOTS_ENV", "production")
    client = create_app({"DATA_DIR": str(data_dir), "RENDER_WORKERS": 0}).test_client()
    assert client.get("/d/animals/all.svg").headers["Cache-Control"] == "public, max-age=60, must-revalidate"
    src = client.get("/d/animals/versions.json").get_json()["charts"]["all"]["src"]  # as the page has it
    pinned = client.get(src).headers["Cache-Control"]
    assert pinned == "public, max-age=31536000, immutable"


def test_development_makes_caches_revalidate_an_unversioned_chart(client):
    assert client.get("/d/animals/all.svg").headers["Cache-Control"] == "public, no-cache"


def test_run_py_export_writes_every_dashboard_chart_as_the_site_serves_it(app, data_dir, tmp_path):
    out = tmp_path / "export"
    done = subprocess.run([sys.executable, "run.py", "export", "--out", str(out), "--data-dir", str(data_dir)],
                          cwd=ROOT, capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr
    client = app.test_client()
    expected = [(name, chart.id) for name, board in app.extensions["svgplots"].dashboards.items()
                for chart in board.charts]
    written = sorted(p.relative_to(out).as_posix() for p in out.rglob("*.svg"))
    assert written == sorted(f"{name}/{chart}.svg" for name, chart in expected)
    for name, chart in expected:
        body = (out / name / f"{chart}.svg").read_bytes()
        assert ET.fromstring(body).tag.endswith("svg")
        assert body == client.get(f"/d/{name}/{chart}.svg").data
    assert done.stdout.count("200 ") == len(expected)
