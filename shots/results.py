"""What a run found: one `Capture` per visit, judged into `PageResult`s, gathered in a `CheckResult`.

Plain values shared by the check, the report and the command line; nothing here drives a browser.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .baseline_charts import PLACES_SUFFIX
from .compare import Comparison
from .network import NetworkEntry
from .site_urls import not_a_page, page_name, request_path, sent_path


@dataclass
class Capture:
    """Everything one visit of a page produced."""

    url: str
    final_url: str = ""
    title: str = ""
    png: bytes = b""
    shots_taken: int = 0
    stable: bool = False
    images: list[dict[str, Any]] = field(default_factory=list)
    requests: list[NetworkEntry] = field(default_factory=list)
    console: list[dict[str, Any]] = field(default_factory=list)
    links: list[str] = field(default_factory=list)
    started_wall: float = 0.0
    on_content_load_ms: float = -1
    on_load_ms: float = -1
    masked: int = 0  # elements painted over because they differ on every run
    timings: dict[str, float] = field(default_factory=dict)
    error: str = ""


@dataclass(frozen=True)
class PageTarget:
    """A page to check and the HTTP status its document is expected to have."""

    path: str
    expected_status: int = 200

    @classmethod
    def parse(cls, text: str) -> "PageTarget":
        """`/path` or `/path@404` (the status the page is expected to return), named by `named`:
        `/d/x#top` is `/d/x`, and so are `/d/x#top@404` and `/d/x@404#top` expecting a 404. Raises
        ValueError for an `@` ending the page that is no status from 100 to 599 (`/d/x@999`, `/d/x@abc`,
        `/d/x@`), which would be read as part of its path: what follows a page's last `@`, when it holds
        no `/`, is its status; an `@` of its path or query there is written `%40`."""
        # As a browser reads a path: tabs and newlines left out, and spaces and controls at its ends.
        written = re.sub("[\t\n\r]", "", text).strip("".join(map(chr, range(0x21))))
        ends = [given.rpartition("@") for given in (written.partition("#")[0], written)]
        for path, sep, status in ends:
            if sep and re.fullmatch("[1-5][0-9][0-9]", status):
                return cls.named(path, int(status), given=text)
        for _, sep, status in ends:
            if sep and "/" not in status:
                what = f"@{status}, which is no HTTP status" if status else "@ and no status"
                raise ValueError(f"page {text} ends in {what}: give @ and a status from 100 to 599 after its path "
                                 "(/d/x@404 expects HTTP 404), or write an @ of its path or query as %40")
        return cls.named(text, given=text)

    @classmethod
    def named(cls, path: str, expected_status: int = 200, *, given: str = "") -> "PageTarget":
        """The page at `path` below the site's URL, named by its path as a browser sends it
        (`request_path`), however it was given: on the command line, to `check_site` or `check_page`,
        or found by the crawl. Raises ValueError, naming the page as `given` (else `path`), for a URL
        (`http://host/d/x`, `host:5000/d/x`): the site's URL is `--url`'s, and one page given two ways
        would be two pages writing the same files; and for a path that begins `//`, as written (`//x`)
        or once its `.` and `..` are resolved (`/..//x`): a link written `//x` is to the host x, as the
        crawl reads it, not to a page of the site, and a page is visited at the path it is named by;
        and for the path of an image or a download (`not_a_page`: `/plot/x.svg`, `/datasets/x.csv`),
        which Chromium would open as no page loads, to fail after the page timeout in words of its own."""
        shown = given or path
        if ":" in re.split(r"[/?#\\]", path.strip(), maxsplit=1)[0]:
            raise ValueError(f"page {shown} is a URL: give a page by its path below the site's URL (/d/x, or "
                             "/d/x@404 to expect HTTP 404), and the site's URL with --url")
        name = request_path(path)
        if name.startswith("//"):
            host = re.split(r"[/?]", name[2:], maxsplit=1)[0]
            elsewhere = f"to the host {host}, not to a page of the site" if host else "to no page of the site"
            how = ("begins with two slashes" if sent_path(path).startswith("//")
                   else f"is {name} once its . and .. are resolved")
            raise ValueError(f"page {shown} {how}, and a link written {name} is {elsewhere}: give its path with "
                             f"one leading slash (/{name.lstrip('/')})")
        kind = not_a_page(name)
        if kind is not None:
            raise ValueError(f"page {shown} is {kind} (the crawl does not visit an image or a download either)")
        return cls(name, expected_status)


@dataclass
class ImageReport:
    """One `<img>` of a page joined to the request that fetched it."""

    name: str
    src: str
    status: int | None
    content_type: str
    natural_width: int
    natural_height: int
    problems: list[str] = field(default_factory=list)
    box: tuple[int, int, int, int] | None = None  # where the page shows it, in screenshot pixels
    chart: bool = False  # one of the site's charts (a chart route right below the site's URL), held to the chart rules
    number: int = 0  # its place among its page's images, from 1 in document order (0: not of a page)

    @property
    def label(self) -> str:
        """How a line names it within its page: `image 2 /plot/a.svg`, its number and its URL's path and
        query, named as a page's are (`page_name`: `%2f` is `%2F`, `%41` is `A`)."""
        where = page_name(self.src)
        return f"image {self.number} {where}" if self.number else f"image {where}"

    @property
    def drawn(self) -> bool:
        """Whether Chromium could decode and draw the image."""
        return self.natural_width > 0

    def as_dict(self) -> dict[str, object]:
        """The image as JSON."""
        return {"number": self.number, "name": self.name, "src": self.src, "status": self.status,
                "content_type": self.content_type, "natural_width": self.natural_width,
                "natural_height": self.natural_height, "drawn": self.drawn, "problems": self.problems,
                "box": list(self.box) if self.box else None, "chart": self.chart}


@dataclass(frozen=True)
class AxeViolation:
    """One accessibility rule (axe-core) that a page breaks, and the elements that break it."""

    rule: str  # axe-core's rule id, e.g. "label"
    impact: str  # minor, moderate, serious or critical
    help: str
    help_url: str
    elements: tuple[str, ...]  # a CSS selector for each element
    html: tuple[str, ...] = ()  # each element's opening tag, as axe-core shows it

    def describe(self, most: int = 5) -> str:
        """One line: rule, impact, what is wrong, and the first `most` elements."""
        shown = ", ".join(self.elements[:most])
        more = f" and {len(self.elements) - most} more" if len(self.elements) > most else ""
        return f"{self.rule} ({self.impact}): {self.help}: {shown}{more}"

    def as_dict(self) -> dict[str, object]:
        """The violation as JSON."""
        return {"rule": self.rule, "impact": self.impact, "help": self.help, "help_url": self.help_url,
                "elements": list(self.elements), "html": list(self.html)}


@dataclass
class PageResult:
    """The verdict on one page: pass, fail, new (baseline written), updated, or redirect (the site or the
    page's script sent the visit on to another of its pages, which the run checked under its own name)."""

    target: PageTarget
    url: str
    slug: str  # the name of its files ("" for a redirect, which has none)
    capture: Capture
    images: list[ImageReport]
    problems: list[str]
    verdict: str = "pass"
    notes: list[str] = field(default_factory=list)
    comparison: Comparison | None = None
    accessibility: list[AxeViolation] | None = None  # None: not audited
    files: dict[str, str] = field(default_factory=dict)  # kind -> file name in the out dir
    seconds: float = 0.0
    warnings: list[str] = field(default_factory=list)  # worth a look, but the page passes: a slow chart
    redirected_from: str = ""  # the page visited, when the site redirected it to this one
    redirects_to: str = ""  # of a redirect: the page it leads to

    @property
    def passed(self) -> bool:
        """Only "pass", "updated" and "redirect" pass; a new baseline must be reviewed first."""
        return self.verdict in ("pass", "updated", "redirect")

    @property
    def described(self) -> str:
        """The page as a line or the report names it, with the redirect that led to it or that it is:
        `/d/x (redirected from /d//x)`, `/d//x (redirects to /d/x, checked under its own name)`."""
        if self.redirects_to:
            return f"{self.target.path} (redirects to {self.redirects_to}, checked under its own name)"
        return self.target.path + (f" (redirected from {self.redirected_from})" if self.redirected_from else "")


@dataclass
class CheckResult:
    """All pages of one run."""

    pages: list[PageResult]
    out_dir: Path
    baseline_dir: Path
    browser_version: str = ""
    unvisited: list[str] = field(default_factory=list)  # pages found but left for the page limit
    max_pages: int = 0  # the page limit the run stopped at, when it did
    seconds: float = 0.0
    report_path: Path | None = None
    axe_version: str = ""  # the axe-core that audited the pages; "" when none did
    notes: list[str] = field(default_factory=list)  # about the run, such as what it did not check
    # baseline files no page of a full crawl matched, and records of charts' places whose baseline is gone
    # (of a run of pages given, those pages' records only)
    unmatched_baselines: list[str] = field(default_factory=list)
    stopped_by: str = ""  # the signal that ended the run before its end ("": it ran to its end)

    @property
    def passed(self) -> bool:
        """True only when at least one page was checked, every page passed, and no page found was
        left unvisited at the page limit (a broken chart may be on one), no baseline was left
        unmatched (its page is gone, or no longer reached), no record of charts' places outlived
        its baseline, and the run was not stopped early."""
        return (bool(self.pages) and all(p.passed for p in self.pages) and not self.unvisited
                and not self.unmatched_baselines and not self.stopped_by)

    @property
    def failures(self) -> list[str]:
        """One line per problem, each naming its page; one per baseline no page matched and per record whose baseline is gone; then one
        naming the pages left unvisited."""
        lines = [f"{p.target.path}: {problem}" for p in self.pages for problem in p.problems]
        lines += [f"{p.target.path}: {note}" for p in self.pages if p.verdict == "new" for note in p.notes]
        lines += [f"baseline {name}: no page of the site matched it; remove it if the page is gone"
                  if name.endswith(".png") else
                  f"baseline record {name}: its baseline {name.removesuffix(PLACES_SUFFIX)}.png is gone; remove it"
                  for name in self.unmatched_baselines]
        if self.unvisited:
            shown = ", ".join(self.unvisited[:10]) + (" …" if len(self.unvisited) > 10 else "")
            limit = f"{self.max_pages} page{'' if self.max_pages == 1 else 's'}"
            lines.append(f"{len(self.unvisited)} pages not checked: the run stopped at the page limit "
                         f"({limit}); raise --max-pages to check them: {shown}")
        return lines

    @property
    def warnings(self) -> list[str]:
        """One line per warning of a page (a slow chart), each naming its page; none fails the run."""
        return [f"{p.target.path}: {warning}" for p in self.pages for warning in p.warnings]

    def summary(self) -> str:
        """One line: how many pages passed, failed, are new."""
        counts: dict[str, int] = {}
        for page in self.pages:
            counts[page.verdict] = counts.get(page.verdict, 0) + 1
        parts = [f"{n} {verdict}" for verdict, n in sorted(counts.items())]
        text = f"{len(self.pages)} pages: {', '.join(parts) or 'none checked'} in {self.seconds:.1f} s"
        if self.unvisited:
            text += f"; stopped at the page limit, {len(self.unvisited)} links not visited"
        baselines = sum(name.endswith(".png") for name in self.unmatched_baselines)
        records = len(self.unmatched_baselines) - baselines
        if baselines:
            text += f"; {baselines} baseline{'' if baselines == 1 else 's'} matched no page"
        if records:
            text += f"; {records} record{'' if records == 1 else 's'} of a baseline that is gone"
        return text
