"""The site's own files (/static/*, /bears.svg) carry an ETag of their bytes: the same on every
machine and in every checkout, so that any cache shared by several instances can revalidate them."""
from __future__ import annotations

import shutil
from html import unescape

import pytest

from app.config import STATIC_DIR
from tests.conftest import site_on

FILES = ["/static/site.css", "/static/refresh.js", "/bears.svg"]


@pytest.mark.parametrize("url", FILES)
def test_a_static_file_has_one_etag_in_every_copy(two_copies, url):
    first, second = (client.get(url) for client in two_copies)
    assert first.status_code == second.status_code == 200
    assert first.data == second.data
    assert first.headers["ETag"] == second.headers["ETag"]
    # One copy's ETag revalidates at the other.
    assert two_copies[1].get(url, headers={"If-None-Match": first.headers["ETag"]}).status_code == 304


def test_a_changed_file_gets_another_etag(tmp_path, data_dir):
    folder = shutil.copytree(STATIC_DIR, tmp_path / "static")
    client = site_on(folder, data_dir)
    before = client.get("/static/site.css").headers["ETag"]
    (folder / "site.css").write_text("body { margin: 0; }\n")
    response = client.get("/static/site.css", headers={"If-None-Match": before})
    assert response.status_code == 200 and response.data == b"body { margin: 0; }\n"
    assert response.headers["ETag"] not in (before, "")


def test_a_missing_static_file_is_404(client):
    assert client.get("/static/nope.css").status_code == 404
    assert client.get("/static/../run.py").status_code == 404


def test_a_file_is_hashed_once_per_version(client, monkeypatch):
    from app.views import static_files

    hashed = []
    real = static_files.hashlib.sha256
    monkeypatch.setattr(static_files, "_etags", {})
    monkeypatch.setattr(static_files.hashlib, "sha256", lambda *a: hashed.append(1) or real(*a))
    etags = {client.get("/static/favicon.svg").headers["ETag"] for _ in range(3)}
    assert len(etags) == 1 and len(hashed) == 1


def test_a_missing_static_file_is_404_naming_the_files_there(client):
    response = client.get("/static/nope.css")
    assert response.status_code == 404
    assert ("no file 'nope.css' in /static/; the site's own files there are bears.svg, favicon.svg, "
            "form-reset.js, refresh-answers.js, refresh-clock.js, refresh-images.js, refresh-loads.js, refresh-outage.js, refresh-sources.js, refresh-waits.js, refresh-words.js, refresh.js, relative-range.js, site.css") in unescape(response.get_data(as_text=True))
