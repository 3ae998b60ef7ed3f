"""The front page of a site of many datasets: what it needs of each is kept by its version, so a
second visit reads no dataset's rows, nor does a revalidation of a page that has not changed, a 304
made of the page's bytes; every visit reads all the datasets' descriptions at once, in one read of
the database, as the API's list of them does."""
from __future__ import annotations

import json
import re
from collections import Counter

import pytest

from tests.conftest import CSV_WRITE, JSON_WRITE, writable_app
from tests.statements import statements_run

# More datasets than the front page once kept how each one's rows share an x for (64).
DATASETS = 70
# What a store reads a dataset's rows or description with; `version` alone is left uncounted.
READS = ("read", "read_pieces", "head", "first_rows", "x_splits", "chart_rows", "text_values", "info", "infos")
# A statement reading the database's catalog of datasets (a description, or a list of them).
CATALOG_READ = re.compile(r"\bFROM datasets\b")


@pytest.fixture(scope="module")
def many(tmp_path_factory):
    """A site of DATASETS small datasets besides the samples, its front page visited once."""
    app = writable_app(tmp_path_factory.mktemp("many"), RENDER_WORKERS=0)
    client = app.test_client()
    for number in range(DATASETS):
        answer = client.post(f"/api/datasets?name=ds{number:03d}", data=f"x,v\n1,{number}\n2,3\n", headers=CSV_WRITE)
        assert answer.status_code == 201, answer.get_data(as_text=True)
    assert client.get("/").status_code == 200
    yield app
    app.extensions["svgplots"].store.close()


@pytest.fixture
def reads(many, monkeypatch) -> Counter:
    """The store's reads of rows and descriptions, by method, from now on."""
    store, counted = many.extensions["svgplots"].store, Counter()
    for name in READS:
        method = getattr(store, name)

        def counting(*args, _name=name, _method=method, **kwargs):
            counted[_name] += 1
            return _method(*args, **kwargs)
        monkeypatch.setattr(store, name, counting)
    return counted


def test_a_second_visit_reads_no_datasets_rows(many, reads):
    page = many.test_client().get("/")
    assert page.status_code == 200
    assert "ds069" in page.get_data(as_text=True)
    assert reads == Counter(infos=1), reads


@pytest.mark.parametrize("encoding", ["identity", "br"])
def test_a_revalidation_of_the_unchanged_page_is_a_304_reading_no_datasets_rows(many, encoding, reads):
    client = many.test_client()
    etag = client.get("/", headers={"Accept-Encoding": encoding}).headers["ETag"]
    reads.clear()
    answer = client.get("/", headers={"Accept-Encoding": encoding, "If-None-Match": etag})
    assert (answer.status_code, answer.headers["ETag"], answer.data) == (304, etag, b"")
    assert reads == Counter(infos=1), reads


@pytest.mark.parametrize("path", ["/", "/api/datasets"])
def test_a_visit_reads_the_catalog_of_datasets_once_however_many_there_are(many, path):
    with statements_run() as run:
        answer = many.test_client().get(path)
    assert answer.status_code == 200
    assert "ds069" in answer.get_data(as_text=True)
    catalog = [statement for statement in run if CATALOG_READ.search(statement)]
    assert len(catalog) == 1, catalog[:3]


def test_a_revalidation_after_an_append_is_the_new_page(many):
    client = many.test_client()
    before = client.get("/")
    description = client.get("/api/datasets/ds005")
    appended = client.post("/api/datasets/ds005/rows", data=json.dumps([{"x": 3, "v": 4}]),
                           headers={**JSON_WRITE, "If-Match": description.headers["ETag"]})
    assert appended.status_code == 200, appended.get_data(as_text=True)
    after = client.get("/", headers={"If-None-Match": before.headers["ETag"]})
    assert after.status_code == 200
    assert after.headers["ETag"] != before.headers["ETag"]
    assert after.get_data() != before.get_data()
    assert client.get("/", headers={"If-None-Match": after.headers["ETag"]}).status_code == 304
