"""A dataset's page read by someone who does not program: a currency column's amounts written to the cent (or whole),
when its data last changed, its column types in plain words and a caption telling each of its charts apart."""
from __future__ import annotations

import datetime
import html
import os
import re

import pytest

from app.report_dates import moment_words
from tests.conftest import created, writable_app


@pytest.fixture
def client(data_dir):
    return writable_app(data_dir).test_client()


def page_of(client, name: str) -> str:
    response = client.get(f"/datasets/{name}")
    assert response.status_code == 200, response.get_data(as_text=True)
    return response.get_data(as_text=True)


def table_cells(page: str) -> list[list[str]]:
    """The cells of the page's table of first rows, as a reader sees them."""
    body = page[page.index('<table class="data"'):]
    body = body[body.index("<tbody>"):body.index("</tbody>")]
    return [[html.unescape(re.sub(r"<[^>]+>", "", cell)) for cell in re.findall(r"<td>(.*?)</td>", row, re.S)]
            for row in re.findall(r"<tr>(.*?)</tr>", body, re.S)]


def test_a_currency_columns_amounts_are_written_to_the_cent_where_any_has_cents(client):
    created(client, "gifts", "date,amount (£)\n2024-11-30,205.9\n2024-12-01,2724\n2024-12-02,250000\n"
                             "2024-12-03,42025.83\n2024-12-04,-5\n")
    assert [row[1] for row in table_cells(page_of(client, "gifts"))] == [
        "£205.90", "£2,724.00", "£250,000.00", "£42,025.83", "−£5.00"]


def test_a_currency_columns_whole_amounts_are_written_whole(client):
    created(client, "grants", "date,amount (USD)\n2024-11-30,2724.0\n2024-12-01,250000.0\n")
    assert [row[1] for row in table_cells(page_of(client, "grants"))] == ["USD 2,724", "USD 250,000"]


def test_numbers_of_no_currency_keep_the_digits_they_were_written_with(client):
    created(client, "readings", "date,ratio,share (%)\n2024-11-30,2.0,12.5\n2024-12-01,40.730000000000004,3.0\n")
    assert [row[1:] for row in table_cells(page_of(client, "readings"))] == [["2.0", "12.5%"], ["40.73", "3.0%"]]


def updated_words(page: str) -> str:
    """The page's line of when its rows last changed, as a reader sees it."""
    line = re.search(r'<p class="muted" data-shots-mask>(.*?)</p>', page, re.S)[1]
    return " ".join(html.unescape(re.sub(r"<[^>]+>", "", line)).split())


def test_a_stored_datasets_page_says_when_it_was_last_written_as_a_report_says_it(client):
    dataset = created(client, "gifts", "date,amount (£)\n2024-11-30,205.9\n")["dataset"]
    at = datetime.datetime.fromisoformat(dataset["updated"].replace("Z", "+00:00"))
    assert updated_words(page_of(client, "gifts")) == f"Updated {moment_words(at)} (version {dataset['version']})"


def test_a_data_folder_files_page_says_when_the_file_last_changed(client, data_dir):
    path = data_dir / "readings.csv"
    path.write_text("date,v\n2024-11-30,1.5\n")
    at = datetime.datetime(2026, 12, 7, 20, 10, 42, tzinfo=datetime.timezone.utc).timestamp()
    os.utime(path, (at, at))
    assert updated_words(page_of(client, "readings")).startswith("Updated 7 December 2026, 20:10 UTC (version ")


def column_types(page: str) -> dict[str, str]:
    """The page's table of columns: each column's name and its type as the page names it."""
    table = page[page.index('<table class="columns">'):]
    table = table[:table.index("</table>")]
    return {html.unescape(name): kind for name, kind in re.findall(r'<td translate="no">(.*?)</td><td>(.*?)</td>', table)}


def test_column_types_are_named_in_plain_words_and_exactly_in_the_json(client):
    created(client, "visits", "day,at,visits,share,page\n2024-11-30,2024-11-30T09:15,3,0.5,home\n"
                              "2024-12-01,2024-12-01T10:00,4,0.25,about\n")
    assert column_types(page_of(client, "visits")) == {
        "day": "date", "at": "date and time", "visits": "whole number", "share": "number", "page": "text"}
    described = client.get("/api/datasets/visits").get_json()["dataset"]["columns"]
    assert [column["type"] for column in described] == ["datetime", "datetime", "integer", "float", "text"]


def captions(page: str) -> list[str]:
    return [" ".join(html.unescape(re.sub(r"<[^>]+>", "", caption)).split())
            for caption in re.findall(r"<figcaption>(.*?)</figcaption>", page, re.S)]


def test_each_chart_of_a_column_split_by_a_text_column_has_a_caption_of_its_own(client):
    created(client, "gifts", "date,campaign,amount (£)\n2024-12-01,Gala,5\n2024-12-01,Fair,6\n2024-12-02,Gala,7\n"
                             "2024-12-02,Fair,8\n")
    assert captions(page_of(client, "gifts")) == ["Line chart of amount (£) by date, where campaign is Fair",
                                                  "Line chart of amount (£) by date, where campaign is Gala"]


def test_a_charts_caption_says_its_kind_and_x(client):
    created(client, "sizes", "size\n1.5\n2\n2.5\n")
    created(client, "readings", "date,a,b\n2024-12-01,1,2\n2024-12-02,3,4\n")
    assert captions(page_of(client, "sizes")) == ["Histogram of size"]
    assert captions(page_of(client, "readings")) == ["Line chart of a by date", "Line chart of b by date"]
