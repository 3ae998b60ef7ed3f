"""Where no write token is configured, the upload and append forms say up front that writes are turned
off, rather than letting a visitor fill one in to be told so by its 403."""
from __future__ import annotations

import io
import re

import pytest

from tests.conftest import WRITE_TOKEN, writable_app
from tests.sample_store import app_on_samples

FORMS = ["/upload", "/datasets/animals/append"]
OFF = ("Writes are turned off: no write token is configured; set SVGPLOTS_WRITE_TOKENS or WRITE_TOKENS. "
       "This form is refused whatever it sends.")


@pytest.fixture
def read_only(data_dir, monkeypatch):
    """A test client of the sample site with no write token configured."""
    monkeypatch.delenv("SVGPLOTS_WRITE_TOKENS", raising=False)
    app = app_on_samples({"TESTING": True, "DATA_DIR": str(data_dir)})
    assert not app.config["WRITE_TOKENS"]
    return app.test_client()


def notices(page: str) -> list[str]:
    return re.findall(r'<p class="error" id="writes-off">(.*?)</p>', page)


@pytest.mark.parametrize("url", FORMS)
def test_a_form_says_writes_are_off_where_no_token_is_configured(read_only, url):
    response = read_only.get(url)
    assert response.status_code == 200
    page = response.get_data(as_text=True)
    assert notices(page) == [OFF]
    assert re.search(r'<input type="password" name="token"[^>]* aria-describedby="writes-off"', page)


@pytest.mark.parametrize("url", FORMS)
def test_a_form_where_writes_are_on_says_nothing_of_it(data_dir, url):
    page = writable_app(data_dir).test_client().get(url).get_data(as_text=True)
    assert notices(page) == [] and "writes-off" not in page


@pytest.mark.parametrize("url", FORMS)
def test_the_refusal_of_a_form_sent_where_writes_are_off_says_it_once(read_only, url):
    csrf = re.search(r'name="csrf_token" value="([^"]+)"', read_only.get(url).get_data(as_text=True))[1]
    fields = {"csrf_token": csrf, "token": WRITE_TOKEN, "file": (io.BytesIO(b"year,Bear\n2030,1\n"), "a.csv")}
    if url == "/upload":
        fields["name"] = "more"
    response = read_only.post(url, data=fields, content_type="multipart/form-data")
    assert response.status_code == 403
    page = response.get_data(as_text=True)
    assert page.count("no write token is configured") == 1 and notices(page) == []
    # Its token field is described by no element the page does not hold.
    described = re.search(r'<input type="password" name="token"[^>]*?(?: aria-describedby="([^"]+)")?>', page)[1]
    assert described is None or all(f'id="{name}"' in page for name in described.split())


@pytest.mark.parametrize("url", FORMS)
def test_a_form_where_writes_are_off_says_no_more_of_where_a_token_comes_from(read_only, url):
    assert 'id="token-from"' not in read_only.get(url).get_data(as_text=True)
