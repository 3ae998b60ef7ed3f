"""The dashboards, charts, datasets and static files a URL's path names: found, or the 404 a GET of the
URL answers."""
from __future__ import annotations

import os
import re
from collections.abc import Callable, Mapping
from typing import TypeVar

from flask import current_app
from werkzeug.exceptions import NotFound
from werkzeug.security import safe_join

from plots.text import quoted

from .context import current_site
from .store import DatasetNotFound, StoreError


T = TypeVar("T")

# A name a route's rule takes (`<board:dashboard>`, `<any(json,csv):fmt>`): the name alone.
_RULE_NAME = re.compile(r"<(?:[^<>:]*:)?(\w+)>")


def find_path_names(blueprint: str | None, names: Mapping[str, str], written: Mapping[str, str] | None = None) -> None:
    """Look up what a routed URL's path names (`names`, its view arguments), as its GET does first.

    Raises NotFound for a dashboard, chart or static file there is not, DatasetNotFound for a
    dataset, or a dashboard chart's, there is not: any other failure to read a dataset (its source
    down) is its GET's to answer, not its name's. `written` are the names as a URL the route takes
    in lower case wrote them (`Temps` of /d/stations/Temps.svg): a 404 names what was written."""
    if "filename" in names:  # /static/<filename>, which `views.static_files.send_static` sends
        _find_static_file(names["filename"])
    site = current_site()
    written = {**names, **(written or {})}
    # `name` is the dashboard's under /d/, the dataset's everywhere else (/datasets/, /api/).
    board_key = "dashboard" if "dashboard" in names else "name" if blueprint == "dashboards" else None
    dataset_key = "dataset" if "dataset" in names else "name" if blueprint != "dashboards" else None
    dataset = names.get(dataset_key) if dataset_key is not None else None
    if board_key is not None and board_key in names:
        dashboard = _named_as_written(site.dashboard, names[board_key], written[board_key])
        if "chart" in names:
            # Which a chart's page reads before all else; the dataset is the dashboard's to name, not the URL's.
            dataset = _named_as_written(dashboard.chart, names["chart"], written["chart"]).dataset
            dataset_key = None
    if dataset is not None:
        try:
            _named_as_written(site.store.info, dataset, written[dataset_key] if dataset_key is not None else dataset)
        except DatasetNotFound:
            raise
        except StoreError:
            pass


def _named_as_written(find: Callable[[str], T], name: str, written: str) -> T:
    """`find(name)`; where it finds nothing (NotFound, DatasetNotFound), its 404 of `written`, the name as
    the URL wrote it (`Temps` of `temps`), which the user looks for in the message."""
    try:
        return find(name)
    except (NotFound, DatasetNotFound) as missing:
        if written == name:
            raise
        try:
            find(written)  # no name is written in capitals: the 404 of what the URL wrote
        except (NotFound, DatasetNotFound) as named:
            raise named from None
        raise missing from None


def names_as_written(rule: str, path: str) -> dict[str, str]:
    """The names of a route's `rule` (/d/<board:dashboard>/<board:chart>.<extension:fmt>) as `path`, a
    URL it takes in lower case, writes them: {'dashboard': 'stations', 'chart': 'Temps', …}. Empty where
    `path` is no such URL in any case."""
    pattern, end = [], 0
    for found in _RULE_NAME.finditer(rule):
        # A name holds no dot or slash: those part a path's names and its extension.
        pattern += [re.escape(rule[end:found.start()]), f"(?P<{found[1]}>[^/.]+)"]
        end = found.end()
    pattern.append(re.escape(rule[end:]))
    match = re.fullmatch("".join(pattern), path, re.IGNORECASE)
    return match.groupdict() if match is not None else {}


def _find_static_file(filename: str) -> None:
    """Raise NotFound unless the static folder holds a regular file `filename`, as its GET sends."""
    path = safe_join(current_app.static_folder, filename)
    if path is None or not os.path.isfile(path):
        raise static_file_not_found(filename)


def static_file_not_found(filename: str) -> NotFound:
    """The 404 of a name the static folder holds no file of (a folder is none), naming the files it holds."""
    folder = current_app.static_folder
    try:
        names = sorted(name for name in os.listdir(folder)
                       if not name.startswith(".") and os.path.isfile(os.path.join(folder, name)))
    except OSError:
        names = []
    held = f"; the site's own files there are {', '.join(names)}" if names else ""
    return NotFound(f"no file {quoted(filename)} in /static/{held}")
