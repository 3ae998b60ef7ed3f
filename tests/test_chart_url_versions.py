"""A chart URL's `v` names what its bytes are drawn from: the data version within this store, the
drawing code of this release, and for a dashboard's chart its definition. Only such a `v`, current,
is cached for good; one ahead of the chart's version is not cached at all; one not in the form the
site writes is a 400."""
from __future__ import annotations

import re
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
from sqlalchemy import create_engine, delete, text
from sqlalchemy.engine import make_url

from app import create_app
from app.query_parameters import VERSION_TAKES
from app.store.schema import STORE_IDENTITY, meta, schema_migrations
from app.store.sql_store import SqlStore
from tests.conftest import CSV_WRITE, writable_app
from tests.postgres import create_database, drop_database
from tests import source_data
from tests.test_sources import DATASETS

IMMUTABLE = "public, max-age=31536000, immutable"
# CHART_MAX_AGE here: what an unversioned chart gets, told apart from "not cached at all".
MAX_AGE = 60
UNVERSIONED = f"public, max-age={MAX_AGE}, must-revalidate"
NOT_CACHED = "public, no-cache"


@pytest.fixture
def app(data_dir):
    return create_app({"TESTING": True, "DATA_DIR": str(data_dir), "CHART_MAX_AGE": MAX_AGE})
FIRST_ROWS = "x,y\n1,1\n2,2\n3,3\n"
OTHER_ROWS = "x,y\n1,3\n2,1\n3,2\n"


def upload_sales(client, rows: str) -> int:
    response = client.post("/api/datasets?name=sales&title=Sales", data=rows, headers=CSV_WRITE)
    assert response.status_code == 201, response.get_data(as_text=True)
    return response.get_json()["version"]


def page_chart_url(client, dataset: str) -> str:
    """The first chart image URL of the dataset's page, as a browser reads it."""
    page = client.get(f"/datasets/{dataset}").get_data(as_text=True)
    return re.search(rf'src="(/plot/{dataset}\.svg\?[^"]+)"', page)[1].replace("&amp;", "&")


def wipe(store_url: str) -> None:
    """Remove the store's database and make an empty one in its place, as a wiped data folder does."""
    url = make_url(store_url)
    if url.get_backend_name() == "sqlite":
        for suffix in ("", "-wal", "-shm"):
            Path(url.database + suffix).unlink(missing_ok=True)
        return
    server = url.set(database="postgres").render_as_string(hide_password=False)
    drop_database(server, url.database)
    create_database(server, url.database)


@contextmanager
def across_a_wipe(data_dir: Path, store_url: str, url_of: Callable) -> Iterator[tuple]:
    """(client, old_url, new_url): `url_of(client)` of `sales` uploaded to the store, then of `sales`
    uploaded again, other rows at the same version, to the store wiped and made anew; `client` is the
    second site's, and both URLs are cached for good where each was written."""
    first = writable_app(data_dir, DATABASE_URL=store_url, CHART_MAX_AGE=MAX_AGE)
    client = first.test_client()
    version = upload_sales(client, FIRST_ROWS)
    old_url = url_of(client)
    assert client.get(old_url).headers["Cache-Control"] == IMMUTABLE
    first.extensions["svgplots"].store.close()

    wipe(store_url)
    second = writable_app(data_dir, DATABASE_URL=store_url, CHART_MAX_AGE=MAX_AGE)
    try:
        client = second.test_client()
        assert upload_sales(client, OTHER_ROWS) == version
        new_url = url_of(client)
        assert new_url != old_url
        assert client.get(new_url).headers["Cache-Control"] == IMMUTABLE
        yield client, old_url, new_url
    finally:
        second.extensions["svgplots"].store.close()


def test_a_store_made_anew_writes_another_v_for_the_same_version(data_dir, store_url):
    with across_a_wipe(data_dir, store_url, lambda client: page_chart_url(client, "sales")) as (client, old_url, _):
        # The old URL names the first store's rows: answered as an unversioned chart.
        assert client.get(old_url).headers["Cache-Control"] == UNVERSIONED


def test_a_new_release_writes_another_v_for_the_same_chart(data_dir, store_url, closing, monkeypatch):
    client = closing(writable_app(data_dir, DATABASE_URL=store_url, CHART_MAX_AGE=MAX_AGE)).test_client()
    old_url = page_chart_url(client, "animals")
    old_board = client.get("/d/animals/versions.json").get_json()
    monkeypatch.setattr("app.drawing_digest", lambda: "a release that draws charts another way")
    client = closing(writable_app(data_dir, DATABASE_URL=store_url, CHART_MAX_AGE=MAX_AGE)).test_client()
    new_url = page_chart_url(client, "animals")
    assert new_url != old_url and new_url.split("v=")[1].split("_")[0] == old_url.split("v=")[1].split("_")[0]
    assert client.get(new_url).headers["Cache-Control"] == IMMUTABLE
    assert client.get(old_url).headers["Cache-Control"] == UNVERSIONED
    new_board = client.get("/d/animals/versions.json").get_json()
    assert str(old_board) != str(new_board)


def test_the_drawing_digest_changes_with_the_drawing_code(tmp_path, monkeypatch):
    from app import drawing_code
    (tmp_path / "plots").mkdir()
    (tmp_path / "app").mkdir()
    (tmp_path / "plots" / "render.py").write_text("WIDTH = 1\n")
    monkeypatch.setattr(drawing_code, "ROOT", tmp_path)
    before = drawing_code.drawing_digest.__wrapped__()
    (tmp_path / "plots" / "render.py").write_text("WIDTH = 2\n")
    assert drawing_code.drawing_digest.__wrapped__() != before


def test_the_drawing_digest_changes_with_the_font_charts_are_drawn_with(tmp_path, monkeypatch):
    from app import drawing_code
    font = tmp_path / "DejaVuSans.ttf"
    font.write_bytes(b"glyphs")
    monkeypatch.setattr(drawing_code, "font_files", lambda: [str(font)])
    before = drawing_code.drawing_digest.__wrapped__()
    font.write_bytes(b"other glyphs")
    assert drawing_code.drawing_digest.__wrapped__() != before


def test_a_store_made_before_identities_gets_one_on_its_first_start(store_url):
    store = SqlStore(store_url)
    store.close()
    engine = create_engine(store_url)
    with engine.begin() as conn:  # as the store was before migration 4
        conn.execute(delete(meta).where(meta.c.key == STORE_IDENTITY))
        conn.execute(delete(schema_migrations).where(schema_migrations.c.version >= 4))
    stores = []
    threads = [threading.Thread(target=lambda: stores.append(SqlStore(store_url))) for _ in range(3)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    try:
        assert len(stores) == 3
        identities = {opened.identity for opened in stores}
        assert len(identities) == 1 and re.fullmatch(r"[0-9a-f]{32}", identities.pop())
        with engine.connect() as conn:
            assert conn.execute(text("SELECT count(*) FROM meta WHERE key = :key"),
                                {"key": STORE_IDENTITY}).scalar_one() == 1
    finally:
        for opened in stores:
            opened.close()
        engine.dispose()


def test_two_stores_have_two_identities_and_one_keeps_its_own(tmp_path):
    first = SqlStore(f"sqlite:///{tmp_path / 'a.sqlite'}")
    again = SqlStore(f"sqlite:///{tmp_path / 'a.sqlite'}")
    other = SqlStore(f"sqlite:///{tmp_path / 'b.sqlite'}")
    try:
        assert first.identity == again.identity != other.identity
    finally:
        for store in (first, again, other):
            store.close()


def current_v(url: str) -> tuple[int, str]:
    """The data version and digest of the `v` the site writes for the chart at `url` (a page's image)."""
    version, digest = url.split("v=")[1].split("&")[0].split("_")
    return int(version), digest


@pytest.mark.parametrize("page, image", [("/datasets/animals", "/plot/animals.svg"), ("/d/animals", "/d/animals/")])
def test_a_v_ahead_of_the_current_version_is_not_cached(client, page, image):
    html = client.get(page).get_data(as_text=True)
    url = re.search(rf'src="({re.escape(image)}[^"]*)"', html)[1].replace("&amp;", "&")
    version, digest = current_v(url)
    assert client.get(url).headers["Cache-Control"] == IMMUTABLE
    ahead = url.replace(f"v={version}_{digest}", f"v={version + 5}_{digest}")
    for _ in range(2):  # the second is answered ahead of Flask, the same
        response = client.get(ahead)
        assert response.status_code == 200 and response.headers["Cache-Control"] == NOT_CACHED
    other_digest = url.replace(f"v={version}_{digest}", f"v={version + 5}_00000000")
    assert client.get(other_digest).headers["Cache-Control"] == NOT_CACHED
    bare = url.replace(f"v={version}_{digest}", f"v={version + 5}")
    assert client.get(bare).headers["Cache-Control"] == NOT_CACHED


@pytest.mark.parametrize("path", ["/plot/animals.svg", "/d/animals/bears.svg", "/d/animals/bears.csv",
                                  "/datasets/animals.json"])
def test_a_v_of_thousands_of_digits_is_ahead_not_a_500(client, path):
    # int() refuses strings of over 4300 digits: a version so long is compared by its digits.
    for v in ("9" * 5000, "9" * 5000 + "_00000000"):
        response = client.get(path, query_string={"v": v})
        assert response.status_code == 200, response.data[:200]
        assert response.headers["Cache-Control"] == NOT_CACHED


def test_a_v_behind_or_of_another_digest_is_answered_as_unversioned(client):
    url = page_chart_url(client, "animals")
    version, digest = current_v(url)
    for v in (f"{version - 1}_{digest}", f"{version}_00000000", f"{version}"):
        response = client.get(url.replace(f"v={version}_{digest}", f"v={v}"))
        assert response.status_code == 200 and response.headers["Cache-Control"] == UNVERSIONED, v


@pytest.mark.parametrize("v", ["abc", "1_218B09E4", "1_218b09e", "1_218b09e4_1", "-1", "1.5", "7 ", "t"])
@pytest.mark.parametrize("path, query", [("/plot/animals.svg", {}), ("/d/animals/bears.svg", {}),
                                         ("/d/animals/bears.json", {}), ("/animal.svg", {"type": "Bear"})])
def test_a_v_not_in_the_form_the_site_writes_is_a_400_saying_what_v_is(client, path, query, v):
    response = client.get(path, query_string={**query, "v": v})
    assert response.status_code == 400
    assert VERSION_TAKES in response.get_data(as_text=True)
    assert "may be left out" in VERSION_TAKES and "pages write" in VERSION_TAKES


def test_a_blank_v_is_no_version(client):
    response = client.get("/plot/animals.svg?v=")
    assert response.status_code == 200 and response.headers["Cache-Control"] == UNVERSIONED


def test_a_store_made_anew_under_a_running_site_is_drawn_anew_by_it(data_dir, postgres_database_url, closing):
    running = closing(writable_app(data_dir, DATABASE_URL=postgres_database_url, CHART_MAX_AGE=MAX_AGE)).test_client()
    version = upload_sales(running, FIRST_ROWS)
    old_url = page_chart_url(running, "sales")
    first = [running.get(old_url).data for _ in range(2)]  # the second answered ahead of Flask
    old_rows = running.get("/datasets/sales.json").get_json()["rows"]

    wipe(postgres_database_url)  # and another instance starts on it, making the store anew
    other = closing(writable_app(data_dir, DATABASE_URL=postgres_database_url, CHART_MAX_AGE=MAX_AGE)).test_client()
    assert upload_sales(other, OTHER_ROWS) == version
    drawn = other.get(page_chart_url(other, "sales")).data
    assert drawn != first[0]

    answer = running.get(old_url)
    assert answer.data == drawn and answer.headers["Cache-Control"] == UNVERSIONED
    assert running.get("/datasets/sales.json").get_json()["rows"] == [[1, 3], [2, 1], [3, 2]] != old_rows
    new_url = page_chart_url(running, "sales")
    assert new_url == page_chart_url(other, "sales") != old_url
    assert running.get(new_url).headers["Cache-Control"] == IMMUTABLE


def test_the_v_a_page_writes_is_taken_for_every_kind_of_dataset(data_dir, tmp_path, source_db, closing):
    """Each store writes its versions its own way (a number, a file's hash, a source's query hash
    or clock period and file): the `v` the site writes of each is in the form it takes."""
    sources = source_data.sources_toml(tmp_path / "sources.toml", {"shop": {"url": source_db.url, "cache_seconds": 30}},
                                       {name: DATASETS[name] for name in ("orders", "walk")})
    (data_dir / "pond.csv").write_text("day,frogs\n1,3\n2,5\n")
    client = closing(create_app({"TESTING": True, "DATA_DIR": str(data_dir), "SOURCES": str(sources),
                                 "CHART_MAX_AGE": MAX_AGE})).test_client()
    for name in ("animals", "pond", "orders", "walk"):
        url = page_chart_url(client, name)
        response = client.get(url)
        assert response.status_code == 200, (url, response.get_data(as_text=True)[:300])
        assert response.headers["Cache-Control"] != UNVERSIONED, url
