"""/healthz for a load balancer, and what the log says of a failure and of a dataset database out of reach."""
from __future__ import annotations

import logging
import os
import re
import signal
import subprocess
import sys
import threading
import time

import pytest

from app import create_app
from app.store import StoreUnavailable
from app.store.outage_notes import OutageNoted
from app.store.store_refusals import StoreUnopened
from app.store.types import SourceUnavailable
from app.store_outages import StoreOutage
from app.views import health
from tests.conftest import ROOT

UNREACHABLE = "the dataset database cannot be reached right now; try again in a moment"


def site_of(app):
    """The running site's parts (`context.Site`)."""
    return app.extensions["svgplots"]


def unreachable(*args, **kwargs):
    """What every store read does while the database is down."""
    raise StoreUnavailable(UNREACHABLE)


class NoSources:
    """A sources part that fails the test if anything asks it."""

    def __getattr__(self, name):
        raise AssertionError(f"the health check asked the sources for {name}")


def test_healthz_answers_ok_as_plain_text_no_cache_keeps(app, client):
    site_of(app).store.sources = NoSources()
    for answer in (client.get("/healthz"), client.head("/healthz")):
        assert answer.status_code == 200
        assert answer.mimetype == "text/plain"
        assert answer.headers["Cache-Control"] == "no-store"
    assert client.get("/healthz").get_data(as_text=True) == "ok\n"


def test_healthz_refuses_a_parameter_naming_it(client):
    answer = client.get("/healthz?verbose=1")
    assert answer.status_code == 400
    assert "verbose" in answer.get_data(as_text=True)
    assert "/healthz" in answer.get_data(as_text=True)


@pytest.mark.parametrize("query", ["x=1", "=1", "nope%0A=1"])
def test_healthz_refuses_a_parameter_as_plain_text_as_it_answers(client, query):
    # A script or a load balancer reads it: one line of text, not an HTML page.
    answer = client.get(f"/healthz?{query}")
    assert answer.status_code == 400 and answer.mimetype == "text/plain"
    assert answer.headers["Cache-Control"] == "no-store"
    text = answer.get_data(as_text=True)
    assert text.startswith("400 Bad Request: ") and "<html" not in text and text.count("\n") == 1


def test_healthz_is_503_saying_the_database_cannot_be_reached(app, client, monkeypatch):
    monkeypatch.setattr(site_of(app).store, "answer", unreachable)
    answer = client.get("/healthz")
    assert answer.status_code == 503
    assert answer.headers["Cache-Control"] == "no-store"
    assert answer.get_data(as_text=True) == f"not ok: {UNREACHABLE}\n"
    # Its words say to try again in a moment, as every request's 503 of an outage does: so does its
    # Retry-After, which it lacked while every other answer of the outage carried one.
    assert answer.headers["Retry-After"] == "5"


def test_healthz_of_a_database_someone_must_mend_has_no_retry_after(app, client, monkeypatch):
    def unopened(*args, **kwargs):
        raise StoreUnopened("the dataset database cannot be opened: its SQLite file is empty, …")

    monkeypatch.setattr(site_of(app).store, "answer", unopened)
    answer = client.get("/healthz")
    assert answer.status_code == 503 and "Retry-After" not in answer.headers


def test_healthz_is_503_when_the_database_takes_too_long(app, client, monkeypatch):
    released = threading.Event()
    monkeypatch.setattr(site_of(app).store, "answer", released.wait)
    monkeypatch.setattr(health, "ANSWER_SECONDS", 0.05)
    try:
        answer = client.get("/healthz")
    finally:
        released.set()
    assert answer.status_code == 503
    assert answer.get_data(as_text=True) == "not ok: the dataset database did not answer within 0.05 seconds\n"
    assert answer.headers["Retry-After"] == "5"


def test_healthz_polled_while_the_database_hangs_waits_on_one_question(app):
    released = threading.Event()
    before = set(threading.enumerate())

    def asking() -> list[threading.Thread]:
        return [t for t in threading.enumerate() if t.name == "healthz" and t not in before and t.is_alive()]

    try:
        with app.app_context():
            for _ in range(3):
                trouble = health.database_trouble(released.wait, 0.01)
                assert trouble.message == "the dataset database did not answer within 0.01 seconds"
                assert len(asking()) == 1  # it was one more thread a poll
            released.set()
            assert health.database_trouble(released.wait, 30) is None
    finally:
        released.set()
        for thread in asking():
            thread.join()


def test_healthz_of_one_app_asks_its_own_question_while_another_apps_hangs(app, data_dir, closing):
    # Two apps in one process asking one same question, whose first asking hangs and later ones answer:
    # the second app's check asks it anew rather than waiting on the first app's.
    other = closing(create_app({"TESTING": True, "DATA_DIR": str(data_dir)}))
    released, asked = threading.Event(), []
    before = set(threading.enumerate())

    def answer() -> None:
        asked.append(len(asked))
        if len(asked) == 1:
            released.wait()

    hung = "the dataset database did not answer within 0.01 seconds"
    try:
        with app.app_context():
            assert health.database_trouble(answer, 0.01).message == hung
        with other.app_context():
            assert health.database_trouble(answer, 10) is None
        with app.app_context():
            assert health.database_trouble(answer, 0.01).message == hung  # still the one question
        assert len(asked) == 2
    finally:
        released.set()
        for thread in set(threading.enumerate()) - before:
            if thread.name == "healthz":
                thread.join()


OUT_OF_REACH = "the dataset database is out of reach"
BACK = "the dataset database answers again"


def test_an_outage_is_logged_as_it_begins_and_ends_with_no_health_check_polled(tmp_path, data_dir, caplog, closing):
    # An SQLite store whose folder is moved away and a file put in its place: it cannot be opened.
    folder = tmp_path / "store"
    app = closing(create_app({"TESTING": True, "DATA_DIR": str(data_dir),
                              "DATABASE_URL": f"sqlite:///{folder / 'svgplots.sqlite'}"}))
    site_of(app).store.database.file_seconds = 0  # each read looks at the file its path names
    client = app.test_client()
    caplog.set_level(logging.INFO)
    for outage, name in ((1, "animals"), (2, "weather")):  # (one read before is answered from memory)
        folder.rename(tmp_path / "away")
        folder.write_text("not a folder")
        urls = (f"/datasets/{name}.json", f"/datasets/{name}.csv", f"/plot/{name}.svg")
        for url in urls:
            assert client.get(url).status_code == 503, url
        assert caplog.text.count(OUT_OF_REACH) == outage  # one line, however many requests it refused
        assert caplog.text.count(BACK) == outage - 1

        folder.unlink()
        (tmp_path / "away").rename(folder)
        for url in urls:
            assert client.get(url).status_code == 200, url
        assert caplog.text.count(BACK) == outage
        assert caplog.text.count(OUT_OF_REACH) == outage
    assert f"{OUT_OF_REACH} (unable to open database file);" in caplog.text  # SQLite's reason, not the 503's words


def test_a_transaction_begun_before_an_outage_and_ending_well_after_it_is_found_logs_no_return(caplog):
    # A PostgreSQL stopped under reads: one request found it gone while another's transaction, begun a
    # moment earlier, was still ending well, and the log said "answers again" a millisecond after "out of
    # reach", then "out of reach" once more, while the server was still going down.
    outage = StoreOutage()
    began, failed = threading.Event(), threading.Event()

    def long_read() -> None:
        with OutageNoted(outage):
            began.set()
            failed.wait(5)

    reader = threading.Thread(target=long_read)
    caplog.set_level(logging.INFO)
    reader.start()
    began.wait(5)
    with pytest.raises(StoreUnavailable), OutageNoted(outage):
        raise StoreUnavailable(UNREACHABLE)
    failed.set()
    reader.join()
    assert caplog.text.count(OUT_OF_REACH) == 1 and BACK not in caplog.text
    with OutageNoted(outage):  # begun once the outage was found: its answer is the database's return
        pass
    assert caplog.text.count(BACK) == 1


def test_an_outage_that_follows_a_database_not_opened_is_logged_and_so_is_its_return_to_that(caplog):
    # An SQLite store file gone beside a log holding changes was logged as not opened, and its folder
    # going away next (a disk unmounted) was not: the log read "cannot be opened", then nothing, then
    # "answers again", though the 503s meanwhile said to wait, not to mend the file.
    outage = StoreOutage()
    caplog.set_level(logging.INFO)
    unopened = "the SQLite file data.db does not exist, and the -wal file beside it holds changes"
    for error in (StoreUnopened(unopened), StoreUnavailable(UNREACHABLE), StoreUnavailable(UNREACHABLE),
                  StoreUnopened(unopened)):
        with pytest.raises(StoreUnavailable), OutageNoted(outage):
            raise error
    lines = [record.getMessage() for record in caplog.records]
    assert len(lines) == 3, lines
    assert lines[0].startswith(f"the dataset database cannot be opened: {unopened}. ")
    assert lines[1].startswith(OUT_OF_REACH)
    assert lines[2].startswith(f"the dataset database cannot be opened: {unopened}. ")
    with OutageNoted(outage):
        pass
    assert caplog.text.count(BACK) == 1


def test_a_source_database_out_of_reach_is_no_outage_of_the_dataset_database(app, client, monkeypatch, caplog):
    def source_unreachable(*args, **kwargs):
        raise SourceUnavailable("the source 'shop' cannot be reached right now")

    monkeypatch.setattr(site_of(app).store, "info", source_unreachable)
    assert client.get("/plot/animals.svg").status_code == 503
    assert "the dataset database is out of reach" not in caplog.text


@pytest.mark.parametrize("url, logged", [
    ("/", "GET / → 500"),
    ("/plot/animals.svg?title=" + "x" * 300, "GET /plot/animals.svg?title=" + "x" * 194 + "… → 500"),
    ("/api/datasets/animals", "GET /api/datasets/animals → 500"),
])
def test_an_unexpected_failure_logs_the_method_url_and_status(app, client, monkeypatch, caplog, url, logged):
    def broken(*args, **kwargs):
        raise RuntimeError("a bug")

    for read in ("names", "info", "infos", "version"):
        monkeypatch.setattr(site_of(app).store, read, broken)
    assert client.get(url).status_code == 500
    assert f"unhandled error: {logged}" in caplog.text
    assert "RuntimeError: a bug" in caplog.text


def _ended(pid: int, seconds: float) -> int | None:
    """The exit status of child `pid` once it ends within `seconds`, else None (it is killed)."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        done, status = os.waitpid(pid, os.WNOHANG)
        if done:
            return os.waitstatus_to_exitcode(status)
        time.sleep(0.05)
    os.kill(pid, signal.SIGKILL)
    os.waitpid(pid, 0)
    return None


def test_a_process_forked_while_a_poll_holds_the_lock_asks_its_own_questions():
    # gunicorn forks its workers from a process whose health check a thread may be asking at that moment.
    questions = health.Questions()
    asking = threading.Thread(target=lambda: None)
    with questions._lock:  # as a poll's thread of the parent holds it as the process forks
        pid = os.fork()
        if pid == 0:  # the child: no thread of it will ever release the parent's lock
            code = 1
            try:
                question = questions.asked(asking.run, logging.getLogger("forked"))
                code = 0 if question.answered.wait(5) and question.outcome is None else 1
            finally:
                os._exit(code)
    assert _ended(pid, 10) == 0


def test_an_outage_line_gives_its_time_and_level_in_a_process_that_logged_nothing_before(data_dir):
    # A gunicorn worker forked from the app built in its master, which logged no warning at its start:
    # the outage's line went out bare, with no time, where a worker that had answered /healthz gave one.
    code = ("from app import create_app; from app.store_outages import StoreOutage; "
            f"create_app({{'TESTING': True, 'DATA_DIR': {str(data_dir)!r}, 'RENDER_WORKERS': 0}}); "
            "StoreOutage().found_down('Connection refused')")
    environment = {name: value for name, value in os.environ.items() if not name.startswith("SVGPLOTS_")}
    done = subprocess.run([sys.executable, "-c", code], cwd=ROOT, env=environment, capture_output=True, text=True,
                          timeout=120)
    assert done.returncode == 0, done.stderr
    assert re.search(r"^\[\d{4}-\d\d-\d\d \d\d:\d\d:\d\d,\d+\] WARNING in store_outages: the dataset database is "
                     r"out of reach \(Connection refused\)", done.stderr, re.MULTILINE), done.stderr
