"""A `.png` chart URL's error image is a PNG of the drawing an `.svg` URL answers (e-mail clients show
no SVG): the chart's size at its scale, light for theme=auto, with the status and headers as before."""
from __future__ import annotations

import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from app import create_app
from plots import error_png
from plots.errors import ERROR_COLOURS
from tests.error_image_text import error_png as opened
from tests.source_data import sources_toml

PIE = "kind must be one of line, bar, barh, scatter, area, hist, box; got 'pie'"


def rgb(colour: str) -> tuple[int, int, int]:
    """`#rrggbb` as a triple."""
    return tuple(int(colour[i:i + 2], 16) for i in (1, 3, 5))


@pytest.mark.parametrize(("url", "status", "size", "said"), [
    ("/plot/weather.png?kind=pie", 400, (640, 360), PIE),
    ("/plot/weather.png?kind=pie&width=300&height=200&scale=2", 400, (600, 400), PIE),
    ("/plot/weather.png?kind=pie&scale=3&width=200&height=100", 400, (600, 300), PIE),
    ("/plot/weather.png?scale=9&width=200&height=100", 400, (200, 100), "scale must be between 1 and 3"),
    ("/plot/nope.png?scale=2", 404, (1280, 720), "no dataset 'nope'"),
    ("/d/animals/bears.png?kind=pie", 400, (640, 360), PIE),
])
def test_a_png_charts_refusal_is_a_png_of_its_size_at_its_scale(client, url, status, size, said):
    response = client.get(url)
    assert response.status_code == status
    assert response.headers["Content-Type"] == "image/png"
    assert response.headers["Cache-Control"] == "no-store"
    assert "X-Chart-Error" not in response.headers
    image = opened(response.data)
    assert image.size == size
    assert image.text["Chart-Error"] == str(status)
    assert said in image.text["Title"] and image.text["Title"].startswith(f"{status} ")


def test_errors_image_answers_a_png_urls_refusal_as_a_200_png(client):
    response = client.get("/plot/weather.png?kind=pie&errors=image&scale=2")
    assert response.status_code == 200
    assert response.headers["Content-Type"] == "image/png"
    assert response.headers["Cache-Control"] == "no-store"
    assert response.headers["X-Chart-Error"] == f"400 {PIE}"
    assert "X-Chart-Error" in response.headers["Access-Control-Expose-Headers"]
    assert opened(response.data).size == (1280, 720)


def test_a_head_of_a_png_charts_refusal_answers_as_its_get(client):
    got, head = client.get("/plot/weather.png?kind=pie"), client.head("/plot/weather.png?kind=pie")
    assert head.status_code == got.status_code == 400
    assert head.headers["Content-Type"] == "image/png"
    assert head.headers["Content-Length"] == str(len(got.data)) and head.data == b""


@pytest.mark.parametrize(("theme", "drawn"), [("auto", "light"), ("light", "light"), ("dark", "dark")])
def test_a_png_error_is_drawn_in_the_theme_a_png_chart_is(client, theme, drawn):
    image = opened(client.get(f"/plot/weather.png?kind=pie&theme={theme}").data)
    colours = ERROR_COLOURS[drawn]
    assert image.getpixel((0, 0)) == rgb(colours.stroke)
    assert image.getpixel((320, 300)) == rgb(colours.fill)


def test_a_png_error_draws_its_heading_and_message_in_ink():
    image = opened(error_png(400, "Bad Request", PIE, 640, 360, "light", 2))
    ink = rgb(ERROR_COLOURS["light"].ink)
    rows_inked = [y for y in range(image.height) if ink in {image.getpixel((x, y)) for x in range(0, 1280, 2)}]
    # The heading's and the one message line's rows, in the top third: what the SVG lays out there.
    assert rows_inked and min(rows_inked) > 20 and max(rows_inked) < 160


def test_a_pdf_charts_refusal_stays_plain_text(client):
    response = client.get("/plot/weather.pdf?kind=pie&errors=image")
    assert response.status_code == 400
    assert response.headers["Content-Type"].startswith("text/plain")


def test_a_dashboard_charts_503_over_a_source_out_of_reach_is_a_png_of_its_size(tmp_path: Path, closing):
    sources = sources_toml(tmp_path / "sources.toml", {"shop": {"url": f"sqlite:///{tmp_path / 'shop.db'}"}},
                           {"orders": {"source": "shop", "table": "orders"}})
    boards = tmp_path / "boards"
    boards.mkdir()
    (boards / "shop.toml").write_text('[[charts]]\nid = "c"\ndataset = "orders"\nwidth = 500\nheight = 200\n', "utf-8")
    (tmp_path / "data").mkdir()
    app = closing(create_app({"TESTING": True, "DATA_DIR": str(tmp_path / "data"), "SOURCES": str(sources),
                              "RENDER_WORKERS": 0, "DASHBOARD_DIRS": [str(boards)]}))
    client = app.test_client()
    svg = ET.fromstring(client.get("/d/shop/c.svg").data)
    response = client.get("/d/shop/c.png?scale=2")
    assert response.status_code == 503
    assert response.headers["Content-Type"] == "image/png"
    image = opened(response.data)
    # The size the SVG error of the same chart has, at the URL's scale.
    assert image.size == (2 * int(svg.get("width")), 2 * int(svg.get("height")))
    assert image.text["Chart-Error"] == "503" and image.text["Title"].startswith("503 Service Unavailable: ")
    shown = client.get("/d/shop/c.png?errors=image")
    assert shown.status_code == 200 and shown.headers["X-Chart-Error"].startswith("503 ")
    assert opened(shown.data).size == (int(svg.get("width")), int(svg.get("height")))
