"""The warnings a start logs of its settings: an SVGPLOTS_* variable that names no setting (a misspelt
one, or one an earlier release read by that name), a setting that starts as JSON but is none, kept as
text, and proxies believed of any host."""
from __future__ import annotations

from collections.abc import Callable, Mapping
from pathlib import Path

from flask import Flask

from plots import DEFAULT_LIMITS

from .config import Config, allowed_settings, unknown_settings
from .json_settings import kept_as_text
from .store import sqlite_url

# Settings an earlier release read by another name: the name this one reads, what the old value is
# written as under it, and what the site does while only the old one is set. Told apart from a
# misspelling, as an upgraded site's environment that still sets one leaves it unread.
RENAMED_SETTINGS: dict[str, tuple[str, Callable[[str], str], str]] = {
    # The SQLite file's path, before the store could be PostgreSQL too.
    "DATABASE": ("DATABASE_URL", lambda text: sqlite_url(Path(text)),
                 "the site opens the store SVGPLOTS_DATABASE_URL names, or else the data folder's svgplots.sqlite, "
                 "and shows none of that file's datasets"),
    "SOURCE_FRAME_CACHE_BYTES": ("SOURCE_CHART_CACHE_BYTES", str,
                                 "source datasets' chart rows are kept up to its default, 32 MB"),
}

# Behind proxies, the host a request names is the X-Forwarded-Host it carries, a client's where the
# proxy hands one on: with no TRUSTED_HOSTS, embed snippets would name whichever host it says.
UNCHECKED_FORWARDED_HOST = (
    "PROXIES is set and TRUSTED_HOSTS names no host: the site believes any X-Forwarded-Host, a client's too where "
    "the proxy hands one on, and its embed snippets name that host; set SVGPLOTS_TRUSTED_HOSTS to the host names "
    "readers use ('[\"charts.example.org\"]') and have the proxy set X-Forwarded-Host itself")


def warn_of_settings(app: Flask, texts: Mapping[str, str]) -> None:
    """Log a warning, through the app's logger, of each setting a start takes but its author likely did not mean;
    `texts` are the SVGPLOTS_* variables' as the settings were read from them (`load_settings`)."""
    known = ["ENV", *vars(Config), *Flask.default_config, *allowed_settings(DEFAULT_LIMITS.max_categories)]
    for sentence in renamed_settings(texts):
        app.logger.warning(sentence)
    for sentence in unknown_settings(set(texts) - set(RENAMED_SETTINGS), known):
        app.logger.warning(sentence)
    # Flask's own settings but those checked keep any text as it is: one meant as JSON but broken, unsaid.
    checked = [*allowed_settings(DEFAULT_LIMITS.max_categories), "DASHBOARD_DIRS"]
    for sentence in kept_as_text(texts, app.config, checked):
        app.logger.warning(sentence)
    if app.config["PROXIES"] and not app.config["TRUSTED_HOSTS"]:
        app.logger.warning(UNCHECKED_FORWARDED_HOST)


def renamed_settings(texts: Mapping[str, str]) -> list[str]:
    """A sentence for each of `texts` (by setting name) that an earlier release read by that name, naming
    the setting this release reads in its place, the value to give it and what the site does meanwhile."""
    sentences = []
    for old, (new, written, meanwhile) in RENAMED_SETTINGS.items():
        if old in texts:
            sentences.append(f"SVGPLOTS_{old} was renamed SVGPLOTS_{new}, and this release does not read it: set "
                             f"SVGPLOTS_{new}={written(texts[old])} and unset SVGPLOTS_{old}; until then {meanwhile}")
    return sentences
