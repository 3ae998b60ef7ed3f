"""A dataset's rows URL (/datasets/<name>.json, .csv) carries a `v` in the form a chart URL's has, as
the API and the dataset's page write it: the data version and a digest of the store and release.
Only such a `v`, current, is cached for good; one ahead is not cached; a bare data version, as
the rows' URLs were once written, is answered as no version; any other form is a 400."""
from __future__ import annotations

import re
from html import unescape
from urllib.parse import parse_qs, urlsplit

import pytest

from app.query_parameters import dataset_version_takes
from tests.conftest import writable_app
from tests.test_chart_url_versions import FIRST_ROWS, IMMUTABLE, MAX_AGE, NOT_CACHED, OTHER_ROWS, UNVERSIONED, \
    across_a_wipe, upload_sales

FORMATS = ["json", "csv"]


@pytest.fixture
def client(data_dir, tmp_path):
    return writable_app(data_dir, DATABASE_URL=f"sqlite:///{tmp_path / 'store.sqlite'}",
                        CHART_MAX_AGE=MAX_AGE).test_client()


def api_rows_url(client, name: str, fmt: str) -> str:
    return client.get(f"/api/datasets/{name}").get_json()["dataset"][fmt]


def v_of(url: str) -> str:
    return parse_qs(urlsplit(url).query)["v"][0]


@pytest.mark.parametrize("fmt", FORMATS)
def test_the_api_and_the_page_write_the_rows_url_with_a_chart_s_v_kept_for_good(client, fmt):
    version = upload_sales(client, FIRST_ROWS)
    url = api_rows_url(client, "sales", fmt)
    assert re.fullmatch(rf"{version}_[0-9a-f]{{8}}", v_of(url)), url
    page = client.get("/datasets/sales").get_data(as_text=True)
    assert f'href="{url}"' in unescape(page)
    response = client.get(url)
    assert response.status_code == 200 and response.headers["Cache-Control"] == IMMUTABLE


@pytest.mark.parametrize("fmt", FORMATS)
def test_a_bare_version_on_the_rows_url_is_answered_as_unversioned(client, fmt):
    version = upload_sales(client, FIRST_ROWS)
    response = client.get(f"/datasets/sales.{fmt}?v={version}")
    assert response.status_code == 200 and response.headers["Cache-Control"] == UNVERSIONED


@pytest.mark.parametrize("fmt", FORMATS)
def test_a_rows_v_ahead_of_the_dataset_is_not_cached(client, fmt):
    upload_sales(client, FIRST_ROWS)
    current = v_of(api_rows_url(client, "sales", fmt))
    version, digest = current.split("_")
    response = client.get(f"/datasets/sales.{fmt}?v={int(version) + 5}_{digest}")
    assert response.status_code == 200 and response.headers["Cache-Control"] == NOT_CACHED


@pytest.mark.parametrize("fmt", FORMATS)
@pytest.mark.parametrize("v", ["abc", "1_218B09E4", "1_218b09e", "-1", "7 "])
def test_a_rows_v_not_in_the_form_the_site_writes_is_a_400_saying_what_v_is(client, fmt, v):
    response = client.get(f"/datasets/animals.{fmt}", query_string={"v": v})
    assert response.status_code == 400
    assert dataset_version_takes("animals") in response.get_data(as_text=True)


def test_the_rows_url_of_a_store_made_anew_is_another_and_the_old_one_is_not_kept_for_good(data_dir, tmp_path):
    store = f"sqlite:///{tmp_path / 'store.sqlite'}"
    with across_a_wipe(data_dir, store, lambda client: api_rows_url(client, "sales", "csv")) as (client, old_url, _):
        # The old URL names the first store's rows: answered as they are now, not for good.
        old = client.get(old_url)
        assert old.headers["Cache-Control"] == UNVERSIONED and old.get_data(as_text=True) == OTHER_ROWS
