"""The Flask application: `create_app(config)` builds it; nothing happens at import time."""
from __future__ import annotations

import os
import sys
from collections.abc import Mapping
from pathlib import Path

import flask
from flask import Flask, Response, current_app, redirect, request
from werkzeug.exceptions import HTTPException, NotFound
from werkzeug.http import HTTP_STATUS_CODES
from werkzeug.middleware.proxy_fix import ProxyFix
from werkzeug.routing import BaseConverter, RequestRedirect

from plots import DEFAULT_LIMITS
from plots.text import listed_value

from . import auth
from .cache import OverrunMemory, RenderCache
from .compression import compress_response, refuse_unacceptable_encoding
from .conditional_requests import revalidate_by_bytes
from .config import (CONFIGS, NOT_BLANK, Config, DEFAULT_SOURCES_FILE, ROOT, SITE_DIR, STATIC_DIR, STORE_FILE,
                     TEXT_SETTINGS, SettingError, allowed_settings, blank_setting_refusal,
                     shown_setting, unknown_settings)
from .context import Site, forget_store
from .dashboard_charts import DASHBOARD_NAME_REGEX, DashboardError
from .dashboards import folder_label, load_dashboards
from .drawing_code import drawing_digest, url_digest
from .errors import (allow_in_order, refusing_bad_request_heads, refusing_undecodable_queries,
                     register_error_handlers)
from .fasthits import FastHits, answer_held_error
from .json_settings import broken_json_words, folders_meant_words, kept_as_text
from .renderpool import TooLittleMemory, shared_pool
from .options_answers import asterisk_response, preflight_response
from .page_characters import page_text
from .responses import add_security_headers, api_url, error_response, mark_built_on_the_request, slashes_merged
from .store import (NAME_REGEX, SiteStore, SourceConfigError, StoreConfigError, StoreUnavailable, load_sources, open_store,
                    sqlite_url)
from .tracking_tags import page_endpoint, redirect_without_tracking_tags, without_tracking_tags
from .usable_cpus import default_render_workers

# Behind proxies, the host a request names is the X-Forwarded-Host it carries, a client's where the
# proxy hands one on: with no TRUSTED_HOSTS, embed snippets would name whichever host it says.
UNCHECKED_FORWARDED_HOST = (
    "PROXIES is set and TRUSTED_HOSTS names no host: the site believes any X-Forwarded-Host, a client's too where "
    "the proxy hands one on, and its embed snippets name that host; set SVGPLOTS_TRUSTED_HOSTS to the host names "
    "readers use ('[\"charts.example.org\"]') and have the proxy set X-Forwarded-Host itself")

__all__ = ["DashboardError", "SettingError", "SourceConfigError", "create_app", "create_app_or_exit", "read_settings"]


class SlugConverter(BaseConverter):
    """A dataset's name (the store's naming rule); no dots."""

    regex = NAME_REGEX


class DashboardNameConverter(BaseConverter):
    """A dashboard's name or a chart's id: the store's naming rule, or a digit first; no dots."""

    regex = DASHBOARD_NAME_REGEX


class ExtensionConverter(BaseConverter):
    """A file extension: letters and digits (which ones exist is the format registry's say, and
    `chart_format` tells .SVG that extensions are lower case)."""

    regex = r"[A-Za-z0-9]{1,10}"


def create_app_or_exit(config: str | Mapping | None = None) -> Flask:
    """`create_app`, or the process ends with one line saying what keeps the site from starting:
    for the command line and for gunicorn (`gunicorn … 'app:create_app_or_exit()'`), where a
    traceback would hide the one line that matters."""
    try:
        return create_app(config)
    except DashboardError as error:
        sys.exit(f"error: dashboard {error}")
    except SourceConfigError as error:
        sys.exit(f"error: sources {error}")
    except SettingError as error:
        sys.exit(f"error: {error}")
    except StoreConfigError as error:
        sys.exit(f"error: {error} (--database-url or SVGPLOTS_DATABASE_URL)")
    except StoreUnavailable as error:
        if error.why:
            sys.exit(f"error: the dataset database (--data-dir, --database-url or SVGPLOTS_DATABASE_URL) cannot be "
                     f"opened: {error.why}, then run this again")
        sys.exit("error: the dataset database (--database-url or SVGPLOTS_DATABASE_URL) cannot be reached; "
                 "start it or correct the URL, then run this again")


def create_app(config: str | Mapping | None = None) -> Flask:
    """Build the app from an environment name or a mapping of settings over it.

    The environment is `config` when it is a name, else $SVGPLOTS_ENV, else "development"
    ("testing" when the mapping sets TESTING). Raises DashboardError when a dashboard is bad,
    SourceConfigError when the sources file is, StoreConfigError when the database URL is, SettingError for a bad setting and StoreUnavailable
    when the dataset database cannot be reached.
    """
    app = Flask(__name__, static_folder=str(STATIC_DIR), template_folder=str(SITE_DIR / "templates"))
    # Every value a template writes passes here: a cell's control character would make the page invalid HTML.
    app.jinja_options = {**app.jinja_options, "finalize": page_text}
    _load_settings(app.config, config)
    # Flask gives the "app" logger its handler, which writes a line's time and level, when app.logger is
    # first read; every module's logger (app.store_outages, …) writes through it. Read here, before gunicorn
    # forks the workers: a worker that had not yet answered /healthz or failed wrote an outage's lines bare.
    app.logger
    known = ["ENV", *vars(Config), *Flask.default_config, *allowed_settings(DEFAULT_LIMITS.max_categories)]
    for sentence in unknown_settings(_environment_texts(), known):
        app.logger.warning(sentence)
    # Flask's own settings but those checked keep any text as it is: one meant as JSON but broken, unsaid.
    checked = [*allowed_settings(DEFAULT_LIMITS.max_categories), "DASHBOARD_DIRS"]
    for sentence in kept_as_text(_environment_texts(), app.config, checked):
        app.logger.warning(sentence)
    proxies = app.config["PROXIES"]
    if proxies and not app.config["TRUSTED_HOSTS"]:
        app.logger.warning(UNCHECKED_FORWARDED_HOST)
    overruns = OverrunMemory(app.config["RENDER_OVERRUN_SECONDS"], app.config["RENDER_OVERRUN_KEYS"])
    dashboard_folders = _dashboard_folders(app.config["DASHBOARD_DIRS"])
    app.url_map.converters["slug"] = SlugConverter
    app.url_map.converters["board"] = DashboardNameConverter
    app.url_map.converters["extension"] = ExtensionConverter
    app.before_request(asterisk_response)  # `*` names no URL: before anything reads it as one
    app.before_request(preflight_response)  # before the redirect of a slashed file URL, which a preflight would not follow
    app.before_request(redirect_leading_slashes)
    app.before_request(redirect_trailing_slash)
    app.before_request(refuse_unacceptable_encoding)
    app.before_request(answer_held_error)  # a cached chart's source met held down ahead of Flask
    app.before_request(answer_routing_redirect)  # last, where routing would raise it

    store = _site_store(app)
    limits = app.config["LIMITS"]
    try:
        hidden = store.hidden_by_sources()
        for sentence in hidden.values():
            # A dataset the site no longer shows, and whose writes it refuses, would otherwise vanish unsaid.
            app.logger.warning("%s: the site reads the source's dataset in its place and refuses writes to it; "
                               "give the entry another name to reach both", sentence)
        for sentence in store.hidden_by_files().values():
            app.logger.warning("%s: the site reads the file in its place and refuses writes to it; "
                               "rename the file to reach both", sentence)
        dashboards = load_dashboards(dashboard_folders, store, limits, hidden)
    finally:
        # No database connection stays open across a fork (gunicorn --preload), nor after a start
        # refused: requests open their own.
        store.close()
    pool = None
    if app.config["RENDER_WORKERS"]:
        try:
            pool = shared_pool(app.config["RENDER_WORKERS"], app.config["RENDER_TIMEOUT"], app.config["RENDER_MEMORY"],
                               app.config["RENDER_SERVER"])
        except TooLittleMemory as error:  # every chart would be a 503: not a site to start
            raise SettingError(error.setting) from None
    cache = RenderCache(app.config["RENDER_CACHE_BYTES"], overruns)
    drawing = drawing_digest()
    app.extensions["svgplots"] = Site(store, dashboards, cache, limits, pool,
                                      tuple(folder_label(folder) for folder in dashboard_folders),
                                      url_digest(store.identity, drawing))
    # A database made anew under the running site hands out its versions again: nothing kept of
    # the old one may answer for them.
    store.when_replaced(lambda: forget_store(app, url_digest(store.identity, drawing)))

    from .views import register_views

    auth.configure(app)
    register_views(app)
    register_error_handlers(app)
    auth.register_error_handlers(app)
    app.after_request(add_security_headers)
    app.after_request(mark_built_on_the_request)
    app.after_request(allow_in_order)
    app.after_request(compress_response)
    app.after_request(revalidate_by_bytes)  # after-request hooks run last first: before compress_response
    app.wsgi_app = refusing_undecodable_queries(app.wsgi_app)
    if app.config["FAST_HITS"]:
        fast = FastHits(app.wsgi_app, lambda: app.extensions["svgplots"], app.config["CHART_MAX_AGE"],
                        trusted_hosts=app.config["TRUSTED_HOSTS"], max_bytes=app.config["FAST_HITS_BYTES"])
        app.extensions["svgplots.fasthits"] = fast
        app.wsgi_app = fast
    app.wsgi_app = refusing_bad_request_heads(app.wsgi_app)  # before a cached chart is answered
    if proxies:  # outermost, so that every layer sees the request as the reader sent it
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=proxies, x_proto=proxies, x_host=proxies, x_prefix=proxies)
    return app


def read_settings(config: str | Mapping | None = None) -> flask.Config:
    """The settings `create_app(config)` builds the app with, read as it reads them, without building it:
    for a server that sizes itself by them (gunicorn's threads). Raises SettingError for an unknown
    environment and for a setting out of its range or of another type (`config.allowed_settings`)."""
    settings = flask.Config(str(ROOT))
    _load_settings(settings, config)
    return settings


def _load_settings(settings: flask.Config, config: str | Mapping | None) -> None:
    """Fill `settings` from the environment's class, then the SVGPLOTS_* environment variables, then
    `config`'s overrides (see `create_app`), and check every one `config.allowed_settings` names."""
    overrides = dict(config) if isinstance(config, Mapping) else {}
    env = config if isinstance(config, str) else os.environ.get("SVGPLOTS_ENV", "")
    if not env:
        env = "testing" if overrides.get("TESTING") else "development"
    if env not in CONFIGS:
        raise SettingError(f"unknown environment {shown_setting(env)}; use one of {', '.join(CONFIGS)}")
    settings.from_object(CONFIGS[env])
    # The environment is read here, once: SVGPLOTS_DATA_DIR -> DATA_DIR, and so on.
    settings.from_prefixed_env("SVGPLOTS")
    settings.update({name: os.environ[f"SVGPLOTS_{name}"] for name in TEXT_SETTINGS
                     if f"SVGPLOTS_{name}" in os.environ})  # as written, not read as JSON
    if "SVGPLOTS_WRITE_TOKENS" in os.environ and "WRITE_TOKENS" not in overrides:  # a JSON list where it starts with [
        settings["WRITE_TOKENS"] = auth.environment_tokens(os.environ["SVGPLOTS_WRITE_TOKENS"])
    if not isinstance(settings.get("DASHBOARD_DIRS"), (list, str)) and "SVGPLOTS_DASHBOARD_DIRS" in os.environ:
        # No JSON list nor text: one folder, its name as written (SVGPLOTS_DASHBOARD_DIRS=2024 is the folder 2024).
        settings["DASHBOARD_DIRS"] = os.environ["SVGPLOTS_DASHBOARD_DIRS"]
    # JSON writes a number in the digits 0-9 (no +, _ or other scripts' digits) but takes white space
    # around it, which run.py's --port does not: such text is kept as text, refused as the setting's.
    settings.update({name: text for name, text in _environment_texts().items()
                     if text != text.strip() and _is_number(settings.get(name))})
    settings.update(overrides)
    for name in NOT_BLANK:
        text = os.environ.get(f"SVGPLOTS_{name}")
        if text is not None and not text.strip() and name not in overrides:
            # As a compose file's SVGPLOTS_SOURCES=${SOURCES} sets it where SOURCES is unset: surely a mistake.
            raise SettingError(f"SVGPLOTS_{name} is set but blank: {blank_setting_refusal(name, 'unset it')}")
    if settings.get("RENDER_WORKERS") is None:  # unset: by the CPUs this process may keep busy
        settings["RENDER_WORKERS"] = default_render_workers()
    if settings.get("MAX_FORM_MEMORY_SIZE") is None:  # unset: a form field may be as large as a body
        settings["MAX_FORM_MEMORY_SIZE"] = settings["MAX_CONTENT_LENGTH"]
    _check_settings(settings)


def _environment_texts() -> dict[str, str]:
    """The SVGPLOTS_* environment variables' texts, by the setting each names (SVGPLOTS_PROXIES: PROXIES)."""
    return {key.removeprefix("SVGPLOTS_"): text for key, text in os.environ.items() if key.startswith("SVGPLOTS_")}


def _is_number(value: object) -> bool:
    return isinstance(value, (int, float)) and not isinstance(value, bool)


def _check_settings(settings: flask.Config) -> None:
    """Raise SettingError, naming the setting, its value and what it may be, for the first setting out of
    its range or of another type (`allowed_settings`): any such value would fail the first request that
    reads it, or the start with a traceback, or size a gunicorn worker's threads by another number than
    the app's. And for a write token no Authorization header can carry, which no write would ever
    match (`auth.unsendable_token`, naming the token by its place)."""
    bars = getattr(settings["LIMITS"], "max_categories", DEFAULT_LIMITS.max_categories)
    body = settings["MAX_CONTENT_LENGTH"]  # checked before MAX_FORM_MEMORY_SIZE, which it bounds
    for name, allowed in allowed_settings(bars, body if isinstance(body, int) else None).items():
        value = settings.get(name, Flask.default_config.get(name))  # read_settings has none of Flask's own
        if not allowed.accepts(value):
            broken = broken_json_words(name, os.environ.get(f"SVGPLOTS_{name}"), value)
            raise SettingError(f"{name} must be {allowed.words}; got {shown_setting(value)}{broken}")
    problem = auth.unsendable_token(settings["WRITE_TOKENS"])
    if problem is not None:
        raise SettingError(problem)


def _dashboard_folders(setting: object) -> list[Path]:
    """The folders DASHBOARD_DIRS names: a list of paths, or one path (as $SVGPLOTS_DASHBOARD_DIRS=/srv/boards
    gives it, which is no JSON list); raises SettingError for another value or a folder that is not there,
    which would leave the site without the dashboards meant and not a word said."""
    folders = [setting] if isinstance(setting, (str, Path)) else setting
    if not isinstance(folders, (list, tuple)) or not all(isinstance(f, (str, Path)) for f in folders):
        raise SettingError("DASHBOARD_DIRS must be a folder of dashboard files or a list of them (as JSON: "
                           f'["/srv/dashboards", "site/dashboards"]); got {shown_setting(setting)}')
    if any(folder == "" for folder in folders):
        # Path("") is the folder the site starts in: its .toml files (pyproject.toml) read as dashboards.
        raise SettingError(f"DASHBOARD_DIRS names an empty path ({shown_setting(setting)}), which would be the "
                           "folder the site starts in; name the folders that hold the dashboard files, or leave "
                           "it unset for site/dashboards")
    return [_folder("DASHBOARD_DIRS", folder, "the folders that hold the dashboard files") for folder in folders]


def _folder(setting: str, value: str | os.PathLike, name_instead: str) -> Path:
    """The folder a setting names; raises SettingError when it is not there (or is a file), which would
    leave the site without what it holds and not a word said (`name_instead`: what to name)."""
    if not Path(value).is_dir():
        text = os.environ.get(f"SVGPLOTS_{setting}")
        broken = broken_json_words(setting, text, value) + folders_meant_words(setting, text, value)
        raise SettingError(f"{setting} names {listed_value(str(value))}, which is no folder; name {name_instead}"
                           f"{broken}")
    return Path(value)


def redirect_trailing_slash() -> Response | None:
    """A URL with a trailing slash is redirected (308, its query kept) to the URL without, when a
    route takes that one (a before-request hook: it runs before a routing 404 is raised).

    Every page, chart and file has one URL: served at both, a chart's slashed URL would be another
    cache entry, and its name in a download (`temperature.pdf/`) or the format of its errors (an SVG
    for `.svg`) would be lost. Only a rule that ends in a slash (the index, `/`) is answered there.
    """
    path = request.path
    if not path.endswith("/") or _answered_with_its_slash():
        return None
    return _redirected_where_routed(path.rstrip("/"), built=True)


def redirect_leading_slashes() -> Response | None:
    """A URL whose path starts with more than one slash (a base URL ending in a slash joined to a path
    starting with one: `//api/datasets`) is redirected (308, its query kept) to the path with one, and
    any other slash too many merged, when a route takes that one (a before-request hook), as a doubled
    slash elsewhere in a path is by routing: werkzeug reads a path without the slashes it starts with,
    so the URL would otherwise be answered as a second URL of its page, file or API resource."""
    if not request.environ.get("PATH_INFO", "").startswith("//"):
        return None
    return _redirected_where_routed(slashes_merged(request.path), built=False)


def _redirected_where_routed(path: str, built: bool) -> Response | None:
    """A redirect of the request (308, its query kept) to `path` when a route takes that one, to the
    URL the route `built` from its values or else to `path` as it is under the script root; None
    when no route takes it (the 404 stands)."""
    adapter = current_app.create_url_adapter(request)
    try:
        endpoint, values = adapter.match(path, method=request.method)
    except HTTPException:  # no route there either (or a redirect of its own): the 404 stands
        return None
    location = adapter.build(endpoint, values, method=request.method) if built else request.script_root + path
    query = request.query_string.decode("latin-1")  # as it came, bytes for bytes
    if page_endpoint(endpoint):  # a page answers as without tracking tags: so does its redirect
        query = without_tracking_tags(query)
    return redirected(f"{location}?{query}" if query else location, 308)


def answer_routing_redirect() -> Response | None:
    """werkzeug's own redirect of the request (a doubled slash merged: /plot//animals.svg), answered
    with its Location relative, as is the link its body gives (a before-request hook: routing raises
    it only after them, and no error handler sees it); None for any other request.

    werkzeug's Location is absolute: behind a proxy that does not say its scheme, an http URL that an
    https page's <img> may not load. `redirect_trailing_slash` gives the same relative one."""
    routed = request.routing_exception
    if not isinstance(routed, RequestRedirect):
        return None
    location = routed.new_url
    if location.startswith(request.host_url):  # built on the request's own host and script root
        location = "/" + location[len(request.host_url):]
    return redirected(redirect_without_tracking_tags(location), routed.code)


def redirected(location: str, code: int) -> Response:
    """A redirect of the request to `location`; an API URL's says so in the JSON every answer of the
    API is (an error's shape, naming where to send the request), not in werkzeug's HTML page."""
    if not api_url(request.path):
        return redirect(location, code=code)
    response = error_response(code, HTTP_STATUS_CODES[code], f"the API answers this at {location}, not at "
                              f"{_url_as_sent()}: send the request there, with the same method and body (a "
                              "client that follows redirects does so itself)")
    response.headers["Location"] = location
    del response.headers["Cache-Control"]  # a redirect follows from the URL rules, cached as any redirect is
    return response


def _url_as_sent() -> str:
    """The request's path and its query, if any, with all the slashes the path starts with:
    werkzeug's `request.path` keeps one."""
    sent = request.environ.get("PATH_INFO", "")
    url = request.full_path if request.query_string else request.path
    return "/" * (len(sent) - len(sent.lstrip("/")) - 1) + url


def _answered_with_its_slash() -> bool:
    """Whether a slashed URL is answered as it is: its route ends in a slash (the index), or routing
    failed otherwise than with a 404. A route whose last part took the slash into its value
    (`/static/<path:filename>` as `site.css/`) is redirected like an unrouted URL."""
    if request.url_rule is None:
        return not isinstance(request.routing_exception, NotFound)  # a 405, or werkzeug's own redirect
    return request.url_rule.rule.endswith("/")


def _site_store(app: Flask) -> SiteStore:
    """The database (made, and the samples loaded, at first start), the data folder's CSV files and
    the datasets of the sources file."""
    # An empty folder is how a site starts without samples.
    samples = _folder("SAMPLE_DATA_DIR", app.config["SAMPLE_DATA_DIR"],
                      "the folder that holds the sample datasets' CSV files (an empty folder loads none)")
    data_dir = Path(app.config.get("DATA_DIR") or app.instance_path)
    url = app.config.get("DATABASE_URL") or sqlite_url(data_dir / STORE_FILE)
    app.config["DATABASE_URL"] = url
    named = app.config.get("SOURCES")
    sources = load_sources(Path(named) if named else DEFAULT_SOURCES_FILE, required=bool(named))
    store = open_store(url, [data_dir], app.config["STORE_BUSY_TIMEOUT"], app.config["FRAME_CACHE_BYTES"],
                       sources, app.config["SOURCE_TIMEOUT"], app.config["SOURCE_MAX_ROWS"],
                       app.config["SOURCE_CHART_CACHE_BYTES"], app.config["BIG_DATASET_CACHE_BYTES"],
                       app.config["STORE_ANSWER_TIMEOUT"])
    try:
        store.load_samples(samples)
    except BaseException:
        store.close()
        raise
    return store
