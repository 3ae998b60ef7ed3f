"""The names of a page's files: its screenshot, records and baseline are named by its path below the
site's URL (`page_slug`), and within one run no two pages write under one name (`RunFileNames`)."""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterable

from .baseline_charts import PLACES_SUFFIX
from .site_urls import page_name

# What follows a name another page of the run holds, with the number of the pages that share it
# (`d-x~2`): a name made by `page_slug` holds no `~`, so that no page's own name is one of these.
TOLD_APART = "~"


def _file_word(text: str) -> str:
    """`text` as a piece of a file name: each run of characters other than A-Z a-z 0-9 . _ - an `_`."""
    return re.sub(r"[^A-Za-z0-9._-]+", "_", text)


def page_slug(path: str) -> str:
    """A file name for a page, made from its name (`page_name`) whether given its path or its URL (a
    URL's whole path, a prefix's too: the check names a page by its path below the site's URL):
    `/` -> `index`, `/d/animals` -> `d-animals`, `/d/x?y=1` -> `d-x_y_1`. An empty segment, the end of
    `/d/animals/` or the middle of `/d//animals`, is a `+`, which no character of a name becomes:
    `d-animals-+` and `d-+-animals` are pages of their own, never `/d/animals`'s files. Two pages may
    still share a name (`/d/a/b-c` and `/d/a-b/c` are `d-a-b-c`, `/index` is `/`'s `index`):
    `RunFileNames` keeps one run from writing both under it."""
    path, _, query = page_name(path).partition("?")
    segments = path.removeprefix("/").split("/")
    slug = "-".join(_file_word(segment) or "+" for segment in segments) if path not in ("", "/") else "index"
    return slug + (f"_{_file_word(query)}" if query else "")


@dataclass
class RunFileNames:
    """The pages one run has checked and the names their files were written under: each page's own
    (`page_slug`), but for a page whose own name a page checked before it holds, which gets that name
    told apart (`d-x~2`) and no baseline, since the baseline by that name is the other page's."""

    files: dict[str, str] = field(default_factory=dict)  # page path -> the name of its files
    holders: dict[str, str] = field(default_factory=dict)  # file name -> the page whose own name it is

    def checked(self, path: str) -> bool:
        """Whether the page `path` has been checked in this run."""
        return path in self.files

    def claim(self, path: str) -> tuple[str, str]:
        """The name the files of the page `path` are written under, and the page checked before it that
        holds its own name ("" when none does)."""
        slug = page_slug(path)
        holder = self.holders.setdefault(slug, path)
        if holder == path:
            self.files[path] = slug
            return slug, ""
        sharing = sum(page_slug(other) == slug for other in self.files) + 1
        self.files[path] = f"{slug}{TOLD_APART}{sharing}"
        return self.files[path], holder


def shared_name_problem(path: str, holder: str, slug: str, told_apart: str) -> str:
    """The failure of the page `path` whose own file name `slug` the page `holder` has, checked before it."""
    return (f"its file name {slug} is also that of page {holder}, checked first in this run: this page was neither "
            f"compared with baseline {slug}.png (that page's) nor written as it, and its files are {told_apart}.*; "
            f"rename one of the two pages, or check this one alone (--page {path}) with baselines of its own "
            f"(--baselines DIR)")


def unmatched_baselines(baseline_dir: Path, pages: Iterable[str], whole_site: bool = True) -> list[str]:
    """The records of charts' places (`<slug>.charts.json`) whose baseline is gone, and, of a crawl of
    the whole site, the baseline files (`<slug>.png`) that none of `pages` (their paths below the site's URL,
    visited or left unvisited) is named by; of pages given (not `whole_site`), only the records of those pages, since
    the other files may be those of pages not given."""
    slugs = {page_slug(path) for path in pages}
    stale = [path.name for path in Path(baseline_dir).glob("*.png") if path.stem not in slugs] if whole_site else []
    for record in Path(baseline_dir).glob(f"*{PLACES_SUFFIX}"):
        slug = record.name.removesuffix(PLACES_SUFFIX)
        if (whole_site or slug in slugs) and not record.with_name(slug + ".png").exists():
            stale.append(record.name)
    return sorted(stale)
