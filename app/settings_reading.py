"""The settings an app is built with: its environment's class, the SVGPLOTS_* environment variables and
the overrides given, each checked against what it may be."""
from __future__ import annotations

import os
from collections.abc import Mapping

import flask
from flask import Flask

from plots import DEFAULT_LIMITS

from . import auth, client_addresses, logged_queries, request_watch
from .config import (CONFIGS, NOT_BLANK, ROOT, TEXT_SETTINGS, SettingError, allowed_settings, blank_setting_refusal,
                     shown_setting)
from .json_settings import broken_json_words
from .usable_cpus import default_render_workers


def read_settings(config: str | Mapping | None = None) -> flask.Config:
    """The settings `create_app(config)` builds the app with, read as it reads them, without building it:
    for a server that sizes itself by them (gunicorn's threads). Raises SettingError for an unknown
    environment and for a setting out of its range or of another type (`config.allowed_settings`)."""
    settings = flask.Config(str(ROOT))
    load_settings(settings, config)
    return settings


def load_settings(settings: flask.Config, config: str | Mapping | None) -> dict[str, str]:
    """Fill `settings` from the environment's class, then the SVGPLOTS_* environment variables, then
    `config`'s overrides (see `create_app`), and check every one `config.allowed_settings` names.
    Returns the variables' texts read, by the setting each names (`environment_texts`), for the
    start's warnings of them."""
    overrides = dict(config) if isinstance(config, Mapping) else {}
    texts = environment_texts()
    env = config if isinstance(config, str) else texts.get("ENV", "")
    if not env:
        env = "testing" if overrides.get("TESTING") else "development"
    if env not in CONFIGS:
        raise SettingError(f"unknown environment {shown_setting(env)}; use one of {', '.join(CONFIGS)}")
    settings.from_object(CONFIGS[env])
    # The environment is read here, once: SVGPLOTS_DATA_DIR -> DATA_DIR, and so on.
    settings.from_prefixed_env("SVGPLOTS")
    settings.update({name: texts[name] for name in TEXT_SETTINGS if name in texts})  # as written, not read as JSON
    if "WRITE_TOKENS" in texts and "WRITE_TOKENS" not in overrides:  # a JSON list where it starts with [
        settings["WRITE_TOKENS"] = auth.environment_tokens(texts["WRITE_TOKENS"])
    if not isinstance(settings.get("DASHBOARD_DIRS"), (list, str)) and "DASHBOARD_DIRS" in texts:
        # No JSON list nor text: one folder, its name as written (SVGPLOTS_DASHBOARD_DIRS=2024 is the folder 2024).
        settings["DASHBOARD_DIRS"] = texts["DASHBOARD_DIRS"]
    # JSON writes a number in the digits 0-9 (no +, _ or other scripts' digits) but takes white space
    # around it, which run.py's --port does not: such text is kept as text, refused as the setting's.
    settings.update({name: text for name, text in texts.items()
                     if text != text.strip() and _is_number(settings.get(name))})
    settings.update(overrides)
    for name in NOT_BLANK:
        text = texts.get(name)
        if text is not None and not text.strip() and name not in overrides:
            # As a compose file's SVGPLOTS_SOURCES=${SOURCES} sets it where SOURCES is unset: surely a mistake.
            raise SettingError(f"SVGPLOTS_{name} is set but blank: {blank_setting_refusal(name, 'unset it')}")
    if settings.get("RENDER_WORKERS") is None:  # unset: by the CPUs this process may keep busy
        settings["RENDER_WORKERS"] = default_render_workers()
    if settings.get("MAX_FORM_MEMORY_SIZE") is None:  # unset: a form field may be as large as a body
        settings["MAX_FORM_MEMORY_SIZE"] = settings["MAX_CONTENT_LENGTH"]
    _check_settings(settings, texts)
    return texts


def environment_texts() -> dict[str, str]:
    """The SVGPLOTS_* environment variables' texts, by the setting each names (SVGPLOTS_PROXIES: PROXIES)."""
    return {key.removeprefix("SVGPLOTS_"): text for key, text in os.environ.items() if key.startswith("SVGPLOTS_")}


def _is_number(value: object) -> bool:
    return isinstance(value, (int, float)) and not isinstance(value, bool)


def _check_settings(settings: flask.Config, texts: Mapping[str, str]) -> None:
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
            broken = broken_json_words(name, texts.get(name), value)
            raise SettingError(f"{name} must be {allowed.words}; got {shown_setting(value)}{broken}")
    problem = auth.unsendable_token(settings["WRITE_TOKENS"])
    if problem is not None:
        raise SettingError(problem)
    for problem in (client_addresses.setting_problem(settings.get("LOG_CLIENT_ADDRESSES")),
                    logged_queries.setting_problem(settings.get("LOG_QUERIES")),
                    request_watch.setting_problem(settings.get("METRICS_TOKEN"))):
        if problem is not None:
            raise SettingError(problem)
