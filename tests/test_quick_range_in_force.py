"""A dashboard's quick range in force: the one button whose `from` and `to` are those of the rows the
charts draw holds aria-current="true", "All" where no range narrows them, none where the range is typed."""
from __future__ import annotations

import re

from tests.conftest import dashboard_site

# A dashboard of dated rows that opens on the last 30 days, one of the quick ranges.
MONTHLY = 'title = "Monthly"\nfrom = "now-30d"\n[[charts]]\nid = "n"\ndataset = "days"\nx = "day"\ny = ["n"]\n'
DAYS = "day,n\n2024-01-01,3\n2024-01-02,5\n"


def marked(page: str) -> list[str]:
    """The words of each quick range button the page marks as the range in force."""
    return re.findall(r'<button type="submit" name="range" value="[^"]*" aria-current="true"[^>]*>([^<]*)</button>', page)


def buttons(page: str) -> list[str]:
    """The words of each quick range button of the page."""
    return re.findall(r'<button type="submit" name="range"[^>]*>([^<]*)</button>', page)


def test_a_dashboard_of_no_range_marks_all(client):
    page = client.get("/d/weather").get_data(as_text=True)
    assert buttons(page) == ["Last 24 hours", "Last 7 days", "Last 30 days", "Last year", "All"]
    assert marked(page) == ["All"]


def test_a_quick_range_chosen_is_marked_where_its_redirect_leads(client):
    answer = client.get("/d/weather?range=now-7d")
    assert answer.status_code in (302, 303) and answer.headers["Location"].endswith("/d/weather?from=now-7d")
    page = client.get("/d/weather?range=now-7d", follow_redirects=True).get_data(as_text=True)
    assert marked(page) == ["Last 7 days"]


def test_a_typed_from_equal_to_a_quick_range_marks_it(client):
    assert marked(client.get("/d/weather?from=now-1y").get_data(as_text=True)) == ["Last year"]


def test_a_typed_range_that_is_none_of_them_marks_none(client):
    page = client.get("/d/weather?from=2024-01-01").get_data(as_text=True)
    assert buttons(page) and marked(page) == []
    assert marked(client.get("/d/weather?from=now-7d&to=now").get_data(as_text=True)) == []


def test_a_refused_range_marks_the_range_the_charts_draw(client):
    answer = client.get("/d/weather?range=now-3d")
    assert answer.status_code == 400
    assert marked(answer.get_data(as_text=True)) == ["All"]


def test_a_dashboards_own_range_that_is_a_quick_range_is_marked(tmp_path):
    client = dashboard_site(tmp_path, {"days.csv": DAYS}, MONTHLY).test_client()
    assert marked(client.get("/d/m").get_data(as_text=True)) == ["Last 30 days"]
    page = client.get("/d/m?range=all", follow_redirects=True).get_data(as_text=True)
    assert marked(page) == ["All"]
