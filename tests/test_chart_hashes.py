"""Every sample chart's SVG bytes, pinned by SHA-256: any change to any chart shows up here.

Chart bytes depend only on the data and the spec, so a hash per URL catches a change exactly, in
milliseconds and without a browser. When a change is intended, refresh the file with
`python -m pytest tests/test_chart_hashes.py --update-hashes` and commit it with the change.
"""
from __future__ import annotations

import hashlib
import json
import os
from pathlib import Path

import pytest

HASH_FILE = Path(__file__).with_name("chart_hashes.json")
SEED_URLS = ["/animal.svg?type=Bear", "/animal.svg?type=Deer", "/animal.svg?type=Wolf",
             "/animal.svg?type=Bear&theme=dark&text=path"]
# A value axis on a log scale: a line of rainy days (its dry ones left out) and bars across one.
LOG_SCALE_URLS = ["/plot/weather.svg?y=rainfall_mm&yscale=log&xmin=2025-06-01",
                  "/plot/animals.svg?kind=barh&yscale=log"]


def chart_urls(app) -> list[str]:
    """The SVG URL of every chart of every sample dashboard, charts on a log scale, and the first
    version's URLs."""
    dashboards = app.extensions["svgplots"].dashboards
    urls = [f"/d/{name}/{chart.id}.svg" for name, board in dashboards.items() for chart in board.charts]
    dark = [url + "&theme=dark" if "?" in url else url + "?theme=dark" for url in urls[:2]]
    return urls + dark + LOG_SCALE_URLS + SEED_URLS


def current_hashes(app) -> dict[str, str]:
    client = app.test_client()
    hashes = {}
    for url in chart_urls(app):
        response = client.get(url)
        assert response.status_code == 200, (url, response.data[:300])
        hashes[url] = hashlib.sha256(response.data).hexdigest()
    return hashes


def test_every_sample_chart_has_its_pinned_bytes(app, request):
    actual = current_hashes(app)
    if request.config.getoption("--update-hashes"):
        if os.environ.get("CI"):
            pytest.fail("--update-hashes is refused when CI is set: pinned hashes are refreshed by a person, "
                        "reviewed and committed, never by a CI run")
        HASH_FILE.write_text(json.dumps(actual, indent=1) + "\n")
    expected = json.loads(HASH_FILE.read_text())
    changed = sorted(url for url in actual if expected.get(url) != actual[url])
    missing = sorted(set(expected) - set(actual))
    assert not changed and not missing, (
        f"charts whose bytes changed: {changed}; charts gone: {missing}. If intended, run "
        "`python -m pytest tests/test_chart_hashes.py --update-hashes` and commit tests/chart_hashes.json"
    )
