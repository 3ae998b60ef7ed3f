"""Live data in pages and charts: versions in URLs, versions.json, auto-refresh, the upload and append forms."""
from __future__ import annotations

import html
import io
import re

import pytest

from app import create_app
from app.config import DEFAULT_DASHBOARD_DIR

TOKEN = "test-write-token-0123456789"
AUTH = {"Authorization": f"Bearer {TOKEN}"}
ANIMAL_ROW = {"year": 2022, "Bear": 31, "Deer": 150, "Wolf": 12}
LIVE_BOARD = """title = "Live"
refresh = 5

[[charts]]
id = "bears"
dataset = "animals"
kind = "bar"
y = ["Bear"]

[[charts]]
id = "rain"
dataset = "weather"
x = "date"
y = ["rainfall_mm"]
resample = "year"
agg = "sum"
"""


@pytest.fixture
def app(data_dir, tmp_path, store_url, closing):
    """The app on a fresh database of each backend, with a write token and one more dashboard,
    `live`, that refreshes every 5 seconds."""
    boards = tmp_path / "dashboards"
    boards.mkdir()
    (boards / "live.toml").write_text(LIVE_BOARD)
    return closing(create_app({"TESTING": True, "DATA_DIR": str(data_dir), "DATABASE_URL": store_url,
                               "WRITE_TOKENS": TOKEN, "DASHBOARD_DIRS": [str(DEFAULT_DASHBOARD_DIR), str(boards)]}))


def append_animal(client, **changes) -> dict:
    response = client.post("/api/datasets/animals/rows", json=[{**ANIMAL_ROW, **changes}], headers=AUTH)
    assert response.status_code == 200, response.get_json()
    return response.get_json()


def img_sources(html: str) -> list[str]:
    return [s.replace("&amp;", "&") for s in re.findall(r'<img[^>]* src="([^"]+)"', html)]


def test_versions_json_gives_each_charts_version_and_the_pages_image_url(client):
    body = client.get("/d/live/versions.json").get_json()
    assert body["ok"] is True and body["refresh"] == 5
    animals = client.get("/api/datasets/animals").get_json()["dataset"]["version"]
    weather = client.get("/api/datasets/weather").get_json()["dataset"]["version"]
    assert {k: v["version"] for k, v in body["charts"].items()} == {"bears": animals, "rain": weather}
    page = client.get("/d/live").get_data(as_text=True)
    assert img_sources(page) == [body["charts"]["bears"]["src"], body["charts"]["rain"]["src"]]


def test_versions_json_is_never_cached_and_unknown_dashboards_are_404(client):
    assert client.get("/d/live/versions.json").headers["Cache-Control"] == "no-store"
    response = client.get("/d/nowhere/versions.json")
    assert response.status_code == 404 and "nowhere" in response.get_json()["error"]


def test_an_append_changes_the_version_of_only_the_charts_that_draw_it(client):
    before = client.get("/d/live/versions.json").get_json()["charts"]
    result = append_animal(client)
    after = client.get("/d/live/versions.json").get_json()["charts"]
    assert after["bears"]["version"] == result["version"] != before["bears"]["version"]
    assert after["bears"]["src"].startswith(f"/d/live/bears.svg?v={result['version']}_")  # then the definition's digest
    assert after["rain"] == before["rain"]
    assert "2022" in after["bears"]["alt"] and "2022" not in before["bears"]["alt"]


def test_pages_put_the_new_version_in_every_image_url_after_an_append(client):
    version = append_animal(client)["version"]
    for page in ("/d/animals", "/datasets/animals", "/d/animals/all", "/"):
        sources = [s for s in img_sources(client.get(page).get_data(as_text=True)) if "animal" in s]
        assert sources, page
        assert all(f"v={version}" in s for s in sources), (page, sources)


def test_chart_bytes_and_etag_change_exactly_when_the_data_they_draw_changes(client):
    def etag(url):
        return client.get(url).headers["ETag"]

    bears, rain = "/d/live/bears.svg", "/d/live/rain.svg"
    first = etag(bears), etag(rain)
    refused = client.post("/api/datasets/animals/rows", json=[{**ANIMAL_ROW, "Bear": "x"}], headers=AUTH)
    assert refused.status_code == 400
    assert (etag(bears), etag(rain)) == first
    append_animal(client)
    second = etag(bears), etag(rain)
    assert second[0] != first[0] and second[1] == first[1]
    assert client.get(bears, headers={"If-None-Match": first[0]}).status_code == 200
    assert client.get(bears, headers={"If-None-Match": second[0]}).status_code == 304


# A refreshing dashboard's scripts, in the order its page loads them: its outage line and the words it writes anew,
# the site's clock, failed chart images, their waits, a phone's images, how long an answer is waited for and the
# chart images swapped, each before refresh.js, which calls them.
REFRESH_SCRIPTS = ["refresh-outage.js", "refresh-words.js", "refresh-clock.js", "refresh-loads.js", "refresh-waits.js",
                   "refresh-sources.js", "refresh-answers.js", "refresh-images.js", "refresh.js"]


def unversioned(page: str) -> str:
    """The page with the `?v=` of its scripts' URLs left out, once each is checked to carry one."""
    sources = re.findall(r'<script src="(/static/[^"]*)"', page)
    assert sources and all(re.fullmatch(r"/static/[\w.-]+\.js\?v=[0-9a-f]{12}", src) for src in sources), sources
    return re.sub(r'(<script src="/static/[^"?]*)\?v=[0-9a-f]{12}"', r'\1"', page)


def test_a_dashboard_with_refresh_loads_the_script_and_says_where_to_poll(client):
    page = unversioned(client.get("/d/live").get_data(as_text=True))
    assert "\n".join(f'<script src="/static/{name}" defer></script>' for name in REFRESH_SCRIPTS) in page
    assert 'data-refresh="5" data-versions="/d/live/versions.json"' in page
    assert 'data-chart="bears" data-name="Bar chart of Bear by year" data-version="' in page
    assert '<noscript><meta http-equiv="refresh" content="5"></noscript>' in page
    script = client.get("/static/refresh.js")
    assert script.status_code == 200 and "javascript" in script.mimetype
    assert "versions" in script.get_data(as_text=True) and "data-refresh" in script.get_data(as_text=True)


def test_a_refreshing_dashboards_pause_button_is_served_hidden_for_its_script_to_show(client):
    # Hidden by the HTML itself, where CSS alone hid it: a reader without styles, or without scripts in a browser
    # that knows no `scripting` media feature, saw a button that did nothing.
    page = client.get("/d/live").get_data(as_text=True)
    assert '<p class="refresh-control pause-control" hidden><button type="button">Pause updates</button>' in page


def test_a_dashboard_without_refresh_has_no_script(client):
    page = client.get("/d/animals").get_data(as_text=True)
    assert "<script" not in page and "data-refresh" not in page
    assert 'data-chart="all"' in page


def test_a_changed_csv_file_is_a_new_version_on_the_next_request(client, data_dir):
    path = data_dir / "readings.csv"
    path.write_text("t,value\n1,2.5\n")
    first = client.get("/api/datasets/readings").get_json()["dataset"]["version"]
    svg = client.get("/plot/readings.svg").data
    path.write_text("t,value\n1,2.5\n2,3.5\n")  # a new size: seen even on a coarse mtime clock
    dataset = client.get("/api/datasets/readings").get_json()["dataset"]
    assert dataset["version"] != first and dataset["row_count"] == 2
    assert client.get("/plot/readings.svg").data != svg


# The browser forms


def csrf_from(response) -> str:
    match = re.search(r'name="csrf_token" value="([^"]+)"', response.get_data(as_text=True))
    assert match, "the form has no CSRF field"
    cookie = response.headers["Set-Cookie"]
    assert f"svgplots_csrf={match.group(1)}" in cookie
    assert "HttpOnly" in cookie and "SameSite=Strict" in cookie
    return match.group(1)


def upload(client, csrf: str | None, token: str = TOKEN, name: str = "sales", body: bytes = b"a,b\n1,2\n"):
    data = {"name": name, "title": "Sales", "token": token, "file": (io.BytesIO(body), "sales.csv")}
    if csrf is not None:
        data["csrf_token"] = csrf
    return client.post("/upload", data=data)


def test_upload_form_creates_the_dataset_and_redirects_to_its_page(client):
    csrf = csrf_from(client.get("/upload"))
    response = upload(client, csrf)
    assert response.status_code == 303
    assert response.headers["Location"] == "/datasets/sales"
    page = client.get("/datasets/sales")
    assert page.status_code == 200 and "Append rows" in page.get_data(as_text=True)


@pytest.mark.parametrize(
    ("csrf", "token", "status", "words"),
    [
        (None, TOKEN, 403, ["CSRF"]),
        ("forged-but-long-enough-0123456789abcdef", TOKEN, 403, ["CSRF"]),
        ("from the page", "wrong-token", 403, ["not valid"]),
        ("from the page", "", 403, ["token"]),
    ],
)
def test_upload_form_without_its_csrf_token_or_a_valid_write_token_creates_nothing(client, csrf, token, status, words):
    real = csrf_from(client.get("/upload"))
    response = upload(client, real if csrf == "from the page" else csrf, token)
    assert response.status_code == status
    page = response.get_data(as_text=True)
    assert "Not created:" in page and '<form class="spec-form" method="post"' in page
    for word in words:
        assert word in page
    assert client.get("/api/datasets/sales").status_code == 404


def test_upload_form_from_another_origin_is_refused(client):
    csrf = csrf_from(client.get("/upload"))
    data = {"name": "sales", "token": TOKEN, "csrf_token": csrf, "file": (io.BytesIO(b"a\n1\n"), "s.csv")}
    response = client.post("/upload", data=data, headers={"Origin": "https://evil.example"})
    assert response.status_code == 403 and "evil.example" in response.get_data(as_text=True)
    assert client.get("/api/datasets/sales").status_code == 404


def test_upload_form_shows_what_was_wrong_with_the_csv_and_keeps_the_fields(client):
    csrf = csrf_from(client.get("/upload"))
    response = upload(client, csrf, body=b"a,b\n1,2\n3\n")
    assert response.status_code == 400
    page = response.get_data(as_text=True)
    assert "row 2" in page and 'value="sales"' in page


def test_upload_form_with_a_taken_name_says_how_to_delete_it_as_the_pages_cannot(client):
    assert upload(client, csrf_from(client.get("/upload"))).status_code == 303
    response = upload(client, csrf_from(client.get("/upload")), body=b"a,b\n3,4\n")
    assert response.status_code == 409
    page = html.unescape(response.get_data(as_text=True))
    assert ("Not created: a dataset named 'sales' exists already; choose another name, or delete it first through "
            "the API (DELETE /api/datasets/sales with the write token: the site's pages cannot delete)") in page
    assert client.get("/datasets/sales.csv").get_data(as_text=True) == "a,b\n1,2\n"


def test_upload_form_without_a_name_says_it_is_missing_and_the_field_that_takes_it(client):
    response = upload(client, csrf_from(client.get("/upload")), name="")
    assert response.status_code == 400
    assert ("Not created: the dataset&#39;s name is missing: give it as the field Name; a name is 1 to 63 "
            "characters") in response.get_data(as_text=True)


def test_append_form_adds_the_rows_and_says_how_many(client):
    form = client.get("/datasets/animals/append")
    csrf = csrf_from(form)
    assert "year,Bear,Deer,Wolf" in form.get_data(as_text=True)
    response = client.post("/datasets/animals/append", data={
        "csrf_token": csrf, "token": TOKEN, "rows": "year,Bear,Deer,Wolf\n2022,1,2,3\n2023,4,5,6\n"})
    assert response.status_code == 303 and response.headers["Location"] == "/datasets/animals"
    assert "Added 2 rows." in client.get("/datasets/animals").get_data(as_text=True)
    assert client.get("/api/datasets/animals").get_json()["dataset"]["row_count"] == 14


def test_append_form_refusal_keeps_the_pasted_rows_and_adds_nothing(client):
    csrf = csrf_from(client.get("/datasets/animals/append"))
    rows = "year,Bear,Deer,Wolf\n2022,1,2,3\n2023,many,5,6\n"
    response = client.post("/datasets/animals/append", data={"csrf_token": csrf, "token": TOKEN, "rows": rows})
    assert response.status_code == 400
    page = response.get_data(as_text=True)
    assert "Nothing was added" in page and "row 2" in page and "2023,many,5,6" in page
    assert client.get("/api/datasets/animals").get_json()["dataset"]["row_count"] == 12


def test_the_append_forms_header_names_columns_that_hold_commas_and_quotes(client):
    # The header was the names joined by commas: `a,b` read back as two columns, and the form
    # refused the header it had filled in.
    assert upload(client, csrf_from(client.get("/upload")), body=b't,"a,b","say ""hi"""\n1,2,3\n').status_code == 303
    form = client.get("/datasets/sales/append")
    header = html.unescape(re.search(r"<textarea[^>]*>(.*?)</textarea>", form.get_data(as_text=True), re.S)[1])
    assert header.strip() == 't,"a,b","say ""hi"""'
    response = client.post("/datasets/sales/append", data={"csrf_token": csrf_from(form), "token": TOKEN,
                                                           "rows": header.lstrip("\n") + "4,5,6\n"})
    assert response.status_code == 303
    assert client.get("/datasets/sales.json").get_json()["rows"][-1] == [4, 5, 6]


def test_the_append_form_of_a_csv_file_dataset_explains_it_is_read_only(client, data_dir):
    (data_dir / "readings.csv").write_text("t,value\n1,2.5\n")
    assert "change the file" in client.get("/datasets/readings").get_data(as_text=True)
    response = client.get("/datasets/readings/append")
    assert response.status_code == 409 and "readings.csv" in response.get_data(as_text=True)


def test_pages_without_a_form_set_no_cookie(client):
    for url in ("/", "/d/live", "/datasets/animals", "/d/live/versions.json"):
        assert "Set-Cookie" not in client.get(url).headers, url


def test_the_index_links_to_the_upload_form(client):
    assert 'href="/upload"' in client.get("/").get_data(as_text=True)


def test_the_refresh_script_is_a_same_origin_file_as_the_page_csp_requires(client):
    page = client.get("/d/live")
    csp = page.headers["Content-Security-Policy"]
    assert "script-src 'self'" in csp and "connect-src 'self'" in csp
    # Beside the form's own (which resets it when Back brings the page back whole).
    assert re.findall(r"<script[^>]*>", unversioned(page.get_data(as_text=True))) == [
        '<script src="/static/form-reset.js" defer>',
        *(f'<script src="/static/{name}" defer>' for name in REFRESH_SCRIPTS)]


def test_upload_form_over_the_size_limit_is_413_naming_the_limit(data_dir, store_url, closing):
    client = closing(create_app({"TESTING": True, "DATA_DIR": str(data_dir), "DATABASE_URL": store_url,
                                 "WRITE_TOKENS": TOKEN, "MAX_CONTENT_LENGTH": 1000})).test_client()
    csrf = csrf_from(client.get("/upload"))
    response = upload(client, csrf, body=b"a\n" + b"1\n" * 1000)
    assert response.status_code == 413
    assert "limit of 1000 bytes" in response.get_data(as_text=True)
    assert client.get("/api/datasets/sales").status_code == 404
