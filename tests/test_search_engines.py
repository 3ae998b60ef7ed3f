"""What a search engine reads of the site: the sitemap robots.txt names, each page's description and
canonical URL, and which pages and images it is told not to index."""
from __future__ import annotations

import json
import os
import re
import time
from xml.etree import ElementTree

from app.context import current_site
from app.views import search_engines
from app.views.search_engines import file_bounds
from tests.conftest import CSV_WRITE, dashboard_site, writable_app
from tests.sample_store import app_on_samples

SITEMAP = "{http://www.sitemaps.org/schemas/sitemap/0.9}"
HOST = {"Host": "charts.example.org"}


def sitemap_entries(client, headers=None) -> dict[str, str | None]:
    """The sitemap's pages: each absolute URL and its lastmod (None for none)."""
    answered = client.get("/sitemap.xml", headers=headers or {})
    assert answered.status_code == 200 and answered.mimetype == "application/xml"
    root = ElementTree.fromstring(answered.data)
    return {url.findtext(f"{SITEMAP}loc"): url.findtext(f"{SITEMAP}lastmod") for url in root}


def head_tags(page: str, name: str) -> list[str]:
    """The `<meta name=...>` contents (or, for "canonical", the `<link rel=canonical>` hrefs) of a page's head."""
    head = page.split("</head>")[0]
    if name == "canonical":
        return re.findall(r'<link rel="canonical" href="([^"]*)">', head)
    return re.findall(rf'<meta name="{name}" content="([^"]*)">', head)


def test_the_sitemap_lists_the_front_page_dashboards_their_charts_and_datasets(client):
    entries = sitemap_entries(client)
    for path in ["/", "/d/animals", "/d/animals/bears", "/d/weather/temperature", "/datasets/animals"]:
        assert f"http://localhost{path}" in entries, path
    # Nothing a crawler is kept off or told not to index.
    assert not [url for url in entries if "/upload" in url or "/append" in url or "?" in url]


def test_a_sitemap_entry_s_lastmod_is_its_data_s_last_write(app, client):
    with app.app_context():
        written = current_site().store.info("animals").updated
    assert written
    entries = sitemap_entries(client)
    assert entries["http://localhost/datasets/animals"] == written
    assert entries["http://localhost/d/animals/bears"] == written


def _site_of_a_board_written_at(tmp_path, name: str, seconds: int):
    """A test client of a site whose one dashboard, `m`, draws the stored animals, its file last changed at `seconds`."""
    boards, data = tmp_path / name, tmp_path / f"{name}-data"
    boards.mkdir()
    data.mkdir()
    (boards / "m.toml").write_text('title = "M"\n[[charts]]\nid = "bears"\ndataset = "animals"\n', encoding="utf-8")
    os.utime(boards / "m.toml", (seconds, seconds))
    return app_on_samples({"TESTING": True, "DATA_DIR": str(data), "DASHBOARD_DIRS": [str(boards)]}).test_client()


def test_a_dashboard_file_changed_after_its_data_s_last_write_dates_its_pages(tmp_path):
    # A chart added to the file now, after the animals were last written.
    seconds = int(time.time())
    changed = time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime(seconds))
    entries = sitemap_entries(_site_of_a_board_written_at(tmp_path, "later", seconds))
    assert entries["http://localhost/d/m"] == changed
    assert entries["http://localhost/d/m/bears"] == changed
    assert entries["http://localhost/"] == changed  # it lists the dashboard's title
    # The dataset's own page changes with its data alone.
    written = entries["http://localhost/datasets/animals"]
    assert written and written <= changed
    # A file older than the data's last write leaves the data's time.
    older = sitemap_entries(_site_of_a_board_written_at(tmp_path, "older", 946684800))  # 2000-01-01
    assert older["http://localhost/d/m"] == older["http://localhost/datasets/animals"] > "2000-01-01T00:00:00Z"


def test_a_dashboard_file_dated_in_the_future_dates_its_pages_when_it_was_read(tmp_path):
    # 2100-01-02T03:04:05Z: a file copied from a machine whose clock was far ahead.
    before = time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime())
    entries = sitemap_entries(_site_of_a_board_written_at(tmp_path, "ahead", 4102542245))
    after = time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime())
    for page in ("http://localhost/d/m", "http://localhost/d/m/bears", "http://localhost/"):
        assert before <= entries[page] <= after, (page, entries[page])


def test_a_csv_file_s_page_is_listed_without_a_lastmod(app, data_dir):
    (data_dir / "zoo.csv").write_text("year,Bear\n2019,3\n2020,5\n", encoding="utf-8")
    entries = sitemap_entries(app.test_client())
    assert "http://localhost/datasets/zoo" in entries and entries["http://localhost/datasets/zoo"] is None
    # The front page changes with it, when is not known.
    assert entries["http://localhost/"] is None


def test_the_sitemap_leaves_out_a_chart_page_whose_dataset_is_gone(tmp_path):
    board = 'title = "M"\n[[charts]]\nid = "zoo"\ndataset = "zoo"\n[[charts]]\nid = "bears"\ndataset = "animals"\n'
    client = dashboard_site(tmp_path, {"zoo.csv": "year,Bear\n2019,3\n2020,5\n"}, board).test_client()
    assert "http://localhost/d/m/zoo" in sitemap_entries(client)
    (tmp_path / "data" / "zoo.csv").unlink()
    assert client.get("/d/m/zoo").status_code == 404
    entries = sitemap_entries(client)
    assert "http://localhost/d/m/zoo" not in entries
    assert "http://localhost/d/m" in entries and "http://localhost/d/m/bears" in entries


def test_the_sitemap_leaves_out_a_chart_page_whose_column_is_gone(tmp_path):
    board = 'title = "M"\n[[charts]]\nid = "frogs"\ndataset = "pond"\ny = ["frogs"]\n'
    client = dashboard_site(tmp_path, {"pond.csv": "day,frogs\n1,3\n2,5\n"}, board).test_client()
    assert "http://localhost/d/m/frogs" in sitemap_entries(client)
    (tmp_path / "data" / "pond.csv").write_text("day,toads\n1,3\n", encoding="utf-8")
    assert client.get("/d/m/frogs").status_code == 404
    entries = sitemap_entries(client)
    assert "http://localhost/d/m/frogs" not in entries
    assert "http://localhost/d/m" in entries and "http://localhost/datasets/pond" in entries


def test_the_sitemap_lists_a_dataset_created_through_the_api(data_dir):
    client = writable_app(data_dir).test_client()
    assert "http://localhost/datasets/zoo" not in sitemap_entries(client)
    assert client.post("/api/datasets?name=zoo", data="year,Bear\n2019,3\n", headers=CSV_WRITE).status_code == 201
    assert sitemap_entries(client)["http://localhost/datasets/zoo"]


def test_the_sitemap_takes_no_parameter_and_answers_a_head(client):
    refused = client.get("/sitemap.xml?page=2")
    assert refused.status_code == 400 and refused.mimetype == "text/plain"
    assert refused.get_data(as_text=True).startswith("400 Bad Request: unknown parameter 'page'")
    assert refused.headers["X-Robots-Tag"] == "noindex"
    assert client.head("/sitemap.xml").status_code == 200


def sitemap_index(client) -> dict[str, str | None]:
    """The sitemap index's files: each absolute URL and its lastmod (None for none)."""
    answered = client.get("/sitemap.xml")
    assert answered.status_code == 200 and answered.mimetype == "application/xml"
    root = ElementTree.fromstring(answered.data)
    assert root.tag == f"{SITEMAP}sitemapindex"
    return {entry.findtext(f"{SITEMAP}loc"): entry.findtext(f"{SITEMAP}lastmod") for entry in root}


def test_a_site_of_no_more_pages_than_one_file_holds_has_one_sitemap_file(client):
    root = ElementTree.fromstring(client.get("/sitemap.xml").data)
    assert root.tag == f"{SITEMAP}urlset"
    answered = client.get("/sitemap-1.xml")
    assert answered.status_code == 404 and answered.mimetype == "text/plain"
    assert answered.get_data(as_text=True) == (
        "404 Not Found: no sitemap file /sitemap-1.xml: this site's sitemap is one file, /sitemap.xml\n")


def test_past_a_file_s_urls_the_sitemap_is_an_index_of_files_that_hold_them(client, monkeypatch):
    whole = sitemap_entries(client)
    monkeypatch.setattr(search_engines, "URLS_PER_FILE", 4)
    files = sitemap_index(client)
    count = -(-len(whole) // 4)
    assert list(files) == [f"http://localhost/sitemap-{number}.xml" for number in range(1, count + 1)]
    listed: dict[str, str | None] = {}
    for url, lastmod in files.items():
        answered = client.get(url)
        assert answered.status_code == 200 and answered.mimetype == "application/xml", url
        root = ElementTree.fromstring(answered.data)
        assert root.tag == f"{SITEMAP}urlset" and 1 <= len(root) <= 4, url
        entries = {entry.findtext(f"{SITEMAP}loc"): entry.findtext(f"{SITEMAP}lastmod") for entry in root}
        listed.update(entries)
        # A file's lastmod is the latest of its pages'.
        assert lastmod == max(entries.values()), url
        assert client.head(url).status_code == 200
    assert listed == whole
    assert client.head("/sitemap.xml").status_code == 200
    # robots.txt names the index.
    assert client.get("/robots.txt").get_data(as_text=True).splitlines()[-1] == "Sitemap: http://localhost/sitemap.xml"


def test_past_a_file_s_bytes_the_sitemap_is_an_index_too(client, monkeypatch):
    answered = client.get("/sitemap.xml").data
    monkeypatch.setattr(search_engines, "BYTES_PER_FILE", len(answered) // 2)
    files = sitemap_index(client)
    assert len(files) >= 2
    for url in files:
        assert len(client.get(url).data) <= len(answered) // 2, url


def test_a_sitemap_file_listing_a_page_of_unknown_time_has_no_lastmod(app, data_dir, monkeypatch):
    (data_dir / "zoo.csv").write_text("year,Bear\n2019,3\n2020,5\n", encoding="utf-8")
    monkeypatch.setattr(search_engines, "URLS_PER_FILE", 4)
    client = app.test_client()
    dated = {}
    for url, lastmod in sitemap_index(client).items():
        pages = {entry.findtext(f"{SITEMAP}loc") for entry in ElementTree.fromstring(client.get(url).data)}
        unknown = bool(pages & {"http://localhost/", "http://localhost/datasets/zoo"})
        dated[url] = lastmod is not None
        assert dated[url] != unknown, url
    assert True in dated.values() and False in dated.values()


def test_a_sitemap_file_past_the_last_is_a_404_naming_those_there_are(client, monkeypatch):
    monkeypatch.setattr(search_engines, "URLS_PER_FILE", 4)
    count = len(sitemap_index(client))
    for number in [str(count + 1), "0", "01", "x"]:
        answered = client.get(f"/sitemap-{number}.xml")
        assert answered.status_code == 404 and answered.mimetype == "text/plain", number
        assert answered.get_data(as_text=True) == (
            f"404 Not Found: no sitemap file /sitemap-{number}.xml: the sitemap /sitemap.xml lists {count} files, "
            f"/sitemap-1.xml to /sitemap-{count}.xml\n"), number
    refused = client.get("/sitemap-1.xml?page=2")
    assert refused.status_code == 400 and refused.mimetype == "text/plain"


def test_a_sitemap_file_holds_at_most_50000_urls_and_50_mb():
    overhead = 100
    assert [len(piece) for piece in file_bounds([60] * 50_000, 50_000, 52_428_800, overhead)] == [50_000]
    assert [len(piece) for piece in file_bounds([60] * 50_001, 50_000, 52_428_800, overhead)] == [50_000, 1]
    # Lines of 2,000 bytes: 26,201 of them, each with its line feed, and the file's own 100 fill 52,428,301 bytes;
    # one more would pass 50 MB (52,428,800).
    pieces = file_bounds([2000] * 30_000, 50_000, 52_428_800, overhead)
    assert [len(piece) for piece in pieces] == [26_201, 3_799]
    assert overhead + 26_201 * 2001 <= 52_428_800 < overhead + 26_202 * 2001
    assert pieces[1].start == 26_201 and pieces[1].stop == 30_000


def test_robots_txt_names_the_sitemap_by_its_absolute_url(client):
    lines = client.get("/robots.txt").get_data(as_text=True).splitlines()
    assert lines[-1] == "Sitemap: http://localhost/sitemap.xml"


def test_behind_a_proxy_the_sitemap_and_robots_txt_name_the_forwarded_host_and_prefix(proxied):
    client = proxied.test_client()
    forwarded = {**HOST, "X-Forwarded-Proto": "https", "X-Forwarded-Prefix": "/charts"}
    robots = client.get("/robots.txt", headers=forwarded)
    assert robots.get_data(as_text=True).splitlines()[-1] == "Sitemap: https://charts.example.org/charts/sitemap.xml"
    assert "https://charts.example.org/charts/d/animals/bears" in sitemap_entries(client, forwarded)
    for url in ["/robots.txt", "/sitemap.xml"]:
        assert "X-Forwarded-Host" in client.get(url, headers=HOST).headers["Vary"], url


def test_a_chart_page_s_canonical_url_ignores_parameter_order_tracking_tags_and_v(client):
    canonical = "http://localhost/d/animals/bears?title=Hi&amp;width=500"
    for url in ["/d/animals/bears?width=500&title=Hi", "/d/animals/bears?title=Hi&width=500&utm_source=news",
                "/d/animals/bears?v=3&width=500&title=Hi"]:
        page = client.get(url).get_data(as_text=True)
        assert head_tags(page, "canonical") == [canonical], url
        assert head_tags(page, "robots") == [], url


def test_each_page_has_its_canonical_url_and_its_preview_s_description(client):
    for path, words in [("/", "3 dashboards and 3 datasets"), ("/d/animals", "Bears, deer and wolves"),
                        ("/datasets/animals", "Dataset animals: 12 rows"), ("/d/animals/bears", "Bar chart of Bear")]:
        page = client.get(path).get_data(as_text=True)
        assert head_tags(page, "canonical") == [f"http://localhost{path}"], path
        [description] = head_tags(page, "description")
        assert words in description, path
        assert re.search(r'<html lang="en">', page), path


def test_a_page_of_a_range_relative_to_now_is_not_indexed(client):
    for url in ["/d/animals?from=now-7d", "/d/animals/bears?from=now-30d"]:
        answered = client.get(url)
        page = answered.get_data(as_text=True)
        assert answered.status_code == 200, url
        assert head_tags(page, "robots") == ["noindex"] and head_tags(page, "canonical") == [], url
        assert answered.headers["X-Robots-Tag"] == "noindex", url
    # A range of dates is a page of its own, indexed under its URL.
    page = client.get("/d/stations?from=2025-02-01").get_data(as_text=True)
    assert head_tags(page, "canonical") == ["http://localhost/d/stations?from=2025-02-01"]


def test_forms_refusals_and_missing_pages_are_not_indexed(client):
    for url, status in [("/upload", 200), ("/datasets/animals/append", 200), ("/nope", 404),
                        ("/d/animals/bears?width=8", 400), ("/d/animals?from=bad", 400)]:
        answered = client.get(url)
        page = answered.get_data(as_text=True)
        assert answered.status_code == status, url
        assert head_tags(page, "robots") == ["noindex"] and head_tags(page, "canonical") == [], url
        assert answered.headers["X-Robots-Tag"] == "noindex", url


def test_a_chart_s_error_image_is_not_indexed_where_its_chart_is(client):
    for url in ["/d/animals/bears.svg?width=99999", "/d/animals/nope.svg", "/plot/animals.png?y=Nope"]:
        answered = client.get(url)
        assert answered.status_code >= 400 and answered.mimetype.startswith("image/"), url
        assert answered.headers["X-Robots-Tag"] == "noindex", url
    # Drawn as a 200 image for an <img> (`errors=image`), it says so too.
    as_image = client.get("/d/animals/bears.svg?width=99999&errors=image")
    assert as_image.status_code == 200 and as_image.headers["X-Robots-Tag"] == "noindex"
    drawn = client.get("/d/animals/bears.svg")
    assert drawn.status_code == 200 and "X-Robots-Tag" not in drawn.headers
    # Its own title is what an image search shows of it.
    assert re.search(r'<title id="[^"]*">Bears</title>', drawn.get_data(as_text=True))


def dataset_records(page: str) -> list[dict]:
    """The JSON-LD records of a page's head."""
    head = page.split("</head>")[0]
    return [json.loads(text) for text in re.findall(r'<script type="application/ld\+json">(.*?)</script>', head, re.S)]


def test_a_dataset_s_page_tells_a_dataset_search_of_it(app, client):
    with app.app_context():
        written = current_site().store.info("animals").updated
    [record] = dataset_records(client.get("/datasets/animals").get_data(as_text=True))
    assert record["@type"] == "Dataset" and record["name"] == "Animals"
    assert record["url"] == "http://localhost/datasets/animals" and record["dateModified"] == written
    assert record["description"].startswith("Dataset animals: 12 rows")
    assert record["variableMeasured"] == ["year", "Bear", "Deer", "Wolf"]
    downloads = {item["encodingFormat"]: item["contentUrl"] for item in record["distribution"]}
    assert downloads == {"text/csv": "http://localhost/datasets/animals.csv",
                         "application/json": "http://localhost/datasets/animals.json"}
    for url in downloads.values():
        assert client.get(url).status_code == 200
    # Not a dashboard's page's, which is no dataset.
    assert dataset_records(client.get("/d/animals").get_data(as_text=True)) == []


def test_a_dataset_s_page_kept_out_of_search_carries_no_record(client, monkeypatch):
    # A dataset's page a search engine is told not to index, however it comes to be (here as a form is),
    # tells a dataset search nothing of it either.
    monkeypatch.setattr(search_engines, "FORM_ENDPOINTS", search_engines.FORM_ENDPOINTS | {"datasets.dataset"})
    answered = client.get("/datasets/animals")
    page = answered.get_data(as_text=True)
    assert answered.status_code == 200 and answered.headers["X-Robots-Tag"] == "noindex"
    assert head_tags(page, "robots") == ["noindex"]
    assert dataset_records(page) == []


def test_a_column_name_cannot_end_the_dataset_record_s_script(data_dir):
    client = writable_app(data_dir).test_client()
    assert client.post("/api/datasets?name=zoo", data="year,</script><b>x\n2019,3\n",
                       headers=CSV_WRITE).status_code == 201
    page = client.get("/datasets/zoo").get_data(as_text=True)
    [record] = dataset_records(page)
    assert record["variableMeasured"] == ["year", "</script><b>x"]
