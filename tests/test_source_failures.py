"""When a source database cannot be reached or opened (down, hung, a file that is not there or not a
database, a server refusing its URL's database or user): 503 (409 for a write) for its datasets only,
the rest of the site as it was, its warnings one line each, no answer or log line ever showing its URL or
password, and the source held down, then tried again by a thread of its own until it answers."""
from __future__ import annotations

import contextlib
import logging
import socket
import sqlite3
import threading
from collections.abc import Iterator
from html import unescape

import psycopg
import pytest
from sqlalchemy import exc
from sqlalchemy.engine import make_url

from app.store.source_config import Source
from app.store.source_connections import log_failure
from app.store.source_unreachable import FOLDER_WHY, MISSING_WHY
from app.store.sources import SourceStore
from app.store.types import SourceUnavailable
from app.store import load_sources
from tests.conftest import JSON_WRITE, WRITE_TOKEN, free_port
from tests.source_data import held_missing_source, sources_toml, tried_again_twice
from tests.test_pdf import pdf_text, saved

PASSWORD = "s3cret-pw"


@pytest.fixture(params=["sqlite", "postgresql"])
def down_app(request, tmp_path, monkeypatch, app_over):
    """The app with a source "gone" that cannot be reached (a missing file; a port nothing listens on),
    its password in the environment, and a dashboard charting it."""
    if request.param == "sqlite":
        source = {"url": f"sqlite:///{tmp_path / 'missing.db'}"}
    else:
        monkeypatch.setenv("GONE_URL", f"postgresql+psycopg://shop:{PASSWORD}@127.0.0.1:{free_port()}/shop")
        source = {"url_env": "GONE_URL"}
    boards = tmp_path / "boards"
    boards.mkdir()
    (boards / "mixed.toml").write_text('[[charts]]\nid = "gone"\ndataset = "orders"\ny = ["total"]\n'
                                       '[[charts]]\nid = "animals"\ndataset = "animals"\nkind = "bar"\n', "utf-8")
    # A range and a filter on the source's columns, which cannot be checked while it is down.
    (boards / "filtered.toml").write_text('time_column = "day"\nfrom = 2024-01-01\n'
                                          '[[filters]]\ncolumn = "region"\nlabel = "Region"\n'
                                          '[[charts]]\nid = "gone"\ndataset = "orders"\nx = "day"\ny = ["total"]\n'
                                          '[[charts]]\nid = "animals"\ndataset = "animals"\n', "utf-8")
    return app_over({"gone": source}, {"orders": {"source": "gone", "table": "orders"}}, boards)


def test_versions_json_says_a_chart_of_a_source_that_is_down_answers_503(down_app):
    # Auto-refresh keeps the chart an open page shows through it, as for a moment's outage.
    charts = down_app.test_client().get("/d/mixed/versions.json").get_json()["charts"]
    assert charts["gone"]["version"] is None and charts["gone"]["status"] == 503
    assert charts["animals"]["version"] and "status" not in charts["animals"]


def test_a_source_that_is_down_is_503_for_its_charts_naming_it_and_never_its_url(down_app, request):
    client = down_app.test_client()
    for url in ("/plot/orders.svg?y=total", "/plot/orders.json", "/datasets/orders", "/api/datasets/orders",
                "/d/mixed/gone.svg"):
        response = client.get(url)
        assert response.status_code == 503, url
        body = unescape(response.get_data(as_text=True))
        missing = request.node.callspec.params["down_app"] == "sqlite"  # no wait brings a missing file back
        assert ("Retry-After" in response.headers) != missing, url
        assert "source 'gone'" in body and "'orders'" in body
        assert PASSWORD not in body and "127.0.0.1" not in body and "missing.db" not in body


def test_a_postgresql_source_out_of_reach_at_start_is_warned_of_in_one_line_without_its_password(
        tmp_path, monkeypatch, app_over, caplog):
    monkeypatch.setenv("GONE_URL", f"postgresql+psycopg://shop:{PASSWORD}@127.0.0.1:{free_port()}/shop")
    boards = tmp_path / "boards"
    boards.mkdir()
    (boards / "gone.toml").write_text('[[charts]]\nid = "gone"\ndataset = "orders"\ny = ["total"]\n', "utf-8")
    with caplog.at_level(logging.WARNING):
        app_over({"gone": {"url_env": "GONE_URL"}}, {"orders": {"source": "gone", "table": "orders"}}, boards)
    warned = [record.getMessage() for record in caplog.records if "source 'gone'" in record.getMessage()]
    assert warned, caplog.text
    for line in warned:  # libpq's words were two lines: the host and port, then "Is the server running …"
        assert "\n" not in line and PASSWORD not in line
        assert line.startswith("source 'gone', dataset 'orders': OperationalError: ")
        assert '"127.0.0.1", port' in line and "Connection refused; Is the server running" in line


@pytest.mark.parametrize(("names", "named"), [
    (["orders", "items", "people"], "datasets 'orders', 'items' and 'people'"),
    (["orders", *(f"d{number}" for number in range(1, 9))], "datasets 'orders', 'd1', 'd2', 'd3', 'd4' and 4 more"),
], ids=["three", "nine"])
def test_a_source_out_of_reach_at_start_is_warned_of_naming_each_of_its_datasets(
        tmp_path, monkeypatch, app_over, caplog, names, named):
    # The first dataset read holds the source down, and the others are refused at once: the one line
    # named only the first, as if the others were fine. The one met first leads; then the others, by name.
    monkeypatch.setenv("GONE_URL", f"postgresql+psycopg://shop:{PASSWORD}@127.0.0.1:{free_port()}/shop")
    boards = tmp_path / "boards"
    boards.mkdir()
    (boards / "gone.toml").write_text('[[charts]]\nid = "gone"\ndataset = "orders"\ny = ["total"]\n', "utf-8")
    datasets = {name: {"source": "gone", "table": name} for name in names}
    with caplog.at_level(logging.WARNING):
        app_over({"gone": {"url_env": "GONE_URL"}, "shop": {"url": f"sqlite:///{tmp_path / 'shop.db'}"}},
                 {**datasets, "other": {"source": "shop", "table": "orders"}}, boards)
    warned = [record.getMessage() for record in caplog.records if "source 'gone'" in record.getMessage()]
    assert warned, caplog.text
    for line in warned:
        assert "\n" not in line and "'other'" not in line
        assert line.startswith(f"source 'gone', {named}: OperationalError: "), line


def test_a_sources_password_its_driver_echoes_is_not_logged(caplog):
    # A driver may quote the connection string it was given: the password as written, percent-encoded
    # or escaped as libpq writes it is not logged.
    password = "pa ss'w\\ord"
    url = make_url("postgresql+psycopg://shop@127.0.0.1:5432/shop").set(password=password)
    said = (f'invalid connection "{url.render_as_string(hide_password=False)}"\n'
            f"\tconninfo: password='{password.replace(chr(92), chr(92) * 2).replace(chr(39), chr(92) + chr(39))}' "
            f"password={password}")
    error = exc.OperationalError(None, None, psycopg.OperationalError(said))
    with caplog.at_level(logging.WARNING):
        log_failure("orders", Source("gone", url), error)
    (line,) = [record.getMessage() for record in caplog.records]
    assert line == ("source 'gone', dataset 'orders': OperationalError: invalid connection "
                    "\"postgresql+psycopg://shop:***@127.0.0.1:5432/shop\"; conninfo: password='***' password=***")


@pytest.mark.parametrize(("contents", "why"), [
    (None, "its SQLite file is not there: put the file back, or correct its path in the sources file"),
    (b"not a database, only text\n" * 100, "its file is not an SQLite database: put the SQLite file in its place, "
                                           "or correct its path in the sources file; it is read again once it is one"),
    ("folder", "its SQLite file's path names a folder, not a file: correct its path in the sources file (a ? or # "
               "in it written %3F or %23); it is read again once a file is there"),
], ids=["missing", "not-sqlite", "folder"])
def test_an_sqlite_source_that_cannot_be_read_says_why_and_what_to_do_naming_no_path(tmp_path, app_over, contents,
                                                                                      why):
    # Each a wrong path or file, not an outage: the 503 says what to do, without Retry-After or "try
    # again in a moment", as no wait mends it. Of a folder, SQLite says only "disk I/O error".
    path = tmp_path / "shop.db"
    if contents == "folder":
        path.mkdir()
    elif contents is not None:
        path.write_bytes(contents)
    app = app_over({"shop": {"url": f"sqlite:///{path}"}}, {"orders": {"source": "shop", "table": "orders"}})
    client = app.test_client()
    for attempt in range(2):  # asked, then held down
        response = client.get("/plot/orders.json?y=total")
        assert response.status_code == 503, attempt
        body = response.get_data(as_text=True)
        assert f"the source 'shop' of dataset 'orders' cannot be opened: {why}" in body, attempt
        assert "Retry-After" not in response.headers and "try again" not in body, attempt
        assert "shop.db" not in body


def test_an_sqlite_source_whose_folder_gives_way_to_a_database_is_read_without_a_restart(tmp_path, app_over):
    # No Retry-After, but the source is still tried again: a file put at the path is read once its hold is up.
    path = tmp_path / "shop.db"
    path.mkdir()
    app = app_over({"shop": {"url": f"sqlite:///{path}"}}, {"orders": {"source": "shop", "table": "orders"}})
    client = app.test_client()
    assert client.get("/plot/orders.json?y=total").status_code == 503
    path.rmdir()
    with contextlib.closing(sqlite3.connect(path)) as db, db:
        db.execute("CREATE TABLE orders (total REAL)")
        db.executemany("INSERT INTO orders VALUES (?)", [(1.5,), (2.5,)])
    held = app.extensions["svgplots"].store.sources.held
    held.seconds = 0
    held.hold(("source", "shop"))
    client.get("/plot/orders.json?y=total")  # starts the try
    held.wait(10)
    assert client.get("/plot/orders.json?y=total").status_code == 200


@pytest.mark.parametrize(("part", "said"), [
    ("database", "its server has no database of the name its URL gives (create it or correct the URL)"),
    ("username", "its server has no user of the name its URL gives (correct the URL)"),
])
def test_a_postgresql_source_refusing_its_urls_database_or_user_is_503_saying_so(app_over, postgres_url,
                                                                                 monkeypatch, part, said):
    # Not an outage to wait out, though the source is tried again all the same; nothing of the URL is shown.
    url = make_url(postgres_url).set(password=PASSWORD, **{part: "no_such_name"})
    monkeypatch.setenv("SHOP_URL", url.render_as_string(hide_password=False))
    app = app_over({"shop": {"url_env": "SHOP_URL"}}, {"orders": {"source": "shop", "table": "orders"}})
    client = app.test_client()
    for attempt in range(2):  # asked, then held down
        response = client.get("/plot/orders.json?y=total")
        assert response.status_code == 503, attempt
        error = response.get_json()["error"]
        assert error == f"the source 'shop' of dataset 'orders' cannot be reached right now: {said}; try again in a moment"
        assert "no_such_name" not in error and PASSWORD not in error


def test_writes_to_a_dataset_of_a_source_that_is_down_are_409_not_503(down_app):
    # Whether the database answers or not, the site never writes to it: asking again would not help.
    down_app.config["WRITE_TOKENS"] = [WRITE_TOKEN]
    client = down_app.test_client()
    appended = client.post("/api/datasets/orders/rows", headers=JSON_WRITE, json=[{"total": 1}])
    deleted = client.delete("/api/datasets/orders", headers=JSON_WRITE)
    for response in (appended, deleted):
        assert response.status_code == 409 and "source 'gone'" in response.json["error"]
    assert client.get("/datasets/orders/append").status_code == 409


def test_a_source_that_is_down_leaves_the_rest_of_the_site_alone(down_app):
    client = down_app.test_client()
    index = client.get("/")
    assert index.status_code == 200 and "of dataset 'orders' cannot be" in unescape(index.get_data(as_text=True))
    listed = {d["name"]: d for d in client.get("/api/datasets").json["datasets"]}
    assert "of dataset 'orders' cannot be" in listed["orders"]["error"] and listed["animals"]["version"]
    assert client.get("/d/mixed").status_code == 200
    assert client.get("/d/mixed/animals.svg").status_code == 200
    assert client.get("/plot/weather.svg?y=temperature_c").status_code == 200
    filtered = client.get("/d/filtered")
    assert filtered.status_code == 200 and "Region" in filtered.get_data(as_text=True)
    assert client.get("/d/filtered/animals.svg").status_code == 200
    assert client.get("/d/filtered/gone.svg?filter.region=north").status_code == 503
    # A value the source may hold is taken while it cannot be asked; the animals chart ignores the filter.
    assert client.get("/d/filtered/animals.svg?filter.region=north").status_code == 200
    assert client.get("/d/filtered?filter.region=north").status_code == 200


def test_a_dashboard_report_draws_the_charts_it_can_and_says_in_a_cell_that_a_source_is_down(down_app, tmp_path):
    # As the dashboard's page does: a report mailed every morning still comes, with the reason in
    # the chart's place. It is not kept, so the next request asks the source again.
    client = down_app.test_client()
    report = client.get("/d/mixed.pdf")
    assert report.status_code == 200 and report.data.startswith(b"%PDF")
    assert report.headers["Cache-Control"] == "public, no-cache"
    text = pdf_text(saved(report.data, tmp_path, "mixed.pdf"))
    assert "the source 'gone' of dataset 'orders' cannot be" in text  # reached, or opened: its file is not there
    assert "UTC: animals" in text  # the other chart is drawn
    assert PASSWORD not in text and "127.0.0.1" not in text
    kept = list(down_app.extensions["svgplots"].cache._items)
    assert not [key for key in kept if str(key[0]).startswith("dashboard:")]


class HungServer:
    """A server that takes connections and never answers (a database host behind a firewall that
    drops its replies, a server stuck before its greeting), counting the connections made to it."""

    def __init__(self):
        self.listener = socket.create_server(("127.0.0.1", 0))
        self.port = self.listener.getsockname()[1]
        self.held: list[socket.socket] = []
        threading.Thread(target=self._take, daemon=True).start()

    def _take(self) -> None:
        with contextlib.suppress(OSError):
            while True:
                self.held.append(self.listener.accept()[0])

    def close(self) -> None:
        self.listener.close()
        for conn in self.held:
            conn.close()


@pytest.fixture
def hung_server() -> Iterator[HungServer]:
    server = HungServer()
    yield server
    server.close()


def test_a_source_that_hangs_holds_one_request_and_its_other_datasets_answer_503_at_once(tmp_path, app_over, source_db,
                                                                                        hung_server, monkeypatch):
    # Each request would otherwise wait for the connect timeout: a page listing ten datasets of a
    # hung source took ten times as long, and every request of theirs held a server thread as long.
    monkeypatch.setenv("HUNG_URL", f"postgresql+psycopg://shop:{PASSWORD}@127.0.0.1:{hung_server.port}/shop")
    datasets = {f"hung{i}": {"source": "hung", "table": "orders"} for i in range(3)}
    app = app_over({"hung": {"url_env": "HUNG_URL"}, "shop": {"url": source_db.url}},
                   {**datasets, "orders": {"source": "shop", "table": "orders"}}, SOURCE_TIMEOUT=2)
    app.extensions["svgplots"].store.sources.held.seconds = 600  # not tried again during the test
    client = app.test_client()
    first = client.get("/plot/hung0.svg?y=total")
    assert first.status_code == 503 and len(hung_server.held) == 1
    for url in ("/plot/hung1.svg?y=total", "/datasets/hung2", "/plot/hung0.json", "/"):
        response = client.get(url)
        assert response.status_code == (200 if url == "/" else 503), url
        assert PASSWORD not in response.get_data(as_text=True)
    later = client.get("/api/datasets/hung1")
    assert later.status_code == 503 and 590 <= int(later.headers["Retry-After"]) <= 600  # the time it is held down
    assert "the source 'hung' of dataset 'hung1' cannot be reached" in later.json["error"]
    assert len(hung_server.held) == 1  # none of them tried the source again
    assert client.get("/plot/orders.svg?kind=bar&x=region&y=total&agg=sum").status_code == 200


def test_a_source_held_down_is_tried_again_by_a_thread_of_its_own_and_is_back_once_it_answers(tmp_path, caplog):
    path = tmp_path / "later.db"
    config = load_sources(sources_toml(tmp_path / "sources.toml", {"later": {"url": f"sqlite:///{path}"}},
                                       {"orders": {"source": "later", "table": "orders"}}))
    store = SourceStore(config, timeout=2, down_for=600)
    with pytest.raises(SourceUnavailable):
        store.info("orders")
    with sqlite3.connect(path) as conn:
        conn.execute("CREATE TABLE orders (day TEXT, total REAL)")
        conn.execute("INSERT INTO orders VALUES ('2024-01-01', 5)")
    conn.close()
    with pytest.raises(SourceUnavailable):  # held down: not tried yet
        store.info("orders")
    store.held.seconds = 0
    store.held.hold(("source", "later"))  # its time is up
    # The request that starts the try waits for it a moment, and goes ahead once it found the source back:
    # it was a 503, though the source answered.
    assert store.info("orders").rows == 1
    assert "source 'later' can be reached again" in caplog.text  # for whoever watches the logs
    store.close()


def test_a_source_held_down_that_fails_its_try_another_way_is_logged_once_for_each(tmp_path, caplog):
    # A source's SQLite file missing was logged as the hold began, and a folder put in its place was
    # not: the 503s said another thing to mend, the log nothing until the source was back.
    store, path = held_missing_source(tmp_path, caplog)
    path.mkdir()
    lines = tried_again_twice(store, caplog, "names a folder")
    assert lines == [f"source 'later', dataset 'orders': OperationalError: unable to open database file; its 503s "
                     f"say: {MISSING_WHY.words}",
                     f"source 'later', dataset 'orders': OperationalError: disk I/O error; its 503s say: "
                     f"{FOLDER_WHY.words}"]  # once, however often tried
    path.rmdir()
    with sqlite3.connect(path) as conn:
        conn.execute("CREATE TABLE orders (day TEXT, total REAL)")
    conn.close()
    store.held.hold(("source", "later"))
    assert store.info("orders").rows == 0
    assert "source 'later' can be reached again" in caplog.text
    store.close()
