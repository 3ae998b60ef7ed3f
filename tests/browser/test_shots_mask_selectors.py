"""A `--mask` selector that is not CSS is refused before the first page, in one line naming it, exit status 2:
each page's screenshot would meet it, and it ended the run in a WebDriver traceback and exit status 1."""
from __future__ import annotations

import json

import pytest

import run
from shots import Settings
from shots.masks import MaskRefused
from tests.browser.conftest import LiveSite


def test_a_mask_selector_that_is_not_css_is_refused_before_the_first_page(check):
    with pytest.raises(MaskRefused) as refused:
        check("/d/animals", settings=Settings(axe_script=None, mask=("[data-shots-mask]", "[[[", "main", "a:nope(")))
    assert str(refused.value) == ("--mask '[[[', 'a:nope(': not CSS selectors Chromium takes "
                                  "(document.querySelectorAll refuses it)")


def test_the_command_refuses_a_mask_selector_that_is_not_css_in_one_line_and_exit_2(live_site: LiveSite, tmp_path,
                                                                                     capsys):
    out = tmp_path / "out"
    assert run.main(["shots", "--no-axe", "--url", live_site.url, "--page", "/d/animals", "--out", str(out),
                     "--mask", "[[["]) == 2
    line = "--mask '[[[': not a CSS selector Chromium takes (document.querySelectorAll refuses it)"
    assert capsys.readouterr().err.splitlines() == [f"shots: {line}"]
    assert json.loads((out / "shots.json").read_text())["notes"] == [line]
