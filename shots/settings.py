"""What a run of the check looks at and how strictly: one frozen `Settings` value."""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from .compare import Tolerance

PROJECT_ROOT = Path(__file__).resolve().parents[1]
DEFAULT_OUT_DIR = PROJECT_ROOT / "chrome-debug"
DEFAULT_BASELINE_DIR = PROJECT_ROOT / "tests" / "baselines"
# Where `npm ci` puts axe-core (package.json at the project root pins its version).
DEFAULT_AXE_SCRIPT = PROJECT_ROOT / "node_modules" / "axe-core" / "axe.min.js"
WCAG_TAGS = ("wcag2a", "wcag2aa", "wcag21a", "wcag21aa")


@dataclass(frozen=True)
class Settings:
    """What a run checks and how strictly."""

    width: int = 1280
    height: int = 800
    tolerance: Tolerance = Tolerance()
    # Approved screenshots, one `<page>.png` each.
    baseline_dir: Path = DEFAULT_BASELINE_DIR
    # Pages a run checks at most: a run that finds more fails (every chart has a page of its own).
    max_pages: int = 500
    image_types: tuple[str, ...] = ("image/svg+xml", "image/png")
    page_timeout: float = 30.0
    # Painted over before comparing: the embed snippets show the server's own URL (its port
    # changes per run); a page can mark anything else that varies with data-shots-mask.
    mask: tuple[str, ...] = ("[data-shots-mask]", ".embed textarea", ".embed input")
    # The accessibility audit: axe-core's script (None: no audit) and the rule tags it runs.
    # Without the script the run goes on unaudited and says so, unless `require_axe`.
    axe_script: Path | None = DEFAULT_AXE_SCRIPT
    require_axe: bool = False
    axe_tags: tuple[str, ...] = WCAG_TAGS

    @property
    def slow_chart_seconds(self) -> float:
        """A chart that took longer to answer passes with a warning: a quarter of the page timeout."""
        return self.page_timeout / 4
