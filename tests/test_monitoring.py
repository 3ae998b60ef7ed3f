"""What an operator watching the site gets: /metrics in Prometheus' text format, for the holder of
METRICS_TOKEN, summed over every process; and a request id on every answer, carried by its log records (the
lines the site prints end with it) and on a 500."""
from __future__ import annotations

import io
import logging
import os
import re
import threading

import pytest
from flask.logging import default_handler
from prometheus_client.parser import text_string_to_metric_families

from app import SettingError, create_app, rendering
from app.metrics import SiteMetrics
from app.store import sql_names
from tests.sample_store import app_on_samples
from tests.source_data import sources_toml, write_sqlite
from tests.test_names_in_sql import keyword_frame

TOKEN = "metrics-token-0123456789"
SCRAPE = {"Authorization": f"Bearer {TOKEN}"}


@pytest.fixture
def watched(data_dir):
    """A site with /metrics on."""
    return app_on_samples({"TESTING": True, "DATA_DIR": str(data_dir), "RENDER_WORKERS": 0, "METRICS_TOKEN": TOKEN})


def figures(client) -> dict[tuple[str, tuple], float]:
    """The samples /metrics gives, read by Prometheus' own parser: (name, sorted labels) → value."""
    response = client.get("/metrics", headers=SCRAPE)
    assert response.status_code == 200
    assert response.headers["Content-Type"].startswith("text/plain; version=0.0.4")
    return {(s.name, tuple(sorted(s.labels.items()))): s.value
            for family in text_string_to_metric_families(response.get_data(as_text=True)) for s in family.samples}


def test_metrics_are_off_by_default(app):
    assert app.test_client().get("/metrics", headers=SCRAPE).status_code == 404


@pytest.mark.parametrize("headers, why", [({}, "carries no token"),
                                          ({"Authorization": "Bearer wrong"}, "not METRICS_TOKEN")])
def test_metrics_without_the_token_are_a_401_no_cache_keeps(watched, headers, why):
    response = watched.test_client().get("/metrics", headers=headers)
    assert response.status_code == 401
    assert why in response.get_data(as_text=True)
    assert response.headers["WWW-Authenticate"].startswith("Bearer")
    assert response.headers["Cache-Control"] == "no-store"


def test_metrics_are_never_cached_nor_indexed(watched):
    response = watched.test_client().get("/metrics", headers=SCRAPE)
    assert response.status_code == 200
    assert response.headers["Cache-Control"] == "no-store"
    assert response.headers["X-Robots-Tag"] == "noindex"


def test_requests_are_counted_by_kind_and_status_class_and_refusals_by_status(watched):
    client = watched.test_client()
    assert client.get("/plot/animals.svg").status_code == 200
    assert client.get("/plot/animals.csv").status_code == 200
    assert client.get("/d/animals").status_code == 200
    assert client.get("/api/datasets").status_code == 200
    assert client.get("/plot/animals.svg?kind=nosuch").status_code == 400
    assert client.get("/d/nosuch").status_code == 404
    seen = figures(client)
    assert seen[("svgplots_requests_total", (("kind", "chart"), ("status", "2xx")))] == 1
    assert seen[("svgplots_requests_total", (("kind", "chart"), ("status", "4xx")))] == 1
    assert seen[("svgplots_requests_total", (("kind", "data"), ("status", "2xx")))] == 1
    assert seen[("svgplots_requests_total", (("kind", "page"), ("status", "2xx")))] == 1
    assert seen[("svgplots_requests_total", (("kind", "page"), ("status", "4xx")))] == 1
    assert seen[("svgplots_requests_total", (("kind", "api"), ("status", "2xx")))] == 1
    assert seen[("svgplots_refusals_total", (("status", "400"),))] == 1
    assert seen[("svgplots_refusals_total", (("status", "404"),))] == 1


def test_a_dashboard_report_is_its_own_kind(watched):
    client = watched.test_client()
    client.get("/d/animals.pdf")
    assert any(name == "svgplots_requests_total" and ("kind", "report") in labels for name, labels in figures(client))


def test_render_seconds_are_a_histogram_by_format_and_cache_hits_and_misses_counted(watched):
    client = watched.test_client()
    for _ in range(2):
        assert client.get("/plot/animals.svg").status_code == 200
    assert client.get("/plot/animals.png").status_code == 200
    seen = figures(client)
    assert seen[("svgplots_render_seconds_count", (("format", "svg"),))] == 1  # the second was the cache's
    assert seen[("svgplots_render_seconds_count", (("format", "png"),))] == 1
    assert seen[("svgplots_render_seconds_bucket", (("format", "svg"), ("le", "+Inf")))] == 1
    assert seen[("svgplots_render_seconds_sum", (("format", "svg"),))] > 0
    assert seen[("svgplots_chart_cache_total", (("result", "hit"),))] == 1
    assert seen[("svgplots_chart_cache_total", (("result", "miss"),))] == 2


def test_labels_never_carry_what_a_visitor_typed(watched):
    client = watched.test_client()
    client.get("/plot/typedname.svg?y=typedcolumn")
    client.get("/plot/animals.svg?title=typedtitle")
    client.get("/typedpath")
    figures(client)  # Prometheus' parser reads it
    text = client.get("/metrics", headers=SCRAPE).get_data(as_text=True)
    assert "svgplots_requests_total" in text and "typed" not in text


def test_a_render_stopped_at_the_limit_is_counted_by_kind(data_dir, monkeypatch):
    released = threading.Event()
    shaped = rendering.chart_frame

    def slow(*args, **kwargs):
        released.wait(60)
        return shaped(*args, **kwargs)

    monkeypatch.setattr(rendering, "chart_frame", slow)
    app = create_app({"TESTING": True, "DATA_DIR": str(data_dir), "RENDER_WORKERS": 1, "RENDER_TIMEOUT": 0.5,
                      "METRICS_TOKEN": TOKEN})
    client = app.test_client()
    try:
        assert client.get("/plot/weather.json?y=temperature_c").status_code == 503
    finally:
        released.set()
    assert figures(client)[("svgplots_render_stops_total", (("kind", "data"),))] == 1


def test_a_source_s_failures_are_counted_by_its_name(tmp_path, monkeypatch):
    monkeypatch.setattr(sql_names, "sqlite_keywords", lambda: frozenset())  # SQL the source refuses
    url = write_sqlite(tmp_path / "bare.db", {"readings": keyword_frame(20)})
    sources = sources_toml(tmp_path / "sources.toml", {"shop": {"url": url}},
                           {"readings": {"source": "shop", "table": "readings"}})
    (tmp_path / "data").mkdir()
    app = app_on_samples({"TESTING": True, "DATA_DIR": str(tmp_path / "data"), "SOURCES": str(sources),
                          "RENDER_WORKERS": 0, "METRICS_TOKEN": TOKEN})
    client = app.test_client()
    assert client.get("/plot/readings.svg?x=when&y=nothing").status_code == 422
    assert figures(client)[("svgplots_source_failures_total", (("source", "shop"),))] >= 1
    app.extensions["svgplots"].store.close()


def test_a_forked_worker_s_counts_are_in_every_worker_s_figures(tmp_path):
    # As gunicorn forks its workers from the master that built the app: each counts in a file of its own.
    folder = tmp_path / "metrics"
    site = SiteMetrics(folder)
    site.add("svgplots_requests_total", kind="chart", status="2xx")
    pid = os.fork()
    if pid == 0:  # the other worker
        try:
            site.add("svgplots_requests_total", 2, kind="chart", status="2xx")
            site.flush()
        finally:
            os._exit(0)
    os.waitpid(pid, 0)
    assert site.totals()[("svgplots_requests_total", (("kind", "chart"), ("status", "2xx")))] == 3


def test_the_metrics_folder_is_emptied_as_the_site_starts(tmp_path):
    folder = tmp_path / "metrics"
    folder.mkdir()
    (folder / "123-old.json").write_text('[["svgplots_requests_total", [["kind", "chart"], ["status", "2xx"]], 9]]')
    assert SiteMetrics(folder).totals() == {}


def test_every_answer_carries_a_request_id_of_its_own(app):
    client = app.test_client()
    first, second = client.get("/plot/animals.svg"), client.get("/nosuch")
    assert re.fullmatch(r"[0-9a-f]{16}", first.headers["X-Request-Id"])
    assert re.fullmatch(r"[0-9a-f]{16}", second.headers["X-Request-Id"])
    assert first.headers["X-Request-Id"] != second.headers["X-Request-Id"]


@pytest.mark.parametrize("given, kept", [("7f1c0e7a9b2d4c5e8f90a1b2c3d4e5f6", True), ("a b", False),
                                         ("x" * 65, False), ("id\u00e9", False)])
def test_a_proxy_s_request_id_is_kept_when_it_is_a_short_token(data_dir, given, kept):
    app = app_on_samples({"TESTING": True, "DATA_DIR": str(data_dir), "RENDER_WORKERS": 0, "PROXIES": 1})
    answered = app.test_client().get("/healthz", headers={"X-Request-Id": given}).headers["X-Request-Id"]
    assert (answered == given) is kept
    assert re.fullmatch(r"[A-Za-z0-9._:+=@-]{1,64}", answered)


def test_a_client_s_request_id_is_not_believed_without_a_proxy(app):
    answered = app.test_client().get("/healthz", headers={"X-Request-Id": "chosen-by-client"})
    assert answered.headers["X-Request-Id"] != "chosen-by-client"


def test_a_500_page_shows_its_request_id_and_its_log_record_carries_it_its_line_ends_with_it(data_dir, monkeypatch,
                                                                                           caplog):
    app = app_on_samples({"TESTING": True, "DATA_DIR": str(data_dir), "RENDER_WORKERS": 0,
                          "PROPAGATE_EXCEPTIONS": False})

    def broken(*args, **kwargs):
        raise RuntimeError("a bug")

    monkeypatch.setattr(app.extensions["svgplots"].store, "names", broken)
    monkeypatch.setattr(app.extensions["svgplots"].store, "infos", broken)
    with caplog.at_level(logging.ERROR, logger="app"):
        response = app.test_client().get("/")
    assert response.status_code == 500
    rid = response.headers["X-Request-Id"]
    assert f"request id {rid}: quote it" in response.get_data(as_text=True)
    # The message as logged, for any handler (a JSON formatter's, Sentry's): the id was written into it.
    [record] = [r for r in caplog.records if "unhandled error" in r.getMessage()]
    assert record.getMessage() == "unhandled error: GET / → 500" and record.request_id == rid
    first, *traceback = default_handler.format(record).splitlines()
    assert first.endswith(f"ERROR in errors: unhandled error: GET / → 500 [request {rid}]"), first
    assert traceback[0] == "Traceback (most recent call last):" and traceback[-1] == "RuntimeError: a bug"


def test_flask_s_own_handler_prints_the_app_s_lines_and_an_operator_removes_it_as_flask_s_documentation_says(
        data_dir, monkeypatch, capsys):
    # Where no handler takes the app's lines (the test run's own, on the root logger, are not its parents' here),
    # Flask gives the app's logger its handler, `default_handler`: its lines end with the request's id. Removed as
    # Flask's documentation says (`app.logger.removeHandler(default_handler)`), it leaves them to an operator's own.
    monkeypatch.setattr(logging.getLogger("app"), "propagate", False)
    monkeypatch.setattr(logging.getLogger("app"), "handlers", [])
    app = app_on_samples({"TESTING": True, "DATA_DIR": str(data_dir), "RENDER_WORKERS": 0,
                          "PROPAGATE_EXCEPTIONS": False})
    assert logging.getLogger("app").handlers == [default_handler]
    monkeypatch.setattr(app.extensions["svgplots"].store, "names", lambda *a, **k: 1 / 0)
    monkeypatch.setattr(app.extensions["svgplots"].store, "infos", lambda *a, **k: 1 / 0)
    capsys.readouterr()
    response = app.test_client().get("/")
    assert response.status_code == 500
    first, *traceback = capsys.readouterr().err.splitlines()
    assert re.fullmatch(r"\[\d{4}-\d\d-\d\d \d\d:\d\d:\d\d,\d{3}\] ERROR in errors: unhandled error: GET / → 500 "
                        rf"\[request {response.headers['X-Request-Id']}\]", first), first
    assert traceback[0] == "Traceback (most recent call last):" and traceback[-1] == "ZeroDivisionError: division by zero"
    app.logger.removeHandler(default_handler)
    own = logging.StreamHandler(io.StringIO())
    own.setFormatter(logging.Formatter("%(request_id)s %(message)s"))
    app.logger.addHandler(own)
    response = app.test_client().get("/")
    assert response.status_code == 500 and capsys.readouterr().err == ""
    assert own.stream.getvalue().startswith(f"{response.headers['X-Request-Id']} unhandled error: GET / → 500\n")


def test_a_render_stop_s_log_line_names_its_request(data_dir, monkeypatch, caplog):
    released = threading.Event()
    shaped = rendering.chart_frame
    monkeypatch.setattr(rendering, "chart_frame", lambda *a, **k: (released.wait(60), shaped(*a, **k))[1])
    app = create_app({"TESTING": True, "DATA_DIR": str(data_dir), "RENDER_WORKERS": 1, "RENDER_TIMEOUT": 0.5})
    with caplog.at_level(logging.WARNING, logger="app"):
        try:
            response = app.test_client().get("/plot/weather.csv?y=temperature_c")
        finally:
            released.set()
    assert response.status_code == 503
    [record] = [r for r in caplog.records if "stopped at" in r.getMessage()]
    assert record.request_id == response.headers["X-Request-Id"]
    assert record.getMessage().endswith(", stopped at the render time limit of 0.5 s"), record.getMessage()
    assert default_handler.format(record).endswith(f"of 0.5 s [request {record.request_id}]")


def test_a_log_record_outside_a_request_carries_no_id_and_its_line_none(app, caplog):
    with caplog.at_level(logging.WARNING, logger="app"):
        logging.getLogger("app.dashboard_files").warning("said at no request")
    [record] = caplog.records
    assert record.request_id is None
    assert default_handler.format(record).endswith("WARNING in test_monitoring: said at no request")


@pytest.mark.parametrize("token, words", [("a b", "of visible ASCII characters and no spaces"), ("", "set but blank"),
                                          (5, "got 5")])
def test_a_metrics_token_no_header_can_carry_stops_the_start(data_dir, token, words):
    with pytest.raises(SettingError, match=words):
        create_app({"TESTING": True, "DATA_DIR": str(data_dir), "RENDER_WORKERS": 0, "METRICS_TOKEN": token})


def test_a_metrics_token_of_digits_from_the_environment_is_taken_as_written(data_dir, monkeypatch):
    monkeypatch.setenv("SVGPLOTS_METRICS_TOKEN", "0123456789")  # not the number JSON would read
    client = app_on_samples({"TESTING": True, "DATA_DIR": str(data_dir), "RENDER_WORKERS": 0}).test_client()
    assert client.get("/metrics", headers={"Authorization": "Bearer 0123456789"}).status_code == 200
