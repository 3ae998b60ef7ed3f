"""What decides a chart's bytes besides its data and spec: the site's code, its libraries and fonts.

A versioned chart URL (`?v=`) is cached for good, so its `v` must change whenever a release draws
the same data differently. Telling which edit changes the bytes is guesswork; a digest of all of
it is read once per process, in a few milliseconds, and changes with any release: each release's
first answer of a chart is drawn anew, and no cache keeps an old drawing under a new release's URL.
"""
from __future__ import annotations

import functools
import hashlib
from importlib import metadata
from pathlib import Path

from .config import ROOT

# The packages whose code draws a chart or computes its rows and data files.
CODE_PACKAGES = ("plots", "app")
# The libraries whose version changes the drawing (PNGs are Pillow's); the fonts are `font_files`.
LIBRARIES = ("matplotlib", "numpy", "pandas", "pillow")


@functools.cache
def drawing_digest() -> str:
    """A digest of the site's Python code and the versions of the libraries it draws with."""
    digest = hashlib.sha256()
    for package in CODE_PACKAGES:
        for path in sorted((ROOT / package).rglob("*.py")):
            digest.update(path.relative_to(ROOT).as_posix().encode("utf-8") + b"\0")
            digest.update(path.read_bytes() + b"\0")
    for library in LIBRARIES:
        digest.update(f"{library}=={_version(library)}\0".encode("utf-8"))
    for path in font_files():
        digest.update(Path(path).read_bytes() + b"\0")
    return digest.hexdigest()


def font_files() -> list[str]:
    """The font files charts are drawn with: matplotlib's own, or a system font of the same family
    that it prefers, which a system update may change under the same library versions."""
    from matplotlib.font_manager import FontProperties, findfont

    from plots.style import FONT_FAMILY
    return sorted({str(findfont(FontProperties(family=FONT_FAMILY, weight=weight)))
                   for weight in ("normal", "bold")})


def _version(library: str) -> str:
    try:
        return metadata.version(library)
    except metadata.PackageNotFoundError:  # run from a source tree without it installed: absent is a version too
        return "absent"


def url_digest(store_identity: str, drawing: str) -> str:
    """What a chart URL's `v` carries besides its data version (`views.chart_versions.image_version`): a digest
    of the store's identity, as a version is unique within one store only, and of `drawing`."""
    return hashlib.sha256(f"{store_identity}\0{drawing}".encode("utf-8")).hexdigest()
