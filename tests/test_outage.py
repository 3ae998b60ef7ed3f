"""PostgreSQL stopped and started under a running site: 503s while it is down, cached charts still
served, 200s once it is back, never a 500, and the password nowhere."""
from __future__ import annotations

import logging

import psycopg
import pytest

from app import create_app
from app.store import StoreUnavailable
from app.store.dialects import backend_for
from app.store.sql_store import SqlStore
from app.store.store_refusals import UNAVAILABLE_MESSAGE
from tests.conftest import JSON_WRITE, WRITE_TOKEN
from tests.postgres import ThrowawayPostgres

PASSWORD = "s3cret-outage-pw"


def test_a_database_restart_is_a_short_run_of_503s_and_cached_charts_are_still_served(data_dir, caplog, closing):
    server = ThrowawayPostgres()
    try:
        server.start()
        # The server trusts local users, so the password is not checked: it is only there to be hidden.
        url = server.url.replace("postgres@", f"postgres:{PASSWORD}@")
        app = closing(create_app({"TESTING": True, "DATA_DIR": str(data_dir), "DATABASE_URL": url,
                                  "RENDER_WORKERS": 0, "WRITE_TOKENS": WRITE_TOKEN, "STORE_BUSY_TIMEOUT": 2.0}))
        client = app.test_client()
        cached = client.get("/d/animals/bears.svg")
        assert cached.status_code == 200
        caplog.set_level(logging.INFO)

        server.stop()
        answers = {
            "cached chart": client.get("/d/animals/bears.svg"),
            "new chart": client.get("/d/animals/bears.svg?title=Not+drawn+yet"),
            "api": client.get("/api/datasets/animals"),
            "rows": client.get("/datasets/animals.json"),
            "append": client.post("/api/datasets/animals/rows", json=[{"year": 2030, "Bear": 1, "Deer": 2, "Wolf": 3}],
                                  headers=JSON_WRITE),
        }
        assert answers["cached chart"].status_code == 200
        assert answers["cached chart"].data == cached.data
        for what in ("new chart", "rows", "append"):
            response = answers[what]
            assert response.status_code == 503, (what, response.data[:300])
            assert response.headers["Retry-After"]
        assert answers["new chart"].mimetype == "image/svg+xml"
        assert answers["rows"].get_json()["status"] == 503
        assert answers["api"].status_code in (200, 503)  # a description it read before, or a 503
        for what, response in answers.items():
            assert PASSWORD.encode() not in response.data, what
            assert str(server.port).encode() not in response.data, what
        assert PASSWORD not in caplog.text
        # One line for the outage, however many requests it refused, and no health check polled.
        assert caplog.text.count("the dataset database is out of reach") == 1
        assert client.get("/healthz").status_code == 503

        server.start()
        assert client.get("/d/animals/bears.svg?title=Not+drawn+yet").status_code == 200
        appended = client.post("/api/datasets/animals/rows", json=[{"year": 2030, "Bear": 1, "Deer": 2, "Wolf": 3}],
                               headers=JSON_WRITE)
        assert appended.status_code == 200
        assert client.get("/datasets/animals.json").get_json()["rows"][-1][0] == 2030
        assert caplog.text.count("the dataset database answers again") == 1  # logged by the requests
        assert client.get("/healthz").status_code == 200
        assert caplog.text.count("the dataset database answers again") == 1
        assert caplog.text.count("the dataset database is out of reach") == 1
    finally:
        server.remove()


def test_run_py_says_in_one_line_that_the_database_cannot_be_reached_without_its_password():
    import subprocess
    import sys

    from tests.conftest import ROOT, free_port

    url = f"postgresql+psycopg://svgplots:hunter2secret@127.0.0.1:{free_port()}/svgplots"
    done = subprocess.run([sys.executable, "run.py", "--port", str(free_port()), "--database-url", url], cwd=ROOT,
                          capture_output=True, text=True, timeout=120)
    assert done.returncode != 0
    assert done.stderr.strip().splitlines() == [
        "error: the dataset database (--data-dir, --database-url or SVGPLOTS_DATABASE_URL) cannot be opened: "
        "its server cannot be reached (Connection refused); start it or correct the URL, then run this again"]
    assert "hunter2secret" not in done.stderr + done.stdout


def test_the_outage_line_gives_the_drivers_reason_while_the_503_keeps_its_general_words(caplog, closing):
    server = ThrowawayPostgres()
    try:
        server.start()
        store = closing(SqlStore(server.url.replace("postgres@", f"postgres:{PASSWORD}@"), busy_timeout=2.0))
        assert store.names() == []
        server.stop()
        with caplog.at_level(logging.WARNING, logger="app.store_outages"), pytest.raises(StoreUnavailable) as refused:
            store.names()
        assert refused.value.message == UNAVAILABLE_MESSAGE
        assert [record.getMessage() for record in caplog.records if record.name == "app.store_outages"] == [
            "the dataset database is out of reach (Connection refused); requests that need it answer 503 until it "
            "answers again"]
    finally:
        server.remove()


# What psycopg says of a server it cannot reach or that refuses it, naming the URL's host, port, user
# and password, and the reason an outage's line gives of it.
DRIVER_SAYS = {
    'connection failed: connection to server at "db.internal" (10.1.2.3), port 5433 failed: Connection refused\n'
    "\tIs the server running on that host and accepting TCP/IP connections?": "Connection refused",
    'could not translate host name "db.internal" to address: Name or service not known':
        "could not translate host name to address: Name or service not known",
    "failed to resolve host 'db.internal': [Errno -2] Name or service not known":
        "failed to resolve host: [Errno -2] Name or service not known",
    'connection failed: connection to server at "10.1.2.3", port 5433 failed: FATAL:  password authentication '
    'failed for user "bob"': "password authentication failed for user",
    "server db.internal:5433 dropped bob (s3cret-pw) mid-query": "server …:… dropped … (…) mid-query",
}


@pytest.mark.parametrize("said", DRIVER_SAYS)
def test_the_drivers_reason_names_no_host_port_user_or_password(said):
    backend = backend_for("postgresql+psycopg://bob:s3cret-pw@db.internal:5433/shop", 2.0)
    unavailable = backend.store_error(psycopg.OperationalError(said))
    assert isinstance(unavailable, StoreUnavailable) and unavailable.message == UNAVAILABLE_MESSAGE
    assert unavailable.reason == DRIVER_SAYS[said]
