"""The append form's "Added N rows." notice is shown to the browser that appended, once, and
never made by a link."""
from __future__ import annotations

import re

import pytest

from tests.conftest import WRITE_TOKEN, writable_app

ROWS = "year,Bear,Deer,Wolf\n2022,1,2,3\n2023,4,5,6\n"


@pytest.fixture
def app(data_dir, store_url, closing):
    """A writable app on a fresh database of each backend."""
    return closing(writable_app(data_dir, DATABASE_URL=store_url))


def notice(response) -> str | None:
    found = re.search(r'<p class="lead" role="status"[^>]*><strong>(.*?)</strong>', response.get_data(as_text=True))
    return found[1] if found else None


def append_by_form(client, name: str = "animals"):
    form = client.get(f"/datasets/{name}/append")
    csrf = re.search(r'name="csrf_token" value="([^"]+)"', form.get_data(as_text=True))[1]
    return client.post(f"/datasets/{name}/append", data={"csrf_token": csrf, "token": WRITE_TOKEN, "rows": ROWS})


def test_a_link_with_added_in_its_url_shows_no_notice(client):
    for query in ("?added=2", "?added=1000000", "?added=1"):
        response = client.get(f"/datasets/animals{query}")
        assert response.status_code == 200 and notice(response) is None, query


def test_the_notice_is_shown_once_after_an_append_by_the_form(client):
    response = append_by_form(client)
    assert response.status_code == 303 and response.headers["Location"] == "/datasets/animals"
    cookie = response.headers["Set-Cookie"]
    assert "Path=/datasets/animals" in cookie and "HttpOnly" in cookie and "SameSite=Strict" in cookie
    page = client.get("/datasets/animals")
    assert notice(page) == "Added 2 rows." and page.headers["Cache-Control"] == "no-store"
    assert notice(client.get("/datasets/animals")) is None


def test_the_notice_is_not_shown_by_another_browser_or_on_another_dataset(app, client):
    client.post("/api/datasets?name=bears", data="year,Bear\n2020,1\n",
                headers={"Authorization": f"Bearer {WRITE_TOKEN}", "Content-Type": "text/csv"})
    assert append_by_form(client).status_code == 303
    assert notice(app.test_client().get("/datasets/animals")) is None
    assert notice(client.get("/datasets/bears")) is None
    assert notice(client.get("/datasets/animals")) == "Added 2 rows."
