"""Length limits count a text's characters in Unicode's composed form (NFC), as it looks: "é" written
as "e" and the combining accent U+0301 counts one, as U+00E9 does, in a chart's title and labels, a
dataset's title and a column's name. The forms' title fields hold no limit of their own (a browser's
counts UTF-16 units, two for an emoji): the server's refusal says what is allowed."""
from __future__ import annotations

import html
import io
import re
from urllib.parse import quote

import pytest

from tests.conftest import CSV_WRITE, WRITE_TOKEN, csrf_at, writable_app

DECOMPOSED = "e\u0301"  # é as "e" and a combining accent: two code points, one character composed


@pytest.fixture
def client(tmp_path):
    return writable_app(tmp_path).test_client()


def test_a_chart_title_counts_its_characters_composed(client):
    assert client.get(f"/plot/weather.json?title={quote(DECOMPOSED * 150)}").status_code == 200
    assert client.get(f"/plot/weather.json?title={quote(DECOMPOSED * 200)}&xlabel={quote(DECOMPOSED * 100)}"
                      ).status_code == 200
    refused = client.get(f"/plot/weather.json?title={quote(DECOMPOSED * 201)}")
    assert refused.status_code == 400
    assert refused.get_json()["error"] == "title must be at most 200 characters, got 201"


def test_a_dataset_title_and_a_column_name_count_their_characters_composed(client):
    name = DECOMPOSED * 120
    created = client.post(f"/api/datasets?name=accents&title={quote(DECOMPOSED * 150)}",
                          data=f"d,{name}\n1,2\n".encode(), headers=CSV_WRITE)
    assert created.status_code == 201, created.get_data(as_text=True)
    dataset = created.get_json()["dataset"]
    assert [column["name"] for column in dataset["columns"]] == ["d", name] and dataset["title"] == DECOMPOSED * 150
    refused = client.post(f"/api/datasets?name=longer&title={quote(DECOMPOSED * 201)}", data=b"d,v\n1,2\n",
                          headers=CSV_WRITE)
    assert refused.status_code == 400 and "title must be at most 200 characters, got 201" in refused.get_json()["error"]
    refused = client.post("/api/datasets?name=longer", data=f"d,{DECOMPOSED * 201}\n1,2\n".encode(), headers=CSV_WRITE)
    assert refused.status_code == 400 and "has a name of 201 characters" in refused.get_json()["error"]


def title_fields(page: str) -> list[str]:
    return re.findall(r"<(?:input|textarea) name=\"title\"[^>]*>", page)


def test_the_forms_title_fields_refuse_nothing_the_server_takes(client):
    # 150 emoji are 150 characters, but 300 UTF-16 units, which a maxlength of 200 would stop at.
    emoji = "\U0001f600" * 150
    chart = client.get(f"/d/stations/temperature?title={quote(emoji)}")
    assert chart.status_code == 200
    [field] = title_fields(chart.get_data(as_text=True))
    assert "maxlength" not in field and html.unescape(field).count("\U0001f600") == 150
    [field] = title_fields(client.get("/upload").get_data(as_text=True))
    assert "maxlength" not in field
    form = {"csrf_token": csrf_at(client, "/upload"), "token": WRITE_TOKEN, "name": "smiles", "title": emoji,
            "file": (io.BytesIO(b"d,v\n1,2\n"), "smiles.csv")}
    assert client.post("/upload", data=form).status_code in (302, 303)


def test_a_chart_page_refusing_another_field_keeps_a_composed_title_whole(client):
    page = client.get(f"/d/stations/temperature?title={quote(DECOMPOSED * 150)}&ymin=abc")
    assert page.status_code == 400
    [field] = title_fields(html.unescape(page.get_data(as_text=True)))
    assert f'value="{DECOMPOSED * 150}"' in field
