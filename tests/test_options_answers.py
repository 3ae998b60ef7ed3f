"""OPTIONS on a page, a form or an API URL (no chart, report or data file, whose preflight answer is
their own) is answered as Flask answers it, with the site's usual headers and an Allow header naming
only the methods the URL answers, in the order its 405 names them: the same on every process (Flask
names them in a set's order, which changes from one process to the next)."""
from __future__ import annotations

import pytest

from app import create_app
from tests.conftest import WRITE_TOKEN, csrf_at, writable_app

PAGE_HEADERS = ("X-Content-Type-Options", "Content-Security-Policy", "Referrer-Policy", "X-Frame-Options")


@pytest.mark.parametrize(("url", "allow"), [
    ("/", "GET, HEAD, OPTIONS"),
    ("/d/stations", "GET, HEAD, OPTIONS"),
    ("/d/stations/rainfall", "GET, HEAD, OPTIONS"),
    ("/datasets/weather", "GET, HEAD, OPTIONS"),
    ("/datasets/weather/append", "GET, HEAD, POST, OPTIONS"),
    ("/upload", "GET, HEAD, POST, OPTIONS"),
    ("/api/datasets", "GET, HEAD, POST, OPTIONS"),
    ("/api/datasets/weather", "GET, HEAD, DELETE, OPTIONS"),
    ("/api/datasets/weather/rows", "POST, OPTIONS"),
])
def test_options_names_the_methods_a_url_answers_as_its_405_does(client, url, allow):
    response = client.open(url, method="OPTIONS")
    assert response.status_code == 200 and response.get_data() == b""
    assert response.headers["Allow"] == allow
    assert client.open(url, method="PATCH").headers["Allow"] == allow
    assert all(name in response.headers for name in PAGE_HEADERS), dict(response.headers)
    assert "Access-Control-Allow-Origin" not in response.headers  # no other site's page may write here


@pytest.mark.parametrize("url", ["/", "/d/stations", "/d/stations/rainfall", "/datasets/weather",
                                 "/datasets/weather/append", "/upload", "/api/datasets", "/api/datasets/weather",
                                 "/api/datasets/weather/rows", "/api/openapi.json", "/static/site.css"])
def test_an_options_answer_with_no_body_names_no_content_type(client, url):
    response = client.open(url, method="OPTIONS")
    assert response.status_code == 200 and response.get_data() == b""
    assert "Content-Type" not in response.headers, dict(response.headers)


def test_a_chart_preflight_has_no_content_type_and_a_404_keeps_its_own(client):
    assert "Content-Type" not in client.open("/d/stations/rainfall.svg", method="OPTIONS").headers
    missing = client.open("/nope", method="OPTIONS")
    assert missing.status_code == 404 and missing.headers["Content-Type"] == "text/html; charset=utf-8"
    assert b"no page at /nope" in missing.get_data()


@pytest.mark.parametrize("url", ["/d/nope", "/d/stations/nope", "/d/nope/rainfall", "/datasets/nope",
                                 "/datasets/nope/append", "/api/datasets/nope", "/static/nope.css",
                                 "/static/../app/__init__.py"])
def test_options_of_a_url_naming_what_does_not_exist_is_the_404_its_get_gets(client, url):
    response, got = client.open(url, method="OPTIONS"), client.get(url)
    assert got.status_code == 404
    assert response.status_code == 404, response.headers
    assert response.headers["Content-Type"] == got.headers["Content-Type"]
    assert response.get_data() == got.get_data()


def test_options_of_the_rows_of_a_dataset_that_does_not_exist_is_a_404_naming_the_datasets(client):
    response = client.open("/api/datasets/nope/rows", method="OPTIONS")
    assert response.status_code == 404
    assert response.get_json()["error"].startswith("no dataset 'nope'; the datasets are animals")


@pytest.mark.parametrize("url", ["/plot/nope.svg", "/d/nope.pdf", "/d/nope/versions.json", "/d/nope/chart.svg",
                                 "/datasets/nope.csv"])
def test_a_preflight_of_a_file_naming_what_does_not_exist_still_lets_the_get_read_its_404(client, url):
    response = client.open(url, method="OPTIONS")
    assert response.status_code == 204 and response.headers["Access-Control-Allow-Origin"] == "*"
    assert client.get(url).status_code == 404


def test_options_of_a_chart_page_whose_dataset_is_gone_is_the_404_its_get_gets(tmp_path, data_dir):
    (data_dir / "readings.csv").write_text("day,value\n2024-01-01,1\n", encoding="utf-8")
    boards = tmp_path / "boards"
    boards.mkdir()
    (boards / "board.toml").write_text('title = "B"\n[[charts]]\nid = "c"\ndataset = "readings"\nx = "day"\n'
                                       'y = ["value"]\n', encoding="utf-8")
    client = create_app({"TESTING": True, "DATA_DIR": str(data_dir), "DASHBOARD_DIRS": [str(boards)]}).test_client()
    assert client.open("/d/board/c", method="OPTIONS").status_code == 200
    (data_dir / "readings.csv").unlink()
    response, got = client.open("/d/board/c", method="OPTIONS"), client.get("/d/board/c")
    assert got.status_code == 404 and b"readings" in got.get_data()
    assert response.status_code == 404 and response.get_data() == got.get_data()


def test_the_append_form_of_a_data_folder_file_lists_post_which_answers_a_409_saying_why(data_dir):
    # The form takes a POST: for a file the site only reads, that POST is a 409 saying what to do
    # instead (as its GET is), not a 405, so its Allow names POST as any append form's does.
    (data_dir / "readings.csv").write_text("day,value\n2024-01-01,1\n", encoding="utf-8")
    client = writable_app(data_dir).test_client()
    assert client.open("/datasets/readings/append", method="OPTIONS").headers["Allow"] == "GET, HEAD, POST, OPTIONS"
    posted = client.post("/datasets/readings/append", data={"csrf_token": csrf_at(client, "/upload"),
                                                            "token": WRITE_TOKEN, "rows": "day,value\n2024-01-02,2\n"})
    for response in (client.get("/datasets/readings/append"), posted):
        assert response.status_code == 409
        assert "is the file readings.csv in the data folder, which the site only reads" in response.get_data(as_text=True)
    assert client.get("/datasets/readings.json").get_json()["rows"] == [["2024-01-01", 1]]


def test_options_star_names_the_methods_the_server_takes_with_no_body(client):
    # `OPTIONS *` asks about the server, not a URL (RFC 9110, 9.3.7); `/*` is a URL, which none is.
    response = client.open("*", method="OPTIONS")
    assert response.status_code == 200 and response.get_data() == b""
    assert response.headers["Allow"] == "GET, HEAD, POST, DELETE, OPTIONS"
    assert "Content-Type" not in response.headers
    assert client.open("/*", method="OPTIONS").status_code == 404


@pytest.mark.parametrize("method", ["GET", "HEAD", "POST"])
def test_star_with_any_other_method_is_a_400_saying_it_is_for_options_only(client, method):
    # Only a server-wide OPTIONS uses the request target * (RFC 9112, 3.2.4): no page's 404.
    response = client.open("*", method=method)
    assert response.status_code == 400
    if method != "HEAD":
        assert f"{method} * asks for no URL: * is a request target for OPTIONS only" in response.get_data(as_text=True)
    assert client.open("/*", method=method).status_code in (404, 405)  # a URL, which none is
