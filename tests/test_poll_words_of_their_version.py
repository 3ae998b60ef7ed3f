"""A dashboard's versions.json and page, and a dashboard chart's page, name with each chart's words
the data version those words describe: rows appended between the chart's look-up of its version and the read of its rows are in
the words, and the version and image URL beside them are that newer one's."""
from __future__ import annotations

import html
import re

from app.views import chart_alt
from tests.conftest import JSON_WRITE, writable_app

ROW = [{"year": 2022, "Bear": 30, "Deer": 171, "Wolf": 10}]


def appended_before_the_read(monkeypatch, client, reader=chart_alt) -> list[str]:
    """Once, an append to `animals` after a chart looked up its version and before `reader` (the module
    that reads them) reads its rows: the versions the append answered."""
    read, appended = reader.drawn_data, []

    def append_then_read(chart):
        if not appended:
            answer = client.post("/api/datasets/animals/rows", json=ROW, headers=JSON_WRITE)
            assert answer.status_code == 200, answer.get_data(as_text=True)
            appended.append(answer.get_json()["version"])
        return read(chart)

    monkeypatch.setattr(reader, "drawn_data", append_then_read)
    return appended


def test_a_poll_names_the_version_its_words_were_read_at(data_dir, monkeypatch):
    client = writable_app(data_dir, RENDER_WORKERS=0).test_client()
    before = client.get("/api/datasets/animals").get_json()["dataset"]["version"]
    appended = appended_before_the_read(monkeypatch, client)
    charts = client.get("/d/animals/versions.json").get_json()["charts"]
    assert appended
    for chart in charts.values():
        said = int(re.search(r"(\d+) rows", chart["alt"])[1])
        assert (chart["version"], said) in ((before, 12), (appended[0], 13)), chart
        assert f"v={chart['version']}_" in chart["src"]
    assert any(chart["version"] == appended[0] for chart in charts.values())


def test_a_chart_page_s_image_names_the_version_its_words_were_read_at(data_dir, monkeypatch):
    from app.views import charts
    client = writable_app(data_dir, RENDER_WORKERS=0).test_client()
    appended = appended_before_the_read(monkeypatch, client, charts)
    page = client.get("/d/animals/all").get_data(as_text=True)
    assert appended
    image = html.unescape(re.search(r'<img id="chart" [^>]+>', page)[0])
    assert "13 rows" in image
    assert f"v={appended[0]}_" in image
