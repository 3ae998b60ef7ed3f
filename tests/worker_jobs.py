"""Jobs for render workers in tests; this module imports nothing of the web app, so that running
one of them in a worker shows what the worker itself has imported."""
from __future__ import annotations

import sys


def loaded_modules() -> list[str]:
    """The top-level modules the process has imported."""
    return sorted(name for name in sys.modules if "." not in name)
