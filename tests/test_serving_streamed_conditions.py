"""A dataset's rows written a piece at a time stay so when the request carries a condition they do not
meet (an older version's ETag, say): nothing is written into memory to count their size."""
from __future__ import annotations

import pytest

from app.views import dataset_rows
from tests.conftest import CSV_WRITE, writable_app

ROWS = b"x,y\n" + b"".join(b"%d,%d\n" % (n, n * n) for n in range(7))


@pytest.fixture
def app(tmp_path, monkeypatch):
    """The site with a dataset of 7 rows, streamed 3 rows at a time."""
    app = writable_app(tmp_path, RENDER_WORKERS=0)
    assert app.test_client().post("/api/datasets?name=squares", headers=CSV_WRITE, data=ROWS).status_code == 201
    monkeypatch.setattr(dataset_rows, "STREAM_PAST_ROWS", 3)
    monkeypatch.setattr(dataset_rows, "ROWS_PER_CHUNK", 3)
    return app


@pytest.mark.parametrize("condition", [
    {"If-None-Match": '"an-older-version"'},
    {"If-Modified-Since": "Wed, 21 Oct 2015 07:28:00 GMT"},
    {"Range": "bytes=0-3"},
])
def test_a_streamed_download_under_an_unmet_condition_is_still_written_a_piece_at_a_time(app, condition):
    whole = app.test_client().get("/datasets/squares.csv").get_data()
    with app.test_request_context("/datasets/squares.csv", headers=condition):
        response = app.full_dispatch_request()  # the view's answer, after every hook, before it is sent
        assert response.status_code == 200 and response.is_streamed
        assert "Content-Length" not in response.headers
        pieces = list(response.response)
    assert len(pieces) == 3 and b"".join(pieces) == whole


def test_a_streamed_download_under_its_own_etag_is_still_a_304(app):
    etag = app.test_client().get("/datasets/squares.csv").headers["ETag"]
    kept = app.test_client().get("/datasets/squares.csv", headers={"If-None-Match": etag})
    assert kept.status_code == 304 and kept.get_data() == b""
