"""A dashboard's range and filter form when what it sends cannot be applied: the page answers 4xx
with the form again, holding what was sent, and the message beside it, over the charts as the
dashboard opens; its report, versions.json and its charts' URLs answer with the message alone."""
from __future__ import annotations

import re
from datetime import datetime
from html import unescape

import pytest

from app import create_app
from tests.conftest import Clock, dashboard_site
from tests.page_text import page_lines

BAD_FROM = "from must be a date (2024-01-31)"


@pytest.fixture
def client(data_dir):
    return create_app({"TESTING": True, "DATA_DIR": str(data_dir),
                       "CLOCK": Clock(datetime(2025, 6, 15, 12, 30, 5))}).test_client()


def form_of(page: str) -> str:
    [form] = re.findall(r'<form class="rows-form".*?</form>', page, re.S)
    return form


def field(form: str, name: str) -> str:
    """The value of the form's input `name`."""
    [value] = re.findall(rf'<input name="{re.escape(name)}" value="([^"]*)"', form)
    return unescape(value)


def selected(form: str, name: str) -> list[str]:
    [select] = re.findall(rf'<select name="{re.escape(name)}".*?</select>', form, re.S)
    return [unescape(value) for value in re.findall(r'<option value="([^"]*)" selected>', select)]


def not_applied(page: str) -> str:
    [message] = re.findall(r'<p class="error" role="alert" id="rows-error"[^>]*>Not applied: (.*?)</p>', page, re.S)
    return unescape(message)


def showing(page: str) -> str:
    [words] = [line for line in page_lines(page) if line.startswith("Showing: ")]
    return words


def image_srcs(page: str) -> list[str]:
    return [unescape(src) for src in re.findall(r'<img src="([^"]*)"', page)]


def test_a_bad_from_shows_the_form_again_with_what_was_sent_and_the_message(client):
    response = client.get("/d/stations?from=yesterday&to=&filter.station=Hilltop")
    assert response.status_code == 400
    page = response.get_data(as_text=True)
    form = form_of(page)
    assert (field(form, "from"), field(form, "to"), selected(form, "filter.station")) == ("yesterday", "", ["Hilltop"])
    assert not_applied(form).startswith(BAD_FROM) and "'yesterday'" in not_applied(form)
    assert 'name="from" value="yesterday" placeholder="now-7d or 2024-01-31" size="20" aria-invalid="true"' in form


def test_a_refused_form_draws_the_charts_as_the_dashboard_opens_and_says_so(client):
    refused = client.get("/d/stations?from=yesterday&filter.station=Hilltop").get_data(as_text=True)
    opening = client.get("/d/stations").get_data(as_text=True)
    assert image_srcs(refused) == image_srcs(opening) and len(image_srcs(opening)) == 8
    assert showing(refused) == showing(opening) == "Showing: 2025-01-01 onwards"


@pytest.mark.parametrize(("url", "status", "words"), [
    ("/d/stations?to=2025-02-30", 400, "to must be a date"),
    ("/d/stations?from=2025-06-01&to=2025-01-01", 400, "from must not be after to"),
    ("/d/stations?filter.station=Nowhere", 404, "column 'station' holds no value 'Nowhere'"),
    ("/d/stations?range=fortnight", 400, "range must be one of"),
    ("/d/stations?froom=2025-01-01", 400, "unknown parameter 'froom'"),
])
def test_every_refusal_of_the_page_keeps_its_status_and_shows_the_form(client, url, status, words):
    response = client.get(url)
    page = response.get_data(as_text=True)
    assert response.status_code == status
    assert words in not_applied(form_of(page))


def test_a_value_its_column_does_not_hold_stays_chosen_in_the_form(client):
    form = form_of(client.get("/d/stations?from=2025-06-01&filter.station=Nowhere").get_data(as_text=True))
    assert field(form, "from") == "2025-06-01" and selected(form, "filter.station") == ["Nowhere"]


def test_a_refused_page_without_a_form_still_says_why(client):
    response = client.get("/d/animals?from=yesterday")
    page = response.get_data(as_text=True)
    assert response.status_code == 400 and "<form" not in page
    assert not_applied(page).startswith(BAD_FROM)


@pytest.mark.parametrize("url", ["/d/stations.pdf?from=yesterday", "/d/stations/versions.json?from=yesterday",
                                 "/d/stations/temperature.json?from=yesterday",
                                 "/d/stations/temperature.csv?from=yesterday"])
def test_the_report_and_data_urls_answer_with_the_message_alone(client, url):
    response = client.get(url)
    assert response.status_code == 400
    assert BAD_FROM in response.get_data(as_text=True) and "Not applied" not in response.get_data(as_text=True)


def test_a_value_longer_than_any_the_form_takes_comes_back_cut(client):
    long = "a" * 100_000
    response = client.get("/d/stations", query_string={"from": long, "filter.station": "b" * 100_000})
    assert response.status_code == 400 and len(response.data) < 20_000
    form = form_of(response.get_data(as_text=True))
    assert field(form, "from") == "a" * 100 + "…"
    assert selected(form, "filter.station") == ["b" * 200 + "…"]  # a filter value may be 200 characters


def test_a_refusal_reads_the_filter_s_values_once_for_its_options(client, monkeypatch):
    # A short value sent is shown again as it is: the column's values are read for the select alone.
    from app.views import dashboard_form
    asked = []
    read = dashboard_form.filter_values
    monkeypatch.setattr(dashboard_form, "filter_values", lambda board, column: asked.append(column) or read(board, column))
    response = client.get("/d/stations", query_string={"from": "yesterday", "filter.station": "North"})
    assert response.status_code == 400 and asked == ["station"]


@pytest.mark.parametrize("query, status, words", [
    ("from=yesterday", 400, BAD_FROM),
    ("filter.station=Nowhere", 404, "holds no value 'Nowhere'"),
    ("from=yesterday&kind=pie", 400, BAD_FROM),  # the rows' refusal is told first
])
def test_a_chart_page_whose_rows_are_refused_shows_its_form_and_the_chart_as_the_dashboard_opens(
        client, query, status, words):
    # Its URL carries the dashboard form's rows; a hand-made one that cannot be applied was a bare
    # error page, where a refused chart field shows the form with the message.
    response = client.get(f"/d/stations/temperature?{query}")
    page = unescape(response.get_data(as_text=True))
    assert response.status_code == status
    assert f"Not applied: {'filter.station: ' if 'filter' in query else ''}" in page and words in page
    assert '<form class="spec-form"' in page
    opened = unescape(client.get("/d/stations/temperature").get_data(as_text=True))
    [src] = re.findall(r'<img id="chart" src="([^"]+)"', opened)
    assert f'<img id="chart" src="{src}"' in page


@pytest.mark.parametrize(("query", "words", "invalid"), [
    ("from=%FF", "from is not valid UTF-8: the byte 0xff at position 0 of its value cannot be read", "from"),
    ("to=2025-0%E9", "to is not valid UTF-8: the byte 0xe9 at position 6", "to"),
    ("filter.station=Hill%FFtop", "filter.station is not valid UTF-8: the byte 0xff at position 4", None),
    ("range=%C3", "range is not valid UTF-8", None),
    ("fr%FFom=2025-01-01", "a parameter name is not valid UTF-8: the byte 0xff cannot be read", None),
])
def test_a_value_that_is_not_utf8_shows_the_form_again_as_any_bad_value_does(client, query, words, invalid):
    response = client.get(f"/d/stations?{query}")
    assert response.status_code == 400
    page = response.get_data(as_text=True)
    form = form_of(page)
    assert not_applied(form).startswith(words) and "%C3%A9 for é" in not_applied(form)
    assert image_srcs(page) == image_srcs(client.get("/d/stations").get_data(as_text=True))
    if invalid is not None:
        assert re.search(rf'name="{invalid}" value="[^"]*" [^>]*aria-invalid="true"', form)


def test_a_value_that_is_not_utf8_comes_back_as_written_in_the_url_beside_the_other_fields_sent(client):
    form = form_of(client.get("/d/stations?from=%FF&to=2025-03-01&filter.station=Hilltop").get_data(as_text=True))
    assert field(form, "from") == "%FF"  # no replacement character: what the URL holds, to be corrected
    assert field(form, "to") == "2025-03-01" and selected(form, "filter.station") == ["Hilltop"]


def _shop_board(tmp_path):
    """A client of a site whose dashboard `m` filters the data-folder dataset shop by its text column
    region (`dashboard_site`), and its data folder."""
    app = dashboard_site(tmp_path, {"shop.csv": "day,units,region\n2024-01-01,3,North\n"},
                         '[[filters]]\ncolumn = "region"\n[[charts]]\nid = "u"\ndataset = "shop"\nx = "day"\n'
                         'y = ["units"]\n')
    return app.test_client(), tmp_path / "data"


def _refused_once_region_is_renamed(client, data_dir, value: str) -> None:
    """Rename shop's column region, then check that the dashboard's versions and its chart's data refuse
    `filter.region=<value>` with a 404 naming the text columns there are."""
    (data_dir / "shop.csv").write_text("day,units,area\n2024-01-01,3,North\n", encoding="utf-8")  # region renamed
    for url in [f"/d/m/versions.json?filter.region={value}", f"/d/m/u.json?filter.region={value}"]:
        response = client.get(url)
        assert response.status_code == 404
        assert response.get_json()["error"] == ("filter.region: this dashboard's datasets have no text column 'region'; "
                                                "the text columns are area")


def test_a_filter_whose_column_a_changed_file_no_longer_has_says_so(tmp_path):
    client, data_dir = _shop_board(tmp_path)
    _refused_once_region_is_renamed(client, data_dir, "North")
    assert "no text column &#39;region&#39;;" in client.get("/d/m?filter.region=North").get_data(as_text=True)


def test_a_blank_filter_whose_column_a_changed_file_no_longer_has_says_so_too(tmp_path):
    # A blank filter's column is checked as a filter's is (filter.nope= is a mistake as filter.nope=x is).
    client, data_dir = _shop_board(tmp_path)
    assert client.get("/d/m/u.json?filter.region=").status_code == 200
    _refused_once_region_is_renamed(client, data_dir, "")
