"""Fixtures: a fresh app per test over the sample data plus a temporary data folder."""
from __future__ import annotations

import atexit
import os
import re
import shutil
import socket
import tempfile
import threading
from datetime import datetime
from pathlib import Path

import pytest
from flask import Flask
from hypothesis import strategies as st
from werkzeug.serving import make_server

from app.config import SAMPLE_DATA_DIR, STATIC_DIR
from app.views import dataset_rows
from plots.text import WHITESPACE_CONTROLS, refused_character
from app.http_server import SiteRequestHandler
from tests.sample_store import app_on_samples, loaded_samples

ROOT = Path(__file__).resolve().parent.parent

# No test writes into the checkout or into a data folder of the shell's: a site started without
# one (run.py, `run.py shots`, create_app without DATA_DIR) keeps its database in a temporary one.
_SESSION_DATA_DIR = tempfile.mkdtemp(prefix="svgplots-tests-")
os.environ["SVGPLOTS_DATA_DIR"] = _SESSION_DATA_DIR
atexit.register(shutil.rmtree, _SESSION_DATA_DIR, ignore_errors=True)
# PostgreSQL for the tests of both store backends: `postgres_url`, `store_url` and friends; the
# source tables in SQLite and PostgreSQL, `source_db`, and a site over a source, `source_client`.
pytest_plugins = ["tests.postgres", "tests.source_data"]


@pytest.fixture(scope="session", autouse=True)
def sample_store() -> Path:
    """The store of the samples the fixtures' apps start on copies of (`tests/sample_store.py`),
    made before any test sets an SVGPLOTS_ variable its own apps read."""
    return loaded_samples()


@pytest.fixture
def data_dir(tmp_path: Path) -> Path:
    """An empty folder for extra datasets."""
    folder = tmp_path / "data"
    folder.mkdir()
    return folder


@pytest.fixture
def app(data_dir: Path):
    """The app on the sample data and `data_dir`."""
    return app_on_samples({"TESTING": True, "DATA_DIR": str(data_dir)})


# The write token of `writable_app`, and request headers that carry it.
WRITE_TOKEN = "test-write-token-0123456789"
CSV_WRITE = {"Authorization": f"Bearer {WRITE_TOKEN}", "Content-Type": "text/csv"}
JSON_WRITE = {"Authorization": f"Bearer {WRITE_TOKEN}", "Content-Type": "application/json"}


def writable_app(data_dir: Path, **settings):
    """The app on the sample data and `data_dir`, accepting writes with WRITE_TOKEN."""
    return app_on_samples({"TESTING": True, "DATA_DIR": str(data_dir), "WRITE_TOKENS": WRITE_TOKEN, **settings})


def created(client, name: str, body: str) -> dict:
    """The answer to creating dataset `name` of CSV `body` through the API, which must be a 201."""
    answer = client.post(f"/api/datasets?name={name}", data=body, headers=CSV_WRITE)
    assert answer.status_code == 201, answer.get_data(as_text=True)
    return answer.get_json()


def site_holding(data_dir: Path, datasets: dict[str, str]):
    """A test client of the writable app (`writable_app`) holding `datasets` (name -> CSV text), each created
    through the API."""
    client = writable_app(data_dir).test_client()
    for name, body in datasets.items():
        created(client, name, body)
    return client


def dashboard_site(tmp_path: Path, files: dict[str, str], board: str):
    """An app whose data folder holds `files` (name -> CSV text) and whose one dashboard, `m`, is `board`."""
    data, boards = tmp_path / "data", tmp_path / "boards"
    data.mkdir(exist_ok=True)
    boards.mkdir(exist_ok=True)
    for name, text in files.items():
        (data / name).write_text(text, encoding="utf-8")
    (boards / "m.toml").write_text(board, encoding="utf-8")
    return app_on_samples({"TESTING": True, "DATA_DIR": str(data), "DASHBOARD_DIRS": [str(boards)]})


def daily_shop(tmp_path: Path, data_dir: Path):
    """A test client of a site whose dashboard `shop` opens on the rows from 2024-12-01 and draws a
    bar chart of a year's daily rows, `days` (a few bars over the range it opens on, more than a bar
    chart may show over the year), then the animals, `bears`."""
    from app import create_app
    days = [f"2024-{month:02d}-{day:02d}" for month in range(1, 13) for day in range(1, 29)]
    (data_dir / "daily.csv").write_text("day,sales\n" + "".join(f"{d},{i}\n" for i, d in enumerate(days)))
    folder = tmp_path / "boards"
    folder.mkdir()
    (folder / "shop.toml").write_text('time_column = "day"\nfrom = 2024-12-01\n'
                                      '[[charts]]\nid = "days"\ndataset = "daily"\nkind = "bar"\nx = "day"\n'
                                      '[[charts]]\nid = "bears"\ndataset = "animals"\n')
    return create_app({"TESTING": True, "DATA_DIR": str(data_dir), "DASHBOARD_DIRS": [str(folder)]}).test_client()


def chart_v(app, version: str | int) -> str:
    """The `v` the site writes into an ad-hoc chart's URL (/plot/) of a dataset at `version`."""
    from app.views.chart_versions import image_version
    with app.test_request_context():
        return image_version(str(version), {})


@pytest.fixture
def closing():
    """`closing(app_or_store)` gives it back and closes its connections when the test ends: an app
    or store over a PostgreSQL database or source keeps its connections open for its life, and one
    dropped open leaves them to the garbage collector, whose warning lands in a later test."""
    made = []

    def close_at_end(app_or_store):
        made.append(app_or_store)
        return app_or_store

    yield close_at_end
    for app_or_store in made:
        (app_or_store.extensions["svgplots"].store if isinstance(app_or_store, Flask) else app_or_store).close()


@pytest.fixture
def proxied(data_dir: Path, closing):
    """The app on the sample data behind one proxy (PROXIES 1), trusting the forwarded host
    charts.example.org alone."""
    from app import create_app
    return closing(create_app({"TESTING": True, "DATA_DIR": str(data_dir), "PROXIES": 1, "RENDER_WORKERS": 0,
                               "TRUSTED_HOSTS": ["charts.example.org"]}))


@pytest.fixture
def client(app):
    """A test client of `app`."""
    return app.test_client()


@pytest.fixture
def in_process_client(data_dir: Path):
    """A test client of the app on the sample data and `data_dir`, accepting writes with WRITE_TOKEN and
    drawing in this process, so that a warning matplotlib or numpy gives is seen by the test."""
    return writable_app(data_dir, RENDER_WORKERS=0).test_client()


@pytest.fixture
def animals_frame():
    """The animals sample as the store reads it."""
    from app.store import CsvStore

    return CsvStore([SAMPLE_DATA_DIR]).read("animals").frame


def json_rows(client, url: str) -> list[list]:
    """The rows of a chart's JSON data URL, which must answer 200."""
    response = client.get(url)
    assert response.status_code == 200, response.data[:300]
    return response.get_json()["rows"]


def refusal(client, url: str, status: int = 400) -> str:
    """The message of the refusal (a 400 unless `status` says otherwise) that `url` answers."""
    answer = client.get(url)
    assert answer.status_code == status, answer.get_data(as_text=True)
    return answer.get_json()["error"]


def chart_url_descriptions(client, parameter: str) -> dict[str, str]:
    """The description the OpenAPI document gives `parameter` on each chart URL (`/plot/…` and a dashboard
    chart's), by path: a KeyError where one of them lists no such parameter."""
    document = client.get("/api/openapi.json").get_json()
    described = {}
    for path in document["paths"]:
        if path.startswith(("/plot/", "/d/{dashboard}/{chart}.")):
            parameters = {p["name"]: p for p in document["paths"][path]["get"].get("parameters", [])}
            described[path] = parameters[parameter]["description"]
    return described


def described(svg: bytes) -> str:
    """The words of a chart's SVG: its <desc>, as an SVG writes them."""
    return re.search(r"<desc[^>]*>([^<]*)</desc>", svg.decode()).group(1)


def names(client) -> list[str]:
    """The names of the datasets the site lists."""
    return [d["name"] for d in client.get("/api/datasets").get_json()["datasets"]]


def rows_of(client, name: str) -> list[list]:
    """A dataset's stored rows, as its .json gives them."""
    return client.get(f"/datasets/{name}.json").get_json()["rows"]


def csrf_of(page) -> str:
    """The CSRF token a page's form carries."""
    return re.search(r'name="csrf_token" value="([^"]+)"', page.get_data(as_text=True))[1]


def csrf_at(client, url: str) -> str:
    """The CSRF token of the form at `url`."""
    return csrf_of(client.get(url))


def created_warnings(client, name: str, body: str) -> list[dict]:
    """The warnings of the answer to creating dataset `name` from the CSV `body` through the API (a 201)."""
    answer = client.post(f"/api/datasets?name={name}", data=body, headers=CSV_WRITE)
    assert answer.status_code == 201, answer.get_data(as_text=True)
    return answer.get_json()["warnings"]


# The app's CLOCK setting in a test: a naive UTC `datetime` that stays put until the test moves it.
class Clock:
    """A clock a test can move."""

    def __init__(self, now: datetime):
        self.now = now

    def __call__(self) -> datetime:
        return self.now


def headers_but_id(response) -> dict[str, str]:
    """`response`'s headers but its X-Request-Id, which each answer has its own of: for comparing two answers."""
    return {name: value for name, value in response.headers.items() if name != "X-Request-Id"}


def recorded(monkeypatch, owner, name: str, calls: list) -> None:
    """Record in `calls` what `owner.name` returns."""
    computed = getattr(owner, name)

    def recording(*args, **kwargs):
        calls.append(computed(*args, **kwargs))
        return calls[-1]

    monkeypatch.setattr(owner, name, recording)


def message_of(line: str) -> str:
    """An app log line as the site prints it, without the id of the request it was logged in, which ends it
    (`app/request_watch.py`): the words a test compares. A log record's message holds no id."""
    return re.sub(r" \[request [^\]\s]+\]$", "", line)


def free_port() -> int:
    """A TCP port on 127.0.0.1 that nothing listens on right now."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def copy_sample(name: str, folder: Path) -> Path:
    """Copy a sample CSV into `folder` and return its path."""
    return Path(shutil.copy(SAMPLE_DATA_DIR / f"{name}.csv", folder / f"{name}.csv"))


def pytest_collection_modifyitems(items):
    """A run split over several processes (tests/run.sh, pytest-xdist's `--dist loadgroup`) gives each
    test file whole to one of them, its tests in their order, as one process runs them (a module's
    fixtures made once, a test after those before it); the browser's tests all to one, where one
    Chromium and one live server, started once, serve them."""
    browser = ROOT / "tests" / "browser"
    for item in items:
        group = "browser" if browser in item.path.parents else item.path.relative_to(ROOT).as_posix()
        item.add_marker(pytest.mark.xdist_group(group))


def pytest_addoption(parser):
    parser.addoption("--update-hashes", action="store_true",
                     help="rewrite tests/chart_hashes.json from the charts as they are drawn now")


def storable_text(min_size: int = 0, max_size: int = 20):
    """Any text a dataset keeps: what the site's text rule (`plots/text.py`) lets through, tabs
    and line breaks included; the rest (controls, line separators, bidirectional controls) is
    refused on write."""
    chars = st.characters(codec="utf-8").filter(lambda ch: refused_character(ch, WHITESPACE_CONTROLS) is None)
    return st.text(chars, min_size=min_size, max_size=max_size)


# Ten rows: five pieces of two.
BIG = "day,n\n" + "".join(f"2025-01-{day:02d},{day}\n" for day in range(1, 11))


@pytest.fixture
def served(tmp_path, monkeypatch):
    """A site with a stored dataset `big` of ten rows, streamed two rows at a time, served on 127.0.0.1
    by run.py's server: (its port, its app)."""
    monkeypatch.setattr(dataset_rows, "STREAM_PAST_ROWS", 2)
    monkeypatch.setattr(dataset_rows, "ROWS_PER_CHUNK", 2)
    app = writable_app(tmp_path, RENDER_WORKERS=0)
    created = app.test_client().post("/api/datasets?name=big", data=BIG, headers=CSV_WRITE)
    assert created.status_code == 201, created.get_data(as_text=True)
    server = make_server("127.0.0.1", free_port(), app, threaded=True, request_handler=SiteRequestHandler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield server.server_port, app
    finally:
        server.shutdown()
        thread.join(10)
        server.server_close()


def site_on(static_dir, data_dir):
    """A test client of the site serving its static files from `static_dir`."""
    app = app_on_samples({"TESTING": True, "DATA_DIR": str(data_dir), "RENDER_WORKERS": 0})
    app.static_folder = str(static_dir)
    return app.test_client()


@pytest.fixture
def two_copies(tmp_path, data_dir):
    """Two clients serving copies of the static folder, its files written a day apart."""
    clients = []
    for n, when in enumerate((1_700_000_000, 1_700_086_400)):
        folder = shutil.copytree(STATIC_DIR, tmp_path / f"copy{n}" / "static")
        for name in os.listdir(folder):
            os.utime(folder / name, (when, when))
        clients.append(site_on(folder, data_dir))
    return clients


def assert_close_waits(close, release: threading.Event, *readers: threading.Thread) -> None:
    """`close()`, run in a thread while `readers` hold a connection until `release` is set, waits for them
    (still running a moment later), then ends once they have."""
    closer = threading.Thread(target=close)
    closer.start()
    closer.join(0.3)
    assert closer.is_alive()  # waiting for the read
    release.set()
    for reader in readers:
        reader.join(30)
    closer.join(30)
    assert not closer.is_alive()
