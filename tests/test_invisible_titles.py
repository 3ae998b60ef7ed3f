"""A title of nothing but characters that draw as nothing (a zero width space, a joiner) is a blank
one: a dataset's falls back to one made from its name, as a blank one does; a sources file's or a
dashboard file's, which may not be blank, is refused."""
from __future__ import annotations

import io
import re
from html import unescape

import pytest

from app import DashboardError, SourceConfigError, create_app
from app.store import load_sources
from tests.conftest import CSV_WRITE, WRITE_TOKEN, csrf_at, writable_app

AUTH = {"Authorization": f"Bearer {WRITE_TOKEN}"}
CSV = "date,temp\n2024-01-01,1\n2024-01-02,2\n"
# A zero width space; a zero width joiner and non-joiner; a word joiner and a soft hyphen; spaces around one.
INVISIBLE = ["\u200b", "\u200d\u200c", "\u2060\u00ad", " \u200b "]


@pytest.fixture
def app(data_dir):
    return writable_app(data_dir)


def shown(client, name: str) -> dict[str, str]:
    """What the site shows as a dataset's title: its API record, its page's <title> and <h1>, its
    index card's title, and its small chart's alt text with its page's first chart's."""
    page = client.get(f"/datasets/{name}").get_data(as_text=True)
    index = client.get("/").get_data(as_text=True)
    card = re.search(rf'href="/datasets/{name}"[^>]*>\s*<span class="card-title"[^>]*>(.*?)</span>\s*<img[^>]* alt="([^"]*)"',
                     index)
    return {"api": client.get(f"/api/datasets/{name}").get_json()["dataset"]["title"],
            "title": unescape(re.search(r"<title>(.*?)</title>", page, re.S)[1]),
            "h1": unescape(re.search(r"<h1[^>]*>(.*?)</h1>", page, re.S)[1]).strip(),
            "card": unescape(card[1]).strip(), "alt": unescape(card[2]),
            "chart": unescape(re.search(r'<img[^>]* alt="([^"]*)"', page)[1])}


@pytest.mark.parametrize("title", INVISIBLE)
def test_an_api_create_with_a_title_of_only_invisible_characters_takes_one_made_from_the_name(client, title):
    response = client.post("/api/datasets", headers=AUTH, data={
        "name": "daily-temps", "title": title, "file": (io.BytesIO(CSV.encode()), "t.csv")})
    assert response.status_code == 201, response.get_json()
    assert response.get_json()["dataset"]["title"] == "Daily temps"
    seen = shown(client, "daily-temps")
    assert seen["api"] == seen["h1"] == seen["card"] == "Daily temps"
    assert seen["title"].startswith("Daily temps · ")
    assert seen["alt"] == seen["chart"]  # the words of the chart it shows: the card's title says its own


@pytest.mark.parametrize("title", INVISIBLE)
def test_a_csv_body_create_with_a_title_of_only_invisible_characters_takes_one_made_from_the_name(client, title):
    response = client.post("/api/datasets", query_string={"name": "daily-temps", "title": title}, data=CSV,
                           headers=CSV_WRITE)
    assert response.status_code == 201, response.get_json()
    assert response.get_json()["dataset"]["title"] == "Daily temps"


def test_an_upload_with_a_title_of_only_invisible_characters_shows_as_one_left_blank(client, data_dir):
    def upload(name, title):
        return client.post("/upload", data={"csrf_token": csrf_at(client, "/upload"), "token": WRITE_TOKEN,
                                            "name": name, "title": title, "file": (io.BytesIO(CSV.encode()), "t.csv")})

    assert upload("daily-temps", "\u200b\u200d").status_code in (302, 303)
    assert upload("daily-temps-blank", "").status_code in (302, 303)
    invisible, blank = shown(client, "daily-temps"), shown(client, "daily-temps-blank")
    assert invisible["h1"] == "Daily temps" and blank["h1"] == "Daily temps blank"
    assert invisible["title"] == blank["title"].replace("Daily temps blank", "Daily temps")


def test_a_title_with_text_keeps_its_invisible_characters(client):
    # A joiner inside an emoji draws it: only a title with nothing else is blank.
    response = client.post("/api/datasets", query_string={"name": "team", "title": "Team \U0001f469\u200d\U0001f4bb"},
                           data=CSV, headers=CSV_WRITE)
    assert response.get_json()["dataset"]["title"] == "Team \U0001f469\u200d\U0001f4bb"


def test_a_sources_file_title_of_only_invisible_characters_is_refused_as_a_blank_one(tmp_path):
    path = tmp_path / "sources.toml"
    path.write_text('[sources.shop]\nurl = "sqlite:///shop.db"\n'
                    '[datasets.orders]\nsource = "shop"\ntable = "orders"\ntitle = "\\u200b"\n', encoding="utf-8")
    with pytest.raises(SourceConfigError) as raised:
        load_sources(path, environ={})
    assert "dataset 'orders': title must not be blank: it holds only spaces and characters that draw as nothing" \
        in str(raised.value)


@pytest.mark.parametrize(("text", "words"), [
    ('title = "\\u200b"\n', "board.toml: title must not be blank: it holds only characters that draw as nothing, "
                            "and it heads the page; leave it out to use 'Board'"),
    ('[[filters]]\ncolumn = "station"\nlabel = "\\u2060"\n',
     "board.toml: filter 1: label must not be blank: it holds only characters that draw as nothing, and it names "
     "the filter's field; leave it out to use 'station'"),
])
def test_a_dashboard_title_or_label_of_only_invisible_characters_is_refused_as_a_blank_one(tmp_path, text, words):
    folder = tmp_path / "boards"
    folder.mkdir()
    (folder / "board.toml").write_text(
        text + '[[charts]]\nid = "c"\ndataset = "stations"\ny = ["temperature_c"]\n', encoding="utf-8")
    with pytest.raises(DashboardError) as caught:
        create_app({"TESTING": True, "DASHBOARD_DIRS": [str(folder)]})
    assert words in str(caught.value)
