"""What a run leaves out fails it: pages past the page limit, and it checks each page given once."""
from __future__ import annotations

import pytest

from shots import Settings
from shots.check import page_targets
from shots.results import PageTarget
from tests.browser.test_shots_cli import _run


def test_a_run_stopped_at_the_page_limit_fails_naming_the_pages_it_left_and_the_option(check):
    # A broken chart on a page it did not visit would otherwise pass.
    result = check(settings=Settings(max_pages=2, axe_script=None), update_baselines=True)
    assert [page.verdict for page in result.pages] == ["updated", "updated"]
    assert result.unvisited and not result.passed
    [line] = [line for line in result.failures if "page limit" in line]
    assert line.startswith(f"{len(result.unvisited)} pages not checked: the run stopped at the page limit "
                           f"(2 pages); raise --max-pages to check them: {result.unvisited[0]}")


def test_the_page_limit_leaves_room_for_a_site_of_many_dashboards():
    # The sample site's three dashboards make 29 pages (a chart page each); a site of a few dozen
    # dashboards fits as well.
    assert Settings().max_pages >= 500


def test_a_page_given_twice_with_two_statuses_is_refused_naming_both():
    with pytest.raises(ValueError) as refused:
        page_targets(["/d/animals/bears", "/d/animals/bears@422"])
    assert str(refused.value) == ("page /d/animals/bears is given twice, expecting HTTP 200 and 422: give it once, "
                                  "with the status it should answer")


def test_a_page_given_twice_alike_is_checked_once():
    assert page_targets(["/d/animals", "d/animals", "/x@404", PageTarget("/x", 404)]) == [
        PageTarget("/d/animals"), PageTarget("/x", 404)]


def test_the_shots_command_refuses_a_page_given_twice_with_two_statuses_before_it_starts():
    done = _run("shots", "--page", "/d/animals/bears", "--page", "/d/animals/bears@422", timeout=60)
    assert done.returncode == 2
    assert done.stderr.strip() == ("shots: page /d/animals/bears is given twice, expecting HTTP 200 and 422: give it "
                                   "once, with the status it should answer")
    assert "checking" not in done.stdout  # no site was started


def test_the_shots_command_fails_when_it_stops_at_the_page_limit(tmp_path):
    done = _run("shots", "--max-pages", "1", "--no-axe", "--update-baselines", "--baselines", str(tmp_path / "base"),
                "--out", str(tmp_path / "out"))
    assert done.returncode == 1, done.stdout + done.stderr
    lines = done.stdout.splitlines()
    assert lines[-1] == "FAILED"
    assert any("pages not checked: the run stopped at the page limit (1 page); raise --max-pages" in line
               for line in lines), lines
