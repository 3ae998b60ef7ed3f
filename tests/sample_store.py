"""A test's store of the samples: a copy of one the test process loaded at a real first start, under
an identity of its own, so that an app over it starts as at a later start without loading them again."""
from __future__ import annotations

import atexit
import functools
import os
import secrets
import shutil
import sqlite3
import tempfile
from collections.abc import Mapping
from pathlib import Path

from flask import Flask

from app import create_app
from app.config import STORE_FILE
from app.store.schema import STORE_IDENTITY

# Settings (or their SVGPLOTS_ variables) under which the site's store is not the samples in that file.
OTHER_STORES = ("DATABASE_URL", "SAMPLE_DATA_DIR")


@functools.cache
def loaded_samples() -> Path:
    """The store file of a site started once in this process on the samples, its log folded in.

    Made before a test sets the environment (conftest.py asks for it at the start of the session):
    a test's SVGPLOTS_ variables are the settings of its own apps."""
    folder = Path(tempfile.mkdtemp(prefix="svgplots-samples-"))
    atexit.register(shutil.rmtree, folder, ignore_errors=True)
    create_app({"TESTING": True, "DATA_DIR": str(folder), "RENDER_WORKERS": 0}).extensions["svgplots"].store.close()
    with sqlite3.connect(folder / STORE_FILE) as conn:
        conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    conn.close()
    return folder / STORE_FILE


def with_samples_loaded(data_dir: Path, settings: Mapping | None = None) -> None:
    """Put a store of the loaded samples, with an identity of its own, in `data_dir`, where an app of
    `settings` keeps its datasets and has none yet; the samples' rows are then read from it, as at
    any start after the first, rather than kept from loading them."""
    target = Path(data_dir) / STORE_FILE
    if target.exists() or any(name in (settings or {}) or f"SVGPLOTS_{name}" in os.environ for name in OTHER_STORES):
        return
    shutil.copyfile(loaded_samples(), target)
    with sqlite3.connect(target) as conn:
        # Versions are told apart by the store's identity (a render worker's kept charts, say):
        # each copy is another store.
        conn.execute("UPDATE meta SET value = ? WHERE key = ?", (secrets.token_hex(16), STORE_IDENTITY))
    conn.close()


def app_on_samples(settings: Mapping) -> Flask:
    """`create_app(settings)` over a store of the loaded samples put in its DATA_DIR first
    (`with_samples_loaded`), where it keeps its datasets there and has none yet."""
    with_samples_loaded(settings["DATA_DIR"], settings)
    return create_app(dict(settings))
