"""A page given with `--page PATH@NNN` expects HTTP NNN; an `@` ending it that is no status is refused."""
from __future__ import annotations

import pytest

from shots.check import page_targets
from shots.cli import run
from shots.results import PageTarget

ALLOWED = ("give @ and a status from 100 to 599 after its path (/d/x@404 expects HTTP 404), or write an @ "
           "of its path or query as %40")


@pytest.mark.parametrize("given, end", [
    ("/d/x@999", "@999, which is no HTTP status"), ("/d/x@abc", "@abc, which is no HTTP status"),
    ("/d/x@99", "@99, which is no HTTP status"), ("/d/x@4040", "@4040, which is no HTTP status"),
    ("/d/x@099", "@099, which is no HTTP status"), ("/d/x@4٠4", "@4٠4, which is no HTTP status"),
    ("/d/x@999#top", "@999, which is no HTTP status"), ("/d/x#top@abc", "@abc, which is no HTTP status"),
    ("/d/x?who=a@b", "@b, which is no HTTP status"), ("/d/x@", "@ and no status"),
])
def test_an_at_ending_a_page_that_is_no_status_is_refused_saying_what_is_allowed(given, end):
    # It was read as part of the page's path: `/d/x@999` checked the page `/d/x@999`, expecting a 200.
    with pytest.raises(ValueError) as refused:
        page_targets(["/", given])
    assert str(refused.value) == f"page {given} ends in {end}: {ALLOWED}"


@pytest.mark.parametrize("given, target", [
    ("/d/x@404", PageTarget("/d/x", 404)), ("/d/x@100", PageTarget("/d/x", 100)), ("/d/x@599", PageTarget("/d/x", 599)),
    ("/d/x#top@308", PageTarget("/d/x", 308)), ("/d/x@410#top", PageTarget("/d/x", 410)),
    ("/d/x@404 ", PageTarget("/d/x", 404)),
    # An @ the path holds before its last slash is its own, and one written %40 anywhere.
    ("/d/a@b/c", PageTarget("/d/a@b/c")), ("/d/a@b/c@422", PageTarget("/d/a@b/c", 422)),
    ("/d/x%40abc", PageTarget("/d/x%40abc")), ("/d/x?who=a%40b", PageTarget("/d/x?who=a%40b")),
])
def test_a_status_or_an_at_that_ends_no_page_is_taken(given, target):
    assert page_targets([given]) == [target]


def test_the_shots_command_refuses_an_at_that_is_no_status_before_a_site_starts(capsys):
    assert run(["--page", "/d/animals", "/d/x@999", "--no-axe"]) == 2
    out, err = capsys.readouterr()
    assert err == f"shots: page /d/x@999 ends in @999, which is no HTTP status: {ALLOWED}\n"
    assert out == ""  # no site was started
