"""A streamed download that cannot be read to its end (its dataset deleted meanwhile, its database
down) ends its connection unfinished with the site's own log line only: the server logs no
traceback of its own for it."""
from __future__ import annotations

import logging

import pytest
import requests

from app.views import dataset_rows
from tests.test_page_consistency import deleted, failing_after_a_piece, unreachable


@pytest.mark.parametrize("failure", [deleted, unreachable], ids=["dataset deleted", "database down"])
@pytest.mark.parametrize("encoding", ["identity", "gzip"])
def test_a_download_cut_short_logs_the_site_s_line_and_no_traceback(served, monkeypatch, caplog,  # noqa: F811
                                                                    failure, encoding):
    port, app = served
    url = f"http://127.0.0.1:{port}/datasets/big.csv"
    assert requests.head(url, timeout=30).status_code == 200  # the rows' ETag found, by reading them once
    failing_after_a_piece(app, monkeypatch, failure)
    caplog.set_level(logging.INFO)
    with requests.get(url, headers={"Accept-Encoding": encoding}, stream=True, timeout=30) as answer:
        assert answer.status_code == 200
        # Still cut short for the client: the chunked body ends without its last, empty chunk.
        with pytest.raises(requests.exceptions.ChunkedEncodingError):
            for _ in answer.iter_content(None):
                pass
    errors = [record for record in caplog.records if record.levelno >= logging.ERROR]
    assert [record.name for record in errors] == [dataset_rows.__name__]
    assert "stopped after 2 of its 10 rows, the connection closed unfinished" in errors[0].getMessage()
    assert not any(record.exc_info or "Traceback" in record.getMessage() for record in caplog.records)


def broken(database) -> None:
    raise TypeError("a fault of the site's own")


def test_a_download_cut_short_by_a_fault_of_the_site_logs_its_traceback_in_the_site_s_line(served, monkeypatch,  # noqa: F811
                                                                                          caplog):
    port, app = served
    url = f"http://127.0.0.1:{port}/datasets/big.csv"
    assert requests.head(url, timeout=30).status_code == 200
    failing_after_a_piece(app, monkeypatch, broken)
    caplog.set_level(logging.INFO)
    with requests.get(url, stream=True, timeout=30) as answer:
        with pytest.raises(requests.exceptions.ChunkedEncodingError):
            for _ in answer.iter_content(None):
                pass
    errors = [record for record in caplog.records if record.levelno >= logging.ERROR]
    assert [record.name for record in errors] == [dataset_rows.__name__]
    assert errors[0].exc_info and errors[0].exc_info[0] is TypeError
