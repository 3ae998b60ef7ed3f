"""A 405 says in its body, as in its Allow header, which methods the URL takes, in the URL's own format."""
from __future__ import annotations

import pytest


@pytest.mark.parametrize(("method", "url", "allowed"), [
    ("POST", "/api/datasets/animals", "GET, HEAD, DELETE, OPTIONS"),
    ("PUT", "/api/datasets", "GET, HEAD, POST, OPTIONS"),
    ("GET", "/api/datasets/animals/rows", "POST, OPTIONS"),
])
def test_a_405_of_the_api_names_the_allowed_methods_in_its_json_error(client, method, url, allowed):
    response = client.open(url, method=method)
    assert response.status_code == 405 and response.headers["Allow"] == allowed
    body = response.get_json()
    assert (body["ok"], body["status"], body["title"]) == (False, 405, "Method Not Allowed")
    assert body["error"] == f"{method} {url} is not allowed; allowed: {allowed}"


def test_a_405_of_a_page_names_the_allowed_methods_in_its_html_error(client):
    response = client.delete("/datasets/animals")
    assert response.status_code == 405 and response.mimetype == "text/html"
    assert response.headers["Allow"] == "GET, HEAD, OPTIONS"
    assert "DELETE /datasets/animals is not allowed; allowed: GET, HEAD, OPTIONS" in response.get_data(as_text=True)


def test_a_405_of_a_chart_image_names_the_allowed_methods_in_the_image(client):
    response = client.post("/d/animals/all.svg")
    assert response.status_code == 405 and response.mimetype == "image/svg+xml"
    assert "POST /d/animals/all.svg is not allowed; allowed: GET, HEAD, OPTIONS" in response.get_data(as_text=True)
