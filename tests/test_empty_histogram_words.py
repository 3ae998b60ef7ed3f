"""A histogram whose rows hold no value is described as every kind of chart is: its rows counted,
and no values to draw. Its bins count values, so its frame keeps none of those rows; before, its
alt text and note said "0 rows. No rows to draw." of three rows."""
from __future__ import annotations

import xml.etree.ElementTree as ET

import pandas as pd
import pytest

from plots import KINDS
from tests.conftest import CSV_WRITE, writable_app
from tests.source_data import sources_toml, write_sqlite

SVG = "{http://www.w3.org/2000/svg}"
# A y of no values between columns that hold some.
ROWS = [(1, None, 5), (2, None, 6), (3, None, 7)]


@pytest.fixture
def app(data_dir):
    return writable_app(data_dir)


def described(response) -> tuple[str, list[str]]:
    """The chart's alt text (its desc) and the texts it draws."""
    assert response.status_code == 200, response.data[:300]
    svg = ET.fromstring(response.data)
    return svg.find(f"{SVG}desc").text, [text.text for text in svg.iter(f"{SVG}text")]


@pytest.mark.parametrize("kind", KINDS)
def test_a_chart_of_a_column_without_values_counts_its_rows_whatever_the_kind(client, kind):
    csv = "x,y,z\n" + "".join(f"{x},,{z}\n" for x, _, z in ROWS)
    assert client.post("/api/datasets?name=holes", data=csv, headers=CSV_WRITE).status_code == 201
    desc, texts = described(client.get(f"/plot/holes.svg?kind={kind}&y=y"))
    assert desc.endswith(", 3 rows. No values to draw."), desc
    assert "No values to draw" in texts


@pytest.fixture(scope="module")
def holes_source(tmp_path_factory):
    """A sources file whose dataset 'holes' is an SQLite table of ROWS."""
    folder = tmp_path_factory.mktemp("holes-source")
    readings = pd.DataFrame(ROWS, columns=["x", "y", "z"], dtype=float)
    url = write_sqlite(folder / "shop.db", {"readings": readings})
    return sources_toml(folder / "sources.toml", {"shop": {"url": url}}, {"holes": {"source": "shop", "table": "readings"}})


@pytest.mark.parametrize("kind", ["hist", "box", "line"])
def test_a_source_s_histogram_of_a_column_without_values_counts_its_rows_too(data_dir, holes_source, closing, kind):
    client = closing(writable_app(data_dir, SOURCES=str(holes_source))).test_client()
    desc, texts = described(client.get(f"/plot/holes.svg?kind={kind}&y=y"))
    assert desc.endswith(", 3 rows. No values to draw."), desc
    assert "No values to draw" in texts
