"""The accessibility audit: axe-core in the page, each violation naming page, rule and element."""
from __future__ import annotations

import json
from dataclasses import replace

import pytest

from shots import Settings
from shots.accessibility import AxeMissing, axe_version

UNLABELLED = "/unlabelled/"


def test_violations_fail_the_page_naming_rule_impact_and_element(check, accessibility):
    result = check(UNLABELLED, settings=accessibility)
    assert not result.passed
    assert sorted(result.failures) == [
        f"{UNLABELLED}: accessibility: label (critical): Form elements must have labels: #snippet",
        f"{UNLABELLED}: accessibility: scrollable-region-focusable (serious): "
        "Scrollable region must have keyboard access: #rows",
    ]
    [page] = result.pages
    assert {v.rule for v in page.accessibility} == {"label", "scrollable-region-focusable"}
    assert all(v.help_url.startswith("https://") and v.html for v in page.accessibility)


def test_violations_are_in_the_report_and_the_manifest(check, accessibility):
    result = check(UNLABELLED, settings=accessibility)
    manifest = json.loads((result.out_dir / "shots.json").read_text())
    assert manifest["axe_version"] == result.axe_version == axe_version(accessibility.axe_script.read_text())
    [page] = manifest["pages"]
    assert {(v["rule"], tuple(v["elements"])) for v in page["accessibility"]} == {
        ("label", ("#snippet",)), ("scrollable-region-focusable", ("#rows",))}
    report = result.report_path.read_text()
    assert f"axe-core {result.axe_version}" in report
    assert "<h3>Accessibility</h3>" in report and "<code>#snippet</code>" in report


def test_a_page_without_violations_passes_the_audit(check, accessibility):
    result = check("/mislabelled/", settings=accessibility)
    assert result.pages[0].accessibility == []
    assert not [line for line in result.failures if "accessibility" in line]


def test_without_axe_the_run_says_it_did_not_audit(check, tmp_path):
    missing = tmp_path / "axe.min.js"
    result = check("/mislabelled/", settings=Settings(axe_script=missing))
    assert result.axe_version == "" and result.pages[0].accessibility is None
    assert result.notes == [f"accessibility not audited: axe-core not found at {missing}; "
                            "install axe-core with `npm ci` in the project folder (tests/run.sh does)"]


def test_a_required_axe_that_is_missing_stops_the_run(check, accessibility, tmp_path):
    with pytest.raises(AxeMissing, match="npm ci"):
        check("/mislabelled/", settings=replace(accessibility, axe_script=tmp_path / "axe.min.js"))
