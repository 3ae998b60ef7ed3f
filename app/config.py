"""Settings: one class per environment; `create_app` picks one, then applies `SVGPLOTS_*`
environment variables (SVGPLOTS_DATA_DIR sets DATA_DIR), then the overrides it was given.

Nothing here reads the environment: `create_app` does, once.
"""
from __future__ import annotations

from pathlib import Path

from plots import Limits

from .store.upload_limits import UploadLimits

ROOT = Path(__file__).resolve().parent.parent
SITE_DIR = ROOT / "site"
SAMPLE_DATA_DIR = SITE_DIR / "data"
DEFAULT_DASHBOARD_DIR = SITE_DIR / "dashboards"
DEFAULT_SOURCES_FILE = SITE_DIR / "sources.toml"
STATIC_DIR = ROOT / "static"


# Settings whose environment variables (SVGPLOTS_<name>) are text as written; Flask reads the
# others as JSON when they parse (SVGPLOTS_RENDER_WORKERS=4 is the number 4).
TEXT_SETTINGS = ("DATA_DIR", "DATABASE_URL", "SOURCES", "WRITE_TOKENS", "RENDER_SERVER", "SECRET_KEY")


class Config:
    """Defaults shared by every environment."""

    # The data folder: the SQLite database (unless DATABASE_URL says otherwise) and extra datasets, every
    # <name>.csv here, read as they are; a file here hides a stored dataset of the same name.
    # None: the app's instance folder (./instance).
    DATA_DIR: str | None = None
    # Where stored datasets live, as a database URL; None: sqlite:///<data folder>/svgplots.sqlite.
    DATABASE_URL: str | None = None
    # How long a write waits for another to finish before answering 503 (seconds).
    STORE_BUSY_TIMEOUT = 5.0
    # Datasets read from the database kept in memory as frames, bounded by their total size in bytes.
    FRAME_CACHE_BYTES = 256 * 1024 * 1024
    # The sources file: databases of the user's own whose tables and queries are datasets too.
    # None: site/sources.toml when there is one; a file named here must exist.
    SOURCES: str | None = None
    # How long one query to a source database may run (seconds; 503 with Retry-After past it).
    SOURCE_TIMEOUT = 10.0
    # The most rows one answer of a source dataset's rows holds (a .json or .csv download); more is a
    # 422 saying how to narrow it. Charts are computed by the database and not bound by this.
    SOURCE_MAX_ROWS = 100_000
    # Tokens that may write (Authorization: Bearer <token>): a list, or one comma-separated string.
    # Empty: writes are refused.
    WRITE_TOKENS: list[str] | str | None = None
    # The largest request body: an uploaded CSV or a batch of rows (413 above it).
    MAX_CONTENT_LENGTH = 10 * 1024 * 1024
    MAX_FORM_MEMORY_SIZE = MAX_CONTENT_LENGTH
    SAMPLE_DATA_DIR = str(SAMPLE_DATA_DIR)
    # The folders whose *.toml files are the dashboards, read at start (a later folder's file of a
    # name wins): a list, or one folder (SVGPLOTS_DASHBOARD_DIRS=/srv/dashboards, or a JSON list).
    DASHBOARD_DIRS = [str(DEFAULT_DASHBOARD_DIR)]
    LIMITS = Limits()
    # One upload or append: rows, columns and characters in one CSV line (checked before any value is typed).
    UPLOAD_LIMITS = UploadLimits()
    # Rendered charts kept in memory, bounded by their total size in bytes.
    RENDER_CACHE_BYTES = 64 * 1024 * 1024
    # How long a page waits for the rows that describe its charts of source datasets in alt text
    # (seconds): a chart its database computes for longer gets words from its spec alone, and its
    # rows go on being read for its image.
    DESCRIBE_WAIT = 1.0
    # Rows shown in the HTML tables of a chart or dataset page.
    TABLE_ROWS = 100
    # How long a browser or proxy may reuse an unversioned chart before revalidating (seconds).
    CHART_MAX_AGE = 0
    # Answer render-cache hits of chart URLs already seen in a small layer ahead of Flask's routing.
    FAST_HITS = True
    # Charts are drawn in worker processes: how many, and the time (seconds) and memory (bytes)
    # one render may take before it is stopped and answered 503. 0 workers draws in-process.
    RENDER_WORKERS = 2
    RENDER_TIMEOUT = 10.0
    RENDER_MEMORY = 2 * 1024**3
    # A chart (or its data) stopped at either limit is answered the same 503 at once when asked again
    # for its data version, rather than drawn again: for how long (seconds), and how many such charts
    # at most (the oldest out first). 0 remembers none.
    RENDER_OVERRUN_SECONDS = 60
    RENDER_OVERRUN_KEYS = 1024
    # How many reverse proxies stand in front of the site. Their X-Forwarded-For, -Proto, -Host and
    # -Prefix headers are then believed (werkzeug's ProxyFix), so that the absolute URLs of embed
    # snippets are the ones readers use (https, the public host). 0: ignored, as anyone can send them.
    PROXIES = 0
    # The address of a render server (`plots.worker`) that forks the render workers; the entry
    # points start one before they import the web app. None: the app starts its own.
    RENDER_SERVER: str | None = None


class DevelopmentConfig(Config):
    """`python run.py` on a laptop."""


class TestingConfig(Config):
    """pytest: the test supplies DATA_DIR."""

    TESTING = True
    # Pages describe every chart, however busy the machine; the tests of the wait set their own.
    DESCRIBE_WAIT = 60.0


class ProductionConfig(Config):
    """gunicorn behind a proxy: charts may be cached a little longer."""

    CHART_MAX_AGE = 60


CONFIGS = {"development": DevelopmentConfig, "testing": TestingConfig, "production": ProductionConfig}
