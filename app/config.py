"""Settings: one class per environment; `create_app` picks one, then applies `SVGPLOTS_*`
environment variables (SVGPLOTS_DATA_DIR sets DATA_DIR), then the overrides it was given.

Nothing here reads the environment: `create_app` does, once.
"""
from __future__ import annotations

import difflib
import threading
from collections.abc import Callable, Iterable
from datetime import datetime, timedelta
from pathlib import Path

from plots import Limits
from plots.text import listed_value

from .setting_checks import Allowed, hosts, number, one_of_type, or_none, path, text, tokens, whole
from .store.chosen_rows import CHOSEN_ROWS_BYTES
from .store.site_parts import KEPT_CHART_BYTES, SOURCE_CHART_BYTES
from .store.upload_limits import UploadLimits
from .usable_cpus import usable_cpus

ROOT = Path(__file__).resolve().parent.parent
SITE_DIR = ROOT / "site"
SAMPLE_DATA_DIR = SITE_DIR / "data"
DEFAULT_DASHBOARD_DIR = SITE_DIR / "dashboards"
DEFAULT_SOURCES_FILE = SITE_DIR / "sources.toml"
STATIC_DIR = ROOT / "static"
# The file in the data folder that keeps the stored datasets, when DATABASE_URL names no other database.
STORE_FILE = "svgplots.sqlite"


class SettingError(ValueError):
    """A setting of the site (its environment name, PROXIES, SOURCE_MAX_ROWS, …) that it cannot start with."""


def shown_setting(value: object) -> str:
    """A setting's value as its refusal quotes it: text as the site's refusals quote a name or a value
    (`listed_value`: 'a\\\\b', 'cafe\\u0301' apart from 'café'), in a list or a tuple too; anything else
    as Python writes it (None, 2.5, True)."""
    if isinstance(value, str):
        return listed_value(value)
    if isinstance(value, (list, tuple)):
        items = ", ".join(shown_setting(item) for item in value)
        return f"[{items}]" if isinstance(value, list) else f"({items}{',' if len(value) == 1 else ''})"
    return repr(value)


# The settings whose None is a default that blank text would give unsaid (SVGPLOTS_DATA_DIR= of an
# env file whose own variable is unset), refused instead: what each takes, and what None gives.
NOT_BLANK = {"DATA_DIR": ("the data folder's path", "the app's instance folder (./instance)"),
             "DATABASE_URL": ("a database URL", "the data folder's SQLite file"),
             "SOURCES": ("the sources file's path", "site/sources.toml when there is one")}


def blank_setting_refusal(setting: str, unset: str) -> str:
    """What a refusal of a blank value of `setting` (of NOT_BLANK) says to do: give what it takes, or
    `unset` it ("unset it", "leave --data-dir out") for its default."""
    takes, default = NOT_BLANK[setting]
    return f"give {takes}, or {unset} for {default}"


# Settings whose environment variables (SVGPLOTS_<name>) are text as written; Flask reads the
# others as JSON when they parse (SVGPLOTS_RENDER_WORKERS=4 is the number 4).
TEXT_SETTINGS = ("DATA_DIR", "DATABASE_URL", "SOURCES", "WRITE_TOKENS", "SAMPLE_DATA_DIR", "RENDER_SERVER",
                 "SECRET_KEY", "APPLICATION_ROOT", "SERVER_NAME", "METRICS_TOKEN")


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
    # How long a transaction of a PostgreSQL store waits for its server's answers before it answers 503 (seconds).
    STORE_ANSWER_TIMEOUT = 30.0
    # How many connections to the dataset database each process opens at most (5 kept open, the rest while a
    # burst lasts); a request that finds them all in use waits STORE_BUSY_TIMEOUT for one, then answers 503.
    STORE_CONNECTIONS = 15
    # Datasets read from the database kept in memory as frames, bounded by their total size in bytes;
    # the data folder's CSV files' rows are bounded by it too, apart.
    FRAME_CACHE_BYTES = 256 * 1024 * 1024
    # The rows of charts the database computed for a stored dataset of more than 200,000 rows, kept
    # in memory from a page's words of a chart to its image's request, bounded by their total size in bytes.
    BIG_DATASET_CACHE_BYTES = KEPT_CHART_BYTES
    # The rows a dashboard's range and filters chose of a dataset held in memory, shared by its charts,
    # kept by data version and selection, bounded by their total size in bytes.
    CHOSEN_ROWS_CACHE_BYTES = CHOSEN_ROWS_BYTES
    # The sources file: databases of the user's own whose tables and queries are datasets too.
    # None: site/sources.toml when there is one; a file named here must exist.
    SOURCES: str | None = None
    # How long one query to a source database may run (seconds; 503 with Retry-After past it).
    SOURCE_TIMEOUT = 10.0
    # The most rows one answer of a source dataset's rows holds (a .json or .csv download); more is a
    # 422 saying how to narrow it. Charts are computed by the database and not bound by this.
    SOURCE_MAX_ROWS = 100_000
    # The rows source databases computed for charts, kept in memory under their dataset's version (a
    # page's words and its image read them once), bounded by their total size in bytes.
    SOURCE_CHART_CACHE_BYTES = SOURCE_CHART_BYTES
    # Tokens that may write (Authorization: Bearer <token>): a list, or one comma-separated string (or JSON list); empty refuses writes.
    WRITE_TOKENS: list[str] | str | None = None
    # Seconds run.py's server waits for a client's next bytes before it closes the connection (gunicorn's --timeout).
    CLIENT_TIMEOUT = 30.0
    LOG_CLIENT_ADDRESSES = "full"  # the access log's client: full, shortened or off (app/client_addresses.py)
    LOG_QUERIES = "full"  # the logs' query of a request: full, names or off (app/logged_queries.py)
    METRICS_TOKEN: str | None = None  # /metrics answers to `Authorization: Bearer <it>`; None: no /metrics
    # The largest request body: an uploaded CSV or a batch of rows (413 above it).
    MAX_CONTENT_LENGTH = 10 * 1024 * 1024
    # The largest form field but a file (rows pasted into the append form; 413 above it). None:
    # MAX_CONTENT_LENGTH as it is finally set, so that raising the body limit raises this one too.
    MAX_FORM_MEMORY_SIZE: int | None = None
    # The folder of the sample datasets, loaded into the database at its first start.
    SAMPLE_DATA_DIR = str(SAMPLE_DATA_DIR)
    # The folders whose *.toml files are the dashboards, read at start and again as they change (a later
    # folder's file of a name wins): a list, or one folder (SVGPLOTS_DASHBOARD_DIRS=/srv/dashboards, or a JSON list).
    DASHBOARD_DIRS = [str(DEFAULT_DASHBOARD_DIR)]
    # How often (seconds) a request checks the dashboard files for edits, which `stat`s each folder and file:
    # at most once a second by default, so that a site of hundreds of files stats none at most requests;
    # 0: at every request.
    DASHBOARD_CHECK_SECONDS = 1.0
    LIMITS = Limits()
    # One upload or append: rows, columns and characters in one CSV line (checked before any value is typed).
    UPLOAD_LIMITS = UploadLimits()
    # Rendered charts kept in memory, bounded by their total size in bytes.
    RENDER_CACHE_BYTES = 64 * 1024 * 1024
    # How long a page waits for the rows that describe its charts of source datasets in alt text
    # (seconds): a chart its database computes for longer gets words from its spec alone, and its
    # rows go on being read for its image.
    DESCRIBE_WAIT = 1.0
    # Text columns' distinct values, read for filters (a dashboard's form, a filter's check, a chart's
    # look-alike note), kept in memory by column and data version, bounded by their total size in
    # bytes: some KB for most columns, so 32 MB holds those of a few thousand datasets; one column of
    # hundreds of thousands of values, too big for it, is read once a request.
    FILTER_VALUES_CACHE_BYTES = 32 * 1024 * 1024
    # Rows shown in the HTML tables of a chart or dataset page.
    TABLE_ROWS = 100
    # How long a browser or proxy may reuse an unversioned chart before revalidating (seconds).
    CHART_MAX_AGE = 0
    # Answer render-cache hits of chart URLs already seen in a small layer ahead of Flask's routing,
    # which keeps the routes of at most 4,096 URLs, bounded by their total size in bytes too.
    FAST_HITS = True
    FAST_HITS_BYTES = 16 * 1024 * 1024
    # Charts are drawn in worker processes: how many, and the time (seconds) and memory (bytes)
    # one render may take before it is stopped and answered 503. 0 workers draws in-process; None,
    # as many as `default_render_workers` says for the CPUs the process may keep busy.
    RENDER_WORKERS: int | None = None
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
    # The app's clock: a function that returns now as a naive UTC datetime (tests stop time with one).
    # None: the system's.
    CLOCK: Callable[[], datetime] | None = None


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

# SVGPLOTS_ variables that the tests and benchmarks read for themselves, no setting of the site.
TOOL_PREFIXES = ("TEST_", "BENCH_")


def unknown_settings(names: Iterable[str], known: Iterable[str]) -> list[str]:
    """A sentence for each SVGPLOTS_<name> of `names` that is no setting of `known` (a misspelt one,
    SVGPLOTS_WRITE_TOKEN, would leave its setting as it was, unsaid), naming the one it may mean. A
    setting's name is in capitals (a class's `__doc__` among `known` is none), and a name written in
    another case is matched in capitals: SVGPLOTS_data_dir may mean SVGPLOTS_DATA_DIR."""
    known = {name for name in known if name.isupper()}
    sentences = []
    for name in sorted(names):
        if name in known or name.startswith(TOOL_PREFIXES) or not name:
            continue
        near = difflib.get_close_matches(name.upper(), known, n=1)
        meant = f" (did you mean SVGPLOTS_{near[0]}?)" if near else ""
        sentences.append(f"SVGPLOTS_{name} names no setting, and the site does not read it{meant}")
    return sentences


# The most rows a database's LIMIT takes (a 64-bit integer), less the one read to tell a source's
# rows went past SOURCE_MAX_ROWS.
MOST_SOURCE_ROWS = 2**63 - 2
# The longest a chart stopped at a render limit is remembered: a day, past which its Retry-After
# would tell clients to give up rather than to come back.
MOST_OVERRUN_SECONDS = 24 * 60 * 60
# The longest a dashboard file's edit may wait to be seen: a day (a site whose files never change needs no check).
MOST_CHECK_SECONDS = 24 * 60 * 60
# PostgreSQL's lock_timeout and statement_timeout are whole milliseconds of a 32-bit integer.
MOST_DATABASE_SECONDS = (2**31 - 1) // 1000
# The longest wait a thread may be given (threading.Lock.acquire and the waits built on it).
MOST_WAIT_SECONDS = int(threading.TIMEOUT_MAX)
# The largest max-age a cache is bound to read as written (RFC 9111 5.2: larger is read as this).
MOST_MAX_AGE = 2**31
# The largest request body: the longest Content-Length a 64-bit system reads (a file offset). A larger
# limit limits nothing more, and one past a float's range broke the upload form, which says it in MB.
MOST_BODY_BYTES = 2**63 - 1
# The fewest bytes a form field may be held to (MAX_FORM_MEMORY_SIZE) where a body may hold more: the
# multipart decoder holds a form's boundary line (at most 70 characters, RFC 2046) and each part's
# headers within it too, and a file part's headers name the file (255 characters, the longest name
# most file systems take, are up to 765 bytes in UTF-8) and its type. Below it a browser's form was
# refused for a file's name, or, below a boundary's line, every form was read as cut short.
LEAST_FORM_BYTES = 1024
# Render workers a CPU may have: a render keeps one CPU busy from its start to its end, so more
# renders than CPUs only wait for one, each holding its worker's memory (RENDER_MEMORY) meanwhile and
# nearer its time limit; 4 a CPU leave room for workers started while others end.
RENDERS_PER_CPU = 4
# A render worker's memory limit goes to Python's setrlimit, which takes a C long.
MOST_RENDER_MEMORY = 2**63 - 1
# The longest one chart may draw: a day. No reader waits longer for a chart, and a dashboard's report
# may draw for 12 charts' time (app.reports), all of it one wait on a render worker's answer, which
# select.poll takes in whole milliseconds of a C int (about 24.8 days): 12 days stay within it.
MOST_RENDER_SECONDS = 24 * 60 * 60


def allowed_settings(bars: int, body: int | None = None) -> dict[str, Allowed]:
    """What each number, switch, limit, path and text setting may be, in the order the start checks them:
    a value out of range, or of another type (a path given in code as a number), would otherwise fail
    the first request that reads it, or the start with a traceback, not one line. `bars` (the most
    bar categories a chart draws, LIMITS.max_categories) is the fewest rows SOURCE_MAX_ROWS may be,
    so that a bar chart a source's database draws can be downloaded as its rows; `body`
    (MAX_CONTENT_LENGTH, where it is a number) the fewest bytes MAX_FORM_MEMORY_SIZE may be where it
    is below LEAST_FORM_BYTES, as no field of a body that small can be larger."""
    least_form = LEAST_FORM_BYTES if body is None else min(LEAST_FORM_BYTES, body)
    cpus = usable_cpus()
    return {
        "LIMITS": Allowed(one_of_type(Limits), "a plots.Limits, set in code (the environment cannot give one)"),
        "UPLOAD_LIMITS": Allowed(one_of_type(UploadLimits),
                                 "an app.store.UploadLimits, set in code (the environment cannot give one)"),
        "DATA_DIR": Allowed(path(none=True), "the data folder's path, as text (not empty), or None for the app's "
                                             "instance folder"),
        "DATABASE_URL": Allowed(text(none=True, blank=False), "a database URL as text (sqlite:///path/to/file.sqlite "
                                "or postgresql+psycopg://…), or None for the data folder's SQLite file"),
        "STORE_BUSY_TIMEOUT": Allowed(number(0, MOST_DATABASE_SECONDS),
                                      "the seconds a write waits for another to finish, a number from 0 to "
                                      f"{MOST_DATABASE_SECONDS} (PostgreSQL's longest lock_timeout)"),
        "STORE_ANSWER_TIMEOUT": Allowed(number(0, MOST_DATABASE_SECONDS, above_least=True),
                                        "the seconds a PostgreSQL store waits for its server's answers, a number "
                                        f"above 0 up to {MOST_DATABASE_SECONDS}"),
        "STORE_CONNECTIONS": Allowed(whole(1, 1000), "the connections to the dataset database each process opens "
                                                     "at most, a whole number from 1 to 1000"),
        "FRAME_CACHE_BYTES": Allowed(whole(0), "the bytes of datasets kept in memory, a whole number from 0 (none kept)"),
        "BIG_DATASET_CACHE_BYTES": Allowed(whole(0), "the bytes of big stored datasets' chart rows kept in memory, a "
                                                     "whole number from 0 (none kept)"),
        "CHOSEN_ROWS_CACHE_BYTES": Allowed(whole(0), "the bytes of the rows ranges and filters chose of datasets "
                                                     "kept in memory, a whole number from 0 (none kept)"),
        "SOURCES": Allowed(path(none=True), "the sources file's path, as text (not empty), or None for "
                                            "site/sources.toml when there is one"),
        "SOURCE_TIMEOUT": Allowed(number(0.001, MOST_DATABASE_SECONDS),
                                  "the seconds one query to a source database may run, a number from 0.001 to "
                                  f"{MOST_DATABASE_SECONDS} (PostgreSQL's statement_timeout, whole milliseconds "
                                  "from 1; 0 would be none)"),
        "SOURCE_MAX_ROWS": Allowed(whole(bars, MOST_SOURCE_ROWS),
                                   f"a whole number of rows from {bars} (the most bars a chart draws, whose rows one "
                                   f"download must hold) to {MOST_SOURCE_ROWS}"),
        "SOURCE_CHART_CACHE_BYTES": Allowed(whole(0), "the bytes of source datasets' chart rows kept in memory, a "
                                                      "whole number from 0 (none kept)"),
        "WRITE_TOKENS": Allowed(tokens, "the tokens that may write: a list of texts, one text of them "
                                        "comma-separated, or None (writes refused)"),
        "MAX_CONTENT_LENGTH": Allowed(whole(1, MOST_BODY_BYTES),
                                      f"the bytes one request body may hold, a whole number from 1 to {MOST_BODY_BYTES}"),
        "MAX_FORM_MEMORY_SIZE": Allowed(whole(least_form),
                                        f"the bytes of a form's fields but its files, a whole number from {least_form} "
                                        "(a multipart form's boundary line and each part's headers, a file's name "
                                        f"among them, are held within it too: {LEAST_FORM_BYTES} bytes, or the "
                                        "request body's limit, MAX_CONTENT_LENGTH, where that is less)"),
        "SAMPLE_DATA_DIR": Allowed(path(), "the sample datasets' folder, a path as text (not empty)"),
        "DASHBOARD_CHECK_SECONDS": Allowed(number(0, MOST_CHECK_SECONDS),
                                           "the seconds between checks of the dashboard files for edits, a number "
                                           f"from 0 (at every request) to {MOST_CHECK_SECONDS} (a day)"),
        "RENDER_CACHE_BYTES": Allowed(whole(0), "the bytes of charts kept in memory, a whole number from 0 (none kept)"),
        "DESCRIBE_WAIT": Allowed(number(0, MOST_WAIT_SECONDS),
                                 f"the seconds a page waits for the rows of its alt text, a number from 0 to "
                                 f"{MOST_WAIT_SECONDS}"),
        "FILTER_VALUES_CACHE_BYTES": Allowed(whole(0), "the bytes of text columns' values for filters kept in memory, "
                                                       "a whole number from 0 (none kept)"),
        "TABLE_ROWS": Allowed(whole(0, 2**63 - 1),
                              f"the rows a page's table shows, a whole number from 0 to {2**63 - 1}"),
        "CHART_MAX_AGE": Allowed(whole(0, MOST_MAX_AGE),
                                 f"the seconds of a chart's Cache-Control max-age, a whole number from 0 to {MOST_MAX_AGE}"),
        "FAST_HITS": Allowed(one_of_type(bool), "true or false"),
        "FAST_HITS_BYTES": Allowed(whole(0), "the bytes of chart URLs' routes kept in memory to answer their cache "
                                             "hits ahead of Flask, a whole number from 0 (none kept)"),
        "RENDER_WORKERS": Allowed(whole(0, RENDERS_PER_CPU * cpus),
                                  "a whole number of render processes, 0 (charts drawn in the web process) to "
                                  f"{RENDERS_PER_CPU * cpus} ({RENDERS_PER_CPU} for each of the {cpus} CPUs this "
                                  "process may run on: a render keeps one CPU busy, and more renders than that wait "
                                  "for one, each holding its worker's memory)"),
        "CLIENT_TIMEOUT": Allowed(number(0, MOST_RENDER_SECONDS, above_least=True),
                                  "the seconds run.py's server waits for a client's next bytes, a number above 0 "
                                  f"up to {MOST_RENDER_SECONDS} (a day)"),
        "RENDER_TIMEOUT": Allowed(number(0, MOST_RENDER_SECONDS, above_least=True),
                                  f"the seconds one chart may take to draw, a number above 0 up to {MOST_RENDER_SECONDS} "
                                  "(a day)"),
        "RENDER_MEMORY": Allowed(whole(0, MOST_RENDER_MEMORY),
                                 "the bytes of memory one render may take, a whole number from 0 (no limit) to "
                                 f"{MOST_RENDER_MEMORY}"),
        "RENDER_OVERRUN_SECONDS": Allowed(number(0, MOST_OVERRUN_SECONDS),
                                          f"a number of seconds from 0 (none remembered) to {MOST_OVERRUN_SECONDS} "
                                          "(a day)"),
        "RENDER_OVERRUN_KEYS": Allowed(whole(0), "a whole number of charts, 0 (none remembered) or more"),
        "PROXIES": Allowed(whole(0, 10), "the number of reverse proxies in front of the site, 0 to 10"),
        "RENDER_SERVER": Allowed(text(none=True), "the address of a render server (plots.worker) as text, or None "
                                                  "for the app to start its own"),
        "CLOCK": Allowed(or_none(callable), "a function that returns now as a naive UTC datetime, set in code (the "
                                            "environment cannot give one), or None for the system's clock"),
        # Flask's own settings that requests read.
        "MAX_FORM_PARTS": Allowed(or_none(whole(1)), "the parts one form may be sent in (its fields and files), a "
                                                     "whole number from 1, or None for no limit"),
        "MAX_COOKIE_SIZE": Allowed(whole(0), "the bytes of the longest cookie the site sets, a whole number from 0 "
                                             "(no limit)"),
        "SEND_FILE_MAX_AGE_DEFAULT": Allowed(or_none(lambda value: whole(0, MOST_MAX_AGE)(value)
                                                     or isinstance(value, timedelta)),
                                             "the seconds of a static file's Cache-Control max-age, a whole number "
                                             f"from 0 to {MOST_MAX_AGE} (or a datetime.timedelta), or None for none"),
        "APPLICATION_ROOT": Allowed(text(), "the path the site is served under, as text (\"/\" for the root)"),
        "SERVER_NAME": Allowed(text(none=True), "the host (and port) the site answers for, as text, or None for "
                                                "any"),
        "TRUSTED_HOSTS": Allowed(hosts, "the host names requests may name, a list of texts (as JSON: "
                                        "[\"charts.example.org\"]), or None for any"),
        # Flask's switches, which it reads by their truth: any other value would turn one on or off unsaid
        # (SVGPLOTS_DEBUG=False, text, would be on).
        "DEBUG": Allowed(or_none(one_of_type(bool)), "true or false, or None (false)"),
        "TESTING": Allowed(one_of_type(bool), "true or false"),
        "PROPAGATE_EXCEPTIONS": Allowed(or_none(one_of_type(bool)),
                                        "true or false, or None for Flask's default (true where TESTING or DEBUG "
                                        "is)"),
    }
