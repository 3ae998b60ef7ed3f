"""Two pages of one run whose files would share a name, and a page the site redirects to another: each
page is checked once, under its own name, and no page's screenshot, records or baseline are written over
by another's."""
from __future__ import annotations

import io
import json

from PIL import Image

from shots import Settings
from shots.check import check_page, check_site
from shots.cli import Progress, progress_line
from shots.network import NetworkEntry
from shots.results import Capture

SITE = "http://127.0.0.1:5000"


def _png(colour: tuple[int, int, int]) -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (8, 8), colour).save(out, format="PNG")
    return out.getvalue()


class _Site:
    """A browser over a site whose `/` links `links`, whose `redirects` send a page to another, and whose
    every page has a screenshot of its own colour."""

    version = "none"

    def __init__(self, links: list[str], redirects: dict[str, str] | None = None) -> None:
        self.links, self.redirects = links, redirects or {}
        self.visited: list[str] = []
        self.colours: dict[str, bytes] = {}

    def screenshot(self, path: str) -> bytes:
        return self.colours.setdefault(path, _png((len(self.colours) * 40 % 256, 90, 160)))

    def capture(self, url: str, mask: tuple[str, ...] = ()) -> Capture:
        self.visited.append(url)
        path = url.removeprefix(SITE)
        landed = self.redirects.get(path, path)
        hops = [NetworkEntry("1", url, "GET", "Document", 0.0, 0.0, status=308, redirect_url=SITE + landed)] * (
            landed != path)
        hops.append(NetworkEntry("1", SITE + landed, "GET", "Document", 0.0, 0.0, status=200, mime_type="text/html",
                                 finished_ts=1.0))
        return Capture(url=url, final_url=SITE + landed, png=self.screenshot(landed), shots_taken=2, stable=True,
                       requests=hops, links=[SITE + link for link in self.links] if landed == "/" else [])


def _check(tmp_path, site: _Site, pages: list[str] | None = None, **options):
    return check_site(SITE, pages, out_dir=tmp_path / "out", browser=site,
                      settings=Settings(axe_script=None, baseline_dir=tmp_path / "baselines"), **options)


def test_two_pages_sharing_a_file_name_fail_naming_both_and_write_over_neither_s_files(tmp_path):
    site = _Site(["/d/sales/by-region", "/d/sales-by/region"])
    _check(tmp_path, site, update_baselines=True)
    baseline = (tmp_path / "baselines" / "d-sales-by-region.png").read_bytes()
    assert baseline == site.colours["/d/sales/by-region"]
    for update in (True, False):
        result = _check(tmp_path, site, update_baselines=update)
        assert [(page.target.path, page.slug, page.verdict) for page in result.pages] == [
            ("/", "index", "updated" if update else "pass"),
            ("/d/sales/by-region", "d-sales-by-region", "updated" if update else "pass"),
            ("/d/sales-by/region", "d-sales-by-region~2", "fail")]
        assert result.failures == [
            "/d/sales-by/region: its file name d-sales-by-region is also that of page /d/sales/by-region, checked "
            "first in this run: this page was neither compared with baseline d-sales-by-region.png (that page's) nor "
            "written as it, and its files are d-sales-by-region~2.*; rename one of the two pages, or check this one "
            "alone (--page /d/sales-by/region) with baselines of its own (--baselines DIR)"]
        # The other page's baseline is not written over, and each page's screenshot is its own.
        assert (tmp_path / "baselines" / "d-sales-by-region.png").read_bytes() == baseline
        assert sorted(path.name for path in (tmp_path / "baselines").glob("*.png")) == ["d-sales-by-region.png",
                                                                                        "index.png"]
        out = tmp_path / "out"
        assert (out / "d-sales-by-region.png").read_bytes() == site.colours["/d/sales/by-region"]
        assert (out / "d-sales-by-region~2.png").read_bytes() == site.colours["/d/sales-by/region"]
        assert result.pages[2].files["har"] == "d-sales-by-region~2.har"
        assert result.unmatched_baselines == []


def test_the_index_and_a_page_named_index_given_are_told_apart(tmp_path):
    result = _check(tmp_path, _Site([]), ["/", "/index"])
    assert [(page.target.path, page.slug, page.verdict) for page in result.pages] == [
        ("/", "index", "new"), ("/index", "index~2", "fail")]
    assert result.pages[1].problems == [
        "its file name index is also that of page /, checked first in this run: this page was neither compared with "
        "baseline index.png (that page's) nor written as it, and its files are index~2.*; rename one of the two "
        "pages, or check this one alone (--page /index) with baselines of its own (--baselines DIR)"]
    assert json.loads((tmp_path / "out" / "shots.json").read_text())["pages"][1]["files"]["png"] == "index~2.png"


def test_a_page_redirected_to_one_the_run_checks_later_is_checked_once_under_that_page_s_name(tmp_path):
    # Flask sends `/d//x` to `/d/x`: a crawl finding both screenshot one page twice, as `d-+-x` and `d-x`.
    site = _Site(["/d//x", "/d/x"], {"/d//x": "/d/x"})
    result = _check(tmp_path, site)
    assert site.visited == [f"{SITE}/", f"{SITE}/d//x"]
    assert [(page.target.path, page.slug, page.redirected_from) for page in result.pages] == [
        ("/", "index", ""), ("/d/x", "d-x", "/d//x")]
    assert result.pages[1].url == f"{SITE}/d/x"
    assert sorted(path.name for path in (tmp_path / "baselines").glob("*.png")) == ["d-x.png", "index.png"]
    assert progress_line(2, result.pages[1]).startswith("[  2] NEW     /d/x (redirected from /d//x)  (0/0 charts")


def test_a_page_redirected_to_one_the_run_checked_is_a_redirect_with_no_files_of_its_own(tmp_path):
    site = _Site(["/d/x", "/d//x"], {"/d//x": "/d/x"})
    (tmp_path / "baselines").mkdir()
    (tmp_path / "baselines" / "d-+-x.png").write_bytes(site.screenshot("/d/x"))  # of a run that checked it twice
    result = _check(tmp_path, site, update_baselines=True)
    assert site.visited == [f"{SITE}/", f"{SITE}/d/x", f"{SITE}/d//x"]
    assert [(page.target.path, page.verdict, page.redirects_to, page.files) for page in result.pages[1:]] == [
        ("/d/x", "updated", "", result.pages[1].files), ("/d//x", "redirect", "/d/x", {})]
    assert not list((tmp_path / "out").glob("d-+-x*"))
    assert result.unmatched_baselines == ["d-+-x.png"]  # its page is a redirect, which has no baseline
    line = progress_line(3, result.pages[2])
    assert line.startswith("[  3] REDIRECT /d//x (redirects to /d/x, checked under its own name)  (2 requests, ")
    pages = json.loads((tmp_path / "out" / "shots.json").read_text())["pages"]
    assert [(page["path"], page["redirected_from"], page["redirects_to"]) for page in pages] == [
        ("/", None, None), ("/d/x", None, None), ("/d//x", None, "/d/x")]


def test_pages_given_that_a_redirect_makes_one_are_checked_once(tmp_path):
    site = _Site([], {"/d//x": "/d/x"})
    result = _check(tmp_path, site, ["/d//x", "/d/x"])
    assert site.visited == [f"{SITE}/d//x"]
    assert [(page.target.path, page.slug, page.redirected_from) for page in result.pages] == [("/d/x", "d-x", "/d//x")]
    progress = Progress(discover=False, limit=10, given=["/d//x", "/d/x"], pages=result.pages)
    assert progress.left() == []  # a run stopped there has checked both


def test_check_page_alone_checks_a_redirected_page_as_the_page_it_lands_on(tmp_path):
    site = _Site([], {"/d//x": "/d/x"})
    result = check_page(site, SITE, "/d//x@404", out_dir=tmp_path,
                        settings=Settings(axe_script=None, baseline_dir=tmp_path / "baselines"))
    assert (result.target.path, result.target.expected_status, result.slug) == ("/d/x", 404, "d-x")
    assert result.problems == ["page returned HTTP 308, redirecting to /d/x, which returned HTTP 200; expected 404 of either"]
