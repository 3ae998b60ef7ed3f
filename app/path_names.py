"""The dashboards, charts, datasets and static files a URL's path names: found, or the 404 a GET of the
URL answers."""
from __future__ import annotations

import os
from collections.abc import Mapping

from flask import current_app
from werkzeug.exceptions import NotFound
from werkzeug.security import safe_join

from plots.text import quoted

from .context import current_site
from .store import DatasetNotFound, StoreError


def find_path_names(blueprint: str | None, names: Mapping[str, str]) -> None:
    """Look up what a routed URL's path names (`names`, its view arguments), as its GET does first.

    Raises NotFound for a dashboard, chart or static file there is not, DatasetNotFound for a
    dataset, or a dashboard chart's, there is not: any other failure to read a dataset (its source
    down) is its GET's to answer, not its name's."""
    if "filename" in names:  # /static/<filename>, which `views.static_files.send_static` sends
        _find_static_file(names["filename"])
    site = current_site()
    # `name` is the dashboard's under /d/, the dataset's everywhere else (/datasets/, /api/).
    board = names.get("dashboard", names.get("name") if blueprint == "dashboards" else None)
    dataset = names.get("dataset", names.get("name") if blueprint != "dashboards" else None)
    if board is not None:
        dashboard = site.dashboard(board)
        if "chart" in names:
            dataset = dashboard.chart(names["chart"]).dataset  # which a chart's page reads before all else
    if dataset is not None:
        try:
            site.store.info(dataset)
        except DatasetNotFound:
            raise
        except StoreError:
            pass


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
