"""A page that sends the browser on to another once it has loaded, by a script or a meta refresh, is
checked as the page it lands on, as a page the site redirects is; one that only writes another query in
the address bar keeps its name. The status a page is expected to answer (`/x@404`) is held against its
first answer, the redirect, or the landing's, whether the page it lands on is checked there or before."""
from __future__ import annotations

from shots.cli import progress_line


def test_a_page_a_script_sends_on_is_checked_as_the_page_it_lands_on(check):
    result = check("/moving/script")
    assert [(page.target.path, page.slug, page.redirected_from, page.verdict, page.problems)
            for page in result.pages] == [("/moving/there", "moving-there", "/moving/script", "new", [])]
    assert progress_line(1, result.pages[0]).startswith("[  1] NEW     /moving/there (redirected from /moving/script)  (")


def test_a_page_a_meta_refresh_sends_to_one_the_run_checked_is_a_redirect_with_no_files(check):
    result = check("/moving/there", "/moving/refresh")
    assert [(page.target.path, page.verdict, page.redirects_to, page.files) for page in result.pages[1:]] == [
        ("/moving/refresh", "redirect", "/moving/there", {})]
    assert progress_line(2, result.pages[1]).startswith(
        "[  2] REDIRECT /moving/refresh (redirects to /moving/there, checked under its own name)  (")
    assert not list(result.out_dir.glob("moving-refresh*"))


def test_a_page_writing_another_path_in_the_address_bar_is_checked_under_that_path(check):
    result = check("/moving/path")
    assert [(page.target.path, page.redirected_from, page.problems) for page in result.pages] == [
        ("/moving/there", "/moving/path", [])]


def test_a_page_writing_another_query_in_the_address_bar_keeps_its_name(check):
    result = check("/moving/query")
    assert [(page.target.path, page.slug, page.redirected_from) for page in result.pages] == [
        ("/moving/query", "moving-query", "")]
    assert result.pages[0].capture.final_url.endswith("/moving/query?tab=2#top")


def test_a_redirect_to_a_page_checked_passes_when_its_first_answer_or_the_landing_s_is_the_status_expected(check):
    result = check("/moving/there", "/moving/old@301", "/moving/script@200")
    assert [(page.target.path, page.verdict, page.redirects_to) for page in result.pages[1:]] == [
        ("/moving/old", "redirect", "/moving/there"), ("/moving/script", "redirect", "/moving/there")]


def test_a_redirect_to_a_page_checked_fails_when_neither_answer_is_the_status_expected(check):
    result = check("/moving/there", "/moving/old@404", "/moving/script@404", update_baselines=True)
    assert [(page.target.path, page.verdict, page.redirects_to, page.files) for page in result.pages[1:]] == [
        ("/moving/old", "fail", "/moving/there", {}), ("/moving/script", "fail", "/moving/there", {})]
    assert result.failures == [
        "/moving/old: page returned HTTP 301, redirecting to /moving/there, which returned HTTP 200; expected 404 "
        "of either",
        "/moving/script: page returned HTTP 200 and sent the browser on after load (by a script or a meta refresh) "
        "to /moving/there, which returned HTTP 200; expected 404 of either"]
    assert not result.passed
    line = progress_line(2, result.pages[1])
    assert line.startswith("[  2] FAIL    /moving/old (redirects to /moving/there, checked under its own name) "
                           "(expected 404)  (2 requests, ")
    assert not list(result.out_dir.glob("moving-old*")) and not list(result.out_dir.glob("moving-script*"))


def test_a_page_redirected_to_one_checked_there_is_held_to_its_first_answer_or_the_landing_s(check):
    redirect = check("/moving/old@301").pages
    assert [(page.target.path, page.redirected_from, page.problems) for page in redirect] == [
        ("/moving/there", "/moving/old", [])]
    assert check("/moving/old@404").pages[0].problems == [
        "page returned HTTP 301, redirecting to /moving/there, which returned HTTP 200; expected 404 of either"]
