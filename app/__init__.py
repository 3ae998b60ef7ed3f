"""The Flask application: `create_app(config)` builds it; nothing happens at import time."""
from __future__ import annotations

import os
import sys
from collections.abc import Mapping
from pathlib import Path

from flask import Flask
from werkzeug.middleware.proxy_fix import ProxyFix
from werkzeug.routing import BaseConverter

from plots.text import listed_value

from . import auth
from .cache import OverrunMemory, RenderCache
from .compression import compress_response, refuse_unacceptable_encoding
from .conditional_requests import revalidate_by_bytes
from .config import DEFAULT_SOURCES_FILE, SITE_DIR, STATIC_DIR, STORE_FILE, SettingError, shown_setting
from .context import Site, forget_store
from .dashboard_charts import DASHBOARD_NAME_REGEX, DashboardError
from .dashboard_files import DashboardFiles, watching_dashboard_files
from .dashboards import folder_label
from .drawing_code import drawing_digest, url_digest
from .errors import allow_in_order, register_error_handlers
from .fasthits import FastHits, answer_held_error
from .json_settings import broken_json_words, folders_meant_words
from .redirects import answer_routing_redirect, redirect_leading_slashes, redirect_trailing_slash
from .renderpool import TooLittleMemory, shared_pool
from .request_watch import log_app_lines, watch_requests
from .request_refusals import refusing_bad_request_heads, refusing_undecodable_queries
from .options_answers import asterisk_response, preflight_response
from .page_characters import page_text
from .page_templates import COMPILED, compile_templates
from .responses import add_security_headers, mark_built_on_the_request
from .settings_reading import load_settings, read_settings
from .start_warnings import warn_of_settings
from .store import (NAME_REGEX, NewerStore, SiteStore, SourceConfigError, StoreConfigError, StoreUnavailable, load_sources, open_store,
                    sqlite_url)

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
            # A newer release's database opens in that release, not here again as it is.
            again = "" if isinstance(error, NewerStore) else ", then run this again"
            sys.exit(f"error: the dataset database (--data-dir, --database-url or SVGPLOTS_DATABASE_URL) cannot be "
                     f"opened: {error.why}{again}")
        sys.exit("error: the dataset database (--database-url or SVGPLOTS_DATABASE_URL) cannot be reached; "
                 "start it or correct the URL, then run this again")


def create_app(config: str | Mapping | None = None) -> Flask:
    """Build the app from an environment name or a mapping of settings over it.

    The environment is `config` when it is a name, else $SVGPLOTS_ENV, else "development"
    ("testing" when the mapping sets TESTING). Raises DashboardError when a dashboard is bad,
    SourceConfigError when the sources file is, StoreConfigError when the database URL is, SettingError for a bad setting, StoreUnavailable
    when the dataset database cannot be reached and NewerStore when a newer release migrated it.
    """
    app = Flask(__name__, static_folder=str(STATIC_DIR), template_folder=str(SITE_DIR / "templates"))
    # Every value a template writes passes here: a cell's control character would make the page invalid HTML.
    # Templates compiled once for the process, whatever the apps it builds (`page_templates`).
    app.jinja_options = {**app.jinja_options, "finalize": page_text, "bytecode_cache": COMPILED}
    texts = load_settings(app.config, config)
    # Flask's handler of the "app" logger, which writes a line's time and level and ends it with its request's id;
    # every module's logger (app.store_outages, …) writes through it. Given here, before gunicorn forks the
    # workers: a worker that had not yet answered /healthz or failed wrote an outage's lines bare.
    log_app_lines(app)
    warn_of_settings(app, texts)
    proxies = app.config["PROXIES"]
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
        dashboard_files = DashboardFiles(dashboard_folders, store, limits, hidden,
                                         app.config["DASHBOARD_CHECK_SECONDS"])
        dashboards = dashboard_files.start()
        # Every start names the folders, as the front page without dashboards says the log does.
        app.logger.info("dashboard folders: %s (dashboards read: %d)",
                        " and ".join(folder_label(f) for f in dashboard_folders) or "none (DASHBOARD_DIRS is empty)",
                        len(dashboards))
        if not dashboards and dashboard_folders:
            # The front page says where to add one only as "the site's dashboard folder": no page shows a path.
            app.logger.warning("no dashboard file in %s: the front page shows no dashboard; add a <name>.toml file "
                               "there to serve /d/<name>", " or ".join(folder_label(f) for f in dashboard_folders))
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
                                      url_digest(store.identity, drawing),
                                      dashboard_check_seconds=app.config["DASHBOARD_CHECK_SECONDS"])
    app.extensions["svgplots.dashboard_files"] = dashboard_files
    # A database made anew under the running site hands out its versions again: nothing kept of
    # the old one may answer for them.
    store.when_replaced(lambda: forget_store(app, url_digest(store.identity, drawing)))

    from .views import register_views

    auth.configure(app)
    register_views(app)
    register_error_handlers(app)
    auth.register_error_handlers(app)
    compile_templates(app)  # with the views' filters: at the start, not a page's first view
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
    # A dashboard file edited, added or removed is read before a cached chart of it is answered (at the first
    # request past DASHBOARD_CHECK_SECONDS since the last check).
    app.wsgi_app = watching_dashboard_files(app.wsgi_app, dashboard_files, lambda: dashboards_read_again(app))
    app.wsgi_app = refusing_bad_request_heads(app.wsgi_app)  # before a cached chart is answered
    if proxies:  # outermost, so that every layer sees the request as the reader sent it
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=proxies, x_proto=proxies, x_host=proxies, x_prefix=proxies)
    # Around it: every request has its id and is counted, a refusal of any layer too.
    watch_requests(app, Path(app.config.get("DATA_DIR") or app.instance_path))
    return app


def dashboards_read_again(app: Flask) -> None:
    """Serve the dashboards as their files were read again (`DashboardFiles.check`), forgetting the routes of
    cached charts answered ahead of Flask: a dashboard chart's URL may draw another chart now."""
    site, files = app.extensions["svgplots"], app.extensions["svgplots.dashboard_files"]
    site.dashboards, site.refused_dashboards = files.dashboards, files.refused
    fast = app.extensions.get("svgplots.fasthits")
    if fast is not None:
        fast.forget()


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


def _site_store(app: Flask) -> SiteStore:
    """The database (made, and the samples loaded, at first start), the data folder's CSV files and
    the datasets of the sources file."""
    # An empty folder is how a site starts without samples.
    samples = _folder("SAMPLE_DATA_DIR", app.config["SAMPLE_DATA_DIR"], "the folder that holds the sample datasets' "
                      "CSV files and workbooks (an empty folder loads none)")
    data_dir = Path(app.config.get("DATA_DIR") or app.instance_path)
    url = app.config.get("DATABASE_URL") or sqlite_url(data_dir / STORE_FILE)
    app.config["DATABASE_URL"] = url
    named = app.config.get("SOURCES")
    sources = load_sources(Path(named) if named else DEFAULT_SOURCES_FILE, required=bool(named))
    store = open_store(url, [data_dir], app.config["STORE_BUSY_TIMEOUT"], app.config["FRAME_CACHE_BYTES"],
                       sources, app.config["SOURCE_TIMEOUT"], app.config["SOURCE_MAX_ROWS"],
                       app.config["SOURCE_CHART_CACHE_BYTES"], app.config["BIG_DATASET_CACHE_BYTES"],
                       app.config["STORE_ANSWER_TIMEOUT"], app.config["CHOSEN_ROWS_CACHE_BYTES"],
                       app.config["STORE_CONNECTIONS"])
    try:
        # A data folder the site may not list is a set-up error: said in one line, before any request.
        unlisted = store.files.unlisted()
        if unlisted:
            folder, why = next(iter(unlisted.items()))
            raise SettingError(f"the data folder {folder} {why}, where the site reads its CSV files; let the site's "
                               "user read it (or name another with --data-dir)")
        store.load_samples(samples)
    except BaseException:
        store.close()
        raise
    return store
