"""Each answer says what the site's others say of the same thing: a data-folder file's page warns of what
a stored dataset's page warns of for the same rows; a chart page refuses the bins and x its image refuses,
and a resample, agg or x its form cannot have sent, where its form did not send them as it showed them, and a
dashboard page refuses any, as its report does, passing none to its images; and
a download that fails once its 200 is sent is not passed off as a whole file."""
from __future__ import annotations

import codecs
import html
import json
import re
from urllib.parse import parse_qs, urlsplit

import pytest
import requests

from app.store.csv_store import CsvStore
from app.store.store_refusals import UNAVAILABLE_MESSAGE
from app.store.types import StoreUnavailable
from app.views import dataset_rows
from tests.conftest import CSV_WRITE, writable_app
from tests.test_chart_form_switches import not_applied, opened_form
from tests.test_chart_page_refusals import refused_fields
from tests.test_http import image_query, submitted

# A column of whole numbers with leading zeros (kept as text), one with no values (typed float) and
# one of numbers written with a decimal comma (text).
CODES = 'day,zip,empty,price\n2024-01-01,01234,,"1,5"\n2024-01-02,02345,,2\n'


def page_warnings(client, name: str) -> list[str]:
    """The warnings a dataset's page shows, their text unescaped."""
    page = client.get(f"/datasets/{name}")
    assert page.status_code == 200, page.get_data(as_text=True)[:300]
    return [html.unescape(words) for words in re.findall(r'<p class="error">(.*?)</p>', page.get_data(as_text=True))]


@pytest.fixture
def client(data_dir):
    return writable_app(data_dir, RENDER_WORKERS=0).test_client()


def test_a_data_folder_files_page_warns_of_the_columns_a_stored_datasets_page_warns_of(client, data_dir):
    assert client.post("/api/datasets?name=stored", data=CODES, headers=CSV_WRITE).status_code == 201
    (data_dir / "codes.csv").write_text(CODES, encoding="utf-8")
    stored, file = page_warnings(client, "stored"), page_warnings(client, "codes")
    assert [words.split(":")[0].split(" ")[1] for words in stored] == ["'zip'", "'empty'", "'price'"]
    assert [words.split(":")[0].split(" ")[1] for words in file] == ["'zip'", "'empty'", "'price'"]
    # The same words but for what to do about it: a file is typed again when it changes.
    fix = "fix the file codes.csv: its columns are typed again when it changes"
    assert file[0] == ("column 'zip' is kept as text: its values are whole numbers, some with leading zeros, which "
                       "numbers would lose: row 1 holds '01234'; for numbers, write them without leading zeros (1234); "
                       f"{fix}")
    assert stored[0].startswith(file[0].removesuffix(fix))
    assert file[1] == f"column 'empty' has no values, so its type is guessed as float (numbers); {fix}"
    assert file[2].startswith("column 'price' is text, though most of its values are numbers or dates: row 1 "
                              "holds '1,5'") and file[2].endswith(fix)


def test_a_data_folder_files_warnings_are_found_once_a_version_of_the_file(client, data_dir, monkeypatch):
    read = []
    whole = CsvStore.read

    def counted(self, name, columns=None):
        read.append(list(columns or []))
        return whole(self, name, columns)

    monkeypatch.setattr(CsvStore, "read", counted)
    (data_dir / "codes.csv").write_text(CODES, encoding="utf-8")
    first = page_warnings(client, "codes")
    assert page_warnings(client, "codes") == first and len(first) == 3
    assert read.count(["zip", "empty", "price"]) == 1
    (data_dir / "codes.csv").write_text(CODES.replace("01234", "1234").replace("02345", "2345"), encoding="utf-8")
    assert len(page_warnings(client, "codes")) == 2  # zip holds numbers now; the file's new version was read
    assert read.count(["empty", "price"]) == 1


def image_refusal(client, url: str) -> str:
    """The status and words of the error `url`, a chart image's, answers as X-Chart-Error."""
    answer = client.get(f"{url}&errors=image")
    assert answer.status_code == 200
    return codecs.decode(answer.headers["X-Chart-Error"], "unicode_escape")


@pytest.mark.parametrize("query", ["kind=line&bins=5", "bins=5", "kind=bar&bins=7&title=Days", "kind=line&bins=20",
                                   "bins=20"])
def test_bins_on_a_chart_page_of_a_kind_without_bins_is_refused_as_its_image_refuses_it(client, query):
    # temperature is a line: neither it nor a bar chart draws bins, the chart's own number of them (20) neither.
    image = client.get(f"/d/weather/temperature.svg?{query}")
    page = client.get(f"/d/weather/temperature?{query}")
    assert page.status_code == image.status_code == 400
    text = page.get_data(as_text=True)
    words = image_refusal(client, f"/d/weather/temperature.svg?{query}").removeprefix("400 ")
    assert words.startswith("bins does not apply to kind=")
    assert not_applied(text) == words
    assert refused_fields(text) == ["bins"]


def test_the_bins_a_chart_pages_form_showed_sent_back_with_a_kind_without_bins_is_left_out(client):
    # A histogram of 5 bins switched to a line keeps the 5 in its form's bins box: not typed, so not refused.
    form = opened_form(client, "/d/weather/temperature-distribution?bins=5")
    assert ("shown.bins", "5") in form.fields
    sent = submitted(client, form, kind="line")
    assert sent.status_code == 200
    assert "bins" not in image_query(sent.get_data(as_text=True))
    # Typed over in the form with that kind, it is the user's, and refused as the image refuses it.
    typed = submitted(client, form, kind="line", bins="6")
    assert typed.status_code == 400 and not_applied(typed.get_data(as_text=True)).startswith(
        "bins does not apply to kind=line")


@pytest.mark.parametrize("page", ["/d/weather/temperature", "/d/weather/temperature-distribution"])
def test_an_x_a_url_gives_a_chart_page_with_a_kind_that_places_no_rows_by_x_is_refused_as_its_image_refuses_it(
        client, page):
    # A histogram draws its values whatever the rows' x: its image refuses an x other than the chart's own.
    query = "kind=hist&x=temperature_c"
    answer = client.get(f"{page}?{query}")
    assert answer.status_code == client.get(f"{page}.svg?{query}").status_code == 400
    text = answer.get_data(as_text=True)
    assert not_applied(text) == image_refusal(client, f"{page}.svg?{query}").removeprefix("400 ")
    assert not_applied(text).startswith("x does not apply to kind=hist")
    assert refused_fields(text) == ["x"]


@pytest.mark.parametrize("query", ["bins=20", "kind=line&bins=5", "x=temperature_c", "kind=hist&x=temperature_c"])
def test_a_dashboard_page_refuses_the_bins_and_x_of_a_url_as_its_report_does_and_its_images_carry_none(client, query):
    # A dashboard page takes its rows' range and filters alone: a chart's field is refused whatever the kind, never
    # passed on to images that would refuse it, and its charts' own, from the dashboard's file, fit their kinds.
    field = query.rpartition("&")[2].partition("=")[0]
    page = client.get(f"/d/weather?{query}")
    assert page.status_code == client.get(f"/d/weather.pdf?{query}").status_code == 400
    text = page.get_data(as_text=True)
    refusal = html.unescape(re.search(r'<p class="error" role="alert" id="rows-error"[^>]*>Not applied: ([^<]*)</p>',
                                      text).group(1))
    assert f"{field} applies to a chart's URL" in refusal, refusal
    images = re.findall(r'<img src="(/d/weather/[^"]+\.svg\?[^"]*)"', text)
    assert images
    for src in images:
        assert not {"bins", "x", "kind"} & parse_qs(urlsplit(html.unescape(src)).query).keys(), src
        assert client.get(html.unescape(src)).status_code == 200, src


@pytest.mark.parametrize("x", ["date", "temperature_c"])
def test_the_x_a_chart_pages_form_sends_with_a_histogram_is_left_out(client, x):
    # Its x select, which has no blank, sends an x whatever the kind: the form's (with shown.x) asks for none.
    form = opened_form(client, "/d/weather/temperature")
    assert ("shown.x", "date") in form.fields
    sent = submitted(client, form, kind="hist", x=x)
    assert sent.status_code == 200, not_applied(sent.get_data(as_text=True))
    assert "x" not in image_query(sent.get_data(as_text=True))


@pytest.mark.parametrize(("page", "query", "field", "status"), [
    ("/d/animals/all", "resample=minute", "resample", 400),  # its x, year, holds no dates
    ("/d/weather/temperature", "kind=hist&resample=MINUTE", "resample", 400),
    ("/d/weather/temperature", "agg=mode", "agg", 400),  # a line without resample combines no rows
    ("/d/weather/temperature", "kind=box&x=nope", "x", 404)])  # a box plot places no rows by x
def test_a_value_no_select_of_a_chart_pages_form_offers_is_refused_as_its_image_refuses_it(
        client, page, query, field, status):
    # The form drops the resample, agg and x its kind or x leaves no place for, which its selects
    # sent; one that none of them offers came from a URL, and was dropped without a word.
    answer = client.get(f"{page}?{query}")
    assert answer.status_code == client.get(f"{page}.svg?{query}").status_code == status
    text = answer.get_data(as_text=True)
    assert not_applied(text) == image_refusal(client, f"{page}.svg?{query}").removeprefix(f"{status} ")
    assert refused_fields(text) == [field]


def failing_after_a_piece(app, monkeypatch, failure) -> None:
    """`failure(database)` run before the second piece of `big`'s rows is read from now on (its ETag found
    already, the next read is a body's first piece): a download fails after its headers and first rows."""
    database, reads = app.extensions["svgplots"].store.database, []
    rows_of = database._rows_of

    def read(name, query):
        reads.append(name)
        if len(reads) == 2:
            failure(database)
        return rows_of(name, query)

    monkeypatch.setattr(database, "_rows_of", read)


def deleted(database) -> None:
    database.delete("big")


def unreachable(database) -> None:
    raise StoreUnavailable(UNAVAILABLE_MESSAGE)


@pytest.mark.parametrize("failure", [deleted, unreachable], ids=["dataset deleted", "database down"])
@pytest.mark.parametrize(("fmt", "encoding"), [("csv", "identity"), ("json", "identity"), ("csv", "gzip")])
def test_a_streamed_download_failing_partway_is_cut_short_for_the_client_and_logged(served, monkeypatch, caplog,
                                                                                     failure, fmt, encoding):
    port, app = served
    url = f"http://127.0.0.1:{port}/datasets/big.{fmt}"
    assert requests.head(url, timeout=30).status_code == 200  # the rows' ETag found, by reading them once
    failing_after_a_piece(app, monkeypatch, failure)
    received = bytearray()
    with requests.get(url, headers={"Accept-Encoding": encoding}, stream=True, timeout=30) as answer:
        assert answer.status_code == 200 and answer.headers["Transfer-Encoding"] == "chunked"
        # The chunked body ends without its last, empty chunk: the client knows the file is incomplete.
        with pytest.raises(requests.exceptions.ChunkedEncodingError):
            for piece in answer.iter_content(None):
                received += piece
    text = received.decode("utf-8")
    # Each piece of rows is flushed as it is sent, compressed or not: the first rows arrive, the last never.
    assert "2025-01-01" in text and "2025-01-10" not in text
    assert "Traceback" not in text and "Internal Server Error" not in text
    if fmt == "json":
        with pytest.raises(ValueError):
            json.loads(text)
    [logged] = [record for record in caplog.records if record.name == dataset_rows.__name__]
    assert logged.levelname == "ERROR"
    assert logged.getMessage().startswith(f"the rows of dataset 'big' as .{fmt} (version ")
    assert "stopped after 2 of its 10 rows, the connection closed unfinished: " in logged.getMessage()
