"""A chart page's form shows the chart's reference lines, `yline` and `xline`, each in a textarea of one line
per reference line in the URL's own words (`100:Target`), described by a hint under it: sent, they draw the
chart with them; emptied or `none`, with none; a refused one comes back as typed, marked and described by the
message; and the xlines it showed, sent back with a kind or x that has no place for them, ask for none: those
its spec refuses for the kind or x, and no others."""
from __future__ import annotations

import html
import re

import pytest

from app.views.chart_form_shown import xline_unfit
from plots import CHART_KINDS, ChartSpec, SpecError
from plots.spec_parser import parse_spec
from tests.conftest import dashboard_site
from tests.test_chart_form_switches import not_applied
from tests.test_http import SpecForm, chart_image, image_query, submitted
from tests.test_reference_lines import dashed, drawn

SALES = ("day,sales,shop\n2024-01-01,80,North\n2024-02-01,90,South\n2024-03-01,95,North\n2024-04-01,105,South\n"
         "2024-05-01,110,North\n")
BOARD = 'title = "Shop"\n[[charts]]\nid = "c"\ndataset = "sales"\nx = "day"\ny = ["sales"]\n'
LINES = 'yline = [100, "90:Floor"]\nxline = ["2024-03-01:Launch"]\n'


def site(tmp_path, board: str = BOARD + LINES):
    return dashboard_site(tmp_path, {"sales.csv": SALES}, board).test_client()


def opened(client, page: str) -> str:
    answer = client.get(page)
    assert answer.status_code == 200, not_applied(answer.get_data(as_text=True))
    return answer.get_data(as_text=True)


def textarea(page: str, name: str) -> tuple[dict[str, str], str]:
    """The attributes and the text of the form's textarea `name`, as a browser reads its text (the line
    feed after the start tag dropped)."""
    found = re.search(rf'<textarea name="{name}"([^>]*)>\n?(.*?)</textarea>', page, re.S)
    attributes = dict(re.findall(r'([\w-]+)(?:="([^"]*)")?', found.group(1)))
    return attributes, html.unescape(found.group(2))


def test_the_form_holds_the_dashboard_file_s_lines_one_a_line(tmp_path):
    page = opened(site(tmp_path), "/d/m/c")
    assert textarea(page, "yline")[1] == "100\n90:Floor"
    assert textarea(page, "xline")[1] == "2024-03-01:Launch"


def test_the_form_holds_the_url_s_lines_each_given_once_or_several_times(tmp_path):
    page = opened(site(tmp_path, BOARD), "/d/m/c?yline=100:Target&yline=120&xline=2024-03-01T12:00:Noon")
    assert textarea(page, "yline")[1] == "100:Target\n120"
    assert textarea(page, "xline")[1] == "2024-03-01T12:00:Noon"


def test_each_field_is_described_by_its_hint_giving_the_syntax(tmp_path):
    page = opened(site(tmp_path), "/d/m/c")
    for name in ("yline", "xline"):
        assert textarea(page, name)[0]["aria-describedby"] == f"{name}-hint"
        assert "aria-invalid" not in textarea(page, name)[0]
    hint = re.search(r'<p class="muted" id="yline-hint">([^<]*)</p>', page).group(1)
    assert "value:label" in hint and "100:Target" in hint and "\\:" in hint
    assert "2024-03-01:Launch" in re.search(r'<p class="muted" id="xline-hint">([^<]*)</p>', page).group(1)


def test_lines_typed_in_the_form_draw_the_chart_with_them(tmp_path):
    client = site(tmp_path, BOARD)
    form = SpecForm(opened(client, "/d/m/c"))
    # A browser sends a textarea's line breaks as CRLF.
    sent = submitted(client, form, yline="100:Target\r\n120:Stretch", xline="2024-03-01:Launch")
    assert sent.status_code == 200, not_applied(sent.get_data(as_text=True))
    page = sent.get_data(as_text=True)
    assert image_query(page)["yline"] == ["100:Target\n120:Stretch"]
    assert image_query(page)["xline"] == ["2024-03-01:Launch"]
    assert sorted(kind for kind, _ in dashed(drawn(client, chart_image(page)))) == ["H", "H", "V"]
    assert textarea(page, "yline")[1] == "100:Target\n120:Stretch"  # the form shows them, to change again


def test_a_label_s_escaped_colon_is_shown_as_the_url_writes_it_and_sent_back_draws_the_same_chart(tmp_path):
    client = site(tmp_path, BOARD)
    page = opened(client, "/d/m/c?yline=3:Ratio 3\\:1")
    assert textarea(page, "yline")[1] == "3:Ratio 3\\:1"
    sent = submitted(client, SpecForm(page))
    assert sent.status_code == 200
    assert chart_image(sent.get_data(as_text=True)) == chart_image(page)


@pytest.mark.parametrize("typed", ["", "none", "  \r\n"])
def test_a_field_emptied_or_none_draws_no_line_where_the_dashboard_s_chart_has_some(tmp_path, typed):
    client = site(tmp_path)
    sent = submitted(client, SpecForm(opened(client, "/d/m/c")), yline=typed)
    assert sent.status_code == 200, not_applied(sent.get_data(as_text=True))
    page = sent.get_data(as_text=True)
    assert image_query(page)["yline"] == ["none"]
    assert [kind for kind, _ in dashed(drawn(client, chart_image(page)))] == ["V"]  # the xline alone
    assert textarea(page, "yline")[1] == ""


@pytest.mark.parametrize(("typed", "message"), [
    ("abc\r\n120", "yline must be a number, or a number, a colon and a label"),
    ("100:" + "x" * 101, "yline's label must be at most 100 characters"),
    ("1\r\n2\r\n3\r\n4\r\n5\r\n6", "yline takes at most 5 lines, got 6"),
])
def test_a_refused_line_shows_the_form_with_the_field_marked_and_the_lines_as_typed(tmp_path, typed, message):
    client = site(tmp_path)
    sent = submitted(client, SpecForm(opened(client, "/d/m/c")), yline=typed)
    assert sent.status_code == 400
    page = sent.get_data(as_text=True)
    assert not_applied(page).startswith(message)
    attributes, text = textarea(page, "yline")
    assert attributes["aria-invalid"] == "true" and attributes["aria-describedby"] == "spec-error yline-hint"
    assert "autofocus" in attributes  # the first field to mend
    assert text == typed.replace("\r\n", "\n")
    assert "aria-invalid" not in textarea(page, "xline")[0]
    assert image_query(page).get("yline") is None  # the dashboard's chart, its lines and all, is drawn


@pytest.mark.parametrize("kind", ["bar", "barh", "hist", "box"])
def test_a_kind_without_an_x_line_chosen_in_the_form_drops_the_xlines_it_showed(tmp_path, kind):
    client = site(tmp_path)
    sent = submitted(client, SpecForm(opened(client, "/d/m/c")), kind=kind)
    assert sent.status_code == 200, not_applied(sent.get_data(as_text=True))
    page = sent.get_data(as_text=True)
    # The dashboard's xlines are left out under such a kind: its links name none of them.
    assert image_query(page)["kind"] == [kind] and "xline" not in image_query(page)
    assert textarea(page, "xline")[1] == ""
    assert textarea(page, "yline")[1] == "100\n90:Floor"  # a yline has its place on every kind


def test_an_x_of_text_chosen_in_the_form_drops_the_xlines_it_showed(tmp_path):
    client = site(tmp_path)
    sent = submitted(client, SpecForm(opened(client, "/d/m/c")), x="shop")
    assert sent.status_code == 200, not_applied(sent.get_data(as_text=True))
    assert image_query(sent.get_data(as_text=True))["xline"] == ["none"]


def test_an_xline_typed_in_the_form_with_a_kind_that_takes_none_is_still_a_400_naming_it(tmp_path):
    client = site(tmp_path)
    sent = submitted(client, SpecForm(opened(client, "/d/m/c")), kind="bar", xline="2024-04-01:Sale")
    assert sent.status_code == 400
    page = sent.get_data(as_text=True)
    assert not_applied(page).startswith("xline does not apply to kind=bar, whose x axis holds categories")
    assert textarea(page, "xline")[0]["aria-invalid"] == "true"
    assert textarea(page, "xline")[1] == "2024-04-01:Sale"


def test_a_chart_page_asked_for_a_kind_without_x_lines_draws_it_without_the_dashboard_s(tmp_path):
    # As the dashboard chart's gap: the page's kind chosen drops what has no place there.
    page = opened(site(tmp_path), "/d/m/c?kind=bar")
    assert image_query(page)["kind"] == ["bar"] and "xline" not in image_query(page)
    assert textarea(page, "xline")[1] == ""


def test_lines_whose_breaks_are_sent_as_crlf_draw_each_line(tmp_path):
    # As a form's textarea and its hidden fields send a line break, where the label kept the CR and was refused.
    svg = drawn(site(tmp_path, BOARD), "/d/m/c.svg?yline=100:Target%0D%0A120")
    assert [kind for kind, _ in dashed(svg)] == ["H", "H"]


# A dataset's columns of each type an x may hold, and lines of each type an xline may be: a date, a number, and
# a whole number that reads as no date.
COLUMNS = {"name": "text", "day": "datetime", "level": "float", "count": "integer", "v": "float"}
XLINES = ["2024-03-01:Launch", "2024-03-01T08:00:00", "2.5:Start", "2024", "2.5\n7"]


def xline_refusal(kind: str, x: str, lines: str) -> SpecError | None:
    """What the spec of a chart of `kind` over `x` with the xlines `lines` refuses of them, if any."""
    try:
        parse_spec({"kind": [kind], "xline": [lines]}, COLUMNS, base=ChartSpec(x=x, y=("v",)))
    except SpecError as refusal:
        assert refusal.field == "xline", refusal.message  # nothing else of the chart is refused
        return refusal
    return None


@pytest.mark.parametrize("kind", list(CHART_KINDS))
@pytest.mark.parametrize("x", ["name", "day", "level", "count"])
def test_the_form_drops_exactly_the_xlines_the_spec_refuses_for_the_kind_or_x(kind, x):
    for lines in XLINES:
        refused = xline_refusal(kind, x, lines) is not None
        assert xline_unfit([lines], CHART_KINDS[kind], x, COLUMNS) == refused, (lines, refused)


@pytest.mark.parametrize("kind", list(CHART_KINDS))
@pytest.mark.parametrize("x", ["name", "day", "level", "count"])
def test_xlines_that_read_as_no_date_or_number_are_dropped_only_where_no_line_has_a_place(kind, x):
    # Else the spec refuses them saying what a line takes, which the user reads and mends: a line of no date or
    # number, or a date beside a number.
    for lines in ("soon:Launch", "2.5\n2024-03-01"):
        placeless = xline_refusal(kind, x, lines).message.startswith("xline does not apply to ")
        assert xline_unfit([lines], CHART_KINDS[kind], x, COLUMNS) == placeless, lines
