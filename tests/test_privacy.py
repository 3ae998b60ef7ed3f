"""What the site records and sends about the people who read it: the access log's client addresses, kept
whole, shortened or not at all (LOG_CLIENT_ADDRESSES); no cookie but a form's; no request to another site;
browser features no page uses turned off; a write token never taken from a URL."""
from __future__ import annotations

import functools
import json
import logging
import subprocess
import sys
from datetime import timedelta
from html.parser import HTMLParser
from urllib.parse import urlsplit

import pytest

from app import SettingError, create_app, rendering
from app.client_addresses import gunicorn_logger, logged_address
from app.errors import logged_url
from app.logged_tokens import hidden_tokens
from tests.chart_jobs import slow_render_chart
from tests.conftest import CSV_WRITE, ROOT, WRITE_TOKEN, writable_app
from tests.test_http_server import exchange, serving
from tests.test_serving_gunicorn_settings import CONFIG_FILE, environment

PAGES = ("/", "/d/animals", "/d/stations/rainfall", "/datasets/weather", "/upload", "/datasets/weather/append")
CHARTS = ("/d/animals/all.svg", "/d/animals/all.png", "/d/stations/rainfall.svg", "/d/animals/all.json")


def hello(environ, start_response):
    start_response("200 OK", [("Content-Type", "text/plain"), ("Content-Length", "5")])
    return [b"hello"]


def logged_line(caplog, target: bytes = b"/d/animals/all.svg?region=north", **options) -> str:
    """The line run.py's server logs for one request of `target`, served with SiteServer's `options`."""
    with caplog.at_level(logging.INFO, logger="werkzeug"), serving(hello, **options) as port:
        exchange(port, b"GET " + target + b" HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")
    lines = [record.getMessage() for record in caplog.records if '"GET /' in record.getMessage()]
    assert len(lines) == 1, lines
    return lines[0]


def test_run_py_logs_the_whole_client_address_by_default(caplog):
    assert logged_line(caplog).startswith("127.0.0.1 - - [")


def test_run_py_logs_no_client_address_when_told_off(caplog):
    line = logged_line(caplog, client_addresses="off")
    assert line.startswith("- - - [") and "127.0.0.1" not in line


def test_run_py_logs_the_client_address_shortened_to_its_network(caplog):
    line = logged_line(caplog, client_addresses="shortened")
    assert line.startswith("127.0.0.0 - - [") and "127.0.0.1" not in line


@pytest.mark.parametrize(("address", "shortened"), [
    ("203.0.113.77", "203.0.113.0"),
    ("2001:db8:1:2:3:4:5:6", "2001:db8:1::"),
    ("::ffff:198.51.100.9", "198.51.100.0"),  # IPv4 in IPv6 is shortened as IPv4
    ("unix:/run/site.sock", "unix:/run/site.sock"),  # no IP address: names no person
])
def test_a_shortened_address_keeps_its_network_only(address, shortened):
    assert logged_address(address, "shortened") == shortened
    assert logged_address(address, "off") == "-"
    assert logged_address(address, "full") == address


def test_run_py_logs_no_token_sent_in_a_url(caplog):
    line = logged_line(caplog, b"/api/datasets?name=a&token=s3cret-Value&Access_Token=s3cond")
    assert "s3cret" not in line and "other" not in line
    assert '"GET /api/datasets?name=a&token=[hidden]&Access_Token=[hidden] HTTP/1.1" 200' in line


@pytest.mark.parametrize(("line", "logged"), [
    ("GET /x?token=abc HTTP/1.1", "GET /x?token=[hidden] HTTP/1.1"),
    ("GET /x?a=1;WRITE_TOKEN=abc&b=2 HTTP/1.1", "GET /x?a=1;WRITE_TOKEN=[hidden]&b=2 HTTP/1.1"),
    ("GET /x?tokens=2&mytoken=3 HTTP/1.1", "GET /x?tokens=2&mytoken=3 HTTP/1.1"),  # other parameters kept
    # A name percent-encoded, which the server decodes to a token's name, and an `=` percent-encoded.
    ("GET /x?%74oken=abc&Access%5FToken=d HTTP/1.1", "GET /x?%74oken=[hidden]&Access%5FToken=[hidden] HTTP/1.1"),
    ("GET /x?%54%4f%4B%45%4E=abc HTTP/1.1", "GET /x?%54%4f%4B%45%4E=[hidden] HTTP/1.1"),
    ("GET /x?token%3Dabc&b=2 HTTP/1.1", "GET /x?token%3D[hidden]&b=2 HTTP/1.1"),
])
def test_a_token_parameters_value_is_hidden_in_a_logged_line(line, logged):
    assert hidden_tokens(line) == logged


def test_gunicorns_access_log_names_the_client_as_told():
    from gunicorn.config import Config as GunicornConfig

    class Answer:
        status, sent, headers = "200 OK", 5, []

    environ = {"REMOTE_ADDR": "203.0.113.77", "REQUEST_METHOD": "GET", "RAW_URI": "/api/datasets?token=s3cret",
               "QUERY_STRING": "token=s3cret", "SERVER_PROTOCOL": "HTTP/1.1"}
    for choice, named in (("full", "203.0.113.77"), ("shortened", "203.0.113.0"), ("off", "-")):
        logger = gunicorn_logger(choice)(GunicornConfig())
        atoms = logger.atoms(Answer(), {}, environ, timedelta(seconds=0))
        assert atoms["h"] == named
        assert (atoms["r"], atoms["q"]) == ("GET /api/datasets?token=[hidden] HTTP/1.1", "token=[hidden]")


def test_gunicorn_config_takes_the_setting_from_the_environment():
    code = (f"import runpy; settings = runpy.run_path({str(CONFIG_FILE)!r}); "
            "from gunicorn.config import Config; "
            "print(settings['logger_class'](Config()).atoms(type('A', (), {'status': '200', 'sent': 1, 'headers': []})(), {}, "
            "{'REMOTE_ADDR': '203.0.113.77', 'REQUEST_METHOD': 'GET', 'RAW_URI': '/', 'SERVER_PROTOCOL': 'HTTP/1.1'}, "
            "__import__('datetime').timedelta(0))['h'])")
    done = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, timeout=120,
                          env=environment(LOG_CLIENT_ADDRESSES="shortened"))
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip().splitlines()[-1] == "203.0.113.0"


def test_an_unknown_address_choice_stops_the_start_naming_the_choices(data_dir):
    with pytest.raises(SettingError) as refused:
        create_app({"TESTING": True, "DATA_DIR": str(data_dir), "LOG_CLIENT_ADDRESSES": "none"})
    assert "LOG_CLIENT_ADDRESSES must be" in str(refused.value) and "got 'none'" in str(refused.value)
    assert all(f'"{choice}"' in str(refused.value) for choice in ("full", "shortened", "off"))


@pytest.mark.parametrize("url", PAGES)
def test_pages_turn_off_browser_features_no_page_uses(client, url):
    response = client.get(url)
    assert response.status_code == 200
    policy = dict(part.strip().split("=", 1) for part in response.headers["Permissions-Policy"].split(","))
    for feature in ("camera", "microphone", "geolocation", "browsing-topics"):
        assert policy[feature] == "()", feature


@pytest.mark.parametrize("url", CHARTS + ("/", "/d/animals", "/d/stations/rainfall", "/datasets/weather"))
def test_charts_and_pages_without_a_form_set_no_cookie(client, url):
    response = client.get(url, headers={"Referer": "https://news.example/story"})
    assert response.status_code == 200
    assert response.headers.getlist("Set-Cookie") == []


@pytest.mark.parametrize("url", ["/upload", "/datasets/weather/append"])
def test_a_forms_one_cookie_is_its_csrf_token_for_the_session_same_site_and_hidden_from_scripts(client, url):
    cookies = client.get(url).headers.getlist("Set-Cookie")
    assert len(cookies) == 1 and cookies[0].startswith("svgplots_csrf=")
    attributes = [part.strip().lower() for part in cookies[0].split(";")[1:]]
    assert "httponly" in attributes and "samesite=strict" in attributes
    assert not any(part.startswith(("expires", "max-age")) for part in attributes)  # gone with the browser
    assert "secure" not in attributes  # plain http here; over https it is Secure:
    secure = client.get(url, base_url="https://localhost").headers.getlist("Set-Cookie")
    assert "secure" in [part.strip().lower() for part in secure[0].split(";")]


class Resources(HTMLParser):
    """The URLs a page's tags load or link to (src, href, action, srcset)."""

    def __init__(self) -> None:
        super().__init__()
        self.urls: list[str] = []

    def handle_starttag(self, tag, attrs):
        for name, value in attrs:
            if name in ("src", "href", "action") and value:
                self.urls.append(value)
            if name == "srcset" and value:
                self.urls += [part.split()[0] for part in value.split(",") if part.strip()]


@pytest.mark.parametrize("url", PAGES)
def test_pages_load_nothing_from_another_site_and_link_to_none(client, url):
    parser = Resources()
    parser.feed(client.get(url).get_data(as_text=True))
    assert parser.urls
    elsewhere = [found for found in parser.urls if urlsplit(found).netloc not in ("", "localhost")]
    assert elsewhere == []
    assert "default-src 'none'" in client.get(url).headers["Content-Security-Policy"]


def test_a_write_token_in_the_url_is_never_taken(data_dir):
    client = writable_app(data_dir).test_client()
    body = json.dumps({"name": "tokens", "csv": "x,y\n1,2\n"})
    for query in (f"token={WRITE_TOKEN}", f"access_token={WRITE_TOKEN}"):
        response = client.post(f"/api/datasets?{query}", data=body, content_type="application/json")
        assert response.status_code == 401, response.get_data(as_text=True)
    assert client.get("/api/datasets/tokens").status_code == 404


@pytest.mark.parametrize(("query", "logged"), [
    ("token=secret&Access_Token=s3cond", "token=[hidden]&Access_Token=[hidden]"),
    ("%74oken=secret", "%74oken=[hidden]"),  # a name percent-encoded, which the server reads as token
])
def test_an_unexpected_failures_log_line_hides_a_token_sent_in_the_url(app, client, monkeypatch, caplog, query,
                                                                      logged):
    def broken(*args, **kwargs):
        raise RuntimeError("a bug")

    for read in ("names", "info", "infos", "version"):
        monkeypatch.setattr(app.extensions["svgplots"].store, read, broken)
    assert client.get(f"/plot/animals.svg?{query}").status_code == 500
    assert f"unhandled error: GET /plot/animals.svg?{logged} → 500" in caplog.text
    assert not [record for record in caplog.records if "secret" in record.getMessage() or "s3cond" in record.getMessage()]


def test_a_logged_url_hides_a_token_after_a_semicolon_of_its_path_as_the_access_log_does(app):
    with app.test_request_context("/plot/animals.svg;token=secret?y=Bear&%74oken=s3cond"):
        assert logged_url() == "/plot/animals.svg;token=[hidden]?y=Bear&%74oken=[hidden]"
    assert hidden_tokens("GET /plot/animals.svg;token=secret HTTP/1.1") == "GET /plot/animals.svg;token=[hidden] HTTP/1.1"


def test_a_render_stops_log_line_hides_a_token_sent_in_the_url(data_dir, monkeypatch, caplog):
    caplog.set_level(logging.INFO)
    site = writable_app(data_dir, RENDER_WORKERS=1, RENDER_TIMEOUT=1.0)
    client = site.test_client()
    assert client.post("/api/datasets?name=pairs", data="i,v\n1,1\n2,4\n", headers=CSV_WRITE).status_code == 201
    monkeypatch.setattr(rendering, "render_chart", functools.partial(slow_render_chart, 60.0))
    # A chart URL takes no `token` parameter, but a value may hold one after a ; (a title here).
    assert client.get("/plot/pairs.svg?y=v&title=x;write_token=secret").status_code == 503
    [stop] = [record for record in caplog.records if record.name == "app.made_once"]
    assert stop.getMessage().startswith("/plot/pairs.svg?y=v&title=x;write_token=[hidden], of dataset 'pairs'")
    assert not [record for record in caplog.records if "secret" in record.getMessage()]

