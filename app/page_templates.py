"""The site's page templates compiled as the app is built, not at the first view of each page: a new
app's first dashboard page spent 30-40 ms compiling its template. What a template compiles to is kept
for the process (`COMPILED`), so that every other app the process builds over the same templates and
settings (a test suite's, a benchmark's) loads it rather than compiling it again."""
from __future__ import annotations

import threading

from flask import Flask
from jinja2 import BytecodeCache, Environment
from jinja2.bccache import Bucket


def compile_templates(app: Flask) -> None:
    """Compile every template of the app's site, as its first view would, with its filters and
    globals registered: a template that does not compile stops the start, not a page."""
    environment = app.jinja_env
    for name in environment.list_templates():
        environment.get_template(name)


def _compiling(environment: Environment) -> tuple:
    """What of `environment` its templates compile differently by: its syntax, its extensions, its
    finalize and whether it escapes (a function of the template's name, the same whatever its app)."""
    escapes = environment.autoescape
    return (type(environment), environment.block_start_string, environment.block_end_string,
            environment.variable_start_string, environment.variable_end_string,
            environment.comment_start_string, environment.comment_end_string,
            environment.line_statement_prefix, environment.line_comment_prefix, environment.trim_blocks,
            environment.lstrip_blocks, environment.newline_sequence, environment.keep_trailing_newline,
            tuple(sorted(environment.extensions)), environment.optimized, environment.is_async,
            environment.finalize, getattr(escapes, "__func__", escapes))


class CompiledTemplates(BytecodeCache):
    """What the templates of the process's apps compiled to, by template and by what their environment
    compiles them by (`_compiling`); a template whose source changed since is compiled again (the
    bucket's checksum of its source tells). Holds one entry a template and kind of environment."""

    def __init__(self) -> None:
        self._kept: dict[tuple, bytes] = {}
        self._lock = threading.Lock()

    def load_bytecode(self, bucket: Bucket) -> None:
        """Give `bucket` the code kept for its template, where there is one of its source."""
        with self._lock:
            code = self._kept.get((_compiling(bucket.environment), bucket.key))
        if code is not None:
            bucket.bytecode_from_string(code)

    def dump_bytecode(self, bucket: Bucket) -> None:
        """Keep what `bucket`'s template compiled to."""
        code = bucket.bytecode_to_string()
        with self._lock:
            self._kept[(_compiling(bucket.environment), bucket.key)] = code

    def clear(self) -> None:
        """Forget every template's code."""
        with self._lock:
            self._kept.clear()

    def __len__(self) -> int:
        return len(self._kept)


# The process's one store of compiled templates, which every app's environment is given.
COMPILED = CompiledTemplates()
