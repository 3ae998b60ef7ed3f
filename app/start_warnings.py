"""The warnings a start logs of its settings: an SVGPLOTS_* variable that names no setting (a misspelt
one), a setting that starts as JSON but is none, kept as text, and proxies believed of any host."""
from __future__ import annotations

from collections.abc import Mapping

from flask import Flask

from plots import DEFAULT_LIMITS

from .config import Config, allowed_settings, unknown_settings
from .json_settings import kept_as_text

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
    for sentence in unknown_settings(texts, known):
        app.logger.warning(sentence)
    # Flask's own settings but those checked keep any text as it is: one meant as JSON but broken, unsaid.
    checked = [*allowed_settings(DEFAULT_LIMITS.max_categories), "DASHBOARD_DIRS"]
    for sentence in kept_as_text(texts, app.config, checked):
        app.logger.warning(sentence)
    if app.config["PROXIES"] and not app.config["TRUSTED_HOSTS"]:
        app.logger.warning(UNCHECKED_FORWARDED_HOST)
