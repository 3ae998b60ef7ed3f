"""A chart that answers slowly but within the page timeout passes, with a warning naming it."""
from __future__ import annotations

import json
import re

from shots import Capture, ImageReport, Settings, check_site
from shots.check import slow_charts
from shots.cli import print_summary
from shots.network import NetworkEntry
from tests.browser.side_pages import SLOW_PREFIX

BASE = "http://127.0.0.1:5000"


def _chart(path: str, queued_s: float, answer_ms: float, number: int) -> tuple[ImageReport, NetworkEntry]:
    """A drawn chart whose request waited `queued_s` behind others, then took `answer_ms` to answer."""
    url = BASE + path
    sent = 100.0 + queued_s
    entry = NetworkEntry(request_id=path, url=url, method="GET", resource_type="Image", started_wall=0.0,
                         started_ts=100.0, status=200, mime_type="image/svg+xml",
                         timing={"requestTime": sent, "sendStart": 0.5, "sendEnd": 1.0,
                                 "receiveHeadersEnd": answer_ms - 5},
                         finished_ts=sent + answer_ms / 1000)
    image = ImageReport(name="", src=url, status=200, content_type="image/svg+xml", natural_width=640,
                        natural_height=360, chart=True, number=number)
    return image, entry


def test_a_chart_slower_than_a_quarter_of_the_page_timeout_is_named_and_one_queued_behind_it_is_not():
    slow, slow_entry = _chart("/d/a/slow.svg", queued_s=0, answer_ms=12_000, number=1)
    # Waited 10 s for a connection behind the others, then answered in 60 ms: the server was quick.
    queued, queued_entry = _chart("/d/a/queued.svg", queued_s=10, answer_ms=60, number=2)
    capture = Capture(url=BASE + "/d/a", requests=[slow_entry, queued_entry])
    assert slow_charts(capture, [slow, queued], Settings()) == [
        "chart image 1 /d/a/slow.svg took 12.0 s to answer, more than 7.5 s (a quarter of the page timeout, --timeout 30)"]
    # The threshold follows --timeout.
    assert slow_charts(capture, [slow, queued], Settings(page_timeout=60)) == []


def test_a_slow_chart_passes_with_a_warning_in_the_summary_and_the_report(browser, live_site, tmp_path, capsys):
    # A page timeout of 8 s warns past 2 s: the late chart takes 3, the quick one none. The charts are
    # those of the site the check is given: the one served below /slow.
    result = check_site(live_site.url + SLOW_PREFIX, ["/page?ms=3000"], browser=browser, update_baselines=True,
                        out_dir=tmp_path / "out", settings=Settings(page_timeout=8, axe_script=None,
                                                                    baseline_dir=tmp_path / "baselines"))
    [page] = result.pages
    assert page.passed and result.passed and page.problems == []
    [warning] = page.warnings
    assert re.fullmatch(r"chart image 2 /slow/plot/late\.svg\?ms=3000 took \d+\.\d s to answer, more than 2 s "
                        r"\(a quarter of the page timeout, --timeout 8\)", warning), warning
    print_summary(result)
    printed = capsys.readouterr().out.splitlines()
    assert f"  warning: /page?ms=3000: {warning}" in printed and printed[-1] == "PASSED"
    manifest = json.loads((result.out_dir / "shots.json").read_text())
    assert manifest["warnings"] == [f"/page?ms=3000: {warning}"]
    assert manifest["pages"][0]["warnings"] == [warning]
    assert f"warning: {warning}" in result.report_path.read_text()


def test_a_slow_chart_s_time_is_written_with_the_digits_that_show_it_over_the_threshold():
    # --timeout 0.5 warns past 0.125 s: 0.13 s written as 0.1 read as under it.
    image, entry = _chart("/d/a/slow.svg", queued_s=0, answer_ms=130, number=1)
    capture = Capture(url=BASE + "/d/a", requests=[entry])
    assert slow_charts(capture, [image], Settings(page_timeout=0.5)) == [
        "chart image 1 /d/a/slow.svg took 0.130 s to answer, more than 0.125 s (a quarter of the page timeout, "
        "--timeout 0.5)"]
