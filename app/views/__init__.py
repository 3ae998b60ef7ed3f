"""The views, one module per resource: the URL you are looking at names the file to open.

index (/), dashboards (/d/<dashboard>, versions.json), charts (/d/<dashboard>/<chart> and its
.svg/.png/.json/.csv twins, /plot/<dataset>.<format>), datasets (/datasets/<name>, .json, .csv,
/append), uploads (/upload), api (/api/...), seed (the first version's URLs); over base, what they
share, and forms, which reads a form's fields as UTF-8.
"""
from __future__ import annotations

from flask import Flask

from . import api, charts, dashboards, datasets, index, seed, uploads
from .forms import FormRequest

BLUEPRINTS = (index.bp, dashboards.bp, charts.bp, datasets.bp, uploads.bp, api.bp, seed.bp)


def register_views(app: Flask) -> None:
    """Add every view's blueprint to `app`, with the request every view reads: a form's fields are
    read as UTF-8 (`forms.FormRequest`)."""
    app.request_class = FormRequest
    for blueprint in BLUEPRINTS:
        app.register_blueprint(blueprint)
