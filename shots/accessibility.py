"""Accessibility audit of the page a browser shows, with axe-core (WCAG 2.0 and 2.1, A and AA).

axe-core is an npm package (`package.json` at the project root; `npm ci` puts it in
`node_modules/`). Its script is injected into each page after the screenshot, so it cannot
change what the screenshot shows.
"""
from __future__ import annotations

import re
from pathlib import Path
from typing import Any, Sequence

from .results import AxeViolation

INSTALL_HINT = "install axe-core with `npm ci` in the project folder (tests/run.sh does)"

# Results only for violations (no passes or incomplete checks): a lot faster on long tables.
# Targets are CSS selectors; inside an iframe or a shadow root a target is a list of them.
_RUN_AXE_JS = """
const tags = arguments[0], done = arguments[arguments.length - 1];
if (typeof axe === 'undefined') { done({error: 'axe-core did not load into the page'}); return; }
const selector = t => Array.isArray(t) ? t.join(' >>> ') : String(t);
axe.run(document, {runOnly: {type: 'tag', values: tags}, resultTypes: ['violations']})
  .then(r => done({violations: r.violations.map(v => ({
    rule: v.id, impact: v.impact || '', help: v.help, help_url: v.helpUrl,
    elements: v.nodes.map(n => n.target.map(selector).join(' >>> ')),
    html: v.nodes.map(n => n.html)}))}))
  .catch(e => done({error: String(e && e.message || e)}));
"""


class AxeMissing(FileNotFoundError):
    """axe-core's script is not where the settings say it is."""


class AuditFailed(RuntimeError):
    """axe-core could not audit the page."""


def load_axe(path: Path) -> str:
    """The source of axe-core's `axe.min.js`; raises AxeMissing naming the file and the fix."""
    try:
        return Path(path).read_text(encoding="utf-8")
    except FileNotFoundError:
        raise AxeMissing(f"axe-core not found at {path}: {INSTALL_HINT}") from None


def axe_version(source: str) -> str:
    """The version in the script's banner (`/*! axe v4.14.1`), or "" when it has none."""
    match = re.match(r"\s*/\*!\s*axe v(\S+)", source)
    return match.group(1) if match else ""


def audit_page(driver: Any, source: str, tags: Sequence[str]) -> list[AxeViolation]:
    """Inject axe-core into the page `driver` shows and return what breaks the rules of `tags`.

    Raises AuditFailed with axe-core's message when the audit itself fails.
    """
    # WebDriver runs scripts outside the page's Content-Security-Policy, so the site's CSP
    # needs no exception for the audit.
    driver.execute_script(source)
    outcome = driver.execute_async_script(_RUN_AXE_JS, list(tags))
    if not isinstance(outcome, dict) or "error" in outcome:
        raise AuditFailed(outcome.get("error", "no result") if isinstance(outcome, dict) else repr(outcome))
    return [AxeViolation(rule=v["rule"], impact=v["impact"], help=v["help"], help_url=v["help_url"],
                         elements=tuple(v["elements"]), html=tuple(v["html"]))
            for v in outcome["violations"]]
