"""How the screenshot check names a page given with `--page`: as the browser sends its path and query,
so that a page given and the same page found by the crawl are one page, with one set of files."""
from __future__ import annotations

import pytest

from shots import Settings
from shots.check import check_site, linked_pages, page_targets
from shots.file_names import page_slug, unmatched_baselines
from shots.cli import run
from shots.results import Capture, PageTarget

SITE = "http://127.0.0.1:5000"


def test_a_page_given_with_a_fragment_is_the_page_without_it_checked_once():
    assert page_targets(["/d/x#top", "/d/x", "d/x#"]) == [PageTarget("/d/x")]
    assert page_targets(["/d/x#top@404", "/d/y@404#top"]) == [PageTarget("/d/x", 404), PageTarget("/d/y", 404)]


def test_a_page_given_unencoded_is_named_as_the_crawl_names_it():
    # Chromium sends `a b` as `a%20b`, and a link's href is written so: one page, one baseline name.
    [found] = linked_pages(Capture(url=SITE + "/", links=[SITE + "/d/x?title=a%20b%C3%A9"]), SITE)
    given = PageTarget.parse("/d/x?title=a bé")
    assert given.path == found == "/d/x?title=a%20b%C3%A9"
    assert page_slug(given.path) == page_slug(found) == "d-x_title_a_20b_C3_A9"
    assert page_targets(["/d/x?title=a b", "/d/x?title=a%20b"]) == [PageTarget("/d/x?title=a%20b")]
    # The path too, with its `.` and `..` resolved and a `\\` a `/`; an escape already there is kept
    # (the same escape however written: `%41` is `A`, see below).
    assert [PageTarget.parse(text).path for text in ("/d/a b/ü", "/d/./y/../x", "d\\x", "/d/x?q=%41<'>", "/d/x?")] == [
        "/d/a%20b/%C3%BC", "/d/x", "/d/x", "/d/x?q=A%3C%27%3E", "/d/x"]


@pytest.mark.parametrize("given, linked, name", [
    ("/d/x?title=a%2fb", "/d/x?title=a%2Fb", "/d/x?title=a%2Fb"),
    ("/d/x?title=a%2Fb", "/d/x?title=a%2fb", "/d/x?title=a%2Fb"),
    ("/d/x?title=%41", "/d/x?title=A", "/d/x?title=A"),
    ("/d/%41/b%c3%a9?t=%7e", "/d/A/b%C3%A9?t=~", "/d/A/b%C3%A9?t=~"),
])
def test_a_page_given_and_found_with_its_escapes_written_otherwise_is_one_page_with_one_file(given, linked, name,
                                                                                           tmp_path):
    # RFC 3986 6.2.2: an escape's hex digits in either case, and an unreserved character (A-Z a-z 0-9 - . _ ~)
    # escaped or not, are one URL, which the site reads alike however a link or a person writes it.
    found = linked_pages(Capture(url=SITE + "/", links=[SITE + linked, SITE + given]), SITE)
    target = PageTarget.parse(given)
    assert found == [target.path] == [name]
    assert page_targets([given, linked]) == [target]
    # A baseline written for the page given is the crawl's baseline for the page it finds: none is left over.
    (tmp_path / f"{page_slug(target.path)}.png").write_bytes(b"")
    assert page_slug(found[0]) == page_slug(f"{SITE}{linked}") == page_slug(target.path)
    assert unmatched_baselines(tmp_path, found) == []


def test_an_escaped_dot_in_a_page_s_url_is_a_dot_and_makes_no_segment_of_its_name():
    # As a browser resolves `%2e` as `.`: decoded, it must not leave a `.` or `..` segment in the name.
    # `/d/x/.%2E` is `/d/`, whose slash at the end makes a file name of its own (not `/d`'s `d`).
    assert [page_slug(f"{SITE}{path}") for path in ("/d/%2e/x", "/d/y/%2E%2e/x", "/d/x/.%2E")] == ["d-x", "d-x", "d-+"]


def test_the_committed_baselines_keep_their_names():
    for path, slug in [("/", "index"), ("/d/animals", "d-animals"), ("/d/stations/temperature-spread",
                       "d-stations-temperature-spread"), ("/datasets/animals/append", "datasets-animals-append"),
                       ("/upload", "upload"), ("/datasets/x?y=1", "datasets-x_y_1"),
                       ("/d/a%20b/%C3%BC?t=x%2Fy&z=1", "d-a_20b-_C3_BC_t_x_2Fy_z_1"), ("/d/x-/y_", "d-x--y_")]:
        assert PageTarget.parse(path).path == path and page_slug(path) == slug


@pytest.mark.parametrize("given", [f"{SITE}/d/x@404", f"{SITE}/d/x", "HTTPS://example.invalid/d/x#top@404",
                                   "127.0.0.1:5000/d/x"])
def test_a_url_given_as_a_page_is_refused_saying_what_a_page_is(given):
    with pytest.raises(ValueError) as refused:
        page_targets(["/", given])
    assert str(refused.value) == (f"page {given} is a URL: give a page by its path below the site's URL (/d/x, or "
                                  "/d/x@404 to expect HTTP 404), and the site's URL with --url")


def test_the_shots_command_refuses_a_url_given_as_a_page_before_a_site_starts(capsys):
    assert run(["--page", f"{SITE}/d/x@404", "--no-axe"]) == 2
    out, err = capsys.readouterr()
    assert err == (f"shots: page {SITE}/d/x@404 is a URL: give a page by its path below the site's URL (/d/x, or "
                   "/d/x@404 to expect HTTP 404), and the site's URL with --url\n")
    assert out == ""  # no site was started


@pytest.mark.parametrize("given, name, host", [
    ("/..//x", "//x", "x"), ("/d/..//x?q=1@404", "//x?q=1", "x"), ("/%2e%2E//x/y", "//x/y", "x"), ("d/.\\..//x", "//x", "x"),
])
def test_a_page_that_begins_with_two_slashes_once_resolved_is_refused_as_the_crawl_leaves_its_link(given, name, host):
    # Chromium resolves a link `/..//x` to the site's `//x`, and a link `//x` to the host x: `//x` names
    # no page of the site, and the crawl follows neither. Given, it was checked at `/x`, writing `/x`'s
    # files, while `page_slug` read its name as the host x and called it `index`, `/`'s name.
    with pytest.raises(ValueError) as refused:
        page_targets(["/", given])
    assert str(refused.value) == (f"page {given} is {name} once its . and .. are resolved, and a link written {name} "
                                  f"is to the host {host}, not to a page of the site: give its path with one leading "
                                  f"slash (/{name[2:]})")
    assert linked_pages(Capture(url=SITE + "/", links=[SITE + name, f"http:{name}"]), SITE) == []


def test_a_page_that_is_two_slashes_once_resolved_is_refused_naming_no_host():
    with pytest.raises(ValueError) as refused:
        PageTarget.parse("/..//")
    assert str(refused.value) == ("page /..// is // once its . and .. are resolved, and a link written // is to no "
                                  "page of the site: give its path with one leading slash (/)")


def test_the_shots_command_refuses_a_page_beginning_with_two_slashes_once_resolved_before_a_site_starts(capsys):
    assert run(["--page", "/", "--page", "/..//x@404", "--no-axe"]) == 2
    out, err = capsys.readouterr()
    assert err == ("shots: page /..//x@404 is //x once its . and .. are resolved, and a link written //x is to the "
                   "host x, not to a page of the site: give its path with one leading slash (/x)\n")
    assert out == ""  # no site was started


@pytest.mark.parametrize("given, name, elsewhere, path", [
    ("//x", "//x", "to the host x, not to a page of the site", "/x"),
    ("//x/y?q=1@404", "//x/y?q=1", "to the host x, not to a page of the site", "/x/y?q=1"),
    ("\\\\x", "//x", "to the host x, not to a page of the site", "/x"),
    (" ///x", "///x", "to no page of the site", "/x"),
])
def test_a_page_given_beginning_with_two_slashes_is_refused_as_one_that_does_once_resolved(given, name, elsewhere,
                                                                                          path):
    # It was checked at `/x`, `/x`'s files and all: a page is visited at the path it is named by, and a
    # page named `//x` would be a link to the host x, which the crawl does not follow either.
    with pytest.raises(ValueError) as refused:
        page_targets(["/", given])
    assert str(refused.value) == (f"page {given} begins with two slashes, and a link written {name} is {elsewhere}: "
                                  f"give its path with one leading slash ({path})")


def test_the_shots_command_refuses_a_page_beginning_with_two_slashes_before_a_site_starts(capsys):
    assert run(["--page", "/", "--page", "//x@404", "--no-axe"]) == 2
    out, err = capsys.readouterr()
    assert err == ("shots: page //x@404 begins with two slashes, and a link written //x is to the host x, not to a "
                   "page of the site: give its path with one leading slash (/x)\n")
    assert out == ""  # no site was started


def test_a_page_target_made_in_python_is_named_as_the_same_page_given_as_text():
    assert page_targets([PageTarget("/d/x?title=a b"), "/d/x?title=a%20b", PageTarget("d/./y/../x?title=a%20b#top"),
                         PageTarget("/d/%41", 404), "/d/A@404"]) == [PageTarget("/d/x?title=a%20b"), PageTarget("/d/A", 404)]
    for target, given in [(PageTarget("/..//x"), "/..//x is //x"), (PageTarget(f"{SITE}/d/x", 404), f"{SITE}/d/x is a URL")]:
        with pytest.raises(ValueError) as refused:
            page_targets([target])
        assert str(refused.value).startswith(f"page {given}")


class _UnloadedPages:
    """A browser that loads no page: what `check_site` asks of it is all a test of its pages' names needs."""

    version = "none"

    def __init__(self) -> None:
        self.visited: list[str] = []

    def capture(self, url: str, mask: tuple[str, ...] = ()) -> Capture:
        self.visited.append(url)
        return Capture(url=url, error="not loaded: no browser in this test")


def test_check_site_names_page_targets_as_the_command_line_does_one_page_one_file(tmp_path):
    # Two PageTargets of one page, written two ways, were two pages writing one page's files in turn.
    browser = _UnloadedPages()
    result = check_site(SITE, [PageTarget("/d/x?title=a b"), PageTarget("/d/x?title=a%20b")], out_dir=tmp_path / "out",
                        settings=Settings(axe_script=None, baseline_dir=tmp_path / "baselines"), browser=browser)
    assert browser.visited == [f"{SITE}/d/x?title=a%20b"]
    assert [(page.target.path, page.slug) for page in result.pages] == [("/d/x?title=a%20b", "d-x_title_a_20b")]
    with pytest.raises(ValueError):
        check_site(SITE, [PageTarget("/..//x")], out_dir=tmp_path / "out", browser=browser)
    assert len(browser.visited) == 1


def test_check_site_refusing_a_page_leaves_the_previous_run_s_report_and_files(tmp_path):
    # The pages were read after the previous run's files were removed: a refused call wiped a report it did not replace.
    out, settings = tmp_path / "out", Settings(axe_script=None, baseline_dir=tmp_path / "baselines")
    check_site(SITE, ["/d/x"], out_dir=out, settings=settings, browser=_UnloadedPages())
    before = sorted(path.name for path in out.iterdir())
    assert "report.html" in before and "shots.json" in before
    for pages in ([PageTarget("/..//x")], [f"{SITE}/d/x"], ["/d/x", "/d/x@404"]):
        with pytest.raises(ValueError):
            check_site(SITE, pages, out_dir=out, settings=settings, browser=_UnloadedPages())
        assert sorted(path.name for path in out.iterdir()) == before


@pytest.mark.parametrize(("given", "kind", "shows"), [
    ("/plot/animals.svg", "an image (.svg)", "shows"),
    ("/d/animals/bears.png?title=x@404", "an image (.png)", "shows"),
    ("/plot/animals%2Esvg", "an image (.svg)", "shows"),
    ("/datasets/animals.csv", "a .csv file", "links to"),
    ("/d/animals.pdf", "a .pdf file", "links to"),
])
def test_an_image_or_a_download_given_as_a_page_is_refused_saying_to_give_the_page_that_shows_it(given, kind, shows):
    # Opened as a page, a chart's image never loaded: the run failed it after the page timeout (some 35 s)
    # with console errors about a sandboxed frame, which said nothing of what was wrong.
    with pytest.raises(ValueError) as refused:
        page_targets(["/", given])
    assert str(refused.value) == (f"page {given} is {kind}, not a page: give a page that {shows} it (the crawl does "
                                  "not visit an image or a download either)")


def test_the_shots_command_refuses_a_chart_image_given_as_a_page_before_a_site_starts(capsys):
    assert run(["--page", "/", "--page", "/plot/x.svg", "--no-axe"]) == 2
    out, err = capsys.readouterr()
    assert err == ("shots: page /plot/x.svg is an image (.svg), not a page: give a page that shows it (the crawl does "
                   "not visit an image or a download either)\n")
    assert out == ""  # no site was started


def test_the_crawl_follows_no_link_to_an_image_or_a_download_however_its_dot_is_written():
    links = [f"{SITE}/d/x", f"{SITE}/plot/x.svg", f"{SITE}/plot/x%2Esvg", f"{SITE}/d/x.PDF", f"{SITE}/d/x?as=a.csv"]
    assert linked_pages(Capture(url=SITE + "/", links=links), SITE) == ["/d/x", "/d/x?as=a.csv"]
