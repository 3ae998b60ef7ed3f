"""A stored dataset's rows streamed as JSON or CSV are read from the database a piece at a time, all of
the version it had when asked, on both backends: the same bytes and ETag as the rows read whole."""
from __future__ import annotations

import hashlib
import tracemalloc

import pandas as pd
import pytest

from app.store.sql_store import SqlStore
from app.store.tables import Table, table_from_csv
from app.store.types import Column, DatasetNotFound
from app.views import dataset_rows
from tests.conftest import writable_app

# Dates whose last needs a time: written whole, every date of the column carries one.
MIXED_CSV = ('day,name,x,n\n'
             '2025-01-01,"say ""hi""",1.5,1\n'
             '2025-01-02,"two\nlines",,2\n'
             '2025-01-03,=SUM(A1),-3.25,3\n'
             '2025-01-04,Zürich,4.0,4\n'
             '2025-01-05,,5.5,5\n'
             '2025-01-06,x,6.0,6\n'
             '2025-01-07T12:30:00,y,7.5,7\n')


@pytest.fixture
def store(store_url, closing):
    store = closing(SqlStore(store_url))
    store.create("mixed", "Mixed", table_from_csv(MIXED_CSV))
    return store


def test_a_stored_datasets_pieces_hold_its_rows_as_read_whole(store):
    info, pieces = store.read_pieces("mixed", 3)
    read = list(pieces())
    assert [len(piece) for piece in read] == [3, 3, 1]
    whole = store.read("mixed")
    assert info == whole.info
    pd.testing.assert_frame_equal(pd.concat(read, ignore_index=True), whole.frame)
    some = pd.concat(pieces(["n", "day"]), ignore_index=True)
    pd.testing.assert_frame_equal(some, whole.frame.loc[:, ["n", "day"]])


def test_a_stored_dataset_of_no_rows_is_one_piece_of_none_in_its_columns_types(store):
    store.create("empty", "Empty", Table(tuple(store.info("mixed").columns), []))
    _, pieces = store.read_pieces("empty", 3)
    [piece] = pieces()
    pd.testing.assert_frame_equal(piece, store.read("empty").frame)


def test_rows_appended_after_a_read_in_pieces_are_not_in_its_pieces(store):
    info, pieces = store.read_pieces("mixed", 3)
    read = pieces()
    first = next(read)
    store.append("mixed", info.columns, [("2025-01-08T00:00:00", "new", 8.0, 8)])
    rest = list(read)
    assert sum(len(piece) for piece in [first, *rest]) == info.rows == 7
    assert "new" not in pd.concat([first, *rest])["name"].tolist()
    assert len(pd.concat(pieces())) == 7  # a pass begun after the append reads the same version


def test_a_dataset_deleted_during_a_read_in_pieces_ends_it_rather_than_read_another(store):
    info, pieces = store.read_pieces("mixed", 3)
    read = pieces()
    next(read)
    store.delete("mixed")
    store.create("mixed", "Mixed again", table_from_csv(MIXED_CSV))  # the same name, new rows
    with pytest.raises(DatasetNotFound):
        next(read)


@pytest.fixture
def app(store_url, tmp_path, closing):
    app = closing(writable_app(tmp_path, DATABASE_URL=store_url, RENDER_WORKERS=0))
    app.extensions["svgplots"].store.create("mixed", "Mixed", table_from_csv(MIXED_CSV))
    return app


@pytest.mark.parametrize("fmt", ["csv", "json"])
def test_a_stored_dataset_streamed_reads_its_rows_in_pieces_into_the_bytes_and_etag_of_the_whole_file(
        app, monkeypatch, fmt):
    client, url = app.test_client(), f"/datasets/mixed.{fmt}"
    monkeypatch.setattr(dataset_rows, "STREAM_PAST_ROWS", 2)
    monkeypatch.setattr(dataset_rows, "ROWS_PER_CHUNK", 2)
    database = app.extensions["svgplots"].store.database

    def whole_read(*args, **kwargs):
        raise AssertionError("the rows were read whole")

    monkeypatch.setattr(database, "read", whole_read)
    answer = client.get(url)
    assert "Content-Length" not in answer.headers
    # Streamed first: the layer ahead of Flask answers a URL again from the file written whole.
    monkeypatch.undo()
    whole = client.get(url)
    assert "Content-Length" in whole.headers
    assert answer.get_data() == whole.get_data()
    frame = database.read("mixed").frame
    # The ETag of the rows hashed whole, as before they were read in pieces.
    with app.test_request_context(url):
        fields = dataset_rows.dataset_summary(database.info("mixed"))
    rows = hashlib.sha256(dataset_rows.json_text([[str(c), str(t)] for c, t in zip(frame.columns, frame.dtypes)])
                          .encode("utf-8"))
    rows.update(pd.util.hash_pandas_object(frame, index=False).to_numpy().tobytes())
    described = dataset_rows.json_text(fields) if fmt == "json" else ""  # a CSV holds the rows alone
    digest = hashlib.sha256(f"{fmt}\n{described}\n{rows.hexdigest()}".encode("utf-8"))
    assert answer.headers["ETag"] == f'"{digest.hexdigest()[:32]}"'


@pytest.mark.parametrize("fmt", ["csv", "json"])
def test_rows_appended_during_a_streamed_download_are_not_in_it(app, monkeypatch, fmt):
    monkeypatch.setattr(dataset_rows, "STREAM_PAST_ROWS", 2)
    monkeypatch.setattr(dataset_rows, "ROWS_PER_CHUNK", 2)
    client, url = app.test_client(), f"/datasets/mixed.{fmt}"
    before = client.get(url)
    store = app.extensions["svgplots"].store
    with app.test_request_context(url):
        response = app.full_dispatch_request()
        pieces = iter(response.response)
        first = next(pieces)
        store.append("mixed", store.info("mixed").columns, [("2025-01-08T00:00:00", "appended", 8.0, 8)])
        rest = b"".join(pieces)
        response.close()
    assert first + rest == before.get_data()
    assert response.headers["ETag"] == before.headers["ETag"]
    after = client.get(url)
    assert b"appended" in after.get_data() and after.headers["ETag"] != before.headers["ETag"]


def walk_table(rows: int) -> Table:
    """A dataset of `rows` rows: a time every 10 s, its last with a fraction of a second (a date format
    the last piece alone needs), a number missing now and then, and a text to quote."""
    times = pd.to_datetime("2025-01-01") + pd.to_timedelta(range(0, rows * 10, 10), unit="s")
    texts = [t.isoformat() for t in times]
    texts[-1] = texts[-1] + ".5"
    return Table((Column("t", "datetime"), Column("value", "float"), Column("station", "text")),
                 [(t, None if i % 97 == 0 else i / 8, f"s,{i % 7}") for i, t in enumerate(texts)])


def download(client, url: str) -> tuple[bytes, dict]:
    """The body of `url` read as a client reads it, a chunk at a time, and its headers."""
    answer = client.get(url, buffered=False)
    assert answer.status_code == 200, answer.get_data()[:300]
    body = b"".join(answer.response)
    answer.close()
    return body, dict(answer.headers)


@pytest.mark.parametrize("fmt", ["csv", "json"])
def test_a_mid_sized_stored_dataset_streamed_in_many_pieces_is_the_file_written_whole(app, monkeypatch, fmt):
    app.extensions["svgplots"].store.create("walk", "Walk", walk_table(2_500))
    client, url = app.test_client(), f"/datasets/walk.{fmt}"
    monkeypatch.setattr(dataset_rows, "STREAM_PAST_ROWS", 1_000)
    monkeypatch.setattr(dataset_rows, "ROWS_PER_CHUNK", 300)
    streamed, headers = download(client, url)
    assert "Content-Length" not in headers
    monkeypatch.setattr(dataset_rows, "STREAM_PAST_ROWS", 10**9)
    whole, whole_headers = download(client, url)
    assert whole_headers["Content-Length"] == str(len(whole))
    assert streamed == whole
    assert headers["Content-Type"] == whole_headers["Content-Type"]
    assert b"\n2025-01-01T06:56:30.5Z," in whole or b"\"2025-01-01T06:56:30.5Z\"" in whole


def test_a_streamed_download_holds_a_piece_of_the_rows_not_the_whole_file(app, monkeypatch):
    rows = 20_000
    app.extensions["svgplots"].store.create("walk", "Walk", walk_table(rows))
    client, url = app.test_client(), "/datasets/walk.csv"
    monkeypatch.setattr(dataset_rows, "STREAM_PAST_ROWS", 1_000)
    monkeypatch.setattr(dataset_rows, "ROWS_PER_CHUNK", 1_000)

    def peak_traced(ask) -> tuple[int, bytes]:
        tracemalloc.start()
        try:
            body = ask()
            return tracemalloc.get_traced_memory()[1], body
        finally:
            tracemalloc.stop()

    def streamed() -> bytes:
        answer = client.get(url, buffered=False)
        digest = hashlib.sha256()
        for chunk in answer.response:  # each chunk let go once sent, as a server does
            digest.update(chunk)
        answer.close()
        return digest.digest()

    streamed_peak, streamed_digest = peak_traced(streamed)
    monkeypatch.setattr(dataset_rows, "STREAM_PAST_ROWS", 10**9)  # the rows read whole, the file written whole
    whole_peak, whole_body = peak_traced(lambda: client.get(url).get_data())
    assert streamed_digest == hashlib.sha256(whole_body).digest()
    assert whole_body.count(b"\n") == rows + 1
    # A piece is a twentieth of the rows: the stream holds some pieces' worth, the whole path the
    # frame, the file and more.
    assert streamed_peak * 4 < whole_peak, (streamed_peak, whole_peak)
